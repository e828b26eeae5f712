//! Calls' service: the verbs for calls, their questions and deadlines, and the reads other pages
//! and capabilities need (calls and their questions are public).

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sqlx::PgPool;

use super::domain::{Call, CallKind, Question, QuestionKind, parse_call_title, parse_instant, parse_markdown};
use super::store::{self, CallFields, QuestionFields};
use crate::audit;
use crate::config::Config;
use crate::db::OnConstraint;
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Reader;
use crate::ids::{CallId, QuestionId};
use crate::notify::{emails, enqueue};
use crate::programmes;
use crate::programmes::domain::{Programme, parse_slug};
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;

// ---- Reads ----

/// A call and its programme, by their slugs; 404 when either is unknown.
pub async fn call(db: &mut TenantTx, programme: &str, call: &str) -> Result<(Programme, Call), AppError> {
    store::programme_and_call(db, programme, call).await?.ok_or(AppError::NotFound)
}

/// A programme's calls in the order they open (at most 100).
pub async fn calls_of(db: &mut TenantTx, programme: &Programme) -> Result<Vec<Call>, AppError> {
    Ok(store::calls_of_programme(db, programme.id).await?)
}

/// A call with its programme and its questions in form order: what its page shows.
pub struct CallWithQuestions {
    pub programme: Programme,
    pub call: Call,
    pub questions: Vec<Question>,
}

pub async fn call_with_questions(
    db: &mut TenantTx,
    programme: &str,
    call: &str,
) -> Result<CallWithQuestions, AppError> {
    let (programme, call) = store::programme_and_call(db, programme, call).await?.ok_or(AppError::NotFound)?;
    let questions = store::questions(db, call.id).await?;
    Ok(CallWithQuestions { programme, call, questions })
}

/// A call and its programme, for those who edit calls (its edit form).
pub async fn call_to_edit(
    db: &mut TenantTx,
    access: &Access,
    programme: &str,
    call: &str,
) -> Result<(Programme, Call), AppError> {
    access.authorize(Action::ManageCalls)?;
    self::call(db, programme, call).await
}

/// `call_with_questions`, for those who edit the call's form.
pub async fn questions_to_manage(
    db: &mut TenantTx,
    access: &Access,
    programme: &str,
    call: &str,
) -> Result<CallWithQuestions, AppError> {
    access.authorize(Action::ManageCalls)?;
    call_with_questions(db, programme, call).await
}

/// A call by id; 404 when the tenant has none.
pub async fn call_by_id(db: &mut TenantTx, id: CallId) -> Result<Call, AppError> {
    store::call_by_id(db, id).await?.ok_or(AppError::NotFound)
}

/// A call's questions in form order.
pub async fn questions(db: &mut TenantTx, call: CallId) -> Result<Vec<Question>, AppError> {
    Ok(store::questions(db, call).await?)
}

// ---- Verbs ----

/// Raw call fields. Times are either RFC 3339 instants (`2024-01-31T22:59:00Z`) or wall-clock
/// times (`2024-01-31T23:59`) in the programme's time zone, as a form's `datetime-local` sends them.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CallInput {
    #[schema(schema_with = crate::request_schema::call_kind)]
    pub kind: String,
    /// Lowercase letters, digits and inner hyphens; unique in the programme.
    #[schema(schema_with = crate::request_schema::slug)]
    pub slug: String,
    /// 1–200 characters.
    #[schema(schema_with = crate::request_schema::line::<200>)]
    pub title: String,
    /// Markdown, at most 20,000 characters.
    #[schema(schema_with = crate::request_schema::text_up_to::<20000>)]
    pub description: String,
    /// Markdown, at most 20,000 characters.
    #[schema(schema_with = crate::request_schema::text_up_to::<20000>)]
    pub eligibility: String,
    #[schema(schema_with = crate::request_schema::call_time)]
    pub opens_at: String,
    /// After `opens_at`.
    #[schema(schema_with = crate::request_schema::call_time)]
    pub closes_at: String,
}

impl From<&Call> for CallInput {
    /// The input of a call as it is saved, times as RFC 3339 instants (what a `PATCH` merges
    /// onto).
    fn from(call: &Call) -> Self {
        Self {
            kind: call.kind.as_str().to_string(),
            slug: call.slug.clone(),
            title: call.title.clone(),
            description: call.description.clone(),
            eligibility: call.eligibility.clone(),
            opens_at: call.opens_at.to_rfc3339(),
            closes_at: call.closes_at.to_rfc3339(),
        }
    }
}

