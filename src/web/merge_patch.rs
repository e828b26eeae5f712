//! `PATCH` bodies as JSON Merge Patches (RFC 7396): the fields sent change, the fields left out
//! keep their saved values, `null` clears a field, and an array sent replaces the whole array.
//! Every versioned record's `PATCH` reads its body as a `VersionedPatch` and merges it onto the
//! record's saved input before the same checks a full edit passes.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A merge patch with the version it was written against (`version` is required: a stale one
/// is refused with 409 by the service, as for any edit).
#[derive(Debug, serde::Deserialize)]
pub struct VersionedPatch {
    pub version: i32,
    #[serde(flatten)]
    pub changes: serde_json::Map<String, serde_json::Value>,
}

impl VersionedPatch {
    /// `saved` (a record's input as it is saved) with the changes merged in, read back as `T`.
    ///
    /// Errors: 400 (`error-json-shape`) when a value sent has the wrong type for its field.
    pub fn apply<T: Serialize + DeserializeOwned>(&self, saved: &T) -> Result<T, AppError> {
        merge(saved, &self.changes)
    }
}

/// `saved` with `changes` merged in (RFC 7396), for a body without a version.
pub fn merge<T: Serialize + DeserializeOwned>(
    saved: &T,
    changes: &serde_json::Map<String, serde_json::Value>,
) -> Result<T, AppError> {
    let mut document = serde_json::to_value(saved).map_err(|e| AppError::Internal(e.into()))?;
    json_patch::merge(&mut document, &serde_json::Value::Object(changes.clone()));
    serde_json::from_value(document).map_err(|_| AppError::BadRequest("error-json-shape"))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::VersionedPatch;

    #[derive(Debug, Default, PartialEq, serde::Serialize, serde::Deserialize)]
    #[serde(default)]
    struct Input {
        title: String,
        summary: String,
        tags: Vec<String>,
    }

    fn patch(body: serde_json::Value) -> VersionedPatch {
        serde_json::from_value(body).unwrap()
    }

    #[test]
    fn fields_left_out_keep_their_saved_values() {
        let saved = Input { title: "Old".into(), summary: "Kept".into(), tags: vec!["a".into(), "b".into()] };
        let merged = patch(json!({ "version": 3, "title": "New" })).apply(&saved).unwrap();
        assert_eq!(merged, Input { title: "New".into(), ..saved });
    }

    #[test]
    fn null_clears_and_an_array_replaces_the_whole_array() {
        let saved = Input { title: "Old".into(), summary: "Gone".into(), tags: vec!["a".into(), "b".into()] };
        let merged = patch(json!({ "version": 1, "summary": null, "tags": ["c"] })).apply(&saved).unwrap();
        assert_eq!(merged, Input { title: "Old".into(), summary: String::new(), tags: vec!["c".into()] });
    }

    #[test]
    fn a_value_of_the_wrong_type_is_refused() {
        let refused = patch(json!({ "version": 1, "title": 5 })).apply(&Input::default());
        assert!(refused.is_err());
    }
}
