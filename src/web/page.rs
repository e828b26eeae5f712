//! What every page template receives (`ctx`): the reader's language and zone, who is signed in,
//! the tenant in view, the CSRF token and a one-time notice. Templates call its helpers for text
//! (`ctx.t("key")`), times (`ctx.datetime(ts)`) and static files (`ctx.asset("css/app.css")`).

use askama::Template;
use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{StatusCode, header};
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use tower_sessions::Session;

use super::csrf::{CsrfToken, read_cookie};
use crate::accounts::session::{MaybeUser, session_error, session_of};
use crate::error::{AppError, FieldError, FieldErrors};
use crate::i18n::{Lang, Reader};
use crate::state::AppState;
use crate::tenancy::access::Access;
use crate::tenancy::domain::TenantRole;

const SESSION_NOTICE: &str = "notice";

#[derive(Clone, Debug)]
pub struct NavUser {
    pub display_name: String,
    pub email_verified: bool,
}

#[derive(Clone, Debug)]
pub struct NavTenant {
    pub slug: String,
    pub name: String,
    pub role: Option<TenantRole>,
    pub in_organisation: bool,
}

impl NavTenant {
    pub fn is_host(&self) -> bool {
        matches!(self.role, Some(TenantRole::Admin | TenantRole::Staff))
    }
}

#[derive(Clone, Debug)]
pub struct PageCtx {
    pub reader: Reader,
    pub user: Option<NavUser>,
    pub tenant: Option<NavTenant>,
    pub csrf_token: String,
    /// Path and query of this page, for "sign in and come back".
    pub here: String,
    /// Fluent key of a one-time notice set by the previous request.
    pub notice: Option<String>,
    /// The zone was not chosen by the reader (signed out, no `tz` cookie yet): a page about a
    /// programme may show its own zone instead of UTC.
    pub zone_is_fallback: bool,
}

impl FromRequestParts<AppState> for PageCtx {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        // Tenant pages first: the tenant extractor reads the person and their standing at once.
        let has_tenant = parts.uri.path().starts_with("/t/");
        let access = if has_tenant { Some(Access::from_request_parts(parts, state).await?) } else { None };
        let MaybeUser(user) = MaybeUser::from_request_parts(parts, state).await?;
        let tenant = if let Some(access) = access {
            Some(NavTenant {
                slug: access.tenant.slug.clone(),
                name: access.tenant.name.clone(),
                role: access.actor.role,
                in_organisation: !access.actor.organisations.is_empty(),
            })
        } else {
            None
        };
        let notice = if user.is_some() {
            let session = session_of(parts, state).await?;
            // `remove` marks the session modified even when the key is absent, which would write
            // the session back on every page view: look first.
            match session.get::<String>(SESSION_NOTICE).await.map_err(session_error)? {
                Some(_) => session.remove::<String>(SESSION_NOTICE).await.map_err(session_error)?,
                None => None,
            }
        } else {
            None
        };
        let (reader, zone_is_fallback) = match &user {
            Some(user) => (Reader::new(user.lang, user.zone.tz()), false),
            None => (anonymous_reader(parts), read_cookie(&parts.headers, "tz").is_none()),
        };
        let csrf_token = parts.extensions.get::<CsrfToken>().map(|t| t.0.clone()).unwrap_or_default();
        let here = parts.uri.path_and_query().map(|pq| pq.as_str().to_string()).unwrap_or_else(|| "/".into());
        Ok(PageCtx {
            reader,
            user: user.map(|u| NavUser { display_name: u.display_name, email_verified: u.email_verified }),
            tenant,
            csrf_token,
            here,
            notice,
            zone_is_fallback,
        })
    }
}

/// A signed-out reader: language from the browser, zone from the `tz` cookie the page script sets.
pub fn anonymous_reader(parts: &Parts) -> Reader {
    let lang = parts
        .headers
        .get(header::ACCEPT_LANGUAGE)
        .and_then(|v| v.to_str().ok())
        .map(Lang::negotiate)
        .unwrap_or_default();
    let zone = read_cookie(&parts.headers, "tz")
        .and_then(|raw| url::form_urlencoded::parse(format!("z={raw}").as_bytes()).next().map(|(_, v)| v.into_owned()))
        .and_then(|name| name.parse::<Tz>().ok())
        .unwrap_or(chrono_tz::UTC);
    Reader::new(lang, zone)
}

impl PageCtx {
    /// A context for pages rendered outside handlers (error pages).
    pub fn bare(reader: Reader, csrf_token: String) -> Self {
        Self { reader, user: None, tenant: None, csrf_token, here: "/".into(), notice: None, zone_is_fallback: false }
    }

    /// Shows times in `zone` when the reader has not chosen one (a programme's own zone).
    pub fn default_zone(mut self, zone: Tz) -> Self {
        if self.zone_is_fallback {
            self.reader.zone = zone;
        }
        self
    }

