//! The people of a test, so that its body reads like what they do: staff set up a programme, a
//! call and its questions; a team member starts an application, answers questions by their label
//! through the form as a browser shows it, and submits. An action that a test expects to succeed
//! checks its own response; `try_…` returns the response for tests of refusals.

use std::ops::Deref;

use reqwest::{Response, StatusCode};
use sweetspot::ids::OrganisationId;

use crate::helpers::{FormPage, TestApp, location};

/// A call, by the slugs of its address.
#[derive(Clone, Debug)]
pub struct CallRef {
    pub tenant: String,
    pub programme: String,
    pub slug: String,
}

impl CallRef {
    pub fn path(&self) -> String {
        format!("/t/{}/p/{}/c/{}", self.tenant, self.programme, self.slug)
    }
    pub fn apply_path(&self) -> String {
        format!("{}/apply", self.path())
    }
    /// The staff list of the call's submissions.
    pub fn list_path(&self) -> String {
        format!("{}/submissions", self.path())
    }
    pub fn questions_path(&self) -> String {
        format!("{}/questions", self.path())
    }
    /// The JSON list of the call's submissions.
    pub fn api_list_path(&self) -> String {
        format!("/api/v1/t/{}/programmes/{}/calls/{}/submissions", self.tenant, self.programme, self.slug)
    }
}

/// An application: its page, and the call it answers.
#[derive(Clone, Debug)]
pub struct Draft {
    pub path: String,
    pub call: CallRef,
}

impl Draft {
    pub fn id(&self) -> &str {
        self.path.rsplit('/').next().unwrap_or_default()
    }
    pub fn part(&self, number: usize) -> String {
        format!("{}/parts/{number}", self.path)
    }
    pub fn review(&self) -> String {
        format!("{}/review", self.path)
    }
    pub fn history(&self) -> String {
        format!("{}/history", self.path)
    }
    pub fn api_path(&self) -> String {
        format!("/api/v1/t/{}/submissions/{}", self.call.tenant, self.id())
    }
}

/// A question as staff write it on the questions page.
pub struct NewQuestion<'a> {
    pub section: &'a str,
    pub label: &'a str,
    /// short_text, long_text, single_choice, multiple_choice, number, url, date, yes_no, file
    pub kind: &'a str,
    pub required: bool,
    pub word_limit: Option<u32>,
    pub options: &'a [&'a str],
}

impl<'a> NewQuestion<'a> {
    pub fn new(section: &'a str, label: &'a str, kind: &'a str) -> Self {
        Self { section, label, kind, required: true, word_limit: None, options: &[] }
    }
}

/// Someone on the host's staff, in their own browser.
pub struct Staff(pub TestApp);

impl Deref for Staff {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.0
    }
}

impl Staff {
    /// Creates a programme edition (its timeline in UTC) from the new-programme form.
    pub async fn create_programme(&self, tenant: &str, slug: &str, title: &str) {
        let form = [("title", title), ("slug", slug), ("time_zone", "UTC"), ("version", "0")];
        let response = self.post_form(&format!("/t/{tenant}/programmes/new"), &form).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "programme {slug} created");
        assert_eq!(location(&response), format!("/t/{tenant}/p/{slug}"));
    }

    /// Opens a call of `kind` in a programme: open since 2024, closing in 2099.
    pub async fn open_call(&self, tenant: &str, programme: &str, kind: &str, slug: &str, title: &str) -> CallRef {
        let form = [
            ("kind", kind),
            ("title", title),
            ("slug", slug),
            ("opens_at", "2024-01-01T00:00"),
            ("closes_at", "2099-01-01T00:00"),
            ("version", "0"),
        ];
        let response = self.post_form(&format!("/t/{tenant}/p/{programme}/calls/new"), &form).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "call {slug} opened");
        CallRef { tenant: tenant.into(), programme: programme.into(), slug: slug.into() }
    }

    /// Adds a question at the end of the call's form.
    pub async fn add_question(&self, call: &CallRef, question: NewQuestion<'_>) {
        let word_limit = question.word_limit.map(|l| l.to_string()).unwrap_or_default();
        let options = question.options.join("\n");
        let required = if question.required { "yes" } else { "" };
        let form = [
            ("section", question.section),
            ("label", question.label),
            ("kind", question.kind),
            ("required", required),
            ("word_limit", word_limit.as_str()),
            ("options", options.as_str()),
        ];
        let response = self.post_form(&call.questions_path(), &form).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "question {:?} added", question.label);
    }

    /// Adds a theme to the tenant's taxonomy.
    pub async fn add_theme(&self, tenant: &str, name: &str) {
        let response = self.post_form(&format!("/t/{tenant}/admin/themes"), &[("name", name)]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "theme {name} added");
    }

    /// The titles the call's staff list shows for `query` (e.g. `status=submitted`), in order.
    pub async fn list_titles(&self, call: &CallRef, query: &str) -> Vec<String> {
        let (status, page) = self.get_html(&format!("{}?{query}", call.list_path())).await;
        assert_eq!(status, StatusCode::OK, "{query}");
        let document = scraper::Html::parse_document(&page);
        let links = scraper::Selector::parse("tbody tr td:first-child a").unwrap();
        document.select(&links).map(|a| a.text().collect()).collect()
    }

    /// Decides an entry without a round, with a rationale, from its decision page.
    pub async fn try_decide(&self, draft: &Draft, outcome: &str) -> Response {
        let page = format!("/t/{}/submissions/{}/decision", draft.call.tenant, draft.id());
        let form =
            [("version", "0"), ("outcome", outcome), ("rationale", "Fits the programme's themes"), ("round", "")];
        self.post_form(&page, &form).await
    }

    /// Selects an entry and releases the call's decisions: what used to be "mark as selected".
    pub async fn select_and_release(&self, draft: &Draft) {
        assert_eq!(self.try_decide(draft, "selected").await.status(), StatusCode::SEE_OTHER, "decided");
        self.select_and_release_only(&draft.call).await;
    }

    /// Releases the call's decisions.
    pub async fn select_and_release_only(&self, call: &CallRef) {
        let release = format!("/t/{}/p/{}/c/{}/decisions/release", call.tenant, call.programme, call.slug);
        assert_eq!(self.post_form(&release, &[]).await.status(), StatusCode::SEE_OTHER, "released");
    }
}

