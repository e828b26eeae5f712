//! The body of every API request that moves an item of an ordered list (a call's questions, a
//! round's criteria) one place.

use serde::Deserialize;
use utoipa::ToSchema;

#[derive(Clone, Copy, Debug, Deserialize, ToSchema)]
#[serde(rename_all = "lowercase")]
pub enum Direction {
    Up,
    Down,
}

#[derive(Deserialize, ToSchema)]
pub struct Move {
    /// One place earlier (`up`) or later (`down`) in the list; at either end nothing moves.
    pub direction: Direction,
}

impl Move {
    pub fn is_up(&self) -> bool {
        matches!(self.direction, Direction::Up)
    }
}
