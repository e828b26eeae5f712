//! Verb functions for accounts. Each runs in one transaction: check, write, audit, queue emails.

use chrono::{Duration, Utc};
use sqlx::{PgConnection, PgPool};

use super::domain::{ApiToken, DisplayName, Email, NewPassword, User, parse_lang, parse_zone};
use super::domain::{CommentEmails, TokenPurpose};
use super::secrets::{hash_password, hash_token, issue_token, verify_password};
use super::store::{self, NewUser};
use crate::audit;
use crate::config::Config;
use crate::db::is_unique_violation;
use crate::error::{AppError, FieldErrors};
use crate::i18n::{Lang, TimeZone};
use crate::ids::{ApiTokenId, TenantId, UserId};
use crate::notify::{emails, enqueue};

/// How many failed sign-ins within 15 minutes lock an account, and a client address.
pub const MAX_FAILURES_PER_ACCOUNT: i64 = 5;
pub const MAX_FAILURES_PER_CLIENT: i64 = 20;

const VERIFY_LINK_LIFETIME: Duration = Duration::hours(48);
const RESET_LINK_LIFETIME: Duration = Duration::hours(1);

/// A person by id (whom a session names); None when the account is gone.
pub async fn user(conn: &mut PgConnection, id: UserId) -> Result<Option<User>, AppError> {
    Ok(store::user_by_id(conn, id).await?)
}

/// The person a live personal API token belongs to (the token is marked used); None for an
/// unknown or revoked token.
pub async fn user_for_api_token(conn: &mut PgConnection, token: &str) -> Result<Option<User>, AppError> {
    Ok(store::user_by_api_token(conn, &hash_token(token)).await?)
}

pub struct SignUp<'a> {
    pub display_name: &'a str,
    pub email: &'a str,
    pub password: &'a str,
    pub lang: Lang,
    pub zone: TimeZone,
    /// Where the person was going (a call's page), a same-site path the caller checked: the
    /// confirmation link leads back there. `/` or empty for nowhere in particular.
    pub next: &'a str,
}

/// Creates an unverified account and emails a verification link. When the email already has an
/// account, its owner gets a "you already have an account" email instead: the answer on screen is
/// the same, so the form never reveals who is registered.
pub async fn sign_up(pool: &PgPool, config: &Config, input: SignUp<'_>) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    let name = errors.check("display_name", DisplayName::parse(input.display_name));
    let email = errors.check("email", Email::parse(input.email));
    let context: Vec<&str> = [input.email, input.display_name].into_iter().filter(|s| !s.is_empty()).collect();
    let password = errors.check("password", NewPassword::parse(input.password, &context));
    errors.clone().into_result()?;
    let (Some(name), Some(email), Some(password)) = (name, email, password) else {
        return Err(AppError::Validation(errors));
    };
    let password_hash = hash_password(password.expose().to_string()).await?;

    // Account emails belong to no tenant (`tenant_id` null): no host's outbox shows them.
    let mut tx = pool.begin().await?;
    if let Some(existing) = store::user_by_email(&mut tx, email.as_str()).await? {
        let link = config.link("/password/forgot");
        let email = emails::account_exists(
            existing.lang,
            &existing.email,
            &existing.display_name,
            &config.link("/login"),
            &link,
        );
        enqueue(&mut tx, None, email).await?;
        tx.commit().await?;
        return Ok(());
    }
    let id = UserId::new();
    let inserted = store::insert_user(
        &mut tx,
        NewUser {
            id,
            email: email.as_str(),
            password_hash: &password_hash,
            display_name: name.as_str(),
            lang: input.lang,
            zone: input.zone,
            verified: false,
        },
    )
    .await;
    if let Err(error) = inserted {
        // Two sign-ups with one email at the same instant: the loser is treated like a duplicate.
        if is_unique_violation(&error, "users_email_key") {
            return Ok(());
        }
        return Err(error.into());
    }
    send_verification(&mut tx, config, id, (email.as_str(), name.as_str(), input.lang), input.next).await?;
    audit::record(&mut tx, audit::Entry::new("account.signed_up", "user", id.0).actor(id)).await?;
    tx.commit().await?;
    Ok(())
}

