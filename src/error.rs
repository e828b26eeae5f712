//! The one error type, by meaning. Services, stores and the policy return it; `web/error.rs`
//! gives each kind its HTTP status, and the `render_errors` middleware turns it into an HTML page or
//! `application/problem+json` (RFC 9457) depending on the request.

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
    /// An edit based on a version that someone else has since replaced. Forms show what is saved
    /// now instead of applying the edit; the key explains it to programs.
    #[error("stale edit: {0}")]
    Stale(&'static str),
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

impl AppError {
    /// A refused form or document with one problem, at `field` (`code` is a Fluent key).
    pub fn invalid(field: &str, code: &str) -> Self {
        let mut errors = FieldErrors::new();
        errors.add(field, code);
        AppError::Validation(errors)
    }

    /// The same error with the problems at `form_field` named `json_field`, for a JSON body
    /// whose field a form calls otherwise.
    pub fn with_field_renamed(self, form_field: &str, json_field: &str) -> Self {
        match self {
            AppError::Validation(mut errors) => {
                for error in errors.0.iter_mut().filter(|e| e.field == form_field) {
                    error.field = json_field.to_string();
                }
                AppError::Validation(errors)
            }
            other => other,
        }
    }
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
