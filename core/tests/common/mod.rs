//! What the integration tests share: a hub on 127.0.0.1:0, a raw WebSocket
//! peer that speaks the protocol's JSON, `/health` over a hand-written GET,
//! a TCP proxy that can break a connection underneath a client, and a
//! recorder for the crate client's events.
//!
//! Every wait here is bounded by [`WAIT`], so a bug fails a test instead of
//! hanging it.

// Each test binary uses its own subset of these helpers.
#![allow(dead_code)]

use std::collections::{HashSet, VecDeque};
use std::future::Future;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use classroom_core::client::{ClientEvent, ConnectionState, Events};
use classroom_core::hub::{self, HubConfig, HubHandle};
use classroom_core::protocol::{ChatEntry, Identity, Participant, Seq};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::{AsyncRead, AsyncReadExt, AsyncWrite, AsyncWriteExt};
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;
use tokio::task::AbortHandle;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::{MaybeTlsStream, WebSocketStream};

/// The longest any single wait may take before the test fails.
pub const WAIT: Duration = Duration::from_secs(2);

pub const CLASS: &str = "Physics 101";
pub const TEACHER: &str = "Mrs. Núñez";
pub const CODE: &str = "482913";

/// A config with the class above, a fixed code and default limits, but
/// for the seats per address: the tests play whole classes from 127.0.0.1
/// (tests/admission.rs checks that cap, from several loopback addresses).
pub fn config() -> HubConfig {
    let mut config = HubConfig::new(CLASS, TEACHER);
    config.code = Some(CODE.into());
    config.limits.max_per_address = 10_000;
    config
}

/// [`config`] for a test on tokio's paused clock: without the web client,
/// so the hub accepts on the test's own runtime (the page thread accepts on
/// a runtime of its own, whose waiting the paused clock would not see).
pub fn paused_config() -> HubConfig {
    let mut config = config();
    config.web = false;
    config
}

/// Starts a hub on 127.0.0.1:0.
pub async fn start(config: HubConfig) -> HubHandle {
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    hub::start(listener, config).expect("the hub starts")
}

/// Awaits `future` for at most [`WAIT`].
pub async fn within<F: Future>(what: &str, future: F) -> F::Output {
    within_for(WAIT, what, future).await
}

/// Awaits `future` for at most `limit`.
pub async fn within_for<F: Future>(limit: Duration, what: &str, future: F) -> F::Output {
    match tokio::time::timeout(limit, future).await {
        Ok(output) => output,
        Err(_) => panic!("timed out after {limit:?} waiting for {what}"),
    }
}

/// A student's join frame with the class code.
pub fn student_join(name: &str) -> Value {
    json!({"type": "student:join", "name": name, "code": CODE})
}

/// The teacher's join frame.
pub fn teacher_join(hub: &HubHandle) -> Value {
    json!({"type": "teacher:join", "token": hub.host_token()})
}

/// A `chat:message` frame as a client sends it.
pub fn chat(id: &str, text: &str) -> Value {
    json!({"type": "chat:message", "id": id, "text": text})
}

/// The `seq`s of a list of `chat:message` frames (or welcome history).
pub fn seqs(entries: &[Value]) -> Vec<u64> {
    entries.iter().map(|e| e["seq"].as_u64().expect("an entry has a seq")).collect()
}

/// One raw WebSocket connection to the hub, speaking JSON text frames.
pub struct Peer<S = MaybeTlsStream<TcpStream>> {
    ws: WebSocketStream<S>,
    /// The welcome, once joined (`Null` before).
    pub welcome: Value,
    /// Every `chat:message` read by the chat helpers, in arrival order.
    pub log: Vec<Value>,
    /// `chat:ack`s read but not yet claimed by [`Peer::ack`].
    acks: VecDeque<(String, u64)>,
    /// The `participants:page` frames that followed the welcome.
    pub pages: Vec<Value>,
    /// Whether nothing but pages has come since the welcome.
    paging: bool,
}

