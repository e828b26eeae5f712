//! A submission's page: its task list while it can change, what was sent once it cannot, and the
//! staff's link to the entry's decision.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::calls::domain::Section;
use crate::error::AppError;
use crate::ids::SubmissionId;
use crate::state::AppState;
use crate::submissions::domain::{PartState, SubmissionStatus};
use crate::submissions::service::{self, Dossier};
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;
use crate::web::extract::{Path, Query};
use crate::web::page::{PageCtx, render, safe_next};

/// A part of the task list, named for the reader.
pub struct Part {
    pub number: usize,
    pub title: String,
    pub state: PartState,
}

#[derive(Template)]
#[template(path = "submissions/task_list.html")]
struct TaskListPage {
    ctx: PageCtx,
    dossier: Dossier,
    /// The questions grouped as the form shows them (for the read-only view).
    sections: Vec<Section>,
    parts: Vec<Part>,
    editable: bool,
    can_edit: bool,
    can_select: bool,
    /// Withdrawn, and its team may still reopen it (the call is open).
    can_reopen: bool,
    completed: usize,
    /// The list this page was opened from (its filters and page), for the way back.
    back: Option<String>,
    /// The names of the chosen themes, and of the challenges offered help.
    themes: Vec<String>,
    offers: Vec<String>,
}

/// `?back=`: the staff list (with its filters) a submission was opened from.
#[derive(Default, serde::Deserialize)]
#[serde(default)]
pub(super) struct BackQuery {
    back: String,
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, SubmissionId)>,
    Query(query): Query<BackQuery>,
) -> Result<Response, AppError> {
    let back = back_to_list(&access, &query.back);
    let mut db = access.db(&state.pool).await?;
    let dossier = service::dossier(&mut db, &access, id).await?;
    let (themes, offers) = service::choice_names(&mut db, &[&dossier.content]).await?.of(&dossier.content);
    drop(db);
    let parts: Vec<Part> = dossier
        .form
        .progress(&dossier.content, dossier.needs_offers())
        .into_iter()
        .map(|part| Part {
            title: match (part.number, part.title) {
                (0, _) => ctx.t("part-about"),
                (_, Some(title)) => title,
                (number, None) => ctx.t1("part-numbered", "number", &number.to_string()),
            },
            number: part.number,
            state: part.state,
        })
        .collect();
    let can_edit = access.can_for(Action::EditSubmission, dossier.submission.organisation_id);
    let completed = parts.iter().filter(|p| p.state == PartState::Completed).count();
    let call_open = dossier.call.status(chrono::Utc::now()).is_open();
    render(&TaskListPage {
        editable: can_edit && dossier.is_editable(),
        can_reopen: can_edit && call_open && dossier.status() == SubmissionStatus::Withdrawn,
        sections: dossier.form.sections().to_vec(),
        ctx,
        parts,
        can_edit,
        can_select: access.can(Action::ListSubmissions),
        completed,
        back,
        themes,
        offers,
        dossier,
    })
}

/// `back` when it is a page of this tenant (the link is shown, never followed automatically).
fn back_to_list(access: &Access, back: &str) -> Option<String> {
    let tenant_pages = format!("/t/{}/", access.tenant.slug);
    Some(safe_next(Some(back))).filter(|path| path.starts_with(&tenant_pages))
}
