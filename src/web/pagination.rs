//! Keyset pagination: a page ends at a (timestamp, id) or (text, id) cursor and the next page
//! starts after it, so every page costs the same however long the list grows.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use serde::Deserialize;
use uuid::Uuid;

pub const PAGE_SIZE: i64 = 50;

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Cursor {
    pub at: DateTime<Utc>,
    pub id: Uuid,
}

impl Cursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}|{}", self.at.timestamp_micros(), self.id))
    }

    /// A cursor from the query string; anything unreadable is treated as "first page".
    pub fn decode(raw: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (micros, id) = text.split_once('|')?;
        Some(Self { at: DateTime::from_timestamp_micros(micros.parse().ok()?)?, id: id.parse().ok()? })
    }
}

/// `?after=…` on any list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
pub struct PageQuery {
    /// Opaque cursor from the previous page's `next`.
    pub after: Option<String>,
}

impl PageQuery {
    pub fn cursor(&self) -> Option<Cursor> {
        self.after.as_deref().and_then(Cursor::decode)
    }
}

/// Where a list ordered by text (a title, a name) ended: the last row's text and its id.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TextCursor {
    pub key: String,
    pub id: Uuid,
}

impl TextCursor {
    pub fn encode(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("{}|{}", self.key, self.id))
    }

    /// Anything unreadable is treated as "first page". The key may itself hold `|`.
    pub fn decode(raw: &str) -> Option<Self> {
        let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
        let text = String::from_utf8(bytes).ok()?;
        let (key, id) = text.rsplit_once('|')?;
        Some(Self { key: key.to_string(), id: id.parse().ok()? })
    }
}

/// Fetches one more row than shown to learn whether a next page exists; `cursor` encodes where
/// the page ended.
pub fn split_page<T>(mut rows: Vec<T>, limit: i64, cursor: impl Fn(&T) -> String) -> (Vec<T>, Option<String>) {
    let limit = usize::try_from(limit).unwrap_or(usize::MAX);
    if rows.len() > limit {
        rows.truncate(limit);
        let next = rows.last().map(cursor);
        (rows, next)
    } else {
        (rows, None)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cursors_round_trip_and_garbage_is_ignored() {
        let cursor = Cursor { at: DateTime::from_timestamp_micros(1_700_000_000_123_456).unwrap(), id: Uuid::now_v7() };
        assert_eq!(Cursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(Cursor::decode("not-a-cursor"), None);
        assert_eq!(Cursor::decode(""), None);
    }

    #[test]
    fn text_cursors_round_trip_even_with_the_separator_in_the_key() {
        let cursor = TextCursor { key: "Data | evidence, à Paris".into(), id: Uuid::now_v7() };
        assert_eq!(TextCursor::decode(&cursor.encode()), Some(cursor));
        assert_eq!(TextCursor::decode("not-a-cursor"), None);
    }

    #[test]
    fn a_next_cursor_exists_only_when_more_rows_came_back() {
        let at = DateTime::from_timestamp_micros(0).unwrap();
        let key = |id: &Uuid| Cursor { at, id: *id }.encode();
        let rows: Vec<Uuid> = (0..3).map(|_| Uuid::now_v7()).collect();
        let (page, next) = split_page(rows.clone(), 2, key);
        assert_eq!(page.len(), 2);
        assert_eq!(next, Some(key(&rows[1])));
        let (page, next) = split_page(rows, 3, key);
        assert_eq!(page.len(), 3);
        assert_eq!(next, None);
    }
}