/// Emails the person (email, name, language) a confirmation link; with `next` (a same-site path
/// the caller checked), the link carries it so that confirming leads back there.
async fn send_verification(
    conn: &mut sqlx::PgConnection,
    config: &Config,
    user_id: UserId,
    (email, name, lang): (&str, &str, Lang),
    next: &str,
) -> Result<(), AppError> {
    let token = issue_token("");
    store::insert_user_token(conn, user_id, TokenPurpose::VerifyEmail, &token.hash, Utc::now() + VERIFY_LINK_LIFETIME)
        .await?;
    let return_to = if next.len() > 1 {
        format!("?next={}", url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>())
    } else {
        String::new()
    };
    let link = config.link(&format!("/verify-email/{}{return_to}", token.plain));
    enqueue(conn, None, emails::verify_email(lang, email, name, &link)).await?;
    Ok(())
}

/// Sends a fresh verification link to a signed-in, unverified person; the link leads back to
/// `next` (a same-site path the caller checked).
pub async fn resend_verification(pool: &PgPool, config: &Config, user: &User, next: &str) -> Result<(), AppError> {
    if user.email_verified {
        return Ok(());
    }
    let mut tx = pool.begin().await?;
    send_verification(&mut tx, config, user.id, (&user.email, &user.display_name, user.lang), next).await?;
    tx.commit().await?;
    Ok(())
}

/// What opening a confirmation link did.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Confirmation {
    /// This link confirmed the address of the account `UserId`.
    Confirmed(UserId),
    /// A link used before (or expired) whose account's address is confirmed already.
    AlreadyConfirmed(UserId),
    /// Unknown, or expired before its address was confirmed.
    Dead,
}

/// Confirms the address a confirmation link was sent to (the link is single use).
pub async fn verify_email(pool: &PgPool, token: &str) -> Result<Confirmation, AppError> {
    let mut tx = pool.begin().await?;
    let hash = hash_token(token);
    let Some(user_id) = store::take_user_token(&mut tx, TokenPurpose::VerifyEmail, &hash).await? else {
        let earlier = store::token_owner_confirmed(&mut tx, TokenPurpose::VerifyEmail, &hash).await?;
        return Ok(match earlier {
            Some((user_id, true)) => Confirmation::AlreadyConfirmed(user_id),
            _ => Confirmation::Dead,
        });
    };
    store::mark_verified(&mut tx, user_id).await?;
    audit::record(&mut tx, audit::Entry::new("account.email_verified", "user", user_id.0).actor(user_id)).await?;
    tx.commit().await?;
    Ok(Confirmation::Confirmed(user_id))
}

pub enum LoginOutcome {
    /// The person, and the session epoch their session begins in.
    SignedIn(UserId, i32),
    WrongCredentials,
    Throttled,
}

/// Checks a sign-in. Failures count against the account and the client address for 15 minutes;
/// past the limit every attempt is refused the same way, known account or not.
pub async fn log_in(pool: &PgPool, email: &str, password: &str, client_ip: &str) -> Result<LoginOutcome, AppError> {
    let email = email.trim();
    let mut conn = pool.acquire().await?;
    let (account_failures, client_failures) = store::recent_failures(&mut conn, email, client_ip).await?;
    if account_failures >= MAX_FAILURES_PER_ACCOUNT || client_failures >= MAX_FAILURES_PER_CLIENT {
        return Ok(LoginOutcome::Throttled);
    }
    let stored = store::password_hash_for(&mut conn, email).await?;
    let (user_id, hash, epoch) = match stored {
        Some((id, hash, epoch)) => (Some(id), Some(hash), epoch),
        None => (None, None, 0),
    };
    // Give the connection back before hashing and before the transaction takes another.
    drop(conn);
    let matches = verify_password(password.to_string(), hash).await?;
    match user_id {
        Some(user_id) if matches => {
            let mut tx = pool.begin().await?;
            store::clear_failures(&mut tx, email).await?;
            audit::record(&mut tx, audit::Entry::new("account.logged_in", "user", user_id.0).actor(user_id)).await?;
            tx.commit().await?;
            Ok(LoginOutcome::SignedIn(user_id, epoch))
        }
        _ => {
            let mut conn = pool.acquire().await?;
            store::record_failure(&mut conn, email, client_ip).await?;
            Ok(LoginOutcome::WrongCredentials)
        }
    }
}

