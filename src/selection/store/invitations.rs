//! Invitations to review in one round: written by staff, accepted by the invited address.

use super::super::domain::RoundInvitation;
use crate::db::wall::TenantTx;
use crate::ids::{RoundId, RoundInvitationId, UserId};

const INVITATION_COLUMNS: &str = "i.id, i.round_id, i.email::text as email, u.display_name as invited_by_name,
    i.created_at, i.accepted_at, i.revoked_at";

/// Writes an open invitation; false when the address already has one for the round.
pub async fn insert_invitation(
    db: &mut TenantTx,
    id: RoundInvitationId,
    round: RoundId,
    email: &str,
    by: UserId,
) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "insert into round_invitations (tenant_id, id, round_id, email, invited_by) values ($1, $2, $3, $4, $5)
         on conflict (tenant_id, round_id, email) where accepted_at is null and revoked_at is null do nothing",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(round)
    .bind(email)
    .bind(by)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// The round's open invitations, newest first (at most 200).
pub async fn open_invitations(db: &mut TenantTx, round: RoundId) -> sqlx::Result<Vec<RoundInvitation>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {INVITATION_COLUMNS}
           from round_invitations i left join users u on u.id = i.invited_by
          where i.tenant_id = $1 and i.round_id = $2 and i.accepted_at is null and i.revoked_at is null
          order by i.created_at desc, i.id
          limit 200"
    ))
    .bind(tenant_id)
    .bind(round)
    .fetch_all(&mut **db)
    .await
}

/// The open invitation of the round for `email`, locked for accepting.
pub async fn open_invitation_for(
    db: &mut TenantTx,
    round: RoundId,
    email: &str,
) -> sqlx::Result<Option<RoundInvitation>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {INVITATION_COLUMNS}
           from round_invitations i left join users u on u.id = i.invited_by
          where i.tenant_id = $1 and i.round_id = $2 and i.email = $3::citext and i.accepted_at is null and i.revoked_at is null
          for update of i"
    ))
    .bind(tenant_id)
    .bind(round)
    .bind(email)
    .fetch_optional(&mut **db)
    .await
}

pub async fn mark_invitation_accepted(db: &mut TenantTx, id: RoundInvitationId, user: UserId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update round_invitations set accepted_at = now(), accepted_by = $3
          where tenant_id = $1 and id = $2 and accepted_at is null and revoked_at is null",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(user)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Withdraws an open invitation of the round; false when there is none so.
pub async fn revoke_invitation(db: &mut TenantTx, round: RoundId, id: RoundInvitationId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let result = sqlx::query(
        "update round_invitations set revoked_at = now()
          where tenant_id = $1 and round_id = $2 and id = $3 and accepted_at is null and revoked_at is null",
    )
    .bind(tenant_id)
    .bind(round)
    .bind(id)
    .execute(&mut **db)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Whether the person reviews in some round through an invitation.
pub async fn reviews_by_invitation(db: &mut TenantTx, user: UserId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    sqlx::query_scalar(
        "select exists (select 1 from round_reviewers where tenant_id = $1 and user_id = $2 and invited)",
    )
    .bind(tenant_id)
    .bind(user)
    .fetch_one(&mut **db)
    .await
}

/// The rounds not closed yet with an open invitation for `email`: (round, name), soonest closing
/// first (at most 20).
pub async fn invitations_for_address(db: &mut TenantTx, email: &str) -> sqlx::Result<Vec<(RoundId, String)>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select r.id, r.name
           from round_invitations i join review_rounds r on r.tenant_id = i.tenant_id and r.id = i.round_id
          where i.tenant_id = $1 and i.email = $2::citext and i.accepted_at is null and i.revoked_at is null
            and r.closes_at > now()
          order by r.closes_at, r.id
          limit 20",
    )
    .bind(tenant_id)
    .bind(email)
    .fetch_all(&mut **db)
    .await
}
