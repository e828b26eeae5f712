//! Account pages: HTML in and out. Each handler parses the form, calls a service verb, and renders.

use askama::Template;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::Deserialize;
use tower_sessions::Session;

use super::domain::{ApiToken, CommentEmails, MIN_PASSWORD_CHARS, User};
use super::service::{self, LoginOutcome, ProfileEdit, ResetOutcome, SignUp};
use super::session::{CurrentUser, MaybeUser, session_error, sign_in};
use crate::error::{AppError, FieldErrors};
use crate::i18n::{Lang, TimeZone, zone_groups};
use crate::ids::ApiTokenId;
use crate::state::AppState;
use crate::web::extract::{ClientIp, Form, Path, Query};
use crate::web::form::{Done, after_post};
use crate::web::page::{PageCtx, redirect_with_notice, render, render_with_status, safe_next};
use crate::web::route_table::RouteTable;

pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/signup", signup_page)
        .post("/signup", signup)
        .get("/login", login_page)
        .post("/login", login)
        .post("/logout", logout)
        .get("/verify-email/{token}", verify_email)
        .post("/verify-email/resend", resend_verification)
        .get("/password/forgot", forgot_page)
        .post("/password/forgot", forgot)
        .get("/password/reset/{token}", reset_page)
        .post("/password/reset/{token}", reset)
        .get("/profile", profile_page)
        .post("/profile", update_profile)
        .post("/profile/comment-emails", set_comment_emails)
        .post("/profile/tokens", create_token)
        .post("/profile/tokens/{id}/revoke", revoke_token)
}

