//! SQL for comments. Every read takes the audiences the reader may see (from
//! `policy::comment_reach`, through `Audience::all_within`) and filters by them in SQL, so no
//! caller can forget to. Every function takes a `TenantTx` and filters by its tenant. Private to
//! `advisory`.

use uuid::Uuid;

use super::domain::{Audience, Comment, CommentRevision, SubjectKind};
use crate::db::wall::TenantTx;
use crate::i18n::Lang;
use crate::ids::{CommentId, UserId};

/// A comment's text for readers: none once deleted or hidden.
const COMMENT_COLUMNS: &str = "c.id, c.parent_id, c.author_id, u.display_name as author_name, c.audience,
       case when c.deleted_at is null and c.hidden_at is null then c.body end as body,
       c.version, c.created_at, c.edited_at, c.deleted_at, c.hidden_at, c.hidden_reason";

/// The subject's comments in `audiences`, oldest first (top-level and replies together).
pub async fn thread(
    db: &mut TenantTx,
    (kind, subject): (SubjectKind, Uuid),
    audiences: &[Audience],
) -> sqlx::Result<Vec<Comment>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {COMMENT_COLUMNS}
           from comments c join users u on u.id = c.author_id
          where c.tenant_id = $1 and c.subject_kind = $2 and c.subject_id = $3 and c.audience = any($4)
          order by c.created_at, c.id"
    ))
    .bind(tenant_id)
    .bind(kind)
    .bind(subject)
    .bind(audiences.iter().map(|a| a.as_str()).collect::<Vec<_>>())
    .fetch_all(&mut **db)
    .await
}

/// A comment with its subject, whatever its audience: for the service to resolve the subject and
/// check the reader's reach before anything of it is shown or changed.
pub async fn subject_of(db: &mut TenantTx, id: CommentId) -> sqlx::Result<Option<(SubjectKind, Uuid)>> {
    let tenant_id = db.tenant();
    sqlx::query_as("select subject_kind, subject_id from comments where tenant_id = $1 and id = $2")
        .bind(tenant_id)
        .bind(id)
        .fetch_optional(&mut **db)
        .await
}

/// One comment, if it is in `audiences`.
pub async fn comment(db: &mut TenantTx, id: CommentId, audiences: &[Audience]) -> sqlx::Result<Option<Comment>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {COMMENT_COLUMNS}
           from comments c join users u on u.id = c.author_id
          where c.tenant_id = $1 and c.id = $2 and c.audience = any($3)"
    ))
    .bind(tenant_id)
    .bind(id)
    .bind(audiences.iter().map(|a| a.as_str()).collect::<Vec<_>>())
    .fetch_optional(&mut **db)
    .await
}

/// A top-level comment of `subject` in `audiences`: what a reply may answer.
pub async fn top_level_comment(
    db: &mut TenantTx,
    id: CommentId,
    (kind, subject): (SubjectKind, Uuid),
    audiences: &[Audience],
) -> sqlx::Result<Option<Comment>> {
    let tenant_id = db.tenant();
    sqlx::query_as(&format!(
        "select {COMMENT_COLUMNS}
           from comments c join users u on u.id = c.author_id
          where c.tenant_id = $1 and c.id = $2 and c.subject_kind = $3 and c.subject_id = $4
            and c.parent_id is null and c.audience = any($5)"
    ))
    .bind(tenant_id)
    .bind(id)
    .bind(kind)
    .bind(subject)
    .bind(audiences.iter().map(|a| a.as_str()).collect::<Vec<_>>())
    .fetch_optional(&mut **db)
    .await
}

pub struct NewRow<'a> {
    pub id: CommentId,
    pub subject: (SubjectKind, Uuid),
    pub parent_id: Option<CommentId>,
    pub author: UserId,
    pub audience: Audience,
    pub body: &'a str,
}

pub async fn insert(db: &mut TenantTx, row: NewRow<'_>) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "insert into comments (tenant_id, id, subject_kind, subject_id, parent_id, author_id, audience, body)
         values ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(tenant_id)
    .bind(row.id)
    .bind(row.subject.0)
    .bind(row.subject.1)
    .bind(row.parent_id)
    .bind(row.author)
    .bind(row.audience)
    .bind(row.body)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// Replaces a live comment's text if it is still at `version`, keeping the old text as a
/// revision. False when the version has moved on (or the comment is deleted or hidden).
pub async fn edit(db: &mut TenantTx, id: CommentId, version: i32, body: &str) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let done = sqlx::query(
        "with old as (
           select tenant_id, id, version, body, coalesce(edited_at, created_at) as written_at
             from comments
            where tenant_id = $1 and id = $2 and version = $3 and deleted_at is null and hidden_at is null
              for update),
         kept as (
           insert into comment_revisions (tenant_id, comment_id, version, body, written_at)
           select tenant_id, id, version, body, written_at from old)
         update comments c set body = $4, version = c.version + 1, edited_at = now()
           from old where c.tenant_id = old.tenant_id and c.id = old.id",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(version)
    .bind(body)
    .execute(&mut **db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A comment's earlier texts, newest first.
pub async fn revisions(db: &mut TenantTx, id: CommentId) -> sqlx::Result<Vec<CommentRevision>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "select version, body, written_at from comment_revisions
          where tenant_id = $1 and comment_id = $2 order by version desc",
    )
    .bind(tenant_id)
    .bind(id)
    .fetch_all(&mut **db)
    .await
}