impl Peer {
    /// Opens a WebSocket to the hub without joining.
    pub async fn connect(hub: &HubHandle) -> Self {
        // Without Nagle's algorithm, as the crate's client: small frames go at once.
        let handshake = tokio_tungstenite::connect_async_with_config(hub.ws_url(), None, true);
        let (ws, _) = within("the WebSocket handshake", handshake).await.expect("WebSocket handshake");
        Peer::over(ws)
    }

    /// Connects and joins with `join`; the hub must answer with a welcome.
    pub async fn join(hub: &HubHandle, join: Value) -> Self {
        let mut peer = Peer::connect(hub).await;
        peer.send(join).await;
        peer.expect_welcome().await;
        peer
    }

    /// Joins as a student with the class code.
    pub async fn student(hub: &HubHandle, name: &str) -> Self {
        Peer::join(hub, student_join(name)).await
    }

    /// Joins as the teacher.
    pub async fn teacher(hub: &HubHandle) -> Self {
        Peer::join(hub, teacher_join(hub)).await
    }
}

impl Peer<TcpStream> {
    /// Opens a WebSocket to the hub from the loopback address `ip` (any of
    /// 127.0.0.0/8 on Linux), so a test can play several machines; `Err`
    /// when the hub refuses the connection or the upgrade.
    pub async fn connect_from(
        hub: &HubHandle,
        ip: &str,
    ) -> Result<Self, tokio_tungstenite::tungstenite::Error> {
        let stream = connect_tcp_from(hub, ip).await;
        let handshake = tokio_tungstenite::client_async(hub.ws_url(), stream);
        let (ws, _) = within("the WebSocket handshake", handshake).await?;
        Ok(Peer::over(ws))
    }

    /// Connects from `ip` and joins with `join`; the hub must answer with a welcome.
    pub async fn join_from(hub: &HubHandle, ip: &str, join: Value) -> Self {
        let mut peer = Peer::connect_from(hub, ip).await.expect("the hub takes the connection");
        peer.send(join).await;
        peer.expect_welcome().await;
        peer
    }
}

/// A TCP connection to the hub from the loopback address `ip`.
pub async fn connect_tcp_from(hub: &HubHandle, ip: &str) -> TcpStream {
    let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
    socket.set_nodelay(true).expect("TCP_NODELAY");
    let local: SocketAddr = format!("{ip}:0").parse().expect("an IPv4 address");
    socket.bind(local).expect("bind a loopback address");
    within("a TCP connection", socket.connect(hub.local_addr())).await.expect("connect")
}

impl<S: AsyncRead + AsyncWrite + Unpin> Peer<S> {
    /// Wraps an already open WebSocket.
    pub fn over(ws: WebSocketStream<S>) -> Self {
        Peer {
            ws,
            welcome: Value::Null,
            log: Vec::new(),
            acks: VecDeque::new(),
            pages: Vec::new(),
            paging: false,
        }
    }

    /// Our participant id, from the welcome.
    pub fn id(&self) -> String {
        self.welcome["you"]["id"].as_str().expect("joined: the welcome names us").to_owned()
    }

    /// Our resume token, from the welcome.
    pub fn token(&self) -> String {
        self.welcome["resume"].as_str().expect("joined: the welcome has a token").to_owned()
    }

    /// Sends one JSON frame.
    pub async fn send(&mut self, frame: Value) {
        self.send_raw(Message::text(frame.to_string())).await;
    }

    /// Sends any WebSocket message, as a misbehaving client might.
    pub async fn send_raw(&mut self, message: Message) {
        within("a send", self.ws.send(message)).await.expect("the send succeeds");
    }

    /// Sends a chat message.
    pub async fn say(&mut self, id: &str, text: &str) {
        self.send(chat(id, text)).await;
    }

    /// The next text frame as JSON. Pings and pongs are skipped (tungstenite
    /// answers pings while we read); a close or the end of the stream fails.
    /// `participants:page` frames right after the welcome are kept in
    /// [`Peer::pages`] ([`Peer::roster`] joins them up); later ones are
    /// returned like any frame.
    pub async fn recv(&mut self) -> Value {
        self.recv_within(WAIT).await
    }

