-- The tenant wall in PostgreSQL: row-level security on every table with a tenant_id, forced so
-- that the owner is held by it too. Requests run as a role that owns nothing and cannot bypass
-- it (src/db/roles.rs); src/db/wall.rs sets the per-transaction settings these policies read.
-- docs/SECURITY.md explains the three layers of the wall.

-- The settings, read once per statement (policies call them inside a sub-select, which
-- PostgreSQL evaluates once as an init plan rather than once per row). Unset or emptied (a
-- transaction-local setting reverts to '' on a connection that has seen it): null, which no
-- tenant_id equals, so a transaction without a wall sees and writes no tenant rows.
create function app_tenant_id() returns uuid
language sql stable parallel safe as $$
  select nullif(current_setting('app.tenant_id', true), '')::uuid
$$;

create function app_user_id() returns uuid
language sql stable parallel safe as $$
  select nullif(current_setting('app.user_id', true), '')::uuid
$$;

create function app_mail_delivery() returns boolean
language sql stable parallel safe as $$
  select coalesce(current_setting('app.mail_delivery', true) = 'on', false)
$$;

-- One policy per table, the same everywhere: the current tenant's rows, for reading and writing.
do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array[
    'tenant_members', 'organisations', 'organisation_members', 'invitations',
    'outbox', 'audit_log',
    'programmes', 'programme_phases', 'themes',
    'calls', 'call_questions', 'call_submission_counts',
    'submissions', 'submission_answers', 'submission_themes', 'solution_offers',
    'submission_versions', 'attachments'
  ] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format('alter table %I force row level security', tenant_table);
    execute format(
      'create policy tenant_wall on %I using (tenant_id = (select app_tenant_id())) with check (tenant_id = (select app_tenant_id()))',
      tenant_table
    );
  end loop;
end $$;

-- Narrow ways across the wall, each for one reader and one purpose (policies add up: a row is
-- visible when any policy admits it).

-- A person reads their own memberships in every tenant: the tenants on their dashboard,
-- /api/v1/me, their role and organisations when a tenant's page opens. Reading only.
create policy own_memberships on tenant_members for select using (user_id = (select app_user_id()));
create policy own_memberships on organisation_members for select using (user_id = (select app_user_id()));

-- Mail and events that belong to no tenant (account emails, sign-ins) have a null tenant_id:
-- anyone may append them, no request may read them back.
create policy platform_rows on outbox for insert with check (tenant_id is null);
create policy platform_rows on audit_log for insert with check (tenant_id is null);

-- The delivery worker sends every tenant's mail.
create policy mail_delivery on outbox for all
  using ((select app_mail_delivery())) with check ((select app_mail_delivery()));
