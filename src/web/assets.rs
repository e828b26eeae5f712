//! Static files, embedded in the binary. Pages link them by a name that carries a hash of the
//! content (`app.1a2b3c4d.css`), so browsers may keep them for a year; a new build gets new names.

use std::collections::HashMap;
use std::sync::OnceLock;

use axum::extract::Path;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use rust_embed::RustEmbed;

#[derive(RustEmbed)]
#[folder = "static/"]
#[exclude = "*.scss"]
#[exclude = "*/README.md"]
struct StaticFiles;

/// Versioned name → real path, and real path → versioned URL.
struct Manifest {
    by_versioned: HashMap<String, String>,
    url_of: HashMap<String, String>,
}

fn manifest() -> &'static Manifest {
    static MANIFEST: OnceLock<Manifest> = OnceLock::new();
    MANIFEST.get_or_init(|| {
        let mut by_versioned = HashMap::new();
        let mut url_of = HashMap::new();
        for path in StaticFiles::iter() {
            let Some(file) = StaticFiles::get(&path) else {
                continue;
            };
            let hash = hex::encode(&file.metadata.sha256_hash()[..4]);
            let versioned = match path.rsplit_once('.') {
                Some((stem, ext)) if !stem.ends_with('/') => format!("{stem}.{hash}.{ext}"),
                _ => format!("{path}.{hash}"),
            };
            url_of.insert(path.to_string(), format!("/static/{versioned}"));
            by_versioned.insert(versioned, path.to_string());
        }
        Manifest { by_versioned, url_of }
    })
}

/// The cache-busting URL of a static file, e.g. `asset_url("css/app.css")`.
pub fn asset_url(path: &str) -> String {
    manifest().url_of.get(path).cloned().unwrap_or_else(|| format!("/static/{path}"))
}

/// Serves `/static/{*path}`: versioned names are immutable; plain names (module imports) revalidate.
pub async fn serve_static(Path(path): Path<String>) -> Response {
    let (real, immutable) = match manifest().by_versioned.get(&path) {
        Some(real) => (real.clone(), true),
        None => (path, false),
    };
    let Some(file) = StaticFiles::get(&real) else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let cache = if immutable { "public, max-age=31536000, immutable" } else { "public, max-age=300" };
    let mime =
        HeaderValue::from_str(file.metadata.mimetype()).unwrap_or(HeaderValue::from_static("application/octet-stream"));
    ([(header::CONTENT_TYPE, mime), (header::CACHE_CONTROL, HeaderValue::from_static(cache))], file.data.into_owned())
        .into_response()
}
