//! The `?after=` query parameter of every paged list (the cursors themselves are in `db/cursor.rs`).

use serde::Deserialize;

use crate::db::cursor::Cursor;

/// `?after=…` on any list.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// Opaque cursor from the previous page's `next`.
    pub after: Option<String>,
}

impl PageQuery {
    pub fn cursor(&self) -> Option<Cursor> {
        self.after.as_deref().and_then(Cursor::decode)
    }
}
