#!/bin/sh
# The benchmark: anchor-batch-mcp against a TypeScript-SDK peer, side by side (see benchmarks/Bench.java).
# Needs a JDK 17+ and Node.js 18+ with npm. Options: -Drounds=N (default 15), -Dcalls=N (default 1000).
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
(cd benchmarks/peer && npm install --no-audit --no-fund --loglevel=error)
exec java "$@" -cp target/anchor-batch-mcp.jar benchmarks/Bench.java
