//! Reviewing: an assigned reviewer reads the entry (without who wrote it, in a blind round) and
//! writes a score and comment per criterion, a recommendation and a private note to staff; saved
//! as a draft, submitted, editable until the round closes. Other reviews of the entry show only
//! once the reviewer's own is submitted, never with names or notes. Late reviewers are reminded.

use chrono::Utc;
use sqlx::PgPool;

use super::super::domain::{Criterion, Recommendation, Review, ReviewStatus, Round, Score, check_score};
use super::super::store::{self, ReviewFields};
use crate::audit;
use crate::calls;
use crate::calls::domain::{Call, QuestionKind};
use crate::config::Config;
use crate::db::OnConstraint;
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Reader;
use crate::ids::{AttachmentId, CriterionId, ReviewId, RoundId, SubmissionId, UserId};
use crate::notify::{emails, enqueue};
use crate::submissions;
use crate::submissions::attachments::human_size;
use crate::tenancy::access::Access;
use crate::tenancy::policy::{self, Action, ReviewStanding};

/// What the policy needs to know of the person and the entry (`policy::ReviewStanding`).
pub(in crate::selection) async fn standing(
    db: &mut TenantTx,
    round: &Round,
    submission: SubmissionId,
    user: UserId,
) -> Result<ReviewStanding, AppError> {
    let Some(invited) = store::reviewer_membership(db, round.id, user).await? else {
        return Ok(ReviewStanding::default());
    };
    let assigned = store::assigned_to(db, round.id, &[submission]).await?.iter().any(|a| a.1 == user);
    let automatic =
        store::automatic_conflicts(db, round.id, round.conflict_same_country, Some(&[submission]), Some(user)).await?;
    let recorded = store::recorded_conflicts(db, round.id, Some(&[submission])).await?;
    let conflicted = !automatic.is_empty() || recorded.iter().any(|c| c.1 == user);
    let submitted_own = store::has_submitted(db, round.id, Some(submission), user).await?;
    Ok(ReviewStanding { assigned, conflicted, submitted_own, ..ReviewStanding::in_round(Some(invited)) })
}

async fn round_by_id(db: &mut TenantTx, id: RoundId) -> Result<Round, AppError> {
    store::round(db, id, false).await?.ok_or(AppError::NotFound)
}

/// An answer as a reviewer reads it.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AnswerForReview {
    pub section: String,
    pub label: String,
    /// The text of the answer; `None` for a file.
    pub text: Option<String>,
    pub file: Option<FileForReview>,
}

/// An attached file as a reviewer sees it: in a blind round named by its question's place
/// ("attachment-2.pdf"), since people name files after themselves and their organisation.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct FileForReview {
    pub attachment_id: AttachmentId,
    pub name: String,
    pub size: String,
}

/// An entry as its reviewer reads it. Built here with only what the round allows: a blind round
/// leaves out the organisation, its country and the people, on every page and in the JSON.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct EntryForReview {
    pub submission_id: SubmissionId,
    pub title: String,
    pub summary: String,
    pub organisation_name: Option<String>,
    pub country_name: Option<String>,
    pub answers: Vec<AnswerForReview>,
}

/// The file name a reviewer sees.
fn file_name(blind: bool, position: usize, filename: &str, content_type: &str) -> String {
    if !blind {
        return filename.to_string();
    }
    let extension = match content_type {
        "application/pdf" => "pdf",
        "application/vnd.openxmlformats-officedocument.wordprocessingml.document" => "docx",
        "application/vnd.oasis.opendocument.text" => "odt",
        _ => "bin",
    };
    format!("attachment-{position}.{extension}")
}

/// Another reviewer's submitted review as a reviewer reads it: numbered, without a name or the
/// private note.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct OtherReview {
    /// 1, 2…: the order the reviews were submitted in.
    pub number: usize,
    pub recommendation: Option<Recommendation>,
    pub scores: Vec<Score>,
}

/// Everything the review page shows its reviewer.
pub struct ReviewForm {
    pub call: Call,
    pub round: Round,
    pub rubric: Vec<Criterion>,
    pub entry: EntryForReview,
    pub review: Option<Review>,
    pub scores: Vec<Score>,
    /// Other reviewers' submitted reviews: empty until this reviewer has submitted theirs.
    pub others: Vec<OtherReview>,
    /// Whether the round is open for reviews now.
    pub open: bool,
}

