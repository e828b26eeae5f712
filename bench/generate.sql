-- Bulk data for benchmarks, generated inside PostgreSQL (set-based inserts: no round trip per row).
-- Variables (psql -v): tenant_slug, programme_slug, call_slug (an existing call to fill), rows
-- (submissions to add there), extra_tenants and extra_rows (more tenants, each with a call of
-- extra_rows submissions, so the tables are large across tenants).
\set ON_ERROR_STOP on
begin;

create temporary table words (w text) on commit drop;
insert into words select unnest(string_to_array(
  'public service digital inclusion citizens data evidence policy team ministry agency city region '
  'participation budget health education housing transport climate energy water welfare benefits '
  'access rural remote elderly youth women disability language trust transparency algorithm model '
  'pilot scale learning design research community partners network platform open experiment '
  'procurement workforce skills culture leadership outcome impact measure evaluate barrier',
  ' '));

create temporary table target as
  select c.tenant_id, c.id as call_id from calls c
  join tenants t on t.id = c.tenant_id
  join programmes p on p.tenant_id = c.tenant_id and p.id = c.programme_id
  where t.slug = :'tenant_slug' and p.slug = :'programme_slug' and c.slug = :'call_slug';

-- Extra tenants, each with a programme, a call with three questions, and organisations.
insert into tenants (id, slug, name)
  select gen_random_uuid(), 'bench-' || g || '-' || substr(md5(random()::text), 1, 6), 'Bench tenant ' || g
  from generate_series(1, :extra_tenants) g;
insert into programmes (tenant_id, id, slug, title, time_zone)
  select id, gen_random_uuid(), 'bench', 'Bench programme', 'UTC' from tenants where slug like 'bench-%'
  and not exists (select 1 from programmes p where p.tenant_id = tenants.id);
insert into calls (tenant_id, id, programme_id, kind, slug, title, opens_at, closes_at)
  select p.tenant_id, gen_random_uuid(), p.id, 'challenge', 'challenges', 'Bench call', now() - interval '10 days', now() + interval '30 days'
  from programmes p join tenants t on t.id = p.tenant_id
  where t.slug like 'bench-%' and not exists (select 1 from calls c where c.tenant_id = p.tenant_id);

create temporary table fills as
  select tenant_id, call_id, :rows::int as n from target
  union all
  select c.tenant_id, c.id, :extra_rows::int from calls c join tenants t on t.id = c.tenant_id
  where t.slug like 'bench-%' and not exists (select 1 from submissions s where s.tenant_id = c.tenant_id);

insert into call_questions (tenant_id, call_id, id, position, section, label, kind, required, word_limit)
  select f.tenant_id, f.call_id, gen_random_uuid(), q, 'Bench', 'Bench question ' || q, 'long_text', false, 300
  from fills f, generate_series(1, 3) q
  where not exists (select 1 from call_questions x where x.tenant_id = f.tenant_id and x.call_id = f.call_id);

-- One organisation per country used, per tenant.
insert into organisations (tenant_id, id, name, country_code, level)
  select distinct f.tenant_id, gen_random_uuid(), 'Bench team ' || c.code, c.code, 'national'
  from fills f cross join (select code from countries where continent <> 'antarctica' order by code limit 60) c
  on conflict do nothing;

create temporary table orgs as
  select tenant_id, id, row_number() over (partition by tenant_id order by id) as k, count(*) over (partition by tenant_id) as total
  from organisations where name like 'Bench team %';

-- Submissions with ~10-word titles and ~150-word summaries (the `g > 0` makes each subquery
-- run per row; an uncorrelated one would run once and repeat its text).
create temporary table new_subs as
  select f.tenant_id, f.call_id, gen_random_uuid() as id, g,
         (select string_agg(w, ' ') from (select w from words where g > 0 order by random() limit 10) t) as title,
         (select string_agg(w, ' ') from (select w from words, generate_series(1, 3) where g > 0 order by random() limit 150) t) as summary,
         case when g % 10 = 0 then 'draft' when g % 25 = 0 then 'withdrawn' else 'submitted' end as status,
         now() - (g || ' seconds')::interval as at
  from fills f, generate_series(1, f.n) g;

insert into submissions (tenant_id, id, call_id, organisation_id, status, title, summary, version, submitted_at, created_at)
  select s.tenant_id, s.id, s.call_id, o.id, s.status, s.title, s.summary, 2,
         case when s.status <> 'draft' then s.at end, s.at
  from new_subs s join orgs o on o.tenant_id = s.tenant_id and o.k = 1 + (s.g % o.total);

-- ~200-word answers to each question.
insert into submission_answers (tenant_id, submission_id, question_id, value)
  select s.tenant_id, s.id, q.id, to_jsonb((select string_agg(w, ' ') from (select w from words, generate_series(1, 4) where s.g > 0 and q.position > 0 order by random() limit 200) t))
  from new_subs s join call_questions q on q.tenant_id = s.tenant_id and q.call_id = s.call_id;

insert into submission_versions (tenant_id, submission_id, version, status, content)
  select s.tenant_id, s.id, 2, s.status, jsonb_build_object('title', s.title, 'summary', s.summary, 'themes', '[]'::jsonb, 'offers', '[]'::jsonb, 'answers', '{}'::jsonb)
  from new_subs s;

commit;
analyze;
