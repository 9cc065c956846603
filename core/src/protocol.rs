//! Wire protocol v1: every frame the hub and its clients exchange.
//!
//! These types are the single definition of the protocol. The hub serialises
//! [`ServerFrame`]s and parses [`ClientFrame`]s; the client does the reverse.
//! Every frame is one JSON object in one WebSocket text frame, tagged by a
//! string field `type`. `docs/protocol.md` describes them for users.
//!
//! Fields a client may not set (`from`, `role`, `ts`, `seq`) do not exist on
//! [`ClientFrame`], so whatever a client sends in them is ignored by design.
//!
//! A new class activity (a poll, a raised hand) adds its frames here, as new
//! [`ClientFrame`] and [`ServerFrame`] variants with their own payload
//! structs, documented in `docs/protocol.md` (every field, rule, code and
//! limit); its rules go in a new file of the hub's `session/`, its rows in
//! the store's migrations, its events in the client's `ClientEvent`.

use serde::{Deserialize, Serialize};

mod poll;
mod question;
mod room;

pub use poll::{
    PollAnswer, PollClosedBy, PollDraft, PollInfo, PollKind, PollResults, PollState, PollStatus, TextCount,
};
pub use question::{Answer, Question, Questions, Quote};
pub use room::{Hand, LoweredBy, RoomRules, RoomState, RulesChange, SLOW_MODE_SECONDS};

/// The protocol version this crate speaks (reported by `/health`).
pub const PROTOCOL_VERSION: u32 = 1;

/// Longest display name (and class name) a hub accepts by default, in
/// Unicode scalar values after trimming (`invalid_name` beyond).
pub const MAX_NAME_CHARS: usize = 40;

/// Position of an entry in the session log: 1, 2, 3 … without gaps.
pub type Seq = u64;

/// What a participant is in the class.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    /// The host of the session; may moderate.
    Teacher,
    /// Anyone who joined with the class code.
    Student,
}

/// Who sent something: the hub fills this in, never the client.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identity {
    /// Hub-assigned participant id, e.g. `p_7`.
    pub id: String,
    /// Display name, as validated by the hub.
    pub name: String,
    /// Role in the session.
    pub role: Role,
}

/// A member of the session as the participant list shows it.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Participant {
    /// Hub-assigned participant id.
    pub id: String,
    /// Display name.
    pub name: String,
    /// Role in the session.
    pub role: Role,
    /// Whether a connection is currently attached.
    pub online: bool,
}

/// Facts about the session a client shows in its header.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionInfo {
    /// Random id of this session.
    pub id: String,
    /// Class name, e.g. "Physics 101".
    pub class: String,
    /// Teacher's display name.
    pub teacher: String,
    /// When the hub started the session (RFC 3339).
    pub started_at: String,
}

/// One chat message in the session log.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChatEntry {
    /// Position in the session log.
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub seq: Seq,
    /// Hub-assigned message id.
    pub id: String,
    /// The id the sender chose; lets the sender match its pending message.
    pub client_id: String,
    /// The sender, as the hub knows it.
    pub from: Identity,
    /// Trimmed message text.
    pub text: String,
    /// Hub time of acceptance (RFC 3339).
    pub ts: String,
    /// Deleted (by the teacher, or its sender): `text` is empty, for good.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<bool>", optional))]
    pub removed: bool,
    /// Reactions to it, in the order of [`REACTIONS`]; absent when none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<Vec<ReactionCount>>", optional))]
    pub reactions: Vec<ReactionCount>,
    /// The private question this message answers for everyone, quoted
    /// (the teacher's messages only); blanked with the text when deleted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    /// (Boxed: most messages have none.)
    #[cfg_attr(feature = "typescript", ts(optional, as = "Option<Quote>"))]
    pub quote: Option<Box<Quote>>,
}

/// Why a participant went offline or away.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LeftReason {
    /// Closed the connection (may come back with its resume token).
    Left,
    /// Removed by the teacher, or an offline seat never used given back
    /// to make room; gone from the list.
    Removed,
    /// Stopped answering keepalives or dropped (may come back).
    Timeout,
}

/// One entry of a `participants:left` batch.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Departure {
    /// Participant id.
    pub id: String,
    /// Why they went.
    pub reason: LeftReason,
}

