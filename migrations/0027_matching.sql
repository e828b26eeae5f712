-- Matching, first part: staff's rules for pairs, runs kept as records, and the published matches.

-- What staff decided about one pair of a programme's selected challenge and provider, applied to
-- every later run: locked in, ruled out, or allowed although both are of the same country.
create table matching_pair_rules (
  tenant_id uuid not null,
  programme_id uuid not null,
  challenge_id uuid not null,
  provider_id uuid not null,
  rule text not null check (rule in ('lock', 'rule_out', 'allow_same_country')),
  set_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, programme_id, challenge_id, provider_id),
  foreign key (tenant_id, programme_id) references programmes (tenant_id, id),
  foreign key (tenant_id, challenge_id) references submissions (tenant_id, id),
  foreign key (tenant_id, provider_id) references submissions (tenant_id, id)
);
create trigger matching_pair_rules_updated_at before update on matching_pair_rules
  for each row execute function set_updated_at();

-- A run: its inputs as canonical JSON, exactly the bytes `inputs_hash` (SHA-256, hex) is taken
-- of, so an auditor can check the hash; its outcome as `matching::run::Outcome` serialises it.
-- Runs are never changed, except that staff confirm one as the proposal and publish it.
create table matching_runs (
  tenant_id uuid not null,
  id uuid not null,
  programme_id uuid not null,
  -- 1, 2, 3… within the programme: what staff call "run 3".
  number integer not null check (number > 0),
  -- A re-run names the run it repeats and whether it gave the same outcome.
  rerun_of uuid,
  reproduces boolean,
  inputs text not null,
  inputs_hash text not null check (inputs_hash ~ '^[0-9a-f]{64}$'),
  solver text not null,
  -- The sum of the matches' affinities, in millionths.
  objective bigint not null,
  outcome jsonb not null,
  created_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  confirmed_at timestamptz,
  confirmed_by uuid references users (id) on delete set null,
  published_at timestamptz,
  published_by uuid references users (id) on delete set null,
  primary key (tenant_id, id),
  unique (tenant_id, programme_id, number),
  foreign key (tenant_id, programme_id) references programmes (tenant_id, id),
  foreign key (tenant_id, rerun_of) references matching_runs (tenant_id, id),
  check ((rerun_of is null) = (reproduces is null)),
  check (published_at is null or confirmed_at is not null)
);

-- A challenge's match: its owner and the providers the published run gave it. One per challenge
-- and programme; publishing a later run changes its providers and keeps the match (and its
-- comments).
create table matches (
  tenant_id uuid not null,
  id uuid not null,
  programme_id uuid not null,
  challenge_id uuid not null,
  run_id uuid not null,
  published_at timestamptz not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  unique (tenant_id, programme_id, challenge_id),
  foreign key (tenant_id, programme_id) references programmes (tenant_id, id),
  foreign key (tenant_id, challenge_id) references submissions (tenant_id, id),
  foreign key (tenant_id, run_id) references matching_runs (tenant_id, id)
);
create trigger matches_updated_at before update on matches for each row execute function set_updated_at();

create table match_providers (
  tenant_id uuid not null,
  match_id uuid not null,
  provider_id uuid not null,
  -- The pair's affinity and its explanation (`matching::affinity::Explanation`) in the run.
  affinity double precision not null check (affinity between 0 and 1),
  explanation jsonb not null,
  primary key (tenant_id, match_id, provider_id),
  foreign key (tenant_id, match_id) references matches (tenant_id, id) on delete cascade,
  foreign key (tenant_id, provider_id) references submissions (tenant_id, id)
);
-- A provider's matches (a team's pages, who may read a match).
create index match_providers_provider_idx on match_providers (tenant_id, provider_id);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['matching_pair_rules', 'matching_runs', 'matches', 'match_providers']
  loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format('alter table %I force row level security', tenant_table);
    execute format('create policy tenant_wall on %I using (tenant_id = (select app_tenant_id()))'
      ' with check (tenant_id = (select app_tenant_id()))', tenant_table);
  end loop;
end $$;
