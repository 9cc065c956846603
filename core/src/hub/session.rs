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

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::ws::Utf8Bytes;
use governor::DefaultDirectRateLimiter;
use tokio::sync::mpsc::OwnedPermit;
use tokio::sync::{broadcast, mpsc, watch, Notify};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::config::{HubConfig, Limits};
use super::fanout::{ConnId, Outbound};
use super::limits::{name_key, send_limiter, validate_name, JoinAttempts, RecentIds, TypingThrottle};
use crate::ids::{self, participant_id};
use crate::protocol::{
    close, ChatEntry, Departure, ErrorCode, Identity, LeftReason, Participant, Role, Seq, ServerFrame,
    SessionInfo, SessionLimits, Welcome,
};
use crate::store::writer::{self, StorageState, WriteOp, WriterThread};
use crate::store::{HostedGuard, NewSession, Store, StoreResult, StoredSession};
use crate::timestamp::now_rfc3339;

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

/// Who is joining, as the first frame says.
#[derive(Debug)]
pub(crate) enum Credentials {
    Student { name: String, code: Option<String> },
    Teacher { token: String },
}

/// A join request with everything the rules need.
#[derive(Debug)]
pub(crate) struct JoinRequest {
    pub credentials: Credentials,
    pub resume: Option<String>,
    pub last_seq: Option<Seq>,
    pub peer: IpAddr,
}

/// A successful join: the connection's place in the session.
pub(crate) struct Joined {
    pub member: usize,
    pub conn: ConnId,
    pub role: Role,
    pub rx: broadcast::Receiver<Arc<Outbound>>,
    /// The welcome and any `participants:page` frames, in order.
    pub welcome: Vec<Utf8Bytes>,
    /// With a store, the welcome (it carries the resume token) waits until
    /// the operations up to this one are committed.
    pub durable_after: Option<u64>,
}

/// A reserved slot in the store writer's queue: taken (awaiting) before the
/// session lock, used under it. `None` without a store.
pub(crate) type Slot = Option<OwnedPermit<WriteOp>>;

/// Where a `history:fetch` is answered from.
pub(crate) enum History {
    /// The page, from memory.
    Ready(Utf8Bytes),
    /// The page reaches past what memory holds: read it from the store.
    Stored { store: Store, session: String, before: Seq, page: usize },
}

/// What became of a chat message.
#[derive(Debug)]
pub(crate) enum Posted {
    /// Sequenced and on the ring; the ack travels with it.
    Sequenced,
    /// Seen before: here is the ack with the first `seq`.
    Duplicate(Utf8Bytes),
    /// Seen before, but not stored yet: write the ack once the operations
    /// up to `after` are committed.
    DuplicatePending { ack: Utf8Bytes, after: u64 },
}

/// A broadcast waiting for the writer.
#[derive(Debug)]
enum Deferred {
    /// A log entry: into the log and onto the ring once stored.
    Chat(Arc<ChatEntry>, Outbound),
    /// Any other item.
    Send(Outbound),
}

/// A presence change waiting to be batched.
#[derive(Debug)]
enum Change {
    Joined(usize),
    Left(String, LeftReason),
}

/// One participant, online or not.
struct Member {
    identity: Identity,
    token: String,
    /// The attached connection, if online.
    conn: Option<ConnId>,
    removed: bool,
    /// Whether a `participant:joined` for this member has gone out yet.
    announced: bool,
    limiter: Option<DefaultDirectRateLimiter>,
    recent: RecentIds,
    typing: TypingThrottle,
}

impl Member {
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
    /// Presence changes waiting to be batched, in order.
    pending_presence: Vec<Change>,
    /// Most participants in one presence frame (keeps frames small).
    presence_page: usize,
    attempts: JoinAttempts,
    online: usize,
    tx: broadcast::Sender<Arc<Outbound>>,
}

/// The shared session; connections hold an `Arc` of it.
pub(crate) struct Session {
    state: Mutex<State>,
    pub(crate) limits: Limits,
    pub(crate) info: SessionInfo,
    host_token: String,
    code: Option<String>,
    next_conn: AtomicU64,
    /// Woken when a `participant:joined` is pending.
    pub(crate) presence_due: Notify,
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

