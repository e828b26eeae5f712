//! SQL for submissions, their answers, themes, offers, versions and attachments, by concern.
//! Every function takes a `TenantTx` and filters by its tenant. Private to `submissions`: everyone else asks `service.rs`.

mod attachments;
mod content;
mod list;
mod submission;

pub use attachments::*;
pub use content::*;
pub use list::*;
pub use submission::*;
