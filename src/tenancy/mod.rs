//! Tenancy: tenants (host organisations), roles within them, government organisations and their
//! members, invitations, who is asking (`access.rs`) and the policy that decides what they may do.

pub mod access;
pub mod api;
pub mod domain;
pub mod policy;
pub mod routes;
pub mod seed;
pub mod service;
mod store;