struct ValidCall {
    kind: CallKind,
    slug: String,
    title: String,
    description: String,
    eligibility: String,
    opens_at: DateTime<Utc>,
    closes_at: DateTime<Utc>,
}

impl ValidCall {
    fn fields(&self) -> CallFields<'_> {
        CallFields {
            kind: self.kind,
            slug: &self.slug,
            title: &self.title,
            description: &self.description,
            eligibility: &self.eligibility,
            opens_at: self.opens_at,
            closes_at: self.closes_at,
        }
    }
}

fn validate(input: &CallInput, zone: Tz) -> Result<ValidCall, AppError> {
    let mut errors = FieldErrors::new();
    let kind = errors.check(
        "kind",
        if input.kind.trim().is_empty() { Err("error-call-kind-missing") } else { CallKind::parse(&input.kind) },
    );
    let title = errors.check("title", parse_call_title(&input.title));
    let slug = errors.check(
        "slug",
        parse_slug(&input.slug)
            .map_err(|e| if e == "error-programme-slug-missing" { "error-call-slug-missing" } else { e }),
    );
    let description =
        errors.check("description", parse_markdown(&input.description, "error-call-description-too-long"));
    let eligibility =
        errors.check("eligibility", parse_markdown(&input.eligibility, "error-call-eligibility-too-long"));
    let opens_at = errors.check("opens_at", parse_instant(&input.opens_at, zone, "error-call-opens-missing"));
    let closes_at = errors.check("closes_at", parse_instant(&input.closes_at, zone, "error-call-closes-missing"));
    if let (Some(opens), Some(closes)) = (opens_at, closes_at)
        && closes <= opens
    {
        errors.add("closes_at", "error-call-closes-before-opens");
    }
    match (kind, title, slug, description, eligibility, opens_at, closes_at) {
        (
            Some(kind),
            Some(title),
            Some(slug),
            Some(description),
            Some(eligibility),
            Some(opens_at),
            Some(closes_at),
        ) if errors.is_empty() => Ok(ValidCall { kind, slug, title, description, eligibility, opens_at, closes_at }),
        _ => Err(AppError::Validation(errors)),
    }
}

fn slug_taken() -> AppError {
    AppError::invalid("slug", "error-call-slug-taken")
}

/// Opens a new call in a programme; times without a zone are read in the programme's. Returns
/// the call's slug.
pub async fn create_call(
    pool: &PgPool,
    access: &Access,
    programme_slug: &str,
    input: &CallInput,
) -> Result<String, AppError> {
    access.authorize(Action::ManageCalls)?;
    let mut tx = access.db(pool).await?;
    let programme = programmes::service::programme(&mut tx, programme_slug).await?;
    let valid = validate(input, programme.time_zone.tz())?;
    let id = CallId::new();
    store::insert_call(&mut tx, programme.id, id, &valid.fields()).await.on_constraint("calls_slug_key", slug_taken)?;
    let details = serde_json::json!({ "programme": programme.slug, "slug": valid.slug, "kind": valid.kind });
    audit::record(&mut tx, access.audit("call.created", "call", id).details(details)).await?;
    tx.commit().await?;
    Ok(valid.slug)
}

