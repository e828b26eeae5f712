//! Assignment pages: a round's entries, reviewers and assignments for staff (with one entry's
//! page for its reviewers and conflicts), and a reviewer's rounds and preferences.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Utc;
use serde::Deserialize;
use tower_sessions::Session;

use super::super::domain::{ConflictKind, EntryForReviewer, Preference, RoundReviewer};
use super::super::service::{
    self, EntriesSource, EntryAssignment, PreferenceInput, ReviewedRound, ReviewerEntries, RoundAssignment,
    RoundInvitationInput,
};
use crate::calls::domain::CallStatus;
use crate::error::{AppError, FieldErrors};
use crate::ids::{RoundId, RoundInvitationId, SubmissionId, UserId};
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::tenancy::policy::Action;
use crate::web::extract::{Form, Path, Query};
use crate::web::form::{Done, after_post};
use crate::web::page::{PageCtx, redirect_with_notice, render};
use crate::web::pagination::{PageQuery, Pager};
use crate::web::route_table::RouteTable;

pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/t/{tenant}/rounds/{round}/assignments", assignments_page)
        .post("/t/{tenant}/rounds/{round}/assignments/automatic", assign_automatically)
        .post("/t/{tenant}/rounds/{round}/entries", add_entries)
        .post("/t/{tenant}/rounds/{round}/reviewers", add_reviewer)
        .post("/t/{tenant}/rounds/{round}/reviewers/{user}/remove", remove_reviewer)
        .get("/t/{tenant}/rounds/{round}/entries/{submission}", entry_page)
        .post("/t/{tenant}/rounds/{round}/entries/{submission}/remove", remove_entry)
        .post("/t/{tenant}/rounds/{round}/entries/{submission}/assign", assign)
        .post("/t/{tenant}/rounds/{round}/entries/{submission}/unassign/{user}", unassign)
        .post("/t/{tenant}/rounds/{round}/entries/{submission}/conflicts", set_conflict)
        .post("/t/{tenant}/rounds/{round}/entries/{submission}/conflicts/{user}/remove", clear_conflict)
        .post("/t/{tenant}/rounds/{round}/invitations", invite_reviewer)
        .post("/t/{tenant}/rounds/{round}/invitations/{invitation}/revoke", revoke_invitation)
        .get("/t/{tenant}/reviews", reviews_page)
        .get("/t/{tenant}/rounds/{round}/preferences", preferences_page)
        .post("/t/{tenant}/rounds/{round}/preferences", save_preferences)
}

fn assignments_path(access: &Access, round: RoundId) -> String {
    format!("/t/{}/rounds/{round}/assignments", access.tenant.slug)
}

fn entry_path(access: &Access, round: RoundId, submission: SubmissionId) -> String {
    format!("/t/{}/rounds/{round}/entries/{submission}", access.tenant.slug)
}

// ---- Staff: the round's assignment ----

#[derive(Template)]
#[template(path = "selection/assignments.html")]
struct AssignmentsPage {
    ctx: PageCtx,
    found: RoundAssignment,
    pager: Pager,
    errors: FieldErrors,
    /// The address typed into the invitation form, when it comes back refused.
    invite_email: String,
}

impl AssignmentsPage {
    fn entry_count(&self) -> i64 {
        self.found.entry_count
    }
    fn short_count(&self) -> i64 {
        self.found.short_count
    }
    /// Whether people can still be invited (the round has not closed).
    fn round_open(&self) -> bool {
        self.found.round.closes_at > Utc::now()
    }
}

async fn assignments_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    round: RoundId,
    page: &PageQuery,
) -> Result<AssignmentsPage, AppError> {
    let found = service::round_assignment(&mut access.db(&state.pool).await?, access, round, page.cursor()).await?;
    let pager = page.pager("", found.entries.next.as_deref());
    Ok(AssignmentsPage { ctx, found, pager, errors: FieldErrors::new(), invite_email: String::new() })
}

