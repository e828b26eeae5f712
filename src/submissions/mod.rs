//! Submissions to calls: drafts that an organisation's members edit together, submitting,
//! withdrawing, every saved version, and staff lists.

pub mod api;
pub mod attachments;
pub mod domain;
pub mod export;
pub mod routes;
pub mod service;
pub mod store;
