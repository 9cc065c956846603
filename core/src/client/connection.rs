//! The client task: one connection after another until the session is over
//! for us, carrying the outbox and the reorder buffer across them.

use std::collections::{HashSet, VecDeque};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rand::Rng;
use tokio::net::TcpStream;
use tokio::sync::{mpsc, oneshot, watch};
use tokio::time::{sleep_until, timeout, Instant};
use tokio_tungstenite::tungstenite::error::CapacityError;
use tokio_tungstenite::tungstenite::protocol::frame::coding::CloseCode;
use tokio_tungstenite::tungstenite::protocol::{CloseFrame, WebSocketConfig};
use tokio_tungstenite::tungstenite::{Error as WsError, Message};
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};
use tracing::{debug, info, warn};

use super::answers::Answers;
use super::outbox::Outbox;
use super::questions::{Draft, Kept};
use super::reorder::{Next, Reorder};
use super::roster::Roster;
use super::{Backfill, ClientConfig, ClientEvent, CloseReason, Command, ConnectionState, JoinAs};
use crate::error::Error;
use crate::protocol::{
    close, ChatEntry, ClientFrame, Departure, ErrorCode, Identity, LeftReason, Participant, PollAnswer, Seq,
    ServerFrame, Welcome,
};

type Socket = WebSocketStream<MaybeTlsStream<TcpStream>>;

/// How one connection ended.
enum Ending {
    /// Over for good.
    Closed(CloseReason),
    /// Lost; reconnect. `now` skips the backoff (e.g. a stale token was dropped).
    Lost { joined: bool, now: bool },
    /// The hub broke the protocol (we told it so); reconnect after a pause
    /// that grows with each such connection, joined or not, so a hub that
    /// does it every time is not answered with a reconnect storm.
    Faulted,
    /// Nobody reads our events any more.
    Quit,
}

/// Ways a hub breaks the protocol that end the connection. (Frames the
/// client cannot read are skipped with a warning instead; what a hub
/// announces beyond the client's bounds is let go, see `Roster` and
/// `Reorder`.)
#[derive(Debug, thiserror::Error)]
enum HubFault {
    /// A message over [`ClientConfig::max_message_bytes`]: refused on its
    /// header, before its payload is read or room made for it.
    #[error("the hub sent a message of {size} bytes; at most {max} are accepted")]
    TooBig {
        /// The size its header announced (or the message reached).
        size: usize,
        /// The bound.
        max: usize,
    },
}

impl HubFault {
    /// The fault behind a failed read, if it was the hub's.
    fn of(err: &WsError) -> Option<Self> {
        match err {
            WsError::Capacity(CapacityError::MessageTooLong { size, max_size }) => {
                Some(Self::TooBig { size: *size, max: *max_size })
            }
            _ => None,
        }
    }

    /// Tells the hub why we go (RFC 6455's code for the fault), without
    /// reading anything more from it, and says so in the log.
    async fn report(self, ws: &mut Socket) {
        warn!(fault = %self, "the hub broke the protocol; reconnecting after a pause");
        let (code, reason) = match self {
            Self::TooBig { .. } => (CloseCode::Size, "message too big"),
        };
        let frame = CloseFrame { code, reason: reason.into() };
        let _ = timeout(Duration::from_secs(1), ws.send(Message::Close(Some(frame)))).await;
    }
}

