//! The session: participants, the log, and every rule that decides what a
//! frame changes. Connections call in; this module never touches a socket.
//!
//! All state sits behind one `std::sync::Mutex`. Every critical section is
//! short, does no I/O and never awaits; sequencing a message and putting it
//! on the fan-out ring happen under the same lock, which is what makes the
//! order of `seq` the order everyone receives.
//!
//! With a store, a change that must be durable (a message, a new
//! participant, a removal, the end) is handed to the store's writer under
//! that same lock, through a channel slot the connection reserved before
//! taking the lock (so the lock never waits). Its broadcast goes into a
//! queue of *deferred* items, each tagged with its operation number; when
//! the writer reports a group committed, [`Session::committed`] publishes
//! the deferred items up to it, in order. So an entry is on the ring (and
//! its sender's ack written) only once stored, `seq` order is still ring
//! order, and the welcome and history only ever show stored entries.
//!
//! # Layout
//!
//! One concern a file; each adds its own `impl Session { … }` block (and an
//! `impl State { … }` block for what runs under the lock):
//!
//! - `mod.rs`: the [`Session`] and `State` types, opening a session (new or
//!   reopened), the lock, and what every rule shares: [`Refusal`],
//!   `State::send`, [`serialise`], participant ids.
//! - `admit.rs`: joining: the credentials, the class code, resume tokens,
//!   names, the refusals, and storing a new participant.
//! - `chat.rs`: chat messages (ids seen before, length, rate) and typing.
//! - `moderation.rs`: the teacher's actions: removing a student, ending the
//!   class.
//! - `room.rs`: raised hands, muted students, a locked chat, slow mode.
//! - `log_edits.rs`: a message deleted (a tombstone keeps its `seq`), a
//!   message pinned.
//! - `questions.rs`: private questions, to the teacher only, and their
//!   answers, private or for everyone.
//! - `reactions.rs`: reactions to messages, counted on their entries.
//! - `presence.rs`: who is online, and arrivals and departures batched into
//!   few frames.
//! - `durable.rs`: the store: a writer slot reserved, operations handed to
//!   the writer, the deferred broadcasts published once committed, shutdown.
//! - `history.rs`: `history:fetch` pages, from memory or from the store.
//! - `welcome.rs`: the welcome a joining connection gets, and the state of a
//!   stored session reopened.
//!
//! A new class activity (a poll, a raised hand) is a new file here with its
//! own `impl Session { … }` block for its hub rules: take the lock, check the
//! frame, change the state, hand a durable change to the writer
//! (`State::enqueue`) and broadcast it once stored (`State::send_after`), as
//! `moderation.rs` does. Its few fields go on `State`, its frames in
//! `protocol.rs`, its rows in the store's migrations (`store/schema.rs`) and
//! its `WriteOp` in `store/writer.rs`.

mod admit;
mod chat;
mod durable;
mod history;
mod log_edits;
mod moderation;
mod polls;
mod presence;
mod questions;
mod reactions;
mod room;
mod welcome;

use std::collections::{HashMap, HashSet, VecDeque};
use std::sync::atomic::AtomicU64;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::ws::Utf8Bytes;
use governor::DefaultDirectRateLimiter;
use tokio::sync::{broadcast, mpsc, watch, Notify};
use tokio_util::sync::CancellationToken;

use super::config::{HubConfig, Limits};
use super::fanout::{ConnId, Outbound};
use super::limits::{
    minute_limiter, name_keys, send_limiter, JoinAttempts, RecentIds, TypingThrottle, WrongAttempts,
};
use crate::ids::{self, participant_id};
use crate::protocol::{
    ChatEntry, ErrorCode, Identity, Participant, Role, RoomRules, Seq, ServerFrame, SessionInfo,
};
use crate::store::writer::{self, StorageState, WriteOp, WriterThread};
use crate::store::{HostedGuard, NewSession, StoreResult};
use crate::timestamp::now_rfc3339;
use durable::Deferred;
use presence::Change;

pub(crate) use admit::{CodeChange, Credentials, JoinRequest, Joined};
pub(crate) use chat::Posted;
pub(crate) use durable::Slot;
pub(crate) use history::History;
pub(crate) use questions::AnswerRequest;

/// A change taken, and its ack (a `poll:ack`, the asker's `question:asked`)
/// for the sending connection to write itself once the operations up to
/// `after` are stored (at once without a store, or when `None`). Written by
/// that connection, not put on the ring: a class of a thousand answering a
/// poll would otherwise wake every connection for each ack.
#[derive(Debug)]
pub(crate) struct OwnAck {
    pub(crate) ack: Utf8Bytes,
    pub(crate) after: Option<u64>,
}

