//! How results reach a script or a person: one JSON object with `--json`, readable text
//! otherwise, and exit codes 0 (ok), 1 (failed), 2 (bad usage or input).

use serde::Serialize;
use serde_json::json;
use vectis_core::error::IpcError;

pub const EXIT_OK: i32 = 0;
pub const EXIT_FAILED: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

/// Text for a terminal: control characters (ESC sequences that would set the clipboard, fake
/// links or hide text) and bidirectional overrides become visible `\u{…}` escapes. Queue names
/// and Autotask's messages come from the tenant; JSON output is escaped by serde already.
pub fn printable(text: &str) -> String {
    let hidden = |c: char| {
        (c.is_control() && c != '\n' && c != '\t')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
    };
    text.chars()
        .map(|c| match hidden(c) {
            true => c.escape_unicode().to_string(),
            false => c.to_string(),
        })
        .collect()
}

/// `println!` for human output: everything printed passes [`printable`].
macro_rules! say {
    ($($arg:tt)*) => {
        println!("{}", $crate::output::printable(&format!($($arg)*)))
    };
}

/// `eprintln!` for human output, likewise.
macro_rules! esay {
    ($($arg:tt)*) => {
        eprintln!("{}", $crate::output::printable(&format!($($arg)*)))
    };
}

pub fn print_error(json_out: bool, error: &IpcError) {
    if json_out {
        println!(
            "{}",
            json!({"ok": false, "message": error.message, "error": error})
        );
    } else {
        eprintln!("Error: {}", printable(&error.message));
        eprintln!("Fix: {}", printable(&error.remediation));
    }
}

/// One JSON object on one line.
pub fn print_json(value: &impl Serialize) {
    println!("{}", serde_json::to_value(value).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn terminal_escapes_from_the_tenant_are_shown_not_run() {
        let label = "Q\u{1b}]52;c;ZXZpbA==\u{7}\u{202e}x\tline\nnext";
        let shown = printable(label);
        assert!(!shown
            .chars()
            .any(|c| c == '\u{1b}' || c == '\u{7}' || c == '\u{202e}'));
        assert!(shown.contains("\\u{1b}]52;c;ZXZpbA==\\u{7}"), "{shown}");
        assert!(shown.contains("\tline\nnext"));
    }
}
