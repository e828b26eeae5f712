//! SQL for accounts: users, email tokens, API tokens, sign-in failures. Private to `accounts`.

use chrono::{DateTime, Utc};
use sqlx::{PgConnection, PgPool};
use uuid::Uuid;

use super::domain::{ApiToken, TokenPurpose, USER_COLUMNS, User};
use crate::i18n::{Lang, TimeZone};
use crate::ids::{ApiTokenId, UserId};

pub async fn user_by_id(conn: &mut PgConnection, id: UserId) -> sqlx::Result<Option<User>> {
    sqlx::query_as(&format!("select {USER_COLUMNS} from users u where u.id = $1")).bind(id).fetch_optional(conn).await
}

pub async fn user_by_email(conn: &mut PgConnection, email: &str) -> sqlx::Result<Option<User>> {
    sqlx::query_as(&format!("select {USER_COLUMNS} from users u where u.email = $1::citext"))
        .bind(email)
        .fetch_optional(conn)
        .await
}

/// The user behind a live API token; marks the token used (at most once a minute, to spare writes).
pub async fn user_by_api_token(conn: &mut PgConnection, token_hash: &str) -> sqlx::Result<Option<User>> {
    let user: Option<User> = sqlx::query_as(&format!(
        "select {USER_COLUMNS} from api_tokens t join users u on u.id = t.user_id
         where t.token_hash = $1 and t.revoked_at is null"
    ))
    .bind(token_hash)
    .fetch_optional(&mut *conn)
    .await?;
    if user.is_some() {
        sqlx::query(
            "update api_tokens set last_used_at = now()
             where token_hash = $1 and (last_used_at is null or last_used_at < now() - interval '1 minute')",
        )
        .bind(token_hash)
        .execute(conn)
        .await?;
    }
    Ok(user)
}

/// The stored hash for a sign-in attempt.
/// (id, password hash, session epoch) of the account with this email.
pub async fn password_hash_for(conn: &mut PgConnection, email: &str) -> sqlx::Result<Option<(UserId, String, i32)>> {
    sqlx::query_as("select id, password_hash, session_epoch from users where email = $1::citext")
        .bind(email)
        .fetch_optional(conn)
        .await
}

pub struct NewUser<'a> {
    pub id: UserId,
    pub email: &'a str,
    pub password_hash: &'a str,
    pub display_name: &'a str,
    pub lang: Lang,
    pub zone: TimeZone,
    pub verified: bool,
}

/// Fails with a unique violation on `users_email_key` when the email is taken.
pub async fn insert_user(conn: &mut PgConnection, user: NewUser<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into users (id, email, password_hash, display_name, locale, time_zone, email_verified_at)
         values ($1, $2, $3, $4, $5, $6, case when $7 then now() end)",
    )
    .bind(user.id)
    .bind(user.email)
    .bind(user.password_hash)
    .bind(user.display_name)
    .bind(user.lang)
    .bind(user.zone)
    .bind(user.verified)
    .execute(conn)
    .await?;
    Ok(())
}

/// Applies a profile edit made on `version`; false when someone saved in between.
pub async fn update_profile(
    conn: &mut PgConnection,
    id: UserId,
    version: i32,
    display_name: &str,
    lang: Lang,
    zone: TimeZone,
) -> sqlx::Result<bool> {
    let result = sqlx::query(
        "update users set display_name = $3, locale = $4, time_zone = $5, version = version + 1
         where id = $1 and version = $2",
    )
    .bind(id)
    .bind(version)
    .bind(display_name)
    .bind(lang)
    .bind(zone)
    .execute(conn)
    .await?;
    Ok(result.rows_affected() == 1)
}

/// Sets a new password and ends every session of the person (a new session epoch).
pub async fn set_password(conn: &mut PgConnection, id: UserId, password_hash: &str) -> sqlx::Result<()> {
    sqlx::query(
        "update users set password_hash = $2, version = version + 1, session_epoch = session_epoch + 1 where id = $1",
    )
    .bind(id)
    .bind(password_hash)
    .execute(conn)
    .await?;
    Ok(())
}

