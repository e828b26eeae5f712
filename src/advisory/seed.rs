//! Comments without policy, for the demo loader and the tests' fixtures only: no page or API
//! reaches it. Stored as the service stores them, without emails.

use uuid::Uuid;

use super::domain::{Audience, SubjectKind};
use super::store::{self, NewRow};
use crate::db::wall::TenantTx;
use crate::ids::{CommentId, UserId};

/// A comment (a reply when `parent` is given) on `subject` by `author`.
pub async fn comment(
    db: &mut TenantTx,
    subject: (SubjectKind, Uuid),
    parent: Option<CommentId>,
    (author, audience): (UserId, Audience),
    body: &str,
) -> sqlx::Result<CommentId> {
    let id = CommentId::new();
    store::insert(db, NewRow { id, subject, parent_id: parent, author, audience, body }).await?;
    Ok(id)
}

/// The comment's new text, the first kept as its revision (the comment reads "edited").
pub async fn edit(db: &mut TenantTx, id: CommentId, body: &str) -> sqlx::Result<()> {
    store::edit(db, id, 1, body).await?;
    Ok(())
}
