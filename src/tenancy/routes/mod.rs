//! Tenant pages, one file per page family: organisations and their members, the tenant's people
//! and role invitations, accepting an invitation, and the staff's outbox and audit log.

mod admin;
mod invitations;
mod organisations;
mod people;

use crate::web::route_table::RouteTable;

pub fn routes() -> RouteTable {
    RouteTable::new()
        .get("/t/{tenant}/organisations", organisations::list)
        .get("/t/{tenant}/organisations/new", organisations::new_page)
        .post("/t/{tenant}/organisations/new", organisations::register)
        .get("/t/{tenant}/organisations/{id}", organisations::page)
        .post("/t/{tenant}/organisations/{id}", organisations::update)
        .get("/t/{tenant}/organisations/{id}/members", organisations::members_page)
        .post("/t/{tenant}/organisations/{id}/invitations", organisations::invite_member)
        .post("/t/{tenant}/organisations/{id}/invitations/{invitation}/revoke", organisations::revoke_invitation)
        .get("/t/{tenant}/admin/people", people::page)
        .post("/t/{tenant}/admin/invitations", people::invite)
        .post("/t/{tenant}/admin/invitations/{invitation}/revoke", people::revoke_invitation)
        .post("/t/{tenant}/admin/people/{user}/role", people::change_role)
        .post("/t/{tenant}/admin/people/{user}/remove", people::remove)
        .get("/t/{tenant}/admin/outbox", admin::outbox_page)
        .get("/t/{tenant}/admin/audit", admin::audit_page)
        .get("/t/{tenant}/invitations/{token}", invitations::page)
        .post("/t/{tenant}/invitations/{token}/accept", invitations::accept)
        .post("/t/{tenant}/invitations/{token}/signup", invitations::accept_with_sign_up)
}
