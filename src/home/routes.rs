//! Pages that combine capabilities, so they sit above them all and call only their services: the
//! site's front page (the hosts), a tenant's home (its programmes, and the person's own
//! submissions and organisations), and a programme's page (its calls and timeline).

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use chrono::Utc;

use crate::calls::domain::{Call, CallStatus};
use crate::error::AppError;
use crate::programmes::domain::{Phase, Programme};
use crate::state::AppState;
use crate::submissions::domain::TeamSubmission;
use crate::tenancy::access::Access;
use crate::tenancy::domain::{Organisation, Tenant, TenantRole};
use crate::tenancy::policy::Action;
use crate::web::extract::Path;
use crate::web::page::{PageCtx, render};
use crate::web::route_table::RouteTable;
use crate::{calls, matching, programmes, selection, submissions, tenancy};

pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/", site_home)
        .get("/t/{tenant}", tenant_home)
        .get("/t/{tenant}/p/{programme}", programme_page)
}

#[derive(Template)]
#[template(path = "home/index.html")]
struct SiteHomePage {
    ctx: PageCtx,
    tenants: Vec<Tenant>,
}

async fn site_home(State(state): State<AppState>, ctx: PageCtx) -> Result<Response, AppError> {
    let tenants = tenancy::service::tenants(&mut *state.platform_db().await?).await?;
    render(&SiteHomePage { ctx, tenants })
}

#[derive(Template)]
#[template(path = "home/tenant.html")]
struct TenantHomePage {
    ctx: PageCtx,
    tenant_name: String,
    programmes: Vec<Programme>,
    can_manage_programmes: bool,
    submissions: Vec<TeamSubmission>,
    organisations: Vec<Organisation>,
    can_register: bool,
    signed_in: bool,
    /// The person's role with the host, if any: the page starts with what that role does here.
    role: Option<TenantRole>,
    /// Rounds they review in, or are invited to, without a reviewing role.
    invited: selection::service::InvitedReviewing,
    /// How many published matches the person may read (every one for the board, a team's own).
    matches: i64,
}

async fn tenant_home(State(state): State<AppState>, ctx: PageCtx, access: Access) -> Result<Response, AppError> {
    let mut db = access.db(&state.pool).await?;
    let programmes = programmes::service::programmes(&mut db).await?;
    let organisations = tenancy::service::own_organisations(&mut db, &access).await?;
    let submissions = submissions::service::team_submissions(&mut db, &access).await?;
    let invited = selection::service::invited_reviewing(&mut db, &access).await?;
    let matches = matching::service::my_match_count(&mut db, &access).await?;
    drop(db);
    render(&TenantHomePage {
        ctx,
        tenant_name: access.tenant.name.clone(),
        programmes,
        can_manage_programmes: access.can(Action::ManageProgrammes),
        submissions,
        organisations,
        can_register: access.can(Action::RegisterOrganisation),
        signed_in: access.actor.is_signed_in(),
        role: access.actor.role,
        invited,
        matches,
    })
}

/// A phase of the timeline, and whether it is running today.
pub struct TimelineRow {
    pub phase: Phase,
    pub current: bool,
}

#[derive(Template)]
#[template(path = "home/programme.html")]
struct ProgrammePage {
    ctx: PageCtx,
    programme: Programme,
    timeline: Vec<TimelineRow>,
    calls: Vec<(Call, CallStatus)>,
    can_manage: bool,
    /// Staff, admins and advisors reach the programme's matching.
    can_view_matching: bool,
}

async fn programme_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, slug)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let mut db = access.db(&state.pool).await?;
    let programme = programmes::service::programme(&mut db, &slug).await?;
    let ctx = ctx.default_zone(programme.time_zone.tz());
    let today = programme.today();
    let timeline = programmes::service::phases(&mut db, &programme)
        .await?
        .into_iter()
        .map(|phase| TimelineRow { current: phase.starts_on <= today && today <= phase.ends_on, phase })
        .collect();
    let now = Utc::now();
    let calls = calls::service::calls_of(&mut db, &programme)
        .await?
        .into_iter()
        .map(|call| {
            let status = call.status(now);
            (call, status)
        })
        .collect();
    render(&ProgrammePage {
        ctx,
        programme,
        timeline,
        calls,
        can_manage: access.can(Action::ManageProgrammes),
        can_view_matching: access.can(Action::ViewMatching),
    })
}
