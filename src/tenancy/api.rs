//! JSON twin of the tenant pages: organisations, members and invitations. The handlers call the
//! same service verbs as the HTML pages.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::domain::Organisation;
use super::policy::{Action, Target, allows, authorize};
use super::service::{self, InvitationInput, OrganisationInput};
use super::store::{self, Invitation, Member};
use crate::app::AppState;
use crate::ids::OrganisationId;
use crate::web::AppError;
use crate::web::extract::{Json, Path, Query, TenantAccess};
use crate::web::pagination::{Cursor, PAGE_SIZE, PageQuery, split_page};
use crate::web::render::Problem;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_organisations, register_organisation))
        .routes(routes!(get_organisation, update_organisation))
        .routes(routes!(list_members))
        .routes(routes!(list_organisation_invitations, invite_member))
        .routes(routes!(list_tenant_invitations, invite_person))
}

/// A page of a list; `next` is the cursor for `?after=` when more items exist.
#[derive(Serialize, ToSchema)]
pub struct OrganisationPage {
    pub items: Vec<Organisation>,
    pub next: Option<String>,
}

/// Organisations the caller may see: all of them for staff, their own for team members.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/organisations", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug"), PageQuery),
    responses(
        (status = 200, body = OrganisationPage),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_organisations(
    State(state): State<AppState>,
    access: TenantAccess,
    Query(page): Query<PageQuery>,
) -> Result<axum::Json<OrganisationPage>, AppError> {
    let user = access.user()?;
    let mut conn = state.pool.acquire().await?;
    if allows(&access.actor, Action::ListOrganisations, Target::Tenant(access.tenant.id)) {
        let rows =
            store::list_organisations(&mut conn, access.tenant.id, page.cursor().as_ref(), PAGE_SIZE + 1).await?;
        let (items, next) = split_page(rows, PAGE_SIZE, |o| Cursor { at: o.created_at, id: o.id.0 }.encode());
        Ok(axum::Json(OrganisationPage { items, next }))
    } else {
        let items = store::organisations_of(&mut conn, access.tenant.id, user.id).await?;
        Ok(axum::Json(OrganisationPage { items, next: None }))
    }
}

/// Registers a government organisation; the caller becomes its first member.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/organisations", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug")),
    request_body = OrganisationInput,
    responses(
        (status = 201, body = Organisation),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn register_organisation(
    State(state): State<AppState>,
    access: TenantAccess,
    Json(input): Json<OrganisationInput>,
) -> Result<(StatusCode, axum::Json<Organisation>), AppError> {
    let id = service::register_organisation(&state.pool, &access, &input).await?;
    let mut conn = state.pool.acquire().await?;
    let organisation = store::organisation(&mut conn, access.tenant.id, id).await?.ok_or(AppError::NotFound)?;
    Ok((StatusCode::CREATED, axum::Json(organisation)))
}

async fn visible_organisation(
    state: &AppState,
    access: &TenantAccess,
    id: OrganisationId,
    action: Action,
) -> Result<Organisation, AppError> {
    authorize(&access.actor, action, Target::Organisation(access.tenant.id, id))?;
    let mut conn = state.pool.acquire().await?;
    store::organisation(&mut conn, access.tenant.id, id).await?.ok_or(AppError::NotFound)
}

#[utoipa::path(get, path = "/api/v1/t/{tenant}/organisations/{id}", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Organisation id")),
    responses(
        (status = 200, body = Organisation),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn get_organisation(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, id)): Path<(String, OrganisationId)>,
) -> Result<axum::Json<Organisation>, AppError> {
    Ok(axum::Json(visible_organisation(&state, &access, id, Action::ViewOrganisation).await?))
}

/// An edit carries the `version` it was based on; a stale version is refused with 409.
#[derive(Deserialize, ToSchema)]
pub struct OrganisationUpdate {
    pub version: i32,
    #[serde(flatten)]
    pub fields: OrganisationInput,
}

#[utoipa::path(patch, path = "/api/v1/t/{tenant}/organisations/{id}", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Organisation id")),
    request_body = OrganisationUpdate,
    responses(
        (status = 200, body = Organisation),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 409, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn update_organisation(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, id)): Path<(String, OrganisationId)>,
    Json(update): Json<OrganisationUpdate>,
) -> Result<axum::Json<Organisation>, AppError> {
    service::update_organisation(&state.pool, &access, id, update.version, &update.fields).await?;
    Ok(axum::Json(visible_organisation(&state, &access, id, Action::ViewOrganisation).await?))
}

#[utoipa::path(get, path = "/api/v1/t/{tenant}/organisations/{id}/members", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Organisation id")),
    responses(
        (status = 200, body = Vec<Member>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_members(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, id)): Path<(String, OrganisationId)>,
) -> Result<axum::Json<Vec<Member>>, AppError> {
    visible_organisation(&state, &access, id, Action::ViewMembers).await?;
    let mut conn = state.pool.acquire().await?;
    Ok(axum::Json(store::members(&mut conn, access.tenant.id, id).await?))
}

#[utoipa::path(get, path = "/api/v1/t/{tenant}/organisations/{id}/invitations", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "Open invitations", body = Vec<Invitation>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_organisation_invitations(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, id)): Path<(String, OrganisationId)>,
) -> Result<axum::Json<Vec<Invitation>>, AppError> {
    visible_organisation(&state, &access, id, Action::ViewMembers).await?;
    let mut conn = state.pool.acquire().await?;
    Ok(axum::Json(store::open_organisation_invitations(&mut conn, access.tenant.id, id).await?))
}

/// Invites a colleague by email to the organisation (the `role` field is ignored here).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/organisations/{id}/invitations", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Organisation id")),
    request_body = InvitationInput,
    responses(
        (status = 202, description = "Invitation emailed"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn invite_member(
    State(state): State<AppState>,
    access: TenantAccess,
    Path((_, id)): Path<(String, OrganisationId)>,
    Json(input): Json<InvitationInput>,
) -> Result<StatusCode, AppError> {
    service::invite_to_organisation(&state.pool, &state.config, &access, id, &input).await?;
    Ok(StatusCode::ACCEPTED)
}

#[utoipa::path(get, path = "/api/v1/t/{tenant}/invitations", tag = "people",
    params(("tenant" = String, Path, description = "Tenant slug")),
    responses(
        (status = 200, description = "Open invitations to tenant roles", body = Vec<Invitation>),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_tenant_invitations(
    State(state): State<AppState>,
    access: TenantAccess,
) -> Result<axum::Json<Vec<Invitation>>, AppError> {
    authorize(&access.actor, Action::ViewPeople, Target::Tenant(access.tenant.id))?;
    let mut conn = state.pool.acquire().await?;
    Ok(axum::Json(store::open_role_invitations(&mut conn, access.tenant.id).await?))
}

/// Invites someone to a tenant role (admins only).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/invitations", tag = "people",
    params(("tenant" = String, Path, description = "Tenant slug")),
    request_body = InvitationInput,
    responses(
        (status = 202, description = "Invitation emailed"),
        (status = 400, body = Problem, content_type = "application/problem+json"),
        (status = 401, body = Problem, content_type = "application/problem+json"),
        (status = 403, body = Problem, content_type = "application/problem+json"),
        (status = 404, body = Problem, content_type = "application/problem+json"),
        (status = 422, body = Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn invite_person(
    State(state): State<AppState>,
    access: TenantAccess,
    Json(input): Json<InvitationInput>,
) -> Result<StatusCode, AppError> {
    service::invite_to_tenant(&state.pool, &state.config, &access, &input).await?;
    Ok(StatusCode::ACCEPTED)
}
