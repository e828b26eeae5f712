//! The JSON API: the same rules as the pages, problem documents for errors.

use reqwest::{Method, StatusCode};
use sweetspot::tenancy::domain::TenantRole;

use crate::helpers::spawn_app;

async fn token_for(app: &crate::helpers::TestApp, email: &str) -> String {
    let browser = app.new_browser();
    browser.log_in_ok(email).await;
    let page = browser.post_form("/profile/tokens", &[("token_name", "test")]).await.text().await.unwrap();
    let document = scraper::Html::parse_document(&page);
    document.select(&scraper::Selector::parse("#new-token").unwrap()).next().unwrap().text().collect()
}

#[tokio::test]
async fn a_program_registers_reads_and_updates_an_organisation_with_a_token() {
    let app = spawn_app().await;
    app.create_tenant("opsi").await;
    app.create_user("ana@gov.example", "Ana").await;
    let token = token_for(&app, "ana@gov.example").await;

    let body =
        serde_json::json!({ "name": "Data Room", "country": "FI", "level": "national", "website": "https://vm.fi" });
    let created = app.bearer(Method::POST, "/api/v1/t/opsi/organisations", &token, Some(&body)).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let organisation: serde_json::Value = created.json().await.unwrap();
    assert_eq!(organisation["name"], "Data Room");
    assert_eq!(organisation["country_name"], "Finland");
    assert_eq!(organisation["version"], 1);
    let id = organisation["id"].as_str().unwrap().to_string();

    let path = format!("/api/v1/t/opsi/organisations/{id}");
    let read: serde_json::Value = app.bearer(Method::GET, &path, &token, None).await.json().await.unwrap();
    assert_eq!(read["level"], "national");

    let update = serde_json::json!({ "version": 1, "name": "Data Room Finland", "country": "FI", "level": "national" });
    let updated = app.bearer(Method::PATCH, &path, &token, Some(&update)).await;
    assert_eq!(updated.status(), StatusCode::OK);
    assert_eq!(updated.json::<serde_json::Value>().await.unwrap()["version"], 2);
    // PATCH changes what is sent (RFC 7396): the website alone, the name and country kept.
    let website = serde_json::json!({ "version": 2, "website": "https://dataroom.example" });
    let patched: serde_json::Value =
        app.bearer(Method::PATCH, &path, &token, Some(&website)).await.json().await.unwrap();
    assert_eq!(
        (&patched["version"], &patched["name"], &patched["country_code"], &patched["website"]),
        (
            &serde_json::json!(3),
            &serde_json::json!("Data Room Finland"),
            &serde_json::json!("FI"),
            &serde_json::json!("https://dataroom.example/")
        )
    );
    let wrong_type =
        app.bearer(Method::PATCH, &path, &token, Some(&serde_json::json!({ "version": 3, "name": 7 }))).await;
    assert_eq!(wrong_type.status(), StatusCode::BAD_REQUEST);

    let stale = app.bearer(Method::PATCH, &path, &token, Some(&update)).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert_eq!(stale.headers()["content-type"], "application/problem+json");
    let problem: serde_json::Value = stale.json().await.unwrap();
    assert_eq!(problem["status"], 409);
    // Its kind is stable and its own; its detail speaks to a program, not of a form.
    assert_eq!(problem["type"], "tag:sweetspot.invalid,2026:problem:stale-edit");
    assert_eq!(problem["title"], "This was changed after you opened it");
    assert_eq!(
        problem["detail"],
        "Someone saved this after the version you sent. Read it again and send your change on top of the version you get."
    );

    let members: serde_json::Value =
        app.bearer(Method::GET, &format!("{path}/members"), &token, None).await.json().await.unwrap();
    assert_eq!(members[0]["email"], "ana@gov.example");
}

