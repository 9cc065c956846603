//! The hub's guards: name rules, the per-participant send rate, wrong-code
//! attempts per address, the typing throttle, and the window of recent
//! message ids that makes resends idempotent. Pure logic, tested here.

use std::collections::{HashMap, VecDeque};
use std::net::IpAddr;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};
use tokio::time::Instant;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::protocol::Seq;

/// Why a name is refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum NameProblem {
    Empty,
    TooLong(usize),
    ForbiddenChar(char),
    /// Only blank-looking characters (Hangul fillers, the blank Braille
    /// pattern, combining marks alone).
    Invisible,
    /// A word only the teacher's name may show ("teacher").
    RoleWord(&'static str),
    /// The teacher's name inside a student's ("Mrs. Núñez (2)").
    TeachersName,
}

impl NameProblem {
    pub(crate) fn message(&self) -> String {
        match self {
            Self::Empty => "Please enter a name.".into(),
            Self::TooLong(max) => format!("A name can have at most {max} characters."),
            Self::ForbiddenChar(c) => {
                format!("A name cannot contain the invisible or control character U+{:04X}.", *c as u32)
            }
            Self::Invisible => "Please enter a name others can see.".into(),
            Self::RoleWord(word) => format!("A student's name cannot contain the word “{word}”."),
            Self::TeachersName => "A student's name cannot contain the teacher's name.".into(),
        }
    }
}

/// Normalises a display name and checks it: NFKC (full-width letters
/// become plain ones, a no-break space a space, accents one composed
/// form), runs of white space one space, trimmed; then 1..=`max_chars`
/// Unicode scalar values, none of them a control (Cc), format (Cf), line
/// or paragraph separator (Zl, Zp), and at least one visible. Format
/// characters (zero-width joiners, bidi overrides) would let one student
/// pose as another; separators break every list the name is shown in.
pub(crate) fn validate_name(raw: &str, max_chars: usize) -> Result<String, NameProblem> {
    if let Some(c) = raw.chars().find(|c| is_control_or_format(*c) || is_separator(*c)) {
        return Err(NameProblem::ForbiddenChar(c));
    }
    let normal: String = raw.nfkc().collect();
    let name = normal.split_whitespace().collect::<Vec<_>>().join(" ");
    if name.is_empty() {
        return Err(NameProblem::Empty);
    }
    if let Some(c) = name.chars().find(|c| is_control_or_format(*c) || is_separator(*c)) {
        return Err(NameProblem::ForbiddenChar(c));
    }
    if !name.chars().any(is_visible) {
        return Err(NameProblem::Invisible);
    }
    if name.chars().count() > max_chars {
        return Err(NameProblem::TooLong(max_chars));
    }
    Ok(name)
}

/// Words a student's name may not hold: they would read as the teacher.
const ROLE_WORDS: &[&str] = &["teacher", "admin", "moderator"];

/// Checks a (validated) student's name against the teacher's: it may not
/// contain the teacher's name nor a role word, compared by key, so a
/// look-alike spelling does not get through either.
pub(crate) fn check_student_name(name: &str, teacher: &str) -> Result<(), NameProblem> {
    for (key, teacher) in name_keys(name).iter().zip(name_keys(teacher)) {
        let words: Vec<&str> = key.split(|c: char| !c.is_alphanumeric()).collect();
        for word in ROLE_WORDS {
            if name_keys(word).iter().any(|role| words.contains(&role.as_str())) {
                return Err(NameProblem::RoleWord(word));
            }
        }
        if teacher.chars().count() >= 3 && key.contains(&teacher) {
            return Err(NameProblem::TeachersName);
        }
    }
    Ok(())
}

/// The keys names are compared by: NFKC, case folded and reduced to their
/// UTS #39 confusable skeleton, so "ada", "ADA", "Аda" (Cyrillic А) and
/// "ａｄａ" clash, as do a name and its decomposed (NFD) spelling. Two
/// names clash when any key of one is a key of the other (the hub keeps
/// them all in one map). The first key takes the skeleton before folding
/// case (a Cyrillic capital М is a Latin M, while its small м is no m); the
/// second folds case first (a capital I's skeleton is a small l, so
/// without it "Isabel" and "isabel" would be two names).
pub(crate) fn name_keys(name: &str) -> [String; 2] {
    let normal: String = name.nfkc().collect();
    [skeleton_then_fold(&normal), fold_then_skeleton(&normal)]
}