pub async fn mark_verified(conn: &mut PgConnection, id: UserId) -> sqlx::Result<()> {
    sqlx::query("update users set email_verified_at = coalesce(email_verified_at, now()) where id = $1")
        .bind(id)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn insert_user_token(
    conn: &mut PgConnection,
    user_id: UserId,
    purpose: TokenPurpose,
    token_hash: &str,
    expires_at: DateTime<Utc>,
) -> sqlx::Result<()> {
    sqlx::query("insert into user_tokens (id, user_id, purpose, token_hash, expires_at) values ($1, $2, $3, $4, $5)")
        .bind(Uuid::now_v7())
        .bind(user_id)
        .bind(purpose)
        .bind(token_hash)
        .bind(expires_at)
        .execute(conn)
        .await?;
    Ok(())
}

/// Is the token live (unused, unexpired)? Does not use it up.
pub async fn peek_user_token(
    conn: &mut PgConnection,
    purpose: TokenPurpose,
    token_hash: &str,
) -> sqlx::Result<Option<UserId>> {
    sqlx::query_scalar(
        "select user_id from user_tokens where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()",
    )
    .bind(token_hash)
    .bind(purpose)
    .fetch_optional(conn)
    .await
}

/// Uses a live token up, returning its user; None when unknown, used or expired.
pub async fn take_user_token(
    conn: &mut PgConnection,
    purpose: TokenPurpose,
    token_hash: &str,
) -> sqlx::Result<Option<UserId>> {
    sqlx::query_scalar(
        "update user_tokens set used_at = now()
         where token_hash = $1 and purpose = $2 and used_at is null and expires_at > now()
         returning user_id",
    )
    .bind(token_hash)
    .bind(purpose)
    .fetch_optional(conn)
    .await
}

/// Whose link this was (used or expired, any purpose's token), and whether their address is
/// confirmed: a confirmation link opened again reads as done, not as a dead end.
pub async fn token_owner_confirmed(
    conn: &mut PgConnection,
    purpose: TokenPurpose,
    token_hash: &str,
) -> sqlx::Result<Option<(UserId, bool)>> {
    sqlx::query_as(
        "select t.user_id, u.email_verified_at is not null from user_tokens t join users u on u.id = t.user_id
         where t.token_hash = $1 and t.purpose = $2",
    )
    .bind(token_hash)
    .bind(purpose)
    .fetch_optional(conn)
    .await
}

/// After a reset, older reset links of that person stop working too.
pub async fn expire_user_tokens(conn: &mut PgConnection, user_id: UserId, purpose: TokenPurpose) -> sqlx::Result<()> {
    sqlx::query("update user_tokens set used_at = now() where user_id = $1 and purpose = $2 and used_at is null")
        .bind(user_id)
        .bind(purpose)
        .execute(conn)
        .await?;
    Ok(())
}

/// Failed sign-ins in the throttle window, for the account and for the client address.
pub async fn recent_failures(conn: &mut PgConnection, email: &str, client_ip: &str) -> sqlx::Result<(i64, i64)> {
    sqlx::query_as(
        "select
           (select count(*) from login_failures where email = $1::citext and created_at > now() - interval '15 minutes'),
           (select count(*) from login_failures where client_ip = $2 and created_at > now() - interval '15 minutes')",
    )
    .bind(email)
    .bind(client_ip)
    .fetch_one(conn)
    .await
}

pub async fn record_failure(conn: &mut PgConnection, email: &str, client_ip: &str) -> sqlx::Result<()> {
    sqlx::query("insert into login_failures (email, client_ip) values ($1, $2)")
        .bind(email)
        .bind(client_ip)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn clear_failures(conn: &mut PgConnection, email: &str) -> sqlx::Result<()> {
    sqlx::query("delete from login_failures where email = $1::citext").bind(email).execute(conn).await?;
    Ok(())
}

pub async fn prune_login_failures(pool: &PgPool) -> sqlx::Result<()> {
    sqlx::query("delete from login_failures where created_at < now() - interval '1 day'").execute(pool).await?;
    Ok(())
}

pub async fn insert_api_token(
    conn: &mut PgConnection,
    id: ApiTokenId,
    user_id: UserId,
    name: &str,
    hash: &str,
) -> sqlx::Result<()> {
    sqlx::query("insert into api_tokens (id, user_id, name, token_hash) values ($1, $2, $3, $4)")
        .bind(id)
        .bind(user_id)
        .bind(name)
        .bind(hash)
        .execute(conn)
        .await?;
    Ok(())
}

pub async fn live_api_tokens(conn: &mut PgConnection, user_id: UserId) -> sqlx::Result<Vec<ApiToken>> {
    sqlx::query_as(
        "select id, name, created_at, last_used_at from api_tokens
         where user_id = $1 and revoked_at is null order by created_at desc limit 100",
    )
    .bind(user_id)
    .fetch_all(conn)
    .await
}

/// Revokes one of the user's own tokens; false when it is not theirs or already revoked.
pub async fn revoke_api_token(conn: &mut PgConnection, user_id: UserId, id: ApiTokenId) -> sqlx::Result<bool> {
    let result =
        sqlx::query("update api_tokens set revoked_at = now() where id = $1 and user_id = $2 and revoked_at is null")
            .bind(id)
            .bind(user_id)
            .execute(conn)
            .await?;
    Ok(result.rows_affected() == 1)
}

/// Sets the time zone of someone still on the default (UTC); false when they had chosen one.
pub async fn adopt_zone(conn: &mut PgConnection, id: UserId, zone: TimeZone) -> sqlx::Result<bool> {
    let updated = sqlx::query("update users set time_zone = $2 where id = $1 and time_zone = 'UTC'")
        .bind(id)
        .bind(zone)
        .execute(conn)
        .await?;
    Ok(updated.rows_affected() == 1)
}

/// How the person hears of comments.
pub async fn comment_emails(conn: &mut PgConnection, id: UserId) -> sqlx::Result<super::domain::CommentEmails> {
    sqlx::query_scalar("select comment_emails from users where id = $1").bind(id).fetch_one(conn).await
}

pub async fn set_comment_emails(
    conn: &mut PgConnection,
    id: UserId,
    choice: super::domain::CommentEmails,
) -> sqlx::Result<()> {
    sqlx::query("update users set comment_emails = $2 where id = $1").bind(id).bind(choice).execute(conn).await?;
    Ok(())
}
