-- Calls (for challenges, for solutions, and later the cohort application) and their questions.
create table calls (
  tenant_id uuid not null,
  id uuid not null,
  programme_id uuid not null,
  kind text not null check (kind in ('challenge', 'solution', 'cohort')),
  slug text not null,
  title text not null,
  -- Markdown, sanitised when rendered.
  description text not null default '',
  eligibility text not null default '',
  opens_at timestamptz not null,
  closes_at timestamptz not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, programme_id) references programmes (tenant_id, id),
  constraint calls_slug_key unique (tenant_id, programme_id, slug),
  constraint calls_slug_format check (slug ~ '^[a-z0-9](?:[a-z0-9-]{0,58}[a-z0-9])?$'),
  constraint calls_window check (closes_at > opens_at)
);
create index calls_programme_idx on calls (tenant_id, programme_id, opens_at, id);
create trigger calls_updated_at before update on calls for each row execute function set_updated_at();

create table call_questions (
  tenant_id uuid not null,
  call_id uuid not null,
  id uuid not null,
  position integer not null,
  -- Questions with the same section form one task of the task-list form.
  section text not null default '',
  label text not null,
  help text not null default '',
  kind text not null check (kind in ('short_text', 'long_text', 'single_choice', 'multiple_choice',
    'number', 'url', 'date', 'yes_no', 'file')),
  required boolean not null default false,
  word_limit integer check (word_limit is null or word_limit > 0),
  options text[] not null default '{}',
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, call_id) references calls (tenant_id, id) on delete cascade
);
create index call_questions_order_idx on call_questions (tenant_id, call_id, position, id);
create trigger call_questions_updated_at before update on call_questions for each row execute function set_updated_at();
