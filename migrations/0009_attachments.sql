-- Files attached to submissions' answers. The bytes live in the object store under
-- storage_key; this row is what may be served and to whom (through the submission).
-- Rows are never replaced: a new upload is a new row, so old versions still name their file.
create table attachments (
  tenant_id uuid not null,
  id uuid not null,
  submission_id uuid not null,
  question_id uuid not null,
  filename text not null check (length(filename) between 1 and 255),
  content_type text not null,
  size_bytes bigint not null check (size_bytes > 0),
  sha256 text not null,
  storage_key text not null,
  uploaded_by uuid references users (id),
  created_at timestamptz not null default now(),
  primary key (tenant_id, id),
  foreign key (tenant_id, submission_id) references submissions (tenant_id, id) on delete cascade,
  foreign key (tenant_id, question_id) references call_questions (tenant_id, id) on delete cascade
);
create index attachments_submission_idx on attachments (tenant_id, submission_id, created_at);
