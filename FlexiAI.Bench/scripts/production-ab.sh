#!/bin/bash
# The default and the production gateway side by side, outside the load harness: one simulator, one Redis, the two
# gateways (production: a client key and request and token limits of 10^9 and 2x10^9 a minute), 10 s of warm-up each,
# then `wrk -t2 -c8 -d8s` against each, CPU per request from /proc. Options: IDLE=N more idle gateways on the same
# Redis; PROD2=1 a second production gateway leasing from the same key; HARNESS=1 the load harness's provider settings
# (an Anthropic-protocol provider second on the default route, a translate route, an embeddings model); GAP=S seconds
# of idleness before each measured run (the harness leaves a gateway idle while the other rows run). Needs redis-server and wrk, and a Release build:
#   dotnet build -c Release FlexiAI.Bench && FlexiAI.Bench/scripts/production-ab.sh
source "$(dirname "$0")/side-by-side.sh"
if [ -n "${HARNESS:-}" ]; then
  COMMON+=(--FlexiAI:Providers:0:EmbeddingModel=text-embedding-3-small --FlexiAI:Providers:1:Name=sim-anthropic
    --FlexiAI:Providers:1:Kind=Anthropic --FlexiAI:Providers:1:Model=claude-sonnet-4-5 --FlexiAI:Providers:1:Priority=200
    --FlexiAI:Providers:1:Endpoint=http://127.0.0.1:5901/sim-anthropic --FlexiAI:Routes:translate:0=sim-anthropic)
fi
dotnet_in_place "$API" --urls http://127.0.0.1:5902 "${COMMON[@]}" --FlexiAI:ReplicaId=default >"$WORK/default.log" 2>&1 & DEFAULT=$!; PIDS+=($DEFAULT)
dotnet_in_place "$API" --urls http://127.0.0.1:5903 "${COMMON[@]}" "${PRODUCTION[@]}" --FlexiAI:ReplicaId=production >"$WORK/production.log" 2>&1 & PROD=$!; PIDS+=($PROD)
for i in $(seq 1 "${IDLE:-0}"); do
  dotnet_in_place "$API" --urls http://127.0.0.1:$((5910 + i)) "${COMMON[@]}" --FlexiAI:ReplicaId=idle$i >/dev/null 2>&1 & PIDS+=($!)
done
if [ -n "${PROD2:-}" ]; then
  dotnet_in_place "$API" --urls http://127.0.0.1:5904 "${COMMON[@]}" "${PRODUCTION[@]}" --FlexiAI:ReplicaId=production-2 >/dev/null 2>&1 & PIDS+=($!)
fi
sleep 8
if [ -n "${PROD2:-}" ]; then wrk -t2 -c8 -d3s -s "$WORK/production.lua" http://127.0.0.1:5904/v1/chat/completions >/dev/null; fi
for _ in 1 2; do
  wrk -t2 -c8 -d5s -s "$WORK/default.lua" http://127.0.0.1:5902/v1/chat/completions >/dev/null
  wrk -t2 -c8 -d5s -s "$WORK/production.lua" http://127.0.0.1:5903/v1/chat/completions >/dev/null
done
for row in "default $DEFAULT 5902" "production $PROD 5903"; do
  set -- $row
  sleep "${GAP:-0}"
  measure "$1" "$2" "http://127.0.0.1:$3/v1/chat/completions" "$WORK/$1.lua"
done
