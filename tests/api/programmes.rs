//! Programme editions with their timelines, and the tenant's themes.

use chrono::{Duration, Utc};
use reqwest::{Method, StatusCode};
use sweetspot::tenancy::domain::TenantRole;

use crate::helpers::{TestApp, error_summary, heading, input_value, location, spawn_app};

async fn staff_app() -> TestApp {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let staff = app.create_user("staff@opsi.example", "Staff").await;
    app.grant(tenant, staff, TenantRole::Staff).await;
    app.log_in_ok("staff@opsi.example").await;
    app
}

fn day(offset: i64) -> String {
    (Utc::now().date_naive() + Duration::days(offset)).to_string()
}

#[tokio::test]
async fn staff_create_a_programme_whose_public_page_shows_the_timeline() {
    let app = staff_app().await;
    let (status, _) = app.get_html("/t/opsi/programmes/new").await;
    assert_eq!(status, StatusCode::OK);
    let (past_start, past_end, now_start, now_end, next_start, next_end) =
        (day(-60), day(-31), day(-30), day(30), day(31), day(60));
    let response = app
        .post_form(
            "/t/opsi/programmes/new",
            &[
                ("title", "Innovation Incubator 2024"),
                ("slug", "incubator-2024"),
                ("summary", "Government teams helping each other across borders."),
                ("time_zone", "Europe/Paris"),
                ("version", "0"),
                ("challenge_call_starts", &past_start),
                ("challenge_call_ends", &past_end),
                ("challenge_selection_starts", &now_start),
                ("challenge_selection_ends", &now_end),
                ("solution_call_starts", &next_start),
                ("solution_call_ends", &next_end),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/t/opsi/p/incubator-2024");

    let visitor = app.new_browser();
    let (status, page) = visitor.get_html("/t/opsi/p/incubator-2024").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(heading(&page), "Innovation Incubator 2024");
    let document = scraper::Html::parse_document(&page);
    let items: Vec<String> = document
        .select(&scraper::Selector::parse(".ss-timeline__item").unwrap())
        .map(|li| li.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(items.len(), 3);
    assert!(items[0].starts_with("Call for challenges"));
    assert!(items[1].starts_with("Challenge selection Now"), "{items:?}");
    assert!(items[2].starts_with("Call for solutions"));
    assert!(!page.contains("Edit the programme"), "visitors cannot edit");
    let (_, home) = visitor.get_html("/t/opsi").await;
    assert!(home.contains("Innovation Incubator 2024"));
    assert_eq!(app.count("select count(*) from audit_log where action = 'programme.created'").await, 1);
}

#[tokio::test]
async fn a_wrong_programme_form_comes_back_with_its_errors_and_nothing_is_saved() {
    let app = staff_app().await;
    let response = app
        .post_form(
            "/t/opsi/programmes/new",
            &[
                ("title", ""),
                ("slug", "Incubator 2024"),
                ("time_zone", "Mars/Olympus"),
                ("version", "0"),
                ("challenge_call_starts", "2024-01-10"),
                ("matching_starts", "2024-05-10"),
                ("matching_ends", "2024-05-01"),
                ("showcase_starts", "soon"),
                ("showcase_ends", "2024-12-01"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.unwrap();
    assert_eq!(
        error_summary(&body),
        vec![
            "Enter a title",
            "Use lowercase letters, digits and hyphens only, like incubator-2024",
            "Choose a time zone from the list",
            "Enter both the start and the end date, or neither",
            "The end date must be on or after the start date",
            "Enter dates as year-month-day, like 2024-03-31",
        ]
    );
    assert_eq!(input_value(&body, "challenge_call_starts").as_deref(), Some("2024-01-10"));
    assert_eq!(app.count("select count(*) from programmes").await, 0);
    assert_eq!(app.count("select count(*) from programme_phases").await, 0);
}

#[tokio::test]
async fn programme_short_names_are_unique_within_a_tenant() {
    let app = staff_app().await;
    let fields = [("title", "Incubator"), ("slug", "incubator"), ("time_zone", "UTC"), ("version", "0")];
    assert_eq!(app.post_form("/t/opsi/programmes/new", &fields).await.status(), StatusCode::SEE_OTHER);
    let again = app.post_form("/t/opsi/programmes/new", &fields).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&again.text().await.unwrap()), vec!["Another programme already uses this short name"]);
    // Another tenant may use the same short name.
    let other = app.create_tenant("agency").await;
    let staff = app.create_user("staff@agency.example", "Agency staff").await;
    app.grant(other, staff, TenantRole::Staff).await;
    let browser = app.new_browser();
    browser.log_in_ok("staff@agency.example").await;
    assert_eq!(browser.post_form("/t/agency/programmes/new", &fields).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("select count(*) from programmes").await, 2);
}

#[tokio::test]
async fn only_staff_of_the_tenant_manage_programmes() {
    let app = staff_app().await;
    app.post_form(
        "/t/opsi/programmes/new",
        &[("title", "Incubator"), ("slug", "incubator"), ("time_zone", "UTC"), ("version", "0")],
    )
    .await;
    let tenant: sweetspot::ids::TenantId =
        sqlx::query_scalar("select id from tenants where slug = 'opsi'").fetch_one(&app.pool).await.unwrap();
    let reviewer = app.create_user("reviewer@opsi.example", "Reviewer").await;
    app.grant(tenant, reviewer, TenantRole::Reviewer).await;
    let team = app.create_user("team@gov.example", "Team").await;
    app.create_organisation(tenant, "Lab", "BR", team).await;
    let other_tenant = app.create_tenant("agency").await;
    let outsider = app.create_user("admin@agency.example", "Outsider").await;
    app.grant(other_tenant, outsider, TenantRole::Admin).await;
    for email in ["reviewer@opsi.example", "team@gov.example", "admin@agency.example"] {
        let browser = app.new_browser();
        browser.log_in_ok(email).await;
        assert_eq!(browser.get("/t/opsi/programmes/new").await.status(), StatusCode::FORBIDDEN, "{email}");
        let response =
            browser.post_form("/t/opsi/programmes/new", &[("title", "Mine"), ("slug", "mine"), ("version", "0")]).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{email}");
        let response = browser
            .post_form("/t/opsi/p/incubator/edit", &[("title", "Taken"), ("slug", "incubator"), ("version", "1")])
            .await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{email}");
        assert_eq!(browser.get("/t/opsi/admin/themes").await.status(), StatusCode::FORBIDDEN, "{email}");
    }
    let anonymous = app.new_browser();
    assert_eq!(location(&anonymous.get("/t/opsi/programmes/new").await), "/login?next=%2Ft%2Fopsi%2Fprogrammes%2Fnew");
    assert_eq!(app.count("select count(*) from programmes").await, 1);
    assert_eq!(app.count("select count(*) from programmes where title = 'Incubator'").await, 1);
}

#[tokio::test]
async fn a_stale_programme_edit_is_refused() {
    let app = staff_app().await;
    app.post_form(
        "/t/opsi/programmes/new",
        &[("title", "Incubator"), ("slug", "incubator"), ("time_zone", "UTC"), ("version", "0")],
    )
    .await;
    let (_, form) = app.get_html("/t/opsi/p/incubator/edit").await;
    let version = input_value(&form, "version").unwrap();
    let saved = app
        .post_form(
            "/t/opsi/p/incubator/edit",
            &[
                ("title", "Incubator 2024"),
                ("slug", "incubator"),
                ("time_zone", "UTC"),
                ("version", &version),
                ("showcase_starts", "2024-11-01"),
                ("showcase_ends", "2024-11-30"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let stale = app
        .post_form(
            "/t/opsi/p/incubator/edit",
            &[("title", "Old tab"), ("slug", "incubator"), ("time_zone", "UTC"), ("version", &version)],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let body = stale.text().await.unwrap();
    assert!(body.contains("Someone saved changes to this programme"));
    assert_eq!(input_value(&body, "title").as_deref(), Some("Incubator 2024"));
    assert_eq!(input_value(&body, "showcase_starts").as_deref(), Some("2024-11-01"));
    assert_eq!(app.count("select count(*) from programmes where title = 'Incubator 2024'").await, 1);
    assert_eq!(app.count("select count(*) from programme_phases where kind = 'showcase'").await, 1);
}

#[tokio::test]
async fn programmes_have_a_json_twin() {
    let app = staff_app().await;
    let body = serde_json::json!({
        "title": "Innovation Incubator 2024", "slug": "incubator-2024", "time_zone": "Europe/Paris",
        "phases": [{ "kind": "challenge_call", "starts_on": "2023-12-01", "ends_on": "2024-01-31" }]
    });
    let created = app.send_json(Method::POST, "/api/v1/t/opsi/programmes", &body).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(created["slug"], "incubator-2024");
    assert_eq!(created["phases"][0]["kind"], "challenge_call");
    assert_eq!(created["phases"][0]["starts_on"], "2023-12-01");

    let public = reqwest::Client::new().get(app.url("/api/v1/t/opsi/programmes/incubator-2024")).send().await.unwrap();
    assert_eq!(public.status(), StatusCode::OK);
    let list: serde_json::Value =
        reqwest::get(app.url("/api/v1/t/opsi/programmes")).await.unwrap().json().await.unwrap();
    assert_eq!(list.as_array().unwrap().len(), 1);

    let update = serde_json::json!({ "version": 1, "title": "Incubator 2024", "slug": "incubator-2024", "phases": [] });
    let updated: serde_json::Value =
        app.send_json(Method::PATCH, "/api/v1/t/opsi/programmes/incubator-2024", &update).await.json().await.unwrap();
    assert_eq!(updated["version"], 2);
    assert_eq!(updated["phases"].as_array().unwrap().len(), 0);
    // PATCH changes what is sent: the summary alone.
    let summary = serde_json::json!({ "version": 2, "summary": "Matching governments" });
    let patched: serde_json::Value =
        app.send_json(Method::PATCH, "/api/v1/t/opsi/programmes/incubator-2024", &summary).await.json().await.unwrap();
    assert_eq!(
        (&patched["version"], &patched["title"], &patched["summary"], &patched["slug"]),
        (
            &serde_json::json!(3),
            &serde_json::json!("Incubator 2024"),
            &serde_json::json!("Matching governments"),
            &serde_json::json!("incubator-2024")
        )
    );
    let stale = app.send_json(Method::PATCH, "/api/v1/t/opsi/programmes/incubator-2024", &update).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let bad = app
        .send_json(
            Method::POST,
            "/api/v1/t/opsi/programmes",
            &serde_json::json!({ "title": "X", "slug": "x", "phases": [{ "kind": "party" }] }),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("select count(*) from programmes").await, 1);
}

#[tokio::test]
async fn staff_keep_a_list_of_themes() {
    let app = staff_app().await;
    assert_eq!(
        app.post_form("/t/opsi/admin/themes", &[("name", "Digital inclusion")]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(app.post_form("/t/opsi/admin/themes", &[("name", "Data spaces")]).await.status(), StatusCode::SEE_OTHER);
    let duplicate = app.post_form("/t/opsi/admin/themes", &[("name", "digital INCLUSION")]).await;
    assert_eq!(duplicate.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&duplicate.text().await.unwrap()), vec!["A theme with this name already exists"]);
    let empty = app.post_form("/t/opsi/admin/themes", &[("name", "  ")]).await;
    assert_eq!(error_summary(&empty.text().await.unwrap()), vec!["Enter a name for the theme"]);

    let id: uuid::Uuid =
        sqlx::query_scalar("select id from themes where name = 'Data spaces'").fetch_one(&app.pool).await.unwrap();
    assert_eq!(app.post_form(&format!("/t/opsi/admin/themes/{id}/archive"), &[]).await.status(), StatusCode::SEE_OTHER);
    let themes: serde_json::Value = reqwest::get(app.url("/api/v1/t/opsi/themes")).await.unwrap().json().await.unwrap();
    assert_eq!(themes[0]["name"], "Digital inclusion");
    assert_eq!(themes[0]["archived"], false);
    assert_eq!(themes[1]["name"], "Data spaces");
    assert_eq!(themes[1]["archived"], true);
    assert_eq!(app.post_form(&format!("/t/opsi/admin/themes/{id}/restore"), &[]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("select count(*) from themes where archived_at is null").await, 2);
    // A theme id from another tenant is not found here.
    let other = app.create_tenant("agency").await;
    let foreign = uuid::Uuid::now_v7();
    sqlx::query("insert into themes (tenant_id, id, name) values ($1, $2, 'Foreign')")
        .bind(other)
        .bind(foreign)
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(
        app.post_form(&format!("/t/opsi/admin/themes/{foreign}/archive"), &[]).await.status(),
        StatusCode::NOT_FOUND
    );
    assert_eq!(app.count("select count(*) from themes where archived_at is not null").await, 0);
}

#[tokio::test]
async fn themes_are_added_archived_and_restored_through_the_api() {
    let app = staff_app().await;
    let created =
        app.send_json(Method::POST, "/api/v1/t/opsi/themes", &serde_json::json!({ "name": "Open data" })).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(created["name"], "Open data");
    assert_eq!(created["archived"], false);
    let id = created["id"].as_str().unwrap().to_string();
    for (name, error) in [
        ("OPEN DATA", "A theme with this name already exists"),
        ("  ", "Enter a name for the theme"),
        ("Open\u{0}data", "Remove the invisible control characters"),
    ] {
        let refused = app.send_json(Method::POST, "/api/v1/t/opsi/themes", &serde_json::json!({ "name": name })).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
        assert!(refused.text().await.unwrap().contains(error), "{name}");
    }
    let archived = app
        .send_json(Method::PATCH, &format!("/api/v1/t/opsi/themes/{id}"), &serde_json::json!({ "archived": true }))
        .await;
    assert_eq!(archived.status(), StatusCode::OK);
    assert_eq!(archived.json::<serde_json::Value>().await.unwrap()["archived"], true);
    let restored = app
        .send_json(Method::PATCH, &format!("/api/v1/t/opsi/themes/{id}"), &serde_json::json!({ "archived": false }))
        .await;
    assert_eq!(restored.json::<serde_json::Value>().await.unwrap()["archived"], false);
    let unknown = app
        .send_json(
            Method::PATCH,
            &format!("/api/v1/t/opsi/themes/{}", uuid::Uuid::now_v7()),
            &serde_json::json!({ "archived": true }),
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::NOT_FOUND);
    // Only staff manage themes.
    app.create_user("ana@gov.example", "Ana").await;
    let member = app.new_browser();
    member.log_in_ok("ana@gov.example").await;
    let refused = member.send_json(Method::POST, "/api/v1/t/opsi/themes", &serde_json::json!({ "name": "Mine" })).await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    let refused = member
        .send_json(Method::PATCH, &format!("/api/v1/t/opsi/themes/{id}"), &serde_json::json!({ "archived": true }))
        .await;
    assert_eq!(refused.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("select count(*) from themes").await, 1);
    assert_eq!(app.count("select count(*) from themes where archived_at is null").await, 1);
}
