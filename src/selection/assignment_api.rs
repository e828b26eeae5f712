//! JSON twin of the assignment pages: a round's entries, reviewers, conflicts of interest and
//! assignments (staff), and a reviewer's rounds and preferences.

use axum::extract::State;
use axum::http::StatusCode;
use serde::{Deserialize, Serialize};
use utoipa::ToSchema;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::domain::{EntryForReviewer, Round, RoundEntry, RoundInvitation};
use super::service::{self, AutomaticAssignment, EntriesSource, PreferenceInput, ReviewerLoad, RoundInvitationInput};
use crate::calls::domain::CallStatus;
use crate::error::AppError;
use crate::ids::{RoundId, RoundInvitationId, SubmissionId, UserId};
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::web::extract::{Json, Path, Query};
use crate::web::pagination::PageQuery;
use crate::web::problems::{BadRequest, Conflict, Forbidden, NotFound, Unauthorized, Unprocessable};

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(list_entries, add_entries))
        .routes(routes!(remove_entry))
        .routes(routes!(list_reviewers, add_reviewer))
        .routes(routes!(remove_reviewer))
        .routes(routes!(assign))
        .routes(routes!(unassign))
        .routes(routes!(assign_automatically))
        .routes(routes!(set_conflict, clear_conflict))
        .routes(routes!(my_rounds))
        .routes(routes!(list_preferences, save_preferences))
        .routes(routes!(list_invitations, invite))
        .routes(routes!(revoke_invitation))
        .routes(routes!(join))
}

/// A page of a round's entries with their reviewers and conflicts.
#[derive(Serialize, ToSchema)]
pub struct EntryPage {
    pub items: Vec<RoundEntry>,
    /// The cursor for `?after=` when more entries follow.
    pub next: Option<String>,
    /// Entries in the round, and how many have fewer reviewers than it needs.
    pub entry_count: i64,
    pub short_count: i64,
}

/// A round's entries, each with its reviewers and conflicts of interest (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}/entries", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), PageQuery),
    responses((status = 200, description = "A page of the round's entries", body = EntryPage), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn list_entries(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Query(page): Query<PageQuery>,
) -> Result<axum::Json<EntryPage>, AppError> {
    let found = service::round_assignment(&mut access.db(&state.pool).await?, &access, round, page.cursor()).await?;
    Ok(axum::Json(EntryPage {
        items: found.entries.items,
        next: found.entries.next,
        entry_count: found.entry_count,
        short_count: found.short_count,
    }))
}

#[derive(Serialize, ToSchema)]
pub struct EntriesAdded {
    /// How many entries joined the round.
    pub added: u64,
}

/// Adds entries to the round (staff): the call's entries screened eligible (entries not screened
/// yet and ineligible ones are left out), or with `from_round` those on another round's short
/// list. Entries already in the round stay as they are.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/rounds/{round}/entries", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    request_body = EntriesSource,
    responses((status = 200, description = "How many joined", body = EntriesAdded), BadRequest, Unauthorized, Forbidden, NotFound, Unprocessable),
    security(("bearer" = []), ("session" = []))
)]
async fn add_entries(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Json(source): Json<EntriesSource>,
) -> Result<axum::Json<EntriesAdded>, AppError> {
    let added = service::add_entries(&state.pool, &access, round, &source).await?;
    Ok(axum::Json(EntriesAdded { added }))
}

/// Takes an entry out of the round, with its assignments (staff).
#[utoipa::path(delete, path = "/api/v1/t/{tenant}/rounds/{round}/entries/{submission}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("submission" = String, Path, description = "Submission id")),
    responses((status = 204, description = "Taken out"), Unauthorized, Forbidden, NotFound, Conflict),
    security(("bearer" = []), ("session" = []))
)]
async fn remove_entry(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, submission)): Path<(String, RoundId, SubmissionId)>,
) -> Result<StatusCode, AppError> {
    service::remove_entry(&state.pool, &access, round, submission).await?;
    Ok(StatusCode::NO_CONTENT)
}

