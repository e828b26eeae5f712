//! The demo programme: tenant `opsi` with one clearly fictional account per role and the twelve
//! government organisations of the 2024 Innovation Incubator, each with a member, and the 2024
//! edition with its calls and submissions (`incubator_2024`). Idempotent.

pub mod incubator_2024;
pub mod matching_2024;
pub mod selection_2024;

use sqlx::PgPool;

use crate::accounts;
use crate::accounts::secrets::hash_password;
use crate::config::Config;
use crate::tenancy;
use crate::tenancy::domain::{GovernmentLevel, TenantRole};
use crate::tenancy::seed::NewOrganisation;

pub const DEMO_PASSWORD: &str = "sweetspot-demo-2024";
pub const TENANT_SLUG: &str = "opsi";
const TENANT_NAME: &str = "OECD Observatory of Public Sector Innovation";

/// (email, display name, role)
pub const STAFF_ACCOUNTS: [(&str, &str, TenantRole); 6] = [
    ("admin@demo.example", "Demo Admin", TenantRole::Admin),
    ("staff@demo.example", "Demo Staff", TenantRole::Staff),
    ("reviewer@demo.example", "Demo Reviewer", TenantRole::Reviewer),
    ("reviewer2@demo.example", "Demo Reviewer Two", TenantRole::Reviewer),
    ("reviewer3@demo.example", "Demo Reviewer Three", TenantRole::Reviewer),
    ("advisor@demo.example", "Demo Advisor", TenantRole::Advisor),
];

struct DemoOrganisation {
    name: &'static str,
    country: &'static str,
    level: GovernmentLevel,
    website: &'static str,
    member_email: &'static str,
    /// Short place name for the member's fictional display name.
    place: &'static str,
}

/// The four challenge owners, then the eight solution providers, as the 2024 account names them.
const ORGANISATIONS: [DemoOrganisation; 12] = [
    DemoOrganisation {
        name: "General Secretariat of the Presidency — Directorate of Digital Participation",
        country: "BR",
        level: GovernmentLevel::National,
        website: "https://www.gov.br/secretariageral",
        member_email: "team.brazil@demo.example",
        place: "Brazil",
    },
    DemoOrganisation {
        name: "Ecolab — Ministry of Ecological Transition",
        country: "FR",
        level: GovernmentLevel::National,
        website: "https://www.ecologie.gouv.fr",
        member_email: "team.france@demo.example",
        place: "France",
    },
    DemoOrganisation {
        name: "National Institute of Social Security (INPS)",
        country: "IT",
        level: GovernmentLevel::National,
        website: "https://www.inps.it",
        member_email: "team.italy@demo.example",
        place: "Italy",
    },
    DemoOrganisation {
        name: "Junta de Andalucía",
        country: "ES",
        level: GovernmentLevel::Regional,
        website: "https://www.juntadeandalucia.es",
        member_email: "team.spain@demo.example",
        place: "Andalucía",
    },
    DemoOrganisation {
        name: "New York City Civic Engagement Commission",
        country: "US",
        level: GovernmentLevel::Local,
        website: "https://www.nyc.gov/site/civicengagement",
        member_email: "team.nyc@demo.example",
        place: "New York City",
    },
    DemoOrganisation {
        name: "Greater London Authority",
        country: "GB",
        level: GovernmentLevel::Regional,
        website: "https://www.london.gov.uk",
        member_email: "team.gla@demo.example",
        place: "London (GLA)",
    },
    DemoOrganisation {
        name: "London Office of Technology and Innovation (LOTI)",
        country: "GB",
        level: GovernmentLevel::Local,
        website: "https://loti.london",
        member_email: "team.loti@demo.example",
        place: "London (LOTI)",
    },
    DemoOrganisation {
        name: "Data Room — Ministry of Finance",
        country: "FI",
        level: GovernmentLevel::National,
        website: "https://vm.fi",
        member_email: "team.finland@demo.example",
        place: "Finland",
    },
    DemoOrganisation {
        name: "Norwegian Digitalisation Agency (Digdir)",
        country: "NO",
        level: GovernmentLevel::National,
        website: "https://www.digdir.no",
        member_email: "team.norway@demo.example",
        place: "Norway",
    },
    DemoOrganisation {
        name: "ICT Guild — Ministry of the Interior and Kingdom Relations",
        country: "NL",
        level: GovernmentLevel::National,
        website: "https://www.government.nl",
        member_email: "team.netherlands@demo.example",
        place: "Netherlands",
    },
    DemoOrganisation {
        name: "Government Laboratory (Laboratorio de Gobierno)",
        country: "CL",
        level: GovernmentLevel::National,
        website: "https://www.lab.gob.cl",
        member_email: "team.chile@demo.example",
        place: "Chile",
    },
    DemoOrganisation {
        name: "Employment and Social Development Canada (ESDC)",
        country: "CA",
        level: GovernmentLevel::National,
        website: "https://www.canada.ca/en/employment-social-development.html",
        member_email: "team.canada@demo.example",
        place: "Canada",
    },
];

