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

/// How long ago `rfc3339` was (zero for a time in the future); `None`
/// when it does not parse.
pub fn age(rfc3339: &str) -> Option<std::time::Duration> {
    let then = OffsetDateTime::parse(rfc3339, &Rfc3339).ok()?;
    let elapsed = OffsetDateTime::now_utc() - then;
    Some(elapsed.try_into().unwrap_or(std::time::Duration::ZERO))
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

    #[test]
    fn age_counts_from_then() {
        let age = super::age(&super::now_rfc3339()).unwrap();
        assert!(age < std::time::Duration::from_secs(5), "{age:?}");
        assert!(super::age("2020-01-01T00:00:00Z").unwrap() > std::time::Duration::from_secs(86_400));
        assert_eq!(super::age("2999-01-01T00:00:00Z"), Some(std::time::Duration::ZERO));
        assert_eq!(super::age("not a time"), None);
    }
}
