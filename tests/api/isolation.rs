//! The isolation matrix: every route the application serves (from `sweetspot::app::routes()`,
//! the table the router is built from and the OpenAPI document), requested by every kind of
//! person, with the status the policy gives each, and no foreign data in any answer.
//!
//! Data of the other organisation and the other tenant carry unique markers (`marker-a-…`,
//! `marker-b-…`, `marker-t2-…` in titles, names and email addresses); each person has the markers
//! they must never see. A route without an entry in `MATRIX` fails the test, so a new route
//! cannot be added without saying who may reach it. Later capabilities extend the table.
//!
//! `ISOLATION_PRINT=1 cargo test --test api isolation -- --nocapture` prints the statuses as
//! observed, in the table's format, to review a new route's line before adding it.

use std::collections::BTreeMap;

use reqwest::{Method, Response, StatusCode};
use sweetspot::tenancy::domain::TenantRole;

use crate::actors::{NewQuestion, Staff, Team};
use crate::helpers::{TestApp, spawn_app};

/// The kinds of person, in the order each route is requested: the least entitled first, so that
/// a refused request never meets state an allowed one changed.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
enum Who {
    Anonymous,
    /// Staff of another tenant (`agency`).
    ForeignStaff,
    /// An advisor of another tenant (`agency`).
    ForeignAdvisor,
    /// A reviewer of the round, assigned the entry (`marker-a`) in a blind round.
    Reviewer,
    /// A reviewer of the round who declared a conflict of interest with the entry.
    ConflictedReviewer,
    Advisor,
    /// A member of another organisation of the same tenant (`marker-b`), and a team of another
    /// match ("Second Lab"'s).
    OtherMember,
    /// A member of the organisation that owns the submission (`marker-a`), and a team of the
    /// match ("Match Lab"'s).
    Member,
    Staff,
}

const EVERYONE: [Who; 9] = [
    Who::Anonymous,
    Who::ForeignStaff,
    Who::ForeignAdvisor,
    Who::Reviewer,
    Who::ConflictedReviewer,
    Who::Advisor,
    Who::OtherMember,
    Who::Member,
    Who::Staff,
];

impl Who {
    /// Markers this person must never be shown. `marker-m-` is the shared comment on the match,
    /// for its teams, the board and staff; `marker-i-` the internal one, for the board and staff.
    fn forbidden(self) -> &'static [&'static str] {
        match self {
            // Another tenant's staff and advisors: nothing private of opsi (drafts,
            // organisations, people, comments).
            Who::ForeignStaff | Who::ForeignAdvisor => &["marker-a-", "marker-b-", "marker-m-", "marker-i-"],
            Who::Member => &["marker-b-", "marker-t2-", "marker-i-"],
            Who::OtherMember => &["marker-a-", "marker-t2-", "marker-m-", "marker-i-"],
            Who::Staff => &["marker-t2-"],
            // The entry's title and summary are what its assigned reviewer reads; in a blind round
            // never its organisation, its people or their addresses.
            Who::Reviewer => &[
                "marker-a-org",
                "marker-a-person",
                "marker-a-ana",
                "marker-a-invitee",
                "marker-b-",
                "marker-t2-",
                "marker-m-",
                "marker-i-",
            ],
            // A conflicted reviewer may see the title of the entry in the round's list (that is
            // where conflicts are declared), never its summary, content, people or scores.
            Who::ConflictedReviewer => &[
                "marker-a-org",
                "marker-a-person",
                "marker-a-ana",
                "marker-a-invitee",
                "marker-a-summary",
                "marker-b-",
                "marker-t2-",
                "marker-m-",
                "marker-i-",
            ],
            Who::Anonymous => &["marker-a-", "marker-b-", "marker-t2-", "marker-m-", "marker-i-"],
            Who::Advisor => &["marker-a-", "marker-b-", "marker-t2-"],
        }
    }
}

