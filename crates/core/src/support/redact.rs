//! The one redaction: every text that leaves the app for a person (the support bundle, "Copy
//! details", the CLI's words) passes through a [`Redactor`] built from the values it must never
//! show: the secret and the integration code. Each
//! value is found case-insensitively and also in its JSON-escaped (once and twice), Rust-debug
//! and URL-encoded forms.

use serde_json::Value;

use crate::secret::Secret;
use crate::validation::Credentials;

/// What a found value is replaced with.
pub const SECRET_MARK: &str = "[redacted secret]";
pub const CODE_MARK: &str = "[redacted integration code]";

struct Needle {
    /// The forms to look for, longest first.
    forms: Vec<Vec<char>>,
    mark: &'static str,
    /// Kept only so the value is zeroized with the redactor.
    _value: Secret,
}

/// Built from the known secret values; cheap to clone and merge.
#[derive(Default)]
pub struct Redactor {
    needles: Vec<Needle>,
}

impl Clone for Redactor {
    fn clone(&self) -> Self {
        let mut copy = Self::default();
        for n in &self.needles {
            copy.add(n._value.expose(), n.mark);
        }
        copy
    }
}

impl std::fmt::Debug for Redactor {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Redactor({} values)", self.needles.len())
    }
}

/// The forms a value may take in text: as is, JSON-escaped once and twice, Rust's `{:?}`,
/// and URL-encoded (query and path style).
fn forms(value: &str) -> Vec<Vec<char>> {
    let json = |s: &str| {
        let quoted = serde_json::to_string(s).unwrap_or_default();
        quoted[1..quoted.len() - 1].to_string()
    };
    let debug = format!("{value:?}");
    let query: String = url::form_urlencoded::byte_serialize(value.as_bytes()).collect();
    let mut all = vec![
        value.to_string(),
        json(value),
        json(&json(value)),
        debug[1..debug.len() - 1].to_string(),
        query.clone(),
        query.replace('+', "%20"),
    ];
    all.sort_by_key(|f| std::cmp::Reverse(f.len()));
    all.dedup();
    all.into_iter().map(|f| f.chars().collect()).collect()
}

fn same(a: char, b: char) -> bool {
    a == b || a.to_lowercase().eq(b.to_lowercase())
}

/// Replaces every case-insensitive occurrence of `needle` in `text`.
fn replace_ci(text: &str, needle: &[char], mark: &str) -> String {
    let chars: Vec<(usize, char)> = text.char_indices().collect();
    let mut out = String::with_capacity(text.len());
    let (mut i, mut copied) = (0, 0);
    while i + needle.len() <= chars.len() {
        let hit = needle
            .iter()
            .zip(&chars[i..])
            .all(|(n, (_, c))| same(*n, *c));
        if hit {
            out.push_str(&text[copied..chars[i].0]);
            out.push_str(mark);
            i += needle.len();
            copied = chars.get(i).map_or(text.len(), |(at, _)| *at);
        } else {
            i += 1;
        }
    }
    out.push_str(&text[copied..]);
    out
}

impl Redactor {
    pub fn new() -> Self {
        Self::default()
    }

    /// The secret and the integration code of `creds` (the username stays: the bundle names it).
    pub fn for_credentials(creds: &Credentials) -> Self {
        Self::new()
            .with_secret(creds.secret.expose())
            .with_integration_code(creds.integration_code.expose())
    }

    pub fn with_secret(mut self, value: &str) -> Self {
        self.add(value, SECRET_MARK);
        self
    }

    pub fn with_integration_code(mut self, value: &str) -> Self {
        self.add(value, CODE_MARK);
        self
    }

    /// Both redactors' values.
    pub fn merge(mut self, other: &Redactor) -> Self {
        for n in &other.needles {
            self.add(n._value.expose(), n.mark);
        }
        self
    }

    fn add(&mut self, value: &str, mark: &'static str) {
        let value = value.trim();
        let known = self.needles.iter().any(|n| n._value.expose() == value);
        if value.is_empty() || known {
            return;
        }
        self.needles.push(Needle {
            forms: forms(value),
            mark,
            _value: Secret::new(value),
        });
        // Longer values first, so a value that contains another is replaced whole.
        self.needles
            .sort_by_key(|n| std::cmp::Reverse(n._value.expose().len()));
    }

    pub fn is_empty(&self) -> bool {
        self.needles.is_empty()
    }

