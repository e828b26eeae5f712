//! Selection: eligibility screening, review rounds and their rubric, through the pages and the
//! JSON API, with bad inputs refused and nothing saved changed by them.

use reqwest::{Method, StatusCode};
use serde_json::json;

use crate::helpers::{error_summary, heading, location};
use crate::submissions::{Setup, fill, setup, start};

fn selection_path(setup: &Setup) -> String {
    format!("{}/selection", setup.call.path())
}

fn api_rounds(setup: &Setup) -> String {
    format!("/api/v1/t/opsi/programmes/{}/calls/{}/rounds", setup.call.programme, setup.call.slug)
}

fn round_form<'a>(name: &'a str, opens: &'a str, closes: &'a str, reviews: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("version", "0"),
        ("name", name),
        ("instructions", "Score **each** criterion."),
        ("opens_at", opens),
        ("closes_at", closes),
        ("reviews_per_entry", reviews),
        ("blind", "yes"),
        ("disagreement_at", "25"),
    ]
}

/// Starts a round through the new-round form; returns the round page's address.
async fn start_round(setup: &Setup, name: &str) -> String {
    let form = round_form(name, "2024-02-01T09:00", "2099-02-15T18:00", "3");
    let response = setup.staff.post_form(&format!("{}/rounds/new", setup.call.path()), &form).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "round {name} started");
    location(&response)
}

fn criterion_form<'a>(name: &'a str, weight: &'a str, anchors: &'a str) -> Vec<(&'a str, &'a str)> {
    vec![
        ("name", name),
        ("description", "How well the entry fits the programme."),
        ("weight", weight),
        ("scale_min", "1"),
        ("scale_max", "5"),
        ("anchors", anchors),
    ]
}

const FIVE_ANCHORS: &str = "Not at all\nBarely\nSomewhat\nClearly\nCompletely";

#[tokio::test]
async fn staff_start_a_round_write_its_rubric_and_bad_forms_change_nothing() {
    let setup = setup().await;
    let staff = &setup.staff;

    // The call's page leads staff to its selection; the selection page lists no round yet.
    let (_, call_page) = staff.get_html(&setup.call.path()).await;
    assert!(call_page.contains(&format!("href=\"{}\"", selection_path(&setup))));
    let (status, page) = staff.get_html(&selection_path(&setup)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("No review round yet."));

    // Refused forms: each problem at its field, nothing saved.
    let new_round = format!("{}/rounds/new", setup.call.path());
    let backwards = round_form("Long list", "2024-03-01T09:00", "2024-02-01T09:00", "0");
    let response = staff.post_form(&new_round, &backwards).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let errors = error_summary(&response.text().await.unwrap());
    assert!(errors.contains(&"Enter a whole number of reviews from 1 to 20".to_string()), "{errors:?}");
    let not_a_number = round_form("Long list", "2024-02-01T09:00", "2024-03-01T09:00", "three");
    let response = staff.post_form(&new_round, &not_a_number).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let response =
        staff.post_form(&new_round, &round_form("Long list", "2024-03-01T09:00", "2024-02-01T09:00", "3")).await;
    assert_eq!(error_summary(&response.text().await.unwrap()), ["The round must close after it opens"]);
    assert_eq!(setup.app.count("select count(*) from review_rounds").await, 0);

    let round = start_round(&setup, "Long list").await;
    assert!(round.starts_with("/t/opsi/rounds/"), "{round}");
    let taken =
        staff.post_form(&new_round, &round_form("Long list", "2024-02-01T09:00", "2099-02-15T18:00", "2")).await;
    assert_eq!(taken.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&taken.text().await.unwrap()), ["Another round of this call already has this name"]);

    // The rubric: criteria with anchors for every point, in order, with their share of weight.
    let criteria = format!("{round}/criteria");
    let short = staff.post_form(&criteria, &criterion_form("Relevance", "2", "Poor\nGood")).await;
    assert_eq!(short.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_summary(&short.text().await.unwrap()),
        ["Write one line for each score of the scale, no more and no fewer"]
    );
    let heavy = staff.post_form(&criteria, &criterion_form("Relevance", "101", FIVE_ANCHORS)).await;
    assert_eq!(heavy.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(setup.app.count("select count(*) from round_criteria").await, 0);
    for (name, weight) in [("Relevance", "2"), ("Feasibility", "1"), ("Transferability", "1")] {
        let added = staff.post_form(&criteria, &criterion_form(name, weight, FIVE_ANCHORS)).await;
        assert_eq!(added.status(), StatusCode::SEE_OTHER, "{name} added");
    }
    let (_, page) = staff.get_html(&round).await;
    assert_eq!(heading(&page), "Long list");
    assert!(page.contains("Weight 2 (50% of the total)"), "shares of the weight");
    assert!(page.contains("<strong>5</strong> <bdi>Completely</bdi>"), "anchors by point");
    assert!(page.contains("<strong>each</strong>"), "instructions as Markdown");

    let ids: Vec<String> = sqlx::query_scalar("select id::text from round_criteria order by position")
        .fetch_all(&setup.app.pool)
        .await
        .unwrap();
    let moved = staff.post_form(&format!("{criteria}/{}/up", ids[2]), &[]).await;
    assert_eq!(moved.status(), StatusCode::SEE_OTHER);
    let deleted = staff.post_form(&format!("{criteria}/{}/delete", ids[1]), &[]).await;
    assert_eq!(deleted.status(), StatusCode::SEE_OTHER);
    let names: Vec<String> = sqlx::query_scalar("select name from round_criteria order by position")
        .fetch_all(&setup.app.pool)
        .await
        .unwrap();
    assert_eq!(names, ["Relevance", "Transferability"]);

    // Editing the settings over a version someone replaced shows theirs (409), saving nothing.
    let edit = format!("{round}/edit");
    let mut changed = round_form("Long list (2024)", "2024-02-01T09:00", "2099-02-15T18:00", "2");
    changed[0] = ("version", "1");
    assert_eq!(staff.post_form(&edit, &changed).await.status(), StatusCode::SEE_OTHER);
    let mut stale_form = changed.clone();
    stale_form[1] = ("name", "Someone else's name");
    let stale = staff.post_form(&edit, &stale_form).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    assert!(stale.text().await.unwrap().contains("Long list (2024)"), "the form shows what is saved now");
    assert_eq!(
        setup
            .app
            .count("select count(*) from review_rounds where name = 'Long list (2024)' and reviews_per_entry = 2")
            .await,
        1
    );

    // Every change is in the audit log, named.
    let actions: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where action like 'round.%' or action like 'criterion.%' order by created_at",
    )
    .fetch_all(&setup.app.pool)
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            "round.created",
            "criterion.added",
            "criterion.added",
            "criterion.added",
            "criterion.deleted",
            "round.updated"
        ]
    );
    let (_, audit) = staff.get_html("/t/opsi/admin/audit").await;
    assert!(audit.contains("Started a review round"), "the audit log names the action");
}