/// Error and refusal codes. Every error frame also carries a human message.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum ErrorCode {
    /// Wrong or missing class code.
    BadCode,
    /// Wrong host token, or unknown resume token.
    BadToken,
    /// Name empty, too long, or with control or format characters.
    InvalidName,
    /// Another participant already uses this name (ignoring case).
    NameTaken,
    /// Removed (and banned) from this session.
    Removed,
    /// Too many wrong codes or tokens from this address; wait a minute.
    TooManyAttempts,
    /// The session has no room for another participant.
    SessionFull,
    /// The teacher ended the session.
    SessionEnded,
    /// The first frame was not a join, or came too late.
    Protocol,
    /// Message text empty after trimming.
    Empty,
    /// Message text over the limit.
    TooLong,
    /// Sending faster than the per-participant rate.
    RateLimited,
    /// A student tried a teacher action.
    Forbidden,
    /// Frame type not known to this hub.
    UnknownType,
    /// Not a JSON object, a binary frame, or a field missing or of the wrong type.
    Malformed,
    /// The participant named in a teacher action does not exist.
    UnknownParticipant,
    /// A poll is open already: close it before opening another.
    PollOpen,
    /// The poll named does not exist.
    UnknownPoll,
    /// The poll is closed: it takes no answers.
    PollClosed,
    /// A poll to open breaks a rule (question, options, correct options,
    /// timer); the message says which.
    InvalidPoll,
    /// An answer that does not fit its poll (an option that does not
    /// exist, two options in a single-choice poll, an empty or too long text).
    InvalidAnswer,
    /// This student has answered already, and the poll takes no changes.
    AnswerLocked,
    /// The teacher has muted this student: their messages are refused.
    Muted,
    /// The teacher has locked the chat: only the teacher posts.
    ChatLocked,
    /// Slow mode: this student's previous message was too recent; the
    /// message says how many seconds are left.
    SlowMode,
    /// A teacher's setting out of range (e.g. slow mode not one of the
    /// allowed intervals).
    InvalidSetting,
    /// The message named does not exist (or was deleted), or is too old
    /// to pin.
    UnknownMessage,
    /// A student may delete their own message only shortly after sending it.
    DeleteExpired,
    /// A reaction that is not one of the fixed set.
    InvalidReaction,
    /// The teacher has turned reactions off.
    ReactionsOff,
    /// No private question has that id (or it is not yours to see).
    UnknownQuestion,
    /// The teacher has turned private questions off.
    QuestionsOff,
    /// Too many of your questions wait for an answer, or a question has
    /// as many answers as it may have.
    TooManyQuestions,
}

impl ErrorCode {
    /// The code as it appears on the wire, e.g. `"bad_code"`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::BadCode => "bad_code",
            Self::BadToken => "bad_token",
            Self::InvalidName => "invalid_name",
            Self::NameTaken => "name_taken",
            Self::Removed => "removed",
            Self::TooManyAttempts => "too_many_attempts",
            Self::SessionFull => "session_full",
            Self::SessionEnded => "session_ended",
            Self::Protocol => "protocol",
            Self::Empty => "empty",
            Self::TooLong => "too_long",
            Self::RateLimited => "rate_limited",
            Self::Forbidden => "forbidden",
            Self::UnknownType => "unknown_type",
            Self::Malformed => "malformed",
            Self::UnknownParticipant => "unknown_participant",
            Self::PollOpen => "poll_open",
            Self::UnknownPoll => "unknown_poll",
            Self::PollClosed => "poll_closed",
            Self::InvalidPoll => "invalid_poll",
            Self::InvalidAnswer => "invalid_answer",
            Self::AnswerLocked => "answer_locked",
            Self::Muted => "muted",
            Self::ChatLocked => "chat_locked",
            Self::SlowMode => "slow_mode",
            Self::InvalidSetting => "invalid_setting",
            Self::UnknownMessage => "unknown_message",
            Self::DeleteExpired => "delete_expired",
            Self::InvalidReaction => "invalid_reaction",
            Self::ReactionsOff => "reactions_off",
            Self::UnknownQuestion => "unknown_question",
            Self::QuestionsOff => "questions_off",
            Self::TooManyQuestions => "too_many_questions",
        }
    }
}