    pub fn lang(&self) -> &'static str {
        self.reader.lang.code()
    }
    pub fn t(&self, key: &str) -> String {
        self.reader.lang.t(key)
    }
    /// The message `<prefix>-<value>`, e.g. `t_of("level", "national")` for stored enum values.
    pub fn t_of(&self, prefix: &str, value: &str) -> String {
        self.reader.lang.t(&format!("{prefix}-{value}"))
    }
    pub fn t1(&self, key: &str, name: &str, value: &str) -> String {
        self.reader.lang.t_args(key, &[(name, value.to_string())])
    }
    pub fn t_args(&self, key: &str, args: &[(&str, String)]) -> String {
        self.reader.lang.t_args(key, args)
    }
    pub fn t2(&self, key: &str, name: &str, value: &str, name2: &str, value2: &str) -> String {
        self.reader.lang.t_args(key, &[(name, value.to_string()), (name2, value2.to_string())])
    }
    /// Text someone typed (a name, an address), for a translated sentence on a page: wrapped in
    /// Unicode's first-strong isolate and pop directional isolate (U+2068, U+2069), so a name in
    /// a right-to-left script keeps the sentence around it in order (Unicode Bidirectional
    /// Algorithm, UAX #9). Fluent's own isolation is off because emails are plain text.
    pub fn isolate(&self, text: &str) -> String {
        format!("\u{2068}{text}\u{2069}")
    }
    /// A count with its thousands grouped as the reader's language writes them ("5,072").
    pub fn number(&self, n: i64) -> String {
        group_thousands(n, &self.t("number-group-separator"))
    }
    pub fn datetime(&self, instant: &DateTime<Utc>) -> String {
        self.reader.datetime(instant)
    }
    pub fn date(&self, instant: &DateTime<Utc>) -> String {
        self.reader.date(instant)
    }
    pub fn day(&self, day: &chrono::NaiveDate) -> String {
        self.reader.day(day)
    }
    pub fn iso(&self, instant: &DateTime<Utc>) -> String {
        crate::i18n::iso(instant)
    }
    pub fn asset(&self, path: &str) -> String {
        super::assets::asset_url(path)
    }
    /// The text of a field error, with its arguments.
    pub fn error_text(&self, error: &FieldError) -> String {
        let args: Vec<(&str, String)> = error.args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
        self.reader.lang.t_args(&error.code, &args)
    }
    /// The error under `field`, translated, or empty.
    pub fn field_error(&self, errors: &FieldErrors, field: &str) -> String {
        errors.get(field).map(|e| self.error_text(e)).unwrap_or_default()
    }
    pub fn tenant_slug(&self) -> &str {
        self.tenant.as_ref().map(|t| t.slug.as_str()).unwrap_or("")
    }
    /// The sign-in link that returns here afterwards.
    pub fn login_link(&self) -> String {
        self.with_next("/login", &self.here)
    }
    /// The sign-up link that returns here once the account is confirmed.
    pub fn signup_link(&self) -> String {
        self.with_next("/signup", &self.here)
    }
    /// `path` with `?next=` when there is somewhere to go on to (the sign-in and sign-up pages
    /// pass a destination between them).
    pub fn with_next(&self, path: &str, next: &str) -> String {
        if next.is_empty() || next == "/" {
            return path.to_string();
        }
        format!("{path}?next={}", url::form_urlencoded::byte_serialize(next.as_bytes()).collect::<String>())
    }
}

/// `n` with `separator` between groups of three digits, counted from the right.
fn group_thousands(n: i64, separator: &str) -> String {
    let digits = n.unsigned_abs().to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 * separator.len() + 1);
    if n < 0 {
        out.push('-');
    }
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(digit);
    }
    out
}

/// Renders a template into an HTML response; a render failure is a 500, logged once.
pub fn render<T: Template>(template: &T) -> Result<Response, AppError> {
    render_with_status(StatusCode::OK, template)
}

pub fn render_with_status<T: Template>(status: StatusCode, template: &T) -> Result<Response, AppError> {
    let html = template.render().map_err(|e| AppError::Internal(anyhow::anyhow!("template rendering failed: {e}")))?;
    Ok((status, Html(html)).into_response())
}

/// After a successful POST: 303 to the next page, with a one-time notice for it.
pub async fn redirect_with_notice(session: &Session, to: &str, notice: &str) -> Result<Response, AppError> {
    session.insert(SESSION_NOTICE, notice).await.map_err(session_error)?;
    Ok(Redirect::to(to).into_response())
}

/// Only same-site paths may be a post-sign-in destination (no open redirects).
pub fn safe_next(next: Option<&str>) -> String {
    match next {
        Some(path) if path.starts_with('/') && !path.starts_with("//") && !path.contains('\\') => path.to_string(),
        _ => "/".to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn thousands_are_grouped() {
        assert_eq!(group_thousands(0, ","), "0");
        assert_eq!(group_thousands(999, ","), "999");
        assert_eq!(group_thousands(5072, ","), "5,072");
        assert_eq!(group_thousands(1_000_098, "\u{202f}"), "1\u{202f}000\u{202f}098");
        assert_eq!(group_thousands(-12345, ","), "-12,345");
    }

    #[test]
    fn only_local_paths_are_followed_after_sign_in() {
        assert_eq!(safe_next(Some("/t/opsi")), "/t/opsi");
        assert_eq!(safe_next(Some("//evil.example")), "/");
        assert_eq!(safe_next(Some("https://evil.example")), "/");
        assert_eq!(safe_next(Some("/\\evil.example")), "/");
        assert_eq!(safe_next(None), "/");
    }
}