pub(super) async fn run(
    config: ClientConfig,
    mut commands: mpsc::Receiver<Command>,
    events: mpsc::Sender<ClientEvent>,
    resume_token: watch::Sender<Option<String>>,
) {
    let prefix = format!("c{:08x}", rand::rng().random::<u32>());
    let last_seq = config.resume.as_ref().map_or(0, |place| place.last_seq);
    let mut task = Task {
        answers: Answers::new(prefix.clone()),
        kept: Kept::new(prefix.clone()),
        questions: HashSet::new(),
        outbox: Outbox::new(config.outbox_limit, prefix),
        reorder: Reorder::new(last_seq, config.max_buffered_entries, config.max_buffered_bytes),
        roster: Roster::new(config.max_participants),
        resume: config.resume.as_ref().map(|place| place.token.clone()),
        session_id: None,
        me: None,
        floor: start_floor(config.backfill, last_seq),
        fetches: VecDeque::new(),
        earlier_wanted: false,
        poll_actions: 0,
        config,
        events,
        resume_token,
    };
    let mut attempt = 0u32;
    loop {
        let state = if attempt == 0 {
            ConnectionState::Connecting
        } else {
            ConnectionState::Reconnecting { attempt }
        };
        if !task.emit(ClientEvent::State(state)).await {
            return;
        }
        match task.connection(&mut commands).await {
            Ending::Closed(reason) => {
                info!(?reason, "client closed");
                task.emit(ClientEvent::State(ConnectionState::Closed(reason))).await;
                return;
            }
            Ending::Quit => return,
            Ending::Lost { joined, now } => {
                task.outbox.disconnected();
                attempt = if joined { 1 } else { attempt + 1 };
                if now {
                    continue;
                }
            }
            Ending::Faulted => {
                task.outbox.disconnected();
                attempt += 1;
            }
        }
        let delay = backoff(&task.config, attempt);
        debug!(attempt, ?delay, "reconnecting after a pause");
        if let Some(ending) = task.pause(delay, &mut commands).await {
            if let Ending::Closed(reason) = ending {
                task.emit(ClientEvent::State(ConnectionState::Closed(reason))).await;
            }
            return;
        }
    }
}

/// Exponential backoff with jitter: half to all of `initial · 2^(attempt-1)`,
/// capped, so a class reconnecting after a Wi-Fi blip does not arrive at once.
fn backoff(config: &ClientConfig, attempt: u32) -> Duration {
    let exp = config.backoff_initial.saturating_mul(1 << attempt.saturating_sub(1).min(16));
    let ceiling = exp.min(config.backoff_max);
    ceiling.mul_f64(rand::rng().random_range(0.5..=1.0))
}

struct Task {
    config: ClientConfig,
    events: mpsc::Sender<ClientEvent>,
    outbox: Outbox,
    /// Poll answers not acked yet.
    answers: Answers,
    /// Private questions (and the teacher's answers) not acked yet.
    kept: Kept,
    /// The private questions the UI has been told of, by id.
    questions: HashSet<String>,
    reorder: Reorder,
    /// Who the UI has been told about.
    roster: Roster,
    resume: Option<String>,
    session_id: Option<String>,
    me: Option<String>,
    /// Entries up to this `seq` have not been shown: [`Backfill::OnRequest`]
    /// starts at the welcome's page; 0 when everything older is shown (or
    /// gone). `None` until the first welcome decides it.
    floor: Option<Seq>,
    /// What each `history:fetch` on this connection was for, oldest first
    /// (the hub answers them in order).
    fetches: VecDeque<Fetch>,
    /// An earlier page was asked for and has not arrived yet.
    earlier_wanted: bool,
    /// Teacher poll actions sent, to give each an id of its own.
    poll_actions: u64,
    /// Where [`super::ClientHandle::resume_token`] reads our token.
    resume_token: watch::Sender<Option<String>>,
}

/// Where a client that has shown everything up to `last_seq` starts its
/// floor: 0 when everything older is shown, or wanted at once, or cannot be
/// known (a saved place); `None` lets the first welcome set it to its page.
fn start_floor(backfill: Backfill, last_seq: Seq) -> Option<Seq> {
    (backfill == Backfill::Everything || last_seq > 0).then_some(0)
}

/// Why a `history:fetch` was sent.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Fetch {
    /// To fill a gap after the newest entry shown.
    Gap,
    /// For the page before the oldest entry shown.
    Earlier,
}

/// Private questions a client passes on at most (a hub keeps a class's
/// far below this; a rogue one could otherwise grow a UI's list without
/// end).
const MAX_QUESTIONS: usize = 10_000;

impl Task {
    /// Whether we joined as the teacher (who hears of every question).
    fn teacher(&self) -> bool {
        matches!(self.config.join, JoinAs::Teacher { .. })
    }

    /// False when nobody listens any more.
    async fn emit(&self, event: ClientEvent) -> bool {
        self.events.send(event).await.is_ok()
    }

