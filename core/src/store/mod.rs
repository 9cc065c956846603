//! The durable store: every class, its participants and its log, in one
//! SQLite database (`classroom.db`) in a data folder.
//!
//! # Layout
//! - [`Store`]: a cheap-`Clone` handle. Opening it creates the folder,
//!   checks the file, and migrates the schema (`schema.rs`). It answers the
//!   app's questions (past classes, export, delete, retention) and the hub's
//!   history pages, on one connection behind a `std::sync::Mutex`.
//! - `writer.rs`: the one thread that writes a hosted session, committing
//!   in groups; the hub acks and broadcasts only what it has committed.
//! - `export.rs`: transcripts as Markdown, CSV and JSON, and the polls'
//!   gradebook (`export/polls.rs`).
//! - `error.rs`: [`StoreError`], saying whether retrying helps.
//!
//! A new class activity keeps its state in new tables: one migration
//! appended to `schema.rs` (never edit a released one), its writes as
//! `WriteOp`s of `writer.rs` committed with the log, so an ack still means
//! stored and a resumed class restores it; its lines in `export.rs`.
//!
//! Every method here blocks on disk I/O (milliseconds for the queries the
//! app makes); async callers should use `tokio::task::spawn_blocking`.
//!
//! SQLite runs in WAL mode. With [`Durability::Process`] (the default) a
//! commit is written to the operating system but not flushed to the disk:
//! it survives the app crashing or being killed (`kill -9`), not a power
//! cut; [`Durability::Power`] flushes every commit group (SQLite's
//! `synchronous=FULL`) and costs a disk flush per group.

mod error;
mod export;
pub(crate) mod polls;
pub(crate) mod questions;
pub(crate) mod room;
mod schema;
pub(crate) mod writer;

use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use rusqlite::{params, Connection, OpenFlags, OptionalExtension};
use serde::{Deserialize, Serialize};
use tracing::{info, warn};

pub use error::{StoreError, StoreResult};
pub use export::{ExportFormat, ExportLanguage, ExportOptions};
pub use writer::StorageState;

use crate::ids::participant_id;
use crate::protocol::{ChatEntry, Identity, Quote, Role, Seq, SessionInfo};

/// The database's file name inside the data folder.
pub const DB_FILE: &str = "classroom.db";

/// How long a statement waits for another connection's lock before failing
/// with [`StoreError::Busy`].
const BUSY_TIMEOUT: Duration = Duration::from_secs(5);

/// How hard a commit is pushed to the disk.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Durability {
    /// Survives the app or the hub process crashing or being killed, not a
    /// power cut (SQLite WAL with `synchronous=NORMAL`). The default: the
    /// disk flush per commit would add milliseconds to every message.
    #[default]
    Process,
    /// Also survives a power cut: every commit group is flushed to the disk
    /// (`synchronous=FULL`).
    Power,
}

/// One stored class, as a list of past classes shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ClassSummary {
    /// The session id (what `--resume` and export take).
    pub id: String,
    /// Class name.
    pub class: String,
    /// Teacher's name.
    pub teacher: String,
    /// When the class was first started (RFC 3339, UTC).
    pub started_at: String,
    /// When the teacher ended it (RFC 3339, UTC); `None` when it was
    /// interrupted (the app or hub stopped without ending it) or runs now.
    pub ended_at: Option<String>,
    /// The newest thing stored for it (RFC 3339, UTC); retention counts from here.
    pub last_active_at: String,
    /// Messages in its log.
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub messages: u64,
    /// Participants who joined, the teacher included.
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub participants: u64,
}

/// A stored participant, as the hub restores it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct StoredParticipant {
    pub name: String,
    pub role: Role,
    pub token: String,
    pub removed: bool,
    pub banned: bool,
    /// Whether they ever posted: a seat never used may be given back.
    pub posted: bool,
}