/// Emails a reset link when the address has an account; silent otherwise (same screen either way).
pub async fn request_password_reset(pool: &PgPool, config: &Config, email: &str) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    let email = errors.check("email", Email::parse(email));
    errors.clone().into_result()?;
    let Some(email) = email else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = pool.begin().await?;
    if let Some(user) = store::user_by_email(&mut tx, email.as_str()).await? {
        let token = issue_token("");
        store::insert_user_token(
            &mut tx,
            user.id,
            TokenPurpose::ResetPassword,
            &token.hash,
            Utc::now() + RESET_LINK_LIFETIME,
        )
        .await?;
        let link = config.link(&format!("/password/reset/{}", token.plain));
        enqueue(&mut tx, None, emails::reset_password(user.lang, &user.email, &user.display_name, &link)).await?;
    }
    tx.commit().await?;
    Ok(())
}

/// Whether a reset link is still usable (to show the form or the "expired" page).
pub async fn reset_link_is_live(conn: &mut PgConnection, token: &str) -> Result<bool, AppError> {
    Ok(store::peek_user_token(conn, TokenPurpose::ResetPassword, &hash_token(token)).await?.is_some())
}

pub enum ResetOutcome {
    Changed,
    LinkDead,
}

/// Sets a new password through a reset link, which is used up (as are the person's other links).
pub async fn reset_password(
    pool: &PgPool,
    token: &str,
    password: &str,
    confirmation: &str,
) -> Result<ResetOutcome, AppError> {
    let mut errors = FieldErrors::new();
    let mut tx = pool.begin().await?;
    let Some(user_id) = store::peek_user_token(&mut tx, TokenPurpose::ResetPassword, &hash_token(token)).await? else {
        return Ok(ResetOutcome::LinkDead);
    };
    let user = store::user_by_id(&mut tx, user_id).await?.ok_or(AppError::NotFound)?;
    let password = errors.check("password", NewPassword::parse(password, &[&user.email, &user.display_name]));
    if password.is_some() && password.as_ref().map(NewPassword::expose) != Some(confirmation) {
        errors.add("password_confirmation", "error-password-confirmation");
    }
    errors.clone().into_result()?;
    let Some(password) = password else {
        return Err(AppError::Validation(errors));
    };
    let hash = hash_password(password.expose().to_string()).await?;
    if store::take_user_token(&mut tx, TokenPurpose::ResetPassword, &hash_token(token)).await?.is_none() {
        return Ok(ResetOutcome::LinkDead);
    }
    store::set_password(&mut tx, user_id, &hash).await?;
    store::expire_user_tokens(&mut tx, user_id, TokenPurpose::ResetPassword).await?;
    // The link reached their inbox, so the address is theirs.
    store::mark_verified(&mut tx, user_id).await?;
    store::clear_failures(&mut tx, &user.email).await?;
    audit::record(&mut tx, audit::Entry::new("account.password_reset", "user", user_id.0).actor(user_id)).await?;
    tx.commit().await?;
    Ok(ResetOutcome::Changed)
}

pub struct ProfileEdit<'a> {
    pub display_name: &'a str,
    pub language: &'a str,
    pub time_zone: &'a str,
    pub version: i32,
}

