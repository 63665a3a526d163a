# Sourced by the scripts beside it (ab.sh, production-ab.sh, alloc-ab.sh, idle.sh, in-turn.sh): what they all start and measure.
# One Redis (port 6391) and the simulator (port 5901), the gateway's provider settings (COMMON) and production controls
# (PRODUCTION), wrk scripts for the default route with and without the client key, `dotnet_in_place` (an app run from
# its own folder) and `measure NAME PID URL SCRIPT [SECONDS]`: one wrk run, the process's CPU per request and its RSS after it, from /proc (the kernel's part of the CPU in brackets).
# Needs redis-server and wrk, and a Release build of FlexiAI.Bench.
set -euo pipefail
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
WORK=$(mktemp -d)
SIM="$ROOT/FlexiAI.Simulator/bin/Release/net10.0/FlexiAI.Simulator.dll"
API="$ROOT/FlexiAI.Api/bin/Release/net10.0/FlexiAI.Api.dll"
YARP="$ROOT/FlexiAI.Bench.ReferenceProxy/bin/Release/net10.0/FlexiAI.Bench.ReferenceProxy.dll"
KEY=bench-client-key-0123456789abcdef
export ASPNETCORE_ENVIRONMENT=Production
PIDS=()
cleanup() { kill "${PIDS[@]}" 2>/dev/null || true; wait 2>/dev/null || true; redis-cli -p 6391 shutdown nosave >/dev/null 2>&1 || true; rm -rf "$WORK"; }
trap cleanup EXIT
# image_env DLL: the environment the app's container image sets (the ContainerEnvironmentVariable items of its project
# file), as NAME=value lines.
image_env() {
  local project
  project="$(dirname "$1")/../../../$(basename "$1" .dll).csproj"
  if [ -f "$project" ]; then sed -n 's/.*<ContainerEnvironmentVariable Include="\([^"]*\)" Value="\([^"]*\)".*/\1=\2/p' "$project"; fi
}

# dotnet_in_place [NAME=value ...] DLL ARGS... &: runs a .NET app from its own folder, so that its appsettings.json
# applies as in the load harness and the container image (from elsewhere the gateway would run without it: with ASP.NET
# Core's hosting logs on, which start an activity for every request), with the environment its image sets (given
# NAME=value pairs win). Always in the background (`&`): it replaces the background shell with the app, so `$!` is the
# app's process.
dotnet_in_place() {
  local vars=()
  while [[ "${1:-}" == *=* && "${1:-}" != --* ]]; do vars+=("$1"); shift; done
  local dll=$1
  shift
  local image
  mapfile -t image < <(image_env "$dll")
  cd "$(dirname "$dll")" && exec env "${image[@]}" "${vars[@]}" dotnet "$dll" "$@"
}

redis-server --port 6391 --save "" --appendonly no --daemonize yes >/dev/null
dotnet_in_place "$SIM" --urls http://127.0.0.1:5901 --Logging:LogLevel:Default=Warning >"$WORK/sim.log" 2>&1 & PIDS+=($!)
COMMON=(--Logging:LogLevel:Default=Warning --FlexiAI:Providers:0:Name=sim-openai --FlexiAI:Providers:0:Kind=OpenAI
  --FlexiAI:Providers:0:Model=gpt-4o-mini --FlexiAI:Providers:0:Endpoint=http://127.0.0.1:5901/sim-openai/v1
  --ConnectionStrings:cache=127.0.0.1:6391)
PRODUCTION=(--FlexiAI:Auth:ClientKeys:0=$KEY --FlexiAI:Auth:AdminKeys:0=bench-admin-key-0123456789abcdef
  --FlexiAI:RateLimit:RequestsPerMinute=1000000000 --FlexiAI:RateLimit:TokensPerMinute=2000000000)

# wrk_script FILE MODEL [KEY]: a POST of one short chat completion, with the key as bearer token when given.
wrk_script() {
  local body="{\"model\":\"$2\",\"messages\":[{\"role\":\"user\",\"content\":\"Hello, how are you?\"}]}"
  {
    printf 'wrk.method = "POST"\nwrk.headers["Content-Type"] = "application/json"\n'
    if [ -n "${3:-}" ]; then printf 'wrk.headers["Authorization"] = "Bearer %s"\n' "$3"; fi
    printf 'wrk.body = %s\n' "'$body'"
  } >"$1"
}
wrk_script "$WORK/default.lua" default
wrk_script "$WORK/production.lua" default "$KEY"
wrk_script "$WORK/yarp.lua" gpt-4o-mini

cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
kernel_ticks() { awk '{print $15}' "/proc/$1/stat"; }

# measure NAME PID URL SCRIPT [SECONDS]
measure() {
  local before after kbefore kafter out requests
  before=$(cpu_ticks "$2")
  kbefore=$(kernel_ticks "$2")
  out=$(wrk -t2 -c8 -d"${5:-8}"s --latency -s "$4" "$3")
  after=$(cpu_ticks "$2")
  kafter=$(kernel_ticks "$2")
  requests=$(echo "$out" | awk '/requests in/ {print $1}')
  echo "$1: $(echo "$out" | awk '/Requests\/sec/ {print $2}') req/s, p50 $(echo "$out" | awk '$1=="50%" {print $2}'), $(( (after - before) * 1000000 / $(getconf CLK_TCK) / requests )) µs CPU per request (kernel $(( (kafter - kbefore) * 1000000 / $(getconf CLK_TCK) / requests ))), RSS $(awk '/VmRSS/ {printf "%d", $2 / 1024}' "/proc/$2/status") MB"
}
