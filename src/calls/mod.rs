//! Calls — for challenges, for solutions, later the cohort application — with their opening and
//! closing times and the custom questions staff define and order.

pub mod api;
pub mod domain;
pub mod routes;
pub mod seed;
pub mod service;
mod store;
