#!/bin/sh
# Runs the official MCP conformance suite against the Streamable HTTP endpoint (--http) with the
# simulated API (--demo), then prints one line per scenario and every check that did not pass.
# Not part of ./mvnw verify: the first run needs the npm registry, for Node 22 and the suite.
#
#   examples/http/conformance.sh                          # everything 2026-07-28 requires
#   examples/http/conformance.sh --scenario tools-list    # options given replace the --requirements
#
# "not testable" counts the suite's failures that need its own fixture tools (test_*), which
# this server does not have; prompts/resources/completions/tasks checks fail because it offers none.
set -eu
cd "$(dirname "$0")/../.."
DIR=target/conformance
SUITE=@modelcontextprotocol/conformance@0.2.0-alpha.12
case "$(uname -m)" in aarch64 | arm64) ARCH=arm64 ;; *) ARCH=x64 ;; esac
NODE=$DIR/node_modules/node-linux-$ARCH/bin/node
CLI=$DIR/node_modules/@modelcontextprotocol/conformance/dist/index.js

# Node 22 and the suite, once, into the git-ignored target/ (the system npm only downloads them).
if [ ! -x "$NODE" ] || [ ! -f "$CLI" ]; then
    mkdir -p "$DIR"
    npm install --prefix "$DIR" --no-audit --no-fund --loglevel=error "node-linux-$ARCH@22" "$SUITE"
fi
[ -f target/anchor-batch-mcp.jar ] || ./mvnw -B -q package -DskipTests

# A copy of the jar, so that a rebuild meanwhile does not pull classes from under the server.
cp target/anchor-batch-mcp.jar "$DIR/server.jar"
java -jar "$DIR/server.jar" --http 127.0.0.1:0 --demo <"/dev/null" 2>"$DIR/server.log" &
PID=$!
trap 'kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; true' EXIT # stop it, and wait till it ended
trap 'exit 1' HUP INT PIPE TERM # (on these too: exit runs the EXIT trap)
URL= TRIES=0
while [ -z "$URL" ] && [ "$TRIES" -lt 30 ]; do
    kill -0 "$PID" 2>/dev/null || { cat "$DIR/server.log" >&2; exit 1; }
    sleep 1
    TRIES=$((TRIES + 1))
    URL=$(sed -n 's/^listening on \(http:[^ ]*\)$/\1/p' "$DIR/server.log")
done
[ -n "$URL" ] || { echo "the server did not say where it listens" >&2; exit 1; }

# The suite exits non-zero when any check fails (some must: see above); its own output goes to a file.
OUT=$DIR/results-$(date +%Y%m%d-%H%M%S)
[ $# -gt 0 ] || set -- --requirements 2026-07-28
"$NODE" "$CLI" server --url "$URL" -o "$OUT" "$@" >"$OUT.txt" 2>&1 || true
[ -d "$OUT" ] || { cat "$OUT.txt" >&2; exit 1; }

# One line per scenario from its checks.json, then the checks that did not pass, with their message.
"$NODE" - "$OUT" <<'EOF'
const fs = require('fs'), path = require('path');
const dir = process.argv[2], notPassed = [];
console.log('scenario'.padEnd(46) + 'passed failed not-testable warning skipped info');
for (const d of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, d, 'checks.json');
  if (!fs.existsSync(file)) continue;
  const name = d.replace(/^server-/, '').replace(/-\d{4}-\d\d-\d\dT.*$/, '');
  const n = { SUCCESS: 0, FAILURE: 0, NOT_TESTABLE: 0, WARNING: 0, SKIPPED: 0, INFO: 0 };
  for (const c of JSON.parse(fs.readFileSync(file, 'utf8'))) {
    const msg = c.errorMessage || '';
    const status = c.status === 'FAILURE' && msg.startsWith('Not testable') ? 'NOT_TESTABLE' : c.status;
    n[status] = (n[status] || 0) + 1;
    if (status !== 'SUCCESS' && status !== 'SKIPPED' && status !== 'INFO')
      notPassed.push(`  ${name}: ${status} ${c.id}: ${msg.slice(0, 140)}`);
  }
  console.log(name.padEnd(46) + [n.SUCCESS, n.FAILURE, n.NOT_TESTABLE, n.WARNING, n.SKIPPED, n.INFO]
    .map((v, i) => String(v).padStart([6, 7, 13, 8, 8, 5][i])).join(''));
}
console.log('\nnot passed:\n' + notPassed.join('\n'));
EOF
sed -n "/^Total:/,\$p" "$OUT.txt" # the suite's own total, and the scenarios 2026-07-28 does not score
echo "suite output: $OUT.txt; per-check results: $OUT/; server log: $DIR/server.log"
