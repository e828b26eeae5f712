//! Data rules: the demo loads idempotently, the audit log is append-only, the CLI names bad settings.

use std::process::Command;

use crate::helpers::fresh_database;

#[tokio::test]
async fn the_demo_programme_loads_twice_without_duplicates() {
    let pool = fresh_database().await;
    let config = sweetspot::config::Config::for_tests("http://127.0.0.1:8080".parse().unwrap());
    sweetspot::demo::load(&pool, &config).await.unwrap();
    let count = |sql: &'static str| {
        let pool = pool.clone();
        async move { sqlx::query_scalar::<_, i64>(sql).fetch_one(&pool).await.unwrap() }
    };
    let before = (
        count("select count(*) from users").await,
        count("select count(*) from organisations").await,
        count("select count(*) from organisation_members").await,
    );
    assert_eq!(before, (16, 12, 12));
    sweetspot::demo::load(&pool, &config).await.unwrap();
    let after = (
        count("select count(*) from users").await,
        count("select count(*) from organisations").await,
        count("select count(*) from organisation_members").await,
    );
    assert_eq!(before, after);
    let countries: Vec<String> = sqlx::query_scalar("select distinct country_code::text from organisations order by 1")
        .fetch_all(&pool)
        .await
        .unwrap();
    assert_eq!(countries, ["BR", "CA", "CL", "ES", "FI", "FR", "GB", "IT", "NL", "NO", "US"]);
    let roles: Vec<String> =
        sqlx::query_scalar("select role from tenant_members order by role").fetch_all(&pool).await.unwrap();
    assert_eq!(roles, ["admin", "advisor", "reviewer", "staff"]);
}

#[tokio::test]
async fn the_audit_log_refuses_updates_and_deletes() {
    let pool = fresh_database().await;
    let mut conn = pool.acquire().await.unwrap();
    sweetspot::audit::record(&mut conn, sweetspot::audit::Entry::new("test.done", "test", uuid::Uuid::now_v7()))
        .await
        .unwrap();
    let update = sqlx::query("update audit_log set action = 'rewritten'").execute(&mut *conn).await;
    assert!(update.unwrap_err().to_string().contains("append-only"));
    let delete = sqlx::query("delete from audit_log").execute(&mut *conn).await;
    assert!(delete.unwrap_err().to_string().contains("append-only"));
    let count: i64 = sqlx::query_scalar("select count(*) from audit_log where action = 'test.done'")
        .fetch_one(&mut *conn)
        .await
        .unwrap();
    assert_eq!(count, 1);
}

#[test]
fn a_bad_setting_stops_start_up_with_one_line_naming_it() {
    let cases = [
        ("BASE_URL", "not a url", "BASE_URL"),
        ("SMTP_URL", "ftp://mail.example", "SMTP_URL"),
        ("MAIL_FROM", "nobody", "MAIL_FROM"),
        ("DATABASE_URL", "mysql://x", "DATABASE_URL"),
    ];
    for (name, value, expected) in cases {
        let output = Command::new(env!("CARGO_BIN_EXE_sweetspot"))
            .arg("migrate")
            .env(name, value)
            .env("DATA_DIR", "/nonexistent/never-used")
            .output()
            .unwrap();
        assert!(!output.status.success(), "{name}={value} was accepted");
        let stderr = String::from_utf8_lossy(&output.stderr);
        let lines: Vec<&str> = stderr.lines().filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(lines.len(), 1, "one line for {name}: {stderr}");
        assert!(lines[0].starts_with("error: ") && lines[0].contains(expected), "{stderr}");
    }
}
