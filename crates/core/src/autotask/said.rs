//! Text for an admin from a body that is not Autotask's JSON: an HTML page's readable text and
//! the first meaningful line of any text, length-capped so an error page cannot flood a
//! message, a log or a support bundle.

/// The most characters of a body's line kept in a message.
pub const MAX_SAID_CHARS: usize = 200;

/// The text of an HTML page with one line per element: tags, comments, scripts and styles
/// dropped, the common entities decoded. An unclosed tag at the end (a truncated page) is
/// dropped too.
pub fn html_text(html: &str) -> String {
    let mut out = String::with_capacity(html.len() / 2);
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&rest[..open]);
        out.push('\n');
        let tag = &rest[open..];
        let lower = tag.get(..8).unwrap_or(tag).to_ascii_lowercase();
        let end = if tag.starts_with("<!--") {
            tag.find("-->").map(|i| i + 3)
        } else if lower.starts_with("<script") || lower.starts_with("<style") {
            let closing = if lower.starts_with("<script") {
                "</script>"
            } else {
                "</style>"
            };
            find_ci(tag, closing).map(|i| i + closing.len())
        } else {
            tag.find('>').map(|i| i + 1)
        };
        match end {
            Some(end) => rest = &tag[end..],
            None => return decode(&out),
        }
    }
    out.push_str(rest);
    decode(&out)
}

fn find_ci(haystack: &str, needle: &str) -> Option<usize> {
    haystack.to_ascii_lowercase().find(needle)
}

fn decode(text: &str) -> String {
    [
        ("&nbsp;", " "),
        ("&lt;", "<"),
        ("&gt;", ">"),
        ("&quot;", "\""),
        ("&#39;", "'"),
        ("&amp;", "&"),
    ]
    .iter()
    .fold(text.to_string(), |t, (from, to)| t.replace(from, to))
}

/// The first line with text, its whitespace collapsed, cut to [`MAX_SAID_CHARS`] with "…".
pub fn first_line(text: &str) -> String {
    let line = text
        .lines()
        .map(|l| l.split_whitespace().collect::<Vec<_>>().join(" "))
        .find(|l| !l.is_empty())
        .unwrap_or_default();
    if line.chars().count() <= MAX_SAID_CHARS {
        return line;
    }
    let cut: String = line.chars().take(MAX_SAID_CHARS - 1).collect();
    format!("{}\u{2026}", cut.trim_end())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_html_page_reads_as_its_first_line_of_text() {
        let page = "<!DOCTYPE html><html><head><!-- x --><style>p{}</style><script>var a='<b>';</script>\
                    <title>503 Service Unavailable</title></head><body><h1>Down &amp; out</h1></body></html>";
        assert_eq!(first_line(&html_text(page)), "503 Service Unavailable");
        let untitled =
            "<html><body>\n  <h2>404 - File or directory   not found.</h2></body></html>";
        assert_eq!(
            first_line(&html_text(untitled)),
            "404 - File or directory not found."
        );
        // Cut off inside a tag, as a captured outage page was: nothing readable, no tag text.
        let truncated = "<!DOCTYPE html> <html> <head> <link rel=\"shortcut icon\" href=\"images/favicon.ico\" /> <meta charset=\"UTF-8\"> <META HTTP-EQUIV=";
        assert_eq!(first_line(&html_text(truncated)), "");
    }

    #[test]
    fn long_lines_are_capped() {
        let long = "x".repeat(5000);
        let line = first_line(&format!("\n\n{long}\nsecond"));
        assert_eq!(line.chars().count(), MAX_SAID_CHARS);
        assert!(line.ends_with('\u{2026}'));
        assert_eq!(
            first_line("  Object reference not set to an instance of an object.\r\n   at X.Y()"),
            "Object reference not set to an instance of an object."
        );
    }
}
