//! A submission's history: every saved version, and what each one changed.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use super::parts::change_label;
use crate::error::AppError;
use crate::ids::SubmissionId;
use crate::state::AppState;
use crate::submissions::domain::{Change, DiffKind, Submission, SubmissionStatus, Version};
use crate::submissions::service;
use crate::tenancy::access::Access;
use crate::web::extract::Path;
use crate::web::page::{PageCtx, render};

#[derive(Template)]
#[template(path = "submissions/history.html")]
struct HistoryPage {
    ctx: PageCtx,
    submission: Submission,
    versions: Vec<Version>,
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
) -> Result<Response, AppError> {
    let (submission, versions) = service::history(&mut access.db(&state.pool).await?, &access, id).await?;
    render(&HistoryPage { ctx, submission, versions })
}

#[derive(Template)]
#[template(path = "submissions/version.html")]
struct VersionPage {
    ctx: PageCtx,
    submission: Submission,
    version: i32,
    changes: Vec<Change>,
    /// The status before and after, when this version moved it.
    moved: Option<(SubmissionStatus, SubmissionStatus)>,
}

impl VersionPage {
    fn change_label(&self, change: &Change) -> String {
        change_label(&self.ctx, change)
    }
}

pub(super) async fn version_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id, version)): Path<(String, SubmissionId, i32)>,
) -> Result<Response, AppError> {
    let service::VersionChanges { submission, changes, moved } =
        service::version_changes(&mut access.db(&state.pool).await?, &access, id, version).await?;
    render(&VersionPage { ctx, submission, version, changes, moved })
}
