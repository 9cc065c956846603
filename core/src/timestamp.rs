//! Hub time, as RFC 3339 text with millisecond precision.

use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Now, in UTC, e.g. `2026-11-25T21:56:25.123Z`.
pub fn now_rfc3339() -> String {
    let now = OffsetDateTime::now_utc();
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
