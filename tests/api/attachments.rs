//! File attachments: uploading through the form, who may download, content checks, size,
//! replacing and removing, history, and answers that try to point at someone else's file.

use reqwest::StatusCode;
use sweetspot::tenancy::domain::TenantRole;

use crate::actors::{Draft, NewQuestion, Team};
use crate::helpers::{error_summary, location};
use crate::submissions::{Setup, setup, start};

const PDF: &str = "application/pdf";
const DOCX: &str = "application/vnd.openxmlformats-officedocument.wordprocessingml.document";

fn pdf(len: usize) -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    bytes.resize(len, b' ');
    bytes
}

fn docx() -> Vec<u8> {
    use std::io::Write;
    let mut writer = zip::ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
    for (name, content) in [
        ("[Content_Types].xml", "<Types/>"),
        ("_rels/.rels", "<Relationships/>"),
        ("word/document.xml", "<w:document/>"),
    ] {
        writer.start_file(name, options).unwrap();
        writer.write_all(content.as_bytes()).unwrap();
    }
    writer.finish().unwrap().into_inner()
}

/// The setup's call gains a required file question, "Project plan", in its own section (part 3).
/// Returns its answer's field.
async fn with_file_question(setup: &Setup) -> String {
    setup.staff.add_question(&setup.call, NewQuestion::new("Documents", "Project plan", "file")).await;
    let (part, field) = setup.team.find_question(&setup.call, "Project plan").await;
    assert_eq!(part, 3);
    field
}

/// `team` attaches a file as the draft's project plan.
async fn upload(team: &Team, draft: &Draft, filename: &str, mime: &str, bytes: Vec<u8>) -> reqwest::Response {
    team.try_upload(draft, "Project plan", filename, mime, bytes).await
}

/// The version the draft's form for part `part` carries now.
async fn version_of(team: &Team, draft: &Draft, part: usize) -> String {
    team.open(&draft.part(part)).await.value("version").expect("the form carries its version").to_string()
}

/// The download links on a page, in order.
fn attachment_links(page: &str) -> Vec<String> {
    let html = scraper::Html::parse_document(page);
    let selector = scraper::Selector::parse("a[href*='/attachments/']").unwrap();
    html.select(&selector).filter_map(|a| a.value().attr("href").map(str::to_string)).collect()
}

