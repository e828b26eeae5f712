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
use crate::web::pagination::{PageQuery, Pager};

#[derive(Template)]
#[template(path = "tenancy/outbox.html")]
struct OutboxPage {
    ctx: PageCtx,
    emails: Vec<OutboxRow>,
    pager: Pager,
}

pub(super) async fn outbox_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    let emails = service::outbox(&mut access.db(&state.pool).await?, &access, page.cursor()).await?;
    render(&OutboxPage { ctx, pager: page.pager("", emails.next.as_deref()), emails: emails.items })
}

#[derive(Template)]
#[template(path = "tenancy/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    entries: Vec<AuditRow>,
    pager: Pager,
}

pub(super) async fn audit_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    let entries = service::audit_log(&mut access.db(&state.pool).await?, &access, page.cursor()).await?;
    render(&AuditPage { ctx, pager: page.pager("", entries.next.as_deref()), entries: entries.items })
}
