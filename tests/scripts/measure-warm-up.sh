#!/usr/bin/env bash
# Warm before ready (docs/performance.md): a published site on one core (taskset -c 1) with wrk on the
# other, loaded with the guide page from the moment /health/ready turns 200. Prints the guide's
# throughput for the first 5 s after ready, then in 5 s slices until the steady state, and the ratio.
#
#   tests/scripts/measure-warm-up.sh PUBLISH_DIR [on|off] [runs]
#     PUBLISH_DIR  a `dotnet publish` output (framework-dependent or self-contained)
#     on|off       WarmUp:Enabled (default on); off measures the site as it was before the warm-up
#     runs         cold starts to measure (default 3)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
site_dir="${1:?usage: $0 PUBLISH_DIR [on|off] [runs]}"
warm="${2:-on}"
runs="${3:-3}"
port=5197
base="http://127.0.0.1:$port"
enabled=true; [ "$warm" = off ] && enabled=false

work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT %.0f\n", summary.requests / (summary.duration / 1e6)))
end
LUA
slice() { taskset -c 0 wrk -t1 -c32 -d"$1s" -s "$work/report.lua" "$base/guides/rag-vs-fine-tuning" | awk '/^RESULT/ {print $2}'; }

for run in $(seq 1 "$runs"); do
  rm -rf "$work/data"; mkdir -p "$work/data"
  t0=$(now_ms)
  ASPNETCORE_ENVIRONMENT=Production taskset -c 1 dotnet "$site_dir/Decisioner.Web.dll" --contentRoot "$site_dir" --urls "$base" \
    "--Content:Root=$repo/content" "--Database:DataFolder=$work/data" --WarmUp:Enabled=$enabled \
    --Logging:LogLevel:Default=Warning --Logging:LogLevel:Decisioner.Web.Diagnostics=Information >"$work/site.log" 2>&1 &
  pid=$!
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = 200 ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/site.log" >&2; exit 1; }
    sleep 0.01
  done
  ready=$(( $(now_ms) - t0 ))
  slices=()
  for _ in 1 2 3 4 5 6 7 8; do slices+=("$(slice 5)"); done
  steady=$(slice 10)
  first=${slices[0]}
  echo "run $run: ready after ${ready} ms; guide req/s per 5 s after ready: ${slices[*]}; steady (40-50 s) $steady; first 5 s = $(python3 -c "print(f'{$first / $steady:.2f}')")x steady"
  grep -o 'Warm-up: .*' "$work/site.log" | sed 's/^/   /' || true
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""
done
