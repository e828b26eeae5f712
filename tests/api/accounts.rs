//! Sign-up, verification, sign-in and throttling, password reset, profile, API tokens, sessions.

use reqwest::{Method, StatusCode};

use crate::helpers::{PASSWORD, error_summary, heading, input_value, location, spawn_app, spawn_on};

#[tokio::test]
async fn a_person_signs_up_confirms_their_email_and_signs_in() {
    let app = spawn_app().await;
    let response = app.sign_up("Ana Silva", "ana@gov.example", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    let body = response.text().await.unwrap();
    assert_eq!(heading(&body), "Check your email");
    assert!(body.contains("ana@gov.example"));

    let (subject, _) = app.last_email_to("ana@gov.example").await.expect("a verification email is queued");
    assert_eq!(subject, "Confirm your email address for Sweetspot");
    assert_eq!(app.count("select count(*) from users where email_verified_at is null").await, 1);

    let link = app.link_in_email("ana@gov.example", "/verify-email/").await;
    let (status, body) = app.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(heading(&body), "Your email address is confirmed");
    assert_eq!(app.count("select count(*) from users where email_verified_at is not null").await, 1);

    // The link works once; opened again it says the address is confirmed (it said the link was
    // dead); an unknown one is gone (410), as a dead reset link is.
    let (status, body) = app.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(heading(&body), "Your email address is already confirmed");
    let (status, _) = app.get_html("/verify-email/never-issued").await;
    assert_eq!(status, StatusCode::GONE);

    let response = app.log_in("ana@gov.example", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/");
    let me: serde_json::Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["email"], "ana@gov.example");
    assert_eq!(me["display_name"], "Ana Silva");
    assert_eq!(me["email_verified"], true);
    assert_eq!(app.count("select count(*) from audit_log where action in ('account.signed_up', 'account.email_verified', 'account.logged_in')").await, 3);
}

#[tokio::test]
async fn an_incomplete_sign_up_form_comes_back_with_its_errors_and_nothing_is_saved() {
    let app = spawn_app().await;
    let response = app.sign_up("", "not-an-email", "short").await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.unwrap();
    assert_eq!(
        error_summary(&body),
        vec![
            "Enter your name".to_string(),
            "Enter an email address in the correct format, like name@ministry.gov.example".to_string(),
            "Your password must be at least 12 characters".to_string(),
        ]
    );
    assert!(body.starts_with("<!DOCTYPE html>"));
    assert!(body.contains("<title>Error: Create an account"));
    // What was typed is kept, except the password.
    assert_eq!(input_value(&body, "email").as_deref(), Some("not-an-email"));
    assert_eq!(input_value(&body, "password").as_deref(), Some(""));
    assert_eq!(app.count("select count(*) from users").await, 0);
    assert_eq!(app.count("select count(*) from outbox").await, 0);
}

#[tokio::test]
async fn common_passwords_are_refused() {
    let app = spawn_app().await;
    for weak in ["password1234", "123456789012", "qwertyuiopasdfgh"] {
        let response = app.sign_up("Ana", "ana@gov.example", weak).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
        let summary = error_summary(&response.text().await.unwrap());
        assert_eq!(
            summary,
            vec!["This password is too easy to guess. Use a few unrelated words, or a longer password".to_string()],
            "{weak}"
        );
    }
    assert_eq!(app.count("select count(*) from users").await, 0);
}

#[tokio::test]
async fn signing_up_with_a_registered_email_looks_the_same_but_warns_the_owner() {
    let app = spawn_app().await;
    app.create_user("ana@gov.example", "Ana").await;
    let response = app.sign_up("Someone Else", "ANA@gov.example", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(heading(&response.text().await.unwrap()), "Check your email");
    let (subject, _) = app.last_email_to("ana@gov.example").await.unwrap();
    assert_eq!(subject, "You already have a Sweetspot account");
    assert_eq!(app.count("select count(*) from users").await, 1);
    assert_eq!(app.count("select count(*) from users where display_name = 'Ana'").await, 1);
}

#[tokio::test]
async fn a_wrong_password_and_an_unknown_email_get_the_same_answer() {
    let app = spawn_app().await;
    app.create_user("ana@gov.example", "Ana").await;
    let wrong = app.log_in("ana@gov.example", "not-the-password-at-all").await;
    assert_eq!(wrong.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let wrong = error_summary(&wrong.text().await.unwrap());
    let unknown = app.log_in("nobody@gov.example", "not-the-password-at-all").await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = error_summary(&unknown.text().await.unwrap());
    assert_eq!(wrong, vec!["The email address or password is not correct".to_string()]);
    assert_eq!(wrong, unknown);
    assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn repeated_failures_lock_the_account_for_a_while_even_with_the_right_password() {
    let app = spawn_app().await;
    app.create_user("ana@gov.example", "Ana").await;
    for _ in 0..5 {
        let response = app.log_in("ana@gov.example", "wrong-password-here").await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    }
    let response = app.log_in("ana@gov.example", PASSWORD).await;
    assert_eq!(response.status(), StatusCode::TOO_MANY_REQUESTS);
    let summary = error_summary(&response.text().await.unwrap());
    assert_eq!(
        summary,
        vec!["Too many failed attempts to sign in. Wait 15 minutes and try again, or reset your password".to_string()]
    );
    // An unknown address is throttled the same way: the answer reveals nothing.
    for _ in 0..5 {
        app.log_in("ghost@gov.example", "wrong-password-here").await;
    }
    assert_eq!(app.log_in("ghost@gov.example", "wrong-password-here").await.status(), StatusCode::TOO_MANY_REQUESTS);
    // Once the window has passed, the right password works again.
    sqlx::query("update login_failures set created_at = now() - interval '16 minutes'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(app.log_in("ana@gov.example", PASSWORD).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn many_failures_from_one_address_throttle_that_address() {
    let app = spawn_app().await;
    app.create_user("ana@gov.example", "Ana").await;
    for i in 0..20 {
        let guess = app.log_in(&format!("guess{i}@gov.example"), "wrong-password-here").await;
        assert_eq!(guess.status(), StatusCode::UNPROCESSABLE_ENTITY, "guess {i} is only wrong");
    }
    assert_eq!(app.log_in("ana@gov.example", PASSWORD).await.status(), StatusCode::TOO_MANY_REQUESTS);
    // Only that address is throttled: from another one Ana signs in, her account never locked
    // (none of the failures were hers).
    let elsewhere = app.browser_from("127.0.0.2");
    assert_eq!(elsewhere.log_in("ana@gov.example", PASSWORD).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(elsewhere.get("/api/v1/me").await.status(), StatusCode::OK);
}

#[tokio::test]
async fn sign_in_returns_to_the_page_asked_for_but_never_to_another_site() {
    let app = spawn_app().await;
    app.create_user("ana@gov.example", "Ana").await;
    let response = app.get("/profile").await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&response), "/login?next=%2Fprofile");
    let response =
        app.post_form("/login", &[("email", "ana@gov.example"), ("password", PASSWORD), ("next", "/profile")]).await;
    assert_eq!(location(&response), "/profile");
    let other = app.new_browser();
    let response = other
        .post_form("/login", &[("email", "ana@gov.example"), ("password", PASSWORD), ("next", "//evil.example/")])
        .await;
    assert_eq!(location(&response), "/");
}

#[tokio::test]
async fn signing_out_ends_the_session() {
    let app = spawn_app().await;
    app.create_user("ana@gov.example", "Ana").await;
    app.log_in_ok("ana@gov.example").await;
    assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::OK);
    let response = app.post_form("/logout", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn a_session_from_one_instance_works_on_another() {
    let first = spawn_app().await;
    first.create_user("ana@gov.example", "Ana").await;
    first.log_in_ok("ana@gov.example").await;
    let second = spawn_on(first.pool.clone()).await;
    let session = first.cookie("sweetspot_session").expect("a session cookie");
    let response = second
        .client
        .get(second.url("/api/v1/me"))
        .header("cookie", format!("sweetspot_session={session}"))
        .send()
        .await
        .unwrap();
    assert_eq!(response.status(), StatusCode::OK);
    let me: serde_json::Value = response.json().await.unwrap();
    assert_eq!(me["email"], "ana@gov.example");
}

#[tokio::test]
async fn a_password_is_reset_through_a_single_use_link() {
    let app = spawn_app().await;
    app.create_user("ana@gov.example", "Ana").await;
    let response = app.post_form("/password/forgot", &[("email", "ana@gov.example")]).await;
    assert_eq!(heading(&response.text().await.unwrap()), "Check your email");
    // An unknown address gets the same page and no email.
    let response = app.post_form("/password/forgot", &[("email", "ghost@gov.example")]).await;
    assert_eq!(heading(&response.text().await.unwrap()), "Check your email");
    assert!(app.last_email_to("ghost@gov.example").await.is_none());

    let link = app.link_in_email("ana@gov.example", "/password/reset/").await;
    let (status, _) = app.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    let new_password = "harbour-kestrel-mosaic-7";
    let mismatch =
        app.post_form(&link, &[("password", new_password), ("password_confirmation", "something-else-entirely")]).await;
    assert_eq!(mismatch.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&mismatch.text().await.unwrap()), vec!["The two passwords do not match".to_string()]);

    let response = app.post_form(&link, &[("password", new_password), ("password_confirmation", new_password)]).await;
    assert_eq!(heading(&response.text().await.unwrap()), "Your password has been changed");
    assert_eq!(app.log_in("ana@gov.example", PASSWORD).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(app.log_in("ana@gov.example", new_password).await.status(), StatusCode::SEE_OTHER);

    // Reused: refused.
    let reused = app
        .post_form(
            &link,
            &[("password", "another-fresh-passphrase-9"), ("password_confirmation", "another-fresh-passphrase-9")],
        )
        .await;
    assert_eq!(reused.status(), StatusCode::GONE);
    assert_eq!(heading(&reused.text().await.unwrap()), "This link no longer works");
    assert_eq!(app.log_in("ana@gov.example", new_password).await.status(), StatusCode::SEE_OTHER);
    // Only a hash of the token is stored.
    let token = link.rsplit('/').next().unwrap().to_string();
    let stored: i64 = sqlx::query_scalar("select count(*) from user_tokens where token_hash = $1")
        .bind(&token)
        .fetch_one(&app.pool)
        .await
        .unwrap();
    assert_eq!(stored, 0);
}

#[tokio::test]
async fn an_expired_reset_link_is_refused() {
    let app = spawn_app().await;
    app.create_user("ana@gov.example", "Ana").await;
    app.post_form("/password/forgot", &[("email", "ana@gov.example")]).await;
    let link = app.link_in_email("ana@gov.example", "/password/reset/").await;
    sqlx::query("update user_tokens set expires_at = now() - interval '1 second'").execute(&app.pool).await.unwrap();
    let (status, body) = app.get_html(&link).await;
    assert_eq!(status, StatusCode::GONE);
    assert_eq!(heading(&body), "This link no longer works");
    let response = app
        .post_form(
            &link,
            &[("password", "harbour-kestrel-mosaic-7"), ("password_confirmation", "harbour-kestrel-mosaic-7")],
        )
        .await;
    assert_eq!(response.status(), StatusCode::GONE);
    assert_eq!(app.log_in("ana@gov.example", PASSWORD).await.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn the_profile_saves_name_language_and_time_zone_and_refuses_a_stale_edit() {
    let app = spawn_app().await;
    app.create_user("ana@gov.example", "Ana").await;
    app.log_in_ok("ana@gov.example").await;
    let (_, page) = app.get_html("/profile").await;
    let version = input_value(&page, "version").unwrap();
    assert!(page.contains("<option value=\"America/Sao_Paulo\">"));

    let response = app
        .post_form(
            "/profile",
            &[
                ("display_name", "Ana Souza"),
                ("language", "en"),
                ("time_zone", "America/Sao_Paulo"),
                ("version", &version),
            ],
        )
        .await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (_, page) = app.get_html("/profile").await;
    assert!(page.contains("Your profile has been saved."));
    assert!(page.contains("Times are shown in America/Sao_Paulo."));

    // A second tab still holds the old version.
    let stale = app
        .post_form(
            "/profile",
            &[("display_name", "Old Tab"), ("language", "en"), ("time_zone", "UTC"), ("version", &version)],
        )
        .await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let body = stale.text().await.unwrap();
    assert!(body.contains("Your profile was changed in another window"));
    assert_eq!(input_value(&body, "display_name").as_deref(), Some("Ana Souza"));
    let me: serde_json::Value = app.get("/api/v1/me").await.json().await.unwrap();
    assert_eq!(me["display_name"], "Ana Souza");
    assert_eq!(me["time_zone"], "America/Sao_Paulo");

    let invalid = app
        .post_form(
            "/profile",
            &[("display_name", ""), ("language", "xx"), ("time_zone", "Mars/Olympus"), ("version", "2")],
        )
        .await;
    assert_eq!(invalid.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_summary(&invalid.text().await.unwrap()),
        vec![
            "Enter your name".to_string(),
            "Choose a language from the list".to_string(),
            "Choose a time zone from the list".to_string()
        ]
    );
}

#[tokio::test]
async fn an_api_token_is_shown_once_works_as_a_bearer_and_can_be_revoked() {
    let app = spawn_app().await;
    app.create_user("ana@gov.example", "Ana").await;
    app.log_in_ok("ana@gov.example").await;
    let empty = app.post_form("/profile/tokens", &[("token_name", " ")]).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&empty.text().await.unwrap()), vec!["Enter a name for the token".to_string()]);

    let response = app.post_form("/profile/tokens", &[("token_name", "Reporting script")]).await;
    assert_eq!(response.status(), StatusCode::OK);
    let page = response.text().await.unwrap();
    let document = scraper::Html::parse_document(&page);
    let token: String =
        document.select(&scraper::Selector::parse("#new-token").unwrap()).next().unwrap().text().collect();
    assert!(token.starts_with("ssp_"));
    let (_, later) = app.get_html("/profile").await;
    assert!(later.contains("Reporting script"));
    assert!(!later.contains(&token), "the token is never shown again");

    let me = app.bearer(Method::GET, "/api/v1/me", &token, None).await;
    assert_eq!(me.status(), StatusCode::OK);
    assert_eq!(me.json::<serde_json::Value>().await.unwrap()["email"], "ana@gov.example");
    let bad = app.bearer(Method::GET, "/api/v1/me", "ssp_not-a-real-token", None).await;
    assert_eq!(bad.status(), StatusCode::UNAUTHORIZED);
    assert_eq!(bad.headers()["content-type"], "application/problem+json");

    let id: uuid::Uuid = sqlx::query_scalar("select id from api_tokens").fetch_one(&app.pool).await.unwrap();
    let response = app.post_form(&format!("/profile/tokens/{id}/revoke"), &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.bearer(Method::GET, "/api/v1/me", &token, None).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn nobody_can_revoke_another_persons_token() {
    let app = spawn_app().await;
    app.create_user("ana@gov.example", "Ana").await;
    app.create_user("bo@gov.example", "Bo").await;
    app.log_in_ok("ana@gov.example").await;
    app.post_form("/profile/tokens", &[("token_name", "Ana's script")]).await;
    let id: uuid::Uuid = sqlx::query_scalar("select id from api_tokens").fetch_one(&app.pool).await.unwrap();
    let bo = app.new_browser();
    bo.log_in_ok("bo@gov.example").await;
    let response = bo.post_form(&format!("/profile/tokens/{id}/revoke"), &[]).await;
    assert_eq!(response.status(), StatusCode::NOT_FOUND);
    assert_eq!(app.count("select count(*) from api_tokens where revoked_at is null").await, 1);
}

#[tokio::test]
async fn an_unverified_person_can_ask_for_a_new_link() {
    let app = spawn_app().await;
    app.sign_up("Ana", "ana@gov.example", PASSWORD).await;
    app.log_in_ok("ana@gov.example").await;
    let (_, page) = app.get_html("/profile").await;
    assert!(page.contains("Confirm your email address to register an organisation."));
    let response = app.post_form("/verify-email/resend", &[]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    assert_eq!(app.count("select count(*) from outbox where to_email = 'ana@gov.example'").await, 2);
}

#[tokio::test]
async fn a_password_reset_ends_the_persons_other_sessions() {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let ana = app.create_user("ana@gov.example", "Ana").await;
    app.create_organisation(tenant, "Digital Lab", "BR", ana).await;
    // Ana is signed in on her laptop (a page of the tenant, and her profile)…
    let laptop = app.new_browser();
    laptop.log_in_ok("ana@gov.example").await;
    assert_eq!(laptop.get("/profile").await.status(), StatusCode::OK);
    assert!(laptop.get_html("/t/opsi").await.1.contains("Digital Lab"));
    // …and someone who learnt her password is signed in elsewhere. She resets it from her phone.
    let phone = app.new_browser();
    phone.post_form("/password/forgot", &[("email", "ana@gov.example")]).await;
    let link = app.link_in_email("ana@gov.example", "/password/reset/").await;
    let new_password = "harbour-kestrel-mosaic-7";
    let reset = phone.post_form(&link, &[("password", new_password), ("password_confirmation", new_password)]).await;
    assert_eq!(reset.status(), StatusCode::OK);

    // Every session begun before the reset is over, on every kind of page.
    let profile = laptop.get("/profile").await;
    assert_eq!(profile.status(), StatusCode::SEE_OTHER, "the profile asks to sign in again");
    assert_eq!(laptop.get("/api/v1/me").await.status(), StatusCode::UNAUTHORIZED);
    let (_, home) = laptop.get_html("/t/opsi").await;
    assert!(!home.contains("Digital Lab"), "the tenant's pages see a signed-out visitor");
    // Signing in with the new password starts a session that holds.
    let again = app.new_browser();
    assert_eq!(again.log_in("ana@gov.example", new_password).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(again.get("/profile").await.status(), StatusCode::OK);
    assert!(again.get_html("/t/opsi").await.1.contains("Digital Lab"));
}
