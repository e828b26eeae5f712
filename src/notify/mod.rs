//! Notifications: every email is a row in the outbox, written in the transaction of the change
//! that caused it, and delivered by the worker when SMTP is configured.

pub mod emails;
pub mod outbox;
pub mod worker;

pub use outbox::{Email, enqueue};
