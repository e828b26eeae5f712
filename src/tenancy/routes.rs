//! Tenant pages: the tenant's home, organisations, members, people, invitations, outbox, audit log.

use askama::Template;
use axum::Router;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use tower_sessions::Session;

use super::domain::{GovernmentLevel, Organisation, TenantRole};
use super::policy::{Action, Target, authorize};
use super::service::{self, InvitationInput, InvitedSignUp, OrganisationInput};
use super::store::{self, Country, Invitation, Member, Person};
use crate::app::AppState;
use crate::audit::{self, AuditRow};
use crate::ids::{InvitationId, OrganisationId, UserId};
use crate::notify::outbox::{self, OutboxRow};
use crate::web::extract::{Form, Path, Query, SESSION_USER, TenantAccess, session_error};
use crate::web::page::{PageCtx, redirect_with_notice, render, render_with_status};
use crate::web::pagination::{Cursor, PAGE_SIZE, PageQuery, split_page};
use crate::web::{AppError, FieldErrors};

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/t/{tenant}", get(tenant_home))
        .route("/t/{tenant}/organisations", get(list_organisations))
        .route("/t/{tenant}/organisations/new", get(new_organisation_page).post(register_organisation))
        .route("/t/{tenant}/organisations/{id}", get(organisation_page).post(update_organisation))
        .route("/t/{tenant}/organisations/{id}/members", get(members_page))
        .route("/t/{tenant}/organisations/{id}/invitations", post(invite_member))
        .route("/t/{tenant}/organisations/{id}/invitations/{invitation}/revoke", post(revoke_member_invitation))
        .route("/t/{tenant}/admin/people", get(people_page))
        .route("/t/{tenant}/admin/invitations", post(invite_person))
        .route("/t/{tenant}/admin/invitations/{invitation}/revoke", post(revoke_person_invitation))
        .route("/t/{tenant}/admin/people/{user}/role", post(change_role))
        .route("/t/{tenant}/admin/people/{user}/remove", post(remove_person))
        .route("/t/{tenant}/admin/outbox", get(outbox_page))
        .route("/t/{tenant}/admin/audit", get(audit_page))
        .route("/t/{tenant}/invitations/{token}", get(invitation_page))
        .route("/t/{tenant}/invitations/{token}/accept", post(accept_invitation))
        .route("/t/{tenant}/invitations/{token}/signup", post(accept_with_sign_up))
}

#[derive(Template)]
#[template(path = "tenancy/tenant_home.html")]
struct TenantHomePage {
    ctx: PageCtx,
    tenant_name: String,
    programmes: Vec<crate::programmes::domain::Programme>,
    can_manage_programmes: bool,
    submissions: Vec<crate::submissions::store::TeamSubmission>,
    organisations: Vec<Organisation>,
    can_register: bool,
    signed_in: bool,
}

async fn tenant_home(State(state): State<AppState>, ctx: PageCtx, access: TenantAccess) -> Result<Response, AppError> {
    let programmes = {
        let mut conn = state.pool.acquire().await?;
        crate::programmes::store::list_programmes(&mut conn, access.tenant.id).await?
    };
    let can_manage_programmes =
        super::policy::allows(&access.actor, Action::ManageProgrammes, Target::Tenant(access.tenant.id));
    let (organisations, submissions) = match &access.user {
        Some(user) => {
            let mut conn = state.pool.acquire().await?;
            let organisations = store::organisations_of(&mut conn, access.tenant.id, user.id).await?;
            let submissions = crate::submissions::store::of_member(&mut conn, access.tenant.id, user.id).await?;
            (organisations, submissions)
        }
        None => (Vec::new(), Vec::new()),
    };
    let can_register =
        super::policy::allows(&access.actor, Action::RegisterOrganisation, Target::Tenant(access.tenant.id));
    render(&TenantHomePage {
        ctx,
        tenant_name: access.tenant.name.clone(),
        programmes,
        can_manage_programmes,
        submissions,
        organisations,
        can_register,
        signed_in: access.actor.is_signed_in(),
    })
}

