//! Random secrets and identifiers the hub hands out.

use rand::Rng;

/// A 6-digit class code, easy to read out and type.
pub fn join_code() -> String {
    format!("{:06}", rand::rng().random_range(0..1_000_000u32))
}

/// 128 random bits as 32 hex digits: host tokens, resume tokens, session ids.
pub fn secret() -> String {
    format!("{:032x}", rand::rng().random::<u128>())
}

/// The participant id of the member at `index`: the teacher (index 0) is
/// `p_1`, students `p_2`, `p_3`, … in order of first join.
pub fn participant_id(index: usize) -> String {
    format!("p_{}", index.saturating_add(1))
}

/// The id of the session's poll at `index`: `q_1` for the first one opened.
pub fn poll_id(index: usize) -> String {
    format!("q_{}", index.saturating_add(1))
}

/// A private question's id: `pq_` and 16 random lowercase letters and
/// digits (82 bits), so an id tells nobody how many were asked.
pub fn question_id() -> String {
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyz0123456789";
    let mut rng = rand::rng();
    let tail: String = (0..16).map(|_| char::from(ALPHABET[rng.random_range(0..ALPHABET.len())])).collect();
    format!("pq_{tail}")
}

/// Compares two secrets in time independent of where they differ, so a
/// peer cannot find the host token byte by byte from response times.
pub(crate) fn secrets_match(given: &str, expected: &str) -> bool {
    given.len() == expected.len()
        && given.bytes().zip(expected.bytes()).fold(0u8, |acc, (a, b)| acc | (a ^ b)) == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_and_secrets_have_their_shape() {
        let code = join_code();
        assert_eq!(code.len(), 6);
        assert!(code.chars().all(|c| c.is_ascii_digit()));
        let (a, b) = (secret(), secret());
        assert_eq!(a.len(), 32);
        assert_ne!(a, b);
        assert!(secrets_match(&a, &a.clone()));
        assert!(!secrets_match(&a, &b));
        assert!(!secrets_match(&a, &a[..31]));
    }
}
