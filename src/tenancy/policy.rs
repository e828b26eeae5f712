//! Who may do what: the one place that decides. Every handler asks `authorize` before acting.
//!
//! The walls, in order: a person acts only inside the tenant they are looking at; inside it,
//! a tenant role (admin, staff, reviewer, advisor) gives the host's powers, and membership of an
//! organisation gives a government team's powers over that organisation only.

use super::domain::TenantRole;
use crate::error::AppError;
use crate::ids::{OrganisationId, TenantId, UserId};

/// The person making a request, as seen from one tenant.
#[derive(Clone, Debug)]
pub struct Actor {
    pub user_id: Option<UserId>,
    pub tenant_id: TenantId,
    pub role: Option<TenantRole>,
    pub organisations: Vec<OrganisationId>,
    pub email_verified: bool,
}

impl Actor {
    pub fn anonymous(tenant_id: TenantId) -> Self {
        Self { user_id: None, tenant_id, role: None, organisations: Vec::new(), email_verified: false }
    }
    pub fn is_signed_in(&self) -> bool {
        self.user_id.is_some()
    }
    pub fn is_host(&self) -> bool {
        matches!(self.role, Some(TenantRole::Admin | TenantRole::Staff))
    }
    fn belongs_to(&self, organisation: OrganisationId) -> bool {
        self.organisations.contains(&organisation)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Action {
    /// See the tenant's people and their roles.
    ViewPeople,
    /// Invite people to a tenant role, change or remove roles.
    ManagePeople,
    /// Read the outbox (emails sent by the platform).
    ViewOutbox,
    /// Read the audit log.
    ViewAuditLog,
    /// List every organisation of the tenant.
    ListOrganisations,
    /// Register a new government organisation (the registrant becomes its first member).
    RegisterOrganisation,
    ViewOrganisation,
    EditOrganisation,
    /// See an organisation's members and invitations.
    ViewMembers,
    /// Invite colleagues to an organisation or withdraw invitations.
    InviteMembers,
    /// Create and edit programme editions and their timelines.
    ManageProgrammes,
    /// Add, archive and restore the tenant's themes.
    ManageThemes,
    /// Create and edit calls and their questions, extend deadlines.
    ManageCalls,
    /// List a call's submissions, export them, mark challenges selected.
    ListSubmissions,
    /// Read a submission of an organisation, with its history.
    ViewSubmission,
    /// Start, edit, submit or withdraw an organisation's submission.
    EditSubmission,
    /// See a programme's selected challenges: the ones a solution may offer to help.
    ViewSelectedChallenges,
    /// Screen entries for eligibility, run review rounds and edit their rubric.
    ManageSelection,
    /// Review in the rounds one is a reviewer of (which rounds and entries is the service's
    /// question: the round's reviewers, its assignments and conflicts of interest).
    Review,
    /// Read a programme's selected challenges and providers, its matching runs and matches, and
    /// the internal comments on them: staff, admins and the advisory board (read-only for it).
    ViewMatching,
    /// Run matching, lock or rule out pairs, confirm and publish matches.
    ManageMatching,
    /// Hide anyone's comment, with a reason.
    ModerateComments,
}

/// What the action is aimed at.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Target {
    Tenant(TenantId),
    Organisation(TenantId, OrganisationId),
}

impl Target {
    fn tenant(self) -> TenantId {
        match self {
            Target::Tenant(id) | Target::Organisation(id, _) => id,
        }
    }
}

/// The rule table.
pub fn allows(actor: &Actor, action: Action, target: Target) -> bool {
    if !actor.is_signed_in() || actor.tenant_id != target.tenant() {
        return false;
    }
    let admin = actor.role == Some(TenantRole::Admin);
    let host = actor.is_host();
    let member = match target {
        Target::Organisation(_, organisation) => actor.belongs_to(organisation),
        Target::Tenant(_) => false,
    };
    match action {
        Action::ManagePeople => admin,
        Action::ViewPeople
        | Action::ViewOutbox
        | Action::ViewAuditLog
        | Action::ListOrganisations
        | Action::ManageProgrammes
        | Action::ManageThemes
        | Action::ManageCalls
        | Action::ListSubmissions
        | Action::ManageSelection
        | Action::ManageMatching
        | Action::ModerateComments => host,
        Action::ViewMatching => host || actor.role == Some(TenantRole::Advisor),
        Action::Review => host || actor.role == Some(TenantRole::Reviewer),
        // Any signed-in person with a verified email may register a team in any tenant: that is
        // how government teams arrive. Unverified accounts could squat names.
        Action::RegisterOrganisation => actor.email_verified,
        // Whoever may write a solution sees what it may offer to help, as its form does.
        Action::ViewSelectedChallenges => actor.is_signed_in(),
        Action::ViewOrganisation | Action::ViewMembers | Action::ViewSubmission => host || member,
        // Staff read submissions but never write on a team's behalf.
        Action::EditSubmission => member,
        Action::EditOrganisation | Action::InviteMembers => admin || member,
    }
}

/// What the selection service read of a person and one entry of a review round: the facts a
/// review depends on beyond the person's role.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ReviewStanding {
    /// They are one of the round's reviewers.
    pub reviewer_of_round: bool,
    /// They joined the round through an invitation for it (and review there whatever their role).
    pub invited: bool,
    /// The entry is assigned to them.
    pub assigned: bool,
    /// They have a conflict of interest with the entry (of any kind).
    pub conflicted: bool,
    /// They have submitted their own review of the entry.
    pub submitted_own: bool,
}

