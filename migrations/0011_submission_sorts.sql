-- The staff list's other orders, each read from an index of its own so that any page of a call
-- of any size costs the same: recently updated first, and title A to Z (case-insensitive).
create index submissions_call_updated_idx on submissions (tenant_id, call_id, updated_at desc, id desc);
create index submissions_call_title_idx on submissions (tenant_id, call_id, lower(title), id);
