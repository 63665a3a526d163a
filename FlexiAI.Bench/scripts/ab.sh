#!/bin/bash
# Two variants of the production gateway (a client key, request and token limits of 10^9 and 2x10^9 a minute, breaker
# sync through Redis) and of YARP, side by side, in rounds: yarp, yarp-b, A, B. Variant B of each gets BENV (environment
# assignments, space-separated; {row} in them becomes the row's name) and the gateway's B also BARGS (more settings);
# APIA / APIB point at other builds of FlexiAI.Api.dll. GATEWAY=default runs both gateways without the production
# controls (the harness's default rows); ARGS and ENV go to both gateways (ARGS="--ConnectionStrings:cache=": sync off;
# ENV="OTEL_EXPORTER_OTLP_ENDPOINT=http://127.0.0.1:5901 OTEL_EXPORTER_OTLP_PROTOCOL=http/protobuf": spans exported to
# the simulator's sink). 15 s of warm-up each, then ROUNDS (default 3) rounds of `wrk -t2 -c8 -d8s`; CPU per request
# from /proc; then each row's median round by requests per second.
# Examples (after `dotnet build -c Release FlexiAI.Bench`):
#   BENV="DOTNET_STARTUP_HOOKS=$PWD/FlexiAI.Bench.AllocationProfiler/bin/Release/net10.0/FlexiAI.Bench.AllocationProfiler.dll FLEXIAI_ALLOCATION_TICKS=/tmp/ticks-{row}" FlexiAI.Bench/scripts/ab.sh
#       what the allocation-tick listener costs each proxy
#   ENV="DOTNET_GCgen0size=0" BENV="DOTNET_GCgen0size=0xC00000" ROUNDS=5 FlexiAI.Bench/scripts/ab.sh
#       the runtime's own first-generation budget (A) against the image's 12 MiB (B); without ENV both start with the
#       image's setting (side-by-side.sh, image_env) and BENV changes B's
#   APIA=/elsewhere/FlexiAI.Api/bin/Release/net10.0/FlexiAI.Api.dll GATEWAY=default ARGS="--ConnectionStrings:cache=" ROUNDS=6 FlexiAI.Bench/scripts/ab.sh
#       an older build against this one, breaker sync off
source "$(dirname "$0")/side-by-side.sh"
APIA=${APIA:-$API}
APIB=${APIB:-$API}
BENV=${BENV:-}
if [ "${GATEWAY:-production}" = default ]; then PRODUCTION=(); GATEWAY_SCRIPT=default; else GATEWAY_SCRIPT=production; fi
read -r -a BOTHARGS <<<"${ARGS:-}"
declare -A PID URL SCRIPT
dotnet_in_place "$YARP" --urls http://127.0.0.1:5911 --Upstream=http://127.0.0.1:5901/sim-openai/ >/dev/null 2>&1 & PID[yarp]=$!; PIDS+=($!)
dotnet_in_place ${BENV//\{row\}/yarp-b} "$YARP" --urls http://127.0.0.1:5912 --Upstream=http://127.0.0.1:5901/sim-openai/ >/dev/null 2>&1 & PID[yarp-b]=$!; PIDS+=($!)
dotnet_in_place ${ENV:-} "$APIA" --urls http://127.0.0.1:5913 "${COMMON[@]}" "${PRODUCTION[@]}" "${BOTHARGS[@]}" --FlexiAI:ReplicaId=a >/dev/null 2>&1 & PID[A]=$!; PIDS+=($!)
dotnet_in_place ${ENV:-} ${BENV//\{row\}/b} "$APIB" --urls http://127.0.0.1:5914 "${COMMON[@]}" "${PRODUCTION[@]}" "${BOTHARGS[@]}" ${BARGS:-} --FlexiAI:ReplicaId=b >/dev/null 2>&1 & PID[B]=$!; PIDS+=($!)
URL=([yarp]=http://127.0.0.1:5911 [yarp-b]=http://127.0.0.1:5912 [A]=http://127.0.0.1:5913 [B]=http://127.0.0.1:5914)
SCRIPT=([yarp]=yarp [yarp-b]=yarp [A]=$GATEWAY_SCRIPT [B]=$GATEWAY_SCRIPT)
sleep 8
ROWS=(yarp yarp-b A B)
for r in "${ROWS[@]}"; do wrk -t2 -c8 -d15s -s "$WORK/${SCRIPT[$r]}.lua" "${URL[$r]}/v1/chat/completions" >/dev/null; done
for round in $(seq 1 "${ROUNDS:-3}"); do
  for r in "${ROWS[@]}"; do
    measure "$r" "${PID[$r]}" "${URL[$r]}/v1/chat/completions" "$WORK/${SCRIPT[$r]}.lua" | tee -a "$WORK/rounds" | sed "s/^/round $round /"
  done
done
echo "median round (by req/s) of each row:"
for r in "${ROWS[@]}"; do grep "^$r:" "$WORK/rounds" | sort -t: -k2 -n | awk -v n="${ROUNDS:-3}" 'NR == int(n / 2) + 1'; done
