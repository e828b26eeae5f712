//! Matching selected challenges with selected solution providers (issue 14). So far the pure
//! parts the capability is built on: `affinity` (how well a provider fits a challenge, with its
//! explanation), `solver` (the exact matching under k, c, exclusions and locks) and `run` (a run
//! as a record: canonical inputs and their hash, the outcome, re-running, comparing two runs).
//! Storing runs, the staff workflow, the pages and the API build on them.

pub mod affinity;
pub mod run;
pub mod solver;
