//! What people hit in the forms and pages (issue 12): forms that lose work or mislead, and pages
//! that read wrong. Each test holds the right value that today's code got wrong before.

use reqwest::StatusCode;
use sweetspot::tenancy::domain::TenantRole;

use crate::actors::Team;
use crate::helpers::{FormPage, location};
use crate::submissions::{fill, setup, start};

/// The elements of `html` whose own text contains `text`, each with whether it is isolated for
/// right-to-left text: inside a `<bdi>`, or under an element with `dir` set.
fn isolation_of(html: &str, text: &str) -> Vec<(String, bool)> {
    let document = scraper::Html::parse_document(html);
    let mut found = Vec::new();
    for node in document.tree.nodes() {
        let scraper::Node::Text(own) = node.value() else { continue };
        if !own.contains(text) {
            continue;
        }
        let isolated = node
            .ancestors()
            .any(|a| a.value().as_element().is_some_and(|e| e.name() == "bdi" || e.attr("dir").is_some()));
        let parent = node.parent().and_then(|p| p.value().as_element().map(|e| e.name().to_string()));
        // The page's <title> is text without layout.
        if parent.as_deref() != Some("title") {
            found.push((parent.unwrap_or_default(), isolated));
        }
    }
    found
}

#[tokio::test]
async fn withdrawing_asks_first_and_a_withdrawn_entry_reopens_while_the_call_is_open() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    setup.team.submit(&draft).await;
    // The submission's page has no one-click withdrawal: only a link to a page that asks.
    let (_, page) = setup.team.get_html(&draft.path).await;
    assert!(FormPage::of(&page, &format!("{}/withdraw", draft.path)).is_none(), "no withdraw button on the page");
    let (status, confirm) = setup.team.get_html(&format!("{}/withdraw", draft.path)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(confirm.contains("Are you sure you want to withdraw this submission?"));
    assert!(confirm.contains("No, keep it submitted"));
    assert_eq!(setup.team.try_withdraw(&draft).await.status(), StatusCode::SEE_OTHER);
    // The history says what that version did (it said "Nothing changed in the answers").
    let version: i64 = setup.app.count("select max(version)::bigint from submission_versions").await;
    let (_, moved) = setup.team.get_html(&format!("{}/{version}", draft.history())).await;
    assert!(moved.contains("Submitted → Withdrawn"), "{moved}");

    // Withdrawn: the page offers to reopen it as a draft, which keeps every answer.
    let reopened = setup.team.open_form(&draft.path, "/reopen").await.send(&setup.team, &[]).await;
    assert_eq!(reopened.status(), StatusCode::SEE_OTHER);
    let state: (String, bool, bool) = sqlx::query_as(
        "select status, submitted_at is null, withdrawn_at is null from submissions where id = $1::uuid",
    )
    .bind(draft.id())
    .fetch_one(&setup.app.pool)
    .await
    .unwrap();
    assert_eq!(state, ("draft".into(), true, true), "a draft again, neither submitted nor withdrawn");
    let (_, review) = setup.team.get_html(&draft.review()).await;
    assert!(review.contains("Black people in urban peripheries"), "the answers are kept");
    setup.team.submit(&draft).await;

    // Once the call has closed, a withdrawn entry stays withdrawn.
    assert_eq!(setup.team.try_withdraw(&draft).await.status(), StatusCode::SEE_OTHER);
    let version = setup.team.open_form(&draft.path, "/reopen").await.value("version").unwrap().to_string();
    sqlx::query("update calls set closes_at = now() - interval '1 minute'").execute(&setup.app.pool).await.unwrap();
    let late = setup.team.post_form(&format!("{}/reopen", draft.path), &[("version", &version)]).await;
    assert_eq!(late.status(), StatusCode::CONFLICT);
    let (_, closed) = setup.team.get_html(&draft.path).await;
    assert!(FormPage::of(&closed, &format!("{}/reopen", draft.path)).is_none(), "no reopening once closed");
}