async fn assignments_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    render(&assignments_view(&state, ctx, &access, round, &page).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct EntriesForm {
    /// Empty: the call's eligible entries; else the round whose short list to take.
    from_round: String,
}

async fn add_entries(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Form(form): Form<EntriesForm>,
) -> Result<Response, AppError> {
    access.authorize(Action::ManageSelection)?;
    let from_round = match form.from_round.trim() {
        "" => Ok(None),
        given => {
            given.parse::<RoundId>().map(Some).map_err(|_| AppError::invalid("from_round", "error-entries-source"))
        }
    };
    let result = match from_round {
        Ok(from_round) => service::add_entries(&state.pool, &access, round, &EntriesSource { from_round })
            .await
            .map(|added| (added, from_round.is_some())),
        Err(error) => Err(error),
    };
    let notice = |(added, from_short_list): (u64, bool)| match (added, from_short_list) {
        (0, _) => "info-entries-none-new",
        (_, true) => "notice-shortlist-added",
        (_, false) => "notice-entries-added",
    };
    after_post(
        result,
        &session,
        |done| Done::to(assignments_path(&access, round), notice(done)),
        async |refused| {
            let mut page = assignments_view(&state, ctx, &access, round, &PageQuery::default()).await?;
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}

async fn assign_automatically(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<Response, AppError> {
    let report = service::assign_automatically(&state.pool, &access, round).await?;
    let notice = if report.shortfalls.is_empty() { "notice-assigned-automatically" } else { "info-assigned-short" };
    redirect_with_notice(&session, &assignments_path(&access, round), notice).await
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ReviewerForm {
    reviewer: String,
    reason: String,
}

impl ReviewerForm {
    fn reviewer(&self) -> Result<UserId, AppError> {
        self.reviewer.trim().parse::<UserId>().map_err(|_| AppError::invalid("reviewer", "error-reviewer-missing"))
    }
}

async fn add_reviewer(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Form(form): Form<ReviewerForm>,
) -> Result<Response, AppError> {
    access.authorize(Action::ManageSelection)?;
    let result = match form.reviewer() {
        Ok(user) => service::add_reviewer(&state.pool, &access, round, user).await,
        Err(error) => Err(error),
    };
    after_post(
        result,
        &session,
        |()| Done::to(assignments_path(&access, round), "notice-reviewer-added"),
        async |refused| {
            let mut page = assignments_view(&state, ctx, &access, round, &PageQuery::default()).await?;
            page.errors = refused.errors();
            Ok(page)
        },
    )
    .await
}

async fn remove_reviewer(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round, user)): Path<(String, RoundId, UserId)>,
) -> Result<Response, AppError> {
    service::remove_reviewer(&state.pool, &access, round, user).await?;
    redirect_with_notice(&session, &assignments_path(&access, round), "notice-reviewer-removed").await
}

// ---- Staff: one entry's reviewers and conflicts ----

#[derive(Template)]
#[template(path = "selection/entry_assignment.html")]
struct EntryPage {
    ctx: PageCtx,
    found: EntryAssignment,
    /// Reviewers of the round free to take the entry: not assigned, not conflicted.
    free: Vec<RoundReviewer>,
    form: ReviewerForm,
    errors: FieldErrors,
    /// Which form the errors belong to: `assign` or `conflict`.
    failed: &'static str,
}

async fn entry_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    round: RoundId,
    submission: SubmissionId,
) -> Result<EntryPage, AppError> {
    let found = service::entry_assignment(&mut access.db(&state.pool).await?, access, round, submission).await?;
    let free = found
        .reviewers
        .iter()
        .filter(|r| {
            !found.entry.reviewers.iter().any(|a| a.user_id == r.user_id)
                && !found.entry.conflicts.iter().any(|c| c.user_id == r.user_id)
        })
        .cloned()
        .collect();
    Ok(EntryPage { ctx, found, free, form: ReviewerForm::default(), errors: FieldErrors::new(), failed: "" })
}

async fn entry_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
) -> Result<Response, AppError> {
    render(&entry_view(&state, ctx, &access, round, submission).await?)
}

async fn remove_entry(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
) -> Result<Response, AppError> {
    service::remove_entry(&state.pool, &access, round, submission).await?;
    redirect_with_notice(&session, &assignments_path(&access, round), "notice-entry-removed").await
}

async fn assign(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
    Form(form): Form<ReviewerForm>,
) -> Result<Response, AppError> {
    access.authorize(Action::ManageSelection)?;
    let result = match form.reviewer() {
        Ok(user) => service::assign(&state.pool, &access, round, submission, user).await,
        Err(error) => Err(error),
    };
    after_post(
        result,
        &session,
        |()| Done::to(entry_path(&access, round, submission), "notice-assigned"),
        async |refused| {
            let mut page = entry_view(&state, ctx, &access, round, submission).await?;
            page.errors = refused.errors();
            page.failed = "assign";
            page.form = form;
            Ok(page)
        },
    )
    .await
}

async fn unassign(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round, submission, user)): Path<(String, RoundId, SubmissionId, UserId)>,
) -> Result<Response, AppError> {
    service::unassign(&state.pool, &access, round, submission, user).await?;
    redirect_with_notice(&session, &entry_path(&access, round, submission), "notice-unassigned").await
}