    /// Waits out a backoff delay, still taking messages into the outbox.
    async fn pause(&mut self, delay: Duration, commands: &mut mpsc::Receiver<Command>) -> Option<Ending> {
        let until = Instant::now() + delay;
        loop {
            tokio::select! {
                () = sleep_until(until) => return None,
                command = commands.recv() => match command {
                    Some(Command::Send { text, reply }) => {
                        if !self.queue(text, reply).await {
                            return Some(Ending::Quit);
                        }
                    }
                    Some(Command::Leave) | None => return Some(Ending::Closed(CloseReason::Left)),
                    // Kept, and sent once joined again.
                    Some(Command::Answer { poll, answer, reply }) => {
                        if self.keep_answer(poll, answer, reply).await.is_none() {
                            return Some(Ending::Quit);
                        }
                    }
                    Some(Command::Question { draft, reply }) => {
                        if self.keep_question(draft, reply).await.is_err() {
                            return Some(Ending::Quit);
                        }
                    }
                    Some(Command::Earlier) => {
                        if !self.earlier_wanted {
                            self.earlier_wanted = true;
                            if !self.emit(ClientEvent::LoadingEarlier).await {
                                return Some(Ending::Quit);
                            }
                        }
                    }
                    // Typing and teacher actions mean nothing while offline.
                    Some(
                        Command::Typing(_)
                        | Command::Remove { .. }
                        | Command::RemoveOffline
                        | Command::Poll(_)
                        | Command::Room(_)
                        | Command::End,
                    ) => {}
                },
            }
        }
    }

    /// Keeps an answer until acked and sends it; `reply` gets its id,
    /// after the UI heard of it. `Err` when nobody listens any more or the
    /// connection failed.
    async fn answer(
        &mut self,
        poll: String,
        answer: PollAnswer,
        reply: oneshot::Sender<String>,
        ws: &mut Socket,
    ) -> Result<(), ()> {
        let frame = self.keep_answer(poll, answer, reply).await.ok_or(())?;
        send(ws, &frame).await
    }

    /// Keeps an answer until acked: the UI hears of it (as
    /// [`ClientEvent::AnswerQueued`]) before `reply` gets its id. Returns
    /// the frame that sends it; `None` when nobody listens any more.
    async fn keep_answer(
        &mut self,
        poll: String,
        answer: PollAnswer,
        reply: oneshot::Sender<String>,
    ) -> Option<ClientFrame> {
        let (id, frame) = self.answers.push(poll.clone(), answer.clone());
        let told = self.emit(ClientEvent::AnswerQueued { poll, client_id: id.clone(), answer }).await;
        let _ = reply.send(id);
        told.then_some(frame)
    }

    /// Keeps a question or answer until acked: the UI hears of it before
    /// `reply` gets its id. The frame to send, if kept; `Err` when nobody
    /// listens any more.
    async fn keep_question(
        &mut self,
        draft: Draft,
        reply: oneshot::Sender<Result<String, Error>>,
    ) -> Result<Option<ClientFrame>, ()> {
        let Some((id, frame)) = self.kept.push(draft.clone()) else {
            let _ = reply.send(Err(Error::OutboxFull(self.kept.len())));
            return Ok(None);
        };
        let event = match draft {
            Draft::Ask { text } => ClientEvent::QuestionQueued { client_id: id.clone(), text },
            Draft::Answer { question, text, public, .. } => {
                ClientEvent::ReplyQueued { question, client_id: id.clone(), text, public }
            }
        };
        let told = self.emit(event).await;
        let _ = reply.send(Ok(id));
        if told {
            Ok(Some(frame))
        } else {
            Err(())
        }
    }

    /// Queues a message and answers `reply`; the UI hears of it (as
    /// [`ClientEvent::Queued`]) before the caller gets the id, so nothing
    /// said about the message can reach the UI before the message itself.
    /// False when nobody listens any more.
    async fn queue(&mut self, text: String, reply: oneshot::Sender<Result<String, Error>>) -> bool {
        let Some(client_id) = self.outbox.push(text.clone()) else {
            let _ = reply.send(Err(Error::OutboxFull(self.outbox.len())));
            return true;
        };
        let told = self.emit(ClientEvent::Queued { client_id: client_id.clone(), text }).await;
        let _ = reply.send(Ok(client_id));
        told
    }

