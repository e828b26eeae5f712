//! The tenant in the URL (`/t/{tenant}/…`) and the person's standing in it: `Access`, the one
//! value every service is handed to say who is asking, and its extractor.

use std::sync::{Arc, Mutex};

use axum::extract::{FromRequestParts, RawPathParams};
use axum::http::request::Parts;
use sqlx::PgPool;
use uuid::Uuid;

use super::domain::Tenant;
use super::policy::{Action, Actor, Target, allows, authorize};
use super::store::{self, Standing};
use crate::accounts::domain::User;
use crate::accounts::session::{MaybeUser, ResolvedUser, bearer_token, session_holds, session_user_id};
use crate::audit;
use crate::db::wall::TenantTx;
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
    /// The transaction a signed-in person's standing was read in, inside this tenant's wall,
    /// until the handler or a service takes it ([`Access::db`]).
    request_db: RequestDb,
}

/// A request's first transaction, handed on so that a signed-in page does not begin a second
/// one for its own reads (one `begin` per page, measured in `docs/PERFORMANCE.md`).
#[derive(Clone, Default)]
struct RequestDb(Arc<Mutex<Option<TenantTx>>>);

impl std::fmt::Debug for RequestDb {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("RequestDb")
    }
}

impl Access {
    pub fn tenant_id(&self) -> TenantId {
        self.tenant.id
    }

    /// A transaction inside this tenant's wall: the request's own, the first time it is asked
    /// for (the standing was read in it), a new one after that. Dropped without commit, it rolls
    /// back, which is how reads end.
    pub async fn db(&self, pool: &PgPool) -> Result<TenantTx, AppError> {
        let taken = self.request_db.0.lock().map(|mut slot| slot.take()).unwrap_or_default();
        match taken {
            Some(tx) => Ok(tx),
            None => Ok(TenantTx::begin(pool, self.tenant.id).await?),
        }
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

/// The tenant slug of an error page's address (`/t/<slug>/…`), where no route matched to name it:
/// the error page then shows the tenant's menu as the tenant's other pages do.
#[derive(Clone, Debug)]
pub struct TenantOfErrorPage(pub String);

impl FromRequestParts<AppState> for Access {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if let Some(access) = parts.extensions.get::<Access>() {
            return Ok(access.clone());
        }
        let from_route = match RawPathParams::from_request_parts(parts, state).await {
            Ok(params) => params.iter().find(|(name, _)| *name == "tenant").map(|(_, value)| value.to_string()),
            Err(_) => None,
        };
        let slug = from_route
            .or_else(|| parts.extensions.get::<TenantOfErrorPage>().map(|t| t.0.clone()))
            .ok_or(AppError::NotFound)?;
        // The tenant is public (its name and slug): it may come from the public cache.
        let load = async {
            let mut conn = state.platform_db().await?;
            Ok::<_, AppError>(store::tenant_by_slug(&mut conn, &slug).await?)
        };
        let tenant = state.public.tenant(&slug, load).await?.ok_or(AppError::NotFound)?;
        // Who asks, without holding a pool connection: the session store needs one of its own.
        // `epoch`: the session epoch a session began in, checked once the person is read.
        let (user_id, known, epoch) = match parts.extensions.get::<ResolvedUser>() {
            Some(ResolvedUser(user)) => (user.as_ref().map(|u| u.id), user.clone(), None),
            None if bearer_token(parts).is_some() => {
                let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
                (user.as_ref().map(|u| u.id), user, None)
            }
            None => match session_user_id(parts, state).await? {
                Some((id, epoch)) => (Some(id), None, Some(epoch)),
                None => (None, None, None),
            },
        };
        let Some(user_id) = user_id else {
            parts.extensions.insert(ResolvedUser(None));
            return Ok(Self::settle(parts, tenant, None, Standing::none(), None));
        };
        // Signed in: the person and their standing, read inside the tenant's wall, in the
        // transaction the handler's reads then use.
        let mut tx = TenantTx::begin(&state.pool, tenant.id).await?;
        let found = store::user_and_standing(&mut tx, user_id, known.is_none()).await?;
        // A session begun before the password last changed is over: signed out.
        let found = found.filter(|(read, _)| match (read, epoch) {
            (Some(user), Some(epoch)) => session_holds(user, epoch),
            _ => true,
        });
        match found {
            Some((read, standing)) => {
                let user = known.or(read);
                parts.extensions.insert(ResolvedUser(user.clone()));
                Ok(Self::settle(parts, tenant, user, standing, Some(tx)))
            }
            // The session names a person who no longer exists: signed out.
            None => {
                parts.extensions.insert(ResolvedUser(None));
                Ok(Self::settle(parts, tenant, None, Standing::none(), None))
            }
        }
    }
}

impl Access {
    /// The access of `user` with `standing`, remembered for the rest of the request.
    fn settle(parts: &mut Parts, tenant: Tenant, user: Option<User>, standing: Standing, tx: Option<TenantTx>) -> Self {
        let Standing { role, organisations } = standing;
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
        let access = Access { tenant, actor, user, request_db: RequestDb(Arc::new(Mutex::new(tx))) };
        parts.extensions.insert(access.clone());
        access
    }
}