fn fold_then_skeleton(normal: &str) -> String {
    let folded: String = normal.chars().flat_map(char::to_lowercase).collect();
    unicode_security::skeleton(&folded).collect()
}

fn skeleton_then_fold(normal: &str) -> String {
    // Skeletons are case-sensitive: a Cyrillic capital М maps to a Latin
    // M, its small letter not to m. So the skeleton first, then the case
    // folded, then the skeleton of that.
    let folded: String = unicode_security::skeleton(normal).flat_map(char::to_lowercase).collect();
    unicode_security::skeleton(&folded).collect()
}

/// Line and paragraph separators (Zl, Zp).
fn is_separator(c: char) -> bool {
    matches!(c.general_category(), GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator)
}

/// Whether a character shows: not white space, not a mark alone, not one
/// of the letters that render blank (Hangul fillers, the blank Braille
/// pattern).
fn is_visible(c: char) -> bool {
    !c.is_whitespace()
        && !matches!(
            c.general_category(),
            GeneralCategory::NonspacingMark | GeneralCategory::EnclosingMark | GeneralCategory::SpacingMark
        )
        && !matches!(c, '\u{115F}' | '\u{1160}' | '\u{3164}' | '\u{FFA0}' | '\u{2800}' | '\u{31F9}')
}

/// Unicode general categories Cc (control) and Cf (format).
fn is_control_or_format(c: char) -> bool {
    matches!(c.general_category(), GeneralCategory::Control | GeneralCategory::Format)
}

/// A class code as a student may type it, as ASCII digits: white space
/// and dashes between the digits dropped ("314 159", "314-159"), and the
/// decimal digits of any script (full-width ３, Arabic-Indic ٣, Devanagari
/// ३ …) read as the digits they are. `None` when anything else is in it.
pub(crate) fn normalise_code(raw: &str) -> Option<String> {
    let mut digits = String::with_capacity(raw.len());
    for c in raw.chars() {
        match c.general_category() {
            GeneralCategory::DecimalNumber => digits.push(decimal_value(c)),
            GeneralCategory::SpaceSeparator | GeneralCategory::DashPunctuation => {}
            _ if c.is_whitespace() => {}
            _ => return None,
        }
    }
    Some(digits)
}

/// The ASCII digit a decimal digit (category Nd) stands for. Unicode
/// encodes decimal digits in runs of ten, 0 to 9, and a run of several
/// scripts' digits (as the mathematical ones) starts at a 0 too, so the
/// value is the distance from the start of the run, modulo 10.
fn decimal_value(c: char) -> char {
    let mut start = c as u32;
    while let Some(before) = start.checked_sub(1).and_then(char::from_u32) {
        if before.general_category() != GeneralCategory::DecimalNumber {
            break;
        }
        start -= 1;
    }
    let value = ((c as u32 - start) % 10) as u8;
    char::from(b'0' + value)
}

/// Per-participant chat rate: `rate` a second with bursts of `burst`
/// (GCRA, via governor). `None` when the rate is 0, meaning unlimited.
pub(crate) fn send_limiter(rate: u32, burst: u32) -> Option<DefaultDirectRateLimiter> {
    let rate = NonZeroU32::new(rate)?;
    let burst = NonZeroU32::new(burst).unwrap_or(rate);
    Some(RateLimiter::direct(Quota::per_second(rate).allow_burst(burst)))
}

/// A limiter of `rate` a minute with bursts of `burst`; `None` when `rate`
/// is 0 (no limit).
pub(crate) fn minute_limiter(rate: u32, burst: u32) -> Option<DefaultDirectRateLimiter> {
    let rate = NonZeroU32::new(rate)?;
    let burst = NonZeroU32::new(burst).unwrap_or(rate);
    Some(RateLimiter::direct(Quota::per_minute(rate).allow_burst(burst)))
}

/// Whom a lockout refuses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lockout {
    /// This address sent too many wrong codes or tokens.
    Address,
    /// The class as a whole got too many wrong codes (a guess spread over
    /// many addresses): every join by code waits.
    Everyone,
}

