//! What a form's POST answers: after a change, a 303 to the next page with a one-time notice; a
//! refused form comes back with its errors (422) or, when someone saved first, with what is saved
//! now (409); anything else is the error page. Written once here for every form.

use askama::Template;
use axum::http::StatusCode;
use axum::response::Response;
use tower_sessions::Session;

use super::page::{redirect_with_notice, render_with_status};
use crate::error::{AppError, FieldErrors};

/// Why a form came back instead of being applied.
#[derive(Debug)]
pub enum Refused {
    /// Its fields have problems: show them beside what was typed.
    Invalid(FieldErrors),
    /// It was based on a version someone else has replaced: show what is saved now.
    Stale,
}

impl Refused {
    pub fn status(&self) -> StatusCode {
        match self {
            Refused::Invalid(_) => StatusCode::UNPROCESSABLE_ENTITY,
            Refused::Stale => StatusCode::CONFLICT,
        }
    }

    /// The field errors to show (none for a stale form, which shows a banner instead).
    pub fn errors(&self) -> FieldErrors {
        match self {
            Refused::Invalid(errors) => errors.clone(),
            Refused::Stale => FieldErrors::new(),
        }
    }

    pub fn is_stale(&self) -> bool {
        matches!(self, Refused::Stale)
    }
}

/// Where a successful POST goes: the next page, and the Fluent key of the notice shown there.
pub struct Done {
    pub to: String,
    pub notice: &'static str,
}

impl Done {
    pub fn to(to: impl Into<String>, notice: &'static str) -> Self {
        Self { to: to.into(), notice }
    }
}

/// The response to a form's POST, given what the service said: `done` names where a success goes,
/// `again` builds the form's page for a refusal (rendered with the refusal's status).
pub async fn after_post<T, P: Template>(
    result: Result<T, AppError>,
    session: &Session,
    done: impl FnOnce(T) -> Done,
    again: impl AsyncFnOnce(Refused) -> Result<P, AppError>,
) -> Result<Response, AppError> {
    let refused = match result {
        Ok(value) => {
            let Done { to, notice } = done(value);
            return redirect_with_notice(session, &to, notice).await;
        }
        Err(AppError::Validation(errors)) => Refused::Invalid(errors),
        Err(AppError::Stale(_)) => Refused::Stale,
        Err(other) => return Err(other),
    };
    let status = refused.status();
    render_with_status(status, &again(refused).await?)
}