impl ReviewForm {
    pub fn status(&self) -> Option<ReviewStatus> {
        self.review.as_ref().map(|r| r.status)
    }
}

pub async fn review_form(
    db: &mut TenantTx,
    access: &Access,
    id: RoundId,
    submission: SubmissionId,
) -> Result<ReviewForm, AppError> {
    let user = access.user()?.id;
    let round = round_by_id(db, id).await?;
    let standing = standing(db, &round, submission, user).await?;
    let dossier = submissions::service::dossier_for_review(db, access, submission, standing).await?;
    let call = calls::service::call_by_id(db, round.call_id).await?;
    let rubric = store::criteria(db, id).await?;
    let mut position = 0;
    let mut answers = Vec::new();
    for question in dossier.form.questions() {
        let Some(answer) = dossier.content.answers.get(&question.id) else { continue };
        let file = answer.file().map(|file| {
            position += 1;
            FileForReview {
                attachment_id: file.attachment_id,
                name: file_name(round.blind, position, &file.filename, &file.content_type),
                size: human_size(file.size_bytes),
            }
        });
        let text = (question.kind != QuestionKind::File).then(|| answer.text());
        answers.push(AnswerForReview { section: question.section.clone(), label: question.label.clone(), text, file });
    }
    let entry = EntryForReview {
        submission_id: submission,
        title: dossier.content.title.clone(),
        summary: dossier.content.summary.clone(),
        organisation_name: (!round.blind).then(|| dossier.submission.organisation_name.clone()),
        country_name: (!round.blind).then(|| dossier.submission.country_name.clone()),
        answers,
    };
    let review = store::review_of(db, id, submission, user, false).await?;
    let scores = match &review {
        Some(review) => store::scores_of(db, &[review.id]).await?.into_iter().map(|(_, s)| s).collect(),
        None => Vec::new(),
    };
    let others = if policy::may_read_other_reviews(&access.actor, standing) {
        let reviews = store::other_submitted_reviews(db, id, submission, user).await?;
        let ids: Vec<ReviewId> = reviews.iter().map(|r| r.id).collect();
        let all = store::scores_of(db, &ids).await?;
        reviews
            .iter()
            .enumerate()
            .map(|(i, r)| OtherReview {
                number: i + 1,
                recommendation: r.recommendation,
                scores: all.iter().filter(|(review, _)| *review == r.id).map(|(_, s)| s.clone()).collect(),
            })
            .collect()
    } else {
        Vec::new()
    };
    let now = Utc::now();
    let open = round.opens_at <= now && now < round.closes_at;
    Ok(ReviewForm { call, round, rubric, entry, review, scores, others, open })
}

/// One criterion's score and comment as sent.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ScoreInput {
    pub criterion_id: Option<CriterionId>,
    /// A point of the criterion's scale; `null` leaves it open (drafts only).
    #[serde(deserialize_with = "crate::request_schema::optional_whole_number")]
    pub score: Option<i32>,
    /// At most 5,000 characters.
    #[schema(schema_with = crate::request_schema::text_up_to::<5000>)]
    pub comment: String,
}

/// A review as sent: the scores, the recommendation, the note, and whether to submit it.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct ReviewInput {
    /// The review's version as read (0 before the first save).
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
    pub scores: Vec<ScoreInput>,
    /// `strongly_support`, `support`, `reservations`, `oppose`, or empty (drafts only).
    #[schema(schema_with = crate::request_schema::recommendation)]
    pub recommendation: String,
    /// For staff only, at most 5,000 characters.
    #[schema(schema_with = crate::request_schema::text_up_to::<5000>)]
    pub note_to_staff: String,
    /// Submit (every criterion scored and a recommendation needed) rather than save a draft.
    /// A submitted review stays submitted when saved again.
    pub submit: bool,
}