    /// One connection: connect, join, then serve until it ends.
    async fn connection(&mut self, commands: &mut mpsc::Receiver<Command>) -> Ending {
        let lost = Ending::Lost { joined: false, now: false };
        // Small buffers keep a thousand benchmark clients cheap. Frames and
        // messages are bounded (tungstenite checks a frame's header before
        // making room for its payload): a hub caps its pages, but a rogue
        // one would otherwise get tungstenite's 64 MiB a message.
        let max = Some(self.config.max_message_bytes);
        let ws_config = WebSocketConfig::default()
            .read_buffer_size(16 * 1024)
            .write_buffer_size(0)
            .max_message_size(max)
            .max_frame_size(max);
        let connecting =
            tokio_tungstenite::connect_async_with_config(&self.config.url, Some(ws_config), true);
        let mut ws = match timeout(self.config.connect_timeout, connecting).await {
            Ok(Ok((ws, _response))) => ws,
            Ok(Err(err)) => {
                debug!(cause = %err, "connect failed");
                return lost;
            }
            Err(_) => return lost,
        };
        let join = match &self.config.join {
            JoinAs::Student { name, code } => ClientFrame::StudentJoin {
                name: name.clone(),
                code: code.clone(),
                resume: self.resume.clone(),
                last_seq: Some(self.reorder.last_seq()),
            },
            JoinAs::Teacher { token } => ClientFrame::TeacherJoin {
                token: token.clone(),
                resume: self.resume.clone(),
                last_seq: Some(self.reorder.last_seq()),
            },
        };
        if send(&mut ws, &join).await.is_err() {
            return lost;
        }
        let welcome = match timeout(self.config.connect_timeout, welcome(&mut ws)).await {
            Ok(Ok(welcome)) => welcome,
            Ok(Err(NoWelcome::Refused(code, message))) => return self.refused(code, message),
            Ok(Err(NoWelcome::Fault(fault))) => {
                fault.report(&mut ws).await;
                return Ending::Faulted;
            }
            Ok(Err(NoWelcome::Lost)) | Err(_) => return lost,
        };
        if !self.welcomed(welcome, &mut ws).await {
            return Ending::Quit;
        }
        self.serve(ws, commands).await
    }

    fn refused(&mut self, code: ErrorCode, message: String) -> Ending {
        match code {
            ErrorCode::BadToken
                if self.resume.is_some() && matches!(self.config.join, JoinAs::Student { .. }) =>
            {
                // Our saved place belongs to another session: join afresh.
                info!("saved place not valid here; joining afresh");
                self.resume = None;
                Ending::Lost { joined: false, now: true }
            }
            ErrorCode::SessionEnded => Ending::Closed(CloseReason::Ended),
            ErrorCode::Removed => Ending::Closed(CloseReason::Removed),
            _ => Ending::Closed(CloseReason::Refused { code, message }),
        }
    }