#[derive(Template)]
#[template(path = "tenancy/organisations.html")]
struct OrganisationsPage {
    ctx: PageCtx,
    organisations: Vec<Organisation>,
    all: bool,
    next: Option<String>,
}

async fn list_organisations(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    let user = access.user()?;
    let mut conn = state.pool.acquire().await?;
    let all = super::policy::allows(&access.actor, Action::ListOrganisations, Target::Tenant(access.tenant.id));
    let (organisations, next) = if all {
        let rows =
            store::list_organisations(&mut conn, access.tenant.id, page.cursor().as_ref(), PAGE_SIZE + 1).await?;
        split_page(rows, PAGE_SIZE, |o| Cursor { at: o.created_at, id: o.id.0 }.encode())
    } else {
        (store::organisations_of(&mut conn, access.tenant.id, user.id).await?, None)
    };
    render(&OrganisationsPage { ctx, organisations, all, next })
}

#[derive(Template)]
#[template(path = "tenancy/organisation_form.html")]
struct OrganisationFormPage {
    ctx: PageCtx,
    /// None when registering a new organisation.
    organisation: Option<Organisation>,
    form: OrganisationInput,
    version: i32,
    errors: FieldErrors,
    countries: Vec<Country>,
    levels: [GovernmentLevel; 4],
    can_edit: bool,
    conflict: bool,
}

async fn countries(state: &AppState) -> Result<Vec<Country>, AppError> {
    let mut conn = state.pool.acquire().await?;
    Ok(store::countries(&mut conn).await?)
}

async fn new_organisation_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
) -> Result<Response, AppError> {
    authorize(&access.actor, Action::RegisterOrganisation, Target::Tenant(access.tenant.id))?;
    render(&OrganisationFormPage {
        ctx,
        organisation: None,
        form: OrganisationInput::default(),
        version: 0,
        errors: FieldErrors::new(),
        countries: countries(&state).await?,
        levels: GovernmentLevel::ALL,
        can_edit: true,
        conflict: false,
    })
}