/// Saves an edit of a call made on `version` (a stale one is refused); returns the call's slug.
pub async fn update_call(
    pool: &PgPool,
    access: &Access,
    programme_slug: &str,
    call_slug: &str,
    version: i32,
    input: &CallInput,
) -> Result<String, AppError> {
    access.authorize(Action::ManageCalls)?;
    let _tenant_id = access.tenant_id();
    let mut tx = access.db(pool).await?;
    let programme = programmes::service::programme(&mut tx, programme_slug).await?;
    let call = store::call_by_slug(&mut tx, programme.id, call_slug).await?.ok_or(AppError::NotFound)?;
    let mut valid = validate(input, programme.time_zone.tz())?;
    // A form sends times to the minute: the same minute is the saved deadline, unchanged.
    if (valid.closes_at - call.closes_at).num_seconds().abs() < 60 {
        valid.closes_at = call.closes_at;
    }
    // Once a call has opened, people may be writing to its deadline: it moves only by
    // `extend_deadline`, which moves it later and tells them.
    if valid.closes_at != call.closes_at && call.opens_at <= Utc::now() {
        return Err(AppError::invalid("closes_at", "error-call-deadline-by-extension"));
    }
    let saved = store::update_call(&mut tx, call.id, version, &valid.fields())
        .await
        .on_constraint("calls_slug_key", slug_taken)?;
    if !saved {
        return Err(AppError::Stale("error-stale-call"));
    }
    let details = serde_json::json!({ "slug": valid.slug, "opens_at": valid.opens_at, "closes_at": valid.closes_at });
    audit::record(&mut tx, access.audit("call.updated", "call", call.id).details(details)).await?;
    tx.commit().await?;
    Ok(valid.slug)
}

/// Raw question fields. `options` holds one choice per line (forms) or an array (JSON).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct QuestionInput {
    /// Groups questions into one task of the application's task list (at most 120 characters
    /// are kept).
    #[schema(schema_with = crate::request_schema::text)]
    pub section: String,
    /// 1–500 characters.
    #[schema(schema_with = crate::request_schema::line::<500>)]
    pub label: String,
    /// At most 2,000 characters are kept.
    #[schema(schema_with = crate::request_schema::text)]
    pub help: String,
    #[schema(schema_with = crate::request_schema::question_kind)]
    pub kind: String,
    pub required: bool,
    /// For long text: the most words accepted, 1–10,000.
    #[schema(minimum = 1, maximum = 10000)]
    #[serde(deserialize_with = "crate::request_schema::optional_whole_number")]
    pub word_limit: Option<i32>,
    /// The choices of a single or multiple choice question (at least two that are not blank),
    /// each at most 200 characters; ignored for other kinds.
    #[schema(inline, value_type = Vec<String>)]
    pub options: Vec<String>,
}

impl From<&Question> for QuestionInput {
    /// The input of a question as it is saved (what a `PATCH` merges onto).
    fn from(question: &Question) -> Self {
        Self {
            section: question.section.clone(),
            label: question.label.clone(),
            help: question.help.clone(),
            kind: question.kind.as_str().to_string(),
            required: question.required,
            word_limit: question.word_limit,
            options: question.options.clone(),
        }
    }
}

struct ValidQuestion {
    section: String,
    label: String,
    help: String,
    kind: QuestionKind,
    required: bool,
    word_limit: Option<i32>,
    options: Vec<String>,
}

fn validate_question(input: &QuestionInput) -> Result<ValidQuestion, AppError> {
    let mut errors = FieldErrors::new();
    let label = input.label.trim();
    if label.is_empty() {
        errors.add("label", "error-question-label-missing");
    } else if label.chars().count() > 500 {
        errors.add("label", "error-question-label-too-long");
    }
    let kind = errors.check("kind", QuestionKind::parse(&input.kind));
    let options: Vec<String> = input.options.iter().map(|o| o.trim().to_string()).filter(|o| !o.is_empty()).collect();
    if let Some(kind) = kind {
        if kind.has_options() && options.len() < 2 {
            errors.add("options", "error-question-options-missing");
        }
        if input.word_limit.is_some_and(|limit| !(1..=10_000).contains(&limit)) {
            errors.add("word_limit", "error-question-word-limit-invalid");
        }
    }
    if options.iter().any(|o| o.chars().count() > 200) {
        errors.add("options", "error-question-option-too-long");
    }
    match kind {
        Some(kind) if errors.is_empty() => Ok(ValidQuestion {
            section: input.section.trim().chars().take(120).collect(),
            label: label.to_string(),
            help: input.help.trim().chars().take(2000).collect(),
            kind,
            required: input.required,
            word_limit: if kind == QuestionKind::LongText { input.word_limit } else { None },
            options: if kind.has_options() { options } else { Vec::new() },
        }),
        _ => Err(AppError::Validation(errors)),
    }
}

impl ValidQuestion {
    fn fields(&self) -> QuestionFields<'_> {
        QuestionFields {
            section: &self.section,
            label: &self.label,
            help: &self.help,
            kind: self.kind,
            required: self.required,
            word_limit: self.word_limit,
            options: &self.options,
        }
    }
}

