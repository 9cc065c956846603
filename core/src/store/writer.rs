//! The one writer of a hosted session: a thread that takes write operations
//! off a bounded channel, commits them in groups, and reports each commit.
//!
//! The hub hands over operations in `seq` order (it enqueues under its
//! session lock) and broadcasts an entry only once the writer reported the
//! group holding it committed. Under load the groups grow, so one commit
//! (and with [`Durability::Power`](super::Durability::Power), one disk
//! flush) serves many messages: durability costs latency, little throughput.

use std::path::PathBuf;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use rusqlite::{params, Connection, TransactionBehavior};
use serde::{Deserialize, Serialize};
use tokio::sync::{mpsc, watch};
use tracing::{debug, error, info, warn};

use super::{role_text, Store, StoreError, StoreResult};
use crate::params::{params, path_text, Params};
use crate::protocol::{PollAnswer, PollInfo, PollStatus, Quote, Role, Seq};

/// Operations waiting for the writer at most; a full channel makes
/// connections wait before they post (backpressure), never grows memory.
pub(crate) const QUEUE: usize = 4096;
/// Operations committed together at most. A group's messages reach the
/// fan-out ring at once, so this stays well below the ring's capacity.
const MAX_GROUP: usize = 256;
/// First pause before retrying a failed commit; doubles up to [`MAX_BACKOFF`].
const FIRST_BACKOFF: Duration = Duration::from_millis(100);
const MAX_BACKOFF: Duration = Duration::from_secs(2);
/// After the hub let go of the writer, how long it keeps retrying a failing
/// commit before giving up (nothing in it was acknowledged).
const GIVE_UP_AFTER: Duration = Duration::from_secs(10);

/// One change to store, in the order the hub made it.
#[derive(Debug)]
pub(crate) enum WriteOp {
    /// A new participant.
    Participant { index: usize, name: String, role: Role, token: String, at: String },
    /// A participant was removed (a ban keeps the token, to refuse it).
    Removed { index: usize, banned: bool },
    /// A chat message, sequenced.
    Message { seq: Seq, client_id: String, sender: usize, text: String, ts: String, quote: Option<Quote> },
    /// The teacher ended the session.
    Ended { at: String },
    /// The teacher changed the class code.
    Code { code: String },
    /// The teacher opened a poll.
    PollOpened { index: usize, info: PollInfo, correct: Vec<u32> },
    /// A student answered a poll (or changed the answer).
    PollAnswered {
        poll: usize,
        member: usize,
        client_id: String,
        answer: PollAnswer,
        anonymous: bool,
        at: String,
    },
    /// A poll closed, or its results were revealed.
    PollStatus { poll: usize, status: PollStatus },
    /// The teacher hid a text answer (by its counting key).
    PollHidden { poll: usize, key: String },
    /// A hand, a mute or the class's rules changed.
    Room(super::room::RoomOp),
    /// A private question asked or answered.
    Question(super::questions::QuestionOp),
    /// Changes made together (seats given back with a newcomer seated),
    /// stored in one transaction, as one operation.
    Batch(Vec<WriteOp>),
}

impl WriteOp {
    /// Whether storing it removes a message's text.
    fn deletes_text(&self) -> bool {
        match self {
            Self::Room(super::room::RoomOp::Deleted { .. }) => true,
            Self::Batch(ops) => ops.iter().any(Self::deletes_text),
            _ => false,
        }
    }
}

/// Whether the hub's writes reach the disk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum StorageState {
    /// Everything is stored as it comes.
    Ok,
    /// Commits fail (e.g. the disk is full): nothing new is acknowledged or
    /// broadcast; students' apps keep their messages and resend them. The
    /// writer retries, and everything continues once the cause is fixed.
    Failing {
        /// What is wrong, in English: for logs, the command line, and a UI
        /// with no sentence for `code`.
        message: String,
        /// Whether it can fix itself or by freeing space (true), or needs
        /// another folder (false).
        retry_helps: bool,
        /// What is wrong, for a UI to word in its language with `params`.
        /// Always sent; optional in the TypeScript declaration only so UI
        /// code from before codes still compiles.
        #[cfg_attr(feature = "typescript", ts(as = "Option<StorageFailure>", optional))]
        code: StorageFailure,
        /// The values its sentence needs ([`StorageFailure::params`]).
        /// Always sent; optional in TypeScript like `code`.
        #[cfg_attr(feature = "typescript", ts(as = "Option<Params>", optional))]
        params: Params,
    },
    /// The hub runs without a store: nothing is written.
    Off,
}

