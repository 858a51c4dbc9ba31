#!/usr/bin/env bash
# Throughput, start time and memory of the published site, against nginx serving the same bytes
# (docs/performance.md). The site and nginx share core 0; wrk runs on core 1.
#
#   tests/Decisioner.Benchmarks/load.sh [seconds per route] [connections]     (defaults: 15, 32)
#   tests/Decisioner.Benchmarks/load.sh --short                               (CI: every step, briefly)
#
# Set SKIP_CIRCUITS=1 to leave out the 50-quiz memory measurement (it needs Chromium).
#
# --short runs every step so that a script that stops working fails CI, but measures nothing worth
# writing down: a framework-dependent publish, 2 s per route after 1 s of warm-up, three starts, and
# 5 quizzes in Chromium. The figures in docs/performance.md come from the full run only.
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
short=0
if [ "${1:-}" = --short ]; then short=1; shift; fi
if [ "$short" = 1 ]; then
  seconds="${1:-2}"; warm_seconds=1; warm_up_seconds=1; cold_starts=3; idle_wait=1; quizzes=5
else
  seconds="${1:-15}"; warm_seconds=5; warm_up_seconds=10; cold_starts=5; idle_wait=5; quizzes=50
fi
connections="${2:-32}"
site_port=5199
nginx_port=5200
site="http://127.0.0.1:$site_port"
ref="http://127.0.0.1:$nginx_port"
quiz=rag-vs-fine-tuning

need() { command -v "$1" >/dev/null || { apt-get update -qq && apt-get install -y -qq "$2" >/dev/null; }; }
need wrk wrk; need nginx nginx; need taskset util-linux; need python3 python3
[ "$(nproc)" -ge 2 ] || { echo "needs two cores: the servers on core 0, wrk on core 1" >&2; exit 1; }