/// A stored session, as the hub reopens it.
#[derive(Debug)]
pub(crate) struct StoredSession {
    pub info: SessionInfo,
    pub code: Option<String>,
    pub host_token: String,
    /// Indexed by participant index (`p_1` is 0).
    pub participants: Vec<StoredParticipant>,
    /// The newest log entries, oldest first.
    pub log: Vec<ChatEntry>,
    /// The newest `seq` stored (0 when the log is empty).
    pub last_seq: Seq,
    /// `(sender index, client id, seq)` of each sender's newest messages, oldest first.
    pub recent: Vec<(usize, String, Seq)>,
    /// The session's polls, in the order opened.
    pub polls: Vec<polls::StoredPoll>,
    /// Raised hands, muted students, the rules.
    pub room: room::StoredRoom,
    /// Private questions with their answers, in the order asked.
    pub questions: Vec<questions::StoredQuestion>,
}

/// What the hub writes when it starts a new session.
#[derive(Debug)]
pub(crate) struct NewSession<'a> {
    pub info: &'a SessionInfo,
    pub code: Option<&'a str>,
    pub host_token: &'a str,
    pub teacher_token: &'a str,
}

/// A handle to the store in one data folder. Cheap to clone.
#[derive(Clone)]
pub struct Store {
    inner: Arc<Inner>,
}

struct Inner {
    dir: PathBuf,
    path: PathBuf,
    durability: Durability,
    /// Reads, and the app's occasional writes; the hub's log goes through
    /// its own writer connection.
    conn: Mutex<Connection>,
    /// Sessions hosted by this process now (they may not be deleted).
    hosted: Mutex<HashSet<String>>,
}

impl std::fmt::Debug for Store {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Store").field("path", &self.inner.path).finish_non_exhaustive()
    }
}

impl Store {
    /// The platform's data folder for the command-line tool, e.g.
    /// `~/.local/share/classroom` on Linux; `None` when the system has no
    /// home folder.
    pub fn default_dir() -> Option<PathBuf> {
        directories::ProjectDirs::from("", "", "classroom").map(|dirs| dirs.data_dir().to_owned())
    }

