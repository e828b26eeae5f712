//! The tenant wall below the Rust code: the runtime role the app serves requests with, and (as
//! it lands) row-level security on every tenant table.

use sqlx::PgPool;

use crate::helpers::{fresh_database, runtime_pool};

/// What PostgreSQL answers `statement` with, as the runtime role: the SQLSTATE of its refusal.
async fn refusal(pool: &PgPool, statement: &str) -> String {
    match sqlx::raw_sql(statement).execute(pool).await {
        Ok(_) => panic!("the runtime role was allowed to run: {statement}"),
        Err(sqlx::Error::Database(error)) => error.code().expect("a SQLSTATE").into_owned(),
        Err(other) => panic!("{statement}: {other}"),
    }
}

#[tokio::test]
async fn the_runtime_role_owns_nothing_and_may_only_read_and_write_rows() {
    let owner = fresh_database().await;
    let app = runtime_pool(&owner).await;
    let (role, superuser, bypass_rls, owned): (String, bool, bool, i64) = sqlx::query_as(
        "select rolname::text, rolsuper, rolbypassrls,
                (select count(*) from pg_class where relowner = r.oid)
           from pg_roles r where rolname = current_user",
    )
    .fetch_one(&app)
    .await
    .unwrap();
    assert_eq!((role.as_str(), superuser, bypass_rls, owned), (sweetspot::db::RUNTIME_ROLE, false, false, 0));

    const INSUFFICIENT_PRIVILEGE: &str = "42501";
    for statement in [
        "create table intruder (id int)",
        "alter table submissions add column intruder text",
        "drop table submissions",
        "truncate submissions",
        "truncate audit_log",
        "update audit_log set action = 'rewritten'",
        "delete from audit_log",
        "select * from _sqlx_migrations",
        // Tables without a wall: tenants are added (never renamed or removed), countries only read.
        "update tenants set name = 'rewritten'",
        "delete from tenants",
        "update countries set name_en = 'rewritten'",
        "insert into countries (code) values ('ZZ')",
        "create role intruder superuser",
    ] {
        assert_eq!(refusal(&app, statement).await, INSUFFICIENT_PRIVILEGE, "{statement}");
    }
    // What serving needs still works: rows of every kind, appending to the audit log, sessions.
    sqlx::raw_sql(
        "insert into audit_log (id, action, subject_type) values (gen_random_uuid(), 'test.appended', 'test');
         select count(*) from users;
         select count(*) from tower_sessions.session;",
    )
    .execute(&app)
    .await
    .expect("the runtime role reads, writes and appends");
}

#[tokio::test]
async fn start_up_refuses_a_runtime_connection_that_could_bypass_the_wall() {
    // The test server's login is a superuser: serving with it must be refused, in one line that
    // says why and where to look.
    let owner = fresh_database().await;
    let error = sweetspot::db::check_runtime_role(&owner).await.expect_err("a superuser is refused");
    let message = error.to_string();
    assert!(
        message.starts_with("refusing to run: the runtime database role ") && message.contains(" is a superuser,"),
        "{message}"
    );
    assert!(!message.contains('\n'), "one line: {message}");
    assert!(message.contains("docs/OPERATIONS.md"), "{message}");

    // A role that owns a table is refused too, even without superuser powers.
    let mut connection = owner.acquire().await.unwrap();
    sqlx::raw_sql(
        "do $$ begin create role sweetspot_test_owner nologin; exception when duplicate_object then null; end $$;
         create table owned_by_the_app_role (id int);
         alter table owned_by_the_app_role owner to sweetspot_test_owner;",
    )
    .execute(&mut *connection)
    .await
    .unwrap();
    drop(connection);
    let options = (*owner.connect_options()).clone();
    let login = sweetspot::db::RuntimeLogin::SetRole { role: "sweetspot_test_owner".into() };
    let owning = sweetspot::db::runtime_pool(options, &login, 1).await.unwrap();
    let message = sweetspot::db::check_runtime_role(&owning).await.expect_err("an owner is refused").to_string();
    assert!(message.contains("sweetspot_test_owner owns the app's tables,"), "{message}");
    owning.close().await;

    // So is a role that merely belongs to the owner: membership passes ownership's rights on.
    sqlx::raw_sql(
        "do $$ begin create role sweetspot_test_member nologin; exception when duplicate_object then null; end $$;
         grant sweetspot_test_owner to sweetspot_test_member;",
    )
    .execute(&owner)
    .await
    .unwrap();
    let options = (*owner.connect_options()).clone();
    let login = sweetspot::db::RuntimeLogin::SetRole { role: "sweetspot_test_member".into() };
    let member = sweetspot::db::runtime_pool(options, &login, 1).await.unwrap();
    let message = sweetspot::db::check_runtime_role(&member).await.expect_err("a member is refused").to_string();
    assert!(
        message.contains("sweetspot_test_member owns the app's tables (as a member of sweetspot_test_owner)"),
        "{message}"
    );
    member.close().await;
    sqlx::raw_sql("drop table owned_by_the_app_role").execute(&owner).await.unwrap();
}

