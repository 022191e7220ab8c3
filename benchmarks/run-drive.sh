#!/bin/sh
# Driving a batch (benchmarks/DriveBench.java): one browse_batch_sessions over ten sessions against the
# simulated API with each screenshot delayed, beside the same ten browsed one call at a time, the
# server's peak RSS, the contact sheet alone, and a new process's first browse beside its second; then
# the contact sheet of ten heavy and ten light synthetic 1440x900 pages (ContactSheetTest's
# measurement). Needs only a JDK 17+.
# Options: -Drounds=N (default 10), -Ddelay=MS (default 600), -Dprocesses=N (default 10).
set -e
cd "$(dirname "$0")/.."
./mvnw -B -q package -DskipTests
java "-Dbench.command=benchmarks/run-drive.sh $*" "$@" -cp target/anchor-batch-mcp.jar benchmarks/DriveBench.java
echo
echo "## The contact sheet of synthetic pages (ContactSheetTest, -Dpicture.measure=true)"
echo
./mvnw -B -q test -Dtest='ContactSheetTest#measure*' -Dpicture.measure=true -Dsurefire.failIfNoSpecifiedTests=false \
  | grep "contact sheet of ten"