    /// `text` with every known value, in any of its forms and any case, replaced.
    pub fn redact(&self, text: &str) -> String {
        let mut out = text.to_string();
        for needle in &self.needles {
            for form in &needle.forms {
                out = replace_ci(&out, form, needle.mark);
            }
        }
        out
    }

    /// Whether `text` still holds a known value in any form.
    pub fn finds(&self, text: &str) -> bool {
        self.redact(text) != text
    }

    /// Every string (and key) in a JSON tree, redacted in place: the tree stays valid JSON.
    pub fn redact_json(&self, value: &mut Value) {
        match value {
            Value::String(s) => *s = self.redact(s),
            Value::Array(items) => items.iter_mut().for_each(|v| self.redact_json(v)),
            Value::Object(map) => {
                let entries = std::mem::take(map);
                for (key, mut v) in entries {
                    self.redact_json(&mut v);
                    map.insert(self.redact(&key), v);
                }
            }
            _ => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SECRET: &str = "Canary\"Se/cret\\7731$zz";
    const CODE: &str = "CANARYINTEGRATIONCODE7731ZZ";

    fn redactor() -> Redactor {
        Redactor::new()
            .with_secret(SECRET)
            .with_integration_code(CODE)
    }

    /// Every form a leak could take: as is, JSON-escaped, escaped twice, debug, URL, any case.
    fn leaks(text: &str) -> Vec<String> {
        let mut found = Vec::new();
        for value in [SECRET, CODE] {
            let json = serde_json::to_string(value).unwrap();
            let json = &json[1..json.len() - 1];
            for form in [value.to_string(), json.to_string(), format!("{value:?}")] {
                for probe in [form.clone(), form.to_uppercase(), form.to_lowercase()] {
                    for hay in [text.to_string(), text.to_uppercase(), text.to_lowercase()] {
                        if hay.contains(&probe) {
                            found.push(probe.clone());
                        }
                    }
                }
            }
        }
        found
    }

    #[test]
    fn a_canary_is_gone_in_every_form_and_case() {
        let json_once = serde_json::to_string(SECRET).unwrap();
        let json_twice = serde_json::to_string(&json_once).unwrap();
        let text = format!(
            "log: secret={SECRET} upper={} lower={} code={CODE} lc={} json={json_once} \
             twice={json_twice} debug={SECRET:?} url={}",
            SECRET.to_uppercase(),
            SECRET.to_lowercase(),
            CODE.to_lowercase(),
            url::form_urlencoded::byte_serialize(SECRET.as_bytes()).collect::<String>(),
        );
        assert!(!leaks(&text).is_empty(), "the probe finds the raw text");
        let out = redactor().redact(&text);
        assert!(leaks(&out).is_empty(), "{out}");
        let escaped = serde_json::to_string(&out).unwrap();
        assert!(leaks(&escaped).is_empty(), "{escaped}");
        assert!(
            out.contains(SECRET_MARK) && out.contains(CODE_MARK),
            "{out}"
        );
        assert!(
            out.starts_with("log: secret=[redacted secret] upper="),
            "{out}"
        );
    }

    #[test]
    fn json_stays_valid_and_clean_when_the_server_echoes_a_value() {
        let echoed = format!(
            "{{\"errors\":[\"IntegrationCode is invalid: {}\", \"secret {} refused\"]}}",
            CODE.to_lowercase(),
            SECRET
        );
        let mut tree = serde_json::json!({
            "error": { "message": echoed },
            "credentials": { "secret": SECRET, CODE: "as a key" },
            "log": [format!("{{\"secret\":{}}}", serde_json::to_string(SECRET).unwrap())],
        });
        redactor().redact_json(&mut tree);
        let text = serde_json::to_string_pretty(&tree).unwrap();
        assert!(leaks(&text).is_empty(), "{text}");
        let back: Value = serde_json::from_str(&text).unwrap();
        assert_eq!(back["credentials"]["secret"], SECRET_MARK);
        assert!(!redactor().finds(&text));
    }

    #[test]
    fn nothing_known_changes_nothing_and_merging_keeps_both() {
        assert_eq!(Redactor::new().redact("İstanbul ß"), "İstanbul ß");
        let merged = Redactor::new()
            .with_secret("first-secret")
            .merge(&Redactor::new().with_integration_code("second-code"));
        assert_eq!(
            merged.clone().redact("first-secret second-code"),
            "[redacted secret] [redacted integration code]"
        );
    }
}
