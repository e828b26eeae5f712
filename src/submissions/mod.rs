//! Submissions to calls: drafts that an organisation's members edit together, submitting,
//! withdrawing, every saved version, attachments, and the staff list with its export.

pub mod api;
pub mod attachments;
pub mod domain;
pub mod export;
pub mod list;
pub mod routes;
pub mod seed;
pub mod service;
mod store;
