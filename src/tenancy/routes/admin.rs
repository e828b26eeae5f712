//! What the tenant's staff read about the platform's own actions: the outbox and the audit log.

use askama::Template;
use axum::extract::State;
use axum::response::Response;

use crate::audit::AuditRow;
use crate::error::AppError;
use crate::notify::outbox::{DeliveryStatus, OutboxRow};
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::tenancy::service;
use crate::web::extract::Query;
use crate::web::page::{PageCtx, render};
use crate::web::pagination::PageQuery;

#[derive(Template)]
#[template(path = "tenancy/outbox.html")]
struct OutboxPage {
    ctx: PageCtx,
    emails: Vec<OutboxRow>,
    next: Option<String>,
}

pub(super) async fn outbox_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    let emails = service::outbox(&mut access.db(&state.pool).await?, &access, page.cursor()).await?;
    render(&OutboxPage { ctx, emails: emails.items, next: emails.next })
}

#[derive(Template)]
#[template(path = "tenancy/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    entries: Vec<AuditRow>,
    next: Option<String>,
}

pub(super) async fn audit_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    let entries = service::audit_log(&mut access.db(&state.pool).await?, &access, page.cursor()).await?;
    render(&AuditPage { ctx, entries: entries.items, next: entries.next })
}