/// A page with a heading, a paragraph and an optional link: confirmations and dead ends.
#[derive(Template)]
#[template(path = "accounts/message.html")]
pub struct MessagePage {
    pub ctx: PageCtx,
    pub title: String,
    pub body: String,
    pub link: Option<(String, String)>,
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct SignupForm {
    display_name: String,
    email: String,
    password: String,
    next: String,
}

#[derive(Template)]
#[template(path = "accounts/signup.html")]
struct SignupPage {
    ctx: PageCtx,
    form: SignupForm,
    errors: FieldErrors,
    min_chars: usize,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct SignupQuery {
    email: String,
    next: String,
}

async fn signup_page(ctx: PageCtx, Query(query): Query<SignupQuery>) -> Result<Response, AppError> {
    let form = SignupForm { email: query.email, next: query.next, ..Default::default() };
    render(&SignupPage { ctx, form, errors: FieldErrors::new(), min_chars: MIN_PASSWORD_CHARS })
}

async fn signup(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<SignupForm>,
) -> Result<Response, AppError> {
    let result = service::sign_up(
        &state.pool,
        &state.config,
        SignUp {
            display_name: &form.display_name,
            email: &form.email,
            password: &form.password,
            lang: ctx.reader.lang,
            zone: TimeZone::from(ctx.reader.zone),
            next: &safe_next(Some(&form.next)),
        },
    )
    .await;
    match result {
        Ok(()) => {
            let page = MessagePage {
                title: ctx.t("signup-done-title"),
                body: ctx.t1("signup-done-body", "email", &ctx.isolate(form.email.trim())),
                link: None,
                ctx,
            };
            render(&page)
        }
        Err(AppError::Validation(errors)) => {
            let form = SignupForm { password: String::new(), ..form };
            render_with_status(
                StatusCode::UNPROCESSABLE_ENTITY,
                &SignupPage { ctx, form, errors, min_chars: MIN_PASSWORD_CHARS },
            )
        }
        Err(other) => Err(other),
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub struct LoginForm {
    email: String,
    password: String,
    next: String,
}

#[derive(Template)]
#[template(path = "accounts/login.html")]
struct LoginPage {
    ctx: PageCtx,
    form: LoginForm,
    errors: FieldErrors,
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct NextQuery {
    next: String,
}

async fn login_page(
    ctx: PageCtx,
    MaybeUser(user): MaybeUser,
    Query(query): Query<NextQuery>,
) -> Result<Response, AppError> {
    if user.is_some() {
        return Ok(Redirect::to(&safe_next(Some(&query.next))).into_response());
    }
    render(&LoginPage { ctx, form: LoginForm { next: query.next, ..Default::default() }, errors: FieldErrors::new() })
}

async fn login(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    ClientIp(client_ip): ClientIp,
    Form(form): Form<LoginForm>,
) -> Result<Response, AppError> {
    let mut errors = FieldErrors::new();
    if form.email.trim().is_empty() {
        errors.add("email", "error-email-missing");
    }
    if form.password.is_empty() {
        errors.add("password", "error-password-missing");
    }
    let failed = |errors, status| {
        let form = LoginForm { password: String::new(), ..form.clone_without_password() };
        render_with_status(status, &LoginPage { ctx: ctx.clone(), form, errors })
    };
    if !errors.is_empty() {
        return failed(errors, StatusCode::UNPROCESSABLE_ENTITY);
    }
    match service::log_in(&state.pool, &form.email, &form.password, &client_ip).await? {
        LoginOutcome::SignedIn(user_id, epoch) => {
            sign_in(&session, user_id, epoch).await?;
            redirect_with_notice(&session, &safe_next(Some(&form.next)), "notice-signed-in").await
        }
        LoginOutcome::WrongCredentials => {
            let mut errors = FieldErrors::new();
            errors.add("email", "error-login-failed");
            failed(errors, StatusCode::UNPROCESSABLE_ENTITY)
        }
        LoginOutcome::Throttled => {
            let mut errors = FieldErrors::new();
            errors.add("email", "error-login-throttled");
            failed(errors, StatusCode::TOO_MANY_REQUESTS)
        }
    }
}

impl LoginForm {
    fn clone_without_password(&self) -> Self {
        Self { email: self.email.clone(), password: String::new(), next: self.next.clone() }
    }
}

async fn logout(session: Session) -> Result<Response, AppError> {
    session.flush().await.map_err(session_error)?;
    Ok(Redirect::to("/").into_response())
}

/// Confirms an email address. Signed in as the link's owner, the person goes on where they were
/// going, with a notice (the page is read afresh, so no banner asks them to confirm what they just
/// confirmed); signed out, they are asked to sign in and then go on there. A link opened again
/// says the address is confirmed, never that it is dead; signed in as someone else, the page says
/// whose address this was about without signing anyone in or out.
async fn verify_email(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    MaybeUser(user): MaybeUser,
    Path(token): Path<String>,
    Query(query): Query<NextQuery>,
) -> Result<Response, AppError> {
    use service::Confirmation;
    let next = safe_next(Some(&query.next));
    let outcome = service::verify_email(&state.pool, &token).await?;
    let me = user.as_ref().map(|u| (u.id, u.email_verified));
    let message = |ctx: PageCtx, title: &str, body: &str, link: Option<(String, String)>| MessagePage {
        title: ctx.t(title),
        body: ctx.t(body),
        link,
        ctx,
    };
    let (status, page) = match (outcome, me) {
        (Confirmation::Confirmed(owner), Some((id, _))) if owner == id => {
            return redirect_with_notice(&session, &next, "notice-email-confirmed").await;
        }
        (Confirmation::AlreadyConfirmed(owner), Some((id, _))) if owner == id => {
            return redirect_with_notice(&session, &next, "notice-email-already-confirmed").await;
        }
        // An old link of someone whose own address is confirmed: nothing left to do.
        (Confirmation::Dead, Some((_, true))) => {
            return redirect_with_notice(&session, &next, "notice-email-already-confirmed").await;
        }
        (Confirmation::Confirmed(_) | Confirmation::AlreadyConfirmed(_), Some(_)) => {
            (StatusCode::OK, message(ctx, "verify-other-title", "verify-other-body", None))
        }
        (Confirmation::Confirmed(_), None) => {
            let link = Some((login_path(&next), ctx.t("verify-sign-in")));
            // Sent here from somewhere (an invitation to review, say): no talk of organisations.
            let body = if next == "/" { "verify-done-body" } else { "verify-done-body-next" };
            (StatusCode::OK, message(ctx, "verify-done-title", body, link))
        }
        (Confirmation::AlreadyConfirmed(_), None) => {
            let link = Some((login_path(&next), ctx.t("verify-sign-in")));
            (StatusCode::OK, message(ctx, "verify-again-title", "verify-again-body", link))
        }
        // A dead link (unknown, or expired unused) is 410 Gone, as a dead reset link is.
        (Confirmation::Dead, Some((_, false))) => {
            (StatusCode::GONE, message(ctx, "link-dead-title", "verify-dead-body-signed-in", None))
        }
        (Confirmation::Dead, None) => {
            let link = Some((login_path(&next), ctx.t("nav-sign-in")));
            (StatusCode::GONE, message(ctx, "link-dead-title", "verify-dead-body", link))
        }
    };
    render_with_status(status, &page)
}

/// The sign-in page that goes on to `next` afterwards.
fn login_path(next: &str) -> String {
    if next == "/" {
        return "/login".into();
    }
    format!("/login?next={}", url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>())
}

/// Sends a fresh link; the person stays on the page they asked from, and the link leads back to it.
async fn resend_verification(
    State(state): State<AppState>,
    session: Session,
    CurrentUser(user): CurrentUser,
    Form(form): Form<NextQuery>,
) -> Result<Response, AppError> {
    let next = if form.next.is_empty() { "/profile".to_string() } else { safe_next(Some(&form.next)) };
    service::resend_verification(&state.pool, &state.config, &user, &next).await?;
    redirect_with_notice(&session, &next, "notice-verification-sent").await
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ForgotForm {
    email: String,
}

#[derive(Template)]
#[template(path = "accounts/forgot.html")]
struct ForgotPage {
    ctx: PageCtx,
    form: ForgotForm,
    errors: FieldErrors,
}

async fn forgot_page(ctx: PageCtx, Query(query): Query<SignupQuery>) -> Result<Response, AppError> {
    render(&ForgotPage { ctx, form: ForgotForm { email: query.email }, errors: FieldErrors::new() })
}

async fn forgot(
    State(state): State<AppState>,
    ctx: PageCtx,
    Form(form): Form<ForgotForm>,
) -> Result<Response, AppError> {
    match service::request_password_reset(&state.pool, &state.config, &form.email).await {
        Ok(()) => render(&MessagePage {
            title: ctx.t("forgot-done-title"),
            body: ctx.t1("forgot-done-body", "email", &ctx.isolate(form.email.trim())),
            link: Some(("/login".into(), ctx.t("nav-sign-in"))),
            ctx,
        }),
        Err(AppError::Validation(errors)) => {
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &ForgotPage { ctx, form, errors })
        }
        Err(other) => Err(other),
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ResetForm {
    password: String,
    password_confirmation: String,
}

#[derive(Template)]
#[template(path = "accounts/reset.html")]
struct ResetPage {
    ctx: PageCtx,
    token: String,
    errors: FieldErrors,
    min_chars: usize,
}

fn dead_reset_link(ctx: PageCtx) -> MessagePage {
    MessagePage {
        title: ctx.t("link-dead-title"),
        body: ctx.t("reset-dead-body"),
        link: Some(("/password/forgot".into(), ctx.t("reset-ask-again"))),
        ctx,
    }
}

async fn reset_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
) -> Result<Response, AppError> {
    if !service::reset_link_is_live(&mut *state.platform_db().await?, &token).await? {
        return render_with_status(StatusCode::GONE, &dead_reset_link(ctx));
    }
    render(&ResetPage { ctx, token, errors: FieldErrors::new(), min_chars: MIN_PASSWORD_CHARS })
}

async fn reset(
    State(state): State<AppState>,
    ctx: PageCtx,
    Path(token): Path<String>,
    Form(form): Form<ResetForm>,
) -> Result<Response, AppError> {
    match service::reset_password(&state.pool, &token, &form.password, &form.password_confirmation).await {
        Ok(ResetOutcome::Changed) => render(&MessagePage {
            title: ctx.t("reset-done-title"),
            body: ctx.t("reset-done-body"),
            link: Some(("/login".into(), ctx.t("nav-sign-in"))),
            ctx,
        }),
        Ok(ResetOutcome::LinkDead) => render_with_status(StatusCode::GONE, &dead_reset_link(ctx)),
        Err(AppError::Validation(errors)) => render_with_status(
            StatusCode::UNPROCESSABLE_ENTITY,
            &ResetPage { ctx, token, errors, min_chars: MIN_PASSWORD_CHARS },
        ),
        Err(other) => Err(other),
    }
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct ProfileForm {
    display_name: String,
    language: String,
    time_zone: String,
    version: String,
}

#[derive(Template)]
#[template(path = "accounts/profile.html")]
struct ProfilePage {
    ctx: PageCtx,
    email: String,
    email_verified: bool,
    form: ProfileForm,
    errors: FieldErrors,
    zones: Vec<crate::i18n::ZoneGroup>,
    languages: &'static [Lang],
    tokens: Vec<ApiToken>,
    token_name: String,
    new_token: Option<String>,
    conflict: bool,
    comment_emails: CommentEmails,
}

impl ProfilePage {
    fn is_language(&self, lang: &Lang) -> bool {
        self.form.language == lang.code()
    }
}

async fn profile_view(
    state: &AppState,
    ctx: PageCtx,
    user: &User,
    form: Option<ProfileForm>,
    errors: FieldErrors,
) -> Result<ProfilePage, AppError> {
    let mut db = state.platform_db().await?;
    let tokens = service::api_tokens(&mut db, user).await?;
    let comment_emails = service::comment_emails(&mut db, user).await?;
    drop(db);
    let form = form.unwrap_or_else(|| ProfileForm {
        display_name: user.display_name.clone(),
        language: user.lang.code().into(),
        time_zone: user.zone.name().into(),
        version: user.version.to_string(),
    });
    let zones = zone_groups(chrono::Utc::now(), &form.time_zone);
    Ok(ProfilePage {
        ctx,
        email: user.email.clone(),
        email_verified: user.email_verified,
        form,
        errors,
        zones,
        languages: Lang::ALL,
        tokens,
        token_name: String::new(),
        new_token: None,
        conflict: false,
        comment_emails,
    })
}

async fn profile_page(
    State(state): State<AppState>,
    ctx: PageCtx,
    CurrentUser(user): CurrentUser,
) -> Result<Response, AppError> {
    render(&profile_view(&state, ctx, &user, None, FieldErrors::new()).await?)
}

#[derive(Deserialize, Default)]
#[serde(default)]
struct CommentEmailsForm {
    comment_emails: String,
}

async fn set_comment_emails(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    CurrentUser(user): CurrentUser,
    Form(form): Form<CommentEmailsForm>,
) -> Result<Response, AppError> {
    let result = service::set_comment_emails(&state.pool, &user, &form.comment_emails).await;
    after_post(
        result,
        &session,
        |()| Done::to("/profile#comment-emails", "notice-comment-emails-saved"),
        async |refused| profile_view(&state, ctx, &user, None, refused.errors()).await,
    )
    .await
}

async fn update_profile(
    State(state): State<AppState>,
    ctx: PageCtx,
    session: Session,
    CurrentUser(user): CurrentUser,
    Form(form): Form<ProfileForm>,
) -> Result<Response, AppError> {
    let version = form.version.trim().parse::<i32>().map_err(|_| AppError::BadRequest("error-version-missing"))?;
    let edit =
        ProfileEdit { display_name: &form.display_name, language: &form.language, time_zone: &form.time_zone, version };
    let result = service::update_profile(&state.pool, &user, edit).await;
    after_post(
        result,
        &session,
        |()| Done::to("/profile", "notice-profile-saved"),
        async |refused| {
            // A stale form shows what is saved now, and says why their change was not applied.
            let typed = if refused.is_stale() { None } else { Some(form) };
            let mut page = profile_view(&state, ctx, &user, typed, refused.errors()).await?;
            page.conflict = refused.is_stale();
            Ok(page)
        },
    )
    .await
}

#[derive(Default, Deserialize)]
#[serde(default)]
struct TokenForm {
    token_name: String,
}

async fn create_token(
    State(state): State<AppState>,
    ctx: PageCtx,
    CurrentUser(user): CurrentUser,
    Form(form): Form<TokenForm>,
) -> Result<Response, AppError> {
    match service::create_api_token(&state.pool, &user, &form.token_name).await {
        Ok((_, plain)) => {
            // Shown on this response only: the token is not stored and cannot be shown again.
            let mut page = profile_view(&state, ctx, &user, None, FieldErrors::new()).await?;
            page.new_token = Some(plain);
            render(&page)
        }
        Err(AppError::Validation(errors)) => {
            let mut page = profile_view(&state, ctx, &user, None, errors).await?;
            page.token_name = form.token_name;
            render_with_status(StatusCode::UNPROCESSABLE_ENTITY, &page)
        }
        Err(other) => Err(other),
    }
}

async fn revoke_token(
    State(state): State<AppState>,
    session: Session,
    CurrentUser(user): CurrentUser,
    Path(id): Path<ApiTokenId>,
) -> Result<Response, AppError> {
    service::revoke_api_token(&state.pool, &user, id).await?;
    redirect_with_notice(&session, "/profile", "notice-token-revoked").await
}
