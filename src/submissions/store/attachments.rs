//! Attachments: the row that names an uploaded file's bytes, and finding it again.

use crate::db::wall::TenantTx;
use crate::ids::{AttachmentId, QuestionId, SubmissionId, UserId};
use crate::submissions::attachments::FileRef;

/// A stored attachment: what to serve and where its bytes are.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct AttachmentRow {
    pub filename: String,
    pub content_type: String,
    pub size_bytes: i64,
    pub storage_key: String,
}

/// An uploaded file whose bytes are in the object store, as the answer to `question_id` names it.
pub struct NewAttachment<'a> {
    pub question_id: QuestionId,
    pub file: &'a FileRef,
    pub sha256: &'a str,
    pub storage_key: &'a str,
    pub uploaded_by: UserId,
}

pub async fn insert_attachment(
    db: &mut TenantTx,
    submission_id: SubmissionId,
    attachment: NewAttachment<'_>,
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    let NewAttachment { question_id, file, sha256, storage_key, uploaded_by } = attachment;
    sqlx::query(
        "insert into attachments (tenant_id, id, submission_id, question_id, filename, content_type, size_bytes,
           sha256, storage_key, uploaded_by)
         values ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)",
    )
    .bind(tenant_id)
    .bind(file.attachment_id)
    .bind(submission_id)
    .bind(question_id)
    .bind(&file.filename)
    .bind(&file.content_type)
    .bind(file.size_bytes)
    .bind(sha256)
    .bind(storage_key)
    .bind(uploaded_by)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// An attachment of this submission (never of another: both ids must match).
pub async fn attachment(
    db: &mut TenantTx,
    submission_id: SubmissionId,
    id: AttachmentId,
) -> sqlx::Result<Option<AttachmentRow>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select filename, content_type, size_bytes, storage_key from attachments
         where tenant_id = $1 and submission_id = $2 and id = $3",
    )
    .bind(tenant_id)
    .bind(submission_id)
    .bind(id)
    .fetch_optional(&mut **db)
    .await
}
