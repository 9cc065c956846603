//! One WebSocket connection, from its join to its close.
//!
//! A single task owns the socket and does both directions, so there is no
//! lock around it: it waits at once for the session's fan-out ring, the
//! peer's next frame, and the keepalive tick. Writes are batched: everything
//! already on the ring is fed to the socket before one flush.

use std::sync::Arc;
use std::time::Duration;

use axum::extract::ws::{CloseFrame, Message, Utf8Bytes, WebSocket};
use futures_util::SinkExt;
use tokio::sync::broadcast::error::{RecvError, TryRecvError};
use tokio::time::{timeout, Instant};
use tracing::{debug, info, instrument, warn};

use super::admission::PeerInfo;
use super::fanout::Outbound;
use super::limits::frame_limiter;
use super::session::{
    AnswerRequest, Credentials, History, JoinRequest, Joined, OwnAck, Posted, Refusal, Session, Slot,
};
use crate::protocol::{close, ClientFrame, ErrorCode, LeftReason};

/// Items written per flush at most, so one busy connection cannot keep its
/// worker thread from others for long.
const MAX_BATCH: usize = 256;

/// How long a closing connection waits for the peer's close reply.
const CLOSE_GRACE: Duration = Duration::from_secs(1);

/// Runs a freshly upgraded connection until it closes.
#[instrument(name = "conn", skip_all, fields(peer = %peer.addr))]
pub(crate) async fn run(mut ws: WebSocket, peer: PeerInfo, session: Arc<Session>) {
    let joined = match handshake(&mut ws, &peer, &session).await {
        Ok(joined) => joined,
        Err(Some(refusal)) if refusal.message.is_empty() => {
            // Come back in a moment: the store is behind, or this seat
            // reconnected more often than its budget allows.
            let reason =
                if refusal.code == ErrorCode::SessionFull { "busy storing" } else { "too many reconnects" };
            close_with(&mut ws, close::TRY_AGAIN, reason).await;
            return;
        }
        Err(Some(refusal)) => {
            debug!(code = %refusal.code, "join refused");
            let _ = timeout(session.limits.write_timeout, ws.send(Message::Text(refusal.frame(None)))).await;
            close_with(&mut ws, close::POLICY, refusal.code.as_str()).await;
            return;
        }
        Err(None) => return,
    };
    // A member now: no longer under the caps on connections not joined.
    peer.ticket.joined();
    let (member, conn) = (joined.member, joined.conn);
    if let Some(op) = joined.durable_after {
        // The welcome carries the resume token: send it only once stored.
        if timeout(session.limits.write_timeout, session.stored(op)).await.is_err() {
            warn!(member, "the new participant could not be stored in time");
            close_with(&mut ws, close::TRY_AGAIN, "busy storing").await;
            session.disconnect(member, conn, LeftReason::Timeout);
            return;
        }
    }
    info!(member, conn, role = ?joined.role, "joined");
    let frames = frame_limiter(session.limits.frame_rate, session.limits.frame_burst);
    let history = frame_limiter(session.limits.history_rate, session.limits.history_burst);
    let mut connection =
        Connection { ws, batch: Vec::new(), session: Arc::clone(&session), conn, member, frames, history };
    let reason = connection.serve(joined).await;
    info!(member, conn, ?reason, "connection closed");
    session.disconnect(member, conn, reason);
}

