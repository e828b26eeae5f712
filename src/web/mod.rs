//! Shared web plumbing: how errors read over HTTP, input extractors, CSRF, security headers, the
//! page context every template gets, static files, the `?after=` parameter and the public cache.

pub mod assets;
pub mod cache;
pub mod csrf;
pub mod download;
pub mod error;
pub mod extract;
pub mod form;
pub mod markdown;
pub mod merge_patch;
pub mod ordering;
pub mod page;
pub mod pagination;
pub mod problems;
pub mod render;
pub mod route_table;
pub mod security;
