//! Reviewers invited for one round: staff invite an email address; the person accepts signed in
//! with a confirmed account at that address and then reviews in that round only, whatever their
//! role. The invitation email holds no secret: it links to the round's join page, which does
//! nothing for anyone but the invited address (so a forwarded email gives nothing away).

use chrono::Utc;
use sqlx::PgPool;

use super::super::domain::{Round, RoundInvitation};
use super::super::store;
use super::assignment::managed_round;
use crate::accounts;
use crate::accounts::domain::Email as Address;
use crate::audit;
use crate::calls;
use crate::calls::domain::Call;
use crate::config::Config;
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Reader;
use crate::ids::{RoundId, RoundInvitationId};
use crate::notify::{emails, enqueue};
use crate::programmes;
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;

/// The round's open invitations, for staff.
pub async fn round_invitations(
    db: &mut TenantTx,
    access: &Access,
    id: RoundId,
) -> Result<Vec<RoundInvitation>, AppError> {
    managed_round(db, access, id, false).await?;
    Ok(store::open_invitations(db, id).await?)
}

#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::ToSchema)]
#[serde(default)]
pub struct RoundInvitationInput {
    #[schema(schema_with = crate::request_schema::email)]
    pub email: String,
}

/// Invites an address to review in the round (staff) and emails it a link to the round's join
/// page, in the language and zone of the account at that address if there is one (else the
/// inviter's language and the programme's zone).
/// 422 (on `email`, so the form shows it by the field) for an invalid address, a round that has
/// closed, a person who reviews in the round already, or an address with an open invitation.
pub async fn invite_reviewer(
    pool: &PgPool,
    config: &Config,
    access: &Access,
    id: RoundId,
    input: &RoundInvitationInput,
) -> Result<RoundInvitationId, AppError> {
    access.authorize(Action::ManageSelection)?;
    if input.email.trim().is_empty() {
        return Err(AppError::invalid("email", "error-invite-email-missing"));
    }
    let mut errors = FieldErrors::new();
    let Some(email) = errors.check("email", Address::parse(&input.email)) else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = access.db(pool).await?;
    let round = managed_round(&mut tx, access, id, true).await?;
    if round.closes_at <= Utc::now() {
        return Err(AppError::invalid("email", "error-round-invitation-closed"));
    }
    let invitee = accounts::service::user_with_email(&mut tx, email.as_str()).await?;
    if let Some(user) = &invitee
        && store::is_reviewer(&mut tx, id, user.id).await?
    {
        return Err(AppError::invalid("email", "error-round-invitation-reviewer"));
    }
    let inviter = access.user()?;
    let invitation = RoundInvitationId::new();
    if !store::insert_invitation(&mut tx, invitation, id, email.as_str(), inviter.id).await? {
        return Err(AppError::invalid("email", "error-round-invitation-exists"));
    }
    let call = calls::service::call_by_id(&mut tx, round.call_id).await?;
    // In the invitee's language and zone when they have an account; else the inviter's language
    // and the programme's zone, the one its dates are set in.
    let reader = match invitee {
        Some(user) => Reader::new(user.lang, user.zone.tz()),
        None => {
            let programme = programmes::service::programme_by_id(&mut tx, call.programme_id).await?;
            Reader::new(inviter.lang, programme.time_zone.tz())
        }
    };
    let link = config.link(&format!("/t/{}/rounds/{id}/join", access.tenant.slug));
    let message = emails::round_invitation(
        reader,
        email.as_str(),
        (&inviter.display_name, &access.tenant.name),
        (&round.name, &call.title),
        &round.closes_at,
        &link,
    );
    enqueue(&mut tx, Some(access.tenant.id), message).await?;
    let details = serde_json::json!({ "invitation": invitation, "email": email.as_str() });
    audit::record(&mut tx, access.audit("round.reviewer_invited", "round", id).details(details)).await?;
    tx.commit().await?;
    Ok(invitation)
}

