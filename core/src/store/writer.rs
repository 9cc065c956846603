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
use crate::protocol::{Role, Seq};

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
    Message { seq: Seq, client_id: String, sender: usize, text: String, ts: String },
    /// The teacher ended the session.
    Ended { at: String },
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
        /// What is wrong, fit to show the teacher.
        message: String,
        /// Whether it can fix itself or by freeing space (true), or needs
        /// another folder (false).
        retry_helps: bool,
    },
    /// The hub runs without a store: nothing is written.
    Off,
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
            group.clear();
            on_commit(committed);
        }
        debug!(session = %self.session, committed, "store writer done");
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
                    let failing =
                        StorageState::Failing { message: err.to_string(), retry_helps: err.retry_helps() };
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
        for op in group {
            match op {
                WriteOp::Message { seq, client_id, sender, text, ts } => {
                    tx.prepare_cached(
                        "INSERT INTO messages (session_id, seq, client_id, sender, text, ts)
                         VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                    )?
                    .execute(params![session, seq, client_id, sender, text, ts])?;
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
