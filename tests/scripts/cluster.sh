#!/usr/bin/env bash
# Two instances behind HAProxy on one PostgreSQL and one content folder (docs/deploy.md, "Several
# machines"), then eight checks against the balancer, one line each; ends PASS or FAIL.
#
#   tests/scripts/cluster.sh            (50 quizzes in Chromium, 15 s of throughput per measurement)
#   tests/scripts/cluster.sh --short    (CI: every step, with 5 quizzes, 3 s of throughput, 15 s of warm-up)
#
# Set CLUSTER_SITE to a `dotnet publish` folder to skip publishing.
set -uo pipefail
cd "$(dirname "$0")/../.."
repo=$(pwd)
short=0
if [ "${1:-}" = --short ]; then short=1; shift; fi
# The short run caps each instance's warm-up at 15 s (WarmUp:MaxSeconds): ready sooner, figures not worth keeping.
if [ "$short" = 1 ]; then quizzes=5; seconds=3; warm_max=15; else quizzes=50; seconds=15; warm_max=60; fi

pg_port=55433
lb_port=5300
smtp_port=5325
declare -A port=([a]=5301 [b]=5302)
declare -A core=([a]=0 [b]=1)
lb="https://127.0.0.1:$lb_port"
# The API allowance per visitor, small so that step 6 reaches it quickly.
api_limit=20

