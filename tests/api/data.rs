//! Data rules: the demo loads idempotently, the audit log is append-only, the CLI names bad settings.

use std::process::Command;

use reqwest::StatusCode;

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
    assert_eq!(
        before,
        (44, 38, 38),
        "12 real organisations and 26 generated ones (one per country they come from), each with its member"
    );
    sweetspot::demo::load(&pool, &config).await.unwrap();
    let after = (
        count("select count(*) from users").await,
        count("select count(*) from organisations").await,
        count("select count(*) from organisation_members").await,
    );
    assert_eq!(before, after);
    let countries: Vec<String> = sqlx::query_scalar(
        "select distinct country_code::text from organisations where name not like '%(demo)' order by 1",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(countries, ["BR", "CA", "CL", "ES", "FI", "FR", "GB", "IT", "NL", "NO", "US"]);
    assert_eq!(count("select count(*) from submissions").await, 98, "submissions are not duplicated either");
    let roles: Vec<String> =
        sqlx::query_scalar("select role from tenant_members order by role").fetch_all(&pool).await.unwrap();
    assert_eq!(roles, ["admin", "advisor", "reviewer", "reviewer", "reviewer", "staff"]);
    // The 2024 rounds: the panel of three and a staff member review every eligible challenge
    // three times, the panel every eligible offer twice; loads within one of each other, never a
    // conflict.
    assert_eq!(count("select count(*) from review_rounds").await, 2);
    let eligible = count("select count(*) from round_entries").await;
    assert_eq!(eligible, 67 + 25, "67 eligible challenges and 25 eligible offers joined their rounds");
    assert_eq!(count("select count(*) from review_assignments").await, 67 * 3 + 25 * 2);
    assert_eq!(
        count("select count(*) from reviews where status = 'submitted' and submitted_at < '2024-06-01'").await,
        67 * 3 + 25 * 2,
        "every assignment reviewed in 2024"
    );
    let spread = count(
        "select max(n) - min(n) from (select round_id, user_id, count(*) as n from review_assignments
           group by round_id, user_id) loads group by round_id order by 1 desc limit 1",
    )
    .await;
    assert!(spread <= 1, "loads within one: {spread}");
    assert_eq!(
        count(
            "select count(*) from review_assignments a join review_conflicts c using (tenant_id, round_id, submission_id, user_id)"
        )
        .await,
        0
    );
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