impl std::fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A frame a client sends to the hub.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
pub enum ClientFrame {
    /// First frame of a student: name and class code, or a resume token.
    #[serde(rename = "student:join")]
    StudentJoin {
        /// Display name (ignored when `resume` is valid).
        #[serde(default)]
        name: String,
        /// The class code, when the session has one.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        code: Option<String>,
        /// Resume token from an earlier welcome.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resume: Option<String>,
        /// Newest `seq` this client has seen.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        last_seq: Option<Seq>,
    },
    /// First frame of the teacher's own client: the host token.
    #[serde(rename = "teacher:join")]
    TeacherJoin {
        /// Host token generated by the hub process.
        token: String,
        /// Resume token from an earlier welcome.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        resume: Option<String>,
        /// Newest `seq` this client has seen.
        #[serde(default, skip_serializing_if = "Option::is_none")]
        last_seq: Option<Seq>,
    },
    /// Send a chat message.
    #[serde(rename = "chat:message")]
    ChatMessage {
        /// Client-chosen id, 1–64 chars, unique per sender; resending it is idempotent.
        id: String,
        /// Message text.
        text: String,
    },
    /// Typing indicator.
    #[serde(rename = "typing")]
    Typing {
        /// Whether the participant is typing now.
        active: bool,
    },
    /// Teacher only: remove a student, optionally banning them.
    #[serde(rename = "teacher:remove-student")]
    RemoveStudent {
        /// Participant id of the student.
        id: String,
        /// Also refuse the student's token and name for the rest of the session.
        #[serde(default)]
        ban: bool,
    },
    /// Teacher only: remove every student who is offline now (no ban):
    /// seats squatted, or left behind by students gone home. Each may join
    /// again with the code, as a new participant.
    #[serde(rename = "teacher:remove-offline")]
    RemoveOffline,
    /// Teacher only: give a student another display name (an unsuitable
    /// one fixed); everyone gets `participant:updated`.
    #[serde(rename = "teacher:rename")]
    Rename {
        /// The student's participant id.
        id: String,
        /// The new name (the rules of a joining student's name apply).
        name: String,
    },
    /// Teacher only: end the session for everyone.
    #[serde(rename = "session:end")]
    EndSession,
    /// Teacher only: open a poll.
    #[serde(rename = "poll:open")]
    PollOpen {
        /// Client-chosen id, echoed as `ref` in a refusal.
        id: String,
        /// The poll.
        #[serde(flatten)]
        poll: PollDraft,
    },
    /// Student only: answer the open poll (or change the answer, where allowed).
    #[serde(rename = "poll:answer")]
    PollAnswer {
        /// The poll's id.
        poll: String,
        /// Client-chosen id, echoed in `poll:ack` and as `ref` in a refusal.
        id: String,
        /// The answer.
        #[serde(flatten)]
        answer: PollAnswer,
    },
    /// Teacher only: stop a poll taking answers.
    #[serde(rename = "poll:close")]
    PollClose {
        /// The poll's id.
        poll: String,
    },
    /// Teacher only: show a poll's results to everyone (closing it if open).
    #[serde(rename = "poll:reveal")]
    PollReveal {
        /// The poll's id.
        poll: String,
    },
    /// Teacher only: hide an answer of a text poll from its results.
    #[serde(rename = "poll:hide")]
    PollHide {
        /// The poll's id.
        poll: String,
        /// The answer, as the results show it.
        text: String,
    },
    /// Student: raise your hand.
    #[serde(rename = "hand:raise")]
    HandRaise,
    /// Lower a hand: without `id` (or with your own) your own; the teacher
    /// lowers any student's.
    #[serde(rename = "hand:lower")]
    HandLower {
        /// Whose hand (default: your own).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        id: Option<String>,
    },
    /// Teacher only: lower every hand.
    #[serde(rename = "hands:clear")]
    HandsClear,
    /// Teacher only: mute or unmute a student.
    #[serde(rename = "teacher:mute")]
    Mute {
        /// The student's participant id.
        id: String,
        /// Muted (true) or not.
        muted: bool,
    },
    /// Teacher only: change the class's rules (fields left out stay).
    #[serde(rename = "room:rules")]
    Rules {
        /// The change.
        #[serde(flatten)]
        change: RulesChange,
    },
    /// Delete a message: the teacher any, a student their own shortly
    /// after sending it.
    #[serde(rename = "chat:delete")]
    ChatDelete {
        /// The message's `seq`.
        seq: Seq,
    },
    /// Teacher only: pin a message at the top of everyone's chat.
    #[serde(rename = "chat:pin")]
    ChatPin {
        /// The message's `seq`.
        seq: Seq,
    },
    /// Teacher only: unpin the pinned message.
    #[serde(rename = "chat:unpin")]
    ChatUnpin,
    /// React to a message with one of [`REACTIONS`].
    #[serde(rename = "reaction:add")]
    ReactionAdd {
        /// The message's `seq`.
        seq: Seq,
        /// The reaction.
        emoji: String,
    },
    /// Take a reaction back.
    #[serde(rename = "reaction:remove")]
    ReactionRemove {
        /// The message's `seq`.
        seq: Seq,
        /// The reaction.
        emoji: String,
    },
    /// Student only: ask the teacher a private question.
    #[serde(rename = "question:ask")]
    QuestionAsk {
        /// Client-chosen id, 1–64 chars, unique per sender; resending it is
        /// idempotent, and it comes back as `ref` in `question:asked`.
        id: String,
        /// The question.
        text: String,
    },
    /// Teacher only: answer a private question, privately or for everyone.
    #[serde(rename = "question:answer")]
    QuestionAnswer {
        /// Client-chosen id, 1–64 chars; resending it is idempotent, and it
        /// comes back as `ref` in `question:answered`.
        id: String,
        /// The question's id.
        question: String,
        /// The answer.
        text: String,
        /// Answer for everyone: a chat message quoting the question.
        #[serde(default)]
        public: bool,
        /// With `public`, name the student who asked in the quote.
        #[serde(default)]
        show_name: bool,
    },
    /// Ask for older log entries.
    #[serde(rename = "history:fetch")]
    HistoryFetch {
        /// Entries with a `seq` below this one (default: the newest).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        before: Option<Seq>,
        /// Page size (the hub caps it).
        #[serde(default, skip_serializing_if = "Option::is_none")]
        limit: Option<u32>,
    },
}

