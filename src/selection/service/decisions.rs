//! Decisions: staff decide each entry (selected, waitlisted, rejected, with a rationale), in a
//! round or without one, singly or in bulk, and release them; each team gets an email from the
//! call's template for its outcome. Before release teams read "under review". A selected team
//! confirms that it takes part (reminded until it does) or declines, and staff promote from the
//! waiting list. A released selection sets the entry's `selected_at`: the one source of truth.

use sqlx::PgPool;

use super::super::domain::{Decision, Outcome, Participation, ReviewStatus, Round, fill_template, parse_template_text};
use super::super::store::{self, DecisionFields, DecisionRow, Unreleased};
use crate::audit;
use crate::calls;
use crate::calls::domain::Call;
use crate::config::Config;
use crate::db::cursor::{Cursor, PAGE_SIZE, Page};
use crate::db::wall::TenantTx;
use crate::error::{AppError, FieldErrors};
use crate::i18n::Lang;
use crate::ids::{RoundId, SubmissionId};
use crate::notify::{Email, emails, enqueue};
use crate::programmes::domain::Programme;
use crate::submissions;
use crate::submissions::domain::{Submission, SubmissionStatus};
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;

/// A call's decisions page: one page of its submitted entries with their screening and decision,
/// and the counts by outcome.
pub struct CallDecisions {
    pub programme: Programme,
    pub call: Call,
    pub rows: Page<DecisionRow>,
    pub selected: i64,
    pub waitlisted: i64,
    pub rejected: i64,
    pub unreleased: i64,
    pub rounds: Vec<Round>,
}

pub async fn call_decisions(
    db: &mut TenantTx,
    access: &Access,
    programme: &str,
    call: &str,
    after: Option<Cursor>,
) -> Result<CallDecisions, AppError> {
    access.authorize(Action::ManageSelection)?;
    let (programme, call) = calls::service::call(db, programme, call).await?;
    let rows = store::decision_rows(db, call.id, after.as_ref(), PAGE_SIZE + 1).await?;
    let rows = Page::of(rows, |row| Cursor { at: row.created_at, id: row.submission_id.0 }.encode());
    let (selected, waitlisted, rejected, unreleased) = store::decision_counts(db, call.id).await?;
    let rounds = store::rounds_of_call(db, call.id).await?;
    Ok(CallDecisions { programme, call, rows, selected, waitlisted, rejected, unreleased, rounds })
}

/// An entry's decision as its page shows it: everything for staff; for the team, the outcome
/// once released ("under review" before), without the rationale.
pub struct EntryDecision {
    pub submission: Submission,
    pub call: Call,
    pub decision: Option<Decision>,
    pub rounds: Vec<Round>,
    pub staff: bool,
}

impl EntryDecision {
    /// What the team may read: the decision once released.
    pub fn released(&self) -> Option<&Decision> {
        self.decision.as_ref().filter(|d| d.released_at.is_some())
    }
}

pub async fn entry_decision(db: &mut TenantTx, access: &Access, id: SubmissionId) -> Result<EntryDecision, AppError> {
    let submission = submissions::service::summary(db, access, id).await?;
    let staff = access.can(Action::ManageSelection);
    let call = calls::service::call_by_id(db, submission.call_id).await?;
    let mut decision = store::decision(db, id, false).await?;
    let rounds = if staff { store::rounds_of_call(db, call.id).await? } else { Vec::new() };
    if !staff {
        // The team reads a released outcome only, never staff's reasons.
        decision = decision.filter(|d| d.released_at.is_some()).map(|d| Decision { rationale: String::new(), ..d });
    }
    Ok(EntryDecision { submission, call, decision, rounds, staff })
}

/// A decision as sent.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct DecisionInput {
    /// The decision's version as read (0 when the entry has none yet).
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
    #[schema(schema_with = crate::request_schema::outcome)]
    pub outcome: String,
    /// Why: 1–5,000 characters. Required: every decision can be explained.
    #[schema(schema_with = crate::request_schema::text_up_to::<5000>)]
    pub rationale: String,
    /// The round it was decided in; left out, the record says it was decided without one.
    pub round_id: Option<RoundId>,
    /// For a waitlisted entry: its place on the list (1 first).
    #[serde(deserialize_with = "crate::request_schema::optional_whole_number")]
    pub waitlist_position: Option<i32>,
}

