//! The one error type. Handlers return `Result<T, AppError>`; the `render_errors` middleware turns
//! the error into an HTML page or `application/problem+json` (RFC 9457) depending on the request.

use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use serde::Serialize;

pub type Result<T, E = AppError> = std::result::Result<T, E>;

/// One problem with one field of a submitted form or document. `code` is a Fluent message key.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, utoipa::ToSchema)]
pub struct FieldError {
    pub field: String,
    pub code: String,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[schema(value_type = Vec<Vec<String>>)]
    pub args: Vec<(String, String)>,
}

/// Problems with a form, in the order the fields appear.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct FieldErrors(pub Vec<FieldError>);

impl FieldErrors {
    pub fn new() -> Self {
        Self::default()
    }
    pub fn add(&mut self, field: &str, code: &str) {
        self.0.push(FieldError { field: field.into(), code: code.into(), args: Vec::new() });
    }
    pub fn add_with(&mut self, field: &str, code: &str, args: &[(&str, String)]) {
        let args = args.iter().map(|(k, v)| ((*k).to_string(), v.clone())).collect();
        self.0.push(FieldError { field: field.into(), code: code.into(), args });
    }
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    /// The first problem with `field`, for the message under that input.
    pub fn get(&self, field: &str) -> Option<&FieldError> {
        self.0.iter().find(|e| e.field == field)
    }
    pub fn has(&self, field: &str) -> bool {
        self.get(field).is_some()
    }
    /// Takes the value of a parse, recording its error under `field`.
    pub fn check<T>(&mut self, field: &str, result: std::result::Result<T, &'static str>) -> Option<T> {
        match result {
            Ok(value) => Some(value),
            Err(code) => {
                self.add(field, code);
                None
            }
        }
    }
    pub fn into_result(self) -> Result<()> {
        if self.is_empty() { Ok(()) } else { Err(AppError::Validation(self)) }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error("not found")]
    NotFound,
    #[error("not signed in")]
    Unauthorized,
    #[error("forbidden")]
    Forbidden,
    #[error("missing or wrong CSRF token")]
    Csrf,
    #[error("invalid input")]
    Validation(FieldErrors),
    /// The request was well-formed but conflicts with the current state; the key explains why.
    #[error("conflict: {0}")]
    Conflict(&'static str),
    #[error("bad request: {0}")]
    BadRequest(&'static str),
    #[error("request body too large")]
    PayloadTooLarge,
    #[error("rate limited")]
    RateLimited,
    #[error("service unavailable")]
    Unavailable,
    #[error(transparent)]
    Internal(#[from] anyhow::Error),
}

impl From<sqlx::Error> for AppError {
    fn from(error: sqlx::Error) -> Self {
        match error {
            sqlx::Error::RowNotFound => AppError::NotFound,
            sqlx::Error::PoolTimedOut => AppError::Unavailable,
            // Text PostgreSQL cannot store (a NUL character) is the caller's mistake, wherever a
            // form or a JSON body let it through.
            sqlx::Error::Database(db) if db.code().as_deref() == Some("22021") => {
                AppError::BadRequest("error-text-control-characters")
            }
            other => AppError::Internal(other.into()),
        }
    }
}

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
            AppError::Conflict(_) => StatusCode::CONFLICT,
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
            AppError::Conflict(key) => ("error-conflict", Some(*key)),
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
