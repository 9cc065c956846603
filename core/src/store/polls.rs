//! A session's polls, read back from the store: for a class reopened (the
//! hub's state) and for its transcript; and how a poll's answers are
//! counted and judged, the one rule the hub's results and the transcripts
//! both follow.

use std::collections::{HashMap, HashSet};

use rusqlite::{params, Connection};

use crate::protocol::{PollAnswer, PollInfo, PollKind, PollStatus, TextCount};

/// How a text answer is counted: trimmed, runs of white space as one
/// space, lower case; accents count ("café" is not "cafe").
pub(crate) fn text_key(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ").to_lowercase()
}

/// A poll's answers counted.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Tally {
    /// Answers per option, by index (empty for a text poll).
    pub counts: Vec<u32>,
    /// A text poll's distinct answers (counted by [`text_key`], shown as
    /// first given), most given first, equal counts in the order first
    /// given; the hidden ones left out. All of them: whoever shows them
    /// may keep fewer.
    pub texts: Vec<TextCount>,
    /// Text answers left out because the teacher hid them.
    pub hidden: u32,
}

/// Counts `answers` (in the order given) of a poll with `options` options,
/// leaving out the texts whose [`text_key`] is in `hidden`.
pub(crate) fn tally<'a>(
    options: usize,
    answers: impl IntoIterator<Item = &'a PollAnswer>,
    hidden: &HashSet<String>,
) -> Tally {
    let mut counts = vec![0u32; options];
    let mut texts: Vec<TextCount> = Vec::new();
    let mut at: HashMap<String, usize> = HashMap::new();
    let mut left_out = 0u32;
    for answer in answers {
        for &choice in &answer.choices {
            if let Some(count) = counts.get_mut(choice as usize) {
                *count += 1;
            }
        }
        if let Some(text) = &answer.text {
            let key = text_key(text);
            if hidden.contains(&key) {
                left_out = left_out.saturating_add(1);
                continue;
            }
            match at.get(&key) {
                Some(&i) => texts[i].count += 1,
                None => {
                    at.insert(key, texts.len());
                    texts.push(TextCount { text: text.clone(), count: 1 });
                }
            }
        }
    }
    // Most given first; equal counts in the order first given (a stable sort).
    texts.sort_by_key(|t| std::cmp::Reverse(t.count));
    Tally { counts, texts, hidden: left_out }
}

/// Whether an answer to a quiz question is right: a `single` answer when
/// its option is among `correct`, a `multi` one when its options are
/// exactly `correct`. Never for a text poll or a poll without correct
/// options.
pub(crate) fn is_right(kind: PollKind, correct: &[u32], answer: &PollAnswer) -> bool {
    if correct.is_empty() {
        return false;
    }
    match kind {
        PollKind::Single => matches!(answer.choices.as_slice(), [choice] if correct.contains(choice)),
        PollKind::Multi => {
            let mut chosen = answer.choices.clone();
            chosen.sort_unstable();
            chosen.dedup();
            let mut wanted = correct.to_vec();
            wanted.sort_unstable();
            wanted.dedup();
            chosen == wanted
        }
        PollKind::Text => false,
    }
}

/// A stored poll, with its answers.
#[derive(Debug)]
pub(crate) struct StoredPoll {
    pub info: PollInfo,
    pub correct: Vec<u32>,
    pub status: PollStatus,
    /// A named poll's answers: `(participant index, client id, answer)`.
    pub answers: Vec<(usize, String, PollAnswer)>,
    /// An anonymous poll's answers, tied to nobody.
    pub pooled: Vec<PollAnswer>,
    /// An anonymous poll's students who answered, with the answer's client id.
    pub voters: Vec<(usize, String)>,
    /// The counting keys of the text answers the teacher hid.
    pub hidden: Vec<String>,
}

/// A JSON column read back; a value this version cannot read is damage.
fn from_json<T: serde::de::DeserializeOwned>(column: usize, text: &str) -> rusqlite::Result<T> {
    serde_json::from_str(text).map_err(|err| {
        rusqlite::Error::FromSqlConversionFailure(column, rusqlite::types::Type::Text, Box::new(err))
    })
}

/// A unit enum stored by its JSON name.
fn from_name<T: serde::de::DeserializeOwned>(column: usize, name: &str) -> rusqlite::Result<T> {
    from_json(column, &format!("\"{name}\""))
}

fn index(value: i64) -> usize {
    usize::try_from(value).unwrap_or(usize::MAX)
}

