//! Accounts: sign-up, email verification, sign-in with throttling, sign-out, password reset,
//! the profile, and personal API tokens.

pub mod api;
pub mod domain;
pub mod routes;
pub mod secrets;
pub mod service;
pub mod store;
