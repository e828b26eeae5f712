-- People: one account per email across all tenants.
create table users (
  id uuid primary key,
  email citext not null,
  password_hash text not null,
  display_name text not null,
  locale text not null default 'en',
  time_zone text not null default 'UTC',
  email_verified_at timestamptz,
  version integer not null default 1,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  constraint users_email_key unique (email)
);
create trigger users_updated_at before update on users for each row execute function set_updated_at();

-- Single-use tokens sent by email (verification, password reset). Only the SHA-256 of a token is kept.
create table user_tokens (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  purpose text not null check (purpose in ('verify_email', 'reset_password')),
  token_hash text not null unique,
  expires_at timestamptz not null,
  used_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index user_tokens_user_idx on user_tokens (user_id, purpose);
create trigger user_tokens_updated_at before update on user_tokens for each row execute function set_updated_at();

-- Personal API tokens: shown once at creation, stored hashed.
create table api_tokens (
  id uuid primary key,
  user_id uuid not null references users (id) on delete cascade,
  name text not null,
  token_hash text not null unique,
  last_used_at timestamptz,
  revoked_at timestamptz,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
create index api_tokens_user_idx on api_tokens (user_id, created_at desc);
create trigger api_tokens_updated_at before update on api_tokens for each row execute function set_updated_at();

-- Failed sign-ins, kept in the database so that every app instance throttles alike.
create table login_failures (
  id bigint generated always as identity primary key,
  email citext not null,
  client_ip text not null,
  created_at timestamptz not null default now()
);
create index login_failures_email_idx on login_failures (email, created_at);
create index login_failures_ip_idx on login_failures (client_ip, created_at);
