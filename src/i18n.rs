//! The translation layer (Fluent files under `locales/`) and the one place that turns an instant
//! into text in the reader's language and time zone.

use std::borrow::Cow;
use std::collections::HashMap;

use chrono::{DateTime, Utc};
use chrono_tz::Tz;
use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, langid};
use serde::Serialize;

use crate::text_enum::text_enum;

fluent_templates::static_loader! {
    static LOCALES = {
        locales: "./locales",
        fallback_language: "en",
        // Fluent wraps arguments in Unicode isolation marks by default; our texts are
        // left-to-right only for now and the marks would leak into plain-text emails.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

text_enum! {
    /// A language the interface is written in, by its BCP 47 code (as a profile stores it).
    #[derive(Default)]
    pub enum Lang {
        #[default]
        En = "en",
    }
}

static EN: LanguageIdentifier = langid!("en");

impl Lang {
    pub fn code(self) -> &'static str {
        self.as_str()
    }

    /// The PostgreSQL ICU collation that sorts text as this language's readers expect ("Åland"
    /// with the A's, "Réunion" before "Rwanda"): `<language>-x-icu`.
    pub fn collation(self) -> &'static str {
        match self {
            Lang::En => "en-x-icu",
        }
    }

    /// The language's name in itself, for the language picker.
    pub fn native_name(self) -> &'static str {
        match self {
            Lang::En => "English",
        }
    }

    pub fn from_code(code: &str) -> Option<Lang> {
        Lang::ALL.iter().copied().find(|lang| lang.code().eq_ignore_ascii_case(code))
    }

    /// Picks the best supported language from an `Accept-Language` header.
    pub fn negotiate(accept_language: &str) -> Lang {
        let mut ranges: Vec<(f32, &str)> = accept_language
            .split(',')
            .filter_map(|part| {
                let mut pieces = part.trim().split(';');
                let tag = pieces.next()?.trim();
                let quality =
                    pieces.find_map(|p| p.trim().strip_prefix("q=")).and_then(|q| q.parse::<f32>().ok()).unwrap_or(1.0);
                (!tag.is_empty()).then_some((quality, tag))
            })
            .collect();
        ranges.sort_by(|a, b| b.0.total_cmp(&a.0));
        ranges.iter().find_map(|(_, tag)| Lang::from_code(tag.split('-').next().unwrap_or(tag))).unwrap_or_default()
    }

    fn identifier(self) -> &'static LanguageIdentifier {
        match self {
            Lang::En => &EN,
        }
    }

    /// The message `key`; a missing key shows as the key itself, which tests catch.
    pub fn t(self, key: &str) -> String {
        LOCALES.lookup(self.identifier(), key)
    }

    /// The message `key` with named arguments.
    pub fn t_args(self, key: &str, args: &[(&str, String)]) -> String {
        let args: HashMap<Cow<'static, str>, FluentValue> = args
            .iter()
            .map(|(name, value)| (Cow::Owned((*name).to_string()), FluentValue::from(value.clone())))
            .collect();
        LOCALES.lookup_with_args(self.identifier(), key, &args)
    }

    /// True when a translation exists for `key` (used by tests over every template key).
    pub fn has(self, key: &str) -> bool {
        match LOCALES.lookup_single_language::<&str>(self.identifier(), key, None) {
            Ok(_) => true,
            // The message exists but wants arguments (not given here); the error type is not
            // exported, so its text tells the cases apart.
            Err(error) => error.to_string().starts_with("Fluent errors"),
        }
    }

    fn chrono_locale(self) -> chrono::Locale {
        match self {
            Lang::En => chrono::Locale::en_GB,
        }
    }
}

/// Who is reading: their language and time zone. Every time shown goes through here.
#[derive(Clone, Copy, Debug)]
pub struct Reader {
    pub lang: Lang,
    pub zone: Tz,
}

impl Reader {
    pub fn new(lang: Lang, zone: Tz) -> Self {
        Self { lang, zone }
    }

