//! The session log over raw frames: fan-out, sequencing, acks, idempotent
//! resends, resume after a drop, and a second login replacing the first.

mod common;

use common::{class, online, seqs, start, Peer, CODE, TEACHER};
use serde_json::{json, Value};
use time::format_description::well_known::Rfc3339;
use time::OffsetDateTime;

/// Asserts `ts` is an RFC 3339 time within a minute of now (hub time).
fn assert_recent(ts: &Value) {
    let ts = ts.as_str().expect("ts is a string");
    let at = OffsetDateTime::parse(ts, &Rfc3339).unwrap_or_else(|err| panic!("{ts:?}: {err}"));
    let skew = (OffsetDateTime::now_utc() - at).abs();
    assert!(skew < time::Duration::minutes(1), "ts {ts} is not hub time now");
}

/// Everyone, the sender included, receives each `chat:message` exactly
/// once and in the same order; the hub assigns `seq` 1, 2, 3 …, `from`
/// (id, name, role) and `ts`; each sender gets a `chat:ack` with its seq.
#[tokio::test]
async fn chat_reaches_everyone_once_in_one_order() {
    let hub = start(common::config()).await;
    let (teacher, students) = class(&hub, &["Ada", "Bo", "Cy"]).await;
    let mut peers: Vec<Peer> = std::iter::once(teacher).chain(students).collect();
    // (speaker, client id, text): the teacher is peer 0.
    let script = [
        (0, "t-1", "Good morning, class."),
        (1, "a-1", "Morning!"),
        (2, "b-1", "  Hi  "),
        (1, "a-2", "What's today's topic?"),
        (0, "t-2", "Momentum."),
        (3, "c-1", "Finally I'm in."),
    ];
    for (n, (speaker, id, text)) in script.iter().enumerate() {
        peers[*speaker].say(id, text).await;
        // Waiting for the ack fixes the order; the ack carries the seq.
        let seq = peers[*speaker].ack(id).await;
        assert_eq!(seq, n as u64 + 1, "{id} is the {}th entry", n + 1);
    }

    let expected: Vec<Value> = script
        .iter()
        .enumerate()
        .map(|(n, (speaker, id, text))| {
            let sender = &peers[*speaker].welcome["you"];
            json!({
                "type": "chat:message",
                "seq": n + 1,
                "id": format!("m_{}", n + 1),
                "client_id": id,
                "from": sender,
                "text": text.trim(),
            })
        })
        .collect();
    for peer in &mut peers {
        let who = peer.id();
        let log = peer.read_log(script.len()).await.to_vec();
        for (got, want) in log.iter().zip(&expected) {
            assert_recent(&got["ts"]);
            let mut got = got.clone();
            got.as_object_mut().expect("an object").remove("ts");
            assert_eq!(&got, want, "as {who} received it");
        }
        assert!(peer.unclaimed_acks().is_empty(), "{who} got acks for others: {:?}", peer.unclaimed_acks());
    }
    assert_eq!(peers[0].welcome["you"]["role"], "teacher");
    assert_eq!(peers[0].welcome["you"]["name"], TEACHER);

    // One more entry: it is the next frame everyone gets, so nobody had a
    // duplicate (or anything else) queued after the six.
    peers[2].say("b-2", "bye").await;
    for (n, peer) in peers.iter_mut().enumerate() {
        let frame = if n == 2 {
            assert_eq!(peer.recv().await, json!({"type": "chat:ack", "id": "b-2", "seq": 7}));
            peer.recv().await
        } else {
            peer.recv().await
        };
        assert_eq!((frame["type"].as_str(), frame["seq"].as_u64()), (Some("chat:message"), Some(7)));
    }
}

