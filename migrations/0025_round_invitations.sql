-- Reviewers invited for one round: people without the reviewer or staff role whom staff invite
-- by email. There is no secret token: the invited person accepts signed in with an account whose
-- email address is the invited one and confirmed, which proves the address is theirs. An
-- invitation stays open until it is accepted, withdrawn, or the round closes.
create table round_invitations (
  tenant_id uuid not null,
  id uuid not null,
  round_id uuid not null,
  email citext not null,
  invited_by uuid references users (id) on delete set null,
  created_at timestamptz not null default now(),
  accepted_at timestamptz,
  accepted_by uuid references users (id) on delete set null,
  revoked_at timestamptz,
  primary key (tenant_id, id),
  foreign key (tenant_id, round_id) references review_rounds (tenant_id, id) on delete cascade
);
-- One open invitation per address and round; the list of a round's open invitations.
create unique index round_invitations_open_key on round_invitations (tenant_id, round_id, email)
  where accepted_at is null and revoked_at is null;
-- A person's open invitations, found by their address.
create index round_invitations_email_idx on round_invitations (tenant_id, email)
  where accepted_at is null and revoked_at is null;

-- A reviewer who joined through an invitation reviews in that round only, whatever their role.
alter table round_reviewers add column invited boolean not null default false;

alter table round_invitations enable row level security;
alter table round_invitations force row level security;
create policy tenant_wall on round_invitations
  using (tenant_id = (select app_tenant_id())) with check (tenant_id = (select app_tenant_id()));