/// Loads the demo data in one transaction; running it again changes nothing.
pub async fn load(pool: &PgPool, _config: &Config) -> anyhow::Result<()> {
    let hash = hash_password(DEMO_PASSWORD.to_string()).await?;
    let mut tx = tenancy::seed::enter_tenant(pool, TENANT_SLUG, TENANT_NAME).await?;
    let mut staff = None;
    let mut advisor = None;
    let mut panel = Vec::new();
    for (email, name, role) in STAFF_ACCOUNTS {
        let user_id = accounts::seed::ensure_user(&mut tx, email, name, &hash).await?;
        tenancy::seed::grant(&mut tx, user_id, role).await?;
        match role {
            TenantRole::Staff => staff = Some(user_id),
            TenantRole::Advisor => advisor = Some(user_id),
            TenantRole::Reviewer => panel.push(user_id),
            _ => {}
        }
    }
    let staff = staff.ok_or_else(|| anyhow::anyhow!("the demo has a staff account"))?;
    let mut members = std::collections::HashMap::new();
    for organisation in &ORGANISATIONS {
        let member_name = format!("Demo Team Member, {}", organisation.place);
        let user_id = accounts::seed::ensure_user(&mut tx, organisation.member_email, &member_name, &hash).await?;
        members.insert(organisation.name, user_id);
        let new = NewOrganisation {
            name: organisation.name,
            country: organisation.country,
            level: organisation.level,
            website: Some(organisation.website),
        };
        let id = tenancy::seed::ensure_organisation(&mut tx, new, user_id).await?;
        tenancy::seed::add_member(&mut tx, id, user_id).await?;
    }
    let authors = incubator_2024::Authors { by_organisation: &members, password_hash: &hash, staff, panel: &panel };
    incubator_2024::load(&mut tx, &authors).await?;
    let commenters = matching_2024::Commenters {
        advisor: advisor.ok_or_else(|| anyhow::anyhow!("the demo has an advisor account"))?,
        france_team: *members
            .get("Ecolab — Ministry of Ecological Transition")
            .ok_or_else(|| anyhow::anyhow!("the demo has Ecolab"))?,
    };
    matching_2024::load(&mut tx, incubator_2024::PROGRAMME_SLUG, staff, &commenters).await?;
    tx.commit().await?;
    Ok(())
}

/// The lines the start-up log prints in demo mode.
pub fn credentials_help(base_url: &str) -> String {
    let mut lines = vec![
        format!("Demo programme loaded: {base_url}/t/{TENANT_SLUG}"),
        format!("Every demo account's password: {DEMO_PASSWORD}"),
    ];
    for (email, _, role) in STAFF_ACCOUNTS {
        lines.push(format!("  {:<10} {email}", role.as_str()));
    }
    lines.push("  team       team.brazil@demo.example (and team.france, team.italy, team.spain, team.nyc, …)".into());
    lines.join("\n")
}
