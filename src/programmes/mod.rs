//! Programme editions (e.g. "Innovation Incubator 2024"), their timeline of phases, and the
//! tenant's themes.

pub mod api;
pub mod domain;
pub mod routes;
pub mod seed;
pub mod service;
mod store;
