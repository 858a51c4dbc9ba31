#!/usr/bin/env bash
# What a signed-in staff page costs the site: wrk on /staff with a real staff cookie, the site pinned to
# core 0 and wrk to core 1 (as load.sh does). Run it on two checkouts the same day to compare them.
#
#   tests/scripts/staff-request-cost.sh [checkout folder] [seconds]     (defaults: this repository, 10)
#   tests/scripts/staff-request-cost.sh --short                         (2 s, for CI: the script keeps working)
set -euo pipefail
here="$(cd "$(dirname "$0")/../.." && pwd)"
if [ "${1:-}" = "--short" ]; then repo="$here"; seconds=2; else repo="$(cd "${1:-$here}" && pwd)"; seconds="${2:-10}"; fi
port=5211
site="http://127.0.0.1:$port"
command -v wrk >/dev/null || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

work=$(mktemp -d)
pid=""
cleanup() { [ -n "$pid" ] && kill "$pid" 2>/dev/null; wait 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
fail() { echo "FAIL: $*" >&2; exit 1; }

echo "== publish (Release) of $repo"
dotnet publish "$repo/src/Decisioner.Web" -c Release -o "$work/site" -v quiet -nologo >/dev/null
settings=(--contentRoot "$work/site" "--Content:Root=$repo/content" "--Database:DataFolder=$work/data")
app=(dotnet "$work/site/Decisioner.Web.dll")

# The command first, then the settings: the order every version of the site has understood.
password=$(timeout 60 "${app[@]}" users add staff@example.org --role admin "${settings[@]}" | sed -n 's/^Password, shown once: //p')
[ -n "$password" ] || fail "users add printed no password"

# The warm-up before ready is off: this script warms the pages it measures with its own requests.
ASPNETCORE_ENVIRONMENT=Production taskset -c 0 "${app[@]}" "${settings[@]}" --urls "$site" --WarmUp:Enabled=false >"$work/site.log" 2>&1 &
pid=$!
for _ in $(seq 1 100); do curl -fs "$site/health/ready" >/dev/null 2>&1 && break; sleep 0.2; done
curl -fs "$site/health/ready" >/dev/null || { cat "$work/site.log"; fail "the site did not start"; }

jar="$work/cookies"
token() { curl -s -b "$jar" -c "$jar" "$site$1" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -1; }
# Production cookies are Secure; curl keeps them for http://127.0.0.1 only if told the site is secure, so
# the cookie is read from the jar whatever its flag.
post() { curl -s -o /dev/null -w '%{http_code}' -b "$jar" -c "$jar" "$site$1" --data-urlencode "__RequestVerificationToken=$(token "$1")" --data-urlencode "_handler=$2" "${@:3}"; }
[ "$(post /account/sign-in sign-in --data-urlencode Input.Email=staff@example.org --data-urlencode "Input.Password=$password")" = 302 ] || fail "sign-in refused"
[ "$(post /account/password password --data-urlencode "Input.Current=$password" --data-urlencode "Input.New=a password of my own")" = 302 ] || fail "password change refused"
cookie=$(awk '$6 == "decisioner-staff" {print $7}' "$jar" | tail -1)
[ -n "$cookie" ] || fail "no staff cookie in the jar"
status=$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: decisioner-staff=$cookie" "$site/staff")
[ "$status" = 200 ] || fail "/staff answered $status with the cookie"

echo "== /staff signed in, 8 connections, ${seconds} s (after 3 s of warm-up)"
taskset -c 1 wrk -t1 -c8 -d3s -H "Cookie: decisioner-staff=$cookie" "$site/staff" >/dev/null
taskset -c 1 wrk -t1 -c8 -d"${seconds}s" --latency -H "Cookie: decisioner-staff=$cookie" "$site/staff" | grep -E "Requests/sec|99%|50%|Non-2xx"
