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
    pub actor_name: Option<String>,
    pub action: String,
    pub subject_type: String,
    pub subject_id: Option<Uuid>,
    /// What the subject is called today (a submission's title, an organisation's name, a
    /// person's name…); None once it is gone or has no name.
    pub subject_name: Option<String>,
    pub details: serde_json::Value,
}

impl AuditRow {
    /// The Fluent key of the action as a sentence: `audit-action-<action, dots as hyphens>`.
    pub fn action_key(&self) -> String {
        format!("audit-action-{}", self.action.replace(['.', '_'], "-"))
    }
    /// The details as `name: value` lines for people (strings unquoted); bare ids are left out,
    /// as no one reads them (the subject is named beside).
    pub fn detail_lines(&self) -> Vec<(String, String)> {
        let serde_json::Value::Object(map) = &self.details else { return Vec::new() };
        map.iter()
            .filter(|(_, value)| value.as_str().is_none_or(|text| text.parse::<Uuid>().is_err()))
            .map(|(name, value)| {
                let value = match value {
                    serde_json::Value::String(text) => text.clone(),
                    serde_json::Value::Null => "—".to_string(),
                    other => other.to_string(),
                };
                (name.replace('_', " "), value)
            })
            .collect()
    }
}

/// A tenant's log, newest first, one keyset page at a time, each entry with what its subject is
/// called today (one indexed lookup per row, inside the one statement).
pub async fn list_for_tenant(db: &mut TenantTx, after: Option<&Cursor>, limit: i64) -> sqlx::Result<Vec<AuditRow>> {
    sqlx::query_as(
        "select a.id, a.created_at, u.email::text as actor_email, u.display_name as actor_name, a.action,
                a.subject_type, a.subject_id, a.details,
                case a.subject_type
                  when 'submission' then (select nullif(s.title, '') from submissions s where s.tenant_id = a.tenant_id and s.id = a.subject_id)
                  when 'organisation' then (select o.name from organisations o where o.tenant_id = a.tenant_id and o.id = a.subject_id)
                  when 'call' then (select c.title from calls c where c.tenant_id = a.tenant_id and c.id = a.subject_id)
                  when 'programme' then (select p.title from programmes p where p.tenant_id = a.tenant_id and p.id = a.subject_id)
                  when 'theme' then (select t.name from themes t where t.tenant_id = a.tenant_id and t.id = a.subject_id)
                  when 'question' then (select q.label from call_questions q where q.tenant_id = a.tenant_id and q.id = a.subject_id)
                  when 'invitation' then (select i.email::text from invitations i where i.tenant_id = a.tenant_id and i.id = a.subject_id)
                  when 'round' then (select r.name from review_rounds r where r.tenant_id = a.tenant_id and r.id = a.subject_id)
                  when 'user' then (select w.display_name from users w where w.id = a.subject_id)
                end as subject_name
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