#[tokio::test]
async fn the_demo_edition_reads_like_the_2024_programme() {
    let pool = fresh_database().await;
    let config = sweetspot::config::Config::for_tests("http://127.0.0.1:8080".parse().unwrap());
    sweetspot::demo::load(&pool, &config).await.unwrap();
    let stats = |kind: &'static str| {
        let pool = pool.clone();
        async move {
            sqlx::query_as::<_, (i64, i64, i64)>(
                "select count(*), count(distinct o.country_code), count(distinct c.continent)
                 from submissions s join calls k on k.tenant_id = s.tenant_id and k.id = s.call_id
                 join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
                 join countries c on c.code = o.country_code
                 where k.kind = $1 and s.status = 'submitted'",
            )
            .bind(kind)
            .fetch_one(&pool)
            .await
            .unwrap()
        }
    };
    assert_eq!(
        stats("challenge").await,
        (72, 25, 6),
        "72 challenges from 25 countries on every continent but Antarctica"
    );
    let (solutions, countries, _) = stats("solution").await;
    assert_eq!((solutions, countries), (26, 18), "26 solutions from 18 countries");
    let selected: Vec<String> = sqlx::query_scalar(
        "select s.title from submissions s join calls c on c.id = s.call_id
              where s.selected_at is not null and c.kind = 'challenge' order by s.title",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        selected,
        [
            "Engaging the general public in common data spaces",
            "Establishing a collaborative culture for AI project management",
            "Improving access to public services for vulnerable populations",
            "Promoting broader and more equitable digital participation",
        ]
    );
    // Entries read as 2024's: started and sent inside their call's window, by their own team.
    let outside: i64 = sqlx::query_scalar(
        "select count(*) from submissions s join calls k on k.tenant_id = s.tenant_id and k.id = s.call_id
         where not (s.created_at >= k.opens_at and s.submitted_at > s.created_at and s.submitted_at < k.closes_at
                    and s.updated_at >= s.submitted_at and s.updated_at < '2025-01-01'
                    and (s.selected_at is null or s.selected_at between k.closes_at and k.closes_at + interval '2 months'))",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(outside, 0, "every entry is dated inside its call's window");
    let by_others: i64 = sqlx::query_scalar(
        "select count(*) from submission_versions v join submissions s on s.tenant_id = v.tenant_id and s.id = v.submission_id
         where not exists (select 1 from organisation_members m
                           where m.tenant_id = s.tenant_id and m.organisation_id = s.organisation_id and m.user_id = v.saved_by)
            or v.created_at > s.submitted_at",
    )
    .fetch_one(&pool)
    .await
    .unwrap();
    assert_eq!(by_others, 0, "every version is saved by a member of the entry's organisation, before it was sent");
    // Each real provider offers help to the challenge the seed pairs it with.
    let pairs: Vec<(String, String)> = sqlx::query_as(
        "select o.name, c.title from solution_offers so
         join submissions s on s.tenant_id = so.tenant_id and s.id = so.solution_id
         join organisations o on o.tenant_id = s.tenant_id and o.id = s.organisation_id
         join submissions c on c.tenant_id = so.tenant_id and c.id = so.challenge_id
         where o.name not like '%(demo)' order by o.name",
    )
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(pairs.len(), 8);
    assert!(pairs.contains(&(
        "Greater London Authority".into(),
        "Promoting broader and more equitable digital participation".into()
    )));
    assert!(pairs.contains(&(
        "Employment and Social Development Canada (ESDC)".into(),
        "Improving access to public services for vulnerable populations".into()
    )));
    assert!(pairs.contains(&(
        "Norwegian Digitalisation Agency (Digdir)".into(),
        "Establishing a collaborative culture for AI project management".into()
    )));
}

#[test]
fn two_database_urls_naming_different_databases_are_refused_in_one_line() {
    let output = Command::new(env!("CARGO_BIN_EXE_sweetspot"))
        .arg("migrate")
        .env("DATABASE_URL", "postgres://app@127.0.0.1:1/sweetspot")
        .env("MIGRATION_DATABASE_URL", "postgres://owner@127.0.0.1:1/other")
        .output()
        .unwrap();
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(
        stderr.trim(),
        "error: MIGRATION_DATABASE_URL and DATABASE_URL name different databases (\"other\" and \"sweetspot\"): they must be the same database, as two logins"
    );
}

