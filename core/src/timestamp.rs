//! Hub time, as RFC 3339 text with millisecond precision.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Now, in UTC, e.g. `2026-11-25T21:56:25.123Z`.
pub fn now_rfc3339() -> String {
    format(OffsetDateTime::now_utc())
}

/// `after` from now, in UTC, like [`now_rfc3339`] (a poll's timer end).
pub fn rfc3339_after(after: std::time::Duration) -> String {
    let now = OffsetDateTime::now_utc();
    format(now.checked_add(time::Duration::try_from(after).unwrap_or(time::Duration::ZERO)).unwrap_or(now))
}

/// `Seconds.millis`, Z.
fn format(now: OffsetDateTime) -> String {
    let millis = now.nanosecond() / 1_000_000 * 1_000_000;
    now.replace_nanosecond(millis)
        .unwrap_or(now)
        .format(&Rfc3339)
        .unwrap_or_else(|_| now.unix_timestamp().to_string())
}

#[cfg(test)]
mod tests {
    #[test]
    fn timestamps_parse_back() {
        let text = super::now_rfc3339();
        assert!(text.ends_with('Z'), "{text}");
        time::OffsetDateTime::parse(&text, &time::format_description::well_known::Rfc3339).unwrap();
    }
}