    /// Opens (creating if needed) the store in `dir`, with the default
    /// [`Durability`].
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] or [`StoreError::TooNew`] when the file is
    /// damaged or from a newer Classroom (offer [`Store::start_fresh`]);
    /// [`StoreError::ReadOnly`] or [`StoreError::Full`] when the folder
    /// cannot be written; [`StoreError::Busy`] when locked elsewhere.
    pub fn open(dir: impl AsRef<Path>) -> StoreResult<Self> {
        Self::open_with(dir, Durability::default())
    }

    /// Opens (creating if needed) the store in `dir`.
    ///
    /// # Errors
    /// As [`Store::open`].
    pub fn open_with(dir: impl AsRef<Path>, durability: Durability) -> StoreResult<Self> {
        let dir = dir.as_ref().to_owned();
        create_dir(&dir)?;
        let path = dir.join(DB_FILE);
        let mut conn = connect(&path, durability)?;
        check(&conn, &path)?;
        schema::migrations().to_latest(&mut conn).map_err(|err| StoreError::migration(&path, err))?;
        info!(path = %path.display(), "class history opened");
        Ok(Self {
            inner: Arc::new(Inner {
                dir,
                path,
                durability,
                conn: Mutex::new(conn),
                hosted: Mutex::new(HashSet::new()),
            }),
        })
    }

    /// Starts over with an empty store in `dir`, keeping the old database
    /// (and its WAL) aside as `classroom-damaged-YYYYMMDD-HHMMSS.db`: what
    /// the app offers after [`StoreError::is_damaged`]. Returns the store and
    /// where the old file went (`None` if there was none).
    ///
    /// # Errors
    /// [`StoreError::Io`] when the old file cannot be moved; else as [`Store::open_with`].
    pub fn start_fresh(
        dir: impl AsRef<Path>,
        durability: Durability,
    ) -> StoreResult<(Self, Option<PathBuf>)> {
        let dir = dir.as_ref();
        let path = dir.join(DB_FILE);
        let kept = if path.exists() {
            let stamp = jiff::Timestamp::now().strftime("%Y%m%d-%H%M%S").to_string();
            let mut aside = dir.join(format!("classroom-damaged-{stamp}.db"));
            let mut n = 1;
            while aside.exists() {
                n += 1;
                aside = dir.join(format!("classroom-damaged-{stamp}-{n}.db"));
            }
            for suffix in ["-wal", "-shm"] {
                let from = sibling(&path, suffix);
                if from.exists() {
                    let to = sibling(&aside, suffix);
                    std::fs::rename(&from, &to).map_err(|source| StoreError::Io {
                        what: "cannot move aside",
                        path: from,
                        source,
                    })?;
                }
            }
            std::fs::rename(&path, &aside).map_err(|source| StoreError::Io {
                what: "cannot move aside",
                path: path.clone(),
                source,
            })?;
            warn!(kept = %aside.display(), "damaged class history moved aside; starting fresh");
            Some(aside)
        } else {
            None
        };
        Ok((Self::open_with(dir, durability)?, kept))
    }

    /// The data folder.
    pub fn dir(&self) -> &Path {
        &self.inner.dir
    }

    /// The database file.
    pub fn path(&self) -> &Path {
        &self.inner.path
    }

    /// How commits reach the disk.
    pub fn durability(&self) -> Durability {
        self.inner.durability
    }

    fn conn(&self) -> MutexGuard<'_, Connection> {
        // A panic mid-query leaves nothing half-done that SQLite has not rolled back.
        self.inner.conn.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn fail(&self) -> impl Fn(rusqlite::Error) -> StoreError + '_ {
        move |err| StoreError::sqlite(&self.inner.path, err)
    }

    /// Every stored class, the most recently active first.
    ///
    /// # Errors
    /// [`StoreError::Corrupt`] when the file turns out damaged; else retryable errors.
    pub fn classes(&self) -> StoreResult<Vec<ClassSummary>> {
        self.summaries("", [])
    }

    /// One stored class.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] when there is no such class.
    pub fn class(&self, id: &str) -> StoreResult<ClassSummary> {
        self.summaries("WHERE s.id = ?1", [id])
            .and_then(|mut found| found.pop().ok_or_else(|| StoreError::NotFound(id.to_owned())))
    }

    /// The most recently active class, the one "Resume last class" reopens.
    ///
    /// # Errors
    /// As [`Store::classes`].
    pub fn latest_class(&self) -> StoreResult<Option<ClassSummary>> {
        Ok(self.classes()?.into_iter().next())
    }

    /// `NotFound` unless a class with this id is stored (without counting
    /// its messages, as [`Store::class`] does).
    fn ensure_stored(&self, id: &str) -> StoreResult<()> {
        let found = self
            .conn()
            .query_row("SELECT 1 FROM sessions WHERE id = ?1", [id], |_| Ok(()))
            .optional()
            .map_err(self.fail())?;
        found.ok_or_else(|| StoreError::NotFound(id.to_owned()))
    }

    fn summaries<const N: usize>(&self, filter: &str, args: [&str; N]) -> StoreResult<Vec<ClassSummary>> {
        let sql = format!(
            "SELECT s.id, s.class, s.teacher, s.started_at, s.ended_at, s.last_active_at,
                    (SELECT count(*) FROM messages m WHERE m.session_id = s.id),
                    (SELECT count(*) FROM participants p WHERE p.session_id = s.id)
             FROM sessions s {filter}
             ORDER BY s.last_active_at DESC, s.rowid DESC"
        );
        let conn = self.conn();
        let mut statement = conn.prepare(&sql).map_err(self.fail())?;
        let rows = statement
            .query_map(rusqlite::params_from_iter(args), |row| {
                Ok(ClassSummary {
                    id: row.get(0)?,
                    class: row.get(1)?,
                    teacher: row.get(2)?,
                    started_at: row.get(3)?,
                    ended_at: row.get(4)?,
                    last_active_at: row.get(5)?,
                    messages: row.get(6)?,
                    participants: row.get(7)?,
                })
            })
            .map_err(self.fail())?;
        rows.collect::<Result<Vec<_>, _>>().map_err(self.fail())
    }

    /// Deletes a class and everything stored for it. The data is gone, not
    /// hidden: SQLite's `secure_delete` overwrites the freed pages, and the
    /// WAL is checkpointed and truncated so no copy stays there.
    ///
    /// # Errors
    /// [`StoreError::NotFound`]; [`StoreError::InUse`] while this process hosts it.
    pub fn delete_class(&self, id: &str) -> StoreResult<()> {
        self.ensure_stored(id)?;
        if self.hosted().contains(id) {
            return Err(StoreError::InUse(id.to_owned()));
        }
        // Hosted by another process? Its lock says so; holding it keeps
        // anyone from resuming the class while it is deleted.
        let lock = self.lock_session(id)?;
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(self.fail())?;
        tx.execute("DELETE FROM messages WHERE session_id = ?1", [id]).map_err(self.fail())?;
        tx.execute("DELETE FROM participants WHERE session_id = ?1", [id]).map_err(self.fail())?;
        let deleted = tx.execute("DELETE FROM sessions WHERE id = ?1", [id]).map_err(self.fail())?;
        if deleted == 0 {
            return Err(StoreError::NotFound(id.to_owned()));
        }
        tx.commit().map_err(self.fail())?;
        // Copies of the deleted pages may still sit in the WAL: move them
        // into the database (where secure_delete zeroed them) and empty it.
        // A hub writing another class at the same moment can keep the WAL
        // from being truncated; its next checkpoint will reuse it.
        if let Err(err) = conn.query_row("PRAGMA wal_checkpoint(TRUNCATE)", [], |_| Ok(())) {
            warn!(cause = %err, "checkpoint after deleting a class");
        }
        drop(conn);
        let _ = std::fs::remove_file(self.lock_path(id));
        drop(lock);
        info!(session = id, "class deleted");
        Ok(())
    }

    /// Deletes every class whose last activity is more than `days` days
    /// ago (except any hosted now); returns what was deleted.
    ///
    /// # Errors
    /// As [`Store::delete_class`].
    pub fn delete_older_than(&self, days: u32) -> StoreResult<Vec<ClassSummary>> {
        let cutoff = jiff::Timestamp::now()
            .checked_sub(jiff::SignedDuration::from_hours(i64::from(days) * 24))
            .unwrap_or(jiff::Timestamp::MIN);
        let hosted = self.hosted();
        let old: Vec<ClassSummary> = self
            .classes()?
            .into_iter()
            .filter(|class| !hosted.contains(&class.id))
            .filter(|class| class.last_active_at.parse::<jiff::Timestamp>().is_ok_and(|at| at < cutoff))
            .collect();
        drop(hosted);
        for class in &old {
            self.delete_class(&class.id)?;
        }
        Ok(old)
    }

    /// The retention setting: classes inactive for more than this many days
    /// are deleted by [`Store::apply_retention`]; `None` keeps everything.
    ///
    /// # Errors
    /// Retryable store errors.
    pub fn retention_days(&self) -> StoreResult<Option<u32>> {
        let value: Option<String> = self
            .conn()
            .query_row("SELECT value FROM settings WHERE key = 'retention_days'", [], |row| row.get(0))
            .optional()
            .map_err(self.fail())?;
        Ok(value.and_then(|v| v.parse().ok()))
    }

    /// Sets (or with `None` clears) the retention setting. It takes effect
    /// at the next [`Store::apply_retention`].
    ///
    /// # Errors
    /// Retryable store errors; [`StoreError::ReadOnly`], [`StoreError::Full`].
    pub fn set_retention_days(&self, days: Option<u32>) -> StoreResult<()> {
        let conn = self.conn();
        match days {
            Some(days) => conn.execute(
                "INSERT INTO settings (key, value) VALUES ('retention_days', ?1)
                 ON CONFLICT (key) DO UPDATE SET value = excluded.value",
                [days.to_string()],
            ),
            None => conn.execute("DELETE FROM settings WHERE key = 'retention_days'", []),
        }
        .map_err(self.fail())?;
        Ok(())
    }

    /// Deletes the classes the retention setting says are too old; returns
    /// them (empty when no retention is set).
    ///
    /// # Errors
    /// As [`Store::delete_class`].
    pub fn apply_retention(&self) -> StoreResult<Vec<ClassSummary>> {
        match self.retention_days()? {
            Some(days) => {
                let deleted = self.delete_older_than(days)?;
                if !deleted.is_empty() {
                    info!(count = deleted.len(), days, "deleted classes past the retention period");
                }
                Ok(deleted)
            }
            None => Ok(Vec::new()),
        }
    }

    /// A page of a class's log: up to `limit` entries with a `seq` below
    /// `before` (all the newest without it), oldest first. What a past
    /// class's view, and the hub's `history:fetch`, read.
    ///
    /// # Errors
    /// Retryable store errors; [`StoreError::Corrupt`].
    pub fn messages(&self, session: &str, before: Option<Seq>, limit: usize) -> StoreResult<Vec<ChatEntry>> {
        let before = before.map_or(i64::MAX, |b| i64::try_from(b).unwrap_or(i64::MAX));
        let limit = i64::try_from(limit).unwrap_or(i64::MAX);
        let conn = self.conn();
        let mut entries = query_entries(
            &conn,
            "WHERE m.session_id = ?1 AND m.seq < ?2 ORDER BY m.seq DESC LIMIT ?3",
            params![session, before, limit],
        )
        .map_err(self.fail())?;
        entries.reverse();
        room::with_reactions(&conn, session, &mut entries).map_err(self.fail())?;
        Ok(entries)
    }

    /// Writes a class's transcript to `out`.
    ///
    /// # Errors
    /// [`StoreError::NotFound`]; [`StoreError::TimeZone`] for an unknown
    /// zone name; [`StoreError::Export`] when `out` fails.
    pub fn export(
        &self,
        session: &str,
        options: &ExportOptions,
        out: &mut dyn std::io::Write,
    ) -> StoreResult<()> {
        let class = self.class(session)?;
        let conn = self.conn();
        export::write(&conn, &self.inner.path, &class, options, out)
    }

    /// A class's transcript as text (see [`Store::export`]).
    ///
    /// # Errors
    /// As [`Store::export`].
    pub fn export_to_string(&self, session: &str, options: &ExportOptions) -> StoreResult<String> {
        let mut out = Vec::new();
        self.export(session, options, &mut out)?;
        String::from_utf8(out).map_err(|err| StoreError::Export(std::io::Error::other(err)))
    }

    fn hosted(&self) -> MutexGuard<'_, HashSet<String>> {
        self.inner.hosted.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Marks a session as hosted until the guard drops, in this process and
    /// for every other (a lock on `hosting-<id>.lock` in the data folder,
    /// which the system releases if the process dies). `InUse` when it is
    /// hosted already, here or by another app or `classroom host`: two hubs
    /// writing one log would hand out the same `seq` twice.
    ///
    /// # Errors
    /// [`StoreError::NotFound`] for a session not stored here;
    /// [`StoreError::InUse`]; [`StoreError::Io`] when the lock file cannot
    /// be opened.
    pub(crate) fn hosting(&self, id: &str) -> StoreResult<HostedGuard> {
        self.ensure_stored(id)?;
        if !self.hosted().insert(id.to_owned()) {
            return Err(StoreError::InUse(id.to_owned()));
        }
        // From here on the guard undoes the mark, whatever fails next.
        let guard = HostedGuard { store: self.clone(), id: id.to_owned(), held: Mutex::new(Some(None)) };
        let file = self.lock_session(id)?;
        if let Some(held) = guard.held().as_mut() {
            *held = Some(file);
        }
        Ok(guard)
    }

    /// The session's lock file, locked; `InUse` when another process holds it.
    fn lock_session(&self, id: &str) -> StoreResult<std::fs::File> {
        let path = self.lock_path(id);
        let opened = std::fs::OpenOptions::new().create(true).truncate(false).write(true).open(&path);
        let file = opened.map_err(|source| match source.kind() {
            std::io::ErrorKind::ReadOnlyFilesystem | std::io::ErrorKind::PermissionDenied => {
                StoreError::ReadOnly { path: path.clone(), detail: source.to_string() }
            }
            _ => StoreError::Io { what: "cannot open the lock file", path: path.clone(), source },
        })?;
        match file.try_lock() {
            Ok(()) => Ok(file),
            Err(std::fs::TryLockError::WouldBlock) => Err(StoreError::InUse(id.to_owned())),
            Err(std::fs::TryLockError::Error(source)) => {
                Err(StoreError::Io { what: "cannot lock", path, source })
            }
        }
    }

    fn lock_path(&self, id: &str) -> PathBuf {
        // Session ids are stored ones (checked by the caller): hex, no separators.
        self.inner.dir.join(format!("hosting-{id}.lock"))
    }

    /// A new connection for a session's writer.
    pub(crate) fn writer_connection(&self) -> StoreResult<Connection> {
        connect(&self.inner.path, self.inner.durability)
    }

    /// Stores a new session and its teacher. This is the hub's first write,
    /// so a read-only or full disk is found here, before anyone is told the
    /// class is open.
    pub(crate) fn create_session(&self, new: &NewSession<'_>) -> StoreResult<()> {
        let mut conn = self.conn();
        let tx = conn.transaction().map_err(self.fail())?;
        let info = new.info;
        tx.execute(
            "INSERT INTO sessions (id, class, teacher, code, host_token, started_at, last_active_at)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?6)",
            params![info.id, info.class, info.teacher, new.code, new.host_token, info.started_at],
        )
        .map_err(self.fail())?;
        tx.execute(
            "INSERT INTO participants (session_id, idx, name, role, token, joined_at)
             VALUES (?1, 0, ?2, 'teacher', ?3, ?4)",
            params![info.id, info.teacher, new.teacher_token, info.started_at],
        )
        .map_err(self.fail())?;
        tx.commit().map_err(self.fail())
    }

    /// Loads a session to host it again: its facts, everyone in it, the
    /// newest `keep` log entries, and each sender's newest `dedupe` client
    /// ids. Marks it as not ended. The write doubles as the check that the
    /// folder is still writable.
    pub(crate) fn reopen_session(&self, id: &str, keep: usize, dedupe: usize) -> StoreResult<StoredSession> {
        let conn = self.conn();
        let fail = self.fail();
        let row = conn
            .query_row(
                "SELECT class, teacher, code, host_token, started_at FROM sessions WHERE id = ?1",
                [id],
                |row| {
                    Ok((
                        row.get::<_, String>(0)?,
                        row.get::<_, String>(1)?,
                        row.get::<_, Option<String>>(2)?,
                        row.get::<_, String>(3)?,
                        row.get::<_, String>(4)?,
                    ))
                },
            )
            .optional()
            .map_err(&fail)?;
        let Some((class, teacher, code, host_token, started_at)) = row else {
            return Err(StoreError::NotFound(id.to_owned()));
        };
        let mut statement = conn
            .prepare(
                "SELECT p.idx, p.name, p.role, p.token, p.removed, p.banned,
                        p.idx IN (SELECT DISTINCT sender FROM messages WHERE session_id = ?1)
                 FROM participants p WHERE p.session_id = ?1 ORDER BY p.idx",
            )
            .map_err(&fail)?;
        let rows = statement
            .query_map([id], |row| {
                Ok((
                    row.get::<_, i64>(0)?,
                    StoredParticipant {
                        name: row.get(1)?,
                        role: role_from(&row.get::<_, String>(2)?),
                        token: row.get(3)?,
                        removed: row.get(4)?,
                        banned: row.get(5)?,
                        posted: row.get(6)?,
                    },
                ))
            })
            .map_err(&fail)?;
        let mut participants = Vec::new();
        for row in rows {
            let (idx, participant) = row.map_err(&fail)?;
            // Participant ids are handed out densely: a hole means damage.
            if usize::try_from(idx).ok() != Some(participants.len())
                || (idx == 0) != (participant.role == Role::Teacher)
            {
                return Err(StoreError::Corrupt {
                    path: self.inner.path.clone(),
                    detail: format!("participant {idx} of session {id} is out of place"),
                });
            }
            participants.push(participant);
        }
        drop(statement);
        if participants.is_empty() {
            return Err(StoreError::Corrupt {
                path: self.inner.path.clone(),
                detail: format!("session {id} has no teacher"),
            });
        }
        let keep = i64::try_from(keep).unwrap_or(i64::MAX);
        let mut log = query_entries(
            &conn,
            "WHERE m.session_id = ?1 AND m.seq < ?2 ORDER BY m.seq DESC LIMIT ?3",
            params![id, i64::MAX, keep],
        )
        .map_err(&fail)?;
        log.reverse();
        room::with_reactions(&conn, id, &mut log).map_err(&fail)?;
        let last_seq: Seq = conn
            .query_row("SELECT coalesce(max(seq), 0) FROM messages WHERE session_id = ?1", [id], |row| {
                row.get(0)
            })
            .map_err(&fail)?;
        let dedupe = i64::try_from(dedupe).unwrap_or(i64::MAX);
        let mut statement = conn
            .prepare(
                "SELECT sender, client_id, seq FROM (
                     SELECT sender, client_id, seq,
                            row_number() OVER (PARTITION BY sender ORDER BY seq DESC) AS newest
                     FROM messages WHERE session_id = ?1)
                 WHERE newest <= ?2 ORDER BY seq",
            )
            .map_err(&fail)?;
        let recent = statement
            .query_map(params![id, dedupe], |row| {
                Ok((usize::try_from(row.get::<_, i64>(0)?).unwrap_or(usize::MAX), row.get(1)?, row.get(2)?))
            })
            .map_err(&fail)?
            .collect::<Result<Vec<(usize, String, Seq)>, _>>()
            .map_err(&fail)?;
        drop(statement);
        let polls = polls::load(&conn, id).map_err(&fail)?;
        let room = room::load(&conn, id).map_err(&fail)?;
        let questions = questions::load(&conn, id).map_err(&fail)?;
        conn.execute(
            "UPDATE sessions SET ended_at = NULL, last_active_at = ?2 WHERE id = ?1",
            params![id, crate::timestamp::now_rfc3339()],
        )
        .map_err(&fail)?;
        Ok(StoredSession {
            info: SessionInfo { id: id.to_owned(), class, teacher, started_at },
            code,
            host_token,
            participants,
            log,
            last_seq,
            recent,
            polls,
            room,
            questions,
        })
    }
}

