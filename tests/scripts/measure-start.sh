#!/usr/bin/env bash
# Start and idle memory of a published site on one core (docs/performance.md, "Start fast, stay small"):
# the database is made by a first start, then each cold start is timed from launching the process to
# the first 200 on /, and the working set (RSS) is read 5 s after that page and again once
# /health/ready is 200 (after the warm-up) plus 5 s.
#
#   tests/scripts/measure-start.sh PUBLISH_DIR [runs] [extra site settings...]
#     e.g. tests/scripts/measure-start.sh /tmp/site 5 --WarmUp:Enabled=false
# Runtime knobs go in the environment: DOTNET_TieredPGO=0 tests/scripts/measure-start.sh /tmp/site
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
site_dir="${1:?usage: $0 PUBLISH_DIR [runs] [settings...]}"
runs="${2:-5}"
shift $(( $# >= 2 ? 2 : 1 ))
port=5196
base="http://127.0.0.1:$port"
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }
launch() {
  if [ -x "$site_dir/Decisioner.Web" ]; then cmd=("$site_dir/Decisioner.Web"); else cmd=(dotnet "$site_dir/Decisioner.Web.dll"); fi
  ASPNETCORE_ENVIRONMENT=Production taskset -c 1 "${cmd[@]}" --contentRoot "$site_dir" --urls "$base" \
    "--Content:Root=$repo/content" "--Database:DataFolder=$work/data" --Logging:LogLevel:Default=Warning "$@" >>"$work/site.log" 2>&1 &
  pid=$!
}
until_code() { # path, code
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$base$1")" = "$2" ]; do
    kill -0 "$pid" 2>/dev/null || { cat "$work/site.log" >&2; exit 1; }
    sleep 0.005
  done
}
stop() { kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""; }
rss() { echo $(( $(awk '/VmRSS/ {print $2}' "/proc/$pid/status") / 1024 )); }

mkdir -p "$work/data"
launch "$@"; until_code / 200; stop   # the database now exists

starts=(); idle=(); warm=()
for _ in $(seq 1 "$runs"); do
  t0=$(now_ms); launch "$@"
  until_code / 200
  starts+=($(( $(now_ms) - t0 )))
  sleep 5; idle+=("$(rss)")
  until_code /health/ready 200; sleep 5; warm+=("$(rss)")
  stop
done
median() { printf '%s\n' "$@" | sort -n | sed -n "$(( ($# + 1) / 2 ))p"; }
echo "first 200 on / (ms): ${starts[*]}; median $(median "${starts[@]}")"
echo "RSS 5 s after the first page (MB): ${idle[*]}; median $(median "${idle[@]}")"
echo "RSS 5 s after ready (MB): ${warm[*]}; median $(median "${warm[@]}")"