/// A refusal: the error frame's code and human message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Refusal {
    pub code: ErrorCode,
    pub message: String,
}

impl Refusal {
    fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        Self { code, message: message.into() }
    }

    /// The error frame, with `ref` set to the refused frame's id.
    pub(crate) fn frame(&self, reference: Option<String>) -> Utf8Bytes {
        serialise(&ServerFrame::Error { code: self.code, message: self.message.clone(), reference })
    }
}

/// One participant, online or not.
struct Member {
    identity: Identity,
    token: String,
    /// The attached connection, if online.
    conn: Option<ConnId>,
    removed: bool,
    /// The address the seat was taken from (not kept in the store: `None`
    /// for members of a class reopened); counted by `max_per_address`.
    addr: Option<std::net::IpAddr>,
    /// Whether a `participant:joined` for this member has gone out yet.
    announced: bool,
    /// Whether they ever posted. An offline seat never used is given back
    /// when the class (or its address) has no room for a newcomer.
    active: bool,
    limiter: Option<DefaultDirectRateLimiter>,
    /// How often the seat may be taken again (resumes, the teacher's
    /// reconnects): each costs a welcome of up to a history page.
    rejoins: Option<DefaultDirectRateLimiter>,
    recent: RecentIds,
    typing: TypingThrottle,
    /// Muted by the teacher: their messages are refused.
    muted: bool,
    /// When their last message was accepted (for slow mode).
    last_post: Option<tokio::time::Instant>,
    /// How often they may raise or lower their hand.
    hand_changes: Option<DefaultDirectRateLimiter>,
    /// How often they may add or take back a reaction.
    reaction_budget: Option<DefaultDirectRateLimiter>,
    /// How often they may ask a private question.
    question_budget: Option<DefaultDirectRateLimiter>,
}

impl Member {
    /// A seat as it starts: offline, not removed, with fresh budgets under
    /// `limits`; taken from no known address, and already announced (a new
    /// student's seat says otherwise).
    fn new(identity: Identity, token: String, limits: &Limits) -> Self {
        Self {
            identity,
            token,
            conn: None,
            removed: false,
            addr: None,
            announced: true,
            active: false,
            limiter: send_limiter(limits.send_rate, limits.send_burst),
            rejoins: send_limiter(limits.rejoin_rate, limits.rejoin_burst),
            recent: RecentIds::default(),
            typing: TypingThrottle::default(),
            muted: false,
            last_post: None,
            hand_changes: send_limiter(limits.hand_rate, limits.hand_burst),
            reaction_budget: send_limiter(limits.reaction_rate, limits.reaction_burst),
            question_budget: minute_limiter(limits.question_rate, limits.question_burst),
        }
    }

    fn participant(&self) -> Participant {
        Participant {
            id: self.identity.id.clone(),
            name: self.identity.name.clone(),
            role: self.identity.role,
            online: self.conn.is_some(),
        }
    }
}

struct State {
    ended: bool,
    members: Vec<Member>,
    by_token: HashMap<String, usize>,
    by_name: HashMap<String, usize>,
    banned_names: HashSet<String>,
    /// Published (stored, when there is a store) entries, the newest
    /// `history_retained` of them.
    log: VecDeque<Arc<ChatEntry>>,
    /// The newest `seq` handed out.
    last_seq: Seq,
    /// The newest `seq` published: in the log and on the ring.
    published_seq: Seq,
    /// The store's writer; `None` without a store, or once shut down.
    writer: Option<mpsc::Sender<WriteOp>>,
    /// Whether the session has a store (the writer may be gone already).
    durable: bool,
    /// Operations handed to the writer so far.
    ops_enqueued: u64,
    /// Operations the writer has reported committed.
    ops_committed: u64,
    /// Broadcasts waiting for their operation to be committed, in order.
    deferred: VecDeque<(u64, Deferred)>,
    /// The session's polls, in the order opened (`q_1` first).
    polls: Vec<polls::Poll>,
    /// The poll answered since the teacher's last `poll:tally`.
    tally_due: Option<usize>,
    /// The rules the teacher set.
    rules: RoomRules,
    /// Raised hands, `(member, when)`, in the order they went up.
    hands: Vec<(usize, String)>,
    /// Deleted messages' seqs.
    deleted: std::collections::BTreeSet<Seq>,
    /// The pinned message.
    pinned: Option<Arc<ChatEntry>>,
    /// Reactions: by message, by kind (index in `REACTIONS`), who gave it.
    reactions: HashMap<Seq, std::collections::BTreeMap<usize, std::collections::BTreeSet<usize>>>,
    /// Private questions, in the order asked.
    questions: Vec<questions::Asked>,
    /// Presence changes waiting to be batched, in order.
    pending_presence: Vec<Change>,
    /// Most participants in one presence frame (keeps frames small).
    presence_page: usize,
    attempts: JoinAttempts,
    /// The code students join with; `None` lets anyone join. The teacher
    /// may change it (`change_code`), so it lives under the lock.
    code: Option<String>,
    online: usize,
    tx: broadcast::Sender<Arc<Outbound>>,
}