    /// Takes in a welcome: identity, roster, history; then resends the outbox.
    async fn welcomed(&mut self, welcome: Welcome, ws: &mut Socket) -> bool {
        let Welcome {
            you,
            resume,
            session,
            participants,
            history,
            last_seq,
            limits,
            polls,
            room,
            deleted,
            my_reactions,
            questions,
            held_reactions,
        } = welcome;
        if self.session_id.as_ref().is_some_and(|id| *id != session.id) {
            self.reorder.reset();
            self.floor = start_floor(self.config.backfill, 0);
        }
        self.fetches.clear();
        self.session_id = Some(session.id.clone());
        self.resume_token.send_replace(Some(resume.clone()));
        self.resume = Some(resume);
        self.me = Some(you.id.clone());
        self.outbox.reconnected(&limits);
        self.reorder.reconnected(last_seq);
        if self.floor.is_none() {
            // Nothing shown yet, and only the newest page wanted: start there.
            let floor = history.first().map_or(last_seq, |entry| entry.seq.saturating_sub(1));
            self.reorder.skip_to(floor);
            self.floor = Some(floor);
        }
        let_go(self.reorder.accept(history));
        let participants = self.roster.replace(participants);
        self.questions = questions.list.iter().map(|q| q.id.clone()).collect();
        let told = self.emit(ClientEvent::State(ConnectionState::Connected)).await
            && self.emit(ClientEvent::Welcome { you, session, limits }).await
            && self.emit(ClientEvent::Roster(participants)).await
            && self.emit(ClientEvent::Polls(polls)).await
            && self.emit(ClientEvent::Room(room)).await
            && self.emit(ClientEvent::DeletedMessages(deleted)).await
            && self.emit(ClientEvent::MyReactions(my_reactions)).await
            && self.emit(ClientEvent::Questions(questions)).await
            && match held_reactions {
                Some(held) => self.emit(ClientEvent::HeldReactions(held)).await,
                None => true,
            };
        // Answers not acked go again, with their ids: stored once either way.
        for frame in self.answers.resend().into_iter().chain(self.kept.resend()) {
            if send(ws, &frame).await.is_err() {
                return told;
            }
        }
        // A page asked for before the connection dropped is asked for again.
        told && (!self.earlier_wanted || self.ask_earlier(ws).await) && self.settle_log(ws).await
    }

    /// Serves a joined connection until it ends.
    async fn serve(&mut self, mut ws: Socket, commands: &mut mpsc::Receiver<Command>) -> Ending {
        let lost = Ending::Lost { joined: true, now: false };
        let mut ended = false;
        let mut removed = false;
        let mut last_heard = Instant::now();
        let mut pump_at = Some(Instant::now());
        let mut check = tokio::time::interval(self.config.silence_timeout / 4);
        loop {
            tokio::select! {
                frame = ws.next() => {
                    last_heard = Instant::now();
                    match frame {
                        Some(Ok(Message::Text(text))) => {
                            let frame = match serde_json::from_str::<ServerFrame>(&text) {
                                Ok(frame) => frame,
                                Err(err) => {
                                    warn!(cause = %err, "unreadable frame from the hub");
                                    continue;
                                }
                            };
                            match frame {
                                ServerFrame::Ended => ended = true,
                                ServerFrame::Removed => removed = true,
                                frame => {
                                    if !self.dispatch(frame, &mut ws).await {
                                        return Ending::Quit;
                                    }
                                }
                            }
                        }
                        Some(Ok(Message::Close(frame))) => {
                            let code = frame.map(|f| u16::from(f.code));
                            return match code {
                                Some(close::REPLACED) => Ending::Closed(CloseReason::Replaced),
                                Some(close::REMOVED) => Ending::Closed(CloseReason::Removed),
                                _ if removed => Ending::Closed(CloseReason::Removed),
                                _ if ended => Ending::Closed(CloseReason::Ended),
                                _ => lost,
                            };
                        }
                        Some(Ok(_)) => {}
                        Some(Err(err)) => {
                            if let Some(fault) = HubFault::of(&err) {
                                fault.report(&mut ws).await;
                                return Ending::Faulted;
                            }
                            debug!(cause = %err, "connection lost");
                            return lost;
                        }
                        None => return if ended { Ending::Closed(CloseReason::Ended) } else { lost },
                    }
                }
                command = commands.recv() => {
                    let result = match command {
                        Some(Command::Send { text, reply }) => {
                            if !self.queue(text, reply).await {
                                return Ending::Quit;
                            }
                            pump_at = Some(Instant::now());
                            Ok(())
                        }
                        Some(Command::Typing(active)) => send(&mut ws, &ClientFrame::Typing { active }).await,
                        Some(Command::Remove { id, ban }) => {
                            send(&mut ws, &ClientFrame::RemoveStudent { id, ban }).await
                        }
                        Some(Command::RemoveOffline) => send(&mut ws, &ClientFrame::RemoveOffline).await,
                        Some(Command::Answer { poll, answer, reply }) => self.answer(poll, answer, reply, &mut ws).await,
                        Some(Command::Question { draft, reply }) => match self.keep_question(draft, reply).await {
                            Ok(Some(frame)) => send(&mut ws, &frame).await,
                            Ok(None) => Ok(()),
                            Err(()) => return Ending::Quit,
                        },
                        Some(Command::Poll(action)) => {
                            self.poll_actions += 1;
                            send(&mut ws, &action.frame(format!("poll-{}", self.poll_actions))).await
                        }
                        Some(Command::Room(action)) => send(&mut ws, &action.frame()).await,
                        Some(Command::End) => send(&mut ws, &ClientFrame::EndSession).await,
                        Some(Command::Earlier) => {
                            if !self.earlier_wanted {
                                let asked = self.emit(ClientEvent::LoadingEarlier).await
                                    && self.ask_earlier(&mut ws).await;
                                if !asked {
                                    return Ending::Quit;
                                }
                            }
                            Ok(())
                        }
                        Some(Command::Leave) | None => {
                            leave(&mut ws).await;
                            return Ending::Closed(CloseReason::Left);
                        }
                    };
                    if result.is_err() {
                        return lost;
                    }
                }
                () = wait_for(pump_at) => {
                    match self.pump(&mut ws).await {
                        Ok(next) => pump_at = next,
                        Err(()) => return lost,
                    }
                }
                _ = check.tick() => {
                    if last_heard.elapsed() >= self.config.silence_timeout {
                        info!("hub silent too long; reconnecting");
                        return lost;
                    }
                }
            }
        }
    }

