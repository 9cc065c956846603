//! What a hub is told at start: the class, and every limit of the contract.

use std::time::Duration;

use crate::protocol::SessionLimits;
use crate::store::Store;

/// How a session is hosted.
#[derive(Debug, Clone)]
pub struct HubConfig {
    /// Class name shown to everyone, e.g. "Physics 101".
    pub class: String,
    /// Teacher's display name, e.g. "Mrs. Núñez".
    pub teacher: String,
    /// Join code students must give; `None` lets anyone on the network join.
    pub code: Option<String>,
    /// The contract's limits.
    pub limits: Limits,
    /// Where the class is kept; `None` keeps it in memory only (nothing
    /// survives the process, and acks do not wait for a disk).
    pub store: Option<Store>,
    /// With a store: reopen this stored session (same id, `seq` going on,
    /// everyone's tokens still valid) instead of starting a new one. Its
    /// class, teacher, code and host token come from the store; the fields
    /// above are then not used.
    pub resume: Option<String>,
    /// Serve the student web client at `/` (when this build has it), so
    /// students join from a browser.
    pub web: bool,
}

impl HubConfig {
    /// A config with a fresh random 6-digit code and default limits.
    pub fn new(class: impl Into<String>, teacher: impl Into<String>) -> Self {
        Self {
            class: class.into(),
            teacher: teacher.into(),
            code: Some(crate::ids::join_code()),
            limits: Limits::default(),
            store: None,
            resume: None,
            web: true,
        }
    }
}