    fn assemble(state: State, parts: Parts, hosted: Option<HostedGuard>) -> Self {
        let Parts { limits, info, host_token, code, committed, storage } = parts;
        Self {
            state: Mutex::new(state),
            limits,
            info,
            host_token,
            code,
            next_conn: AtomicU64::new(1),
            presence_due: Notify::new(),
            ended: CancellationToken::new(),
            committed,
            storage,
            durable: hosted.is_some(),
            hosted,
            writer_thread: Mutex::new(None),
        }
    }

    pub(crate) fn code(&self) -> Option<&str> {
        self.code.as_deref()
    }

    pub(crate) fn host_token(&self) -> &str {
        &self.host_token
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        // A panic while holding the lock cannot leave the state half-made in a
        // way later frames would trip over worse than refusing them would.
        self.state.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Participants online now (for `/health`).
    pub(crate) fn online(&self) -> usize {
        self.lock().online
    }

    /// A slot in the store writer's queue for the next durable change;
    /// resolves at once without a store. Waits while the writer is behind
    /// (the caller bounds the wait).
    ///
    /// # Errors
    /// `Err` once the writer has been shut down.
    pub(crate) async fn reserve(&self) -> Result<Slot, ()> {
        if !self.durable {
            return Ok(None);
        }
        let writer = self.lock().writer.clone();
        match writer {
            Some(writer) => writer.reserve_owned().await.map(Some).map_err(|_| ()),
            None => Err(()),
        }
    }

    /// Resolves once the writer has committed the operations up to `op`.
    pub(crate) async fn stored(&self, op: u64) {
        let mut committed = self.committed.subscribe();
        // The sender lives as long as the session: `Err` cannot happen here.
        let _ = committed.wait_for(|&done| done >= op).await;
    }

    /// Admits a connection, or says why not. `slot` stores a new participant.
    pub(crate) fn join(&self, request: JoinRequest, slot: Slot) -> Result<Joined, Refusal> {
        let now = Instant::now();
        let mut state = self.lock();
        let known = state.members.len();
        if state.ended {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class has ended."));
        }
        if state.attempts.blocked(request.peer, now) {
            return Err(Refusal::new(
                ErrorCode::TooManyAttempts,
                "Too many wrong codes from this device. Wait a minute, then try again.",
            ));
        }
        let member = match self.admit(&mut state, &request) {
            Ok(member) => member,
            Err(refusal) => {
                if matches!(refusal.code, ErrorCode::BadCode | ErrorCode::BadToken) {
                    state.attempts.record_failure(request.peer, now);
                }
                return Err(refusal);
            }
        };
        let mut durable_after = None;
        if member >= known {
            let joined = &state.members[member];
            let op = WriteOp::Participant {
                index: member,
                name: joined.identity.name.clone(),
                role: joined.identity.role,
                token: joined.token.clone(),
                at: now_rfc3339(),
            };
            durable_after = state.enqueue(slot, op);
            if state.durable && durable_after.is_none() {
                state.forget_newest(member);
                return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing."));
            }
        }

        let conn = self.next_conn.fetch_add(1, Ordering::Relaxed);
        let previous = state.members[member].conn.replace(conn);
        match previous {
            Some(old) => {
                let item =
                    Outbound::Close { target: old, frame: None, code: close::REPLACED, reason: "replaced" };
                state.send(item);
            }
            None => {
                state.online += 1;
                state.pending_presence.push(Change::Joined(member));
                self.presence_due.notify_one();
            }
        }
        // Subscribe after the close of the older connection went out, so only
        // what follows this welcome reaches the new one.
        let rx = state.tx.subscribe();
        let welcome = state.welcome(member, request.last_seq, &self.info, &self.limits);
        Ok(Joined { member, conn, role: state.members[member].identity.role, rx, welcome, durable_after })
    }

    /// Finds or creates the member a join request is for.
    fn admit(&self, state: &mut State, request: &JoinRequest) -> Result<usize, Refusal> {
        if let Credentials::Teacher { token } = &request.credentials {
            if !ids::secrets_match(token, &self.host_token) {
                return Err(Refusal::new(
                    ErrorCode::BadToken,
                    "That host token is not valid for this class.",
                ));
            }
            return Ok(TEACHER);
        }
        if let Some(token) = &request.resume {
            return match state.by_token.get(token) {
                Some(&member) if state.members[member].identity.role == Role::Student => Ok(member),
                _ if !token.is_empty() && state.members.iter().any(|m| m.removed && &m.token == token) => {
                    Err(Refusal::new(ErrorCode::Removed, "You were removed from this class."))
                }
                _ => Err(Refusal::new(
                    ErrorCode::BadToken,
                    "This device's saved place in the class is no longer valid. Join again with your name and the code.",
                )),
            };
        }
        let Credentials::Student { name, code } = &request.credentials else {
            unreachable!("teacher handled above");
        };
        if let Some(expected) = &self.code {
            if !code.as_deref().is_some_and(|given| ids::secrets_match(given.trim(), expected)) {
                return Err(Refusal::new(
                    ErrorCode::BadCode,
                    "That class code is not right. Check it with your teacher.",
                ));
            }
        }
        let name = validate_name(name, self.limits.max_name_chars)
            .map_err(|problem| Refusal::new(ErrorCode::InvalidName, problem.message()))?;
        let key = name_key(&name);
        if state.banned_names.contains(&key) {
            return Err(Refusal::new(ErrorCode::Removed, "You were removed from this class."));
        }
        if state.by_name.contains_key(&key) {
            return Err(Refusal::new(
                ErrorCode::NameTaken,
                format!("Someone in this class is already called “{name}”. Please pick another name."),
            ));
        }
        let present = state.members.iter().filter(|m| !m.removed).count();
        if present >= self.limits.max_participants {
            return Err(Refusal::new(ErrorCode::SessionFull, "This class is full."));
        }
        let index = state.members.len();
        let member = Member {
            identity: Identity { id: participant_id(index), name, role: Role::Student },
            token: ids::secret(),
            conn: None,
            removed: false,
            announced: false,
            limiter: send_limiter(self.limits.send_rate, self.limits.send_burst),
            recent: RecentIds::default(),
            typing: TypingThrottle::default(),
        };
        state.by_token.insert(member.token.clone(), index);
        state.by_name.insert(key, index);
        state.members.push(member);
        Ok(index)
    }

    /// Sequences a chat message and puts it on the ring; with a store, hands
    /// it to the writer (through `slot`) and puts it on the ring once stored.
    pub(crate) fn post(
        &self,
        member: usize,
        conn: ConnId,
        id: String,
        text: &str,
        slot: Slot,
    ) -> Result<Posted, Refusal> {
        if id.is_empty() || id.chars().count() > 64 {
            return Err(Refusal::new(ErrorCode::Malformed, "A message id must have 1 to 64 characters."));
        }
        let text = text.trim();
        let mut state = self.lock();
        if state.ended {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class has ended."));
        }
        let sender = &state.members[member];
        if let Some(seq) = sender.recent.get(&id) {
            let ack = serialise(&ServerFrame::ChatAck { id, seq });
            if seq > state.published_seq {
                // The first copy is still being stored: every operation
                // handed over so far includes it.
                return Ok(Posted::DuplicatePending { ack, after: state.ops_enqueued });
            }
            return Ok(Posted::Duplicate(ack));
        }
        if text.is_empty() {
            return Err(Refusal::new(ErrorCode::Empty, "Type a message first."));
        }
        let chars = text.chars().count();
        if chars > self.limits.max_text_chars {
            return Err(Refusal::new(
                ErrorCode::TooLong,
                format!(
                    "Messages can have at most {} characters; this one has {chars}.",
                    self.limits.max_text_chars
                ),
            ));
        }
        if sender.limiter.as_ref().is_some_and(|limiter| limiter.check().is_err()) {
            return Err(Refusal::new(ErrorCode::RateLimited, "You are sending too fast. Wait a moment."));
        }

        let seq = state.last_seq + 1;
        let entry = ChatEntry {
            seq,
            id: format!("m_{seq}"),
            client_id: id.clone(),
            from: sender.identity.clone(),
            text: text.to_owned(),
            ts: now_rfc3339(),
        };
        let stored_after = if state.durable {
            let op = WriteOp::Message {
                seq,
                client_id: id.clone(),
                sender: member,
                text: entry.text.clone(),
                ts: entry.ts.clone(),
            };
            match state.enqueue(slot, op) {
                Some(op) => Some(op),
                None => return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing.")),
            }
        } else {
            None
        };
        let frame = serialise(&ServerFrame::ChatMessage(entry.clone()));
        let ack = serialise(&ServerFrame::ChatAck { id: id.clone(), seq });
        state.last_seq = seq;
        let dedupe = self.limits.dedupe_window;
        state.members[member].recent.insert(id, seq, dedupe);
        let entry = Arc::new(entry);
        let item = Outbound::Chat { frame, origin: conn, ack };
        match stored_after {
            Some(op) => state.deferred.push_back((op, Deferred::Chat(entry, item))),
            None => state.publish(entry, item, self.limits.history_retained),
        }
        Ok(Posted::Sequenced)
    }

    /// Forwards a typing change, throttled.
    pub(crate) fn typing(&self, member: usize, active: bool) {
        let mut state = self.lock();
        let interval = self.limits.typing_interval;
        if state.ended || !state.members[member].typing.admit(active, Instant::now(), interval) {
            return;
        }
        let from = state.members[member].identity.id.clone();
        state.send(Outbound::Frame(serialise(&ServerFrame::Typing { from, active })));
    }

    /// Teacher action: removes a student, closing its connection. With a
    /// store, the removal is stored (through `slot`) before anyone is told.
    pub(crate) fn remove(&self, actor: usize, target_id: &str, ban: bool, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        if state.members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        let Some(target) =
            member_index(target_id).filter(|&i| i < state.members.len() && !state.members[i].removed)
        else {
            return Err(Refusal::new(
                ErrorCode::UnknownParticipant,
                format!("No participant has the id {target_id:?}."),
            ));
        };
        if state.members[target].identity.role == Role::Teacher {
            return Err(Refusal::new(ErrorCode::Forbidden, "The teacher cannot be removed."));
        }
        let stored_after = state.enqueue(slot, WriteOp::Removed { index: target, banned: ban });
        if state.durable && stored_after.is_none() {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing."));
        }
        let key = name_key(&state.members[target].identity.name);
        let removed = &mut state.members[target];
        removed.removed = true;
        let conn = removed.conn.take();
        let token = removed.token.clone();
        // The token stays on the member so a banned resume is told `removed`;
        // without a ban the student may join afresh under the same name.
        state.by_token.remove(&token);
        state.by_name.remove(&key);
        if ban {
            state.banned_names.insert(key);
        } else {
            state.members[target].token.clear();
        }
        if let Some(conn) = conn {
            state.online -= 1;
            let close = Outbound::Close {
                target: conn,
                frame: Some(serialise(&ServerFrame::Removed)),
                code: close::REMOVED,
                reason: "removed",
            };
            state.send_after(stored_after, close);
        }
        let id = state.members[target].identity.id.clone();
        let left =
            Outbound::Frame(serialise(&ServerFrame::ParticipantLeft { id, reason: LeftReason::Removed }));
        state.send_after(stored_after, left);
        Ok(())
    }

    /// Teacher action: ends the session (stored through `slot`).
    pub(crate) fn end_by(&self, actor: usize, slot: Slot) -> Result<(), Refusal> {
        if self.lock().members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        self.end(slot);
        Ok(())
    }

    /// Ends the session: everyone gets `session:ended` after everything
    /// sequenced before it (with a store: once that is stored); later joins
    /// and messages are refused. Without a `slot` the end is stored if the
    /// writer's queue has room (shutdown stores it otherwise).
    pub(crate) fn end(&self, slot: Slot) {
        let mut state = self.lock();
        if !state.ended {
            state.ended = true;
            let stored_after = state.enqueue(slot, WriteOp::Ended { at: now_rfc3339() });
            // Even when the end could not be queued, it goes out after
            // every operation queued before it.
            let after = stored_after.or(state.durable.then_some(state.ops_enqueued));
            state.send_after(after, Outbound::End(serialise(&ServerFrame::Ended)));
        }
        drop(state);
        self.ended.cancel();
    }

    /// The writer reports the operations up to `ops` committed: publish
    /// what waited for them, in order. Runs on the writer's thread.
    fn committed(&self, ops: u64) {
        let mut state = self.lock();
        state.ops_committed = ops;
        let retained = self.limits.history_retained;
        while state.deferred.front().is_some_and(|(op, _)| *op <= ops) {
            let Some((_, item)) = state.deferred.pop_front() else { break };
            match item {
                Deferred::Chat(entry, item) => state.publish(entry, item, retained),
                Deferred::Send(item) => state.send(item),
            }
        }
        drop(state);
        self.committed.send_replace(ops);
    }

    /// Shutdown: lets the writer finish what it has and waits (blocking)
    /// for it. Nothing is stored after this.
    pub(crate) fn close_store(&self) {
        let writer = self.lock().writer.take();
        drop(writer);
        let thread = self.writer_thread.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(thread) = thread {
            thread.join();
        }
    }

    /// The store this session is kept in, if any.
    pub(crate) fn store(&self) -> Option<&Store> {
        self.hosted.as_ref().map(HostedGuard::store)
    }

    /// A connection is gone. Only the member's current connection counts:
    /// a replaced one leaves silently.
    pub(crate) fn disconnect(&self, member: usize, conn: ConnId, reason: LeftReason) {
        let mut state = self.lock();
        let current = &mut state.members[member];
        if current.conn != Some(conn) {
            return;
        }
        current.conn = None;
        current.typing = TypingThrottle::default();
        let id = current.identity.id.clone();
        state.online -= 1;
        if !state.ended {
            state.pending_presence.push(Change::Left(id, reason));
            self.presence_due.notify_one();
        }
    }

    /// Sends the batched presence frames, if any changes are waiting.
    pub(crate) fn flush_presence(&self) {
        self.lock().flush_presence();
    }

    /// A page of the log before `before`, oldest first: from memory, or
    /// (with a store, for a page older than memory holds) from the store.
    pub(crate) fn history(&self, before: Option<Seq>, limit: Option<u32>) -> History {
        let page = self.page_size(limit);
        let state = self.lock();
        let first_seq = state.log.front().map_or(state.published_seq + 1, |e| e.seq);
        let before = before.unwrap_or(Seq::MAX).min(state.published_seq + 1);
        if let Some(store) = self.store() {
            if before.saturating_sub(page as u64) < first_seq && first_seq > 1 {
                drop(state);
                let (store, session) = (store.clone(), self.info.id.clone());
                return History::Stored { store, session, before, page };
            }
            // The whole log is stored: nothing before 1 is gone.
            let messages = state.history_page(before, page);
            drop(state);
            return History::Ready(serialise(&ServerFrame::History { messages, first_seq: 1 }));
        }
        let messages = state.history_page(before, page);
        drop(state);
        History::Ready(serialise(&ServerFrame::History { messages, first_seq }))
    }

    /// A page from memory alone, saying where memory starts.
    pub(crate) fn memory_history(&self, before: Seq, limit: Option<u32>) -> Utf8Bytes {
        let page = self.page_size(limit);
        let state = self.lock();
        let first_seq = state.log.front().map_or(state.published_seq + 1, |e| e.seq);
        let messages = state.history_page(before, page);
        drop(state);
        serialise(&ServerFrame::History { messages, first_seq })
    }

    fn page_size(&self, limit: Option<u32>) -> usize {
        limit.map_or(self.limits.history_page, |l| (l as usize).min(self.limits.history_page))
    }

    /// The history frame for a page read from the store.
    pub(crate) fn stored_history(messages: Vec<ChatEntry>) -> Utf8Bytes {
        serialise(&ServerFrame::History { messages, first_seq: 1 })
    }
}

impl State {
    /// The state of a new session: only the teacher, offline.
    fn new(limits: &Limits, info: &SessionInfo, teacher_token: String) -> Self {
        let teacher = Member {
            identity: Identity {
                id: participant_id(TEACHER),
                name: info.teacher.clone(),
                role: Role::Teacher,
            },
            token: teacher_token,
            conn: None,
            removed: false,
            announced: true,
            limiter: send_limiter(limits.send_rate, limits.send_burst),
            recent: RecentIds::default(),
            typing: TypingThrottle::default(),
        };
        let (tx, _) = broadcast::channel(limits.outbound_queue.max(16));
        Self {
            ended: false,
            by_token: HashMap::from([(teacher.token.clone(), TEACHER)]),
            by_name: HashMap::from([(name_key(&info.teacher), TEACHER)]),
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
            pending_presence: Vec::new(),
            presence_page: limits.participants_page.max(1),
            attempts: JoinAttempts::new(limits.join_attempts, limits.attempt_window),
            online: 0,
            tx,
        }
    }

