//! The staff list's query: its filters and its orders, as a page or the JSON list reads them from
//! the query string, and where a page of each order ends.

use crate::db::cursor::{Cursor, TextCursor};
use crate::submissions::domain::Submission;
use crate::text_enum::text_enum;

/// Filters of the staff list. All optional.
#[derive(Clone, Debug, Default, serde::Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
#[serde(default)]
pub struct ListFilter {
    /// draft, submitted or withdrawn.
    pub status: String,
    /// ISO 3166-1 alpha-2 code.
    pub country: String,
    /// africa, asia, europe, north-america, oceania or south-america.
    pub continent: String,
    /// national, regional, local or international.
    pub level: String,
    /// A theme id.
    pub theme: String,
    /// Words to find in titles and summaries.
    pub q: String,
    /// The order: newest (default), oldest, updated (recently changed first) or title (A to Z).
    #[param(inline)]
    pub sort: ListSort,
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