impl ClientFrame {
    /// Parses a text frame, classifying failures into the protocol's codes.
    ///
    /// # Errors
    /// [`FrameError`] with `unknown_type` for a well-formed object whose
    /// `type` this hub does not know, and `malformed` for everything else,
    /// carrying the frame's `id` (if any) for the error's `ref`.
    pub fn parse(text: &str) -> Result<Self, FrameError> {
        // serde also reads an internally tagged enum from a JSON array (its
        // elements as the fields in order): `["chat:message","c-1","hi"]`
        // would post. A frame is one JSON object; nothing else is read.
        if !text.trim_start_matches([' ', '\t', '\n', '\r']).starts_with('{') {
            return Err(FrameError::not_an_object());
        }
        match serde_json::from_str::<ClientFrame>(text) {
            Ok(frame) => Ok(frame),
            Err(err) => Err(FrameError::classify(text, &err)),
        }
    }
}

/// Why a client frame could not be used.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FrameError {
    /// `malformed` or `unknown_type`.
    pub code: ErrorCode,
    /// The refused frame's `id`, when it had a string one.
    pub reference: Option<String>,
    /// Human explanation.
    pub message: String,
}

impl FrameError {
    /// Anything but one JSON object.
    fn not_an_object() -> Self {
        Self {
            code: ErrorCode::Malformed,
            reference: None,
            message: "Each frame must be one JSON object.".into(),
        }
    }

    fn classify(text: &str, err: &serde_json::Error) -> Self {
        /// Just enough of a frame to tell why the full parse failed.
        #[derive(Deserialize)]
        struct Probe {
            #[serde(rename = "type")]
            kind: Option<serde_json::Value>,
            id: Option<serde_json::Value>,
        }
        let Ok(probe) = serde_json::from_str::<Probe>(text) else {
            return Self::not_an_object();
        };
        let reference = probe.id.and_then(|v| v.as_str().map(str::to_owned));
        match probe.kind {
            Some(serde_json::Value::String(kind)) if !KNOWN_CLIENT_TYPES.contains(&kind.as_str()) => Self {
                code: ErrorCode::UnknownType,
                reference,
                message: format!("Unknown frame type {kind:?}."),
            },
            Some(serde_json::Value::String(kind)) => Self {
                code: ErrorCode::Malformed,
                reference,
                message: format!("Invalid {kind:?} frame: {}.", describe(err)),
            },
            _ => Self {
                code: ErrorCode::Malformed,
                reference,
                message: "The frame has no string field \"type\".".into(),
            },
        }
    }
}

