//! JSON twin of the tenant pages: organisations, members and invitations. The handlers call the
//! same service verbs as the HTML pages.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::access::Access;
use super::domain::{Invitation, Member, Organisation, Person};
use super::service::{self, InvitationInput, OrganisationInput};
use crate::error::AppError;
use crate::ids::{InvitationId, OrganisationId, UserId};
use crate::state::AppState;
use crate::web::extract::{Json, Path, Query};
use crate::web::merge_patch::VersionedPatch;
use crate::web::pagination::PageQuery;
use crate::web::problems::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_organisations, register_organisation))
        .routes(routes!(get_organisation, update_organisation))
        .routes(routes!(list_members))
        .routes(routes!(list_organisation_invitations, invite_member))
        .routes(routes!(list_tenant_invitations, invite_person))
        .routes(routes!(revoke_tenant_invitation))
        .routes(routes!(revoke_organisation_invitation))
        .routes(routes!(list_people))
        .routes(routes!(change_role, remove_role))
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
        (status = 200, description = "A page of the organisations this person may see", body = OrganisationPage),
        Unauthorized,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_organisations(
    State(state): State<AppState>,
    access: Access,
    Query(page): Query<PageQuery>,
) -> Result<axum::Json<OrganisationPage>, AppError> {
    let page = service::visible_organisations(&mut access.db(&state.pool).await?, &access, page.cursor()).await?;
    Ok(axum::Json(OrganisationPage { items: page.items, next: page.next }))
}

/// Registers a government organisation; the caller becomes its first member.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/organisations", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug")),
    request_body = OrganisationInput,
    responses(
        (status = 201, description = "The organisation, registered", body = Organisation),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn register_organisation(
    State(state): State<AppState>,
    access: Access,
    Json(input): Json<OrganisationInput>,
) -> Result<(StatusCode, axum::Json<Organisation>), AppError> {
    let organisation = service::register_organisation(&state.pool, &access, &input).await?.organisation;
    Ok((StatusCode::CREATED, axum::Json(organisation)))
}

#[utoipa::path(get, path = "/api/v1/t/{tenant}/organisations/{id}", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The organisation", body = Organisation),
        Unauthorized,
        Forbidden,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn get_organisation(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, OrganisationId)>,
) -> Result<axum::Json<Organisation>, AppError> {
    Ok(axum::Json(service::organisation(&mut access.db(&state.pool).await?, &access, id).await?))
}

/// A JSON Merge Patch (RFC 7396) with the `version` it was based on: the fields sent change, the
/// others keep their saved values, `null` clears one. A stale version is refused with 409.
#[derive(Deserialize, ToSchema)]
pub struct OrganisationUpdate {
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
    #[serde(flatten)]
    pub fields: OrganisationInput,
}

#[utoipa::path(patch, path = "/api/v1/t/{tenant}/organisations/{id}", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Organisation id")),
    request_body = OrganisationUpdate,
    responses(
        (status = 200, description = "The organisation as saved", body = Organisation),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn update_organisation(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, OrganisationId)>,
    Json(patch): Json<VersionedPatch>,
) -> Result<axum::Json<Organisation>, AppError> {
    let saved = service::organisation(&mut access.db(&state.pool).await?, &access, id).await?;
    let input = patch.apply(&OrganisationInput::from(&saved))?;
    service::update_organisation(&state.pool, &access, id, patch.version, &input).await?;
    Ok(axum::Json(service::organisation(&mut access.db(&state.pool).await?, &access, id).await?))
}

#[utoipa::path(get, path = "/api/v1/t/{tenant}/organisations/{id}/members", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "The organisation's members", body = Vec<Member>),
        Unauthorized,
        Forbidden,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_members(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, OrganisationId)>,
) -> Result<axum::Json<Vec<Member>>, AppError> {
    Ok(axum::Json(service::members(&mut access.db(&state.pool).await?, &access, id).await?.members))
}

