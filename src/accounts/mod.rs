//! Accounts: sign-up, email verification, sign-in with throttling, sign-out, password reset,
//! the profile, personal API tokens, and who is behind a request (`session.rs`).

pub mod domain;
pub mod routes;
pub mod secrets;
pub mod seed;
pub mod service;
pub mod session;
mod store;