/// serde's message without the "at line 1 column 40" tail, which means nothing to a user.
fn describe(err: &serde_json::Error) -> String {
    let text = err.to_string();
    match text.find(" at line ") {
        Some(pos) => text[..pos].to_owned(),
        None => text,
    }
}

/// Every `type` a client may send.
pub const KNOWN_CLIENT_TYPES: &[&str] = &[
    "student:join",
    "teacher:join",
    "chat:message",
    "typing",
    "teacher:remove-student",
    "teacher:remove-offline",
    "teacher:rename",
    "poll:open",
    "poll:answer",
    "poll:close",
    "poll:reveal",
    "poll:hide",
    "hand:raise",
    "hand:lower",
    "hands:clear",
    "teacher:mute",
    "room:rules",
    "chat:delete",
    "chat:pin",
    "chat:unpin",
    "reaction:add",
    "reaction:remove",
    "question:ask",
    "question:answer",
    "session:end",
    "history:fetch",
];

/// A frame the hub sends to a client.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type")]
#[non_exhaustive]
pub enum ServerFrame {
    /// First frame after a successful join.
    #[serde(rename = "session:welcome")]
    Welcome(Box<Welcome>),
    /// An entry of the session log.
    #[serde(rename = "chat:message")]
    ChatMessage(ChatEntry),
    /// The hub accepted (and sequenced) the sender's message with this `id`.
    #[serde(rename = "chat:ack")]
    ChatAck {
        /// The client's id for the message.
        id: String,
        /// Its position in the log.
        seq: Seq,
    },
    /// A refusal or failure; after a failed join the connection closes.
    #[serde(rename = "error")]
    Error {
        /// Machine-readable code.
        code: ErrorCode,
        /// Human explanation, fit to show.
        message: String,
        /// The refused frame's `id`, where it had one.
        #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
    },
    /// Someone came online: new to the session, or back.
    #[serde(rename = "participant:joined")]
    ParticipantJoined {
        /// Their record.
        participant: Participant,
    },
    /// Several came online at once (a class arriving); same meaning as
    /// that many `participant:joined`, in order, in one frame. Everyone in
    /// it is online, so the records leave `online` out: in a class of N
    /// arriving together these frames carry N²/2 records.
    #[serde(rename = "participants:joined")]
    ParticipantsJoined {
        /// Who came online, in join order.
        participants: Vec<Identity>,
    },
    /// Several went offline at once (a classroom's Wi-Fi dropping); same
    /// meaning as that many `participant:left`, in order, in one frame.
    #[serde(rename = "participants:left")]
    ParticipantsLeft {
        /// Who went, and why, in order.
        participants: Vec<Departure>,
    },
    /// The rest of the welcome's participant list, for large classes: the
    /// welcome holds one page, and these frames follow it at once.
    #[serde(rename = "participants:page")]
    ParticipantsPage {
        /// More records of the snapshot the welcome started.
        participants: Vec<Participant>,
    },
    /// Someone went offline, or was removed.
    #[serde(rename = "participant:left")]
    ParticipantLeft {
        /// Participant id.
        id: String,
        /// Why.
        reason: LeftReason,
    },
    /// A participant's record changed.
    #[serde(rename = "participant:updated")]
    ParticipantUpdated {
        /// The new record.
        participant: Participant,
    },
    /// Someone started or stopped typing.
    #[serde(rename = "typing")]
    Typing {
        /// Participant id.
        from: String,
        /// Typing now or not.
        active: bool,
    },
    /// Answer to `history:fetch`.
    #[serde(rename = "history")]
    History {
        /// Entries, oldest first.
        messages: Vec<ChatEntry>,
        /// Oldest `seq` the hub still holds (entries before it are gone).
        first_seq: Seq,
    },
    /// A poll opened (to everyone).
    #[serde(rename = "poll:opened")]
    PollOpened {
        /// The poll.
        poll: PollInfo,
    },
    /// The open poll's results as they come in: to the teacher only, at
    /// most about ten a second.
    #[serde(rename = "poll:tally")]
    PollTally {
        /// The results now.
        results: PollResults,
    },
    /// The sender's answer is stored (to the sender only).
    #[serde(rename = "poll:ack")]
    PollAck {
        /// The poll's id.
        poll: String,
        /// The client's id for the answer.
        id: String,
    },
    /// A poll stopped taking answers (to everyone).
    #[serde(rename = "poll:closed")]
    PollClosed {
        /// The poll's id.
        poll: String,
        /// Who closed it.
        by: PollClosedBy,
    },
    /// A poll's results, shown to everyone (again, when the teacher hides
    /// an answer afterwards).
    #[serde(rename = "poll:revealed")]
    PollRevealed {
        /// The results, without who answered.
        results: PollResults,
    },
    /// A student raised their hand (to everyone).
    #[serde(rename = "hand:raised")]
    HandRaised(Hand),
    /// A hand went down (to everyone).
    #[serde(rename = "hand:lowered")]
    HandLowered {
        /// The student's participant id.
        id: String,
        /// The student, or the teacher.
        by: LoweredBy,
    },
    /// The teacher lowered every hand (to everyone).
    #[serde(rename = "hands:cleared")]
    HandsCleared,
    /// A student was muted or unmuted: to the teacher and that student only.
    #[serde(rename = "participant:muted")]
    ParticipantMuted {
        /// The student's participant id.
        id: String,
        /// Muted now or not.
        muted: bool,
    },
    /// The class's rules changed (to everyone).
    #[serde(rename = "room:rules")]
    Rules(RoomRules),
    /// A message was deleted (to everyone): show it as removed, in place.
    #[serde(rename = "chat:deleted")]
    ChatDeleted {
        /// The message's `seq`.
        seq: Seq,
        /// Its sender, or the teacher.
        by: DeletedBy,
    },
    /// A message is pinned (to everyone), replacing any pinned before.
    #[serde(rename = "chat:pinned")]
    ChatPinned {
        /// The message.
        message: ChatEntry,
    },
    /// Nothing is pinned any more (to everyone).
    #[serde(rename = "chat:unpinned")]
    ChatUnpinned,
    /// Someone added or took back a reaction (to everyone).
    #[serde(rename = "reaction:changed")]
    ReactionChanged(ReactionChange),
    /// A private question was asked: to the teacher and the student who
    /// asked only (the student's copy has `ref`, their id for it).
    #[serde(rename = "question:asked")]
    QuestionAsked {
        /// The question.
        question: Question,
        /// The asker's id for it (on the asker's copy only).
        #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
    },
    /// The teacher answered a private question: to the teacher and the
    /// student who asked only (the teacher's copy has `ref`).
    #[serde(rename = "question:answered")]
    QuestionAnswered {
        /// The question's id.
        question: String,
        /// The answer.
        answer: Answer,
        /// The teacher's id for the answer (on the teacher's copy only).
        #[serde(rename = "ref", default, skip_serializing_if = "Option::is_none")]
        reference: Option<String>,
    },
    /// You were removed by the teacher; the connection closes (4001).
    #[serde(rename = "session:removed")]
    Removed,
    /// The teacher ended the session; the connection closes (1000).
    #[serde(rename = "session:ended")]
    Ended,
}