    /// Sends what the outbox's pace allows; returns when to come back.
    async fn pump(&mut self, ws: &mut Socket) -> Result<Option<Instant>, ()> {
        loop {
            match self.outbox.next_to_send() {
                Ok(pending) => {
                    let frame = ClientFrame::ChatMessage { id: pending.id, text: pending.text };
                    send(ws, &frame).await.map_err(|_| ())?;
                }
                Err(None) => return Ok(None),
                Err(Some(wait)) => return Ok(Some(Instant::now() + wait)),
            }
        }
    }

    /// Handles one frame; false when nobody listens any more.
    async fn dispatch(&mut self, frame: ServerFrame, ws: &mut Socket) -> bool {
        match frame {
            ServerFrame::ChatMessage(entry) => {
                if self.me.as_deref() == Some(entry.from.id.as_str()) {
                    // Our own copy settles the message even if its ack was lost.
                    self.outbox.settle(&entry.client_id);
                }
                let_go(self.reorder.accept([entry]));
                self.settle_log(ws).await
            }
            ServerFrame::ChatAck { id, seq } => {
                if self.outbox.settle(&id) {
                    return self.emit(ClientEvent::Acked { client_id: id, seq }).await;
                }
                true
            }
            ServerFrame::Error { code, message, reference } => {
                let client_id = reference
                    .filter(|id| self.outbox.settle(id) || self.answers.settle(id) || self.kept.settle(id));
                self.emit(ClientEvent::Refused { client_id, code, message }).await
            }
            ServerFrame::ParticipantJoined { participant }
            | ServerFrame::ParticipantUpdated { participant } => self.participant(participant).await,
            ServerFrame::ParticipantsJoined { participants } => {
                for Identity { id, name, role } in participants {
                    if !self.participant(Participant { id, name, role, online: true }).await {
                        return false;
                    }
                }
                true
            }
            ServerFrame::ParticipantsPage { participants } => {
                for participant in participants {
                    if !self.participant(participant).await {
                        return false;
                    }
                }
                true
            }
            ServerFrame::ParticipantLeft { id, reason } => self.departure(id, reason).await,
            ServerFrame::ParticipantsLeft { participants } => {
                for Departure { id, reason } in participants {
                    if !self.departure(id, reason).await {
                        return false;
                    }
                }
                true
            }
            ServerFrame::PollOpened { poll } => self.emit(ClientEvent::PollOpened(poll)).await,
            ServerFrame::PollTally { results } => self.emit(ClientEvent::PollTally(results)).await,
            ServerFrame::PollAck { poll, id } => {
                if self.answers.settle(&id) {
                    return self.emit(ClientEvent::PollAnswered { poll, client_id: id }).await;
                }
                true
            }
            ServerFrame::PollClosed { poll, by } => self.emit(ClientEvent::PollClosed { poll, by }).await,
            ServerFrame::PollRevealed { results } => self.emit(ClientEvent::PollRevealed(results)).await,
            // Hands and mutes of someone not on the list are dropped, like
            // their typing: a UI would keep them by ids it cannot bound.
            ServerFrame::HandRaised(hand) if self.roster.knows(&hand.id) => {
                self.emit(ClientEvent::HandRaised(hand)).await
            }
            ServerFrame::HandLowered { id, by } if self.roster.knows(&id) => {
                self.emit(ClientEvent::HandLowered { id, by }).await
            }
            ServerFrame::ParticipantMuted { id, muted } if self.roster.knows(&id) => {
                self.emit(ClientEvent::Muted { id, muted }).await
            }
            ServerFrame::HandRaised(_)
            | ServerFrame::HandLowered { .. }
            | ServerFrame::ParticipantMuted { .. } => true,
            ServerFrame::HandsCleared => self.emit(ClientEvent::HandsCleared).await,
            ServerFrame::ChatDeleted { seq, by } => self.emit(ClientEvent::MessageDeleted { seq, by }).await,
            ServerFrame::ChatPinned { message } => self.emit(ClientEvent::Pinned(Some(message))).await,
            ServerFrame::ChatUnpinned => self.emit(ClientEvent::Pinned(None)).await,
            // A reaction follows its message on the hub's one queue: one on a
            // message not yet sent, or by someone not on the list, is not
            // passed on (a UI keeps counts by `seq`).
            ServerFrame::ReactionChanged(change)
                if change.seq <= self.reorder.newest() && self.roster.knows(&change.by) =>
            {
                self.emit(ClientEvent::ReactionChanged(change)).await
            }
            ServerFrame::ReactionChanged(_) => true,
            ServerFrame::Rules(rules) => self.emit(ClientEvent::Rules(rules)).await,
            ServerFrame::QuestionAsked { question, reference } => {
                let client_id = reference.filter(|id| self.kept.settle(id));
                // A student hears only of their own; and a UI keeps
                // questions by id, so their number is bounded.
                let known = self.questions.contains(&question.id);
                let mine = self.me.as_deref() == Some(question.from.id.as_str());
                if !known && (self.questions.len() >= MAX_QUESTIONS || !(mine || self.teacher())) {
                    return true;
                }
                self.questions.insert(question.id.clone());
                self.emit(ClientEvent::QuestionAsked { question: Box::new(question), client_id }).await
            }
            ServerFrame::QuestionAnswered { question, answer, reference } => {
                let client_id = reference.filter(|id| self.kept.settle(id));
                if !self.questions.contains(&question) {
                    return true;
                }
                self.emit(ClientEvent::QuestionAnswered { question, answer, client_id }).await
            }
            ServerFrame::Typing { from, active } => {
                // Our own echo; and typing of someone not on the list, which
                // the hub never sends (an arrival is announced first) and a
                // UI would keep by an id it cannot bound.
                if self.me.as_deref() == Some(from.as_str()) || !self.roster.knows(&from) {
                    return true;
                }
                self.emit(ClientEvent::Typing { from, active }).await
            }
            ServerFrame::History { messages, first_seq } => {
                if self.fetches.pop_front() == Some(Fetch::Earlier) {
                    return self.earlier(messages, first_seq).await;
                }
                let (lost, dropped) = self.reorder.history(messages, first_seq);
                let_go(dropped);
                if let Some((from, to)) = lost {
                    warn!(from, to, "the hub no longer holds these entries");
                    if !self.emit(ClientEvent::Gap { from, to }).await {
                        return false;
                    }
                }
                self.settle_log(ws).await
            }
            ServerFrame::Welcome(_) | ServerFrame::Removed | ServerFrame::Ended => true,
        }
    }

