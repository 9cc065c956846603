//! The client every app and tool uses to talk to a hub.
//!
//! [`connect`] spawns one task that owns the socket and returns a cheap
//! [`ClientHandle`] for intents and an [`Events`] stream for everything a UI
//! shows. The task joins, reconnects with backoff and jitter, resumes with
//! its token and `last_seq`, fills gaps from history, resends unacked
//! messages with their original ids, and drops duplicates: each log entry
//! reaches [`ClientEvent::Message`] exactly once, in `seq` order.
//!
//! A UI keeps no delivery state of its own: everything it needs (what is
//! queued, acked, refused, which page is on its way) comes as events. A new
//! class activity adds its [`ClientEvent`] variants (they reach the desktop
//! UI as they are, through `app::AppEvent`) and one [`ClientHandle`] method
//! per intent, sent as its `ClientFrame`.

mod answers;
mod connection;
mod outbox;
mod questions;
mod reorder;
mod room;
mod roster;

use std::time::Duration;

use serde::Serialize;
use tokio::sync::{mpsc, oneshot, watch};

use crate::error::{Error, Result};
use crate::protocol::{Answer, HeldReactions, Question, Questions};
use crate::protocol::{
    ChatEntry, ClientFrame, DeletedBy, ErrorCode, Hand, Identity, LeftReason, LoweredBy, MyReaction,
    Participant, PollAnswer, PollClosedBy, PollDraft, PollInfo, PollResults, PollState, ReactionChange,
    RoomRules, RoomState, RulesChange, Seq, SessionInfo, SessionLimits,
};
use questions::Draft;
use room::RoomAction;

/// Who the client joins as.
#[derive(Debug, Clone)]
pub enum JoinAs {
    /// A student: display name and the class code (if the class has one).
    Student {
        /// Display name.
        name: String,
        /// Class code.
        code: Option<String>,
    },
    /// The teacher: the hub's host token.
    Teacher {
        /// Host token.
        token: String,
    },
}

/// A saved place in a session, to come back as the same participant.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SavedPlace {
    /// Resume token from the welcome.
    pub token: String,
    /// Newest `seq` already shown to the user.
    pub last_seq: Seq,
}

/// How a client connects and reconnects.
#[derive(Debug, Clone)]
pub struct ClientConfig {
    /// The hub's WebSocket URL, e.g. `ws://192.168.1.20:4455/ws`.
    pub url: String,
    /// Who to join as.
    pub join: JoinAs,
    /// Where to resume from (e.g. kept across app restarts).
    pub resume: Option<SavedPlace>,
    /// First reconnect delay; doubles per attempt, with jitter.
    pub backoff_initial: Duration,
    /// Longest reconnect delay.
    pub backoff_max: Duration,
    /// Time allowed for connecting and receiving the welcome.
    pub connect_timeout: Duration,
    /// Silence from the hub after which the connection counts as dead (the
    /// hub pings every 5 s by default).
    pub silence_timeout: Duration,
    /// Unacked messages kept at most ([`Error::OutboxFull`] beyond).
    pub outbox_limit: usize,
    /// How much of the class's earlier log a client joining with nothing
    /// shown yet receives.
    pub backfill: Backfill,
    /// Largest WebSocket message (and frame) taken from the hub, in bytes.
    /// A bigger one is refused on its header, before any of it is read or
    /// room is made for it: the hub broke the protocol, so the client
    /// closes with 1009 and reconnects after a pause that grows each time
    /// (as after a failed attempt). Keep it above the hub's largest frame:
    /// a welcome or `history` page, which the hub bounds by its
    /// `history_page_bytes` of message text.
    pub max_message_bytes: usize,
    /// Participants the client keeps track of, the joiner included: a UI
    /// building its list from [`ClientEvent::Roster`] and
    /// [`ClientEvent::Participant`] never holds more. Beyond it, newcomers
    /// are not passed on until a removal makes room (the connection stays
    /// up: a class bigger than this still chats, with an incomplete list).
    pub max_participants: usize,
    /// Log entries held while a gap before them is being filled. Beyond it
    /// the newest are let go and fetched again once the gap is filled.
    pub max_buffered_entries: usize,
    /// Bytes of those entries (their text and other fields), likewise.
    pub max_buffered_bytes: usize,
}