/// The polls of `session`, in the order they were opened.
pub(crate) fn load(conn: &Connection, session: &str) -> rusqlite::Result<Vec<StoredPoll>> {
    let mut statement = conn.prepare(
        "SELECT idx, question, kind, options, correct, anonymous, changes, opened_at, closes_at, status
         FROM polls WHERE session_id = ?1 ORDER BY idx",
    )?;
    let mut polls = statement
        .query_map([session], |row| {
            let idx: i64 = row.get(0)?;
            let kind: PollKind = from_name(2, &row.get::<_, String>(2)?)?;
            let correct: Vec<u32> = from_json(4, &row.get::<_, String>(4)?)?;
            Ok(StoredPoll {
                info: PollInfo {
                    id: crate::ids::poll_id(index(idx)),
                    question: row.get(1)?,
                    kind,
                    options: from_json(3, &row.get::<_, String>(3)?)?,
                    quiz: !correct.is_empty(),
                    anonymous: row.get(5)?,
                    changes: row.get(6)?,
                    opened_at: row.get(7)?,
                    closes_at: row.get(8)?,
                },
                correct,
                status: from_name(9, &row.get::<_, String>(9)?)?,
                answers: Vec::new(),
                pooled: Vec::new(),
                voters: Vec::new(),
                hidden: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<Vec<_>>>()?;
    drop(statement);
    // Rows are matched to their poll by index; an index out of place is
    // damage, which the caller reports.
    let mut answers = conn.prepare(
        "SELECT poll, participant, client_id, answer FROM poll_answers WHERE session_id = ?1 ORDER BY rowid",
    )?;
    let rows = answers.query_map(params![session], |row| {
        let answer: PollAnswer = from_json(3, &row.get::<_, String>(3)?)?;
        Ok((index(row.get(0)?), row.get::<_, Option<i64>>(1)?, row.get::<_, Option<String>>(2)?, answer))
    })?;
    for row in rows {
        let (poll, participant, client_id, answer) = row?;
        let Some(stored) = polls.get_mut(poll) else { continue };
        match participant {
            Some(member) => stored.answers.push((index(member), client_id.unwrap_or_default(), answer)),
            None => stored.pooled.push(answer),
        }
    }
    let mut voters =
        conn.prepare("SELECT poll, participant, client_id FROM poll_voters WHERE session_id = ?1")?;
    let rows = voters.query_map(params![session], |row| {
        Ok((index(row.get(0)?), index(row.get(1)?), row.get::<_, String>(2)?))
    })?;
    for row in rows {
        let (poll, member, client_id) = row?;
        if let Some(stored) = polls.get_mut(poll) {
            stored.voters.push((member, client_id));
        }
    }
    let mut hidden = conn.prepare("SELECT poll, key FROM poll_hidden WHERE session_id = ?1")?;
    let rows =
        hidden.query_map(params![session], |row| Ok((index(row.get(0)?), row.get::<_, String>(1)?)))?;
    for row in rows {
        let (poll, key) = row?;
        if let Some(stored) = polls.get_mut(poll) {
            stored.hidden.push(key);
        }
    }
    Ok(polls)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choices(choices: &[u32]) -> PollAnswer {
        PollAnswer { choices: choices.to_vec(), text: None }
    }

    fn text(text: &str) -> PollAnswer {
        PollAnswer { choices: Vec::new(), text: Some(text.into()) }
    }

    #[test]
    fn single_answers_are_right_among_the_correct_multi_ones_when_exactly_them() {
        assert!(is_right(PollKind::Single, &[1], &choices(&[1])));
        assert!(is_right(PollKind::Single, &[0, 2], &choices(&[2])));
        assert!(!is_right(PollKind::Single, &[1], &choices(&[0])));
        assert!(is_right(PollKind::Multi, &[0, 2], &choices(&[0, 2])));
        assert!(is_right(PollKind::Multi, &[2, 0], &choices(&[0, 2])));
        assert!(!is_right(PollKind::Multi, &[0, 2], &choices(&[0])));
        assert!(!is_right(PollKind::Multi, &[0, 2], &choices(&[0, 1, 2])));
        assert!(!is_right(PollKind::Single, &[], &choices(&[0])), "no quiz, nothing right");
        assert!(!is_right(PollKind::Text, &[], &text("x")));
    }

    #[test]
    fn tallies_count_texts_together_and_leave_hidden_ones_out() {
        let answers = [text("Café"), text("cafe"), text("CAFÉ"), text("rude"), choices(&[])];
        let hidden = HashSet::from([text_key("RUDE")]);
        let tally = tally(0, &answers, &hidden);
        assert_eq!(tally.hidden, 1);
        let shown: Vec<(&str, u32)> = tally.texts.iter().map(|t| (t.text.as_str(), t.count)).collect();
        assert_eq!(shown, [("Café", 2), ("cafe", 1)], "accents count; first spelling shown");
        let counts = super::tally(3, &[choices(&[0, 2]), choices(&[2]), choices(&[7])], &HashSet::new());
        assert_eq!(counts.counts, [1, 0, 2]);
    }
}