/// Reads the join frame and asks the session to admit it. `Err(None)` means
/// the peer went away (or the hub is ending) and there is nobody to tell.
async fn handshake(
    ws: &mut WebSocket,
    peer: &PeerInfo,
    session: &Session,
) -> Result<Joined, Option<Refusal>> {
    let first = tokio::select! {
        first = timeout(session.limits.join_timeout, ws.recv()) => first,
        () = session.ended.cancelled() => {
            return Err(Some(refusal(ErrorCode::SessionEnded, "This class has ended.")));
        }
    };
    let text = match first {
        Err(_elapsed) => {
            let secs = session.limits.join_timeout.as_secs_f32();
            return Err(Some(refusal(ErrorCode::Protocol, format!("No join frame within {secs} s."))));
        }
        Ok(Some(Err(err))) => {
            // Over the size limit or not UTF-8: the peer hears why (RFC 6455).
            if let Some((code, reason)) = read_error_close(&err) {
                close_with(ws, code, reason).await;
            }
            return Err(None);
        }
        Ok(None) => return Err(None),
        Ok(Some(Ok(Message::Text(text)))) => text,
        Ok(Some(Ok(Message::Close(_)))) => return Err(None),
        Ok(Some(Ok(_))) => {
            return Err(Some(refusal(ErrorCode::Protocol, "The first frame must be a join, as JSON text.")));
        }
    };
    let (credentials, resume, last_seq) = match ClientFrame::parse(&text) {
        Ok(ClientFrame::StudentJoin { name, code, resume, last_seq }) => {
            (Credentials::Student { name, code }, resume, last_seq)
        }
        Ok(ClientFrame::TeacherJoin { token, resume, last_seq }) => {
            (Credentials::Teacher { token }, resume, last_seq)
        }
        Ok(_) => {
            return Err(Some(refusal(
                ErrorCode::Protocol,
                "The first frame must be student:join or teacher:join.",
            )))
        }
        Err(err) => {
            return Err(Some(refusal(
                ErrorCode::Protocol,
                format!("The first frame must be a join. {}", err.message),
            )))
        }
    };
    let request = JoinRequest { credentials, resume, last_seq, peer: peer.addr.ip() };
    let Ok(slot) = reserve(session).await else {
        return Err(Some(busy()));
    };
    session.join(request, slot).map_err(Some)
}

/// A refusal that is not sent: the connection closes with 1013 instead.
fn busy() -> Refusal {
    Refusal { code: ErrorCode::SessionFull, message: String::new() }
}

/// A slot in the store's queue within the write timeout; `Err` when the
/// store is that far behind (or shut down).
async fn reserve(session: &Session) -> Result<Slot, ()> {
    if !session.durable {
        return Ok(None);
    }
    match timeout(session.limits.write_timeout, session.reserve()).await {
        Ok(Ok(slot)) => Ok(slot),
        Ok(Err(())) | Err(_) => {
            warn!("the store is not keeping up; asking the client to come back");
            Err(())
        }
    }
}

fn refusal(code: ErrorCode, message: impl Into<String>) -> Refusal {
    Refusal { code, message: message.into() }
}

/// What to do after handling something.
enum Flow {
    Continue,
    Stop(LeftReason),
}

struct Connection {
    ws: WebSocket,
    /// Items taken off the ring for the write under way.
    batch: Vec<Arc<Outbound>>,
    session: Arc<Session>,
    conn: u64,
    member: usize,
    /// The inbound frame budget (`None`: unlimited).
    frames: Option<governor::DefaultDirectRateLimiter>,
    /// The `history:fetch` budget (`None`: unlimited).
    history: Option<governor::DefaultDirectRateLimiter>,
}

impl Connection {
    /// The joined connection's life; returns why it ended.
    async fn serve(&mut self, joined: Joined) -> LeftReason {
        let Joined { mut rx, welcome, .. } = joined;
        let limits = self.session.limits.clone();
        let sent = timeout(limits.write_timeout, async {
            for frame in welcome {
                self.ws.feed(Message::Text(frame)).await?;
            }
            self.ws.flush().await
        })
        .await;
        if !matches!(sent, Ok(Ok(()))) {
            return LeftReason::Timeout;
        }

        let mut ping = tokio::time::interval_at(Instant::now() + limits.ping_interval, limits.ping_interval);
        let mut last_heard = Instant::now();
        loop {
            let flow = tokio::select! {
                item = rx.recv() => match item {
                    Ok(item) => self.deliver(item, &mut rx).await,
                    Err(RecvError::Lagged(missed)) => self.slow_consumer(missed).await,
                    Err(RecvError::Closed) => Flow::Stop(LeftReason::Left),
                },
                frame = self.ws.recv() => {
                    last_heard = Instant::now();
                    self.receive(frame).await
                }
                _ = ping.tick() => {
                    if last_heard.elapsed() >= limits.dead_after {
                        info!(conn = self.conn, "no sign of life; dropping");
                        Flow::Stop(LeftReason::Timeout)
                    } else {
                        self.write(Message::Ping(Default::default())).await
                    }
                }
            };
            if let Flow::Stop(reason) = flow {
                return reason;
            }
        }
    }