async fn reviewer_loads(state: &AppState, access: &Access, round: RoundId) -> Result<Vec<ReviewerLoad>, AppError> {
    Ok(service::round_assignment(&mut access.db(&state.pool).await?, access, round, None).await?.reviewers)
}

/// A round's reviewers, each with their load and how it meets the preferences they stated (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}/reviewers", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    responses((status = 200, description = "The round's reviewers", body = Vec<ReviewerLoad>), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn list_reviewers(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<axum::Json<Vec<ReviewerLoad>>, AppError> {
    Ok(axum::Json(reviewer_loads(&state, &access, round).await?))
}

/// Left out, `user_id` is refused (422) once the policy has been asked.
/// The round's invitations to review that are still open (staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}/invitations", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    responses((status = 200, description = "Open invitations, newest first", body = Vec<RoundInvitation>), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn list_invitations(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<axum::Json<Vec<RoundInvitation>>, AppError> {
    Ok(axum::Json(service::round_invitations(&mut access.db(&state.pool).await?, &access, round).await?))
}

/// What an invitation was written as.
#[derive(Serialize, ToSchema)]
pub struct InvitationSent {
    pub id: RoundInvitationId,
}

/// Invites an email address to review in this round only (staff): the person needs no reviewing
/// role; they get an email linking to the round's join page, and accept signed in with a confirmed
/// account at that address. 422 on `email` for an invalid address, a closed round, someone who
/// reviews in the round already, or an address already invited.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/rounds/{round}/invitations", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    request_body = RoundInvitationInput,
    responses((status = 201, description = "Invitation sent", body = InvitationSent), BadRequest, Unauthorized, Forbidden, NotFound, Unprocessable),
    security(("bearer" = []), ("session" = []))
)]
async fn invite(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Json(body): Json<RoundInvitationInput>,
) -> Result<(StatusCode, axum::Json<InvitationSent>), AppError> {
    let id = service::invite_reviewer(&state.pool, &state.config, &access, round, &body).await?;
    Ok((StatusCode::CREATED, axum::Json(InvitationSent { id })))
}

