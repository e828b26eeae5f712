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
        message.starts_with("refusing to serve: the runtime database role ") && message.contains(" is a superuser,"),
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
    assert!(message.contains("sweetspot_test_owner owns the app's tables"), "{message}");
    owning.close().await;
    sqlx::raw_sql("drop table owned_by_the_app_role").execute(&owner).await.unwrap();
}