    /// "27 November 2026, 14:03 CET": the instant in the reader's zone, with the zone named; a
    /// zone without an abbreviation (the database writes "-03") reads "UTC−03:00".
    pub fn datetime(&self, instant: &DateTime<Utc>) -> String {
        let local = instant.with_timezone(&self.zone);
        let zone = local.format("%Z").to_string();
        let zone = if zone.starts_with(['+', '-']) {
            local.format("UTC%:z").to_string().replace('-', "\u{2212}")
        } else {
            zone
        };
        format!("{} {zone}", local.format_localized("%-d %B %Y, %H:%M", self.lang.chrono_locale()))
    }

    /// "27 November 2026" in the reader's zone.
    pub fn date(&self, instant: &DateTime<Utc>) -> String {
        instant.with_timezone(&self.zone).format_localized("%-d %B %Y", self.lang.chrono_locale()).to_string()
    }
}

impl Reader {
    /// A calendar day ("1 December 2023"): no zone, it is the same day everywhere it is named.
    pub fn day(&self, day: &chrono::NaiveDate) -> String {
        day.format_localized("%-d %B %Y", self.lang.chrono_locale()).to_string()
    }
}

/// Machine-readable instant for `<time datetime="…">`.
pub fn iso(instant: &DateTime<Utc>) -> String {
    instant.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
}

/// A time zone from its IANA name.
pub fn parse_zone(name: &str) -> Option<Tz> {
    name.parse::<Tz>().ok()
}

/// An IANA time zone as a profile or a programme keeps it (a `text` column holding its name).
/// Reading a name that chrono-tz does not know is an error, never a silent UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TimeZone(Tz);

impl TimeZone {
    pub const UTC: TimeZone = TimeZone(chrono_tz::UTC);

    /// The zone named `name` exactly (`Europe/Paris`); None for anything else.
    pub fn parse(name: &str) -> Option<Self> {
        parse_zone(name).map(Self)
    }
    pub fn tz(self) -> Tz {
        self.0
    }
    pub fn name(self) -> &'static str {
        self.0.name()
    }
    /// Today's date there.
    pub fn today(self) -> chrono::NaiveDate {
        Utc::now().with_timezone(&self.0).date_naive()
    }
}

impl From<Tz> for TimeZone {
    fn from(zone: Tz) -> Self {
        Self(zone)
    }
}

impl Serialize for TimeZone {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl sqlx::Type<sqlx::Postgres> for TimeZone {
    fn type_info() -> sqlx::postgres::PgTypeInfo {
        <&str as sqlx::Type<sqlx::Postgres>>::type_info()
    }
    fn compatible(ty: &sqlx::postgres::PgTypeInfo) -> bool {
        <&str as sqlx::Type<sqlx::Postgres>>::compatible(ty)
    }
}

impl sqlx::Encode<'_, sqlx::Postgres> for TimeZone {
    fn encode_by_ref(
        &self,
        buf: &mut sqlx::postgres::PgArgumentBuffer,
    ) -> Result<sqlx::encode::IsNull, sqlx::error::BoxDynError> {
        <&str as sqlx::Encode<sqlx::Postgres>>::encode(self.name(), buf)
    }
}

impl<'r> sqlx::Decode<'r, sqlx::Postgres> for TimeZone {
    fn decode(value: sqlx::postgres::PgValueRef<'r>) -> Result<Self, sqlx::error::BoxDynError> {
        let name = <&str as sqlx::Decode<sqlx::Postgres>>::decode(value)?;
        Self::parse(name).ok_or_else(|| format!("{name:?} is not a time zone this program knows").into())
    }
}

/// Every IANA zone name, for the profile's select; legacy aliases left out.
pub fn zone_names() -> &'static [&'static str] {
    use std::sync::OnceLock;
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let mut names: Vec<&'static str> = chrono_tz::TZ_VARIANTS
            .iter()
            .map(|tz| tz.name())
            .filter(|name| {
                name.contains('/')
                    && !name.starts_with("Etc/")
                    && !name.starts_with("US/")
                    && !name.starts_with("SystemV/")
            })
            .chain(std::iter::once("UTC"))
            .collect();
        names.sort_unstable();
        names
    })
}

