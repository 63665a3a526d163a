#!/bin/bash
# Bytes allocated per request by type, two builds of the gateway side by side: APIA and APIB (FlexiAI.Api.dll paths,
# default: this build), ARGS for both (e.g. "--ConnectionStrings:cache=" for sync off), SCRIPT=default|production (the
# wrk script: production sends the client key; add the keys themselves with ARGS); BARGS and BSCRIPT (the same for B
# alone: BARGS=production gives B the production controls, for what they allocate against the default gateway). Both run with the allocation-tick
# listener of FlexiAI.Bench.AllocationProfiler (so their CPU is not comparable here, only their bytes), 5 s of warm-up,
# then 6 s of `wrk -t2 -c8`; the types whose bytes per request differ most are listed first, with the activities
# (spans) each started per request. Sampled: one event per about 100 KB, so a type below ~50 B per request is noise.
#   dotnet build -c Release FlexiAI.Bench && APIA=/elsewhere/FlexiAI.Api/bin/Release/net10.0/FlexiAI.Api.dll FlexiAI.Bench/scripts/alloc-ab.sh
source "$(dirname "$0")/side-by-side.sh"
HOOK="$ROOT/FlexiAI.Bench.AllocationProfiler/bin/Release/net10.0/FlexiAI.Bench.AllocationProfiler.dll"
APIA=${APIA:-$API}
APIB=${APIB:-$API}
read -r -a BOTHARGS <<<"${ARGS:-}"
if [ "${BARGS:-}" = production ]; then BONLY=("${PRODUCTION[@]}"); else read -r -a BONLY <<<"${BARGS:-}"; fi
declare -A WRKSCRIPT=([a]=${SCRIPT:-default} [b]=${BSCRIPT:-${SCRIPT:-default}})
dotnet_in_place DOTNET_STARTUP_HOOKS=$HOOK FLEXIAI_ALLOCATION_PROFILE=$WORK/a.profile "$APIA" --urls http://127.0.0.1:5902 "${COMMON[@]}" "${BOTHARGS[@]}" --FlexiAI:ReplicaId=a >/dev/null 2>&1 & PIDS+=($!)
dotnet_in_place DOTNET_STARTUP_HOOKS=$HOOK FLEXIAI_ALLOCATION_PROFILE=$WORK/b.profile "$APIB" --urls http://127.0.0.1:5903 "${COMMON[@]}" "${BOTHARGS[@]}" "${BONLY[@]}" --FlexiAI:ReplicaId=b >/dev/null 2>&1 & PIDS+=($!)
sleep 8
for side in a b; do
  port=$([ $side = a ] && echo 5902 || echo 5903)
  wrk -t2 -c8 -d5s -s "$WORK/${WRKSCRIPT[$side]}.lua" "http://127.0.0.1:$port/v1/chat/completions" >/dev/null
done
sleep 2
for side in a b; do cp "$WORK/$side.profile" "$WORK/$side.before"; done
for side in a b; do
  port=$([ $side = a ] && echo 5902 || echo 5903)
  wrk -t2 -c8 -d6s -s "$WORK/${WRKSCRIPT[$side]}.lua" "http://127.0.0.1:$port/v1/chat/completions" | awk '/requests in/ {print $1}' >"$WORK/$side.requests"
done
sleep 2
python3 - "$WORK" <<'PY'
import collections, sys
work = sys.argv[1]
def load(path):
    counts = collections.Counter()
    for line in open(path):
        value, _, name = line.rstrip("\n").partition("\t")
        if value.isdigit():
            counts[name] += int(value)
    return counts
per = {}
for side in "ab":
    delta = load(f"{work}/{side}.profile")
    delta.subtract(load(f"{work}/{side}.before"))
    per[side] = (delta, int(open(f"{work}/{side}.requests").read()))
def rate(side, name):
    delta, requests = per[side]
    return delta[name] / requests
names = set(per["a"][0]) | set(per["b"][0])
types = [n for n in names if not n.startswith("activity ")]
print(f"bytes per request: A {sum(rate('a', n) for n in types):.0f}, B {sum(rate('b', n) for n in types):.0f}")
for name in sorted(types, key=lambda n: -abs(rate("b", n) - rate("a", n)))[:30]:
    print(f"{rate('a', name):8.0f} {rate('b', name):8.0f}  {name}")
print("activities started per request (A, B):")
for name in sorted(n for n in names if n.startswith("activity ")):
    print(f"{rate('a', name):8.2f} {rate('b', name):8.2f}  {name[9:]}")
PY
