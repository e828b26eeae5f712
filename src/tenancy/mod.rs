//! Tenancy: tenants (host organisations), roles within them, government organisations and their
//! members, invitations, and the policy that decides who may do what.

pub mod api;
pub mod domain;
pub mod policy;
pub mod routes;
pub mod service;
pub mod store;
