//! Integration tests over HTTP against a real PostgreSQL: one binary, one module per area.

mod helpers;

mod accounts;
mod api;
mod platform;
mod tenancy;
