//! Extractors: input whose rejections become `AppError`, the signed-in person, the tenant in the URL.

use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, RawPathParams, Request};
use axum::http::header;
use axum::http::request::Parts;
use serde::de::DeserializeOwned;
use tower_sessions::Session;

use super::error::AppError;
use crate::accounts::domain::User;
use crate::accounts::{secrets, store as account_store};
use crate::app::AppState;
use crate::ids::UserId;
use crate::tenancy::domain::Tenant;
use crate::tenancy::policy::Actor;
use crate::tenancy::store as tenancy_store;

/// Session key of the signed-in person's id.
pub const SESSION_USER: &str = "user_id";

/// A URL-encoded form. Forms are read into structs of plain strings (`#[serde(default)]`), so a
/// missing field becomes a field error later, not a rejection here.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;
    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(Form(value)),
            Err(FormRejection::BytesRejection(_)) => Err(AppError::PayloadTooLarge),
            Err(FormRejection::InvalidFormContentType(_)) => Err(AppError::BadRequest("error-form-content-type")),
            Err(_) => Err(AppError::BadRequest("error-form-unreadable")),
        }
    }
}

/// A JSON body; unreadable JSON is a 400 or 422 problem document, never axum's plain text.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;
    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(JsonRejection::BytesRejection(_)) => Err(AppError::PayloadTooLarge),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::BadRequest("error-json-content-type")),
            Err(JsonRejection::JsonDataError(_)) => Err(AppError::BadRequest("error-json-shape")),
            Err(_) => Err(AppError::BadRequest("error-json-unreadable")),
        }
    }
}

/// Path parameters; an id that does not parse means there is no such page.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(AppError::NotFound),
            Err(error) => Err(AppError::Internal(anyhow::anyhow!("path extraction: {error}"))),
        }
    }
}

/// Query parameters with our error shape.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(_)) => {
                Err(AppError::BadRequest("error-query-unreadable"))
            }
            Err(_) => Err(AppError::BadRequest("error-query-unreadable")),
        }
    }
}

/// The person behind the request, if any: a bearer API token wins over the session cookie.
/// Resolved once per request and cached in the request's extensions.
#[derive(Clone)]
pub struct MaybeUser(pub Option<User>);

#[derive(Clone)]
struct ResolvedUser(Option<User>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(ResolvedUser(user)) = parts.extensions.get::<ResolvedUser>() {
            return Ok(MaybeUser(user.clone()));
        }
        // Never hold a pool connection while the session store fetches the session: it needs a
        // connection of its own, and under load every request would wait for a second one.
        let user = if let Some(token) = bearer_token(parts) {
            let mut conn = state.pool.acquire().await?;
            // A wrong token is an error, not an anonymous request: the caller meant to sign in.
            match account_store::user_by_api_token(&mut conn, &secrets::hash_token(&token)).await? {
                Some(user) => Some(user),
                None => return Err(AppError::Unauthorized),
            }
        } else {
            match session_user_id(parts, state).await? {
                Some(id) => {
                    let mut conn = state.pool.acquire().await?;
                    account_store::user_by_id(&mut conn, id).await?
                }
                None => None,
            }
        };
        parts.extensions.insert(ResolvedUser(user.clone()));
        Ok(MaybeUser(user))
    }
}

/// A signed-in person; otherwise 401 (JSON) or a redirect to the sign-in page (HTML).
pub struct CurrentUser(pub User);

impl FromRequestParts<AppState> for CurrentUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        match MaybeUser::from_request_parts(parts, state).await? {
            MaybeUser(Some(user)) => Ok(CurrentUser(user)),
            MaybeUser(None) => Err(AppError::Unauthorized),
        }
    }
}

/// The tenant named in the URL (`/t/{tenant}/…`) and the person's standing in it.
/// Unknown tenants are 404 for everyone.
#[derive(Clone)]
pub struct TenantAccess {
    pub tenant: Tenant,
    pub actor: Actor,
    pub user: Option<User>,
}

