//! Tenant pages, one file per page family: organisations and their members, the tenant's people
//! and role invitations, accepting an invitation, and the staff's outbox and audit log.

mod admin;
mod invitations;
mod organisations;
mod people;

use axum::Router;
use axum::routing::{get, post};

use crate::state::AppState;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/t/{tenant}/organisations", get(organisations::list))
        .route("/t/{tenant}/organisations/new", get(organisations::new_page).post(organisations::register))
        .route("/t/{tenant}/organisations/{id}", get(organisations::page).post(organisations::update))
        .route("/t/{tenant}/organisations/{id}/members", get(organisations::members_page))
        .route("/t/{tenant}/organisations/{id}/invitations", post(organisations::invite_member))
        .route("/t/{tenant}/organisations/{id}/invitations/{invitation}/revoke", post(organisations::revoke_invitation))
        .route("/t/{tenant}/admin/people", get(people::page))
        .route("/t/{tenant}/admin/invitations", post(people::invite))
        .route("/t/{tenant}/admin/invitations/{invitation}/revoke", post(people::revoke_invitation))
        .route("/t/{tenant}/admin/people/{user}/role", post(people::change_role))
        .route("/t/{tenant}/admin/people/{user}/remove", post(people::remove))
        .route("/t/{tenant}/admin/outbox", get(admin::outbox_page))
        .route("/t/{tenant}/admin/audit", get(admin::audit_page))
        .route("/t/{tenant}/invitations/{token}", get(invitations::page))
        .route("/t/{tenant}/invitations/{token}/accept", post(invitations::accept))
        .route("/t/{tenant}/invitations/{token}/signup", post(invitations::accept_with_sign_up))
}