    /// Writes `first` and whatever else is already on the ring, then flushes.
    ///
    /// While the socket is slow to take the batch, the ring is watched: a
    /// connection stuck in a write takes nothing off the ring, so it would
    /// never see `Lagged` and would linger until the write timeout. Instead
    /// it is cut off (1013) as soon as it is more than `outbound_queue`
    /// frames behind, as the limit promises.
    async fn deliver(
        &mut self,
        first: Arc<Outbound>,
        rx: &mut tokio::sync::broadcast::Receiver<Arc<Outbound>>,
    ) -> Flow {
        let write_timeout = self.session.limits.write_timeout;
        let queue = self.session.limits.outbound_queue;
        // Take the batch off the ring before writing it, so the ring is free
        // to be watched during the write. The bound is checked before
        // taking: every item taken off the ring is written.
        // The batch vector is kept between calls: no allocation per batch.
        let mut items = std::mem::take(&mut self.batch);
        items.clear();
        items.push(first);
        let mut lagged = false;
        while items.len() < MAX_BATCH {
            match rx.try_recv() {
                Ok(next) => items.push(next),
                Err(TryRecvError::Lagged(_)) => {
                    lagged = true;
                    break;
                }
                Err(TryRecvError::Empty | TryRecvError::Closed) => break,
            }
        }
        let conn = self.conn;
        let ws = &mut self.ws;
        let batch = async {
            for item in &items {
                match &**item {
                    Outbound::Frame(frame) => ws.feed(Message::Text(frame.clone())).await?,
                    Outbound::Chat { frame, origin, ack } => {
                        if *origin == conn {
                            ws.feed(Message::Text(ack.clone())).await?;
                        }
                        ws.feed(Message::Text(frame.clone())).await?;
                    }
                    Outbound::Close { target, frame, code, reason } if *target == conn => {
                        if let Some(frame) = frame {
                            ws.feed(Message::Text(frame.clone())).await?;
                        }
                        return Ok(Some((*code, *reason)));
                    }
                    Outbound::Close { .. } => {}
                    Outbound::To { target, frame } if *target == conn => {
                        ws.feed(Message::Text(frame.clone())).await?;
                    }
                    Outbound::To { .. } => {}
                    Outbound::End(frame) => {
                        ws.feed(Message::Text(frame.clone())).await?;
                        return Ok(Some((close::NORMAL, "session ended")));
                    }
                }
            }
            if lagged {
                return Ok(Some((close::TRY_AGAIN, "slow consumer")));
            }
            ws.flush().await?;
            Ok::<_, axum::Error>(None)
        };
        let outcome = tokio::select! {
            // The write first: when the socket takes the batch at once, as
            // it nearly always does, the ring is not even looked at.
            biased;
            outcome = timeout(write_timeout, batch) => outcome,
            () = fallen_behind(rx, queue) => Ok(Ok(Some((close::TRY_AGAIN, "slow consumer")))),
        };
        items.clear();
        self.batch = items;
        match outcome {
            Ok(Ok(None)) => Flow::Continue,
            Ok(Ok(Some((code, reason)))) => {
                if code == close::TRY_AGAIN {
                    warn!(conn, "fell behind the class; cutting off");
                }
                close_with(&mut self.ws, code, reason).await;
                Flow::Stop(if code == close::NORMAL { LeftReason::Left } else { LeftReason::Timeout })
            }
            Ok(Err(err)) => {
                debug!(conn, cause = %err, "write failed");
                Flow::Stop(LeftReason::Timeout)
            }
            Err(_elapsed) => {
                warn!(conn, "socket took no data for {write_timeout:?}; cutting off");
                Flow::Stop(LeftReason::Timeout)
            }
        }
    }

    async fn slow_consumer(&mut self, missed: u64) -> Flow {
        warn!(conn = self.conn, missed, "fell behind the class; cutting off");
        close_with(&mut self.ws, close::TRY_AGAIN, "slow consumer").await;
        Flow::Stop(LeftReason::Timeout)
    }

    /// Handles one inbound frame (or the end of the stream).
    async fn receive(&mut self, frame: Option<Result<Message, axum::Error>>) -> Flow {
        if matches!(frame, Some(Ok(_))) && self.frames.as_ref().is_some_and(|budget| budget.check().is_err())
        {
            warn!(conn = self.conn, "over the inbound frame budget; closing");
            close_with(&mut self.ws, close::POLICY, "too many frames").await;
            return Flow::Stop(LeftReason::Timeout);
        }
        match frame {
            Some(Ok(Message::Text(text))) => self.on_text(&text).await,
            Some(Ok(Message::Binary(_))) => {
                let refusal = refusal(
                    ErrorCode::Malformed,
                    "Binary frames are not part of the protocol; send JSON text.",
                );
                self.write(Message::Text(refusal.frame(None))).await
            }
            // tungstenite answers pings itself; any frame counts as a sign of life.
            Some(Ok(Message::Ping(_) | Message::Pong(_))) => Flow::Continue,
            Some(Ok(Message::Close(_))) | None => Flow::Stop(LeftReason::Left),
            Some(Err(err)) => {
                match read_error_close(&err) {
                    Some((code, reason)) => {
                        debug!(conn = self.conn, reason, "unusable frame");
                        close_with(&mut self.ws, code, reason).await;
                    }
                    None => debug!(conn = self.conn, cause = %err, "read failed"),
                }
                Flow::Stop(LeftReason::Timeout)
            }
        }
    }

