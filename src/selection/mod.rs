//! Selection: turning a call's submitted entries into the selected few, in a way staff can
//! defend. Eligibility screening, review rounds with a rubric, reviewers and their conflicts,
//! assignment, reviews, ranking, and decisions released to the teams.

pub mod api;
pub mod assignment;
pub mod assignment_api;
pub mod decision_api;
pub mod domain;
pub mod ranking;
pub mod ranking_api;
pub mod review_api;
pub mod routes;
pub mod seed;
pub mod service;
mod store;