#[utoipa::path(get, path = "/api/v1/t/{tenant}/organisations/{id}/invitations", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Organisation id")),
    responses(
        (status = 200, description = "Open invitations", body = Vec<Invitation>),
        Unauthorized,
        Forbidden,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_organisation_invitations(
    State(state): State<AppState>,
    access: Access,
    Path((_, id)): Path<(String, OrganisationId)>,
) -> Result<axum::Json<Vec<Invitation>>, AppError> {
    Ok(axum::Json(service::members(&mut access.db(&state.pool).await?, &access, id).await?.invitations))
}

/// Invites a colleague by email to the organisation (the `role` field is ignored here).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/organisations/{id}/invitations", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Organisation id")),
    request_body = InvitationInput,
    responses(
        (status = 202, description = "Invitation emailed"),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn invite_member(
    State(state): State<AppState>,
    access: Access,
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
        Unauthorized,
        Forbidden,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_tenant_invitations(
    State(state): State<AppState>,
    access: Access,
) -> Result<axum::Json<Vec<Invitation>>, AppError> {
    Ok(axum::Json(service::role_invitations(&mut access.db(&state.pool).await?, &access).await?))
}

/// Invites someone to a tenant role (admins only).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/invitations", tag = "people",
    params(("tenant" = String, Path, description = "Tenant slug")),
    request_body = InvitationInput,
    responses(
        (status = 202, description = "Invitation emailed"),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn invite_person(
    State(state): State<AppState>,
    access: Access,
    Json(input): Json<InvitationInput>,
) -> Result<StatusCode, AppError> {
    service::invite_to_tenant(&state.pool, &state.config, &access, &input).await?;
    Ok(StatusCode::ACCEPTED)
}

/// Withdraws an open invitation to a tenant role (admins only); its link stops working.
#[utoipa::path(delete, path = "/api/v1/t/{tenant}/invitations/{invitation}", tag = "people",
    params(("tenant" = String, Path, description = "Tenant slug"), ("invitation" = String, Path, description = "Invitation id")),
    responses((status = 204, description = "Withdrawn"), BadRequest, Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn revoke_tenant_invitation(
    State(state): State<AppState>,
    access: Access,
    Path((_, invitation)): Path<(String, InvitationId)>,
) -> Result<StatusCode, AppError> {
    service::revoke_invitation(&state.pool, &access, invitation, None).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Withdraws an open invitation to an organisation (its members and the tenant's admins).
#[utoipa::path(delete, path = "/api/v1/t/{tenant}/organisations/{id}/invitations/{invitation}", tag = "organisations",
    params(("tenant" = String, Path, description = "Tenant slug"), ("id" = String, Path, description = "Organisation id"), ("invitation" = String, Path, description = "Invitation id")),
    responses((status = 204, description = "Withdrawn"), BadRequest, Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn revoke_organisation_invitation(
    State(state): State<AppState>,
    access: Access,
    Path((_, id, invitation)): Path<(String, OrganisationId, InvitationId)>,
) -> Result<StatusCode, AppError> {
    service::revoke_invitation(&state.pool, &access, invitation, Some(id)).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// A page of the people who hold a role in the tenant (staff).
#[derive(Serialize, ToSchema)]
pub struct PeoplePage {
    pub items: Vec<Person>,
    pub next: Option<String>,
}

/// The tenant's people and their roles (staff), as the people page lists them.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/people", tag = "people",
    params(("tenant" = String, Path, description = "Tenant slug"), PageQuery),
    responses(
        (status = 200, description = "A page of the tenant's people", body = PeoplePage),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn list_people(
    State(state): State<AppState>,
    access: Access,
    Query(page): Query<PageQuery>,
) -> Result<axum::Json<PeoplePage>, AppError> {
    let page = service::people(&mut access.db(&state.pool).await?, &access, page.cursor()).await?;
    Ok(axum::Json(PeoplePage { items: page.items, next: page.next }))
}

#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct RoleChange {
    #[schema(schema_with = crate::request_schema::tenant_role)]
    pub role: String,
}

/// Changes a person's role in the tenant (admins only); the last admin stays an admin (409).
#[utoipa::path(patch, path = "/api/v1/t/{tenant}/people/{user}", tag = "people",
    params(("tenant" = String, Path, description = "Tenant slug"), ("user" = String, Path, description = "User id")),
    request_body = RoleChange,
    responses(
        (status = 204, description = "Changed"),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn change_role(
    State(state): State<AppState>,
    access: Access,
    Path((_, user)): Path<(String, UserId)>,
    Json(change): Json<RoleChange>,
) -> Result<StatusCode, AppError> {
    service::change_role(&state.pool, &access, user, &change.role).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Takes a person's role in the tenant away (admins only); the last admin stays (409).
#[utoipa::path(delete, path = "/api/v1/t/{tenant}/people/{user}", tag = "people",
    params(("tenant" = String, Path, description = "Tenant slug"), ("user" = String, Path, description = "User id")),
    responses((status = 204, description = "Removed"), BadRequest, Unauthorized, Forbidden, NotFound, Conflict),
    security(("bearer" = []), ("session" = []))
)]
async fn remove_role(
    State(state): State<AppState>,
    access: Access,
    Path((_, user)): Path<(String, UserId)>,
) -> Result<StatusCode, AppError> {
    service::remove_role(&state.pool, &access, user).await?;
    Ok(StatusCode::NO_CONTENT)
}
