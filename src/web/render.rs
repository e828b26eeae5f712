//! Turns every error response into the reader's format: an HTML page for people, or
//! `application/problem+json` (RFC 9457) for programs. Handles errors raised by handlers
//! (`ErrorReport`) and bare statuses from the framework (404, 405, 413…).

use askama::Template;
use axum::extract::{FromRequestParts, Request, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Serialize;

use super::csrf::{CsrfToken, cookie_token};
use super::error::{ErrorReport, problem_type};
use super::page::{PageCtx, anonymous_reader};
use crate::i18n::{Lang, Reader};
use crate::state::AppState;
use crate::tenancy::access::TenantOfErrorPage;

#[derive(Template)]
#[template(path = "errors/error.html")]
struct ErrorPage {
    ctx: PageCtx,
    status: u16,
    title: String,
    detail: String,
    /// What was wrong, one line per field (a 422 the page itself did not render, e.g. an unknown
    /// filter value in the address): "Check the fields listed" must list them.
    problems: Vec<String>,
    /// The page of this site the person came from (a form refused with 409, say), so the error
    /// is never a dead end.
    back: Option<String>,
}

/// The path of the page the request came from, when it is a page of this site (the `Referer`'s
/// host is the request's own); never another site's address.
fn same_site_referer(headers: &axum::http::HeaderMap) -> Option<String> {
    let host = headers.get(header::HOST)?.to_str().ok()?;
    let referer = url::Url::parse(headers.get(header::REFERER)?.to_str().ok()?).ok()?;
    let referer_host = match referer.port() {
        Some(port) => format!("{}:{port}", referer.host_str()?),
        None => referer.host_str()?.to_string(),
    };
    if referer_host != host {
        return None;
    }
    let path = match referer.query() {
        Some(query) => format!("{}?{query}", referer.path()),
        None => referer.path().to_string(),
    };
    (path.starts_with('/') && !path.starts_with("//")).then_some(path)
}

/// An RFC 9457 problem document, as every API error is returned.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem {
    /// Identifies the kind of problem, in any language: `tag:sweetspot.invalid,2026:problem:<kind>`
    /// (the kinds are listed in docs/API.md).
    #[serde(rename = "type")]
    kind: String,
    title: String,
    status: u16,
    detail: String,
    /// One entry per invalid field (422 only).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    errors: Vec<ProblemField>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ProblemField {
    field: String,
    /// Stable machine-readable code of the problem.
    code: String,
    /// The problem in the reader's language.
    message: String,
}

/// True for requests from programs: the API, or clients that ask for JSON only.
pub fn wants_json(request: &Request) -> bool {
    request.uri().path().starts_with("/api/")
        || request
            .headers()
            .get(header::ACCEPT)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|accept| accept.contains("json") && !accept.contains("html"))
}