struct ValidDecision {
    outcome: Outcome,
    rationale: String,
    waitlist_position: Option<i32>,
}

fn validate_decision(input: &DecisionInput) -> Result<ValidDecision, FieldErrors> {
    let mut errors = FieldErrors::new();
    let outcome = match input.outcome.trim() {
        "" => {
            errors.add("outcome", "error-outcome-missing");
            None
        }
        raw => Outcome::from_name(raw).or_else(|| {
            errors.add("outcome", "error-outcome-invalid");
            None
        }),
    };
    let rationale = input.rationale.trim().to_string();
    if rationale.is_empty() {
        errors.add("rationale", "error-rationale-missing");
    } else if rationale.chars().count() > 5000 {
        errors.add("rationale", "error-rationale-too-long");
    }
    let waitlist_position = match (outcome, input.waitlist_position) {
        (Some(Outcome::Waitlisted), Some(position)) if position < 1 => {
            errors.add("waitlist_position", "error-waitlist-position-invalid");
            None
        }
        (Some(Outcome::Waitlisted), position) => position,
        _ => None,
    };
    match outcome {
        Some(outcome) if errors.is_empty() => Ok(ValidDecision { outcome, rationale, waitlist_position }),
        _ => Err(errors),
    }
}

/// Decides one entry (staff): a submitted entry of the call, a round of the same call if named.
/// A released decision changes only by promotion (409).
pub async fn decide(pool: &PgPool, access: &Access, id: SubmissionId, input: &DecisionInput) -> Result<(), AppError> {
    access.authorize(Action::ManageSelection)?;
    let by = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let submission = submissions::service::summary(&mut tx, access, id).await?;
    let valid = validate_decision(input).map_err(AppError::Validation)?;
    record_decision(&mut tx, access, &submission, input.version, input.round_id, &valid, by).await?;
    tx.commit().await?;
    Ok(())
}

async fn record_decision(
    tx: &mut TenantTx,
    access: &Access,
    submission: &Submission,
    version: i32,
    round: Option<RoundId>,
    valid: &ValidDecision,
    by: crate::ids::UserId,
) -> Result<(), AppError> {
    if submission.status != SubmissionStatus::Submitted {
        return Err(AppError::Conflict("error-decision-not-submitted"));
    }
    if let Some(round) = round {
        let round = store::round(tx, round, false).await?;
        if round.is_none_or(|r| r.call_id != submission.call_id) {
            return Err(AppError::invalid("round_id", "error-decision-round-unknown"));
        }
    }
    let current = store::decision(tx, submission.id, false).await?;
    if current.as_ref().is_some_and(|d| d.released_at.is_some()) {
        return Err(AppError::Conflict("error-decision-released"));
    }
    // A waitlisted entry always has a place: the one given, the one it had, or the end of the
    // list (so a bulk decision lines them up in the order ticked).
    let waitlist_position = match (valid.outcome, valid.waitlist_position) {
        (Outcome::Waitlisted, Some(place)) => Some(place),
        (Outcome::Waitlisted, None) => match current.and_then(|d| d.waitlist_position) {
            Some(place) => Some(place),
            None => Some(store::next_waitlist_place(tx, submission.call_id, submission.id).await?),
        },
        _ => None,
    };
    let fields = DecisionFields {
        call: submission.call_id,
        round,
        outcome: valid.outcome,
        rationale: &valid.rationale,
        waitlist_position,
        decided_by: by,
    };
    if !store::save_decision(tx, submission.id, version, &fields).await? {
        return Err(AppError::Stale("error-stale-decision"));
    }
    let details = serde_json::json!({
        "outcome": valid.outcome, "rationale": valid.rationale, "round": round, "without_round": round.is_none()
    });
    audit::record(tx, access.audit("submission.decided", "submission", submission.id).details(details)).await?;
    Ok(())
}

