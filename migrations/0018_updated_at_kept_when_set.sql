-- `updated_at` is the time of the last change, unless the statement sets it itself: the demo's
-- 2024 edition is loaded with the times its entries were written and sent, not today's.
create or replace function set_updated_at() returns trigger
language plpgsql as $$
begin
  if new.updated_at is not distinct from old.updated_at then
    new.updated_at := now();
  end if;
  return new;
end;
$$;
