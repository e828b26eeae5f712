//! Tenants, roles, organisations, members and invitations, and the walls between them.

use reqwest::StatusCode;
use sweetspot::tenancy::domain::TenantRole;

use crate::helpers::{PASSWORD, error_summary, heading, input_value, location, spawn_app};

#[tokio::test]
async fn creating_a_tenant_invites_its_first_admin_who_signs_up_through_the_link() {
    let app = spawn_app().await;
    let config = sweetspot::config::Config::for_tests(app.address.parse().unwrap());
    let (tenant, link) = sweetspot::tenancy::service::create_tenant(
        &app.pool,
        &config,
        "agency",
        "Innovation Agency",
        "chief@agency.example",
    )
    .await
    .unwrap();
    assert_eq!(tenant.slug, "agency");
    assert!(link.starts_with(&format!("{}/t/agency/invitations/", app.address)));
    let duplicate =
        sweetspot::tenancy::service::create_tenant(&app.pool, &config, "agency", "Again", "x@agency.example").await;
    assert!(duplicate.unwrap_err().to_string().contains("already exists"));
    let bad_slug =
        sweetspot::tenancy::service::create_tenant(&app.pool, &config, "Bad Slug", "X", "x@agency.example").await;
    assert_eq!(bad_slug.unwrap_err().to_string(), "the slug must be 1–40 lowercase letters, digits or inner hyphens");
    assert_eq!(
        app.count("select count(*) from tenants").await,
        1,
        "neither the duplicate nor the bad slug was created"
    );

    let path = link.trim_start_matches(&app.address).to_string();
    let (status, page) = app.get_html(&path).await;
    assert_eq!(status, StatusCode::OK);
    let document = scraper::Html::parse_document(&page);
    let body = scraper::Selector::parse("main p.govuk-body").unwrap();
    let invitation: String = document.select(&body).next().expect("the invitation").text().collect();
    // Typed text is isolated (U+2068 … U+2069) so a right-to-left name keeps the sentence in order.
    assert_eq!(invitation, "This invitation for \u{2068}chief@agency.example\u{2069} gives: \u{2068}Admin\u{2069}.");
    let weak =
        app.post_form(&format!("{path}/signup"), &[("display_name", "Chief"), ("password", "password1234")]).await;
    assert_eq!(weak.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("select count(*) from users").await, 0);
    let response = app.post_form(&format!("{path}/signup"), &[("display_name", "Chief"), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/t/agency");
    let (status, people) = app.get_html("/t/agency/admin/people").await;
    assert_eq!(status, StatusCode::OK);
    assert!(people.contains("chief@agency.example"));
    assert_eq!(app.count("select count(*) from users where email_verified_at is not null").await, 1);
    // The link is used up.
    let (status, _) = app.get_html(&path).await;
    assert_eq!(status, StatusCode::GONE);
}

#[tokio::test]
async fn an_admin_invites_staff_who_accept_with_an_existing_account() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let admin = app.create_user("admin@opsi.example", "Admin").await;
    app.grant(tenant, admin, TenantRole::Admin).await;
    app.create_user("sam@opsi.example", "Sam").await;
    app.log_in_ok("admin@opsi.example").await;

    let invalid = app.post_form("/t/opsi/admin/invitations", &[("email", "nope"), ("role", "")]).await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_summary(&invalid.text().await.unwrap()),
        vec![
            "Enter an email address in the correct format, like name@ministry.gov.example".to_string(),
            "Choose a role".to_string()
        ]
    );
    assert_eq!(app.count("select count(*) from invitations").await, 0);

    let response =
        app.post_form("/t/opsi/admin/invitations", &[("email", "sam@opsi.example"), ("role", "staff")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (subject, body) = app.last_email_to("sam@opsi.example").await.unwrap();
    assert_eq!(subject, "Admin invites you to Tenant opsi on Sweetspot");
    assert!(body.contains("as: Staff"));
    let link = app.link_in_email("sam@opsi.example", "/invitations/").await;

    // Someone else signed in cannot take it.
    let intruder = app.new_browser();
    app.create_user("mallory@gov.example", "Mallory").await;
    intruder.log_in_ok("mallory@gov.example").await;
    let (_, page) = intruder.get_html(&link).await;
    assert!(page.contains("but this invitation was sent to \u{2068}sam@opsi.example\u{2069}"));
    assert_eq!(intruder.post_form(&format!("{link}/accept"), &[]).await.status(), StatusCode::FORBIDDEN);

    let sam = app.new_browser();
    sam.log_in_ok("sam@opsi.example").await;
    let response = sam.post_form(&format!("{link}/accept"), &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(sam.get("/t/opsi/admin/people").await.status(), StatusCode::OK);
    assert_eq!(sam.post_form(&format!("{link}/accept"), &[]).await.status(), StatusCode::CONFLICT);
    assert_eq!(app.count("select count(*) from audit_log where action = 'invitation.accepted'").await, 1);
}

#[tokio::test]
async fn only_admins_manage_people_and_the_last_admin_stays() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let admin = app.create_user("admin@opsi.example", "Admin").await;
    let staff = app.create_user("staff@opsi.example", "Staff").await;
    app.grant(tenant, admin, TenantRole::Admin).await;
    app.grant(tenant, staff, TenantRole::Staff).await;

    let staff_browser = app.new_browser();
    staff_browser.log_in_ok("staff@opsi.example").await;
    let (status, page) = staff_browser.get_html("/t/opsi/admin/people").await;
    assert_eq!(status, StatusCode::OK, "staff may look");
    assert!(!page.contains("Invite someone"));
    let response =
        staff_browser.post_form("/t/opsi/admin/invitations", &[("email", "x@gov.example"), ("role", "admin")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    let response = staff_browser.post_form(&format!("/t/opsi/admin/people/{staff}/role"), &[("role", "admin")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);

    app.log_in_ok("admin@opsi.example").await;
    let response = app.post_form(&format!("/t/opsi/admin/people/{admin}/role"), &[("role", "staff")]).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert!(response.text().await.unwrap().contains("An incubator needs at least one admin"));
    assert_eq!(
        app.post_form(&format!("/t/opsi/admin/people/{admin}/remove"), &[]).await.status(),
        StatusCode::CONFLICT
    );

    let response = app.post_form(&format!("/t/opsi/admin/people/{staff}/role"), &[("role", "reviewer")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(staff_browser.get("/t/opsi/admin/people").await.status(), StatusCode::FORBIDDEN);
    let response = app.post_form(&format!("/t/opsi/admin/people/{staff}/remove"), &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("select count(*) from tenant_members").await, 1);
    let (_, audit) = app.get_html("/t/opsi/admin/audit").await;
    assert!(audit.contains("Changed a person&#39;s role") || audit.contains("Changed a person&#x27;s role"), "{audit}");
    assert!(audit.contains("Removed a person"));
}

#[tokio::test]
async fn a_team_registers_its_organisation_with_validated_fields() {
    let app = spawn_app().await;
    app.create_tenant("opsi").await;
    app.create_user("ana@gov.example", "Ana").await;
    app.log_in_ok("ana@gov.example").await;
    let (status, page) = app.get_html("/t/opsi/organisations/new").await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<option value=\"BR\">Brazil</option>"));

    let invalid = app
        .post_form(
            "/t/opsi/organisations/new",
            &[("name", "X"), ("country", "ZZ"), ("level", ""), ("website", "javascript:alert(1)"), ("version", "0")],
        )
        .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = invalid.text().await.unwrap();
    assert_eq!(
        error_summary(&body),
        vec![
            "The name must be at least 2 characters".to_string(),
            "Choose a country from the list".to_string(),
            "Choose the level of government".to_string(),
            "Enter a web address starting with https://, like https://www.gov.example".to_string(),
        ]
    );
    assert_eq!(input_value(&body, "name").as_deref(), Some("X"));
    assert_eq!(app.count("select count(*) from organisations").await, 0);

    let response = app
        .post_form(
            "/t/opsi/organisations/new",
            &[
                ("name", "Directorate of Digital Participation"),
                ("country", "br"),
                ("level", "national"),
                ("website", "www.gov.br"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let page_path = location(&response);
    let (status, page) = app.get_html(&page_path).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(heading(&page), "Directorate of Digital Participation");
    assert!(page.contains("Your organisation has been registered."));
    assert_eq!(app.count("select count(*) from organisation_members").await, 1);
    assert_eq!(
        app.count("select count(*) from organisations where country_code = 'BR' and website = 'https://www.gov.br/'")
            .await,
        1
    );

    let duplicate = app
        .post_form(
            "/t/opsi/organisations/new",
            &[
                ("name", "directorate of digital participation"),
                ("country", "BR"),
                ("level", "national"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(duplicate.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_summary(&duplicate.text().await.unwrap()),
        vec!["An organisation with this name is already registered here. Ask its members to invite you".to_string()]
    );
}

#[tokio::test]
async fn an_unverified_account_cannot_register_an_organisation() {
    let app = spawn_app().await;
    app.create_tenant("opsi").await;
    app.sign_up("Ana", "ana@gov.example", PASSWORD).await;
    app.log_in_ok("ana@gov.example").await;
    let (_, home) = app.get_html("/t/opsi").await;
    assert!(home.contains("Confirm your email address to register an organisation."));
    let response =
        app.post_form("/t/opsi/organisations/new", &[("name", "Lab"), ("country", "BR"), ("level", "national")]).await;
    assert_eq!(response.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.count("select count(*) from organisations").await, 0);
}

#[tokio::test]
async fn two_people_editing_one_organisation_never_silently_overwrite_each_other() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let ana = app.create_user("ana@gov.example", "Ana").await;
    let bo = app.create_user("bo@gov.example", "Bo").await;
    let org = app.create_organisation(tenant, "Digital Lab", "BR", ana).await;
    app.add_member(tenant, org, bo).await;
    app.log_in_ok("ana@gov.example").await;
    let bo_browser = app.new_browser();
    bo_browser.log_in_ok("bo@gov.example").await;
    let path = format!("/t/opsi/organisations/{org}");
    let (_, ana_page) = app.get_html(&path).await;
    let (_, bo_page) = bo_browser.get_html(&path).await;
    let version = input_value(&ana_page, "version").unwrap();
    assert_eq!(input_value(&bo_page, "version").unwrap(), version);

    let saved = app
        .post_form(
            &path,
            &[("name", "Digital Lab Brazil"), ("country", "BR"), ("level", "national"), ("version", &version)],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let stale = bo_browser
        .post_form(&path, &[("name", "Bo's Lab"), ("country", "PT"), ("level", "local"), ("version", &version)])
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let body = stale.text().await.unwrap();
    assert!(body.contains("Someone saved changes to this organisation after you opened the page"));
    assert_eq!(input_value(&body, "name").as_deref(), Some("Digital Lab Brazil"));
    assert_eq!(app.count("select count(*) from organisations where name = 'Digital Lab Brazil' and country_code = 'BR' and version = 2").await, 1);
}

#[tokio::test]
async fn a_member_of_one_organisation_cannot_read_or_change_another() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let ana = app.create_user("ana@gov.example", "Ana").await;
    let bo = app.create_user("bo@gov.example", "Bo").await;
    app.create_organisation(tenant, "Lab A", "BR", ana).await;
    let org_b = app.create_organisation(tenant, "Lab B", "FR", bo).await;
    app.log_in_ok("ana@gov.example").await;
    for path in [format!("/t/opsi/organisations/{org_b}"), format!("/t/opsi/organisations/{org_b}/members")] {
        let (status, body) = app.get_html(&path).await;
        assert_eq!(status, StatusCode::FORBIDDEN, "{path}");
        assert!(!body.contains("Lab B"));
    }
    let edit = app
        .post_form(
            &format!("/t/opsi/organisations/{org_b}"),
            &[("name", "Taken over"), ("country", "FR"), ("level", "national"), ("version", "1")],
        )
        .await;
    assert_eq!(edit.status(), StatusCode::FORBIDDEN);
    let invite =
        app.post_form(&format!("/t/opsi/organisations/{org_b}/invitations"), &[("email", "spy@gov.example")]).await;
    assert_eq!(invite.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/api/v1/t/opsi/organisations/{org_b}")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(app.get(&format!("/api/v1/t/opsi/organisations/{org_b}/members")).await.status(), StatusCode::FORBIDDEN);
    let list: serde_json::Value = app.get("/api/v1/t/opsi/organisations").await.json().await.unwrap();
    let names: Vec<&str> = list["items"].as_array().unwrap().iter().map(|o| o["name"].as_str().unwrap()).collect();
    assert_eq!(names, vec!["Lab A"]);
    assert_eq!(app.count("select count(*) from organisations where name = 'Lab B'").await, 1);
    assert_eq!(app.count("select count(*) from invitations").await, 0);
    // Staff pages are not theirs either.
    for path in ["/t/opsi/admin/people", "/t/opsi/admin/outbox", "/t/opsi/admin/audit"] {
        assert_eq!(app.get(path).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
}

#[tokio::test]
async fn nobody_from_one_tenant_reaches_anything_in_another() {
    let app = spawn_app().await;
    let x = app.create_tenant("tenant-x").await;
    let y = app.create_tenant("tenant-y").await;
    let admin_x = app.create_user("admin@x.example", "Admin X").await;
    app.grant(x, admin_x, TenantRole::Admin).await;
    let member_y = app.create_user("team@y.example", "Team Y").await;
    let org_y = app.create_organisation(y, "Secret Y Lab", "NO", member_y).await;
    let admin_y = app.create_user("admin@y.example", "Admin Y").await;
    app.grant(y, admin_y, TenantRole::Admin).await;

    app.log_in_ok("admin@x.example").await;
    let gets = [
        "/t/tenant-y/admin/people".to_string(),
        "/t/tenant-y/admin/outbox".to_string(),
        "/t/tenant-y/admin/audit".to_string(),
        format!("/t/tenant-y/organisations/{org_y}"),
        format!("/t/tenant-y/organisations/{org_y}/members"),
        format!("/api/v1/t/tenant-y/organisations/{org_y}"),
        "/api/v1/t/tenant-y/invitations".to_string(),
    ];
    for path in &gets {
        let response = app.get(path).await;
        assert_eq!(response.status(), StatusCode::FORBIDDEN, "{path}");
        assert!(!response.text().await.unwrap().contains("Secret Y Lab"));
    }
    // The organisation list shows nothing of Y to X's admin.
    let list: serde_json::Value = app.get("/api/v1/t/tenant-y/organisations").await.json().await.unwrap();
    assert_eq!(list["items"].as_array().unwrap().len(), 0);
    // X's own pages never show Y's rows: same id, wrong tenant is not found.
    assert_eq!(app.get(&format!("/t/tenant-x/organisations/{org_y}")).await.status(), StatusCode::NOT_FOUND);
    let posts = [
        ("/t/tenant-y/admin/invitations".to_string(), vec![("email", "mole@x.example"), ("role", "admin")]),
        (format!("/t/tenant-y/admin/people/{admin_y}/role"), vec![("role", "reviewer")]),
        (format!("/t/tenant-y/admin/people/{admin_y}/remove"), vec![]),
        (
            format!("/t/tenant-y/organisations/{org_y}"),
            vec![("name", "Hijacked"), ("country", "NO"), ("level", "national"), ("version", "1")],
        ),
    ];
    for (path, fields) in &posts {
        assert_eq!(app.post_form(path, fields).await.status(), StatusCode::FORBIDDEN, "{path}");
    }
    assert_eq!(app.count("select count(*) from invitations").await, 0);
    assert_eq!(app.count("select count(*) from tenant_members where role = 'admin'").await, 2);
    assert_eq!(app.count("select count(*) from organisations where name = 'Secret Y Lab'").await, 1);
}

#[tokio::test]
async fn a_member_invites_a_colleague_who_joins_with_a_new_account() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let ana = app.create_user("ana@gov.example", "Ana").await;
    let org = app.create_organisation(tenant, "Digital Lab", "BR", ana).await;
    app.log_in_ok("ana@gov.example").await;
    let path = format!("/t/opsi/organisations/{org}/invitations");
    let invalid = app.post_form(&path, &[("email", "")]).await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&invalid.text().await.unwrap()), vec!["Enter your email address".to_string()]);
    assert_eq!(app.post_form(&path, &[("email", "carla@gov.example")]).await.status(), StatusCode::SEE_OTHER);
    let (_, members) = app.get_html(&format!("/t/opsi/organisations/{org}/members")).await;
    assert!(members.contains("carla@gov.example"));

    let link = app.link_in_email("carla@gov.example", "/invitations/").await;
    let carla = app.new_browser();
    let (_, page) = carla.get_html(&link).await;
    assert!(page.contains("Digital Lab"));
    let response =
        carla.post_form(&format!("{link}/signup"), &[("display_name", "Carla"), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (status, page) = carla.get_html(&format!("/t/opsi/organisations/{org}")).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(heading(&page), "Digital Lab");
    assert_eq!(app.count("select count(*) from organisation_members").await, 2);
}

#[tokio::test]
async fn a_withdrawn_invitation_no_longer_works() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let ana = app.create_user("ana@gov.example", "Ana").await;
    let org = app.create_organisation(tenant, "Digital Lab", "BR", ana).await;
    app.log_in_ok("ana@gov.example").await;
    app.post_form(&format!("/t/opsi/organisations/{org}/invitations"), &[("email", "carla@gov.example")]).await;
    let link = app.link_in_email("carla@gov.example", "/invitations/").await;
    let id: uuid::Uuid = sqlx::query_scalar("select id from invitations").fetch_one(&app.pool).await.unwrap();
    let response = app.post_form(&format!("/t/opsi/organisations/{org}/invitations/{id}/revoke"), &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let carla = app.new_browser();
    let (status, page) = carla.get_html(&link).await;
    assert_eq!(status, StatusCode::GONE);
    assert!(page.contains("This invitation has expired, was withdrawn or has already been accepted."));
    let response =
        carla.post_form(&format!("{link}/signup"), &[("display_name", "Carla"), ("password", PASSWORD)]).await;
    assert_eq!(response.status(), StatusCode::CONFLICT);
    assert_eq!(app.count("select count(*) from users").await, 1);
}

#[tokio::test]
async fn a_private_link_never_reaches_a_tenants_outbox_page_whatever_the_form_says() {
    let app = spawn_app().await;
    let opsi = app.create_tenant("opsi").await;
    let staff = app.create_user("staff@opsi.example", "Staff").await;
    app.grant(opsi, staff, TenantRole::Staff).await;
    let agency = app.create_tenant("agency").await;
    let boss = app.create_user("boss@agency.example", "Boss").await;
    app.grant(agency, boss, TenantRole::Admin).await;
    let member = app.create_user("ana@gov.example", "Ana").await;
    let organisation = app.create_organisation(opsi, "Digital Lab", "BR", member).await;

    // Signed out, naming opsi: a reset for another tenant's admin, and a sign-up.
    let visitor = app.new_browser();
    let reset = visitor.post_form("/password/forgot", &[("email", "boss@agency.example"), ("tenant", "opsi")]).await;
    assert_eq!(reset.status(), StatusCode::OK);
    let signup = visitor
        .post_form(
            "/signup",
            &[("display_name", "Bo"), ("email", "bo@gov.example"), ("password", PASSWORD), ("tenant", "opsi")],
        )
        .await;
    assert_eq!(signup.status(), StatusCode::OK);
    // An invitation opsi's pages send: a tenant email, but its link is the invitee's.
    let ana = app.new_browser();
    ana.log_in_ok("ana@gov.example").await;
    let invite = ana
        .post_form(&format!("/t/opsi/organisations/{organisation}/invitations"), &[("email", "carla@gov.example")])
        .await;
    assert_eq!(invite.status(), StatusCode::SEE_OTHER);

    // Account emails belong to no tenant; every email with a private link is marked so.
    let account_mail: Vec<(String, Option<uuid::Uuid>, bool)> =
        sqlx::query_as("select to_email::text, tenant_id, carries_secret from outbox order by to_email")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    let opsi_id: uuid::Uuid = opsi.into();
    assert_eq!(
        account_mail,
        vec![
            ("bo@gov.example".to_string(), None, true),
            ("boss@agency.example".to_string(), None, true),
            ("carla@gov.example".to_string(), Some(opsi_id), true),
        ]
    );
    app.log_in_ok("staff@opsi.example").await;
    let (status, outbox) = app.get_html("/t/opsi/admin/outbox").await;
    assert_eq!(status, StatusCode::OK);
    assert!(!outbox.contains("/password/reset/") && !outbox.contains("/verify-email/"), "{outbox}");
    assert!(!outbox.contains("/invitations/"), "the invitation's link is the invitee's: {outbox}");
    assert!(!outbox.contains("boss@agency.example") && !outbox.contains("bo@gov.example"));
    assert!(outbox.contains("carla@gov.example"), "the invitation itself is listed");
}

#[tokio::test]
async fn the_tenant_home_lists_the_persons_organisations() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let ana = app.create_user("ana@gov.example", "Ana").await;
    app.create_organisation(tenant, "Digital Lab", "BR", ana).await;
    let (status, page) = app.get_html("/t/opsi").await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(heading(&page), "Tenant opsi");
    assert!(page.contains("Government teams sign in"));
    app.log_in_ok("ana@gov.example").await;
    let (_, page) = app.get_html("/t/opsi").await;
    assert!(page.contains("Digital Lab"));
    assert!(page.contains("(Brazil)"));
}
