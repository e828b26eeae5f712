//! JSON of the signed-in person: who they are and the tenants they take part in.

use axum::extract::State;
use axum::http::{HeaderMap, StatusCode, header};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts;
use crate::accounts::domain::ApiToken;
use crate::accounts::service::ProfileEdit;
use crate::accounts::session::CurrentUser;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ids::{ApiTokenId, UserId};
use crate::state::AppState;
use crate::tenancy;
use crate::tenancy::domain::TenantMembership;
use crate::web::extract::{Json, Path};
use crate::web::merge_patch::VersionedPatch;
use crate::web::problems::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};

#[derive(Serialize, ToSchema)]
pub struct MeResponse {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub language: Lang,
    /// IANA time zone name.
    pub time_zone: String,
    pub email_verified: bool,
    /// Tenants where the person holds a role or belongs to an organisation.
    pub tenants: Vec<TenantMembership>,
    /// The profile's version, for `PATCH /api/v1/me`.
    pub version: i32,
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(me, update_me))
        .routes(routes!(list_api_tokens, create_api_token))
        .routes(routes!(revoke_api_token))
}

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses((status = 200, description = "The signed-in person", body = MeResponse), Unauthorized),
    security(("bearer" = []), ("session" = []))
)]
async fn me(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> Result<axum::Json<MeResponse>, AppError> {
    let tenants = tenancy::service::memberships_of(&mut *state.person_db(user.id).await?, &user).await?;
    Ok(axum::Json(MeResponse {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        language: user.lang,
        time_zone: user.zone.name().to_string(),
        email_verified: user.email_verified,
        tenants,
        version: user.version,
    }))
}

/// The profile's fields, as `PATCH /api/v1/me` takes them (each optional: what is left out stays).
#[derive(Deserialize, Serialize, ToSchema)]
pub struct ProfileInput {
    /// 1–100 characters.
    #[schema(schema_with = crate::request_schema::line::<100>)]
    pub display_name: String,
    /// The language of the person's pages and emails.
    #[schema(schema_with = crate::request_schema::language)]
    pub language: String,
    #[schema(schema_with = crate::request_schema::time_zone)]
    pub time_zone: String,
}

/// A change of the signed-in person's profile, with the `version` read from `GET /api/v1/me`.
#[derive(Deserialize, ToSchema)]
pub struct ProfileUpdate {
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
    #[serde(flatten)]
    pub fields: ProfileInput,
}

/// Changes the signed-in person's name, language or time zone: the fields sent change, the
/// others stay (see "PATCH changes what you send" in docs/API.md); a stale `version` is 409.
#[utoipa::path(patch, path = "/api/v1/me", tag = "accounts",
    request_body = ProfileUpdate,
    responses(
        (status = 200, description = "The person as saved", body = MeResponse),
        BadRequest,
        Unauthorized,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn update_me(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Json(patch): Json<VersionedPatch>,
) -> Result<axum::Json<MeResponse>, AppError> {
    let saved = ProfileInput {
        display_name: user.display_name.clone(),
        language: user.lang.code().to_string(),
        time_zone: user.zone.name().to_string(),
    };
    let input = patch.apply(&saved)?;
    let edit = ProfileEdit {
        display_name: &input.display_name,
        language: &input.language,
        time_zone: &input.time_zone,
        version: patch.version,
    };
    accounts::service::update_profile(&state.pool, &user, edit).await?;
    let user =
        accounts::service::user(&mut *state.platform_db().await?, user.id).await?.ok_or(AppError::Unauthorized)?;
    me(State(state), CurrentUser(user)).await
}

/// The signed-in person's live API tokens, newest first: names and dates, never the tokens.
#[utoipa::path(get, path = "/api/v1/me/tokens", tag = "accounts",
    responses((status = 200, description = "The person's live API tokens", body = Vec<ApiToken>), Unauthorized),
    security(("bearer" = []), ("session" = []))
)]
async fn list_api_tokens(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<axum::Json<Vec<ApiToken>>, AppError> {
    Ok(axum::Json(accounts::service::api_tokens(&mut *state.platform_db().await?, &user).await?))
}

#[derive(Deserialize, ToSchema)]
pub struct NewApiToken {
    /// What the token is for, to tell it apart when revoking (1–100 characters).
    #[schema(schema_with = crate::request_schema::line::<100>)]
    pub name: String,
}

/// A token as created: the only time the token itself is shown.
#[derive(Serialize, ToSchema)]
pub struct CreatedApiToken {
    pub id: ApiTokenId,
    pub name: String,
    /// `ssp_…`: send it as `Authorization: Bearer <token>`. Stored hashed; shown only here.
    pub token: String,
}

/// Creates a personal API token, signed in with the session (cookie and `X-CSRF-Token`): a token
/// cannot create tokens, so a leaked one cannot multiply itself (403).
#[utoipa::path(post, path = "/api/v1/me/tokens", tag = "accounts",
    request_body = NewApiToken,
    responses(
        (status = 201, description = "The new token, shown once", body = CreatedApiToken),
        BadRequest,
        Unauthorized,
        Forbidden,
        Unprocessable,
    ),
    security(("session" = []))
)]
async fn create_api_token(
    State(state): State<AppState>,
    headers: HeaderMap,
    CurrentUser(user): CurrentUser,
    Json(body): Json<NewApiToken>,
) -> Result<(StatusCode, axum::Json<CreatedApiToken>), AppError> {
    if headers.contains_key(header::AUTHORIZATION) {
        return Err(AppError::Forbidden);
    }
    let (id, token) = accounts::service::create_api_token(&state.pool, &user, &body.name)
        .await
        .map_err(|e| e.with_field_renamed("token_name", "name"))?;
    Ok((StatusCode::CREATED, axum::Json(CreatedApiToken { id, name: body.name.trim().to_string(), token })))
}

/// Revokes one of the signed-in person's API tokens; another person's is 404.
#[utoipa::path(delete, path = "/api/v1/me/tokens/{id}", tag = "accounts",
    params(("id" = String, Path, description = "API token id")),
    responses((status = 204, description = "Revoked"), BadRequest, Unauthorized, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn revoke_api_token(
    State(state): State<AppState>,
    CurrentUser(user): CurrentUser,
    Path(id): Path<ApiTokenId>,
) -> Result<StatusCode, AppError> {
    accounts::service::revoke_api_token(&state.pool, &user, id).await?;
    Ok(StatusCode::NO_CONTENT)
}