/// The shared session; connections hold an `Arc` of it.
pub(crate) struct Session {
    state: Mutex<State>,
    pub(crate) limits: Limits,
    pub(crate) info: SessionInfo,
    host_token: String,
    next_conn: AtomicU64,
    /// Wrong codes and tokens lately, for the teacher's screen; changed
    /// under the lock, so in the order the attempts happened.
    pub(crate) wrong_attempts: watch::Sender<WrongAttempts>,
    /// Woken when a `participant:joined` is pending.
    pub(crate) presence_due: Notify,
    /// Woken when a poll was answered and the teacher's tally is due.
    pub(crate) tally_wanted: Notify,
    /// When the open poll's timer runs out, for the task that closes it.
    pub(crate) poll_deadline: watch::Sender<Option<tokio::time::Instant>>,
    /// Cancelled once the session has ended, for whoever waits on that.
    pub(crate) ended: CancellationToken,
    /// Operations the writer has committed (0 forever without a store).
    committed: watch::Sender<u64>,
    /// Whether writes reach the disk.
    pub(crate) storage: watch::Receiver<StorageState>,
    /// The store and this session's place in it; `None` without a store.
    hosted: Option<HostedGuard>,
    /// The writer thread, until shutdown joins it.
    writer_thread: Mutex<Option<WriterThread>>,
    /// Whether changes are stored (and acks wait for that).
    pub(crate) durable: bool,
}

/// What a session is assembled from, besides its state.
struct Parts {
    limits: Limits,
    info: SessionInfo,
    host_token: String,
    code: Option<String>,
    committed: watch::Sender<u64>,
    storage: watch::Receiver<StorageState>,
}

/// A new session's facts.
fn fresh_info(config: &HubConfig) -> SessionInfo {
    SessionInfo {
        id: ids::secret(),
        class: config.class.trim().to_owned(),
        teacher: config.teacher.trim().to_owned(),
        started_at: now_rfc3339(),
    }
}

/// The teacher is always the first member.
const TEACHER: usize = 0;

impl Session {
    /// Opens the session `config` describes: a new one (stored first, when
    /// there is a store), or with `config.resume` a stored one reopened.
    /// With a store, the writer is started too.
    pub(crate) fn open(config: HubConfig) -> StoreResult<Arc<Self>> {
        let limits = config.limits.clone();
        let (status_tx, storage) = watch::channel(StorageState::Off);
        let (committed, _) = watch::channel(0);
        let Some(store) = config.store.clone() else {
            if let Some(id) = &config.resume {
                return Err(crate::store::StoreError::NotFound(id.clone()));
            }
            let info = fresh_info(&config);
            let teacher_token = ids::secret();
            let mut state = State::new(&limits, &info, teacher_token);
            state.durable = false;
            let parts =
                Parts { limits, info, host_token: ids::secret(), code: config.code, committed, storage };
            return Ok(Arc::new(Self::assemble(state, parts, None)));
        };
        let (state, info, host_token, code, hosted) = match &config.resume {
            Some(id) => {
                // Taken before anything is written: two hubs writing one
                // log would hand out the same `seq` twice.
                let hosted = store.hosting(id)?;
                let stored = store.reopen_session(id, limits.history_retained, limits.dedupe_window)?;
                let (info, host_token, code) =
                    (stored.info.clone(), stored.host_token.clone(), stored.code.clone());
                (State::restore(stored, &limits), info, host_token, code, hosted)
            }
            None => {
                let info = fresh_info(&config);
                let (host_token, teacher_token) = (ids::secret(), ids::secret());
                store.create_session(&NewSession {
                    info: &info,
                    code: config.code.as_deref(),
                    host_token: &host_token,
                    teacher_token: &teacher_token,
                })?;
                let hosted = store.hosting(&info.id)?;
                (State::new(&limits, &info, teacher_token), info, host_token, config.code.clone(), hosted)
            }
        };
        status_tx.send_replace(StorageState::Ok);
        let parts = Parts { limits, info, host_token, code, committed, storage };
        let session = Arc::new(Self::assemble(state, parts, Some(hosted)));
        // A reopened class's open poll keeps its timer.
        let deadline = session.lock().polls.iter().find_map(|poll| poll.deadline);
        session.poll_deadline.send_replace(deadline);
        // The writer holds the session weakly: the session owns the writer's
        // channel, and the writer stops once the channel closes.
        let weak = Arc::downgrade(&session);
        let on_commit = Box::new(move |ops| {
            if let Some(session) = weak.upgrade() {
                session.committed(ops);
            }
        });
        let (tx, thread) = writer::spawn(&store, session.info.id.clone(), on_commit, status_tx)?;
        session.lock().writer = Some(tx);
        *session.writer_thread.lock().unwrap_or_else(|p| p.into_inner()) = Some(thread);
        Ok(session)
    }