/// A member of a government team, in their own browser.
pub struct Team(pub TestApp);

impl Deref for Team {
    type Target = TestApp;
    fn deref(&self) -> &TestApp {
        &self.0
    }
}

impl Team {
    /// Starts an application to `call` for `organisation` from the call's apply page.
    pub async fn start_application(&self, call: &CallRef, organisation: OrganisationId) -> Draft {
        let response = self.try_start(call, organisation).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "application started");
        Draft { path: location(&response), call: call.clone() }
    }

    pub async fn try_start(&self, call: &CallRef, organisation: OrganisationId) -> Response {
        self.post_form(&call.apply_path(), &[("organisation", &organisation.to_string())]).await
    }

    /// The part of the form that asks `label`, and the field of its answer (`q_<id>`), read
    /// from the call's public JSON.
    pub async fn find_question(&self, call: &CallRef, label: &str) -> (usize, String) {
        let url = format!("/api/v1/t/{}/programmes/{}/calls/{}", call.tenant, call.programme, call.slug);
        let detail: serde_json::Value = self.get(&url).await.json().await.unwrap();
        let mut part = 0;
        let mut section: Option<String> = None;
        for question in detail["questions"].as_array().expect("the call's questions") {
            let this_section = question["section"].as_str().unwrap_or_default().to_string();
            if section.as_ref() != Some(&this_section) {
                part += 1;
                section = Some(this_section);
            }
            if question["label"] == label {
                return (part, format!("q_{}", question["id"].as_str().unwrap()));
            }
        }
        panic!("the call asks no question {label:?}")
    }

    /// Answers the question labelled `label` as the part's form is now, and saves the part.
    pub async fn answer(&self, draft: &Draft, label: &str, answer: &str) {
        let response = self.try_answer(draft, label, answer).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "{label:?} answered");
    }

    pub async fn try_answer(&self, draft: &Draft, label: &str, answer: &str) -> Response {
        let (part, field) = self.find_question(&draft.call, label).await;
        self.open(&draft.part(part)).await.send(self, &[(field.as_str(), answer)]).await
    }

    /// Writes the "about" part: title and summary.
    pub async fn write_about(&self, draft: &Draft, title: &str, summary: &str) {
        let response = self.open(&draft.part(0)).await.send(self, &[("title", title), ("summary", summary)]).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "about part saved");
    }

    /// Uploads a file as the answer to the file question labelled `label`.
    pub async fn try_upload(&self, draft: &Draft, label: &str, filename: &str, mime: &str, bytes: Vec<u8>) -> Response {
        let (part, field) = self.find_question(&draft.call, label).await;
        let form = self.open(&draft.part(part)).await;
        form.send_files(self, &[], &[(field.as_str(), filename, mime, bytes)]).await
    }

    /// Submits the draft from its check-your-answers page.
    pub async fn submit(&self, draft: &Draft) {
        let response = self.try_submit(draft).await;
        assert_eq!(response.status(), StatusCode::SEE_OTHER, "submitted");
    }

    pub async fn try_submit(&self, draft: &Draft) -> Response {
        self.open(&draft.review()).await.send(self, &[]).await
    }

    /// Withdraws a submitted entry: its page's link, then the confirmation page's button.
    pub async fn try_withdraw(&self, draft: &Draft) -> Response {
        let (_, page) = self.get_html(&draft.path).await;
        let confirmation = format!("{}/withdraw", draft.path);
        assert!(page.contains(&format!("href=\"{confirmation}\"")), "the submission's page links to withdrawing");
        self.open(&confirmation).await.send(self, &[]).await
    }

    /// The form of a page as the browser shows it now.
    pub async fn open(&self, page: &str) -> FormPage {
        self.open_form(page, "").await
    }

    /// The form of `page` that posts to `page` followed by `action_suffix` (e.g. `/reopen`).
    pub async fn open_form(&self, page: &str, action_suffix: &str) -> FormPage {
        let (status, html) = self.get_html(page).await;
        assert_eq!(status, StatusCode::OK, "{page} opens");
        FormPage::of(&html, &format!("{page}{action_suffix}")).unwrap_or_else(|| panic!("{page} has that form"))
    }
}