#[tokio::test]
async fn a_team_attaches_a_document_that_only_readers_of_the_submission_can_download() {
    let setup = setup().await;
    with_file_question(&setup).await;
    let draft = start(&setup).await;
    let bytes = pdf(50_000);
    let response = upload(&setup.team, &draft, "Plan d'action été.pdf", "application/pdf", bytes.clone()).await;
    assert_eq!(response.status(), StatusCode::SEE_OTHER, "{}", response.text().await.unwrap());

    let (_, page) = setup.team.get_html(&draft.part(3)).await;
    assert!(page.contains("Plan d&#39;action été.pdf"), "the form names the current file");
    let link = attachment_links(&page).pop().expect("a download link");
    // Staff see it among the answers.
    let (_, staff_view) = setup.staff.get_html(&draft.path).await;
    assert_eq!(attachment_links(&staff_view), vec![link.clone()]);

    let download = setup.team.get(&link).await;
    assert_eq!(download.status(), StatusCode::OK);
    assert_eq!(download.headers()["content-type"], PDF);
    let disposition = download.headers()["content-disposition"].to_str().unwrap().to_string();
    assert!(disposition.starts_with("attachment;"), "{disposition}");
    assert!(disposition.contains("filename*=UTF-8''Plan%20d%27action%20%C3%A9t%C3%A9.pdf"), "{disposition}");
    assert_eq!(download.headers()["x-content-type-options"], "nosniff");
    assert_eq!(download.bytes().await.unwrap().to_vec(), bytes);

    // Staff of the tenant may read every submission, so the file too.
    assert_eq!(setup.staff.get(&link).await.status(), StatusCode::OK);

    // A member of another organisation may not; nor may an anonymous visitor.
    let other = setup.app.create_user("carla@gov.example", "Carla").await;
    setup.app.create_organisation(setup.tenant, "Other Lab", "FR", other).await;
    let carla = setup.app.new_browser();
    carla.log_in_ok("carla@gov.example").await;
    assert_eq!(carla.get(&link).await.status(), StatusCode::FORBIDDEN);
    let anonymous = setup.app.new_browser().get(&link).await;
    assert_eq!(anonymous.status(), StatusCode::SEE_OTHER);
    assert!(location(&anonymous).starts_with("/login"), "{}", location(&anonymous));

    // Another tenant's admin: not found under their tenant, forbidden under this one.
    let elsewhere = setup.app.create_tenant("agency").await;
    let outsider = setup.app.create_user("admin@agency.example", "Outsider").await;
    setup.app.grant(elsewhere, outsider, TenantRole::Admin).await;
    let outsider = setup.app.new_browser();
    outsider.log_in_ok("admin@agency.example").await;
    assert_eq!(outsider.get(&link.replace("/t/opsi/", "/t/agency/")).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(outsider.get(&link).await.status(), StatusCode::FORBIDDEN);

    // The JSON twin serves the same file to a bearer of the team's token.
    let token = setup.team.create_api_token().await;
    let api_link = format!("/api/v1{link}");
    let api = setup.app.bearer(reqwest::Method::GET, &api_link, &token, None).await;
    assert_eq!(api.status(), StatusCode::OK);
    assert_eq!(api.bytes().await.unwrap().to_vec(), bytes);
}

#[tokio::test]
async fn replacing_or_removing_a_file_keeps_the_old_one_in_the_history() {
    let setup = setup().await;
    let field = with_file_question(&setup).await;
    let draft = start(&setup).await;
    assert_eq!(upload(&setup.team, &draft, "plan.pdf", PDF, pdf(1_000)).await.status(), StatusCode::SEE_OTHER);
    let (_, page) = setup.team.get_html(&draft.part(3)).await;
    let first = attachment_links(&page).pop().unwrap();

    assert_eq!(upload(&setup.team, &draft, "plan-v2.docx", DOCX, docx()).await.status(), StatusCode::SEE_OTHER);
    let (_, page) = setup.team.get_html(&draft.part(3)).await;
    let second = attachment_links(&page).pop().unwrap();
    assert_ne!(first, second);
    assert!(page.contains("plan-v2.docx"));
    let replaced = setup.team.get(&second).await;
    assert_eq!(replaced.headers()["content-type"], DOCX);
    // The old file stays readable: an earlier version names it.
    assert_eq!(setup.team.get(&first).await.status(), StatusCode::OK);
    let (_, history) = setup.team.get_html(&format!("{}/3", draft.history())).await;
    assert!(history.contains("plan.pdf") && history.contains("plan-v2.docx"), "the difference names both files");

    // Saving the part without a new file keeps the current one.
    let kept = setup.team.open(&draft.part(3)).await.send(&setup.team, &[]).await;
    assert_eq!(kept.status(), StatusCode::SEE_OTHER);
    let (_, page) = setup.team.get_html(&draft.part(3)).await;
    assert_eq!(attachment_links(&page).pop(), Some(second.clone()));

    // Ticking "remove" takes the answer away; the file itself stays for the history.
    let remove = format!("{field}_remove");
    let removed = setup.team.open(&draft.part(3)).await.send(&setup.team, &[(&remove, "yes")]).await;
    assert_eq!(removed.status(), StatusCode::SEE_OTHER);
    let (_, page) = setup.team.get_html(&draft.part(3)).await;
    assert!(attachment_links(&page).is_empty());
    assert_eq!(setup.team.get(&second).await.status(), StatusCode::OK);
    assert_eq!(setup.app.count("select count(*) from attachments").await, 2);
}

#[tokio::test]
async fn files_that_lie_about_their_type_or_are_too_large_are_refused_and_nothing_changes() {
    let setup = setup().await;
    with_file_question(&setup).await;
    let draft = start(&setup).await;
    let version_before = version_of(&setup.team, &draft, 3).await;

    let cases: [(&str, &str, Vec<u8>, &str); 5] = [
        ("report.pdf", PDF, b"<html><script>alert(1)</script></html>".to_vec(), "must be a PDF, ODT or DOCX document"),
        ("setup.docx", DOCX, b"MZ\x90\x00\x03 a Windows program".to_vec(), "must be a PDF, ODT or DOCX document"),
        ("plan.pdf", PDF, docx(), "is a DOCX document but its name does not end in .docx"),
        ("huge.pdf", PDF, pdf(10 * 1024 * 1024 + 1), "must be smaller than 10 MB"),
        ("empty.pdf", PDF, Vec::new(), "is empty"),
    ];
    for (filename, mime, bytes, message) in cases {
        let response = upload(&setup.team, &draft, filename, mime, bytes).await;
        assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY, "{filename}");
        let page = response.text().await.unwrap();
        let summary = error_summary(&page).join(" ");
        assert!(summary.contains(message), "{filename}: {summary}");
        assert!(page.contains("choose your file again"), "{filename}");
    }
    // A file exactly at the limit is accepted.
    let at_limit = upload(&setup.team, &draft, "big.pdf", PDF, pdf(10 * 1024 * 1024)).await;
    assert_eq!(at_limit.status(), StatusCode::SEE_OTHER);
    assert_eq!(setup.app.count("select count(*) from attachments").await, 1);
    let version_after = version_of(&setup.team, &draft, 3).await;
    assert_eq!(
        version_after.parse::<i32>().unwrap(),
        version_before.parse::<i32>().unwrap() + 1,
        "only one save landed"
    );
    // Nothing but the accepted file reached the folder.
    let stored = std::fs::read_dir(format!(
        "{}/attachments-{}/tenants/{}/submissions/{}",
        env!("CARGO_TARGET_TMPDIR"),
        std::process::id(),
        setup.tenant,
        draft.id()
    ))
    .unwrap()
    .count();
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn uploads_need_the_csrf_token_an_editor_and_a_file_question_of_that_part() {
    let setup = setup().await;
    let field = with_file_question(&setup).await;
    let draft = start(&setup).await;
    let version = version_of(&setup.team, &draft, 3).await;
    let files = format!("{}/files", draft.part(3));
    let form = reqwest::multipart::Form::new()
        .text("version", version.clone())
        .part(field.clone(), reqwest::multipart::Part::bytes(pdf(100)).file_name("plan.pdf"));
    let no_token = setup.team.client.post(setup.team.url(&files)).multipart(form).send().await;
    assert_eq!(no_token.unwrap().status(), StatusCode::FORBIDDEN);

    // Staff read submissions but do not write them.
    let staff =
        setup.staff.post_multipart(&files, &[("version", &version)], &[(&field, "plan.pdf", PDF, pdf(100))]).await;
    assert_eq!(staff.status(), StatusCode::FORBIDDEN);

    // A file field that is not a file question of this part.
    let (_, text_question) = setup.team.find_question(&setup.call, "Who is affected?").await;
    for (part, name) in [(3, text_question.as_str()), (1, field.as_str())] {
        let version = version_of(&setup.team, &draft, part).await;
        let response = setup
            .team
            .post_multipart(
                &format!("{}/files", draft.part(part)),
                &[("version", &version)],
                &[(name, "plan.pdf", PDF, pdf(100))],
            )
            .await;
        assert_eq!(response.status(), StatusCode::BAD_REQUEST, "part {part}, field {name}");
    }
    assert_eq!(setup.app.count("select count(*) from attachments").await, 0);
}

#[tokio::test]
async fn a_file_answer_cannot_point_at_another_submissions_file() {
    let setup = setup().await;
    let field = with_file_question(&setup).await;
    let question = field.trim_start_matches("q_").to_string();
    // Another organisation's submission holds a file.
    let other = setup.app.create_user("carla@gov.example", "Carla").await;
    let other_org = setup.app.create_organisation(setup.tenant, "Other Lab", "FR", other).await;
    let carla = Team(setup.app.new_browser());
    carla.log_in_ok("carla@gov.example").await;
    let carla_draft = carla.start_application(&setup.call, other_org).await;
    assert_eq!(upload(&carla, &carla_draft, "secret.pdf", PDF, pdf(500)).await.status(), StatusCode::SEE_OTHER);
    let (_, page) = carla.get_html(&carla_draft.part(3)).await;
    let secret = attachment_links(&page).pop().unwrap();
    let secret_id = secret.rsplit('/').next().unwrap().to_string();

    // Ana's submission tries to claim it through the JSON API.
    let draft = start(&setup).await;
    let token = setup.team.create_api_token().await;
    let detail = setup.app.bearer(reqwest::Method::GET, &draft.api_path(), &token, None).await;
    let version = detail.json::<serde_json::Value>().await.unwrap()["version"].as_i64().unwrap();
    let forged = serde_json::json!({
        "version": version,
        "answers": { question.clone(): {
            "attachment_id": secret_id, "filename": "secret.pdf", "content_type": PDF, "size_bytes": 500
        } }
    });
    let response = setup.app.bearer(reqwest::Method::PATCH, &draft.api_path(), &token, Some(&forged)).await;
    assert_eq!(response.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let problem: serde_json::Value = response.json().await.unwrap();
    assert!(problem.to_string().contains("upload the file through the form"), "{problem}");

    // A text answer typed into the plain form is ignored for a file question.
    let version = version_of(&setup.team, &draft, 3).await;
    let typed = setup.team.post_form(&draft.part(3), &[(&field, &secret_id), ("version", &version)]).await;
    assert_eq!(typed.status(), StatusCode::SEE_OTHER);
    let (_, page) = setup.team.get_html(&draft.part(3)).await;
    assert!(attachment_links(&page).is_empty());

    // The file cannot be fetched through Ana's submission either: both ids must match.
    let through_mine = secret.replace(&carla_draft.path, &draft.path);
    assert_eq!(setup.team.get(&through_mine).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(setup.team.get(&secret).await.status(), StatusCode::FORBIDDEN);
}

#[tokio::test]
async fn a_required_file_must_be_attached_before_submitting() {
    let setup = setup().await;
    with_file_question(&setup).await;
    let draft = start(&setup).await;
    crate::submissions::fill(&setup, &draft).await;
    let refused = setup.team.try_submit(&draft).await;
    assert_eq!(refused.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let page = refused.text().await.unwrap();
    assert!(error_summary(&page).join(" ").contains("Answer the question “Project plan”"));
    assert_eq!(upload(&setup.team, &draft, "plan.pdf", PDF, pdf(800)).await.status(), StatusCode::SEE_OTHER);
    setup.team.submit(&draft).await;
    // The receipt's copy of the answers names the file.
    let receipt: String = sqlx::query_scalar("select body_text from outbox order by created_at desc limit 1")
        .fetch_one(&setup.app.pool)
        .await
        .unwrap();
    assert!(receipt.contains("plan.pdf (800 B)"), "{receipt}");
}

#[tokio::test]
async fn a_program_uploads_a_file_answer_with_the_forms_checks() {
    let setup = setup().await;
    let field = with_file_question(&setup).await;
    let question = field.trim_start_matches("q_").to_string();
    let draft = start(&setup).await;
    let token = setup.team.create_api_token().await;
    let path = format!("{}/attachments", draft.api_path());
    let send = async |version: &str, question: &str, file: Option<(&str, &str, Vec<u8>)>, token: &str| {
        let mut form =
            reqwest::multipart::Form::new().text("version", version.to_string()).text("question", question.to_string());
        if let Some((name, mime, bytes)) = file {
            form = form.part(
                "file",
                reqwest::multipart::Part::bytes(bytes).file_name(name.to_string()).mime_str(mime).unwrap(),
            );
        }
        reqwest::Client::new().post(setup.app.url(&path)).bearer_auth(token).multipart(form).send().await.unwrap()
    };
    // A file that only pretends to be a PDF is refused, naming the question's field.
    let fake = send("1", &question, Some(("plan.pdf", PDF, b"<html>no</html>".to_vec())), &token).await;
    assert_eq!(fake.status(), StatusCode::UNPROCESSABLE_ENTITY);
    assert_eq!(fake.json::<serde_json::Value>().await.unwrap()["errors"][0]["field"], field);
    // No file, another question, a stale version, someone else: each refused, nothing kept.
    assert_eq!(send("1", &question, None, &token).await.status(), StatusCode::UNPROCESSABLE_ENTITY);
    let unknown = uuid::Uuid::now_v7().to_string();
    assert_eq!(send("1", &unknown, Some(("plan.pdf", PDF, pdf(500))), &token).await.status(), StatusCode::NOT_FOUND);
    assert_eq!(send("7", &question, Some(("plan.pdf", PDF, pdf(500))), &token).await.status(), StatusCode::CONFLICT);
    let staff_token = setup.staff.create_api_token().await;
    assert_eq!(
        send("1", &question, Some(("plan.pdf", PDF, pdf(500))), &staff_token).await.status(),
        StatusCode::FORBIDDEN
    );
    assert_eq!(setup.app.count("select count(*) from attachments").await, 0);
    // A real PDF becomes the answer, and the other answers stay.
    let saved = send("1", &question, Some(("plan.pdf", PDF, pdf(500))), &token).await;
    assert_eq!(saved.status(), StatusCode::OK);
    let saved: serde_json::Value = saved.json().await.unwrap();
    assert_eq!(saved["version"], 2);
    assert_eq!(saved["content"]["answers"][&question]["filename"], "plan.pdf");
    assert_eq!(setup.app.count("select count(*) from attachments").await, 1);
}
