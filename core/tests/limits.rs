//! The hub's limits from the outside: oversized frames, junk input, a
//! stalled reader, a silent peer. Whatever one client does, the others
//! keep chatting.

mod common;

use std::time::Duration;

use common::{
    class, config, online, paused_config, seqs, start, student_join, within, within_for, Peer, CODE,
};
use serde_json::{json, Value};
use tokio::net::TcpSocket;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;

/// A frame over `max_frame_bytes` closes that connection with 1009; the
/// others see it leave and keep chatting.
#[tokio::test]
async fn a_frame_over_the_size_limit_closes_with_1009() {
    let mut config = config();
    config.limits.max_frame_bytes = 1024;
    let hub = start(config).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let ada_id = students[0].id();

    // Under the limit in chars, over it in bytes.
    students[0].say("c-1", &"x".repeat(1500)).await;
    assert_eq!(students[0].expect_close(1009).await, "frame too large");
    teacher.expect_left(&ada_id, "timeout").await;
    students[1].expect_left(&ada_id, "timeout").await;

    students[1].say("b-1", "Where did Ada go?").await;
    assert_eq!(students[1].ack("b-1").await, 1, "Ada's frame posted nothing");
    assert_eq!(teacher.read_log(1).await[0]["text"], "Where did Ada go?");
    assert_eq!(online(&hub).await, 2);
}