    /// Passes on an announced participant if the list takes it.
    async fn participant(&mut self, participant: Participant) -> bool {
        if !self.roster.admit(&participant) {
            return true;
        }
        self.emit(ClientEvent::Participant(participant)).await
    }

    /// Passes on the departure of someone on the list.
    async fn departure(&mut self, id: String, reason: LeftReason) -> bool {
        if !self.roster.left(&id, reason) {
            return true;
        }
        self.emit(ClientEvent::ParticipantLeft { id, reason }).await
    }

    /// Asks for the page before the oldest entry shown, or says at once that
    /// there is none. False when nobody listens any more.
    async fn ask_earlier(&mut self, ws: &mut Socket) -> bool {
        match self.floor {
            Some(floor) if floor > 0 => {
                self.earlier_wanted = true;
                // A failed write shows up as a lost connection on the next
                // read; the page is asked for again after the reconnect.
                let _ = send(
                    ws,
                    &ClientFrame::HistoryFetch { before: Some(floor.saturating_add(1)), limit: None },
                )
                .await;
                self.fetches.push_back(Fetch::Earlier);
                true
            }
            _ => {
                self.earlier_wanted = false;
                self.emit(ClientEvent::Earlier { messages: Vec::new(), complete: true }).await
            }
        }
    }

