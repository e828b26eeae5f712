-- Keep a submission's row, its search vector included, in the table itself up to a full page.
-- A search reads the list in order and checks each row's `search`; at the default (about 2 kB
-- per row) the vector of a 150-word summary went out of line, and every check was a lookup in
-- the TOAST table. Measured at 5,000 submissions: the search page served 2,180 req/s with the
-- vectors out of line and 2,750 with them in the row (docs/PERFORMANCE.md). Rows written
-- before this keep their layout until they are next updated.
alter table submissions set (toast_tuple_target = 8160);
