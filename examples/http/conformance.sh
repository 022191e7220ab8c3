#!/bin/sh
# Runs the official MCP conformance suite against the Streamable HTTP endpoint (--http) with the
# simulated API (--demo), then prints one line per scenario and every check that did not pass.
# Not part of ./mvnw verify: the first run needs the npm registry, for Node 22 and the suite.
#
#   examples/http/conformance.sh                          # everything 2026-07-28 requires
#   examples/http/conformance.sh --scenario tools-list    # options given replace the --requirements
#   examples/http/conformance.sh --auth [options]         # the same, with the server an OAuth resource server
#
# "not testable" counts the suite's failures that need its own fixture tools (test_*), which
# this server does not have; prompts/resources/completions/tasks checks fail because it offers none.
#
# --auth: the suite (0.2.0-alpha.12) has no scenario that tests a resource server. Its auth/*
# scenarios are client scenarios (the suite plays the MCP server and its own authorization server,
# with opaque test tokens, and tests the client given by --command; the server under test is never
# contacted), and its two authorization-server scenarios test an authorization server. So --auth
# runs what applies to this deployment, with a real authorization server on loopback
# (mock-oauth2-server, from Maven Central; signed JWTs from a JWKS endpoint) as the issuer:
#   - the server with ANCHOR_MCP_OAUTH_ISSUER set to it; a request without a token must get 401
#     with the challenge, or the script stops;
#   - the suite's authorization-server-metadata-endpoint scenario against that issuer (what MCP
#     clients read there; authorization-code-grant needs a person at a browser, and this
#     authorization server, an OpenID Connect one, refuses its request, which has no scope);
#   - the suite's server scenarios (the options, or --requirements 2026-07-28) through a small proxy
#     that adds an access token for this resource (anchor:read anchor:write, from the client
#     credentials grant): the suite's server runner cannot send credentials itself.
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

AUTH=
if [ "${1:-}" = --auth ]; then
    AUTH=1
    shift
fi
PIDS=
trap 'for p in $PIDS; do { kill "$p" && wait "$p"; } 2>/dev/null || true; done' EXIT # stop each, and wait till it ended
trap 'exit 1' HUP INT PIPE TERM # (on these too: exit runs the EXIT trap)
free_port() { "$NODE" -e 's=require("net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'; }

if [ -n "$AUTH" ]; then
    # mock-oauth2-server's classpath, once (Maven Central), and its configuration: one issuer,
    # "team", whose access tokens name the resource the client asked for (RFC 8707) in aud, carry
    # the scopes asked for, and the client as sub and client_id.
    mkdir -p "$DIR/as"
    if [ ! -s "$DIR/as/classpath.txt" ]; then
        cat >"$DIR/as/pom.xml" <<'EOF'
<project xmlns="http://maven.apache.org/POM/4.0.0">
  <modelVersion>4.0.0</modelVersion>
  <groupId>local.conformance</groupId>
  <artifactId>authorization-server</artifactId>
  <version>0</version>
  <packaging>pom</packaging>
  <dependencies>
    <dependency>
      <groupId>no.nav.security</groupId>
      <artifactId>mock-oauth2-server</artifactId>
      <version>2.2.1</version>
    </dependency>
  </dependencies>
</project>
EOF
        ./mvnw -B -q -f "$DIR/as/pom.xml" dependency:build-classpath -Dmdep.includeScope=runtime \
            -Dmdep.outputFile=classpath.txt
    fi
    cat >"$DIR/as/config.json" <<'EOF'
{
  "interactiveLogin": false,
  "httpServer": "NettyWrapper",
  "tokenCallbacks": [
    {
      "issuerId": "team",
      "tokenExpiry": 3600,
      "requestMappings": [
        {
          "requestParam": "grant_type",
          "match": "client_credentials",
          "claims": { "sub": "${clientId}", "client_id": "${clientId}", "aud": ["${resource}"], "scope": "${scope}" }
        }
      ]
    }
  ]
}
EOF
    AS_PORT=$(free_port)
    ISSUER=http://127.0.0.1:$AS_PORT/team
    SERVER_HOSTNAME=127.0.0.1 SERVER_PORT=$AS_PORT JSON_CONFIG_PATH=$DIR/as/config.json \
        java -cp "$(cat "$DIR/as/classpath.txt")" no.nav.security.mock.oauth2.StandaloneMockOAuth2ServerKt \
        <"/dev/null" >"$DIR/as/as.log" 2>&1 &
    PIDS="$PIDS $!"
    TRIES=0
    until curl -sf -o /dev/null "$ISSUER/.well-known/openid-configuration"; do
        TRIES=$((TRIES + 1))
        [ "$TRIES" -lt 30 ] || { cat "$DIR/as/as.log" >&2; echo "the authorization server did not start" >&2; exit 1; }
        sleep 1
    done
    export ANCHOR_MCP_OAUTH_ISSUER="$ISSUER" # the public URL is left to its default, the binding's /mcp