impl StorageState {
    /// The state while writes fail with `err`.
    pub(crate) fn failing(err: &StoreError) -> Self {
        let (code, params) = StorageFailure::of(err);
        Self::Failing { message: err.to_string(), retry_helps: err.retry_helps(), code, params }
    }
}

/// Why a hosted class is not being saved ([`StorageState::Failing`]). Each
/// variant's documentation is the English sentence a UI words, with its
/// params in braces (`detail` is the system's or SQLite's own text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum StorageFailure {
    /// "Messages are not being saved: the disk holding {folder} is full.
    /// Free some space; students' apps keep their messages and send them
    /// once saving works again."
    DiskFull,
    /// "Messages are not being saved: {path} is read-only or not accessible
    /// ({detail})."
    ReadOnly,
    /// "Messages are not being saved: the class history in {file} is
    /// damaged ({detail})."
    Damaged,
    /// "Messages are not being saved: another program holds the class
    /// history in {file} locked. Saving goes on once it lets go."
    Busy,
    /// "Messages are not being saved ({detail})."
    Other,
}

impl StorageFailure {
    /// The params this code's sentence needs.
    pub const fn params(self) -> &'static [&'static str] {
        match self {
            Self::DiskFull => &["folder"],
            Self::ReadOnly => &["path", "detail"],
            Self::Damaged => &["file", "detail"],
            Self::Busy => &["file"],
            Self::Other => &["detail"],
        }
    }

    /// The code and params of a failed write.
    fn of(err: &StoreError) -> (Self, Params) {
        match err {
            StoreError::Full { path } => {
                (Self::DiskFull, params([("folder", path_text(path.parent().unwrap_or(path)))]))
            }
            StoreError::ReadOnly { path, detail } => {
                (Self::ReadOnly, params([("path", path_text(path)), ("detail", detail.as_str().into())]))
            }
            StoreError::Corrupt { path, detail } => {
                (Self::Damaged, params([("file", path_text(path)), ("detail", detail.as_str().into())]))
            }
            StoreError::TooNew { path } => {
                (Self::Damaged, params([("file", path_text(path)), ("detail", err.to_string().into())]))
            }
            StoreError::Busy { path } => (Self::Busy, params([("file", path_text(path))])),
            other => (Self::Other, params([("detail", other.to_string().into())])),
        }
    }
}

/// A running writer thread.
pub(crate) struct WriterThread {
    thread: JoinHandle<()>,
}

impl WriterThread {
    /// Waits (blocking) for the writer to commit what it still has and stop;
    /// it stops once every sender is gone.
    pub(crate) fn join(self) {
        if self.thread.join().is_err() {
            error!("the store writer panicked");
        }
    }
}

/// Starts the writer of `session`. `on_commit` is called on the writer's
/// thread after each group with the number of operations committed so far.
pub(crate) fn spawn(
    store: &Store,
    session: String,
    on_commit: Box<dyn Fn(u64) + Send>,
    status: watch::Sender<StorageState>,
) -> StoreResult<(mpsc::Sender<WriteOp>, WriterThread)> {
    let conn = store.writer_connection()?;
    let path = store.path().to_owned();
    let (tx, rx) = mpsc::channel(QUEUE);
    let thread = std::thread::Builder::new()
        .name("classroom-store".into())
        .spawn(move || Writer { conn, path, session, status }.run(rx, on_commit))
        .map_err(|source| StoreError::Io {
            what: "cannot start the writer for",
            path: store.path().to_owned(),
            source,
        })?;
    Ok((tx, WriterThread { thread }))
}

struct Writer {
    conn: Connection,
    path: PathBuf,
    session: String,
    status: watch::Sender<StorageState>,
}

impl Writer {
    fn run(mut self, mut rx: mpsc::Receiver<WriteOp>, on_commit: Box<dyn Fn(u64) + Send>) {
        let mut committed = 0u64;
        let mut group = Vec::with_capacity(MAX_GROUP);
        while let Some(op) = rx.blocking_recv() {
            group.push(op);
            while group.len() < MAX_GROUP {
                match rx.try_recv() {
                    Ok(op) => group.push(op),
                    Err(_) => break,
                }
            }
            if !self.commit_until_stored(&group, &rx) {
                error!(
                    lost = group.len() + rx.len(),
                    "giving up on writes that cannot be stored; none of them was acknowledged"
                );
                return;
            }
            committed += group.len() as u64;
            if group.iter().any(WriteOp::deletes_text) {
                self.forget_old_pages();
            }
            group.clear();
            on_commit(committed);
        }
        debug!(session = %self.session, committed, "store writer done");
    }

