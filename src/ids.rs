//! Typed keys, so a tenant id can never be passed where a user id is expected.

use serde::{Deserialize, Serialize};
use uuid::Uuid;

macro_rules! id_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, sqlx::Type, utoipa::ToSchema)]
        #[serde(transparent)]
        #[sqlx(transparent)]
        #[schema(value_type = String, format = Uuid)]
        pub struct $name(pub Uuid);

        impl $name {
            /// A new time-ordered (v7) key.
            pub fn new() -> Self {
                Self(Uuid::now_v7())
            }
        }

        impl Default for $name {
            fn default() -> Self {
                Self::new()
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<$name> for Uuid {
            fn from(id: $name) -> Uuid {
                id.0
            }
        }

        impl std::str::FromStr for $name {
            type Err = uuid::Error;
            fn from_str(s: &str) -> Result<Self, Self::Err> {
                Uuid::parse_str(s).map(Self)
            }
        }
    };
}

id_type!(
    /// A host organisation running incubators.
    TenantId
);
id_type!(
    /// A person's account, shared across tenants.
    UserId
);
id_type!(
    /// A government team's organisation within a tenant.
    OrganisationId
);
id_type!(
    /// An invitation to a tenant role or an organisation.
    InvitationId
);
id_type!(
    /// A personal API token.
    ApiTokenId
);
id_type!(
    /// A programme edition within a tenant.
    ProgrammeId
);
id_type!(
    /// A theme of the tenant's taxonomy.
    ThemeId
);
id_type!(
    /// A call (for challenges, solutions or the cohort track).
    CallId
);
id_type!(
    /// A custom question of a call.
    QuestionId
);
id_type!(
    /// A submission to a call (a challenge, a solution offer, an application).
    SubmissionId
);
id_type!(
    /// A file attached to a submission's answer.
    AttachmentId
);
id_type!(
    /// A review round on a call.
    RoundId
);
id_type!(
    /// A criterion of a review round's rubric.
    CriterionId
);
id_type!(
    /// A reviewer's review of one entry of a round.
    ReviewId
);
id_type!(
    /// An invitation to review in one round.
    RoundInvitationId
);
id_type!(
    /// A matching run of a programme, kept as a record.
    MatchingRunId
);
id_type!(
    /// A published match: a selected challenge and the providers it was matched with.
    MatchId
);
id_type!(
    /// A comment of the advisory board, staff or a matched team on a match or a challenge.
    CommentId
);
