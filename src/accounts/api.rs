//! JSON twin of the account pages: who am I.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::store::{self, TenantMembership};
use crate::app::AppState;
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::web::AppError;
use crate::web::extract::CurrentUser;

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
}

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(me))
}

/// The signed-in person.
#[utoipa::path(get, path = "/api/v1/me", tag = "accounts",
    responses(
        (status = 200, description = "The signed-in person", body = MeResponse),
        (status = 401, description = "Not signed in", body = crate::web::render::Problem, content_type = "application/problem+json"),
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn me(State(state): State<AppState>, CurrentUser(user): CurrentUser) -> Result<axum::Json<MeResponse>, AppError> {
    let mut conn = state.pool.acquire().await?;
    let tenants = store::tenant_memberships(&mut conn, user.id).await?;
    Ok(axum::Json(MeResponse {
        id: user.id,
        email: user.email,
        display_name: user.display_name,
        language: user.lang,
        time_zone: user.zone.name().to_string(),
        email_verified: user.email_verified,
        tenants,
    }))
}