fi

# A copy of the jar, so that a rebuild meanwhile does not pull classes from under the server.
cp target/anchor-batch-mcp.jar "$DIR/server.jar"
java -jar "$DIR/server.jar" --http 127.0.0.1:0 --demo <"/dev/null" 2>"$DIR/server.log" &
PID=$!
PIDS="$PID $PIDS"
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
if [ -n "$AUTH" ]; then
    # OAuth is on: without a token, 401 and the challenge that sends a client to the metadata.
    CHALLENGE=$(curl -s -o /dev/null -D - -X POST -H 'Content-Type: application/json' -d '{}' "$URL" |
        tr -d '\r' | sed -n 's/^[Ww][Ww][Ww]-[Aa]uthenticate: //p')
    case "$CHALLENGE" in
    *resource_metadata=*) echo "without a token: 401, WWW-Authenticate: $CHALLENGE" ;;
    *) echo "OAuth is not on: a request without a token got no challenge" >&2; exit 1 ;;
    esac
    "$NODE" "$CLI" authorization --url "$ISSUER" --scenario authorization-server-metadata-endpoint \
        -o "$OUT" >"$OUT-issuer.txt" 2>&1 || true
    # An access token for this resource, as a CI agent gets one (client credentials).
    TOKEN=$(curl -s "$ISSUER/token" -d grant_type=client_credentials -d client_id=conformance \
        -d client_secret=conformance --data-urlencode "scope=anchor:read anchor:write" \
        --data-urlencode "resource=$URL" | "$NODE" -e \
        'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.parse(s).access_token||""))')
    [ -n "$TOKEN" ] || { echo "the authorization server gave no access token" >&2; exit 1; }
    # The proxy: every request and response passed on as they are (Host and Origin included, so the
    # server's own checks still apply), with the token added; a client that closes, closes upstream.
    rm -f "$DIR/proxy.port"
    "$NODE" - "$URL" "$DIR/proxy.port" <<'EOF' 3<<EOT &
const http = require('http'), fs = require('fs');
const [target, portFile] = process.argv.slice(2), up = new URL(target);
const token = fs.readFileSync(3, 'utf8').trim();
const proxy = http.createServer((req, res) => {
  const headers = { ...req.headers, authorization: 'Bearer ' + token };
  const out = http.request({ host: up.hostname, port: up.port, method: req.method, path: req.url, headers }, r => {
    res.writeHead(r.statusCode, r.headers);
    r.pipe(res);
  });
  out.on('error', e => { if (!res.headersSent) res.writeHead(502); res.end(); });
  res.on('close', () => out.destroy());
  req.pipe(out);
});
proxy.listen(0, '127.0.0.1', () => fs.writeFileSync(portFile, String(proxy.address().port)));
EOF
$TOKEN
EOT
    PIDS="$! $PIDS"
    TRIES=0
    until [ -s "$DIR/proxy.port" ]; do
        TRIES=$((TRIES + 1))
        [ "$TRIES" -lt 50 ] || { echo "the token proxy did not start" >&2; exit 1; }
        sleep 0.2
    done
    SUITE_URL=http://127.0.0.1:$(cat "$DIR/proxy.port")/mcp
else
    SUITE_URL=$URL
fi
"$NODE" "$CLI" server --url "$SUITE_URL" -o "$OUT" "$@" >"$OUT.txt" 2>&1 || true
[ -d "$OUT" ] || { cat "$OUT.txt" >&2; exit 1; }

# One line per scenario from its checks.json, then the checks that did not pass, with their message.
"$NODE" - "$OUT" <<'EOF'
const fs = require('fs'), path = require('path');
const dir = process.argv[2], notPassed = [];
console.log('scenario'.padEnd(46) + 'passed failed not-testable warning skipped info');
for (const d of fs.readdirSync(dir).sort()) {
  const file = path.join(dir, d, 'checks.json');
  if (!fs.existsSync(file)) continue;
  const name = d.replace(/^server-/, '').replace(/^authorization-server-/, 'issuer: ')
    .replace(/-\d{4}-\d\d-\d\dT.*$/, '');
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
if [ -n "$AUTH" ]; then # who the server saw: the token's sub on every request through the proxy
    SUBS=$(sed -n 's/^http POST \/mcp .* sub=\([^ ]*\).*/\1/p' "$DIR/server.log" | sort -u | tr '\n' ' ')
    echo "server log: $(grep -c '^http POST /mcp .* sub=' "$DIR/server.log") requests to /mcp with a valid token" \
        "(sub: ${SUBS% }), $(grep -c '^http POST /mcp .* 401 ' "$DIR/server.log") refused with 401"
fi
echo "suite output: $OUT.txt; per-check results: $OUT/; server log: $DIR/server.log"