/// Withdraws an open invitation of the round (staff); 404 when it is not one.
pub async fn revoke_round_invitation(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
    invitation: RoundInvitationId,
) -> Result<(), AppError> {
    let mut tx = access.db(pool).await?;
    managed_round(&mut tx, access, id, true).await?;
    if !store::revoke_invitation(&mut tx, id, invitation).await? {
        return Err(AppError::NotFound);
    }
    let details = serde_json::json!({ "invitation": invitation });
    audit::record(&mut tx, access.audit("round.invitation_revoked", "round", id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// An open invitation for the reader's confirmed address: the round, its call and who invited.
pub struct OpenInvitation {
    pub round: Round,
    pub call: Call,
    pub invitation: RoundInvitation,
}

/// What the join page shows the signed-in person.
pub enum Joining {
    Invited(Box<OpenInvitation>),
    /// They are a reviewer of the round already.
    Joined {
        round: Round,
    },
    /// An invitation for their address waits for the address to be confirmed.
    Unconfirmed,
    /// Nothing here for their address (no such round, no open invitation, or the round closed):
    /// the page says so without telling which, and answers 404.
    NotForYou,
}

/// The join page's question for the signed-in person (401 when signed out): `NotForYou` when
/// there is nothing for them here, the same whether the round exists or not, so the page tells a
/// stranger nothing about the round.
pub async fn joining(db: &mut TenantTx, access: &Access, id: RoundId) -> Result<Joining, AppError> {
    let user = access.user()?;
    let Some(round) = store::round(db, id, false).await? else { return Ok(Joining::NotForYou) };
    if store::is_reviewer(db, id, user.id).await? {
        return Ok(Joining::Joined { round });
    }
    let Some(invitation) = store::open_invitation_for(db, id, &user.email).await? else {
        return Ok(Joining::NotForYou);
    };
    if round.closes_at <= Utc::now() {
        return Ok(Joining::NotForYou);
    }
    if !user.email_verified {
        return Ok(Joining::Unconfirmed);
    }
    let call = calls::service::call_by_id(db, round.call_id).await?;
    Ok(Joining::Invited(Box::new(OpenInvitation { round, call, invitation })))
}

/// Accepts the open invitation of the round for the signed-in person's confirmed address: they
/// become a reviewer of the round (for it alone). 404 as for `joining`; 403 while their address
/// is not confirmed (the confirmation proves the address, and so the invitation, is theirs).
pub async fn accept_round_invitation(pool: &PgPool, access: &Access, id: RoundId) -> Result<(), AppError> {
    let user = access.user()?;
    let mut tx = access.db(pool).await?;
    let round = store::round(&mut tx, id, true).await?.ok_or(AppError::NotFound)?;
    let invitation = store::open_invitation_for(&mut tx, id, &user.email).await?.ok_or(AppError::NotFound)?;
    if round.closes_at <= Utc::now() {
        return Err(AppError::NotFound);
    }
    if !user.email_verified {
        return Err(AppError::Forbidden);
    }
    store::mark_invitation_accepted(&mut tx, invitation.id, user.id).await?;
    store::add_reviewer(&mut tx, id, user.id, true).await?;
    let details = serde_json::json!({ "invitation": invitation.id });
    audit::record(&mut tx, access.audit("round.invitation_accepted", "round", id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// What the tenant's home page tells a signed-in person about reviewing by invitation.
#[derive(Default)]
pub struct InvitedReviewing {
    /// They review in some round through an invitation (so their rounds page is theirs too).
    pub reviews_by_invitation: bool,
    /// Rounds inviting their address, not accepted yet: (round, name).
    pub invitations: Vec<(RoundId, String)>,
}

/// `InvitedReviewing` for the signed-in person; nothing for the signed-out.
pub async fn invited_reviewing(db: &mut TenantTx, access: &Access) -> Result<InvitedReviewing, AppError> {
    let Some(user) = &access.user else { return Ok(InvitedReviewing::default()) };
    Ok(InvitedReviewing {
        reviews_by_invitation: store::reviews_by_invitation(db, user.id).await?,
        invitations: store::invitations_for_address(db, &user.email).await?,
    })
}
