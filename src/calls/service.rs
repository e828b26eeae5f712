//! Verb functions for calls and their questions.

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use sqlx::PgPool;

use super::domain::{CallKind, QuestionKind, parse_call_title, parse_local_time, parse_markdown};
use super::store::{self, CallFields, QuestionFields};
use crate::audit;
use crate::ids::{CallId, QuestionId};
use crate::programmes::domain::{Programme, parse_slug};
use crate::programmes::store as programme_store;
use crate::tenancy::policy::{Action, Target, authorize};
use crate::web::extract::TenantAccess;
use crate::web::{AppError, FieldErrors};

/// Raw call fields. Times are either RFC 3339 instants (`2024-01-31T22:59:00Z`) or wall-clock
/// times (`2024-01-31T23:59`) in the programme's time zone, as a form's `datetime-local` sends them.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct CallInput {
    /// challenge, solution or cohort.
    pub kind: String,
    pub slug: String,
    pub title: String,
    /// Markdown.
    pub description: String,
    /// Markdown.
    pub eligibility: String,
    pub opens_at: String,
    pub closes_at: String,
}

fn parse_time(raw: &str, zone: Tz, missing: &'static str) -> Result<DateTime<Utc>, &'static str> {
    match DateTime::parse_from_rfc3339(raw.trim()) {
        Ok(instant) => Ok(instant.with_timezone(&Utc)),
        Err(_) => parse_local_time(raw, zone, missing),
    }
}

pub fn programme_zone(programme: &Programme) -> Tz {
    crate::i18n::parse_zone(&programme.time_zone).unwrap_or(chrono_tz::UTC)
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
            kind: self.kind.as_str(),
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
    let opens_at = errors.check("opens_at", parse_time(&input.opens_at, zone, "error-call-opens-missing"));
    let closes_at = errors.check("closes_at", parse_time(&input.closes_at, zone, "error-call-closes-missing"));
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
    let mut errors = FieldErrors::new();
    errors.add("slug", "error-call-slug-taken");
    AppError::Validation(errors)
}

async fn programme(pool: &PgPool, access: &TenantAccess, slug: &str) -> Result<Programme, AppError> {
    let mut conn = pool.acquire().await?;
    programme_store::programme_by_slug(&mut conn, access.tenant.id, slug).await?.ok_or(AppError::NotFound)
}

pub async fn create_call(
    pool: &PgPool,
    access: &TenantAccess,
    programme_slug: &str,
    input: &CallInput,
) -> Result<String, AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManageCalls, Target::Tenant(tenant_id))?;
    let programme = programme(pool, access, programme_slug).await?;
    let valid = validate(input, programme_zone(&programme))?;
    let id = CallId::new();
    let mut tx = pool.begin().await?;
    if let Err(error) = store::insert_call(&mut tx, tenant_id, programme.id, id, &valid.fields()).await {
        return Err(if crate::db::is_unique_violation(&error, "calls_slug_key") { slug_taken() } else { error.into() });
    }
    audit::record(
        &mut tx,
        audit::Entry::new("call.created", "call", id).tenant(tenant_id).actor(access.actor.user_id).details(
            serde_json::json!({ "programme": programme.slug, "slug": valid.slug, "kind": valid.kind.as_str() }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(valid.slug)
}

pub async fn update_call(
    pool: &PgPool,
    access: &TenantAccess,
    programme_slug: &str,
    call_slug: &str,
    version: i32,
    input: &CallInput,
) -> Result<String, AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManageCalls, Target::Tenant(tenant_id))?;
    let programme = programme(pool, access, programme_slug).await?;
    let mut tx = pool.begin().await?;
    let call = store::call_by_slug(&mut tx, tenant_id, programme.id, call_slug).await?.ok_or(AppError::NotFound)?;
    let valid = validate(input, programme_zone(&programme))?;
    match store::update_call(&mut tx, tenant_id, call.id, version, &valid.fields()).await {
        Ok(true) => {}
        Ok(false) => return Err(AppError::Conflict("error-stale-call")),
        Err(error) if crate::db::is_unique_violation(&error, "calls_slug_key") => return Err(slug_taken()),
        Err(error) => return Err(error.into()),
    }
    audit::record(
        &mut tx,
        audit::Entry::new("call.updated", "call", call.id).tenant(tenant_id).actor(access.actor.user_id).details(
            serde_json::json!({ "slug": valid.slug, "opens_at": valid.opens_at, "closes_at": valid.closes_at }),
        ),
    )
    .await?;
    tx.commit().await?;
    Ok(valid.slug)
}