/// Runs inside the session layer, so that an error page shows a signed-in person their own menu
/// (and their language and zone), as every other page does.
pub async fn render_errors(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let json = wants_json(&request);
    let (parts, body) = request.into_parts();
    let reader = anonymous_reader(&parts);
    let here = parts.uri.path_and_query().map(|pq| pq.as_str().to_string()).unwrap_or_else(|| "/".into());
    let method = parts.method.clone();
    // What the page needs to know who is reading, kept before the request is handed on.
    let mut reader_parts = Request::new(());
    *reader_parts.uri_mut() = parts.uri.clone();
    *reader_parts.headers_mut() = parts.headers.clone();
    if let Some(session) = parts.extensions.get::<tower_sessions::Session>() {
        reader_parts.extensions_mut().insert(session.clone());
    }
    let response = next.run(Request::from_parts(parts, body)).await;

    let status = response.status();
    let report = response.extensions().get::<ErrorReport>().cloned();
    let report = match report {
        Some(report) => report,
        None if status.is_client_error() || status.is_server_error() => {
            // Handlers that render their own error page (a form with its errors) set a content
            // type; bare framework statuses do not, or say text/plain.
            let own_body = response
                .headers()
                .get(header::CONTENT_TYPE)
                .and_then(|v| v.to_str().ok())
                .is_some_and(|ct| ct.starts_with("text/html") || ct.contains("json"));
            if own_body {
                return response;
            }
            ErrorReport::for_status(status)
        }
        None => return response,
    };

    if report.status == StatusCode::UNAUTHORIZED && !json && method == axum::http::Method::GET {
        let next = url::form_urlencoded::byte_serialize(here.as_bytes()).collect::<String>();
        return Redirect::to(&format!("/login?next={next}")).into_response();
    }

    // The title and detail in `lang`; a program's detail may differ from a person's.
    let texts = |lang: Lang, json: bool| {
        let detail_key = if json { report.api_detail_key.or(report.detail_key) } else { report.detail_key };
        let detail = match detail_key {
            Some(key) => lang.t(key),
            None => lang.t(&format!("{}-detail", report.title_key)),
        };
        (lang.t(report.title_key), detail)
    };
    let mut rendered = if json {
        let (title, detail) = texts(reader.lang, true);
        problem_response(reader.lang, &report, title, detail)
    } else {
        // Only an error page reads where the person came from, never a page that succeeded.
        let back = same_site_referer(reader_parts.headers()).filter(|path| *path != here);
        // In the reader's own language once they are known.
        let ctx = error_page_ctx(&state, reader_parts, reader).await;
        let lang = ctx.reader.lang;
        let (title, detail) = texts(lang, false);
        let problems = field_problems(lang, &report).into_iter().map(|p| p.message).collect();
        let page = ErrorPage { ctx, status: report.status.as_u16(), title, detail, problems, back };
        match page.render() {
            Ok(html) => (report.status, Html(html)).into_response(),
            Err(error) => {
                tracing::error!(error = %error, "error page failed to render");
                (report.status, "Something went wrong").into_response()
            }
        }
    };
    // Keep the headers that belong to the error's meaning.
    for name in [header::ALLOW, header::RETRY_AFTER, header::WWW_AUTHENTICATE] {
        if let Some(value) = response.headers().get(&name) {
            rendered.headers_mut().insert(name, value.clone());
        }
    }
    if report.status == StatusCode::UNAUTHORIZED && json && !rendered.headers().contains_key(header::WWW_AUTHENTICATE) {
        rendered.headers_mut().insert(header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer"));
    }
    rendered
}

/// The page context of an error page: the signed-in person and the tenant in view where they can
/// be read (a tenant that does not exist is the error itself: then without it), else a
/// signed-out reader. The CSRF token comes from its cookie, for the sign-out button.
async fn error_page_ctx(state: &AppState, request: Request<()>, anonymous: Reader) -> PageCtx {
    let (mut parts, ()) = request.into_parts();
    let csrf_token = cookie_token(&parts.headers).unwrap_or_default();
    parts.extensions.insert(CsrfToken(csrf_token.clone()));
    let here = parts.uri.path_and_query().map(|pq| pq.as_str().to_string()).unwrap_or_else(|| "/".into());
    if let Some(slug) = parts.uri.path().strip_prefix("/t/").and_then(|rest| rest.split('/').next()) {
        parts.extensions.insert(TenantOfErrorPage(slug.to_string()));
    }
    if let Ok(ctx) = PageCtx::from_request_parts(&mut parts, state).await {
        return ctx;
    }
    // Without the tenant: who is signed in is still worth showing.
    parts.uri = axum::http::Uri::from_static("/");
    match PageCtx::from_request_parts(&mut parts, state).await {
        Ok(ctx) => PageCtx { here, ..ctx },
        Err(_) => PageCtx { here, ..PageCtx::bare(anonymous, csrf_token) },
    }
}

/// The report's field errors, each with its message in `lang`.
fn field_problems(lang: Lang, report: &ErrorReport) -> Vec<ProblemField> {
    report
        .field_errors
        .iter()
        .map(|e| {
            let args: Vec<(&str, String)> = e.args.iter().map(|(k, v)| (k.as_str(), v.clone())).collect();
            ProblemField { field: e.field.clone(), code: e.code.clone(), message: lang.t_args(&e.code, &args) }
        })
        .collect()
}

fn problem_response(lang: Lang, report: &ErrorReport, title: String, detail: String) -> Response {
    let problem = Problem {
        kind: problem_type(report.kind),
        title,
        status: report.status.as_u16(),
        detail,
        errors: field_problems(lang, report),
    };
    let body = serde_json::to_vec(&problem).unwrap_or_default();
    (report.status, [(header::CONTENT_TYPE, HeaderValue::from_static("application/problem+json"))], body)
        .into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(host: &str, referer: Option<&str>) -> axum::http::HeaderMap {
        let mut headers = axum::http::HeaderMap::new();
        headers.insert(header::HOST, host.parse().unwrap());
        if let Some(referer) = referer {
            headers.insert(header::REFERER, referer.parse().unwrap());
        }
        headers
    }

    #[test]
    fn an_error_page_leads_back_only_to_a_page_of_this_site() {
        let same = headers("127.0.0.1:8080", Some("http://127.0.0.1:8080/t/opsi/rounds/1/assignments?after=x"));
        assert_eq!(same_site_referer(&same).as_deref(), Some("/t/opsi/rounds/1/assignments?after=x"));
        let named = headers("sweetspot.example", Some("https://sweetspot.example/t/opsi"));
        assert_eq!(same_site_referer(&named).as_deref(), Some("/t/opsi"));
        assert_eq!(same_site_referer(&headers("sweetspot.example", Some("https://evil.example/t/opsi"))), None);
        assert_eq!(same_site_referer(&headers("sweetspot.example:8080", Some("https://sweetspot.example/x"))), None);
        assert_eq!(same_site_referer(&headers("sweetspot.example", Some("not a url"))), None);
        assert_eq!(same_site_referer(&headers("sweetspot.example", None)), None);
    }
}
