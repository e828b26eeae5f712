-- Selection, second part: which entries a round reviews, its reviewers, their conflicts of
-- interest and preferences, and who reviews what.

-- The entries a round reviews, added by staff (the call's eligible entries, or fewer).
create table round_entries (
  tenant_id uuid not null,
  round_id uuid not null,
  submission_id uuid not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, round_id, submission_id),
  foreign key (tenant_id, round_id) references review_rounds (tenant_id, id) on delete cascade,
  foreign key (tenant_id, submission_id) references submissions (tenant_id, id) on delete cascade
);
create index round_entries_submission_idx on round_entries (tenant_id, submission_id);

-- A round's reviewers: people of the tenant with the reviewer or staff role.
create table round_reviewers (
  tenant_id uuid not null,
  round_id uuid not null,
  user_id uuid not null references users (id),
  created_at timestamptz not null default now(),
  primary key (tenant_id, round_id, user_id),
  foreign key (tenant_id, round_id) references review_rounds (tenant_id, id) on delete cascade
);
create index round_reviewers_user_idx on round_reviewers (tenant_id, user_id);

-- Conflicts of interest declared by a reviewer or set by staff. The automatic ones (the
-- reviewer belongs to the submitting organisation, or to one of its country when the round says
-- so) are read from the memberships each time, never stored, so they follow the memberships.
create table review_conflicts (
  tenant_id uuid not null,
  round_id uuid not null,
  submission_id uuid not null,
  user_id uuid not null references users (id),
  source text not null check (source in ('declared', 'staff')),
  reason text not null check (reason <> ''),
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  primary key (tenant_id, round_id, submission_id, user_id),
  foreign key (tenant_id, round_id, submission_id) references round_entries (tenant_id, round_id, submission_id) on delete cascade
);
create index review_conflicts_reviewer_idx on review_conflicts (tenant_id, round_id, user_id);

-- What a reviewer says of reviewing an entry (a conflict is declared as one, above).
create table review_preferences (
  tenant_id uuid not null,
  round_id uuid not null,
  submission_id uuid not null,
  user_id uuid not null references users (id),
  preference text not null check (preference in ('eager', 'willing', 'rather_not')),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, round_id, submission_id, user_id),
  foreign key (tenant_id, round_id, submission_id) references round_entries (tenant_id, round_id, submission_id) on delete cascade
);
create index review_preferences_reviewer_idx on review_preferences (tenant_id, round_id, user_id);
create trigger review_preferences_updated_at before update on review_preferences
  for each row execute function set_updated_at();

-- Who reviews what: by hand or by the automatic assignment (every change is audited).
create table review_assignments (
  tenant_id uuid not null,
  round_id uuid not null,
  submission_id uuid not null,
  user_id uuid not null references users (id),
  method text not null check (method in ('manual', 'automatic')),
  assigned_by uuid references users (id),
  created_at timestamptz not null default now(),
  primary key (tenant_id, round_id, submission_id, user_id),
  foreign key (tenant_id, round_id, submission_id) references round_entries (tenant_id, round_id, submission_id) on delete cascade,
  foreign key (tenant_id, round_id, user_id) references round_reviewers (tenant_id, round_id, user_id) on delete cascade
);
create index review_assignments_reviewer_idx on review_assignments (tenant_id, round_id, user_id, submission_id);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array[
    'round_entries', 'round_reviewers', 'review_conflicts', 'review_preferences', 'review_assignments'
  ] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format('alter table %I force row level security', tenant_table);
    execute format(
      'create policy tenant_wall on %I using (tenant_id = (select app_tenant_id())) with check (tenant_id = (select app_tenant_id()))',
      tenant_table
    );
  end loop;
end $$;