/// Every limit of the protocol's table, and the hub's timings.
#[derive(Debug, Clone)]
pub struct Limits {
    /// Largest inbound WebSocket frame or message, in bytes (excess: close 1009).
    pub max_frame_bytes: usize,
    /// Longest message text after trimming, in Unicode scalar values (`too_long`).
    pub max_text_chars: usize,
    /// Longest display name, in Unicode scalar values (`invalid_name`).
    pub max_name_chars: usize,
    /// Chat messages a second per participant; 0 lifts the limit (`rate_limited`).
    pub send_rate: u32,
    /// Burst allowed above `send_rate`.
    pub send_burst: u32,
    /// Wrong codes or tokens an address may send per `attempt_window` (`too_many_attempts`).
    pub join_attempts: u32,
    /// Wrong codes or tokens from all addresses together per
    /// `attempt_window`; beyond, every join by code is refused
    /// (`too_many_attempts`) until the window ends. Joins with a valid host
    /// or resume token are never refused for wrong attempts.
    pub join_attempts_total: u32,
    /// The window `join_attempts` and `join_attempts_total` count in.
    pub attempt_window: Duration,
    /// Participants a session holds, the teacher included (`session_full`).
    pub max_participants: usize,
    /// Students' seats taken from one address, online or offline (the
    /// teacher's not counted; `session_full` beyond).
    pub max_per_address: usize,
    /// Times a second one seat may be taken again (a resume, the teacher
    /// reconnecting), after a burst of `rejoin_burst`; beyond, the
    /// connection closes with 1013 ("too many reconnects"). 0 lifts it.
    pub rejoin_rate: u32,
    /// Burst allowed above `rejoin_rate`.
    pub rejoin_burst: u32,
    /// Open connections, joined or not; beyond, a new one gets HTTP 503 and
    /// is closed. Keep it at least `max_participants + max_pending +
    /// max_page_connections`, so connections that never join (or only load
    /// the page) cannot keep members out.
    pub max_connections: usize,
    /// Connections that have not joined yet, in total (HTTP 503 beyond).
    pub max_pending: usize,
    /// Connections that have not joined yet from one address (HTTP 503 beyond).
    pub max_pending_per_address: usize,
    /// Connections that asked for a page of the web client, kept apart from
    /// the pending ones so that newcomers do not close them mid-load (a
    /// class of 300 opening the page at once); beyond, they stay pending.
    /// From one address, `max_pending_per_address` at most.
    pub max_page_connections: usize,
    /// Time a page connection's reads may wait after its latest page
    /// request (instead of `handshake_timeout`); closed after it.
    pub page_timeout: Duration,
    /// Time a new connection has to finish its HTTP request (the WebSocket
    /// upgrade, or `/health`); closed after it.
    pub handshake_timeout: Duration,
    /// Frames a connection may fall behind the rest of the class before it
    /// is cut off (close 1013, "slow consumer"); it then resumes.
    pub outbound_queue: usize,
    /// Time to wait for a stalled socket to take a write before cutting it off.
    pub write_timeout: Duration,
    /// Time a new connection has to send its join (close 1008 after).
    pub join_timeout: Duration,
    /// How often the hub pings each connection.
    pub ping_interval: Duration,
    /// Silence after which a peer counts as dead (`participant:left`,
    /// `timeout`); checked at each ping, so a dead peer goes within
    /// `dead_after + ping_interval`.
    pub dead_after: Duration,
    /// Frames a second a joined connection may send, every kind counted
    /// (close 1008 beyond the burst); 0 lifts the limit.
    pub frame_rate: u32,
    /// Burst allowed above `frame_rate`.
    pub frame_burst: u32,
    /// Least time between two forwarded `typing: true` of one participant
    /// (a `typing: false` in between does not reset it).
    pub typing_interval: Duration,
    /// Log entries kept in memory for resume and `history:fetch`. Without a
    /// store older entries are gone; with one, older pages are read from it.
    pub history_retained: usize,
    /// Log entries in a welcome, and the largest `history:fetch` page.
    pub history_page: usize,
    /// Most UTF-8 bytes of message text in a welcome's history or a
    /// `history:fetch` page (the newest entries are kept, at least one).
    pub history_page_bytes: usize,
    /// `history:fetch` pages a second per connection: beyond the burst,
    /// answers wait their turn; 0 lifts the limit.
    pub history_rate: u32,
    /// Burst allowed above `history_rate`.
    pub history_burst: u32,
    /// Participants in the welcome and in each `participants:page` after it;
    /// keeps every frame small, and with it each socket's write buffer.
    pub participants_page: usize,
    /// Recent client message ids remembered per participant for idempotent resends.
    pub dedupe_window: usize,
    /// How long `participant:joined` may wait to be batched with others
    /// (a class arriving at once gets a few frames instead of N²).
    pub presence_coalesce: Duration,
    /// Longest poll question, in Unicode scalar values (`invalid_poll`).
    pub max_question_chars: usize,
    /// Most options of a poll (`invalid_poll`; at least 2).
    pub max_poll_options: usize,
    /// Longest poll option, in Unicode scalar values (`invalid_poll`).
    pub max_option_chars: usize,
    /// Longest text answer, in Unicode scalar values (`invalid_answer`).
    pub max_answer_chars: usize,
    /// Polls one session may have (`invalid_poll` beyond).
    pub max_polls: usize,
    /// How often at most the teacher gets the open poll's results while
    /// answers come in (`poll:tally`).
    pub tally_interval: Duration,
    /// Hand raises and lowers a second per student (`rate_limited`
    /// beyond; 0: no limit).
    pub hand_rate: u32,
    /// Burst allowed above `hand_rate`.
    pub hand_burst: u32,
    /// How long after sending a student may delete their own message
    /// (`delete_expired` after).
    pub delete_window: Duration,
    /// Reactions added or taken back a second per participant
    /// (`rate_limited` beyond; 0: no limit).
    pub reaction_rate: u32,
    /// Burst allowed above `reaction_rate`.
    pub reaction_burst: u32,
    /// Private questions a minute per student (`rate_limited` beyond; 0:
    /// no limit).
    pub question_rate: u32,
    /// Burst allowed above `question_rate`.
    pub question_burst: u32,
    /// A student's questions that may wait for an answer at once
    /// (`too_many_questions` beyond).
    pub questions_open: usize,
    /// Most answers one question may get (`too_many_questions` beyond).
    pub max_answers: usize,
    /// Private questions in a welcome, the newest (older ones are counted,
    /// and in the teacher's export).
    pub questions_page: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Self {
            max_frame_bytes: 16 * 1024,
            max_text_chars: 2000,
            max_name_chars: crate::protocol::MAX_NAME_CHARS,
            send_rate: 5,
            send_burst: 10,
            join_attempts: 10,
            join_attempts_total: 60,
            attempt_window: Duration::from_secs(60),
            max_participants: 300,
            max_per_address: 4,
            rejoin_rate: 1,
            rejoin_burst: 10,
            // A class of 300 opening the web client at the same moment
            // connects some 600 times before anyone has joined (the page,
            // then its files, each browser on a few connections at once).
            max_connections: 300 + 512 + 1024 + 16,
            max_pending: 512,
            max_pending_per_address: 8,
            max_page_connections: 1024,
            page_timeout: Duration::from_secs(10),
            handshake_timeout: Duration::from_secs(5),
            outbound_queue: 1024,
            write_timeout: Duration::from_secs(10),
            join_timeout: Duration::from_secs(5),
            ping_interval: Duration::from_secs(5),
            dead_after: Duration::from_secs(25),
            frame_rate: 50,
            frame_burst: 100,
            typing_interval: Duration::from_secs(2),
            history_retained: 10_000,
            history_page: 100,
            history_page_bytes: 64 * 1024,
            history_rate: 20,
            history_burst: 20,
            participants_page: 50,
            dedupe_window: 1024,
            presence_coalesce: Duration::from_millis(25),
            max_question_chars: 200,
            max_poll_options: 10,
            max_option_chars: 80,
            max_answer_chars: 80,
            max_polls: 100,
            tally_interval: Duration::from_millis(100),
            hand_rate: 1,
            hand_burst: 4,
            delete_window: Duration::from_secs(120),
            reaction_rate: 2,
            reaction_burst: 10,
            question_rate: 3,
            question_burst: 3,
            questions_open: 5,
            max_answers: 10,
            questions_page: 100,
        }
    }
}

impl Limits {
    /// The limits a welcome tells a client: what it must keep to.
    pub fn session_limits(&self) -> SessionLimits {
        SessionLimits {
            max_text_chars: self.max_text_chars,
            send_rate: self.send_rate,
            send_burst: self.send_burst,
            max_question_chars: self.max_question_chars,
            max_poll_options: self.max_poll_options,
            max_option_chars: self.max_option_chars,
            max_answer_chars: self.max_answer_chars,
            hand_rate: self.hand_rate,
            hand_burst: self.hand_burst,
            delete_window_seconds: self.delete_window.as_secs(),
            reaction_rate: self.reaction_rate,
            reaction_burst: self.reaction_burst,
            question_rate_per_minute: self.question_rate,
            question_burst: self.question_burst,
            questions_open: self.questions_open,
            max_answers: self.max_answers,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A client fills in what an older hub's welcome leaves out with the
    /// limits of a hub with default settings (docs/protocol.md's table).
    #[test]
    fn what_an_older_hub_leaves_out_is_a_default_hubs_limit() {
        let defaults = Limits::default().session_limits();
        let older: SessionLimits = serde_json::from_value(
            serde_json::json!({"max_text_chars": 2000, "send_rate": 5, "send_burst": 10}),
        )
        .expect("the three limits every hub sends are enough");
        assert_eq!(older, defaults);
    }
}
