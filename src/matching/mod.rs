//! Matching selected challenges with selected solution providers: the pure parts, `affinity`
//! (how well a provider fits a challenge, with its explanation), `solver` (the exact matching
//! under k, c, exclusions and locks) and `run` (a run as a record: canonical inputs and their
//! hash, the outcome, re-running, comparing two runs); then the capability in the usual shape:
//! `domain`, a private `store`, `service`, the pages in `routes` and their JSON twin in `api`.

pub mod affinity;
pub mod api;
pub mod domain;
pub mod routes;
pub mod run;
pub mod seed;
pub mod service;
pub mod solver;
mod store;