/// A time zone as a select shows it: its IANA name (the value sent) and a label for people,
/// "Buenos Aires, Argentina (UTC−03:00)".
#[derive(Clone, Debug)]
pub struct ZoneChoice {
    pub name: &'static str,
    pub label: String,
}

/// Zones of one region (the IANA name's first part: Africa, America, Europe…).
#[derive(Clone, Debug)]
pub struct ZoneGroup {
    /// The Fluent key of the region's name (`zone-region-<region>`).
    pub region_key: String,
    pub zones: Vec<ZoneChoice>,
}

/// The zones of the IANA database's zone.tab, as migration 0019 holds them: one per place people
/// live, by its current name.
fn canonical_zone_names() -> &'static [&'static str] {
    use std::sync::OnceLock;
    static NAMES: OnceLock<Vec<&'static str>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let migration = include_str!("../migrations/0019_country_time_zones.sql");
        let mut names: Vec<&'static str> = migration
            .lines()
            .filter_map(|line| line.trim().strip_prefix("('")?.split("', '").nth(1)?.split('\'').next())
            .filter_map(|name| zone_names().iter().find(|known| **known == name).copied())
            .collect();
        names.sort_unstable();
        names.dedup();
        names
    })
}

/// The regions of the IANA database's canonical zone names.
const ZONE_REGIONS: [&str; 10] =
    ["Africa", "America", "Antarctica", "Arctic", "Asia", "Atlantic", "Australia", "Europe", "Indian", "Pacific"];

