//! What the OpenAPI document says of request fields beyond their Rust types: the patterns and
//! value lists the server enforces, so that a request the document allows is one the server
//! takes (checked in CI by schemathesis' positive and negative data checks).
//!
//! Patterns are ECMA-262 (JSON Schema's dialect) and only use classes every dialect reads alike.

use std::sync::OnceLock;

use utoipa::openapi::schema::{Object, ObjectBuilder, SchemaType, Type};

/// One line of text a person names something with: a character other than white space, and no
/// control characters (titles, names, labels; the server trims the ends).
pub const LINE: &str = r"^[^\x00-\x1f\x7f-\x9f]*[^\s\x00-\x1f\x7f-\x9f][^\x00-\x1f\x7f-\x9f]*$";

/// Free text over several lines: anything but NUL, which PostgreSQL cannot store.
pub const TEXT: &str = r"^[^\x00]*$";

/// An address part (programme and call slugs): lowercase letters, digits and inner hyphens.
pub const SLUG: &str = r"^[a-z0-9]([a-z0-9-]*[a-z0-9])?$";

/// A time as the call fields take it: an RFC 3339 instant (`2024-01-31T22:59:00Z`) or a
/// wall-clock time to the minute (`2024-01-31T23:59`) in the programme's zone.
pub const CALL_TIME: &str = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d(\.\d{1,6})?(Z|[+-]([01]\d|2[0-3]):[0-5]\d))?$";

/// A calendar date, `YYYY-MM-DD` (days 1–28 in the pattern, so every date it allows exists).
pub const DATE: &str = r"^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|1\d|2[0-8])$";

/// A website: empty, or a host of dotted letter-digit-hyphen labels (`https://` assumed when no
/// scheme is given), then a path, query or fragment without spaces (`tenancy::domain::parse_website`).
pub const WEBSITE: &str = r"^\s*((https?://)?[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)+([/?#]\S*)?)?\s*$";

fn string(pattern: &str) -> ObjectBuilder {
    ObjectBuilder::new().schema_type(Type::String).pattern(Some(pattern))
}

/// `LINE`, at most `MAX` characters.
pub fn line<const MAX: usize>() -> Object {
    string(LINE).max_length(Some(MAX)).build()
}

/// `LINE`, `MIN` to `MAX` characters.
pub fn line_between<const MIN: usize, const MAX: usize>() -> Object {
    string(LINE).min_length(Some(MIN)).max_length(Some(MAX)).build()
}

/// `TEXT`, at most `MAX` characters.
pub fn text_up_to<const MAX: usize>() -> Object {
    string(TEXT).max_length(Some(MAX)).build()
}

/// `TEXT` of any length (the server keeps what its field holds).
pub fn text() -> Object {
    string(TEXT).build()
}

/// `TEXT`, or `null` for "leave it as it is".
pub fn text_or_null() -> Object {
    ObjectBuilder::new().schema_type(SchemaType::from_iter([Type::String, Type::Null])).pattern(Some(TEXT)).build()
}

pub fn slug() -> Object {
    string(SLUG).min_length(Some(1)).max_length(Some(60)).build()
}

pub fn call_time() -> Object {
    string(CALL_TIME).build()
}

pub fn date() -> Object {
    string(DATE).build()
}

pub fn website() -> Object {
    string(WEBSITE).max_length(Some(500)).build()
}

/// A submission's answers by question id: each a text or the chosen options (`""` removes an
/// answer, a file answer included; a file answer left out stays as it is).
pub fn answers() -> Object {
    use utoipa::openapi::RefOr;
    use utoipa::openapi::schema::{ArrayBuilder, OneOfBuilder, Schema};
    let answer =
        OneOfBuilder::new().item(string(TEXT).build()).item(ArrayBuilder::new().items(string(TEXT).build()).build());
    ObjectBuilder::new()
        .schema_type(Type::Object)
        .property_names(Some(
            ObjectBuilder::new()
                .schema_type(Type::String)
                .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Uuid))),
        ))
        .additional_properties(Some(RefOr::T(Schema::OneOf(answer.build()))))
        .build()
}

/// One of a closed list of names, required in substance: the list has no empty value.
fn one_of<'a>(names: impl Iterator<Item = &'a str>) -> Object {
    ObjectBuilder::new().schema_type(Type::String).enum_values(Some(names)).build()
}

pub fn call_kind() -> Object {
    one_of(crate::calls::domain::CallKind::ALL.iter().map(|k| k.as_str()))
}

/// A reviewer's preference on an entry, or `""` for none.
pub fn preference() -> Object {
    one_of(std::iter::once("").chain(crate::selection::domain::Preference::ALL.iter().map(|p| p.as_str())))
}

/// A review's overall recommendation, or `""` for none yet.
pub fn recommendation() -> Object {
    one_of(std::iter::once("").chain(crate::selection::domain::Recommendation::ALL.iter().map(|r| r.as_str())))
}

/// A decision's outcome.
pub fn outcome() -> Object {
    one_of(crate::selection::domain::Outcome::ALL.iter().map(|o| o.as_str()))
}

pub fn screening_outcome() -> Object {
    one_of(["eligible", "ineligible"].into_iter())
}

pub fn question_kind() -> Object {
    one_of(crate::calls::domain::QuestionKind::ALL.iter().map(|k| k.as_str()))
}

pub fn phase_kind() -> Object {
    one_of(crate::programmes::domain::PhaseKind::ALL.iter().map(|k| k.as_str()))
}

pub fn government_level() -> Object {
    one_of(crate::tenancy::domain::GovernmentLevel::ALL.iter().map(|l| l.as_str()))
}

