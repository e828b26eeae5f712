//! How each `AppError` reads over HTTP: its status, and the report that `render_errors` turns into
//! an HTML page or a problem document.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, FieldError};

/// What the renderer needs to know about an error, carried on the response as an extension.
#[derive(Clone, Debug)]
pub struct ErrorReport {
    pub status: StatusCode,
    /// The problem's kind: the last segment of its RFC 9457 `type` URI (`problem_type`), the same
    /// for every error of that kind, whatever the language (listed in `docs/API.md`).
    pub kind: &'static str,
    /// Fluent key of the title; the detail key is `<title>-detail`.
    pub title_key: &'static str,
    pub detail_key: Option<&'static str>,
    /// The detail for programs, where `detail_key` speaks of a page (a stale edit's "the form
    /// below"); None: the same as for pages.
    pub api_detail_key: Option<&'static str>,
    pub field_errors: Vec<FieldError>,
}

impl ErrorReport {
    /// The report of a bare status (errors raised outside handlers, e.g. 405): its kind and
    /// title, no detail of its own.
    pub fn for_status(status: StatusCode) -> Self {
        let (kind, title_key) = status_kind(status);
        ErrorReport { status, kind, title_key, detail_key: None, api_detail_key: None, field_errors: Vec::new() }
    }
}

impl AppError {
    pub fn status(&self) -> StatusCode {
        match self {
            AppError::NotFound => StatusCode::NOT_FOUND,
            AppError::Unauthorized => StatusCode::UNAUTHORIZED,
            AppError::Forbidden | AppError::Csrf => StatusCode::FORBIDDEN,
            AppError::Validation(_) => StatusCode::UNPROCESSABLE_ENTITY,
            AppError::Conflict(_) | AppError::Stale(_) => StatusCode::CONFLICT,
            AppError::BadRequest(_) => StatusCode::BAD_REQUEST,
            AppError::PayloadTooLarge => StatusCode::PAYLOAD_TOO_LARGE,
            AppError::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            AppError::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
            AppError::Internal(_) => StatusCode::INTERNAL_SERVER_ERROR,
        }
    }

    fn report(&self) -> ErrorReport {
        let status = self.status();
        let bare = ErrorReport::for_status(status);
        let (kind, title_key, detail_key) = match self {
            AppError::Csrf => ("csrf", "error-csrf", Some("error-csrf-detail")),
            AppError::Stale(key) => ("stale-edit", "error-conflict", Some(*key)),
            AppError::Conflict(key) => {
                let (kind, title) = conflict_kind(key);
                (kind, title, Some(*key))
            }
            AppError::BadRequest(key) => ("bad-request", "error-bad-request", Some(*key)),
            _ => (bare.kind, bare.title_key, None),
        };
        // A stale edit's detail tells a person about the form; a program has none.
        let api_detail_key = matches!(self, AppError::Stale(_)).then_some("error-stale-edit-api");
        let field_errors = match self {
            AppError::Validation(errors) => errors.0.clone(),
            _ => Vec::new(),
        };
        ErrorReport { status, kind, title_key, detail_key, api_detail_key, field_errors }
    }
}

/// The kind and title of a conflict, by the key that explains it: each refusal of the state of
/// things is its own kind, so a program can tell a closed call from a used invitation.
fn conflict_kind(key: &str) -> (&'static str, &'static str) {
    match key {
        "error-call-not-open" => ("call-not-open", "problem-call-not-open"),
        "error-submission-closed" => ("submission-closed", "problem-submission-closed"),
        "error-invitation-closed" => ("invitation-closed", "problem-invitation-closed"),
        "error-invitation-has-account" => ("invitation-has-account", "problem-invitation-has-account"),
        "error-last-admin" => ("last-admin", "problem-last-admin"),
        "error-select-not-challenge" | "error-select-not-submitted" => ("not-selectable", "problem-not-selectable"),
        _ => ("conflict", "problem-conflict"),
    }
}

/// The RFC 9457 `type` of a problem of `kind`: a `tag:` URI (RFC 4151), the form RFC 9457
/// suggests for types that are identifiers rather than pages.
pub fn problem_type(kind: &str) -> String {
    format!("tag:sweetspot.invalid,2026:problem:{kind}")
}

/// The kind and title key of a bare status.
fn status_kind(status: StatusCode) -> (&'static str, &'static str) {
    match status {
        StatusCode::NOT_FOUND => ("not-found", "error-not-found"),
        StatusCode::UNAUTHORIZED => ("unauthorized", "error-unauthorized"),
        StatusCode::FORBIDDEN => ("forbidden", "error-forbidden"),
        StatusCode::UNPROCESSABLE_ENTITY => ("validation", "error-validation"),
        StatusCode::CONFLICT => ("conflict", "error-conflict"),
        StatusCode::BAD_REQUEST => ("bad-request", "error-bad-request"),
        StatusCode::PAYLOAD_TOO_LARGE => ("too-large", "error-too-large"),
        StatusCode::TOO_MANY_REQUESTS => ("rate-limited", "error-rate-limited"),
        StatusCode::SERVICE_UNAVAILABLE => ("unavailable", "error-unavailable"),
        StatusCode::METHOD_NOT_ALLOWED => ("method-not-allowed", "error-method-not-allowed"),
        StatusCode::UNSUPPORTED_MEDIA_TYPE => ("unsupported-media-type", "error-unsupported-media-type"),
        _ => ("internal", "error-internal"),
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        if let AppError::Internal(error) = &self {
            // The chain is logged once, here; the response never shows it.
            tracing::error!(error = format!("{error:#}"), "request failed");
        }
        let report = self.report();
        let mut headers = HeaderMap::new();
        if matches!(self, AppError::RateLimited) {
            headers.insert(header::RETRY_AFTER, HeaderValue::from_static("900"));
        }
        let mut response = (report.status, headers).into_response();
        response.extensions_mut().insert(report);
        response
    }
}