    async fn on_text(&mut self, text: &str) -> Flow {
        let session = &self.session;
        let reply = match ClientFrame::parse(text) {
            Err(err) => Some(Refusal { code: err.code, message: err.message }.frame(err.reference)),
            Ok(ClientFrame::ChatMessage { id, text }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                match session.post(self.member, self.conn, id.clone(), &text, slot) {
                    Ok(Posted::Sequenced) => None,
                    Ok(Posted::Duplicate(ack)) => Some(ack),
                    Ok(Posted::DuplicatePending { ack, after }) => {
                        let limit = session.limits.write_timeout;
                        if timeout(limit, session.stored(after)).await.is_err() {
                            return self.cut_off().await;
                        }
                        Some(ack)
                    }
                    Err(refusal) => Some(refusal.frame(Some(id))),
                }
            }
            Ok(ClientFrame::Typing { active }) => {
                session.typing(self.member, active);
                None
            }
            Ok(ClientFrame::RemoveStudent { id, ban }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.remove(self.member, &id, ban, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::PollOpen { id, poll }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.open_poll(self.member, poll, slot).err().map(|r| r.frame(Some(id)))
            }
            Ok(ClientFrame::PollAnswer { poll, id, answer }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                let taken = session.answer_poll(self.member, &poll, id.clone(), answer, slot);
                match self.own_ack(taken, id).await {
                    Ok(reply) => reply,
                    Err(flow) => return flow,
                }
            }
            Ok(ClientFrame::PollClose { poll }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.close_poll(self.member, &poll, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::PollReveal { poll }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.reveal_poll(self.member, &poll, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::PollHide { poll, text }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.hide_answer(self.member, &poll, &text, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::RemoveOffline) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.remove_offline(self.member, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::EndSession) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.end_by(self.member, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::HandRaise) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.raise_hand(self.member, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::HandLower { id }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.lower_hand(self.member, id.as_deref(), slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::HandsClear) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.clear_hands(self.member, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::Mute { id, muted }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.mute(self.member, &id, muted, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::Rules { change }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.set_rules(self.member, change, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::Rename { id, name }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.rename(self.member, &id, &name, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::ChatDelete { seq }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.delete_message(self.member, seq, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::ChatPin { seq }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.pin_message(self.member, Some(seq), slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::ChatUnpin) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.pin_message(self.member, None, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::ReactionAdd { seq, emoji }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.react(self.member, seq, &emoji, true, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::ReactionRemove { seq, emoji }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                session.react(self.member, seq, &emoji, false, slot).err().map(|r| r.frame(None))
            }
            Ok(ClientFrame::QuestionAsk { id, text }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                let taken = session.ask(self.member, id.clone(), &text, slot);
                match self.own_ack(taken, id).await {
                    Ok(reply) => reply,
                    Err(flow) => return flow,
                }
            }
            Ok(ClientFrame::QuestionAnswer { id, question, text, public, show_name }) => {
                let Ok(slot) = reserve(session).await else {
                    return self.cut_off().await;
                };
                let request = AnswerRequest { client_id: id.clone(), question, text, public, show_name };
                let taken = session.answer_question(self.member, self.conn, request, slot);
                match self.own_ack(taken, id).await {
                    Ok(reply) => reply,
                    Err(flow) => return flow,
                }
            }
            Ok(ClientFrame::HistoryFetch { before, limit }) => {
                // Paced, not refused: a client filling a gap page by page
                // gets every page, only no faster than the budget allows.
                if let Some(budget) = &self.history {
                    budget.until_ready().await;
                }
                Some(history(session, before, limit).await)
            }
            Ok(ClientFrame::StudentJoin { .. } | ClientFrame::TeacherJoin { .. }) => {
                Some(refusal(ErrorCode::Protocol, "Already joined.").frame(None))
            }
        };
        match reply {
            Some(frame) => self.write(Message::Text(frame)).await,
            None => Flow::Continue,
        }
    }

    /// The reply to a change acknowledged by its own connection: the ack
    /// once stored, or the refusal (with `reference`). `Err` when storing
    /// takes too long and the connection is cut off.
    async fn own_ack(
        &mut self,
        taken: Result<OwnAck, Refusal>,
        reference: String,
    ) -> Result<Option<Utf8Bytes>, Flow> {
        match taken {
            Ok(OwnAck { ack, after: None }) => Ok(Some(ack)),
            Ok(OwnAck { ack, after: Some(after) }) => {
                let limit = self.session.limits.write_timeout;
                if timeout(limit, self.session.stored(after)).await.is_err() {
                    return Err(self.cut_off().await);
                }
                Ok(Some(ack))
            }
            Err(refusal) => Ok(Some(refusal.frame(Some(reference)))),
        }
    }

    /// The store is too far behind to take this connection's change: close
    /// with 1013 so the client comes back (and resends) a little later.
    async fn cut_off(&mut self) -> Flow {
        close_with(&mut self.ws, close::TRY_AGAIN, "busy storing").await;
        Flow::Stop(LeftReason::Timeout)
    }

    /// Writes one frame now (a reply to this peer), within the write timeout.
    async fn write(&mut self, message: Message) -> Flow {
        match timeout(self.session.limits.write_timeout, self.ws.send(message)).await {
            Ok(Ok(())) => Flow::Continue,
            _ => Flow::Stop(LeftReason::Timeout),
        }
    }
}

/// The answer to `history:fetch`: from memory, or read from the store off
/// the async threads. Should the store fail, the page holds what memory
/// has, and its `first_seq` says older entries cannot be had now.
async fn history(session: &Session, before: Option<u64>, limit: Option<u32>) -> Utf8Bytes {
    match session.history(before, limit) {
        History::Ready(frame) => frame,
        History::Stored { store, session: id, before, page } => {
            let read = tokio::task::spawn_blocking(move || store.messages(&id, Some(before), page));
            match timeout(session.limits.write_timeout, read).await {
                Ok(Ok(Ok(messages))) => session.stored_history(messages),
                outcome => {
                    let cause = match outcome {
                        Ok(Ok(Err(err))) => err.to_string(),
                        Ok(Err(err)) => err.to_string(),
                        Ok(Ok(Ok(_))) | Err(_) => "timed out".to_owned(),
                    };
                    warn!(%cause, "history page not readable from the store");
                    session.memory_history(before, limit)
                }
            }
        }
    }
}

/// Resolves once `rx` is more than `limit` items behind the ring's newest.
/// A second receiver wakes it on each new item; it never resolves while
/// the connection keeps up.
async fn fallen_behind(rx: &tokio::sync::broadcast::Receiver<Arc<Outbound>>, limit: usize) {
    let mut watch = rx.resubscribe();
    while rx.len() <= limit {
        // `Lagged` on the watch itself only means many new items: look again.
        if let Err(RecvError::Closed) = watch.recv().await {
            std::future::pending::<()>().await;
        }
    }
}

/// The close code and reason a read error calls for, at any stage: 1009
/// for a frame over the size limit, 1007 for text that is not UTF-8;
/// `None` when the socket itself failed (nobody to tell).
fn read_error_close(err: &axum::Error) -> Option<(u16, &'static str)> {
    use std::error::Error as _;
    use tokio_tungstenite::tungstenite::Error;
    match err.source().and_then(|e| e.downcast_ref::<Error>()) {
        Some(Error::Capacity(_)) => Some((close::TOO_BIG, "frame too large")),
        Some(Error::Utf8(_)) => Some((close::INVALID_DATA, "invalid UTF-8")),
        _ => None,
    }
}

/// Sends a close frame and waits briefly for the peer's reply, so the peer
/// reads the code instead of a reset.
async fn close_with(ws: &mut WebSocket, code: u16, reason: &'static str) {
    let frame = CloseFrame { code, reason: Utf8Bytes::from_static(reason) };
    let _ = timeout(CLOSE_GRACE, async {
        if ws.send(Message::Close(Some(frame))).await.is_ok() {
            while let Some(Ok(_)) = ws.recv().await {}
        }
    })
    .await;
}
