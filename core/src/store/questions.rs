//! Private questions in the store: each question and the teacher's answers,
//! written as they come and read back when a class is reopened (and for
//! the teacher's export).

use rusqlite::{params, Connection, Transaction};

use crate::protocol::Seq;

/// A change to the private questions, as the writer stores it.
#[derive(Debug)]
pub(crate) enum QuestionOp {
    /// A student asked (`ord`: its place in the order asked).
    Asked { id: String, ord: usize, asker: usize, client_id: String, text: String, at: String },
    /// The teacher answered (`n`: the answer's place among the question's).
    Answered { question: String, n: usize, client_id: String, text: String, at: String, seq: Option<Seq> },
}

/// A question as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredQuestion {
    pub id: String,
    pub asker: usize,
    pub client_id: String,
    pub text: String,
    pub at: String,
    pub answers: Vec<StoredAnswer>,
}

/// An answer as stored.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredAnswer {
    pub client_id: String,
    pub text: String,
    pub at: String,
    pub seq: Option<Seq>,
}

/// Stores one change, inside the writer's transaction.
pub(crate) fn write(tx: &Transaction<'_>, session: &str, op: &QuestionOp) -> rusqlite::Result<()> {
    match op {
        QuestionOp::Asked { id, ord, asker, client_id, text, at } => {
            tx.prepare_cached(
                "INSERT INTO questions (session_id, id, ord, asker, client_id, text, at)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![session, id, ord, asker, client_id, text, at])?;
        }
        QuestionOp::Answered { question, n, client_id, text, at, seq } => {
            tx.prepare_cached(
                "INSERT INTO question_answers (session_id, question, n, client_id, text, at, seq)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
            )?
            .execute(params![session, question, n, client_id, text, at, seq])?;
        }
    }
    Ok(())
}

/// Every question of a session with its answers, in the order asked.
pub(crate) fn load(conn: &Connection, session: &str) -> rusqlite::Result<Vec<StoredQuestion>> {
    let mut questions: Vec<StoredQuestion> = conn
        .prepare_cached(
            "SELECT id, asker, client_id, text, at FROM questions WHERE session_id = ?1 ORDER BY ord",
        )?
        .query_map([session], |row| {
            Ok(StoredQuestion {
                id: row.get(0)?,
                asker: usize::try_from(row.get::<_, i64>(1)?).unwrap_or(usize::MAX),
                client_id: row.get(2)?,
                text: row.get(3)?,
                at: row.get(4)?,
                answers: Vec::new(),
            })
        })?
        .collect::<rusqlite::Result<_>>()?;
    let by_id: std::collections::HashMap<String, usize> =
        questions.iter().enumerate().map(|(i, q)| (q.id.clone(), i)).collect();
    let mut statement = conn.prepare_cached(
        "SELECT question, client_id, text, at, seq FROM question_answers
         WHERE session_id = ?1 ORDER BY question, n",
    )?;
    let rows = statement.query_map([session], |row| {
        Ok((
            row.get::<_, String>(0)?,
            StoredAnswer { client_id: row.get(1)?, text: row.get(2)?, at: row.get(3)?, seq: row.get(4)? },
        ))
    })?;
    for row in rows {
        let (question, answer) = row?;
        if let Some(&i) = by_id.get(&question) {
            questions[i].answers.push(answer);
        }
    }
    Ok(questions)
}
