-- The staff list's other orders, each read from an index of its own so that any page of a call
-- of any size costs the same: recently updated first, and title A to Z. Titles sort by Unicode's
-- root collation (ICU's `und-x-icu`) in lower case, so "École" comes before "Zone" and case does
-- not matter, whatever the database's own locale (the embedded one is `C`).
create index submissions_call_updated_idx on submissions (tenant_id, call_id, updated_at desc, id desc);
create index submissions_call_title_idx on submissions (tenant_id, call_id, lower(title collate "und-x-icu"), id);