#[tokio::test]
async fn the_api_reopens_a_withdrawn_submission_as_its_page_does() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    setup.team.submit(&draft).await;
    setup.team.try_withdraw(&draft).await;
    let token = setup.team.create_api_token().await;
    let path = format!("/api/v1/t/opsi/submissions/{}", draft.id());
    let detail: serde_json::Value =
        setup.app.bearer(reqwest::Method::GET, &path, &token, None).await.json().await.unwrap();
    let version = detail["version"].clone();
    let body = serde_json::json!({ "version": version });
    let reopened = setup.app.bearer(reqwest::Method::POST, &format!("{path}/reopen"), &token, Some(&body)).await;
    assert_eq!(reopened.status(), StatusCode::OK);
    let reopened: serde_json::Value = reopened.json().await.unwrap();
    assert_eq!(reopened["status"], "draft");
    // Twice is a conflict: it is not withdrawn any more.
    let body = serde_json::json!({ "version": reopened["version"] });
    let again = setup.app.bearer(reqwest::Method::POST, &format!("{path}/reopen"), &token, Some(&body)).await;
    assert_eq!(again.status(), StatusCode::CONFLICT);
}

#[tokio::test]
async fn an_answer_over_its_word_limit_is_kept_and_its_field_says_why_at_once() {
    let setup = setup().await;
    let draft = start(&setup).await;
    let (part, field) = setup.team.find_question(&setup.call, "Who is affected?").await;
    let twelve = "one two three four five six seven eight nine ten eleven twelve";
    let saved = setup.team.try_answer(&draft, "Who is affected?", twelve).await;
    // Saved (nothing typed is lost), then back to the part rather than the task list.
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&saved), draft.part(part));
    let (status, page) = setup.team.get_html(&draft.part(part)).await;
    assert_eq!(status, StatusCode::OK);
    assert!(page.contains(twelve), "the answer was saved");
    assert!(page.contains(&format!("id=\"{field}-error\"")), "the field shows its error");
    assert!(page.contains(&format!("{field}-error\"")) && page.contains("aria-describedby=\""));
    assert!(page.contains("some need changing before you can submit"), "the notice says why it came back");
    // The word count is the design system's character count, live with JavaScript.
    assert!(page.contains("data-maxwords=\"10\""));
    assert!(page.contains("(it has 12)"), "the error counts the words");
}

#[tokio::test]
async fn every_link_of_check_your_answers_lands_on_a_field_showing_its_error() {
    let setup = setup().await;
    let draft = start(&setup).await;
    setup.team.write_about(&draft, "Equitable participation", "A summary.").await;
    setup.team.answer(&draft, "Who is affected?", "Residents").await;
    // "Team size" is required and unanswered: submitting lists it, linked to its field.
    let refused = setup.team.try_submit(&draft).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    let document = scraper::Html::parse_document(&page);
    let links: Vec<String> = document
        .select(&scraper::Selector::parse(".govuk-error-summary__list a").unwrap())
        .map(|a| a.value().attr("href").unwrap().to_string())
        .collect();
    assert!(!links.is_empty());
    for link in links {
        let (path, fragment) = link.split_once('#').expect("a link to a field");
        let (status, part) = setup.team.get_html(path).await;
        assert_eq!(status, StatusCode::OK, "{link}");
        assert!(part.contains(&format!("id=\"{fragment}-error\"")), "{link} shows the error at the field");
        assert!(part.contains("govuk-form-group--error"), "{link} marks the field");
    }
}

#[tokio::test]
async fn a_call_offers_a_team_its_draft_rather_than_another_start() {
    let setup = setup().await;
    let (_, before) = setup.team.get_html(&setup.call.path()).await;
    assert!(before.contains(&format!("href=\"{}\"", setup.call.apply_path())), "a team without a draft starts one");
    assert!(!before.contains("Continue your application"));
    let draft = start(&setup).await;
    let (_, page) = setup.team.get_html(&setup.call.path()).await;
    assert!(page.contains("Continue your application"));
    assert!(page.contains(&format!("href=\"{}\"", draft.path)), "the call links to the draft");
    assert!(page.contains("Digital Lab"), "each entry is named with its organisation");
    // With two drafts, both are listed and none is picked for the team.
    let second = start(&setup).await;
    let (_, page) = setup.team.get_html(&setup.call.path()).await;
    assert!(!page.contains("Continue your application"));
    assert!(page.contains(&format!("href=\"{}\"", second.path)) && page.contains(&format!("href=\"{}\"", draft.path)));
}