/// Every table with a `tenant_id` column, from the catalogue (not from a list kept by hand).
async fn tenant_tables(owner: &PgPool) -> Vec<String> {
    sqlx::query_scalar(
        "select c.relname::text from pg_class c join pg_attribute a on a.attrelid = c.oid
          where c.relnamespace = 'public'::regnamespace and c.relkind = 'r'
            and a.attname = 'tenant_id' and not a.attisdropped
          order by 1",
    )
    .fetch_all(owner)
    .await
    .unwrap()
}

#[tokio::test]
async fn every_table_with_a_tenant_id_has_forced_row_level_security() {
    let owner = fresh_database().await;
    let tables = tenant_tables(&owner).await;
    assert!(tables.len() >= 18, "the catalogue lists the tenant tables: {tables:?}");
    let unwalled: Vec<String> = sqlx::query_scalar(
        "select c.relname::text from pg_class c
          where c.relname = any($1) and c.relnamespace = 'public'::regnamespace
            and not (c.relrowsecurity and c.relforcerowsecurity
                     and exists (select 1 from pg_policy p where p.polrelid = c.oid and p.polname = 'tenant_wall'))
          order by 1",
    )
    .bind(&tables)
    .fetch_all(&owner)
    .await
    .unwrap();
    assert_eq!(unwalled, Vec::<String>::new(), "tables with a tenant_id but no forced tenant wall");
}

/// The demo programme in tenant `opsi` (loaded through the wall by the app's own loader), a second,
/// empty tenant, and every tenant table holding at least one of opsi's rows.
async fn two_tenants() -> (PgPool, PgPool, sweetspot::ids::TenantId, sweetspot::ids::TenantId) {
    let owner = fresh_database().await;
    let app = runtime_pool(&owner).await;
    let config = sweetspot::config::Config::for_tests("http://127.0.0.1:1".parse().unwrap());
    sweetspot::demo::load(&app, &config).await.expect("the demo loads through the wall");
    let opsi: sweetspot::ids::TenantId =
        sqlx::query_scalar("select id from tenants where slug = 'opsi'").fetch_one(&owner).await.unwrap();
    // What the demo does not hold yet: invitations (to a role, to review in a round), an
    // attachment, an email, an audit entry, a rule on a matching pair and a comment waiting for a
    // daily digest.
    sqlx::raw_sql(&format!(
        "insert into invitations (tenant_id, id, email, role, token_hash, expires_at)
           values ('{opsi}', gen_random_uuid(), 'invited@example.org', 'staff', 'h', now() + interval '1 day');
         insert into attachments (tenant_id, id, submission_id, question_id, filename, content_type, size_bytes, storage_key, sha256, uploaded_by)
           select a.tenant_id, gen_random_uuid(), a.submission_id, a.question_id, 'plan.pdf', 'application/pdf', 1, 'k', 's', s.created_by
             from submission_answers a join submissions s on s.tenant_id = a.tenant_id and s.id = a.submission_id limit 1;
         insert into round_invitations (tenant_id, id, round_id, email)
           select tenant_id, gen_random_uuid(), id, 'expert@example.org' from review_rounds limit 1;
         insert into outbox (id, tenant_id, to_email, subject, body_text) values (gen_random_uuid(), '{opsi}', 'a@example.org', 's', 'b');
         insert into audit_log (id, tenant_id, action, subject_type) values (gen_random_uuid(), '{opsi}', 'test.planted', 'test');
         insert into matching_pair_rules (tenant_id, programme_id, challenge_id, provider_id, rule)
           select m.tenant_id, m.programme_id, m.challenge_id, p.provider_id, 'rule_out'
             from matches m join match_providers p on p.tenant_id = m.tenant_id and p.match_id = m.id limit 1;
         insert into comment_digest_items (tenant_id, user_id, comment_id, subject_title, subject_path)
           select tenant_id, author_id, id, 'A match', '/t/opsi/matches' from comments limit 1;"
    ))
    .execute(&owner)
    .await
    .expect("plant the rows the demo lacks");
    let other = sweetspot::ids::TenantId::new();
    sqlx::query("insert into tenants (id, slug, name) values ($1, 'other', 'Other')")
        .bind(other)
        .execute(&owner)
        .await
        .unwrap();
    for table in tenant_tables(&owner).await {
        let rows: i64 = sqlx::query_scalar(&format!("select count(*) from {table} where tenant_id = $1"))
            .bind(opsi)
            .fetch_one(&owner)
            .await
            .unwrap();
        assert!(rows > 0, "{table} holds none of opsi's rows, so the tests below would prove nothing for it");
    }
    (owner, app, opsi, other)
}

