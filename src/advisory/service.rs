//! Comments: reading a subject's threads as the reader may, writing, editing, deleting and hiding,
//! and telling people (emails that carry a link, never the text).
//!
//! Who reads what is decided once: the subject's owner resolves the reader's
//! `policy::comment_reach` (`subject`), and the store reads only the audiences it allows. A
//! comment outside the reader's reach answers 404, as if it did not exist.

use std::collections::BTreeMap;

use sqlx::PgPool;
use uuid::Uuid;

use super::domain::{
    Audience, Comment, CommentEdit, CommentHistory, HideComment, NewComment, Subject, SubjectKind, Thread,
    checked_body, checked_reason,
};
use super::store::{self, NewRow, Recipient};
use crate::accounts::domain::CommentEmails;
use crate::audit;
use crate::config::Config;
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::ids::{CommentId, MatchId, SubmissionId};
use crate::matching;
use crate::matching::domain::{PublishedMatch, SelectedEntry, Side};
use crate::notify::{emails, enqueue};
use crate::tenancy;
use crate::tenancy::access::Access;
use crate::tenancy::policy::{self, Action};

/// The subject `kind`/`id` as the reader sees it: 404 when the tenant has none, 403 (401 signed
/// out) when the reader may not read it, else its reach for this reader.
pub async fn subject(db: &mut TenantTx, access: &Access, kind: SubjectKind, id: Uuid) -> Result<Subject, AppError> {
    match kind {
        SubjectKind::Match => match_subject(db, access, MatchId(id)).await,
        SubjectKind::Challenge => challenge_subject(db, access, SubmissionId(id)).await,
    }
}

/// A selected challenge as a subject. Errors as `matching::service::selected_entry`, and 404 for
/// a selected provider (providers are discussed on their matches).
async fn challenge_subject(db: &mut TenantTx, access: &Access, id: SubmissionId) -> Result<Subject, AppError> {
    let entry = matching::service::selected_entry(db, access, id).await?;
    challenge_subject_of(access, &entry).ok_or(AppError::NotFound)
}

/// A selected challenge the reader was allowed (`matching::service::selected_entry`) as a
/// subject: its page, its teams (its owner and, once matched, its providers) and the reader's
/// reach there. `None` for a provider's entry. For a page that has read the entry already.
pub fn challenge_subject_of(access: &Access, entry: &SelectedEntry) -> Option<Subject> {
    if entry.participant.side != Side::Challenge {
        return None;
    }
    let id = entry.participant.id;
    Some(Subject {
        kind: SubjectKind::Challenge,
        id: id.0,
        path: format!("/t/{}/selected/{id}", access.tenant.slug),
        reach: policy::comment_reach(&access.actor, matching::service::team_of_entry(access, entry)),
        teams: entry.teams(),
        title: entry.participant.title.clone(),
    })
}

/// A published match as a subject. Errors as `matching::service::published_match`.
async fn match_subject(db: &mut TenantTx, access: &Access, id: MatchId) -> Result<Subject, AppError> {
    let found = matching::service::published_match(db, access, id).await?;
    Ok(match_subject_of(access, &found))
}

/// A published match the reader was allowed (`matching::service::published_match`) as a
/// subject: its page, its teams (the challenge's owner and the providers) and the reader's reach
/// there. For a page that has read the match already.
pub fn match_subject_of(access: &Access, found: &PublishedMatch) -> Subject {
    Subject {
        kind: SubjectKind::Match,
        id: found.id.0,
        path: format!("/t/{}/matches/{}", access.tenant.slug, found.id),
        reach: policy::comment_reach(&access.actor, matching::service::team_of_match(access, found)),
        title: found.challenge.title.clone(),
        teams: found.teams(),
    }
}

/// The subject's threads the reader may read, oldest first, replies under their comment.
pub async fn threads(db: &mut TenantTx, subject: &Subject) -> Result<Vec<Thread>, AppError> {
    let audiences = Audience::all_within(subject.reach);
    if audiences.is_empty() {
        return Ok(Vec::new());
    }
    let comments = store::thread(db, (subject.kind, subject.id), &audiences).await?;
    let mut replies: BTreeMap<CommentId, Vec<Comment>> = BTreeMap::new();
    let mut roots = Vec::new();
    for comment in comments {
        match comment.parent_id {
            Some(parent) => replies.entry(parent).or_default().push(comment),
            None => roots.push(comment),
        }
    }
    // A reply whose comment the reader may not read is not shown (the rules below keep an
    // internal comment's replies internal, so this only guards).
    Ok(roots
        .into_iter()
        .map(|comment| {
            let replies = replies.remove(&comment.id).unwrap_or_default();
            Thread { comment, replies }
        })
        .collect())
}

