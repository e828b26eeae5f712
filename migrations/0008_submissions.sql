-- Submissions to calls: drafts an organisation's members edit together, every saved version
-- kept, submitted and withdrawn states, themes, and which challenges a solution offers to help.
create table submissions (
  tenant_id uuid not null,
  id uuid not null,
  call_id uuid not null,
  organisation_id uuid not null,
  status text not null default 'draft' check (status in ('draft', 'submitted', 'withdrawn')),
  title text not null default '',
  summary text not null default '',
  version integer not null default 1,
  -- Until selection rounds exist, staff mark selected challenges directly.
  selected_at timestamptz,
  submitted_at timestamptz,
  withdrawn_at timestamptz,
  created_by uuid references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  search tsvector generated always as (to_tsvector('simple', title || ' ' || summary)) stored,
  primary key (tenant_id, id),
  foreign key (tenant_id, call_id) references calls (tenant_id, id),
  foreign key (tenant_id, organisation_id) references organisations (tenant_id, id)
);
create index submissions_call_idx on submissions (tenant_id, call_id, created_at desc, id desc);
create index submissions_call_status_idx on submissions (tenant_id, call_id, status, created_at desc, id desc);
create index submissions_organisation_idx on submissions (tenant_id, organisation_id, created_at desc);
create index submissions_search_idx on submissions using gin (search);
create trigger submissions_updated_at before update on submissions for each row execute function set_updated_at();

-- Current answers, one row per question answered; the value's shape follows the question's kind.
create table submission_answers (
  tenant_id uuid not null,
  submission_id uuid not null,
  question_id uuid not null,
  value jsonb not null,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, submission_id, question_id),
  foreign key (tenant_id, submission_id) references submissions (tenant_id, id) on delete cascade,
  foreign key (tenant_id, question_id) references call_questions (tenant_id, id) on delete cascade
);
create trigger submission_answers_updated_at before update on submission_answers for each row execute function set_updated_at();

create table submission_themes (
  tenant_id uuid not null,
  submission_id uuid not null,
  theme_id uuid not null,
  primary key (tenant_id, submission_id, theme_id),
  foreign key (tenant_id, submission_id) references submissions (tenant_id, id) on delete cascade,
  foreign key (tenant_id, theme_id) references themes (tenant_id, id)
);
create index submission_themes_theme_idx on submission_themes (tenant_id, theme_id);

-- A solution offers help to one or more selected challenges.
create table solution_offers (
  tenant_id uuid not null,
  solution_id uuid not null,
  challenge_id uuid not null,
  primary key (tenant_id, solution_id, challenge_id),
  foreign key (tenant_id, solution_id) references submissions (tenant_id, id) on delete cascade,
  foreign key (tenant_id, challenge_id) references submissions (tenant_id, id)
);
create index solution_offers_challenge_idx on solution_offers (tenant_id, challenge_id);

-- Every saved version, whole, so history and differences can be shown.
create table submission_versions (
  tenant_id uuid not null,
  submission_id uuid not null,
  version integer not null,
  saved_by uuid references users (id),
  status text not null,
  content jsonb not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, submission_id, version),
  foreign key (tenant_id, submission_id) references submissions (tenant_id, id) on delete cascade
);
