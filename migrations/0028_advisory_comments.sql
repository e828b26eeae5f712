-- Comments of the advisory board, staff and matched teams on a subject (a published match or a
-- selected challenge), written once for every capability that needs a discussion with an audience.
-- `audience` is chosen for each comment: 'internal' (staff and advisors) or 'shared' (also the
-- subject's teams); the store reads only the audiences `policy::comment_reach` allows.
-- Replies are one level deep: a reply's parent is a comment with no parent, on the same subject.
create table comments (
  tenant_id uuid not null,
  id uuid not null,
  subject_kind text not null check (subject_kind in ('match', 'challenge')),
  subject_id uuid not null,
  parent_id uuid,
  author_id uuid not null references users (id),
  audience text not null check (audience in ('internal', 'shared')),
  -- Markdown as written; '' once deleted (the tombstone keeps only who and when).
  body text not null,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  edited_at timestamptz,
  deleted_at timestamptz,
  hidden_at timestamptz,
  hidden_by uuid references users (id),
  hidden_reason text,
  primary key (tenant_id, id),
  foreign key (tenant_id, parent_id) references comments (tenant_id, id),
  check ((deleted_at is null) = (body <> '')),
  check ((hidden_at is null) = (hidden_reason is null) and (hidden_at is null) = (hidden_by is null))
);
-- A subject's thread, oldest first.
create index comments_subject_idx on comments (tenant_id, subject_kind, subject_id, created_at, id);
create index comments_parent_idx on comments (tenant_id, parent_id) where parent_id is not null;

-- Earlier texts of an edited comment, newest last; removed with the text when it is deleted.
create table comment_revisions (
  tenant_id uuid not null,
  comment_id uuid not null,
  version integer not null,
  body text not null,
  written_at timestamptz not null,
  primary key (tenant_id, comment_id, version),
  foreign key (tenant_id, comment_id) references comments (tenant_id, id) on delete cascade
);

do $$
declare
  tenant_table text;
begin
  foreach tenant_table in array array['comments', 'comment_revisions']
  loop
    execute format('alter table %I enable row level security', tenant_table);
    execute format('alter table %I force row level security', tenant_table);
    execute format('create policy tenant_wall on %I using (tenant_id = (select app_tenant_id()))'
      ' with check (tenant_id = (select app_tenant_id()))', tenant_table);
  end loop;
end $$;
