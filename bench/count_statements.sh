#!/usr/bin/env bash
# Counts the SQL statements PostgreSQL receives for one request of each kind a team member makes
# on a part of their form (opening it, saving it, a save refused as stale), and for the pages
# staff read most. It serves the demo over a fresh embedded database with `log_statement = all`,
# opens the demo's challenge call, signs in as the Brazilian team and as staff, and counts the
# server log's statement lines per request (sessions included: they live in PostgreSQL too).
# Usage: bench/count_statements.sh [path to a sweetspot binary, default: a fresh debug build]
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-}"
if [ -z "$binary" ]; then
  cargo build --bin sweetspot >/dev/null
  binary=target/debug/sweetspot
fi
port=8193
data=$(mktemp -d /tmp/sweetspot-statements-XXXXXX)
chmod 755 "$data"
DATA_DIR="$data/pg" ATTACHMENT_STORE="$data/files" MAIL_DIR="$data/mail" RUST_LOG=warn "$binary" serve --demo --bind "127.0.0.1:$port" &
server=$!
trap 'kill $server 2>/dev/null; wait $server 2>/dev/null; rm -rf "$data"' EXIT
for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done

sql() { psql "host=$data/pg user=postgres dbname=sweetspot" -Atc "$1"; }
sql "update calls set closes_at = now() + interval '30 days' where slug = 'challenges'" >/dev/null
sql "alter system set log_statement = 'all'" >/dev/null
sql "select pg_reload_conf()" >/dev/null
id=$(sql "select s.id from submissions s join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
          where o.name like 'General Secretariat%' and s.title like 'Promoting%'")
base="http://127.0.0.1:$port"
jar="$data/cookies"
curl -s -c "$jar" -b "$jar" "$base/login" >/dev/null
csrf=$(awk '$6 == "sweetspot_csrf" { print $7 }' "$jar")
curl -s -c "$jar" -b "$jar" -o /dev/null -d "email=team.brazil@demo.example&password=sweetspot-demo-2024&csrf_token=$csrf" "$base/login"
log="$data/pg/server.log"

# Statement lines the server logged while `curl` ran the request given.
count() {
  sleep 0.3
  local before after
  before=$(wc -l <"$log")
  local status
  status=$(curl -s -c "$jar" -b "$jar" -o /dev/null -w '%{http_code}' "$@")
  sleep 0.3
  after=$(wc -l <"$log")
  local statements
  statements=$(tail -n +"$((before + 1))" "$log" | head -n "$((after - before))" | grep -cE 'LOG:  (statement|execute)')
  printf '%-46s %4s %5s\n' "$label" "$status" "$statements"
}

printf '%-46s %4s %5s\n' request HTTP statements
version=$(sql "select version from submissions where id = '$id'")
label="GET part 0 (the form)"
count "$base/t/opsi/submissions/$id/parts/0"
label="POST part 0, saved (303)"
count -d "title=Promoting broader digital participation&summary=Improve access for under-represented groups.&version=$version&csrf_token=$csrf" \
  "$base/t/opsi/submissions/$id/parts/0"
label="POST part 0, stale version (409)"
count -d "title=Someone else's title&summary=Theirs&version=$version&csrf_token=$csrf" \
  "$base/t/opsi/submissions/$id/parts/0"
version=$(sql "select version from submissions where id = '$id'")
label="POST part 1, saved (303)"
question() {
  sql "select q.id from call_questions q join calls c on c.tenant_id = q.tenant_id and c.id = q.call_id
       where c.slug = 'challenges' and q.label = '$1'"
}
who=$(question 'Who is affected?')
tried=$(question 'What has been tried so far?')
count -d "q_$who=Residents of urban peripheries&q_$tried=Pilots in two cities&version=$version&csrf_token=$csrf" \
  "$base/t/opsi/submissions/$id/parts/1"

staff_jar="$data/staff-cookies"
curl -s -c "$staff_jar" -b "$staff_jar" "$base/login" >/dev/null
staff_csrf=$(awk '$6 == "sweetspot_csrf" { print $7 }' "$staff_jar")
curl -s -c "$staff_jar" -b "$staff_jar" -o /dev/null \
  -d "email=staff@demo.example&password=sweetspot-demo-2024&csrf_token=$staff_csrf" "$base/login"
jar="$staff_jar"
for page in /t/opsi /t/opsi/p/incubator-2024 /t/opsi/p/incubator-2024/c/challenges/submissions \
  "/t/opsi/submissions/$id" /t/opsi/organisations /t/opsi/admin/people; do
  label="GET $page (staff)"
  count "$base$page"
done
