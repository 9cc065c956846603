//! The database schema, as migrations (rusqlite_migration keeps the version
//! in SQLite's `user_version`). Append new migrations; never edit one that
//! has shipped.

use rusqlite_migration::{Migrations, M};

/// Every migration, oldest first.
const MIGRATIONS: &[M<'static>] = &[
    M::up(
        r#"
    -- One row per class session ever hosted.
    CREATE TABLE sessions (
        id             TEXT PRIMARY KEY,
        class          TEXT NOT NULL,
        teacher        TEXT NOT NULL,
        code           TEXT,                 -- NULL: anyone may join without a code
        host_token     TEXT NOT NULL,
        started_at     TEXT NOT NULL,        -- RFC 3339, UTC
        ended_at       TEXT,                 -- NULL: never ended (running, or the hub died)
        last_active_at TEXT NOT NULL         -- RFC 3339, UTC: the newest write
    ) STRICT;

    -- Everyone who ever joined a session; `idx` is the participant id's
    -- number minus one (p_1 is idx 0, always the teacher).
    CREATE TABLE participants (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        name       TEXT NOT NULL,
        role       TEXT NOT NULL CHECK (role IN ('teacher', 'student')),
        token      TEXT NOT NULL,            -- resume token; '' once removed without a ban
        removed    INTEGER NOT NULL DEFAULT 0,
        banned     INTEGER NOT NULL DEFAULT 0,
        joined_at  TEXT NOT NULL,
        PRIMARY KEY (session_id, idx)
    ) STRICT;

    -- The session log: every acknowledged chat message, by seq.
    CREATE TABLE messages (
        session_id TEXT NOT NULL,
        seq        INTEGER NOT NULL,
        client_id  TEXT NOT NULL,
        sender     INTEGER NOT NULL,
        text       TEXT NOT NULL,
        ts         TEXT NOT NULL,            -- RFC 3339, UTC
        PRIMARY KEY (session_id, seq),
        FOREIGN KEY (session_id, sender) REFERENCES participants(session_id, idx) ON DELETE CASCADE
    ) STRICT;
    -- Recent client ids per sender, for idempotent resends after a restart.
    CREATE INDEX messages_by_sender ON messages(session_id, sender, seq);

    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;
    "#,
    ),
    M::up(
        r#"
    -- Live polls, by `idx` (q_1 is idx 0), in the order opened.
    CREATE TABLE polls (
        session_id TEXT NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
        idx        INTEGER NOT NULL,
        question   TEXT NOT NULL,
        kind       TEXT NOT NULL CHECK (kind IN ('single', 'multi', 'text')),
        options    TEXT NOT NULL,            -- JSON array of strings
        correct    TEXT NOT NULL,            -- JSON array of option indexes
        anonymous  INTEGER NOT NULL,
        changes    INTEGER NOT NULL,
        opened_at  TEXT NOT NULL,
        closes_at  TEXT,                     -- the timer's end; NULL without one
        status     TEXT NOT NULL CHECK (status IN ('open', 'closed', 'revealed')),
        PRIMARY KEY (session_id, idx)
    ) STRICT;

    -- Answers. A named poll's row says who answered (one row per student,
    -- replaced on a change); an anonymous poll's has no participant, no
    -- client id and no time, and who answered is in poll_voters, apart.
    CREATE TABLE poll_answers (
        session_id  TEXT NOT NULL,
        poll        INTEGER NOT NULL,
        participant INTEGER,
        client_id   TEXT,
        answer      TEXT NOT NULL,           -- JSON {choices?, text?}
        answered_at TEXT,
        FOREIGN KEY (session_id, poll) REFERENCES polls(session_id, idx) ON DELETE CASCADE
    ) STRICT;
    CREATE UNIQUE INDEX poll_answers_by_participant
        ON poll_answers(session_id, poll, participant) WHERE participant IS NOT NULL;

    -- Who answered an anonymous poll (and the answer's client id, for a
    -- resend), kept in participant order: nothing ties a row to an answer.
    CREATE TABLE poll_voters (
        session_id  TEXT NOT NULL,
        poll        INTEGER NOT NULL,
        participant INTEGER NOT NULL,
        client_id   TEXT NOT NULL,
        PRIMARY KEY (session_id, poll, participant),
        FOREIGN KEY (session_id, poll) REFERENCES polls(session_id, idx) ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;

    -- Text answers the teacher hid, by their counting key.
    CREATE TABLE poll_hidden (
        session_id TEXT NOT NULL,
        poll       INTEGER NOT NULL,
        key        TEXT NOT NULL,
        PRIMARY KEY (session_id, poll, key),
        FOREIGN KEY (session_id, poll) REFERENCES polls(session_id, idx) ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;
    "#,
    ),
    M::up(
        r#"
    -- Running the room: the class's rules, muted students, raised hands.
    ALTER TABLE sessions ADD COLUMN locked INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE sessions ADD COLUMN slow_seconds INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE participants ADD COLUMN muted INTEGER NOT NULL DEFAULT 0;
    ALTER TABLE participants ADD COLUMN hand_at TEXT;  -- RFC 3339; NULL: hand down
    "#,
    ),
    M::up(
        r#"
    -- Deleted messages keep their seq (a tombstone) and lose their text.
    ALTER TABLE messages ADD COLUMN removed INTEGER NOT NULL DEFAULT 0;
    -- The message pinned at the top of the chat, by seq.
    ALTER TABLE sessions ADD COLUMN pinned INTEGER;
    "#,
    ),
    M::up(
        r#"
    -- The name filter the teacher may turn on (a rule, like the lock).
    ALTER TABLE sessions ADD COLUMN name_filter INTEGER NOT NULL DEFAULT 0;
    "#,
    ),
    M::up(
        r#"
    -- Reactions to messages: who gave which (`kind`: its index in the
    -- protocol's REACTIONS, which only ever grows at the end).
    CREATE TABLE reactions (
        session_id  TEXT NOT NULL,
        seq         INTEGER NOT NULL,
        participant INTEGER NOT NULL,
        kind        INTEGER NOT NULL,
        PRIMARY KEY (session_id, seq, participant, kind),
        FOREIGN KEY (session_id, seq) REFERENCES messages(session_id, seq) ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;
    ALTER TABLE sessions ADD COLUMN reactions_off INTEGER NOT NULL DEFAULT 0;
    "#,
    ),
    M::up(
        r#"
    -- Private questions: a student's to the teacher, in the order asked
    -- (`ord`; the id is random and says nothing of it).
    CREATE TABLE questions (
        session_id TEXT NOT NULL,
        id         TEXT NOT NULL,
        ord        INTEGER NOT NULL,
        asker      INTEGER NOT NULL,
        client_id  TEXT NOT NULL,
        text       TEXT NOT NULL,
        at         TEXT NOT NULL,        -- RFC 3339, UTC
        PRIMARY KEY (session_id, id),
        FOREIGN KEY (session_id, asker) REFERENCES participants(session_id, idx) ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;
    CREATE UNIQUE INDEX questions_in_order ON questions(session_id, ord);
    -- The teacher's answers, `n`-th of their question; `seq`: the chat
    -- message that answered it for everyone (NULL: privately).
    CREATE TABLE question_answers (
        session_id TEXT NOT NULL,
        question   TEXT NOT NULL,
        n          INTEGER NOT NULL,
        client_id  TEXT NOT NULL,
        text       TEXT NOT NULL,
        at         TEXT NOT NULL,
        seq        INTEGER,
        PRIMARY KEY (session_id, question, n),
        FOREIGN KEY (session_id, question) REFERENCES questions(session_id, id) ON DELETE CASCADE
    ) STRICT, WITHOUT ROWID;
    -- A public answer quotes its question (the name only when shown).
    ALTER TABLE messages ADD COLUMN quote_text TEXT;
    ALTER TABLE messages ADD COLUMN quote_name TEXT;
    ALTER TABLE sessions ADD COLUMN questions_off INTEGER NOT NULL DEFAULT 0;
    "#,
    ),
];

/// The migrations, ready to run.
pub(crate) fn migrations() -> Migrations<'static> {
    Migrations::from_slice(MIGRATIONS)
}

#[cfg(test)]
mod tests {
    #[test]
    fn migrations_are_valid() {
        super::migrations().validate().expect("valid migrations");
    }
}
