//! Extractors for input whose rejections become `AppError` (the signed-in person is in
//! `accounts/session.rs`, the tenant in the URL in `tenancy/access.rs`).

use axum::extract::rejection::{FormRejection, JsonRejection, PathRejection, QueryRejection};
use axum::extract::{FromRequest, FromRequestParts, Request};
use axum::http::request::Parts;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A URL-encoded form. Forms are read into structs of plain strings (`#[serde(default)]`), so a
/// missing field becomes a field error later, not a rejection here.
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = AppError;
    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        // Browsers send every line break of a textarea as CRLF (HTML's form submission); the
        // same text sent as JSON has LF. Read as LF, a limit in characters means the same
        // whichever way the text came, and what is stored does not depend on it.
        let (parts, body) = request.into_parts();
        let bytes = axum::body::Bytes::from_request(Request::from_parts(parts.clone(), body), state)
            .await
            .map_err(|_| AppError::PayloadTooLarge)?;
        let request = Request::from_parts(parts, axum::body::Body::from(lf_line_breaks(&bytes)));
        match axum::Form::<T>::from_request(request, state).await {
            Ok(axum::Form(value)) => Ok(Form(value)),
            Err(FormRejection::BytesRejection(_)) => Err(AppError::PayloadTooLarge),
            Err(FormRejection::InvalidFormContentType(_)) => Err(AppError::BadRequest("error-form-content-type")),
            Err(_) => Err(AppError::BadRequest("error-form-unreadable")),
        }
    }
}

/// A URL-encoded body with each encoded CRLF (`%0D%0A`, either case) as LF (`%0A`).
fn lf_line_breaks(body: &[u8]) -> Vec<u8> {
    let mut out = Vec::with_capacity(body.len());
    let mut i = 0;
    while i < body.len() {
        if body.len() - i >= 6 && body[i..i + 6].eq_ignore_ascii_case(b"%0D%0A") {
            out.extend_from_slice(b"%0A");
            i += 6;
        } else {
            out.push(body[i]);
            i += 1;
        }
    }
    out
}

/// A JSON body; unreadable JSON is a 400 or 422 problem document, never axum's plain text.
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = AppError;
    async fn from_request(request: Request, state: &S) -> Result<Self, AppError> {
        match axum::Json::<T>::from_request(request, state).await {
            Ok(axum::Json(value)) => Ok(Json(value)),
            Err(JsonRejection::BytesRejection(_)) => Err(AppError::PayloadTooLarge),
            Err(JsonRejection::MissingJsonContentType(_)) => Err(AppError::BadRequest("error-json-content-type")),
            Err(JsonRejection::JsonDataError(_)) => Err(AppError::BadRequest("error-json-shape")),
            Err(_) => Err(AppError::BadRequest("error-json-unreadable")),
        }
    }
}

/// Path parameters; an id that does not parse means there is no such page.
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(PathRejection::FailedToDeserializePathParams(_)) => Err(AppError::NotFound),
            Err(error) => Err(AppError::Internal(anyhow::anyhow!("path extraction: {error}"))),
        }
    }
}

/// Query parameters with our error shape.
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = AppError;
    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, AppError> {
        match axum::extract::Query::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Query(value)) => Ok(Query(value)),
            Err(QueryRejection::FailedToDeserializeQueryString(_)) => {
                Err(AppError::BadRequest("error-query-unreadable"))
            }
            Err(_) => Err(AppError::BadRequest("error-query-unreadable")),
        }
    }
}

/// The client's address as the socket reports it ("unknown" when served without connect info,
/// as in `oneshot` tests). Behind a proxy every client shares the proxy's address: throttling
/// per address then becomes per proxy, which errs on the safe side.
pub struct ClientIp(pub String);

impl<S: Send + Sync> FromRequestParts<S> for ClientIp {
    type Rejection = std::convert::Infallible;
    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, Self::Rejection> {
        let ip = parts
            .extensions
            .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
            .map(|info| info.0.ip().to_string())
            .unwrap_or_else(|| "unknown".into());
        Ok(ClientIp(ip))
    }
}

/// A `multipart/form-data` form: its text fields, and its files as (field, file name, bytes).
/// Each file is cut one byte past `max_file_bytes` as it streams in, so a check can report it as
/// too large without the server holding it whole; an empty file input sends no file.
pub struct MultipartForm {
    pub pairs: Vec<(String, String)>,
    pub files: Vec<(String, String, bytes::Bytes)>,
}

impl MultipartForm {
    pub async fn read(request: Request, max_file_bytes: usize) -> Result<Self, AppError> {
        let bad = |error: axum::extract::multipart::MultipartError| {
            if error.status() == axum::http::StatusCode::PAYLOAD_TOO_LARGE {
                AppError::PayloadTooLarge
            } else {
                AppError::BadRequest("error-form-multipart")
            }
        };
        let mut multipart = axum::extract::Multipart::from_request(request, &())
            .await
            .map_err(|_| AppError::BadRequest("error-form-multipart"))?;
        let mut form = MultipartForm { pairs: Vec::new(), files: Vec::new() };
        while let Some(mut field) = multipart.next_field().await.map_err(bad)? {
            let name = field.name().unwrap_or_default().to_string();
            let Some(filename) = field.file_name().map(str::to_string) else {
                form.pairs.push((name, field.text().await.map_err(bad)?));
                continue;
            };
            let mut buffer = bytes::BytesMut::new();
            while let Some(chunk) = field.chunk().await.map_err(bad)? {
                let room = (max_file_bytes + 1).saturating_sub(buffer.len());
                buffer.extend_from_slice(&chunk[..chunk.len().min(room)]);
            }
            // Browsers send an empty, nameless part for a file input left empty.
            if !(filename.is_empty() && buffer.is_empty()) {
                form.files.push((name, filename, buffer.freeze()));
            }
        }
        Ok(form)
    }
}

#[cfg(test)]
mod tests {
    use super::lf_line_breaks;

    #[test]
    fn encoded_crlf_becomes_lf_and_nothing_else_changes() {
        assert_eq!(lf_line_breaks(b"body=a%0D%0Ab%0d%0ac"), b"body=a%0Ab%0Ac");
        assert_eq!(lf_line_breaks(b"a=%0D&b=%0A&c=%0D%0"), b"a=%0D&b=%0A&c=%0D%0");
        assert_eq!(lf_line_breaks(b""), b"");
    }
}
