#!/usr/bin/env bash
# 40 wrong sign-ins sent at once from one address to a running site (on this machine), as the sign-in
# throttle is measured in docs/reliability.md: counts the answers by status and times the burst.
#   tests/scripts/signin-burst.sh http://127.0.0.1:5127 someone@example.org   # 40 guesses at one account name
#   tests/scripts/signin-burst.sh http://127.0.0.1:5127 --distinct            # 40 different names
set -euo pipefail
base=${1:?usage: signin-burst.sh BASE_URL [EMAIL|--distinct]}
email=${2:-someone@example.org}
jar=$(mktemp); out=$(mktemp)
trap 'rm -f "$jar" "$out"' EXIT

# One antiforgery token (and its cookie) serves every post, as it would for a script.
token=$(curl -s -c "$jar" "$base/account/sign-in" | sed -n 's/.*name="__RequestVerificationToken" value="\([^"]*\)".*/\1/p' | head -1)
[ -n "$token" ] || { echo "no sign-in form at $base/account/sign-in" >&2; exit 1; }

start=$(date +%s.%N)
seq 1 40 | xargs -P 40 -I{} sh -c '
  name=$1; [ "$name" = --distinct ] && name="guess$2@example.org"
  curl -s -o /dev/null -w "%{http_code}\n" -b "$3" --data-urlencode "__RequestVerificationToken=$4" \
    --data-urlencode "_handler=sign-in" --data-urlencode "Input.Email=$name" --data-urlencode "Input.Password=wrong password $2" \
    "$5/account/sign-in"' _ "$email" {} "$jar" "$token" "$base" >"$out"
end=$(date +%s.%N)

sort "$out" | uniq -c | awk '{ printf "%4d answered %s\n", $1, $2 }'
echo "wall time for the 40: $(echo "$end - $start" | bc) s"
