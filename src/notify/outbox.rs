//! The outbox table: queued, sent and failed emails.

use chrono::{DateTime, Utc};
use serde::Serialize;
use sqlx::PgConnection;
use uuid::Uuid;

use crate::db::cursor::Cursor;
use crate::db::wall::TenantTx;
use crate::ids::TenantId;
use crate::text_enum::text_enum;

/// An email ready to queue.
#[derive(Clone, Debug)]
pub struct Email {
    pub to: String,
    pub subject: String,
    pub body: String,
    /// The body holds a secret link (verification, reset, invitation).
    pub carries_secret: bool,
}

pub async fn enqueue(conn: &mut PgConnection, tenant_id: Option<TenantId>, email: Email) -> sqlx::Result<Uuid> {
    let id = Uuid::now_v7();
    sqlx::query(
        "insert into outbox (id, tenant_id, to_email, subject, body_text, carries_secret) values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(id)
    .bind(tenant_id)
    .bind(&email.to)
    .bind(&email.subject)
    .bind(&email.body)
    .bind(email.carries_secret)
    .execute(conn)
    .await?;
    Ok(id)
}

text_enum! {
    /// Where an email of the outbox stands: waiting (and retried with back-off), sent, or given up.
    pub enum DeliveryStatus {
        Pending = "pending" => "outbox-status-pending",
        Sent = "sent" => "outbox-status-sent",
        Failed = "failed" => "outbox-status-failed",
    }
}

#[derive(Debug, Serialize, sqlx::FromRow)]
pub struct OutboxRow {
    pub id: Uuid,
    pub created_at: DateTime<Utc>,
    pub to_email: String,
    pub subject: String,
    pub body_text: String,
    pub carries_secret: bool,
    pub status: DeliveryStatus,
    pub attempts: i32,
    pub last_error: Option<String>,
    pub sent_at: Option<DateTime<Utc>>,
}

/// A tenant's emails, newest first.
pub async fn list_for_tenant(db: &mut TenantTx, after: Option<&Cursor>, limit: i64) -> sqlx::Result<Vec<OutboxRow>> {
    sqlx::query_as(
        "select id, created_at, to_email::text as to_email, subject, body_text, carries_secret, status, attempts, last_error, sent_at
         from outbox
         where tenant_id = $1 and ($2::timestamptz is null or (created_at, id) < ($2, $3))
         order by created_at desc, id desc
         limit $4",
    )
    .bind(db.tenant())
    .bind(after.map(|c| c.at))
    .bind(after.map(|c| c.id))
    .bind(limit)
    .fetch_all(&mut **db)
    .await
}
