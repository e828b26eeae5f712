//! The tenant's people: who holds which role, inviting someone to a role, changing and removing
//! roles.

use askama::Template;
use axum::extract::State;
use axum::response::Response;
use serde::Deserialize;
use tower_sessions::Session;

use crate::error::{AppError, FieldErrors};
use crate::ids::{InvitationId, UserId};
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::tenancy::domain::{Invitation, Person, TenantRole};
use crate::tenancy::policy::Action;
use crate::tenancy::service::{self, InvitationInput};
use crate::web::extract::{Form, Path, Query};
use crate::web::form::{Done, after_post};
use crate::web::page::{PageCtx, redirect_with_notice, render};
use crate::web::pagination::{PageQuery, Pager};

#[derive(Template)]
#[template(path = "tenancy/people.html")]
struct PeoplePage {
    ctx: PageCtx,
    people: Vec<Person>,
    pager: Pager,
    invitations: Vec<Invitation>,
    can_manage: bool,
    roles: &'static [TenantRole],
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
    access: &Access,
    page: &PageQuery,
    form: InvitationInput,
    errors: FieldErrors,
) -> Result<PeoplePage, AppError> {
    let mut db = access.db(&state.pool).await?;
    let people = service::people(&mut db, access, page.cursor()).await?;
    let invitations = service::role_invitations(&mut db, access).await?;
    Ok(PeoplePage {
        ctx,
        people: people.items,
        pager: page.pager("", people.next.as_deref()),
        invitations,
        can_manage: access.can(Action::ManagePeople),
        roles: TenantRole::ALL,
        form,
        errors,
        me: access.actor.user_id,
    })
}

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Query(page): Query<PageQuery>,
) -> Result<Response, AppError> {
    render(&people_view(&state, ctx, &access, &page, InvitationInput::default(), FieldErrors::new()).await?)
}

fn people_path(access: &Access) -> String {
    format!("/t/{}/admin/people", access.tenant.slug)
}

pub(super) async fn invite(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Form(form): Form<InvitationInput>,
) -> Result<Response, AppError> {
    let result = service::invite_to_tenant(&state.pool, &state.config, &access, &form).await;
    after_post(
        result,
        &session,
        |()| Done::to(people_path(&access), "notice-invitation-sent"),
        async |refused| people_view(&state, ctx, &access, &PageQuery::default(), form, refused.errors()).await,
    )
    .await
}

pub(super) async fn revoke_invitation(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, invitation)): Path<(String, InvitationId)>,
) -> Result<Response, AppError> {
    service::revoke_invitation(&state.pool, &access, invitation, None).await?;
    redirect_with_notice(&session, &people_path(&access), "notice-invitation-revoked").await
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(super) struct RoleForm {
    role: String,
}

pub(super) async fn change_role(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, user)): Path<(String, UserId)>,
    Form(form): Form<RoleForm>,
) -> Result<Response, AppError> {
    service::change_role(&state.pool, &access, user, &form.role).await?;
    redirect_with_notice(&session, &people_path(&access), "notice-role-changed").await
}

pub(super) async fn remove(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, user)): Path<(String, UserId)>,
) -> Result<Response, AppError> {
    service::remove_role(&state.pool, &access, user).await?;
    redirect_with_notice(&session, &people_path(&access), "notice-role-removed").await
}