/// A comment the reader may read, with its subject; 404 for anything else.
async fn readable(db: &mut TenantTx, access: &Access, id: CommentId) -> Result<(Subject, Comment), AppError> {
    let (kind, subject_id) = store::subject_of(db, id).await?.ok_or(AppError::NotFound)?;
    let subject = subject(db, access, kind, subject_id).await.map_err(|e| match e {
        AppError::Forbidden => AppError::NotFound,
        other => other,
    })?;
    let comment = store::comment(db, id, &Audience::all_within(subject.reach)).await?.ok_or(AppError::NotFound)?;
    Ok((subject, comment))
}

/// A comment the reader may read, with its subject (the API's and the edit page's read).
pub async fn comment(db: &mut TenantTx, access: &Access, id: CommentId) -> Result<(Subject, Comment), AppError> {
    readable(db, access, id).await
}

/// A comment the reader may read with its earlier texts, newest first. A deleted or hidden
/// comment shows none: its text is not for reading any more. Errors as `comment`.
pub async fn history(db: &mut TenantTx, access: &Access, id: CommentId) -> Result<(Subject, CommentHistory), AppError> {
    let (subject, comment) = readable(db, access, id).await?;
    let earlier = if comment.body.is_some() { store::revisions(db, id).await? } else { Vec::new() };
    Ok((subject, CommentHistory { comment, earlier }))
}

/// Adds a comment or a reply on `kind`/`subject_id` and tells its audience; gives its id and
/// its subject.
///
/// Errors: 401/403/404 as `subject`; 422 for a blank or long body (`body`), no audience or one the
/// writer may not reach (`audience`: teams write shared comments only), a reply to an internal
/// comment that is not internal, or a parent that is not a live (neither deleted nor hidden)
/// top-level comment of the same subject the writer may read (`parent_id`).
pub async fn add(
    pool: &PgPool,
    config: &Config,
    access: &Access,
    (kind, subject_id): (SubjectKind, Uuid),
    input: &NewComment,
) -> Result<(CommentId, Subject), AppError> {
    let author = access.user()?.clone();
    let mut tx = access.db(pool).await?;
    let subject = subject(&mut tx, access, kind, subject_id).await?;
    if subject.reach.none() {
        return Err(AppError::Forbidden);
    }
    let mut errors = FieldErrors::new();
    let body = checked_body(&input.body, &mut errors);
    let audience = match input.audience {
        Some(audience) if audience.within(subject.reach) => Some(audience),
        Some(_) => {
            errors.add("audience", "error-comment-audience-team");
            None
        }
        None => {
            errors.add("audience", "error-comment-audience");
            None
        }
    };
    let parent = match input.parent_id {
        Some(parent) => {
            let audiences = Audience::all_within(subject.reach);
            let found = store::top_level_comment(&mut tx, parent, (kind, subject_id), &audiences).await?;
            match &found {
                None => errors.add("parent_id", "error-comment-parent"),
                // A tombstone takes no replies: there is nothing left to answer.
                Some(comment) if comment.deleted_at.is_some() || comment.hidden_at.is_some() => {
                    errors.add("parent_id", "error-comment-parent-gone")
                }
                Some(_) => {}
            }
            found
        }
        None => None,
    };
    if let (Some(parent), Some(audience)) = (&parent, audience)
        && !audience.may_answer(parent.audience)
    {
        errors.add("audience", "error-comment-reply-internal");
    }
    errors.into_result()?;
    let audience = audience.ok_or(AppError::invalid("audience", "error-comment-audience"))?;
    let id = CommentId::new();
    store::insert(
        &mut tx,
        NewRow {
            id,
            subject: (kind, subject_id),
            parent_id: parent.as_ref().map(|p| p.id),
            author: author.id,
            audience,
            body: &body,
        },
    )
    .await?;
    let details = serde_json::json!({ "subject_kind": kind, "subject_id": subject_id, "audience": audience });
    audit::record(&mut tx, access.audit("comment.added", "comment", id).details(details)).await?;

    // Who hears of it: a shared comment, the subject's teams; a reply, the thread's participants
    // (of the board only, when it is internal). Never the author; the email carries the link.
    let mut recipients: BTreeMap<crate::ids::UserId, Recipient> = BTreeMap::new();
    if audience == Audience::Shared {
        for person in tenancy::service::correspondents(&mut tx, &subject.teams).await? {
            let daily = person.comment_emails == CommentEmails::Daily;
            let recipient = Recipient {
                id: person.user_id,
                email: person.email,
                display_name: person.display_name,
                locale: person.lang,
                daily,
            };
            recipients.insert(recipient.id, recipient);
        }
    }
    if let Some(parent) = &parent {
        for (person, board) in store::participants(&mut tx, parent.id).await? {
            if board || audience == Audience::Shared {
                recipients.insert(person.id, person);
            }
        }
    }
    recipients.remove(&author.id);
    let link = config.link(&format!("{}#comment-{id}", subject.path));
    for person in recipients.values() {
        if person.daily {
            store::queue_for_digest(&mut tx, person.id, id, (&subject.title, &subject.path)).await?;
            continue;
        }
        let message = emails::comment_added(
            person.locale,
            (&person.email, &person.display_name),
            &author.display_name,
            (kind.label_key(), &subject.title),
            parent.is_some(),
            &link,
        );
        enqueue(&mut tx, Some(access.tenant.id), message).await?;
    }
    tx.commit().await?;
    Ok((id, subject))
}