async fn register_organisation(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: TenantAccess,
    Form(form): Form<OrganisationInput>,
) -> Result<Response, AppError> {
    match service::register_organisation(&state.pool, &access, &form).await {
        Ok(id) => {
            redirect_with_notice(
                &session,
                &format!("/t/{}/organisations/{id}", access.tenant.slug),
                "notice-organisation-registered",
            )
            .await
        }
        Err(AppError::Validation(errors)) => {
            let page = OrganisationFormPage {
                ctx,
                organisation: None,
                form,
                version: 0,
                errors,
                countries: countries(&state).await?,
                levels: GovernmentLevel::ALL,
                can_edit: true,
                conflict: false,
            };
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

async fn load_organisation(
    state: &AppState,
    access: &TenantAccess,
    id: OrganisationId,
    action: Action,
) -> Result<Organisation, AppError> {
    authorize(&access.actor, action, Target::Organisation(access.tenant.id, id))?;
    let mut conn = state.pool.acquire().await?;
    store::organisation(&mut conn, access.tenant.id, id).await?.ok_or(AppError::NotFound)
}

fn input_of(organisation: &Organisation) -> OrganisationInput {
    OrganisationInput {
        name: organisation.name.clone(),
        country: organisation.country_code.clone(),
        level: organisation.level.clone(),
        website: organisation.website.clone().unwrap_or_default(),
    }
}

async fn organisation_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Path((_, id)): Path<(String, OrganisationId)>,
) -> Result<Response, AppError> {
    let organisation = load_organisation(&state, &access, id, Action::ViewOrganisation).await?;
    let can_edit =
        super::policy::allows(&access.actor, Action::EditOrganisation, Target::Organisation(access.tenant.id, id));
    render(&OrganisationFormPage {
        ctx,
        form: input_of(&organisation),
        version: organisation.version,
        organisation: Some(organisation),
        errors: FieldErrors::new(),
        countries: countries(&state).await?,
        levels: GovernmentLevel::ALL,
        can_edit,
        conflict: false,
    })
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct OrganisationEditForm {
    #[serde(flatten)]
    input: OrganisationInput,
    version: String,
}

async fn update_organisation(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: TenantAccess,
    Path((_, id)): Path<(String, OrganisationId)>,
    Form(form): Form<OrganisationEditForm>,
) -> Result<Response, AppError> {
    let version = form.version.trim().parse::<i32>().map_err(|_| AppError::BadRequest("error-version-missing"))?;
    match service::update_organisation(&state.pool, &access, id, version, &form.input).await {
        Ok(()) => {
            redirect_with_notice(
                &session,
                &format!("/t/{}/organisations/{id}", access.tenant.slug),
                "notice-organisation-saved",
            )
            .await
        }
        Err(error @ (AppError::Validation(_) | AppError::Conflict(_))) => {
            let organisation = load_organisation(&state, &access, id, Action::ViewOrganisation).await?;
            let (status, errors, conflict, shown, version) = match error {
                AppError::Validation(errors) => (StatusCode::UNPROCESSABLE_ENTITY, errors, false, form.input, version),
                // Stale: show what is saved now, so they can redo their change on top of it.
                _ => (StatusCode::CONFLICT, FieldErrors::new(), true, input_of(&organisation), organisation.version),
            };
            let page = OrganisationFormPage {
                ctx,
                organisation: Some(organisation),
                form: shown,
                version,
                errors,
                countries: countries(&state).await?,
                levels: GovernmentLevel::ALL,
                can_edit: true,
                conflict,
            };
            render_with_status(status, &page)
        }
        Err(other) => Err(other),
    }
}

#[derive(Template)]
#[template(path = "tenancy/members.html")]
struct MembersPage {
    ctx: PageCtx,
    organisation: Organisation,
    members: Vec<Member>,
    invitations: Vec<Invitation>,
    can_invite: bool,
    form: InvitationInput,
    errors: FieldErrors,
}

async fn members_view(
    state: &AppState,
    ctx: PageCtx,
    access: &TenantAccess,
    id: OrganisationId,
    form: InvitationInput,
    errors: FieldErrors,
) -> Result<MembersPage, AppError> {
    let organisation = load_organisation(state, access, id, Action::ViewMembers).await?;
    let mut conn = state.pool.acquire().await?;
    let members = store::members(&mut conn, access.tenant.id, id).await?;
    let invitations = store::open_organisation_invitations(&mut conn, access.tenant.id, id).await?;
    let can_invite =
        super::policy::allows(&access.actor, Action::InviteMembers, Target::Organisation(access.tenant.id, id));
    Ok(MembersPage { ctx, organisation, members, invitations, can_invite, form, errors })
}

async fn members_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Path((_, id)): Path<(String, OrganisationId)>,
) -> Result<Response, AppError> {
    render(&members_view(&state, ctx, &access, id, InvitationInput::default(), FieldErrors::new()).await?)
}

async fn invite_member(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: TenantAccess,
    Path((_, id)): Path<(String, OrganisationId)>,
    Form(form): Form<InvitationInput>,
) -> Result<Response, AppError> {
    match service::invite_to_organisation(&state.pool, &state.config, &access, id, &form).await {
        Ok(()) => {
            redirect_with_notice(
                &session,
                &format!("/t/{}/organisations/{id}/members", access.tenant.slug),
                "notice-invitation-sent",
            )
            .await
        }
        Err(AppError::Validation(errors)) => {
            let page = members_view(&state, ctx, &access, id, form, errors).await?;
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

async fn revoke_member_invitation(
    State(state): State<AppState>,
    session: Session,
    access: TenantAccess,
    Path((_, id, invitation)): Path<(String, OrganisationId, InvitationId)>,
) -> Result<Response, AppError> {
    service::revoke_invitation(&state.pool, &access, invitation, Some(id)).await?;
    redirect_with_notice(
        &session,
        &format!("/t/{}/organisations/{id}/members", access.tenant.slug),
        "notice-invitation-revoked",
    )
    .await
}

#[derive(Template)]
#[template(path = "tenancy/people.html")]
struct PeoplePage {
    ctx: PageCtx,
    people: Vec<Person>,
    next: Option<String>,
    invitations: Vec<Invitation>,
    can_manage: bool,
    roles: [TenantRole; 4],
    form: InvitationInput,
    errors: FieldErrors,
    me: Option<UserId>,
}

impl PeoplePage {
    fn is_me(&self, user_id: &UserId) -> bool {
        self.me == Some(*user_id)
    }
}

async fn people_view(
    state: &AppState,
    ctx: PageCtx,
    access: &TenantAccess,
    page: &PageQuery,
    form: InvitationInput,
    errors: FieldErrors,
) -> Result<PeoplePage, AppError> {
    authorize(&access.actor, Action::ViewPeople, Target::Tenant(access.tenant.id))?;
    let mut conn = state.pool.acquire().await?;
    let rows = store::list_people(&mut conn, access.tenant.id, page.cursor().as_ref(), PAGE_SIZE + 1).await?;
    let (people, next) = split_page(rows, PAGE_SIZE, |p| Cursor { at: p.created_at, id: p.user_id.0 }.encode());
    let invitations = store::open_role_invitations(&mut conn, access.tenant.id).await?;
    let can_manage = super::policy::allows(&access.actor, Action::ManagePeople, Target::Tenant(access.tenant.id));
    Ok(PeoplePage {
        ctx,
        people,
        next,
        invitations,
        can_manage,
        roles: TenantRole::ALL,
        form,
        errors,
        me: access.actor.user_id,
    })
}

async fn people_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    render(&people_view(&state, ctx, &access, &page, InvitationInput::default(), FieldErrors::new()).await?)
}

async fn invite_person(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: TenantAccess,
    Form(form): Form<InvitationInput>,
) -> Result<Response, AppError> {
    match service::invite_to_tenant(&state.pool, &state.config, &access, &form).await {
        Ok(()) => {
            redirect_with_notice(&session, &format!("/t/{}/admin/people", access.tenant.slug), "notice-invitation-sent")
                .await
        }
        Err(AppError::Validation(errors)) => {
            let page = people_view(&state, ctx, &access, &PageQuery::default(), form, errors).await?;
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

async fn revoke_person_invitation(
    State(state): State<AppState>,
    session: Session,
    access: TenantAccess,
    Path((_, invitation)): Path<(String, InvitationId)>,
) -> Result<Response, AppError> {
    service::revoke_invitation(&state.pool, &access, invitation, None).await?;
    redirect_with_notice(&session, &format!("/t/{}/admin/people", access.tenant.slug), "notice-invitation-revoked")
        .await
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct RoleForm {
    role: String,
}

async fn change_role(
    State(state): State<AppState>,
    session: Session,
    access: TenantAccess,
    Path((_, user)): Path<(String, UserId)>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    service::change_role(&state.pool, &access, user, &form.role).await?;
    redirect_with_notice(&session, &format!("/t/{}/admin/people", access.tenant.slug), "notice-role-changed").await
}

async fn remove_person(
    State(state): State<AppState>,
    session: Session,
    access: TenantAccess,
    Path((_, user)): Path<(String, UserId)>,
) -> Result<Response, AppError> {
    service::remove_role(&state.pool, &access, user).await?;
    redirect_with_notice(&session, &format!("/t/{}/admin/people", access.tenant.slug), "notice-role-removed").await
}

#[derive(Template)]
#[template(path = "tenancy/outbox.html")]
struct OutboxPage {
    ctx: PageCtx,
    emails: Vec<OutboxRow>,
    next: Option<String>,
    /// With SMTP configured, bodies holding secret links are hidden from staff.
    hide_secrets: bool,
}

async fn outbox_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    authorize(&access.actor, Action::ViewOutbox, Target::Tenant(access.tenant.id))?;
    let mut conn = state.pool.acquire().await?;
    let rows = outbox::list_for_tenant(&mut conn, access.tenant.id, page.cursor().as_ref(), PAGE_SIZE + 1).await?;
    let (emails, next) = split_page(rows, PAGE_SIZE, |e| Cursor { at: e.created_at, id: e.id }.encode());
    render(&OutboxPage { ctx, emails, next, hide_secrets: state.config.smtp_url.is_some() })
}

#[derive(Template)]
#[template(path = "tenancy/audit.html")]
struct AuditPage {
    ctx: PageCtx,
    entries: Vec<AuditRow>,
    next: Option<String>,
}

async fn audit_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    authorize(&access.actor, Action::ViewAuditLog, Target::Tenant(access.tenant.id))?;
    let mut conn = state.pool.acquire().await?;
    let rows = audit::list_for_tenant(&mut conn, access.tenant.id, page.cursor().as_ref(), PAGE_SIZE + 1).await?;
    let (entries, next) = split_page(rows, PAGE_SIZE, |e| Cursor { at: e.created_at, id: e.id }.encode());
    render(&AuditPage { ctx, entries, next })
}

#[derive(Template)]
#[template(path = "tenancy/invitation.html")]
struct InvitationPage {
    ctx: PageCtx,
    token: String,
    invitation: Invitation,
    what: String,
    open: bool,
    /// Signed in as the invited address.
    signed_in_as_invitee: bool,
    /// Signed in as someone else.
    signed_in_as_other: Option<String>,
    form: InvitedSignUp,
    errors: FieldErrors,
}

async fn invitation_view(
    state: &AppState,
    ctx: PageCtx,
    access: &TenantAccess,
    token: String,
    form: InvitedSignUp,
    errors: FieldErrors,
) -> Result<InvitationPage, AppError> {
    let invitation =
        service::invitation_for_token(&state.pool, access.tenant.id, &token).await?.ok_or(AppError::NotFound)?;
    let what = match (&invitation.role, &invitation.organisation_name) {
        (Some(role), _) => TenantRole::parse(role).map(|r| ctx.t(r.label_key())).unwrap_or_default(),
        (None, Some(name)) => name.clone(),
        (None, None) => String::new(),
    };
    let open = invitation.is_open(chrono::Utc::now());
    let (signed_in_as_invitee, signed_in_as_other) = match &access.user {
        Some(user) if user.email.eq_ignore_ascii_case(&invitation.email) => (true, None),
        Some(user) => (false, Some(user.email.clone())),
        None => (false, None),
    };
    Ok(InvitationPage { ctx, token, invitation, what, open, signed_in_as_invitee, signed_in_as_other, form, errors })
}

async fn invitation_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: TenantAccess,
    Path((_, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let page = invitation_view(&state, ctx, &access, token, InvitedSignUp::default(), FieldErrors::new()).await?;
    let status = if page.open { StatusCode::OK } else { StatusCode::GONE };
    render_with_status(status, &page)
}

async fn accept_invitation(
    State(state): State<AppState>,
    session: Session,
    access: TenantAccess,
    Path((_, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let user = access.user()?;
    service::accept_invitation(&state.pool, access.tenant.id, &token, user).await?;
    redirect_with_notice(&session, &format!("/t/{}", access.tenant.slug), "notice-invitation-accepted").await
}

async fn accept_with_sign_up(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: TenantAccess,
    Path((_, token)): Path<(String, String)>,
    Form(form): Form<InvitedSignUp>,
) -> Result<Response, AppError> {
    if access.user.is_some() {
        return Ok(Redirect::to(&format!("/t/{}/invitations/{token}", access.tenant.slug)).into_response());
    }
    let (lang, zone) = (ctx.reader.lang, ctx.reader.zone.name());
    match service::accept_invitation_with_sign_up(&state.pool, access.tenant.id, &token, &form, lang, zone).await {
        Ok(user_id) => {
            session.cycle_id().await.map_err(session_error)?;
            session.insert(SESSION_USER, user_id).await.map_err(session_error)?;
            redirect_with_notice(&session, &format!("/t/{}", access.tenant.slug), "notice-invitation-accepted").await
        }
        Err(AppError::Validation(errors)) => {
            let form = InvitedSignUp { password: String::new(), ..form };
            let page = invitation_view(&state, ctx, &access, token, form, errors).await?;
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}
