//! Pages that combine capabilities (the front page, a tenant's home, a programme's page, and the
//! signed-in person's summary in the API). This room sits above every capability and calls only
//! their services; no capability imports it.

pub mod api;
pub mod routes;