#[tokio::test]
async fn signing_up_from_a_call_comes_back_to_the_call_once_confirmed() {
    let setup = setup().await;
    let visitor = setup.app.new_browser();
    let (_, call) = visitor.get_html(&setup.call.path()).await;
    let call_path = setup.call.path();
    let signup_link =
        format!("/signup?next={}", url::form_urlencoded::byte_serialize(call_path.as_bytes()).collect::<String>());
    assert!(call.contains(&format!("href=\"{signup_link}\"")), "the call offers an account that comes back");
    let form = FormPage::of(&visitor.get_html(&signup_link).await.1, "/signup").expect("the sign-up form");
    assert_eq!(form.value("next"), Some(call_path.as_str()));
    let done = form
        .send(
            &visitor,
            &[("display_name", "Lea"), ("email", "lea@gov.example"), ("password", "a long enough passphrase 42")],
        )
        .await;
    assert_eq!(done.status(), StatusCode::OK);
    let link = visitor.link_in_email("lea@gov.example", "/verify-email/").await;
    assert!(link.contains("next="), "the confirmation link carries the way back: {link}");
    // Signed out: confirmed, then "sign in to continue" leads back to the call.
    let (status, confirmed) = visitor.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    let login =
        format!("/login?next={}", url::form_urlencoded::byte_serialize(call_path.as_bytes()).collect::<String>());
    assert!(confirmed.contains(&format!("href=\"{login}\"")), "sign in, then the call");
    let signed_in = FormPage::of(&visitor.get_html(&login).await.1, "/login")
        .unwrap()
        .send(&visitor, &[("email", "lea@gov.example"), ("password", "a long enough passphrase 42")])
        .await;
    assert_eq!(location(&signed_in), call_path);
}

#[tokio::test]
async fn confirming_while_signed_in_reads_as_done_and_an_old_link_never_asks_to_sign_in() {
    let setup = setup().await;
    let lea = setup.app.new_browser();
    lea.sign_up("Lea", "lea@gov.example", "a long enough passphrase 42").await;
    lea.log_in("lea@gov.example", "a long enough passphrase 42").await;
    let link = lea.link_in_email("lea@gov.example", "/verify-email/").await;
    let confirmed = lea.get(&link).await;
    // The page after is read afresh: no banner asks to confirm what was just confirmed.
    assert_eq!(confirmed.status(), StatusCode::SEE_OTHER);
    let (_, next) = lea.get_html(&location(&confirmed)).await;
    assert!(next.contains("Your email address is confirmed"));
    assert!(!next.contains("Confirm your email address to register"), "no banner asking to confirm");
    let again = lea.get(&link).await;
    assert_eq!(again.status(), StatusCode::SEE_OTHER);
    let (_, page) = lea.get_html(&location(&again)).await;
    assert!(page.contains("was already confirmed"));
    assert!(!page.contains("Sign in and ask for a new one"));
}

#[tokio::test]
async fn an_error_page_shows_a_signed_in_person_their_own_menu() {
    let setup = setup().await;
    for path in ["/t/opsi/submissions/00000000-0000-0000-0000-000000000000", "/t/opsi/no-such-page", "/no-such-page"] {
        let (status, page) = setup.team.get_html(path).await;
        assert_eq!(status, StatusCode::NOT_FOUND, "{path}");
        assert!(page.contains("Sign out"), "{path} shows the signed-in menu");
        assert!(!page.contains(">Sign in<"), "{path} does not offer to sign in");
    }
    let (_, page) = setup.team.get_html("/t/opsi/admin/people").await;
    assert!(page.contains("Sign out"), "a refusal (403) too");
}

