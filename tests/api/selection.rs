//! Selection: eligibility screening, review rounds and their rubric, through the pages and the
//! JSON API, with bad inputs refused and nothing saved changed by them.

use reqwest::{Method, StatusCode};
use serde_json::json;
use sweetspot::ids::{OrganisationId, UserId};
use sweetspot::tenancy::domain::TenantRole;

use crate::actors::{Draft, Team};
use crate::helpers::{TestApp, error_summary, heading, location};
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
        ("remind_hours_before", "48"),
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

/// A submitted entry by a new organisation of `country` whose member is `email`.
async fn submitted_entry(setup: &Setup, organisation: &str, country: &str, email: &str, title: &str) -> Draft {
    let member = setup.app.create_user(email, organisation).await;
    let organisation = setup.app.create_organisation(setup.tenant, organisation, country, member).await;
    let team = Team(setup.app.new_browser());
    team.log_in_ok(email).await;
    let draft = team.start_application(&setup.call, organisation).await;
    team.write_about(&draft, title, &format!("Summary of {title}")).await;
    team.answer(&draft, "Who is affected?", "Residents").await;
    team.answer(&draft, "Team size", "1-5").await;
    team.submit(&draft).await;
    draft
}

async fn screen_api(setup: &Setup, draft: &Draft, outcome: &str) {
    let body = json!({ "version": 0, "outcome": outcome, "note": "Checked" });
    let path = format!("/api/v1/t/opsi/submissions/{}/screening", draft.id());
    assert_eq!(setup.staff.send_json(Method::PUT, &path, &body).await.status(), StatusCode::OK, "screened");
}

/// A round through the API; returns its id.
async fn api_round(setup: &Setup, reviews: i64, blind: bool, same_country: bool) -> String {
    let body = json!({
        "name": format!("Round {reviews} {blind} {same_country}"),
        "opens_at": "2024-02-01T09:00:00Z",
        "closes_at": "2099-02-15T18:00:00Z",
        "reviews_per_entry": reviews,
        "blind": blind,
        "conflict_same_country": same_country,
        "disagreement_at": 25
    });
    let created = setup.staff.send_json(Method::POST, &api_rounds(setup), &body).await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let round: serde_json::Value = created.json().await.unwrap();
    round["id"].as_str().unwrap().to_string()
}

/// A person with `role` in opsi, signed in in their own browser.
async fn person(setup: &Setup, email: &str, name: &str, role: TenantRole) -> (UserId, TestApp) {
    let id = setup.app.create_user(email, name).await;
    setup.app.grant(setup.tenant, id, role).await;
    let browser = setup.app.new_browser();
    browser.log_in_ok(email).await;
    (id, browser)
}

#[tokio::test]
async fn staff_build_a_round_of_eligible_entries_and_assign_by_hand_never_a_conflict() {
    let setup = setup().await;
    let staff = &setup.staff;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    setup.team.submit(&draft).await;
    let french = submitted_entry(&setup, "Policy Lab", "FR", "fr@gov.example", "Open budgets").await;
    let late = submitted_entry(&setup, "Data Office", "ES", "es@gov.example", "Shared data").await;
    screen_api(&setup, &draft, "eligible").await;
    screen_api(&setup, &french, "eligible").await;
    let round = api_round(&setup, 2, false, false).await;
    let page = format!("/t/opsi/rounds/{round}/assignments");

    // Only entries screened eligible join; the unscreened one waits.
    assert_eq!(staff.post_form(&format!("/t/opsi/rounds/{round}/entries"), &[]).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(setup.app.count("select count(*) from round_entries").await, 2);
    let (_, html) = staff.get_html(&page).await;
    assert!(html.contains("2 entries in the round; 2 of them have fewer reviewers than the round needs."));

    // Reviewers: Rita belongs to Digital Lab (an automatic conflict with its entry), Raj to none.
    let (rita, _) = person(&setup, "rita@opsi.example", "Rita Reviewer", TenantRole::Reviewer).await;
    setup.app.add_member(setup.tenant, setup.organisation, rita).await;
    let (raj, _) = person(&setup, "raj@opsi.example", "Raj Reviewer", TenantRole::Reviewer).await;
    let (advisor, _) = person(&setup, "ade@opsi.example", "Ade Advisor", TenantRole::Advisor).await;
    let reviewers = format!("/t/opsi/rounds/{round}/reviewers");
    let refused = staff.post_form(&reviewers, &[("reviewer", &advisor.to_string())]).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_summary(&refused.text().await.unwrap()),
        ["Only people with the reviewer, staff or admin role can review"]
    );
    for reviewer in [rita, raj] {
        let added = staff.post_form(&reviewers, &[("reviewer", &reviewer.to_string())]).await;
        assert_eq!(added.status(), StatusCode::SEE_OTHER);
    }

    // Assigning Rita to her own organisation's entry is refused; Raj is assigned.
    let entry = |draft: &Draft| format!("/t/opsi/rounds/{round}/entries/{}", draft.id());
    let (_, html) = staff.get_html(&entry(&draft)).await;
    assert!(html.contains("Rita Reviewer</bdi>: belongs to the submitting organisation"), "the conflict is shown");
    let conflicted = staff.post_form(&format!("{}/assign", entry(&draft)), &[("reviewer", &rita.to_string())]).await;
    assert_eq!(conflicted.status(), StatusCode::CONFLICT);
    let api_conflicted = staff
        .send_json(
            Method::POST,
            &format!("/api/v1/t/opsi/rounds/{round}/assignments"),
            &json!({ "submission_id": draft.id(), "user_id": rita }),
        )
        .await;
    assert_eq!(api_conflicted.status(), StatusCode::CONFLICT);
    let assigned = staff.post_form(&format!("{}/assign", entry(&draft)), &[("reviewer", &raj.to_string())]).await;
    assert_eq!(assigned.status(), StatusCode::SEE_OTHER);
    assert_eq!(setup.app.count("select count(*) from review_assignments").await, 1);

    // Staff record a conflict for Raj on the French entry: a reason is required.
    let conflicts = format!("{}/conflicts", entry(&french));
    let bare = staff.post_form(&conflicts, &[("reviewer", &raj.to_string()), ("reason", " ")]).await;
    assert_eq!(bare.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(setup.app.count("select count(*) from review_conflicts").await, 0);
    let set = staff.post_form(&conflicts, &[("reviewer", &raj.to_string()), ("reason", "Former colleague")]).await;
    assert_eq!(set.status(), StatusCode::SEE_OTHER);
    let refused = staff.post_form(&format!("{}/assign", entry(&french)), &[("reviewer", &raj.to_string())]).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);

    // Found ineligible later, an entry leaves the round with its assignments.
    let put = staff
        .send_json(
            Method::PUT,
            &format!("/api/v1/t/opsi/submissions/{}/screening", draft.id()),
            &json!({ "version": 1, "outcome": "ineligible", "note": "Not a public body after all" }),
        )
        .await;
    assert_eq!(put.status(), StatusCode::OK);
    assert_eq!(setup.app.count("select count(*) from round_entries").await, 1);
    assert_eq!(setup.app.count("select count(*) from review_assignments").await, 0);
    let _ = late;

    let actions: Vec<String> = sqlx::query_scalar(
        "select action from audit_log where action like 'review.%' or action like 'round.%' order by created_at",
    )
    .fetch_all(&setup.app.pool)
    .await
    .unwrap();
    assert_eq!(
        actions,
        [
            "round.created",
            "round.entries_added",
            "round.reviewer_added",
            "round.reviewer_added",
            "review.assigned",
            "review.conflict_set"
        ]
    );
}

