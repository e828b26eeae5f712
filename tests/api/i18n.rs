//! Every piece of UI text goes through Fluent: each key used by a template or the code exists.

use sweetspot::i18n::Lang;

/// Keys written literally as `t("…")`, `t1("…"`, `t2("…"`, `t_args("…"` or error codes `"error-…"`.
fn keys_in(source: &str, is_code: bool) -> Vec<String> {
    let mut keys = Vec::new();
    // A leading dot keeps `insert("…")` and the like from looking like `t("…")`.
    for marker in
        [".t(\"", ".t1(\"", ".t2(\"", ".t_args(\"", "Err(\"", "Conflict(\"", "Stale(\"", "BadRequest(\"", ".ok_or(\""]
    {
        let mut rest = source;
        while let Some(at) = rest.find(marker) {
            rest = &rest[at + marker.len()..];
            if let Some(end) = rest.find('"') {
                let key = &rest[..end];
                if key.chars().all(|c| c.is_ascii_lowercase() || c == '-') && key.contains('-') {
                    keys.push(key.to_string());
                }
            }
        }
    }
    // Second arguments such as errors.add("field", "error-…") and redirect notices.
    for word in source.split('"').filter(|_| is_code) {
        if (word.starts_with("error-") || word.starts_with("notice-") || word.starts_with("info-"))
            && word.chars().all(|c| c.is_ascii_lowercase() || c == '-')
        {
            keys.push(word.to_string());
        }
    }
    keys
}

fn files_under(dir: &str, ext: &str, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(path.to_str().unwrap(), ext, out);
        } else if path.extension().is_some_and(|e| e == ext) {
            out.push(path);
        }
    }
}

#[test]
fn every_message_key_used_in_templates_and_code_has_an_english_text() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files = Vec::new();
    files_under(&format!("{root}/templates"), "html", &mut files);
    files_under(&format!("{root}/src"), "rs", &mut files);
    let mut missing = Vec::new();
    let mut checked = 0;
    for file in files {
        let source = std::fs::read_to_string(&file).unwrap();
        let is_code = file.extension().is_some_and(|e| e == "rs");
        for key in keys_in(&source, is_code) {
            checked += 1;
            if !Lang::En.has(&key) {
                missing.push(format!("{key} ({})", file.display()));
            }
        }
    }
    missing.sort();
    missing.dedup();
    assert!(checked > 200, "the scan found the keys ({checked})");
    assert!(missing.is_empty(), "keys without text: {missing:#?}");
}

#[test]
fn every_stored_value_has_a_name_in_english() {
    use sweetspot::calls::domain::{CallKind, CallStatus, QuestionKind};
    use sweetspot::notify::outbox::DeliveryStatus;
    use sweetspot::programmes::domain::PhaseKind;
    use sweetspot::submissions::domain::SubmissionStatus;
    use sweetspot::submissions::list::ListSort;
    use sweetspot::tenancy::domain::{GovernmentLevel, TenantRole};
    let keys: Vec<&str> = [
        TenantRole::ALL.iter().flat_map(|r| [r.label_key(), r.hint_key()]).collect::<Vec<_>>(),
        GovernmentLevel::ALL.iter().map(|v| v.label_key()).collect(),
        CallKind::ALL.iter().map(|v| v.label_key()).collect(),
        CallStatus::ALL.iter().map(|v| v.label_key()).collect(),
        QuestionKind::ALL.iter().map(|v| v.label_key()).collect(),
        PhaseKind::ALL.iter().map(|v| v.label_key()).collect(),
        SubmissionStatus::ALL.iter().map(|v| v.label_key()).collect(),
        ListSort::ALL.iter().map(|v| v.label_key()).collect(),
        DeliveryStatus::ALL.iter().map(|v| v.label_key()).collect(),
    ]
    .concat();
    assert_eq!(keys.len(), 8 + 4 + 3 + 3 + 9 + 8 + 3 + 4 + 3);
    let missing: Vec<&str> = keys.into_iter().filter(|key| !Lang::En.has(key)).collect();
    assert!(missing.is_empty(), "keys without text: {missing:?}");
}

/// Every action the code writes to the audit log reads as a sentence on the audit page (it
/// showed `submission.withdrawn {}` before), and every role has its landing text.
#[test]
fn every_audit_action_and_role_landing_has_an_english_text() {
    let root = env!("CARGO_MANIFEST_DIR");
    let mut files = Vec::new();
    files_under(&format!("{root}/src"), "rs", &mut files);
    let sources: Vec<String> = files.iter().map(|file| std::fs::read_to_string(file).unwrap()).collect();
    // The areas that write to the log are the first words of the actions at the call sites
    // (`access.audit("round.opened", …)`, `Entry::new("account.signed_up", …)`), so a new
    // capability's actions are checked without listing it here; then every literal of that shape
    // counts, actions chosen through a variable too.
    let mut areas = std::collections::BTreeSet::new();
    for source in &sources {
        for call in [".audit(\"", "Entry::new(\""] {
            for rest in source.split(call).skip(1) {
                if let Some((area, _)) = rest.split('"').next().and_then(|action| action.split_once('.')) {
                    areas.insert(format!("{area}."));
                }
            }
        }
    }
    assert!(areas.contains("comment.") && areas.contains("round."), "the scan found the areas: {areas:?}");
    let mut actions = Vec::new();
    for source in &sources {
        for piece in source.split('"') {
            let is_action = piece.split('.').count() == 2
                && piece.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_')
                && areas.iter().any(|area| piece.starts_with(area.as_str()));
            if is_action {
                actions.push(piece.to_string());
            }
        }
    }
    actions.sort();
    actions.dedup();
    assert!(actions.contains(&"submission.withdrawn".to_string()), "the scan found the actions: {actions:?}");
    let row = |action: &str| sweetspot::audit::AuditRow {
        id: uuid::Uuid::nil(),
        created_at: chrono::Utc::now(),
        actor_email: None,
        actor_name: None,
        action: action.into(),
        subject_type: String::new(),
        subject_id: None,
        subject_name: None,
        details: serde_json::json!({}),
    };
    let missing: Vec<String> = actions.iter().map(|a| row(a).action_key()).filter(|key| !Lang::En.has(key)).collect();
    assert!(missing.is_empty(), "audit actions without text: {missing:?}");
    use sweetspot::tenancy::domain::TenantRole;
    let roles: Vec<String> = TenantRole::ALL.iter().map(|r| format!("role-here-{}", r.as_str())).collect();
    assert!(roles.iter().all(|key| Lang::En.has(key)), "role landing texts: {roles:?}");
}
