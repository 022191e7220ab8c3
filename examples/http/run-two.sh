#!/bin/sh
# Two anchor-batch-mcp --http instances (demo mode) behind nginx (examples/http/nginx.conf), and a
# client (curl, raw JSON-RPC) against the proxy: a 2026-07-28 client and an initialize-era one,
# each request answered by whichever instance round-robin picks. Prints which instance answered
# each request (from the instances' access lines), shows a progress stream passing the proxy, and
# stops one instance to show the proxy leaving it out. Stops everything on exit; exits non-zero if
# any request did not get the answer it should.
#
# Needs: target/anchor-batch-mcp.jar (./mvnw -B package -DskipTests), java 17+, nginx, curl.
# The ports are the ones in nginx.conf (listen, and the upstream's two servers).
set -u

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
jar=$root/target/anchor-batch-mcp.jar
conf=$here/nginx.conf
java=${JAVA_HOME:+$JAVA_HOME/bin/}java

if [ ! -f "$jar" ]; then
  echo "run-two.sh: $jar is missing; build it first with: ./mvnw -B package -DskipTests" >&2
  exit 2
fi
for tool in nginx curl "$java"; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "run-two.sh: $tool is not installed (nginx: apt-get install nginx)" >&2
    exit 2
  fi
done

proxy_port=$(sed -n 's/^ *listen 127\.0\.0\.1:\([0-9]*\);.*/\1/p' "$conf" | head -n 1)
set -- $(sed -n 's/^ *server 127\.0\.0\.1:\([0-9]*\) .*/\1/p' "$conf")
port_a=$1 port_b=$2
for p in "$proxy_port" "$port_a" "$port_b"; do
  if curl -s -o /dev/null --max-time 2 "http://127.0.0.1:$p/"; then
    echo "run-two.sh: port $p is already in use" >&2
    exit 2
  fi
done

tmp=$(mktemp -d "${TMPDIR:-/tmp}/anchor-mcp-proxy.XXXXXX")
mkdir -p "$tmp/logs" "$tmp/temp"
chmod 755 "$tmp" # nginx started as root runs its worker as another user
token=demo-$(od -An -N12 -tx1 /dev/urandom | tr -d ' \n')
pid_a= pid_b= pid_nginx=

stop() {
  for p in $pid_nginx $pid_a $pid_b; do
    kill -TERM "$p" 2>/dev/null
  done
  for p in $pid_nginx $pid_a $pid_b; do
    wait "$p" 2>/dev/null
  done
  rm -rf "$tmp"
}
trap 'rc=$?; stop; exit $rc' EXIT
trap 'exit 130' INT TERM

start_instance() { # port log
  ANCHOR_MCP_HTTP_TOKEN=$token "$java" -jar "$jar" --http "127.0.0.1:$1" --demo </dev/null 2>"$2" &
}
start_instance "$port_a" "$tmp/a.log"; pid_a=$!
start_instance "$port_b" "$tmp/b.log"; pid_b=$!
for log in "$tmp/a.log" "$tmp/b.log"; do
  i=0
  until grep -q '^listening on ' "$log" 2>/dev/null; do
    i=$((i + 1))
    if [ $i -gt 300 ]; then echo "run-two.sh: an instance did not start:" >&2; cat "$log" >&2; exit 1; fi
    sleep 0.1
  done
  echo "instance $(grep '^listening on ' "$log")"
done
nginx -p "$tmp/" -c "$conf" -e "$tmp/logs/error.log" &
pid_nginx=$!
i=0
until curl -s -o /dev/null "http://127.0.0.1:$proxy_port/healthz"; do
  i=$((i + 1))
  if [ $i -gt 100 ]; then echo "run-two.sh: nginx did not start:" >&2; cat "$tmp/logs/error.log" >&2; exit 1; fi
  sleep 0.1
done
url=http://127.0.0.1:$proxy_port/mcp
echo "nginx on $url, round-robin over 127.0.0.1:$port_a (A) and 127.0.0.1:$port_b (B)"

failures=0
lines() { grep -c '^http POST /mcp' "$1"; }

