#!/bin/sh
# The benchmark: anchor-batch-mcp against two TypeScript-SDK peers (SDK v1, and SDK v2's dual-era
# serveStdio), side by side in both protocol eras, with a real SDK v2 client in automatic mode
# (see benchmarks/Bench.java). Needs a JDK 17+ and Node.js 20+ with npm.
# Options: -Drounds=N (default 15; -Drounds=3 for a quick check), -Dcalls=N (default 1000),
# -Dera=modern or -Dera=legacy to measure one era only (default: both), for a quicker before/after.
# A JDK 25 column is added when one is at $JDK25_HOME (default /usr/lib/jvm/temurin-25-jdk-amd64).
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
for dir in benchmarks/peer benchmarks/peer-v2 benchmarks/clients; do
  (cd "$dir" && npm install --no-audit --no-fund --loglevel=error)
done
exec java "-Dbench.command=benchmarks/run.sh $*" "$@" -cp target/anchor-batch-mcp.jar benchmarks/Bench.java