/// Saves a reviewer's review of an entry assigned to them, while the round is open. Errors name
/// their fields: `score-<criterion id>` (outside the scale, or missing when submitting),
/// `comment-<criterion id>`, `recommendation`, `note_to_staff`. Returns the review's state.
pub async fn save_review(
    pool: &PgPool,
    access: &Access,
    id: RoundId,
    submission: SubmissionId,
    input: &ReviewInput,
) -> Result<ReviewStatus, AppError> {
    let user = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let round = round_by_id(&mut tx, id).await?;
    let standing = standing(&mut tx, &round, submission, user).await?;
    policy::authorize_review(&access.actor, standing)?;
    let now = Utc::now();
    if now < round.opens_at {
        return Err(AppError::Conflict("error-round-not-open"));
    }
    if round.closes_at <= now {
        return Err(AppError::Conflict("error-round-closed"));
    }
    let rubric = store::criteria(&mut tx, id).await?;
    let existing = store::review_of(&mut tx, id, submission, user, true).await?;
    let submitting = input.submit || existing.as_ref().is_some_and(|r| r.status == ReviewStatus::Submitted);

    let mut errors = FieldErrors::new();
    let mut scores = Vec::new();
    for sent in &input.scores {
        let Some(criterion) = sent.criterion_id.and_then(|c| rubric.iter().find(|r| r.id == c)) else {
            errors.add("scores", "error-score-criterion-unknown");
            continue;
        };
        if let Some(score) = sent.score {
            errors.check(&format!("score-{}", criterion.id), check_score(criterion, score));
        }
        let comment = sent.comment.trim().to_string();
        if comment.chars().count() > 5000 {
            errors.add(&format!("comment-{}", criterion.id), "error-review-comment-too-long");
        }
        scores.push((criterion.id, sent.score, comment));
    }
    let recommendation = match input.recommendation.trim() {
        "" => None,
        raw => match Recommendation::from_name(raw) {
            Some(recommendation) => Some(recommendation),
            None => {
                errors.add("recommendation", "error-recommendation-invalid");
                None
            }
        },
    };
    let note = input.note_to_staff.trim();
    if note.chars().count() > 5000 {
        errors.add("note_to_staff", "error-review-note-too-long");
    }
    if submitting {
        for criterion in &rubric {
            let scored = scores.iter().any(|(c, score, _)| *c == criterion.id && score.is_some());
            if !scored && !errors.has(&format!("score-{}", criterion.id)) {
                errors.add(&format!("score-{}", criterion.id), "error-score-missing");
            }
        }
        if recommendation.is_none() && !errors.has("recommendation") {
            errors.add("recommendation", "error-recommendation-missing");
        }
        if rubric.is_empty() {
            errors.add("scores", "error-rubric-empty");
        }
    }
    errors.into_result()?;

    let status = if submitting { ReviewStatus::Submitted } else { ReviewStatus::Draft };
    let fields = ReviewFields { status, recommendation, note_to_staff: note };
    let review_id = match existing {
        None if input.version == 0 => {
            let review = ReviewId::new();
            store::insert_review(&mut tx, review, (id, submission, user), &fields)
                .await
                .on_constraint("reviews_one_per_assignment", || AppError::Stale("error-stale-review"))?;
            review
        }
        Some(review) if review.version == input.version => {
            if !store::update_review(&mut tx, review.id, input.version, &fields).await? {
                return Err(AppError::Stale("error-stale-review"));
            }
            review.id
        }
        _ => return Err(AppError::Stale("error-stale-review")),
    };
    store::replace_scores(&mut tx, review_id, &scores).await?;
    if submitting {
        // A submitted review counts in the ranked table, which is then out of date.
        store::touch_results(&mut tx, id).await?;
    }
    if input.submit {
        let details = serde_json::json!({ "round": id, "recommendation": recommendation });
        audit::record(&mut tx, access.audit("review.submitted", "submission", submission).details(details)).await?;
    }
    tx.commit().await?;
    Ok(status)
}

/// An entry assigned to the reviewer, with where their review of it stands.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct AssignedEntry {
    pub submission_id: SubmissionId,
    pub title: String,
    /// `null` before the first save.
    pub status: Option<ReviewStatus>,
}

/// The round with the entries assigned to the reviewer: their review list.
pub struct AssignedEntries {
    pub call: Call,
    pub round: Round,
    pub entries: Vec<AssignedEntry>,
}

impl AssignedEntries {
    pub fn submitted(&self) -> usize {
        self.entries.iter().filter(|e| e.status == Some(ReviewStatus::Submitted)).count()
    }
}