pub async fn add_question(
    pool: &PgPool,
    access: &Access,
    programme_slug: &str,
    call_slug: &str,
    input: &QuestionInput,
) -> Result<QuestionId, AppError> {
    access.authorize(Action::ManageCalls)?;
    let mut tx = access.db(pool).await?;
    let (_, call) = self::call(&mut tx, programme_slug, call_slug).await?;
    let valid = validate_question(input)?;
    let id = QuestionId::new();
    store::insert_question(&mut tx, call.id, id, &valid.fields()).await?;
    let details = serde_json::json!({ "call": call.id, "label": valid.label });
    audit::record(&mut tx, access.audit("question.added", "question", id).details(details)).await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_question(
    pool: &PgPool,
    access: &Access,
    programme_slug: &str,
    call_slug: &str,
    id: QuestionId,
    input: &QuestionInput,
) -> Result<(), AppError> {
    access.authorize(Action::ManageCalls)?;
    let mut tx = access.db(pool).await?;
    let (_, call) = self::call(&mut tx, programme_slug, call_slug).await?;
    let valid = validate_question(input)?;
    if !store::update_question(&mut tx, call.id, id, &valid.fields()).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, access.audit("question.updated", "question", id)).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_question(
    pool: &PgPool,
    access: &Access,
    programme_slug: &str,
    call_slug: &str,
    id: QuestionId,
) -> Result<(), AppError> {
    access.authorize(Action::ManageCalls)?;
    let mut tx = access.db(pool).await?;
    let (_, call) = self::call(&mut tx, programme_slug, call_slug).await?;
    if !store::delete_question(&mut tx, call.id, id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(&mut tx, access.audit("question.deleted", "question", id)).await?;
    tx.commit().await?;
    Ok(())
}

pub async fn move_question(
    pool: &PgPool,
    access: &Access,
    programme_slug: &str,
    call_slug: &str,
    id: QuestionId,
    up: bool,
) -> Result<(), AppError> {
    access.authorize(Action::ManageCalls)?;
    let mut tx = access.db(pool).await?;
    let (_, call) = self::call(&mut tx, programme_slug, call_slug).await?;
    // At either end nothing moves: not an error, the list is already as asked.
    if !store::move_question(&mut tx, call.id, id, up).await? {
        return Err(AppError::NotFound);
    }
    tx.commit().await?;
    Ok(())
}

/// Moves a call's deadline later. Audited; every member of an organisation with an entry in the
/// call (draft or submitted) is told, in their own language and time zone.
pub async fn extend_deadline(
    pool: &PgPool,
    config: &Config,
    access: &Access,
    programme_slug: &str,
    call_slug: &str,
    closes_at: &str,
) -> Result<(), AppError> {
    access.authorize(Action::ManageCalls)?;
    let tenant_id = access.tenant_id();
    let mut tx = access.db(pool).await?;
    let programme = programmes::service::programme(&mut tx, programme_slug).await?;
    let zone = programme.time_zone.tz();
    let mut errors = FieldErrors::new();
    let new_close = errors.check("closes_at", parse_instant(closes_at, zone, "error-call-closes-missing"));
    let call = store::call_by_slug(&mut tx, programme.id, call_slug).await?.ok_or(AppError::NotFound)?;
    let Some(new_close) = new_close else { return Err(AppError::Validation(errors)) };
    if new_close <= call.closes_at {
        errors.add("closes_at", "error-extend-not-later");
        return Err(AppError::Validation(errors));
    }
    store::set_closes_at(&mut tx, call.id, new_close).await?;
    let recipients = store::applicant_emails(&mut tx, call.id).await?;
    let link = config.link(&format!("/t/{}/p/{}/c/{}", access.tenant.slug, programme.slug, call.slug));
    for (email, name, lang, their_zone) in &recipients {
        let reader = Reader::new(*lang, their_zone.tz());
        let message = emails::deadline_extended(reader, email, name, &call.title, &new_close, &link);
        enqueue(&mut tx, Some(tenant_id), message).await?;
    }
    let details = serde_json::json!({ "from": call.closes_at, "to": new_close, "notified": recipients.len() });
    audit::record(&mut tx, access.audit("call.deadline_extended", "call", call.id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}