/// [`ClientConfig::max_message_bytes`] by default: 4 MiB. The hub's largest
/// frame is a welcome or `history` page: at most 100 entries and 64 KiB of
/// their text (`Limits::history_page_bytes`), which JSON escaping makes at
/// most 384 KiB (six bytes a control character), plus the entries' other
/// fields (about 80 KiB) and 50 participants: about 0.5 MB in the worst
/// case. 4 MiB is eight times that, and twice the 2 MiB docs/protocol.md
/// tells every client to accept, so a hub with somewhat larger pages still
/// works, while a rogue hub cannot make the client take tungstenite's
/// default of 64 MiB a message.
const DEFAULT_MAX_MESSAGE_BYTES: usize = 4 * 1024 * 1024;

/// [`ClientConfig::max_participants`] by default. The hub's default class
/// holds 300 (`classroom host --max-participants`), its benchmarks 5,000;
/// twice that, with records bounded in size, stays a few MiB in a UI.
const DEFAULT_MAX_PARTICIPANTS: usize = 10_000;

/// [`ClientConfig::max_buffered_entries`] by default. An honest hub makes
/// the client hold the welcome's page and one gap page (100 entries each)
/// plus what is said while the gap is filled: a hundredth of this.
const DEFAULT_MAX_BUFFERED_ENTRIES: usize = 10_000;

/// [`ClientConfig::max_buffered_bytes`] by default: the two pages an honest
/// hub makes the client hold carry at most 64 KiB of text each; 16 MiB
/// also holds four messages of the largest size accepted.
const DEFAULT_MAX_BUFFERED_BYTES: usize = 16 * 1024 * 1024;

/// How much earlier history a client that has shown nothing yet receives.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum Backfill {
    /// The whole log, page by page, as [`ClientEvent::Message`]s at join
    /// (what a terminal or an archive wants).
    #[default]
    Everything,
    /// Only the welcome's last page; older pages come one at a time on
    /// [`ClientHandle::load_earlier`] as [`ClientEvent::Earlier`] (what a
    /// window that loads earlier messages on scroll wants: a class of
    /// thousands of messages is not sent to every late joiner).
    OnRequest,
}

impl ClientConfig {
    /// A config with default timings and bounds.
    pub fn new(url: impl Into<String>, join: JoinAs) -> Self {
        Self {
            url: url.into(),
            join,
            resume: None,
            backoff_initial: Duration::from_millis(250),
            backoff_max: Duration::from_secs(10),
            connect_timeout: Duration::from_secs(10),
            silence_timeout: Duration::from_secs(25),
            outbox_limit: 256,
            backfill: Backfill::Everything,
            max_message_bytes: DEFAULT_MAX_MESSAGE_BYTES,
            max_participants: DEFAULT_MAX_PARTICIPANTS,
            max_buffered_entries: DEFAULT_MAX_BUFFERED_ENTRIES,
            max_buffered_bytes: DEFAULT_MAX_BUFFERED_BYTES,
        }
    }
}

/// The connection as a UI should show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "state", rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum ConnectionState {
    /// First attempt under way.
    Connecting,
    /// Joined and live.
    Connected,
    /// Lost; trying again (attempt 1, 2, …).
    Reconnecting {
        /// Attempt number.
        attempt: u32,
    },
    /// Over for good.
    Closed(CloseReason),
}

/// Why a client stopped for good.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "reason", rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum CloseReason {
    /// The user left.
    Left,
    /// The teacher ended the session.
    Ended,
    /// The teacher removed this participant.
    Removed,
    /// The same participant connected elsewhere.
    Replaced,
    /// The hub refused the join (wrong code, name taken, …).
    Refused {
        /// The protocol's code.
        code: ErrorCode,
        /// The hub's explanation.
        message: String,
    },
}