/// Deletes a comment's text and its earlier texts, leaving the tombstone (author and times).
/// False when it was already deleted.
pub async fn delete(db: &mut TenantTx, id: CommentId) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let done = sqlx::query(
        "update comments set body = '', deleted_at = now(), version = version + 1
          where tenant_id = $1 and id = $2 and deleted_at is null",
    )
    .bind(tenant_id)
    .bind(id)
    .execute(&mut **db)
    .await?;
    sqlx::query("delete from comment_revisions where tenant_id = $1 and comment_id = $2")
        .bind(tenant_id)
        .bind(id)
        .execute(&mut **db)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Hides a comment from every reader, with the reason shown in its place. False when it is
/// already hidden or deleted.
pub async fn hide(db: &mut TenantTx, id: CommentId, by: UserId, reason: &str) -> sqlx::Result<bool> {
    let tenant_id = db.tenant();
    let done = sqlx::query(
        "update comments set hidden_at = now(), hidden_by = $3, hidden_reason = $4, version = version + 1
          where tenant_id = $1 and id = $2 and hidden_at is null and deleted_at is null",
    )
    .bind(tenant_id)
    .bind(id)
    .bind(by)
    .bind(reason)
    .execute(&mut **db)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// Someone to tell of a comment: address, name and language.
#[derive(sqlx::FromRow)]
pub struct Recipient {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    pub locale: Lang,
    /// They chose one email a day rather than one per comment.
    pub daily: bool,
}

/// Those who wrote in the thread of `root` (its author and its replies' authors), with whether
/// they are of the board (a tenant role of staff, admin or advisor): an internal reply reaches
/// only them.
pub async fn participants(db: &mut TenantTx, root: CommentId) -> sqlx::Result<Vec<(Recipient, bool)>> {
    let tenant_id = db.tenant();
    let rows: Vec<(UserId, String, String, Lang, bool, bool)> = sqlx::query_as(
        "select distinct u.id, u.email::text, u.display_name, u.locale, u.comment_emails = 'daily',
                exists (select 1 from tenant_members tm
                         where tm.tenant_id = $1 and tm.user_id = u.id and tm.role in ('admin', 'staff', 'advisor'))
           from comments c join users u on u.id = c.author_id
          where c.tenant_id = $1 and (c.id = $2 or c.parent_id = $2)
          order by u.id",
    )
    .bind(tenant_id)
    .bind(root)
    .fetch_all(&mut **db)
    .await?;
    Ok(rows
        .into_iter()
        .map(|(id, email, display_name, locale, daily, board)| {
            (Recipient { id, email, display_name, locale, daily }, board)
        })
        .collect())
}

/// Keeps a comment for `user`'s next daily digest.
pub async fn queue_for_digest(
    db: &mut TenantTx,
    user: UserId,
    comment: CommentId,
    (subject_title, subject_path): (&str, &str),
) -> sqlx::Result<()> {
    let tenant_id = db.tenant();
    sqlx::query(
        "insert into comment_digest_items (tenant_id, user_id, comment_id, subject_title, subject_path)
         values ($1, $2, $3, $4, $5) on conflict do nothing",
    )
    .bind(tenant_id)
    .bind(user)
    .bind(comment)
    .bind(subject_title)
    .bind(subject_path)
    .execute(&mut **db)
    .await?;
    Ok(())
}

/// One subject of a digest: its title, its page, and how many comments and replies await there.
#[derive(sqlx::FromRow)]
pub struct DigestLine {
    pub user_id: UserId,
    pub subject_title: String,
    pub subject_path: String,
    pub comments: i64,
}

/// Takes the waiting items of everyone whose oldest item is a day old (or older), by person and
/// subject: each person gets at most one digest a day. Items of comments since deleted or hidden
/// are dropped. The rows are deleted in the same statement, so two instances never send one
/// digest twice.
pub async fn take_due_digests(db: &mut TenantTx) -> sqlx::Result<Vec<DigestLine>> {
    let tenant_id = db.tenant();
    sqlx::query_as(
        "with due as (
           select user_id from comment_digest_items
            where tenant_id = $1
            group by user_id having min(created_at) <= now() - interval '1 day'),
         taken as (
           delete from comment_digest_items i using due
            where i.tenant_id = $1 and i.user_id = due.user_id
           returning i.user_id, i.comment_id, i.subject_title, i.subject_path)
         select t.user_id, t.subject_title, t.subject_path, count(*) as comments
           from taken t join comments c on c.tenant_id = $1 and c.id = t.comment_id
          where c.deleted_at is null and c.hidden_at is null
          group by t.user_id, t.subject_title, t.subject_path
          order by t.user_id, t.subject_title",
    )
    .bind(tenant_id)
    .fetch_all(&mut **db)
    .await
}

/// Address, name and language of `users`.
pub async fn recipients(db: &mut TenantTx, users: &[UserId]) -> sqlx::Result<Vec<Recipient>> {
    sqlx::query_as(
        "select u.id, u.email::text as email, u.display_name, u.locale, u.comment_emails = 'daily' as daily
           from users u where u.id = any($1)",
    )
    .bind(users)
    .fetch_all(&mut **db)
    .await
}
