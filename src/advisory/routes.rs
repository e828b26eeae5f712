//! Comment pages: the discussion drawn on a subject's page (`discussion`, for the subject's
//! template to include as `advisory/discussion.html`), posting a comment or a reply, and the
//! author's edit and delete and staff's hide, each on its own page that asks first, and a
//! comment's edit history.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use tower_sessions::Session;
use uuid::Uuid;

use super::domain::{Audience, Comment, CommentEdit, HideComment, NewComment, Subject, SubjectKind};
use super::service;
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::ids::{CommentId, UserId};
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;
use crate::web::extract::{Form, Path};
use crate::web::form::{Done, after_post};
use crate::web::markdown::{self, SanitisedHtml};
use crate::web::page::{PageCtx, redirect_with_notice, render};
use crate::web::route_table::RouteTable;

pub fn routes() -> RouteTable {
    RouteTable::new()
        .post("/t/{tenant}/threads/{kind}/{subject}", add)
        .get("/t/{tenant}/comments/{id}/history", history_page)
        .get("/t/{tenant}/comments/{id}/edit", edit_page)
        .post("/t/{tenant}/comments/{id}/edit", edit)
        .get("/t/{tenant}/comments/{id}/delete", delete_page)
        .post("/t/{tenant}/comments/{id}/delete", delete)
        .get("/t/{tenant}/comments/{id}/hide", hide_page)
        .post("/t/{tenant}/comments/{id}/hide", hide)
}

/// A comment as pages show it: Markdown rendered and sanitised; no text once deleted or hidden.
pub struct CommentView {
    pub id: CommentId,
    pub author_name: String,
    pub audience: Audience,
    pub html: Option<SanitisedHtml>,
    pub created_at: DateTime<Utc>,
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted: bool,
    pub hidden_reason: Option<String>,
    /// The reader wrote it (and may edit or delete it while it is live).
    pub mine: bool,
}

impl CommentView {
    fn of(comment: &Comment, me: Option<UserId>) -> Self {
        CommentView {
            id: comment.id,
            author_name: comment.author_name.clone(),
            audience: comment.audience,
            html: comment.body.as_deref().map(markdown::render_comment),
            created_at: comment.created_at,
            edited_at: comment.edited_at,
            deleted: comment.deleted_at.is_some(),
            hidden_reason: comment.hidden_reason.clone(),
            mine: me == Some(comment.author_id),
        }
    }

    pub fn live(&self) -> bool {
        self.html.is_some()
    }
}

pub struct ThreadView {
    pub comment: CommentView,
    pub replies: Vec<CommentView>,
    /// The audiences a reply may have: an internal comment's replies stay internal.
    pub reply_audiences: Vec<Audience>,
}

/// A subject's discussion as its page draws it.
pub struct DiscussionView {
    /// Where a new comment is posted.
    pub action: String,
    pub threads: Vec<ThreadView>,
    /// The audiences the reader may write to (a team: shared only).
    pub audiences: Vec<Audience>,
    pub can_moderate: bool,
}

/// The discussion of `subject` for its page.
pub async fn discussion(db: &mut TenantTx, access: &Access, subject: &Subject) -> Result<DiscussionView, AppError> {
    let me = access.actor.user_id;
    let threads = service::threads(db, subject).await?;
    let audiences = Audience::all_within(subject.reach);
    Ok(DiscussionView {
        action: format!("/t/{}/threads/{}/{}", access.tenant.slug, subject.kind, subject.id),
        threads: threads
            .iter()
            .map(|t| ThreadView {
                comment: CommentView::of(&t.comment, me),
                replies: t.replies.iter().map(|r| CommentView::of(r, me)).collect(),
                reply_audiences: Audience::for_reply(t.comment.audience, subject.reach),
            })
            .collect(),
        audiences,
        can_moderate: access.can(Action::ModerateComments),
    })
}

/// A comment form as typed.
#[derive(Clone, Default, Deserialize)]
#[serde(default)]
struct CommentForm {
    parent_id: String,
    audience: String,
    body: String,
    version: String,
    reason: String,
}

impl CommentForm {
    fn new_comment(&self) -> Result<NewComment, AppError> {
        let parent_id = match self.parent_id.trim() {
            "" => None,
            raw => Some(raw.parse().map_err(|_| AppError::invalid("parent_id", "error-comment-parent"))?),
        };
        Ok(NewComment { parent_id, audience: Audience::from_name(self.audience.trim()), body: self.body.clone() })
    }
}

/// What the comment page does.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Step {
    /// A new comment or reply that was refused, with its errors.
    New,
    Edit,
    Delete,
    Hide,
}

#[derive(Template)]
#[template(path = "advisory/comment.html")]
struct CommentPage {
    ctx: PageCtx,
    step: Step,
    /// Where the form posts.
    action: String,
    /// The subject's page.
    back: String,
    /// The comment edited, deleted, hidden or replied to.
    comment: Option<CommentView>,
    version: i32,
    audiences: Vec<Audience>,
    form: CommentForm,
    errors: FieldErrors,
    stale: bool,
}

