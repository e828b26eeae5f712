//! Keyset pagination: a page ends at a (timestamp, id) or (text, id) cursor and the next page
//! starts after it, so every page costs the same however long the list grows. Stores take the
//! cursors; services hand back a `Page`.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use chrono::{DateTime, Utc};
use uuid::Uuid;

/// Rows on one page of any list.
pub const PAGE_SIZE: i64 = 50;

/// One page of a list: its rows, and the cursor of the next page when there is one.
#[derive(Clone, Debug)]
pub struct Page<T> {
    pub items: Vec<T>,
    /// Opaque: pass it back as `?after=` to read on.
    pub next: Option<String>,
}

impl<T> Page<T> {
    /// A list that is never paged (a person's own few rows).
    pub fn whole(items: Vec<T>) -> Self {
        Self { items, next: None }
    }

    /// The page of `rows`, read with a limit of `PAGE_SIZE + 1`: the extra row only tells that a
    /// next page exists, and `cursor` says where this one ended.
    pub fn of(rows: Vec<T>, cursor: impl Fn(&T) -> String) -> Self {
        let (items, next) = split_page(rows, PAGE_SIZE, cursor);
        Self { items, next }
    }
}

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
