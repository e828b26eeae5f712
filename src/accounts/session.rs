//! Who is behind a request: the extractors for the signed-in person (`MaybeUser`, `CurrentUser`),
//! from a bearer API token or the session cookie, and the session helpers the sign-in pages use.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use tower_sessions::Session;

use super::domain::User;
use super::service;
use crate::error::AppError;
use crate::ids::UserId;
use crate::state::AppState;

/// Session key of the signed-in person's id.
const SESSION_USER: &str = "user_id";
/// Session key of the session epoch the sign-in happened in (`User::session_epoch`); a session
/// without it began in epoch 0.
const SESSION_EPOCH: &str = "session_epoch";

/// Signs `user` in on this session, under a new session id (no fixation), in the person's
/// current session `epoch`.
pub async fn sign_in(session: &Session, user: UserId, epoch: i32) -> Result<(), AppError> {
    session.cycle_id().await.map_err(session_error)?;
    session.insert(SESSION_USER, user).await.map_err(session_error)?;
    session.insert(SESSION_EPOCH, epoch).await.map_err(session_error)
}

/// Whether a session begun in `epoch` still holds for `user`: a password change since ends it.
pub(crate) fn session_holds(user: &User, epoch: i32) -> bool {
    user.session_epoch == epoch
}

/// The person behind the request, if any: a bearer API token wins over the session cookie.
/// Resolved once per request and cached in the request's extensions.
#[derive(Clone)]
pub struct MaybeUser(pub Option<User>);

/// The request's person once resolved, so later extractors do not read them again.
#[derive(Clone)]
pub(crate) struct ResolvedUser(pub(crate) Option<User>);

impl FromRequestParts<AppState> for MaybeUser {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(ResolvedUser(user)) = parts.extensions.get::<ResolvedUser>() {
            return Ok(MaybeUser(user.clone()));
        }
        // Never hold a pool connection while the session store fetches the session: it needs a
        // connection of its own, and under load every request would wait for a second one.
        let user = if let Some(token) = bearer_token(parts) {
            // A wrong token is an error, not an anonymous request: the caller meant to sign in.
            match service::user_for_api_token(&mut *state.platform_db().await?, &token).await? {
                Some(user) => Some(user),
                None => return Err(AppError::Unauthorized),
            }
        } else {
            match session_user_id(parts, state).await? {
                Some((id, epoch)) => {
                    service::user(&mut *state.platform_db().await?, id).await?.filter(|user| session_holds(user, epoch))
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

/// The token of an `Authorization: Bearer …` header.
pub(crate) fn bearer_token(parts: &Parts) -> Option<String> {
    let value = parts.headers.get(header::AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.split_once(' ')?;
    scheme.eq_ignore_ascii_case("bearer").then(|| token.trim().to_string())
}

pub async fn session_of(parts: &mut Parts, state: &AppState) -> Result<Session, AppError> {
    Session::from_request_parts(parts, state)
        .await
        .map_err(|(_, message)| AppError::Internal(anyhow::anyhow!("session layer missing: {message}")))
}

/// Whom the request's session has signed in, if anyone, and the session epoch they signed in in
/// (reads the session from its store).
pub(crate) async fn session_user_id(parts: &mut Parts, state: &AppState) -> Result<Option<(UserId, i32)>, AppError> {
    let session = session_of(parts, state).await?;
    let Some(user) = session.get::<UserId>(SESSION_USER).await.map_err(session_error)? else {
        return Ok(None);
    };
    let epoch = session.get::<i32>(SESSION_EPOCH).await.map_err(session_error)?.unwrap_or(0);
    Ok(Some((user, epoch)))
}

pub fn session_error(error: tower_sessions::session::Error) -> AppError {
    AppError::Internal(anyhow::anyhow!("session store: {error}"))
}