/// Marks a session hosted (in this process, and with its lock file for
/// others) until [`HostedGuard::release`], or until it is dropped.
pub(crate) struct HostedGuard {
    store: Store,
    id: String,
    /// `Some` while hosted, with the lock file held open (and locked) once
    /// taken; closing it unlocks. `None` once released.
    held: Mutex<Option<Option<std::fs::File>>>,
}

impl HostedGuard {
    /// The store the session lives in.
    pub(crate) fn store(&self) -> &Store {
        &self.store
    }

    /// Whether still hosted, and the lock file. Nothing can panic while it
    /// is held, so a poisoned one is taken as is.
    fn held(&self) -> MutexGuard<'_, Option<Option<std::fs::File>>> {
        self.held.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Lets the session go: unlocked for other processes first, then for
    /// this one. A hub calls it once its writer has stopped, so the class
    /// can be reopened or deleted at once, whoever still holds the session
    /// for a moment; dropping the guard does it otherwise. Doing it twice
    /// does nothing.
    pub(crate) fn release(&self) {
        let held = self.held().take();
        if let Some(file) = held {
            // Unlocked before it is closed: a child process forked by another
            // thread shares this open file until it execs, and closing our
            // copy alone would leave the class locked for that moment.
            if let Some(Err(err)) = file.as_ref().map(std::fs::File::unlock) {
                warn!(cause = %err, "unlocking a class");
            }
            drop(file);
            self.store.hosted().remove(&self.id);
        }
    }
}

