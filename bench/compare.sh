#!/usr/bin/env bash
# Paired comparison of two builds. Both serve the demo programme at once, each over its own fresh
# embedded database, and wrk alternates between them (a, b, a, b, ...) on each endpoint, so the
# machine's drift from minute to minute falls on both sides alike. After each run a short /healthz
# run measures that server's own ceiling at that moment.
#
# Usage: bench/compare.sh BINARY_A BINARY_B [path ...]
#   ROUNDS (default 3) pairs per endpoint; CONNS (default "1 32"); SECONDS_PER_RUN (default 6);
#   ROWS (default 0) more submissions in each server's demo call, made by bench/generate.py;
#   EXTRA_TENANTS and EXTRA_ROWS (default 0) that many more tenants with that many each.
#   A path starting with "!" is requested signed out; the others carry a staff session.
#   "{detail}" in a path stands for the id of that server's first submission in the demo call.
# Prints one line per run and, per endpoint and connection count, the mean requests/s of each side
# and the ratio b/a, next to the ratio of their /healthz means.
set -euo pipefail
cd "$(dirname "$0")/.."
[ $# -ge 2 ] || { sed -n '2,15p' "$0"; exit 2; }
binary_a=$1 binary_b=$2
shift 2
paths=("$@")
if [ ${#paths[@]} -eq 0 ]; then
  call=/t/opsi/p/incubator-2024/c/challenges
  paths=(/healthz '!/login' '!/t/opsi' /t/opsi /t/opsi/p/incubator-2024 /t/opsi/organisations
    /t/opsi/admin/people /api/v1/t/opsi/organisations "!$call" "$call/submissions"
    "$call/submissions?status=submitted&q=digital"
    /api/v1/t/opsi/programmes/incubator-2024/calls/challenges/submissions
    "/t/opsi/submissions/{detail}")
fi
command -v wrk >/dev/null 2>&1 || { apt-get update -qq && apt-get install -y -qq wrk >/dev/null; }

start() { # binary port -> "pid dir"
  local dir
  dir=$(mktemp -d /tmp/sweetspot-compare-XXXXXX)
  chmod 755 "$dir"
  DATA_DIR="$dir/pg" ATTACHMENT_STORE="$dir/files" MAIL_DIR="$dir/mail" RUST_LOG=warn "$1" serve --demo \
    --bind "127.0.0.1:$2" >"$dir/log" 2>&1 &
  echo "$! $dir"
}
read -r pid_a dir_a < <(start "$binary_a" 8301)
read -r pid_b dir_b < <(start "$binary_b" 8302)
trap 'kill $pid_a $pid_b 2>/dev/null; wait 2>/dev/null; rm -rf "$dir_a" "$dir_b"' EXIT
for port in 8301 8302; do
  for _ in $(seq 1 150); do curl -fs "http://127.0.0.1:$port/readyz" >/dev/null 2>&1 && break; sleep 0.2; done
done

if [ "${ROWS:-0}" -gt 0 ] || [ "${EXTRA_TENANTS:-0}" -gt 0 ]; then
  for dir in "$dir_a" "$dir_b"; do
    python3 bench/generate.py "host=$dir/pg user=postgres dbname=sweetspot" --rows "$ROWS" \
      --extra-tenants "${EXTRA_TENANTS:-0}" --extra-rows "${EXTRA_ROWS:-0}" >/dev/null
  done
fi
# Fresh tables have no planner statistics until autovacuum gets to them, at a moment that differs
# between the two servers: a run that started before it measured a plan made without statistics
# (the staff list at half speed on one side). Analyse both first.
for dir in "$dir_a" "$dir_b"; do
  psql "host=$dir/pg user=postgres dbname=sweetspot" -qc analyze
done

sign_in() { # port -> cookie header
  local port=$1 jar csrf
  jar=$(mktemp)
  curl -s -c "$jar" -b "$jar" "http://127.0.0.1:$port/login" >/dev/null
  csrf=$(awk '$6 == "sweetspot_csrf" { print $7 }' "$jar")
  curl -s -c "$jar" -b "$jar" -o /dev/null \
    -d "email=staff@demo.example&password=sweetspot-demo-2024&csrf_token=$csrf" "http://127.0.0.1:$port/login"
  echo "Cookie: sweetspot_session=$(awk '$6 == "sweetspot_session" { print $7 }' "$jar"); sweetspot_csrf=$csrf"
  rm -f "$jar"
}
first_submission() { # port cookie -> id
  curl -s -H "$2" "http://127.0.0.1:$1/api/v1/t/opsi/programmes/incubator-2024/calls/challenges/submissions" \
    | python3 -c 'import json,sys; print(json.load(sys.stdin)["items"][0]["id"])'
}
cookie_a=$(sign_in 8301)
cookie_b=$(sign_in 8302)
detail_a=$(first_submission 8301 "$cookie_a")
detail_b=$(first_submission 8302 "$cookie_b")

rps() { # threads conns seconds url [header]
  if [ $# -eq 5 ]; then
    wrk -t"$1" -c"$2" -d"$3s" -H "$5" "$4" | awk '/Requests\/sec/ { print $2 }'
  else
    wrk -t"$1" -c"$2" -d"$3s" "$4" | awk '/Requests\/sec/ { print $2 }'
  fi
}
# A path that answers with an error would measure the error page: refuse it before measuring.
for path in "${paths[@]}"; do
  for side in a b; do
    if [ $side = a ]; then port=8301 cookie=$cookie_a detail=$detail_a; else port=8302 cookie=$cookie_b detail=$detail_b; fi
    url="http://127.0.0.1:$port${path#!}"
    url=${url//\{detail\}/$detail}
    if [ "${path:0:1}" = "!" ]; then status=$(curl -s -o /dev/null -w '%{http_code}' "$url")
    else status=$(curl -s -o /dev/null -w '%{http_code}' -H "$cookie" "$url"); fi
    [ "$status" = 200 ] || { echo "$path answers $status on side $side; not measuring it" >&2; exit 1; }
  done
done
results=$(mktemp)
for path in "${paths[@]}"; do
  for conns in ${CONNS:-1 32}; do
    threads=$(( conns < 2 ? 1 : 2 ))
    for round in $(seq 1 "${ROUNDS:-3}"); do
      for side in a b; do
        if [ $side = a ]; then port=8301 cookie=$cookie_a detail=$detail_a; else port=8302 cookie=$cookie_b detail=$detail_b; fi
        url="http://127.0.0.1:$port${path#!}"
        url=${url//\{detail\}/$detail}
        if [ "${path:0:1}" = "!" ]; then
          r=$(rps "$threads" "$conns" "${SECONDS_PER_RUN:-6}" "$url")
        else
          r=$(rps "$threads" "$conns" "${SECONDS_PER_RUN:-6}" "$url" "$cookie")
        fi
        h=$(rps 2 32 2 "http://127.0.0.1:$port/healthz")
        echo "$path $conns $round $side $r $h" | tee -a "$results"
      done
    done
  done
done
echo
printf '%-58s %5s %10s %10s %6s %9s\n' endpoint conns "a req/s" "b req/s" "b/a" "healthz"
awk '{ key = $1 " " $2; if (!(key in seen)) { seen[key] = 1; order[++n] = key }
       sum[key, $4] += $5; hz[key, $4] += $6; count[key, $4]++ }
     END { for (i = 1; i <= n; i++) { k = order[i]; split(k, p, " ")
       a = sum[k, "a"] / count[k, "a"]; b = sum[k, "b"] / count[k, "b"]
       ha = hz[k, "a"] / count[k, "a"]; hb = hz[k, "b"] / count[k, "b"]
       printf "%-58s %5s %10.0f %10.0f %6.2f %9.2f\n", p[1], p[2], a, b, b / a, hb / ha } }' "$results"
rm -f "$results"
