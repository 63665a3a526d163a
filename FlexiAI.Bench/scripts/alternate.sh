#!/bin/bash
# Two gateways, A and B, loaded in alternation in short runs (SECONDS_EACH, default 4 s, `wrk -t2 -c8`; ROUNDS, default
# 10, the order swapped every other round), their CPU and requests summed over all the runs: the difference of two
# configurations on a machine whose speed drifts within a minute. A gets the default configuration plus AARGS, B the
# production controls (client key, request and token limits) or BARGS when given; both are sent the client key. Two
# identical gateways (BARGS set to a harmless setting such as --FlexiAI:Limits:MaxRequestBytes=1048577) show the noise floor.
# AENV and BENV add environment variables (NAME=value ...) to one side; CONNECTIONS (default 8) sets wrk's connections
# (1: one request at a time, nothing queues; wrk then runs one thread). APIA / APIB point at other builds of
# FlexiAI.Api.dll (a build with one piece taken out: what that piece costs).
# Examples (after `dotnet build -c Release FlexiAI.Bench`):
#   FlexiAI.Bench/scripts/alternate.sh                                       production against default
#   BARGS="--FlexiAI:Auth:ClientKeys:0=bench-client-key-0123456789abcdef" FlexiAI.Bench/scripts/alternate.sh   keys alone
#   CONNECTIONS=1 ROUNDS=6 SECONDS_EACH=5 FlexiAI.Bench/scripts/alternate.sh                      one request at a time
#   AARGS="$P" BARGS="$P" APIB=/elsewhere/FlexiAI.Api/bin/Release/net10.0/FlexiAI.Api.dll ROUNDS=20 FlexiAI.Bench/scripts/alternate.sh
#     (P as below) this build against another, production controls on both
#   AARGS="$P" BARGS="$P" BENV=DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 FlexiAI.Bench/scripts/alternate.sh
#     (P: the production settings, as PRODUCTION in side-by-side.sh) a runtime setting, production on both sides
source "$(dirname "$0")/side-by-side.sh"
read -r -a AONLY <<<"${AARGS:-}"
read -r -a AENVS <<<"${AENV:-FLEXIAI_SIDE=a}"
read -r -a BENVS <<<"${BENV:-FLEXIAI_SIDE=b}"
CONNECTIONS=${CONNECTIONS:-8}
THREADS=$(( CONNECTIONS < 2 ? 1 : 2 ))
if [ -n "${BARGS:-}" ]; then read -r -a BONLY <<<"$BARGS"; else BONLY=("${PRODUCTION[@]}"); fi
dotnet_in_place "${AENVS[@]}" "${APIA:-$API}" --urls http://127.0.0.1:5912 "${COMMON[@]}" "${AONLY[@]}" --FlexiAI:ReplicaId=a >/dev/null 2>&1 & A=$!; PIDS+=($A)
dotnet_in_place "${BENVS[@]}" "${APIB:-$API}" --urls http://127.0.0.1:5915 "${COMMON[@]}" "${BONLY[@]}" --FlexiAI:ReplicaId=b >/dev/null 2>&1 & B=$!; PIDS+=($B)
sleep 8
for port in 5912 5915; do wrk -t2 -c8 -d15s -s "$WORK/production.lua" "http://127.0.0.1:$port/v1/chat/completions" >/dev/null; done
declare -A TICKS REQUESTS
run() { # NAME PID PORT
  local before after out requests
  before=$(cpu_ticks "$2")
  out=$(wrk -t"$THREADS" -c"$CONNECTIONS" -d"${SECONDS_EACH:-4}"s -s "$WORK/production.lua" "http://127.0.0.1:$3/v1/chat/completions")
  after=$(cpu_ticks "$2")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  TICKS[$1]=$(( ${TICKS[$1]:-0} + after - before ))
  REQUESTS[$1]=$(( ${REQUESTS[$1]:-0} + requests ))
  printf '%s %d µs  ' "$1" $(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests ))
}
for round in $(seq 1 "${ROUNDS:-10}"); do
  printf 'round %d: ' "$round"
  if [ $((round % 2)) = 1 ]; then run A "$A" 5912; run B "$B" 5915; else run B "$B" 5915; run A "$A" 5912; fi
  echo
done
for side in A B; do
  echo "$side: $(( TICKS[$side] * 1000000 / $(getconf CLK_TCK) / REQUESTS[$side] )) µs CPU per request over ${REQUESTS[$side]} requests"
done