# The instance whose access log gained a line since $before_a/$before_b (the line comes just after the response).
answered_by() {
  i=0
  while [ $i -lt 50 ]; do
    a=$(lines "$tmp/a.log") b=$(lines "$tmp/b.log")
    if [ "$a" -gt "$before_a" ]; then echo "A: $(grep '^http POST /mcp' "$tmp/a.log" | tail -n 1)"; return; fi
    if [ "$b" -gt "$before_b" ]; then echo "B: $(grep '^http POST /mcp' "$tmp/b.log" | tail -n 1)"; return; fi
    i=$((i + 1))
    sleep 0.1
  done
  echo "no instance logged it"
}

# post LABEL EXPECTED_STATUS EXPECTED_TEXT BODY [curl args...]: one request through the proxy.
post() {
  label=$1 want_status=$2 want_text=$3 body=$4
  shift 4
  before_a=$(lines "$tmp/a.log") before_b=$(lines "$tmp/b.log")
  status=$(curl -sS -o "$tmp/body" -w '%{http_code}' --max-time 60 "$url" \
    -H 'Content-Type: application/json' -H 'Accept: application/json, text/event-stream' \
    "$@" --data-binary "$body") || status=000
  who=$(answered_by)
  if [ "$status" = "$want_status" ] && { [ -z "$want_text" ] || grep -q -- "$want_text" "$tmp/body"; } \
    && ! grep -q '"isError":true' "$tmp/body"; then
    verdict=ok
  else
    verdict=FAILED failures=$((failures + 1))
  fi
  printf '%-6s %-44s %s  %s\n' "$verdict" "$label" "$status" "$who"
  if [ $verdict = FAILED ]; then sed 's/^/         body: /' "$tmp/body" | head -c 2000; echo; fi
}

