//! The name filter a teacher can turn on (`room:rules` `name_filter`): a
//! joining student's name is refused when one of its words, or a run of
//! them, is on a published list of offensive words (English and Spanish,
//! `core/data/blocked-names/`, CC BY 4.0).
//!
//! Names and entries are compared after the same normalisation: NFKC,
//! common leetspeak digits and symbols read as letters (`b4d` is `bad`),
//! look-alike letters of other scripts read as Latin ones (UTS #39
//! skeletons), case and accents ignored. Words are split at anything that
//! is not a letter or digit, and single letters in a row count as one
//! word, so `B.a.d` and `b a d` are `bad`. Only whole words match: a name
//! merely containing an entry (Cassandra, Scunthorpe) passes.

use std::collections::HashSet;
use std::sync::LazyLock;

use unicode_normalization::char::is_combining_mark;
use unicode_normalization::UnicodeNormalization;

const LISTS: [&str; 2] =
    [include_str!("../../data/blocked-names/en.txt"), include_str!("../../data/blocked-names/es.txt")];

/// Entries that are also given names people have: let through as whole
/// names (see `core/data/blocked-names/README.md`).
const GIVEN_NAMES: [&str; 3] = ["concha", "dick", "lolita"];

/// The entries, normalised: each a sequence of words.
struct Lists {
    entries: HashSet<Vec<String>>,
    /// Entries with their words run together (`badword` for `bad word`).
    squashed: HashSet<String>,
    longest: usize,
}

static BLOCKED: LazyLock<Lists> = LazyLock::new(|| {
    let entries: HashSet<Vec<String>> = LISTS
        .iter()
        .flat_map(|list| list.lines())
        .map(words)
        .filter(|entry| !entry.is_empty())
        .filter(|entry| !(entry.len() == 1 && GIVEN_NAMES.contains(&entry[0].as_str())))
        .collect();
    let squashed = entries.iter().map(|entry| entry.concat()).collect();
    let longest = entries.iter().map(Vec::len).max().unwrap_or(0);
    Lists { entries, squashed, longest }
});

/// Whether the filter refuses `name`.
pub(crate) fn blocks(name: &str) -> bool {
    let lists = &*BLOCKED;
    let words = words(name);
    if words.is_empty() {
        return false;
    }
    let collapsed = collapse_letters(&words);
    let has_entry = |words: &[String]| {
        (1..=lists.longest.min(words.len())).any(|n| words.windows(n).any(|run| lists.entries.contains(run)))
    };
    has_entry(&words) || has_entry(&collapsed) || lists.squashed.contains(&words.concat())
}

/// The words of `text`, normalised for comparison.
fn words(text: &str) -> Vec<String> {
    let read: String = text.nfkc().flat_map(char::to_lowercase).map(unleet).collect();
    let latin: String = unicode_security::skeleton(&read).flat_map(char::to_lowercase).collect();
    let plain: String = latin.nfkd().filter(|c| !is_combining_mark(*c)).collect();
    plain.split(|c: char| !c.is_alphanumeric()).filter(|w| !w.is_empty()).map(str::to_owned).collect()
}

/// Leetspeak's usual stand-ins, as the letters they stand for.
fn unleet(c: char) -> char {
    match c {
        '0' => 'o',
        '1' | '!' | '|' => 'i',
        '3' => 'e',
        '4' | '@' => 'a',
        '5' | '$' => 's',
        '7' | '+' => 't',
        '8' => 'b',
        '9' => 'g',
        other => other,
    }
}

/// `words` with each run of two or more single letters joined into one
/// word (`b.a.d` spells `bad`).
fn collapse_letters(words: &[String]) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    let mut run = String::new();
    let mut letters = 0;
    for word in words {
        if word.chars().count() == 1 {
            run.push_str(word);
            letters += 1;
            continue;
        }
        flush(&mut out, &mut run, &mut letters);
        out.push(word.clone());
    }
    flush(&mut out, &mut run, &mut letters);
    out
}

fn flush(out: &mut Vec<String>, run: &mut String, letters: &mut usize) {
    if !run.is_empty() {
        out.push(std::mem::take(run));
    }
    *letters = 0;
}

#[cfg(test)]
mod tests {
    use super::blocks;

    #[test]
    fn entries_are_caught_however_they_are_spelled() {
        for name in [
            "Gilipollas",
            "gilipollas",
            "GILIPÓLLAS",
            "g1l1p0ll4s",
            "G.i.l.i.p.o.l.l.a.s",
            "g i l i p o l l a s",
            "Ana Gilipollas",
            "Hija de puta",
            "hija_de_puta",
            "HijaDePuta",
            "ЅhіT",
            "sh1t",
            "s.h.i.t",
            "Ｓｈｉｔ",
        ] {
            assert!(blocks(name), "{name:?} passed the filter");
        }
    }

    #[test]
    fn real_names_pass() {
        for name in [
            "Ada",
            "Cassandra",
            "Scunthorpe",
            "Dick",
            "Concha",
            "Concha García",
            "Mrs. Núñez",
            "José 2",
            "Essex",
            "Matsushita",
            "Shitaye",
            "李小龙",
        ] {
            assert!(!blocks(name), "{name:?} was refused");
        }
    }
}