    /// The state of a stored session reopened: everyone offline, removed
    /// students still removed (banned names and tokens still refused), the
    /// newest log entries in memory, recent client ids remembered so resent
    /// messages are recognised.
    fn restore(stored: StoredSession, limits: &Limits) -> Self {
        let mut state = Self::new(limits, &stored.info, String::new());
        state.members.clear();
        state.by_token.clear();
        state.by_name.clear();
        for (index, p) in stored.participants.into_iter().enumerate() {
            let key = name_key(&p.name);
            if p.banned {
                state.banned_names.insert(key.clone());
            }
            if !p.removed {
                state.by_name.insert(key, index);
                if !p.token.is_empty() {
                    state.by_token.insert(p.token.clone(), index);
                }
            }
            state.members.push(Member {
                identity: Identity { id: participant_id(index), name: p.name, role: p.role },
                token: p.token,
                conn: None,
                removed: p.removed,
                announced: true,
                limiter: send_limiter(limits.send_rate, limits.send_burst),
                recent: RecentIds::default(),
                typing: TypingThrottle::default(),
            });
        }
        for (sender, client_id, seq) in stored.recent {
            if let Some(member) = state.members.get_mut(sender) {
                member.recent.insert(client_id, seq, limits.dedupe_window);
            }
        }
        state.log = stored.log.into_iter().map(Arc::new).collect();
        state.last_seq = stored.last_seq;
        state.published_seq = stored.last_seq;
        state
    }