#[tokio::test]
async fn an_error_page_leads_back_to_the_page_of_this_site_the_person_came_from() {
    let setup = setup().await;
    let from = setup.team.url("/t/opsi");
    let page_of = |referer: String| {
        let client = setup.team.client.clone();
        let url = setup.team.url("/t/opsi/no-such-page");
        async move { client.get(url).header("referer", referer).send().await.unwrap().text().await.unwrap() }
    };
    let here = page_of(from).await;
    assert!(here.contains(r#"href="/t/opsi">Go back to the page you were on"#), "{here}");
    let elsewhere = page_of("https://elsewhere.example/t/opsi".to_string()).await;
    assert!(!elsewhere.contains("Go back to the page you were on"), "never to another site");
}

#[tokio::test]
async fn a_form_never_puts_its_csrf_token_in_the_address() {
    let setup = setup().await;
    let file = crate::actors::NewQuestion::new("Documents", "A document", "file");
    setup.staff.add_question(&setup.call, file).await;
    let draft = start(&setup).await;
    let (part, field) = setup.team.find_question(&setup.call, "A document").await;
    let (_, page) = setup.team.get_html(&draft.part(part)).await;
    assert!(!page.contains("csrf_token="), "the multipart form's address holds no token");
    let form = setup.team.open(&draft.part(part)).await;
    assert!(form.multipart);
    // The token is the form's first field; in the query string it no longer counts.
    let token = setup.team.csrf_token().await;
    let body = reqwest::multipart::Form::new().text("version", form.value("version").unwrap().to_string());
    let in_query = setup
        .team
        .client
        .post(setup.team.url(&form.action))
        .query(&[("csrf_token", token.as_str())])
        .multipart(body)
        .send()
        .await
        .unwrap();
    assert_eq!(in_query.status(), StatusCode::FORBIDDEN);
    let pdf = b"%PDF-1.4 a test document".to_vec();
    let sent = form.send_files(&setup.team, &[], &[(field.as_str(), "plan.pdf", "application/pdf", pdf)]).await;
    assert_eq!(sent.status(), StatusCode::SEE_OTHER, "the token as the first field is accepted");
}

#[tokio::test]
async fn a_filtered_list_counts_what_it_shows_pages_back_and_is_a_way_back_from_an_entry() {
    let setup = setup().await;
    for _ in 0..3 {
        let draft = start(&setup).await;
        fill(&setup, &draft).await;
    }
    let list = setup.call.list_path();
    let (_, filtered) = setup.staff.get_html(&format!("{list}?status=withdrawn")).await;
    assert!(filtered.contains("Matching these filters: 0"), "the count follows the filter");
    assert!(filtered.contains("Without filters, 3 in total"));
    let (_, all) = setup.staff.get_html(&format!("{list}?status=draft&q=Equitable")).await;
    assert!(all.contains("Matching these filters: 3"));
    // An unknown value is shown at its field, in the list's own form (it was an error page).
    let (status, unknown) = setup.staff.get_html(&format!("{list}?country=F&status=draft")).await;
    assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unknown.contains("id=\"country-error\""), "the error at the field");
    assert!(unknown.contains("role=\"search\""), "the filters are there to fix it");
    // The filter form has an address (HTML forbids an empty action).
    assert!(!all.contains("action=\"\""));
    // Each entry links with the list's address, and its page leads back there.
    let document = scraper::Html::parse_document(&all);
    let href = document
        .select(&scraper::Selector::parse("tbody a").unwrap())
        .next()
        .and_then(|a| a.value().attr("href"))
        .unwrap()
        .to_string();
    assert!(href.contains("back="), "{href}");
    let (_, entry) = setup.staff.get_html(&href).await;
    assert!(entry.contains("Back to the list of submissions"));
    assert!(entry.contains("status=draft&#38;q=Equitable"), "the way back keeps the filters");
    // A way back to anywhere else is not offered.
    let (_, elsewhere) =
        setup.staff.get_html(&format!("{}?back=https://evil.example/", href.split('?').next().unwrap())).await;
    assert!(!elsewhere.contains("evil.example"));
}

#[tokio::test]
async fn a_second_page_links_back_to_the_first() {
    let setup = setup().await;
    // 51 entries: a second page of one.
    let pool = &setup.app.pool;
    let draft = start(&setup).await;
    sqlx::query(
        "insert into submissions (tenant_id, id, call_id, organisation_id, status, created_at)
         select tenant_id, gen_random_uuid(), call_id, organisation_id, 'draft', now() - make_interval(secs => n)
         from submissions, generate_series(1, 50) n where id = $1::uuid",
    )
    .bind(draft.id())
    .execute(pool)
    .await
    .unwrap();
    let list = setup.call.list_path();
    let (_, first) = setup.staff.get_html(&format!("{list}?status=draft")).await;
    assert!(!first.contains("rel=\"prev\""));
    let document = scraper::Html::parse_document(&first);
    let next = document
        .select(&scraper::Selector::parse("a[rel=next]").unwrap())
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("a next page")
        .to_string();
    let (_, second) = setup.staff.get_html(&format!("{list}{next}")).await;
    let document = scraper::Html::parse_document(&second);
    let previous = document
        .select(&scraper::Selector::parse("a[rel=prev]").unwrap())
        .next()
        .and_then(|a| a.value().attr("href"))
        .expect("page 2 has Previous")
        .to_string();
    assert_eq!(previous, "?status=draft", "back to the first page, with the same filter");
    assert!(second.contains("Page 2"));
    // Filtered by status alone, the count is exact (from the counters), whatever the page.
    assert!(second.contains("Matching these filters: 51"), "exact count");
    // Filtered otherwise, a page that is not the last says how many at least, without counting
    // the whole call; the last page says exactly.
    let (_, by_country) = setup.staff.get_html(&format!("{list}?country=BR")).await;
    assert!(by_country.contains("Matching these filters: more than 50"), "a lower bound on page 1");
}

#[tokio::test]
async fn each_role_lands_on_a_page_that_says_what_it_does_here() {
    let setup = setup().await;
    for (role, email, says) in [
        (TenantRole::Reviewer, "rev@opsi.example", "You review the entries of selection rounds"),
        (TenantRole::Advisor, "adv@opsi.example", "You sit on the advisory board"),
    ] {
        let user = setup.app.create_user(email, "Expert").await;
        setup.app.grant(setup.tenant, user, role).await;
        let browser = setup.app.new_browser();
        browser.log_in_ok(email).await;
        let (_, home) = browser.get_html("/t/opsi").await;
        assert!(home.contains(says), "{role:?}");
        let document = scraper::Html::parse_document(&home);
        let buttons: Vec<String> = document
            .select(&scraper::Selector::parse(".govuk-button").unwrap())
            .map(|b| b.text().collect::<String>())
            .collect();
        assert!(!buttons.iter().any(|b| b.contains("Register an organisation")), "{role:?}: {buttons:?}");
    }
}

#[tokio::test]
async fn the_themes_a_team_picked_show_on_check_your_answers_on_the_entry_and_in_its_history() {
    let setup = setup().await;
    setup.staff.add_theme("opsi", "Digital inclusion").await;
    setup.staff.add_theme("opsi", "Open data").await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    let about = setup.team.open(&draft.part(0)).await;
    let (_, html) = setup.team.get_html(&draft.part(0)).await;
    let theme_id = |name: &str| {
        let document = scraper::Html::parse_document(&html);
        let label = document
            .select(&scraper::Selector::parse("label.govuk-checkboxes__label").unwrap())
            .find(|l| l.text().collect::<String>().contains(name))
            .expect("the theme's box");
        let input = label.value().attr("for").unwrap().to_string();
        let selector = scraper::Selector::parse(&format!("input[id='{input}']")).unwrap();
        document.select(&selector).next().unwrap().value().attr("value").unwrap().to_string()
    };
    let inclusion = theme_id("Digital inclusion");
    let saved = about.send(&setup.team, &[("themes", inclusion.as_str())]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let (_, review) = setup.team.get_html(&draft.review()).await;
    assert!(review.contains("Digital inclusion"), "check your answers names the theme");
    setup.team.submit(&draft).await;
    let (_, entry) = setup.staff.get_html(&draft.path).await;
    assert!(entry.contains("Digital inclusion"), "the entry's page names the theme");
    // The history names the themes added and removed.
    let open_data = theme_id("Open data");
    setup.team.open(&draft.part(0)).await.send(&setup.team, &[("themes", open_data.as_str())]).await;
    let version: i64 = setup.app.count("select max(version)::bigint from submission_versions").await;
    let (_, diff) = setup.team.get_html(&format!("{}/{version}", draft.history())).await;
    assert!(diff.contains("added: </span>Open data</ins>"), "{diff}");
    assert!(diff.contains("removed: </span>Digital inclusion</del>"), "{diff}");
}

#[tokio::test]
async fn an_archived_theme_a_team_chose_survives_its_next_save() {
    let setup = setup().await;
    setup.staff.add_theme("opsi", "Old theme").await;
    let draft = start(&setup).await;
    let theme: String = sqlx::query_scalar("select id::text from themes where name = 'Old theme'")
        .fetch_one(&setup.app.pool)
        .await
        .unwrap();
    let about = setup.team.open(&draft.part(0)).await;
    about.send(&setup.team, &[("title", "T"), ("themes", theme.as_str())]).await;
    sqlx::query("update themes set archived_at = now()").execute(&setup.app.pool).await.unwrap();
    // The form still shows it, ticked: saving keeps it.
    let (_, page) = setup.team.get_html(&draft.part(0)).await;
    assert!(page.contains("Old theme") && page.contains("(Archived)"));
    let saved = setup.team.open(&draft.part(0)).await.send(&setup.team, &[("title", "T2")]).await;
    assert_eq!(saved.status(), StatusCode::SEE_OTHER);
    let kept = setup.app.count("select count(*) from submission_themes").await;
    assert_eq!(kept, 1, "the archived theme was kept");
}

#[tokio::test]
async fn a_teams_list_shows_which_of_its_entries_were_selected() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    setup.team.submit(&draft).await;
    setup.staff.select_and_release(&draft).await;
    let (_, home) = setup.team.get_html("/t/opsi").await;
    let document = scraper::Html::parse_document(&home);
    let row = document
        .select(&scraper::Selector::parse("tbody tr").unwrap())
        .next()
        .map(|r| r.text().collect::<String>())
        .unwrap();
    assert!(row.contains("Selected"), "{row}");
}

#[tokio::test]
async fn right_to_left_text_is_isolated_wherever_it_shows() {
    let setup = setup().await;
    let draft = start(&setup).await;
    let title = "مدينة ذكية للجميع 2030!";
    setup.team.write_about(&draft, title, "ملخص قصير").await;
    let pages = [draft.path.clone(), draft.review(), draft.history(), "/t/opsi".to_string()];
    for page in pages {
        let (_, html) = setup.team.get_html(&page).await;
        let places = isolation_of(&html, title);
        assert!(!places.is_empty(), "{page} shows the title");
        assert!(places.iter().all(|(_, isolated)| *isolated), "{page}: {places:?}");
    }
    let (_, list) = setup.staff.get_html(&setup.call.list_path()).await;
    let places = isolation_of(&list, title);
    assert!(!places.is_empty() && places.iter().all(|(_, isolated)| *isolated), "the staff list: {places:?}");
    // Where it is typed, the field follows the text's direction too.
    let (_, part) = setup.team.get_html(&draft.part(0)).await;
    assert!(part.contains("id=\"title\" name=\"title\" type=\"text\"") && part.contains("dir=\"auto\""));
}

#[tokio::test]
async fn a_deadline_email_is_written_in_each_recipients_own_zone() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    sqlx::query("update users set time_zone = 'Asia/Tokyo' where email = 'ana@gov.example'")
        .execute(&setup.app.pool)
        .await
        .unwrap();
    let extended =
        setup.staff.post_form(&format!("{}/extend", setup.call.path()), &[("closes_at", "2099-06-30T23:59")]).await;
    assert_eq!(extended.status(), StatusCode::SEE_OTHER);
    let (_, body) = setup.app.last_email_to("ana@gov.example").await.expect("the applicant is told");
    // The programme's zone is UTC: 23:59 there is 08:59 the next day in Tokyo.
    assert!(body.contains("1 July 2099, 08:59 JST"), "{body}");
}