impl Drop for HostedGuard {
    fn drop(&mut self) {
        self.release();
    }
}

fn role_from(text: &str) -> Role {
    if text == "teacher" {
        Role::Teacher
    } else {
        Role::Student
    }
}

pub(crate) fn role_text(role: Role) -> &'static str {
    match role {
        Role::Teacher => "teacher",
        Role::Student => "student",
    }
}

/// Log entries with their senders, in the order `tail` gives.
pub(super) fn query_entries(
    conn: &Connection,
    tail: &str,
    args: impl rusqlite::Params,
) -> rusqlite::Result<Vec<ChatEntry>> {
    let sql = format!(
        "SELECT m.seq, m.client_id, m.sender, p.name, p.role, m.text, m.ts, m.removed, m.quote_text, m.quote_name
         FROM messages m JOIN participants p ON p.session_id = m.session_id AND p.idx = m.sender {tail}"
    );
    let mut statement = conn.prepare_cached(&sql)?;
    let rows = statement.query_map(args, |row| {
        let seq: Seq = row.get(0)?;
        let sender: i64 = row.get(2)?;
        Ok(ChatEntry {
            seq,
            id: format!("m_{seq}"),
            client_id: row.get(1)?,
            from: Identity {
                id: participant_id(usize::try_from(sender).unwrap_or(usize::MAX)),
                name: row.get(3)?,
                role: role_from(&row.get::<_, String>(4)?),
            },
            text: row.get(5)?,
            ts: row.get(6)?,
            removed: row.get(7)?,
            reactions: Vec::new(),
            quote: row
                .get::<_, Option<String>>(8)?
                .map(|text| -> rusqlite::Result<Box<Quote>> {
                    Ok(Box::new(Quote { text, name: row.get(9)? }))
                })
                .transpose()?,
        })
    })?;
    rows.collect()
}

