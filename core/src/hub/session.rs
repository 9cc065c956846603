//! The session: participants, the log, and every rule that decides what a
//! frame changes. Connections call in; this module never touches a socket.
//!
//! All state sits behind one `std::sync::Mutex`. Every critical section is
//! short, does no I/O and never awaits; sequencing a message and putting it
//! on the fan-out ring happen under the same lock, which is what makes the
//! order of `seq` the order everyone receives.

use std::collections::{HashMap, HashSet, VecDeque};
use std::net::IpAddr;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};

use axum::extract::ws::Utf8Bytes;
use governor::DefaultDirectRateLimiter;
use tokio::sync::{broadcast, Notify};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use super::config::{HubConfig, Limits};
use super::fanout::{ConnId, Outbound};
use super::limits::{name_key, send_limiter, validate_name, JoinAttempts, RecentIds, TypingThrottle};
use crate::ids;
use crate::protocol::{
    close, ChatEntry, Departure, ErrorCode, Identity, LeftReason, Participant, Role, Seq, ServerFrame,
    SessionInfo, SessionLimits, Welcome,
};
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
}

/// What became of a chat message.
#[derive(Debug)]
pub(crate) enum Posted {
    /// Sequenced and on the ring; the ack travels with it.
    Sequenced,
    /// Seen before: here is the ack with the first `seq`.
    Duplicate(Utf8Bytes),
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
    log: VecDeque<Arc<ChatEntry>>,
    last_seq: Seq,
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
}

/// The teacher is always the first member.
const TEACHER: usize = 0;

impl Session {
    pub(crate) fn new(config: HubConfig, host_token: String) -> Self {
        let info = SessionInfo {
            id: ids::secret(),
            class: config.class.trim().to_owned(),
            teacher: config.teacher.trim().to_owned(),
            started_at: now_rfc3339(),
        };
        let limits = config.limits;
        let (tx, _) = broadcast::channel(limits.outbound_queue.max(16));
        let teacher = Member {
            identity: Identity { id: member_id(TEACHER), name: info.teacher.clone(), role: Role::Teacher },
            token: ids::secret(),
            conn: None,
            removed: false,
            announced: true,
            limiter: send_limiter(limits.send_rate, limits.send_burst),
            recent: RecentIds::default(),
            typing: TypingThrottle::default(),
        };
        let state = State {
            ended: false,
            by_token: HashMap::from([(teacher.token.clone(), TEACHER)]),
            by_name: HashMap::from([(name_key(&info.teacher), TEACHER)]),
            members: vec![teacher],
            banned_names: HashSet::new(),
            log: VecDeque::new(),
            last_seq: 0,
            pending_presence: Vec::new(),
            presence_page: limits.participants_page.max(1),
            attempts: JoinAttempts::new(limits.join_attempts, limits.attempt_window),
            online: 0,
            tx,
        };
        Self {
            state: Mutex::new(state),
            limits,
            info,
            host_token,
            code: config.code,
            next_conn: AtomicU64::new(1),
            presence_due: Notify::new(),
            ended: CancellationToken::new(),
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

    /// Admits a connection, or says why not.
    pub(crate) fn join(&self, request: JoinRequest) -> Result<Joined, Refusal> {
        let now = Instant::now();
        let mut state = self.lock();
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
        Ok(Joined { member, conn, role: state.members[member].identity.role, rx, welcome })
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
            identity: Identity { id: member_id(index), name, role: Role::Student },
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

    /// Sequences a chat message and puts it on the ring.
    pub(crate) fn post(
        &self,
        member: usize,
        conn: ConnId,
        id: String,
        text: &str,
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
            return Ok(Posted::Duplicate(serialise(&ServerFrame::ChatAck { id, seq })));
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
        let frame = serialise(&ServerFrame::ChatMessage(entry.clone()));
        let ack = serialise(&ServerFrame::ChatAck { id: id.clone(), seq });
        state.last_seq = seq;
        let dedupe = self.limits.dedupe_window;
        state.members[member].recent.insert(id, seq, dedupe);
        state.log.push_back(Arc::new(entry));
        if state.log.len() > self.limits.history_retained {
            state.log.pop_front();
        }
        state.send(Outbound::Chat { frame, origin: conn, ack });
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

    /// Teacher action: removes a student, closing its connection.
    pub(crate) fn remove(&self, actor: usize, target_id: &str, ban: bool) -> Result<(), Refusal> {
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
            state.send(Outbound::Close {
                target: conn,
                frame: Some(serialise(&ServerFrame::Removed)),
                code: close::REMOVED,
                reason: "removed",
            });
        }
        let id = state.members[target].identity.id.clone();
        state.send(Outbound::Frame(serialise(&ServerFrame::ParticipantLeft {
            id,
            reason: LeftReason::Removed,
        })));
        Ok(())
    }

    /// Teacher action: ends the session.
    pub(crate) fn end_by(&self, actor: usize) -> Result<(), Refusal> {
        if self.lock().members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        self.end();
        Ok(())
    }

    /// Ends the session: everyone gets `session:ended` after everything
    /// sequenced before it; later joins and messages are refused.
    pub(crate) fn end(&self) {
        let mut state = self.lock();
        if !state.ended {
            state.ended = true;
            state.send(Outbound::End(serialise(&ServerFrame::Ended)));
        }
        drop(state);
        self.ended.cancel();
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

    /// A page of the log before `before`, oldest first.
    pub(crate) fn history(&self, before: Option<Seq>, limit: Option<u32>) -> Utf8Bytes {
        let page = limit.map_or(self.limits.history_page, |l| (l as usize).min(self.limits.history_page));
        let state = self.lock();
        let first_seq = state.log.front().map_or(state.last_seq + 1, |e| e.seq);
        let before = before.unwrap_or(Seq::MAX).min(state.last_seq + 1);
        let end = before.saturating_sub(first_seq).min(state.log.len() as u64) as usize;
        let start = end.saturating_sub(page);
        let messages = state.log.range(start..end).map(|e| ChatEntry::clone(e)).collect();
        drop(state);
        serialise(&ServerFrame::History { messages, first_seq })
    }
}

impl State {
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

        let first_seq = self.log.front().map_or(self.last_seq + 1, |e| e.seq);
        let after = last_seq.unwrap_or(0).min(self.last_seq);
        let start = (after + 1).saturating_sub(first_seq) as usize;
        let start = start.max(self.log.len().saturating_sub(limits.history_page));
        let history = self.log.range(start..).map(|e| ChatEntry::clone(e)).collect();
        let welcome = serialise(&ServerFrame::Welcome(Box::new(Welcome {
            you: me.identity.clone(),
            resume: me.token.clone(),
            session: info.clone(),
            participants,
            history,
            last_seq: self.last_seq,
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

fn member_id(index: usize) -> String {
    format!("p_{}", index + 1)
}

/// The index behind a participant id; only the exact form `p_N` the hub
/// hands out counts, so "p_03" or "p_+3" name nobody.
fn member_index(id: &str) -> Option<usize> {
    let index = id.strip_prefix("p_")?.parse::<usize>().ok()?.checked_sub(1)?;
    (member_id(index) == id).then_some(index)
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
        assert_eq!(member_id(0), "p_1");
        assert_eq!(member_index("p_1"), Some(0));
        assert_eq!(member_index("p_0"), None);
        assert_eq!(member_index("x_1"), None);
        assert_eq!(member_index("p_-1"), None);
        assert_eq!(member_index("p_01"), None);
        assert_eq!(member_index("p_+1"), None);
    }
}