    /// An earlier page arrived: what lies below the floor, then the floor
    /// moves down (to 0 once the hub holds nothing older).
    async fn earlier(&mut self, mut messages: Vec<ChatEntry>, first_seq: Seq) -> bool {
        self.earlier_wanted = false;
        let floor = self.floor.unwrap_or(0);
        messages.retain(|entry| entry.seq <= floor);
        let oldest = messages.first().map_or(0, |entry| entry.seq);
        let complete = oldest <= first_seq.max(1);
        self.floor = Some(if complete { 0 } else { oldest - 1 });
        self.emit(ClientEvent::Earlier { messages, complete }).await
    }

    /// Delivers what is in order; asks for what is missing.
    async fn settle_log(&mut self, ws: &mut Socket) -> bool {
        while let Some(next) = self.reorder.next() {
            match next {
                Next::Deliver(entries) => {
                    for entry in entries {
                        if !self.emit(ClientEvent::Message(entry)).await {
                            return false;
                        }
                    }
                }
                Next::Fetch { before } => {
                    // A failed write shows up as a lost connection on the next read.
                    let _ = send(ws, &ClientFrame::HistoryFetch { before: Some(before), limit: None }).await;
                    self.fetches.push_back(Fetch::Gap);
                    break;
                }
            }
        }
        true
    }
}

/// Notes entries the reorder buffer had no room for (fetched again later).
fn let_go(count: usize) {
    if count > 0 {
        debug!(count, "entries after a gap let go for now; they are fetched again");
    }
}

/// Why no welcome came.
enum NoWelcome {
    /// The hub refused the join.
    Refused(ErrorCode, String),
    /// The hub broke the protocol.
    Fault(HubFault),
    /// The connection dropped.
    Lost,
}

/// Reads until the welcome.
async fn welcome(ws: &mut Socket) -> Result<Welcome, NoWelcome> {
    while let Some(frame) = ws.next().await {
        let text = match frame {
            Ok(Message::Text(text)) => text,
            Ok(_) => continue,
            Err(err) => return Err(HubFault::of(&err).map_or(NoWelcome::Lost, NoWelcome::Fault)),
        };
        match serde_json::from_str::<ServerFrame>(&text) {
            Ok(ServerFrame::Welcome(welcome)) => return Ok(*welcome),
            Ok(ServerFrame::Error { code, message, .. }) => return Err(NoWelcome::Refused(code, message)),
            Ok(_) => {}
            Err(err) => warn!(cause = %err, "unreadable frame from the hub"),
        }
    }
    Err(NoWelcome::Lost)
}

async fn send(ws: &mut Socket, frame: &ClientFrame) -> Result<(), ()> {
    let text = serde_json::to_string(frame).map_err(|_| ())?;
    ws.send(Message::text(text)).await.map_err(|err| debug!(cause = %err, "send failed"))
}

async fn leave(ws: &mut Socket) {
    let frame = CloseFrame { code: CloseCode::Normal, reason: "left".into() };
    let _ = timeout(Duration::from_secs(1), async {
        if ws.send(Message::Close(Some(frame))).await.is_ok() {
            while let Some(Ok(_)) = ws.next().await {}
        }
    })
    .await;
}

async fn wait_for(at: Option<Instant>) {
    match at {
        Some(at) => sleep_until(at).await,
        None => std::future::pending().await,
    }
}