/// Expected statuses per route, in the order of `EVERYONE`: anonymous, another tenant's staff,
/// another tenant's advisor, reviewer (assigned the entry), reviewer with a conflict of
/// interest, advisor, member of another organisation (a team of another match), member of the
/// owning organisation (a team of the match), staff.
/// Requests carry no useful body (an empty form with its CSRF token, `{}` for JSON), so a write
/// someone may make answers 400 or 422 rather than changing anything, except where noted.
#[rustfmt::skip]
const MATRIX: &[(&str, &str, [u16; 9])] = &[
    ("GET", "/", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/openapi.json", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/me", [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/t/{tenant}/invitations", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/api/v1/t/{tenant}/invitations", [401, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("GET", "/api/v1/t/{tenant}/organisations", [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/t/{tenant}/organisations", [401, 422, 422, 422, 422, 422, 422, 422, 422]),
    ("GET", "/api/v1/t/{tenant}/organisations/{id}", [401, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("PATCH", "/api/v1/t/{tenant}/organisations/{id}", [401, 403, 403, 403, 403, 403, 403, 422, 403]),
    ("GET", "/api/v1/t/{tenant}/organisations/{id}/invitations", [401, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("POST", "/api/v1/t/{tenant}/organisations/{id}/invitations", [401, 403, 403, 403, 403, 403, 403, 422, 403]),
    ("GET", "/api/v1/t/{tenant}/organisations/{id}/members", [401, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("GET", "/api/v1/t/{tenant}/programmes", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/t/{tenant}/programmes", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("GET", "/api/v1/t/{tenant}/programmes/{programme}", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("PATCH", "/api/v1/t/{tenant}/programmes/{programme}", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("GET", "/api/v1/t/{tenant}/programmes/{programme}/calls", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/t/{tenant}/programmes/{programme}/calls", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("GET", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("PATCH", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("POST", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/questions", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("DELETE", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/questions/{question}", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("PATCH", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/questions/{question}", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/questions/{question}/move", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/submissions", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/submissions", [401, 403, 403, 403, 403, 403, 403, 201, 403]),
    ("GET", "/api/v1/t/{tenant}/submissions/{id}", [401, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("PATCH", "/api/v1/t/{tenant}/submissions/{id}", [401, 403, 403, 403, 403, 403, 403, 409, 403]),
    ("GET", "/api/v1/t/{tenant}/submissions/{id}/attachments/{attachment}", [401, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("POST", "/api/v1/t/{tenant}/submissions/{id}/submit", [401, 403, 403, 403, 403, 403, 403, 409, 403]),
    ("POST", "/api/v1/t/{tenant}/submissions/{id}/withdraw", [401, 403, 403, 403, 403, 403, 403, 409, 403]),
    ("POST", "/api/v1/t/{tenant}/submissions/{id}/reopen", [401, 403, 403, 403, 403, 403, 403, 409, 403]),
    ("GET", "/api/v1/t/{tenant}/themes", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/t/{tenant}/themes", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("PATCH", "/api/v1/t/{tenant}/themes/{theme}", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/healthz", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/login", [200, 303, 303, 303, 303, 303, 303, 303, 303]),
    ("POST", "/login", [422, 422, 422, 422, 422, 422, 422, 422, 422]),
    ("POST", "/logout", [303, 303, 303, 303, 303, 303, 303, 303, 303]),
    ("GET", "/password/forgot", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/password/forgot", [422, 422, 422, 422, 422, 422, 422, 422, 422]),
    ("GET", "/password/reset/{token}", [410, 410, 410, 410, 410, 410, 410, 410, 410]),
    ("POST", "/password/reset/{token}", [410, 410, 410, 410, 410, 410, 410, 410, 410]),
    ("GET", "/profile", [303, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/profile", [401, 422, 422, 422, 422, 422, 422, 422, 422]),
    ("POST", "/profile/comment-emails", [401, 422, 422, 422, 422, 422, 422, 422, 422]),
    ("POST", "/profile/tokens", [401, 422, 422, 422, 422, 422, 422, 422, 422]),
    ("POST", "/profile/tokens/{id}/revoke", [401, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("GET", "/readyz", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/signup", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/signup", [422, 422, 422, 422, 422, 422, 422, 422, 422]),
    ("GET", "/static/{*path}", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/t/{tenant}", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/t/{tenant}/admin/audit", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/t/{tenant}/admin/invitations", [401, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("POST", "/t/{tenant}/admin/invitations/{invitation}/revoke", [401, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("GET", "/t/{tenant}/admin/outbox", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/admin/people", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/t/{tenant}/admin/people/{user}/remove", [401, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("POST", "/t/{tenant}/admin/people/{user}/role", [401, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("GET", "/t/{tenant}/admin/themes", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/t/{tenant}/admin/themes", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/admin/themes/{theme}/archive", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("POST", "/t/{tenant}/admin/themes/{theme}/restore", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("GET", "/t/{tenant}/invitations/{token}", [404, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("POST", "/t/{tenant}/invitations/{token}/accept", [401, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("POST", "/t/{tenant}/invitations/{token}/signup", [404, 303, 303, 303, 303, 303, 303, 303, 303]),
    ("GET", "/t/{tenant}/organisations", [303, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/t/{tenant}/organisations/new", [303, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/t/{tenant}/organisations/new", [401, 422, 422, 422, 422, 422, 422, 422, 422]),
    ("GET", "/t/{tenant}/organisations/{id}", [303, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("POST", "/t/{tenant}/organisations/{id}", [401, 403, 403, 403, 403, 403, 403, 422, 403]),
    ("POST", "/t/{tenant}/organisations/{id}/invitations", [401, 403, 403, 403, 403, 403, 403, 422, 403]),
    ("POST", "/t/{tenant}/organisations/{id}/invitations/{invitation}/revoke", [401, 403, 403, 403, 403, 403, 403, 404, 403]),
    ("GET", "/t/{tenant}/organisations/{id}/members", [303, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("GET", "/t/{tenant}/p/{programme}", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/t/{tenant}/p/{programme}/c/{call}", [200, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/t/{tenant}/p/{programme}/c/{call}/apply", [303, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/apply", [401, 403, 403, 403, 403, 403, 403, 303, 403]),
    ("GET", "/t/{tenant}/p/{programme}/c/{call}/edit", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/edit", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/extend", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("GET", "/t/{tenant}/p/{programme}/c/{call}/questions", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/questions", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("GET", "/t/{tenant}/p/{programme}/c/{call}/questions/{question}", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/questions/{question}", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/questions/{question}/delete", [401, 403, 403, 403, 403, 403, 403, 403, 404]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/questions/{question}/down", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/questions/{question}/up", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("GET", "/t/{tenant}/p/{programme}/c/{call}/submissions", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/p/{programme}/c/{call}/submissions.csv", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/p/{programme}/calls/new", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/t/{tenant}/p/{programme}/calls/new", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("GET", "/t/{tenant}/p/{programme}/edit", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/t/{tenant}/p/{programme}/edit", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("GET", "/t/{tenant}/programmes/new", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/t/{tenant}/programmes/new", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("GET", "/t/{tenant}/submissions/{id}", [303, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("GET", "/t/{tenant}/submissions/{id}/attachments/{attachment}", [303, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("GET", "/t/{tenant}/submissions/{id}/history", [303, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("GET", "/t/{tenant}/submissions/{id}/history/{version}", [303, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("GET", "/t/{tenant}/submissions/{id}/parts/{part}", [303, 403, 403, 403, 403, 403, 403, 200, 403]),
    ("POST", "/t/{tenant}/submissions/{id}/parts/{part}", [401, 403, 403, 403, 403, 403, 403, 409, 403]),
    ("POST", "/t/{tenant}/submissions/{id}/parts/{part}/files", [401, 403, 403, 403, 403, 403, 403, 400, 403]),
    // The address a refused upload's page shows: it only leads to the part's page.
    ("GET", "/t/{tenant}/submissions/{id}/parts/{part}/files", [303, 303, 303, 303, 303, 303, 303, 303, 303]),
    ("GET", "/t/{tenant}/submissions/{id}/review", [303, 403, 403, 403, 403, 403, 403, 200, 403]),
    ("POST", "/t/{tenant}/submissions/{id}/review", [401, 403, 403, 403, 403, 403, 403, 303, 403]),
    ("POST", "/t/{tenant}/submissions/{id}/withdraw", [401, 403, 403, 403, 403, 403, 403, 303, 403]),
    ("GET", "/t/{tenant}/submissions/{id}/withdraw", [303, 403, 403, 403, 403, 403, 403, 303, 403]),
    ("POST", "/t/{tenant}/submissions/{id}/reopen", [401, 403, 403, 403, 403, 403, 403, 303, 403]),
    ("POST", "/verify-email/resend", [401, 303, 303, 303, 303, 303, 303, 303, 303]),
    // Signed in and confirmed, an old link is no dead end: on with a notice.
    ("GET", "/verify-email/{token}", [410, 303, 303, 303, 303, 303, 303, 303, 303]),
    ("GET", "/api/v1/me/tokens", [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/t/{tenant}/me/submissions", [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/submissions/export", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/programmes/{programme}/selected-challenges", [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("POST", "/api/v1/me/tokens", [401, 422, 422, 422, 422, 422, 422, 422, 422]),
    ("POST", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/extend", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("DELETE", "/api/v1/me/tokens/{id}", [401, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("GET", "/api/v1/t/{tenant}/people", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("PATCH", "/api/v1/me", [401, 409, 409, 409, 409, 409, 409, 409, 409]),
    ("PATCH", "/api/v1/t/{tenant}/people/{user}", [401, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("POST", "/api/v1/t/{tenant}/submissions/{id}/attachments", [401, 403, 403, 403, 403, 403, 403, 400, 403]),
    ("DELETE", "/api/v1/t/{tenant}/invitations/{invitation}", [401, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("DELETE", "/api/v1/t/{tenant}/organisations/{id}/invitations/{invitation}", [401, 403, 403, 403, 403, 403, 403, 204, 403]),
    ("DELETE", "/api/v1/t/{tenant}/people/{user}", [401, 403, 403, 403, 403, 403, 403, 403, 403]),
    // Selection. Staff manage screening, rounds, rubrics and assignments. The world's entry is
    // in a blind round, assigned to the reviewer (who reads it without its organisation) and
    // conflicted for the other reviewer (403 on everything of it). Staff are not reviewers of
    // the round, so its preferences and reviews are not theirs (403). Lines run in order: the
    // API's deletes take the entry and reviewer out before the pages' lines, which then find
    // nothing (404).
    ("GET", "/api/v1/t/{tenant}/me/rounds", [401, 403, 403, 200, 200, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/rounds", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/screening", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/rounds/{round}", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/rounds/{round}/assigned", [401, 403, 403, 200, 200, 403, 403, 403, 403]),
    ("GET", "/api/v1/t/{tenant}/rounds/{round}/entries", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/rounds/{round}/preferences", [401, 403, 403, 200, 200, 403, 403, 403, 403]),
    ("GET", "/api/v1/t/{tenant}/rounds/{round}/reviewers", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/rounds/{round}/reviews/{submission}", [401, 403, 403, 200, 403, 403, 403, 403, 403]),
    ("GET", "/api/v1/t/{tenant}/submissions/{id}/screening", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/p/{programme}/c/{call}/rounds/new", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/p/{programme}/c/{call}/selection", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/reviews", [303, 403, 403, 200, 200, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/rounds/{round}", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/rounds/{round}/assigned", [303, 403, 403, 200, 200, 403, 403, 403, 403]),
    ("GET", "/t/{tenant}/rounds/{round}/assignments", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/rounds/{round}/criteria/{criterion}", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/rounds/{round}/edit", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/rounds/{round}/entries/{submission}", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/rounds/{round}/preferences", [303, 403, 403, 200, 200, 403, 403, 403, 403]),
    ("GET", "/t/{tenant}/rounds/{round}/reviews/{submission}", [303, 403, 403, 200, 403, 403, 403, 403, 403]),
    ("GET", "/t/{tenant}/rounds/{round}/reviews/{submission}/attachments/{attachment}", [303, 403, 403, 200, 403, 403, 403, 403, 403]),
    ("GET", "/t/{tenant}/submissions/{id}/screening", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("PATCH", "/api/v1/t/{tenant}/rounds/{round}", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("PATCH", "/api/v1/t/{tenant}/rounds/{round}/criteria/{criterion}", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/rounds", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/api/v1/t/{tenant}/rounds/{round}/assignments", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/api/v1/t/{tenant}/rounds/{round}/assignments/automatic", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/api/v1/t/{tenant}/rounds/{round}/criteria", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/api/v1/t/{tenant}/rounds/{round}/criteria/{criterion}/move", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/api/v1/t/{tenant}/rounds/{round}/entries", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/api/v1/t/{tenant}/rounds/{round}/reminders", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/api/v1/t/{tenant}/rounds/{round}/reviewers", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/rounds/new", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/selection/reasons", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("POST", "/t/{tenant}/rounds/{round}/assignments/automatic", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("POST", "/t/{tenant}/rounds/{round}/criteria", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/rounds/{round}/criteria/{criterion}", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/rounds/{round}/criteria/{criterion}/down", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("POST", "/t/{tenant}/rounds/{round}/criteria/{criterion}/up", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("POST", "/t/{tenant}/rounds/{round}/edit", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/rounds/{round}/entries", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("POST", "/t/{tenant}/rounds/{round}/entries/{submission}/assign", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/rounds/{round}/entries/{submission}/conflicts", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/rounds/{round}/entries/{submission}/unassign/{user}", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("POST", "/t/{tenant}/rounds/{round}/preferences", [401, 403, 403, 303, 303, 403, 403, 403, 403]),
    ("POST", "/t/{tenant}/rounds/{round}/remind", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("POST", "/t/{tenant}/rounds/{round}/reviewers", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/rounds/{round}/reviews/{submission}", [401, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("POST", "/t/{tenant}/submissions/{id}/screening", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("PUT", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/screening", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("PUT", "/api/v1/t/{tenant}/rounds/{round}/conflicts/{submission}/{user}", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("PUT", "/api/v1/t/{tenant}/rounds/{round}/preferences", [401, 403, 403, 204, 204, 403, 403, 403, 403]),
    ("PUT", "/api/v1/t/{tenant}/rounds/{round}/reviews/{submission}", [401, 403, 403, 403, 403, 403, 403, 403, 403]),
    ("PUT", "/api/v1/t/{tenant}/submissions/{id}/screening", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("DELETE", "/api/v1/t/{tenant}/rounds/{round}/assignments/{submission}/{user}", [401, 403, 403, 403, 403, 403, 403, 403, 404]),
    ("DELETE", "/api/v1/t/{tenant}/rounds/{round}/conflicts/{submission}/{user}", [401, 403, 403, 403, 403, 403, 403, 403, 404]),
    ("DELETE", "/api/v1/t/{tenant}/rounds/{round}/criteria/{criterion}", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("DELETE", "/api/v1/t/{tenant}/rounds/{round}/entries/{submission}", [401, 403, 403, 403, 403, 403, 403, 403, 204]),
    ("DELETE", "/api/v1/t/{tenant}/rounds/{round}/reviewers/{user}", [401, 403, 403, 403, 403, 403, 403, 403, 204]),
    ("POST", "/t/{tenant}/rounds/{round}/criteria/{criterion}/delete", [401, 403, 403, 403, 403, 403, 403, 403, 404]),
    ("POST", "/t/{tenant}/rounds/{round}/entries/{submission}/conflicts/{user}/remove", [401, 403, 403, 403, 403, 403, 403, 403, 404]),
    ("POST", "/t/{tenant}/rounds/{round}/entries/{submission}/remove", [401, 403, 403, 403, 403, 403, 403, 403, 404]),
    ("POST", "/t/{tenant}/rounds/{round}/reviewers/{user}/remove", [401, 403, 403, 403, 403, 403, 403, 403, 404]),
    // Invitations to review in one round: staff write and withdraw them (none exists here: 404);
    // the join page asks the signed-out to sign in (200), shows the round's reviewers that they
    // are in it (200), and finds nothing for anyone else (404), so it tells a stranger nothing.
    ("GET", "/api/v1/t/{tenant}/rounds/{round}/invitations", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/rounds/{round}/join", [200, 404, 404, 200, 200, 404, 404, 404, 404]),
    ("POST", "/api/v1/t/{tenant}/rounds/{round}/invitations", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/api/v1/t/{tenant}/rounds/{round}/join", [401, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("POST", "/t/{tenant}/rounds/{round}/invitations", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/rounds/{round}/join", [401, 404, 404, 404, 404, 404, 404, 404, 404]),
    ("DELETE", "/api/v1/t/{tenant}/rounds/{round}/invitations/{invitation}", [401, 403, 403, 403, 403, 403, 403, 403, 404]),
    ("POST", "/t/{tenant}/rounds/{round}/invitations/{invitation}/revoke", [401, 403, 403, 403, 403, 403, 403, 403, 404]),
    // Results: staff only; a reviewer joins an entry's discussion once their review is in.
    ("GET", "/api/v1/t/{tenant}/rounds/{round}/entries/{submission}/comments", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/rounds/{round}/ranking", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/rounds/{round}/ranking/export", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/rounds/{round}/reviews/export", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/rounds/{round}/assignments/export", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/rounds/{round}/results/{submission}", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/rounds/{round}/ranking", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/rounds/{round}/ranking.csv", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/rounds/{round}/reviews.csv", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/rounds/{round}/assignments.csv", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/rounds/{round}/results/{submission}", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("POST", "/api/v1/t/{tenant}/rounds/{round}/entries/{submission}/comments", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/rounds/{round}/results/{submission}/comments", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/rounds/{round}/reviews/{submission}/comments", [401, 403, 403, 403, 403, 403, 403, 403, 403]),
    // Decisions: staff decide and release; the owning organisation's members read the released
    // outcome ("under review" before) and answer a selection (409: none awaited here).
    ("GET", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/decision-templates", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/decisions", [401, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/submissions/{id}/decision", [401, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("GET", "/t/{tenant}/p/{programme}/c/{call}/decisions", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/p/{programme}/c/{call}/decisions/release", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/p/{programme}/c/{call}/decisions/templates", [303, 403, 403, 403, 403, 403, 403, 403, 200]),
    ("GET", "/t/{tenant}/submissions/{id}/decision", [303, 403, 403, 403, 403, 403, 403, 200, 200]),
    ("POST", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/decisions", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/decisions/release", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("POST", "/api/v1/t/{tenant}/submissions/{id}/decision/confirm", [401, 403, 403, 403, 403, 403, 403, 409, 403]),
    ("POST", "/api/v1/t/{tenant}/submissions/{id}/decision/decline", [401, 403, 403, 403, 403, 403, 403, 409, 403]),
    ("POST", "/api/v1/t/{tenant}/submissions/{id}/decision/promote", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/decisions", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/decisions/release", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("POST", "/t/{tenant}/p/{programme}/c/{call}/decisions/templates/{outcome}", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/rounds/{round}/results/{submission}/shortlist", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("POST", "/t/{tenant}/rounds/{round}/results/{submission}/unshortlist", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("POST", "/t/{tenant}/submissions/{id}/decision", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/submissions/{id}/decision/confirm", [401, 403, 403, 403, 403, 403, 403, 409, 403]),
    // The page's decline asks for its box to be ticked (422) before it asks whether an answer is awaited.
    ("POST", "/t/{tenant}/submissions/{id}/decision/decline", [401, 403, 403, 403, 403, 403, 403, 422, 403]),
    ("POST", "/t/{tenant}/submissions/{id}/decision/promote", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("PUT", "/api/v1/t/{tenant}/programmes/{programme}/calls/{call}/decision-templates/{outcome}", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("PUT", "/api/v1/t/{tenant}/rounds/{round}/shortlist/{submission}", [401, 403, 403, 403, 403, 403, 403, 403, 204]),
    ("PUT", "/api/v1/t/{tenant}/submissions/{id}/decision", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("DELETE", "/api/v1/t/{tenant}/rounds/{round}/shortlist/{submission}", [401, 403, 403, 403, 403, 403, 403, 403, 404]),
    // Matching: staff run, rule, confirm and publish; advisors read every run and match; the
    // member (of "Match Lab", whose challenge is matched) reads that match and nothing of the
    // runs. The run is published: confirming or publishing it again is a conflict (409). An
    // empty body is a run with the default settings (201); a rule without its pair is refused.
    ("GET", "/api/v1/t/{tenant}/programmes/{programme}/matching", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
    ("POST", "/api/v1/t/{tenant}/programmes/{programme}/matching/runs", [401, 403, 403, 403, 403, 403, 403, 403, 201]),
    ("PUT", "/api/v1/t/{tenant}/programmes/{programme}/matching/rules", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("GET", "/api/v1/t/{tenant}/matching/runs/{run}", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/matching/runs/{run}/candidates", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/matching/runs/{run}/compare/{other}", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/matching/runs/{run}/compare/{other}/record", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/matching/runs/{run}/record", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
    ("GET", "/api/v1/t/{tenant}/matching/runs/{run}/inputs", [401, 403, 403, 403, 403, 200, 403, 403, 200]),
    ("POST", "/api/v1/t/{tenant}/matching/runs/{run}/rerun", [401, 403, 403, 403, 403, 403, 403, 403, 201]),
    ("POST", "/api/v1/t/{tenant}/matching/runs/{run}/confirm", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("POST", "/api/v1/t/{tenant}/matching/runs/{run}/publish", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("GET", "/api/v1/t/{tenant}/matches", [401, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/api/v1/t/{tenant}/matches/{match}", [401, 403, 403, 403, 403, 200, 403, 200, 200]),
    ("GET", "/t/{tenant}/p/{programme}/matching", [303, 403, 403, 403, 403, 200, 403, 403, 200]),
    ("POST", "/t/{tenant}/p/{programme}/matching/runs", [401, 403, 403, 403, 403, 403, 403, 403, 422]),
    ("POST", "/t/{tenant}/p/{programme}/matching/rules", [401, 403, 403, 403, 403, 403, 403, 403, 400]),
    ("GET", "/t/{tenant}/matching/runs/{run}", [303, 403, 403, 403, 403, 200, 403, 403, 200]),
    // Compared with the run before it: the first run has none (404).
    ("GET", "/t/{tenant}/matching/runs/{run}/compare", [303, 403, 403, 403, 403, 404, 403, 403, 404]),
    ("POST", "/t/{tenant}/matching/runs/{run}/rerun", [401, 403, 403, 403, 403, 403, 403, 403, 303]),
    ("POST", "/t/{tenant}/matching/runs/{run}/confirm", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("POST", "/t/{tenant}/matching/runs/{run}/publish", [401, 403, 403, 403, 403, 403, 403, 403, 409]),
    ("GET", "/t/{tenant}/matches", [303, 200, 200, 200, 200, 200, 200, 200, 200]),
    ("GET", "/t/{tenant}/matches/{match}", [303, 403, 403, 403, 403, 200, 403, 200, 200]),
    // The matched challenge (Match Lab's), read-only: the board, staff and its match's teams.
    ("GET", "/t/{tenant}/selected/{entry}", [303, 403, 403, 403, 403, 200, 403, 200, 200]),
    // Comments on the match: `Member` is a team of it and reads the shared comment; a comment
    // outside a person's reach is answered 404 as if it did not exist; only its author (staff
    // here) edits or deletes it, only staff hide it.
    ("GET", "/api/v1/t/{tenant}/threads/{kind}/{subject}", [401, 403, 403, 403, 403, 200, 403, 200, 200]),
    ("POST", "/api/v1/t/{tenant}/threads/{kind}/{subject}", [401, 403, 403, 403, 403, 422, 403, 422, 422]),
    ("GET", "/api/v1/t/{tenant}/comments/{id}", [401, 404, 404, 404, 404, 200, 404, 200, 200]),
    ("GET", "/api/v1/t/{tenant}/comments/{id}/history", [401, 404, 404, 404, 404, 200, 404, 200, 200]),
    ("PATCH", "/api/v1/t/{tenant}/comments/{id}", [401, 404, 404, 404, 404, 403, 404, 403, 422]),
    ("POST", "/api/v1/t/{tenant}/comments/{id}/hide", [401, 404, 404, 404, 404, 403, 404, 403, 422]),
    ("DELETE", "/api/v1/t/{tenant}/comments/{id}", [401, 404, 404, 404, 404, 403, 404, 403, 204]),
    ("POST", "/t/{tenant}/threads/{kind}/{subject}", [401, 403, 403, 403, 403, 422, 403, 422, 422]),
    ("GET", "/t/{tenant}/comments/{id}/history", [303, 404, 404, 404, 404, 200, 404, 200, 200]),
    ("GET", "/t/{tenant}/comments/{id}/edit", [303, 404, 404, 404, 404, 403, 404, 403, 200]),
    ("POST", "/t/{tenant}/comments/{id}/edit", [401, 404, 404, 404, 404, 403, 404, 403, 422]),
    ("GET", "/t/{tenant}/comments/{id}/delete", [303, 404, 404, 404, 404, 403, 404, 403, 200]),
    // Deleted by the API's DELETE, which runs before it.
    ("POST", "/t/{tenant}/comments/{id}/delete", [401, 404, 404, 404, 404, 403, 404, 403, 409]),
    ("GET", "/t/{tenant}/comments/{id}/hide", [303, 404, 404, 404, 404, 403, 404, 403, 200]),
    ("POST", "/t/{tenant}/comments/{id}/hide", [401, 404, 404, 404, 404, 403, 404, 403, 422]),
];

struct World {
    app: TestApp,
    people: Vec<(Who, TestApp)>,
    params: BTreeMap<&'static str, String>,
    email_of: BTreeMap<Who, &'static str>,
}

fn pdf() -> Vec<u8> {
    let mut bytes = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\n".to_vec();
    bytes.resize(400, b' ');
    bytes
}

async fn world() -> World {
    let app = spawn_app().await;
    let opsi = app.create_tenant("opsi").await;
    let agency = app.create_tenant("agency").await;
    let emails = [
        (Who::Staff, "staff@opsi.example", "Sam Staff", Some(TenantRole::Staff)),
        (Who::Reviewer, "reviewer@opsi.example", "Rita Reviewer", Some(TenantRole::Reviewer)),
        (Who::ConflictedReviewer, "conflicted@opsi.example", "Cory Conflicted", Some(TenantRole::Reviewer)),
        (Who::Advisor, "advisor@opsi.example", "Ade Advisor", Some(TenantRole::Advisor)),
        (Who::Member, "marker-a-ana@gov.example", "Ana marker-a-person", None),
        (Who::OtherMember, "marker-b-bo@gov.example", "Bo marker-b-person", None),
    ];
    let mut ids = BTreeMap::new();
    for (who, email, name, role) in emails {
        let id = app.create_user(email, name).await;
        if let Some(role) = role {
            app.grant(opsi, id, role).await;
        }
        ids.insert(who, id);
    }
    let org_a = app.create_organisation(opsi, "marker-a-org Digital Lab", "BR", ids[&Who::Member]).await;
    app.create_organisation(opsi, "marker-b-org Policy Lab", "FR", ids[&Who::OtherMember]).await;
    let foreign = app.create_user("marker-t2-staff@agency.example", "Fay marker-t2-person").await;
    app.grant(agency, foreign, TenantRole::Staff).await;
    let foreign_advisor = app.create_user("marker-t2-advisor@agency.example", "Al marker-t2-advisor").await;
    app.grant(agency, foreign_advisor, TenantRole::Advisor).await;
    let t2_member = app.create_user("marker-t2-member@agency.example", "Mo marker-t2-member").await;
    app.create_organisation(agency, "marker-t2-org Agency Lab", "CA", t2_member).await;

    let staff = Staff(app.new_browser());
    staff.log_in_ok("staff@opsi.example").await;
    staff.create_programme("opsi", "incubator", "Incubator 2024").await;
    let call = staff.open_call("opsi", "incubator", "challenge", "challenges", "Call for challenges").await;
    staff.add_question(&call, NewQuestion::new("The problem", "Who is affected?", "long_text")).await;
    staff.add_question(&call, NewQuestion { required: false, ..NewQuestion::new("Files", "Plan", "file") }).await;
    staff.add_theme("opsi", "Data").await;

    let member = Team(app.new_browser());
    member.log_in_ok("marker-a-ana@gov.example").await;
    let draft = member.start_application(&call, org_a).await;
    member.write_about(&draft, "marker-a-title Equitable participation", "marker-a-summary of the problem").await;
    assert_eq!(member.try_upload(&draft, "Plan", "plan.pdf", "application/pdf", pdf()).await.status(), 303);
    let invite = member
        .post_form(&format!("/t/opsi/organisations/{org_a}/invitations"), &[("email", "marker-a-invitee@gov.example")])
        .await;
    assert_eq!(invite.status(), StatusCode::SEE_OTHER, "an invitation to the organisation");

    let other = Team(app.new_browser());
    other.log_in_ok("marker-b-bo@gov.example").await;
    let org_b: uuid::Uuid = sqlx::query_scalar("select id from organisations where name like 'marker-b-%'")
        .fetch_one(&app.pool)
        .await
        .unwrap();
    let draft_b = other.start_application(&call, sweetspot::ids::OrganisationId(org_b)).await;
    other.write_about(&draft_b, "marker-b-title Open budgets", "marker-b-summary").await;

    // A review round with one criterion, for the selection routes.
    let round = staff
        .post_form(
            &format!("{}/rounds/new", call.path()),
            &[
                ("version", "0"),
                ("name", "Long list"),
                ("opens_at", "2024-02-01T09:00"),
                ("closes_at", "2099-02-15T18:00"),
                ("reviews_per_entry", "2"),
                ("blind", "yes"),
                ("disagreement_at", "25"),
                ("remind_hours_before", "48"),
            ],
        )
        .await;
    assert_eq!(round.status(), StatusCode::SEE_OTHER, "a round");
    let criterion = [
        ("name", "Relevance"),
        ("weight", "1"),
        ("scale_min", "1"),
        ("scale_max", "3"),
        ("anchors", "Low\nMiddle\nHigh"),
    ];
    let added = staff.post_form(&format!("{}/criteria", crate::helpers::location(&round)), &criterion).await;
    assert_eq!(added.status(), StatusCode::SEE_OTHER, "a criterion");
    // Rita and Cory review the round; the entry is in it (inserted as a fixture: a draft is
    // never screened), assigned to Rita, and Cory declared a conflict of interest with it.
    for who in [Who::Reviewer, Who::ConflictedReviewer] {
        let reviewer = staff
            .post_form(
                &format!("{}/reviewers", crate::helpers::location(&round)),
                &[("reviewer", &ids[&who].to_string())],
            )
            .await;
        assert_eq!(reviewer.status(), StatusCode::SEE_OTHER, "a reviewer");
    }
    sqlx::raw_sql(&format!(
        "insert into round_entries (tenant_id, round_id, submission_id)
           select tenant_id, id, '{entry}' from review_rounds;
         insert into review_assignments (tenant_id, round_id, submission_id, user_id, method)
           select tenant_id, id, '{entry}', '{rita}', 'manual' from review_rounds;
         insert into review_conflicts (tenant_id, round_id, submission_id, user_id, source, reason)
           select tenant_id, id, '{entry}', '{cory}', 'declared', 'Advised the team' from review_rounds;",
        entry = draft.id(),
        rita = ids[&Who::Reviewer],
        cory = ids[&Who::ConflictedReviewer],
    ))
    .execute(&app.pool)
    .await
    .expect("the entry in the round");

    // Matching: selected challenges of "Match Lab" (Ana is a member of it too) and of "Second
    // Lab" (Bo's), and two selected providers, matched one to each challenge by a run staff
    // published. Ana is a team of the first match, Bo of the second. No title carries a marker:
    // advisors read them all.
    staff.open_call("opsi", "incubator", "solution", "solutions", "Call for solutions").await;
    let match_lab = app.create_organisation(opsi, "Match Lab", "BR", ids[&Who::Member]).await;
    let second_lab = app.create_organisation(opsi, "Second Lab", "FR", ids[&Who::OtherMember]).await;
    let provider_person = app.create_user("provider@gov.example", "Pat Provider").await;
    let provider_lab = app.create_organisation(opsi, "Provider Lab", "CA", provider_person).await;
    let second_provider = app.create_organisation(opsi, "Second Provider Lab", "DE", provider_person).await;
    sqlx::raw_sql(&format!(
        "insert into submissions (tenant_id, id, call_id, organisation_id, status, title, summary, submitted_at, selected_at)
           select c.tenant_id, gen_random_uuid(), c.id, o.id, 'submitted', t.title, t.summary, now(), now()
             from calls c
             join (values ('challenges', '{match_lab}'::uuid, 'Open data for participation', 'Residents take part in budgets with open data.'),
                          ('challenges', '{second_lab}'::uuid, 'Faster permits', 'Building permits take a year.'),
                          ('solutions', '{provider_lab}'::uuid, 'Participatory budgets with open data', 'We opened budget data to residents.'),
                          ('solutions', '{second_provider}'::uuid, 'Permits in a week', 'We cut permit times with one counter.'))
                  as t (call, organisation, title, summary) on t.call = c.slug
             join organisations o on o.id = t.organisation;
         insert into decisions (tenant_id, submission_id, call_id, outcome, rationale, released_at, participation)
           select tenant_id, id, call_id, 'selected', 'Fits', now(), 'confirmed' from submissions where status = 'submitted';"
    ))
    .execute(&app.pool)
    .await
    .expect("a selected challenge and provider");
    let run = staff
        .send_json(Method::POST, "/api/v1/t/opsi/programmes/incubator/matching/runs", &serde_json::json!({ "k": 1 }))
        .await;
    assert_eq!(run.status(), StatusCode::CREATED, "a matching run");
    let run: serde_json::Value = run.json().await.unwrap();
    let run_id = run["run"]["id"].as_str().unwrap().to_string();
    for step in ["confirm", "publish"] {
        let done = staff
            .send_json(Method::POST, &format!("/api/v1/t/opsi/matching/runs/{run_id}/{step}"), &serde_json::json!({}))
            .await;
        assert!(done.status().is_success(), "{step}");
    }
    let match_lab_challenge = "select s.id from submissions s join organisations o on o.id = s.organisation_id
         where o.name = 'Match Lab'";
    let entry_id = one_id(&app, match_lab_challenge).await;
    let match_id = one_id(&app, &format!("select id from matches where challenge_id = ({match_lab_challenge})")).await;
    let matches: i64 = sqlx::query_scalar("select count(*) from matches").fetch_one(&app.pool).await.unwrap();
    assert_eq!(matches, 2, "a match for each challenge");
    let mut comment = serde_json::Value::Null;
    for (audience, body) in [("internal", "marker-i-internal note"), ("shared", "marker-m-shared comment")] {
        let posted = staff
            .send_json(
                Method::POST,
                &format!("/api/v1/t/opsi/threads/match/{match_id}"),
                &serde_json::json!({ "audience": audience, "body": body }),
            )
            .await;
        assert_eq!(posted.status(), StatusCode::CREATED, "a comment on the match");
        comment = posted.json().await.unwrap();
    }

    let foreign_staff = Staff(app.new_browser());
    foreign_staff.log_in_ok("marker-t2-staff@agency.example").await;
    foreign_staff.create_programme("agency", "t2", "marker-t2-programme").await;

    let one = |sql: &'static str| {
        let pool = app.pool.clone();
        async move { sqlx::query_scalar::<_, uuid::Uuid>(sql).fetch_one(&pool).await.unwrap().to_string() }
    };
    let mut params = BTreeMap::new();
    params.insert("tenant", "opsi".to_string());
    params.insert("programme", "incubator".to_string());
    params.insert("call", "challenges".to_string());
    params.insert("submission", draft.id().to_string());
    params.insert("organisation", org_a.to_string());
    params.insert("question", one("select id from call_questions where label = 'Who is affected?'").await);
    params.insert("theme", one("select id from themes where name = 'Data'").await);
    params.insert("invitation", one("select id from invitations").await);
    params.insert("attachment", one("select id from attachments").await);
    params.insert("round", one("select id from review_rounds").await);
    params.insert("outcome", "selected".to_string());
    params.insert("criterion", one("select id from round_criteria").await);
    params.insert("user", ids[&Who::Reviewer].to_string());
    params.insert("part", "1".to_string());
    params.insert("version", "1".to_string());
    params.insert("token", "not-a-real-token".to_string());
    params.insert("path", "css/app.css".to_string());
    params.insert("run", run_id.clone());
    params.insert("other", run_id);
    params.insert("match", match_id.clone());
    params.insert("kind", "match".to_string());
    params.insert("subject", match_id);
    params.insert("entry", entry_id);
    params.insert("comment", comment["id"].as_str().unwrap().to_string());

    let mut people = vec![(Who::Anonymous, app.new_browser())];
    let sign_ins = [
        (Who::ForeignStaff, "marker-t2-staff@agency.example"),
        (Who::ForeignAdvisor, "marker-t2-advisor@agency.example"),
        (Who::Reviewer, "reviewer@opsi.example"),
        (Who::ConflictedReviewer, "conflicted@opsi.example"),
        (Who::Advisor, "advisor@opsi.example"),
        (Who::OtherMember, "marker-b-bo@gov.example"),
        (Who::Member, "marker-a-ana@gov.example"),
        (Who::Staff, "staff@opsi.example"),
    ];
    let mut email_of = BTreeMap::new();
    for (who, email) in sign_ins {
        let browser = app.new_browser();
        browser.log_in_ok(email).await;
        people.push((who, browser));
        email_of.insert(who, email);
    }
    World { app, people, params, email_of }
}

/// The one id `sql` selects.
async fn one_id(app: &TestApp, sql: &str) -> String {
    sqlx::query_scalar::<_, uuid::Uuid>(sql).fetch_one(&app.pool).await.unwrap().to_string()
}

/// `path` with its parameters filled from the world: `{id}` is the organisation on organisation
/// routes and the submission elsewhere.
fn fill(path: &str, params: &BTreeMap<&'static str, String>) -> String {
    let mut filled = String::new();
    let mut rest = path;
    while let Some(start) = rest.find('{') {
        let end = rest[start..].find('}').expect("a closed parameter") + start;
        filled.push_str(&rest[..start]);
        let name = rest[start + 1..end].trim_start_matches('*');
        let key = match name {
            "id" if filled.ends_with("/organisations/") => "organisation",
            "id" if filled.ends_with("/comments/") => "comment",
            "id" => "submission",
            other => other,
        };
        filled.push_str(params.get(key).unwrap_or_else(|| panic!("no value for {{{name}}} in {path}")));
        rest = &rest[end + 1..];
    }
    filled.push_str(rest);
    filled
}

/// A request that gets past the extractors (a body that parses, with a version that is never
/// current), so the answer is the policy's or the service's, not the parser's: a person the
/// policy admits gets a validation error (422), a stale-edit refusal (409) or the result.
async fn request(browser: &TestApp, method: &Method, path: &str, params: &BTreeMap<&'static str, String>) -> Response {
    let json = path.starts_with("/api/");
    match (method, json) {
        (&Method::GET, _) => browser.get(path).await,
        (_, true) => {
            let body = serde_json::json!({
                "version": 999, "direction": "up", "name": "", "archived": false, "organisation": params["organisation"],
            });
            browser.send_json(method.clone(), path, &body).await
        }
        (_, false) => browser.post_form(path, &[("version", "999"), ("organisation", &params["organisation"])]).await,
    }
}

/// Writes that remove what later requests use (a question, an invitation, a role, an entry) go
/// last, so that every other route meets the world as it was set up.
fn removes(route: &sweetspot::web::route_table::Route) -> bool {
    route.method == Method::DELETE
        || ["/delete", "/remove", "/revoke", "/withdraw", "/logout"].iter().any(|end| route.path.ends_with(end))
}

#[tokio::test]
async fn every_route_answers_every_kind_of_person_as_the_policy_says_and_shows_no_foreign_data() {
    let world = world().await;
    // The markers are where the people entitled to them look, so their absence elsewhere means
    // something.
    let shown = |who: Who, path: String| {
        let browser = &world.people.iter().find(|(w, _)| *w == who).unwrap().1;
        async move { browser.get_html(&path).await.1.to_lowercase() }
    };
    let list = shown(Who::Staff, "/t/opsi/p/incubator/c/challenges/submissions".to_string()).await;
    assert!(list.contains("marker-a-title") && list.contains("marker-b-title") && list.contains("marker-a-org"));
    assert!(shown(Who::Member, "/t/opsi".to_string()).await.contains("marker-a-title"));
    assert!(shown(Who::OtherMember, "/t/opsi".to_string()).await.contains("marker-b-title"));
    assert!(shown(Who::ForeignStaff, "/t/agency".to_string()).await.contains("marker-t2-programme"));
    let thread = shown(Who::Staff, format!("/t/opsi/matches/{}", world.params["match"])).await;
    assert!(thread.contains("marker-m-shared") && thread.contains("marker-i-internal"));
    let routes = sweetspot::app::routes();
    let expected: BTreeMap<(&str, &str), [u16; 9]> =
        MATRIX.iter().map(|(method, path, statuses)| ((*method, *path), *statuses)).collect();
    let print = std::env::var_os("ISOLATION_PRINT").is_some();
    let mut problems = Vec::new();
    // Reads first, then writes, then removals, so that each meets the world as it was set up.
    let (reads, writes): (Vec<_>, Vec<_>) = routes.iter().partition(|route| route.method == Method::GET);
    let (removals, writes): (Vec<_>, Vec<_>) = writes.into_iter().partition(|route| removes(route));
    for route in reads.into_iter().chain(writes).chain(removals) {
        let path = fill(&route.path, &world.params);
        let mut seen = [0u16; 9];
        for (index, (who, browser)) in world.people.iter().enumerate() {
            // Signing out is tried in a browser of its own, so the person stays signed in.
            let fresh;
            let browser = if route.path == "/logout" && *who != Who::Anonymous {
                fresh = world.app.new_browser();
                fresh.log_in_ok(world.email_of[who]).await;
                &fresh
            } else {
                browser
            };
            let response = request(browser, &route.method, &path, &world.params).await;
            seen[index] = response.status().as_u16();
            let body = response.text().await.unwrap_or_default().to_lowercase();
            for marker in who.forbidden() {
                if body.contains(marker) {
                    problems.push(format!("{} {path} shows {marker}… to {who:?}", route.method));
                }
            }
        }
        if print {
            println!("    (\"{}\", \"{}\", {seen:?}),", route.method, route.path);
        }
        match expected.get(&(route.method.as_str(), route.path.as_str())) {
            None => problems.push(format!("{} {} has no line in the isolation matrix", route.method, route.path)),
            Some(statuses) if *statuses != seen => problems.push(format!(
                "{} {path}: expected {:?}, got {:?}",
                route.method,
                EVERYONE.iter().zip(statuses).collect::<Vec<_>>(),
                EVERYONE.iter().zip(seen).collect::<Vec<_>>()
            )),
            Some(_) => {}
        }
    }
    for (method, path, _) in MATRIX {
        if !routes.iter().any(|route| route.method.as_str() == *method && route.path == *path) {
            problems.push(format!("{method} {path} is in the matrix but the application does not serve it"));
        }
    }
    assert!(problems.is_empty(), "{} problems:\n{}", problems.len(), problems.join("\n"));
}
