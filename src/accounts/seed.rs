//! Inserts without policy, for the demo loader and the tests' fixtures only: no page or API
//! reaches them. Everything else goes through `service.rs`.

use sqlx::PgConnection;

use super::store;
pub use super::store::NewUser;
use crate::i18n::{Lang, TimeZone};
use crate::ids::UserId;

/// Creates an account as given (`verified` or not). Fails on an email that has an account.
pub async fn user(conn: &mut PgConnection, new: NewUser<'_>) -> sqlx::Result<()> {
    store::insert_user(conn, new).await
}

/// The account with this email, or a new confirmed one (English, Paris time) with `password_hash`.
pub async fn ensure_user(
    conn: &mut PgConnection,
    email: &str,
    display_name: &str,
    password_hash: &str,
) -> sqlx::Result<UserId> {
    if let Some(user) = store::user_by_email(conn, email).await? {
        return Ok(user.id);
    }
    let id = UserId::new();
    let zone = TimeZone::from(chrono_tz::Europe::Paris);
    let new = NewUser { id, email, password_hash, display_name, lang: Lang::En, zone, verified: true };
    store::insert_user(conn, new).await?;
    Ok(id)
}
