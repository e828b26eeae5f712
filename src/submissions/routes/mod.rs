//! Submission pages, one file per page: starting an application, the task list, each part of the
//! form, checking and submitting (and withdrawing), the history of versions, the staff list of a
//! call with its CSV export, and attachment downloads.

mod apply;
mod attachments;
mod history;
mod list;
mod parts;
mod review;
mod task_list;

use axum::Router;
use axum::routing::{get, post};

use crate::ids::SubmissionId;
use crate::state::AppState;
use crate::tenancy::access::Access;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/t/{tenant}/submissions/{id}/attachments/{attachment}", get(attachments::download))
        .route("/t/{tenant}/p/{programme}/c/{call}/apply", get(apply::page).post(apply::start))
        .route("/t/{tenant}/p/{programme}/c/{call}/submissions", get(list::page))
        .route("/t/{tenant}/p/{programme}/c/{call}/submissions.csv", get(list::export_csv))
        .route("/t/{tenant}/submissions/{id}", get(task_list::page))
        .route("/t/{tenant}/submissions/{id}/parts/{part}", get(parts::page).post(parts::save))
        .route("/t/{tenant}/submissions/{id}/review", get(review::page).post(review::submit))
        .route("/t/{tenant}/submissions/{id}/withdraw", post(review::withdraw))
        .route("/t/{tenant}/submissions/{id}/history", get(history::page))
        .route("/t/{tenant}/submissions/{id}/history/{version}", get(history::version_page))
        .route("/t/{tenant}/submissions/{id}/select", post(task_list::select))
        .route("/t/{tenant}/submissions/{id}/unselect", post(task_list::unselect))
}

/// Routes that take file uploads, so they get their own, larger body limit.
pub fn upload_router() -> Router<AppState> {
    Router::new().route("/t/{tenant}/submissions/{id}/parts/{part}/files", post(parts::save_with_files))
}

fn submission_path(access: &Access, id: SubmissionId) -> String {
    format!("/t/{}/submissions/{id}", access.tenant.slug)
}
