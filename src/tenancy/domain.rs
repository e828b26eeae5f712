//! Tenancy types that validate on construction. Errors are Fluent message keys.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::ids::{InvitationId, OrganisationId, TenantId, UserId};
use crate::text_enum::text_enum;

/// A tenant's web address part: lowercase letters, digits and inner hyphens, 1–40 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TenantSlug(String);

impl TenantSlug {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let valid_chars = raw.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-');
        if raw.is_empty() || raw.len() > 40 || !valid_chars || raw.starts_with('-') || raw.ends_with('-') {
            return Err("error-tenant-slug-invalid");
        }
        Ok(Self(raw.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

text_enum! {
    /// A role within a tenant, held by the host's people. Government teams hold no tenant role:
    /// they belong to organisations.
    pub enum TenantRole {
        Admin = "admin" => "role-admin",
        Staff = "staff" => "role-staff",
        Reviewer = "reviewer" => "role-reviewer",
        Advisor = "advisor" => "role-advisor",
    }
}

impl TenantRole {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        TenantRole::from_name(raw.trim()).ok_or("error-role-invalid")
    }

    /// Fluent key of what the role may do.
    pub fn hint_key(self) -> &'static str {
        match self {
            TenantRole::Admin => "role-admin-hint",
            TenantRole::Staff => "role-staff-hint",
            TenantRole::Reviewer => "role-reviewer-hint",
            TenantRole::Advisor => "role-advisor-hint",
        }
    }
}

text_enum! {
    /// The level of government an organisation works at.
    pub enum GovernmentLevel {
        National = "national" => "level-national",
        Regional = "regional" => "level-regional",
        Local = "local" => "level-local",
        International = "international" => "level-international",
    }
}

impl GovernmentLevel {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        if raw.trim().is_empty() {
            return Err("error-level-missing");
        }
        GovernmentLevel::from_name(raw.trim()).ok_or("error-level-invalid")
    }
}

/// An organisation's name: 2 to 200 characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct OrganisationName(String);

impl OrganisationName {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err("error-organisation-name-missing");
        }
        let chars = trimmed.chars().count();
        if chars < 2 {
            return Err("error-organisation-name-too-short");
        }
        if chars > 200 {
            return Err("error-organisation-name-too-long");
        }
        if trimmed.chars().any(char::is_control) {
            return Err("error-text-control-characters");
        }
        Ok(Self(trimmed.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An ISO 3166-1 alpha-2 code, upper case. Whether it exists is checked against the countries table.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountryCode(String);

impl CountryCode {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let code = raw.trim().to_ascii_uppercase();
        if code.is_empty() {
            return Err("error-country-missing");
        }
        if code.len() != 2 || !code.bytes().all(|b| b.is_ascii_uppercase()) {
            return Err("error-country-invalid");
        }
        Ok(Self(code))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// An optional public website: http(s) only, so it is safe to link.
pub fn parse_website(raw: &str) -> Result<Option<String>, &'static str> {
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return Ok(None);
    }
    // The shape `request_schema::WEBSITE` states: an optional http(s) scheme, a host of dotted
    // letter-digit-hyphen labels, then a path, query or fragment without spaces.
    let rest = trimmed.strip_prefix("https://").or_else(|| trimmed.strip_prefix("http://")).unwrap_or(trimmed);
    let host_end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let (host, tail) = rest.split_at(host_end);
    let labels: Vec<&str> = host.split('.').collect();
    let host_ok = labels.len() >= 2
        && labels.iter().all(|l| !l.is_empty() && l.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-'));
    if !host_ok || tail.chars().any(char::is_whitespace) {
        return Err("error-website-invalid");
    }
    let candidate = if rest.len() == trimmed.len() { format!("https://{trimmed}") } else { trimmed.to_string() };
    let url = url::Url::parse(&candidate).map_err(|_| "error-website-invalid")?;
    if candidate.len() > 500 {
        return Err("error-website-invalid");
    }
    Ok(Some(url.to_string()))
}

/// A tenant as pages and stores see it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Tenant {
    pub id: TenantId,
    pub slug: String,
    pub name: String,
}

/// An organisation as pages and the API see it.
#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Organisation {
    pub id: OrganisationId,
    pub name: String,
    pub country_code: String,
    pub country_name: String,
    pub level: GovernmentLevel,
    pub website: Option<String>,
    pub version: i32,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Person {
    pub user_id: UserId,
    pub email: String,
    pub display_name: String,
    pub role: TenantRole,
    pub created_at: DateTime<Utc>,
}

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Country {
    pub code: String,
    pub name: String,
    pub continent: String,
}

#[derive(Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Member {
    pub user_id: UserId,
    pub display_name: String,
    pub email: String,
    pub joined_at: DateTime<Utc>,
}