auth="Authorization: Bearer $token"
members='"io.modelcontextprotocol/protocolVersion":"2026-07-28","io.modelcontextprotocol/clientCapabilities":{},"io.modelcontextprotocol/clientInfo":{"name":"run-two.sh","version":"1"}'
envelope="\"_meta\":{$members}"
status_args='"name":"get_batch_session_status","arguments":{"batch_id":"22222222-2222-4222-8222-222222222222"}'
first_line_of_text() { # of the last result
  printf '  result text, first line: %s\n' "$(sed -n 's/.*"text":"\([^"\\]*\).*/\1/p' "$tmp/body" | head -n 1)"
}
modern() { # label method name body: a 2026-07-28 request, its headers as the spec asks
  post "$1" 200 '"result"' "$4" -H "$auth" -H 'MCP-Protocol-Version: 2026-07-28' -H "Mcp-Method: $2" \
    ${3:+-H "Mcp-Name: $3"}
}

echo
echo "2026-07-28 client (no session; every request carries its version in _meta):"
n=0
for round in 1 2; do
  n=$((n + 1))
  modern "server/discover" server/discover "" \
    "{\"jsonrpc\":\"2.0\",\"id\":$n,\"method\":\"server/discover\",\"params\":{$envelope}}"
  n=$((n + 1))
  modern "tools/list" tools/list "" \
    "{\"jsonrpc\":\"2.0\",\"id\":$n,\"method\":\"tools/list\",\"params\":{$envelope}}"
  n=$((n + 1))
  modern "tools/call get_batch_session_status" tools/call get_batch_session_status \
    "{\"jsonrpc\":\"2.0\",\"id\":$n,\"method\":\"tools/call\",\"params\":{$status_args,$envelope}}"
done
first_line_of_text

echo
echo "initialize-era client (initialize on one instance, its calls on either; no Mcp-Session-Id):"
for round in 1 2; do
  n=$((n + 1))
  post "initialize" 200 '"protocolVersion":"2025-06-18"' \
    "{\"jsonrpc\":\"2.0\",\"id\":$n,\"method\":\"initialize\",\"params\":{\"protocolVersion\":\"2025-06-18\",\"capabilities\":{},\"clientInfo\":{\"name\":\"run-two.sh\",\"version\":\"1\"}}}" \
    -H "$auth"
  post "notifications/initialized" 202 '' '{"jsonrpc":"2.0","method":"notifications/initialized"}' \
    -H "$auth" -H 'MCP-Protocol-Version: 2025-06-18'
  n=$((n + 1))
  post "tools/call get_batch_session_status" 200 '"structuredContent"' \
    "{\"jsonrpc\":\"2.0\",\"id\":$n,\"method\":\"tools/call\",\"params\":{$status_args}}" \
    -H "$auth" -H 'MCP-Protocol-Version: 2025-06-18'
done
first_line_of_text

echo
echo "Checks the instances make, through the proxy:"
post "no token: 401" 401 'Unauthorized' \
  "{\"jsonrpc\":\"2.0\",\"id\":90,\"method\":\"tools/list\",\"params\":{$envelope}}" \
  -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/list'
post "foreign Origin: 403" 403 'Origin not allowed' \
  "{\"jsonrpc\":\"2.0\",\"id\":91,\"method\":\"tools/list\",\"params\":{$envelope}}" \
  -H "$auth" -H 'Origin: https://evil.example' -H 'MCP-Protocol-Version: 2026-07-28' -H 'Mcp-Method: tools/list'
foreign=$(curl -s -o /dev/null -w '%{http_code}' "$url" -H 'Host: evil.example' -H "$auth" -d '{}')
if [ "$foreign" = 421 ]; then verdict=ok; else verdict=FAILED failures=$((failures + 1)); fi
printf '%-6s %-44s %s  %s\n' "$verdict" "foreign Host: 421 from nginx itself" "$foreign" "(not passed on)"

echo
echo "Progress through the proxy (wait_for_batch_sessions with a progressToken: an SSE stream; seconds since the call):"
start=$(date +%s)
before_a=$(lines "$tmp/a.log") before_b=$(lines "$tmp/b.log")
curl -sS -N --max-time 60 "$url" -H "$auth" -H 'Content-Type: application/json' \
  -H 'Accept: application/json, text/event-stream' -H 'MCP-Protocol-Version: 2026-07-28' \
  -H 'Mcp-Method: tools/call' -H 'Mcp-Name: wait_for_batch_sessions' \
  --data-binary "{\"jsonrpc\":\"2.0\",\"id\":99,\"method\":\"tools/call\",\"params\":{\"name\":\"wait_for_batch_sessions\",\"arguments\":{\"batch_id\":\"11111111-1111-4111-8111-111111111111\",\"min_ready\":5},\"_meta\":{$members,\"progressToken\":\"p1\"}}}" \
  | while IFS= read -r line; do
      case $line in
        data:*'"notifications/progress"'*) echo "  +$(($(date +%s) - start))s progress: $(printf '%s\n' "$line" | sed -n 's/.*"message":"\([^"]*\)".*/\1/p')" ;;
        data:*'"result"'*) echo "  +$(($(date +%s) - start))s result: $(printf '%s\n' "$line" | sed -n 's/.*"wait_ended":"\([^"]*\)".*/wait_ended=\1/p')"
                       printf '%s\n' "$line" >"$tmp/sse-result" ;;
      esac
    done
if grep -q '"wait_ended":"enough_ready"' "$tmp/sse-result" 2>/dev/null; then verdict=ok; else verdict=FAILED failures=$((failures + 1)); fi
printf '%-6s %-44s %s  %s\n' "$verdict" "tools/call wait_for_batch_sessions (SSE)" "" "$(answered_by)"

echo
echo "Instance B gets SIGTERM (drains, exits 0); the proxy sends everything to A:"
kill -TERM "$pid_b"
wait "$pid_b"
echo "  instance B exited with $?"
pid_b=
for id in 101 102 103; do
  modern "tools/call get_batch_session_status" tools/call get_batch_session_status \
    "{\"jsonrpc\":\"2.0\",\"id\":$id,\"method\":\"tools/call\",\"params\":{$status_args,$envelope}}"
done

echo
echo "nginx access log (upstream = the instance that answered):"
sed 's/^/  /' "$tmp/logs/access.log"
echo
if [ $failures -gt 0 ]; then
  echo "$failures request(s) FAILED"
  exit 1
fi
echo "all requests answered as expected"