/// `from`, `role`, `ts`, `seq` and `sender` fields a student puts into its
/// message are ignored: the entry names the real student, with hub time
/// and the hub's next seq.
#[tokio::test]
async fn spoofed_sender_fields_are_ignored() {
    let hub = start(common::config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let ada = &mut students[0];
    ada.send(json!({
        "type": "chat:message",
        "id": "c-1",
        "text": "Homework is cancelled.",
        "from": {"id": teacher.id(), "name": TEACHER, "role": "teacher"},
        "sender": teacher.id(),
        "role": "teacher",
        "ts": "1999-01-01T00:00:00Z",
        "seq": 999,
    }))
    .await;
    assert_eq!(ada.ack("c-1").await, 1);

    let entry = &teacher.read_log(1).await[0];
    assert_eq!(entry["from"], json!({"id": ada.id(), "name": "Ada", "role": "student"}));
    assert_eq!(entry["seq"], 1);
    assert_eq!(entry["id"], "m_1");
    assert_eq!(entry["client_id"], "c-1");
    assert_ne!(entry["ts"], "1999-01-01T00:00:00Z");
    assert_recent(&entry["ts"]);
}

/// Each message is acked with its seq; sending the same `id` again (as a
/// client does after a reconnect) makes no second entry: the hub acks again
/// with the first seq, and the next message gets the next seq, no gap.
#[tokio::test]
async fn resending_an_id_acks_the_first_seq_again() {
    let hub = start(common::config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let ada = &mut students[0];
    ada.say("c-1", "Is the lab open?").await;
    assert_eq!(ada.ack("c-1").await, 1);
    teacher.say("t-1", "Yes.").await;
    assert_eq!(teacher.ack("t-1").await, 2);

    // The same id again, even with other text: acked with seq 1, not posted.
    ada.say("c-1", "Is the lab open? (resent)").await;
    assert_eq!(ada.ack("c-1").await, 1);
    ada.say("c-2", "Thanks").await;
    assert_eq!(ada.ack("c-2").await, 3);

    for peer in [&mut teacher, ada] {
        let log = peer.read_log(3).await.to_vec();
        assert_eq!(seqs(&log), [1, 2, 3]);
        assert_eq!(log[0]["text"], "Is the lab open?");
        assert_eq!(log[2]["client_id"], "c-2");
        assert!(peer.unclaimed_acks().is_empty());
    }
}

/// A student whose connection dropped rejoins with its resume token and
/// `last_seq`: it is the same participant (same id and name, whatever name
/// it sends now), `welcome.history` holds exactly the entries it missed,
/// and the live stream continues after them with no duplicate.
#[tokio::test]
async fn resume_after_a_drop_fills_the_gap_exactly() {
    let hub = start(common::config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let mut ada = students.pop().expect("Ada");
    let (ada_id, token) = (ada.id(), ada.token());

    teacher.say("t-1", "one").await;
    teacher.say("t-2", "two").await;
    assert_eq!((teacher.ack("t-1").await, teacher.ack("t-2").await), (1, 2));
    assert_eq!(seqs(teacher.read_log(2).await), [1, 2]);
    assert_eq!(seqs(ada.read_log(2).await), [1, 2]);
    // The connection drops: no close handshake, the socket just goes. That
    // is `timeout` (not `left`): a participant that may come back.
    drop(ada);
    teacher.expect_left(&ada_id, "timeout").await;

    for (id, text) in [("t-3", "three"), ("t-4", "four"), ("t-5", "five")] {
        teacher.say(id, text).await;
    }
    assert_eq!(teacher.ack("t-5").await, 5);
    teacher.read_log(5).await;

    let mut ada = Peer::join(
        &hub,
        json!({"type": "student:join", "name": "Someone Else", "code": CODE, "resume": token, "last_seq": 2}),
    )
    .await;
    let welcome = ada.welcome.clone();
    assert_eq!(welcome["you"], json!({"id": ada_id, "name": "Ada", "role": "student"}));
    assert_eq!(welcome["resume"], token, "the token stays valid");
    assert_eq!(welcome["last_seq"], 5);
    let history = welcome["history"].as_array().expect("history");
    assert_eq!(seqs(history), [3, 4, 5]);
    assert_eq!(
        history.iter().map(|e| e["text"].as_str().unwrap()).collect::<Vec<_>>(),
        ["three", "four", "five"]
    );
    assert_eq!(welcome["participants"][0]["id"], ada_id, "the joiner first");
    assert_eq!(welcome["participants"][0]["online"], true);

    // Back online for the others, under the same id.
    teacher.await_online(&[&ada_id]).await;
    ada.await_online(&[&ada_id]).await;
    teacher.say("t-6", "six").await;
    assert_eq!(seqs(ada.read_log(1).await), [6], "live entries continue after the history");
}

/// Joining twice with the same resume token replaces the older connection:
/// it is closed with 4000 "replaced", the participant keeps its id, and the
/// others see no `participant:left` (nor a second join).
#[tokio::test]
async fn a_second_login_replaces_the_first() {
    let hub = start(common::config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let mut first = students.pop().expect("Ada");

    let resume = json!({"type": "student:join", "name": "Ada", "resume": first.token(), "last_seq": 0});
    let mut second = Peer::join(&hub, resume).await;
    assert_eq!(second.id(), first.id(), "the same participant");
    assert_eq!(first.expect_close(4000).await, "replaced");

    // The next thing the teacher hears is the new connection's message:
    // no `participant:left` and no `participant:joined` came before it.
    second.say("c-1", "Switched to my laptop").await;
    let frame = teacher.recv().await;
    assert_eq!(frame["type"], "chat:message", "presence changed: {frame}");
    assert_eq!(frame["from"]["id"], first.id());
    assert_eq!(second.ack("c-1").await, 1);
    assert_eq!(online(&hub).await, 2, "the teacher and Ada, once");
    // The welcome lists Ada once, online.
    let listed: Vec<&Value> =
        second.welcome["participants"].as_array().unwrap().iter().filter(|p| p["id"] == first.id()).collect();
    assert_eq!(listed, [&json!({"id": first.id(), "name": "Ada", "role": "student", "online": true})]);
}

/// `history:fetch` pages backwards through the log: entries before
/// `before`, oldest first, at most `limit` (capped by the hub), with the
/// oldest `seq` the hub still holds; `before` past the end means "newest".
#[tokio::test]
async fn history_pages_back_through_the_log() {
    let mut config = common::config();
    config.limits.history_page = 4;
    config.limits.send_rate = 0;
    let hub = start(config).await;
    let (mut teacher, _) = class(&hub, &[]).await;
    for n in 1..=10 {
        teacher.say(&format!("t-{n}"), &format!("line {n}")).await;
    }
    teacher.read_log(10).await;

    let page = |frame: &Value| -> Vec<u64> {
        assert_eq!(frame["type"], "history", "{frame}");
        assert_eq!(frame["first_seq"], 1, "{frame}");
        seqs(frame["messages"].as_array().expect("messages"))
    };
    teacher.send(json!({"type": "history:fetch", "before": 8, "limit": 3})).await;
    assert_eq!(page(&teacher.recv().await), vec![5, 6, 7]);
    teacher.send(json!({"type": "history:fetch", "before": 3, "limit": 50})).await;
    assert_eq!(page(&teacher.recv().await), vec![1, 2], "only what exists");
    teacher.send(json!({"type": "history:fetch", "limit": 50})).await;
    assert_eq!(page(&teacher.recv().await), vec![7, 8, 9, 10], "the newest page, capped at 4");
    teacher.send(json!({"type": "history:fetch", "before": 1})).await;
    assert_eq!(page(&teacher.recv().await), Vec::<u64>::new());

    // A late joiner's welcome carries only the newest page.
    let late = Peer::student(&hub, "Late").await;
    assert_eq!(seqs(late.welcome["history"].as_array().expect("history")), vec![7, 8, 9, 10]);
    assert_eq!(late.welcome["last_seq"], 10);
}
