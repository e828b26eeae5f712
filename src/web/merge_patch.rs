//! `PATCH` bodies in the manner of a JSON Merge Patch (RFC 7396) on a flat record: the fields sent
//! replace the saved ones, the fields left out keep their saved values, and an array sent
//! replaces the whole array. Unlike RFC 7396, `null` does not delete a member (the records have
//! no optional members to delete): it is the value "none", taken where the schema allows it
//! (a question's `word_limit`) and refused (400) elsewhere, so the body reads as its schema says.
//! Every `PATCH` reads its body this way and merges it onto the record's saved input before the
//! same checks a full edit passes.

use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::error::AppError;

/// A merge patch with the version it was written against (`version` is required: a stale one
/// is refused with 409 by the service, as for any edit).
#[derive(Debug, serde::Deserialize)]
pub struct VersionedPatch {
    #[serde(deserialize_with = "crate::request_schema::whole_number")]
    pub version: i32,
    #[serde(flatten)]
    pub changes: serde_json::Map<String, serde_json::Value>,
}

impl VersionedPatch {
    /// `saved` (a record's input as it is saved) with the changes laid over it, read back as `T`.
    ///
    /// Errors: 400 (`error-json-shape`) when a value sent has the wrong type for its field.
    pub fn apply<T: Serialize + DeserializeOwned>(&self, saved: &T) -> Result<T, AppError> {
        merge(saved, &self.changes)
    }
}

/// `saved` with each field of `changes` laid over it, for a body without a version.
///
/// Errors: 400 (`error-json-shape`) when a value sent has the wrong type for its field.
pub fn merge<T: Serialize + DeserializeOwned>(
    saved: &T,
    changes: &serde_json::Map<String, serde_json::Value>,
) -> Result<T, AppError> {
    let mut document = match serde_json::to_value(saved).map_err(|e| AppError::Internal(e.into()))? {
        serde_json::Value::Object(fields) => fields,
        _ => return Err(AppError::Internal(anyhow::anyhow!("a record's input is not a JSON object"))),
    };
    for (field, value) in changes {
        document.insert(field.clone(), value.clone());
    }
    serde_json::from_value(serde_json::Value::Object(document)).map_err(|_| AppError::BadRequest("error-json-shape"))
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
        limit: Option<i32>,
    }

    fn patch(body: serde_json::Value) -> VersionedPatch {
        serde_json::from_value(body).unwrap()
    }

    fn saved() -> Input {
        Input { title: "Old".into(), summary: "Kept".into(), tags: vec!["a".into(), "b".into()], limit: Some(5) }
    }

    #[test]
    fn fields_left_out_keep_their_saved_values() {
        let merged = patch(json!({ "version": 3, "title": "New" })).apply(&saved()).unwrap();
        assert_eq!(merged, Input { title: "New".into(), ..saved() });
    }

    #[test]
    fn an_array_replaces_the_whole_array_and_null_means_none_where_none_is_allowed() {
        let merged = patch(json!({ "version": 1, "tags": ["c"], "limit": null })).apply(&saved()).unwrap();
        assert_eq!(merged, Input { tags: vec!["c".into()], limit: None, ..saved() });
    }

    #[test]
    fn null_for_a_field_that_cannot_be_none_and_a_value_of_the_wrong_type_are_refused() {
        for body in [json!({ "version": 1, "summary": null }), json!({ "version": 1, "title": 5 })] {
            assert!(patch(body.clone()).apply(&saved()).is_err(), "{body}");
        }
    }
}
