//! The staff list's query: its filters and its orders, as a page or the JSON list reads them from
//! the query string, and where a page of each order ends.

use crate::db::cursor::{Cursor, TextCursor};
use crate::error::{AppError, FieldErrors};
use crate::submissions::domain::{Submission, SubmissionStatus};
use crate::tenancy::domain::GovernmentLevel;
use crate::text_enum::text_enum;

/// The continents of `countries.continent` (migration 0002).
pub const CONTINENTS: [&str; 7] =
    ["africa", "antarctica", "asia", "europe", "north-america", "oceania", "south-america"];

impl ListFilter {
    /// Refuses a filter value the list does not know (422, naming the parameter): an unknown one
    /// used to answer an empty list, as if nothing matched.
    pub fn check(&self) -> Result<(), AppError> {
        let mut errors = FieldErrors::new();
        let mut unknown = |parameter: &str, value: &str, known: bool| {
            if !value.trim().is_empty() && !known {
                errors.add_with(parameter, "error-filter-unknown", &[("value", value.trim().to_string())]);
            }
        };
        unknown("status", &self.status, SubmissionStatus::from_name(self.status.trim()).is_some());
        unknown("level", &self.level, GovernmentLevel::from_name(self.level.trim()).is_some());
        unknown("continent", &self.continent, CONTINENTS.contains(&self.continent.trim()));
        let country = self.country.trim();
        unknown("country", country, country.len() == 2 && country.bytes().all(|b| b.is_ascii_alphabetic()));
        unknown("theme", &self.theme, self.theme.trim().parse::<uuid::Uuid>().is_ok());
        unknown("sort", &self.sort_given, ListSort::from_name(self.sort_given.trim()).is_some());
        // PostgreSQL cannot hold NUL in text: refused here, before a list or an export starts.
        if self.q.contains('\0') {
            errors.add("q", "error-text-control-characters");
        }
        errors.into_result()
    }

    /// Whether a filter or a search narrows the list (the order alone does not).
    pub fn is_filtered(&self) -> bool {
        [&self.status, &self.country, &self.continent, &self.level, &self.theme, &self.q]
            .iter()
            .any(|value| !value.trim().is_empty())
    }

    /// The order asked for; newest when none (or one `check` refuses) was given.
    pub fn sort(&self) -> ListSort {
        ListSort::from_name(self.sort_given.trim()).unwrap_or_default()
    }
}

/// Filters of the staff list. All optional.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ListFilter {
    /// draft, submitted or withdrawn.
    #[param(schema_with = crate::request_schema::status_filter)]
    pub status: String,
    /// ISO 3166-1 alpha-2 code, either case.
    #[param(schema_with = crate::request_schema::country_filter)]
    pub country: String,
    #[param(schema_with = crate::request_schema::continent_filter)]
    pub continent: String,
    #[param(schema_with = crate::request_schema::level_filter)]
    pub level: String,
    /// A theme id.
    #[param(schema_with = crate::request_schema::theme_filter)]
    pub theme: String,
    /// Words to find in titles and summaries: accents and word forms (English, French, Spanish,
    /// Portuguese) do not matter; `"a phrase"`, `or` and `-word` work as in web search.
    #[param(schema_with = crate::request_schema::text)]
    pub q: String,
    /// The order: newest (default), oldest, updated (recently changed first) or title (A to Z).
    /// Read as text, so that an unknown order is refused like an unknown filter value (422).
    #[serde(rename = "sort")]
    #[param(rename = "sort", schema_with = crate::request_schema::sort_filter)]
    pub sort_given: String,
    /// Opaque cursor from the previous page.
    pub after: String,
}

text_enum! {
    /// Orders of a call's submissions. Each is served by an index of its own, and a page ends at
    /// a cursor of the same key.
    #[derive(Default)]
    pub enum ListSort {
        #[default]
        Newest = "newest" => "sort-newest",
        Oldest = "oldest" => "sort-oldest",
        Updated = "updated" => "sort-updated",
        Title = "title" => "sort-title",
    }
}

impl ListSort {
    /// The cursor for the page after the one that ended with `last`.
    pub fn cursor_after(self, last: &Submission) -> String {
        match self {
            ListSort::Newest | ListSort::Oldest => Cursor { at: last.created_at, id: last.id.0 }.encode(),
            ListSort::Updated => Cursor { at: last.updated_at, id: last.id.0 }.encode(),
            ListSort::Title => TextCursor { key: last.title.clone(), id: last.id.0 }.encode(),
        }
    }
}
