//! Calls, their public pages, their questions, and the times they open and close.

use reqwest::{Method, StatusCode};
use sweetspot::tenancy::domain::TenantRole;

use crate::helpers::{TestApp, error_summary, heading, input_value, location, spawn_app};

/// Staff signed in, with a programme `incubator` in Paris time.
async fn programme_app() -> TestApp {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let staff = app.create_user("staff@opsi.example", "Staff").await;
    app.grant(tenant, staff, TenantRole::Staff).await;
    app.log_in_ok("staff@opsi.example").await;
    let response = app
        .post_form(
            "/t/opsi/programmes/new",
            &[
                ("title", "Innovation Incubator 2024"),
                ("slug", "incubator"),
                ("time_zone", "Europe/Paris"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    app
}

async fn create_call(app: &TestApp, slug: &str, opens: &str, closes: &str) -> reqwest::Response {
    app.post_form(
        "/t/opsi/p/incubator/calls/new",
        &[
            ("kind", "challenge"),
            ("title", "Call for challenges"),
            ("slug", slug),
            ("description", "Tell us about a **hard** problem.\n\n<script>alert('x')</script>"),
            ("eligibility", "- Government teams\n- Any level"),
            ("opens_at", opens),
            ("closes_at", closes),
            ("version", "0"),
        ],
    )
    .await
}

#[tokio::test]
async fn a_call_is_published_with_times_in_the_readers_zone() {
    let app = programme_app().await;
    let response = create_call(&app, "challenges", "2024-01-01T09:00", "2099-01-31T23:59").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/t/opsi/p/incubator/c/challenges/questions");

    // Stored in UTC: 23:59 in Paris in winter is 22:59 UTC.
    let closes: String =
        sqlx::query_scalar("select to_char(closes_at at time zone 'UTC', 'YYYY-MM-DD HH24:MI') from calls")
            .fetch_one(&app.pool)
            .await
            .unwrap();
    assert_eq!(closes, "2099-01-31 22:59");

    // A signed-out reader in São Paulo (zone from the browser's cookie) sees their own time.
    let response = reqwest::Client::new()
        .get(app.url("/t/opsi/p/incubator/c/challenges"))
        .header("cookie", "tz=America%2FSao_Paulo")
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    assert_eq!(heading(&page), "Call for challenges");
    assert!(page.contains("31 January 2099, 19:59 UTC\u{2212}03:00"), "closing time in São Paulo");
    assert!(page.contains("1 January 2024, 05:00 UTC\u{2212}03:00"), "opening time in São Paulo");
    assert!(page.contains(">Open<"));
    assert!(page.contains("<strong>hard</strong>"));
    assert!(!page.contains("<script>alert"), "Markdown is sanitised");
    assert!(page.contains("<li>Government teams</li>"));

    // A reader who has not told us their zone sees the programme's own (Paris), named.
    let (_, page) = app.new_browser().get_html("/t/opsi/p/incubator/c/challenges").await;
    assert!(page.contains("31 January 2099, 23:59 CET"));
    assert!(page.contains("Times are shown in Europe/Paris."));
    // Pages not about a programme fall back to UTC.
    let (_, login) = app.new_browser().get_html("/login").await;
    assert!(login.contains("Times are shown in UTC."));
    // The programme page lists the call.
    let (_, programme) = app.get_html("/t/opsi/p/incubator").await;
    assert!(programme.contains("/t/opsi/p/incubator/c/challenges"));
}

#[tokio::test]
async fn upcoming_and_closed_calls_say_so() {
    let app = programme_app().await;
    create_call(&app, "later", "2098-01-01T09:00", "2098-02-01T09:00").await;
    create_call(&app, "earlier", "2020-01-01T09:00", "2020-02-01T09:00").await;
    let (_, later) = app.get_html("/t/opsi/p/incubator/c/later").await;
    assert!(later.contains(">Opens soon<"));
    let (_, earlier) = app.get_html("/t/opsi/p/incubator/c/earlier").await;
    assert!(earlier.contains(">Closed<"));
    let calls: serde_json::Value =
        reqwest::get(app.url("/api/v1/t/opsi/programmes/incubator/calls")).await.unwrap().json().await.unwrap();
    let statuses: Vec<&str> = calls.as_array().unwrap().iter().map(|c| c["status"].as_str().unwrap()).collect();
    assert_eq!(statuses, ["closed", "upcoming"]);
}

#[tokio::test]
async fn a_wrong_call_form_comes_back_with_its_errors() {
    let app = programme_app().await;
    let response = app
        .post_form(
            "/t/opsi/p/incubator/calls/new",
            &[
                ("kind", ""),
                ("title", ""),
                ("slug", "Bad Slug"),
                ("opens_at", "2024-03-31T02:30"),
                ("closes_at", "tomorrow"),
                ("version", "0"),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.unwrap();
    assert_eq!(
        error_summary(&body),
        vec![
            "Choose the kind of call",
            "Enter a title",
            "Use lowercase letters, digits and hyphens only, like incubator-2024",
            "This time does not exist or happens twice in the programme's time zone (a clock change): choose another",
            "Enter a date and time, like 2024-01-31 23:59",
        ]
    );
    assert_eq!(input_value(&body, "closes_at").as_deref(), Some("tomorrow"));
    let reversed = create_call(&app, "reversed", "2024-02-01T09:00", "2024-01-01T09:00").await;
    assert_eq!(error_summary(&reversed.text().await.unwrap()), vec!["The call must close after it opens"]);
    assert_eq!(app.count("select count(*) from calls").await, 0);
}

#[tokio::test]
async fn staff_build_the_question_list_in_sections_and_order() {
    let app = programme_app().await;
    create_call(&app, "challenges", "2024-01-01T09:00", "2099-01-31T23:59").await;
    let path = "/t/opsi/p/incubator/c/challenges/questions";
    let add = |fields: Vec<(&'static str, &'static str)>| {
        let app = &app;
        async move { app.post_form(path, &fields).await }
    };
    assert_eq!(
        add(vec![
            ("section", "The problem"),
            ("label", "Who is affected?"),
            ("kind", "long_text"),
            ("required", "yes"),
            ("word_limit", "200")
        ])
        .await
        .status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        add(vec![("section", "The problem"), ("label", "What have you tried?"), ("kind", "long_text")]).await.status(),
        StatusCode::SEE_OTHER
    );
    assert_eq!(
        add(vec![
            ("section", "Your team"),
            ("label", "Team size"),
            ("kind", "single_choice"),
            ("options", "1-5\n6-20\nMore than 20")
        ])
        .await
        .status(),
        StatusCode::SEE_OTHER
    );

    let missing_options = add(vec![("label", "Pick one"), ("kind", "multiple_choice"), ("options", "only one")]).await;
    assert_eq!(missing_options.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&missing_options.text().await.unwrap()), vec!["Enter at least two choices, one per line"]);
    let bad = add(vec![("label", ""), ("kind", "essay"), ("word_limit", "many")]).await;
    assert_eq!(error_summary(&bad.text().await.unwrap()), vec!["Enter a word limit between 1 and 10,000"]);
    let bad = add(vec![("label", ""), ("kind", "essay")]).await;
    assert_eq!(
        error_summary(&bad.text().await.unwrap()),
        vec!["Enter the question", "Choose a kind of answer from the list"]
    );
    assert_eq!(app.count("select count(*) from call_questions").await, 3);

    let ids: Vec<uuid::Uuid> =
        sqlx::query_scalar("select id from call_questions order by position").fetch_all(&app.pool).await.unwrap();
    // Move the second question up, then edit it.
    assert_eq!(app.post_form(&format!("{path}/{}/up", ids[1]), &[]).await.status(), StatusCode::SEE_OTHER);
    let labels: Vec<String> =
        sqlx::query_scalar("select label from call_questions order by position").fetch_all(&app.pool).await.unwrap();
    assert_eq!(labels, ["What have you tried?", "Who is affected?", "Team size"]);
    let (_, form) = app.get_html(&format!("{path}/{}", ids[1])).await;
    assert_eq!(input_value(&form, "label").as_deref(), Some("What have you tried?"));
    let saved = app
        .post_form(
            &format!("{path}/{}", ids[1]),
            &[
                ("section", "The problem"),
                ("label", "What has been tried so far?"),
                ("kind", "long_text"),
                ("word_limit", "300"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.post_form(&format!("{path}/{}/delete", ids[2]), &[]).await.status(), StatusCode::SEE_OTHER);

    let (_, page) = app.new_browser().get_html("/t/opsi/p/incubator/c/challenges").await;
    let document = scraper::Html::parse_document(&page);
    let listed: Vec<String> = document
        .select(&scraper::Selector::parse("main ul.govuk-list--bullet li").unwrap())
        .map(|li| li.text().collect::<String>().split_whitespace().collect::<Vec<_>>().join(" "))
        .collect();
    assert_eq!(listed, ["What has been tried so far? (optional)", "Who is affected?"]);
    assert!(page.contains("The problem"));
    let detail: serde_json::Value = reqwest::get(app.url("/api/v1/t/opsi/programmes/incubator/calls/challenges"))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();
    assert_eq!(detail["questions"][0]["word_limit"], 300);
    assert_eq!(detail["questions"][1]["required"], true);
}

#[tokio::test]
async fn only_the_tenants_staff_manage_calls() {
    let app = programme_app().await;
    create_call(&app, "challenges", "2024-01-01T09:00", "2099-01-31T23:59").await;
    let tenant: sweetspot::ids::TenantId =
        sqlx::query_scalar("select id from tenants where slug = 'opsi'").fetch_one(&app.pool).await.unwrap();
    let advisor = app.create_user("advisor@board.example", "Advisor").await;
    app.grant(tenant, advisor, TenantRole::Advisor).await;
    let other = app.create_tenant("agency").await;
    let outsider = app.create_user("admin@agency.example", "Outsider").await;
    app.grant(other, outsider, TenantRole::Admin).await;
    for email in ["advisor@board.example", "admin@agency.example"] {
        let browser = app.new_browser();
        browser.log_in_ok(email).await;
        assert_eq!(browser.get("/t/opsi/p/incubator/calls/new").await.status(), StatusCode::FORBIDDEN);
        assert_eq!(browser.get("/t/opsi/p/incubator/c/challenges/questions").await.status(), StatusCode::FORBIDDEN);
        let post = browser
            .post_form("/t/opsi/p/incubator/c/challenges/questions", &[("label", "Spy"), ("kind", "short_text")])
            .await;
        assert_eq!(post.status(), StatusCode::FORBIDDEN);
        let edit = browser
            .post_form(
                "/t/opsi/p/incubator/c/challenges/edit",
                &[
                    ("kind", "challenge"),
                    ("title", "Hijacked"),
                    ("slug", "challenges"),
                    ("opens_at", "2024-01-01T09:00"),
                    ("closes_at", "2024-01-02T09:00"),
                    ("version", "1"),
                ],
            )
            .await;
        assert_eq!(edit.status(), StatusCode::FORBIDDEN);
    }
    assert_eq!(app.count("select count(*) from call_questions").await, 0);
    assert_eq!(app.count("select count(*) from calls where title = 'Call for challenges'").await, 1);
}

#[tokio::test]
async fn calls_have_a_json_twin_with_utc_times_and_versions() {
    let app = programme_app().await;
    let body = serde_json::json!({ "kind": "solution", "slug": "solutions", "title": "Call for solutions", "opens_at": "2024-03-01T08:00:00Z", "closes_at": "2099-04-01T08:00:00Z" });
    let created = app.send_json(Method::POST, "/api/v1/t/opsi/programmes/incubator/calls", &body).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: serde_json::Value = created.json().await.unwrap();
    assert_eq!(created["opens_at"], "2024-03-01T08:00:00Z");
    assert_eq!(created["status"], "open");
    let question = serde_json::json!({ "label": "Which challenges can you help with?", "kind": "multiple_choice", "options": ["Brazil", "France"], "required": true });
    let with_question =
        app.send_json(Method::POST, "/api/v1/t/opsi/programmes/incubator/calls/solutions/questions", &question).await;
    assert_eq!(with_question.status(), StatusCode::CREATED);
    assert_eq!(with_question.json::<serde_json::Value>().await.unwrap()["questions"][0]["options"][1], "France");
    // PATCH changes what is sent: the title alone, every other field as it was.
    let path = "/api/v1/t/opsi/programmes/incubator/calls/solutions";
    let update = serde_json::json!({ "version": 1, "title": "Call for solutions 2024" });
    let updated = app.send_json(Method::PATCH, path, &update).await;
    assert_eq!(updated.status(), StatusCode::OK);
    let updated: serde_json::Value = updated.json().await.unwrap();
    assert_eq!(
        (
            &updated["version"],
            &updated["title"],
            &updated["kind"],
            &updated["closes_at"],
            &updated["questions"][0]["options"][0]
        ),
        (
            &serde_json::json!(2),
            &serde_json::json!("Call for solutions 2024"),
            &serde_json::json!("solution"),
            &serde_json::json!("2099-04-01T08:00:00Z"),
            &serde_json::json!("Brazil")
        )
    );
    let stale = app.send_json(Method::PATCH, path, &update).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert_eq!(app.count("select count(*) from calls where title = 'Call for solutions 2024'").await, 1);
    // The call has opened: a PATCH does not move its deadline (it moved silently, earlier too);
    // extending does, later only, and says so to the applicants.
    for closes_at in ["2099-04-15T08:00:00Z", "2099-03-01T08:00:00Z"] {
        let moved =
            app.send_json(Method::PATCH, path, &serde_json::json!({ "version": 2, "closes_at": closes_at })).await;
        assert_eq!(moved.status(), StatusCode::UNPROCESSABLE_ENTITY, "{closes_at}");
        let problem: serde_json::Value = moved.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], "closes_at");
        assert_eq!(problem["errors"][0]["code"], "error-call-deadline-by-extension");
    }
    let earlier = app
        .send_json(Method::POST, &format!("{path}/extend"), &serde_json::json!({ "closes_at": "2099-03-01T08:00:00Z" }))
        .await;
    assert_eq!(earlier.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let extended = app
        .send_json(Method::POST, &format!("{path}/extend"), &serde_json::json!({ "closes_at": "2099-04-15T08:00:00Z" }))
        .await;
    assert_eq!(extended.status(), StatusCode::OK);
    assert_eq!(extended.json::<serde_json::Value>().await.unwrap()["closes_at"], "2099-04-15T08:00:00Z");
    assert_eq!(app.count("select count(*) from audit_log where action = 'call.deadline_extended'").await, 1);
    // A question's PATCH changes what is sent too; `null` is refused where the field cannot be none.
    let question_id = updated["questions"][0]["id"].as_str().unwrap().to_string();
    let relabelled = app
        .send_json(
            Method::PATCH,
            &format!("{path}/questions/{question_id}"),
            &serde_json::json!({ "label": "Which challenges?", "help": "" }),
        )
        .await;
    assert_eq!(relabelled.status(), StatusCode::OK);
    let relabelled: serde_json::Value = relabelled.json().await.unwrap();
    assert_eq!(
        (&relabelled["questions"][0]["label"], &relabelled["questions"][0]["kind"]),
        (&serde_json::json!("Which challenges?"), &serde_json::json!("multiple_choice"))
    );
    assert_eq!(relabelled["questions"][0]["options"], serde_json::json!(["Brazil", "France"]));
    let nulled = app
        .send_json(Method::PATCH, &format!("{path}/questions/{question_id}"), &serde_json::json!({ "label": null }))
        .await;
    assert_eq!(nulled.status(), StatusCode::BAD_REQUEST);
    assert_eq!(
        reqwest::get(app.url("/api/v1/t/opsi/programmes/incubator/calls/nope")).await.unwrap().status(),
        StatusCode::NOT_FOUND
    );
}

#[tokio::test]
async fn staff_edit_move_and_remove_questions_through_the_api_and_others_are_refused() {
    let app = programme_app().await;
    assert_eq!(
        create_call(&app, "challenges", "2024-01-01T00:00", "2099-01-01T00:00").await.status(),
        StatusCode::SEE_OTHER
    );
    let base = "/api/v1/t/opsi/programmes/incubator/calls/challenges/questions";
    for label in ["First", "Second", "Third"] {
        let question = serde_json::json!({ "label": label, "kind": "short_text" });
        assert_eq!(app.send_json(Method::POST, base, &question).await.status(), StatusCode::CREATED);
    }
    let labels = |call: &serde_json::Value| -> Vec<String> {
        call["questions"].as_array().unwrap().iter().map(|q| q["label"].as_str().unwrap().to_string()).collect()
    };
    let call: serde_json::Value =
        app.get("/api/v1/t/opsi/programmes/incubator/calls/challenges").await.json().await.unwrap();
    let ids: Vec<String> =
        call["questions"].as_array().unwrap().iter().map(|q| q["id"].as_str().unwrap().to_string()).collect();

    let edit =
        serde_json::json!({ "label": "The first, reworded", "kind": "long_text", "word_limit": 250, "required": true });
    let edited = app.send_json(Method::PATCH, &format!("{base}/{}", ids[0]), &edit).await;
    assert_eq!(edited.status(), StatusCode::OK);
    let edited: serde_json::Value = edited.json().await.unwrap();
    assert_eq!(edited["questions"][0]["label"], "The first, reworded");
    assert_eq!(edited["questions"][0]["word_limit"], 250);

    let moved = app
        .send_json(Method::POST, &format!("{base}/{}/move", ids[2]), &serde_json::json!({ "direction": "up" }))
        .await;
    assert_eq!(moved.status(), StatusCode::OK);
    assert_eq!(labels(&moved.json().await.unwrap()), ["The first, reworded", "Third", "Second"]);
    // At the top nothing moves, and that is not an error.
    let top = app
        .send_json(Method::POST, &format!("{base}/{}/move", ids[0]), &serde_json::json!({ "direction": "up" }))
        .await;
    assert_eq!(labels(&top.json().await.unwrap()), ["The first, reworded", "Third", "Second"]);
    let sideways = app
        .send_json(Method::POST, &format!("{base}/{}/move", ids[0]), &serde_json::json!({ "direction": "sideways" }))
        .await;
    assert_eq!(sideways.status(), StatusCode::BAD_REQUEST);

    // A wrong edit is refused with its field named, and the question stays as it was.
    let wrong = app
        .send_json(
            Method::PATCH,
            &format!("{base}/{}", ids[1]),
            &serde_json::json!({ "label": "", "kind": "short_text" }),
        )
        .await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.count("select count(*) from call_questions where label = 'Second'").await, 1);
    // Text PostgreSQL cannot hold (a NUL) is the caller's mistake, not a server error.
    let nul = serde_json::json!({ "label": "Sec\u{0}ond", "kind": "short_text" });
    let refused = app.send_json(Method::PATCH, &format!("{base}/{}", ids[1]), &nul).await;
    assert_eq!(refused.status(), StatusCode::BAD_REQUEST);
    assert!(refused.text().await.unwrap().contains("control characters"));
    assert_eq!(app.count("select count(*) from call_questions where label = 'Second'").await, 1);

    let removed = app.send_json(Method::DELETE, &format!("{base}/{}", ids[1]), &serde_json::json!({})).await;
    assert_eq!(removed.status(), StatusCode::OK);
    assert_eq!(labels(&removed.json().await.unwrap()), ["The first, reworded", "Third"]);
    let again = app.send_json(Method::DELETE, &format!("{base}/{}", ids[1]), &serde_json::json!({})).await;
    assert_eq!(again.status(), StatusCode::NOT_FOUND);
    // Moving a question the call does not have is 404 too, as removing it is, and nothing moves.
    let gone = app
        .send_json(Method::POST, &format!("{base}/{}/move", ids[1]), &serde_json::json!({ "direction": "up" }))
        .await;
    assert_eq!(gone.status(), StatusCode::NOT_FOUND);
    let unknown = uuid::Uuid::nil();
    let never = app
        .send_json(Method::POST, &format!("{base}/{unknown}/move"), &serde_json::json!({ "direction": "down" }))
        .await;
    assert_eq!(never.status(), StatusCode::NOT_FOUND);
    let call: serde_json::Value =
        app.get("/api/v1/t/opsi/programmes/incubator/calls/challenges").await.json().await.unwrap();
    assert_eq!(labels(&call), ["The first, reworded", "Third"]);
    assert_eq!(app.count("select count(*) from audit_log where action like 'question.%'").await, 5);

    // A team member and another tenant's staff may do none of it.
    let member = app.create_user("ana@gov.example", "Ana").await;
    let tenant: uuid::Uuid =
        sqlx::query_scalar("select id from tenants where slug = 'opsi'").fetch_one(&app.pool).await.unwrap();
    app.create_organisation(sweetspot::ids::TenantId(tenant), "Digital Lab", "BR", member).await;
    let agency = app.create_tenant("agency").await;
    let outsider = app.create_user("staff@agency.example", "Outsider").await;
    app.grant(agency, outsider, TenantRole::Staff).await;
    for (email, expected) in
        [("ana@gov.example", StatusCode::FORBIDDEN), ("staff@agency.example", StatusCode::FORBIDDEN)]
    {
        let browser = app.new_browser();
        browser.log_in_ok(email).await;
        let attempts = [
            browser.send_json(Method::PATCH, &format!("{base}/{}", ids[0]), &edit).await.status(),
            browser.send_json(Method::DELETE, &format!("{base}/{}", ids[0]), &serde_json::json!({})).await.status(),
            browser
                .send_json(
                    Method::POST,
                    &format!("{base}/{}/move", ids[2]),
                    &serde_json::json!({ "direction": "down" }),
                )
                .await
                .status(),
        ];
        assert_eq!(attempts, [expected; 3], "{email}");
    }
    assert_eq!(app.count("select count(*) from call_questions").await, 2, "nothing changed");
}

/// With the public cache on, a signed-out reader may see a call's data from memory; staff
/// always read the database, and nothing per reader (the CSRF token) is shared.
#[tokio::test]
async fn signed_out_readers_may_see_a_call_from_the_cache_but_staff_read_fresh() {
    let staff = programme_app().await;
    let response = create_call(&staff, "challenges", "2024-01-01T09:00", "2099-01-31T23:59").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let cached = crate::helpers::spawn_configured(staff.pool.clone(), |config| {
        config.public_cache_ttl = std::time::Duration::from_secs(600);
    })
    .await;
    let page = "/t/opsi/p/incubator/c/challenges";
    let (status, first) = cached.get_html(page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(first.contains("Call for challenges"));

    // Staff rename the call (on the other instance, which does not cache).
    let edited = staff
        .post_form(
            "/t/opsi/p/incubator/c/challenges/edit",
            &[
                ("kind", "challenge"),
                ("title", "Renamed call"),
                ("slug", "challenges"),
                ("opens_at", "2024-01-01T09:00"),
                ("closes_at", "2099-01-31T23:59"),
                ("version", "1"),
            ],
        )
        .await;
    assert_eq!(edited.status(), StatusCode::SEE_OTHER);
    let (_, again) = cached.get_html(page).await;
    assert!(again.contains("Call for challenges") && !again.contains("Renamed call"), "served from memory");

    // Signed in on the caching instance: fresh.
    let signed_in = cached.new_browser();
    signed_in.log_in_ok("staff@opsi.example").await;
    let (_, fresh) = signed_in.get_html(page).await;
    assert!(fresh.contains("Renamed call"));

    // Each signed-out reader still gets their own CSRF token.
    let token = |html: &str| {
        let document = scraper::Html::parse_document(html);
        let selector = scraper::Selector::parse("meta[name=csrf-token]").unwrap();
        document.select(&selector).next().and_then(|m| m.value().attr("content")).map(str::to_string)
    };
    let (_, other) = cached.new_browser().get_html(page).await;
    assert!(token(&other).is_some());
    assert_ne!(token(&other), token(&again));

    // Unknown tenants and calls stay unknown.
    assert_eq!(cached.get("/t/nobody/p/incubator/c/challenges").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(cached.get("/t/opsi/p/incubator/c/nothing").await.status(), StatusCode::NOT_FOUND);
    // Signed in, the person and the tenant are read in one query: an unknown tenant is still 404.
    assert_eq!(signed_in.get("/t/nobody/p/incubator/c/challenges").await.status(), StatusCode::NOT_FOUND);
    assert_eq!(signed_in.get("/t/nobody").await.status(), StatusCode::NOT_FOUND);
}
