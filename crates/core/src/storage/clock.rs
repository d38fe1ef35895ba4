//! The one clock for stored time stamps (saved at, last Test, rejections): UTC, RFC 3339.
//! The connection store holds a [`Clock`], so the secret's age can be tested at any date
//! (and with a clock that moves backwards) without waiting or touching the system time.

use std::sync::{Arc, Mutex};

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Where "now" comes from.
pub trait Clock: Send + Sync + std::fmt::Debug {
    fn now(&self) -> OffsetDateTime;
}

/// The system's clock.
#[derive(Debug, Default, Clone, Copy)]
pub struct SystemClock;

impl Clock for SystemClock {
    fn now(&self) -> OffsetDateTime {
        OffsetDateTime::now_utc()
    }
}

/// A clock that shows what it is set to (tests): it moves only when told, either way.
#[derive(Debug, Clone)]
pub struct ManualClock(Arc<Mutex<OffsetDateTime>>);

impl ManualClock {
    pub fn at(now: OffsetDateTime) -> Self {
        Self(Arc::new(Mutex::new(now)))
    }

    pub fn set(&self, now: OffsetDateTime) {
        *crate::lock::lock(&self.0) = now;
    }

    /// Moves the clock by `by` (negative: backwards, like a corrected system clock).
    pub fn advance(&self, by: time::Duration) {
        let mut now = crate::lock::lock(&self.0);
        *now += by;
    }
}

impl Clock for ManualClock {
    fn now(&self) -> OffsetDateTime {
        *crate::lock::lock(&self.0)
    }
}

/// `at` as RFC 3339 in UTC.
pub fn rfc3339(at: OffsetDateTime) -> String {
    // Formatting a UTC time as RFC 3339 cannot fail; an empty stamp beats a panic.
    // Whole seconds: a stamp is for people and scripts, not a high-resolution timer.
    let at = at.replace_nanosecond(0).unwrap_or(at);
    at.to_offset(time::UtcOffset::UTC)
        .format(&Rfc3339)
        .unwrap_or_default()
}

pub fn now_rfc3339() -> String {
    rfc3339(OffsetDateTime::now_utc())
}

/// A stored stamp, read back; `None` for anything that is not RFC 3339.
pub fn parse(stamp: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(stamp, &Rfc3339).ok()
}

/// Whole days from `then` to `now`, never negative: a clock that moved backwards (or a stamp
/// written by a machine whose clock was ahead) reads as "today", not as a negative age.
pub fn days_since(then: OffsetDateTime, now: OffsetDateTime) -> u32 {
    let days = (now - then).whole_days().max(0);
    u32::try_from(days).unwrap_or(u32::MAX)
}

/// A stored stamp to the minute, for text that has no local time zone (the CLI, messages):
/// "2026-12-06 05:06 UTC". The window shows stamps in local time itself.
pub fn minute_utc(stamp: &str) -> String {
    let format = time::macros::format_description!("[year]-[month]-[day] [hour]:[minute] UTC");
    time::OffsetDateTime::parse(stamp, &time::format_description::well_known::Rfc3339)
        .ok()
        .and_then(|t| t.to_offset(time::UtcOffset::UTC).format(&format).ok())
        .unwrap_or_else(|| stamp.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::datetime;

    #[test]
    fn stamps_are_utc_rfc_3339() {
        let stamp = now_rfc3339();
        let parsed = parse(&stamp).unwrap();
        assert_eq!(parsed.offset(), time::UtcOffset::UTC, "{stamp}");
        assert!(stamp.ends_with('Z'), "{stamp}");
        let local = datetime!(2027-01-02 01:30 +02:00);
        assert_eq!(rfc3339(local), "2027-01-01T23:30:00Z");
        assert_eq!(
            rfc3339(datetime!(2027-01-01 10:00:01.302 UTC)),
            "2027-01-01T10:00:01Z"
        );
    }

    #[test]
    fn days_are_whole_and_never_negative() {
        let then = datetime!(2027-01-01 12:00 UTC);
        assert_eq!(days_since(then, datetime!(2027-01-02 11:59 UTC)), 0);
        assert_eq!(days_since(then, datetime!(2027-01-02 12:00 UTC)), 1);
        assert_eq!(days_since(then, datetime!(2027-04-01 12:00 UTC)), 90);
        assert_eq!(days_since(then, datetime!(2026-12-01 12:00 UTC)), 0);
        let clock = ManualClock::at(then);
        clock.advance(time::Duration::days(-3));
        assert_eq!(days_since(then, clock.now()), 0);
    }

    #[test]
    fn minutes_drop_the_nanoseconds() {
        assert_eq!(
            minute_utc("2026-12-06T05:06:16.380035218Z"),
            "2026-12-06 05:06 UTC"
        );
        assert_eq!(minute_utc("not a time"), "not a time");
    }
}
