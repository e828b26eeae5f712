//! JSON of the signed-in person: who they are and the tenants they take part in.

use axum::extract::State;
use serde::Serialize;
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::accounts::session::CurrentUser;
use crate::error::AppError;
use crate::i18n::Lang;
use crate::ids::UserId;
use crate::state::AppState;
use crate::tenancy;
use crate::tenancy::domain::TenantMembership;
use crate::web::problems::Unauthorized;

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
    }))
}