/// PostgreSQL's refusal of a row that no policy's `with check` admits (SQLSTATE 42501, which a
/// missing privilege shares, hence the message).
const RLS_REFUSED: &str = "new row violates row-level security policy";

/// One of `tenant`'s rows of `table`, as JSON, read by the owner.
async fn a_row_of(owner: &PgPool, table: &str, tenant: sweetspot::ids::TenantId) -> serde_json::Value {
    sqlx::query_scalar(&format!("select to_jsonb(t) from {table} t where tenant_id = $1 limit 1"))
        .bind(tenant)
        .fetch_one(owner)
        .await
        .unwrap()
}

/// What PostgreSQL answers to inserting a copy of `row` into `table` on `connection`: the start
/// of its error message.
async fn insert_copy(connection: &mut sqlx::PgConnection, table: &str, row: &serde_json::Value) -> String {
    // Generated and identity columns cannot be given: copy the others.
    let columns: String = sqlx::query_scalar(
        "select string_agg(quote_ident(attname), ', ' order by attnum) from pg_attribute
          where attrelid = $1::regclass and attnum > 0 and not attisdropped and attgenerated = '' and attidentity = ''",
    )
    .bind(table)
    .fetch_one(&mut *connection)
    .await
    .unwrap();
    let insert =
        format!("insert into {table} ({columns}) select {columns} from jsonb_populate_record(null::{table}, $1)");
    match sqlx::query(&insert).bind(row).execute(connection).await {
        Ok(_) => format!("{table}: the copy of another tenant's row was inserted"),
        Err(sqlx::Error::Database(error)) => error.message().chars().take(RLS_REFUSED.len()).collect(),
        Err(other) => panic!("{table}: {other}"),
    }
}

#[tokio::test]
async fn without_a_wall_the_runtime_role_sees_no_tenant_rows_and_writes_none() {
    let (owner, app, opsi, _) = two_tenants().await;
    for table in tenant_tables(&owner).await {
        let mut connection = app.acquire().await.unwrap();
        let seen: i64 =
            sqlx::query_scalar(&format!("select count(*) from {table}")).fetch_one(&mut *connection).await.unwrap();
        assert_eq!(seen, 0, "{table} shows rows to a connection with no tenant set");
        let row = a_row_of(&owner, &table, opsi).await;
        assert_eq!(insert_copy(&mut connection, &table, &row).await, RLS_REFUSED, "{table}: insert without a wall");
        // The runtime role may not change the audit log at all (tested above); every other table's
        // rows are out of reach of its updates and deletes.
        if table != "audit_log" {
            let updated =
                sqlx::query(&format!("update {table} set tenant_id = tenant_id")).execute(&mut *connection).await;
            assert_eq!(updated.unwrap().rows_affected(), 0, "{table}: update without a wall");
            let deleted = sqlx::query(&format!("delete from {table}")).execute(&mut *connection).await;
            assert_eq!(deleted.unwrap().rows_affected(), 0, "{table}: delete without a wall");
        }
    }
}

