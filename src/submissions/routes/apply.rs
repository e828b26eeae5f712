//! Starting an application: the call's apply page (which organisation applies) and the start.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use serde::Deserialize;
use tower_sessions::Session;

use super::submission_path;
use crate::calls::domain::Call;
use crate::error::{AppError, FieldErrors};
use crate::ids::OrganisationId;
use crate::programmes::domain::Programme;
use crate::state::AppState;
use crate::submissions::service::{self, ApplyForm};
use crate::tenancy::access::Access;
use crate::tenancy::domain::Organisation;
use crate::web::extract::{Form, Path};
use crate::web::page::{PageCtx, redirect_with_notice, render, render_with_status};

#[derive(Template)]
#[template(path = "submissions/apply.html")]
struct ApplyPage {
    ctx: PageCtx,
    programme: Programme,
    call: Call,
    organisations: Vec<Organisation>,
    open: bool,
    errors: FieldErrors,
}

async fn apply_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    programme: &str,
    call: &str,
    errors: FieldErrors,
) -> Result<ApplyPage, AppError> {
    let ApplyForm { programme, call, organisations, open } =
        service::apply_form(&mut access.db(&state.pool).await?, access, programme, call).await?;
    Ok(ApplyPage { ctx, programme, call, organisations, open, errors })
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
) -> Result<Response, AppError> {
    render(&apply_view(&state, ctx, &access, &programme, &call, FieldErrors::new()).await?)
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct StartForm {
    organisation: String,
}

pub(super) async fn start(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, programme, call)): Path<(String, String, String)>,
    Form(form): Form<StartForm>,
) -> Result<Response, AppError> {
    let Ok(organisation) = form.organisation.parse::<OrganisationId>() else {
        let errors = {
            let mut errors = FieldErrors::new();
            errors.add("organisation", "error-submission-organisation-missing");
            errors
        };
        let page = apply_view(&state, ctx, &access, &programme, &call, errors).await?;
        return render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page);
    };
    let id = service::start(&state.pool, &access, &programme, &call, organisation).await?;
    redirect_with_notice(&session, &submission_path(&access, id), "notice-submission-started").await
}
