#!/usr/bin/env bash
# Benchmark of selection at the size issue 13 sets: a round of 5,000 entries, 200 reviewers,
# 3 reviews each. Starts a release build over a fresh embedded database with the demo, adds
# submissions (bench/generate.py), then with SQL as the owner: 200 reviewers, a round on the
# challenge call with a four-criterion rubric, 5,000 of the call's submitted entries in it, 5% of
# the pairs declared conflicts and random preferences on 45% of them. It times the automatic
# assignment through the JSON API (every run from no assignment), then writes a submitted review
# with random scores for every assignment and measures the ranked table with wrk at 1 and 32
# connections (the first request computes the table; its time is printed apart).
# Usage: bench/selection.sh [seconds per wrk run, default 10] [assignment runs, default 3]
set -euo pipefail
cd "$(dirname "$0")/.."
duration="${1:-10}"
runs="${2:-3}"
port=8192
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
db="host=$data/pg user=postgres dbname=sweetspot"
python3 bench/generate.py "$db" --rows 6200 >/dev/null

psql "$db" -XAq -v ON_ERROR_STOP=1 <<'SQL'
\set tenant '(select id from tenants where slug = ''opsi'')'
\set call '(select c.id from calls c join programmes p on p.id = c.programme_id where p.slug = ''incubator-2024'' and c.slug = ''challenges'')'
insert into users (id, email, password_hash, display_name, email_verified_at)
  select gen_random_uuid(), 'bench.reviewer.' || n || '@demo.example', 'x', 'Bench Reviewer ' || n, now()
  from generate_series(1, 200) n;
insert into tenant_members (tenant_id, user_id, role)
  select :tenant, id, 'reviewer' from users where email like 'bench.reviewer.%';
insert into review_rounds (tenant_id, id, call_id, name, opens_at, closes_at, reviews_per_entry, blind)
  values (:tenant, gen_random_uuid(), :call, 'Benchmark round', now() - interval '1 day', now() + interval '30 days', 3, true);
\set round '(select id from review_rounds where name = ''Benchmark round'')'
insert into round_criteria (tenant_id, round_id, id, position, name, weight, scale_min, scale_max, anchors)
  select :tenant, :round, gen_random_uuid(), n, 'Criterion ' || n, n, 1, 5, array['1', '2', '3', '4', '5']
  from generate_series(1, 4) n;
insert into round_entries (tenant_id, round_id, submission_id)
  select s.tenant_id, :round, s.id from submissions s
   where s.tenant_id = :tenant and s.call_id = :call and s.status = 'submitted'
   order by s.id limit 5000;
insert into round_reviewers (tenant_id, round_id, user_id)
  select :tenant, :round, id from users where email like 'bench.reviewer.%';
-- 5% of the pairs conflicted, 45% with a preference: a fixed pseudo-random draw per pair.
insert into review_conflicts (tenant_id, round_id, submission_id, user_id, source, reason)
  select :tenant, :round, e.submission_id, r.user_id, 'declared', 'bench'
    from round_entries e cross join round_reviewers r
   where e.round_id = :round and r.round_id = :round
     and abs(hashtext(e.submission_id::text || r.user_id::text)) % 100 < 5;
insert into review_preferences (tenant_id, round_id, submission_id, user_id, preference)
  select :tenant, :round, e.submission_id, r.user_id,
         (array['eager', 'willing', 'willing', 'rather_not'])[1 + abs(hashtext(r.user_id::text || e.submission_id::text)) % 4]
    from round_entries e cross join round_reviewers r
   where e.round_id = :round and r.round_id = :round
     and abs(hashtext(e.submission_id::text || r.user_id::text)) % 100 between 5 and 49;
analyze;
SQL
round=$(psql "$db" -XAtc "select id from review_rounds where name = 'Benchmark round'")
echo "round $round: $(psql "$db" -XAtc "select count(*) from round_entries where round_id = '$round'") entries," \
  "$(psql "$db" -XAtc "select count(*) from round_reviewers where round_id = '$round'") reviewers," \
  "$(psql "$db" -XAtc "select count(*) from review_conflicts where round_id = '$round'") conflicts," \
  "$(psql "$db" -XAtc "select count(*) from review_preferences where round_id = '$round'") preferences"