/// Everything a UI needs to show, in the order it happened. Serialised for
/// a UI as `{"kind": "message", "data": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "data", rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum ClientEvent {
    /// The connection changed state.
    State(ConnectionState),
    /// Joined (again): who we are and the session. The resume token is not
    /// here (a UI never needs the secret): it is [`ClientHandle::resume_token`].
    Welcome {
        /// Ourselves.
        you: Identity,
        /// The session.
        session: SessionInfo,
        /// The hub's limits.
        limits: SessionLimits,
    },
    /// The whole participant list, replacing what the UI had (at most
    /// [`ClientConfig::max_participants`], the joiner first).
    Roster(Vec<Participant>),
    /// A participant is new, or changed (e.g. came online). A new one is
    /// told only while the list has room.
    Participant(Participant),
    /// A participant of the list went offline (`left`, `timeout`) or was
    /// removed (then it is off the list).
    ParticipantLeft {
        /// Participant id.
        id: String,
        /// Why.
        reason: LeftReason,
    },
    /// A log entry: each exactly once, in `seq` order.
    Message(ChatEntry),
    /// One of our messages is in the outbox under `client_id`: pending until
    /// [`ClientEvent::Acked`] (or its own [`ClientEvent::Message`]), or
    /// [`ClientEvent::Refused`]. Emitted before [`ClientHandle::send`]
    /// returns, so every later event about the message comes after it.
    Queued {
        /// The message's id, as [`ClientHandle::send`] returns it.
        client_id: String,
        /// What was sent.
        text: String,
    },
    /// One of our messages was sequenced by the hub.
    Acked {
        /// The id [`ClientHandle::send`] returned.
        client_id: String,
        /// Its `seq`.
        #[cfg_attr(feature = "typescript", ts(type = "number"))]
        seq: Seq,
    },
    /// The hub refused something we sent; `client_id` names the message, if
    /// it was one. The message will not be retried.
    Refused {
        /// The refused message's id, if it was a message.
        client_id: Option<String>,
        /// The protocol's code.
        code: ErrorCode,
        /// The hub's explanation.
        message: String,
    },
    /// Someone on the list started or stopped typing.
    Typing {
        /// Participant id.
        from: String,
        /// Typing or not.
        active: bool,
    },
    /// A page of older entries was asked for ([`ClientHandle::load_earlier`]);
    /// it comes as one [`ClientEvent::Earlier`]. Asking again meanwhile does
    /// nothing, so a UI may ask on every scroll.
    LoadingEarlier,
    /// A page of older entries asked for with [`ClientHandle::load_earlier`]
    /// ([`Backfill::OnRequest`]): each comes before everything shown so far,
    /// oldest first, and is never also sent as a [`ClientEvent::Message`].
    Earlier {
        /// The entries, oldest first (may be empty).
        messages: Vec<ChatEntry>,
        /// Nothing older exists (or the hub no longer holds it).
        complete: bool,
    },
    /// Entries the hub no longer holds were skipped (only after a very long
    /// absence with the in-memory log).
    Gap {
        /// First lost `seq`.
        #[cfg_attr(feature = "typescript", ts(type = "number"))]
        from: Seq,
        /// Last lost `seq`.
        #[cfg_attr(feature = "typescript", ts(type = "number"))]
        to: Seq,
    },
    /// The session's polls as the hub had them at our (re)join, oldest
    /// first, replacing what the UI had: after every `Welcome`.
    Polls(Vec<PollState>),
    /// A poll opened.
    PollOpened(PollInfo),
    /// Teacher: the open poll's results as answers come in (at most about
    /// ten a second).
    PollTally(PollResults),
    /// One of our answers is kept under `client_id` until stored
    /// ([`ClientEvent::PollAnswered`]) or refused ([`ClientEvent::Refused`]
    /// with this id). Emitted before [`ClientHandle::answer_poll`] returns,
    /// so everything said about the answer comes after it.
    AnswerQueued {
        /// The poll.
        poll: String,
        /// The answer's id, as `answer_poll` returns it.
        client_id: String,
        /// The answer.
        answer: PollAnswer,
    },
    /// Our answer ([`ClientHandle::answer_poll`]) is stored.
    PollAnswered {
        /// The poll.
        poll: String,
        /// The id `answer_poll` returned.
        client_id: String,
    },
    /// A poll stopped taking answers.
    PollClosed {
        /// The poll.
        poll: String,
        /// The teacher, or its timer.
        by: PollClosedBy,
    },
    /// A poll's results, shown to everyone (the correct options marked).
    PollRevealed(PollResults),
    /// The room as the hub had it at our (re)join (hands, the rules, who is
    /// muted), replacing what the UI had: after every `Welcome`.
    Room(RoomState),
    /// A student raised their hand.
    HandRaised(Hand),
    /// A hand went down.
    HandLowered {
        /// The student's participant id.
        id: String,
        /// The student, or the teacher.
        by: LoweredBy,
    },
    /// The teacher lowered every hand.
    HandsCleared,
    /// A student was muted or unmuted (told to the teacher and that student).
    Muted {
        /// The student's participant id.
        id: String,
        /// Muted now or not.
        muted: bool,
    },
    /// The class's rules changed.
    Rules(RoomRules),
    /// Every deleted message's `seq` as the hub had them at our (re)join,
    /// oldest first: show any of them held as removed. After every
    /// `Welcome`.
    DeletedMessages(#[cfg_attr(feature = "typescript", ts(type = "number[]"))] Vec<Seq>),
    /// A message was deleted: show it as removed, in place (also if it
    /// arrives later, e.g. in a page of history fetched before).
    MessageDeleted {
        /// Its `seq`.
        #[cfg_attr(feature = "typescript", ts(type = "number"))]
        seq: Seq,
        /// Its sender, or the teacher.
        by: DeletedBy,
    },
    /// The message pinned at the top of the chat, or none any more.
    Pinned(Option<ChatEntry>),
    /// Our own reactions as the hub had them at our (re)join, replacing
    /// what the UI had: after every `Welcome`.
    MyReactions(Vec<MyReaction>),
    /// Someone added or took back a reaction: the message's new count.
    ReactionChanged(ReactionChange),
    /// The reaction counts of messages we held at our rejoin, from
    /// `from` to `to`: set each held message in the range to its counts
    /// listed here, or to none. After a `Welcome` that resumed.
    HeldReactions(HeldReactions),
    /// Private questions as the hub had them at our (re)join (a student's
    /// own; every one for the teacher), replacing what the UI had: after
    /// every `Welcome`.
    Questions(Questions),
    /// Student: our question ([`ClientHandle::ask`]) is kept under
    /// `client_id` until the hub takes it ([`ClientEvent::QuestionAsked`]
    /// with this id) or refuses it ([`ClientEvent::Refused`] with it).
    /// Emitted before `ask` returns.
    QuestionQueued {
        /// The id `ask` returns.
        client_id: String,
        /// The question.
        text: String,
    },
    /// Teacher: our answer ([`ClientHandle::answer_question`]) is kept
    /// under `client_id` until the hub takes it
    /// ([`ClientEvent::QuestionAnswered`] with this id) or refuses it.
    /// Emitted before `answer_question` returns.
    ReplyQueued {
        /// The question's id.
        question: String,
        /// The id `answer_question` returns.
        client_id: String,
        /// The answer.
        text: String,
        /// For everyone, or privately.
        public: bool,
    },
    /// A private question was asked: ours (with `client_id`, our id for
    /// it), or, to the teacher, a student's.
    QuestionAsked {
        /// The question (boxed: the largest event by far).
        question: Box<Question>,
        /// Our id for it, when it is ours.
        #[cfg_attr(feature = "typescript", ts(optional))]
        client_id: Option<String>,
    },
    /// The teacher answered a private question (told to the teacher, with
    /// `client_id`, and to the student who asked).
    QuestionAnswered {
        /// The question's id.
        question: String,
        /// The answer.
        answer: Answer,
        /// The teacher's id for it, on the teacher's side.
        #[cfg_attr(feature = "typescript", ts(optional))]
        client_id: Option<String>,
    },
}