    /// Like [`Peer::recv`], waiting at most `limit`.
    pub async fn recv_within(&mut self, limit: Duration) -> Value {
        loop {
            let next = within_for(limit, "the next frame", self.ws.next()).await;
            match next {
                Some(Ok(Message::Text(text))) => {
                    let frame: Value = serde_json::from_str(&text).expect("the hub sends JSON");
                    if self.paging && frame["type"] == "participants:page" {
                        self.pages.push(frame);
                        continue;
                    }
                    self.paging = false;
                    return frame;
                }
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                other => panic!("expected a text frame, got {other:?}"),
            }
        }
    }

    /// The next frame, which must have this `type`.
    pub async fn recv_kind(&mut self, kind: &str) -> Value {
        let frame = self.recv().await;
        assert_eq!(frame["type"], kind, "unexpected frame: {frame}");
        frame
    }

    /// The next frame other than presence (arrivals, departures, typing),
    /// which must have this `type`.
    pub async fn next_of(&mut self, kind: &str) -> Value {
        const PRESENCE: [&str; 5] =
            ["participant:joined", "participants:joined", "participant:left", "participants:left", "typing"];
        loop {
            let frame = self.recv().await;
            if !PRESENCE.contains(&frame["type"].as_str().unwrap_or_default()) {
                assert_eq!(frame["type"], kind, "unexpected frame: {frame}");
                return frame;
            }
        }
    }

    /// Reads the welcome.
    pub async fn expect_welcome(&mut self) -> &Value {
        self.welcome = self.recv_kind("session:welcome").await;
        self.paging = true;
        &self.welcome
    }

    /// The next frame must be an error with this code and `ref`; returns
    /// its human message, which must not be empty.
    pub async fn expect_error(&mut self, code: &str, reference: Option<&str>) -> String {
        let frame = self.recv().await;
        assert_eq!(frame["type"], "error", "expected an error, got {frame}");
        assert_eq!(frame["code"], code, "wrong code in {frame}");
        assert_eq!(frame.get("ref").and_then(Value::as_str), reference, "wrong ref in {frame}");
        let message = frame["message"].as_str().expect("an error carries a message");
        assert!(!message.trim().is_empty(), "an empty human message in {frame}");
        message.to_owned()
    }

    /// The next frame must be a close with `code`; completes the closing
    /// handshake and returns the close reason.
    pub async fn expect_close(&mut self, code: u16) -> String {
        loop {
            let next = within("a close frame", self.ws.next()).await;
            match next {
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                Some(Ok(Message::Close(Some(frame)))) => {
                    assert_eq!(u16::from(frame.code), code, "wrong close code ({frame:?})");
                    // Reading on sends our reply and sees the stream end.
                    let rest = within("the end of the stream", self.ws.next()).await;
                    assert!(matches!(rest, None | Some(Err(_))), "a frame after the close: {rest:?}");
                    return frame.reason.to_string();
                }
                other => panic!("expected close {code}, got {other:?}"),
            }
        }
    }

    /// The next WebSocket message as it is, unbounded (wrap it in [`within`]).
    pub async fn next_raw(&mut self) -> Option<Result<Message, tokio_tungstenite::tungstenite::Error>> {
        self.ws.next().await
    }

    /// Closes our side cleanly, as a client that leaves does.
    pub async fn close(mut self) {
        let _ = within("our close", self.ws.close(None)).await;
        while let Some(Ok(_)) = within("the hub's close reply", self.ws.next()).await {}
    }

    /// Reads presence frames (`participant:joined`, `participants:joined`)
    /// until each of `ids` has been announced once; any other frame, an id
    /// announced twice, or anyone else announced, fails.
    pub async fn await_online(&mut self, ids: &[&str]) {
        let mut seen = HashSet::new();
        while !ids.iter().all(|id| seen.contains(*id)) {
            let frame = self.recv().await;
            let announced: Vec<Value> = match frame["type"].as_str() {
                Some("participant:joined") => vec![frame["participant"].clone()],
                Some("participants:joined") => frame["participants"].as_array().expect("a list").clone(),
                _ => panic!("expected presence for {ids:?}, got {frame}"),
            };
            for participant in announced {
                // A batch may leave `online` out: everyone in it is online.
                let online = participant.get("online").unwrap_or(&Value::Bool(true));
                assert_eq!(online, true, "joined but offline: {participant}");
                let id = participant["id"].as_str().expect("an id").to_owned();
                assert!(ids.contains(&id.as_str()), "expected presence for {ids:?}, got {participant}");
                assert!(seen.insert(id), "announced twice: {participant}");
            }
        }
    }

