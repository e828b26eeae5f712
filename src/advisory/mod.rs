//! Comments with an audience: the advisory board, staff and the subject's teams discussing a
//! published match (later a challenge, a workspace, a cohort statement). Written once, in the
//! usual shape: `domain`, a private `store` that reads only the audiences the reader may,
//! `service`, the forms in `routes` (the thread itself is drawn on the subject's page) and
//! their JSON twin in `api`.

pub mod api;
pub mod domain;
pub mod routes;
pub mod seed;
pub mod service;
mod store;
