-- How a person hears of comments: an email for each ('immediate') or one a day ('daily'). A
-- person's choice for every tenant, as their language and time zone are.
alter table users add column comment_emails text not null default 'immediate'
  check (comment_emails in ('immediate', 'daily'));

-- Comments waiting for a person's daily digest: what the immediate email would have linked. The
-- subject's title and page are kept as they were when the comment was written.
create table comment_digest_items (
  tenant_id uuid not null,
  user_id uuid not null references users (id) on delete cascade,
  comment_id uuid not null,
  subject_title text not null,
  subject_path text not null,
  created_at timestamptz not null default now(),
  primary key (tenant_id, user_id, comment_id),
  foreign key (tenant_id, comment_id) references comments (tenant_id, id) on delete cascade
);
-- The digests due: each person's oldest waiting item.
create index comment_digest_items_due_idx on comment_digest_items (tenant_id, created_at);

alter table comment_digest_items enable row level security;
alter table comment_digest_items force row level security;
create policy tenant_wall on comment_digest_items using (tenant_id = (select app_tenant_id()))
  with check (tenant_id = (select app_tenant_id()));
