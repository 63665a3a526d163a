#!/bin/bash
# Two variants of the production gateway (a client key, request and token limits of 10^9 and 2x10^9 a minute, breaker
# sync through Redis) and of YARP, side by side, in rounds: yarp, yarp-b, A, B. Variant B of each gets BENV (environment
# assignments, space-separated; {row} in them becomes the row's name) and the gateway's B also BARGS (more settings); APIA / APIB point at other builds of
# FlexiAI.Api.dll. 15 s of warm-up each, then ROUNDS (default 3) rounds of `wrk -t2 -c8 -d8s`; CPU per request from /proc.
# Examples (after `dotnet build -c Release FlexiAI.Bench`):
#   BENV="DOTNET_STARTUP_HOOKS=$PWD/FlexiAI.Bench.AllocationProfiler/bin/Release/net10.0/FlexiAI.Bench.AllocationProfiler.dll FLEXIAI_ALLOCATION_TICKS=/tmp/ticks-{row}" FlexiAI.Bench/scripts/ab.sh
#       what the allocation-tick listener costs each proxy
#   BENV="DOTNET_GCgen0size=0x1000000" ROUNDS=6 FlexiAI.Bench/scripts/ab.sh
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=$(mktemp -d)
SIM="$ROOT/FlexiAI.Simulator/bin/Release/net10.0/FlexiAI.Simulator.dll"
API=${APIA:-$ROOT/FlexiAI.Api/bin/Release/net10.0/FlexiAI.Api.dll}
APIB=${APIB:-$ROOT/FlexiAI.Api/bin/Release/net10.0/FlexiAI.Api.dll}
YARP="$ROOT/FlexiAI.Bench.ReferenceProxy/bin/Release/net10.0/FlexiAI.Bench.ReferenceProxy.dll"
export ASPNETCORE_ENVIRONMENT=Production
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; redis-cli -p 6391 shutdown nosave >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
redis-server --port 6391 --save "" --appendonly no --daemonize yes >/dev/null
dotnet "$SIM" --urls http://127.0.0.1:5901 --Logging:LogLevel:Default=Warning >/dev/null 2>&1 & PIDS+=($!)
KEY=bench-client-key-0123456789abcdef
COMMON=(--Logging:LogLevel:Default=Warning --FlexiAI:Providers:0:Name=sim-openai --FlexiAI:Providers:0:Kind=OpenAI
  --FlexiAI:Providers:0:Model=gpt-4o-mini --FlexiAI:Providers:0:Endpoint=http://127.0.0.1:5901/sim-openai/v1 --ConnectionStrings:cache=127.0.0.1:6391
  --FlexiAI:Auth:ClientKeys:0=$KEY --FlexiAI:Auth:AdminKeys:0=bench-admin-key-0123456789abcdef
  --FlexiAI:RateLimit:RequestsPerMinute=1000000000 --FlexiAI:RateLimit:TokensPerMinute=2000000000)
declare -A PID PORT MODEL
BENV=${BENV:-}
dotnet "$YARP" --urls http://127.0.0.1:5911 --Upstream=http://127.0.0.1:5901/sim-openai/ >/dev/null 2>&1 & PID[yarp]=$!; PIDS+=($!)
env ${BENV//\{row\}/yarp-b} dotnet "$YARP" --urls http://127.0.0.1:5912 --Upstream=http://127.0.0.1:5901/sim-openai/ >/dev/null 2>&1 & PID[yarp-b]=$!; PIDS+=($!)
dotnet "$API" --urls http://127.0.0.1:5913 "${COMMON[@]}" --FlexiAI:ReplicaId=a >/dev/null 2>&1 & PID[A]=$!; PIDS+=($!)
env ${BENV//\{row\}/b} dotnet "$APIB" --urls http://127.0.0.1:5914 "${COMMON[@]}" ${BARGS:-} --FlexiAI:ReplicaId=b >/dev/null 2>&1 & PID[B]=$!; PIDS+=($!)
PORT=([yarp]=5911 [yarp-b]=5912 [A]=5913 [B]=5914); MODEL=([yarp]=gpt-4o-mini [yarp-b]=gpt-4o-mini [A]=default [B]=default)
sleep 8
for m in gpt-4o-mini default; do
  printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\nwrk.headers["Authorization"] = "Bearer %s"\nwrk.body = %s\n' \
    "$KEY" "'{\"model\":\"$m\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, how are you?\"}]}'" >"$WORK/$m.lua"
done
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
ticks=$(getconf CLK_TCK)
ROWS=(yarp yarp-b A B)
for r in "${ROWS[@]}"; do wrk -t2 -c8 -d15s -s "$WORK/${MODEL[$r]}.lua" "http://127.0.0.1:${PORT[$r]}/v1/chat/completions" >/dev/null; done
for round in $(seq 1 "${ROUNDS:-3}"); do
  for r in "${ROWS[@]}"; do
    before=$(cpu_ticks "${PID[$r]}")
    out=$(wrk -t2 -c8 -d8s --latency -s "$WORK/${MODEL[$r]}.lua" "http://127.0.0.1:${PORT[$r]}/v1/chat/completions")
    after=$(cpu_ticks "${PID[$r]}")
    requests=$(echo "$out" | awk '/requests in/ {print $1}')
    echo "round $round $r: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s, p50 $(echo "$out" | awk '$1=="50%" {print $2}'), $(( (after - before) * 1000000 / ticks / requests )) µs CPU/req"
  done
done
