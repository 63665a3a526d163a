#!/bin/bash
# The default and the production gateway side by side, outside the load harness: one simulator, one Redis, the two
# gateways (production: a client key and request and token limits of 10^9 and 2x10^9 a minute), 10 s of warm-up each,
# then `wrk -t2 -c8 -d8s` against each, CPU per request from /proc. Options: IDLE=N more idle gateways on the same
# Redis; PROD2=1 a second production gateway leasing from the same key; HARNESS=1 the load harness's provider settings
# (an Anthropic-protocol provider second on the default route, a translate route, an embeddings model); GAP=S seconds
# of idleness before each measured run (the harness leaves a gateway idle while the other rows run). Needs redis-server and wrk, and a Release build:
#   dotnet build -c Release FlexiAI.Bench && FlexiAI.Bench/scripts/production-ab.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
SIM="$ROOT/FlexiAI.Simulator/bin/Release/net10.0/FlexiAI.Simulator.dll"
API="$ROOT/FlexiAI.Api/bin/Release/net10.0/FlexiAI.Api.dll"
KEY=bench-client-key-0123456789abcdef
export ASPNETCORE_ENVIRONMENT=Production
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; redis-cli -p 6391 shutdown nosave >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
redis-server --port 6391 --save "" --appendonly no --daemonize yes >/dev/null
dotnet "$SIM" --urls http://127.0.0.1:5901 --Logging:LogLevel:Default=Warning >"$WORK/sim.log" 2>&1 & PIDS+=($!)
COMMON=(--Logging:LogLevel:Default=Warning --FlexiAI:Providers:0:Name=sim-openai --FlexiAI:Providers:0:Kind=OpenAI
  --FlexiAI:Providers:0:Model=gpt-4o-mini --FlexiAI:Providers:0:Endpoint=http://127.0.0.1:5901/sim-openai/v1
  --ConnectionStrings:cache=127.0.0.1:6391)
if [ -n "${HARNESS:-}" ]; then
  COMMON+=(--FlexiAI:Providers:0:EmbeddingModel=text-embedding-3-small --FlexiAI:Providers:1:Name=sim-anthropic
    --FlexiAI:Providers:1:Kind=Anthropic --FlexiAI:Providers:1:Model=claude-sonnet-4-5 --FlexiAI:Providers:1:Priority=200
    --FlexiAI:Providers:1:Endpoint=http://127.0.0.1:5901/sim-anthropic --FlexiAI:Routes:translate:0=sim-anthropic)
fi
PRODUCTION=(--FlexiAI:Auth:ClientKeys:0=$KEY --FlexiAI:Auth:AdminKeys:0=bench-admin-key-0123456789abcdef
  --FlexiAI:RateLimit:RequestsPerMinute=1000000000 --FlexiAI:RateLimit:TokensPerMinute=2000000000)
dotnet "$API" --urls http://127.0.0.1:5902 "${COMMON[@]}" --FlexiAI:ReplicaId=default >"$WORK/default.log" 2>&1 & DEFAULT=$!; PIDS+=($DEFAULT)
dotnet "$API" --urls http://127.0.0.1:5903 "${COMMON[@]}" "${PRODUCTION[@]}" --FlexiAI:ReplicaId=production >"$WORK/production.log" 2>&1 & PROD=$!; PIDS+=($PROD)
for i in $(seq 1 "${IDLE:-0}"); do
  dotnet "$API" --urls http://127.0.0.1:$((5910 + i)) "${COMMON[@]}" --FlexiAI:ReplicaId=idle$i >/dev/null 2>&1 & PIDS+=($!)
done
if [ -n "${PROD2:-}" ]; then
  dotnet "$API" --urls http://127.0.0.1:5904 "${COMMON[@]}" "${PRODUCTION[@]}" --FlexiAI:ReplicaId=production-2 >/dev/null 2>&1 & PIDS+=($!)
fi
sleep 8
BODY='{"model":"default","messages":[{"role":"user","content":"Hello, how are you?"}]}'
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.body = %s\n' "'$BODY'" >"$WORK/default.lua"
printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Bearer %s"\nwrk.body = %s\n' "$KEY" "'$BODY'" >"$WORK/production.lua"
if [ -n "${PROD2:-}" ]; then wrk -t2 -c8 -d3s -s "$WORK/production.lua" http://127.0.0.1:5904/v1/chat/completions >/dev/null; fi
for _ in 1 2; do
  wrk -t2 -c8 -d5s -s "$WORK/default.lua" http://127.0.0.1:5902/v1/chat/completions >/dev/null
  wrk -t2 -c8 -d5s -s "$WORK/production.lua" http://127.0.0.1:5903/v1/chat/completions >/dev/null
done
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks=$(getconf CLK_TCK)
for row in "default $DEFAULT 5902" "production $PROD 5903"; do
  set -- $row
  sleep "${GAP:-0}"
  before=$(cpu_ticks "$2")
  out=$(wrk -t2 -c8 -d8s -s "$WORK/$1.lua" "http://127.0.0.1:$3/v1/chat/completions")
  after=$(cpu_ticks "$2")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$1: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s, $(( (after - before) * 1000000 / ticks / requests )) µs CPU per request"
done
