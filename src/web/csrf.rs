//! CSRF protection for every state change made with a browser's cookies: a double-submit token.
//! A random token lives in a `SameSite=Strict` cookie and must come back with every unsafe request,
//! as the form field `csrf_token`, the `X-CSRF-Token` header (scripts, JSON), or the query parameter
//! `csrf_token` (multipart uploads). Requests authenticated by a bearer token carry no cookies to
//! abuse and are exempt. Stateless, so any app instance can check any token.

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, Method, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;

use crate::error::AppError;

pub const FORM_FIELD: &str = "csrf_token";
pub const HEADER: &str = "x-csrf-token";

/// The current request's token, for forms and the page's `<meta name="csrf-token">`.
#[derive(Clone, Debug)]
pub struct CsrfToken(pub String);

#[derive(Clone, Copy)]
pub struct CsrfSettings {
    pub secure_cookies: bool,
    /// Largest form body buffered to find the token (the body limit applies before this).
    pub max_form_bytes: usize,
}

impl CsrfSettings {
    fn cookie_name(self) -> &'static str {
        // The __Host- prefix pins the cookie to this host over HTTPS.
        if self.secure_cookies { "__Host-sweetspot_csrf" } else { "sweetspot_csrf" }
    }
}

pub async fn csrf_protection(State(settings): State<CsrfSettings>, request: Request, next: Next) -> Response {
    let existing = read_cookie(request.headers(), settings.cookie_name()).filter(|t| looks_like_token(t));
    let (token, fresh) = match existing {
        Some(token) => (token, false),
        None => (new_token(), true),
    };
    let request = if is_unsafe(request.method()) && !has_bearer(request.headers()) {
        match check_request(request, &token, fresh, settings).await {
            Ok(request) => request,
            Err(error) => return error.into_response(),
        }
    } else {
        request
    };
    let mut request = request;
    request.extensions_mut().insert(CsrfToken(token.clone()));
    let mut response = next.run(request).await;
    if fresh {
        let secure = if settings.secure_cookies { "; Secure" } else { "" };
        let cookie = format!("{}={token}; Path=/; HttpOnly; SameSite=Strict{secure}", settings.cookie_name());
        if let Ok(value) = HeaderValue::from_str(&cookie) {
            response.headers_mut().append(header::SET_COOKIE, value);
        }
    }
    response
}

async fn check_request(
    request: Request,
    token: &str,
    fresh: bool,
    settings: CsrfSettings,
) -> Result<Request, AppError> {
    if fresh {
        // No cookie: the browser never loaded one of our forms (or blocks cookies).
        return Err(AppError::Csrf);
    }
    if let Some(submitted) = request.headers().get(HEADER).and_then(|v| v.to_str().ok()) {
        return if same(submitted, token) { Ok(request) } else { Err(AppError::Csrf) };
    }
    if let Some(submitted) = request
        .uri()
        .query()
        .and_then(|q| serde_urlencoded::from_str::<Vec<(String, String)>>(q).ok())
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FORM_FIELD).map(|(_, v)| v))
    {
        return if same(&submitted, token) { Ok(request) } else { Err(AppError::Csrf) };
    }
    let is_form = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.starts_with("application/x-www-form-urlencoded"));
    if !is_form {
        return Err(AppError::Csrf);
    }
    let (parts, body) = request.into_parts();
    let bytes = axum::body::to_bytes(body, settings.max_form_bytes).await.map_err(|_| AppError::PayloadTooLarge)?;
    let submitted = serde_urlencoded::from_bytes::<Vec<(String, String)>>(&bytes)
        .ok()
        .and_then(|pairs| pairs.into_iter().find(|(k, _)| k == FORM_FIELD).map(|(_, v)| v));
    match submitted {
        Some(submitted) if same(&submitted, token) => Ok(Request::from_parts(parts, Body::from(bytes))),
        _ => Err(AppError::Csrf),
    }
}

fn is_unsafe(method: &Method) -> bool {
    !matches!(*method, Method::GET | Method::HEAD | Method::OPTIONS | Method::TRACE)
}

fn has_bearer(headers: &HeaderMap) -> bool {
    headers
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .is_some_and(|v| v.len() > 7 && v[..7].eq_ignore_ascii_case("bearer "))
}

fn new_token() -> String {
    let bytes: [u8; 32] = rand::random();
    URL_SAFE_NO_PAD.encode(bytes)
}

fn looks_like_token(value: &str) -> bool {
    value.len() == 43 && value.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
}

/// Compares in time independent of where the strings differ.
fn same(a: &str, b: &str) -> bool {
    a.len() == b.len() && a.bytes().zip(b.bytes()).fold(0u8, |acc, (x, y)| acc | (x ^ y)) == 0
}

/// The value of cookie `name` in the request's `Cookie` headers.
pub fn read_cookie(headers: &HeaderMap, name: &str) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tokens_are_random_and_well_formed() {
        let a = new_token();
        let b = new_token();
        assert_ne!(a, b);
        assert!(looks_like_token(&a));
        assert!(!looks_like_token("short"));
    }

    #[test]
    fn comparison_requires_equal_strings() {
        assert!(same("abc", "abc"));
        assert!(!same("abc", "abd"));
        assert!(!same("abc", "abcd"));
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; sweetspot_csrf=xyz; b=2"));
        assert_eq!(read_cookie(&headers, "sweetspot_csrf").as_deref(), Some("xyz"));
        assert_eq!(read_cookie(&headers, "missing"), None);
    }
}