/// Withdraws an open invitation of the round (staff).
#[utoipa::path(delete, path = "/api/v1/t/{tenant}/rounds/{round}/invitations/{invitation}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("invitation" = String, Path, description = "Invitation id")),
    responses((status = 204, description = "Withdrawn"), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn revoke_invitation(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, invitation)): Path<(String, RoundId, RoundInvitationId)>,
) -> Result<StatusCode, AppError> {
    service::revoke_round_invitation(&state.pool, &access, round, invitation).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Accepts the open invitation of the round for the signed-in person's address (confirmed): they
/// become a reviewer of this round alone. 404 when there is none for them; 403 while their address
/// is not confirmed.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/rounds/{round}/join", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    responses((status = 204, description = "A reviewer of the round now"), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn join(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<StatusCode, AppError> {
    service::accept_round_invitation(&state.pool, &access, round).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ReviewerChoice {
    /// A person with the reviewer, staff or admin role in the tenant.
    pub user_id: Option<UserId>,
}

fn chosen(user: Option<UserId>) -> Result<UserId, AppError> {
    user.ok_or_else(|| AppError::invalid("user_id", "error-reviewer-missing"))
}

/// Makes a person a reviewer of the round (staff); adding one twice changes nothing.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/rounds/{round}/reviewers", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    request_body = ReviewerChoice,
    responses(
        (status = 201, description = "The round's reviewers", body = Vec<ReviewerLoad>),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn add_reviewer(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Json(body): Json<ReviewerChoice>,
) -> Result<(StatusCode, axum::Json<Vec<ReviewerLoad>>), AppError> {
    access.authorize(crate::tenancy::policy::Action::ManageSelection)?;
    service::add_reviewer(&state.pool, &access, round, chosen(body.user_id)?).await?;
    Ok((StatusCode::CREATED, axum::Json(reviewer_loads(&state, &access, round).await?)))
}

/// Takes a reviewer off the round, with their assignments (staff).
#[utoipa::path(delete, path = "/api/v1/t/{tenant}/rounds/{round}/reviewers/{user}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("user" = String, Path, description = "The reviewer's user id")),
    responses((status = 204, description = "Taken off"), Unauthorized, Forbidden, NotFound, Conflict),
    security(("bearer" = []), ("session" = []))
)]
async fn remove_reviewer(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, user)): Path<(String, RoundId, UserId)>,
) -> Result<StatusCode, AppError> {
    service::remove_reviewer(&state.pool, &access, round, user).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct AssignmentChoice {
    pub submission_id: Option<SubmissionId>,
    /// A reviewer of the round.
    pub user_id: Option<UserId>,
}

async fn entry_detail(
    state: &AppState,
    access: &Access,
    round: RoundId,
    submission: SubmissionId,
) -> Result<RoundEntry, AppError> {
    Ok(service::entry_assignment(&mut access.db(&state.pool).await?, access, round, submission).await?.entry)
}

/// Assigns a reviewer of the round to one of its entries by hand (staff). A pair with a
/// conflict of interest is refused (409).
#[utoipa::path(post, path = "/api/v1/t/{tenant}/rounds/{round}/assignments", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    request_body = AssignmentChoice,
    responses(
        (status = 201, description = "The entry with its reviewers", body = RoundEntry),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn assign(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Json(body): Json<AssignmentChoice>,
) -> Result<(StatusCode, axum::Json<RoundEntry>), AppError> {
    access.authorize(crate::tenancy::policy::Action::ManageSelection)?;
    let submission = body.submission_id.ok_or_else(|| AppError::invalid("submission_id", "error-entry-missing"))?;
    service::assign(&state.pool, &access, round, submission, chosen(body.user_id)?).await?;
    Ok((StatusCode::CREATED, axum::Json(entry_detail(&state, &access, round, submission).await?)))
}

/// Takes a reviewer off an entry (staff).
#[utoipa::path(delete, path = "/api/v1/t/{tenant}/rounds/{round}/assignments/{submission}/{user}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("submission" = String, Path, description = "Submission id"), ("user" = String, Path, description = "The reviewer's user id")),
    responses((status = 204, description = "Taken off"), Unauthorized, Forbidden, NotFound, Conflict),
    security(("bearer" = []), ("session" = []))
)]
async fn unassign(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, submission, user)): Path<(String, RoundId, SubmissionId, UserId)>,
) -> Result<StatusCode, AppError> {
    service::unassign(&state.pool, &access, round, submission, user).await?;
    Ok(StatusCode::NO_CONTENT)
}

/// Assigns reviewers to every entry short of the round's reviews per entry (staff), keeping the
/// assignments made: every entry its reviews as far as conflicts allow, loads within one of each
/// other, conflicts never assigned, preferences honoured as far as possible (a minimum-cost
/// flow). The same round gives the same pairs.
#[utoipa::path(post, path = "/api/v1/t/{tenant}/rounds/{round}/assignments/automatic", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    responses((status = 200, description = "What the assignment did", body = AutomaticAssignment), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn assign_automatically(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
) -> Result<axum::Json<AutomaticAssignment>, AppError> {
    Ok(axum::Json(service::assign_automatically(&state.pool, &access, round).await?))
}

#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct ConflictReason {
    /// Why the reviewer may not review the entry: 1–500 characters.
    #[schema(schema_with = crate::request_schema::text_up_to::<500>)]
    pub reason: String,
}

/// Records a conflict of interest between a reviewer and an entry (staff); an assignment of the
/// pair is taken back.
#[utoipa::path(put, path = "/api/v1/t/{tenant}/rounds/{round}/conflicts/{submission}/{user}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("submission" = String, Path, description = "Submission id"), ("user" = String, Path, description = "The reviewer's user id")),
    request_body = ConflictReason,
    responses(
        (status = 200, description = "The entry with its conflicts", body = RoundEntry),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn set_conflict(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, submission, user)): Path<(String, RoundId, SubmissionId, UserId)>,
    Json(body): Json<ConflictReason>,
) -> Result<axum::Json<RoundEntry>, AppError> {
    service::set_conflict(&state.pool, &access, round, submission, user, &body.reason).await?;
    Ok(axum::Json(entry_detail(&state, &access, round, submission).await?))
}