#[tokio::test]
async fn a_round_runs_through_the_api_and_bad_requests_are_problems() {
    let setup = setup().await;
    let staff = &setup.staff;
    let token = staff.create_api_token().await;
    let body = json!({
        "name": "Short list",
        "opens_at": "2024-02-01T09:00:00Z",
        "closes_at": "2099-02-15T18:00:00Z",
        "reviews_per_entry": 2,
        "blind": false,
        "conflict_same_country": true,
        "disagreement_at": 30
    });
    let created = staff.bearer(Method::POST, &api_rounds(&setup), &token, Some(&body)).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let round: serde_json::Value = created.json().await.unwrap();
    assert_eq!(round["name"], "Short list");
    assert_eq!(round["status"], "open");
    assert_eq!(round["conflict_same_country"], true);
    assert_eq!(round["rubric"], json!([]));
    let path = format!("/api/v1/t/opsi/rounds/{}", round["id"].as_str().unwrap());

    let criterion = json!({
        "name": "Relevance", "weight": 3, "scale_min": 0, "scale_max": 2,
        "anchors": ["Off topic", "Related", "Central"]
    });
    let added = staff.bearer(Method::POST, &format!("{path}/criteria"), &token, Some(&criterion)).await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let detail: serde_json::Value = added.json().await.unwrap();
    assert_eq!(detail["rubric"][0]["anchors"], json!(["Off topic", "Related", "Central"]));
    let criterion_path = format!("{path}/criteria/{}", detail["rubric"][0]["id"].as_str().unwrap());

    // A scale outside 0–10 and anchors that do not match it are refused at their fields.
    let wrong = json!({ "scale_max": 11 });
    let refused = staff.bearer(Method::PATCH, &criterion_path, &token, Some(&wrong)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "scale_max", "{problem}");
    let fewer = json!({ "anchors": ["Off topic", "Central"] });
    let refused = staff.bearer(Method::PATCH, &criterion_path, &token, Some(&fewer)).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let patched = staff.bearer(Method::PATCH, &criterion_path, &token, Some(&json!({ "weight": 5 }))).await;
    assert_eq!(patched.status(), StatusCode::OK);
    let detail: serde_json::Value = patched.json().await.unwrap();
    assert_eq!((detail["rubric"][0]["weight"].as_i64(), detail["rubric"][0]["scale_max"].as_i64()), (Some(5), Some(2)));

    // The round's settings patch over their version; a stale version is 409.
    let renamed =
        staff.bearer(Method::PATCH, &path, &token, Some(&json!({ "version": 1, "name": "Final list" }))).await;
    assert_eq!(renamed.status(), StatusCode::OK);
    let stale = staff.bearer(Method::PATCH, &path, &token, Some(&json!({ "version": 1, "name": "Other" }))).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let listed: serde_json::Value =
        staff.bearer(Method::GET, &api_rounds(&setup), &token, None).await.json().await.unwrap();
    assert_eq!(listed[0]["name"], "Final list");

    let removed = staff.bearer(Method::DELETE, &criterion_path, &token, None).await;
    assert_eq!(removed.status(), StatusCode::OK);
    assert_eq!(staff.bearer(Method::DELETE, &criterion_path, &token, None).await.status(), StatusCode::NOT_FOUND);

    // A team member's token reaches none of it.
    let team_token = setup.team.create_api_token().await;
    assert_eq!(setup.team.bearer(Method::GET, &path, &team_token, None).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        setup.team.bearer(Method::POST, &api_rounds(&setup), &team_token, Some(&body)).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(setup.app.count("select count(*) from review_rounds").await, 1);
}

#[tokio::test]
async fn staff_screen_submitted_entries_with_the_calls_reasons_and_the_team_is_not_told() {
    let setup = setup().await;
    let staff = &setup.staff;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    let screening = format!("/t/opsi/submissions/{}/screening", draft.id());

    // A draft is not screened.
    let early = staff.post_form(&screening, &[("version", "0"), ("outcome", "eligible")]).await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    setup.team.submit(&draft).await;

    // The call's reasons, one per line, repeats dropped.
    let reasons = format!("{}/reasons", selection_path(&setup));
    let saved = staff
        .post_form(&reasons, &[("version", "0"), ("reasons", "Not a public body\n\nOut of scope\nNot a public body")])
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let stale = staff.post_form(&reasons, &[("version", "0"), ("reasons", "Something else")]).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let list: Vec<String> =
        sqlx::query_scalar("select unnest(reasons) from screening_reasons").fetch_all(&setup.app.pool).await.unwrap();
    assert_eq!(list, ["Not a public body", "Out of scope"]);

    // The entry's page leads staff to its screening, which offers the reasons.
    let (_, entry) = staff.get_html(&draft.path).await;
    assert!(entry.contains(&format!("href=\"{screening}\"")));
    let (status, page) = staff.get_html(&screening).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("<option value=\"Out of scope\">Out of scope</option>"));

    // Ineligible needs a reason or a note; a reason not in the list is refused.
    let bare = staff.post_form(&screening, &[("version", "0"), ("outcome", "ineligible")]).await;
    assert_eq!(bare.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_summary(&bare.text().await.unwrap()),
        ["Choose a reason or write a note saying why the entry is ineligible"]
    );
    let invented =
        staff.post_form(&screening, &[("version", "0"), ("outcome", "ineligible"), ("reason", "Too long")]).await;
    assert_eq!(invented.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let neither = staff.post_form(&screening, &[("version", "0"), ("outcome", "maybe")]).await;
    assert_eq!(neither.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(setup.app.count("select count(*) from submission_screenings").await, 0);

    let ineligible =
        staff.post_form(&screening, &[("version", "0"), ("outcome", "ineligible"), ("reason", "Out of scope")]).await;
    assert_eq!(ineligible.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&ineligible), draft.path);
    // A second screener working from the same page is told someone screened first.
    let second = staff.post_form(&screening, &[("version", "0"), ("outcome", "eligible")]).await;
    assert_eq!(second.status(), StatusCode::CONFLICT);

    // The JSON twin shows it and changes it; an eligible entry keeps no reason.
    let api = format!("/api/v1/t/opsi/submissions/{}/screening", draft.id());
    let read: serde_json::Value = staff.get(&api).await.json().await.unwrap();
    assert_eq!(read["screening"]["eligible"], false);
    assert_eq!(read["screening"]["reason"], "Out of scope");
    let put = staff
        .send_json(Method::PUT, &api, &json!({ "version": 1, "outcome": "eligible", "reason": "Out of scope" }))
        .await;
    assert_eq!(put.status(), StatusCode::OK);
    let read: serde_json::Value = put.json().await.unwrap();
    assert_eq!((read["screening"]["eligible"].as_bool(), read["screening"]["reason"].is_null()), (Some(true), true));
    let counts: serde_json::Value = staff
        .get(&format!("/api/v1/t/opsi/programmes/{}/calls/{}/screening", setup.call.programme, setup.call.slug))
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (counts["eligible"].as_i64(), counts["ineligible"].as_i64(), counts["unscreened"].as_i64()),
        (Some(1), Some(0), Some(0))
    );

    // The team sees nothing of it: not the screening, not its page, and no email.
    let (_, team_view) = setup.team.get_html(&draft.path).await;
    assert!(!team_view.contains("/screening\""), "no screening link for the team");
    assert_eq!(setup.team.get(&screening).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(setup.team.get(&api).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(setup.app.count("select count(*) from outbox where subject ilike '%eligib%'").await, 0);
    assert_eq!(setup.app.count("select count(*) from audit_log where action = 'submission.screened'").await, 2);
}
