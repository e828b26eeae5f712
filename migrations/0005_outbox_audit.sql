-- Transactional outbox: every email is written with the change that caused it and delivered later.
create table outbox (
  id uuid primary key,
  tenant_id uuid references tenants (id),
  to_email citext not null,
  subject text not null,
  body_text text not null,
  -- Bodies that carry a secret link (verification, reset, invitation) are hidden from the admin
  -- outbox page when SMTP delivers mail, so staff never see another person's token.
  carries_secret boolean not null default false,
  status text not null default 'pending' check (status in ('pending', 'sent', 'failed')),
  attempts integer not null default 0,
  next_attempt_at timestamptz not null default now(),
  last_error text,
  sent_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index outbox_due_idx on outbox (next_attempt_at) where status = 'pending';
create index outbox_tenant_idx on outbox (tenant_id, created_at desc, id);
create trigger outbox_updated_at before update on outbox for each row execute function set_updated_at();

-- Append-only record of every state change.
create table audit_log (
  id uuid primary key,
  tenant_id uuid references tenants (id),
  actor_id uuid references users (id),
  action text not null,
  subject_type text not null,
  subject_id uuid,
  details jsonb not null default '{}'::jsonb,
  created_at timestamptz not null default now()
);
create index audit_log_tenant_idx on audit_log (tenant_id, created_at desc, id);
create index audit_log_subject_idx on audit_log (subject_id);

create function audit_log_is_append_only() returns trigger
language plpgsql as $$
begin
  raise exception 'audit_log is append-only';
end;
$$;
create trigger audit_log_no_update before update or delete on audit_log
  for each row execute function audit_log_is_append_only();
