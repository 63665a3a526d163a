#!/bin/bash
# What a gateway costs when nobody calls it: the default and the production gateway and YARP, 15 s of load each (so all
# three have run their request path), REST seconds of rest (default 30: the runtime goes on compiling hot methods at
# its higher tier for a while after load stops, and with 5 s of rest that compilation was over half the "idle" CPU),
# then the CPU ticks (10 ms each) each process uses in SECONDS_IDLE (default 30) of no requests at all. Needs
# redis-server and wrk, and a Release build of FlexiAI.Bench.
#   FlexiAI.Bench/scripts/idle.sh
#   ENV="DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0" ARGS="--ConnectionStrings:cache=" FlexiAI.Bench/scripts/idle.sh
source "$(dirname "$0")/side-by-side.sh"
read -r -a BOTHARGS <<<"${ARGS:-}"
dotnet_in_place ${ENV:-} "$API" --urls http://127.0.0.1:5902 "${COMMON[@]}" "${BOTHARGS[@]}" --FlexiAI:ReplicaId=default >/dev/null 2>&1 & DEFAULT=$!; PIDS+=($DEFAULT)
dotnet_in_place ${ENV:-} "$API" --urls http://127.0.0.1:5903 "${COMMON[@]}" "${PRODUCTION[@]}" "${BOTHARGS[@]}" --FlexiAI:ReplicaId=production >/dev/null 2>&1 & PROD=$!; PIDS+=($PROD)
dotnet_in_place ${ENV:-} "$YARP" --urls http://127.0.0.1:5905 --Upstream=http://127.0.0.1:5901/sim-openai/ >/dev/null 2>&1 & Y=$!; PIDS+=($Y)
sleep 8
wrk -t2 -c8 -d15s -s "$WORK/default.lua" http://127.0.0.1:5902/v1/chat/completions >/dev/null
wrk -t2 -c8 -d15s -s "$WORK/production.lua" http://127.0.0.1:5903/v1/chat/completions >/dev/null
wrk -t2 -c8 -d15s -s "$WORK/yarp.lua" http://127.0.0.1:5905/v1/chat/completions >/dev/null
sleep "${REST:-30}"
d=$(cpu_ticks $DEFAULT); p=$(cpu_ticks $PROD); y=$(cpu_ticks $Y)
sleep "${SECONDS_IDLE:-30}"
echo "CPU ticks of $(getconf CLK_TCK) a second in ${SECONDS_IDLE:-30} s without requests: default $(( $(cpu_ticks $DEFAULT) - d )), production $(( $(cpu_ticks $PROD) - p )), YARP $(( $(cpu_ticks $Y) - y ))"