/// Several entries decided alike, all or none.
#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct BulkDecisionInput {
    pub submissions: Vec<SubmissionId>,
    #[schema(schema_with = crate::request_schema::outcome)]
    pub outcome: String,
    #[schema(schema_with = crate::request_schema::text_up_to::<5000>)]
    pub rationale: String,
    pub round_id: Option<RoundId>,
}

/// Decides several entries of the call alike (staff), all or none: each must be submitted, in
/// the call, not released; each keeps its own audit row.
pub async fn decide_bulk(
    pool: &PgPool,
    access: &Access,
    programme: &str,
    call: &str,
    input: &BulkDecisionInput,
) -> Result<usize, AppError> {
    access.authorize(Action::ManageSelection)?;
    let by = access.user()?.id;
    let mut tx = access.db(pool).await?;
    let (_, call) = calls::service::call(&mut tx, programme, call).await?;
    let single = DecisionInput {
        version: 0,
        outcome: input.outcome.clone(),
        rationale: input.rationale.clone(),
        round_id: input.round_id,
        waitlist_position: None,
    };
    let mut errors = match validate_decision(&single) {
        Ok(_) => FieldErrors::new(),
        Err(errors) => errors,
    };
    if input.submissions.is_empty() {
        errors.add("submissions", "error-bulk-none");
    }
    errors.into_result()?;
    let valid = validate_decision(&single).map_err(AppError::Validation)?;
    for id in &input.submissions {
        let submission = submissions::service::summary(&mut tx, access, *id).await?;
        if submission.call_id != call.id {
            return Err(AppError::invalid("submissions", "error-bulk-other-call"));
        }
        let version = store::decision(&mut tx, *id, true).await?.map_or(0, |d| d.version);
        record_decision(&mut tx, access, &submission, version, input.round_id, &valid, by).await?;
    }
    tx.commit().await?;
    Ok(input.submissions.len())
}

/// Puts an entry on a round's short list, or takes it off (staff).
pub async fn shortlist(
    pool: &PgPool,
    access: &Access,
    round: RoundId,
    id: SubmissionId,
    on: bool,
) -> Result<(), AppError> {
    access.authorize(Action::ManageSelection)?;
    let mut tx = access.db(pool).await?;
    if !store::set_shortlisted(&mut tx, round, id, on).await? {
        return Err(AppError::NotFound);
    }
    let action = if on { "round.shortlisted" } else { "round.unshortlisted" };
    audit::record(&mut tx, access.audit(action, "submission", id).details(serde_json::json!({ "round": round })))
        .await?;
    tx.commit().await?;
    Ok(())
}

/// A decision email's text for an outcome: the call's own, or the built-in one.
#[derive(Clone, Debug, serde::Serialize, utoipa::ToSchema)]
pub struct TemplateView {
    pub outcome: Outcome,
    pub subject: String,
    pub body: String,
    /// Whether the call has its own text (else the built-in one is shown, version 0).
    pub custom: bool,
    pub version: i32,
}

/// The built-in text of an outcome, in `lang`, with placeholders left for `fill_template`: the
/// Fluent message is given each placeholder as its own value (`{ $team }` becomes `{team}`).
fn built_in(lang: Lang, outcome: Outcome) -> (String, String) {
    let key = outcome.as_str().replace('_', "-");
    let args: Vec<(&str, String)> =
        super::super::domain::PLACEHOLDERS.iter().map(|p| (*p, format!("{{{p}}}"))).collect();
    (
        lang.t_args(&format!("decision-email-{key}-subject"), &args),
        lang.t_args(&format!("decision-email-{key}-body"), &args),
    )
}

/// The text a reader in `lang` gets: the call's own in their language, else the call's own in
/// English (staff's words win over the built-in text), else the built-in text in their language.
async fn template_for(db: &mut TenantTx, call: &Call, outcome: Outcome, lang: Lang) -> Result<TemplateView, AppError> {
    let own = match store::template(db, call.id, outcome, lang.code()).await? {
        Some(found) => Some(found),
        None if lang != Lang::En => store::template(db, call.id, outcome, Lang::En.code()).await?,
        None => None,
    };
    Ok(match own {
        Some((subject, body, version)) => TemplateView { outcome, subject, body, custom: true, version },
        None => {
            let (subject, body) = built_in(lang, outcome);
            TemplateView { outcome, subject, body, custom: false, version: 0 }
        }
    })
}

