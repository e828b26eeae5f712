//! Shared web plumbing: the error type and its rendering, extractors, CSRF, security headers,
//! the page context every template gets, static files and pagination.

pub mod assets;
pub mod cache;
pub mod csrf;
pub mod error;
pub mod extract;
pub mod markdown;
pub mod page;
pub mod pagination;
pub mod render;
pub mod security;

pub use error::{AppError, FieldErrors, Result};