    /// Hands `op` to the writer through `slot` (or, without one, if its
    /// queue has room); returns its operation number. `None` without a
    /// store, or when the writer is gone or full.
    fn enqueue(&mut self, slot: Slot, op: WriteOp) -> Option<u64> {
        if !self.durable {
            return None;
        }
        match (slot, &self.writer) {
            (Some(slot), Some(_)) => {
                slot.send(op);
            }
            (None, Some(writer)) => {
                if let Err(err) = writer.try_send(op) {
                    tracing::warn!(cause = %err, "store writer queue full; change not stored");
                    return None;
                }
            }
            (_, None) => return None,
        }
        self.ops_enqueued += 1;
        Some(self.ops_enqueued)
    }

    /// Undoes the member just created by a join that cannot be stored.
    fn forget_newest(&mut self, member: usize) {
        if member + 1 != self.members.len() {
            return;
        }
        if let Some(gone) = self.members.pop() {
            self.by_token.remove(&gone.token);
            self.by_name.remove(&name_key(&gone.identity.name));
        }
    }

    /// Puts a log entry in the log and on the ring.
    fn publish(&mut self, entry: Arc<ChatEntry>, item: Outbound, retained: usize) {
        self.published_seq = entry.seq;
        self.log.push_back(entry);
        if self.log.len() > retained {
            self.log.pop_front();
        }
        self.send(item);
    }