/// The call's decision emails, one per outcome (staff), in English: the language staff write
/// them in today.
pub async fn templates(
    db: &mut TenantTx,
    access: &Access,
    programme: &str,
    call: &str,
) -> Result<(Programme, Call, Vec<TemplateView>), AppError> {
    access.authorize(Action::ManageSelection)?;
    let (programme, call) = calls::service::call(db, programme, call).await?;
    let mut views = Vec::new();
    for outcome in Outcome::ALL {
        views.push(template_for(db, &call, *outcome, Lang::En).await?);
    }
    Ok((programme, call, views))
}

#[derive(Clone, Debug, Default, serde::Deserialize, serde::Serialize, utoipa::ToSchema)]
#[serde(default)]
pub struct TemplateInput {
    /// 0 while the built-in text is in use.
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
    /// 1–200 characters; placeholders as in the body.
    #[schema(schema_with = crate::request_schema::line::<200>)]
    pub subject: String,
    /// 1–10,000 characters; placeholders `{team}`, `{title}`, `{call}`, `{programme}`,
    /// `{rationale}`, `{position}` (waiting list), `{link}` (the entry's decision page).
    #[schema(schema_with = crate::request_schema::text_up_to::<10000>)]
    pub body: String,
}

pub async fn save_template(
    pool: &PgPool,
    access: &Access,
    programme: &str,
    call: &str,
    outcome: Outcome,
    input: &TemplateInput,
) -> Result<(), AppError> {
    access.authorize(Action::ManageSelection)?;
    let mut tx = access.db(pool).await?;
    let (_, call) = calls::service::call(&mut tx, programme, call).await?;
    let mut errors = FieldErrors::new();
    let subject = errors.check("subject", parse_template_text(&input.subject, 200, "error-template-subject-missing"));
    let body = errors.check("body", parse_template_text(&input.body, 10_000, "error-template-body-missing"));
    errors.into_result()?;
    let (Some(subject), Some(body)) = (subject, body) else {
        return Err(AppError::invalid("body", "error-template-body-missing"));
    };
    if !store::save_template(&mut tx, (call.id, outcome, Lang::En.code()), input.version, &subject, &body).await? {
        return Err(AppError::Stale("error-stale-template"));
    }
    let details = serde_json::json!({ "outcome": outcome });
    audit::record(&mut tx, access.audit("call.decision_template_saved", "call", call.id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// Releases the call's decisions not released yet (staff): every member of each team gets the
/// email for its outcome, in their language where the call has a text in it (else English),
/// with, when `include_reviews`, the reviewers' comments without their names; a selected team's
/// email ends with the call to confirm, apart from the decision's wording. Returns how many
/// decisions were released.
pub async fn release(
    pool: &PgPool,
    config: &Config,
    access: &Access,
    programme: &str,
    call: &str,
    include_reviews: bool,
) -> Result<usize, AppError> {
    access.authorize(Action::ManageSelection)?;
    let mut tx = access.db(pool).await?;
    let (programme, call) = calls::service::call(&mut tx, programme, call).await?;
    let decisions = store::unreleased(&mut tx, call.id).await?;
    if decisions.is_empty() {
        return Err(AppError::Conflict("error-release-nothing"));
    }
    for decision in &decisions {
        write_decision_emails(&mut tx, config, &access.tenant.slug, (&programme, &call), decision, include_reviews)
            .await?;
        submissions::service::record_selection(&mut tx, decision.submission_id, decision.outcome == Outcome::Selected)
            .await?;
    }
    let released: Vec<SubmissionId> = decisions.iter().map(|d| d.submission_id).collect();
    store::mark_released(&mut tx, &released).await?;
    let details = serde_json::json!({ "released": released.len(), "include_reviews": include_reviews });
    audit::record(&mut tx, access.audit("call.decisions_released", "call", call.id).details(details)).await?;
    tx.commit().await?;
    Ok(released.len())
}

async fn write_decision_emails(
    tx: &mut TenantTx,
    config: &Config,
    tenant_slug: &str,
    (programme, call): (&Programme, &Call),
    decision: &Unreleased,
    include_reviews: bool,
) -> Result<(), AppError> {
    let link = config.link(&format!("/t/{tenant_slug}/submissions/{}/decision", decision.submission_id));
    let reviews = if include_reviews { anonymous_reviews(tx, decision).await? } else { String::new() };
    let values = [
        ("team", decision.organisation_name.clone()),
        ("title", decision.title.clone()),
        ("call", call.title.clone()),
        ("programme", programme.title.clone()),
        ("rationale", decision.rationale.clone()),
        ("position", decision.waitlist_position.map(|p| p.to_string()).unwrap_or_default()),
        ("link", link.clone()),
    ];
    for (email, _name, lang, _zone) in store::organisation_people(tx, decision.organisation_id).await? {
        let template = template_for(tx, call, decision.outcome, lang).await?;
        let mut body = fill_template(&template.body, &values);
        if decision.outcome == Outcome::Selected {
            body.push_str("\n\n");
            body.push_str(&lang.t_args("decision-email-confirm", &[("link", link.clone())]));
        }
        if !reviews.is_empty() {
            body.push_str("\n\n");
            body.push_str(&lang.t("decision-email-reviews"));
            body.push_str(&reviews);
        }
        let message =
            Email { to: email, subject: fill_template(&template.subject, &values), body, carries_secret: false };
        let tenant = tx.tenant();
        enqueue(tx, Some(tenant), message).await?;
    }
    Ok(())
}

/// The comments of the entry's submitted reviews in the round it was decided in, numbered,
/// without names or notes to staff: the part of a decision email that quotes them.
async fn anonymous_reviews(tx: &mut TenantTx, decision: &Unreleased) -> Result<String, AppError> {
    let Some(round) = decision.round_id else { return Ok(String::new()) };
    let rubric = store::criteria(tx, round).await?;
    let reviews = store::reviews_of_entry(tx, round, decision.submission_id).await?;
    let ids: Vec<_> = reviews.iter().filter(|(r, _)| r.status == ReviewStatus::Submitted).map(|(r, _)| r.id).collect();
    let scores = store::scores_of(tx, &ids).await?;
    let mut text = String::new();
    for (number, id) in ids.iter().enumerate() {
        text.push_str(&format!("\n\n{}.", number + 1));
        for criterion in &rubric {
            if let Some((_, score)) = scores.iter().find(|(r, s)| r == id && s.criterion_id == criterion.id)
                && !score.comment.is_empty()
            {
                text.push_str(&format!("\n{}: {}", criterion.name, score.comment));
            }
        }
    }
    Ok(text)
}

/// A selected team's answer to its selection.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    Confirm,
    /// `ticked`: the person said their team gives up its place, which cannot be undone (the
    /// page's tick box; a program's decline is explicit and counts as ticked).
    Decline {
        ticked: bool,
    },
}

/// A selected team's answer, by a member of its organisation (staff never answer on a team's
/// behalf: 403): confirmed, or declined (which frees its place for the waiting list, and emails
/// the tenant's staff and admins so they can offer it). 422 on `sure` for a decline not ticked;
/// 409 when the entry awaits no answer.
pub async fn answer_selection(
    pool: &PgPool,
    config: &Config,
    access: &Access,
    id: SubmissionId,
    answer: Answer,
) -> Result<(), AppError> {
    let mut tx = access.db(pool).await?;
    let submission = submissions::service::summary(&mut tx, access, id).await?;
    access.authorize_for(Action::EditSubmission, submission.organisation_id)?;
    if answer == (Answer::Decline { ticked: false }) {
        return Err(AppError::invalid("sure", "error-decline-unsure"));
    }
    let confirm = answer == Answer::Confirm;
    let answer = if confirm { Participation::Confirmed } else { Participation::Declined };
    if !store::set_participation(&mut tx, id, answer).await? {
        return Err(AppError::Conflict("error-participation-not-awaited"));
    }
    if !confirm {
        submissions::service::record_selection(&mut tx, id, false).await?;
        // Staff offer the place to the next team: they learn of it at once.
        let call = calls::service::call_by_id(&mut tx, submission.call_id).await?;
        let programme = crate::programmes::service::programme_by_id(&mut tx, call.programme_id).await?;
        let link = config.link(&format!("/t/{}/p/{}/c/{}/decisions", access.tenant.slug, programme.slug, call.slug));
        for person in crate::tenancy::service::staff_to_tell(&mut tx).await? {
            let titles = (submission.title.as_str(), call.title.as_str());
            let message =
                emails::place_declined(person.lang, &person.email, &submission.organisation_name, titles, &link);
            enqueue(&mut tx, Some(access.tenant.id), message).await?;
        }
    }
    let action = if confirm { "submission.participation_confirmed" } else { "submission.participation_declined" };
    audit::record(&mut tx, access.audit(action, "submission", id)).await?;
    tx.commit().await?;
    Ok(())
}

/// Promotes a released waitlisted entry to selected (staff): its team is emailed at once with the
/// call to confirm, and the rest of the list moves up a place; each team below it that was told
/// its place is told the new one.
pub async fn promote(pool: &PgPool, config: &Config, access: &Access, id: SubmissionId) -> Result<(), AppError> {
    access.authorize(Action::ManageSelection)?;
    let mut tx = access.db(pool).await?;
    let submission = submissions::service::summary(&mut tx, access, id).await?;
    let call = calls::service::call_by_id(&mut tx, submission.call_id).await?;
    let programme = crate::programmes::service::programme_by_id(&mut tx, call.programme_id).await?;
    let decision =
        store::decision(&mut tx, id, true).await?.ok_or(AppError::Conflict("error-promote-not-waitlisted"))?;
    let moved_up =
        store::promote(&mut tx, id, call.id).await?.ok_or(AppError::Conflict("error-promote-not-waitlisted"))?;
    submissions::service::record_selection(&mut tx, id, true).await?;
    let promoted = Unreleased {
        submission_id: id,
        title: submission.title.clone(),
        organisation_id: submission.organisation_id,
        organisation_name: submission.organisation_name.clone(),
        outcome: Outcome::Selected,
        rationale: decision.rationale.clone(),
        waitlist_position: None,
        round_id: decision.round_id,
    };
    write_decision_emails(&mut tx, config, &access.tenant.slug, (&programme, &call), &promoted, false).await?;
    // The teams still waiting, already told their place, learn their new one.
    for (entry, title, organisation, place) in &moved_up {
        let link = config.link(&format!("/t/{}/submissions/{entry}/decision", access.tenant.slug));
        for (email, name, lang, _) in store::organisation_people(&mut tx, *organisation).await? {
            let message = emails::waitlist_moved(lang, &email, &name, (title, &call.title), *place, &link);
            enqueue(&mut tx, Some(access.tenant.id), message).await?;
        }
    }
    let details = serde_json::json!({ "moved_up": moved_up.len() });
    audit::record(&mut tx, access.audit("submission.promoted", "submission", id).details(details)).await?;
    tx.commit().await?;
    Ok(())
}

/// Reminds selected teams that have not confirmed, every three days, in every tenant (the
/// server's background task). Returns the emails written.
pub async fn send_confirmation_reminders(pool: &PgPool, config: &Config) -> Result<usize, AppError> {
    let tenants = {
        let mut conn = pool.acquire().await?;
        crate::tenancy::service::tenants(&mut conn).await?
    };
    let mut written = 0;
    for tenant in tenants {
        let mut tx = TenantTx::begin(pool, tenant.id).await?;
        let due = store::confirmations_due(&mut tx).await?;
        for (submission, organisation, title) in &due {
            let link = config.link(&format!("/t/{}/submissions/{submission}/decision", tenant.slug));
            for (email, name, lang, _) in store::organisation_people(&mut tx, *organisation).await? {
                let message = emails::confirmation_reminder(lang, &email, &name, title, &link);
                enqueue(&mut tx, Some(tenant.id), message).await?;
                written += 1;
            }
            store::mark_confirmation_reminded(&mut tx, *submission).await?;
        }
        tx.commit().await?;
    }
    Ok(written)
}
