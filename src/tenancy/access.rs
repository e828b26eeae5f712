//! The tenant in the URL (`/t/{tenant}/…`) and the person's standing in it: `Access`, the one
//! value every service is handed to say who is asking, and its extractor.

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use uuid::Uuid;

use super::domain::Tenant;
use super::policy::{Action, Actor, Target, allows, authorize};
use super::store::{self, TenantStanding};
use crate::accounts::domain::User;
use crate::accounts::session::{MaybeUser, ResolvedUser, bearer_token, session_user_id};
use crate::audit;
use crate::error::AppError;
use crate::ids::{OrganisationId, TenantId};
use crate::state::AppState;

/// Who is asking, and where: the tenant named in the URL, the policy's view of the person in it,
/// and the person (None when signed out). Unknown tenants are 404 for everyone.
#[derive(Clone, Debug)]
pub struct Access {
    pub tenant: Tenant,
    pub actor: Actor,
    pub user: Option<User>,
}

impl Access {
    pub fn tenant_id(&self) -> TenantId {
        self.tenant.id
    }

    /// The signed-in person, or 401.
    pub fn user(&self) -> Result<&User, AppError> {
        self.user.as_ref().ok_or(AppError::Unauthorized)
    }

    /// Whether the person may do `action` in this tenant (what a page offers them).
    pub fn can(&self, action: Action) -> bool {
        allows(&self.actor, action, Target::Tenant(self.tenant.id))
    }

    /// Whether the person may do `action` to one of the tenant's organisations.
    pub fn can_for(&self, action: Action, organisation: OrganisationId) -> bool {
        allows(&self.actor, action, Target::Organisation(self.tenant.id, organisation))
    }

    /// `can`, as the error to return: 401 for the signed-out, 403 for everyone else.
    pub fn authorize(&self, action: Action) -> Result<(), AppError> {
        authorize(&self.actor, action, Target::Tenant(self.tenant.id))
    }

    /// `can_for`, as the error to return.
    pub fn authorize_for(&self, action: Action, organisation: OrganisationId) -> Result<(), AppError> {
        authorize(&self.actor, action, Target::Organisation(self.tenant.id, organisation))
    }

    /// An audit entry for a change this person makes in this tenant.
    pub fn audit<'a>(&self, action: &'a str, subject_type: &'a str, subject_id: impl Into<Uuid>) -> audit::Entry<'a> {
        audit::Entry::new(action, subject_type, subject_id).tenant(self.tenant.id).actor(self.actor.user_id)
    }
}

impl FromRequestParts<AppState> for Access {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(access) = parts.extensions.get::<Access>() {
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
            // The person's own memberships are all their transaction may see of tenant tables.
            let mut conn = state.person_db(id).await?;
            let found = store::user_and_standing(&mut conn, id, &slug).await?;
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
                let mut conn = state.person_db(user.id).await?;
                store::tenant_with_standing(&mut conn, &slug, Some(user.id)).await?.ok_or(AppError::NotFound)?
            }
            // Signed out: no standing to find, and the tenant may come from the public cache.
            None => {
                let load = async {
                    let mut conn = state.platform_db().await?;
                    let standing = store::tenant_with_standing(&mut conn, &slug, None).await?;
                    Ok::<_, AppError>(standing.map(|s| s.tenant))
                };
                let tenant = state.public.tenant(&slug, load).await?.ok_or(AppError::NotFound)?;
                TenantStanding { tenant, role: None, organisations: Vec::new() }
            }
        };
        Ok(Self::settle(parts, standing, user))
    }
}

impl Access {
    /// The access of `user` with `standing`, remembered for the rest of the request.
    fn settle(parts: &mut Parts, standing: TenantStanding, user: Option<User>) -> Self {
        let TenantStanding { tenant, role, organisations } = standing;
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
        let access = Access { tenant, actor, user };
        parts.extensions.insert(access.clone());
        access
    }
}
