-- Shared helpers: case-insensitive text for emails and the updated_at trigger every table uses.
create extension if not exists citext;

create or replace function set_updated_at() returns trigger
language plpgsql as $$
begin
  new.updated_at := now();
  return new;
end;
$$;
