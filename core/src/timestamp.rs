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
    let then = parse(rfc3339)?;
    let elapsed = OffsetDateTime::now_utc() - then;
    Some(elapsed.try_into().unwrap_or(std::time::Duration::ZERO))
}

/// `Seconds.millis`, Z, always three digits of milliseconds: the text then
/// sorts as the times do (the store orders raised hands by it). RFC 3339 as
/// the `time` crate writes it drops trailing zeros, and `…:01.12Z` would
/// sort after `…:01.125Z`.
fn format(now: OffsetDateTime) -> String {
    let utc = now.to_offset(time::UtcOffset::UTC);
    format!(
        "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:03}Z",
        utc.year(),
        u8::from(utc.month()),
        utc.day(),
        utc.hour(),
        utc.minute(),
        utc.second(),
        utc.millisecond()
    )
}

/// `rfc3339` as a point in time, for ordering times written by any version
/// (older ones wrote fewer digits); `None` when it does not parse.
pub(crate) fn parse(rfc3339: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(rfc3339, &Rfc3339).ok()
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
    fn the_text_sorts_as_the_times_do() {
        let at = |millis: i64| {
            super::format(
                time::OffsetDateTime::from_unix_timestamp(1_764_700_000).unwrap()
                    + time::Duration::milliseconds(millis),
            )
        };
        let times: Vec<String> =
            [0, 5, 50, 120, 125, 500, 550, 999, 1000, 1001].into_iter().map(at).collect();
        assert_eq!(times[0], "2025-12-02T18:26:40.000Z");
        assert_eq!(times[3], "2025-12-02T18:26:40.120Z");
        let mut sorted = times.clone();
        sorted.sort();
        assert_eq!(sorted, times, "as text, in the order of the times");
        for text in &times {
            assert_eq!(
                super::parse(text).map(super::format).as_deref(),
                Some(text.as_str()),
                "{text} parses back"
            );
        }
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