#[derive(Clone, Debug, Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct Invitation {
    pub id: InvitationId,
    pub email: String,
    pub role: Option<TenantRole>,
    pub organisation_id: Option<OrganisationId>,
    pub organisation_name: Option<String>,
    pub invited_by_name: Option<String>,
    pub created_at: DateTime<Utc>,
    pub expires_at: DateTime<Utc>,
    pub accepted_at: Option<DateTime<Utc>>,
    pub revoked_at: Option<DateTime<Utc>>,
}

impl Invitation {
    pub fn is_open(&self, now: DateTime<Utc>) -> bool {
        self.accepted_at.is_none() && self.revoked_at.is_none() && self.expires_at > now
    }
}

/// A tenant where a person holds a role or belongs to an organisation (`GET /api/v1/me`).
#[derive(Debug, Serialize, utoipa::ToSchema, sqlx::FromRow)]
pub struct TenantMembership {
    pub slug: String,
    pub name: String,
    pub role: Option<TenantRole>,
    pub organisation_count: i64,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slugs_are_lowercase_words() {
        assert!(TenantSlug::parse("opsi").is_ok());
        assert!(TenantSlug::parse("agency-2").is_ok());
        for bad in ["", "OPSI", "-a", "a-", "a b", "é", &"a".repeat(41)] {
            assert!(TenantSlug::parse(bad).is_err(), "{bad:?} accepted");
        }
    }

    #[test]
    fn roles_and_levels_round_trip() {
        for role in TenantRole::ALL {
            assert_eq!(TenantRole::parse(role.as_str()), Ok(*role));
        }
        assert!(TenantRole::parse("owner").is_err());
        for level in GovernmentLevel::ALL {
            assert_eq!(GovernmentLevel::parse(level.as_str()), Ok(*level));
        }
        assert_eq!(GovernmentLevel::parse(""), Err("error-level-missing"));
        assert_eq!(GovernmentLevel::parse("planetary"), Err("error-level-invalid"));
    }

    #[test]
    fn organisation_fields_are_checked() {
        assert_eq!(OrganisationName::parse("  Data Room ").unwrap().as_str(), "Data Room");
        assert!(OrganisationName::parse("").is_err());
        assert!(OrganisationName::parse("x").is_err());
        assert!(OrganisationName::parse(&"x".repeat(201)).is_err());
        assert_eq!(CountryCode::parse("fr").unwrap().as_str(), "FR");
        assert_eq!(CountryCode::parse("FRA"), Err("error-country-invalid"));
        assert_eq!(CountryCode::parse(""), Err("error-country-missing"));
    }

    #[test]
    fn websites_must_be_web_addresses() {
        assert_eq!(parse_website(""), Ok(None));
        assert_eq!(parse_website("oecd-opsi.org").unwrap().as_deref(), Some("https://oecd-opsi.org/"));
        assert_eq!(parse_website("http://gov.example/lab").unwrap().as_deref(), Some("http://gov.example/lab"));
        assert!(parse_website("javascript:alert(1)").is_err());
        assert!(parse_website("ftp://gov.example").is_err());
        assert!(parse_website("not a url").is_err());
        // What the OpenAPI pattern refuses, the server refuses too (schemathesis found these).
        for refused in ["https://x.q-.x*", "https://user@gov.example", "gov.example:8080", "HTTPS://gov.example", "gov"]
        {
            assert!(parse_website(refused).is_err(), "{refused}");
        }
        assert_eq!(parse_website(" gov.example?lang=fr ").unwrap().as_deref(), Some("https://gov.example/?lang=fr"));
    }
}

/// A member of an organisation to write to: who, for which organisation, where, in which
/// language, and how they chose to hear of comments.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct Correspondent {
    pub user_id: UserId,
    pub organisation_id: OrganisationId,
    pub email: String,
    pub display_name: String,
    #[sqlx(rename = "locale")]
    pub lang: crate::i18n::Lang,
    pub comment_emails: crate::accounts::domain::CommentEmails,
}
