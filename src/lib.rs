//! Sweetspot: a multi-tenant platform for government-to-government innovation incubators.
//! See `docs/ARCHITECTURE.md` for the map.

pub mod accounts;
pub mod app;
pub mod audit;
pub mod calls;
pub mod config;
pub mod db;
pub mod demo;
pub mod i18n;
pub mod ids;
pub mod notify;
pub mod programmes;
pub mod submissions;
pub mod tenancy;
pub mod web;

pub use app::{AppState, Application, router};