    fn assemble(mut state: State, parts: Parts, hosted: Option<HostedGuard>) -> Self {
        let Parts { limits, info, host_token, code, committed, storage } = parts;
        state.code = code;
        Self {
            state: Mutex::new(state),
            limits,
            info,
            host_token,
            next_conn: AtomicU64::new(1),
            wrong_attempts: watch::Sender::new(WrongAttempts::default()),
            presence_due: Notify::new(),
            tally_wanted: Notify::new(),
            poll_deadline: watch::Sender::new(None),
            ended: CancellationToken::new(),
            committed,
            storage,
            durable: hosted.is_some(),
            hosted,
            writer_thread: Mutex::new(None),
        }
    }

    /// The code students join with now.
    pub(crate) fn code(&self) -> Option<String> {
        self.lock().code.clone()
    }

    pub(crate) fn host_token(&self) -> &str {
        &self.host_token
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the state half-made in a
        // way later frames would trip over worse than refusing them would.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

impl State {
    /// The state of a new session: only the teacher, offline.
    fn new(limits: &Limits, info: &SessionInfo, teacher_token: String) -> Self {
        let identity =
            Identity { id: participant_id(TEACHER), name: info.teacher.clone(), role: Role::Teacher };
        let teacher = Member::new(identity, teacher_token, limits);
        let (tx, _) = broadcast::channel(limits.outbound_queue.max(16));
        Self {
            ended: false,
            by_token: HashMap::from([(teacher.token.clone(), TEACHER)]),
            by_name: name_keys(&info.teacher).into_iter().map(|key| (key, TEACHER)).collect(),
            members: vec![teacher],
            banned_names: HashSet::new(),
            log: VecDeque::new(),
            last_seq: 0,
            published_seq: 0,
            writer: None,
            durable: true,
            ops_enqueued: 0,
            ops_committed: 0,
            deferred: VecDeque::new(),
            polls: Vec::new(),
            tally_due: None,
            rules: RoomRules::default(),
            hands: Vec::new(),
            deleted: std::collections::BTreeSet::new(),
            pinned: None,
            reactions: HashMap::new(),
            questions: Vec::new(),
            pending_presence: Vec::new(),
            presence_page: limits.participants_page.max(1),
            attempts: JoinAttempts::new(
                limits.join_attempts,
                limits.join_attempts_total,
                limits.attempt_window,
            ),
            code: None,
            online: 0,
            tx,
        }
    }

    /// Every item goes out through here, after any presence changes still
    /// waiting, so nobody hears of a member before hearing it joined.
    fn send(&mut self, item: Outbound) {
        self.flush_presence();
        // An error only means nobody is subscribed yet.
        let _ = self.tx.send(Arc::new(item));
    }
}

fn forbidden() -> Refusal {
    Refusal::new(ErrorCode::Forbidden, "Only the teacher can do that.")
}

/// The index behind a participant id; only the exact form `p_N` the hub
/// hands out counts, so "p_03" or "p_+3" name nobody.
fn member_index(id: &str) -> Option<usize> {
    let index = id.strip_prefix("p_")?.parse::<usize>().ok()?.checked_sub(1)?;
    (participant_id(index) == id).then_some(index)
}

/// Serialises a frame once, for sharing among connections.
pub(crate) fn serialise(frame: &ServerFrame) -> Utf8Bytes {
    // Our frames hold only strings, numbers and enums: serialising cannot fail.
    Utf8Bytes::from(serde_json::to_string(frame).unwrap_or_default())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_ids_round_trip() {
        assert_eq!(participant_id(0), "p_1");
        assert_eq!(member_index("p_1"), Some(0));
        assert_eq!(member_index("p_0"), None);
        assert_eq!(member_index("x_1"), None);
        assert_eq!(member_index("p_-1"), None);
        assert_eq!(member_index("p_01"), None);
        assert_eq!(member_index("p_+1"), None);
    }
}