    /// Reads presence frames (`participant:left`, `participants:left`) until
    /// each of `ids` has left once, for `reason`; any other frame, an id
    /// leaving twice, or anyone else leaving, fails. Returns the number of
    /// frames that took.
    pub async fn await_offline(&mut self, ids: &[&str], reason: &str) -> usize {
        let mut seen = HashSet::new();
        let mut frames = 0;
        while !ids.iter().all(|id| seen.contains(*id)) {
            let frame = self.recv().await;
            frames += 1;
            let departed: Vec<Value> = match frame["type"].as_str() {
                Some("participant:left") => vec![json!({"id": frame["id"], "reason": frame["reason"]})],
                Some("participants:left") => frame["participants"].as_array().expect("a list").clone(),
                _ => panic!("expected departures of {ids:?}, got {frame}"),
            };
            for departure in departed {
                assert_eq!(departure["reason"], reason, "{departure}");
                let id = departure["id"].as_str().expect("an id").to_owned();
                assert!(ids.contains(&id.as_str()), "expected departures of {ids:?}, got {departure}");
                assert!(seen.insert(id), "left twice: {departure}");
            }
        }
        frames
    }

    /// The next frame must say that `id` left, for `reason`.
    pub async fn expect_left(&mut self, id: &str, reason: &str) {
        let frame = self.recv_kind("participant:left").await;
        assert_eq!(frame, json!({"type": "participant:left", "id": id, "reason": reason}));
    }

    /// Reads until the hub acks our message `id`, logging chat messages on
    /// the way; returns the ack's `seq`. Each call claims one ack, so a
    /// resent id's second ack is found by a second call.
    pub async fn ack(&mut self, id: &str) -> u64 {
        loop {
            if let Some(pos) = self.acks.iter().position(|(acked, _)| acked == id) {
                return self.acks.remove(pos).expect("found above").1;
            }
            self.read_chat_frame().await;
        }
    }

    /// Reads until `total` chat messages are in [`Peer::log`]; acks are kept
    /// for [`Peer::ack`], anything else fails.
    pub async fn read_log(&mut self, total: usize) -> &[Value] {
        while self.log.len() < total {
            self.read_chat_frame().await;
        }
        &self.log
    }

    /// Acks read but not claimed by [`Peer::ack`].
    pub fn unclaimed_acks(&self) -> Vec<(String, u64)> {
        self.acks.iter().cloned().collect()
    }

    async fn read_chat_frame(&mut self) {
        let frame = self.recv().await;
        match frame["type"].as_str() {
            Some("chat:message") => self.log.push(frame),
            Some("chat:ack") => {
                let id = frame["id"].as_str().expect("an ack names the message").to_owned();
                self.acks.push_back((id, frame["seq"].as_u64().expect("an ack has a seq")));
            }
            _ => panic!("expected chat frames, got {frame}"),
        }
    }

    /// The welcome's participants followed by those of the pages after it
    /// (read any frame after the welcome first, so the pages are in).
    pub fn roster(&self) -> Vec<Value> {
        let pages = self.pages.iter().map(|page| &page["participants"]);
        std::iter::once(&self.welcome["participants"])
            .chain(pages)
            .flat_map(|list| list.as_array().expect("a participant list").iter().cloned())
            .collect()
    }
}

/// Joins the teacher, then each student one at a time, and reads every
/// presence frame those joins cause, so each stream is quiet afterwards.
pub async fn class(hub: &HubHandle, names: &[&str]) -> (Peer, Vec<Peer>) {
    let mut teacher = Peer::teacher(hub).await;
    teacher.await_online(&[&teacher.id()]).await;
    let mut students: Vec<Peer> = Vec::new();
    for name in names {
        let mut student = Peer::student(hub, name).await;
        let id = student.id();
        // Waiting for each announcement keeps batches to one participant,
        // so who hears of whom is fixed: later joiners, and oneself.
        teacher.await_online(&[&id]).await;
        student.await_online(&[&id]).await;
        for earlier in &mut students {
            earlier.await_online(&[&id]).await;
        }
        students.push(student);
    }
    (teacher, students)
}