    /// Sends `item` now, or once the operation `after` is stored (and
    /// everything deferred before it has gone out).
    fn send_after(&mut self, after: Option<u64>, item: Outbound) {
        match after {
            Some(op) if op <= self.ops_committed && self.deferred.is_empty() => self.send(item),
            Some(op) => self.deferred.push_back((op, Deferred::Send(item))),
            None if !self.deferred.is_empty() => {
                // Keep the order: this goes after what already waits.
                let op = self.deferred.back().map_or(0, |(op, _)| *op);
                self.deferred.push_back((op, Deferred::Send(item)));
            }
            None => self.send(item),
        }
    }

    /// Up to `page` entries before `before` that memory holds, oldest first.
    fn history_page(&self, before: Seq, page: usize) -> Vec<ChatEntry> {
        let before = before.min(self.published_seq + 1);
        let in_memory = self.log.front().map_or(self.published_seq + 1, |e| e.seq);
        let end = before.saturating_sub(in_memory).min(self.log.len() as u64) as usize;
        let start = end.saturating_sub(page);
        self.log.range(start..end).map(|e| ChatEntry::clone(e)).collect()
    }

    /// Every item goes out through here, after any presence changes still
    /// waiting, so nobody hears of a member before hearing it joined.
    fn send(&mut self, item: Outbound) {
        self.flush_presence();
        // An error only means nobody is subscribed yet.
        let _ = self.tx.send(Arc::new(item));
    }

