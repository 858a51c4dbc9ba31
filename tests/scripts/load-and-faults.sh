#!/usr/bin/env bash
# Load and fault run (docs/reliability.md): mixed traffic at 64 connections, content faults while
# serving, a killed server in the middle of a quiz, a graceful stop, and 50 simultaneous quizzes in
# Chromium with memory measured before, during and after. Exits non-zero on the first failure.
#
#   tests/scripts/load-and-faults.sh [seconds]     (mixed traffic duration, default 60)
#   tests/scripts/load-and-faults.sh --short       (CI: every step, with 5 s of traffic and 5 quizzes)
set -euo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
short=0
if [ "${1:-}" = --short ]; then short=1; shift; fi
if [ "$short" = 1 ]; then
  seconds="${1:-5}"; fault_seconds=12; partial_saves=10; quizzes=5
else
  seconds="${1:-60}"; fault_seconds=25; partial_saves=40; quizzes=50
fi
port=5198
base="http://127.0.0.1:$port"

command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill -9 "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; [ -f "$work/site.log" ] && tail -20 "$work/site.log" >&2; exit 1; }

echo "== publish (Release)"
dotnet publish src/Decisioner.Web -c Release -o "$work/site" -v quiet -nologo >/dev/null
cp -r content "$work/content"
# The site runs as 'nobody', as it would in production, so that taking read permission away is a real
# fault. Like a production install, it may not write beside its own files: its SQLite database goes in
# a data folder of its own (Database:DataFolder), kept across the restarts below.
mkdir -p "$work/home" "$work/data"; chown nobody "$work/home" "$work/data"; chmod 755 "$work"

start_site() {
  # All load comes from one address, so the per-client API limit is lifted for this run. The warm-up before
  # ready is off: this script is about faults and restarts, and it warms the site with its own load
  # (tests/scripts/measure-warm-up.sh measures the warm-up).
  setpriv --reuid=nobody --regid=nogroup --clear-groups env HOME="$work/home" DOTNET_CLI_HOME="$work/home" \
    ASPNETCORE_ENVIRONMENT=Production dotnet "$work/site/Decisioner.Web.dll" --contentRoot "$work/site" --urls "$base" \
    "--Content:Root=$work/content" "--Database:DataFolder=$work/data" --Limits:ApiPermitLimit=100000000 \
    --Shutdown:TimeoutSeconds=20 --WarmUp:Enabled=false >>"$work/site.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do
    [ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = 200 ] && return 0
    kill -0 "$pid" 2>/dev/null || fail "the site exited at start"
    sleep 0.1
  done
  fail "the site did not become ready"
}

cat >"$work/mixed.lua" <<'LUA'
local requests = {
  {"GET", "/"}, {"GET", "/guides/rag-vs-fine-tuning"}, {"GET", "/guides/rag-vs-long-context"},
  {"GET", "/quiz/rag-vs-fine-tuning?at=examples&gap=behavior&change-rate=rarely"},
  {"GET", "/quiz/rag-vs-fine-tuning/result?gap=behavior&change-rate=rarely&target-clarity=precise&examples=50-500&evaluation=automated&capacity=managed-service"},
  {"GET", "/quiz/rag-vs-fine-tuning/result?gap=both&long-tail=mostly&sources=required&examples=over-500&evaluation=automated&capacity=own-infrastructure"},
  {"GET", "/quiz/rag-vs-fine-tuning/result?gap=missing-knowledge&junk=1"},
  {"POST", "/api/questionnaires/rag-vs-fine-tuning/recommendation", '{"answers":{"gap":"behavior","examples":"50-500","evaluation":"automated","capacity":"managed-service"}}'},
  {"GET", "/api/questionnaires/rag-vs-fine-tuning"},
}
local i = 0
request = function()
  i = i + 1
  local r = requests[(i % #requests) + 1]
  if r[1] == "POST" then
    return wrk.format("POST", r[2], {["Content-Type"] = "application/json"}, r[3])
  end
  return wrk.format("GET", r[2])
end
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT requests=%d errors=%d rps=%.0f p50=%.1fms p99=%.1fms\n",
    summary.requests, e.connect + e.read + e.write + e.status + e.timeout,
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1000, latency:percentile(99) / 1000))
end
LUA

check_wrk() {
  local line; line=$(grep '^RESULT' "$1")
  echo "   $line"
  [[ "$line" == *" errors=0 "* ]] || fail "errors under load: $line"
}

start_site
echo "== mixed traffic: ${seconds} s, 64 connections"
wrk -t2 -c64 -d"${seconds}s" -s "$work/mixed.lua" "$base" >"$work/wrk-mixed.txt"
check_wrk "$work/wrk-mixed.txt"