need() { command -v "$1" >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$2" >/dev/null; }; }
need haproxy haproxy; need wrk wrk; need curl curl; need python3 python3; need openssl openssl; need taskset util-linux

work=$(mktemp -d /tmp/decisioner-cluster.XXXXXX)
declare -A pid=()
haproxy_pid=""; smtp_pid=""; PG_TEST_DIR=""
cleanup() {
  for name in "${!pid[@]}"; do [ -n "${pid[$name]}" ] && kill -9 "${pid[$name]}" 2>/dev/null; done
  [ -n "$haproxy_pid" ] && { kill "$haproxy_pid"; wait "$haproxy_pid"; } 2>/dev/null
  [ -n "$smtp_pid" ] && { kill "$smtp_pid"; wait "$smtp_pid"; } 2>/dev/null
  [ -n "$PG_TEST_DIR" ] && tests/scripts/postgres.sh stop "$PG_TEST_DIR" 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
die() { echo "FAIL: $*"; for f in "$work"/*.log; do [ -f "$f" ] && { echo "--- $(basename "$f")"; tail -15 "$f"; }; done; exit 1; }
now_ms() { echo $(( $(date +%s%N) / 1000000 )); }

failed=0
step() { # number, ok|fail, text
  if [ "$2" = ok ]; then echo "step $1 ok: $3"; else echo "step $1 FAIL: $3"; failed=1; fi
}

# --- set-up -----------------------------------------------------------------------------------------
if [ -n "${CLUSTER_SITE:-}" ]; then
  site="$CLUSTER_SITE"
else
  echo "== publish (Release, the default dotnet publish output)"
  dotnet publish src/Decisioner.Web -c Release -o "$work/site" -v quiet -nologo >/dev/null || die "publish failed"
  site="$work/site"
fi
echo "== build the browser tests"
dotnet build tests/Decisioner.E2E.Tests -v quiet -nologo >"$work/build.txt" 2>&1 || { cat "$work/build.txt"; die "build failed"; }

echo "== postgresql, a shared content folder, a mail server, two instances, haproxy"
eval "$(tests/scripts/postgres.sh start "$pg_port")" || die "postgresql did not start"
cp -r content "$work/content"
database=(--Database:Provider=Postgres "--Database:ConnectionString=$DECISIONER_TEST_POSTGRES")
dotnet "$site/Decisioner.Web.dll" --contentRoot "$site" "--Content:Root=$work/content" "${database[@]}" migrate >"$work/migrate.log" 2>&1 \
  || die "migrate failed: $(tail -3 "$work/migrate.log")"
staff=desk@example.org
printed=$(dotnet "$site/Decisioner.Web.dll" --contentRoot "$site" "--Content:Root=$work/content" "${database[@]}" users add "$staff" --role admin \
  | sed -n 's/^Password, shown once: //p')
[ -n "$printed" ] || die "could not add the staff account"
password="a long password of my own"

mkdir -p "$work/mail"
start_smtp() { python3 tests/scripts/smtp-sink.py "$smtp_port" "$work/mail" >>"$work/smtp.log" 2>&1 & smtp_pid=$!; sleep 0.3; }
stop_smtp() { [ -n "$smtp_pid" ] && kill "$smtp_pid" 2>/dev/null; wait "$smtp_pid" 2>/dev/null; smtp_pid=""; }

start_instance() { # name
  local name=$1
  # Behind the balancer: trust its forwarded headers (it connects from 127.0.0.1), read the shared folder
  # by polling as on a network volume, send mail through the test server.
  ForwardedHeaders__KnownProxies=127.0.0.1 ASPNETCORE_ENVIRONMENT=Production taskset -c "${core[$name]}" \
    dotnet "$site/Decisioner.Web.dll" --contentRoot "$site" --urls "http://127.0.0.1:${port[$name]}" \
    "--Content:Root=$work/content" --Content:UsePolling=true --Content:PollIntervalMs=250 "${database[@]}" \
    "--Limits:ApiPermitLimit=$api_limit" --Limits:MaxCircuitsPerClient=200 \
    --Email:Host=127.0.0.1 "--Email:Port=$smtp_port" --Email:Security=None --Email:FromAddress=desk@example.org \
    --Email:PollSeconds=0.2 --Email:MaxAttempts=1 --Email:TimeoutSeconds=5 "--WarmUp:MaxSeconds=$warm_max" \
    --Logging:LogLevel:Default=Warning >>"$work/$name.log" 2>&1 &
  pid[$name]=$!
  disown "${pid[$name]}"   # killed on purpose in step 5: no job notice from the shell
}
wait_ready() { # name
  local name=$1 deadline=$(( $(now_ms) + 120000 ))
  until [ "$(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:${port[$name]}/health/ready")" = 200 ]; do
    kill -0 "${pid[$name]}" 2>/dev/null || die "instance $name exited at start"
    [ "$(now_ms)" -lt "$deadline" ] || die "instance $name did not become ready within 120 s"
    sleep 0.1
  done
}
# Waits until the balancer has sent a request to every named instance (its health check marks them up).
wait_balanced() { # names...
  local want=" $* " seen=" " deadline=$(( $(now_ms) + 30000 ))
  while [ "$(now_ms)" -lt "$deadline" ]; do
    local served; served=$(curl -sk -o /dev/null -D - "$lb/health/live" | tr -d '\r' | sed -n 's/^x-instance: //Ip')
    [[ "$seen" == *" $served "* ]] || seen="$seen$served "
    local missing=0; for n in "$@"; do [[ "$seen" == *" $n "* ]] || missing=1; done
    [ "$missing" = 0 ] && return 0
    sleep 0.1
  done
  die "the balancer did not reach instances$want (saw$seen)"
}

start_instance a; start_instance b
wait_ready a; wait_ready b

openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost -keyout "$work/lb.key" -out "$work/lb.crt" 2>/dev/null
cat "$work/lb.crt" "$work/lb.key" >"$work/lb.pem"
# The configuration docs/deploy.md shows, with the run's ports, certificate and an X-Instance header
# (which instance answered, for these checks only).
cat >"$work/haproxy.cfg" <<CFG
global
    maxconn 4096

defaults
    mode http
    timeout connect 2s
    timeout client 60s
    timeout server 60s
    # A circuit is a WebSocket that stays open while the visitor is on a quiz page.
    timeout tunnel 1h
    option redispatch
    retries 2

frontend www
    bind 127.0.0.1:$lb_port ssl crt $work/lb.pem alpn http/1.1
    option forwardfor
    http-request set-header X-Forwarded-Proto https
    # Affinity only where it is needed: a circuit's negotiation and its connection must reach the same
    # instance. Pages, the API and staff forms go to any instance, and public pages set no cookie.
    use_backend circuits if { path_beg /_blazor }
    default_backend pages

backend pages
    balance roundrobin
    # Passive: a request carrying the circuit cookie stays with that instance; none is ever set here.
    cookie SRV indirect nocache
    option httpchk GET /health/ready
    default-server check inter 500ms fall 2 rise 2
    http-response set-header X-Instance %[srv_name]
    server a 127.0.0.1:${port[a]} cookie a
    server b 127.0.0.1:${port[b]} cookie b

backend circuits
    balance roundrobin
    cookie SRV insert indirect nocache secure httponly attr SameSite=Lax
    option httpchk GET /health/ready
    default-server check inter 500ms fall 2 rise 2
    http-response set-header X-Instance %[srv_name]
    server a 127.0.0.1:${port[a]} cookie a
    server b 127.0.0.1:${port[b]} cookie b
CFG
haproxy -c -f "$work/haproxy.cfg" >"$work/haproxy-check.log" 2>&1 || die "haproxy configuration: $(cat "$work/haproxy-check.log")"
haproxy -db -f "$work/haproxy.cfg" >>"$work/haproxy.log" 2>&1 &
haproxy_pid=$!
wait_balanced a b
echo "== ready: instances a (:${port[a]}, core ${core[a]}) and b (:${port[b]}, core ${core[b]}) behind $lb"

# --- helpers: a staff member's browser, as curl through the balancer ----------------------------------
jar="$work/staff.jar"
: >"$jar"
# Sends the next requests to one instance, as the balancer's circuit cookie would.
via() { sed -i '/\tSRV\t/d' "$jar"; printf '127.0.0.1\tFALSE\t/\tTRUE\t0\tSRV\t%s\n' "$1" >>"$jar"; }
get() { curl -sk -b "$jar" -c "$jar" -D "$work/headers" "$lb$1"; }
post() { local path=$1; shift; curl -sk -b "$jar" -c "$jar" -D "$work/headers" -o "$work/body" -w '%{http_code}' "$@" "$lb$path"; }
served_by() { tr -d '\r' <"$work/headers" | sed -n 's/^x-instance: //Ip' | tail -1; }
token() { grep -o 'name="__RequestVerificationToken" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
hidden() { grep -o "name=\"$1\" value=\"[^\"]*\"" | head -1 | sed 's/.*value="//; s/"$//' | python3 -c 'import html,sys; print(html.unescape(sys.stdin.read().strip()))'; }

# --- 1. quizzes in Chromium ---------------------------------------------------------------------------
DECISIONER_CLUSTER_URL="$lb" DECISIONER_QUIZZES=$quizzes dotnet test tests/Decisioner.E2E.Tests --no-build \
  --filter "FullyQualifiedName~ClusterTests.Quizzes_" >"$work/step1.txt" 2>&1
if [ $? = 0 ] && [ -f "$repo/artifacts/cluster-quizzes.txt" ]; then
  step 1 ok "$(cat "$repo/artifacts/cluster-quizzes.txt")"
else
  step 1 fail "$(cat "$repo/artifacts/cluster-quizzes.txt" 2>/dev/null || grep -m3 -E 'Expected|Error Message|error' "$work/step1.txt" | tr '\n' ' ')"
fi
rm -f "$repo/artifacts/cluster-quizzes.txt"

# --- 2. a session saved through one instance is listed through the other -----------------------------
via a
page=$(get /account/sign-in)
code=$(post /account/sign-in --data-urlencode "__RequestVerificationToken=$(token <<<"$page")" -d _handler=sign-in \
  --data-urlencode "Input.Email=$staff" --data-urlencode "Input.Password=$printed")
page=$(get /account/password)
code2=$(post /account/password --data-urlencode "__RequestVerificationToken=$(token <<<"$page")" -d _handler=password \
  --data-urlencode "Input.Current=$printed" --data-urlencode "Input.New=$password")
prospect="Cluster Prospect $RANDOM"
answers="gap=behavior&examples=50-500&evaluation=automated&capacity=managed-service"
page=$(get "/quiz/rag-vs-fine-tuning/result?$answers&presenter=1")
code3=$(post /staff/desk/new --data-urlencode "__RequestVerificationToken=$(token <<<"$page")" -d _handler=save \
  --data-urlencode "Input.QuizId=$(hidden Input.QuizId <<<"$page")" --data-urlencode "Input.Answers=$(hidden Input.Answers <<<"$page")" \
  --data-urlencode "Input.Key=$(hidden Input.Key <<<"$page")" --data-urlencode "Input.Name=$prospect" \
  --data-urlencode "Input.Email=prospect@example.org" -d Input.ConsentSend=true)
saved_by=$(served_by)
session=$(tr -d '\r' <"$work/headers" | sed -n 's#^location: .*/staff/desk/\([0-9a-f-]\{36\}\)$#\1#Ip')
via b
listed=$(get /staff/desk)
listed_by=$(served_by)
if [ "$code/$code2/$code3" = 302/302/302 ] && [ -n "$session" ] && [ "$saved_by" = a ] && [ "$listed_by" = b ] && grep -q "$prospect" <<<"$listed"; then
  step 2 ok "signed in and saved session $session through a; listed through b"
else
  step 2 fail "sign-in $code, password $code2, save $code3 (by '$saved_by'), session '$session', list by '$listed_by' $(grep -c "$prospect" <<<"$listed") matches"
fi

# --- 3. an edit published through one instance is served by both within 1 s ---------------------------
step_publish() {
  # An editor (the admin from step 2) publishes through instance a, as the editing page does: the page's token and
  # the file's hash as opened, then POST /editor/api/publish. Both instances must serve it within 1 s.
  local file="guides/rag-vs-fine-tuning.md" marker="Published across the cluster $RANDOM$RANDOM"
  via a
  local page; page=$(get "/editor/edit?file=guides%2Frag-vs-fine-tuning.md")
  local base; base=$(hidden Input.BaseHash <<<"$page")
  python3 - "$work/content/$file" "$marker" "$work/published.md" <<'PY'
import sys
path, marker, out = sys.argv[1], sys.argv[2], sys.argv[3]
text = open(path, encoding="utf-8").read()
text = text.replace("\n## ", f"\n{marker}\n\n## ", 1)
open(out, "w", encoding="utf-8").write(text)
PY
  local t0; t0=$(now_ms)
  local code; code=$(post /editor/api/publish --data-urlencode "__RequestVerificationToken=$(token <<<"$page")" \
    --data-urlencode "file=$file" --data-urlencode "baseHash=$base" --data-urlencode "note=Published across the cluster" \
    --data-urlencode "text@$work/published.md")
  local by; by=$(served_by)
  if [ "$code" != 200 ] || [ "$by" != a ]; then
    step 3 fail "publish through '$by' answered $code: $(head -c 300 "$work/body")"
    return
  fi
  local seen_a="" seen_b=""
  while [ $(( $(now_ms) - t0 )) -lt 3000 ] && { [ -z "$seen_a" ] || [ -z "$seen_b" ]; }; do
    [ -z "$seen_a" ] && curl -s "http://127.0.0.1:${port[a]}/guides/rag-vs-fine-tuning" | grep -q "$marker" && seen_a=$(( $(now_ms) - t0 ))
    [ -z "$seen_b" ] && curl -s "http://127.0.0.1:${port[b]}/guides/rag-vs-fine-tuning" | grep -q "$marker" && seen_b=$(( $(now_ms) - t0 ))
    sleep 0.02
  done
  if [ -n "$seen_a" ] && [ -n "$seen_b" ] && [ "$seen_a" -le 1000 ] && [ "$seen_b" -le 1000 ]; then
    step 3 ok "a guide published through a (POST /editor/api/publish) was served by a after ${seen_a} ms and by b after ${seen_b} ms"
  else
    step 3 fail "an edited guide was served by a after ${seen_a:-never} ms and by b after ${seen_b:-never} ms (limit 1000 ms)"
  fi
}
step_publish

# --- 4. a sign-in cookie and an antiforgery token from one instance are accepted by the other ----------
via a
page=$(get "/staff/desk/$session")
from=$(served_by)
via b
code=$(post "/staff/desk/$session" --data-urlencode "__RequestVerificationToken=$(token <<<"$page")" -d _handler=note \
  --data-urlencode "Note.Text=Written with a form from instance a")
by=$(served_by)
# Accepted is a redirect back to the session with ?done=note (post/redirect/get); the note is then on the page, through a.
landing=$(tr -d '\r' <"$work/headers" | sed -n 's/^location: //Ip' | tail -1)
via a
landed=$(get "/staff/desk/$session?done=note")
if [ "$from/$by/$code" = a/b/302 ] && [[ "$landing" == *"/staff/desk/$session?done=note" ]] \
  && grep -q "Written with a form from instance a" <<<"$landed"; then
  step 4 ok "the session page's form from a (its token, the sign-in cookie from step 2's a) was posted through b and accepted; the note shows through a"
else
  step 4 fail "form from '$from' posted through '$by': $code ${landing:-no redirect} $(grep -o '[Aa]ntiforgery[^<]*' "$work/body" | head -1)"
fi

# --- 5. an instance killed in the middle of a quiz ------------------------------------------------------
cat >"$work/kill-instance" <<KILL
#!/usr/bin/env bash
kill -9 "\$(cat "$work/\$1.pid")"
KILL
chmod +x "$work/kill-instance"
for name in a b; do echo "${pid[$name]}" >"$work/$name.pid"; done
DECISIONER_CLUSTER_URL="$lb" DECISIONER_CLUSTER_KILL="$work/kill-instance" dotnet test tests/Decisioner.E2E.Tests --no-build \
  --filter "FullyQualifiedName~ClusterTests.InstanceKilled_" >"$work/step5.txt" 2>&1
result=$?
killed=""
for name in a b; do kill -0 "${pid[$name]}" 2>/dev/null || { killed=$name; pid[$name]=""; }; done
survivor=b; [ "$killed" = b ] && survivor=a
via "$killed"   # the staff member's last instance is gone too: the balancer must send them on
list=$(get /staff/desk)
intact=$(grep -c "$prospect" <<<"$list")
if [ "$result" = 0 ] && [ -n "$killed" ] && [ "$intact" -ge 1 ] && [ "$(served_by)" = "$survivor" ]; then
  step 5 ok "$(cat "$repo/artifacts/cluster-failover.txt"); the saved session is listed through $survivor"
else
  step 5 fail "$(cat "$repo/artifacts/cluster-failover.txt" 2>/dev/null || grep -m3 -E 'Expected|Error Message' "$work/step5.txt" | tr '\n' ' ') (killed '$killed', session listed: $intact)"
fi
rm -f "$repo/artifacts/cluster-failover.txt"

# --- 6. the rate limit counts per visitor behind the proxy ---------------------------------------------
# Two visitors from their own addresses (127.0.0.2 and 127.0.0.3); the balancer adds X-Forwarded-For.
refused=0
for _ in $(seq 1 $(( api_limit * 2 + 5 ))); do
  [ "$(curl -sk --interface 127.0.0.2 -o /dev/null -w '%{http_code}' "$lb/api/questionnaires/rag-vs-fine-tuning")" = 429 ] && refused=$((refused + 1))
done
other=$(curl -sk --interface 127.0.0.3 -o /dev/null -w '%{http_code}' "$lb/api/questionnaires/rag-vs-fine-tuning")
if [ "$refused" -ge 1 ] && [ "$other" = 200 ]; then
  step 6 ok "visitor 127.0.0.2 was refused $refused of $(( api_limit * 2 + 5 )) API requests (limit $api_limit); visitor 127.0.0.3 then got $other"
else
  step 6 fail "visitor 127.0.0.2 refused $refused times; visitor 127.0.0.3 then got $other (200 expected: the limit must key on the visitor, not the proxy)"
fi

# --- 7. guide throughput through the balancer, one instance and two ------------------------------------
cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  local e = summary.errors
  io.write(string.format("RESULT %.0f %d %.1f\n", summary.requests / (summary.duration / 1e6),
    e.connect + e.read + e.write + e.status + e.timeout, latency:percentile(99) / 1000))
end
LUA
drive() { wrk -t2 -c32 -d"${seconds}s" -s "$work/report.lua" "$lb/guides/rag-vs-fine-tuning" | awk '/^RESULT/ {print $2, $3, $4}'; }
wrk -t2 -c32 -d2s "$lb/guides/rag-vs-fine-tuning" >/dev/null   # the survivor's cache and the balancer's TLS sessions
read -r one_rps one_err one_p99 < <(drive)
start_instance "$killed"; wait_ready "$killed"; wait_balanced a b
wrk -t2 -c32 -d2s "$lb/guides/rag-vs-fine-tuning" >/dev/null
read -r two_rps two_err two_p99 < <(drive)
if [ "${one_err:-1}" = 0 ] && [ "${two_err:-1}" = 0 ]; then
  step 7 ok "guide through haproxy (TLS), 32 connections, ${seconds} s: one instance $one_rps req/s (p99 $one_p99 ms), two $two_rps req/s (p99 $two_p99 ms); $(python3 -c "print(f'{$two_rps / $one_rps:.2f}')")x"
else
  step 7 fail "errors under load: one instance $one_rps req/s, $one_err errors; two $two_rps req/s, $two_err errors"
fi

# --- 8. a result sent with the mail server down, retried while both run, arrives once -------------------
stop_smtp
retry_id() { get "/staff/desk/$session" | grep -o 'name="Retry.Message" value="[^"]*"' | head -1 | sed 's/.*value="//; s/"$//'; }
wait_failed() { local deadline=$(( $(now_ms) + 15000 )) id=""; while [ -z "$id" ] && [ "$(now_ms)" -lt "$deadline" ]; do sleep 0.2; id=$(retry_id); done; echo "$id"; }
via a
page=$(get "/staff/desk/$session")
send=$(post "/staff/desk/$session" --data-urlencode "__RequestVerificationToken=$(token <<<"$page")" -d _handler=send -d Send.Confirm=yes)
send_by=$(served_by)
first=$(wait_failed)
via b
page=$(get "/staff/desk/$session")
retry1=$(post "/staff/desk/$session" --data-urlencode "__RequestVerificationToken=$(token <<<"$page")" -d _handler=retry -d "Retry.Message=$first")
retry_by=$(served_by)
second=$(wait_failed)
start_smtp
via a
page=$(get "/staff/desk/$session")
retry2=$(post "/staff/desk/$session" --data-urlencode "__RequestVerificationToken=$(token <<<"$page")" -d _handler=retry -d "Retry.Message=$second")
deadline=$(( $(now_ms) + 15000 ))
until ls "$work/mail"/*.eml >/dev/null 2>&1 || [ "$(now_ms)" -ge "$deadline" ]; do sleep 0.1; done
sleep 3   # time for a second copy to arrive, if any instance were to send it again
arrived=$(ls "$work/mail"/*.eml 2>/dev/null | wc -l)
# Each form posts, then redirects (so a reload cannot send twice).
if [ "$send/$retry1/$retry2" = 302/302/302 ] && [ "$send_by/$retry_by" = a/b ] && [ -n "$first" ] && [ "$first" = "$second" ] && [ "$arrived" = 1 ] \
   && grep -q "prospect@example.org" "$work/mail/1.eml"; then
  step 8 ok "sent through a and retried through b while the mail server was down (both failed); retried once it was back: 1 message arrived"
else
  step 8 fail "send $send via '$send_by', retry $retry1 via '$retry_by' (message '$first' then '$second'), retry $retry2; $arrived messages arrived (1 expected)"
fi

if [ "$failed" = 0 ]; then echo "PASS: cluster"; else echo "FAIL: cluster"; exit 1; fi