/// Intents, from the handle to the client task.
#[derive(Debug)]
enum Command {
    Send { text: String, reply: oneshot::Sender<Result<String>> },
    Typing(bool),
    Remove { id: String, ban: bool },
    RemoveOffline,
    Answer { poll: String, answer: PollAnswer, reply: oneshot::Sender<String> },
    Question { draft: Draft, reply: oneshot::Sender<Result<String>> },
    Poll(PollAction),
    Room(RoomAction),
    End,
    Leave,
    Earlier,
}

/// A teacher's poll action.
#[derive(Debug)]
enum PollAction {
    Open(PollDraft),
    Close(String),
    Reveal(String),
    Hide { poll: String, text: String },
}

impl PollAction {
    /// The frame that asks for it; `id` names an opening in a refusal.
    fn frame(self, id: String) -> ClientFrame {
        match self {
            Self::Open(poll) => ClientFrame::PollOpen { id, poll },
            Self::Close(poll) => ClientFrame::PollClose { poll },
            Self::Reveal(poll) => ClientFrame::PollReveal { poll },
            Self::Hide { poll, text } => ClientFrame::PollHide { poll, text },
        }
    }
}

/// A cheap, cloneable handle for a UI's intents.
#[derive(Debug, Clone)]
pub struct ClientHandle {
    commands: mpsc::Sender<Command>,
    resume: watch::Receiver<Option<String>>,
}