pub fn language() -> Object {
    one_of(crate::i18n::Lang::ALL.iter().map(|l| l.code()))
}

pub fn tenant_role() -> Object {
    one_of(crate::tenancy::domain::TenantRole::ALL.iter().map(|r| r.as_str()))
}

/// An email address (RFC 5322 `addr-spec`), at most 254 characters.
pub fn email() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .format(Some(utoipa::openapi::SchemaFormat::KnownFormat(utoipa::openapi::KnownFormat::Email)))
        .max_length(Some(254))
        .build()
}

/// Every IANA time zone name the server reads (`Europe/Paris`).
pub fn time_zone() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("An IANA time zone name, e.g. Europe/Paris"))
        .enum_values(Some(chrono_tz::TZ_VARIANTS.iter().map(|zone| zone.name())))
        .build()
}

/// Every ISO 3166-1 alpha-2 code of the `countries` table, read from the migration that fills
/// it (one source; a test compares the two).
pub fn country() -> Object {
    ObjectBuilder::new()
        .schema_type(Type::String)
        .description(Some("An ISO 3166-1 alpha-2 country code, e.g. BR"))
        .enum_values(Some(country_codes().iter().copied()))
        .build()
}

/// The codes `migrations/0002_countries.sql` inserts, in its order.
pub fn country_codes() -> &'static [&'static str] {
    static CODES: OnceLock<Vec<&'static str>> = OnceLock::new();
    CODES.get_or_init(|| {
        include_str!("../migrations/0002_countries.sql")
            .lines()
            .filter_map(|line| line.trim_start().strip_prefix("('"))
            .filter_map(|rest| rest.get(..2).filter(|code| code.bytes().all(|b| b.is_ascii_uppercase())))
            .collect()
    })
}

/// A list filter that takes one of `values`, or nothing (empty: no filter), as the HTML filter
/// form sends "any".
fn filter_of<'a>(values: impl Iterator<Item = &'a str>) -> Object {
    one_of(std::iter::once("").chain(values))
}

/// A list filter matched against `pattern`, or nothing.
fn filter_matching(pattern: &str) -> Object {
    string(pattern).build()
}

pub fn status_filter() -> Object {
    filter_of(crate::submissions::domain::SubmissionStatus::ALL.iter().map(|s| s.as_str()))
}

pub fn level_filter() -> Object {
    filter_of(crate::tenancy::domain::GovernmentLevel::ALL.iter().map(|l| l.as_str()))
}

pub fn continent_filter() -> Object {
    filter_of(crate::submissions::list::CONTINENTS.into_iter())
}

pub fn sort_filter() -> Object {
    filter_of(crate::submissions::list::ListSort::ALL.iter().map(|s| s.as_str()))
}

/// Two letters, either case (`br` or `BR`), or nothing.
pub fn country_filter() -> Object {
    filter_matching(r"^\s*([A-Za-z]{2})?\s*$")
}

/// A theme id, or nothing.
pub fn theme_filter() -> Object {
    filter_matching(
        r"^\s*([0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}|[0-9A-Fa-f]{32})?\s*$",
    )
}

/// Reads a whole number as JSON Schema's `integer` means it: `20` or `20.0` (a number with no
/// fraction), within `T`'s range. serde alone refuses `20.0` for an integer field.
pub fn whole_number<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<i64>,
{
    use serde::de::{Deserialize, Error};
    let number = serde_json::Number::deserialize(deserializer)?;
    let whole = match (number.as_i64(), number.as_f64()) {
        (Some(n), _) => Some(n),
        (None, Some(f)) if f.fract() == 0.0 && f.abs() < 9.0e15 => Some(f as i64),
        _ => None,
    };
    whole.and_then(|n| T::try_from(n).ok()).ok_or_else(|| D::Error::custom("expected a whole number in range"))
}

/// `whole_number`, for an optional field (`null` or left out: none).
pub fn optional_whole_number<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: serde::Deserializer<'de>,
    T: TryFrom<i64>,
{
    use serde::de::Deserialize;
    #[derive(serde::Deserialize)]
    struct Whole<T: TryFrom<i64>>(#[serde(deserialize_with = "whole_number")] T);
    Ok(Option::<Whole<T>>::deserialize(deserializer)?.map(|Whole(n)| n))
}

#[cfg(test)]
mod tests {
    #[derive(Debug, serde::Deserialize)]
    struct Body {
        #[serde(deserialize_with = "super::whole_number")]
        version: i32,
        #[serde(default, deserialize_with = "super::optional_whole_number")]
        limit: Option<i32>,
    }

    #[test]
    fn a_whole_number_may_be_written_with_a_zero_fraction_as_json_schema_allows() {
        let read = |json: &str| serde_json::from_str::<Body>(json).map(|b| (b.version, b.limit)).ok();
        assert_eq!(read(r#"{"version": 20}"#), Some((20, None)));
        assert_eq!(read(r#"{"version": 20.0, "limit": 5.0}"#), Some((20, Some(5))));
        assert_eq!(read(r#"{"version": -3, "limit": null}"#), Some((-3, None)));
        for refused in [r#"{"version": 20.5}"#, r#"{"version": 3000000000}"#, r#"{"version": "2"}"#, r#"{}"#] {
            assert_eq!(read(refused), None, "{refused}");
        }
    }

    #[test]
    fn the_migration_gives_every_country_code_once() {
        let codes = super::country_codes();
        assert_eq!(codes.len(), 249);
        assert!(codes.iter().all(|c| c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())));
        assert!(codes.contains(&"BR") && codes.contains(&"FI"));
    }
}
