//! Organisations: the list, registering one, its page (and edit form), its members and their
//! invitations.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use tower_sessions::Session;

use crate::error::{AppError, FieldErrors};
use crate::ids::{InvitationId, OrganisationId};
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::tenancy::domain::{Country, GovernmentLevel, Invitation, Member, Organisation};
use crate::tenancy::policy::Action;
use crate::tenancy::service::{self, InvitationInput, OrganisationInput, OrganisationMembers};
use crate::web::extract::{Form, Path, Query};
use crate::web::form::{Done, after_post};
use crate::web::page::{PageCtx, redirect_with_notice, render};
use crate::web::pagination::{PageQuery, Pager};

#[derive(Template)]
#[template(path = "tenancy/organisations.html")]
struct OrganisationsPage {
    ctx: PageCtx,
    organisations: Vec<Organisation>,
    all: bool,
    pager: Pager,
}

pub(super) async fn list(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    let organisations =
        service::visible_organisations(&mut access.db(&state.pool).await?, &access, page.cursor()).await?;
    let all = access.can(Action::ListOrganisations);
    let pager = page.pager("", organisations.next.as_deref());
    render(&OrganisationsPage { ctx, organisations: organisations.items, all, pager })
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
    levels: &'static [GovernmentLevel],
    can_edit: bool,
    conflict: bool,
}

impl OrganisationFormPage {
    async fn new(
        state: &AppState,
        ctx: PageCtx,
        access: &Access,
        form: OrganisationInput,
        errors: FieldErrors,
    ) -> Result<Self, AppError> {
        let lang = ctx.reader.lang;
        Ok(Self {
            ctx,
            organisation: None,
            form,
            version: 0,
            errors,
            countries: service::countries(&mut *access.db(&state.pool).await?, lang).await?,
            levels: GovernmentLevel::ALL,
            can_edit: true,
            conflict: false,
        })
    }

    /// The page of a saved organisation, its form showing `form` (what is saved unless given).
    async fn saved(
        state: &AppState,
        ctx: PageCtx,
        access: &Access,
        id: OrganisationId,
        typed: Option<(OrganisationInput, i32)>,
        errors: FieldErrors,
    ) -> Result<Self, AppError> {
        let lang = ctx.reader.lang;
        let mut db = access.db(&state.pool).await?;
        let organisation = service::organisation(&mut db, access, id).await?;
        let (form, version) = typed.unwrap_or_else(|| (OrganisationInput::from(&organisation), organisation.version));
        Ok(Self {
            ctx,
            form,
            version,
            organisation: Some(organisation),
            errors,
            countries: service::countries(&mut db, lang).await?,
            levels: GovernmentLevel::ALL,
            can_edit: access.can_for(Action::EditOrganisation, id),
            conflict: false,
        })
    }
}

pub(super) async fn new_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
) -> Result<Response, AppError> {
    access.authorize(Action::RegisterOrganisation)?;
    render(&OrganisationFormPage::new(&state, ctx, &access, OrganisationInput::default(), FieldErrors::new()).await?)
}

pub(super) async fn register(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Form(form): Form<OrganisationInput>,
) -> Result<Response, AppError> {
    let result = service::register_organisation(&state.pool, &access, &form).await;
    after_post(
        result,
        &session,
        |registered| {
            let notice = match registered.adopted_zone {
                Some(_) => "notice-organisation-registered-zone",
                None => "notice-organisation-registered",
            };
            Done::to(format!("/t/{}/organisations/{}", access.tenant.slug, registered.organisation.id), notice)
        },
        async |refused| OrganisationFormPage::new(&state, ctx, &access, form, refused.errors()).await,
    )
    .await
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, OrganisationId)>,
) -> Result<Response, AppError> {
    render(&OrganisationFormPage::saved(&state, ctx, &access, id, None, FieldErrors::new()).await?)
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct OrganisationEditForm {
    #[serde(flatten)]
    input: OrganisationInput,
    version: String,
}

pub(super) async fn update(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, OrganisationId)>,
    Form(form): Form<OrganisationEditForm>,
) -> Result<Response, AppError> {
    let version = form.version.trim().parse::<i32>().map_err(|_| AppError::BadRequest("error-version-missing"))?;
    let result = service::update_organisation(&state.pool, &access, id, version, &form.input).await;
    after_post(
        result,
        &session,
        |()| Done::to(format!("/t/{}/organisations/{id}", access.tenant.slug), "notice-organisation-saved"),
        async |refused| {
            // Stale: show what is saved now, so they can redo their change on top of it.
            let typed = (!refused.is_stale()).then_some((form.input, version));
            let mut page = OrganisationFormPage::saved(&state, ctx, &access, id, typed, refused.errors()).await?;
            page.can_edit = true;
            page.conflict = refused.is_stale();
            Ok(page)
        },
    )
    .await
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
    access: &Access,
    id: OrganisationId,
    form: InvitationInput,
    errors: FieldErrors,
) -> Result<MembersPage, AppError> {
    let OrganisationMembers { organisation, members, invitations } =
        service::members(&mut access.db(&state.pool).await?, access, id).await?;
    let can_invite = access.can_for(Action::InviteMembers, id);
    Ok(MembersPage { ctx, organisation, members, invitations, can_invite, form, errors })
}

pub(super) async fn members_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, id)): Path<(String, OrganisationId)>,
) -> Result<Response, AppError> {
    render(&members_view(&state, ctx, &access, id, InvitationInput::default(), FieldErrors::new()).await?)
}

pub(super) async fn invite_member(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, id)): Path<(String, OrganisationId)>,
    Form(form): Form<InvitationInput>,
) -> Result<Response, AppError> {
    let result = service::invite_to_organisation(&state.pool, &state.config, &access, id, &form).await;
    after_post(
        result,
        &session,
        |()| Done::to(format!("/t/{}/organisations/{id}/members", access.tenant.slug), "notice-invitation-sent"),
        async |refused| members_view(&state, ctx, &access, id, form, refused.errors()).await,
    )
    .await
}

pub(super) async fn revoke_invitation(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, id, invitation)): Path<(String, OrganisationId, InvitationId)>,
) -> Result<Response, AppError> {
    service::revoke_invitation(&state.pool, &access, invitation, Some(id)).await?;
    let to = format!("/t/{}/organisations/{id}/members", access.tenant.slug);
    redirect_with_notice(&session, &to, "notice-invitation-revoked").await
}
