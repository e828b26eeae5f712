//! CSRF protection for every state change made with a browser's cookies: a double-submit token.
//! A random token lives in a `SameSite=Strict` cookie and must come back with every unsafe request,
//! as the form field `csrf_token` (in a multipart upload, its first field), or the `X-CSRF-Token`
//! header (scripts, JSON). Never in the address: a token in a URL ends up in the address bar,
//! the history and logs. Requests authenticated by a bearer token carry no cookies to abuse and
//! are exempt. Stateless, so any app instance can check any token.

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
    let content_type =
        request.headers().get(header::CONTENT_TYPE).and_then(|v| v.to_str().ok()).unwrap_or_default().to_string();
    if content_type.starts_with("multipart/form-data") {
        let boundary = multer::parse_boundary(&content_type).map_err(|_| AppError::Csrf)?;
        return check_multipart(request, token, &boundary).await;
    }
    if !content_type.starts_with("application/x-www-form-urlencoded") {
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

/// How much of a multipart body is read to find its first field, the token.
const MULTIPART_HEAD_BYTES: usize = 16 * 1024;

/// A multipart form's token is its first field (`csrf_token`), read without holding the rest: the
/// body is read until that field ends, then handed on whole, the bytes read first included.
async fn check_multipart(request: Request, token: &str, boundary: &str) -> Result<Request, AppError> {
    use futures_util::StreamExt;
    let (parts, body) = request.into_parts();
    let mut stream = body.into_data_stream();
    let mut head = bytes::BytesMut::new();
    let submitted = loop {
        if let Some(found) = first_field(&head, boundary) {
            break found;
        }
        if head.len() > MULTIPART_HEAD_BYTES {
            break None;
        }
        match stream.next().await {
            Some(Ok(chunk)) => head.extend_from_slice(&chunk),
            Some(Err(_)) => return Err(AppError::BadRequest("error-bad-request-detail")),
            None => break first_field(&head, boundary).flatten(),
        }
    };
    match submitted {
        Some(submitted) if same(&submitted, token) => {
            let rest = futures_util::stream::once(async move { Ok::<_, axum::Error>(head.freeze()) }).chain(stream);
            Ok(Request::from_parts(parts, Body::from_stream(rest)))
        }
        _ => Err(AppError::Csrf),
    }
}

/// The value of the first part of a multipart body, when that part is complete in `head`:
/// `Some(Some(token))` for a `csrf_token` field, `Some(None)` for any other first part, `None`
/// while the part has not ended yet (RFC 7578: `--boundary CRLF headers CRLF CRLF value CRLF
/// --boundary`).
fn first_field(head: &[u8], boundary: &str) -> Option<Option<String>> {
    let opening = format!("--{boundary}\r\n");
    let closing = format!("\r\n--{boundary}");
    let after_opening = head.strip_prefix(opening.as_bytes())?;
    let headers_end = find(after_opening, b"\r\n\r\n")?;
    let value_start = headers_end + 4;
    let value_len = find(&after_opening[value_start..], closing.as_bytes())?;
    let headers = String::from_utf8_lossy(&after_opening[..headers_end]).to_ascii_lowercase();
    let named_token = headers
        .lines()
        .any(|line| line.starts_with("content-disposition:") && line.contains(&format!("name=\"{FORM_FIELD}\"")));
    let value = &after_opening[value_start..value_start + value_len];
    Some(named_token.then(|| String::from_utf8_lossy(value).into_owned()))
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
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

/// The request's CSRF token from its cookie (either name), for pages rendered outside this
/// middleware's request (error pages).
pub fn cookie_token(headers: &HeaderMap) -> Option<String> {
    let secure = CsrfSettings { secure_cookies: true, max_form_bytes: 0 };
    let plain = CsrfSettings { secure_cookies: false, max_form_bytes: 0 };
    [secure, plain].into_iter().find_map(|s| read_cookie(headers, s.cookie_name())).filter(|t| looks_like_token(t))
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
    fn a_multipart_token_is_its_first_field() {
        let body = "--XyZ\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\nabc\r\n--XyZ\r\nContent-Disposition: form-data; name=\"version\"\r\n\r\n3\r\n--XyZ--\r\n";
        assert_eq!(first_field(body.as_bytes(), "XyZ"), Some(Some("abc".into())));
        // Not complete yet: read more.
        assert_eq!(first_field(&body.as_bytes()[..60], "XyZ"), None);
        let other_first = body.replacen("csrf_token", "version", 1);
        assert_eq!(first_field(other_first.as_bytes(), "XyZ"), Some(None));
        assert_eq!(first_field(b"garbage", "XyZ"), None);
    }

    #[test]
    fn cookies_are_found_among_others() {
        let mut headers = HeaderMap::new();
        headers.insert(header::COOKIE, HeaderValue::from_static("a=1; sweetspot_csrf=xyz; b=2"));
        assert_eq!(read_cookie(&headers, "sweetspot_csrf").as_deref(), Some("xyz"));
        assert_eq!(read_cookie(&headers, "missing"), None);
    }
}