impl FromRequestParts<AppState> for TenantAccess {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(access) = parts.extensions.get::<TenantAccess>() {
            return Ok(access.clone());
        }
        let params = RawPathParams::from_request_parts(parts, state).await.map_err(|_| AppError::NotFound)?;
        let slug = params
            .iter()
            .find(|(name, _)| *name == "tenant")
            .map(|(_, value)| value.to_string())
            .ok_or(AppError::NotFound)?;
        // A session's user not yet read: read the user and their standing in one query.
        if parts.extensions.get::<ResolvedUser>().is_none()
            && bearer_token(parts).is_none()
            && let Some(id) = session_user_id(parts, state).await?
        {
            let mut conn = state.pool.acquire().await?;
            let found = tenancy_store::user_and_standing(&mut conn, id, &slug).await?;
            drop(conn);
            match found {
                Some((user, standing)) => {
                    parts.extensions.insert(ResolvedUser(Some(user.clone())));
                    let standing = standing.ok_or(AppError::NotFound)?;
                    return Ok(Self::settle(parts, standing, Some(user)));
                }
                // The session names a person who no longer exists: signed out.
                None => {
                    parts.extensions.insert(ResolvedUser(None));
                }
            }
        }
        let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
        let standing = match &user {
            Some(user) => {
                let mut conn = state.pool.acquire().await?;
                tenancy_store::tenant_with_standing(&mut conn, &slug, Some(user.id)).await?.ok_or(AppError::NotFound)?
            }
            // Signed out: no standing to find, and the tenant may come from the public cache.
            None => {
                let load = async {
                    let mut conn = state.pool.acquire().await?;
                    let standing = tenancy_store::tenant_with_standing(&mut conn, &slug, None).await?;
                    Ok::<_, AppError>(standing.map(|s| s.tenant))
                };
                let tenant = state.public.tenant(&slug, load).await?.ok_or(AppError::NotFound)?;
                tenancy_store::TenantStanding { tenant, role: None, organisations: Vec::new() }
            }
        };
        Ok(Self::settle(parts, standing, user))
    }
}

impl TenantAccess {
    /// The access of `user` with `standing`, remembered for the rest of the request.
    fn settle(parts: &mut Parts, standing: tenancy_store::TenantStanding, user: Option<User>) -> Self {
        let tenancy_store::TenantStanding { tenant, role, organisations } = standing;
        let actor = match &user {
            Some(user) => Actor {
                user_id: Some(user.id),
                tenant_id: tenant.id,
                role,
                organisations,
                email_verified: user.email_verified,
            },
            None => Actor::anonymous(tenant.id),
        };
        let access = TenantAccess { tenant, actor, user };
        parts.extensions.insert(access.clone());
        access
    }

    /// The signed-in person, or 401.
    pub fn user(&self) -> Result<&User, AppError> {
        self.user.as_ref().ok_or(AppError::Unauthorized)
    }
}

fn bearer_token(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

pub async fn session_of(parts: &mut Parts, state: &AppState) -> Result<Session, AppError> {
    Session::from_request_parts(parts, state)
        .await
        .map_err(|(_, message)| AppError::Internal(anyhow::anyhow!("session layer missing: {message}")))
}

/// Whom the request's session has signed in, if anyone (reads the session from its store).
async fn session_user_id(parts: &mut Parts, state: &AppState) -> Result<Option<UserId>, AppError> {
    let session = session_of(parts, state).await?;
    session.get::<UserId>(SESSION_USER).await.map_err(session_error)
}

pub fn session_error(error: tower_sessions::session::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("session store: {error}"))
}

/// The client's address as the socket reports it ("unknown" when served without connect info,
/// as in `oneshot` tests). Behind a proxy every client shares the proxy's address: throttling
/// per address then becomes per proxy, which errs on the safe side.
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        Ok(ClientIp(ip))
    }
}