/// A command run next to a serving process over the same embedded cluster (`migrate`, `tenant
/// create`, `demo`) leaves the cluster running when it exits: it did not start it.
#[tokio::test]
async fn a_command_run_beside_the_server_leaves_its_embedded_database_running() {
    let folder = tempfile::Builder::new().prefix("sweetspot-beside").tempdir().unwrap();
    std::fs::set_permissions(folder.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let data_dir = folder.path().join("pg");
    let port = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let mut server = tokio::process::Command::new(env!("CARGO_BIN_EXE_sweetspot"))
        .args(["serve", "--bind", &format!("127.0.0.1:{port}")])
        .env("DATA_DIR", &data_dir)
        .env("ATTACHMENT_STORE", folder.path().join("files"))
        .env("MAIL_DIR", folder.path().join("mail"))
        .env_remove("DATABASE_URL")
        .env("RUST_LOG", "warn")
        .kill_on_drop(true)
        .spawn()
        .unwrap();
    sweetspot::install_crypto_provider();
    let ready = format!("http://127.0.0.1:{port}/readyz");
    let answers = || async { reqwest::get(&ready).await.map(|r| r.status()).ok() };
    let mut status = None;
    for _ in 0..300 {
        status = answers().await;
        if status == Some(StatusCode::OK) {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(100)).await;
    }
    assert_eq!(status, Some(StatusCode::OK), "the server came up");
    let migrate = tokio::process::Command::new(env!("CARGO_BIN_EXE_sweetspot"))
        .arg("migrate")
        .env("DATA_DIR", &data_dir)
        .env_remove("DATABASE_URL")
        .output()
        .await
        .unwrap();
    assert!(migrate.status.success(), "{}", String::from_utf8_lossy(&migrate.stderr));
    // The watchdog polls once a second: give a wrong one time to act.
    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
    assert_eq!(answers().await, Some(StatusCode::OK), "the server's database still answers");
    // Stopped as an operator would (SIGTERM), so it stops its database before the folder goes.
    let pid = nix::unistd::Pid::from_raw(server.id().expect("the server runs") as i32);
    nix::sys::signal::kill(pid, nix::sys::signal::Signal::SIGTERM).unwrap();
    let stopped = tokio::time::timeout(std::time::Duration::from_secs(20), server.wait()).await;
    assert!(stopped.is_ok_and(|status| status.is_ok()), "the server stops on SIGTERM");
}

/// The container image's health check, exactly as the Dockerfile runs it (`sweetspot
/// healthcheck` with the image's `BIND=0.0.0.0:…`): ready is exit 0, anything else exit 1 with
/// one line.
#[tokio::test]
async fn the_image_health_check_asks_the_server_it_belongs_to() {
    let dockerfile = std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/Dockerfile")).unwrap();
    assert!(dockerfile.contains(r#"HEALTHCHECK --interval=10s --timeout=5s CMD ["sweetspot", "healthcheck"]"#));
    let app = crate::helpers::spawn_app().await;
    let port = app.address.rsplit(':').next().unwrap().to_string();
    let check = |bind: String| async move {
        tokio::process::Command::new(env!("CARGO_BIN_EXE_sweetspot"))
            .arg("healthcheck")
            .env("BIND", bind)
            .env_remove("DATABASE_URL")
            .output()
            .await
            .unwrap()
    };
    let healthy = check(format!("0.0.0.0:{port}")).await;
    assert!(healthy.status.success(), "{}", String::from_utf8_lossy(&healthy.stderr));
    let closed = std::net::TcpListener::bind("127.0.0.1:0").unwrap().local_addr().unwrap().port();
    let down = check(format!("0.0.0.0:{closed}")).await;
    assert_eq!(down.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&down.stderr);
    assert_eq!(stderr.lines().count(), 1, "{stderr}");
    assert!(stderr.starts_with(&format!("error: http://127.0.0.1:{closed}/readyz did not answer")), "{stderr}");
}

/// Every command derives its links from the same BIND as the server when BASE_URL is unset: the
/// first admin's invitation printed by `tenant create` points at the server that will answer it.
#[test]
fn tenant_create_prints_a_link_on_the_servers_address() {
    let folder = tempfile::Builder::new().prefix("sweetspot-links").tempdir().unwrap();
    std::fs::set_permissions(folder.path(), std::os::unix::fs::PermissionsExt::from_mode(0o755)).unwrap();
    let output = Command::new(env!("CARGO_BIN_EXE_sweetspot"))
        .args(["tenant", "create", "agency", "--name", "Agency", "--admin-email", "boss@agency.example"])
        .env("DATA_DIR", folder.path().join("pg"))
        .env("BIND", "127.0.0.1:9191")
        .env_remove("DATABASE_URL")
        .env_remove("BASE_URL")
        .output()
        .unwrap();
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.contains("http://127.0.0.1:9191/t/agency/invitations/"), "{stdout}");
}

#[tokio::test]
async fn the_openapi_document_lists_exactly_the_countries_the_database_holds() {
    let app = crate::helpers::spawn_app().await;
    let mut in_database: Vec<String> =
        sqlx::query_scalar("select code::text from countries").fetch_all(&app.pool).await.unwrap();
    in_database.sort();
    let document: serde_json::Value = app.get("/api/openapi.json").await.json().await.unwrap();
    let mut in_schema: Vec<String> =
        document["components"]["schemas"]["OrganisationInput"]["properties"]["country"]["enum"]
            .as_array()
            .expect("the country field lists its values")
            .iter()
            .map(|code| code.as_str().unwrap().to_string())
            .collect();
    in_schema.sort();
    assert_eq!(in_schema, in_database);
}
