//! The tenant wall's database layer: transactions that say, to PostgreSQL's row-level security,
//! whose rows they may touch.
//!
//! Every tenant-owned table has forced row-level security (migration `0013_tenant_walls.sql`)
//! whose policies read per-transaction settings:
//! - `app.tenant_id`: the tenant whose rows a [`TenantTx`] may read and write, and the only way
//!   a request reaches tenant rows;
//! - `app.user_id`: set by [`begin_as_person`], it admits the person's own memberships in every
//!   tenant (the tenants on their dashboard, `/api/v1/me`, their standing when a page opens);
//! - `app.mail_delivery`: set by [`begin_mail_delivery`], it admits the outbox to the delivery
//!   worker, which sends every tenant's mail.
//!
//! The settings are made with `set_config(…, true)`, local to the transaction, so none outlives
//! its transaction on a pooled connection. A connection with none set sees no tenant rows and
//! may write none (only platform rows of the outbox and audit log, whose `tenant_id` is null).

use std::ops::{Deref, DerefMut};

use sqlx::{PgConnection, PgPool, Postgres, Transaction};

use crate::ids::{TenantId, UserId};

/// A transaction inside one tenant's wall: PostgreSQL admits only that tenant's rows to it, and
/// [`TenantTx::tenant`] is the same tenant for the store's own filters, so the two cannot disagree.
/// Obtained only by [`TenantTx::begin`], which sets the wall. Dropped without
/// [`commit`](Self::commit), it rolls back (reads need not commit).
pub struct TenantTx {
    tx: Transaction<'static, Postgres>,
    tenant: TenantId,
}

impl TenantTx {
    /// Begins a transaction on a pooled connection with the wall set to `tenant`, in one round
    /// trip (`begin` and `set_config` sent together).
    pub async fn begin(pool: &PgPool, tenant: TenantId) -> sqlx::Result<Self> {
        Ok(Self { tx: begin_with_setting(pool, "app.tenant_id", &tenant.to_string()).await?, tenant })
    }

    /// The tenant the wall admits.
    pub fn tenant(&self) -> TenantId {
        self.tenant
    }

    pub async fn commit(self) -> sqlx::Result<()> {
        self.tx.commit().await
    }
}

impl Deref for TenantTx {
    type Target = PgConnection;
    fn deref(&self) -> &PgConnection {
        &self.tx
    }
}

impl DerefMut for TenantTx {
    fn deref_mut(&mut self) -> &mut PgConnection {
        &mut self.tx
    }
}

/// A transaction that sees the person's own memberships in every tenant and no other tenant
/// rows: for what a person reads about themselves across tenants.
pub async fn begin_as_person(pool: &PgPool, user: UserId) -> sqlx::Result<Transaction<'static, Postgres>> {
    begin_with_setting(pool, "app.user_id", &user.to_string()).await
}

/// A transaction in which the outbox of every tenant is visible: for the mail delivery worker
/// only.
pub async fn begin_mail_delivery(pool: &PgPool) -> sqlx::Result<Transaction<'static, Postgres>> {
    begin_with_setting(pool, "app.mail_delivery", "on").await
}

/// `begin` and a transaction-local setting in one round trip (one simple query, so no binds: the
/// callers pass uuids and `on`, which need no quoting, and this refuses anything else).
async fn begin_with_setting(pool: &PgPool, name: &str, value: &str) -> sqlx::Result<Transaction<'static, Postgres>> {
    let plain = |s: &str| s.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_' || b == b'.');
    if !plain(name) || !plain(value) {
        return Err(sqlx::Error::Protocol(format!("unsafe setting {name}={value:?}")));
    }
    pool.begin_with(format!("begin; select set_config('{name}', '{value}', true)")).await
}
