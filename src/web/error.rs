//! How each `AppError` reads over HTTP: its status, and the report that `render_errors` turns into
//! an HTML page or a problem document.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};

use crate::error::{AppError, FieldError};

/// What the renderer needs to know about an error, carried on the response as an extension.
#[derive(Clone, Debug)]
pub struct ErrorReport {
    pub status: StatusCode,
    /// Fluent key of the title; the detail key is `<title>-detail`.
    pub title_key: &'static str,
    pub detail_key: Option<&'static str>,
    pub field_errors: Vec<FieldError>,
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
        let (title_key, detail_key) = match self {
            AppError::Csrf => ("error-csrf", Some("error-csrf-detail")),
            AppError::Conflict(key) | AppError::Stale(key) => ("error-conflict", Some(*key)),
            AppError::BadRequest(key) => ("error-bad-request", Some(*key)),
            _ => (title_key_for(status), None),
        };
        let field_errors = match self {
            AppError::Validation(errors) => errors.0.clone(),
            _ => Vec::new(),
        };
        ErrorReport { status, title_key, detail_key, field_errors }
    }
}

/// The message key for a bare status (also used for errors raised outside handlers, e.g. 405).
pub fn title_key_for(status: StatusCode) -> &'static str {
    match status {
        StatusCode::NOT_FOUND => "error-not-found",
        StatusCode::UNAUTHORIZED => "error-unauthorized",
        StatusCode::FORBIDDEN => "error-forbidden",
        StatusCode::UNPROCESSABLE_ENTITY => "error-validation",
        StatusCode::CONFLICT => "error-conflict",
        StatusCode::BAD_REQUEST => "error-bad-request",
        StatusCode::PAYLOAD_TOO_LARGE => "error-too-large",
        StatusCode::TOO_MANY_REQUESTS => "error-rate-limited",
        StatusCode::SERVICE_UNAVAILABLE => "error-unavailable",
        StatusCode::METHOD_NOT_ALLOWED => "error-method-not-allowed",
        StatusCode::UNSUPPORTED_MEDIA_TYPE => "error-unsupported-media-type",
        _ => "error-internal",
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
