//! Running the room, in the store: raised hands, muted students and the
//! class's rules, written as they change and read back when a class is
//! reopened, so a resumed class keeps them.

use rusqlite::{params, Connection, Transaction};

use crate::protocol::{ChatEntry, ReactionCount, RoomRules, Seq};

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
    /// A reaction (`kind`: its index in `REACTIONS`) added or taken back.
    Reaction { seq: Seq, member: usize, kind: usize, on: bool },
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
    /// Every reaction: `(seq, participant, kind)`.
    pub reactions: Vec<(Seq, usize, usize)>,
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
                "UPDATE sessions SET locked = ?2, slow_seconds = ?3, name_filter = ?4, reactions_off = ?5,
                        questions_off = ?6
                 WHERE id = ?1",
            )?
            .execute(params![
                session,
                rules.locked,
                rules.slow_seconds,
                rules.name_filter,
                rules.reactions_off,
                rules.questions_off
            ])?;
        }
        RoomOp::Reaction { seq, member, kind, on: true } => {
            tx.prepare_cached(
                "INSERT OR IGNORE INTO reactions (session_id, seq, participant, kind) VALUES (?1, ?2, ?3, ?4)",
            )?
            .execute(params![session, seq, member, kind])?;
        }
        RoomOp::Reaction { seq, member, kind, on: false } => {
            tx.prepare_cached(
                "DELETE FROM reactions WHERE session_id = ?1 AND seq = ?2 AND participant = ?3 AND kind = ?4",
            )?
            .execute(params![session, seq, member, kind])?;
        }
        RoomOp::Deleted { seq } => {
            tx.prepare_cached("DELETE FROM reactions WHERE session_id = ?1 AND seq = ?2")?
                .execute(params![session, seq])?;
            // With secure_delete on, the text's bytes are overwritten in
            // the page, not just unlinked.
            tx.prepare_cached(
                "UPDATE messages SET text = '', quote_text = NULL, quote_name = NULL, removed = 1
                 WHERE session_id = ?1 AND seq = ?2",
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
        "SELECT locked, slow_seconds, name_filter, reactions_off, questions_off FROM sessions WHERE id = ?1",
        [session],
        |row| {
            Ok(RoomRules {
                locked: row.get(0)?,
                slow_seconds: row.get(1)?,
                name_filter: row.get(2)?,
                reactions_off: row.get(3)?,
                questions_off: row.get(4)?,
            })
        },
    )?;
    let index = |row: &rusqlite::Row<'_>| Ok(usize::try_from(row.get::<_, i64>(0)?).unwrap_or(usize::MAX));
    // In the order raised, by the time parsed (a store written by an older
    // version has times of varying length, which do not sort as text);
    // times have milliseconds, and hands raised within one are in seat order.
    let mut hands: Vec<(usize, String)> = conn
        .prepare(
            "SELECT idx, hand_at FROM participants
             WHERE session_id = ?1 AND hand_at IS NOT NULL AND removed = 0 ORDER BY idx",
        )?
        .query_map([session], |row| Ok((index(row)?, row.get(1)?)))?
        .collect::<rusqlite::Result<_>>()?;
    hands.sort_by_cached_key(|(idx, at)| (crate::timestamp::parse(at), *idx));
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
    let reactions = conn
        .prepare("SELECT seq, participant, kind FROM reactions WHERE session_id = ?1 ORDER BY seq")?
        .query_map([session], |row| {
            let at = |i| row.get::<_, i64>(i).map(|v| usize::try_from(v).unwrap_or(usize::MAX));
            Ok((row.get(0)?, at(1)?, at(2)?))
        })?
        .collect::<rusqlite::Result<_>>()?;
    let mut pinned = pinned.into_iter().collect::<Vec<_>>();
    with_reactions(conn, session, &mut pinned)?;
    Ok(StoredRoom { rules, hands, muted, deleted, pinned: pinned.pop(), reactions })
}

/// Fills in `entries`' reaction counts, in the order of `REACTIONS`.
pub(crate) fn with_reactions(
    conn: &Connection,
    session: &str,
    entries: &mut [ChatEntry],
) -> rusqlite::Result<()> {
    let (Some(first), Some(last)) = (entries.first().map(|e| e.seq), entries.last().map(|e| e.seq)) else {
        return Ok(());
    };
    let mut statement = conn.prepare_cached(
        "SELECT seq, kind, count(*) FROM reactions WHERE session_id = ?1 AND seq BETWEEN ?2 AND ?3
         GROUP BY seq, kind ORDER BY seq, kind",
    )?;
    let rows = statement.query_map(params![session, first.min(last), first.max(last)], |row| {
        Ok((row.get::<_, Seq>(0)?, row.get::<_, i64>(1)?, row.get::<_, i64>(2)?))
    })?;
    for row in rows {
        let (seq, kind, count) = row?;
        let emoji = usize::try_from(kind).ok().and_then(|kind| crate::protocol::REACTIONS.get(kind));
        if let (Some(entry), Some(emoji)) = (entries.iter_mut().find(|e| e.seq == seq), emoji) {
            entry
                .reactions
                .push(ReactionCount { emoji: (*emoji).to_owned(), count: u32::try_from(count).unwrap_or(0) });
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use rusqlite::{params, Connection};

    /// Hands come back in the order raised, whatever the length of their
    /// stored times: older versions wrote `…:01.12Z` for 120 ms, which sorts
    /// after `…:01.125Z` as text.
    #[test]
    fn hands_come_back_in_the_order_raised() {
        let mut conn = Connection::open_in_memory().expect("a database");
        super::super::schema::migrations().to_latest(&mut conn).expect("the schema");
        conn.execute(
            "INSERT INTO sessions (id, class, teacher, host_token, started_at, last_active_at)
             VALUES ('s', 'C', 'T', 't', '2026-12-02T18:00:00Z', '2026-12-02T18:00:00Z')",
            [],
        )
        .expect("a session");
        // Seat 1 raised at .12 s, seat 2 at .125 s, seat 3 at 1 s sharp
        // (written without a fraction), seat 4 at .12 s like seat 1.
        for (idx, at) in [
            (3, "2026-12-02T18:00:01Z"),
            (2, "2026-12-02T18:00:00.125Z"),
            (1, "2026-12-02T18:00:00.12Z"),
            (4, "2026-12-02T18:00:00.120Z"),
        ] {
            conn.execute(
                "INSERT INTO participants (session_id, idx, name, role, token, joined_at, hand_at)
                 VALUES ('s', ?1, ?2, 'student', '', '2026-12-02T18:00:00Z', ?3)",
                params![idx, format!("S{idx}"), at],
            )
            .expect("a participant");
        }
        let room = super::load(&conn, "s").expect("the room");
        let order: Vec<usize> = room.hands.iter().map(|(idx, _)| *idx).collect();
        assert_eq!(order, [1, 4, 2, 3], "by time, then seat");
    }
}
