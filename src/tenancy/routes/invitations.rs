//! The page an invitation link opens, and accepting it: signed in as the invited address, or by
//! creating the account there and then.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use tower_sessions::Session;

use crate::accounts::session::sign_in;
use crate::error::{AppError, FieldErrors};
use crate::i18n::TimeZone;
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::tenancy::domain::Invitation;
use crate::tenancy::service::{self, InvitedSignUp};
use crate::web::extract::{Form, Path};
use crate::web::form::{Done, after_post};
use crate::web::page::{PageCtx, redirect_with_notice, render_with_status};

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
    access: &Access,
    token: String,
    form: InvitedSignUp,
    errors: FieldErrors,
) -> Result<InvitationPage, AppError> {
    let invitation =
        service::invitation_for_token(&mut access.db(&state.pool).await?, &token).await?.ok_or(AppError::NotFound)?;
    let what = match (invitation.role, &invitation.organisation_name) {
        (Some(role), _) => ctx.t(role.label_key()),
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

pub(super) async fn page(
    State(state): State<AppState>,
    ctx: PageCtx,
    access: Access,
    Path((_, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    let page = invitation_view(&state, ctx, &access, token, InvitedSignUp::default(), FieldErrors::new()).await?;
    let status = if page.open { StatusCode::OK } else { StatusCode::GONE };
    render_with_status(status, &page)
}

pub(super) async fn accept(
    State(state): State<AppState>,
    session: Session,
    access: Access,
    Path((_, token)): Path<(String, String)>,
) -> Result<Response, AppError> {
    service::accept_invitation(&state.pool, &access, &token).await?;
    redirect_with_notice(&session, &format!("/t/{}", access.tenant.slug), "notice-invitation-accepted").await
}

pub(super) async fn accept_with_sign_up(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    access: Access,
    Path((_, token)): Path<(String, String)>,
    Form(form): Form<InvitedSignUp>,
) -> Result<Response, AppError> {
    if access.user.is_some() {
        return Ok(Redirect::to(&format!("/t/{}/invitations/{token}", access.tenant.slug)).into_response());
    }
    let (lang, zone) = (ctx.reader.lang, TimeZone::from(ctx.reader.zone));
    let result = service::accept_invitation_with_sign_up(&state.pool, &access, &token, &form, lang, zone).await;
    if let Ok(user_id) = &result {
        // Signed in as the new account (its first session epoch), under a new session id.
        sign_in(&session, *user_id, 0).await?;
    }
    after_post(
        result,
        &session,
        |_| Done::to(format!("/t/{}", access.tenant.slug), "notice-invitation-accepted"),
        async |refused| {
            let form = InvitedSignUp { password: String::new(), ..form };
            invitation_view(&state, ctx, &access, token, form, refused.errors()).await
        },
    )
    .await
}