async fn set_conflict(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
    Form(form): Form<ReviewerForm>,
) -> Result<Response, AppError> {
    access.authorize(Action::ManageSelection)?;
    let result = match form.reviewer() {
        Ok(user) => service::set_conflict(&state.pool, &access, round, submission, user, &form.reason).await,
        Err(error) => Err(error),
    };
    after_post(
        result,
        &session,
        |()| Done::to(entry_path(&access, round, submission), "notice-conflict-set"),
        async |refused| {
            let mut page = entry_view(&state, ctx, &access, round, submission).await?;
            page.errors = refused.errors();
            page.failed = "conflict";
            page.form = form;
            Ok(page)
        },
    )
    .await
}

async fn clear_conflict(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round, submission, user)): Path<(String, RoundId, SubmissionId, UserId)>,
) -> Result<Response, AppError> {
    service::clear_conflict(&state.pool, &access, round, submission, user).await?;
    redirect_with_notice(&session, &entry_path(&access, round, submission), "notice-conflict-cleared").await
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct InvitationForm {
    email: String,
}

async fn invite_reviewer(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Form(form): Form<InvitationForm>,
) -> Result<Response, AppError> {
    let input = RoundInvitationInput { email: form.email };
    let result = service::invite_reviewer(&state.pool, &state.config, &access, round, &input).await;
    after_post(
        result,
        &session,
        |_| Done::to(assignments_path(&access, round), "notice-round-invitation-sent"),
        async |refused| {
            let mut page = assignments_view(&state, ctx, &access, round, &PageQuery::default()).await?;
            page.errors = refused.errors();
            page.invite_email = input.email.clone();
            Ok(page)
        },
    )
    .await
}

async fn revoke_invitation(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, round, invitation)): Path<(String, RoundId, RoundInvitationId)>,
) -> Result<Response, AppError> {
    service::revoke_round_invitation(&state.pool, &access, round, invitation).await?;
    redirect_with_notice(&session, &assignments_path(&access, round), "notice-round-invitation-revoked").await
}

// ---- Reviewers ----

#[derive(Template)]
#[template(path = "selection/reviews.html")]
struct ReviewsPage {
    ctx: PageCtx,
    rounds: Vec<(ReviewedRound, CallStatus)>,
}

async fn reviews_page(State(state): State<AppState>, ctx: PageCtx, access: Access) -> Result<Response, AppError> {
    let now = Utc::now();
    let rounds = service::reviewer_rounds(&mut access.db(&state.pool).await?, &access)
        .await?
        .into_iter()
        .map(|r| {
            let status = r.round.status(now);
            (r, status)
        })
        .collect();
    render(&ReviewsPage { ctx, rounds })
}