#[tokio::test]
async fn the_audit_log_reads_as_sentences_naming_what_changed() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    setup.team.submit(&draft).await;
    setup.team.try_withdraw(&draft).await;
    let admin = setup.app.create_user("admin@opsi.example", "Admin").await;
    setup.app.grant(setup.tenant, admin, TenantRole::Admin).await;
    let browser = setup.app.new_browser();
    browser.log_in_ok("admin@opsi.example").await;
    let (_, audit) = browser.get_html("/t/opsi/admin/audit").await;
    assert!(audit.contains("Withdrew a submission"), "the action as a sentence");
    assert!(!audit.contains("submission.withdrawn"), "no raw code");
    assert!(audit.contains("Equitable digital participation"), "the submission is named");
    assert!(!audit.contains("{}"), "no raw JSON");
}

#[tokio::test]
async fn countries_sort_as_the_reader_reads_and_zones_are_grouped_and_labelled() {
    let setup = setup().await;
    let (_, form) = setup.team.get_html("/t/opsi/organisations/new").await;
    let at = |name: &str| form.find(name).unwrap_or_else(|| panic!("{name} is offered"));
    assert!(at("Åland Islands") < at("Albania"), "Åland with the A's");
    assert!(at("Réunion") < at("Rwanda"), "Réunion before Rwanda");
    let (_, profile) = setup.team.get_html("/profile").await;
    assert!(profile.contains("<optgroup label=\"Europe\">"));
    let document = scraper::Html::parse_document(&profile);
    let paris = document
        .select(&scraper::Selector::parse("option[value='Europe/Paris']").unwrap())
        .next()
        .map(|o| o.text().collect::<String>())
        .unwrap();
    assert!(paris.starts_with("Paris (UTC+0"), "{paris}");
}

