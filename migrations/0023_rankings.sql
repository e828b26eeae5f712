-- Selection, fourth part: the ranked table of a round and the discussion of each entry.

-- The ranked table, computed from the submitted reviews by `selection::ranking` and kept until
-- the reviews change (a page of a 5,000-entry round is then one indexed read, not an aggregate
-- of 15,000 reviews). `position` orders the raw ranking and `normalised_position` the
-- normalised one: unique per round, ties broken by entry, entries without reviews last.
create table round_rankings (
  tenant_id uuid not null,
  round_id uuid not null,
  submission_id uuid not null,
  reviews integer not null,
  total double precision,
  criterion_means double precision[] not null,
  spread double precision not null,
  disagreement boolean not null,
  normalised double precision,
  rank integer,
  normalised_rank integer,
  position integer not null,
  normalised_position integer not null,
  primary key (tenant_id, round_id, submission_id),
  foreign key (tenant_id, round_id, submission_id) references round_entries (tenant_id, round_id, submission_id) on delete cascade
);
create unique index round_rankings_position_idx on round_rankings (tenant_id, round_id, position);
create unique index round_rankings_normalised_idx on round_rankings (tenant_id, round_id, normalised_position);

-- A counter of changes to what the ranking reads (a review submitted or changed, an entry added
-- or removed), and the value it had when the table was computed: the table is recomputed when
-- they differ. Changes bump the counter with an update, which locks the round's row, and the
-- recompute reads under that lock, so no change slips between its read and its mark.
alter table review_rounds add column results_version integer not null default 0;
alter table review_rounds add column ranked_version integer;

-- The discussion of an entry among staff and its reviewers (append-only).
create table round_comments (
  tenant_id uuid not null,
  id uuid not null,
  round_id uuid not null,
  submission_id uuid not null,
  author_id uuid not null references users (id),
  body text not null check (body <> ''),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, round_id, submission_id) references round_entries (tenant_id, round_id, submission_id) on delete cascade
);
create index round_comments_entry_idx on round_comments (tenant_id, round_id, submission_id, created_at, id);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['round_rankings', 'round_comments'] loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format('alter table %I force row level security', tenant_table);
    execute format(
      'create policy tenant_wall on %I using (tenant_id = (select app_tenant_id())) with check (tenant_id = (select app_tenant_id()))',
      tenant_table
    );
  end loop;
end $$;
