//! The `?after=` query parameter of every paged list (the cursors themselves are in `db/cursor.rs`),
//! and the links between a list's pages.

use serde::Deserialize;

use crate::db::cursor::Cursor;

/// How many earlier pages a list's address remembers for "Previous"; further back, "Previous"
/// leads to the first page.
const MAX_TRAIL: usize = 50;

/// `?after=…` on any list; on pages, also `?trail=…`: the cursors of the pages read before this
/// one, oldest first, comma-separated (cursors are URL-safe base64, never a comma). With it a page
/// links to the one before without the store reading backwards.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Opaque cursor from the previous page's `next`.
    pub after: Option<String>,
    /// Pages only: where the earlier pages started.
    #[param(ignore)]
    #[serde(default)]
    pub trail: Option<String>,
}

impl PageQuery {
    pub fn cursor(&self) -> Option<Cursor> {
        self.after.as_deref().and_then(Cursor::decode)
    }

    /// The links of this page to its neighbours, `base` being the list's other parameters as a
    /// query string (its filters and order; empty for none) and `next` the cursor after the page.
    pub fn pager(&self, base: &str, next: Option<&str>) -> Pager {
        let after = self.after.as_deref().filter(|a| !a.is_empty());
        let trail: Vec<&str> = self.trail.as_deref().unwrap_or_default().split(',').filter(|c| !c.is_empty()).collect();
        let link = |after: Option<&str>, trail: &[&str]| {
            let mut query = url::form_urlencoded::Serializer::new(base.to_string());
            if let Some(after) = after {
                query.append_pair("after", after);
            }
            if !trail.is_empty() {
                query.append_pair("trail", &trail.join(","));
            }
            query.finish()
        };
        let previous = after.map(|_| match trail.split_last() {
            Some((before, earlier)) => link(Some(before), earlier),
            None => link(None, &[]),
        });
        let next = next.map(|next| {
            let mut longer: Vec<&str> = trail.clone();
            longer.extend(after);
            let keep = longer.len().saturating_sub(MAX_TRAIL);
            link(Some(next), &longer[keep..])
        });
        Pager { previous, next, number: after.map_or(1, |_| trail.len() + 2) }
    }
}

/// A page's links to the pages before and after it, as query strings, and its number (counted
/// from the first page as far as the trail remembers).
#[derive(Clone, Debug, Default)]
pub struct Pager {
    pub previous: Option<String>,
    pub next: Option<String>,
    pub number: usize,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(after: Option<&str>, trail: Option<&str>) -> PageQuery {
        PageQuery { after: after.map(str::to_string), trail: trail.map(str::to_string) }
    }

    #[test]
    fn the_first_page_has_no_previous_and_its_next_starts_the_trail() {
        let pager = at(None, None).pager("status=submitted", Some("C1"));
        assert_eq!(pager.previous, None);
        assert_eq!(pager.next.as_deref(), Some("status=submitted&after=C1"));
        assert_eq!(pager.number, 1);
    }

    #[test]
    fn the_second_page_goes_back_to_the_first_with_the_same_filters() {
        let pager = at(Some("C1"), None).pager("status=submitted", Some("C2"));
        assert_eq!(pager.previous.as_deref(), Some("status=submitted"));
        assert_eq!(pager.next.as_deref(), Some("status=submitted&after=C2&trail=C1"));
        assert_eq!(pager.number, 2);
    }

    #[test]
    fn the_third_page_goes_back_to_the_second() {
        let pager = at(Some("C2"), Some("C1")).pager("", None);
        assert_eq!(pager.previous.as_deref(), Some("after=C1"));
        assert_eq!(pager.next, None);
        assert_eq!(pager.number, 3);
    }

    #[test]
    fn the_trail_is_bounded() {
        let long: Vec<String> = (0..MAX_TRAIL + 5).map(|i| format!("C{i}")).collect();
        let pager = at(Some("X"), Some(&long.join(","))).pager("", Some("Y"));
        let next = pager.next.unwrap();
        let trail = next.split("trail=").nth(1).unwrap();
        assert_eq!(trail.split("%2C").count(), MAX_TRAIL);
        assert!(trail.ends_with("X"));
    }
}
