//! Exit codes 0 (ok), 1 (failed), 2 (bad usage or input), and text a terminal shows as it is.
//! How results are written (one JSON object with `--json`, readable text otherwise): `io.rs`.

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