    /// Sends waiting presence changes in order: each run of arrivals, or of
    /// departures, as few frames of at most `presence_page` records.
    fn flush_presence(&mut self) {
        if self.pending_presence.is_empty() {
            return;
        }
        let mut joined: Vec<Identity> = Vec::new();
        let mut left: Vec<Departure> = Vec::new();
        for change in std::mem::take(&mut self.pending_presence) {
            match change {
                Change::Joined(index) => {
                    self.send_departures(&mut left);
                    let member = &mut self.members[index];
                    member.announced = true;
                    // Gone again (or removed) before the batch went out: the
                    // later frame already says so, or nobody needs to know.
                    if member.conn.is_some() && !member.removed {
                        joined.push(member.identity.clone());
                    }
                    if joined.len() == self.presence_page {
                        self.send_arrivals(&mut joined);
                    }
                }
                Change::Left(id, reason) => {
                    self.send_arrivals(&mut joined);
                    left.push(Departure { id, reason });
                    if left.len() == self.presence_page {
                        self.send_departures(&mut left);
                    }
                }
            }
        }
        self.send_arrivals(&mut joined);
        self.send_departures(&mut left);
    }

    fn send_arrivals(&mut self, joined: &mut Vec<Identity>) {
        let frame = match joined.len() {
            0 => return,
            1 => {
                let Identity { id, name, role } = joined.remove(0);
                ServerFrame::ParticipantJoined { participant: Participant { id, name, role, online: true } }
            }
            _ => ServerFrame::ParticipantsJoined { participants: std::mem::take(joined) },
        };
        let _ = self.tx.send(Arc::new(Outbound::Frame(serialise(&frame))));
    }

