-- A search is always within one call. With the GIN index on `search` alone, a rare word's plan
-- combined it with a b-tree bitmap of the call's rows (BitmapAnd): 6.7 ms at 20,000 entries in a
-- call among 200,000, and about 17 ms at 100,000 among a million, most of it reading the call's
-- bitmap. One GIN index on (call_id, search) answers both conditions at once: 0.2 ms on the same
-- data. btree_gin gives GIN its `=` on uuid; it is a trusted extension (PostgreSQL 13+) that
-- the database's owner may create, shipped with the server like unaccent.
create extension if not exists btree_gin;
create index submissions_call_search_idx on submissions using gin (call_id, search);
drop index submissions_search_idx;
