//! The one clock for stored time stamps (saved at, last Test, rejections): UTC, RFC 3339.

pub fn now_rfc3339() -> String {
    // Formatting a current UTC time as RFC 3339 cannot fail; an empty stamp beats a panic.
    time::OffsetDateTime::now_utc()
        .format(&time::format_description::well_known::Rfc3339)
        .unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stamps_are_utc_rfc_3339() {
        let stamp = now_rfc3339();
        let parsed =
            time::OffsetDateTime::parse(&stamp, &time::format_description::well_known::Rfc3339)
                .unwrap();
        assert_eq!(parsed.offset(), time::UtcOffset::UTC, "{stamp}");
        assert!(stamp.ends_with('Z'), "{stamp}");
    }
}
