//! Every piece of UI text goes through Fluent: each key used by a template or the code exists.

use sweetspot::i18n::Lang;

/// Keys written literally as `t("…")`, `t1("…"`, `t2("…"`, `t_args("…"` or error codes `"error-…"`.
fn keys_in(source: &str, is_code: bool) -> Vec<String> {
    let mut keys = Vec::new();
    // A leading dot keeps `insert("…")` and the like from looking like `t("…")`.
    for marker in [".t(\"", ".t1(\"", ".t2(\"", ".t_args(\"", "Err(\"", "Conflict(\"", "BadRequest(\"", ".ok_or(\""] {
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
        if (word.starts_with("error-") || word.starts_with("notice-"))
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
fn keys_built_from_stored_values_exist_for_every_value() {
    use sweetspot::tenancy::domain::{GovernmentLevel, TenantRole};
    for level in GovernmentLevel::ALL {
        assert!(Lang::En.has(&format!("level-{}", level.as_str())));
    }
    for role in TenantRole::ALL {
        assert!(Lang::En.has(&format!("role-{}", role.as_str())));
        assert!(Lang::En.has(role.hint_key()));
    }
    for status in ["pending", "sent", "failed"] {
        assert!(Lang::En.has(&format!("outbox-status-{status}")));
    }
}