/// `path` with `suffix` appended to its file name (`x.db` → `x.db-wal`).
fn sibling(path: &Path, suffix: &str) -> PathBuf {
    let mut name = path.as_os_str().to_owned();
    name.push(suffix);
    PathBuf::from(name)
}

/// Creates the data folder (only this user may read it, on Unix).
fn create_dir(dir: &Path) -> StoreResult<()> {
    if dir.is_dir() {
        return Ok(());
    }
    let mut builder = std::fs::DirBuilder::new();
    builder.recursive(true);
    #[cfg(unix)]
    std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
    builder.create(dir).map_err(|source| io_error("cannot create the data folder", dir, source))
}

/// Classifies a file-system error: read-only and full disks are the
/// cases a user can act on.
fn io_error(what: &'static str, path: &Path, source: std::io::Error) -> StoreError {
    use std::io::ErrorKind;
    match source.kind() {
        ErrorKind::PermissionDenied | ErrorKind::ReadOnlyFilesystem => {
            StoreError::ReadOnly { path: path.to_owned(), detail: source.to_string() }
        }
        ErrorKind::StorageFull => StoreError::Full { path: path.to_owned() },
        _ => StoreError::Io { what, path: path.to_owned(), source },
    }
}

/// Makes the database (and its WAL and shared-memory files, when there)
/// readable and writable by its owner only, creating it so if missing: it
/// holds the host token, the class code, resume tokens and every message.
/// SQLite gives the -wal and -shm files it creates the database's mode.
/// A no-op off Unix, where the user's data folder is private already.
fn make_private(path: &Path) -> StoreResult<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        let fail = |source| io_error("cannot create the class history", path, source);
        std::fs::OpenOptions::new().create(true).append(true).mode(0o600).open(path).map_err(fail)?;
        for file in [path.to_owned(), sibling(path, "-wal"), sibling(path, "-shm")] {
            let Ok(meta) = std::fs::metadata(&file) else { continue };
            if meta.permissions().mode() & 0o077 != 0 {
                std::fs::set_permissions(&file, std::fs::Permissions::from_mode(0o600))
                    .map_err(|source| io_error("cannot make the class history private", &file, source))?;
            }
        }
    }
    Ok(())
}