# Staff's API token.
jar="$data/cookies"
curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/login" >/dev/null
csrf=$(awk '$6 == "sweetspot_csrf" { print $7 }' "$jar")
curl -s -c "$jar" -b "$jar" -o /dev/null -d "email=staff@demo.example&password=sweetspot-demo-2024&csrf_token=$csrf" "http://127.0.0.1:$port/login"
token=$(curl -s -c "$jar" -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
  -d '{"name": "bench"}' "http://127.0.0.1:$port/api/v1/me/tokens" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])')
session=$(awk '$6 == "sweetspot_session" { print $7 }' "$jar")
cookie="Cookie: sweetspot_session=$session; sweetspot_csrf=$csrf"

echo "automatic assignment, end to end (read the round, solve, write 15,000 pairs, commit):"
for run in $(seq 1 "$runs"); do
  psql "$db" -XAqc "delete from review_assignments where round_id = '$round'"
  seconds=$(curl -s -o "$data/report.json" -w '%{time_total}' -X POST -H "Authorization: Bearer $token" \
    "http://127.0.0.1:$port/api/v1/t/opsi/rounds/$round/assignments/automatic")
  echo "  run $run: $seconds s; $(python3 -c 'import json,sys; r=json.load(open(sys.argv[1])); print(r["added"], "pairs, loads", r["least_load"], "to", r["most_load"], ",", len(r["shortfalls"]), "entries short")' "$data/report.json")"
done

psql "$db" -XAq -v ON_ERROR_STOP=1 <<SQL
insert into reviews (tenant_id, id, round_id, submission_id, user_id, status, recommendation, submitted_at)
  select tenant_id, gen_random_uuid(), round_id, submission_id, user_id, 'submitted', 'support', now()
    from review_assignments where round_id = '$round';
insert into review_scores (tenant_id, review_id, criterion_id, score)
  select r.tenant_id, r.id, c.id, 1 + abs(hashtext(r.id::text || c.id::text)) % 5
    from reviews r join round_criteria c on c.tenant_id = r.tenant_id and c.round_id = r.round_id
   where r.round_id = '$round';
update review_rounds set results_version = results_version + 1 where id = '$round';
analyze;
SQL
echo "$(psql "$db" -XAtc "select count(*) from reviews where round_id = '$round'") reviews," \
  "$(psql "$db" -XAtc "select count(*) from review_scores s join reviews r on r.id = s.review_id where r.round_id = '$round'") scores"
first=$(curl -s -o /dev/null -w '%{time_total}' -H "$cookie" "http://127.0.0.1:$port/t/opsi/rounds/$round/ranking")
echo "first ranked page (computes the table of 5,000): $first s"

printf '%-40s %5s %10s %9s %9s %8s\n' endpoint conns "req/s" "p50" "p99" "non-2xx"
measure() {
  local name=$1 path=$2
  for conns in 1 32; do
    local threads=$(( conns < 2 ? 1 : 2 ))
    local out rps p50 p99 errors
    out=$(wrk -t"$threads" -c"$conns" -d"${duration}s" --latency -H "$cookie" "http://127.0.0.1:$port$path")
    rps=$(awk '/Requests\/sec/ { print $2 }' <<<"$out")
    p50=$(awk '$1 == "50%" { print $2 }' <<<"$out")
    p99=$(awk '$1 == "99%" { print $2 }' <<<"$out")
    errors=$(awk '/Non-2xx/ { print $5 }' <<<"$out")
    printf '%-40s %5s %10s %9s %9s %8s\n' "$name" "$conns" "$rps" "$p50" "$p99" "${errors:-0}"
  done
}
measure "GET /healthz (server ceiling)" /healthz
measure "GET ranked table, first page" "/t/opsi/rounds/$round/ranking"
after=$(( 2500 ))
measure "GET ranked table, normalised, page 51" "/t/opsi/rounds/$round/ranking?order=normalised&after=$after"
measure "GET JSON ranked table" "/api/v1/t/opsi/rounds/$round/ranking"
