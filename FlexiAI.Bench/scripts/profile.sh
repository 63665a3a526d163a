#!/bin/bash
# A CPU profile of one gateway under load, per request: perf samples (cpu-clock, 999 Hz, so one sample is about 1 ms of
# CPU) for 15 s within 25 s of `wrk -t2 -c8`, after a warm-up of WARMUP seconds (default 8), each symbol's samples
# turned into µs a request. (With 20 s of warm-up the gateway got half a core while perf recorded, 2,400 requests a
# second against 5,700, reproducibly and for a reason not found; its load alone runs at 7,000-7,500 from 15 s on. Compare
# profiles taken alike.) The gateway runs with the production controls (CONFIG=production, the default) or without
# (CONFIG=default);
# XENV adds environment variables (NAME=value ...), for example the OTLP endpoint of the simulator's sink.
# Writes OUT/NAME.txt (one line per sample: address, symbol, module) and OUT/NAME.requests; compare two profiles with
# profile-diff.py. Needs perf (linux-perf), redis-server, wrk, a Release build of FlexiAI.Bench, and root or
# kernel.perf_event_paranoid <= 1.
# Examples:
#   FlexiAI.Bench/scripts/profile.sh before     (then change the code, build, and)     FlexiAI.Bench/scripts/profile.sh after
#   python3 FlexiAI.Bench/scripts/profile-diff.py /tmp/flexiai-profiles/after /tmp/flexiai-profiles/before
set -euo pipefail
NAME=${1:?usage: profile.sh NAME}
OUT=${OUT:-/tmp/flexiai-profiles}
mkdir -p "$OUT"
source "$(dirname "$0")/side-by-side.sh"
read -r -a EXTRA <<<"${XENV:-FLEXIAI_PROFILE=1}"
if [ "${CONFIG:-production}" = production ]; then ARGS=("${COMMON[@]}" "${PRODUCTION[@]}"); else ARGS=("${COMMON[@]}"); fi
# Perf maps name the JIT-compiled methods; W^X off keeps their addresses stable.
dotnet_in_place DOTNET_PerfMapEnabled=1 DOTNET_EnableWriteXorExecute=0 "${EXTRA[@]}" "$API" --urls http://127.0.0.1:5902 "${ARGS[@]}" >"$WORK/gateway.log" 2>&1 & GATEWAY=$!; PIDS+=($GATEWAY)
for _ in $(seq 1 100); do curl -s -o /dev/null http://127.0.0.1:5902/health/live && break; sleep 0.2; done
wrk -t2 -c8 -d"${WARMUP:-8}"s -s "$WORK/production.lua" http://127.0.0.1:5902/v1/chat/completions >/dev/null
# The requests the gateway answered while perf recorded, from its own counter (perf's start-up stalls the process for a
# moment, so the load runs longer than the recording and only the recorded window is counted).
answered() { curl -s -H "Authorization: Bearer bench-admin-key-0123456789abcdef" http://127.0.0.1:5902/metrics | awk '/^flexiai_requests_total/ {s += $NF} END {printf "%d", s}'; }
wrk -t2 -c8 -d25s -s "$WORK/production.lua" http://127.0.0.1:5902/v1/chat/completions >"$WORK/wrk.txt" &
LOAD=$!
sleep 3
before=$(answered)
perf record -e cpu-clock -F 999 -p "$GATEWAY" -o "$WORK/perf.data" -- sleep 15 2>/dev/null
after=$(answered)
wait $LOAD
echo $((after - before)) >"$OUT/$NAME.requests"
perf script -i "$WORK/perf.data" -F ip,sym,dso 2>/dev/null >"$OUT/$NAME.txt"
echo "$NAME: $(cat "$OUT/$NAME.requests") requests while recording, $(wc -l <"$OUT/$NAME.txt") samples, $(awk '/Requests\/sec/ {print $2}' "$WORK/wrk.txt") req/s over the load -> $OUT/$NAME.txt"