#[tokio::test]
async fn registering_an_organisation_gives_a_person_without_a_zone_their_countrys() {
    let setup = setup().await;
    let user = setup.app.create_user("lea@gov.example", "Lea").await;
    sqlx::query("update users set time_zone = 'UTC' where id = $1").bind(user).execute(&setup.app.pool).await.unwrap();
    let lea = Team(setup.app.new_browser());
    lea.log_in_ok("lea@gov.example").await;
    let form = lea.open("/t/opsi/organisations/new").await;
    let registered = form
        .send(&lea, &[("name", "Laboratoire d'innovation"), ("country", "FR"), ("level", "national"), ("website", "")])
        .await;
    assert_eq!(registered.status(), StatusCode::SEE_OTHER);
    let zone: String = sqlx::query_scalar("select time_zone from users where id = $1")
        .bind(user)
        .fetch_one(&setup.app.pool)
        .await
        .unwrap();
    assert_eq!(zone, "Europe/Paris");
}

#[tokio::test]
async fn a_refused_file_keeps_the_rest_of_the_part_saved_and_its_address_reopens_the_part() {
    let setup = setup().await;
    // In "Your team", beside "Team size".
    let file = crate::actors::NewQuestion {
        required: false,
        ..crate::actors::NewQuestion::new("Your team", "A document", "file")
    };
    setup.staff.add_question(&setup.call, file).await;
    let draft = start(&setup).await;
    let (part, document) = setup.team.find_question(&setup.call, "A document").await;
    let (size_part, size) = setup.team.find_question(&setup.call, "Team size").await;
    assert_eq!(part, size_part, "one part asks both");
    let form = setup.team.open(&draft.part(part)).await;
    let fake = b"<html>not a pdf</html>".to_vec();
    let refused = form
        .send_files(
            &setup.team,
            &[(size.as_str(), "6-20")],
            &[(document.as_str(), "plan.pdf", "application/pdf", fake)],
        )
        .await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert!(page.contains("Your other answers have been saved"), "the page says what was kept");
    let (_, saved) = setup.team.get_html(&draft.part(part)).await;
    assert_eq!(
        FormPage::of(&saved, &draft.part(part)).unwrap().value(&size),
        Some("6-20"),
        "the choice was saved despite the file"
    );
    // The address such a page shows opens the part again (it answered 405).
    let address = setup.team.get(&format!("{}/files", draft.part(part))).await;
    assert_eq!(address.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&address), draft.part(part));
}

