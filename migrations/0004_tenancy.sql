-- Tenants (host organisations), their staff roles, government organisations and invitations.
create table tenants (
  id uuid primary key,
  slug text not null,
  name text not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint tenants_slug_key unique (slug),
  constraint tenants_slug_format check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?$')
);
create trigger tenants_updated_at before update on tenants for each row execute function set_updated_at();

-- A person's role in a tenant (admin, staff, reviewer, advisor). Team members have no row here:
-- they belong to organisations.
create table tenant_members (
  tenant_id uuid not null references tenants (id),
  user_id uuid not null references users (id) on delete cascade,
  role text not null check (role in ('admin', 'staff', 'reviewer', 'advisor')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, user_id)
);
create index tenant_members_user_idx on tenant_members (user_id);
create index tenant_members_listing_idx on tenant_members (tenant_id, created_at, user_id);
create trigger tenant_members_updated_at before update on tenant_members for each row execute function set_updated_at();

create table organisations (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  name text not null,
  country_code char(2) not null references countries (code),
  level text not null check (level in ('national', 'regional', 'local', 'international')),
  website text,
  created_by uuid references users (id) on delete set null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index organisations_name_key on organisations (tenant_id, lower(name));
create index organisations_listing_idx on organisations (tenant_id, name, id);
create index organisations_country_idx on organisations (tenant_id, country_code);
create trigger organisations_updated_at before update on organisations for each row execute function set_updated_at();

create table organisation_members (
  tenant_id uuid not null,
  organisation_id uuid not null,
  user_id uuid not null references users (id) on delete cascade,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, organisation_id, user_id),
  foreign key (tenant_id, organisation_id) references organisations (tenant_id, id) on delete cascade
);
create index organisation_members_user_idx on organisation_members (tenant_id, user_id);
create trigger organisation_members_updated_at before update on organisation_members for each row execute function set_updated_at();

-- An invitation either gives a tenant role (organisation_id null) or joins an organisation.
create table invitations (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  email citext not null,
  role text check (role in ('admin', 'staff', 'reviewer', 'advisor')),
  organisation_id uuid,
  token_hash text not null unique,
  invited_by uuid references users (id) on delete set null,
  expires_at timestamptz not null,
  accepted_at timestamptz,
  accepted_by uuid references users (id) on delete set null,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, organisation_id) references organisations (tenant_id, id) on delete cascade,
  constraint invitations_target check ((role is null) <> (organisation_id is null))
);
create index invitations_tenant_idx on invitations (tenant_id, created_at desc, id);
create index invitations_organisation_idx on invitations (tenant_id, organisation_id, created_at desc);
create trigger invitations_updated_at before update on invitations for each row execute function set_updated_at();