/// The stream of [`ClientEvent`]s. Read it steadily: when it is full the
/// client stops reading its socket and the hub eventually cuts it off (it
/// then resumes, losing nothing).
#[derive(Debug)]
pub struct Events {
    rx: mpsc::Receiver<ClientEvent>,
}

impl Events {
    /// The next event; `None` once the client has closed for good.
    pub async fn next(&mut self) -> Option<ClientEvent> {
        self.rx.recv().await
    }
}

/// Starts a client task. Must be called inside a tokio runtime.
///
/// # Errors
/// [`Error::BadAddress`] when the URL is not `ws://…`.
pub fn connect(config: ClientConfig) -> Result<(ClientHandle, Events)> {
    if !config.url.starts_with("ws://") && !config.url.starts_with("wss://") {
        return Err(Error::BadAddress(config.url));
    }
    let (commands, command_rx) = mpsc::channel(64);
    let (events_tx, rx) = mpsc::channel(1024);
    let (resume_tx, resume) = watch::channel(config.resume.as_ref().map(|place| place.token.clone()));
    tokio::spawn(connection::run(config, command_rx, events_tx, resume_tx));
    Ok((ClientHandle { commands, resume }, Events { rx }))
}

impl ClientHandle {
    /// The token that resumes our seat in the class (from the latest
    /// welcome, or the saved place we started with): keep it to come back
    /// as the same participant after a restart. It is current by the time
    /// [`ClientEvent::Welcome`] is emitted.
    pub fn resume_token(&self) -> Option<String> {
        self.resume.borrow().clone()
    }

    /// Queues a chat message; returns its client id (also announced, first,
    /// as [`ClientEvent::Queued`]). It goes out now, or on reconnect, and is
    /// resent until acked ([`ClientEvent::Acked`]).
    ///
    /// # Errors
    /// [`Error::OutboxFull`] when too many messages wait; [`Error::Closed`]
    /// after the client stopped.
    pub async fn send(&self, text: impl Into<String>) -> Result<String> {
        let (reply, answer) = oneshot::channel();
        self.command(Command::Send { text: text.into(), reply }).await?;
        answer.await.map_err(|_| Error::Closed)?
    }