#[tokio::test]
async fn automatic_assignment_balances_loads_follows_preferences_and_never_assigns_a_conflict() {
    let setup = setup().await;
    let staff = &setup.staff;
    let mut entries = Vec::new();
    for (i, country) in ["FR", "ES", "IT", "PT", "DE", "NL"].iter().enumerate() {
        let draft = submitted_entry(
            &setup,
            &format!("Team {country}"),
            country,
            &format!("t{i}@gov.example"),
            &format!("Entry {i}"),
        )
        .await;
        screen_api(&setup, &draft, "eligible").await;
        entries.push(draft);
    }
    let round = api_round(&setup, 2, true, false).await;
    let api = format!("/api/v1/t/opsi/rounds/{round}");
    assert_eq!(staff.send_json(Method::POST, &format!("{api}/entries"), &json!({})).await.status(), StatusCode::OK);
    let mut reviewers = Vec::new();
    for name in ["Ana", "Ben", "Cy"] {
        let (id, browser) = person(
            &setup,
            &format!("{}@opsi.example", name.to_lowercase()),
            &format!("{name} Reviewer"),
            TenantRole::Reviewer,
        )
        .await;
        let added = staff.send_json(Method::POST, &format!("{api}/reviewers"), &json!({ "user_id": id })).await;
        assert_eq!(added.status(), StatusCode::CREATED);
        reviewers.push((id, browser));
    }
    let (ana, ana_browser) = &reviewers[0];

    // Ana's page of preferences: a blind round shows no organisation.
    let (status, html) = ana_browser.get_html(&format!("/t/opsi/rounds/{round}/preferences")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Entry 3") && !html.contains("Team IT"), "blind: titles without organisations");
    let listed: serde_json::Value = ana_browser.get(&format!("{api}/preferences")).await.json().await.unwrap();
    assert!(listed["items"][0]["organisation_name"].is_null(), "blind in the JSON too");

    // A conflict without a reason is refused and nothing is saved.
    let id = |i: usize| entries[i].id().to_string();
    let refused = ana_browser
        .post_form(
            &format!("/t/opsi/rounds/{round}/preferences"),
            &[
                ("entry", &id(0)),
                (&format!("preference-{}", id(0)), "eager"),
                ("entry", &id(3)),
                (&format!("preference-{}", id(3)), "conflict"),
            ],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&refused.text().await.unwrap()), ["Say why there is a conflict of interest"]);
    assert_eq!(setup.app.count("select count(*) from review_preferences").await, 0);
    let saved = ana_browser
        .post_form(
            &format!("/t/opsi/rounds/{round}/preferences"),
            &[
                ("entry", &id(0)),
                (&format!("preference-{}", id(0)), "eager"),
                ("entry", &id(1)),
                (&format!("preference-{}", id(1)), "eager"),
                ("entry", &id(2)),
                (&format!("preference-{}", id(2)), "rather_not"),
                ("entry", &id(3)),
                (&format!("preference-{}", id(3)), "conflict"),
                (&format!("reason-{}", id(3)), "I advised this team last year"),
            ],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    // The conflicted entry now shows Ana its title only.
    let listed: serde_json::Value = ana_browser.get(&format!("{api}/preferences")).await.json().await.unwrap();
    let row = listed["items"].as_array().unwrap().iter().find(|e| e["submission_id"] == id(3)).unwrap().clone();
    assert_eq!((row["conflict"].as_str(), row["summary"].is_null()), (Some("declared"), true));

    // Twelve reviews among three reviewers: four each, Ana with her two eager entries, never her
    // conflict, and not the one she would rather not have (the others can take it).
    let report = staff.send_json(Method::POST, &format!("{api}/assignments/automatic"), &json!({})).await;
    assert_eq!(report.status(), StatusCode::OK);
    let report: serde_json::Value = report.json().await.unwrap();
    assert_eq!((report["added"].as_u64(), report["balanced"].as_bool()), (Some(12), Some(true)));
    assert_eq!((report["least_load"].as_u64(), report["most_load"].as_u64()), (Some(4), Some(4)));
    assert_eq!(report["shortfalls"], json!([]));
    let pairs = || async {
        sqlx::query_as::<_, (String, String)>(
            "select submission_id::text, user_id::text from review_assignments order by 1, 2",
        )
        .fetch_all(&setup.app.pool)
        .await
        .unwrap()
    };
    let first = pairs().await;
    let anas: Vec<String> = first.iter().filter(|p| p.1 == ana.to_string()).map(|p| p.0.clone()).collect();
    assert!(anas.contains(&id(0)) && anas.contains(&id(1)), "eager entries: {anas:?}");
    assert!(!anas.contains(&id(3)), "never the conflict");
    assert!(!anas.contains(&id(2)), "not the one she would rather not review");
    let loads: serde_json::Value = staff.get(&format!("{api}/reviewers")).await.json().await.unwrap();
    let ana_load = loads.as_array().unwrap().iter().find(|r| r["user_id"] == ana.to_string()).unwrap().clone();
    assert_eq!(
        (ana_load["assigned"].as_i64(), ana_load["eager"].as_i64(), ana_load["rather_not"].as_i64()),
        (Some(4), Some(2), Some(0))
    );

    // Running it again adds nothing; taking everything back and running again gives the same pairs.
    let again: serde_json::Value =
        staff.send_json(Method::POST, &format!("{api}/assignments/automatic"), &json!({})).await.json().await.unwrap();
    assert_eq!(again["added"], 0);
    for (entry, reviewer) in &first {
        let removed =
            staff.send_json(Method::DELETE, &format!("{api}/assignments/{entry}/{reviewer}"), &json!({})).await;
        assert_eq!(removed.status(), StatusCode::NO_CONTENT);
    }
    staff.send_json(Method::POST, &format!("{api}/assignments/automatic"), &json!({})).await;
    assert_eq!(pairs().await, first, "deterministic");

    // Walls: a reviewer not in the round, a team member, another tenant's staff see nothing.
    let (_, outsider) = person(&setup, "out@opsi.example", "Out Sider", TenantRole::Reviewer).await;
    assert_eq!(outsider.get(&format!("{api}/preferences")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(setup.team.get(&format!("{api}/preferences")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(setup.team.get(&format!("{api}/entries")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(outsider.get(&format!("{api}/entries")).await.status(), StatusCode::FORBIDDEN);
    let (_, page) = ana_browser.get_html("/t/opsi/reviews").await;
    assert!(page.contains(&format!("/t/opsi/rounds/{round}/preferences")), "Ana's rounds list the round");
}

/// A criterion on 1–5 through the API; returns its id.
async fn api_criterion(setup: &Setup, round: &str, name: &str) -> String {
    let body =
        json!({ "name": name, "weight": 1, "scale_min": 1, "scale_max": 5, "anchors": ["1", "2", "3", "4", "5"] });
    let added = setup.staff.send_json(Method::POST, &format!("/api/v1/t/opsi/rounds/{round}/criteria"), &body).await;
    assert_eq!(added.status(), StatusCode::CREATED);
    let round: serde_json::Value = added.json().await.unwrap();
    let rubric = round["rubric"].as_array().unwrap();
    rubric.iter().find(|c| c["name"] == name).unwrap()["id"].as_str().unwrap().to_string()
}

/// One new review of `entry` in the round at `api`, by `browser`: a score and comment on the one
/// criterion, "support", a note; submitted or kept as a draft. Asserts it was saved.
async fn review(
    browser: &TestApp,
    api: &str,
    entry: &Draft,
    (criterion, score, comment): (&str, i64, &str),
    submit: bool,
    note: &str,
) {
    let body = json!({
        "version": 0, "submit": submit, "recommendation": "support",
        "scores": [{ "criterion_id": criterion, "score": score, "comment": comment }],
        "note_to_staff": note
    });
    let saved = browser.send_json(Method::PUT, &format!("{api}/reviews/{}", entry.id()), &body).await;
    let status = saved.status();
    assert_eq!(status, StatusCode::OK, "{}", saved.text().await.unwrap());
}

/// Three submitted entries screened eligible, from teams in France, Spain and Italy
/// (`t0@gov.example`…), titled by `title`.
async fn three_eligible_entries(setup: &Setup, title: impl Fn(usize) -> String) -> Vec<Draft> {
    let mut entries = Vec::new();
    for (i, country) in ["FR", "ES", "IT"].iter().enumerate() {
        let team = format!("Team {country}");
        let draft = submitted_entry(setup, &team, country, &format!("t{i}@gov.example"), &title(i)).await;
        screen_api(setup, &draft, "eligible").await;
        entries.push(draft);
    }
    entries
}

#[tokio::test]
async fn an_assigned_reviewer_reviews_blind_and_reads_other_reviews_only_after_submitting_theirs() {
    let setup = setup().await;
    let staff = &setup.staff;
    let plan =
        crate::actors::NewQuestion { required: false, ..crate::actors::NewQuestion::new("Files", "Plan", "file") };
    staff.add_question(&setup.call, plan).await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    let mut pdf = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    pdf.resize(400, b' ');
    let uploaded = setup.team.try_upload(&draft, "Plan", "digital-lab-plan.pdf", "application/pdf", pdf).await;
    assert_eq!(uploaded.status(), StatusCode::SEE_OTHER);
    setup.team.submit(&draft).await;
    screen_api(&setup, &draft, "eligible").await;
    let round = api_round(&setup, 2, true, false).await;
    let relevance = api_criterion(&setup, &round, "Relevance").await;
    let feasibility = api_criterion(&setup, &round, "Feasibility").await;
    let api = format!("/api/v1/t/opsi/rounds/{round}");
    staff.send_json(Method::POST, &format!("{api}/entries"), &json!({})).await;
    let (ana, ana_browser) = person(&setup, "ana@opsi.example", "Ana Reviewer", TenantRole::Reviewer).await;
    let (ben, ben_browser) = person(&setup, "ben@opsi.example", "Ben Reviewer", TenantRole::Reviewer).await;
    let (cy, cy_browser) = person(&setup, "cy@opsi.example", "Cy Reviewer", TenantRole::Reviewer).await;
    setup.app.add_member(setup.tenant, setup.organisation, cy).await;
    for id in [ana, ben, cy] {
        staff.send_json(Method::POST, &format!("{api}/reviewers"), &json!({ "user_id": id })).await;
    }
    for id in [ana, ben] {
        let assigned = staff
            .send_json(
                Method::POST,
                &format!("{api}/assignments"),
                &json!({ "submission_id": draft.id(), "user_id": id }),
            )
            .await;
        assert_eq!(assigned.status(), StatusCode::CREATED);
    }
    let page = format!("/t/opsi/rounds/{round}/reviews/{}", draft.id());
    let json_path = format!("{api}/reviews/{}", draft.id());

    // Staff remind the late reviewers: both, in an email that names the round and the count.
    let reminded = staff.post_form(&format!("/t/opsi/rounds/{round}/remind"), &[]).await;
    assert_eq!(reminded.status(), StatusCode::SEE_OTHER);
    let (subject, body) = setup.app.last_email_to("ana@opsi.example").await.expect("Ana is reminded");
    assert!(subject.contains("1 reviews to submit") || subject.contains("Reminder"), "{subject}");
    assert!(body.contains(&format!("/t/opsi/rounds/{round}/assigned")), "{body}");

    // Blind: no organisation, country or people on the page or in the JSON, and the file is
    // named by its place, in the page and in the download.
    let (status, html) = ana_browser.get_html(&page).await;
    assert_eq!(status, StatusCode::OK);
    assert!(!html.contains("Digital Lab") && !html.contains("Brazil") && !html.contains("Ana@gov"), "blind page");
    assert!(html.contains("attachment-1.pdf") && !html.contains("digital-lab-plan"), "blind file name");
    let view: serde_json::Value = ana_browser.get(&json_path).await.json().await.unwrap();
    assert!(view["entry"]["organisation_name"].is_null() && view["entry"]["country_name"].is_null());
    assert!(!view.to_string().contains("digital-lab-plan"), "blind JSON");
    let file = view["entry"]["answers"]
        .as_array()
        .unwrap()
        .iter()
        .find_map(|a| a["file"]["attachment_id"].as_str())
        .unwrap()
        .to_string();
    let download = ana_browser.get(&format!("{page}/attachments/{file}")).await;
    assert_eq!(download.status(), StatusCode::OK);
    let disposition = download.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.contains("attachment-1.pdf") && !disposition.contains("digital-lab"), "{disposition}");

    // Walls: a reviewer not assigned, a reviewer with a conflict, the team, get nothing.
    assert_eq!(cy_browser.get(&page).await.status(), StatusCode::FORBIDDEN, "conflicted");
    assert_eq!(cy_browser.get(&json_path).await.status(), StatusCode::FORBIDDEN, "conflicted, JSON");
    assert_eq!(cy_browser.get(&format!("{page}/attachments/{file}")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(setup.team.get(&page).await.status(), StatusCode::FORBIDDEN, "the team");
    assert_eq!(setup.team.get(&json_path).await.status(), StatusCode::FORBIDDEN, "the team, JSON");

    // A score outside the scale is refused at its field; nothing is saved.
    let wild = ana_browser
        .post_form(&page, &[("version", "0"), (&format!("score-{relevance}"), "7"), ("action", "draft")])
        .await;
    assert_eq!(wild.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&wild.text().await.unwrap()), ["Choose one of the scale's scores"]);
    assert_eq!(setup.app.count("select count(*) from reviews").await, 0);

    // Ana saves a draft; Ben submits; Ana, not yet submitted, still sees no other review.
    let draft_saved = ana_browser
        .post_form(&page, &[("version", "0"), (&format!("score-{relevance}"), "4"), ("action", "draft")])
        .await;
    assert_eq!(draft_saved.status(), StatusCode::SEE_OTHER);
    let bens = json!({
        "version": 0,
        "scores": [
            { "criterion_id": relevance, "score": 2, "comment": "Narrow" },
            { "criterion_id": feasibility, "score": 3, "comment": "" }
        ],
        "recommendation": "reservations",
        "note_to_staff": "secret-note-from-ben",
        "submit": true
    });
    let saved = ben_browser.send_json(Method::PUT, &json_path, &bens).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let view: serde_json::Value = ana_browser.get(&json_path).await.json().await.unwrap();
    assert_eq!(view["others"], json!([]), "no other scores before submitting");
    let (_, html) = ana_browser.get_html(&page).await;
    assert!(!html.contains("Narrow"), "nor on the page");

    // Submitting needs every score and a recommendation.
    let incomplete = ana_browser
        .post_form(&page, &[("version", "1"), (&format!("score-{relevance}"), "4"), ("action", "submit")])
        .await;
    assert_eq!(incomplete.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_summary(&incomplete.text().await.unwrap()),
        ["Choose a score", "Choose your overall recommendation"]
    );
    let submitted = ana_browser
        .post_form(
            &page,
            &[
                ("version", "1"),
                (&format!("score-{relevance}"), "4"),
                (&format!("score-{feasibility}"), "5"),
                ("recommendation", "support"),
                ("action", "submit"),
            ],
        )
        .await;
    assert_eq!(submitted.status(), StatusCode::SEE_OTHER);
    let view: serde_json::Value = ana_browser.get(&json_path).await.json().await.unwrap();
    assert_eq!(view["others"][0]["recommendation"], "reservations", "Ben's review, numbered");
    assert!(
        !view.to_string().contains("secret-note-from-ben") && !view.to_string().contains("Ben"),
        "no note, no name"
    );
    let (_, html) = ana_browser.get_html(&page).await;
    assert!(html.contains("Narrow") && !html.contains("secret-note-from-ben") && !html.contains("Ben Reviewer"));

    // Once reviews are submitted, the rubric is fixed and Ben's review stays his.
    let extra = json!({ "name": "Late idea", "weight": 1, "scale_min": 1, "scale_max": 2, "anchors": ["a", "b"] });
    assert_eq!(staff.send_json(Method::POST, &format!("{api}/criteria"), &extra).await.status(), StatusCode::CONFLICT);
    let unassign =
        staff.send_json(Method::DELETE, &format!("{api}/assignments/{}/{ben}", draft.id()), &json!({})).await;
    assert_eq!(unassign.status(), StatusCode::CONFLICT);

    // After the round closes, nothing changes.
    sqlx::query("update review_rounds set opens_at = now() - interval '2 days', closes_at = now() - interval '1 day'")
        .execute(&setup.app.pool)
        .await
        .unwrap();
    let late =
        ana_browser.send_json(Method::PUT, &json_path, &json!({ "version": 2, "recommendation": "oppose" })).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let recommendation: String = sqlx::query_scalar("select recommendation from reviews where user_id = $1")
        .bind(ana)
        .fetch_one(&setup.app.pool)
        .await
        .unwrap();
    assert_eq!(recommendation, "support");

    // The decision email may quote the reviewers' comments: never their names or notes.
    let decided = staff
        .send_json(
            Method::PUT,
            &format!("/api/v1/t/opsi/submissions/{}/decision", draft.id()),
            &json!({ "version": 0, "outcome": "rejected", "rationale": "Below the line", "round_id": round }),
        )
        .await;
    assert_eq!(decided.status(), StatusCode::OK);
    let release = "/api/v1/t/opsi/programmes/incubator/calls/challenges/decisions/release";
    let released = staff.send_json(Method::POST, release, &json!({ "include_reviews": true })).await;
    assert_eq!(released.status(), StatusCode::OK);
    let (_, body) = setup.app.last_email_to("ana@gov.example").await.unwrap();
    assert!(body.contains("What the reviewers wrote:") && body.contains("Relevance: Narrow"), "{body}");
    assert!(!body.contains("Ben") && !body.contains("secret-note-from-ben"), "{body}");
}

#[tokio::test]
async fn late_reviewers_are_reminded_once_when_the_round_nears_its_close() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    setup.team.submit(&draft).await;
    screen_api(&setup, &draft, "eligible").await;
    let round = api_round(&setup, 1, false, false).await;
    let api = format!("/api/v1/t/opsi/rounds/{round}");
    setup.staff.send_json(Method::POST, &format!("{api}/entries"), &json!({})).await;
    let (ana, _) = person(&setup, "ana@opsi.example", "Ana Reviewer", TenantRole::Reviewer).await;
    setup.staff.send_json(Method::POST, &format!("{api}/reviewers"), &json!({ "user_id": ana })).await;
    setup.staff.send_json(Method::POST, &format!("{api}/assignments/automatic"), &json!({})).await;
    let config = sweetspot::config::Config::for_tests(setup.app.url("/").parse().unwrap());
    let reminders = "select count(*) from outbox where subject like 'Reminder:%'";

    // Far from the close: nothing is due.
    assert_eq!(sweetspot::selection::service::send_due_reminders(&setup.app.pool, &config).await.unwrap(), 0);
    // Within the round's 48 hours: one email, once, however often the job runs.
    sqlx::query("update review_rounds set closes_at = now() + interval '47 hours'")
        .execute(&setup.app.pool)
        .await
        .unwrap();
    assert_eq!(sweetspot::selection::service::send_due_reminders(&setup.app.pool, &config).await.unwrap(), 1);
    assert_eq!(sweetspot::selection::service::send_due_reminders(&setup.app.pool, &config).await.unwrap(), 0);
    assert_eq!(setup.app.count(reminders).await, 1);
    let (subject, _) = setup.app.last_email_to("ana@opsi.example").await.unwrap();
    assert_eq!(subject, "Reminder: 1 reviews to submit in \"Round 1 false false\"");
}

#[tokio::test]
async fn staff_read_the_ranked_table_in_both_orders_with_spread_and_csv_and_discuss_an_entry() {
    let setup = setup().await;
    let staff = &setup.staff;
    let entries = three_eligible_entries(&setup, |i| format!("=Entry {i}")).await;
    let round = api_round(&setup, 2, false, false).await;
    let relevance = api_criterion(&setup, &round, "Relevance").await;
    let api = format!("/api/v1/t/opsi/rounds/{round}");
    staff.send_json(Method::POST, &format!("{api}/entries"), &json!({})).await;
    let (harsh, harsh_browser) = person(&setup, "harsh@opsi.example", "Harsh Reviewer", TenantRole::Reviewer).await;
    let (lenient, lenient_browser) =
        person(&setup, "lenient@opsi.example", "Lenient Reviewer", TenantRole::Reviewer).await;
    for id in [harsh, lenient] {
        staff.send_json(Method::POST, &format!("{api}/reviewers"), &json!({ "user_id": id })).await;
    }
    staff.send_json(Method::POST, &format!("{api}/assignments/automatic"), &json!({})).await;
    // Both review every entry (two reviews each, two reviewers): the harsh one 1, 3, 2; the
    // lenient one 5, 4, 3 for entries 0, 1, 2. Totals (of 100): entry 0 = (0 + 100)/2 = 50,
    // entry 1 = (50 + 75)/2 = 62.5, entry 2 = (25 + 50)/2 = 37.5.
    for (browser, scores) in [(&harsh_browser, [1, 3, 2]), (&lenient_browser, [5, 4, 3])] {
        for (entry, score) in entries.iter().zip(scores) {
            review(browser, &api, entry, (&relevance, score, ""), true, "note-for-staff-only").await;
        }
    }
    let table: serde_json::Value = staff.get(&format!("{api}/ranking")).await.json().await.unwrap();
    let titles: Vec<&str> = table["items"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!(titles, ["=Entry 1", "=Entry 0", "=Entry 2"]);
    let first = &table["items"][0];
    assert_eq!(
        (first["rank"].as_i64(), first["total"].as_f64(), first["reviews"].as_i64()),
        (Some(1), Some(62.5), Some(2))
    );
    // Entry 0's reviewers disagree: 0 and 100 are 100 points apart (the round flags 25).
    let entry0 = table["items"].as_array().unwrap().iter().find(|r| r["title"] == "=Entry 0").unwrap().clone();
    assert_eq!((entry0["spread"].as_f64(), entry0["disagreement"].as_bool()), (Some(100.0), Some(true)));
    assert_eq!(entry0["criterion_means"], json!([3.0]));
    // Normalised: each reviewer's totals as z-scores. Harsh: 0, 50, 25 (mean 25, σ 20.41);
    // lenient: 100, 75, 50 (mean 75, σ 20.41). Entry 1: (1.22 + 0)/2 = 0.61; entry 0:
    // (−1.22 + 1.22)/2 = 0; entry 2: (0 − 1.22)/2 = −0.61. Same order here, and both shown.
    let normalised: serde_json::Value =
        staff.get(&format!("{api}/ranking?order=normalised")).await.json().await.unwrap();
    let z = normalised["items"][0]["normalised"].as_f64().unwrap();
    assert!((z - 0.6124).abs() < 0.001, "{z}");
    assert_eq!(normalised["items"][0]["normalised_rank"], 1);

    // The page shows it, and the CSV has every row with formulas made text.
    let (status, html) = staff.get_html(&format!("/t/opsi/rounds/{round}/ranking")).await;
    assert_eq!(status, StatusCode::OK);
    assert!(html.contains("Reviewers disagree") && html.contains("62.50"));
    let csv = staff.get(&format!("/t/opsi/rounds/{round}/ranking.csv")).await.text().await.unwrap();
    let csv = csv.strip_prefix('\u{feff}').expect("a byte-order mark for spreadsheets");
    let lines: Vec<&str> = csv.lines().collect();
    assert_eq!(
        lines[0],
        "rank,normalised_rank,title,organisation,country,reviews,total,Relevance,normalised_score,spread,disagreement,\
         shortlisted"
    );
    assert_eq!(
        lines[1], "1,1,'=Entry 1,Team ES,ES,2,62.50,3.50,0.61,25.00,true,false",
        "a spread of 25 reaches the threshold of 25"
    );
    assert_eq!(lines.len(), 4);

    // A new review changes the table: it is computed again, never stale.
    let reopen = format!("{api}/reviews/{}", entries[2].id());
    let view: serde_json::Value = harsh_browser.get(&reopen).await.json().await.unwrap();
    let version = view["review"]["version"].as_i64().unwrap();
    let raised = json!({ "version": version, "scores": [{ "criterion_id": relevance, "score": 5 }], "recommendation": "support" });
    assert_eq!(harsh_browser.send_json(Method::PUT, &reopen, &raised).await.status(), StatusCode::OK);
    let table: serde_json::Value = staff.get(&format!("{api}/ranking")).await.json().await.unwrap();
    assert_eq!(table["items"][0]["title"], "=Entry 2", "75 now leads");

    // Staff read every review with names and notes; reviewers discuss once they submitted.
    let results: serde_json::Value =
        staff.get(&format!("{api}/results/{}", entries[0].id())).await.json().await.unwrap();
    assert_eq!(results["reviews"].as_array().unwrap().len(), 2);
    assert_eq!(results["reviews"][0]["note_to_staff"], "note-for-staff-only");
    let comments = format!("{api}/entries/{}/comments", entries[0].id());
    let posted = harsh_browser
        .send_json(Method::POST, &comments, &json!({ "body": "I was too harsh on the feasibility." }))
        .await;
    assert_eq!(posted.status(), StatusCode::CREATED);
    let empty = staff.send_json(Method::POST, &comments, &json!({ "body": "  " })).await;
    assert_eq!(empty.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, html) = staff.get_html(&format!("/t/opsi/rounds/{round}/results/{}", entries[0].id())).await;
    assert!(html.contains("I was too harsh") && html.contains("Harsh Reviewer"));

    // Nobody else reads any of it: not the team, not a reviewer, not anonymously.
    assert_eq!(setup.team.get(&format!("{api}/ranking")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(harsh_browser.get(&format!("{api}/ranking")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(harsh_browser.get(&format!("{api}/results/{}", entries[0].id())).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(setup.team.get(&comments).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(setup.app.new_browser().get(&format!("{api}/ranking")).await.status(), StatusCode::UNAUTHORIZED);
}

#[tokio::test]
async fn staff_decide_in_bulk_release_with_their_own_words_and_promote_from_the_waiting_list() {
    let setup = setup().await;
    let staff = &setup.staff;
    let first = submitted_entry(&setup, "Team FR", "FR", "fr@gov.example", "Open budgets").await;
    let second = submitted_entry(&setup, "Team ES", "ES", "es@gov.example", "Shared data").await;
    let third = submitted_entry(&setup, "Team IT", "IT", "it@gov.example", "AI projects").await;
    let decisions = format!("{}/decisions", setup.call.path());

    // A bulk decision needs ticked entries, an outcome and a rationale; nothing is saved without.
    let bare = staff.post_form(&decisions, &[("entry", first.id()), ("outcome", "selected"), ("rationale", "")]).await;
    assert_eq!(bare.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&bare.text().await.unwrap()), ["Say why: every decision needs its reasons"]);
    let none = staff.post_form(&decisions, &[("outcome", "rejected"), ("rationale", "Out of scope")]).await;
    assert_eq!(none.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(setup.app.count("select count(*) from decisions").await, 0);
    let selected = staff
        .post_form(&decisions, &[("entry", first.id()), ("outcome", "selected"), ("rationale", "The panel's first")])
        .await;
    assert_eq!(selected.status(), StatusCode::SEE_OTHER);
    for (draft, position) in [(&second, "1"), (&third, "2")] {
        let page = format!("/t/opsi/submissions/{}/decision", draft.id());
        let form = [
            ("version", "0"),
            ("outcome", "waitlisted"),
            ("rationale", "Next in line"),
            ("round", ""),
            ("waitlist_position", position),
        ];
        assert_eq!(staff.post_form(&page, &form).await.status(), StatusCode::SEE_OTHER);
    }

    // The call's own words for the selected, with placeholders; an unknown one is refused.
    let templates = format!("{decisions}/templates/selected");
    let unknown = staff.post_form(&templates, &[("version", "0"), ("subject", "Hello {name}"), ("body", "Body")]).await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let saved = staff
        .post_form(
            &templates,
            &[("version", "0"), ("subject", "{title} is in!"), ("body", "Dear {team}, welcome to {call}.")],
        )
        .await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);

    // Before release, the teams read "under review"; after, their outcome and their email.
    let fr = crate::actors::Team(setup.app.new_browser());
    fr.log_in_ok("fr@gov.example").await;
    let (_, before) = fr.get_html(&format!("/t/opsi/submissions/{}/decision", first.id())).await;
    assert!(before.contains("under review"), "under review before release");
    let release = staff.post_form(&format!("{decisions}/release"), &[]).await;
    assert_eq!(release.status(), StatusCode::SEE_OTHER);
    let (subject, body) = setup.app.last_email_to("fr@gov.example").await.unwrap();
    assert_eq!(subject, "Open budgets is in!");
    assert!(body.starts_with("Dear Team FR, welcome to Call for challenges."), "{body}");
    assert!(body.contains("PLEASE CONFIRM"), "the call to confirm is apart from staff's words");
    let (subject, body) = setup.app.last_email_to("es@gov.example").await.unwrap();
    assert!(subject.starts_with("You are on the waiting list"), "{subject}");
    assert!(body.contains("at number 1"), "{body}");
    assert_eq!(
        staff.post_form(&format!("{decisions}/release"), &[]).await.status(),
        StatusCode::CONFLICT,
        "nothing left"
    );

    // The selected team declines; staff promote the first on the waiting list, who is emailed
    // at once, and the third moves up to first.
    let (_, after) = fr.get_html(&format!("/t/opsi/submissions/{}/decision", first.id())).await;
    assert!(after.contains("Confirm that we take part") && after.contains("Decline the place"));
    let decline = format!("/t/opsi/submissions/{}/decision/decline", first.id());
    let unsure = fr.post_form(&decline, &[]).await;
    assert_eq!(unsure.status(), StatusCode::UNPROCESSABLE_ENTITY, "declining needs the box ticked");
    assert_eq!(error_summary(&unsure.text().await.unwrap()), ["Tick the box to say your team gives up its place"]);
    let declined = fr.post_form(&decline, &[("sure", "yes")]).await;
    assert_eq!(declined.status(), StatusCode::SEE_OTHER);
    let (subject, body) = setup.app.last_email_to("staff@opsi.example").await.expect("staff are told");
    assert_eq!(subject, "A team gave up its place: Open budgets");
    assert!(body.contains("/decisions"), "{body}");
    assert_eq!(setup.app.count("select count(*) from submissions where selected_at is not null").await, 0);
    let promoted = staff.post_form(&format!("/t/opsi/submissions/{}/decision/promote", second.id()), &[]).await;
    assert_eq!(promoted.status(), StatusCode::SEE_OTHER);
    let (subject, _) = setup.app.last_email_to("es@gov.example").await.unwrap();
    assert_eq!(subject, "Shared data is in!");
    let position: i32 = sqlx::query_scalar("select waitlist_position from decisions where outcome = 'waitlisted'")
        .fetch_one(&setup.app.pool)
        .await
        .unwrap();
    assert_eq!(position, 1);
    // The team moved up is told its new place (it was told number 2 at release).
    let (subject, body) = setup.app.last_email_to("it@gov.example").await.unwrap();
    assert_eq!(subject, "Your place on the waiting list is now 1: AI projects");
    assert!(body.contains("is now number 1 on the waiting list"), "{body}");
    assert_eq!(setup.app.count("select count(*) from submissions where selected_at is not null").await, 1);

    // A selected team that does not answer is reminded after three days, once per three days.
    sqlx::query("update decisions set released_at = now() - interval '4 days' where outcome = 'selected'")
        .execute(&setup.app.pool)
        .await
        .unwrap();
    let config = sweetspot::config::Config::for_tests(setup.app.url("/").parse().unwrap());
    let reminded = sweetspot::selection::service::send_confirmation_reminders(&setup.app.pool, &config).await.unwrap();
    assert_eq!(reminded, 1, "the promoted team's one member");
    assert_eq!(sweetspot::selection::service::send_confirmation_reminders(&setup.app.pool, &config).await.unwrap(), 0);
    let (subject, _) = setup.app.last_email_to("es@gov.example").await.unwrap();
    assert_eq!(subject, "Please confirm your place: Shared data");
    // The team still waiting reads its place plainly, not in a confirmation panel.
    let it = crate::actors::Team(setup.app.new_browser());
    it.log_in_ok("it@gov.example").await;
    let (_, waiting) = it.get_html(&format!("/t/opsi/submissions/{}/decision", third.id())).await;
    assert!(waiting.contains("Number 1 on the waiting list") && !waiting.contains("govuk-panel--confirmation"));
    // Another team never reads this one's decision.
    assert_eq!(
        fr.get(&format!("/api/v1/t/opsi/submissions/{}/decision", second.id())).await.status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn staff_export_every_review_and_every_pair_of_a_round_as_csv_named_in_any_script() {
    let setup = setup().await;
    let staff = &setup.staff;
    let french = submitted_entry(&setup, "Team FR", "FR", "fr@gov.example", "=Entry A").await;
    let spanish = submitted_entry(&setup, "Team ES", "ES", "es@gov.example", "Entry B").await;
    for draft in [&french, &spanish] {
        screen_api(&setup, draft, "eligible").await;
    }
    let body = json!({
        "name": "تقييم 2024", "opens_at": "2024-02-01T09:00:00Z", "closes_at": "2099-02-15T18:00:00Z",
        "reviews_per_entry": 1, "blind": false, "conflict_same_country": false, "disagreement_at": 25
    });
    let created: serde_json::Value =
        staff.send_json(Method::POST, &api_rounds(&setup), &body).await.json().await.unwrap();
    let round = created["id"].as_str().unwrap().to_string();
    let relevance = api_criterion(&setup, &round, "Relevance").await;
    let api = format!("/api/v1/t/opsi/rounds/{round}");
    staff.send_json(Method::POST, &format!("{api}/entries"), &json!({})).await;
    let (ana, ana_browser) = person(&setup, "ana@opsi.example", "Ana Reviewer", TenantRole::Reviewer).await;
    let (lee, _) = person(&setup, "lee@opsi.example", "Lee Reviewer", TenantRole::Reviewer).await;
    // Lee belongs to the French team (a conflict read from the memberships) and staff record
    // one on the Spanish entry: Lee is never assigned, and the CSV says why for both.
    let french_organisation: uuid::Uuid = sqlx::query_scalar("select organisation_id from submissions where id = $1")
        .bind(uuid::Uuid::parse_str(french.id()).unwrap())
        .fetch_one(&setup.app.pool)
        .await
        .unwrap();
    setup.app.add_member(setup.tenant, OrganisationId(french_organisation), lee).await;
    for id in [ana, lee] {
        staff.send_json(Method::POST, &format!("{api}/reviewers"), &json!({ "user_id": id })).await;
    }
    let conflict = format!("{api}/conflicts/{}/{lee}", spanish.id());
    let set = staff.send_json(Method::PUT, &conflict, &json!({ "reason": "=Former colleague" })).await;
    assert_eq!(set.status(), StatusCode::OK);
    let assigned = staff.send_json(Method::POST, &format!("{api}/assignments/automatic"), &json!({})).await;
    assert_eq!(assigned.status(), StatusCode::OK);
    // Ana submits on the French entry and keeps a draft on the Spanish one.
    for (entry, submit, score, comment) in [(&french, true, 4, "-Strong case"), (&spanish, false, 2, "")] {
        review(&ana_browser, &api, entry, (&relevance, score, comment), submit, "For staff").await;
    }

    let download = |path: String| async move {
        let response = staff.get(&path).await;
        assert_eq!(response.status(), StatusCode::OK, "{path}");
        let disposition = response.headers()["content-disposition"].to_str().unwrap().to_string();
        let text = response.text().await.unwrap();
        (disposition, text.strip_prefix('\u{feff}').expect("a byte-order mark").to_string())
    };
    let (disposition, reviews) = download(format!("/t/opsi/rounds/{round}/reviews.csv")).await;
    assert!(
        disposition.ends_with("filename*=UTF-8''reviews-%D8%AA%D9%82%D9%8A%D9%8A%D9%85-2024.csv"),
        "the round's name in its own script: {disposition}"
    );
    let lines: Vec<&str> = reviews.lines().collect();
    assert_eq!(
        lines[0],
        "title,organisation,country,reviewer,status,recommendation,submitted_at (UTC),\
         updated_at (UTC),Relevance (score 1–5),Relevance (comment),note_to_staff"
    );
    assert!(lines[1].starts_with("'=Entry A,Team FR,FR,Ana Reviewer,submitted,support,20"), "{}", lines[1]);
    assert!(lines[1].ends_with(",4,'-Strong case,For staff"), "formulas made text: {}", lines[1]);
    assert!(lines[2].starts_with("Entry B,Team ES,ES,Ana Reviewer,draft,support,,"), "{}", lines[2]);
    assert!(lines[2].ends_with(",2,,For staff"), "{}", lines[2]);
    assert_eq!(lines.len(), 3);
    let (_, api_reviews) = download(format!("{api}/reviews/export")).await;
    assert_eq!(api_reviews, reviews, "the API serves the same file");

    let (_, pairs) = download(format!("/t/opsi/rounds/{round}/assignments.csv")).await;
    let lines: Vec<&str> = pairs.lines().collect();
    assert_eq!(
        lines[0],
        "title,organisation,country,reviewer,assigned,assigned_at (UTC),preference,conflict,conflict_reason,review"
    );
    assert!(lines[1].starts_with("'=Entry A,Team FR,FR,Ana Reviewer,automatic,20"), "{}", lines[1]);
    assert!(lines[1].ends_with(",,,,submitted"), "{}", lines[1]);
    assert_eq!(lines[2], "'=Entry A,Team FR,FR,Lee Reviewer,,,,organisation,,");
    assert!(lines[3].starts_with("Entry B,Team ES,ES,Ana Reviewer,automatic,20") && lines[3].ends_with(",,,,draft"));
    assert_eq!(lines[4], "Entry B,Team ES,ES,Lee Reviewer,,,,staff,'=Former colleague,");
    assert_eq!(lines.len(), 5);
    let (_, api_pairs) = download(format!("{api}/assignments/export")).await;
    assert_eq!(api_pairs, pairs);
    let (ranking_disposition, _) = download(format!("/t/opsi/rounds/{round}/ranking.csv")).await;
    assert!(ranking_disposition.contains("filename*=UTF-8''ranking-%D8%AA"), "{ranking_disposition}");

    // Only staff: not a reviewer of the round, not the team, not anonymously.
    for (path, signed_out) in [
        (format!("/t/opsi/rounds/{round}/reviews.csv"), StatusCode::SEE_OTHER),
        (format!("{api}/assignments/export"), StatusCode::UNAUTHORIZED),
    ] {
        assert_eq!(ana_browser.get(&path).await.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(setup.team.get(&path).await.status(), StatusCode::FORBIDDEN, "{path}");
        assert_eq!(setup.app.new_browser().get(&path).await.status(), signed_out, "{path}: to sign in");
    }
}

#[tokio::test]
async fn a_short_list_round_starts_from_the_short_list_of_the_long_list_round() {
    let setup = setup().await;
    let staff = &setup.staff;
    let entries = three_eligible_entries(&setup, |i| format!("E{i}")).await;
    let long = api_round(&setup, 1, false, false).await;
    let short = api_round(&setup, 2, false, false).await;
    let added = staff.send_json(Method::POST, &format!("/api/v1/t/opsi/rounds/{long}/entries"), &json!({})).await;
    let added: serde_json::Value = added.json().await.unwrap();
    assert_eq!(added["added"], 3);
    for entry in &entries[..2] {
        let path = format!("/api/v1/t/opsi/rounds/{long}/shortlist/{}", entry.id());
        assert_eq!(staff.send_json(Method::PUT, &path, &json!({})).await.status(), StatusCode::NO_CONTENT);
    }
    // The long list's ranked table marks its short list.
    let table: serde_json::Value =
        staff.get(&format!("/api/v1/t/opsi/rounds/{long}/ranking")).await.json().await.unwrap();
    let marked = table["items"].as_array().unwrap().iter().filter(|r| r["shortlisted"] == true).count();
    assert_eq!(marked, 2);
    // The short-list round's page offers the long list's short list, by name and size.
    let (_, page) = staff.get_html(&format!("/t/opsi/rounds/{short}/assignments")).await;
    assert!(page.contains("Add the short list of “\u{2068}Round 1 false false\u{2069}” (2)"), "{page}");
    // A round that is not another of this call's is refused, and nothing joins.
    let entries_path = format!("/t/opsi/rounds/{short}/entries");
    for bad in [short.as_str(), "8c5b4c3e-0000-4000-8000-000000000000", "not-a-round"] {
        let refused = staff.post_form(&entries_path, &[("from_round", bad)]).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
        let html = refused.text().await.unwrap();
        assert_eq!(error_summary(&html), ["Choose a round of this call with a short list, other than this one."]);
    }
    let api_bad = json!({ "from_round": short });
    let refused = staff.send_json(Method::POST, &format!("/api/v1/t/opsi/rounds/{short}/entries"), &api_bad).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let in_short = format!("select count(*) from round_entries where round_id = '{short}'");
    assert_eq!(setup.app.count(&in_short).await, 0);
    // The short list joins; the third entry stays behind.
    let taken = staff.post_form(&entries_path, &[("from_round", &long)]).await;
    assert_eq!(taken.status(), StatusCode::SEE_OTHER);
    assert_eq!(setup.app.count(&in_short).await, 2);
    let third = format!("{in_short} and submission_id = '{}'", entries[2].id());
    assert_eq!(setup.app.count(&third).await, 0);
    let audited =
        "select count(*) from audit_log where action = 'round.entries_added' and details->>'from_round' is not null";
    assert_eq!(setup.app.count(audited).await, 1);
}

#[tokio::test]
async fn someone_invited_for_one_round_accepts_with_their_confirmed_address_and_reviews_there_alone() {
    let setup = setup().await;
    let staff = &setup.staff;
    let entry = submitted_entry(&setup, "Team FR", "FR", "fr@gov.example", "Open budgets").await;
    screen_api(&setup, &entry, "eligible").await;
    let round = api_round(&setup, 1, false, false).await;
    let other = api_round(&setup, 2, false, false).await;
    let api = format!("/api/v1/t/opsi/rounds/{round}");
    staff.send_json(Method::POST, &format!("{api}/entries"), &json!({})).await;
    let invitations = format!("/t/opsi/rounds/{round}/invitations");

    // A bad address is refused by its field, and nothing is written or sent.
    let bad = staff.post_form(&invitations, &[("email", "not an address")]).await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&bad.text().await.unwrap()).len(), 1);
    assert_eq!(setup.app.count("select count(*) from round_invitations").await, 0);
    let sent = staff.post_form(&invitations, &[("email", "Expert@Elsewhere.example")]).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER);
    let (subject, body) = setup.app.last_email_to("expert@elsewhere.example").await.expect("the invitation");
    assert_eq!(subject, "Invitation to review: Round 1 false false");
    assert!(body.contains("Staff invites you") && body.contains("Call for challenges"), "{body}");
    let join = setup.app.link_in_email("expert@elsewhere.example", "/join").await;
    assert_eq!(join, format!("/t/opsi/rounds/{round}/join"));
    let again = staff.post_form(&invitations, &[("email", "expert@elsewhere.example")]).await;
    assert_eq!(again.status(), StatusCode::UNPROCESSABLE_ENTITY, "one open invitation per address");
    assert_eq!(setup.app.count("select count(*) from round_invitations").await, 1);

    // The join page tells nobody else anything: signed out it asks to sign in, without the
    // round's name; another signed-in person finds nothing there.
    let (status, page) = setup.app.new_browser().get_html(&join).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Sign in") && !page.contains("Round 1"), "{page}");
    let stranger = &setup.team;
    let (status, nothing) = stranger.get_html(&join).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(nothing.contains("There is no open invitation here for") && !nothing.contains("Round 1"), "{nothing}");
    assert_eq!(stranger.post_form(&join, &[]).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(setup.app.count("select count(*) from round_reviewers").await, 0);

    // The invited person, once their address is confirmed, accepts and reviews in that round.
    let expert = setup.app.create_user("expert@elsewhere.example", "Expert").await;
    sqlx::query("update users set email_verified_at = null where id = $1")
        .bind(expert.0)
        .execute(&setup.app.pool)
        .await
        .unwrap();
    let expert_browser = setup.app.new_browser();
    expert_browser.log_in_ok("expert@elsewhere.example").await;
    let (_, unconfirmed) = expert_browser.get_html(&join).await;
    assert!(unconfirmed.contains("Confirm your email address first"), "{unconfirmed}");
    assert_eq!(expert_browser.post_form(&join, &[]).await.status(), StatusCode::FORBIDDEN);
    sqlx::query("update users set email_verified_at = now() where id = $1")
        .bind(expert.0)
        .execute(&setup.app.pool)
        .await
        .unwrap();
    let (_, home) = expert_browser.get_html("/t/opsi").await;
    assert!(home.contains(&join), "the tenant's home page shows the invitation");
    let (status, invited) = expert_browser.get_html(&join).await;
    assert_eq!(status, StatusCode::OK);
    assert!(invited.contains("Round 1 false false") && invited.contains("Accept and review in this round"));
    let accepted = expert_browser.post_form(&join, &[]).await;
    assert_eq!(location(&accepted), "/t/opsi/reviews");
    assert_eq!(setup.app.count("select count(*) from round_reviewers where invited").await, 1);
    assert_eq!(setup.app.count("select count(*) from round_invitations where accepted_at is not null").await, 1);
    assert_eq!(expert_browser.post_form(&join, &[]).await.status(), StatusCode::NOT_FOUND, "accepted once");
    let (_, assignments) = staff.get_html(&format!("/t/opsi/rounds/{round}/assignments")).await;
    assert!(assignments.contains("Invited for this round"));
    let mine: serde_json::Value = expert_browser.get("/api/v1/t/opsi/me/rounds").await.json().await.unwrap();
    let names: Vec<&str> = mine.as_array().unwrap().iter().map(|r| r["round"]["name"].as_str().unwrap_or("")).collect();
    assert_eq!(mine.as_array().unwrap().len(), 1, "{mine}");
    assert!(names.iter().all(|n| *n != "Round 2 false false"), "{mine}");
    let assigned = staff
        .send_json(
            Method::POST,
            &format!("{api}/assignments"),
            &json!({ "submission_id": entry.id(), "user_id": expert }),
        )
        .await;
    assert_eq!(assigned.status(), StatusCode::CREATED);
    let review = format!("{api}/reviews/{}", entry.id());
    assert_eq!(expert_browser.get(&review).await.status(), StatusCode::OK);

    // Their invitation is for this round alone: no other round takes them, none shows them.
    let other_api = format!("/api/v1/t/opsi/rounds/{other}");
    let refused = staff.send_json(Method::POST, &format!("{other_api}/reviewers"), &json!({ "user_id": expert })).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(expert_browser.get(&format!("{other_api}/assigned")).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        expert_browser.get(&format!("/t/opsi/rounds/{other}/preferences")).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(expert_browser.get(&format!("{api}/ranking")).await.status(), StatusCode::FORBIDDEN);
    let reinvite = staff
        .send_json(Method::POST, &format!("{api}/invitations"), &json!({ "email": "expert@elsewhere.example" }))
        .await;
    assert_eq!(reinvite.status(), StatusCode::UNPROCESSABLE_ENTITY, "a reviewer of the round already");

    // Staff list and withdraw open invitations; a closed round invites nobody.
    let created = staff
        .send_json(Method::POST, &format!("{api}/invitations"), &json!({ "email": "late@elsewhere.example" }))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let id = created.json::<serde_json::Value>().await.unwrap()["id"].as_str().unwrap().to_string();
    let open: serde_json::Value = staff.get(&format!("{api}/invitations")).await.json().await.unwrap();
    assert_eq!(open.as_array().unwrap().len(), 1);
    assert_eq!(open[0]["email"], "late@elsewhere.example");
    let withdraw = format!("{api}/invitations/{id}");
    assert_eq!(staff.send_json(Method::DELETE, &withdraw, &json!({})).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(staff.send_json(Method::DELETE, &withdraw, &json!({})).await.status(), StatusCode::NOT_FOUND);
    sqlx::query("update review_rounds set closes_at = now() - interval '1 day', opens_at = now() - interval '2 days'")
        .execute(&setup.app.pool)
        .await
        .unwrap();
    let closed = staff
        .send_json(Method::POST, &format!("{api}/invitations"), &json!({ "email": "new@elsewhere.example" }))
        .await;
    assert_eq!(closed.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let (_, closed_page) = staff.get_html(&format!("/t/opsi/rounds/{round}/assignments")).await;
    assert!(!closed_page.contains("Send the invitation") && closed_page.contains("The round has closed"));
    // Only staff invite.
    assert_eq!(
        expert_browser
            .send_json(Method::POST, &format!("{api}/invitations"), &json!({ "email": "x@y.example" }))
            .await
            .status(),
        StatusCode::FORBIDDEN
    );
}

#[tokio::test]
async fn staff_who_review_with_a_conflict_never_read_that_entrys_scores_and_other_staff_do() {
    let setup = setup().await;
    let staff = &setup.staff;
    let conflicted = submitted_entry(&setup, "Team FR", "FR", "fr@gov.example", "Conflicted entry").await;
    let clear = submitted_entry(&setup, "Team ES", "ES", "es@gov.example", "Clear entry").await;
    for draft in [&conflicted, &clear] {
        screen_api(&setup, draft, "eligible").await;
    }
    let round = api_round(&setup, 1, false, false).await;
    let relevance = api_criterion(&setup, &round, "Relevance").await;
    let api = format!("/api/v1/t/opsi/rounds/{round}");
    staff.send_json(Method::POST, &format!("{api}/entries"), &json!({})).await;
    let staff_id: UserId = sqlx::query_scalar("select id from users where email = 'staff@opsi.example'")
        .fetch_one(&setup.app.pool)
        .await
        .map(UserId)
        .unwrap();
    let (ana, ana_browser) = person(&setup, "ana@opsi.example", "Ana Reviewer", TenantRole::Reviewer).await;
    let (_, other_staff) = person(&setup, "staff2@opsi.example", "Staff Two", TenantRole::Staff).await;
    for id in [ana, staff_id] {
        staff.send_json(Method::POST, &format!("{api}/reviewers"), &json!({ "user_id": id })).await;
    }
    let conflict = format!("{api}/conflicts/{}/{staff_id}", conflicted.id());
    assert_eq!(
        staff.send_json(Method::PUT, &conflict, &json!({ "reason": "My former team" })).await.status(),
        StatusCode::OK
    );
    for entry in [&conflicted, &clear] {
        let assign = json!({ "submission_id": entry.id(), "user_id": ana });
        staff.send_json(Method::POST, &format!("{api}/assignments"), &assign).await;
        review(&ana_browser, &api, entry, (&relevance, 4, "Scored by Ana"), true, "").await;
    }

    // The conflicted staff member's table, downloads, results and discussion leave the entry out.
    let table: serde_json::Value = staff.get(&format!("{api}/ranking")).await.json().await.unwrap();
    let titles: Vec<&str> = table["items"].as_array().unwrap().iter().map(|r| r["title"].as_str().unwrap()).collect();
    assert_eq!((titles, table["hidden"].as_u64()), (vec!["Clear entry"], Some(1)));
    let (_, page) = staff.get_html(&format!("/t/opsi/rounds/{round}/ranking")).await;
    assert!(page.contains("you have a conflict of interest") && !page.contains("Conflicted entry"));
    for csv in ["ranking.csv", "reviews.csv"] {
        let text = staff.get(&format!("/t/opsi/rounds/{round}/{csv}")).await.text().await.unwrap();
        assert!(text.contains("Clear entry") && !text.contains("Conflicted entry"), "{csv}: {text}");
    }
    let results = format!("{api}/results/{}", conflicted.id());
    assert_eq!(staff.get(&results).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(
        staff.get(&format!("/t/opsi/rounds/{round}/results/{}", conflicted.id())).await.status(),
        StatusCode::FORBIDDEN
    );
    let comments = format!("{api}/entries/{}/comments", conflicted.id());
    assert_eq!(staff.get(&comments).await.status(), StatusCode::FORBIDDEN);
    let posted = staff.send_json(Method::POST, &comments, &json!({ "body": "Let me weigh in" })).await;
    assert_eq!(posted.status(), StatusCode::FORBIDDEN);
    assert_eq!(setup.app.count("select count(*) from round_comments").await, 0);
    assert_eq!(staff.get(&format!("{api}/results/{}", clear.id())).await.status(), StatusCode::OK);

    // Staff who do not review in the round read everything.
    let table: serde_json::Value = other_staff.get(&format!("{api}/ranking")).await.json().await.unwrap();
    assert_eq!((table["items"].as_array().unwrap().len(), table["hidden"].as_u64()), (2, Some(0)));
    let results: serde_json::Value = other_staff.get(&results).await.json().await.unwrap();
    assert_eq!(results["reviews"][0]["scores"][0]["comment"], "Scored by Ana");
}

#[tokio::test]
async fn a_conflict_found_after_a_review_was_submitted_sets_it_aside_and_clearing_it_counts_it_again() {
    let setup = setup().await;
    let staff = &setup.staff;
    let entry = submitted_entry(&setup, "Team FR", "FR", "fr@gov.example", "Open budgets").await;
    screen_api(&setup, &entry, "eligible").await;
    let round = api_round(&setup, 1, false, false).await;
    let relevance = api_criterion(&setup, &round, "Relevance").await;
    let api = format!("/api/v1/t/opsi/rounds/{round}");
    staff.send_json(Method::POST, &format!("{api}/entries"), &json!({})).await;
    let (ana, ana_browser) = person(&setup, "ana@opsi.example", "Ana Reviewer", TenantRole::Reviewer).await;
    staff.send_json(Method::POST, &format!("{api}/reviewers"), &json!({ "user_id": ana })).await;
    staff
        .send_json(Method::POST, &format!("{api}/assignments"), &json!({ "submission_id": entry.id(), "user_id": ana }))
        .await;
    review(&ana_browser, &api, &entry, (&relevance, 4, "Strong"), true, "").await;
    let review = format!("{api}/reviews/{}", entry.id());
    let counted = || async {
        let table: serde_json::Value = staff.get(&format!("{api}/ranking")).await.json().await.unwrap();
        (table["items"][0]["reviews"].as_i64(), table["items"][0]["total"].as_f64())
    };
    assert_eq!(counted().await, (Some(1), Some(75.0)));

    // Staff learn of the conflict afterwards: recorded, the review is set aside, not lost.
    let conflict = format!("{api}/conflicts/{}/{ana}", entry.id());
    let set = staff.send_json(Method::PUT, &conflict, &json!({ "reason": "Advised this team" })).await;
    assert_eq!(set.status(), StatusCode::OK);
    assert_eq!(counted().await, (Some(0), None), "out of the results");
    let results: serde_json::Value = staff.get(&format!("{api}/results/{}", entry.id())).await.json().await.unwrap();
    assert_eq!(results["reviews"][0]["status"], "set_aside");
    assert_eq!(results["reviews"][0]["scores"][0]["comment"], "Strong", "kept on record");
    let (_, page) = staff.get_html(&format!("/t/opsi/rounds/{round}/results/{}", entry.id())).await;
    assert!(page.contains("Set aside: conflict of interest"));
    let csv = staff.get(&format!("/t/opsi/rounds/{round}/reviews.csv")).await.text().await.unwrap();
    assert!(csv.contains(",set_aside,"), "{csv}");
    assert_eq!(ana_browser.get(&review).await.status(), StatusCode::FORBIDDEN, "conflicted now");
    let set_aside = "select count(*) from audit_log where action = 'review.set_aside'";
    assert_eq!(setup.app.count(set_aside).await, 1);
    // The entry keeps its review on record, so it cannot leave the round.
    let removed = staff.send_json(Method::DELETE, &format!("{api}/entries/{}", entry.id()), &json!({})).await;
    assert_eq!(removed.status(), StatusCode::CONFLICT);

    // Cleared by mistake's remedy: the review counts again.
    assert_eq!(staff.send_json(Method::DELETE, &conflict, &json!({})).await.status(), StatusCode::NO_CONTENT);
    assert_eq!(counted().await, (Some(1), Some(75.0)));
}

#[tokio::test]
async fn waitlisted_entries_always_have_a_place_in_the_order_they_were_decided() {
    let setup = setup().await;
    let staff = &setup.staff;
    let first = submitted_entry(&setup, "Team FR", "FR", "fr@gov.example", "Open budgets").await;
    let second = submitted_entry(&setup, "Team ES", "ES", "es@gov.example", "Shared data").await;
    let third = submitted_entry(&setup, "Team IT", "IT", "it@gov.example", "AI projects").await;
    let decisions = format!("{}/decisions", setup.call.path());
    let bulk = staff
        .post_form(
            &decisions,
            &[("entry", first.id()), ("entry", second.id()), ("outcome", "waitlisted"), ("rationale", "Next in line")],
        )
        .await;
    assert_eq!(bulk.status(), StatusCode::SEE_OTHER);
    let page = format!("/t/opsi/submissions/{}/decision", third.id());
    let form = [
        ("version", "0"),
        ("outcome", "waitlisted"),
        ("rationale", "Also good"),
        ("round", ""),
        ("waitlist_position", ""),
    ];
    assert_eq!(staff.post_form(&page, &form).await.status(), StatusCode::SEE_OTHER);
    let places: Vec<(String, Option<i32>)> = sqlx::query_as(
        "select s.title, d.waitlist_position from decisions d join submissions s on s.id = d.submission_id order by 2",
    )
    .fetch_all(&setup.app.pool)
    .await
    .unwrap();
    let expected = [("Open budgets", Some(1)), ("Shared data", Some(2)), ("AI projects", Some(3))];
    assert_eq!(places, expected.map(|(t, p)| (t.to_string(), p)).to_vec());
    // Deciding it again keeps its place.
    let again = [
        ("version", "1"),
        ("outcome", "waitlisted"),
        ("rationale", "Still good"),
        ("round", ""),
        ("waitlist_position", ""),
    ];
    assert_eq!(staff.post_form(&page, &again).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(setup.app.count("select count(*) from decisions where waitlist_position = 3").await, 1);
    assert_eq!(staff.post_form(&format!("{decisions}/release"), &[]).await.status(), StatusCode::SEE_OTHER);
    let (_, body) = setup.app.last_email_to("es@gov.example").await.unwrap();
    assert!(body.contains("at number 2"), "{body}");
}