work=$(mktemp -d)
site_pid=""; nginx_pid=""
cleanup() {
  [ -n "$site_pid" ] && kill "$site_pid" 2>/dev/null || true
  [ -n "$nginx_pid" ] && kill "$nginx_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

# Published as docs/performance.md recommends for production: self-contained, with the app and the
# framework compiled ahead of time into one composite ReadyToRun image (start-up about 0.65 s here,
# against about 0.95 s framework-dependent). Publishing this way takes a couple of minutes.
if [ "$short" = 1 ]; then
  echo "== publish (Release, framework-dependent: --short)"
  dotnet publish src/Decisioner.Web -c Release -o "$work/site" -v quiet -nologo >/dev/null
else
  echo "== publish (Release, self-contained, composite ReadyToRun)"
  dotnet publish src/Decisioner.Web -c Release -r linux-x64 --self-contained true \
    -p:PublishReadyToRun=true -p:PublishReadyToRunComposite=true -o "$work/site" -v quiet -nologo >/dev/null
fi

# /diagnostics/memory is for admins: one for the measurement, made with the published site's own command.
perf_admin=perf@localhost
perf_password=$("$work/site/Decisioner.Web" --contentRoot "$work/site" "--Content:Root=$repo/content" users add "$perf_admin" --role admin \
  | sed -n 's/^Password, shown once: //p')
[ -n "$perf_password" ] || fail "could not create the admin account for /diagnostics/memory"

# The warm-up before ready is off, so start time, idle memory and throughput stay comparable with the figures
# in docs/performance.md; tests/scripts/measure-warm-up.sh and measure-start.sh measure the site with it.
run_site() {
  ASPNETCORE_ENVIRONMENT=Production taskset -c 0 "$work/site/Decisioner.Web" --contentRoot "$work/site" --urls "$site" \
    "--Content:Root=$repo/content" --Limits:ApiPermitLimit=1000000000 --Limits:MaxCircuitsPerClient=1000 \
    --Diagnostics:Enabled=true --Logging:LogLevel:Default=Warning --WarmUp:Enabled=false >>"$work/site.log" 2>&1 &
  site_pid=$!
}
stop_site() { kill "$site_pid"; wait "$site_pid" 2>/dev/null || true; site_pid=""; }

# Waits for the first 200 on /; fails, with the site's log, if the process exits or takes over 60 s.
wait_for_site() {
  local deadline=$(( $(now_ms) + 60000 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "$site/")" = 200 ]; do
    kill -0 "$site_pid" 2>/dev/null || { tail -20 "$work/site.log" >&2; fail "the site exited at start"; }
    [ "$(now_ms)" -lt "$deadline" ] || { tail -20 "$work/site.log" >&2; fail "the site did not answer within 60 s"; }
    sleep "$1"
  done
}

# Start: from launching the process to the first 200 on /, five cold starts (three with --short), median.
echo "== start time (process start to first 200 on /)"
starts=()
for _ in $(seq 1 "$cold_starts"); do
  t0=$(now_ms); run_site
  wait_for_site 0.005
  starts+=($(( $(now_ms) - t0 )))
  stop_site
done
start_ms=$(printf '%s\n' "${starts[@]}" | sort -n | sed -n "$(( (cold_starts + 1) / 2 ))p")
echo "   runs: ${starts[*]} ms; median ${start_ms} ms"

run_site
wait_for_site 0.05
sleep "$idle_wait"
idle_kb=$(awk '/VmRSS/ {print $2}' "/proc/$site_pid/status")
echo "== idle working set ${idle_wait} s after the first page: $((idle_kb / 1024)) MB"

# The bytes nginx serves: exactly what the site answered.
root="$work/www"; mkdir -p "$root"
curl -sf "$site/" -o "$root/index.html"
curl -sf "$site/guides/rag-vs-fine-tuning" -o "$root/guide.html"
curl -sf "$site/api/questionnaires/$quiz" -o "$work/quiz.json"
python3 - "$work/quiz.json" "$work" <<'PY'
import json, random, sys, urllib.parse
quiz = json.load(open(sys.argv[1])); work = sys.argv[2]
rng = random.Random(5)
seen, sets = set(), []
while len(sets) < 500:
    answers = {q["id"]: rng.choice(q["options"])["id"] for q in quiz["questions"]}
    key = urllib.parse.urlencode(answers)
    if key not in seen:
        seen.add(key); sets.append(key)
with open(f"{work}/results.txt", "w") as f:
    f.write("\n".join(sets) + "\n")
json.dump({"answers": dict(urllib.parse.parse_qsl(sets[0]))}, open(f"{work}/body.json", "w"))
PY
curl -sf "$site/quiz/$quiz/result?$(head -1 "$work/results.txt")" -o "$root/result.html"
curl -sf -X POST -H 'Content-Type: application/json' --data @"$work/body.json" "$site/api/questionnaires/$quiz/recommendation" -o "$root/api.json"

mkdir -p "$work/nginx"
cat >"$work/nginx/nginx.conf" <<NGINX
worker_processes 1;
daemon off;
pid $work/nginx/nginx.pid;
error_log $work/nginx/error.log warn;
events { worker_connections 1024; }
http {
  access_log off;
  sendfile on; tcp_nopush on;
  keepalive_requests 1000000;
  client_body_temp_path $work/nginx/body; proxy_temp_path $work/nginx/proxy;
  fastcgi_temp_path $work/nginx/fastcgi; uwsgi_temp_path $work/nginx/uwsgi; scgi_temp_path $work/nginx/scgi;
  types { text/html html; application/json json; }
  server {
    listen 127.0.0.1:$nginx_port;
    root $root;
    # A POST to a static file is refused by nginx; the API comparison is a GET of a file of the same size.
  }
}
NGINX
chmod -R a+rX "$work"
taskset -c 0 nginx -c "$work/nginx/nginx.conf" &
nginx_pid=$!
until curl -sf "$ref/index.html" -o /dev/null; do sleep 0.05; done

cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %d %d %.0f %.2f %.2f\n", summary.requests,
    e.connect + e.read + e.write + e.status + e.timeout, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA
{
  echo 'local paths = {}'
  while read -r q; do echo "paths[#paths + 1] = \"/quiz/$quiz/result?$q\""; done <"$work/results.txt"
  cat <<'LUA'
local i = 0
request = function()
  i = i + 1
  return wrk.format("GET", paths[(i % #paths) + 1])
end
LUA
  cat "$work/report.lua"
} >"$work/results.lua"
body=$(cat "$work/body.json")
{
  echo "wrk.method = \"POST\""
  echo "wrk.headers[\"Content-Type\"] = \"application/json\""
  printf 'wrk.body = [[%s]]\n' "$body"
  cat "$work/report.lua"
} >"$work/api.lua"

# wrk on core 1; prints "requests errors rps p50 p99"
drive() { taskset -c 1 wrk -t1 -c"$connections" -d"${seconds}s" -s "$1" "$2" | awk '/^RESULT/ {print $2, $3, $4, $5, $6}'; }
warm() { taskset -c 1 wrk -t1 -c"$connections" -d"${3:-$warm_seconds}s" -s "$1" "$2" >/dev/null; }

# With the server on one busy core, the JIT's background recompilation of hot code competes with
# requests: throughput climbs for about half a minute. Measure the steady state, after a warm-up of
# every route (the result warm-up also fills the page cache with the 500 answer sets).
echo "== warm-up ($(( 4 * warm_up_seconds )) s)"
warm "$work/report.lua" "$site/guides/rag-vs-fine-tuning" "$warm_up_seconds"
warm "$work/report.lua" "$site/" "$warm_up_seconds"
warm "$work/results.lua" "$site" "$warm_up_seconds"
warm "$work/api.lua" "$site/api/questionnaires/$quiz/recommendation" "$warm_up_seconds"

printf '\n%-34s %10s %8s %8s %10s %8s %8s %7s %s\n' route "site rps" p50 p99 "nginx rps" p50 p99 ratio errors
row() { # name site-script site-url nginx-url
  warm "$2" "$3"
  read -r sreq serr srps sp50 sp99 < <(drive "$2" "$3")
  warm "$work/report.lua" "$4"
  read -r nreq nerr nrps np50 np99 < <(drive "$work/report.lua" "$4")
  printf '%-34s %10s %7sms %7sms %10s %7sms %7sms %7s %s\n' "$1" "$srps" "$sp50" "$sp99" "$nrps" "$np50" "$np99" \
    "$(python3 -c "print(f'{$srps / $nrps:.2f}x')")" "$serr"
  [ "$serr" = 0 ] || fail "$1: $serr errors"
}
row "/guides/rag-vs-fine-tuning" "$work/report.lua" "$site/guides/rag-vs-fine-tuning" "$ref/guide.html"
row "/" "$work/report.lua" "$site/" "$ref/index.html"
row "result pages (500 answer sets)" "$work/results.lua" "$site" "$ref/result.html"
row "POST recommendation" "$work/api.lua" "$site/api/questionnaires/$quiz/recommendation" "$ref/api.json"
echo "(bytes: guide $(stat -c %s "$root/guide.html"), home $(stat -c %s "$root/index.html"), result $(stat -c %s "$root/result.html"), recommendation $(stat -c %s "$root/api.json"))"

if [ "${SKIP_CIRCUITS:-0}" != 1 ]; then
  echo
  echo "== memory per open quiz ($quizzes quizzes in Chromium)"
  rm -f "$repo/artifacts/circuit-memory.txt"
  if [ "$short" = 1 ]; then
    # The test only drives the browser; its own build (Debug, as dotnet test left it) does not matter here.
    test_build=()
  else
    dotnet build tests/Decisioner.E2E.Tests -c Release -v quiet -nologo >/dev/null
    test_build=(-c Release --no-build)
  fi
  DECISIONER_PERF_URL="$site" DECISIONER_PERF_ADMIN="$perf_admin" DECISIONER_PERF_PASSWORD="$perf_password" DECISIONER_QUIZZES=$quizzes dotnet test tests/Decisioner.E2E.Tests "${test_build[@]}" \
    --filter "FullyQualifiedName~CircuitMemoryTests" >"$work/circuits.txt" 2>&1 \
    || { cat "$work/circuits.txt"; fail "circuit measurement failed"; }
  [ -f "$repo/artifacts/circuit-memory.txt" ] || { tail -30 "$work/circuits.txt"; fail "the circuit measurement did not run (is Chromium installed?)"; }
  echo "   $(cat "$repo/artifacts/circuit-memory.txt")"
fi