#[tokio::test]
async fn inside_one_tenants_wall_another_tenants_rows_are_out_of_reach_even_when_asked_for_by_id() {
    use sweetspot::db::wall::TenantTx;
    let (owner, app, opsi, other) = two_tenants().await;
    for table in tenant_tables(&owner).await {
        let owned: i64 = sqlx::query_scalar(&format!("select count(*) from {table} where tenant_id = $1"))
            .bind(opsi)
            .fetch_one(&owner)
            .await
            .unwrap();
        // The wall admits its own tenant's rows: the refusals below are the wall, not a broken role.
        let mut inside = TenantTx::begin(&app, opsi).await.unwrap();
        let seen: i64 =
            sqlx::query_scalar(&format!("select count(*) from {table}")).fetch_one(&mut *inside).await.unwrap();
        assert_eq!(seen, owned, "{table}: opsi's wall shows all of opsi's rows");
        drop(inside);

        // A store function whose filter names the wrong tenant, or an id of the wrong tenant.
        let mut tx = TenantTx::begin(&app, other).await.unwrap();
        let row = a_row_of(&owner, &table, opsi).await;
        let by_filter: i64 = sqlx::query_scalar(&format!("select count(*) from {table} where tenant_id = $1"))
            .bind(opsi)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        assert_eq!(by_filter, 0, "{table}: another tenant's rows by their tenant_id");
        let by_row: i64 = sqlx::query_scalar(&format!("select count(*) from {table} t where to_jsonb(t) = $1"))
            .bind(&row)
            .fetch_one(&mut *tx)
            .await
            .unwrap();
        assert_eq!(by_row, 0, "{table}: another tenant's row by its every column");
        if table != "audit_log" {
            let updated = sqlx::query(&format!("update {table} set tenant_id = tenant_id where tenant_id = $1"))
                .bind(opsi)
                .execute(&mut *tx)
                .await
                .unwrap();
            assert_eq!(updated.rows_affected(), 0, "{table}: update of another tenant's rows");
            let deleted = sqlx::query(&format!("delete from {table} where tenant_id = $1"))
                .bind(opsi)
                .execute(&mut *tx)
                .await
                .unwrap();
            assert_eq!(deleted.rows_affected(), 0, "{table}: delete of another tenant's rows");
        }
        assert_eq!(insert_copy(&mut tx, &table, &row).await, RLS_REFUSED, "{table}: insert with another tenant's id");
    }
}

#[tokio::test]
async fn store_functions_given_another_tenants_wall_find_nothing_of_this_tenants() {
    use sweetspot::db::wall::TenantTx;
    let (owner, app, opsi, other) = two_tenants().await;
    let call: sweetspot::ids::CallId =
        sqlx::query_scalar("select id from calls limit 1").fetch_one(&owner).await.unwrap();
    // Inside opsi's wall the reads find opsi's programme, themes, call and questions…
    let mut inside = TenantTx::begin(&app, opsi).await.unwrap();
    assert!(sweetspot::programmes::service::programme(&mut inside, "incubator-2024").await.is_ok());
    assert!(!sweetspot::programmes::service::themes(&mut inside).await.unwrap().is_empty());
    assert!(sweetspot::calls::service::call_by_id(&mut inside, call).await.is_ok());
    assert!(!sweetspot::calls::service::questions(&mut inside, call).await.unwrap().is_empty());
    drop(inside);
    // …and inside another tenant's wall, asked for the same slug and ids, nothing.
    let mut tx = TenantTx::begin(&app, other).await.unwrap();
    let programme = sweetspot::programmes::service::programme(&mut tx, "incubator-2024").await;
    assert!(matches!(programme, Err(sweetspot::error::AppError::NotFound)), "{programme:?}");
    assert!(sweetspot::programmes::service::themes(&mut tx).await.unwrap().is_empty());
    let found = sweetspot::calls::service::call_by_id(&mut tx, call).await;
    assert!(matches!(found, Err(sweetspot::error::AppError::NotFound)), "{found:?}");
    assert!(sweetspot::calls::service::questions(&mut tx, call).await.unwrap().is_empty());
}

#[tokio::test]
async fn a_search_inside_the_wall_can_use_its_index() {
    // Row-level security keeps the planner from using an index for an operator that is not
    // leakproof. `@@` was not, so a rare word's search read the tenant's every row instead of the
    // GIN index (2.3 to 2.9 times slower at 5,098 rows; docs/PERFORMANCE.md). Migration 0016
    // marks it leakproof where the migrating role may.
    let owner = fresh_database().await;
    let app = runtime_pool(&owner).await;
    let leakproof: bool = sqlx::query_scalar(
        "select proleakproof from pg_proc where oid = 'pg_catalog.ts_match_vq(tsvector, tsquery)'::regprocedure",
    )
    .fetch_one(&app)
    .await
    .unwrap();
    assert!(leakproof, "the full-text match is not leakproof: searches cannot use their index under the wall");
    // And one index answers both of a search's conditions, the call and the words (migration
    // 0017): beside a b-tree of the call's rows, a rare word cost 6.7 ms at 20,000 per call.
    let definition: String = sqlx::query_scalar("select pg_get_indexdef('submissions_call_search_idx'::regclass)")
        .fetch_one(&app)
        .await
        .unwrap();
    assert!(definition.ends_with("USING gin (call_id, search)"), "{definition}");
}
