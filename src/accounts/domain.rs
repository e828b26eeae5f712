//! Account types that validate on construction. Errors are Fluent message keys.

use chrono::{DateTime, Utc};
use serde::Serialize;

use crate::i18n::{Lang, TimeZone};
use crate::ids::{ApiTokenId, UserId};
use crate::text_enum::text_enum;

/// An email address, trimmed; compared without regard to case (the column is `citext`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Email(String);

impl Email {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err("error-email-missing");
        }
        if trimmed.len() > 254 || !email_address::EmailAddress::is_valid(trimmed) || !trimmed.contains('.') {
            return Err("error-email-invalid");
        }
        Ok(Self(trimmed.to_string()))
    }
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A new password that passed the rules: long enough, not too long, not easy to guess.
pub struct NewPassword(String);

pub const MIN_PASSWORD_CHARS: usize = 12;
const MAX_PASSWORD_CHARS: usize = 256;

impl NewPassword {
    /// `context` holds words a password must not be built from (the person's email and name).
    pub fn parse(raw: &str, context: &[&str]) -> Result<Self, &'static str> {
        let chars = raw.chars().count();
        if chars == 0 {
            return Err("error-password-missing");
        }
        if chars < MIN_PASSWORD_CHARS {
            return Err("error-password-too-short");
        }
        if chars > MAX_PASSWORD_CHARS {
            return Err("error-password-too-long");
        }
        // zxcvbn knows the common-password lists, keyboard walks, repeats and dates; a score
        // below 3 means a guess within about 10^8 tries.
        let estimate = zxcvbn::zxcvbn(raw, context);
        if (estimate.score() as u8) < 3 {
            return Err("error-password-common");
        }
        Ok(Self(raw.to_string()))
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

/// How a person is shown to others: 1 to 100 characters, no control characters.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DisplayName(String);

impl DisplayName {
    pub fn parse(raw: &str) -> Result<Self, &'static str> {
        let trimmed = raw.trim();
        if trimmed.is_empty() {
            return Err("error-display-name-missing");
        }
        if trimmed.chars().count() > 100 {
            return Err("error-display-name-too-long");
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

pub fn parse_lang(raw: &str) -> Result<Lang, &'static str> {
    Lang::from_code(raw.trim()).ok_or("error-language-invalid")
}

pub fn parse_zone(raw: &str) -> Result<TimeZone, &'static str> {
    TimeZone::parse(raw.trim()).ok_or("error-time-zone-invalid")
}

/// A signed-in person, as every request sees them.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct User {
    pub id: UserId,
    pub email: String,
    pub display_name: String,
    /// The language of their pages and emails.
    #[sqlx(rename = "locale")]
    pub lang: Lang,
    /// The zone every time is shown in.
    #[sqlx(rename = "time_zone")]
    pub zone: TimeZone,
    pub email_verified: bool,
    pub version: i32,
    /// Grows by one at every password change; a session begun in an earlier epoch is over.
    pub session_epoch: i32,
}

/// The columns a `User` is read from, in any query over `users u`. Shared by the accounts store
/// and the one query that reads a person with their standing in a tenant (`tenancy/store.rs`).
pub const USER_COLUMNS: &str = "u.id, u.email::text as email, u.display_name, u.locale, u.time_zone,
  u.email_verified_at is not null as email_verified, u.version, u.session_epoch";

text_enum! {
    /// What an emailed link is for.
    pub enum TokenPurpose {
        VerifyEmail = "verify_email",
        ResetPassword = "reset_password",
    }
}

/// A personal API token as its owner sees it listed: never the token itself, which is shown once.
#[derive(Debug, serde::Serialize, sqlx::FromRow, utoipa::ToSchema)]
pub struct ApiToken {
    pub id: ApiTokenId,
    pub name: String,
    pub created_at: DateTime<Utc>,
    pub last_used_at: Option<DateTime<Utc>>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails_are_trimmed_and_checked() {
        assert_eq!(Email::parse("  ana@example.org ").unwrap().as_str(), "ana@example.org");
        assert_eq!(Email::parse(""), Err("error-email-missing"));
        assert_eq!(Email::parse("not-an-email"), Err("error-email-invalid"));
        assert_eq!(Email::parse("a@b"), Err("error-email-invalid"));
    }

    #[test]
    fn passwords_must_be_long_and_hard_to_guess() {
        assert_eq!(NewPassword::parse("", &[]).err(), Some("error-password-missing"));
        assert_eq!(NewPassword::parse("short-pass1", &[]).err(), Some("error-password-too-short"));
        assert_eq!(NewPassword::parse("password1234", &[]).err(), Some("error-password-common"));
        assert_eq!(NewPassword::parse("123456789012", &[]).err(), Some("error-password-common"));
        assert_eq!(NewPassword::parse("qwertyuiopasdf", &[]).err(), Some("error-password-common"));
        assert_eq!(
            NewPassword::parse("ana.silva@gov.example", &["ana.silva@gov.example"]).err(),
            Some("error-password-common")
        );
        assert!(NewPassword::parse("lantern-orchid-velvet-42", &[]).is_ok());
        assert_eq!(NewPassword::parse(&"x".repeat(257), &[]).err(), Some("error-password-too-long"));
    }

    #[test]
    fn display_names_are_bounded() {
        assert_eq!(DisplayName::parse("  Ana  ").unwrap().as_str(), "Ana");
        assert_eq!(DisplayName::parse(" "), Err("error-display-name-missing"));
        assert_eq!(DisplayName::parse(&"a".repeat(101)), Err("error-display-name-too-long"));
        assert_eq!(DisplayName::parse("a\u{0}b"), Err("error-text-control-characters"));
    }

    #[test]
    fn profile_choices_are_checked() {
        assert_eq!(parse_lang("en"), Ok(Lang::En));
        assert!(parse_lang("xx").is_err());
        assert_eq!(parse_zone("Europe/Paris"), Ok(TimeZone::from(chrono_tz::Europe::Paris)));
        assert!(parse_zone("Mars/Olympus").is_err());
    }
}

text_enum! {
    /// How a person hears of comments that reach them (advisory discussions).
    pub enum CommentEmails {
        /// An email for each comment or reply.
        Immediate = "immediate" => "comment-emails-immediate",
        /// One email a day listing where new comments are.
        Daily = "daily" => "comment-emails-daily",
    }
}
