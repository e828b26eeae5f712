//! Advisory comments on the demo's published matches and selected challenges: the audience is
//! chosen for each comment and holds everywhere (pages, JSON, emails); a team reads and answers
//! only its own match's and challenge's shared comments; authors edit (history kept) and delete
//! (text gone from every view); staff hide with a reason; bad inputs are refused and change
//! nothing.

use reqwest::{Method, StatusCode};
use serde_json::{Value, json};
use sweetspot::tenancy::domain::TenantRole;

use crate::helpers::{TestApp, error_summary, json_of, spawn_demo};

/// The demo's published match whose challenge owner is of `country`.
async fn match_of(staff: &TestApp, country: &str) -> String {
    let matches = json_of(staff.get("/api/v1/t/opsi/matches").await, StatusCode::OK).await;
    matches
        .as_array()
        .unwrap()
        .iter()
        .find(|m| m["challenge"]["country_code"] == json!(country))
        .map(|m| m["id"].as_str().unwrap().to_string())
        .unwrap()
}

/// An advisor of another tenant ("elsewhere"), signed in.
async fn advisor_of_another_tenant(app: &TestApp) -> TestApp {
    let elsewhere = app.create_tenant("elsewhere").await;
    let outsider_id = app.create_user("advisor@elsewhere.example", "Outside Advisor").await;
    app.grant(elsewhere, outsider_id, TenantRole::Advisor).await;
    let outsider = app.new_browser();
    outsider.log_in_ok("advisor@elsewhere.example").await;
    outsider
}

/// `author` posts a top-level comment for `audience` on the API thread `thread`: 201, the comment.
async fn post_comment(author: &TestApp, thread: &str, audience: &str, body: &str) -> Value {
    let posted = author.send_json(Method::POST, thread, &json!({ "audience": audience, "body": body })).await;
    json_of(posted, StatusCode::CREATED).await
}

/// Every email the outbox holds, as one text (addresses, subjects and bodies).
async fn all_email(app: &TestApp) -> String {
    let rows: Vec<(String, String, String)> =
        sqlx::query_as("select to_email::text, subject, body_text from outbox order by created_at, id")
            .fetch_all(&app.pool)
            .await
            .unwrap();
    rows.into_iter().map(|(to, subject, body)| format!("{to}\n{subject}\n{body}\n")).collect()
}

