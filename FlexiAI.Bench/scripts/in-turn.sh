#!/bin/bash
# YARP, the default gateway and the production gateway (a client key, request and token limits of 10^9 and 2x10^9 a
# minute, breaker sync through Redis) measured in turn, round after round: issue 15's three targets (requests per
# second and CPU per request against YARP, p50 against the default gateway) with each process measured every ~25 s,
# where the load harness measures a one-row process once in each of its two-minute rounds. 15 s of warm-up each, then
# ROUNDS (default 5) rounds of `wrk -t2 -c8 -d8s`; CPU per request and RSS from /proc.
# Example (after `dotnet build -c Release FlexiAI.Bench`): ROUNDS=5 FlexiAI.Bench/scripts/in-turn.sh
source "$(dirname "$0")/side-by-side.sh"
dotnet_in_place "$YARP" --urls http://127.0.0.1:5911 --Upstream=http://127.0.0.1:5901/sim-openai/ >/dev/null 2>&1 & Y=$!; PIDS+=($Y)
dotnet_in_place "$API" --urls http://127.0.0.1:5912 "${COMMON[@]}" --FlexiAI:ReplicaId=default >/dev/null 2>&1 & D=$!; PIDS+=($D)
dotnet_in_place "$API" --urls http://127.0.0.1:5913 "${COMMON[@]}" "${PRODUCTION[@]}" --FlexiAI:ReplicaId=production >/dev/null 2>&1 & P=$!; PIDS+=($P)
sleep 8
wrk -t2 -c8 -d15s -s "$WORK/yarp.lua" http://127.0.0.1:5911/v1/chat/completions >/dev/null
wrk -t2 -c8 -d15s -s "$WORK/default.lua" http://127.0.0.1:5912/v1/chat/completions >/dev/null
wrk -t2 -c8 -d15s -s "$WORK/production.lua" http://127.0.0.1:5913/v1/chat/completions >/dev/null
for round in $(seq 1 "${ROUNDS:-5}"); do
  measure yarp "$Y" http://127.0.0.1:5911/v1/chat/completions "$WORK/yarp.lua" | sed "s/^/round $round /"
  measure default "$D" http://127.0.0.1:5912/v1/chat/completions "$WORK/default.lua" | sed "s/^/round $round /"
  measure production "$P" http://127.0.0.1:5913/v1/chat/completions "$WORK/production.lua" | sed "s/^/round $round /"
done
