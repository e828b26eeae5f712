-- Selection, fifth part: the short list, decisions with their rationale, the emails that release
-- them, and a selected team's confirmation that it takes part.

-- Staff's short list of a round (entries they mean to discuss or take to a next round).
alter table round_entries add column shortlisted_at timestamptz;

-- One decision per entry: the one source of truth for what is selected. Made in a round or
-- without one (`round_id` null says so), with a rationale. Teams see "under review" until
-- `released_at`; release sets the submission's `selected_at` for selected entries, which is what
-- the call for solutions and the pages read.
create table decisions (
  tenant_id uuid not null,
  submission_id uuid not null,
  call_id uuid not null,
  round_id uuid,
  outcome text not null check (outcome in ('selected', 'waitlisted', 'rejected')),
  rationale text not null check (rationale <> ''),
  -- Where a waitlisted entry stands (1 first), told to its team.
  waitlist_position integer check (waitlist_position > 0),
  decided_by uuid references users (id),
  released_at timestamptz,
  -- A selected team's answer: pending until it confirms or declines.
  participation text check (participation in ('pending', 'confirmed', 'declined')),
  participation_at timestamptz,
  reminded_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, submission_id),
  foreign key (tenant_id, submission_id) references submissions (tenant_id, id) on delete cascade,
  foreign key (tenant_id, call_id) references calls (tenant_id, id),
  foreign key (tenant_id, round_id) references review_rounds (tenant_id, id),
  constraint decisions_participation check ((participation is null) or outcome = 'selected')
);
create index decisions_call_idx on decisions (tenant_id, call_id, outcome, submission_id);
create index decisions_reminder_idx on decisions (tenant_id, reminded_at) where participation = 'pending';
create trigger decisions_updated_at before update on decisions for each row execute function set_updated_at();

-- The decision emails of a call, per outcome and language, with placeholders
-- (`selection::domain::PLACEHOLDERS`); an outcome without its own text uses the built-in one.
create table decision_templates (
  tenant_id uuid not null,
  call_id uuid not null,
  outcome text not null check (outcome in ('selected', 'waitlisted', 'rejected')),
  lang text not null,
  subject text not null check (subject <> ''),
  body text not null check (body <> ''),
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, call_id, outcome, lang),
  foreign key (tenant_id, call_id) references calls (tenant_id, id) on delete cascade
);
create trigger decision_templates_updated_at before update on decision_templates
  for each row execute function set_updated_at();

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['decisions', 'decision_templates'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format('alter table %I force row level security', tenant_table);
    execute format(
      'create policy tenant_wall on %I using (tenant_id = (select app_tenant_id())) with check (tenant_id = (select app_tenant_id()))',
      tenant_table
    );
  end loop;
end $$;