#[tokio::test]
async fn invalid_json_gets_field_errors_and_saves_nothing() {
    let app = spawn_app().await;
    app.create_tenant("opsi").await;
    app.create_user("ana@gov.example", "Ana").await;
    let token = token_for(&app, "ana@gov.example").await;
    let response = app
        .bearer(
            Method::POST,
            "/api/v1/t/opsi/organisations",
            &token,
            Some(&serde_json::json!({ "name": "", "country": "XX", "level": "galactic" })),
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = response.json().await.unwrap();
    let fields: Vec<&str> =
        problem["errors"].as_array().unwrap().iter().map(|e| e["field"].as_str().unwrap()).collect();
    assert_eq!(fields, vec!["name", "country", "level"]);
    assert_eq!(problem["errors"][2]["message"], "Choose a level of government from the list");

    let garbage = app
        .client
        .post(app.url("/api/v1/t/opsi/organisations"))
        .header("authorization", format!("Bearer {token}"))
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(garbage.status(), StatusCode::BAD_REQUEST);
    assert_eq!(garbage.headers()["content-type"], "application/problem+json");
    let wrong_type = app
        .bearer(
            Method::PATCH,
            "/api/v1/t/opsi/organisations/00000000-0000-0000-0000-000000000000",
            &token,
            Some(&serde_json::json!({ "version": "one" })),
        )
        .await;
    assert_eq!(wrong_type.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        wrong_type.json::<serde_json::Value>().await.unwrap()["detail"],
        "The JSON document does not have the expected fields or types."
    );
    assert_eq!(app.count("select count(*) from organisations").await, 0);
}

#[tokio::test]
async fn staff_see_every_organisation_and_pages_follow_a_cursor() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let staff = app.create_user("staff@opsi.example", "Staff").await;
    app.grant(tenant, staff, TenantRole::Staff).await;
    let member = app.create_user("team@gov.example", "Team").await;
    for i in 0..55 {
        app.create_organisation(tenant, &format!("Organisation {i:02}"), "BR", member).await;
    }
    let token = token_for(&app, "staff@opsi.example").await;
    let first: serde_json::Value =
        app.bearer(Method::GET, "/api/v1/t/opsi/organisations", &token, None).await.json().await.unwrap();
    assert_eq!(first["items"].as_array().unwrap().len(), 50);
    let next = first["next"].as_str().expect("a next cursor");
    let second: serde_json::Value = app
        .bearer(Method::GET, &format!("/api/v1/t/opsi/organisations?after={next}"), &token, None)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(second["items"].as_array().unwrap().len(), 5);
    assert!(second["next"].is_null());
    let mut names: Vec<String> = first["items"]
        .as_array()
        .unwrap()
        .iter()
        .chain(second["items"].as_array().unwrap())
        .map(|o| o["name"].as_str().unwrap().to_string())
        .collect();
    names.sort();
    names.dedup();
    assert_eq!(names.len(), 55, "no organisation is skipped or repeated across pages");
}