/// The author's new text for their comment, the old one kept as a revision; gives the comment
/// as saved, with its subject.
///
/// Errors: 404 outside the reader's reach; 403 for anyone but the author; 409 (`Stale`) when
/// `version` is not the comment's; 409 for a deleted or hidden comment; 422 for the body.
pub async fn edit(
    pool: &PgPool,
    access: &Access,
    id: CommentId,
    input: &CommentEdit,
) -> Result<(Subject, Comment), AppError> {
    let me = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let (subject, found) = readable(&mut tx, access, id).await?;
    if found.author_id != me {
        return Err(AppError::Forbidden);
    }
    if found.deleted_at.is_some() || found.hidden_at.is_some() {
        return Err(AppError::Conflict("error-comment-gone"));
    }
    let mut errors = FieldErrors::new();
    let body = checked_body(&input.body, &mut errors);
    errors.into_result()?;
    if found.body.as_deref() == Some(body.as_str()) && found.version == input.version {
        return Ok((subject, found));
    }
    if !store::edit(&mut tx, id, input.version, &body).await? {
        return Err(AppError::Stale("error-comment-stale"));
    }
    audit::record(&mut tx, access.audit("comment.edited", "comment", id)).await?;
    let edited = store::comment(&mut tx, id, &Audience::all_within(subject.reach)).await?.ok_or(AppError::NotFound)?;
    tx.commit().await?;
    Ok((subject, edited))
}

/// Deletes the author's comment: its text and earlier texts are gone, a tombstone stays in the
/// thread. Errors: 404 outside the reader's reach; 403 for anyone but the author; 409 when it is
/// already deleted.
pub async fn delete(pool: &PgPool, access: &Access, id: CommentId) -> Result<Subject, AppError> {
    let me = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let (subject, found) = readable(&mut tx, access, id).await?;
    if found.author_id != me {
        return Err(AppError::Forbidden);
    }
    if !store::delete(&mut tx, id).await? {
        return Err(AppError::Conflict("error-comment-gone"));
    }
    audit::record(&mut tx, access.audit("comment.deleted", "comment", id)).await?;
    tx.commit().await?;
    Ok(subject)
}

/// Hides a comment from every reader, with a reason shown in its place (staff:
/// `ModerateComments`). Errors: 404 outside the reader's reach; 403 without the right; 409 when
/// already hidden or deleted; 422 for a blank or long reason (`reason`).
pub async fn hide(pool: &PgPool, access: &Access, id: CommentId, input: &HideComment) -> Result<Subject, AppError> {
    let me = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let (subject, _) = readable(&mut tx, access, id).await?;
    access.authorize(Action::ModerateComments)?;
    let reason = checked_reason(&input.reason)?;
    if !store::hide(&mut tx, id, me, &reason).await? {
        return Err(AppError::Conflict("error-comment-gone"));
    }
    let details = serde_json::json!({ "reason": reason });
    audit::record(&mut tx, access.audit("comment.hidden", "comment", id).details(details)).await?;
    tx.commit().await?;
    Ok(subject)
}

/// The daily digests of every tenant: one email to each person who chose them and whose oldest
/// waiting comment is a day old, listing each subject with its number of new comments and its
/// link (never the text). Runs from the server's background task; returns the emails written.
pub async fn send_daily_digests(pool: &PgPool, config: &Config) -> Result<usize, AppError> {
    let tenants = {
        let mut conn = pool.acquire().await?;
        crate::tenancy::service::tenants(&mut conn).await?
    };
    let mut written = 0;
    for tenant in tenants {
        let mut tx = TenantTx::begin(pool, tenant.id).await?;
        let lines = store::take_due_digests(&mut tx).await?;
        if lines.is_empty() {
            continue;
        }
        let mut by_person: BTreeMap<crate::ids::UserId, Vec<(String, i64, String)>> = BTreeMap::new();
        for line in lines {
            let link = config.link(&format!("{}#discussion", line.subject_path));
            by_person.entry(line.user_id).or_default().push((line.subject_title, line.comments, link));
        }
        let people: Vec<_> = by_person.keys().copied().collect();
        for person in store::recipients(&mut tx, &people).await? {
            let Some(subjects) = by_person.get(&person.id) else { continue };
            let message = emails::comment_digest(person.locale, (&person.email, &person.display_name), subjects);
            enqueue(&mut tx, Some(tenant.id), message).await?;
            written += 1;
        }
        tx.commit().await?;
    }
    Ok(written)
}