    /// A deleted message's text is gone from its page (`secure_delete`),
    /// but the page as it was lives on in the write-ahead log until a
    /// checkpoint: copy the log into the database and empty it now. A
    /// reader still on an older snapshot can keep the log from being
    /// emptied; the next checkpoint (at the latest, on close) does it.
    fn forget_old_pages(&mut self) {
        let done = self.conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |row| row.get::<_, i64>(0));
        match done {
            Ok(0) => {}
            Ok(_) => debug!("a reader kept the write-ahead log from being emptied after a delete"),
            Err(err) => warn!(cause = %err, "cannot checkpoint after a delete"),
        }
    }

    /// Commits `group`, retrying with backoff while it fails. False only
    /// when the hub has gone and the failure outlasted [`GIVE_UP_AFTER`].
    fn commit_until_stored(&mut self, group: &[WriteOp], rx: &mpsc::Receiver<WriteOp>) -> bool {
        let mut backoff = FIRST_BACKOFF;
        let mut abandoned_since: Option<Instant> = None;
        loop {
            match self.commit(group) {
                Ok(()) => {
                    if !matches!(*self.status.borrow(), StorageState::Ok) {
                        info!("storing works again");
                        self.status.send_replace(StorageState::Ok);
                    }
                    return true;
                }
                Err(err) => {
                    let err = StoreError::sqlite(&self.path, err);
                    let failing = StorageState::failing(&err);
                    if *self.status.borrow() != failing {
                        error!(cause = %err, ops = group.len(), "cannot store; nothing new is acknowledged until this is fixed");
                        self.status.send_replace(failing);
                    } else {
                        warn!(cause = %err, "storing still fails; retrying");
                    }
                    if rx.is_closed() {
                        let since = *abandoned_since.get_or_insert_with(Instant::now);
                        if since.elapsed() >= GIVE_UP_AFTER {
                            return false;
                        }
                    }
                    std::thread::sleep(backoff);
                    backoff = (backoff * 2).min(MAX_BACKOFF);
                }
            }
        }
    }

    fn commit(&mut self, group: &[WriteOp]) -> rusqlite::Result<()> {
        let session = self.session.as_str();
        let tx = self.conn.transaction_with_behavior(TransactionBehavior::Immediate)?;
        let mut last_at = None;
        // Depth first, in order: a batch's changes where the batch stands.
        let mut ops: Vec<&WriteOp> = group.iter().rev().collect();
        while let Some(op) = ops.pop() {
            match op {
                WriteOp::Batch(batch) => ops.extend(batch.iter().rev()),
                WriteOp::Message { seq, client_id, sender, text, ts, quote } => {
                    let (quote_text, quote_name) =
                        quote.as_ref().map_or((None, None), |q| (Some(&q.text), q.name.as_ref()));
                    tx.prepare_cached(
                        "INSERT INTO messages (session_id, seq, client_id, sender, text, ts, quote_text, quote_name)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
                    )?
                    .execute(params![session, seq, client_id, sender, text, ts, quote_text, quote_name])?;
                    last_at = Some(ts.as_str());
                }
                WriteOp::Participant { index, name, role, token, at } => {
                    tx.prepare_cached(
                        "INSERT INTO participants (session_id, idx, name, role, token, joined_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    )?
                    .execute(params![
                        session,
                        index,
                        name,
                        role_text(*role),
                        token,
                        at
                    ])?;
                    last_at = Some(at.as_str());
                }
                WriteOp::Removed { index, banned } => {
                    tx.prepare_cached(
                        "UPDATE participants SET removed = 1, banned = ?3,
                             token = CASE WHEN ?3 THEN token ELSE '' END
                         WHERE session_id = ?1 AND idx = ?2",
                    )?
                    .execute(params![session, index, banned])?;
                }
                WriteOp::PollOpened { index, info, correct } => {
                    tx.prepare_cached(
                        "INSERT INTO polls (session_id, idx, question, kind, options, correct, anonymous,
                                            changes, opened_at, closes_at, status)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, 'open')",
                    )?
                    .execute(params![
                        session,
                        index,
                        info.question,
                        json_text(&info.kind),
                        json(&info.options),
                        json(correct),
                        info.anonymous,
                        info.changes,
                        info.opened_at,
                        info.closes_at,
                    ])?;
                    last_at = Some(info.opened_at.as_str());
                }
                WriteOp::PollAnswered { poll, member, client_id, answer, anonymous: false, at } => {
                    tx.prepare_cached(
                        "INSERT INTO poll_answers (session_id, poll, participant, client_id, answer, answered_at)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)
                         ON CONFLICT (session_id, poll, participant) WHERE participant IS NOT NULL
                         DO UPDATE SET client_id = ?4, answer = ?5, answered_at = ?6",
                    )?
                    .execute(params![session, poll, member, client_id, json(answer), at])?;
                    last_at = Some(at.as_str());
                }
                WriteOp::PollAnswered { poll, member, client_id, answer, anonymous: true, .. } => {
                    // Two rows that share nothing but the poll; no time on
                    // either, so neither tells when (or in what order) it came.
                    tx.prepare_cached(
                        "INSERT INTO poll_answers (session_id, poll, answer) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![session, poll, json(answer)])?;
                    tx.prepare_cached(
                        "INSERT INTO poll_voters (session_id, poll, participant, client_id) VALUES (?1, ?2, ?3, ?4)",
                    )?
                    .execute(params![session, poll, member, client_id])?;
                }
                WriteOp::PollStatus { poll, status } => {
                    tx.prepare_cached("UPDATE polls SET status = ?3 WHERE session_id = ?1 AND idx = ?2")?
                        .execute(params![session, poll, json_text(status)])?;
                }
                WriteOp::PollHidden { poll, key } => {
                    tx.prepare_cached(
                        "INSERT OR IGNORE INTO poll_hidden (session_id, poll, key) VALUES (?1, ?2, ?3)",
                    )?
                    .execute(params![session, poll, key])?;
                }
                WriteOp::Room(op) => super::room::write(&tx, session, op)?,
                WriteOp::Question(op) => super::questions::write(&tx, session, op)?,
                WriteOp::Code { code } => {
                    tx.prepare_cached("UPDATE sessions SET code = ?2 WHERE id = ?1")?
                        .execute(params![session, code])?;
                }
                WriteOp::Ended { at } => {
                    tx.prepare_cached("UPDATE sessions SET ended_at = ?2 WHERE id = ?1")?
                        .execute(params![session, at])?;
                    last_at = Some(at.as_str());
                }
            }
        }
        if let Some(at) = last_at {
            tx.prepare_cached("UPDATE sessions SET last_active_at = ?2 WHERE id = ?1")?
                .execute(params![session, at])?;
        }
        tx.commit()
    }
}

