#!/usr/bin/env bash
# Load benchmark of the foundation's pages with wrk (installed from Debian when missing).
# Starts a release build over a fresh embedded database with the demo data, measures each
# endpoint at 1 and 32 connections, and prints requests/s, p50/p99 latency, non-2xx responses and
# the server's peak memory. Usage: bench/run.sh [seconds per run, default 10] [extra submissions in
# the demo's challenge call, default 0] [extra tenants, default 0] [submissions per extra tenant]
# SWEETSPOT_BIN=path measures that binary instead of a fresh release build (to compare two builds
# in one sitting).
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
rows="${2:-0}"
extra_tenants="${3:-0}"
extra_rows="${4:-0}"
port=8191
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }
binary="${SWEETSPOT_BIN:-}"
if [ -z "$binary" ]; then
  cargo build --release --bin sweetspot >/dev/null
  binary=target/release/sweetspot
fi

data=$(mktemp -d /tmp/sweetspot-bench-XXXXXX)
chmod 755 "$data"
DATA_DIR="$data/pg" MAIL_DIR="$data/mail" RUST_LOG=warn "$binary" serve --demo --bind "127.0.0.1:$port" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 100); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done

if [ "$rows" -gt 0 ] || [ "$extra_tenants" -gt 0 ]; then
  started=$(date +%s)
  python3 bench/generate.py "host=$data/pg user=postgres dbname=sweetspot" --rows "$rows" \
    --extra-tenants "$extra_tenants" --extra-rows "$extra_rows"
  echo "generated $rows + $extra_tenants x $extra_rows submissions in $(( $(date +%s) - started )) s;" \
    "$(psql "host=$data/pg user=postgres dbname=sweetspot" -Atc 'select count(*) from submissions') submissions in all"
fi

# Sign in as staff once to measure pages behind a session.
jar="$data/cookies"
curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/login" >/dev/null
csrf=$(awk '$6 == "sweetspot_csrf" { print $7 }' "$jar")
curl -s -c "$jar" -b "$jar" -o /dev/null -d "email=staff@demo.example&password=sweetspot-demo-2024&csrf_token=$csrf" "http://127.0.0.1:$port/login"
session=$(awk '$6 == "sweetspot_session" { print $7 }' "$jar")
cookie="Cookie: sweetspot_session=$session; sweetspot_csrf=$csrf"

printf '%-38s %5s %10s %9s %9s %8s\n' endpoint conns "req/s" "p50" "p99" "non-2xx"
measure() {
  local name=$1 path=$2 header=${3:-}
  for conns in 1 32; do
    local threads=$(( conns < 2 ? 1 : 2 ))
    local out
    if [ -n "$header" ]; then
      out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency -H "$header" "http://127.0.0.1:$port$path")
    else
      out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency "http://127.0.0.1:$port$path")
    fi
    local rps p50 p99 errors
    rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    errors=$(awk '/Non-2xx/ { print $5 }' <<<"$out")
    printf '%-38s %5s %10s %9s %9s %8s\n' "$name" "$conns" "$rps" "$p50" "$p99" "${errors:-0}"
  done
}
measure "GET /healthz (server ceiling)" /healthz
measure "GET /login (signed out)" /login
measure "GET /t/opsi (signed out)" /t/opsi
measure "GET /t/opsi/organisations (staff)" /t/opsi/organisations "$cookie"
measure "GET /api/v1/t/opsi/organisations" /api/v1/t/opsi/organisations "$cookie"
call=/t/opsi/p/incubator-2024/c/challenges
measure "GET call page (signed out)" "$call"
measure "GET staff submissions list" "$call/submissions" "$cookie"
measure "GET staff list, filter + search" "$call/submissions?status=submitted&q=digital" "$cookie"
measure "GET staff list, continent + search" "$call/submissions?continent=europe&q=digital" "$cookie"
measure "GET JSON submissions list" "/api/v1/t/opsi/programmes/incubator-2024/calls/challenges/submissions" "$cookie"
detail=$(curl -s -H "$cookie" "http://127.0.0.1:$port/api/v1/t/opsi/programmes/incubator-2024/calls/challenges/submissions" \
  | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])')
measure "GET submission detail (staff)" "/t/opsi/submissions/$detail" "$cookie"
echo
echo "creating and submitting, one at a time (JSON API, team member):"
python3 bench/create_submit.py "$port" "$session" "$csrf" 300
echo "server peak memory (VmHWM): $(awk '/VmHWM/ { print $2, $3 }' /proc/$server/status)"
