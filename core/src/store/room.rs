//! Running the room, in the store: raised hands, muted students and the
//! class's rules, written as they change and read back when a class is
//! reopened, so a resumed class keeps them.

use rusqlite::{params, Connection, Transaction};

use crate::protocol::{ChatEntry, RoomRules, Seq};

/// A change to the room, as the writer stores it.
#[derive(Debug)]
pub(crate) enum RoomOp {
    /// A hand went up (`at`: when) or down (`None`).
    Hand { index: usize, at: Option<String> },
    /// The teacher lowered every hand.
    HandsCleared,
    /// A student was muted or unmuted.
    Muted { index: usize, muted: bool },
    /// The teacher changed the rules.
    Rules(RoomRules),
    /// A message was deleted: its text goes, its seq stays.
    Deleted { seq: Seq },
    /// A message was pinned (`Some`) or unpinned.
    Pinned(Option<Seq>),
    /// The teacher renamed a participant.
    Renamed { index: usize, name: String },
}

/// The room of a stored session.
#[derive(Debug, Default)]
pub(crate) struct StoredRoom {
    pub rules: RoomRules,
    /// `(participant index, raised at)`, in the order the hands went up.
    pub hands: Vec<(usize, String)>,
    /// Muted participants, by index.
    pub muted: Vec<usize>,
    /// Deleted messages' seqs, oldest first.
    pub deleted: Vec<Seq>,
    /// The pinned message (never a deleted one).
    pub pinned: Option<ChatEntry>,
}

/// Stores one change, inside the writer's transaction.
pub(crate) fn write(tx: &Transaction<'_>, session: &str, op: &RoomOp) -> rusqlite::Result<()> {
    match op {
        RoomOp::Hand { index, at } => {
            tx.prepare_cached("UPDATE participants SET hand_at = ?3 WHERE session_id = ?1 AND idx = ?2")?
                .execute(params![session, index, at])?;
        }
        RoomOp::HandsCleared => {
            tx.prepare_cached("UPDATE participants SET hand_at = NULL WHERE session_id = ?1")?
                .execute(params![session])?;
        }
        RoomOp::Muted { index, muted } => {
            tx.prepare_cached("UPDATE participants SET muted = ?3 WHERE session_id = ?1 AND idx = ?2")?
                .execute(params![session, index, muted])?;
        }
        RoomOp::Rules(rules) => {
            tx.prepare_cached(
                "UPDATE sessions SET locked = ?2, slow_seconds = ?3, name_filter = ?4 WHERE id = ?1",
            )?
            .execute(params![session, rules.locked, rules.slow_seconds, rules.name_filter])?;
        }
        RoomOp::Deleted { seq } => {
            // With secure_delete on, the text's bytes are overwritten in
            // the page, not just unlinked.
            tx.prepare_cached(
                "UPDATE messages SET text = '', removed = 1 WHERE session_id = ?1 AND seq = ?2",
            )?
            .execute(params![session, seq])?;
        }
        RoomOp::Renamed { index, name } => {
            tx.prepare_cached("UPDATE participants SET name = ?3 WHERE session_id = ?1 AND idx = ?2")?
                .execute(params![session, index, name])?;
        }
        RoomOp::Pinned(seq) => {
            tx.prepare_cached("UPDATE sessions SET pinned = ?2 WHERE id = ?1")?
                .execute(params![session, seq])?;
        }
    }
    Ok(())
}

/// Reads a session's room back.
pub(crate) fn load(conn: &Connection, session: &str) -> rusqlite::Result<StoredRoom> {
    let rules = conn.query_row(
        "SELECT locked, slow_seconds, name_filter FROM sessions WHERE id = ?1",
        [session],
        |row| Ok(RoomRules { locked: row.get(0)?, slow_seconds: row.get(1)?, name_filter: row.get(2)? }),
    )?;
    let index = |row: &rusqlite::Row<'_>| Ok(usize::try_from(row.get::<_, i64>(0)?).unwrap_or(usize::MAX));
    // Times have milliseconds; hands raised within one are in seat order.
    let hands = conn
        .prepare(
            "SELECT idx, hand_at FROM participants
             WHERE session_id = ?1 AND hand_at IS NOT NULL AND removed = 0 ORDER BY hand_at, idx",
        )?
        .query_map([session], |row| Ok((index(row)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    let muted = conn
        .prepare(
            "SELECT idx FROM participants WHERE session_id = ?1 AND muted = 1 AND removed = 0 ORDER BY idx",
        )?
        .query_map([session], index)?
        .collect::<rusqlite::Result<_>>()?;
    let deleted = conn
        .prepare("SELECT seq FROM messages WHERE session_id = ?1 AND removed = 1 ORDER BY seq")?
        .query_map([session], |row| row.get(0))?
        .collect::<rusqlite::Result<_>>()?;
    let pinned = super::query_entries(
        conn,
        "WHERE m.session_id = ?1 AND m.removed = 0 AND m.seq = (SELECT pinned FROM sessions WHERE id = ?1)",
        [session],
    )?
    .pop();
    Ok(StoredRoom { rules, hands, muted, deleted, pinned })
}