/// The contents of `session:welcome`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Welcome {
    /// The joiner, as the hub knows it.
    pub you: Identity,
    /// Token to come back as the same participant.
    pub resume: String,
    /// The session.
    pub session: SessionInfo,
    /// Everyone in the session, the joiner first; in a large class only the
    /// first page, and `participants:page` frames bring the rest.
    pub participants: Vec<Participant>,
    /// Log entries after the joiner's `last_seq` (or the newest page), oldest first.
    pub history: Vec<ChatEntry>,
    /// The hub's newest `seq` (0 when the log is empty).
    pub last_seq: Seq,
    /// The limits a client should respect to avoid refusals.
    pub limits: SessionLimits,
    /// The session's polls, oldest first (absent from hubs before polls).
    #[serde(default)]
    pub polls: Vec<PollState>,
    /// Raised hands and the teacher's rules (absent from hubs before them).
    #[serde(default)]
    pub room: RoomState,
    /// Every deleted message's `seq`, oldest first: blank any you hold.
    #[serde(default)]
    pub deleted: Vec<Seq>,
    /// The joiner's own reactions in this session (to show them as theirs).
    #[serde(default)]
    pub my_reactions: Vec<MyReaction>,
    /// Private questions: a student's own, every one for the teacher.
    #[serde(default)]
    pub questions: Questions,
    /// For a join with `last_seq`: the counts of the messages it holds.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub held_reactions: Option<HeldReactions>,
}

/// The reactions a participant may add, in the order they are shown.
pub const REACTIONS: [&str; 6] = ["👍", "❤️", "😂", "😮", "❓", "✅"];

