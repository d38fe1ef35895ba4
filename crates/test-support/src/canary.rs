//! The canary: a recognisable secret and integration code that tests send and then look for
//! where they must never appear (support bundles, logs, output). One check, [`assert_clean`],
//! for every such place.

/// A username for the canary user.
pub const USERNAME: &str = "canary7731@contoso-msp.com";
/// A secret with characters JSON escapes (`"`, `\`) and a `/`, so an escaped copy is caught too.
pub const SECRET: &str = "Canary\"Se/cret\\7731$zz";
/// An integration code of the valid length (27).
pub const CODE: &str = "CANARYINTEGRATIONCODE7731ZZ";

/// The forms in which `value` could still be read: as is and JSON-escaped, each in its own,
/// upper and lower case.
fn forms(value: &str) -> Vec<String> {
    let json = serde_json::to_string(value).expect("a string serializes");
    let json = &json[1..json.len() - 1];
    [value, json]
        .iter()
        .flat_map(|form| [form.to_string(), form.to_uppercase(), form.to_lowercase()])
        .collect()
}

/// The first form of a canary that `text` (in any case) contains, if one does.
pub fn leak<'a>(text: &str, canaries: impl IntoIterator<Item = &'a str>) -> Option<String> {
    let hays = [text.to_string(), text.to_uppercase(), text.to_lowercase()];
    canaries
        .into_iter()
        .flat_map(forms)
        .find(|probe| hays.iter().any(|hay| hay.contains(probe)))
}

/// Fails when any form of [`SECRET`] or [`CODE`] can be read in `text`; `what` names the place.
pub fn assert_clean(text: &str, what: &str) {
    assert_clean_of(text, what, [SECRET, CODE]);
}

/// [`assert_clean`] for other canaries (the E2E's are per scenario).
pub fn assert_clean_of<'a>(text: &str, what: &str, canaries: impl IntoIterator<Item = &'a str>) {
    if let Some(probe) = leak(text, canaries) {
        panic!("expected no canary in {what}, but {probe:?} can be read in it:\n{text}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_form_of_a_canary_is_found_and_clean_text_passes() {
        let escaped = serde_json::to_string(SECRET).unwrap();
        for text in [
            format!("x {SECRET} y"),
            format!("body {escaped}"),
            CODE.to_lowercase(),
            SECRET.to_uppercase(),
        ] {
            assert!(leak(&text, [SECRET, CODE]).is_some(), "not found in {text}");
        }
        assert_eq!(leak("…31ZZ [redacted secret]", [SECRET, CODE]), None);
        assert_clean("…31ZZ [redacted secret]", "a redacted line");
    }

    #[test]
    #[should_panic(expected = "expected no canary in the bundle")]
    fn a_leak_names_the_place() {
        assert_clean(&format!("code={CODE}"), "the bundle");
    }
}
