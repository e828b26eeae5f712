//! Comments as stored and read: a subject's thread (one level of replies), each comment with the
//! audience its author chose, and what a comment shows once edited, deleted or hidden.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use uuid::Uuid;

use crate::error::{AppError, FieldErrors};
use crate::ids::{CommentId, OrganisationId, UserId};
use crate::tenancy::policy::CommentReach;
use crate::text_enum::text_enum;

/// The longest comment, in characters (about two pages).
pub const MAX_BODY_CHARS: usize = 10_000;
/// The longest reason for hiding a comment, in characters.
pub const MAX_REASON_CHARS: usize = 500;

text_enum! {
    /// What a comment is about.
    pub enum SubjectKind {
        /// A published match (`matching`).
        Match = "match" => "comment-subject-match",
        /// A selected challenge.
        Challenge = "challenge" => "comment-subject-challenge",
    }
}

text_enum! {
    /// Who may read a comment, chosen by its author for each comment (never defaulted).
    pub enum Audience {
        /// Staff and the advisory board only.
        Internal = "internal" => "comment-audience-internal",
        /// Also the subject's teams (the match's teams, the challenge's owner), who may reply.
        Shared = "shared" => "comment-audience-shared",
    }
}

impl Audience {
    /// The Fluent key of who exactly reads a comment of this audience.
    pub fn hint_key(self) -> &'static str {
        match self {
            Audience::Internal => "comment-audience-internal-hint",
            Audience::Shared => "comment-audience-shared-hint",
        }
    }

    /// Whether a reader with `reach` may read (and write) comments of this audience.
    pub fn within(self, reach: CommentReach) -> bool {
        match self {
            Audience::Internal => reach.internal,
            Audience::Shared => reach.shared,
        }
    }

    /// Whether a reply of this audience may answer a comment of `parent`'s: an internal
    /// comment's replies stay internal (its readers are the board only).
    pub fn may_answer(self, parent: Audience) -> bool {
        parent == Audience::Shared || self == Audience::Internal
    }

    /// The audiences a reader with `reach` may give a reply to a comment of `parent`'s.
    pub fn for_reply(parent: Audience, reach: CommentReach) -> Vec<Audience> {
        Audience::all_within(reach).into_iter().filter(|a| a.may_answer(parent)).collect()
    }

    /// The audiences `reach` allows, as the store filters by them.
    pub fn all_within(reach: CommentReach) -> Vec<Audience> {
        Audience::ALL.iter().copied().filter(|a| a.within(reach)).collect()
    }
}

/// What a comment is about, resolved by the capability that owns it: the reader's reach there
/// (from `policy::comment_reach`), where its page is, and whose teams a shared comment reaches.
#[derive(Clone, Debug)]
pub struct Subject {
    pub kind: SubjectKind,
    pub id: Uuid,
    /// The subject's title (a challenge's), for emails.
    pub title: String,
    /// The subject's page, from the site's root (`/t/opsi/matches/…`).
    pub path: String,
    /// The organisations whose members are the subject's teams.
    pub teams: Vec<OrganisationId>,
    pub reach: CommentReach,
}

/// A comment as a reader sees it. `body` is the Markdown as written, or `None` for a deleted or
/// hidden comment (its text is never sent).
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
#[schema(as = AdvisoryComment)]
pub struct Comment {
    pub id: CommentId,
    pub parent_id: Option<CommentId>,
    pub author_id: UserId,
    pub author_name: String,
    pub audience: Audience,
    pub body: Option<String>,
    /// Starts at 1; an edit sends the version it read.
    pub version: i32,
    pub created_at: DateTime<Utc>,
    /// Set once the author has edited it.
    pub edited_at: Option<DateTime<Utc>>,
    pub deleted_at: Option<DateTime<Utc>>,
    pub hidden_at: Option<DateTime<Utc>>,
    /// Why staff hid it (shown to everyone who may read the comment).
    pub hidden_reason: Option<String>,
}

/// An earlier text of a comment, kept when its author edited it.
#[derive(Clone, Debug, Serialize, ToSchema, sqlx::FromRow)]
#[schema(as = AdvisoryCommentRevision)]
pub struct CommentRevision {
    /// The version the comment was at with this text (below its current version).
    pub version: i32,
    /// Markdown, as written then.
    pub body: String,
    /// When this text was written: the comment posted, or the edit that made it.
    pub written_at: DateTime<Utc>,
}

/// A comment with its earlier texts, newest first: none when it was never edited, and none once
/// it is deleted (they go with it) or hidden.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = AdvisoryCommentHistory)]
pub struct CommentHistory {
    pub comment: Comment,
    pub earlier: Vec<CommentRevision>,
}

/// A top-level comment with its replies, oldest first.
#[derive(Clone, Debug, Serialize, ToSchema)]
#[schema(as = AdvisoryThread)]
pub struct Thread {
    pub comment: Comment,
    pub replies: Vec<Comment>,
}

/// A new comment or reply as sent. `audience` has no default: leaving it out is refused.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
#[schema(as = NewAdvisoryComment)]
pub struct NewComment {
    /// The top-level comment this replies to.
    pub parent_id: Option<CommentId>,
    pub audience: Option<Audience>,
    /// Markdown, 1–10,000 characters.
    pub body: String,
}

/// A comment's new text, with the version it was read at. The version is required, as on every
/// versioned edit: a comment is never at version 0, so none is a malformed body, not a conflict.
#[derive(Clone, Debug, Deserialize, ToSchema)]
pub struct CommentEdit {
    /// Markdown, 1–10,000 characters.
    #[serde(default)]
    pub body: String,
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
}

/// Why staff hide a comment.
#[derive(Clone, Debug, Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct HideComment {
    /// 1–500 characters, shown in the comment's place.
    pub reason: String,
}

/// The text of a comment, trimmed; an error for the `body` field when blank or too long.
pub fn checked_body(body: &str, errors: &mut FieldErrors) -> String {
    let body = body.trim();
    if body.is_empty() {
        errors.add("body", "error-comment-body-blank");
    } else if body.chars().count() > MAX_BODY_CHARS {
        // Grouped by thousands as the English text reads ("10,000").
        let digits = MAX_BODY_CHARS.to_string();
        let grouped: Vec<&str> =
            digits.as_bytes().rchunks(3).rev().map(|d| std::str::from_utf8(d).unwrap_or("")).collect();
        errors.add_with("body", "error-comment-body-long", &[("max", grouped.join(","))]);
    }
    body.to_string()
}

/// The reason for hiding, trimmed, or the field error.
pub fn checked_reason(reason: &str) -> Result<String, AppError> {
    let reason = reason.trim();
    if reason.is_empty() || reason.chars().count() > MAX_REASON_CHARS {
        return Err(AppError::invalid("reason", "error-comment-hide-reason"));
    }
    Ok(reason.to_string())
}