/// How many gave one reaction to a message.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionCount {
    /// The reaction, one of [`REACTIONS`].
    pub emoji: String,
    /// How many gave it (at least 1).
    pub count: u32,
}

/// A reaction added or taken back.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReactionChange {
    /// The message's `seq`.
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub seq: Seq,
    /// The reaction.
    pub emoji: String,
    /// Who reacted.
    pub by: String,
    /// Added (true) or taken back.
    pub on: bool,
    /// How many give this reaction to the message now.
    pub count: u32,
}

/// The reaction counts of messages a resuming client already holds (in
/// its welcome), so counts that changed while it was away are set right.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HeldReactions {
    /// The first message the snapshot covers.
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub from: Seq,
    /// The last (the join's `last_seq`).
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub to: Seq,
    /// Every message from `from` to `to` that has reactions, oldest first;
    /// the others in the range have none.
    pub counts: Vec<EntryReactions>,
}

/// One message's reaction counts.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EntryReactions {
    /// The message's `seq`.
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub seq: Seq,
    /// Its counts, in the order of [`REACTIONS`].
    pub reactions: Vec<ReactionCount>,
}

/// One of the joiner's own reactions, in the welcome.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MyReaction {
    /// The message's `seq`.
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub seq: Seq,
    /// The reaction.
    pub emoji: String,
}

/// Who deleted a message.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DeletedBy {
    /// The student who sent it.
    Sender,
    /// The teacher.
    Teacher,
}

/// Limits the hub tells every client in its welcome, so a client can pace
/// itself and count characters instead of learning them from refusals.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionLimits {
    /// Longest message text, in Unicode scalar values.
    pub max_text_chars: usize,
    /// Chat messages a second per participant (0: no limit).
    pub send_rate: u32,
    /// Burst allowed above `send_rate`.
    pub send_burst: u32,
    /// Longest poll question, in Unicode scalar values. (Hubs before polls
    /// do not send the poll limits: a client reads the defaults then.)
    #[serde(default = "poll_defaults::question")]
    pub max_question_chars: usize,
    /// Most options of a poll.
    #[serde(default = "poll_defaults::options")]
    pub max_poll_options: usize,
    /// Longest poll option, in Unicode scalar values.
    #[serde(default = "poll_defaults::option")]
    pub max_option_chars: usize,
    /// Longest text answer to a poll, in Unicode scalar values.
    #[serde(default = "poll_defaults::answer")]
    pub max_answer_chars: usize,
    /// Hand raises and lowers a second per student (0: no limit).
    #[serde(default = "room_defaults::hand_rate")]
    pub hand_rate: u32,
    /// Burst allowed above `hand_rate`.
    #[serde(default = "room_defaults::hand_burst")]
    pub hand_burst: u32,
    /// How long after sending a student may delete their own message, in seconds.
    #[serde(default = "room_defaults::delete_window")]
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub delete_window_seconds: u64,
    /// Reactions added or taken back a second per participant (0: no limit).
    #[serde(default = "room_defaults::reaction_rate")]
    pub reaction_rate: u32,
    /// Burst allowed above `reaction_rate`.
    #[serde(default = "room_defaults::reaction_burst")]
    pub reaction_burst: u32,
    /// Private questions a minute per student (0: no limit).
    #[serde(default = "room_defaults::question_rate")]
    pub question_rate_per_minute: u32,
    /// Burst allowed above `question_rate_per_minute`.
    #[serde(default = "room_defaults::question_burst")]
    pub question_burst: u32,
    /// A student's questions that may wait for an answer at once.
    #[serde(default = "room_defaults::questions_open")]
    pub questions_open: usize,
    /// Most answers one question may get.
    #[serde(default = "room_defaults::answers")]
    pub max_answers: usize,
}

/// The room limits of a hub that does not say (docs/protocol.md's defaults).
mod room_defaults {
    pub(super) fn hand_rate() -> u32 {
        1
    }
    pub(super) fn hand_burst() -> u32 {
        4
    }
    pub(super) fn delete_window() -> u64 {
        120
    }
    pub(super) fn reaction_rate() -> u32 {
        2
    }
    pub(super) fn reaction_burst() -> u32 {
        10
    }
    pub(super) fn question_rate() -> u32 {
        3
    }
    pub(super) fn question_burst() -> u32 {
        3
    }
    pub(super) fn questions_open() -> usize {
        5
    }
    pub(super) fn answers() -> usize {
        10
    }
}

