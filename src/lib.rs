//! Sweetspot: a multi-tenant platform for government-to-government innovation incubators.
//! See `docs/ARCHITECTURE.md` for the map.

pub mod accounts;
pub mod advisory;
pub mod app;
pub mod audit;
pub mod calls;
pub mod config;
pub mod db;
pub mod demo;
pub mod error;
pub mod files;
pub mod home;
pub mod i18n;
pub mod ids;
pub mod matching;
pub mod notify;
pub mod programmes;
pub mod request_schema;
pub mod selection;
pub mod spreadsheet;
pub mod state;
pub mod submissions;
pub mod tenancy;
pub mod text_enum;
pub mod web;

pub use app::{Application, router};
pub use state::AppState;

/// Makes ring the TLS provider of the process. reqwest (S3 storage, and the tests' HTTP client)
/// is built without a bundled provider so that aws-lc never enters the tree; calling this twice
/// is harmless.
pub fn install_crypto_provider() {
    let _ = rustls::crypto::ring::default_provider().install_default();
}
