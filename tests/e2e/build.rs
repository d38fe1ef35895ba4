//! Turns the UI's one list of test ids (ui/src/lib/test-ids.json, also checked by the UI's
//! Vitest suite) into CSS-selector constants, so an id the UI no longer has fails to compile here.

use std::fmt::Write;

fn main() {
    let list = "../../ui/src/lib/test-ids.json";
    println!("cargo:rerun-if-changed={list}");
    let text = std::fs::read_to_string(list).expect("ui/src/lib/test-ids.json is readable");
    let ids: serde_json::Map<String, serde_json::Value> =
        serde_json::from_str(&text).expect("test-ids.json is a JSON object of name: id");
    let mut out = String::new();
    for (name, id) in ids {
        let id = id.as_str().expect("every test id is a string");
        let konst = screaming_snake(&name);
        match id.strip_suffix("{field}") {
            // One id per field (e.g. `picker-{field}`): a function of the field's id.
            Some(prefix) => writeln!(
                out,
                "/// `[data-testid={id}]`\npub fn {}(field: &str) -> String {{ format!(\"[data-testid={prefix}{{field}}]\") }}",
                konst.to_lowercase()
            ),
            None => writeln!(out, "/// `[data-testid={id}]`\npub const {konst}: &str = \"[data-testid={id}]\";"),
        }
        .unwrap();
    }
    let path = std::path::Path::new(&std::env::var("OUT_DIR").unwrap()).join("test_ids.rs");
    std::fs::write(path, out).unwrap();
}

/// `runTest` → `RUN_TEST`.
fn screaming_snake(name: &str) -> String {
    let mut out = String::new();
    for c in name.chars() {
        if c.is_ascii_uppercase() {
            out.push('_');
        }
        out.push(c.to_ascii_uppercase());
    }
    out
}
