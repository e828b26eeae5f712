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

use crate::ids::SubmissionId;
use crate::tenancy::access::Access;
use crate::web::route_table::RouteTable;

pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/t/{tenant}/submissions/{id}/attachments/{attachment}", attachments::download)
        .get("/t/{tenant}/p/{programme}/c/{call}/apply", apply::page)
        .post("/t/{tenant}/p/{programme}/c/{call}/apply", apply::start)
        .get("/t/{tenant}/p/{programme}/c/{call}/submissions", list::page)
        .get("/t/{tenant}/p/{programme}/c/{call}/submissions.csv", list::export_csv)
        .get("/t/{tenant}/submissions/{id}", task_list::page)
        .get("/t/{tenant}/submissions/{id}/parts/{part}", parts::page)
        .post("/t/{tenant}/submissions/{id}/parts/{part}", parts::save)
        .get("/t/{tenant}/submissions/{id}/review", review::page)
        .post("/t/{tenant}/submissions/{id}/review", review::submit)
        .get("/t/{tenant}/submissions/{id}/withdraw", review::withdraw_page)
        .post("/t/{tenant}/submissions/{id}/withdraw", review::withdraw)
        .post("/t/{tenant}/submissions/{id}/reopen", review::reopen)
        .get("/t/{tenant}/submissions/{id}/history", history::page)
        .get("/t/{tenant}/submissions/{id}/history/{version}", history::version_page)
}

/// Routes that take file uploads, so they get their own, larger body limit.
pub fn upload_routes() -> RouteTable {
    RouteTable::new()
        .post("/t/{tenant}/submissions/{id}/parts/{part}/files", parts::save_with_files)
        // The address a refused upload's page shows: reloading or bookmarking it opens the part.
        .get("/t/{tenant}/submissions/{id}/parts/{part}/files", parts::files_address)
}

fn submission_path(access: &Access, id: SubmissionId) -> String {
    format!("/t/{}/submissions/{id}", access.tenant.slug)
}