/// Tries to join with `join`; the hub must refuse with an error frame and
/// close 1008. Returns the error frame.
pub async fn refused(hub: &HubHandle, join: Value) -> Value {
    let mut peer = Peer::connect(hub).await;
    peer.send(join).await;
    let frame = peer.recv().await;
    assert_eq!(frame["type"], "error", "expected a refusal, got {frame}");
    assert!(frame.get("ref").is_none(), "a join refusal has no ref: {frame}");
    let message = frame["message"].as_str().expect("an error carries a message");
    assert!(!message.trim().is_empty(), "an empty human message in {frame}");
    let reason = peer.expect_close(1008).await;
    assert_eq!(reason, frame["code"].as_str().expect("a code"), "the close reason names the code");
    frame
}

/// Like [`refused`], also checking the code; returns the human message.
pub async fn refused_with(hub: &HubHandle, join: Value, code: &str) -> String {
    let frame = refused(hub, join).await;
    assert_eq!(frame["code"], code, "wrong refusal: {frame}");
    frame["message"].as_str().expect("checked above").to_owned()
}

/// `GET /health`, written by hand on a TcpStream; returns the JSON body
/// after checking the status line.
pub async fn health(hub: &HubHandle) -> Value {
    let response = within("GET /health", async {
        let mut stream = TcpStream::connect(hub.local_addr()).await.expect("connect");
        let request =
            format!("GET /health HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n", hub.local_addr());
        stream.write_all(request.as_bytes()).await.expect("write the request");
        let mut response = String::new();
        stream.read_to_string(&mut response).await.expect("read the response");
        response
    })
    .await;
    let (head, body) = response.split_once("\r\n\r\n").expect("headers, then a body");
    assert!(head.starts_with("HTTP/1.1 200"), "{head}");
    assert!(head.to_ascii_lowercase().contains("content-type: application/json"), "{head}");
    serde_json::from_str(body).unwrap_or_else(|err| panic!("a JSON body ({err}): {body:?}"))
}

/// The `participants` count of `/health`.
pub async fn online(hub: &HubHandle) -> u64 {
    health(hub).await["participants"].as_u64().expect("a count")
}

/// A TCP proxy in front of the hub that can break a client's connection
/// underneath it: cut every live link, turn new connections away, or hold
/// back what the hub sends.
pub struct Proxy {
    addr: SocketAddr,
    links: Arc<Mutex<Vec<AbortHandle>>>,
    refusing: Arc<AtomicBool>,
    hold: watch::Sender<bool>,
    accept: AbortHandle,
}

impl Proxy {
    pub async fn start(hub: &HubHandle) -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let addr = listener.local_addr().expect("the proxy's address");
        let target = hub.local_addr();
        let links = Arc::new(Mutex::new(Vec::new()));
        let refusing = Arc::new(AtomicBool::new(false));
        let (hold, held) = watch::channel(false);
        let accept = tokio::spawn({
            let (links, refusing) = (Arc::clone(&links), Arc::clone(&refusing));
            async move {
                while let Ok((client, _)) = listener.accept().await {
                    if refusing.load(Ordering::SeqCst) {
                        drop(client);
                        continue;
                    }
                    let link = tokio::spawn(relay(client, target, held.clone()));
                    links.lock().expect("not poisoned").push(link.abort_handle());
                }
            }
        })
        .abort_handle();
        Proxy { addr, links, refusing, hold, accept }
    }

    /// The hub's WebSocket URL, through the proxy.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    /// Drops every live connection at once, both ways.
    pub fn cut(&self) {
        for link in self.links.lock().expect("not poisoned").drain(..) {
            link.abort();
        }
    }

    /// While true, new connections are closed as soon as they arrive.
    pub fn refuse(&self, refusing: bool) {
        self.refusing.store(refusing, Ordering::SeqCst);
    }

    /// While true, what the hub sends is held back (the client's frames
    /// still reach the hub).
    pub fn hold_replies(&self, hold: bool) {
        self.hold.send_replace(hold);
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept.abort();
        self.cut();
    }
}