async fn add(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, kind, subject_id)): Path<(String, SubjectKind, Uuid)>,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    let result = match form.new_comment() {
        Ok(input) => service::add(&state.pool, &state.config, &access, (kind, subject_id), &input).await,
        Err(refused) => Err(refused),
    };
    after_post(
        result,
        &session,
        |(id, subject)| Done::to(format!("{}#comment-{id}", subject.path), "notice-comment-added"),
        async |refused| {
            // Only a refused form needs the subject again, and the comment it replies to.
            let mut db = access.db(&state.pool).await?;
            let subject = service::subject(&mut db, &access, kind, subject_id).await?;
            let parent = match form.new_comment().ok().and_then(|c| c.parent_id) {
                Some(parent) => service::comment(&mut db, &access, parent).await.ok().map(|(_, c)| c),
                None => None,
            };
            let audiences = match &parent {
                Some(parent) => Audience::for_reply(parent.audience, subject.reach),
                None => Audience::all_within(subject.reach),
            };
            Ok(CommentPage {
                ctx,
                step: Step::New,
                action: format!("/t/{}/threads/{kind}/{subject_id}", access.tenant.slug),
                back: subject.path,
                comment: parent.map(|c| CommentView::of(&c, access.actor.user_id)),
                version: 0,
                audiences,
                form,
                errors: refused.errors(),
                stale: false,
            })
        },
    )
    .await
}

async fn change_page(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    id: CommentId,
    step: Step,
) -> Result<CommentPage, AppError> {
    let (subject, comment) = service::comment(&mut access.db(&state.pool).await?, access, id).await?;
    let me = access.actor.user_id;
    if comment.deleted_at.is_some() || comment.hidden_at.is_some() {
        return Err(AppError::Conflict("error-comment-gone"));
    }
    match step {
        Step::Hide => access.authorize(Action::ModerateComments)?,
        _ if me != Some(comment.author_id) => return Err(AppError::Forbidden),
        _ => {}
    }
    let verb = match step {
        Step::Edit => "edit",
        Step::Delete => "delete",
        _ => "hide",
    };
    Ok(CommentPage {
        ctx,
        step,
        action: format!("/t/{}/comments/{id}/{verb}", access.tenant.slug),
        back: format!("{}#comment-{id}", subject.path),
        version: comment.version,
        form: CommentForm { body: comment.body.clone().unwrap_or_default(), ..CommentForm::default() },
        comment: Some(CommentView::of(&comment, me)),
        audiences: Vec::new(),
        errors: FieldErrors::new(),
        stale: false,
    })
}

/// An earlier text of a comment as its history page shows it.
struct RevisionView {
    version: i32,
    html: SanitisedHtml,
    written_at: DateTime<Utc>,
}

#[derive(Template)]
#[template(path = "advisory/history.html")]
struct HistoryPage {
    ctx: PageCtx,
    subject_title: String,
    back: String,
    comment: CommentView,
    earlier: Vec<RevisionView>,
}

/// A comment with its earlier texts, for whoever may read the comment.
async fn history_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, CommentId)>,
) -> Result<Response, AppError> {
    access.user()?;
    let (subject, history) = service::history(&mut access.db(&state.pool).await?, &access, id).await?;
    render(&HistoryPage {
        ctx,
        subject_title: subject.title,
        back: format!("{}#comment-{id}", subject.path),
        comment: CommentView::of(&history.comment, access.actor.user_id),
        earlier: history
            .earlier
            .iter()
            .map(|r| RevisionView {
                version: r.version,
                html: markdown::render_comment(&r.body),
                written_at: r.written_at,
            })
            .collect(),
    })
}

async fn edit_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, CommentId)>,
) -> Result<Response, AppError> {
    render(&change_page(&state, ctx, &access, id, Step::Edit).await?)
}

async fn edit(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, CommentId)>,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    let version = form.version.trim().parse().unwrap_or(-1);
    let result = service::edit(&state.pool, &access, id, &CommentEdit { body: form.body.clone(), version }).await;
    after_post(
        result,
        &session,
        |(subject, _)| Done::to(format!("{}#comment-{id}", subject.path), "notice-comment-edited"),
        async |refused| {
            // Stale: the card shows the text saved now, the box keeps what they typed, and the
            // version is the current one, so saving again applies their text knowingly.
            let mut page = change_page(&state, ctx, &access, id, Step::Edit).await?;
            page.stale = refused.is_stale();
            page.form = form;
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}

async fn delete_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, CommentId)>,
) -> Result<Response, AppError> {
    render(&change_page(&state, ctx, &access, id, Step::Delete).await?)
}

async fn delete(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, CommentId)>,
) -> Result<Response, AppError> {
    let subject = service::delete(&state.pool, &access, id).await?;
    redirect_with_notice(&session, &format!("{}#comment-{id}", subject.path), "notice-comment-deleted").await
}

async fn hide_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, CommentId)>,
) -> Result<Response, AppError> {
    render(&change_page(&state, ctx, &access, id, Step::Hide).await?)
}

async fn hide(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, CommentId)>,
    Form(form): Form<CommentForm>,
) -> Result<Response, AppError> {
    let result = service::hide(&state.pool, &access, id, &HideComment { reason: form.reason.clone() }).await;
    after_post(
        result,
        &session,
        |subject| Done::to(format!("{}#comment-{id}", subject.path), "notice-comment-hidden"),
        async |refused| {
            let mut page = change_page(&state, ctx, &access, id, Step::Hide).await?;
            page.form.reason = form.reason;
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}
