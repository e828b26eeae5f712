//! Checking answers before submitting, submitting, withdrawing (after a confirmation page) and
//! reopening a withdrawn entry.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::submission_path;
use crate::calls::domain::Section;
use crate::error::{AppError, FieldErrors};
use crate::ids::{QuestionId, SubmissionId};
use crate::state::AppState;
use crate::submissions::attachments::FileRef;
use crate::submissions::domain::{Answer, SubmissionStatus};
use crate::submissions::service::{self, Dossier};
use crate::tenancy::access::Access;
use crate::web::extract::{Form, Path};
use crate::web::page::{PageCtx, redirect_with_notice, render, render_with_status};

#[derive(Template)]
#[template(path = "submissions/review.html")]
struct ReviewPage {
    ctx: PageCtx,
    dossier: Dossier,
    sections: Vec<Section>,
    errors: FieldErrors,
    /// The names of the chosen themes, and of the challenges offered help.
    themes: Vec<String>,
    offers: Vec<String>,
}

impl ReviewPage {
    async fn new(
        state: &AppState,
        access: &Access,
        ctx: PageCtx,
        dossier: Dossier,
        errors: FieldErrors,
    ) -> Result<Self, AppError> {
        let names = service::choice_names(&mut access.db(&state.pool).await?, &[&dossier.content]).await?;
        let (themes, offers) = names.of(&dossier.content);
        Ok(Self { ctx, sections: dossier.form.sections().to_vec(), dossier, errors, themes, offers })
    }
    fn is_submitted(&self) -> bool {
        self.dossier.status() == SubmissionStatus::Submitted
    }
    fn answer(&self, question: &QuestionId) -> String {
        self.dossier.content.answers.get(question).map(Answer::text).unwrap_or_default()
    }
    fn file(&self, question: &QuestionId) -> Option<&FileRef> {
        self.dossier.content.answers.get(question).and_then(Answer::file)
    }
    /// Which part of the form a field is asked in, for the error summary's links.
    fn part_of(&self, field: &str) -> usize {
        self.dossier.form.part_of(field)
    }
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    let dossier = service::editable_dossier(&mut access.db(&state.pool).await?, &access, id).await?;
    render(&ReviewPage::new(&state, &access, ctx, dossier, FieldErrors::new()).await?)
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct VersionForm {
    version: String,
}

impl VersionForm {
    fn version(&self) -> Result<i32, AppError> {
        self.version.trim().parse().map_err(|_| AppError::BadRequest("error-version-missing"))
    }
}

/// A move (submit, withdraw, reopen) asked from a page that is out of date: someone saved or
/// moved the entry since. Its page shows it as it is now, with the actions that fit, and says
/// why, rather than an error page with nowhere to go.
async fn moved_meanwhile(
    session: &Session,
    access: &Access,
    id: SubmissionId,
    result: Result<(), AppError>,
    done: &str,
) -> Result<Response, AppError> {
    let path = submission_path(access, id);
    match result {
        Ok(()) => redirect_with_notice(session, &path, done).await,
        Err(AppError::Stale(_)) => redirect_with_notice(session, &path, "info-submission-changed-meanwhile").await,
        Err(AppError::Conflict(
            "error-submission-not-submitted" | "error-submission-not-draft" | "error-submission-not-withdrawn",
        )) => redirect_with_notice(session, &path, "info-submission-moved-meanwhile").await,
        Err(other) => Err(other),
    }
}

pub(super) async fn submit(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    Form(form): Form<VersionForm>,
) -> Result<Response, AppError> {
    match service::submit(&state.pool, &state.config, &access, id, form.version()?).await {
        // The check's page again, each problem linked to the part where it is answered.
        Err(AppError::Validation(errors)) => {
            let dossier = service::dossier(&mut access.db(&state.pool).await?, &access, id).await?;
            let page = ReviewPage::new(&state, &access, ctx, dossier, errors).await?;
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        result => moved_meanwhile(&session, &access, id, result, "notice-submission-submitted").await,
    }
}

#[derive(Template)]
#[template(path = "submissions/withdraw.html")]
struct WithdrawPage {
    ctx: PageCtx,
    dossier: Dossier,
}

/// "Are you sure?": withdrawing is a step of its own, never one click on the task list.
pub(super) async fn withdraw_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    // Already withdrawn (Back after withdrawing), not sent yet, or closed: the entry's page says
    // what it is now and what can be done.
    let entry = Redirect::to(&submission_path(&access, id)).into_response();
    let dossier = match service::editable_dossier(&mut access.db(&state.pool).await?, &access, id).await {
        Ok(dossier) if dossier.status() == SubmissionStatus::Submitted => dossier,
        Ok(_) | Err(AppError::Conflict("error-submission-closed")) => return Ok(entry),
        Err(other) => return Err(other),
    };
    render(&WithdrawPage { ctx, dossier })
}

pub(super) async fn withdraw(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    Form(form): Form<VersionForm>,
) -> Result<Response, AppError> {
    let result = service::withdraw(&state.pool, &access, id, form.version()?).await;
    moved_meanwhile(&session, &access, id, result, "notice-submission-withdrawn").await
}

pub(super) async fn reopen(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    Form(form): Form<VersionForm>,
) -> Result<Response, AppError> {
    let result = service::reopen(&state.pool, &access, id, form.version()?).await;
    moved_meanwhile(&session, &access, id, result, "notice-submission-reopened").await
}
