-- Selection, first part: eligibility screening and review rounds with their rubric.

-- The reasons staff give a call for finding an entry ineligible, offered as a list when screening.
create table screening_reasons (
  tenant_id uuid not null,
  call_id uuid not null,
  reasons text[] not null default '{}',
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, call_id),
  foreign key (tenant_id, call_id) references calls (tenant_id, id) on delete cascade
);
create trigger screening_reasons_updated_at before update on screening_reasons
  for each row execute function set_updated_at();

-- Staff's screening of a submitted entry: eligible, or ineligible with a reason from the call's
-- list and/or a note. One row per entry; a change of mind updates it (versioned, audited).
create table submission_screenings (
  tenant_id uuid not null,
  submission_id uuid not null,
  eligible boolean not null,
  reason text,
  note text not null default '',
  screened_by uuid references users (id),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, submission_id),
  foreign key (tenant_id, submission_id) references submissions (tenant_id, id) on delete cascade,
  constraint submission_screenings_reason check (eligible or reason is not null or note <> '')
);
create trigger submission_screenings_updated_at before update on submission_screenings
  for each row execute function set_updated_at();

-- A review round on a call: reviewers score the round's entries against its rubric.
create table review_rounds (
  tenant_id uuid not null,
  id uuid not null,
  call_id uuid not null,
  name text not null,
  -- Markdown, sanitised when rendered.
  instructions text not null default '',
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  reviews_per_entry integer not null check (reviews_per_entry between 1 and 20),
  -- Reviewers do not see the organisation, country or people of an entry.
  blind boolean not null default true,
  -- Reviewers from the entry's country are conflicted too (their own organisation always is).
  conflict_same_country boolean not null default false,
  -- Reviewers disagree on an entry when its review totals spread this far (points of 100).
  disagreement_at integer not null default 25 check (disagreement_at between 1 and 100),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, call_id) references calls (tenant_id, id),
  constraint review_rounds_name_key unique (tenant_id, call_id, name),
  constraint review_rounds_window check (closes_at > opens_at)
);
create index review_rounds_call_idx on review_rounds (tenant_id, call_id, opens_at, id);
create trigger review_rounds_updated_at before update on review_rounds
  for each row execute function set_updated_at();

-- The rubric: criteria in order, each with a weight and a scale whose every point has an anchor.
create table round_criteria (
  tenant_id uuid not null,
  round_id uuid not null,
  id uuid not null,
  position integer not null,
  name text not null,
  description text not null default '',
  weight integer not null check (weight between 1 and 100),
  scale_min integer not null check (scale_min between 0 and 10),
  scale_max integer not null check (scale_max between 1 and 10),
  -- One anchor text per point of the scale, lowest first.
  anchors text[] not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, round_id) references review_rounds (tenant_id, id) on delete cascade,
  constraint round_criteria_scale check (scale_max > scale_min),
  constraint round_criteria_anchors check (cardinality(anchors) = scale_max - scale_min + 1)
);
create index round_criteria_order_idx on round_criteria (tenant_id, round_id, position, id);
create trigger round_criteria_updated_at before update on round_criteria
  for each row execute function set_updated_at();

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['screening_reasons', 'submission_screenings', 'review_rounds', 'round_criteria'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format('alter table %I force row level security', tenant_table);
    execute format(
      'create policy tenant_wall on %I using (tenant_id = (select app_tenant_id())) with check (tenant_id = (select app_tenant_id()))',
      tenant_table
    );
  end loop;
end $$;
