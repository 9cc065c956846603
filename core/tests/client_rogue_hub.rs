//! The crate's client against a rogue hub on 127.0.0.1: a peer that
//! speaks just enough of the protocol to be joined, then tries to exhaust
//! the student's app with an oversized message, an endless roster or an
//! endless run of log entries after a gap. The client must refuse the
//! message without reading it, keep its roster and its reorder buffer
//! bounded, and go on working (issue 15, finding 13).
//!
//! Every wait is bounded, and every flood is a fixed number of frames.

use std::collections::HashMap;
use std::future::Future;
use std::time::Duration;

use classroom_core::client::{
    connect, ClientConfig, ClientEvent, CloseReason, ConnectionState, Events, JoinAs,
};
use classroom_core::protocol::{LeftReason, RoomState};
use futures_util::{SinkExt, StreamExt};
use serde_json::{json, Value};
use tokio::io::AsyncWriteExt;
use tokio::net::{TcpListener, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;

/// The longest any single wait may take before the test fails.
const WAIT: Duration = Duration::from_secs(5);

type Ws = WebSocketStream<TcpStream>;

/// Awaits `future` for at most [`WAIT`].
async fn within<F: Future>(what: &str, future: F) -> F::Output {
    match tokio::time::timeout(WAIT, future).await {
        Ok(output) => output,
        Err(_) => panic!("timed out after {WAIT:?} waiting for {what}"),
    }
}

/// A hub that accepts WebSocket connections on 127.0.0.1 and does what
/// each test tells it.
struct Rogue {
    listener: TcpListener,
}

impl Rogue {
    async fn bind() -> Self {
        Self { listener: TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0") }
    }

    fn url(&self) -> String {
        format!("ws://{}/ws", self.listener.local_addr().expect("a local address"))
    }

    /// The next connection, upgraded, with its join frame read.
    async fn accept(&self) -> (Ws, Value) {
        within("the client's connection", async {
            let (tcp, _) = self.listener.accept().await.expect("accept");
            let mut ws = tokio_tungstenite::accept_async(tcp).await.expect("the upgrade");
            let join = recv(&mut ws).await.expect("a join frame");
            assert_eq!(join["type"], "student:join", "{join}");
            (ws, join)
        })
        .await
    }
}

/// A student client of `url` that reconnects quickly; its bounds are the
/// defaults.
fn student(url: &str) -> ClientConfig {
    let mut config = ClientConfig::new(url, JoinAs::Student { name: "Ada".into(), code: None });
    config.backoff_initial = Duration::from_millis(20);
    config.backoff_max = Duration::from_millis(400);
    config.connect_timeout = WAIT;
    config
}

async fn send(ws: &mut Ws, frame: &Value) {
    ws.send(Message::text(frame.to_string())).await.expect("the rogue hub's write");
}

/// The next text frame from the client as JSON; `None` once it closed.
async fn recv(ws: &mut Ws) -> Option<Value> {
    while let Some(message) = ws.next().await {
        match message {
            Ok(Message::Text(text)) => {
                return Some(serde_json::from_str(&text).expect("JSON from the client"))
            }
            Ok(Message::Close(_)) | Err(_) => return None,
            Ok(_) => {}
        }
    }
    None
}

/// Reads the client's frames until a `history:fetch`; returns its `before`.
async fn fetch(ws: &mut Ws) -> u64 {
    within("a history:fetch", async {
        loop {
            let frame = recv(ws).await.expect("the client is still connected");
            if frame["type"] == "history:fetch" {
                return frame["before"].as_u64().expect("a before");
            }
        }
    })
    .await
}

fn identity(id: &str, name: &str, role: &str) -> Value {
    json!({"id": id, "name": name, "role": role})
}

fn participant(id: &str, name: &str, role: &str) -> Value {
    json!({"id": id, "name": name, "role": role, "online": true})
}

/// A welcome for Ada (`p_2`) in a class with `others` besides her and the
/// teacher (`p_1`), nothing said yet.
fn welcome(others: impl IntoIterator<Item = Value>) -> Value {
    let mut participants =
        vec![participant("p_2", "Ada", "student"), participant("p_1", "Mrs. Núñez", "teacher")];
    participants.extend(others);
    json!({
        "type": "session:welcome",
        "you": identity("p_2", "Ada", "student"),
        "resume": "54a5fa6711c2f67a37e0a203e4e2de96",
        "session": {"id": "970fab159528f1e1346ffaaae7ff0272", "class": "Rogue 101",
                    "teacher": "Mrs. Núñez", "started_at": "2026-11-25T22:07:11.88Z"},
        "participants": participants,
        "history": [],
        "last_seq": 0,
        "limits": {"max_text_chars": 2000, "send_rate": 0, "send_burst": 0}
    })
}

/// A log entry from the teacher.
fn entry(seq: u64, text: &str) -> Value {
    json!({"seq": seq, "id": format!("m_{seq}"), "client_id": format!("t-{seq}"),
           "from": identity("p_1", "Mrs. Núñez", "teacher"), "text": text, "ts": "2026-11-25T22:07:12.872Z"})
}

fn chat(seq: u64, text: &str) -> Value {
    let mut frame = entry(seq, text);
    frame["type"] = json!("chat:message");
    frame
}

/// The teacher typing: a frame the client passes on at once, so the test
/// knows every frame before it was handled.
fn marker() -> Value {
    json!({"type": "typing", "from": "p_1", "active": true})
}

async fn next(events: &mut Events) -> ClientEvent {
    within("the next client event", events.next()).await.expect("the client is still running")
}

/// The client's events until the teacher's typing marker.
async fn until_marker(events: &mut Events) -> Vec<ClientEvent> {
    let mut seen = Vec::new();
    loop {
        match next(events).await {
            ClientEvent::Typing { from, .. } if from == "p_1" => return seen,
            event => seen.push(event),
        }
    }
}

/// The `seq`s of the `Message` events among `events`.
fn seqs(events: &[ClientEvent]) -> Vec<u64> {
    events
        .iter()
        .filter_map(|event| match event {
            ClientEvent::Message(entry) => Some(entry.seq),
            _ => None,
        })
        .collect()
}

/// The participant list a UI builds from the events, as the desktop UI's
/// reducer does: the roster replaces it, a participant is an upsert, a
/// removal deletes.
#[derive(Default)]
struct UiRoster {
    by_id: HashMap<String, String>,
}

impl UiRoster {
    fn apply(&mut self, event: &ClientEvent) {
        match event {
            ClientEvent::Roster(list) => {
                self.by_id = list.iter().map(|p| (p.id.clone(), p.name.clone())).collect();
            }
            ClientEvent::Participant(p) => {
                self.by_id.insert(p.id.clone(), p.name.clone());
            }
            ClientEvent::ParticipantLeft { id, reason: LeftReason::Removed } => {
                self.by_id.remove(id);
            }
            _ => {}
        }
    }
}

/// Starts a client of `rogue` and accepts its first connection, welcomed
/// with `others`; the client's events up to its roster are read.
async fn joined(
    rogue: &Rogue,
    others: Vec<Value>,
) -> (classroom_core::client::ClientHandle, Events, Ws, UiRoster) {
    let (client, mut events) = connect(student(&rogue.url())).expect("a ws:// URL");
    let (mut ws, _join) = rogue.accept().await;
    send(&mut ws, &welcome(others)).await;
    let mut roster = UiRoster::default();
    loop {
        let event = next(&mut events).await;
        roster.apply(&event);
        if matches!(event, ClientEvent::Roster(_)) {
            return (client, events, ws, roster);
        }
    }
}

/// A text frame whose header announces 8 MiB, far over the client's bound,
/// of which only the first 64 KiB are written: the client must refuse it on
/// its header (close 1009, "message too big"), without waiting for, or
/// making room for, the rest. It treats that as the hub's fault: it
/// reconnects with a growing pause (the attempt count goes up instead of
/// starting again at 1 as after an ordinary loss), its handle keeps
/// working, and once the hub behaves it is back and leaves cleanly.
#[tokio::test]
async fn a_message_over_the_bound_is_refused_on_its_header_and_the_hub_blamed() {
    const ANNOUNCED: u64 = 8 * 1024 * 1024;
    let rogue = Rogue::bind().await;
    assert!(student("ws://x").max_message_bytes < ANNOUNCED as usize);
    let (client, mut events) = connect(student(&rogue.url())).expect("a ws:// URL");
    for round in 1..=3u32 {
        let (mut ws, _join) = rogue.accept().await;
        send(&mut ws, &welcome([])).await;
        // A server's frame is not masked: FIN + text, a 64-bit length, then
        // the payload, of which the client gets only a beginning.
        let mut frame = vec![0x81, 127];
        frame.extend_from_slice(&ANNOUNCED.to_be_bytes());
        frame.extend_from_slice(br#"{"type":"chat:message","text":""#);
        frame.resize(frame.len() + 64 * 1024, b'x');
        let tcp = ws.get_mut();
        tcp.write_all(&frame).await.expect("the rogue hub's write");
        tcp.flush().await.expect("the rogue hub's flush");
        let close = within("the client's close after an oversized header", async {
            loop {
                match ws.next().await {
                    Some(Ok(Message::Close(frame))) => return frame,
                    Some(Ok(_)) => {}
                    other => panic!("round {round}: the client went without a close frame: {other:?}"),
                }
            }
        })
        .await;
        let close = close.expect("a close code");
        assert_eq!(u16::from(close.code), 1009, "round {round}: {close:?}");
    }
    // Each time: joined, then lost through the hub's fault, and the pause
    // grows (attempts 1, 2, 3), so a hub that does this again and again is
    // not answered by a reconnect storm.
    let mut attempts = Vec::new();
    while attempts.len() < 3 {
        match next(&mut events).await {
            ClientEvent::State(ConnectionState::Reconnecting { attempt }) => attempts.push(attempt),
            ClientEvent::Message(entry) => panic!("the oversized message was delivered: seq {}", entry.seq),
            _ => {}
        }
    }
    assert_eq!(attempts, [1, 2, 3]);

    // Once a hub behaves, the client is back, its handle works, and
    // leaving closes it cleanly.
    let (mut ws, _join) = rogue.accept().await;
    send(&mut ws, &welcome([])).await;
    let id = client.send("still here").await.expect("the handle still works");
    let sent = within("the queued message", async {
        loop {
            let frame = recv(&mut ws).await.expect("the client is connected");
            if frame["type"] == "chat:message" {
                return frame;
            }
        }
    })
    .await;
    assert_eq!((sent["id"].as_str(), sent["text"].as_str()), (Some(id.as_str()), Some("still here")));
    client.leave().await.expect("still running");
    let closed = within("the client's leaving", async {
        loop {
            if let ClientEvent::State(ConnectionState::Closed(reason)) = next(&mut events).await {
                return reason;
            }
        }
    })
    .await;
    assert_eq!(closed, CloseReason::Left);
}

/// A welcome with more participants than the client keeps, then
/// `participants:joined` frames announcing thousands more: the roster a UI
/// builds from the events stays within `max_participants`. A removal makes
/// room for one newcomer, and the connection goes on (a message after the
/// flood arrives).
#[tokio::test]
async fn a_roster_flood_is_bounded() {
    let max = student("ws://x").max_participants;
    let rogue = Rogue::bind().await;
    let crowd = (3..max + 5_003).map(|n| participant(&format!("p_{n}"), &format!("S{n}"), "student"));
    let (_client, mut events, mut ws, mut roster) = joined(&rogue, crowd.collect()).await;
    assert!(roster.by_id.len() <= max, "the welcome's roster holds {} participants", roster.by_id.len());
    assert!(roster.by_id.contains_key("p_2"), "the joiner, first in the welcome, is kept");

    // 10,000 more, 50 a frame (the hub's batches).
    let mut n = 100_000;
    for _ in 0..200 {
        let batch: Vec<Value> = (0..50)
            .map(|_| {
                n += 1;
                identity(&format!("p_{n}"), &format!("N{n}"), "student")
            })
            .collect();
        send(&mut ws, &json!({"type": "participants:joined", "participants": batch})).await;
    }
    send(&mut ws, &json!({"type": "participant:left", "id": "p_3", "reason": "removed"})).await;
    send(
        &mut ws,
        &json!({"type": "participant:joined", "participant": participant("p_999999", "Late", "student")}),
    )
    .await;
    send(&mut ws, &chat(1, "after the flood")).await;
    send(&mut ws, &marker()).await;
    let seen = until_marker(&mut events).await;
    for event in &seen {
        roster.apply(event);
    }
    assert!(roster.by_id.len() <= max, "the roster grew to {} participants", roster.by_id.len());
    assert!(!roster.by_id.contains_key("p_3"), "the removed student is gone");
    assert!(roster.by_id.contains_key("p_999999"), "the removal made room for a newcomer");
    assert_eq!(seqs(&seen), [1], "the connection goes on");
}

/// Participant records far over the protocol's sizes (a 64 KiB name, a
/// 1 KiB id), and typing, hands, mutes, reactions and departures of
/// participants never announced (or on messages never sent), and private
/// questions that are not the student's own, are not passed on: the roster and the typing indicators a UI keeps by
/// id cannot be grown through them.
#[tokio::test]
async fn oversized_records_and_unknown_ids_are_not_passed_on() {
    let rogue = Rogue::bind().await;
    let (_client, mut events, mut ws, _roster) = joined(&rogue, vec![]).await;
    let long_name = "N".repeat(64 * 1024);
    let long_id = format!("p_{}", "9".repeat(1024));
    send(
        &mut ws,
        &json!({"type": "participant:joined", "participant": participant("p_3", &long_name, "student")}),
    )
    .await;
    send(
        &mut ws,
        &json!({"type": "participant:joined", "participant": participant(&long_id, "Bo", "student")}),
    )
    .await;
    for n in 0..1_000 {
        send(&mut ws, &json!({"type": "typing", "from": format!("p_{}", 50_000 + n), "active": true})).await;
    }
    send(&mut ws, &json!({"type": "participant:left", "id": "p_77", "reason": "timeout"})).await;
    // Hands and mutes of nobody on the list.
    for n in 0..100 {
        let id = format!("p_{}", 60_000 + n);
        send(&mut ws, &json!({"type": "hand:raised", "id": id, "at": "2026-12-02T09:00:00.000Z"})).await;
        send(&mut ws, &json!({"type": "hand:lowered", "id": id, "by": "teacher"})).await;
        send(&mut ws, &json!({"type": "participant:muted", "id": id, "muted": true})).await;
        // Reactions on messages never sent, or by nobody on the list.
        let on_nothing = json!({"type": "reaction:changed", "seq": 1_000_000 + n, "emoji": "👍", "by": "p_1", "on": true, "count": 1});
        send(&mut ws, &on_nothing).await;
        let by_nobody =
            json!({"type": "reaction:changed", "seq": 0, "emoji": "👍", "by": id, "on": true, "count": 1});
        send(&mut ws, &by_nobody).await;
    }
    // Someone else's private question (a student hears only of their own),
    // and an answer to a question never heard of.
    let question = json!({"id": "pq_aaaaaaaaaaaaaaaa", "from": {"id": "p_77", "name": "X", "role": "student"},
                          "text": "secret", "at": "2026-12-02T09:00:00.000Z", "answers": []});
    send(&mut ws, &json!({"type": "question:asked", "question": question})).await;
    let answer = json!({"text": "a", "at": "2026-12-02T09:00:00.000Z"});
    send(&mut ws, &json!({"type": "question:answered", "question": "pq_bbbbbbbbbbbbbbbb", "answer": answer}))
        .await;
    send(&mut ws, &json!({"type": "participant:joined", "participant": participant("p_4", "Cy", "student")}))
        .await;
    send(&mut ws, &marker()).await;
    let seen = until_marker(&mut events).await;
    let passed: Vec<String> = seen
        .iter()
        // The welcome's (empty) polls, room and deletions, which come with the roster.
        .filter(|event| !matches!(event, ClientEvent::Polls(polls) if polls.is_empty()))
        .filter(|event| !matches!(event, ClientEvent::Room(room) if *room == RoomState::default()))
        .filter(|event| !matches!(event, ClientEvent::DeletedMessages(seqs) if seqs.is_empty()))
        .filter(|event| !matches!(event, ClientEvent::MyReactions(mine) if mine.is_empty()))
        .filter(|event| !matches!(event, ClientEvent::Questions(q) if q.list.is_empty()))
        .map(|event| match event {
            ClientEvent::Participant(p) => format!("joined {:.12} ({} bytes of name)", p.id, p.name.len()),
            ClientEvent::Typing { .. } => "typing".into(),
            ClientEvent::ParticipantLeft { id, .. } => format!("left {id}"),
            other => format!("{other:?}"),
        })
        .collect();
    let typing = passed.iter().filter(|event| *event == "typing").count();
    let others: Vec<&String> = passed.iter().filter(|event| *event != "typing").collect();
    assert_eq!((others, typing), (vec![&"joined p_4 (2 bytes of name)".to_owned()], 0));
}

/// After a gap the hub never fills, thousands of later entries: the
/// client keeps at most `max_buffered_entries` of them (the oldest, which
/// it needs first). Once the gap is filled it delivers what it kept, in
/// order, and asks for the rest again with `history:fetch`.
#[tokio::test]
async fn a_reorder_flood_of_entries_is_bounded() {
    let max = student("ws://x").max_buffered_entries;
    let flood = max as u64 + 2_000;
    let rogue = Rogue::bind().await;
    let (_client, mut events, mut ws, _roster) = joined(&rogue, vec![]).await;
    for seq in 2..=flood + 1 {
        send(&mut ws, &chat(seq, "after a gap")).await;
    }
    assert_eq!(fetch(&mut ws).await, 2, "the gap is asked for");
    send(&mut ws, &json!({"type": "history", "messages": [entry(1, "the gap")], "first_seq": 1})).await;
    send(&mut ws, &marker()).await;
    let kept = seqs(&until_marker(&mut events).await);
    let delivered = kept.len() as u64;
    assert!(delivered <= max as u64, "the client held {delivered} entries after a gap");
    assert_eq!(kept, (1..=delivered).collect::<Vec<_>>(), "in order, from the gap on");

    // What it did not keep, it asks for again, and gets.
    let before = fetch(&mut ws).await;
    assert!(before > delivered + 1 && before <= flood + 2, "asked for entries before {before}");
    let page: Vec<Value> = (delivered + 1..before).map(|seq| entry(seq, "again")).collect();
    send(&mut ws, &json!({"type": "history", "messages": page, "first_seq": 1})).await;
    send(&mut ws, &marker()).await;
    let more = seqs(&until_marker(&mut events).await);
    assert_eq!(more, (delivered + 1..before).collect::<Vec<_>>());
}

/// The same with large entries: the client keeps at most
/// `max_buffered_bytes` of them after a gap (here 24 entries of 1 MiB
/// against 16 MiB), and fetches the rest again once the gap is filled.
#[tokio::test]
async fn a_reorder_flood_of_bytes_is_bounded() {
    const BIG: usize = 1024 * 1024;
    let max_bytes = student("ws://x").max_buffered_bytes;
    assert!(max_bytes < 24 * BIG && student("ws://x").max_message_bytes > BIG + 4096);
    let rogue = Rogue::bind().await;
    let (_client, mut events, mut ws, _roster) = joined(&rogue, vec![]).await;
    let text = "x".repeat(BIG);
    for seq in 2..=25 {
        send(&mut ws, &chat(seq, &text)).await;
    }
    assert_eq!(fetch(&mut ws).await, 2, "the gap is asked for");
    send(&mut ws, &json!({"type": "history", "messages": [entry(1, "the gap")], "first_seq": 1})).await;
    send(&mut ws, &marker()).await;
    let kept = seqs(&until_marker(&mut events).await);
    let delivered = kept.len() as u64;
    assert!(delivered as usize <= max_bytes / BIG + 1, "the client held {delivered} MiB-entries after a gap");
    assert_eq!(kept, (1..=delivered).collect::<Vec<_>>(), "in order, from the gap on");
    let before = fetch(&mut ws).await;
    assert!(before > delivered + 1 && before <= 26, "asked for entries before {before}");
}