/// Saves the profile if nobody changed it since `version` was read; a stale edit is a conflict.
pub async fn update_profile(pool: &PgPool, user: &User, edit: ProfileEdit<'_>) -> Result<(), AppError> {
    let mut errors = FieldErrors::new();
    let name = errors.check("display_name", DisplayName::parse(edit.display_name));
    let lang = errors.check("language", parse_lang(edit.language));
    let zone = errors.check("time_zone", parse_zone(edit.time_zone));
    errors.clone().into_result()?;
    let (Some(name), Some(lang), Some(zone)) = (name, lang, zone) else {
        return Err(AppError::Validation(errors));
    };
    let mut tx = pool.begin().await?;
    if !store::update_profile(&mut tx, user.id, edit.version, name.as_str(), lang, zone).await? {
        return Err(AppError::Stale("error-stale-profile"));
    }
    audit::record(
        &mut tx,
        audit::Entry::new("account.profile_updated", "user", user.id.0)
            .actor(user.id)
            .details(serde_json::json!({ "language": lang.code(), "time_zone": zone.name() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Creates a personal API token; the plain token is returned once and never stored.
pub async fn create_api_token(pool: &PgPool, user: &User, name: &str) -> Result<(ApiTokenId, String), AppError> {
    let name = name.trim();
    let mut errors = FieldErrors::new();
    if name.is_empty() {
        errors.add("token_name", "error-token-name-missing");
    } else if name.chars().count() > 100 {
        errors.add("token_name", "error-token-name-too-long");
    }
    errors.into_result()?;
    let token = issue_token("ssp_");
    let id = ApiTokenId::new();
    let mut tx = pool.begin().await?;
    store::insert_api_token(&mut tx, id, user.id, name, &token.hash).await?;
    audit::record(
        &mut tx,
        audit::Entry::new("api_token.created", "api_token", id.0)
            .actor(user.id)
            .details(serde_json::json!({ "name": name })),
    )
    .await?;
    tx.commit().await?;
    Ok((id, token.plain))
}

pub async fn revoke_api_token(pool: &PgPool, user: &User, id: ApiTokenId) -> Result<(), AppError> {
    let mut tx = pool.begin().await?;
    if !store::revoke_api_token(&mut tx, user.id, id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, audit::Entry::new("api_token.revoked", "api_token", id.0).actor(user.id)).await?;
    tx.commit().await?;
    Ok(())
}

/// The person's live API tokens, newest first (names and dates only: tokens are never stored).
pub async fn api_tokens(conn: &mut PgConnection, user: &User) -> Result<Vec<ApiToken>, AppError> {
    Ok(store::live_api_tokens(conn, user.id).await?)
}

/// Forgets sign-in failures older than the throttle needs (a day), so the table stays small.
pub async fn prune_login_failures(pool: &PgPool) -> Result<(), AppError> {
    Ok(store::prune_login_failures(pool).await?)
}

// For other capabilities' units of work: each runs inside the caller's transaction, which
// decides (and records) why the account is read or changed.

/// Gives someone who never chose a time zone (still UTC) the zone `zone`, e.g. their
/// organisation's country's; a zone they chose is kept. Returns whether it changed.
pub async fn adopt_zone(conn: &mut PgConnection, id: UserId, zone: TimeZone) -> Result<bool, AppError> {
    Ok(store::adopt_zone(conn, id, zone).await?)
}

/// The account with this email, if any.
pub async fn user_with_email(conn: &mut PgConnection, email: &str) -> Result<Option<User>, AppError> {
    Ok(store::user_by_email(conn, email).await?)
}

/// A new account for `email` whose owner proved they read it (an invitation link reached them):
/// checks the name and password as sign-up does (field errors `display_name`, `password`) and
/// creates the account already confirmed. Audited as a sign-up in `tenant_id`.
pub async fn create_confirmed_account(
    conn: &mut PgConnection,
    email: &str,
    display_name: &str,
    password: &str,
    lang: Lang,
    zone: TimeZone,
    tenant_id: TenantId,
) -> Result<UserId, AppError> {
    let mut errors = FieldErrors::new();
    let name = errors.check("display_name", DisplayName::parse(display_name));
    let password = errors.check("password", NewPassword::parse(password, &[email, display_name]));
    let (Some(name), Some(password)) = (name, password) else {
        return Err(AppError::Validation(errors));
    };
    let hash = hash_password(password.expose().to_string()).await?;
    let id = UserId::new();
    let new = NewUser { id, email, password_hash: &hash, display_name: name.as_str(), lang, zone, verified: true };
    store::insert_user(conn, new).await?;
    audit::record(conn, audit::Entry::new("account.signed_up", "user", id).tenant(tenant_id).actor(id)).await?;
    Ok(id)
}

/// Marks the address confirmed: a link sent to it was used.
pub async fn confirm_email(conn: &mut PgConnection, id: UserId) -> Result<(), AppError> {
    Ok(store::mark_verified(conn, id).await?)
}

/// How the person hears of comments: an email each, or a daily digest.
pub async fn comment_emails(conn: &mut PgConnection, user: &User) -> Result<CommentEmails, AppError> {
    Ok(store::comment_emails(conn, user.id).await?)
}

/// Saves how the person hears of comments. Errors: 422 (`comment_emails`) for anything but
/// `immediate` or `daily`.
pub async fn set_comment_emails(pool: &PgPool, user: &User, choice: &str) -> Result<(), AppError> {
    let choice = CommentEmails::from_name(choice.trim())
        .ok_or_else(|| AppError::invalid("comment_emails", "error-comment-emails"))?;
    let mut tx = pool.begin().await?;
    store::set_comment_emails(&mut tx, user.id, choice).await?;
    let details = serde_json::json!({ "comment_emails": choice });
    audit::record(
        &mut tx,
        audit::Entry::new("account.comment_emails_set", "user", user.id.0).actor(user.id).details(details),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
