//! The problem responses (RFC 9457) the OpenAPI document lists, one type per status, each
//! described once; an operation names those it can answer with, e.g.
//! `responses((status = 200, body = Organisation), Unauthorized, Forbidden, NotFound)`.

use utoipa::IntoResponses;

use super::render::Problem;

/// The request could not be read: malformed JSON, a query parameter outside its set of values.
#[derive(IntoResponses)]
#[response(status = 400, content_type = "application/problem+json")]
pub struct BadRequest(pub Problem);

/// Not signed in, or the API token is unknown or revoked.
#[derive(IntoResponses)]
#[response(status = 401, content_type = "application/problem+json")]
pub struct Unauthorized(pub Problem);

/// Signed in, but not allowed to do this.
#[derive(IntoResponses)]
#[response(status = 403, content_type = "application/problem+json")]
pub struct Forbidden(pub Problem);

/// No such tenant, or nothing by that name or id in it.
#[derive(IntoResponses)]
#[response(status = 404, content_type = "application/problem+json")]
pub struct NotFound(pub Problem);

/// The change conflicts with what is saved now: an edit based on a replaced `version`, a closed
/// call, or a state that does not allow it. Nothing was changed.
#[derive(IntoResponses)]
#[response(status = 409, content_type = "application/problem+json")]
pub struct Conflict(pub Problem);

/// The fields have problems; `errors` lists each one with its code and message. Nothing was saved.
#[derive(IntoResponses)]
#[response(status = 422, content_type = "application/problem+json")]
pub struct Unprocessable(pub Problem);
