#!/usr/bin/env bash
# How long an editor's save takes to show on the running site: from the moment a guide file is
# written (in place, or written beside it and renamed over it) until the first page served with
# the new text. Runs the site from a Release build over a temporary copy of content/, with file
# events and then with polling, and prints the median, 90th percentile and worst case.
#
#   tests/scripts/measure-reload.sh [rounds]      (default 20 rounds per mode)
set -euo pipefail
cd "$(dirname "$0")/../.."
rounds="${1:-20}"
port=5199
url="http://127.0.0.1:$port/guides/rag-vs-long-context"

dotnet build src/Decisioner.Web -c Release -v quiet -nologo >/dev/null
work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null || true; rm -rf "$work"; }
trap cleanup EXIT

now_ms() { date +%s%3N; }

measure() {
  local mode="$1"; shift
  rm -rf "$work/content"; cp -r content "$work/content"
  ASPNETCORE_ENVIRONMENT=Production dotnet src/Decisioner.Web/bin/Release/net10.0/Decisioner.Web.dll \
    --urls "http://127.0.0.1:$port" "--Content:Root=$work/content" "$@" >"$work/site.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 100); do curl -fs -o /dev/null "$url" && break; sleep 0.1; done

  local file="$work/content/guides/rag-vs-long-context.md"
  local original; original=$(cat "$file")
  local times=()
  for i in $(seq 1 "$rounds"); do
    local title="Reload check $mode $i"
    local start; start=$(now_ms)
    if (( i % 2 )); then
      printf '%s\n' "${original/title: RAG vs long-context prompting/title: $title}" >"$file"
    else
      printf '%s\n' "${original/title: RAG vs long-context prompting/title: $title}" >"$file.tmp"
      mv "$file.tmp" "$file"
    fi
    local deadline=$((start + 10000))
    until curl -fs "$url" | grep -q "$title"; do
      if (( $(now_ms) > deadline )); then echo "$mode: round $i not visible after 10 s" >&2; exit 1; fi
      sleep 0.005
    done
    times+=($(( $(now_ms) - start )))
    sleep 0.3
  done
  kill "$pid"; wait "$pid" 2>/dev/null || true; pid=""

  local sorted; sorted=$(printf '%s\n' "${times[@]}" | sort -n)
  local n=${#times[@]}
  local median; median=$(echo "$sorted" | sed -n "$(( (n + 1) / 2 ))p")
  local p90; p90=$(echo "$sorted" | sed -n "$(( (n * 9 + 9) / 10 ))p")
  local worst; worst=$(echo "$sorted" | tail -n 1)
  printf '%-8s rounds %3d   median %4d ms   p90 %4d ms   worst %4d ms\n' "$mode" "$n" "$median" "$p90" "$worst"
}

echo "save -> visible, $(nproc) cores, $(date -u +%Y-%m-%d)"
measure events
measure polling --Content:UsePolling=true
