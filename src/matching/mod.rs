//! Matching selected challenges with selected solution providers (issue 14). So far the two
//! pure parts the capability is built on: `affinity` (how well a provider fits a challenge, with
//! its explanation) and `solver` (the exact matching under k, c, exclusions and locks). Run
//! records, the staff workflow, the pages and the API build on them.

pub mod affinity;
pub mod solver;