    fn send_departures(&mut self, left: &mut Vec<Departure>) {
        let frame = match left.len() {
            0 => return,
            1 => {
                let Departure { id, reason } = left.remove(0);
                ServerFrame::ParticipantLeft { id, reason }
            }
            _ => ServerFrame::ParticipantsLeft { participants: std::mem::take(left) },
        };
        let _ = self.tx.send(Arc::new(Outbound::Frame(serialise(&frame))));
    }

    /// The welcome, then `participants:page` frames for the rest of a
    /// large class, all from one snapshot.
    fn welcome(
        &self,
        member: usize,
        last_seq: Option<Seq>,
        info: &SessionInfo,
        limits: &Limits,
    ) -> Vec<Utf8Bytes> {
        let me = &self.members[member];
        // Members whose join is still batched are left out: the batch, which
        // this connection will receive, announces them.
        let others = self
            .members
            .iter()
            .enumerate()
            .filter(|(i, m)| *i != member && !m.removed && m.announced)
            .map(|(_, m)| m.participant());
        let mut participants: Vec<Participant> = std::iter::once(me.participant()).chain(others).collect();
        let page = limits.participants_page.max(1);
        let rest = if participants.len() > page { participants.split_off(page) } else { Vec::new() };

        let first_seq = self.log.front().map_or(self.published_seq + 1, |e| e.seq);
        let after = last_seq.unwrap_or(0).min(self.published_seq);
        let start = (after + 1).saturating_sub(first_seq) as usize;
        let start = start.max(self.log.len().saturating_sub(limits.history_page));
        let history = self.log.range(start..).map(|e| ChatEntry::clone(e)).collect();
        let welcome = serialise(&ServerFrame::Welcome(Box::new(Welcome {
            you: me.identity.clone(),
            resume: me.token.clone(),
            session: info.clone(),
            participants,
            history,
            last_seq: self.published_seq,
            limits: SessionLimits {
                max_text_chars: limits.max_text_chars,
                send_rate: limits.send_rate,
                send_burst: limits.send_burst,
            },
        })));
        std::iter::once(welcome)
            .chain(
                rest.chunks(page)
                    .map(|chunk| serialise(&ServerFrame::ParticipantsPage { participants: chunk.to_vec() })),
            )
            .collect()
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