#[derive(Template)]
#[template(path = "selection/preferences.html")]
struct PreferencesPage {
    ctx: PageCtx,
    found: ReviewerEntries,
    pager: Pager,
    /// This page's cursor, so that saving comes back to it.
    after: String,
    /// What was sent, by entry, when the form comes back: (preference, reason).
    sent: std::collections::HashMap<SubmissionId, (String, String)>,
    errors: FieldErrors,
    preferences: &'static [Preference],
}

impl PreferencesPage {
    /// The choice the form shows for an entry: what was sent, else what is saved.
    fn chosen(&self, entry: &EntryForReviewer) -> String {
        match self.sent.get(&entry.submission_id) {
            Some((preference, _)) => preference.clone(),
            None => entry.preference.map(|p| p.as_str().to_string()).unwrap_or_default(),
        }
    }
    fn reason(&self, entry: &EntryForReviewer) -> String {
        match self.sent.get(&entry.submission_id) {
            Some((_, reason)) => reason.clone(),
            None => entry.conflict_reason.clone(),
        }
    }
    /// Whether the reviewer can change what they said of the entry: not when the memberships or
    /// staff made the conflict.
    fn locked(&self, entry: &EntryForReviewer) -> bool {
        matches!(entry.conflict, Some(ConflictKind::Organisation | ConflictKind::Country | ConflictKind::Staff))
    }
    fn field(&self, prefix: &str, entry: &EntryForReviewer) -> String {
        format!("{prefix}-{}", entry.submission_id)
    }
}

async fn preferences_view(
    state: &AppState,
    ctx: PageCtx,
    access: &Access,
    round: RoundId,
    page: &PageQuery,
) -> Result<PreferencesPage, AppError> {
    let found = service::reviewer_entries(&mut access.db(&state.pool).await?, access, round, page.cursor()).await?;
    let pager = page.pager("", found.entries.next.as_deref());
    Ok(PreferencesPage {
        ctx,
        found,
        pager,
        after: page.after.clone().unwrap_or_default(),
        sent: Default::default(),
        errors: FieldErrors::new(),
        preferences: Preference::ALL,
    })
}

async fn preferences_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    render(&preferences_view(&state, ctx, &access, round, &page).await?)
}

/// The preferences form: `entry` repeated (one per row), `preference-<id>` and `reason-<id>`,
/// and the page it was sent from.
async fn save_preferences(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Form(fields): Form<Vec<(String, String)>>,
) -> Result<Response, AppError> {
    let value = |name: &str| fields.iter().find(|(k, _)| k == name).map(|(_, v)| v.clone()).unwrap_or_default();
    let entries: Vec<SubmissionId> =
        fields.iter().filter(|(k, _)| k == "entry").filter_map(|(_, v)| v.parse().ok()).collect();
    let inputs: Vec<PreferenceInput> = entries
        .iter()
        .map(|entry| PreferenceInput {
            submission_id: Some(*entry),
            preference: value(&format!("preference-{entry}")),
            reason: value(&format!("reason-{entry}")),
        })
        .collect();
    let page = PageQuery { after: Some(value("after")).filter(|a| !a.is_empty()), trail: None };
    let result = service::save_preferences(&state.pool, &access, round, &inputs).await;
    let back = match &page.after {
        Some(after) => format!("/t/{}/rounds/{round}/preferences?after={after}", access.tenant.slug),
        None => format!("/t/{}/rounds/{round}/preferences", access.tenant.slug),
    };
    after_post(
        result,
        &session,
        |()| Done::to(back, "notice-preferences-saved"),
        async |refused| {
            let mut again = preferences_view(&state, ctx, &access, round, &page).await?;
            again.errors = refused.errors();
            again.sent =
                inputs.into_iter().filter_map(|i| i.submission_id.map(|id| (id, (i.preference, i.reason)))).collect();
            Ok(again)
        },
    )
    .await
}