#[tokio::test]
async fn a_nul_character_is_refused_at_its_field_and_the_form_stays() {
    let setup = setup().await;
    let draft = start(&setup).await;
    let refused = setup.team.try_answer(&draft, "Who is affected?", "Residents\u{0} of the periphery").await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY, "a field error, not a 400 for the whole form");
    let page = refused.text().await.unwrap();
    let (_, field) = setup.team.find_question(&setup.call, "Who is affected?").await;
    assert!(page.contains(&format!("id=\"{field}-error\"")));
    assert!(page.contains("Residents of the periphery"), "the typing is kept, without the character");
}

#[tokio::test]
async fn pages_and_api_answers_are_never_stored_by_the_browser() {
    let setup = setup().await;
    let draft = start(&setup).await;
    for path in [draft.path.clone(), "/t/opsi".into(), "/verify-email/not-a-token".into()] {
        let response = setup.team.get(&path).await;
        let cache =
            response.headers().get("cache-control").and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
        assert_eq!(cache, "no-store", "{path}");
    }
}

#[tokio::test]
async fn an_out_of_date_withdraw_or_submit_leads_to_the_entry_as_it_is_now() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    setup.team.submit(&draft).await;
    let confirmation = setup.team.open(&format!("{}/withdraw", draft.path)).await;
    // Meanwhile the entry is saved in another window: the confirmation is out of date.
    setup.team.answer(&draft, "Team size", "1-5").await;
    let stale = confirmation.send(&setup.team, &[]).await;
    assert_eq!(stale.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&stale), draft.path);
    let (_, page) = setup.team.get_html(&draft.path).await;
    assert!(page.contains("nothing was done"), "the entry's page says why");
    // Withdrawn, Back to the confirmation page leads to the entry (where it can be reopened).
    assert_eq!(setup.team.try_withdraw(&draft).await.status(), StatusCode::SEE_OTHER);
    let back = setup.team.get(&format!("{}/withdraw", draft.path)).await;
    assert_eq!(back.status(), StatusCode::SEE_OTHER);
    assert_eq!(location(&back), draft.path);
}

