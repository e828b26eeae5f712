-- The few rows bench/generate.py needs before it streams submissions with COPY: extra tenants,
-- each with a programme and a call of three long-text questions, and one organisation per
-- country (60 countries) in every tenant that gets submissions.
-- Variables (psql -v): tenant_slug, programme_slug, call_slug (the call to fill), extra_tenants.
\set ON_ERROR_STOP on
begin;

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

create temporary table fills on commit drop as
  select c.tenant_id, c.id as call_id from calls c
  join tenants t on t.id = c.tenant_id
  join programmes p on p.tenant_id = c.tenant_id and p.id = c.programme_id
  where t.slug = :'tenant_slug' and p.slug = :'programme_slug' and c.slug = :'call_slug'
  union all
  select c.tenant_id, c.id from calls c join tenants t on t.id = c.tenant_id
  where t.slug like 'bench-%' and not exists (select 1 from submissions s where s.tenant_id = c.tenant_id);

insert into call_questions (tenant_id, call_id, id, position, section, label, kind, required, word_limit)
  select f.tenant_id, f.call_id, gen_random_uuid(), q, 'Bench', 'Bench question ' || q, 'long_text', false, 300
  from fills f, generate_series(1, 3) q
  where not exists (select 1 from call_questions x where x.tenant_id = f.tenant_id and x.call_id = f.call_id);

insert into organisations (tenant_id, id, name, country_code, level)
  select f.tenant_id, gen_random_uuid(), 'Bench team ' || c.code, c.code, 'national'
  from fills f cross join (select code from countries where continent <> 'antarctica' order by code limit 60) c
  where not exists (select 1 from organisations o where o.tenant_id = f.tenant_id and o.name = 'Bench team ' || c.code);

commit;