    /// Tells the class whether we are typing (dropped while offline).
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn typing(&self, active: bool) -> Result<()> {
        self.command(Command::Typing(active)).await
    }

    /// Teacher: removes a student, optionally banning them.
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn remove_student(&self, id: impl Into<String>, ban: bool) -> Result<()> {
        self.command(Command::Remove { id: id.into(), ban }).await
    }

    /// Teacher: removes every student offline now, without a ban.
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn remove_offline(&self) -> Result<()> {
        self.command(Command::RemoveOffline).await
    }

    /// Student: answers a poll (or changes the answer, where the poll
    /// allows); returns the answer's id. The answer is kept and sent again
    /// after any reconnect until the hub stores it
    /// ([`ClientEvent::PollAnswered`]) or refuses it ([`ClientEvent::Refused`]
    /// with this id).
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn answer_poll(&self, poll: impl Into<String>, answer: PollAnswer) -> Result<String> {
        let (reply, id) = oneshot::channel();
        self.command(Command::Answer { poll: poll.into(), answer, reply }).await?;
        id.await.map_err(|_| Error::Closed)
    }

    /// Teacher: opens a poll (dropped while offline, like every teacher
    /// action); a refusal comes as [`ClientEvent::Refused`].
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn open_poll(&self, poll: PollDraft) -> Result<()> {
        self.command(Command::Poll(PollAction::Open(poll))).await
    }

    /// Teacher: stops a poll taking answers.
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn close_poll(&self, poll: impl Into<String>) -> Result<()> {
        self.command(Command::Poll(PollAction::Close(poll.into()))).await
    }

    /// Teacher: shows a poll's results to everyone (closing it if open).
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn reveal_poll(&self, poll: impl Into<String>) -> Result<()> {
        self.command(Command::Poll(PollAction::Reveal(poll.into()))).await
    }

    /// Teacher: hides an answer of a text poll from its results.
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn hide_answer(&self, poll: impl Into<String>, text: impl Into<String>) -> Result<()> {
        self.command(Command::Poll(PollAction::Hide { poll: poll.into(), text: text.into() })).await
    }

    /// Student: raises our hand (dropped while offline).
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn raise_hand(&self) -> Result<()> {
        self.command(Command::Room(RoomAction::Raise)).await
    }

    /// Lowers a hand: ours (`None`), or as the teacher any student's.
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn lower_hand(&self, id: Option<String>) -> Result<()> {
        self.command(Command::Room(RoomAction::Lower(id))).await
    }

    /// Teacher: lowers every hand.
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn clear_hands(&self) -> Result<()> {
        self.command(Command::Room(RoomAction::Clear)).await
    }

    /// Teacher: mutes or unmutes a student.
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn mute(&self, id: impl Into<String>, muted: bool) -> Result<()> {
        self.command(Command::Room(RoomAction::Mute { id: id.into(), muted })).await
    }

    /// Teacher: locks or unlocks the chat, or sets slow mode (fields left
    /// out stay as they are).
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn set_rules(&self, change: RulesChange) -> Result<()> {
        self.command(Command::Room(RoomAction::Rules(change))).await
    }

    /// Deletes a message: as the teacher any, as a student our own
    /// shortly after sending it (a refusal comes as [`ClientEvent::Refused`]).
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn delete_message(&self, seq: Seq) -> Result<()> {
        self.command(Command::Room(RoomAction::Delete(seq))).await
    }

    /// Teacher: gives a student another name (a refusal, such as a name
    /// taken, comes as [`ClientEvent::Refused`]); everyone's list updates.
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn rename(&self, id: impl Into<String>, name: impl Into<String>) -> Result<()> {
        self.command(Command::Room(RoomAction::Rename { id: id.into(), name: name.into() })).await
    }

    /// Adds (`on`) or takes back a reaction (one of
    /// [`crate::protocol::REACTIONS`]) on a message.
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn react(&self, seq: Seq, emoji: impl Into<String>, on: bool) -> Result<()> {
        self.command(Command::Room(RoomAction::React { seq, emoji: emoji.into(), on })).await
    }

