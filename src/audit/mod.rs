//! The append-only audit log: who changed what, when, in which tenant. Written in the same
//! transaction as the change it records (the table refuses updates and deletes).

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::db::cursor::Cursor;
use crate::db::wall::TenantTx;
use crate::ids::{TenantId, UserId};

/// One state change to record.
pub struct Entry<'a> {
    pub tenant_id: Option<TenantId>,
    pub actor_id: Option<UserId>,
    /// A dotted verb, e.g. `account.signed_up`, `invitation.accepted`.
    pub action: &'a str,
    pub subject_type: &'a str,
    pub subject_id: Option<Uuid>,
    pub details: serde_json::Value,
}

impl<'a> Entry<'a> {
    pub fn new(action: &'a str, subject_type: &'a str, subject_id: impl Into<Uuid>) -> Self {
        Self {
            tenant_id: None,
            actor_id: None,
            action,
            subject_type,
            subject_id: Some(subject_id.into()),
            details: serde_json::json!({}),
        }
    }
    pub fn tenant(mut self, tenant_id: impl Into<Option<TenantId>>) -> Self {
        self.tenant_id = tenant_id.into();
        self
    }
    pub fn actor(mut self, actor_id: impl Into<Option<UserId>>) -> Self {
        self.actor_id = actor_id.into();
        self
    }
    pub fn details(mut self, details: serde_json::Value) -> Self {
        self.details = details;
        self
    }
}

pub async fn record(conn: &mut PgConnection, entry: Entry<'_>) -> sqlx::Result<()> {
    sqlx::query(
        "insert into audit_log (id, tenant_id, actor_id, action, subject_type, subject_id, details)
         values ($1, $2, $3, $4, $5, $6, $7)",
    )
    .bind(Uuid::now_v7())
    .bind(entry.tenant_id)
    .bind(entry.actor_id)
    .bind(entry.action)
    .bind(entry.subject_type)
    .bind(entry.subject_id)
    .bind(entry.details)
    .execute(conn)
    .await?;
    Ok(())
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct AuditRow {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub actor_email: Option<String>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: Option<Uuid>,
    pub details: serde_json::Value,
}

/// A tenant's log, newest first, one keyset page at a time.
pub async fn list_for_tenant(db: &mut TenantTx, after: Option<&Cursor>, limit: i64) -> sqlx::Result<Vec<AuditRow>> {
    sqlx::query_as(
        "select a.id, a.created_at, u.email::text as actor_email, a.action, a.subject_type, a.subject_id, a.details
         from audit_log a left join users u on u.id = a.actor_id
         where a.tenant_id = $1
           and ($2::timestamptz is null or (a.created_at, a.id) < ($2, $3))
         order by a.created_at desc, a.id desc
         limit $4",
    )
    .bind(db.tenant())
    .bind(after.map(|c| c.at))
    .bind(after.map(|c| c.id))
    .bind(limit)
    .fetch_all(&mut **db)
    .await
}
