-- How many submissions each call holds in each state, kept by statement-level triggers so the
-- staff list shows its counts without counting the call's rows on every request (a call may
-- hold 100,000 submissions). Transition tables make bulk loads one update per statement.
create table call_submission_counts (
  tenant_id uuid not null,
  call_id uuid not null,
  status text not null,
  count bigint not null default 0,
  primary key (tenant_id, call_id, status),
  foreign key (tenant_id, call_id) references calls (tenant_id, id) on delete cascade
);

create function count_submissions() returns trigger language plpgsql as $$
begin
  if tg_op = 'INSERT' then
    insert into call_submission_counts (tenant_id, call_id, status, count)
    select tenant_id, call_id, status, count(*) from new_rows group by 1, 2, 3
    on conflict (tenant_id, call_id, status) do update set count = call_submission_counts.count + excluded.count;
  elsif tg_op = 'DELETE' then
    update call_submission_counts c set count = c.count - d.n
    from (select tenant_id, call_id, status, count(*) as n from old_rows group by 1, 2, 3) d
    where c.tenant_id = d.tenant_id and c.call_id = d.call_id and c.status = d.status;
  else
    -- Most updates change text, not the state: only net changes are written.
    insert into call_submission_counts (tenant_id, call_id, status, count)
    select tenant_id, call_id, status, sum(delta) from (
      select tenant_id, call_id, status, 1 as delta from new_rows
      union all
      select tenant_id, call_id, status, -1 from old_rows
    ) moves group by 1, 2, 3 having sum(delta) <> 0
    on conflict (tenant_id, call_id, status) do update set count = call_submission_counts.count + excluded.count;
  end if;
  return null;
end $$;

create trigger submissions_count_insert after insert on submissions
  referencing new table as new_rows for each statement execute function count_submissions();
create trigger submissions_count_update after update on submissions
  referencing old table as old_rows new table as new_rows for each statement execute function count_submissions();
create trigger submissions_count_delete after delete on submissions
  referencing old table as old_rows for each statement execute function count_submissions();

insert into call_submission_counts (tenant_id, call_id, status, count)
select tenant_id, call_id, status, count(*) from submissions group by 1, 2, 3;