    /// Teacher: pins a message at the top of everyone's chat, or unpins (`None`).
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn pin_message(&self, seq: Option<Seq>) -> Result<()> {
        self.command(Command::Room(RoomAction::Pin(seq))).await
    }

    /// Teacher: ends the session for everyone.
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn end_session(&self) -> Result<()> {
        self.command(Command::End).await
    }

    /// Asks for the page of entries before the oldest shown; it arrives as
    /// [`ClientEvent::Earlier`] (at once with `complete` when there is
    /// nothing older). One page at a time: asking again while a page is on
    /// its way does nothing. Asked while offline, it is sent on reconnect.
    ///
    /// # Errors
    /// [`Error::Closed`] after the client stopped.
    pub async fn load_earlier(&self) -> Result<()> {
        self.command(Command::Earlier).await
    }

    /// Student: asks the teacher a private question; returns its id. It is
    /// kept and sent again after any reconnect until the hub takes it
    /// ([`ClientEvent::QuestionAsked`] with this id) or refuses it
    /// ([`ClientEvent::Refused`] with it).
    ///
    /// # Errors
    /// [`Error::OutboxFull`] when too many wait already; [`Error::Closed`]
    /// after the client stopped.
    pub async fn ask(&self, text: impl Into<String>) -> Result<String> {
        self.question(Draft::Ask { text: text.into() }).await
    }

    /// Teacher: answers a private question, privately or (`public`) for
    /// everyone as a chat message quoting it, naming the student only with
    /// `show_name`; returns the answer's id. Kept and sent again like a
    /// question ([`ClientEvent::QuestionAnswered`] with this id settles it).
    ///
    /// # Errors
    /// As [`ClientHandle::ask`].
    pub async fn answer_question(
        &self,
        question: impl Into<String>,
        text: impl Into<String>,
        public: bool,
        show_name: bool,
    ) -> Result<String> {
        self.question(Draft::Answer { question: question.into(), text: text.into(), public, show_name }).await
    }

    async fn question(&self, draft: Draft) -> Result<String> {
        let (reply, id) = oneshot::channel();
        self.command(Command::Question { draft, reply }).await?;
        id.await.map_err(|_| Error::Closed)?
    }

    /// Leaves: closes the connection cleanly; the client stops.
    ///
    /// # Errors
    /// [`Error::Closed`] if it had already stopped.
    pub async fn leave(&self) -> Result<()> {
        self.command(Command::Leave).await
    }

    async fn command(&self, command: Command) -> Result<()> {
        self.commands.send(command).await.map_err(|_| Error::Closed)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    /// The shape a UI reads: `{kind, data}`, states flattened with their reason.
    #[test]
    fn events_serialise_for_a_ui() {
        let refused = ClientEvent::State(ConnectionState::Closed(CloseReason::Refused {
            code: ErrorCode::BadCode,
            message: "Wrong code.".into(),
        }));
        assert_eq!(
            serde_json::to_value(&refused).unwrap(),
            json!({"kind": "state", "data": {"state": "closed", "reason": "refused", "code": "bad_code", "message": "Wrong code."}})
        );
        let reconnecting = ClientEvent::State(ConnectionState::Reconnecting { attempt: 3 });
        assert_eq!(
            serde_json::to_value(&reconnecting).unwrap(),
            json!({"kind": "state", "data": {"state": "reconnecting", "attempt": 3}})
        );
        let acked = ClientEvent::Acked { client_id: "c-1".into(), seq: 4 };
        assert_eq!(
            serde_json::to_value(&acked).unwrap(),
            json!({"kind": "acked", "data": {"client_id": "c-1", "seq": 4}})
        );
        let ended = ClientEvent::State(ConnectionState::Closed(CloseReason::Ended));
        assert_eq!(
            serde_json::to_value(&ended).unwrap(),
            json!({"kind": "state", "data": {"state": "closed", "reason": "ended"}})
        );
    }
}