/// A value as JSON text for a column. Our values are plain data:
/// serialising cannot fail.
fn json<T: Serialize>(value: &T) -> String {
    serde_json::to_string(value).unwrap_or_default()
}

/// A unit enum's JSON name (`"single"` → `single`) for a column.
fn json_text<T: Serialize>(value: &T) -> String {
    json(value).trim_matches('"').to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each failure gets its code and exactly the params its sentence needs.
    #[test]
    fn failures_carry_a_code_and_its_params() {
        let file = PathBuf::from("/data/classroom.db");
        let cases = [
            (StoreError::Full { path: file.clone() }, StorageFailure::DiskFull),
            (
                StoreError::ReadOnly {
                    path: file.clone(),
                    detail: "attempt to write a readonly database".into(),
                },
                StorageFailure::ReadOnly,
            ),
            (StoreError::Corrupt { path: file.clone(), detail: "malformed".into() }, StorageFailure::Damaged),
            (StoreError::TooNew { path: file.clone() }, StorageFailure::Damaged),
            (StoreError::Busy { path: file.clone() }, StorageFailure::Busy),
            (
                StoreError::Sqlite { path: file, source: rusqlite::Error::QueryReturnedNoRows },
                StorageFailure::Other,
            ),
        ];
        for (err, want) in cases {
            let StorageState::Failing { message, retry_helps, code, params } = StorageState::failing(&err)
            else {
                panic!("failing");
            };
            assert_eq!(code, want, "{err}");
            assert_eq!(
                (message, retry_helps),
                (err.to_string(), err.retry_helps()),
                "the English fields as before"
            );
            let mut wanted = code.params().to_vec();
            wanted.sort_unstable();
            assert_eq!(params.keys().map(String::as_str).collect::<Vec<_>>(), wanted, "{err}");
        }
        let full = StorageState::failing(&StoreError::Full { path: "/data/classroom.db".into() });
        assert_eq!(
            serde_json::to_value(full).expect("json"),
            serde_json::json!({
                "state": "failing",
                "message": "cannot save class history in /data/classroom.db: the disk is full",
                "retry_helps": true,
                "code": "diskFull",
                "params": {"folder": "/data"},
            })
        );
    }
}