/// Raw question fields. `options` holds one choice per line (forms) or an array (JSON).
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct QuestionInput {
    /// Groups questions into one task of the application's task list.
    pub section: String,
    pub label: String,
    pub help: String,
    pub kind: String,
    pub required: bool,
    /// For long text: the most words accepted.
    pub word_limit: Option<i32>,
    pub options: Vec<String>,
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

async fn call_of(
    pool: &PgPool,
    access: &TenantAccess,
    programme_slug: &str,
    call_slug: &str,
) -> Result<super::domain::Call, AppError> {
    let programme = programme(pool, access, programme_slug).await?;
    let mut conn = pool.acquire().await?;
    store::call_by_slug(&mut conn, access.tenant.id, programme.id, call_slug).await?.ok_or(AppError::NotFound)
}

pub async fn add_question(
    pool: &PgPool,
    access: &TenantAccess,
    programme_slug: &str,
    call_slug: &str,
    input: &QuestionInput,
) -> Result<QuestionId, AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManageCalls, Target::Tenant(tenant_id))?;
    let call = call_of(pool, access, programme_slug, call_slug).await?;
    let valid = validate_question(input)?;
    let id = QuestionId::new();
    let mut tx = pool.begin().await?;
    let fields = QuestionFields {
        section: &valid.section,
        label: &valid.label,
        help: &valid.help,
        kind: valid.kind.as_str(),
        required: valid.required,
        word_limit: valid.word_limit,
        options: &valid.options,
    };
    store::insert_question(&mut tx, tenant_id, call.id, id, &fields).await?;
    audit::record(
        &mut tx,
        audit::Entry::new("question.added", "question", id)
            .tenant(tenant_id)
            .actor(access.actor.user_id)
            .details(serde_json::json!({ "call": call.id, "label": valid.label })),
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_question(
    pool: &PgPool,
    access: &TenantAccess,
    programme_slug: &str,
    call_slug: &str,
    id: QuestionId,
    input: &QuestionInput,
) -> Result<(), AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManageCalls, Target::Tenant(tenant_id))?;
    let call = call_of(pool, access, programme_slug, call_slug).await?;
    let valid = validate_question(input)?;
    let mut tx = pool.begin().await?;
    let fields = QuestionFields {
        section: &valid.section,
        label: &valid.label,
        help: &valid.help,
        kind: valid.kind.as_str(),
        required: valid.required,
        word_limit: valid.word_limit,
        options: &valid.options,
    };
    if !store::update_question(&mut tx, tenant_id, call.id, id, &fields).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        audit::Entry::new("question.updated", "question", id).tenant(tenant_id).actor(access.actor.user_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn delete_question(
    pool: &PgPool,
    access: &TenantAccess,
    programme_slug: &str,
    call_slug: &str,
    id: QuestionId,
) -> Result<(), AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManageCalls, Target::Tenant(tenant_id))?;
    let call = call_of(pool, access, programme_slug, call_slug).await?;
    let mut tx = pool.begin().await?;
    if !store::delete_question(&mut tx, tenant_id, call.id, id).await? {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        audit::Entry::new("question.deleted", "question", id).tenant(tenant_id).actor(access.actor.user_id),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn move_question(
    pool: &PgPool,
    access: &TenantAccess,
    programme_slug: &str,
    call_slug: &str,
    id: QuestionId,
    up: bool,
) -> Result<(), AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManageCalls, Target::Tenant(tenant_id))?;
    let call = call_of(pool, access, programme_slug, call_slug).await?;
    let mut tx = pool.begin().await?;
    // At either end nothing moves: not an error, the list is already as asked.
    store::move_question(&mut tx, tenant_id, call.id, id, up).await?;
    tx.commit().await?;
    Ok(())
}

/// Moves a call's deadline later. Audited; every member of an organisation with an entry in the
/// call (draft or submitted) is told, in the programme's time zone.
pub async fn extend_deadline(
    pool: &PgPool,
    config: &crate::config::Config,
    access: &TenantAccess,
    programme_slug: &str,
    call_slug: &str,
    closes_at: &str,
) -> Result<(), AppError> {
    let tenant_id = access.tenant.id;
    authorize(&access.actor, Action::ManageCalls, Target::Tenant(tenant_id))?;
    let programme = programme(pool, access, programme_slug).await?;
    let zone = programme_zone(&programme);
    let mut errors = FieldErrors::new();
    let new_close = errors.check("closes_at", parse_time(closes_at, zone, "error-call-closes-missing"));
    let mut tx = pool.begin().await?;
    let call = store::call_by_slug(&mut tx, tenant_id, programme.id, call_slug).await?.ok_or(AppError::NotFound)?;
    let Some(new_close) = new_close else { return Err(AppError::Validation(errors)) };
    if new_close <= call.closes_at {
        errors.add("closes_at", "error-extend-not-later");
        return Err(AppError::Validation(errors));
    }
    store::set_closes_at(&mut tx, tenant_id, call.id, new_close).await?;
    let recipients = store::applicant_emails(&mut tx, tenant_id, call.id).await?;
    let link = config.link(&format!("/t/{}/p/{}/c/{}", access.tenant.slug, programme.slug, call.slug));
    for (email, name, locale) in &recipients {
        let lang = crate::i18n::Lang::from_code(locale).unwrap_or_default();
        let when = crate::i18n::Reader::new(lang, zone).datetime(&new_close);
        let message = crate::notify::emails::deadline_extended(lang, email, name, &call.title, &when, &link);
        crate::notify::enqueue(&mut tx, Some(tenant_id), message).await?;
    }
    audit::record(
        &mut tx,
        audit::Entry::new("call.deadline_extended", "call", call.id)
            .tenant(tenant_id)
            .actor(access.actor.user_id)
            .details(serde_json::json!({ "from": call.closes_at, "to": new_close, "notified": recipients.len() })),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}