/// The poll limits of a hub that does not say (docs/protocol.md's defaults).
mod poll_defaults {
    pub(super) fn question() -> usize {
        200
    }
    pub(super) fn options() -> usize {
        10
    }
    pub(super) fn option() -> usize {
        80
    }
    pub(super) fn answer() -> usize {
        80
    }
}

/// Body of `GET /health`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    /// Always true when the hub answers.
    pub ok: bool,
    /// [`PROTOCOL_VERSION`].
    pub protocol: u32,
    /// Class name.
    pub class: String,
    /// Participants currently online.
    pub participants: usize,
}

/// WebSocket close codes the hub uses.
pub mod close {
    /// Normal close, e.g. after `session:ended`.
    pub const NORMAL: u16 = 1000;
    /// Policy violation: no join in time, a refused join, or too many frames.
    pub const POLICY: u16 = 1008;
    /// A text frame that is not valid UTF-8.
    pub const INVALID_DATA: u16 = 1007;
    /// Frame over the size limit.
    pub const TOO_BIG: u16 = 1009;
    /// The hub could not keep up with this client ("slow consumer"); resume.
    pub const TRY_AGAIN: u16 = 1013;
    /// The same participant connected again elsewhere ("replaced").
    pub const REPLACED: u16 = 4000;
    /// Removed by the teacher.
    pub const REMOVED: u16 = 4001;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn chat_entry_serialises_with_type_first_fields() {
        let frame = ServerFrame::ChatMessage(ChatEntry {
            seq: 43,
            id: "m_43".into(),
            client_id: "c-1".into(),
            from: Identity { id: "p_1".into(), name: "Ada".into(), role: Role::Student },
            text: "Hello class!".into(),
            ts: "2026-11-25T10:00:00Z".into(),
            removed: false,
            reactions: Vec::new(),
            quote: None,
        });
        let json = serde_json::to_value(&frame).unwrap();
        assert_eq!(json["type"], "chat:message");
        assert_eq!(json["seq"], 43);
        assert_eq!(json["from"]["role"], "student");
    }

    #[test]
    fn spoofed_fields_are_ignored() {
        let frame = ClientFrame::parse(
            r#"{"type":"chat:message","id":"c-1","text":"hi","from":{"id":"p_1","name":"Teacher","role":"teacher"},"role":"teacher","ts":"x","seq":9}"#,
        )
        .unwrap();
        assert_eq!(frame, ClientFrame::ChatMessage { id: "c-1".into(), text: "hi".into() });
    }

    #[test]
    fn parse_errors_are_classified() {
        let cases = [
            ("not json", ErrorCode::Malformed, None),
            ("[1,2]", ErrorCode::Malformed, None),
            (r#"{"text":"no type"}"#, ErrorCode::Malformed, None),
            (r#"{"type":7}"#, ErrorCode::Malformed, None),
            (r#"{"type":"dance","id":"c-9"}"#, ErrorCode::UnknownType, Some("c-9")),
            (r#"{"type":"chat:message","id":"c-2"}"#, ErrorCode::Malformed, Some("c-2")),
            (r#"{"type":"chat:message","id":"c-3","text":5}"#, ErrorCode::Malformed, Some("c-3")),
        ];
        for (text, code, reference) in cases {
            let err = ClientFrame::parse(text).unwrap_err();
            assert_eq!(err.code, code, "{text}");
            assert_eq!(err.reference.as_deref(), reference, "{text}");
            assert!(!err.message.is_empty());
            assert!(!err.message.contains("line 1"), "{}", err.message);
        }
    }

    #[test]
    fn error_codes_match_their_wire_names() {
        for code in [ErrorCode::BadCode, ErrorCode::TooManyAttempts, ErrorCode::UnknownParticipant] {
            let wire = serde_json::to_value(code).unwrap();
            assert_eq!(wire, code.as_str());
        }
    }

    #[test]
    fn unit_frames_round_trip() {
        for frame in [ServerFrame::Ended, ServerFrame::Removed] {
            let text = serde_json::to_string(&frame).unwrap();
            assert_eq!(serde_json::from_str::<ServerFrame>(&text).unwrap(), frame);
        }
        assert_eq!(serde_json::to_string(&ServerFrame::Ended).unwrap(), r#"{"type":"session:ended"}"#);
    }
}