/// The zones of zone.tab (plus UTC and `keep`, the zone already chosen), grouped by region and
/// labelled by place with its offset from UTC at `now`, places A to Z within a region; UTC at the
/// end. About 420 zones in 10 groups, which a select (and typing a place's first letters) can take.
pub fn zone_groups(now: DateTime<Utc>, keep: &str) -> Vec<ZoneGroup> {
    use chrono::Offset;
    let mut groups: Vec<ZoneGroup> = Vec::new();
    // The zones people live in (zone.tab), without old aliases (Kiev beside Kyiv); UTC; and the
    // zone already chosen, whatever its name, so a form never drops it.
    let mut names: Vec<&'static str> = canonical_zone_names().to_vec();
    names.push("UTC");
    if let Some(kept) = zone_names().iter().find(|n| **n == keep)
        && !names.contains(kept)
    {
        names.push(kept);
    }
    for name in names {
        // Old aliases ("Canada/Eastern", "UTC") go to "Other"; their place keeps the full name.
        let (region, place) = match name.split_once('/') {
            Some((region, place)) if ZONE_REGIONS.contains(&region) => (region, place),
            _ => ("Other", name),
        };
        let tz: Tz = name.parse().unwrap_or(chrono_tz::UTC);
        let seconds = now.with_timezone(&tz).offset().fix().local_minus_utc();
        let sign = if seconds < 0 { '\u{2212}' } else { '+' };
        let offset = format!("UTC{sign}{:02}:{:02}", seconds.abs() / 3600, seconds.abs() % 3600 / 60);
        // "Argentina/Buenos_Aires" → "Buenos Aires, Argentina".
        let mut parts: Vec<String> = place.split('/').map(|p| p.replace('_', " ")).collect();
        parts.reverse();
        let label = format!("{} ({offset})", parts.join(", "));
        let region_key = format!("zone-region-{}", region.to_ascii_lowercase());
        match groups.iter_mut().find(|g| g.region_key == region_key) {
            Some(group) => group.zones.push(ZoneChoice { name, label }),
            None => groups.push(ZoneGroup { region_key, zones: vec![ZoneChoice { name, label }] }),
        }
    }
    for group in &mut groups {
        group.zones.sort_by(|a, b| a.label.cmp(&b.label));
    }
    // UTC last, after the regions in alphabetical order.
    groups.sort_by_key(|g| (g.region_key == "zone-region-other", g.region_key.clone()));
    groups
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::TimeZone;

    #[test]
    fn a_zone_without_an_abbreviation_is_named_by_its_offset() {
        let instant = Utc.with_ymd_and_hms(2026, 7, 1, 12, 0, 0).unwrap();
        let reader = Reader::new(Lang::En, chrono_tz::America::Sao_Paulo);
        assert_eq!(reader.datetime(&instant), "1 July 2026, 09:00 UTC\u{2212}03:00");
        let paris = Reader::new(Lang::En, chrono_tz::Europe::Paris);
        assert_eq!(paris.datetime(&instant), "1 July 2026, 14:00 CEST");
    }

    #[test]
    fn zones_are_grouped_by_region_and_named_by_place() {
        let winter = Utc.with_ymd_and_hms(2026, 1, 15, 12, 0, 0).unwrap();
        let groups = zone_groups(winter, "Europe/Kiev");
        let europe = groups.iter().find(|g| g.region_key == "zone-region-europe").expect("Europe");
        let paris = europe.zones.iter().find(|z| z.name == "Europe/Paris").expect("Paris");
        assert_eq!(paris.label, "Paris (UTC+01:00)");
        let america = groups.iter().find(|g| g.region_key == "zone-region-america").expect("America");
        let buenos_aires = america.zones.iter().find(|z| z.name == "America/Argentina/Buenos_Aires").expect("BA");
        assert_eq!(buenos_aires.label, "Buenos Aires, Argentina (UTC\u{2212}03:00)");
        assert_eq!(groups.last().map(|g| g.region_key.as_str()), Some("zone-region-other"));
        let all: Vec<&str> = groups.iter().flat_map(|g| g.zones.iter().map(|z| z.name)).collect();
        assert!(all.contains(&"Europe/Kyiv") && all.contains(&"Europe/Kiev"), "the chosen alias is kept");
        assert!(!all.contains(&"Asia/Calcutta") && all.contains(&"Asia/Kolkata"), "no other alias");
        let labels: Vec<&str> = groups.iter().flat_map(|g| g.zones.iter().map(|z| z.label.as_str())).collect();
        assert!(labels.iter().filter(|l| l.starts_with("Istanbul")).count() == 1, "one Istanbul");
        assert!(all.len() > 400 && all.len() < 440, "{}", all.len());
        assert!(groups.len() <= 11, "a handful of groups: {}", groups.len());
    }

    #[test]
    fn negotiation_prefers_the_highest_quality_supported_language() {
        assert_eq!(Lang::negotiate("de-DE,de;q=0.9,en;q=0.5"), Lang::En);
        assert_eq!(Lang::negotiate(""), Lang::En);
        assert_eq!(Lang::negotiate("en-GB"), Lang::En);
    }

    #[test]
    fn times_are_shown_in_the_readers_zone_with_the_zone_named() {
        let instant = Utc.with_ymd_and_hms(2026, 11, 27, 13, 3, 0).unwrap();
        let paris = Reader::new(Lang::En, chrono_tz::Europe::Paris);
        assert_eq!(paris.datetime(&instant), "27 November 2026, 14:03 CET");
        let sao_paulo = Reader::new(Lang::En, chrono_tz::America::Sao_Paulo);
        assert_eq!(sao_paulo.datetime(&instant), "27 November 2026, 10:03 UTC\u{2212}03:00");
        let tokyo = Reader::new(Lang::En, chrono_tz::Asia::Tokyo);
        assert_eq!(tokyo.date(&Utc.with_ymd_and_hms(2026, 11, 27, 20, 0, 0).unwrap()), "28 November 2026");
    }

    #[test]
    fn zone_list_has_real_zones_and_no_aliases() {
        let names = zone_names();
        assert!(names.contains(&"Europe/Paris"));
        assert!(names.contains(&"America/Sao_Paulo"));
        assert!(names.contains(&"UTC"));
        assert!(!names.iter().any(|n| n.starts_with("US/")));
    }
}