/// Junk of every kind from one client (binary, non-JSON, non-objects,
/// unknown types, missing fields, refused messages, a late join) is
/// answered to that client alone: the others, chatting meanwhile, see
/// nothing of it.
#[tokio::test]
async fn bad_input_never_reaches_the_others() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let mut bo = students.pop().expect("Bo");
    let mut ada = students.pop().expect("Ada");

    teacher.say("t-1", "Let's begin.").await;
    let junk = [
        Message::binary(vec![0u8, 159, 146, 150]),
        Message::text("{not json"),
        Message::text("[\"chat:message\"]"),
        Message::text("null"),
        Message::text(r#"{"type":"dance","id":"j-1"}"#),
        Message::text(r#"{"type":"chat:message","id":"j-2"}"#),
        Message::text(r#"{"type":"chat:message","id":"j-3","text":"   "}"#),
        Message::text(json!({"type":"chat:message","id":"j-4","text":"x".repeat(2001)}).to_string()),
        Message::text(r#"{"type":"teacher:remove-student","id":"p_1","ban":true}"#),
        Message::text(r#"{"type":"session:end"}"#),
        Message::text(student_join("Eve").to_string()),
    ];
    let count = junk.len();
    for message in junk {
        ada.send_raw(message).await;
    }
    bo.say("b-1", "Ready.").await;
    // Ada hears one error per junk frame (around the two chat messages).
    let mut errors = 0;
    while errors < count || ada.log.len() < 2 {
        let frame = ada.recv().await;
        match frame["type"].as_str() {
            Some("error") => errors += 1,
            Some("chat:message") => ada.log.push(frame),
            _ => panic!("unexpected {frame}"),
        }
    }
    assert_eq!(errors, count);
    teacher.say("t-2", "Good.").await;
    assert_eq!(teacher.ack("t-2").await, 3);

    // The others got exactly the three messages, nothing in between.
    for peer in [&mut teacher, &mut bo] {
        let log = peer.read_log(3).await;
        let texts: Vec<&str> = log.iter().map(|m| m["text"].as_str().unwrap()).collect();
        assert_eq!(texts, ["Let's begin.", "Ready.", "Good."]);
    }
    assert_eq!(online(&hub).await, 3, "nobody was dropped, Ada included");
    assert_eq!(ada.read_log(3).await.len(), 3);
}

/// A text of `len` bytes, different for each `n`.
fn bulky(n: usize, len: usize) -> String {
    let mut text = format!("{n}:");
    text.push_str(&"x".repeat(len - text.len()));
    text
}

/// A client that joins and then never reads is cut off once it falls more
/// than `outbound_queue` frames behind, while the others receive every
/// message: first all of them while the stalled one is still connected
/// (its socket full, its write not timed out), then the ones that push it
/// over the limit, with its departure.
#[tokio::test]
async fn a_stalled_reader_is_cut_off_while_the_others_keep_up() {
    const QUEUE: usize = 16;
    const BIG: usize = 512 * 1024;
    let mut config = config();
    config.limits.send_rate = 0;
    config.limits.outbound_queue = QUEUE;
    // Long, so only falling behind can cut the stalled reader off in time.
    config.limits.write_timeout = Duration::from_secs(5);
    config.limits.max_text_chars = BIG;
    config.limits.max_frame_bytes = 2 * BIG;
    let hub = start(config).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let mut ada = students.pop().expect("Ada");

    // The stalled reader: a 4 KiB receive buffer, and no reads after its welcome.
    let socket = TcpSocket::new_v4().expect("a socket");
    socket.set_recv_buffer_size(4096).expect("a small receive buffer");
    let tcp = within("connect", socket.connect(hub.local_addr())).await.expect("connect");
    let (ws, _) = within("handshake", tokio_tungstenite::client_async(hub.ws_url(), tcp))
        .await
        .expect("WebSocket handshake");
    let mut stalled = Peer::over(ws);
    stalled.send(student_join("Stu")).await;
    stalled.expect_welcome().await;
    let stalled_id = stalled.id();
    teacher.await_online(&[&stalled_id]).await;
    ada.await_online(&[&stalled_id]).await;

    // The teacher reads on its own task, as a real client would.
    let (to_teacher, mut teacher_saw) = tokio::sync::mpsc::unbounded_channel::<Value>();
    let reader = tokio::spawn(async move {
        loop {
            // Bounded by the waits on the receiving end.
            let frame = teacher.recv_within(Duration::from_secs(60)).await;
            if to_teacher.send(frame).is_err() {
                return;
            }
        }
    });

    // 16 messages of 512 KiB: 8 MiB, more than the buffers between the hub
    // and the stalled reader can take (its 8 KiB window, the hub's send
    // buffer of at most 4 MiB (Linux's tcp_wmem), one frame in the hub's
    // writer), so it stalls; yet it is never more than 16 frames behind.
    for n in 1..=QUEUE {
        let id = format!("big-{n}");
        ada.say(&id, &bulky(n, BIG)).await;
        assert_eq!(ada.ack(&id).await, n as u64);
    }
    assert_eq!(ada.read_log(QUEUE).await.len(), QUEUE);
    for n in 1..=QUEUE {
        let frame = within("the teacher's copy", teacher_saw.recv()).await.expect("the teacher reads on");
        assert_eq!(frame["type"], "chat:message", "before the stalled one is cut: {}", brief(&frame));
        assert_eq!(frame["seq"], n);
    }
    // Everything arrived while the stalled reader was still connected.
    assert_eq!(online(&hub).await, 3);

    // More than the queue: now it has fallen too far behind.
    let more = QUEUE + 4;
    for n in 1..=more {
        let id = format!("small-{n}");
        ada.say(&id, "x").await;
        assert_eq!(ada.ack(&id).await, (QUEUE + n) as u64);
    }
    // Well within the 5 s write timeout: only the queue limit can do it.
    let mut seqs = Vec::new();
    let mut left = None;
    within_for(Duration::from_secs(3), "the stalled reader's departure", async {
        while seqs.len() < more || left.is_none() {
            let frame = teacher_saw.recv().await.expect("the teacher reads on");
            match frame["type"].as_str() {
                Some("chat:message") => seqs.push(frame["seq"].as_u64().unwrap()),
                Some("participant:left") => left = Some(frame),
                _ => panic!("unexpected {}", brief(&frame)),
            }
        }
    })
    .await;
    assert_eq!(seqs, ((QUEUE as u64 + 1)..=(QUEUE + more) as u64).collect::<Vec<_>>());
    assert_eq!(left, Some(json!({"type": "participant:left", "id": stalled_id, "reason": "timeout"})));
    assert_eq!(online(&hub).await, 2);
    reader.abort();
    assert_eq!(ada.read_log(QUEUE + more).await.len(), QUEUE + more);
}

/// A frame, its text shortened for a failure message.
fn brief(frame: &Value) -> String {
    let text = frame.to_string();
    text.chars().take(200).collect()
}

/// A peer that stops answering pings is dropped once it has been silent
/// for `dead_after` (not before); the others see it leave for `timeout`,
/// and it may come back with its token.
// Paused time: the hub's pings and `Instant` run on this runtime's clock,
// which jumps from one ping to the next once nothing else can happen.
#[tokio::test(start_paused = true)]
async fn a_peer_that_stops_answering_pings_is_dropped() {
    let dead_after = Duration::from_millis(500);
    let mut config = paused_config();
    config.limits.ping_interval = Duration::from_millis(100);
    config.limits.dead_after = dead_after;
    let hub = start(config).await;
    let mut teacher = Peer::teacher(&hub).await;
    teacher.await_online(&[&teacher.id()]).await;

    // Ada reads her welcome and nothing after it, so she never answers a
    // ping; the hub heard from her last no earlier than `since`.
    let since = Instant::now();
    let ada = Peer::student(&hub, "Ada").await;
    teacher.await_online(&[&ada.id()]).await;
    // The teacher reads on, answering pings, until Ada is gone. (WAIT, the
    // bound on this, is four times `dead_after`.)
    teacher.expect_left(&ada.id(), "timeout").await;
    assert!(since.elapsed() >= dead_after, "dropped after only {:?}", since.elapsed());
    assert_eq!(online(&hub).await, 1, "the teacher, still connected");

    let resume = json!({"type": "student:join", "name": "Ada", "code": CODE, "resume": ada.token()});
    let back = Peer::join(&hub, resume).await;
    assert_eq!(back.id(), ada.id(), "the same participant, back");
}

/// Frames the hub writes one after another are not held back for the
/// reader's delayed ACK (Nagle's algorithm would cost up to 40 ms a time on
/// Linux): ten bursts of eight messages, each burst sent once the previous
/// one is back, take a small fraction of 10 × 40 ms.
#[tokio::test]
async fn back_to_back_frames_are_not_held_for_delayed_acks() {
    let mut config = config();
    config.limits.send_rate = 0;
    let hub = start(config).await;
    let (mut teacher, _) = class(&hub, &[]).await;
    let started = Instant::now();
    for burst in 0..10 {
        for n in 1..=8 {
            teacher.say(&format!("c-{burst}-{n}"), "ping").await;
        }
        teacher.read_log(8 * (burst + 1)).await;
    }
    let took = started.elapsed();
    assert!(took < Duration::from_millis(200), "80 messages took {took:?}");
}

/// Finding 4: alternating `typing` true/false went out in full, every
/// frame to everyone. Now a participant's typing costs the class at most
/// one `true` and one `false` an interval, whatever it sends.
#[tokio::test]
async fn alternating_typing_reaches_the_class_at_most_twice_an_interval() {
    let mut config = config();
    config.limits.frame_rate = 0;
    let hub = start(config).await;
    let (_teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let mut bo = students.pop().expect("Bo");
    let mut ada = students.pop().expect("Ada");
    for n in 0..2000 {
        ada.send(json!({"type": "typing", "active": n % 2 == 0})).await;
    }
    ada.say("c-1", "done").await;
    let mut typing = 0;
    loop {
        let frame = bo.recv().await;
        match frame["type"].as_str() {
            Some("typing") => typing += 1,
            Some("chat:message") => break,
            _ => panic!("unexpected {frame}"),
        }
    }
    assert!(typing <= 2, "{typing} typing frames reached Bo");
}

/// Finding 4: a joined connection sending frames faster than its budget
/// (`frame_rate`, burst `frame_burst`) is closed with 1008; the others go on.
#[tokio::test]
async fn a_frame_flood_closes_that_connection_with_1008() {
    let mut config = config();
    config.limits.frame_rate = 10;
    config.limits.frame_burst = 20;
    let hub = start(config).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let ada_id = students[0].id();
    for _ in 0..100 {
        students[0].send_raw(Message::text(r#"{"type":"typing","active":false}"#)).await;
    }
    let mut frames = 0;
    let reason = loop {
        match within("the flood's end", students[0].next_raw()).await {
            Some(Ok(Message::Text(_))) => frames += 1,
            Some(Ok(Message::Close(Some(frame)))) => {
                assert_eq!(u16::from(frame.code), 1008);
                break frame.reason.to_string();
            }
            Some(Ok(_)) => {}
            other => panic!("expected a close, got {other:?}"),
        }
    };
    assert_eq!(reason, "too many frames");
    assert_eq!(frames, 0, "a typing: false without a true goes nowhere");
    teacher.expect_left(&ada_id, "timeout").await;
    students[1].expect_left(&ada_id, "timeout").await;
    students[1].say("b-1", "Still here.").await;
    assert_eq!(students[1].ack("b-1").await, 1);
}

/// Finding 12: text that is not UTF-8, and a first frame over the size
/// limit, ended the TCP connection without a close code. Now they close
/// with 1007 and 1009, before the join as after it.
#[tokio::test]
async fn invalid_utf8_and_oversized_frames_close_with_their_codes_at_any_stage() {
    use tokio_tungstenite::tungstenite::protocol::frame::coding::{Data, OpCode};
    use tokio_tungstenite::tungstenite::protocol::frame::{Frame, FrameHeader};

    let mut config = config();
    config.limits.max_frame_bytes = 1024;
    let hub = start(config).await;
    let not_utf8 = || {
        let header = FrameHeader { opcode: OpCode::Data(Data::Text), ..FrameHeader::default() };
        Message::Frame(Frame::from_payload(header, vec![b'{', 0xff, 0xfe, b'}'].into()))
    };

    let mut early = Peer::connect(&hub).await;
    early.send_raw(not_utf8()).await;
    early.expect_close(1007).await;
    let mut early = Peer::connect(&hub).await;
    early.send_raw(Message::text("x".repeat(2000))).await;
    early.expect_close(1009).await;

    let mut ada = Peer::student(&hub, "Ada").await;
    ada.send_raw(not_utf8()).await;
    assert_eq!(ada.expect_close(1007).await, "invalid UTF-8");
}

/// Finding 5: `history:fetch` had no rate and pages no byte cap: a 54-byte
/// request returned up to 1.2 MB, as often as asked. Now a page (and a
/// welcome's history) holds at most `history_page_bytes` of text, the
/// newest entries first, and answers beyond the budget wait their turn.
#[tokio::test]
async fn history_is_capped_by_bytes_and_paced() {
    let mut config = config();
    config.limits.send_rate = 0;
    config.limits.frame_rate = 0;
    config.limits.history_page_bytes = 10_000;
    config.limits.history_rate = 20;
    config.limits.history_burst = 5;
    let hub = start(config).await;
    let (mut teacher, _) = class(&hub, &[]).await;
    for n in 1..=50 {
        teacher.say(&format!("t-{n}"), &format!("{n:04}{}", "x".repeat(1996))).await;
    }
    teacher.read_log(50).await;

    let mut ada = Peer::student(&hub, "Ada").await;
    ada.await_online(&["p_2"]).await;
    let welcome = seqs(ada.welcome["history"].as_array().expect("history"));
    assert_eq!(welcome, (46..=50).collect::<Vec<_>>(), "the newest 10,000 bytes of text");
    ada.send(json!({"type": "history:fetch", "before": 46})).await;
    let page = ada.recv_kind("history").await;
    assert_eq!(seqs(page["messages"].as_array().expect("messages")), (41..=45).collect::<Vec<_>>());

    // 25 more: 4 left of the burst, then 21 at 20 a second, each answered.
    let started = Instant::now();
    for _ in 0..25 {
        ada.send(json!({"type": "history:fetch", "before": 46, "limit": 1})).await;
    }
    for _ in 0..25 {
        ada.recv_kind("history").await;
    }
    let took = started.elapsed();
    assert!(took >= Duration::from_millis(900), "25 pages in {took:?}");
}

/// Finding 5: resumes had no rate: 50 in 0.2 s pulled 60 MB of welcomes.
/// Now a seat may be taken again `rejoin_burst` times at once, then
/// `rejoin_rate` a second; a resume beyond closes with 1013 (come back
/// later), and the student gets back in after that.
#[tokio::test]
async fn resumes_past_their_budget_are_told_to_come_back_later() {
    let mut config = config();
    config.limits.rejoin_rate = 5;
    config.limits.rejoin_burst = 3;
    let hub = start(config).await;
    let ada = Peer::student(&hub, "Ada").await;
    let resume = json!({"type": "student:join", "name": "Ada", "code": CODE, "resume": ada.token()});
    let mut replaced = vec![ada];
    for _ in 0..3 {
        replaced.push(Peer::join(&hub, resume.clone()).await);
    }
    let mut over = Peer::connect(&hub).await;
    over.send(resume.clone()).await;
    assert_eq!(over.expect_close(1013).await, "too many reconnects");
    tokio::time::sleep(Duration::from_millis(250)).await;
    Peer::join(&hub, resume).await;
}