/// Wrong codes or tokens, in fixed windows: per source address (after
/// `max` failures that address is refused until its window ends) and in
/// total (after `max_total`, every join by code is refused until the
/// window ends). What is refused is decided by the caller: a join with a
/// valid host or resume token (128 random bits) is never locked out.
#[derive(Debug)]
pub(crate) struct JoinAttempts {
    max: u32,
    max_total: u32,
    window: Duration,
    by_addr: HashMap<IpAddr, (Instant, u32)>,
    total: Option<(Instant, u32)>,
}

/// Entries kept before expired ones are swept, so a flood of addresses
/// cannot grow the map without bound.
const SWEEP_AT: usize = 4096;

impl JoinAttempts {
    pub(crate) fn new(max: u32, max_total: u32, window: Duration) -> Self {
        Self { max, max_total, window, by_addr: HashMap::new(), total: None }
    }

    /// Whether joins by code from `addr` are refused right now, and why.
    pub(crate) fn blocked(&self, addr: IpAddr, now: Instant) -> Option<Lockout> {
        let over = |entry: Option<&(Instant, u32)>, max: u32| {
            entry.is_some_and(|(start, failures)| now < *start + self.window && *failures >= max)
        };
        if over(self.by_addr.get(&addr), self.max) {
            Some(Lockout::Address)
        } else if over(self.total.as_ref(), self.max_total) {
            Some(Lockout::Everyone)
        } else {
            None
        }
    }

    /// Counts one wrong code or token from `addr`.
    pub(crate) fn record_failure(&mut self, addr: IpAddr, now: Instant) {
        if self.by_addr.len() >= SWEEP_AT {
            let window = self.window;
            self.by_addr.retain(|_, (start, _)| now < *start + window);
        }
        let window = self.window;
        let count = |entry: &mut (Instant, u32)| {
            if now >= entry.0 + window {
                *entry = (now, 0);
            }
            entry.1 = entry.1.saturating_add(1);
        };
        count(self.by_addr.entry(addr).or_insert((now, 0)));
        count(self.total.get_or_insert((now, 0)));
    }

    /// Wrong codes and tokens from every address in the current window.
    pub(crate) fn recent_failures(&self, now: Instant) -> u32 {
        self.recent(now).count
    }

    /// Wrong codes and tokens from every address in the current window,
    /// and when it ends.
    pub(crate) fn recent(&self, now: Instant) -> WrongAttempts {
        match self.total {
            Some((start, failures)) if now < start + self.window => {
                WrongAttempts { count: failures, until: Some(start + self.window) }
            }
            _ => WrongAttempts::default(),
        }
    }

    /// Forgets the wrong codes counted for the class as a whole (the code
    /// they were guessing at is gone), so students with the new code are
    /// not held back by the global lockout. Each address keeps its own
    /// count: whoever was guessing stays locked out.
    pub(crate) fn forgive_total(&mut self) {
        self.total = None;
    }
}

/// Wrong class codes and tokens tried lately, from every address: what
/// the teacher's screen shows when someone is guessing.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct WrongAttempts {
    /// Wrong codes and tokens in the current window (one minute by default).
    pub count: u32,
    /// When that window ends and the count starts again from 0; `None`
    /// while the count is 0.
    pub until: Option<Instant>,
}

/// Forwards a participant's typing changes sparingly: `typing: true` at
/// most once an interval, whatever came between (a `false` does not reset
/// the clock), and `typing: false` only after a forwarded `true`. So a
/// keystroke per frame, or a flood alternating true and false, costs the
/// class at most two frames an interval.
#[derive(Debug, Default)]
pub(crate) struct TypingThrottle {
    last_true: Option<Instant>,
    active: bool,
}

impl TypingThrottle {
    /// Whether this change should be broadcast.
    pub(crate) fn admit(&mut self, active: bool, now: Instant, interval: Duration) -> bool {
        if !active {
            return std::mem::replace(&mut self.active, false);
        }
        if self.last_true.is_some_and(|last| now < last + interval) {
            return false;
        }
        self.last_true = Some(now);
        self.active = true;
        true
    }
}

/// A connection's budget of inbound frames: `rate` a second with bursts of
/// `burst`, every frame counted (text, binary, ping, pong). `None` when the
/// rate is 0, meaning unlimited.
pub(crate) fn frame_limiter(rate: u32, burst: u32) -> Option<DefaultDirectRateLimiter> {
    send_limiter(rate, burst)
}

