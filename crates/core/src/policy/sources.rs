//! Where managed values come from, each read into the same shape: named raw values.

use std::path::Path;

/// A value as a source stores it (registry DWORD/QWORD/string, plist, JSON).
#[derive(Debug, Clone, PartialEq)]
pub enum Raw {
    Int(i64),
    Bool(bool),
    Str(String),
    Other(String),
}

/// One source's values, in its own words.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Found {
    /// Where it was read (a path or a registry key), shown in `status`.
    pub name: String,
    pub values: Vec<(String, Raw)>,
    pub warnings: Vec<String>,
    /// The source exists but could not be read or parsed: what it would manage is unknown,
    /// so the custom endpoint is refused (fail closed).
    pub failed: bool,
    /// A per-user source (HKCU, the user's managed preferences): it may not allow the custom
    /// endpoint, a machine-class setting.
    pub user_scope: bool,
}

impl Found {
    pub fn new(name: impl Into<String>) -> Self {
        Self {
            name: name.into(),
            ..Self::default()
        }
    }

    /// A source that exists but cannot be used.
    pub fn failed(mut self, why: String) -> Self {
        self.warnings.push(format!("{}: {why}", self.name));
        self.failed = true;
        self
    }
}

fn raw_json(value: serde_json::Value) -> Raw {
    match value {
        serde_json::Value::Bool(b) => Raw::Bool(b),
        serde_json::Value::Number(n) => n
            .as_i64()
            .map_or_else(|| Raw::Other(n.to_string()), Raw::Int),
        serde_json::Value::String(s) => Raw::Str(s),
        other => Raw::Other(other.to_string()),
    }
}

/// A policy file's text: one JSON object with the managed keys.
pub fn parse_json(name: &str, text: &str) -> Found {
    let found = Found::new(name);
    match serde_json::from_str::<serde_json::Value>(text) {
        Ok(serde_json::Value::Object(map)) => Found {
            values: map.into_iter().map(|(k, v)| (k, raw_json(v))).collect(),
            ..found
        },
        Ok(_) => found.failed("not a JSON object; ignored".into()),
        Err(e) => found.failed(format!("not valid JSON ({e}); ignored")),
    }
}

/// A JSON policy file; a missing file manages nothing.
pub fn file(path: &Path) -> Found {
    let name = path.display().to_string();
    match std::fs::read_to_string(path) {
        Ok(text) => parse_json(&name, &text),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => Found::new(name),
        Err(e) => Found::new(name).failed(format!("cannot be read ({e})")),
    }
}

/// This platform's sources, highest first.
pub fn platform() -> Vec<Found> {
    #[cfg(windows)]
    return super::windows::sources();
    #[cfg(target_os = "macos")]
    return super::macos::sources();
    #[cfg(not(any(windows, target_os = "macos")))]
    return vec![file(Path::new(super::LINUX_POLICY_FILE))];
}
