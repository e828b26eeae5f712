-- Under the tenant wall (0013), PostgreSQL applies a table's row-level security before any
-- condition whose operator is not leakproof, and so uses no index for such a condition. The
-- full-text match `@@` (`ts_match_vq`) is not marked leakproof, so a search for a word too rare
-- for the list's in-order window read every row of the tenant instead of the GIN index: at 5,098
-- rows, 101–131 req/s at one connection for a word no row holds (docs/PERFORMANCE.md).
--
-- `ts_match_vq` tells only whether a vector matches a query: it raises no error and writes no
-- message that depends on the row. Marking it leakproof lets the planner use the index again.
-- Only a superuser may mark a function so. Where the migrating role is one (the embedded cluster,
-- a one-login setup as `postgres`) it is done here, in this database only; elsewhere an
-- administrator runs the statement once (docs/OPERATIONS.md), and until then rare searches are
-- correct but read the tenant's rows.
do $$
begin
  alter function pg_catalog.ts_match_vq(tsvector, tsquery) leakproof;
exception when insufficient_privilege then
  raise notice 'ts_match_vq is not leakproof here: a superuser should run "alter function pg_catalog.ts_match_vq(tsvector, tsquery) leakproof" (docs/OPERATIONS.md)';
end
$$;
