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
        // A uuid's text is hex digits and dashes: nothing to quote.
        let begin = format!("begin; select set_config('app.tenant_id', '{tenant}', true)");
        Ok(Self { tx: pool.begin_with(begin).await?, tenant })
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
    pool.begin_with(format!("begin; select set_config('app.user_id', '{user}', true)")).await
}

/// A transaction in which the outbox of every tenant is visible: for the mail delivery worker
/// only.
pub async fn begin_mail_delivery(pool: &PgPool) -> sqlx::Result<Transaction<'static, Postgres>> {
    pool.begin_with("begin; select set_config('app.mail_delivery', 'on', true)").await
}
