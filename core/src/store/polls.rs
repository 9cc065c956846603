//! A session's polls, read back from the store: for a class reopened (the
//! hub's state) and for its transcript.

use rusqlite::{params, Connection};

use crate::protocol::{PollAnswer, PollInfo, PollKind, PollStatus};

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
                    id: format!("q_{}", idx + 1),
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
