#!/usr/bin/env python3
"""Bulk data for benchmarks, streamed into PostgreSQL with COPY.

Adds `--rows` submissions to an existing call (the demo's challenge call by default) and, with
`--extra-tenants`, that many more tenants with a call of `--extra-rows` submissions each, so the
tables are large across tenants. Each submission gets a title of about ten words, a summary of about
150 words and an answer of about 200 words to each text question, all drawn from sentences a
bigram chain makes out of `bench/corpus.txt` (real-looking prose, with the skewed word frequencies
full-text search meets in practice), and one saved version.

Usage: bench/generate.py "host=/path/to/socket user=postgres dbname=sweetspot" --rows 5000
"""

import argparse
import datetime
import os
import random
import re
import subprocess
import sys
import uuid

HERE = os.path.dirname(os.path.abspath(__file__))


def psql_rows(conninfo, sql):
    """Runs one query and returns its rows as lists of strings."""
    out = subprocess.run(["psql", conninfo, "-XAt", "-F", "\t", "-v", "ON_ERROR_STOP=1", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines() if line]


def sentence_pool(size, rng):
    """Sentences from a bigram chain over the corpus: each word follows one that preceded it there."""
    text = open(os.path.join(HERE, "corpus.txt"), encoding="utf-8").read()
    sentences = [s.split() for s in re.split(r"(?<=[.!?])\s+", text) if s.strip()]
    follows = {}
    starts = [s[0] for s in sentences]
    for words in sentences:
        for a, b in zip(words, words[1:]):
            follows.setdefault(a, []).append(b)
    pool = []
    while len(pool) < size:
        word = rng.choice(starts)
        words = [word]
        while not word.endswith(".") and len(words) < 30:
            word = rng.choice(follows.get(word, ["."]))
            words.append(word)
        sentence = " ".join(words).rstrip(".") + "."
        # COPY's text format: none of these may appear unescaped.
        assert not any(c in sentence for c in "\t\n\\\"")
        pool.append(sentence)
    return pool


def text_of(rng, pool, words):
    out, count = [], 0
    while count < words:
        sentence = rng.choice(pool)
        out.append(sentence)
        count += sentence.count(" ") + 1
    return " ".join(out)


def title_of(rng, pool):
    words = rng.choice(pool).rstrip(".").split()[: rng.randint(6, 12)]
    return " ".join(words)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("conninfo")
    parser.add_argument("--tenant", default="opsi")
    parser.add_argument("--programme", default="incubator-2024")
    parser.add_argument("--call", default="challenges")
    parser.add_argument("--rows", type=int, default=0)
    parser.add_argument("--extra-tenants", type=int, default=0)
    parser.add_argument("--extra-rows", type=int, default=0)
    parser.add_argument("--seed", type=int, default=2024)
    args = parser.parse_args()
    rng = random.Random(args.seed)

    # Tenants, programmes, calls, questions and organisations are few: plain SQL makes them.
    subprocess.run(["psql", args.conninfo, "-Xq", "-v", "ON_ERROR_STOP=1", "-v", f"tenant_slug={args.tenant}",
                    "-v", f"programme_slug={args.programme}", "-v", f"call_slug={args.call}",
                    "-v", f"extra_tenants={args.extra_tenants}", "-f", os.path.join(HERE, "setup.sql")], check=True)
    target = psql_rows(args.conninfo, f"""
        select c.tenant_id, c.id from calls c join tenants t on t.id = c.tenant_id
        join programmes p on p.tenant_id = c.tenant_id and p.id = c.programme_id
        where t.slug = '{args.tenant}' and p.slug = '{args.programme}' and c.slug = '{args.call}'""")
    if not target:
        sys.exit(f"no call {args.tenant}/{args.programme}/{args.call}")
    fills = [(target[0][0], target[0][1], args.rows)]
    fills += [(t, c, args.extra_rows) for t, c in psql_rows(args.conninfo, """
        select c.tenant_id, c.id from calls c join tenants t on t.id = c.tenant_id
        where t.slug like 'bench-%' and not exists (select 1 from submissions s where s.tenant_id = c.tenant_id)""")]
    fills = [f for f in fills if f[2] > 0]

    questions, organisations = {}, {}
    for tenant_id, call_id, _ in fills:
        questions[call_id] = [q for (q,) in psql_rows(args.conninfo, f"""
            select id from call_questions where tenant_id = '{tenant_id}' and call_id = '{call_id}'
            and kind in ('short_text', 'long_text') order by position""")]
        organisations[tenant_id] = [o for (o,) in psql_rows(args.conninfo, f"""
            select id from organisations where tenant_id = '{tenant_id}' and name like 'Bench team %' order by id""")]

    pool = sentence_pool(4000, rng)
    now = datetime.datetime.now(datetime.timezone.utc)
    psql = subprocess.Popen(["psql", args.conninfo, "-Xq", "-v", "ON_ERROR_STOP=1"], stdin=subprocess.PIPE,
                            text=True, encoding="utf-8")
    out = psql.stdin
    out.write("begin;\n")
    out.write("copy submissions (tenant_id, id, call_id, organisation_id, status, title, summary, version,"
              " submitted_at, withdrawn_at, created_at, updated_at) from stdin;\n")
    made = []
    for tenant_id, call_id, rows in fills:
        orgs = organisations[tenant_id]
        for g in range(1, rows + 1):
            status = "draft" if g % 10 == 0 else "withdrawn" if g % 25 == 0 else "submitted"
            at = (now - datetime.timedelta(seconds=g)).isoformat()
            submission_id = uuid.UUID(int=rng.getrandbits(128), version=4)
            made.append((tenant_id, call_id, submission_id))
            out.write("\t".join((
                tenant_id, str(submission_id), call_id, orgs[g % len(orgs)], status,
                title_of(rng, pool), text_of(rng, pool, 150), "2",
                at if status != "draft" else "\\N", at if status == "withdrawn" else "\\N", at, at)) + "\n")
    out.write("\\.\n")
    out.write("copy submission_answers (tenant_id, submission_id, question_id, value) from stdin;\n")
    for tenant_id, call_id, submission_id in made:
        for question_id in questions[call_id]:
            out.write(f'{tenant_id}\t{submission_id}\t{question_id}\t"{text_of(rng, pool, 200)}"\n')
    out.write("\\.\n")
    # Each submission's saved version, built from its row inside the database.
    out.write("""insert into submission_versions (tenant_id, submission_id, version, status, content)
      select s.tenant_id, s.id, 2, s.status, jsonb_build_object('title', s.title, 'summary', s.summary,
        'themes', '[]'::jsonb, 'offers', '[]'::jsonb, 'answers', coalesce(
          (select jsonb_object_agg(a.question_id, a.value) from submission_answers a
           where a.tenant_id = s.tenant_id and a.submission_id = s.id), '{}'::jsonb))
      from submissions s
      where not exists (select 1 from submission_versions v where v.tenant_id = s.tenant_id and v.submission_id = s.id);
    commit;
    analyze;
    """)
    out.close()
    if psql.wait() != 0:
        sys.exit("loading failed")


if __name__ == "__main__":
    main()
