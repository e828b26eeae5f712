//! Downloading an attachment.

use axum::extract::State;
use axum::http::header;
use axum::response::{IntoResponse, Response};

use crate::error::AppError;
use crate::ids::{AttachmentId, SubmissionId};
use crate::state::AppState;
use crate::submissions::service::{self, Download};
use crate::tenancy::access::Access;
use crate::web::download::content_disposition;
use crate::web::extract::Path;

pub(super) async fn download(
    State(state): State<AppState>,
    access: Access,
    Path((_, id, attachment)): Path<(String, SubmissionId, AttachmentId)>,
) -> Result<Download, AppError> {
    service::download(&state.pool, &state.files, &access, id, attachment).await
}

/// Always a download, never shown inline (`Content-Disposition: attachment`, so a browser never
/// renders an upload in the site's origin): the type found at upload, the name as RFC 6266 asks,
/// and nothing kept by caches between people.
impl IntoResponse for Download {
    fn into_response(self) -> Response {
        (
            [
                (header::CONTENT_TYPE, self.content_type),
                (header::CONTENT_DISPOSITION, content_disposition(&self.filename)),
                (header::CONTENT_LENGTH, self.size_bytes.to_string()),
                (header::CACHE_CONTROL, "private, no-store".to_string()),
            ],
            axum::body::Body::from_stream(self.bytes),
        )
            .into_response()
    }
}
