-- Programme editions, their timeline of phases, and the tenant's taxonomy of themes.
create table programmes (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  slug text not null,
  title text not null,
  summary text not null default '',
  -- The zone used for times shown to readers who have not chosen their own.
  time_zone text not null default 'UTC',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint programmes_slug_key unique (tenant_id, slug),
  constraint programmes_slug_format check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$')
);
create index programmes_listing_idx on programmes (tenant_id, created_at desc, id);
create trigger programmes_updated_at before update on programmes for each row execute function set_updated_at();

-- One row per phase kind a programme uses; dates are calendar days in the programme's zone.
create table programme_phases (
  tenant_id uuid not null,
  programme_id uuid not null,
  kind text not null check (kind in ('challenge_call', 'challenge_selection', 'solution_call',
    'solution_selection', 'matching', 'incubation', 'cohort_track', 'showcase')),
  starts_on date not null,
  ends_on date not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, programme_id, kind),
  foreign key (tenant_id, programme_id) references programmes (tenant_id, id) on delete cascade,
  constraint programme_phases_order check (ends_on >= starts_on)
);
create trigger programme_phases_updated_at before update on programme_phases for each row execute function set_updated_at();

create table themes (
  tenant_id uuid not null references tenants (id),
  id uuid not null,
  name text not null,
  archived_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id)
);
create unique index themes_name_key on themes (tenant_id, lower(name));
create trigger themes_updated_at before update on themes for each row execute function set_updated_at();