echo "== faults while serving (traffic continues)"
wrk -t2 -c32 -d"${fault_seconds}s" -s "$work/mixed.lua" "$base" >"$work/wrk-faults.txt" &
wrk_pid=$!
guide="$work/content/guides/rag-vs-long-context.md"
cp "$guide" "$work/guide.bak"
echo "   half-written saves: $partial_saves partial writes of a guide"
for _ in $(seq 1 "$partial_saves"); do head -c 120 "$work/guide.bak" >"$guide"; sleep 0.05; cp "$work/guide.bak" "$guide"; sleep 0.1; done
echo "   unreadable file: read permission taken from a guide for 2 s"
chmod 000 "$guide"; touch "$work/content/site.yaml"; sleep 2
[ "$(curl -s "$base/guides/rag-vs-long-context" | grep -c 'RAG vs long-context prompting')" -ge 1 ] || fail "unreadable file: last good version not served"
chmod 644 "$guide"
echo "   unreadable folder: read permission taken from content/ for 2 s"
chmod 000 "$work/content"; touch "$work/content/guides/rag-vs-fine-tuning.md"; sleep 2
for path in /guides/rag-vs-fine-tuning /guides/rag-vs-long-context "/quiz/rag-vs-fine-tuning/result?gap=behavior" /quiz/rag-vs-fine-tuning; do
  [ "$(curl -s -o /dev/null -w '%{http_code}' "$base$path")" = 200 ] || fail "unreadable folder: $path not served"
done
chmod 755 "$work/content"; touch "$work/content/site.yaml"
echo "   content folder gone for 2 s"
mv "$work/content" "$work/content.away"; sleep 2
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/guides/rag-vs-fine-tuning")" = 200 ] || fail "folder gone: guide not served"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/quiz/rag-vs-fine-tuning/result?gap=behavior")" = 200 ] || fail "folder gone: result not served"
mv "$work/content.away" "$work/content"
echo "   deleted file: a guide removed, then restored"
mv "$work/content/guides/prompt-engineering-vs-fine-tuning.md" "$work/removed.md"; sleep 1
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/guides/prompt-engineering-vs-fine-tuning")" = 404 ] || fail "deleted guide still served"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/guides/rag-vs-fine-tuning")" = 200 ] || fail "other guides lost after a delete"
mv "$work/removed.md" "$work/content/guides/prompt-engineering-vs-fine-tuning.md"; sleep 1
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/guides/prompt-engineering-vs-fine-tuning")" = 200 ] || fail "restored guide not served"
wait "$wrk_pid"
check_wrk "$work/wrk-faults.txt"
[ "$(curl -s "$base/guides/rag-vs-long-context" | grep -c 'RAG vs long-context prompting')" -ge 1 ] || fail "guide not back after faults"
[ "$(curl -s -o /dev/null -w '%{http_code}' "$base/health/ready")" = 200 ] || fail "not ready after faults"

echo "== server killed in the middle of a quiz"
quiz="$base/quiz/rag-vs-fine-tuning?at=examples&gap=behavior&change-rate=rarely&presenter=1"
before=$(curl -s "$quiz" | grep -o 'Question [0-9]* of [0-9]*' | head -1 || true)
[ -n "$before" ] || fail "the quiz page shows no 'Question N of M'"
kill -9 "$pid"; wait "$pid" 2>/dev/null || true; pid=""
start_site
page=$(curl -s "$quiz")
after=$(echo "$page" | grep -o 'Question [0-9]* of [0-9]*' | head -1 || true)
[ "$before" = "$after" ] && echo "$page" | grep -q 'name="gap" value="behavior"' && echo "$page" | grep -q 'name="change-rate" value="rarely"' \
  || fail "the reopened quiz did not resume ($before / $after)"
echo "   resumed at '$after' with its answers"

echo "== graceful stop: a slow download in flight when SIGTERM arrives"
curl -s --limit-rate 8k -o "$work/slow.html" -w '%{http_code}' "$base/guides/rag-vs-fine-tuning" >"$work/slow.code" &
slow=$!
sleep 1
stop_start=$(date +%s%3N)
kill -TERM "$pid"
sleep 0.3
[ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$base/" || true)" != 200 ] || fail "new requests still accepted after SIGTERM"
wait "$slow"
wait "$pid" 2>/dev/null || true; pid=""
stopped=$(( $(date +%s%3N) - stop_start ))
[ "$(cat "$work/slow.code")" = 200 ] && grep -q '</html>' "$work/slow.html" || fail "the in-flight download was cut"
echo "   in-flight download completed ($(wc -c <"$work/slow.html") bytes); new connections refused; stopped after ${stopped} ms"

echo "== $quizzes simultaneous quizzes in Chromium"
rm -f "$repo/artifacts/circuits.txt"
DECISIONER_LOAD=1 DECISIONER_QUIZZES=$quizzes dotnet test tests/Decisioner.E2E.Tests --filter "FullyQualifiedName~LoadTests" >"$work/load-test.txt" 2>&1 \
  || { tail -30 "$work/load-test.txt"; fail "the $quizzes-quiz run failed"; }
[ -f "$repo/artifacts/circuits.txt" ] || { tail -30 "$work/load-test.txt"; fail "the $quizzes-quiz run did not run (is Chromium installed?)"; }
echo "   $(cat "$repo/artifacts/circuits.txt")"

echo "PASS: load and faults"