#[tokio::test]
async fn the_audience_holds_in_pages_json_and_emails_and_a_team_answers_only_its_own_match() {
    let app = spawn_demo().await;
    let advisor = app.as_demo("advisor@demo.example").await;
    let staff = app.as_demo("staff@demo.example").await;
    let france = match_of(&staff, "FR").await;
    let brazil = match_of(&staff, "BR").await;
    let thread = format!("/api/v1/t/opsi/threads/match/{france}");

    // Bad inputs: each refused with its field; nothing stored, nobody emailed.
    let emails_before = app.count("select count(*) from outbox").await;
    let comments_before = app.count("select count(*) from comments").await;
    for (body, field) in [
        (json!({ "body": "No audience chosen" }), "audience"),
        (json!({ "audience": "shared", "body": "   " }), "body"),
        (json!({ "audience": "shared", "body": "x".repeat(10_001) }), "body"),
        (json!({ "audience": "shared", "body": "Hi", "parent_id": brazil }), "parent_id"),
    ] {
        let problem =
            json_of(advisor.send_json(Method::POST, &thread, &body).await, StatusCode::UNPROCESSABLE_ENTITY).await;
        assert!(problem.to_string().contains(field), "{field}: {problem}");
    }
    let unknown = advisor.send_json(Method::POST, &thread, &json!({ "audience": "everyone", "body": "Hi" })).await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST, "an audience the API does not know is a malformed body");
    let refused = advisor
        .post_form(&format!("/t/opsi/threads/match/{france}"), &[("body", "Typed and kept"), ("audience", "")])
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert_eq!(error_summary(&page), ["Choose who sees this comment"]);
    assert!(page.contains("Typed and kept"), "the form keeps what was typed");
    assert_eq!(app.count("select count(*) from comments").await, comments_before);
    assert_eq!(app.count("select count(*) from outbox").await, emails_before);

    // The board writes one internal and one shared comment.
    let secret = "Internal only: the Ecolab lead may leave in March";
    let internal = post_comment(&advisor, &thread, "internal", secret).await;
    let shared = post_comment(&advisor, &thread, "shared", "Shared: look at **Helsinki's** data room").await;
    assert_eq!(internal["audience"], "internal");
    let internal_id = internal["id"].as_str().unwrap().to_string();
    let shared_id = shared["id"].as_str().unwrap().to_string();

    // A team of the match: the shared comment only, in the page and the JSON; never the internal.
    let ecolab = app.as_demo("team.france@demo.example").await;
    // The way there: the team's home links its match, the board's programme page its matching.
    let (_, home) = ecolab.get_html("/t/opsi").await;
    assert!(home.contains("href=\"/t/opsi/matches\"") && home.contains("Published matches ("), "{home}");
    let (_, programme) = advisor.get_html("/t/opsi/p/incubator-2024").await;
    assert!(programme.contains("href=\"/t/opsi/p/incubator-2024/matching\""));
    let (_, programme) = ecolab.get_html("/t/opsi/p/incubator-2024").await;
    assert!(!programme.contains("/matching\""), "no link a team could not follow");
    let (status, page) = ecolab.get_html(&format!("/t/opsi/matches/{france}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(
        page.contains("<strong>Helsinki&#39;s</strong>") || page.contains("<strong>Helsinki's</strong>"),
        "Markdown rendered"
    );
    assert!(!page.contains("Ecolab lead"), "an internal comment never reaches a team's page");
    assert!(!page.contains(&internal_id));
    let threads = json_of(ecolab.get(&thread).await, StatusCode::OK).await;
    let roots: Vec<&Value> = threads.as_array().unwrap().iter().map(|t| &t["comment"]).collect();
    assert!(roots.iter().any(|c| c["id"] == json!(shared_id)), "the shared comment reaches the team");
    assert!(roots.iter().all(|c| c["audience"] == "shared"), "{threads}");
    assert!(!threads.to_string().contains("Ecolab lead"));
    assert_eq!(ecolab.get(&format!("/api/v1/t/opsi/comments/{internal_id}")).await.status(), StatusCode::NOT_FOUND);
    // Teams write shared comments only, and never reply to an internal one.
    let problem = json_of(
        ecolab.send_json(Method::POST, &thread, &json!({ "audience": "internal", "body": "Psst" })).await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem.to_string().contains("audience"), "{problem}");
    let problem = json_of(
        ecolab
            .send_json(Method::POST, &thread, &json!({ "audience": "shared", "body": "Hi", "parent_id": internal_id }))
            .await,
        StatusCode::UNPROCESSABLE_ENTITY,
    )
    .await;
    assert!(problem.to_string().contains("parent_id"), "{problem}");
    // The team replies to the shared comment (over the page's form, as a person does).
    let reply = ecolab
        .post_form(
            &format!("/t/opsi/threads/match/{france}"),
            &[("parent_id", &shared_id), ("audience", "shared"), ("body", "Thank you, we will ask them")],
        )
        .await;
    assert_eq!(reply.status(), StatusCode::SEE_OTHER);
    let (_, page) = advisor.get_html(&format!("/t/opsi/matches/{france}")).await;
    assert!(page.contains("Thank you, we will ask them") && page.contains("Ecolab lead"), "the board reads both");

    // A team of another match, and an advisor of another tenant, read nothing of it.
    let brazil_team = app.as_demo("team.brazil@demo.example").await;
    assert_eq!(brazil_team.get(&thread).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(brazil_team.get(&format!("/api/v1/t/opsi/comments/{shared_id}")).await.status(), StatusCode::NOT_FOUND);
    let posted = brazil_team.send_json(Method::POST, &thread, &json!({ "audience": "shared", "body": "Hello" })).await;
    assert_eq!(posted.status(), StatusCode::FORBIDDEN);
    let outsider = advisor_of_another_tenant(&app).await;
    assert_eq!(outsider.get(&thread).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        outsider.get(&format!("/api/v1/t/elsewhere/threads/match/{france}")).await.status(),
        StatusCode::NOT_FOUND
    );

    // Emails: the shared comment reached the match's teams, the reply the thread's author; each
    // carries a link, never the text; the internal comment emailed nobody outside the board.
    let mail = all_email(&app).await;
    assert!(!mail.contains("Ecolab lead") && !mail.contains("Helsinki") && !mail.contains("we will ask"));
    let (subject, body) = app.last_email_to("team.loti@demo.example").await.expect("LOTI hears of the shared thread");
    assert!(subject.contains("Engaging the general public"), "{subject}");
    assert!(body.contains(&format!("/t/opsi/matches/{france}#comment-")), "{body}");
    let (subject, _) = app.last_email_to("advisor@demo.example").await.expect("the advisor hears of the reply");
    assert!(subject.starts_with("New reply"), "{subject}");
    assert!(app.last_email_to("team.brazil@demo.example").await.is_none_or(|(s, _)| !s.contains("comment")));
}

#[tokio::test]
async fn authors_edit_and_delete_their_own_staff_hide_with_a_reason_and_deleted_text_is_gone() {
    let app = spawn_demo().await;
    let advisor = app.as_demo("advisor@demo.example").await;
    let staff = app.as_demo("staff@demo.example").await;
    let france = match_of(&staff, "FR").await;
    let thread = format!("/api/v1/t/opsi/threads/match/{france}");
    let first = post_comment(&advisor, &thread, "shared", "First draft wording").await;
    let id = first["id"].as_str().unwrap().to_string();
    let one = format!("/api/v1/t/opsi/comments/{id}");

    // Only the author edits; a stale version is refused and changes nothing.
    let edit = json!({ "body": "Second wording", "version": 1 });
    assert_eq!(staff.send_json(Method::PATCH, &one, &edit).await.status(), StatusCode::FORBIDDEN);
    let edited = json_of(advisor.send_json(Method::PATCH, &one, &edit).await, StatusCode::OK).await;
    assert_eq!((edited["body"].as_str(), edited["version"].as_i64()), (Some("Second wording"), Some(2)));
    assert!(edited["edited_at"].is_string(), "marked edited");
    let stale = advisor.send_json(Method::PATCH, &one, &json!({ "body": "Third", "version": 1 })).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let blank = advisor.send_json(Method::PATCH, &one, &json!({ "body": " ", "version": 2 })).await;
    assert_eq!(blank.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unversioned = advisor.send_json(Method::PATCH, &one, &json!({ "body": "Third" })).await;
    assert_eq!(unversioned.status(), StatusCode::BAD_REQUEST, "an edit names the version it was read at");
    assert_eq!(json_of(advisor.get(&one).await, StatusCode::OK).await["body"], "Second wording");
    let kept = "select count(*) from comment_revisions where body = 'First draft wording'";
    assert_eq!(app.count(kept).await, 1, "the earlier text is kept");
    let (_, page) = staff.get_html(&format!("/t/opsi/matches/{france}")).await;
    assert!(page.contains("Second wording") && page.contains("edited"));
    // Whoever reads the comment reads its earlier texts, newest first, from its "edited" link.
    let history_page = format!("/t/opsi/comments/{id}/history");
    assert!(page.contains(&format!("href=\"{history_page}\"")), "the mark links the history");
    let history = json_of(staff.get(&format!("{one}/history")).await, StatusCode::OK).await;
    assert_eq!(history["comment"]["body"], "Second wording");
    assert_eq!(history["earlier"][0]["body"], "First draft wording");
    assert_eq!(
        (history["earlier"][0]["version"].as_i64(), history["earlier"].as_array().map(Vec::len)),
        (Some(1), Some(1))
    );
    let (status, html) = staff.get_html(&history_page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("First draft wording") && html.contains("Version 1"), "{html}");
    let brazil_team = app.as_demo("team.brazil@demo.example").await;
    assert_eq!(brazil_team.get(&history_page).await.status(), StatusCode::NOT_FOUND, "nor to a team of another match");

    // Unchanged text saves nothing; a stale form keeps what was typed beside what is saved now.
    let same = json_of(
        advisor.send_json(Method::PATCH, &one, &json!({ "body": "Second wording", "version": 2 })).await,
        StatusCode::OK,
    )
    .await;
    assert_eq!(same["version"], 2, "an unchanged text is no edit");
    let stale_form = advisor
        .post_form(&format!("/t/opsi/comments/{id}/edit"), &[("version", "1"), ("body", "My typed wording")])
        .await;
    assert_eq!(stale_form.status(), StatusCode::CONFLICT);
    let page = stale_form.text().await.unwrap();
    assert!(page.contains("My typed wording") && page.contains("Second wording"), "both texts are on the page");
    assert!(page.contains("name=\"version\" value=\"2\""), "saving again is based on what is saved now");

    // A browser's line breaks (CRLF) count as one character, as JSON's do.
    let lines = format!("{}c", "ab\r\n".repeat(3_333));
    let posted = advisor
        .post_form(&format!("/t/opsi/threads/match/{france}"), &[("audience", "internal"), ("body", &lines)])
        .await;
    assert_eq!(posted.status(), StatusCode::SEE_OTHER, "10,000 characters once CRLF is read as LF");
    assert_eq!(app.count("select count(*) from comments where body like '%' || chr(13) || '%'").await, 0);

    // Deleting leaves a tombstone; the text and its history are gone from every view.
    assert_eq!(staff.send_json(Method::DELETE, &one, &json!({})).await.status(), StatusCode::FORBIDDEN);
    let page_delete = advisor.post_form(&format!("/t/opsi/comments/{id}/delete"), &[]).await;
    assert_eq!(page_delete.status(), StatusCode::SEE_OTHER);
    let gone = json_of(advisor.get(&one).await, StatusCode::OK).await;
    assert!(gone["body"].is_null() && gone["deleted_at"].is_string(), "{gone}");
    for reader in [&advisor, &staff, &app.as_demo("team.france@demo.example").await] {
        let (_, page) = reader.get_html(&format!("/t/opsi/matches/{france}")).await;
        assert!(page.contains("This comment was deleted"));
        assert!(!page.contains("wording"), "no text of a deleted comment on any page");
        let (_, page) = reader.get_html(&history_page).await;
        assert!(page.contains("This comment was deleted") && !page.contains("wording"), "nor in its history");
        assert!(!json_of(reader.get(&thread).await, StatusCode::OK).await.to_string().contains("wording"));
        let history = json_of(reader.get(&format!("{one}/history")).await, StatusCode::OK).await;
        assert!(!history.to_string().contains("wording"), "{history}");
    }
    assert_eq!(app.count("select count(*) from comments where body like '%wording%'").await, 0);
    assert_eq!(app.count(kept).await, 0, "its history went with it");
    assert_eq!(advisor.send_json(Method::DELETE, &one, &json!({})).await.status(), StatusCode::CONFLICT);
    // A tombstone takes no replies, and its thread offers none.
    let comments_before = app.count("select count(*) from comments").await;
    let reply = json!({ "audience": "shared", "body": "Answering nothing", "parent_id": id });
    let problem = json_of(staff.send_json(Method::POST, &thread, &reply).await, StatusCode::UNPROCESSABLE_ENTITY).await;
    assert!(problem.to_string().contains("deleted or hidden"), "{problem}");
    assert_eq!(app.count("select count(*) from comments").await, comments_before);
    let (_, page) = staff.get_html(&format!("/t/opsi/matches/{france}")).await;
    assert!(page.contains(&format!("id=\"comment-{id}\"")), "the tombstone is there");
    assert!(!page.contains(&format!("name=\"parent_id\" value=\"{id}\"")), "no reply form under a tombstone");
    assert_eq!(
        advisor.get(&format!("/t/opsi/comments/{id}/edit")).await.status(),
        StatusCode::CONFLICT,
        "no form for a deleted comment"
    );

    // Staff hide a comment with a reason; advisors may not; the reason shows in its place.
    let rude = post_comment(&advisor, &thread, "internal", "Something unkind").await;
    let hide = format!("/api/v1/t/opsi/comments/{}/hide", rude["id"].as_str().unwrap());
    assert_eq!(
        advisor.send_json(Method::POST, &hide, &json!({ "reason": "No" })).await.status(),
        StatusCode::FORBIDDEN
    );
    let no_reason = staff.send_json(Method::POST, &hide, &json!({ "reason": "  " })).await;
    assert_eq!(no_reason.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let hidden = json_of(
        staff.send_json(Method::POST, &hide, &json!({ "reason": "Not in the spirit of the board" })).await,
        StatusCode::OK,
    )
    .await;
    assert!(hidden["body"].is_null(), "{hidden}");
    let (_, page) = advisor.get_html(&format!("/t/opsi/matches/{france}")).await;
    assert!(page.contains("Not in the spirit of the board") && !page.contains("Something unkind"));
}

#[tokio::test]
async fn a_person_who_chose_a_daily_digest_gets_one_email_a_day_listing_where_comments_are() {
    let app = spawn_demo().await;
    let advisor = app.as_demo("advisor@demo.example").await;
    let staff = app.as_demo("staff@demo.example").await;
    let loti = app.as_demo("team.loti@demo.example").await;
    let france = match_of(&staff, "FR").await;
    let to_loti = "select count(*) from outbox where to_email = 'team.loti@demo.example'";
    let preference = "select comment_emails from users where email = 'team.loti@demo.example'";
    let chosen = || async { sqlx::query_scalar::<_, String>(preference).fetch_one(&app.pool).await.unwrap() };

    // A choice the form does not offer is refused and changes nothing.
    let refused = loti.post_form("/profile/comment-emails", &[("comment_emails", "hourly")]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&refused.text().await.unwrap()), ["Choose each one or once a day"]);
    assert_eq!(chosen().await, "immediate");
    let saved = loti.post_form("/profile/comment-emails", &[("comment_emails", "daily")]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(chosen().await, "daily");
    let (_, profile) = loti.get_html("/profile").await;
    assert!(profile.contains("value=\"daily\" checked"), "the profile shows the choice");

    // Two shared comments: no email now, one digest once the first is a day old.
    let emails_before = app.count(to_loti).await;
    let thread = format!("/api/v1/t/opsi/threads/match/{france}");
    for body in ["Digest one: a private thought", "Digest two: another"] {
        post_comment(&advisor, &thread, "shared", body).await;
    }
    assert_eq!(app.count(to_loti).await, emails_before, "no email per comment");
    let config = sweetspot::config::Config::for_tests("http://sweetspot.example".parse().unwrap());
    let digests = || async { sweetspot::advisory::service::send_daily_digests(&app.pool, &config).await.unwrap() };
    assert_eq!(digests().await, 0, "nothing is a day old yet");
    sqlx::query("update comment_digest_items set created_at = now() - interval '25 hours'")
        .execute(&app.pool)
        .await
        .unwrap();
    assert_eq!(digests().await, 1, "one digest, for LOTI");
    assert_eq!(app.count(to_loti).await, emails_before + 1);
    let (subject, body) = app.last_email_to("team.loti@demo.example").await.unwrap();
    assert_eq!(subject, "New comments today");
    assert!(body.contains("Engaging the general public") && body.contains("2 new comments"), "{body}");
    assert!(body.contains(&format!("http://sweetspot.example/t/opsi/matches/{france}#discussion")), "{body}");
    assert!(!body.contains("private thought"), "a digest never carries a comment's text");
    assert_eq!(digests().await, 0, "each comment is in one digest only");
}

/// The demo's published match whose challenge owner is of `country`, as JSON.
async fn published_match(staff: &TestApp, country: &str) -> Value {
    let id = match_of(staff, country).await;
    json_of(staff.get(&format!("/api/v1/t/opsi/matches/{id}")).await, StatusCode::OK).await
}

#[tokio::test]
async fn a_selected_challenge_has_its_own_page_and_thread_for_the_board_and_its_match_teams_only() {
    let app = spawn_demo().await;
    let advisor = app.as_demo("advisor@demo.example").await;
    let staff = app.as_demo("staff@demo.example").await;
    let france = published_match(&staff, "FR").await;
    let challenge = france["challenge"]["id"].as_str().unwrap().to_string();
    let provider = france["providers"][0]["provider"]["id"].as_str().unwrap().to_string();
    let page = format!("/t/opsi/selected/{challenge}");
    let thread = format!("/api/v1/t/opsi/threads/challenge/{challenge}");

    // The board reaches it from the matching page and reads what the team wrote and its match.
    let (_, matching) = advisor.get_html("/t/opsi/p/incubator-2024/matching").await;
    assert!(matching.contains(&format!("href=\"{page}\"")), "the matching page lists the selected challenges");
    let (status, html) = advisor.get_html(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Engaging the general public") && html.contains("Selected challenge"), "{html}");
    assert!(html.contains(&format!("/t/opsi/matches/{}", france["id"].as_str().unwrap())), "it links its match");
    assert!(html.contains("name=\"audience\""), "the board may comment");
    // A provider's page is read-only and has no thread; an entry that was not selected has no page.
    let (status, html) = advisor.get_html(&format!("/t/opsi/selected/{provider}")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Selected provider") && !html.contains("name=\"audience\""));
    assert_eq!(
        advisor.get(&format!("/api/v1/t/opsi/threads/challenge/{provider}")).await.status(),
        StatusCode::NOT_FOUND
    );
    let not_selected: uuid::Uuid = sqlx::query_scalar(
        "select s.id from submissions s where not exists
           (select 1 from decisions d where d.submission_id = s.id and d.outcome = 'selected') limit 1",
    )
    .fetch_one(&app.pool)
    .await
    .unwrap();
    assert_eq!(advisor.get(&format!("/t/opsi/selected/{not_selected}")).await.status(), StatusCode::NOT_FOUND);

    // An internal and a shared comment on the challenge.
    let emails_before = app.count("select count(*) from outbox").await;
    let secret = "Internal: their minister changes in May";
    let internal = post_comment(&advisor, &thread, "internal", secret).await;
    let shared = post_comment(&staff, &thread, "shared", "Shared: who owns the budget?").await;
    assert_eq!(internal["audience"], "internal");

    // The owner team and its match's providers read the shared one only, and may answer it.
    let ecolab = app.as_demo("team.france@demo.example").await;
    let loti = app.as_demo("team.loti@demo.example").await;
    for team in [&ecolab, &loti] {
        let (status, html) = team.get_html(&page).await;
        assert_eq!(status, StatusCode::OK);
        assert!(html.contains("who owns the budget?") && !html.contains("minister"), "{html}");
        let threads = json_of(team.get(&thread).await, StatusCode::OK).await.to_string();
        assert!(threads.contains("who owns the budget?") && !threads.contains("minister"));
        let internal_one = format!("/api/v1/t/opsi/comments/{}", internal["id"].as_str().unwrap());
        assert_eq!(team.get(&internal_one).await.status(), StatusCode::NOT_FOUND);
    }
    let reply = ecolab
        .post_form(
            &format!("/t/opsi/threads/challenge/{challenge}"),
            &[("parent_id", shared["id"].as_str().unwrap()), ("audience", "shared"), ("body", "The city council")],
        )
        .await;
    assert_eq!(reply.status(), StatusCode::SEE_OTHER);
    assert!(crate::helpers::location(&reply).starts_with(&page), "back to the challenge's page");
    let (_, html) = advisor.get_html(&page).await;
    assert!(html.contains("The city council") && html.contains("minister"), "the board reads both");

    // A team of another match, and an advisor of another tenant, read nothing of it.
    let brazil_team = app.as_demo("team.brazil@demo.example").await;
    assert_eq!(brazil_team.get(&page).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(brazil_team.get(&thread).await.status(), StatusCode::FORBIDDEN);
    let posted = brazil_team.send_json(Method::POST, &thread, &json!({ "audience": "shared", "body": "Hi" })).await;
    assert_eq!(posted.status(), StatusCode::FORBIDDEN);
    let outsider = advisor_of_another_tenant(&app).await;
    assert_eq!(outsider.get(&page).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(outsider.get(&thread).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(outsider.get(&format!("/t/elsewhere/selected/{challenge}")).await.status(), StatusCode::NOT_FOUND);

    // Emails: the shared comment reached the challenge's team with a link to its page, never
    // its text; the internal one reached no team.
    let (subject, body) = app.last_email_to("team.france@demo.example").await.expect("Ecolab hears of it");
    assert!(subject.contains("Engaging the general public"), "{subject}");
    assert!(body.contains(&format!("{page}#comment-")), "{body}");
    let mail = all_email(&app).await;
    assert!(!mail.contains("minister") && !mail.contains("who owns the budget") && !mail.contains("city council"));
    assert!(app.count("select count(*) from outbox").await > emails_before);
    assert!(app.last_email_to("team.brazil@demo.example").await.is_none_or(|(s, _)| !s.contains("comment")));
}