impl ReviewStanding {
    /// The standing of a round's member as the store reads it: `None` for someone who is not a
    /// reviewer of the round, else whether they joined through an invitation. Entry facts are
    /// left false, for questions about the round alone.
    pub fn in_round(membership: Option<bool>) -> Self {
        ReviewStanding {
            reviewer_of_round: membership.is_some(),
            invited: membership == Some(true),
            ..ReviewStanding::default()
        }
    }
}

/// Whether the person reviews in the round at all (their assignments, preferences, progress):
/// one of its reviewers, and either their role lets them review (reviewer, staff, admin) or they
/// were invited for this round. Only `reviewer_of_round` and `invited` are read.
pub fn may_review_in_round(actor: &Actor, standing: ReviewStanding) -> bool {
    actor.is_signed_in()
        && standing.reviewer_of_round
        && (standing.invited || allows(actor, Action::Review, Target::Tenant(actor.tenant_id)))
}

/// `may_review_in_round`, as the error a handler returns: 401 for the signed-out, else 403.
pub fn authorize_review_in_round(actor: &Actor, standing: ReviewStanding) -> Result<(), AppError> {
    if may_review_in_round(actor, standing) {
        Ok(())
    } else if !actor.is_signed_in() {
        Err(AppError::Unauthorized)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether the person may read an entry of a round and write their review of it: a reviewer of
/// the round (`may_review_in_round`), assigned the entry, without a conflict of interest. Staff
/// read entries as staff (`ViewSubmission`), not through this.
pub fn may_review(actor: &Actor, standing: ReviewStanding) -> bool {
    may_review_in_round(actor, standing) && standing.assigned && !standing.conflicted
}

/// Whether staff may read an entry's reviews, scores and discussion in a round: staff, unless they
/// are a reviewer of the round with a conflict of interest with the entry (`conflicted`). A
/// conflict keeps anyone from an entry's scores, their role included, as conference systems keep
/// a conflicted chair from a paper's reviews.
pub fn may_read_results(actor: &Actor, conflicted: bool) -> bool {
    allows(actor, Action::ManageSelection, Target::Tenant(actor.tenant_id)) && !conflicted
}

/// Whether a reviewer may read the other reviews of an entry: only once they have submitted
/// their own, so that nobody anchors on another's scores.
pub fn may_read_other_reviews(actor: &Actor, standing: ReviewStanding) -> bool {
    may_review(actor, standing) && standing.submitted_own
}

/// `may_review`, as the error a handler returns: 401, 403, or 403 too for an entry that is not
/// theirs to review (never 404, which would tell a reviewer which entries exist in the round).
pub fn authorize_review(actor: &Actor, standing: ReviewStanding) -> Result<(), AppError> {
    if may_review(actor, standing) {
        Ok(())
    } else if !actor.is_signed_in() {
        Err(AppError::Unauthorized)
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether the person may read a subject of matching, a published match or a selected entry:
/// whoever may read the programme's matching (staff, admins, advisors), or a member of a team of
/// it (`team_of_subject`, which the matching service works out: of a match, the challenge's owner
/// or one of its providers; of a selected entry, its own team and, for a challenge, the teams of
/// its published match).
pub fn may_read_matching_subject(actor: &Actor, team_of_subject: bool) -> bool {
    allows(actor, Action::ViewMatching, Target::Tenant(actor.tenant_id)) || (actor.is_signed_in() && team_of_subject)
}

/// What a person may read, and write, of the comments on a match or a challenge: the internal
/// ones only with `ViewMatching` (staff and advisors); the shared ones too as a team of the
/// subject (`team_of_subject`: of the match, or the challenge's owner). The one place the
/// audience is decided: the comment store reads only the audiences this allows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct CommentReach {
    pub internal: bool,
    pub shared: bool,
}

impl CommentReach {
    pub fn none(self) -> bool {
        !self.internal && !self.shared
    }
}

pub fn comment_reach(actor: &Actor, team_of_subject: bool) -> CommentReach {
    let board = allows(actor, Action::ViewMatching, Target::Tenant(actor.tenant_id));
    CommentReach { internal: board, shared: board || (actor.is_signed_in() && team_of_subject) }
}

/// `allows`, as the error a handler returns: 401 for the signed-out, 403 for everyone else.
pub fn authorize(actor: &Actor, action: Action, target: Target) -> Result<(), AppError> {
    if allows(actor, action, target) {
        Ok(())
    } else if !actor.is_signed_in() {
        Err(AppError::Unauthorized)
    } else {
        Err(AppError::Forbidden)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_ACTIONS: [Action; 22] = [
        Action::ViewPeople,
        Action::ManagePeople,
        Action::ViewOutbox,
        Action::ViewAuditLog,
        Action::ListOrganisations,
        Action::RegisterOrganisation,
        Action::ViewOrganisation,
        Action::EditOrganisation,
        Action::ViewMembers,
        Action::InviteMembers,
        Action::ManageProgrammes,
        Action::ManageThemes,
        Action::ManageCalls,
        Action::ListSubmissions,
        Action::ViewSubmission,
        Action::EditSubmission,
        Action::ViewSelectedChallenges,
        Action::ManageSelection,
        Action::Review,
        Action::ViewMatching,
        Action::ManageMatching,
        Action::ModerateComments,
    ];

    #[derive(Clone, Copy, Debug)]
    enum Who {
        Anonymous,
        Admin,
        Staff,
        Reviewer,
        Advisor,
        TeamMember,
        SignedInNobody,
    }

    const EVERYONE: [Who; 7] =
        [Who::Anonymous, Who::Admin, Who::Staff, Who::Reviewer, Who::Advisor, Who::TeamMember, Who::SignedInNobody];

    fn actor(who: Who, tenant: TenantId, own_org: OrganisationId) -> Actor {
        let mut actor = Actor {
            user_id: Some(UserId::new()),
            tenant_id: tenant,
            role: None,
            organisations: Vec::new(),
            email_verified: true,
        };
        match who {
            Who::Anonymous => return Actor::anonymous(tenant),
            Who::Admin => actor.role = Some(TenantRole::Admin),
            Who::Staff => actor.role = Some(TenantRole::Staff),
            Who::Reviewer => actor.role = Some(TenantRole::Reviewer),
            Who::Advisor => actor.role = Some(TenantRole::Advisor),
            Who::TeamMember => actor.organisations.push(own_org),
            Who::SignedInNobody => {}
        }
        actor
    }

    /// The expected answer for a target in the actor's own tenant.
    fn expected(who: Who, action: Action, own_organisation: bool) -> bool {
        use Action::*;
        match who {
            Who::Anonymous => false,
            Who::Admin => !matches!(action, EditSubmission),
            Who::Staff => !matches!(action, ManagePeople | EditOrganisation | InviteMembers | EditSubmission),
            Who::Reviewer => matches!(action, RegisterOrganisation | ViewSelectedChallenges | Review),
            Who::Advisor => matches!(action, RegisterOrganisation | ViewSelectedChallenges | ViewMatching),
            Who::SignedInNobody => matches!(action, RegisterOrganisation | ViewSelectedChallenges),
            Who::TeamMember => match action {
                RegisterOrganisation | ViewSelectedChallenges => true,
                ViewOrganisation | EditOrganisation | ViewMembers | InviteMembers | ViewSubmission | EditSubmission => {
                    own_organisation
                }
                _ => false,
            },
        }
    }

    #[test]
    fn the_policy_matrix_holds_for_every_role_action_organisation_and_tenant() {
        let home = TenantId::new();
        let elsewhere = TenantId::new();
        let own_org = OrganisationId::new();
        let other_org = OrganisationId::new();
        let mut checked = 0;
        for who in EVERYONE {
            let actor = actor(who, home, own_org);
            for action in ALL_ACTIONS {
                let targets = [
                    (Target::Tenant(home), true, true),
                    (Target::Organisation(home, own_org), true, true),
                    (Target::Organisation(home, other_org), true, false),
                    (Target::Tenant(elsewhere), false, false),
                    (Target::Organisation(elsewhere, own_org), false, true),
                    (Target::Organisation(elsewhere, other_org), false, false),
                ];
                for (target, own_tenant, own_organisation) in targets {
                    let tenant_scoped = matches!(target, Target::Tenant(_));
                    // Organisation actions need an organisation; tenant-level actions ignore it.
                    let own_organisation = own_organisation && !tenant_scoped;
                    let want = own_tenant && expected(who, action, own_organisation);
                    assert_eq!(
                        allows(&actor, action, target),
                        want,
                        "{who:?} {action:?} on {target:?} (own tenant: {own_tenant}, own organisation: {own_organisation})"
                    );
                    checked += 1;
                }
            }
        }
        assert_eq!(checked, 7 * ALL_ACTIONS.len() * 6);
    }

    #[test]
    fn only_an_assigned_reviewer_without_a_conflict_reviews_and_reads_others_after_their_own() {
        let tenant = TenantId::new();
        let organisation = OrganisationId::new();
        let full = ReviewStanding { reviewer_of_round: true, assigned: true, ..ReviewStanding::default() };
        for who in EVERYONE {
            let actor = actor(who, tenant, organisation);
            let role_may = matches!(who, Who::Admin | Who::Staff | Who::Reviewer);
            assert_eq!(may_review(&actor, full), role_may, "{who:?}");
            assert!(
                !may_review(&actor, ReviewStanding { reviewer_of_round: false, ..full }),
                "{who:?} not in the round"
            );
            assert!(!may_review(&actor, ReviewStanding { assigned: false, ..full }), "{who:?} not assigned");
            assert!(!may_review(&actor, ReviewStanding { conflicted: true, ..full }), "{who:?} conflicted");
            assert!(!may_read_other_reviews(&actor, full), "{who:?} before submitting");
            assert_eq!(may_read_other_reviews(&actor, ReviewStanding { submitted_own: true, ..full }), role_may);
            let conflicted = ReviewStanding { conflicted: true, submitted_own: true, ..full };
            assert!(!may_read_other_reviews(&actor, conflicted), "{who:?} conflicted never reads scores");
            let host = matches!(who, Who::Admin | Who::Staff);
            assert_eq!(may_read_results(&actor, false), host, "{who:?} reads results");
            assert!(!may_read_results(&actor, true), "{who:?} conflicted never reads results");
            // Invited for the round: anyone signed in reviews there, and nowhere else.
            let invited = ReviewStanding { invited: true, ..full };
            assert_eq!(may_review(&actor, invited), actor.is_signed_in(), "{who:?} invited");
            assert!(
                !may_review(&actor, ReviewStanding { reviewer_of_round: false, ..invited }),
                "{who:?} invited, removed"
            );
            assert!(!may_review(&actor, ReviewStanding { conflicted: true, ..invited }), "{who:?} invited, conflicted");
        }
    }

    #[test]
    fn matches_and_comments_reach_the_board_and_only_the_match_s_teams_and_only_its_shared_comments() {
        let tenant = TenantId::new();
        let elsewhere = TenantId::new();
        for who in EVERYONE {
            let board = matches!(who, Who::Admin | Who::Staff | Who::Advisor);
            for home in [true, false] {
                let actor = actor(who, if home { tenant } else { elsewhere }, OrganisationId::new());
                // Seen from `tenant`: an actor of another tenant is not in this one's wall.
                let actor = Actor { tenant_id: tenant, role: if home { actor.role } else { None }, ..actor };
                let signed_in = actor.is_signed_in();
                for team in [false, true] {
                    assert_eq!(
                        may_read_matching_subject(&actor, team),
                        board && home || signed_in && team,
                        "{who:?} {team}"
                    );
                    let reach = comment_reach(&actor, team);
                    assert_eq!(reach.internal, board && home, "{who:?} internal, team {team}");
                    assert_eq!(reach.shared, board && home || signed_in && team, "{who:?} shared, team {team}");
                    assert_eq!(reach.none(), !reach.internal && !reach.shared);
                }
            }
        }
    }

    #[test]
    fn an_unverified_account_cannot_register_an_organisation() {
        let tenant = TenantId::new();
        let mut actor = actor(Who::SignedInNobody, tenant, OrganisationId::new());
        actor.email_verified = false;
        assert!(!allows(&actor, Action::RegisterOrganisation, Target::Tenant(tenant)));
    }

    #[test]
    fn refusals_distinguish_the_signed_out_from_the_unauthorised() {
        let tenant = TenantId::new();
        let anonymous = Actor::anonymous(tenant);
        assert!(matches!(
            authorize(&anonymous, Action::ViewPeople, Target::Tenant(tenant)),
            Err(AppError::Unauthorized)
        ));
        let reviewer = actor(Who::Reviewer, tenant, OrganisationId::new());
        assert!(matches!(authorize(&reviewer, Action::ViewPeople, Target::Tenant(tenant)), Err(AppError::Forbidden)));
    }
}