#[tokio::test]
async fn an_error_page_inside_a_tenant_shows_its_menu_and_leads_to_its_home() {
    let setup = setup().await;
    let (status, page) = setup.staff.get_html("/t/opsi/no-such-page").await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(page.contains("Tenant opsi"), "the tenant's name in the header");
    assert!(page.contains("href=\"/t/opsi/admin/people\""), "the staff's menu");
    assert!(page.contains("href=\"/t/opsi\">"), "home is the tenant's home");
}

#[tokio::test]
async fn a_confirmation_link_opened_again_or_by_someone_else_says_what_is_true() {
    let setup = setup().await;
    let lea = setup.app.new_browser();
    lea.sign_up("Lea", "lea@gov.example", "a long enough passphrase 42").await;
    let link = lea.link_in_email("lea@gov.example", "/verify-email/").await;
    // Opened while signed in as someone else: Lea's address is confirmed, and the page says whose.
    let (status, other) = setup.team.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(other.contains("That email address is confirmed"));
    assert!(!other.contains("Your email address is confirmed"));
    // Opened again signed out: confirmed already, not a dead end.
    let (status, again) = lea.get_html(&link).await;
    assert_eq!(status, StatusCode::OK);
    assert!(again.contains("Your email address is already confirmed"));
    assert!(!again.contains("expired"));
}

#[tokio::test]
async fn changing_an_answer_from_check_your_answers_goes_back_there() {
    let setup = setup().await;
    let draft = start(&setup).await;
    fill(&setup, &draft).await;
    let (part, field) = setup.team.find_question(&setup.call, "Who is affected?").await;
    let (_, review) = setup.team.get_html(&draft.review()).await;
    let change = format!("{}?return=review#{field}", draft.part(part));
    assert!(
        review.contains(&change.replace('&', "&#38;")) || review.contains(&change),
        "the Change link says where to return"
    );
    let (_, html) = setup.team.get_html(&format!("{}?return=review", draft.part(part))).await;
    let form = FormPage::of(&html, &draft.part(part)).expect("the part's form");
    assert_eq!(form.value("return_to"), Some("review"));
    let saved = form.send(&setup.team, &[(field.as_str(), "Residents")]).await;
    assert_eq!(location(&saved), draft.review());
}