/// Opens a connection with the store's settings.
fn connect(path: &Path, durability: Durability) -> StoreResult<Connection> {
    make_private(path)?;
    let fail = |err| StoreError::sqlite(path, err);
    let flags =
        OpenFlags::SQLITE_OPEN_READ_WRITE | OpenFlags::SQLITE_OPEN_CREATE | OpenFlags::SQLITE_OPEN_NO_MUTEX;
    let conn = Connection::open_with_flags(path, flags).map_err(fail)?;
    conn.busy_timeout(BUSY_TIMEOUT).map_err(fail)?;
    let mode: String = conn.query_row("PRAGMA journal_mode = WAL", [], |row| row.get(0)).map_err(fail)?;
    if !mode.eq_ignore_ascii_case("wal") {
        // A read-only folder cannot hold the WAL file: SQLite stays in its old mode.
        return Err(StoreError::ReadOnly {
            path: path.to_owned(),
            detail: format!("SQLite could not switch to WAL mode (still {mode})"),
        });
    }
    let synchronous = match durability {
        Durability::Process => "NORMAL",
        Durability::Power => "FULL",
    };
    conn.execute_batch(&format!(
        "PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = ON; PRAGMA secure_delete = ON;"
    ))
    .map_err(fail)?;
    Ok(conn)
}

/// A cheap integrity check at open, so a damaged file is reported as such
/// at once rather than as odd failures later.
fn check(conn: &Connection, path: &Path) -> StoreResult<()> {
    let verdict: String = conn
        .query_row("PRAGMA quick_check(1)", [], |row| row.get(0))
        .map_err(|err| StoreError::sqlite(path, err))?;
    if verdict == "ok" {
        Ok(())
    } else {
        Err(StoreError::Corrupt { path: path.to_owned(), detail: verdict })
    }
}