pub async fn assigned_entries(db: &mut TenantTx, access: &Access, id: RoundId) -> Result<AssignedEntries, AppError> {
    let (round, user) = super::assignment::round_of_reviewer(db, access, id).await?;
    let call = calls::service::call_by_id(db, round.call_id).await?;
    let entries = store::assigned_with_status(db, id, user)
        .await?
        .into_iter()
        .map(|(submission_id, title, status)| AssignedEntry { submission_id, title, status })
        .collect();
    Ok(AssignedEntries { call, round, entries })
}

/// An attachment of an entry, for its reviewer; named as the review page names it.
pub async fn download(
    pool: &PgPool,
    files: &crate::files::FileStore,
    access: &Access,
    id: RoundId,
    submission: SubmissionId,
    attachment: AttachmentId,
) -> Result<submissions::service::Download, AppError> {
    let user = access.user()?.id;
    let (name, standing) = {
        let mut db = access.db(pool).await?;
        let form = review_form(&mut db, access, id, submission).await?;
        let name = form
            .entry
            .answers
            .iter()
            .filter_map(|a| a.file.as_ref())
            .find(|f| f.attachment_id == attachment)
            .map(|f| f.name.clone())
            .ok_or(AppError::NotFound)?;
        (name, standing(&mut db, &form.round, submission, user).await?)
    };
    let mut download =
        submissions::service::download_for_review(pool, files, access, submission, attachment, standing).await?;
    download.filename = name;
    Ok(download)
}

/// Emails every reviewer of the round with entries not reviewed yet (no review or a draft), in
/// their language and zone, with the deadline and a link to their list; returns how many were
/// written. Staff may send it at any time; the automatic one goes once per round.
pub async fn remind_late_reviewers(
    pool: &PgPool,
    config: &Config,
    access: &Access,
    id: RoundId,
) -> Result<usize, AppError> {
    access.authorize(Action::ManageSelection)?;
    let mut tx = access.db(pool).await?;
    let round = round_by_id(&mut tx, id).await?;
    let sent = write_reminders(&mut tx, config, &access.tenant.slug, &round).await?;
    let details = serde_json::json!({ "reminded": sent, "automatic": false });
    audit::record(&mut tx, access.audit("round.reviewers_reminded", "round", id).details(details)).await?;
    tx.commit().await?;
    Ok(sent)
}

async fn write_reminders(
    tx: &mut TenantTx,
    config: &Config,
    tenant_slug: &str,
    round: &Round,
) -> Result<usize, AppError> {
    let call = calls::service::call_by_id(tx, round.call_id).await?;
    let link = config.link(&format!("/t/{tenant_slug}/rounds/{}/assigned", round.id));
    let late = store::late_reviewers(tx, round.id).await?;
    for reviewer in &late {
        let reader = Reader::new(reviewer.lang, reviewer.time_zone.tz());
        let message = emails::review_reminder(
            reader,
            &reviewer.email,
            &reviewer.name,
            (&round.name, &call.title),
            reviewer.missing,
            &round.closes_at,
            &link,
        );
        let tenant = tx.tenant();
        enqueue(tx, Some(tenant), message).await?;
    }
    Ok(late.len())
}

/// The automatic reminders of every tenant: each round closing within its reminder window and
/// not reminded yet gets one round of emails, once (an instance that finds the round marked by
/// another sends nothing). Runs from the server's background task; returns the emails written.
pub async fn send_due_reminders(pool: &PgPool, config: &Config) -> Result<usize, AppError> {
    let tenants = {
        let mut conn = pool.acquire().await?;
        crate::tenancy::service::tenants(&mut conn).await?
    };
    // One short transaction per tenant, inside its wall; a tenant with nothing due costs one
    // indexed query (`review_rounds_reminder_idx`).
    let mut written = 0;
    for tenant in tenants {
        let mut tx = TenantTx::begin(pool, tenant.id).await?;
        let due = store::rounds_due_a_reminder(&mut tx).await?;
        if due.is_empty() {
            continue;
        }
        for id in due {
            if !store::mark_reminded(&mut tx, id).await? {
                continue;
            }
            let round = round_by_id(&mut tx, id).await?;
            let sent = write_reminders(&mut tx, config, &tenant.slug, &round).await?;
            let details = serde_json::json!({ "reminded": sent, "automatic": true });
            let entry = audit::Entry::new("round.reviewers_reminded", "round", id).tenant(tenant.id);
            audit::record(&mut tx, entry.details(details)).await?;
            written += sent;
        }
        tx.commit().await?;
    }
    Ok(written)
}
