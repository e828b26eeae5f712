-- Selection, third part: reviews. A reviewer's review of an entry assigned to them: a score and a
-- comment per criterion of the round's rubric, an overall recommendation and a private note to
-- staff; a draft until submitted, editable (versioned) until the round closes.
create table reviews (
  tenant_id uuid not null,
  id uuid not null,
  round_id uuid not null,
  submission_id uuid not null,
  user_id uuid not null references users (id),
  status text not null default 'draft' check (status in ('draft', 'submitted')),
  recommendation text check (recommendation in ('strongly_support', 'support', 'reservations', 'oppose')),
  note_to_staff text not null default '',
  version integer not null default 1,
  submitted_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  constraint reviews_one_per_assignment unique (tenant_id, round_id, submission_id, user_id),
  foreign key (tenant_id, round_id, submission_id) references round_entries (tenant_id, round_id, submission_id),
  constraint reviews_submitted check ((status = 'submitted') = (submitted_at is not null))
);
create index reviews_reviewer_idx on reviews (tenant_id, round_id, user_id, submission_id);
create trigger reviews_updated_at before update on reviews for each row execute function set_updated_at();

create table review_scores (
  tenant_id uuid not null,
  review_id uuid not null,
  criterion_id uuid not null,
  score integer,
  comment text not null default '',
  primary key (tenant_id, review_id, criterion_id),
  foreign key (tenant_id, review_id) references reviews (tenant_id, id) on delete cascade,
  foreign key (tenant_id, criterion_id) references round_criteria (tenant_id, id)
);

-- Reminders: how long before the round closes late reviewers are reminded, and when the
-- automatic reminder went (once per round).
alter table review_rounds add column remind_hours_before integer not null default 48
  check (remind_hours_before between 1 and 720);
alter table review_rounds add column reminded_at timestamptz;
create index review_rounds_reminder_idx on review_rounds (tenant_id, closes_at) where reminded_at is null;

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['reviews', 'review_scores'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format('alter table %I force row level security', tenant_table);
    execute format(
      'create policy tenant_wall on %I using (tenant_id = (select app_tenant_id())) with check (tenant_id = (select app_tenant_id()))',
      tenant_table
    );
  end loop;
end $$;
