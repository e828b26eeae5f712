#!/usr/bin/env bash
# Matching end to end over HTTP: a staff member's `POST .../matching/runs` through the JSON API,
# which reads the programme's selected entries from PostgreSQL, computes the affinities, solves,
# and stores the run record (inputs, their hash, the outcome) before answering 201. Then the
# advisory board's thread of a match with 200 comments, read as staff and as a team.
# First at the 2024 size (the demo: 4 challenges × 8 providers), then with every submitted entry
# of both 2024 calls selected (72 × 26). Release build, fresh embedded database.
# Usage: bench/matching.sh [runs per size, default 20]
set -euo pipefail
cd "$(dirname "$0")/.."
runs="${1:-20}"
port=8193
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
base="http://127.0.0.1:$port"

token_for() {
  local jar="$data/jar-$1"
  curl -s -c "$jar" -b "$jar" "$base/login" >/dev/null
  local csrf
  csrf=$(awk '$6 == "sweetspot_csrf" { print $7 }' "$jar")
  curl -s -c "$jar" -b "$jar" -o /dev/null -d "email=$1&password=sweetspot-demo-2024&csrf_token=$csrf" "$base/login"
  curl -s -c "$jar" -b "$jar" -H "X-CSRF-Token: $csrf" -H 'Content-Type: application/json' \
    -d '{"name": "bench"}' "$base/api/v1/me/tokens" | python3 -c 'import json, sys; print(json.load(sys.stdin)["token"])'
}
staff=$(token_for staff@demo.example)
team=$(token_for team.france@demo.example)

# Prints the median and the slowest of `runs` requests' total times, in milliseconds.
timed() {
  local label="$1"
  shift
  for _ in $(seq 1 "$runs"); do
    curl -fs -o /dev/null -w '%{time_total}\n' "$@"
  done | sort -n | awk -v label="$label" '{ t[NR] = $1 * 1000 } END { printf "%-46s median %7.1f ms   slowest %7.1f ms   (%d runs)\n", label, t[int((NR + 1) / 2)], t[NR], NR }'
}
run_matching() {
  timed "$1" -X POST -H "Authorization: Bearer $staff" -H 'Content-Type: application/json' \
    -d '{"k": 2, "c": '"$2"'}' "$base/api/v1/t/opsi/programmes/incubator-2024/matching/runs"
}

run_matching "run, 4 x 8 (2024), k = 2, c = 1" 1

psql "$db" -XAq -v ON_ERROR_STOP=1 <<'SQL'
insert into decisions (tenant_id, submission_id, call_id, outcome, rationale, released_at, participation)
  select s.tenant_id, s.id, s.call_id, 'selected', 'bench', now(), 'confirmed'
    from submissions s join calls c on c.tenant_id = s.tenant_id and c.id = s.call_id
    join programmes p on p.tenant_id = c.tenant_id and p.id = c.programme_id
   where p.slug = 'incubator-2024' and c.kind in ('challenge', 'solution') and s.status = 'submitted'
  on conflict (tenant_id, submission_id) do update
    set outcome = 'selected', released_at = now(), participation = 'confirmed';
SQL
sizes=$(curl -fs -H "Authorization: Bearer $staff" "$base/api/v1/t/opsi/programmes/incubator-2024/matching" |
  python3 -c 'import json, sys; d = json.load(sys.stdin); print(len(d["challenges"]), "x", len(d["providers"]))')
run_matching "run, $sizes (the full calls), k = 2, c = 6" 6

# A match with 200 comments (half internal, half shared, every fourth a reply).
match=$(psql "$db" -XAtc "select m.id from matches m join submissions s on s.id = m.challenge_id
  join organisations o on o.id = s.organisation_id where o.name like 'Ecolab%'")
psql "$db" -XAq -v ON_ERROR_STOP=1 -v match="'$match'" <<'SQL'
insert into comments (tenant_id, id, subject_kind, subject_id, author_id, audience, body)
  select m.tenant_id, gen_random_uuid(), 'match', m.id, (select id from users where email = 'advisor@demo.example'),
         case when n % 2 = 0 then 'internal' else 'shared' end,
         'Comment ' || n || ': **bold**, a [link](https://example.org) and a list:' || E'\n\n- one\n- two'
    from matches m, generate_series(1, 200) n where m.id = :match;
update comments c set parent_id = p.id
  from (select id, row_number() over (order by created_at, id) as n from comments where subject_id = :match and parent_id is null) p
 where c.subject_id = :match and c.parent_id is null and c.audience = 'shared'
   and c.id <> p.id and p.n = 1 and (hashtext(c.id::text) % 4) = 0;
SQL
timed "thread of 200 comments, JSON, staff" -H "Authorization: Bearer $staff" "$base/api/v1/t/opsi/threads/match/$match"
timed "thread of 200 comments, JSON, a team" -H "Authorization: Bearer $team" "$base/api/v1/t/opsi/threads/match/$match"
timed "match page with 200 comments, HTML, staff" -b "$data/jar-staff@demo.example" "$base/t/opsi/matches/$match"