/// Removes a recorded conflict of interest (staff). Conflicts read from the memberships stay.
#[utoipa::path(delete, path = "/api/v1/t/{tenant}/rounds/{round}/conflicts/{submission}/{user}", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), ("submission" = String, Path, description = "Submission id"), ("user" = String, Path, description = "The reviewer's user id")),
    responses((status = 204, description = "Removed"), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn clear_conflict(
    State(state): State<AppState>,
    access: Access,
    Path((_, round, submission, user)): Path<(String, RoundId, SubmissionId, UserId)>,
) -> Result<StatusCode, AppError> {
    service::clear_conflict(&state.pool, &access, round, submission, user).await?;
    Ok(StatusCode::NO_CONTENT)
}

#[derive(Serialize, ToSchema)]
pub struct ReviewerRound {
    #[serde(flatten)]
    pub round: Round,
    pub status: CallStatus,
    /// Entries assigned to the caller in the round.
    pub assigned: i64,
}

/// The rounds the caller reviews, latest closing first (reviewers and staff).
#[utoipa::path(get, path = "/api/v1/t/{tenant}/me/rounds", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug")),
    responses((status = 200, description = "The caller's review rounds", body = Vec<ReviewerRound>), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn my_rounds(State(state): State<AppState>, access: Access) -> Result<axum::Json<Vec<ReviewerRound>>, AppError> {
    let now = chrono::Utc::now();
    let rounds = service::reviewer_rounds(&mut access.db(&state.pool).await?, &access).await?;
    Ok(axum::Json(
        rounds
            .into_iter()
            .map(|r| ReviewerRound { status: r.round.status(now), round: r.round, assigned: r.assigned })
            .collect(),
    ))
}

/// A page of a round's entries as the caller, one of its reviewers, sees them.
#[derive(Serialize, ToSchema)]
pub struct PreferencePage {
    pub items: Vec<EntryForReviewer>,
    pub next: Option<String>,
}

/// The round's entries with the caller's preference on each (the round's reviewers). A blind
/// round leaves out the organisation and country; a conflicted entry shows its title only.
#[utoipa::path(get, path = "/api/v1/t/{tenant}/rounds/{round}/preferences", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id"), PageQuery),
    responses((status = 200, description = "A page of the entries", body = PreferencePage), Unauthorized, Forbidden, NotFound),
    security(("bearer" = []), ("session" = []))
)]
async fn list_preferences(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Query(page): Query<PageQuery>,
) -> Result<axum::Json<PreferencePage>, AppError> {
    let found = service::reviewer_entries(&mut access.db(&state.pool).await?, &access, round, page.cursor()).await?;
    Ok(axum::Json(PreferencePage { items: found.entries.items, next: found.entries.next }))
}

#[derive(Default, Deserialize, ToSchema)]
#[serde(default)]
pub struct PreferencesUpdate {
    /// What the caller says of each entry listed; entries left out keep what they had.
    pub preferences: Vec<PreferenceInput>,
}

/// Saves the caller's preferences on entries of the round, all or none (the round's reviewers,
/// until it closes). `conflict` needs a reason and takes back an assignment of the entry.
#[utoipa::path(put, path = "/api/v1/t/{tenant}/rounds/{round}/preferences", tag = "selection",
    params(("tenant" = String, Path, description = "Tenant slug"), ("round" = String, Path, description = "Round id")),
    request_body = PreferencesUpdate,
    responses(
        (status = 204, description = "Saved"),
        BadRequest,
        Unauthorized,
        Forbidden,
        NotFound,
        Conflict,
        Unprocessable,
    ),
    security(("bearer" = []), ("session" = []))
)]
async fn save_preferences(
    State(state): State<AppState>,
    access: Access,
    Path((_, round)): Path<(String, RoundId)>,
    Json(body): Json<PreferencesUpdate>,
) -> Result<StatusCode, AppError> {
    service::save_preferences(&state.pool, &access, round, &body.preferences).await?;
    Ok(StatusCode::NO_CONTENT)
}