async fn relay(client: TcpStream, hub: SocketAddr, mut hold: watch::Receiver<bool>) {
    let Ok(upstream) = TcpStream::connect(hub).await else { return };
    let (mut client_read, mut client_write) = client.into_split();
    let (mut hub_read, mut hub_write) = upstream.into_split();
    let up = tokio::io::copy(&mut client_read, &mut hub_write);
    let down = async {
        let mut buf = vec![0; 64 * 1024];
        loop {
            let n = hub_read.read(&mut buf).await?;
            if n == 0 {
                return Ok::<_, std::io::Error>(());
            }
            // Bytes read while held wait here until released (or cut).
            let _ = hold.wait_for(|held| !held).await;
            client_write.write_all(&buf[..n]).await?;
        }
    };
    tokio::select! {
        _ = up => {}
        _ = down => {}
    }
}

/// What a crate client reported, gathered from its [`Events`].
#[derive(Debug, Default)]
pub struct Recording {
    pub states: Vec<ConnectionState>,
    pub messages: Vec<ChatEntry>,
    pub acks: Vec<(String, Seq)>,
    pub refused: Vec<ClientEvent>,
    pub rosters: Vec<Vec<Participant>>,
    pub participants: Vec<Participant>,
    /// Who each welcome said we are.
    pub welcomes: Vec<Identity>,
    /// Each earlier page asked for: its `seq`s and whether it was the last.
    pub earlier: Vec<(Vec<Seq>, bool)>,
    /// Private questions taken: `(question id, our client id)`.
    pub asked: Vec<(String, Option<String>)>,
    /// Answers heard of: `(question id, text, our client id)`.
    pub answered: Vec<(String, String, Option<String>)>,
    /// Whether the event stream has ended.
    pub finished: bool,
}

impl Recording {
    /// Reads events until `done` holds for what has been recorded.
    pub async fn until(&mut self, events: &mut Events, what: &str, done: impl Fn(&Recording) -> bool) {
        self.until_for(WAIT, events, what, done).await;
    }

    /// Like [`Recording::until`], waiting at most `limit`.
    pub async fn until_for(
        &mut self,
        limit: Duration,
        events: &mut Events,
        what: &str,
        done: impl Fn(&Recording) -> bool,
    ) {
        within_for(limit, what, async {
            while !done(self) {
                match events.next().await {
                    Some(event) => self.record(event),
                    None => {
                        self.finished = true;
                        assert!(done(self), "the client stopped before {what}: {self:#?}");
                    }
                }
            }
        })
        .await;
    }

    /// Reads events until the stream ends.
    pub async fn until_end(&mut self, events: &mut Events) {
        self.until(events, "the end of the events", |r| r.finished).await;
    }

    fn record(&mut self, event: ClientEvent) {
        match event {
            ClientEvent::State(state) => self.states.push(state),
            ClientEvent::Message(entry) => self.messages.push(entry),
            ClientEvent::Acked { client_id, seq } => self.acks.push((client_id, seq)),
            ClientEvent::Refused { .. } => self.refused.push(event),
            ClientEvent::Roster(list) => self.rosters.push(list),
            ClientEvent::Participant(participant) => self.participants.push(participant),
            ClientEvent::Welcome { you, .. } => self.welcomes.push(you),
            ClientEvent::QuestionAsked { question, client_id } => self.asked.push((question.id, client_id)),
            ClientEvent::QuestionAnswered { question, answer, client_id } => {
                self.answered.push((question, answer.text, client_id));
            }
            ClientEvent::Earlier { messages, complete } => {
                self.earlier.push((messages.iter().map(|m| m.seq).collect(), complete));
            }
            _ => {}
        }
    }

    /// The `seq`s of the messages delivered so far.
    pub fn seqs(&self) -> Vec<Seq> {
        self.messages.iter().map(|m| m.seq).collect()
    }

    /// The newest connection state.
    pub fn state(&self) -> Option<&ConnectionState> {
        self.states.last()
    }
}