#[tokio::test]
async fn admins_invite_through_the_api_and_others_are_refused() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let admin = app.create_user("admin@opsi.example", "Admin").await;
    let reviewer = app.create_user("reviewer@opsi.example", "Reviewer").await;
    app.grant(tenant, admin, TenantRole::Admin).await;
    app.grant(tenant, reviewer, TenantRole::Reviewer).await;
    let admin_token = token_for(&app, "admin@opsi.example").await;
    let reviewer_token = token_for(&app, "reviewer@opsi.example").await;
    let body = serde_json::json!({ "email": "advisor@board.example", "role": "advisor" });
    assert_eq!(
        app.bearer(Method::POST, "/api/v1/t/opsi/invitations", &reviewer_token, Some(&body)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(
        app.bearer(Method::POST, "/api/v1/t/opsi/invitations", &admin_token, Some(&body)).await.status(),
        StatusCode::ACCEPTED
    );
    let open: serde_json::Value =
        app.bearer(Method::GET, "/api/v1/t/opsi/invitations", &admin_token, None).await.json().await.unwrap();
    assert_eq!(open[0]["email"], "advisor@board.example");
    assert_eq!(open[0]["role"], "advisor");
    let bad = app
        .bearer(
            Method::POST,
            "/api/v1/t/opsi/invitations",
            &admin_token,
            Some(&serde_json::json!({ "email": "x@board.example", "role": "emperor" })),
        )
        .await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("select count(*) from invitations").await, 1);
    assert_eq!(app.get("/api/v1/t/opsi/invitations").await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_person_creates_lists_and_revokes_api_tokens_as_json_and_a_token_cannot_mint_tokens() {
    let app = spawn_app().await;
    app.create_user("ana@gov.example", "Ana").await;
    let browser = app.new_browser();
    browser.log_in_ok("ana@gov.example").await;
    let created =
        browser.send_json(Method::POST, "/api/v1/me/tokens", &serde_json::json!({ "name": "Reporting" })).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: serde_json::Value = created.json().await.unwrap();
    let token = created["token"].as_str().unwrap().to_string();
    assert!(token.starts_with("ssp_"), "{token}");
    assert_eq!(created["name"], "Reporting");
    // The token works, is listed by name (never the token itself), and cannot create tokens.
    let listed = app.bearer(Method::GET, "/api/v1/me/tokens", &token, None).await;
    assert_eq!(listed.status(), StatusCode::OK);
    let listed = listed.text().await.unwrap();
    assert!(listed.contains("\"Reporting\"") && !listed.contains(&token), "{listed}");
    let minted = app.bearer(Method::POST, "/api/v1/me/tokens", &token, Some(&serde_json::json!({ "name": "x" }))).await;
    assert_eq!(minted.status(), StatusCode::FORBIDDEN);
    // A name is required; the problem names the JSON field.
    let unnamed = browser.send_json(Method::POST, "/api/v1/me/tokens", &serde_json::json!({ "name": " " })).await;
    assert_eq!(unnamed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(unnamed.json::<serde_json::Value>().await.unwrap()["errors"][0]["field"], "name");
    assert_eq!(app.count("select count(*) from api_tokens").await, 1, "refused requests saved nothing");
    // Another person cannot revoke it; its owner can, and it stops working.
    app.create_user("carla@gov.example", "Carla").await;
    let carla = app.new_browser();
    carla.log_in_ok("carla@gov.example").await;
    let id = created["id"].as_str().unwrap();
    let foreign = carla.send_json(Method::DELETE, &format!("/api/v1/me/tokens/{id}"), &serde_json::json!({})).await;
    assert_eq!(foreign.status(), StatusCode::NOT_FOUND);
    let revoked = browser.send_json(Method::DELETE, &format!("/api/v1/me/tokens/{id}"), &serde_json::json!({})).await;
    assert_eq!(revoked.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.bearer(Method::GET, "/api/v1/me", &token, None).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn what_the_profile_people_and_invitation_pages_do_a_program_does_as_json() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let admin = app.create_user("admin@opsi.example", "Admin").await;
    app.grant(tenant, admin, TenantRole::Admin).await;
    let staff = app.create_user("staff@opsi.example", "Staff").await;
    app.grant(tenant, staff, TenantRole::Staff).await;
    let token = token_for(&app, "admin@opsi.example").await;
    let send = async |method: Method, path: &str, body: Option<serde_json::Value>| {
        app.bearer(method, path, &token, body.as_ref()).await
    };

    // The profile: the zone alone changes; the name stays; a stale version is 409.
    let me: serde_json::Value = send(Method::GET, "/api/v1/me", None).await.json().await.unwrap();
    let version = me["version"].as_i64().unwrap();
    let zone = serde_json::json!({ "version": version, "time_zone": "Asia/Tokyo" });
    let changed = send(Method::PATCH, "/api/v1/me", Some(zone.clone())).await;
    assert_eq!(changed.status(), StatusCode::OK);
    let changed: serde_json::Value = changed.json().await.unwrap();
    assert_eq!(
        (&changed["time_zone"], &changed["display_name"]),
        (&serde_json::json!("Asia/Tokyo"), &serde_json::json!("Admin"))
    );
    assert_eq!(send(Method::PATCH, "/api/v1/me", Some(zone)).await.status(), StatusCode::CONFLICT);
    let bad_zone = serde_json::json!({ "version": version + 1, "time_zone": "Mars/Olympus" });
    assert_eq!(send(Method::PATCH, "/api/v1/me", Some(bad_zone)).await.status(), StatusCode::UNPROCESSABLE_ENTITY);

    // People: listed, a role changed, removed; the last admin stays.
    let people: serde_json::Value = send(Method::GET, "/api/v1/t/opsi/people", None).await.json().await.unwrap();
    assert_eq!(people["items"].as_array().unwrap().len(), 2);
    let to_reviewer =
        send(Method::PATCH, &format!("/api/v1/t/opsi/people/{staff}"), Some(serde_json::json!({ "role": "reviewer" })))
            .await;
    assert_eq!(to_reviewer.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count("select count(*) from tenant_members where role = 'reviewer'").await, 1);
    let last_admin = send(Method::DELETE, &format!("/api/v1/t/opsi/people/{admin}"), None).await;
    assert_eq!(last_admin.status(), StatusCode::CONFLICT);
    assert_eq!(
        send(Method::DELETE, &format!("/api/v1/t/opsi/people/{staff}"), None).await.status(),
        StatusCode::NO_CONTENT
    );
    assert_eq!(app.count("select count(*) from tenant_members").await, 1);

    // Invitations to the tenant and to an organisation are withdrawn by id.
    let invite = serde_json::json!({ "email": "new@opsi.example", "role": "staff" });
    assert_eq!(send(Method::POST, "/api/v1/t/opsi/invitations", Some(invite)).await.status(), StatusCode::ACCEPTED);
    let open: serde_json::Value = send(Method::GET, "/api/v1/t/opsi/invitations", None).await.json().await.unwrap();
    let invitation = open[0]["id"].as_str().unwrap().to_string();
    let withdrawn = send(Method::DELETE, &format!("/api/v1/t/opsi/invitations/{invitation}"), None).await;
    assert_eq!(withdrawn.status(), StatusCode::NO_CONTENT);
    let open: serde_json::Value = send(Method::GET, "/api/v1/t/opsi/invitations", None).await.json().await.unwrap();
    assert_eq!(open, serde_json::json!([]));
    let again = send(Method::DELETE, &format!("/api/v1/t/opsi/invitations/{invitation}"), None).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);

    let member = app.create_user("ana@gov.example", "Ana").await;
    let organisation = app.create_organisation(tenant, "Digital Lab", "BR", member).await;
    let ana = token_for(&app, "ana@gov.example").await;
    let path = format!("/api/v1/t/opsi/organisations/{organisation}/invitations");
    let colleague = serde_json::json!({ "email": "colleague@gov.example" });
    assert_eq!(app.bearer(Method::POST, &path, &ana, Some(&colleague)).await.status(), StatusCode::ACCEPTED);
    let open: serde_json::Value = app.bearer(Method::GET, &path, &ana, None).await.json().await.unwrap();
    let invitation = open[0]["id"].as_str().unwrap().to_string();
    let withdrawn = app.bearer(Method::DELETE, &format!("{path}/{invitation}"), &ana, None).await;
    assert_eq!(withdrawn.status(), StatusCode::NO_CONTENT);
    assert_eq!(app.count("select count(*) from invitations where revoked_at is null").await, 0);
}
