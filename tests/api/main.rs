//! Integration tests over HTTP against a real PostgreSQL: one binary, one module per area.

mod actors;
mod helpers;

mod accounts;
mod advisory;
mod api;
mod attachments;
mod calls;
mod data;
mod i18n;
mod isolation;
mod matching;
mod notify;
mod pages;
mod platform;
mod programmes;
mod selection;
mod submissions;
mod tenancy;
mod walls;
