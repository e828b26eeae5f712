//! The page an invitation to review in one round links to, and accepting it. Signed out, it asks
//! the person to sign in or create an account with the invited address; signed in, it offers the
//! round only to that address, once confirmed.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::Response;
use tower_sessions::Session;

use super::super::service::{self, Joining};
use crate::error::AppError;
use crate::ids::RoundId;
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::web::extract::Path;
use crate::web::page::{PageCtx, redirect_with_notice, render_with_status};
use crate::web::route_table::RouteTable;

pub fn routes() -> RouteTable {
    RouteTable::new().get("/t/{tenant}/rounds/{round}/join", join_page).post("/t/{tenant}/rounds/{round}/join", accept)
}

#[derive(Template)]
#[template(path = "selection/join.html")]
struct JoinPage {
    ctx: PageCtx,
    /// `None` while signed out.
    joining: Option<Joining>,
    /// The signed-in person's address, to say whom the page looked for.
    email: String,
}

async fn join_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<Response, AppError> {
    let joining = match access.user {
        None => None,
        Some(_) => Some(service::joining(&mut access.db(&state.pool).await?, &access, round).await?),
    };
    let status = if matches!(joining, Some(Joining::NotForYou)) { StatusCode::NOT_FOUND } else { StatusCode::OK };
    let email = access.user.as_ref().map(|u| u.email.clone()).unwrap_or_default();
    render_with_status(status, &JoinPage { ctx, joining, email })
}

async fn accept(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<Response, AppError> {
    service::accept_round_invitation(&state.pool, &access, round).await?;
    let to = format!("/t/{}/reviews", access.tenant.slug);
    redirect_with_notice(&session, &to, "notice-round-invitation-accepted").await
}