/// The `seq` each of a sender's recent client ids got, so a resend after a
/// reconnect is acked again instead of posted twice. Bounded: the oldest ids
/// go first. The client's outbox is smaller than this window.
#[derive(Debug, Default)]
pub(crate) struct RecentIds {
    seqs: HashMap<String, Seq>,
    order: VecDeque<String>,
}

impl RecentIds {
    pub(crate) fn get(&self, id: &str) -> Option<Seq> {
        self.seqs.get(id).copied()
    }

    pub(crate) fn insert(&mut self, id: String, seq: Seq, cap: usize) {
        if self.order.len() >= cap {
            if let Some(old) = self.order.pop_front() {
                self.seqs.remove(&old);
            }
        }
        self.order.push_back(id.clone());
        self.seqs.insert(id, seq);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_checked() {
        assert_eq!(validate_name("  Ada Lovelace ", 40), Ok("Ada Lovelace".into()));
        assert_eq!(validate_name("Mrs. Núñez", 40), Ok("Mrs. Núñez".into()));
        assert_eq!(validate_name("   ", 40), Err(NameProblem::Empty));
        assert_eq!(validate_name(&"é".repeat(40), 40), Ok("é".repeat(40)));
        assert_eq!(validate_name(&"é".repeat(41), 40), Err(NameProblem::TooLong(40)));
        assert_eq!(validate_name("Ada\u{7}", 40), Err(NameProblem::ForbiddenChar('\u{7}')));
        assert_eq!(validate_name("A\nda", 40), Err(NameProblem::ForbiddenChar('\n')));
        // Zero-width space and a right-to-left override: format characters.
        assert_eq!(validate_name("Ad\u{200B}a", 40), Err(NameProblem::ForbiddenChar('\u{200B}')));
        assert_eq!(validate_name("\u{202E}adA", 40), Err(NameProblem::ForbiddenChar('\u{202E}')));
        assert!(NameProblem::ForbiddenChar('\u{200B}').message().contains("U+200B"));
    }

    #[test]
    fn names_are_normalised_and_blank_ones_refused() {
        assert_eq!(validate_name("Ａｄａ", 40), Ok("Ada".into()), "full-width");
        assert_eq!(validate_name("Ada\u{A0}Lovelace", 40), Ok("Ada Lovelace".into()), "NBSP");
        assert_eq!(validate_name("Ada   Lovelace", 40), Ok("Ada Lovelace".into()));
        assert_eq!(validate_name("Nu\u{301}n\u{303}ez", 40), Ok("Núñez".into()), "NFD composed");
        assert_eq!(validate_name("\u{3164}", 40), Err(NameProblem::Invisible));
        assert_eq!(validate_name("\u{2800}\u{2800}", 40), Err(NameProblem::Invisible));
        assert_eq!(validate_name("Ada\u{2028}Bo", 40), Err(NameProblem::ForbiddenChar('\u{2028}')));
    }

    /// Whether two names are one to the hub, which keeps every key of
    /// every name in one map: any key of one is a key of the other.
    fn clash(a: &str, b: &str) -> bool {
        let theirs = name_keys(b);
        name_keys(a).iter().any(|key| theirs.contains(key))
    }

    #[test]
    fn look_alikes_share_a_key() {
        assert!(clash("Mrs. Nu\u{301}n\u{303}ez", "Mrs. Núñez"), "NFD");
        assert!(clash("Mrs. N\u{FA}\u{F1}ez", "Mrs. Núñez"));
        assert!(clash("МRS. NÚÑEZ", "Mrs. Núñez"), "Cyrillic М, capitals");
        assert!(clash("Ada", "Аda"), "Cyrillic А");
        assert!(!clash("Ada", "Bo"));
        assert_eq!(
            check_student_name("Mrs. Núñez (Teacher)", "Mrs. Núñez"),
            Err(NameProblem::RoleWord("teacher"))
        );
        assert_eq!(check_student_name("Mrs. Núñez 2", "Mrs. Núñez"), Err(NameProblem::TeachersName));
        assert_eq!(check_student_name("Teachers Pet", "Mrs. Núñez"), Ok(()));
        assert_eq!(check_student_name("Ada", "Mrs. Núñez"), Ok(()));
    }

    #[test]
    fn name_keys_ignore_case() {
        assert!(clash("ADA", "ada"));
        assert!(clash("ÑÚÑEZ", "ñúñez"));
        // A capital I's look-alike is l, its small letter stays i.
        assert!(clash("Isabel", "isabel"));
        assert!(clash("ÍÑIGO", "íñigo"));
    }

    #[test]
    fn codes_are_read_as_typed() {
        for typed in
            ["314159", "314 159", " 314-159 ", "3 1 4 1 5 9", "３１４１５９", "٣١٤١٥٩", "۳۱۴۱۵۹", "३१४१५९"]
        {
            assert_eq!(normalise_code(typed).as_deref(), Some("314159"), "{typed:?}");
        }
        assert_eq!(normalise_code("\u{1D7D1}\u{1D7CF}\u{1D7D2}").as_deref(), Some("314"), "math bold digits");
        assert_eq!(normalise_code("\u{1D7DB}").as_deref(), Some("3"), "math double-struck, in the next run");
        assert_eq!(normalise_code("31415"), Some("31415".into()), "the length is checked by the caller");
        assert_eq!(normalise_code("3141S9"), None);
        assert_eq!(normalise_code("314.159"), None);
    }

    #[test]
    fn send_rate_allows_a_burst_then_refuses() {
        let limiter = send_limiter(5, 10).unwrap();
        let admitted = (0..20).filter(|_| limiter.check().is_ok()).count();
        assert_eq!(admitted, 10);
        assert!(send_limiter(0, 10).is_none(), "rate 0 means unlimited");
    }

    #[test]
    fn join_attempts_block_after_max_until_window_ends() {
        let addr: IpAddr = "10.0.0.7".parse().unwrap();
        let other: IpAddr = "10.0.0.8".parse().unwrap();
        let start = Instant::now();
        let mut attempts = JoinAttempts::new(3, 100, Duration::from_secs(60));
        for _ in 0..3 {
            assert_eq!(attempts.blocked(addr, start), None);
            attempts.record_failure(addr, start);
        }
        assert_eq!(attempts.blocked(addr, start + Duration::from_secs(59)), Some(Lockout::Address));
        assert_eq!(attempts.blocked(other, start), None, "other addresses are unaffected");
        assert_eq!(attempts.recent_failures(start), 3);
        assert_eq!(attempts.blocked(addr, start + Duration::from_secs(60)), None);
        attempts.record_failure(addr, start + Duration::from_secs(61));
        assert_eq!(attempts.blocked(addr, start + Duration::from_secs(61)), None, "a new window starts at 1");
    }

    #[test]
    fn join_attempts_from_many_addresses_block_everyone() {
        let start = Instant::now();
        let mut attempts = JoinAttempts::new(3, 5, Duration::from_secs(60));
        for n in 0..5u8 {
            attempts.record_failure(IpAddr::from([10, 0, 0, n]), start);
        }
        let fresh: IpAddr = "10.0.1.1".parse().unwrap();
        assert_eq!(attempts.blocked(fresh, start), Some(Lockout::Everyone));
        assert_eq!(attempts.blocked(fresh, start + Duration::from_secs(60)), None);
    }

    #[test]
    fn typing_is_throttled() {
        let t0 = Instant::now();
        let every = Duration::from_secs(2);
        let mut throttle = TypingThrottle::default();
        assert!(!throttle.admit(false, t0, every), "stop without start is noise");
        assert!(throttle.admit(true, t0, every));
        assert!(!throttle.admit(true, t0 + Duration::from_millis(500), every));
        assert!(throttle.admit(true, t0 + every, every));
        assert!(throttle.admit(false, t0 + every, every));
        assert!(!throttle.admit(false, t0 + every, every));
    }

    #[test]
    fn alternating_typing_is_throttled_too() {
        let t0 = Instant::now();
        let every = Duration::from_secs(2);
        let mut throttle = TypingThrottle::default();
        let forwarded = (0..1000).filter(|n| throttle.admit(n % 2 == 0, t0, every)).count();
        assert_eq!(forwarded, 2, "one true, one false");
        assert!(!throttle.admit(true, t0 + every / 2, every));
        assert!(throttle.admit(true, t0 + every, every));
    }

    #[test]
    fn recent_ids_forget_the_oldest() {
        let mut ids = RecentIds::default();
        for n in 0..5u64 {
            ids.insert(format!("c-{n}"), n + 1, 3);
        }
        assert_eq!(ids.get("c-0"), None);
        assert_eq!(ids.get("c-1"), None);
        assert_eq!(ids.get("c-2"), Some(3));
        assert_eq!(ids.get("c-4"), Some(5));
    }
}
