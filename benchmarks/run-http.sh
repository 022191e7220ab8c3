#!/bin/sh
# The HTTP benchmark (see benchmarks/HttpBench.java): anchor-batch-mcp --http, one instance and two
# behind nginx, beside the TypeScript SDK v2 peer over Streamable HTTP (benchmarks/peer-v2-http),
# one and two behind nginx, at 1, 16 and 64 concurrent clients against the simulated API; then stdio
# start-up of the current jar against the jar from the commit before the HTTP work, and the classes
# stdio loads. Needs a JDK 17+, Node.js 20+ with npm, and nginx on PATH (apt-get install nginx).
# Options: -Dseconds=N per level (default 3), -Dwarmup=N (default 8), -Drounds=N (default 2),
# -Dlevels=1,16,64, -Dstartups=N stdio rounds (default 15), -Dpart=http|stdio|both,
# -Dnginx.workers=N (default 1). PRE_HTTP_COMMIT overrides the "before" commit (default: the first
# parent of the merge of branch 'http'); its jar is built once in a temporary worktree and kept
# in target/http-bench/.
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
(cd benchmarks/peer-v2-http && npm install --no-audit --no-fund --loglevel=error)
pre=${PRE_HTTP_COMMIT:-$(git log --merges --grep="^Merge branch 'http'$" -1 --format=%H)^1}
pre=$(git rev-parse --short=7 "$pre")
mkdir -p target/http-bench
pre_jar=target/http-bench/pre-http-$pre.jar
if [ ! -f "$pre_jar" ]; then
  tmp=$(mktemp -d)/pre-http
  git worktree add --detach "$tmp" "$pre" >/dev/null
  (cd "$tmp" && ./mvnw -B -q package -DskipTests) && cp "$tmp/target/anchor-batch-mcp.jar" "$pre_jar"
  git worktree remove --force "$tmp"
fi
# The harness JVM (clients, simulated API, issuer) runs C1 only: C2 compiling its own code would take
# a core from the servers under test for the first minute.
exec java -XX:TieredStopAtLevel=1 "-Dbench.command=benchmarks/run-http.sh $*" "-Dpre.jar=$pre_jar" "$@" -cp target/anchor-batch-mcp.jar benchmarks/HttpBench.java
