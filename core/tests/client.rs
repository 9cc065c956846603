//! The crate's own client against a real hub: its states, how it ends,
//! its paced outbox, and resume across a connection cut underneath it.

mod common;

use std::time::Duration;

use classroom_core::client::{
    connect, ClientConfig, ClientEvent, CloseReason, ConnectionState, Events, JoinAs, SavedPlace,
};
use classroom_core::hub::HubHandle;
use classroom_core::protocol::{ErrorCode, Role};
use common::{class, config, seqs, start, within, Peer, Proxy, Recording, CLASS, CODE};
use serde_json::json;

/// A student client for `url`, reconnecting quickly.
fn student(url: &str, name: &str, code: &str) -> ClientConfig {
    let mut config = ClientConfig::new(url, JoinAs::Student { name: name.into(), code: Some(code.into()) });
    config.backoff_initial = Duration::from_millis(20);
    config.backoff_max = Duration::from_millis(100);
    config.connect_timeout = common::WAIT;
    config
}

/// The teacher's client.
fn teacher(hub: &HubHandle) -> ClientConfig {
    let mut config = student(&hub.ws_url(), "", "");
    config.join = JoinAs::Teacher { token: hub.host_token().into() };
    config
}

async fn next(events: &mut Events) -> ClientEvent {
    within("the next client event", events.next()).await.expect("the client is still running")
}

/// After `Closed`, the event stream ends.
async fn assert_finished(events: &mut Events) {
    assert_eq!(within("the end of the events", events.next()).await, None);
}

/// A client goes `Connecting` → `Connected`, then tells who it is and who
/// is here (itself first); leaving ends it with `Closed(Left)` and the
/// others see it leave.
#[tokio::test]
async fn a_client_connects_then_leaves() {
    let hub = start(config()).await;
    let (mut teacher_peer, _) = class(&hub, &[]).await;
    let (client, mut events) = connect(student(&hub.ws_url(), "Ada", CODE)).expect("a ws:// URL");

    assert_eq!(next(&mut events).await, ClientEvent::State(ConnectionState::Connecting));
    assert_eq!(next(&mut events).await, ClientEvent::State(ConnectionState::Connected));
    let ClientEvent::Welcome { you, session, limits } = next(&mut events).await else {
        panic!("expected the welcome");
    };
    assert_eq!((you.name.as_str(), you.role), ("Ada", Role::Student));
    assert_eq!(session.class, CLASS);
    assert_eq!(limits.max_text_chars, 2000);
    // The token is the handle's, current by the time the welcome is told.
    let resume = client.resume_token().expect("the welcome's token");
    assert_eq!(resume.len(), 32, "{resume}");
    let ClientEvent::Roster(roster) = next(&mut events).await else { panic!("expected the roster") };
    let ids: Vec<&str> = roster.iter().map(|p| p.id.as_str()).collect();
    assert_eq!(ids, [you.id.as_str(), &teacher_peer.id()]);
    teacher_peer.await_online(&[&you.id]).await;

    client.leave().await.expect("still running");
    let mut rec = Recording::default();
    rec.until_end(&mut events).await;
    assert_eq!(rec.states, [ConnectionState::Closed(CloseReason::Left)]);
    teacher_peer.expect_left(&you.id, "left").await;
}

/// A refused join ends the client with `Closed(Refused { code, message })`;
/// it does not try again.
#[tokio::test]
async fn a_refused_join_closes_the_client() {
    let hub = start(config()).await;
    let (_client, mut events) = connect(student(&hub.ws_url(), "Ada", "000000")).expect("a ws:// URL");
    assert_eq!(next(&mut events).await, ClientEvent::State(ConnectionState::Connecting));
    let ClientEvent::State(ConnectionState::Closed(CloseReason::Refused { code, message })) =
        next(&mut events).await
    else {
        panic!("expected a refusal");
    };
    assert_eq!(code, ErrorCode::BadCode);
    assert!(message.contains("code"), "{message}");
    assert_finished(&mut events).await;
}

/// Removal by the teacher ends the client with `Closed(Removed)`.
#[tokio::test]
async fn removal_closes_the_client_as_removed() {
    let hub = start(config()).await;
    let (mut teacher_peer, _) = class(&hub, &[]).await;
    let (_client, mut events) = connect(student(&hub.ws_url(), "Ada", CODE)).expect("a ws:// URL");
    let mut rec = Recording::default();
    rec.until(&mut events, "the welcome", |r| !r.welcomes.is_empty()).await;
    let ada = rec.welcomes[0].id.clone();
    teacher_peer.await_online(&[&ada]).await;

    teacher_peer.send(json!({"type": "teacher:remove-student", "id": ada})).await;
    rec.until_end(&mut events).await;
    assert_eq!(rec.state(), Some(&ConnectionState::Closed(CloseReason::Removed)));
    assert!(
        !rec.states.iter().any(|s| matches!(s, ConnectionState::Reconnecting { .. })),
        "{:?}",
        rec.states
    );
}

/// The end of the session closes every client with `Closed(Ended)`: here
/// the teacher's client ends it, the student's client hears it.
#[tokio::test]
async fn session_end_closes_clients_as_ended() {
    let hub = start(config()).await;
    let (teacher_client, mut teacher_events) = connect(teacher(&hub)).expect("a ws:// URL");
    let (_student_client, mut student_events) =
        connect(student(&hub.ws_url(), "Ada", CODE)).expect("a ws:// URL");
    let (mut teacher_rec, mut student_rec) = (Recording::default(), Recording::default());
    let welcomed = |r: &Recording| !r.welcomes.is_empty();
    teacher_rec.until(&mut teacher_events, "the teacher welcomed", welcomed).await;
    student_rec.until(&mut student_events, "the student welcomed", welcomed).await;
    assert_eq!(teacher_rec.welcomes[0].role, Role::Teacher);

    teacher_client.end_session().await.expect("still running");
    within("HubHandle::ended", hub.ended()).await;
    for (rec, events) in [(&mut teacher_rec, &mut teacher_events), (&mut student_rec, &mut student_events)] {
        rec.until_end(events).await;
        assert_eq!(rec.state(), Some(&ConnectionState::Closed(CloseReason::Ended)));
    }
}

/// The outbox paces itself to the welcome's send rate: ten messages sent
/// at once to a hub allowing 2 a second (burst 2) are all acked, in order,
/// and none is refused. (This takes the four seconds the rate implies.)
#[tokio::test]
async fn the_outbox_keeps_to_the_hubs_send_rate() {
    let mut config = config();
    config.limits.send_rate = 2;
    config.limits.send_burst = 2;
    let hub = start(config).await;
    let (client, mut events) = connect(student(&hub.ws_url(), "Ada", CODE)).expect("a ws:// URL");
    let mut rec = Recording::default();
    rec.until(&mut events, "the welcome", |r| !r.welcomes.is_empty()).await;

    let mut ids = Vec::new();
    for n in 1..=10 {
        ids.push(client.send(format!("message {n}")).await.expect("queued"));
    }
    // 2 at once, then one every 0.5 s: 4 s, with room to spare.
    let limit = Duration::from_secs(6);
    rec.until_for(limit, &mut events, "ten acks", |r| r.acks.len() + r.refused.len() >= 10).await;
    assert!(rec.refused.is_empty(), "refused: {:?}", rec.refused);
    let acked: Vec<(String, u64)> = ids.into_iter().zip(1..).collect();
    assert_eq!(rec.acks, acked);
}

/// The client's connection is cut underneath it (by a proxy) at the worst
/// moment: two of its messages reached the hub but their acks did not reach
/// it. While it is away, the class goes on and it queues two more. Back,
/// it resumes as the same participant: its `Message` events hold every seq
/// exactly once and in order, the messages go out with the ids `send`
/// returned, and the hub posted each exactly once.
#[tokio::test]
async fn the_client_resumes_after_a_cut_without_gaps_or_duplicates() {
    let mut config = config();
    config.limits.send_rate = 0;
    let hub = start(config).await;
    let (mut teacher_peer, _) = class(&hub, &[]).await;
    let proxy = Proxy::start(&hub).await;
    let (client, mut events) = connect(student(&proxy.ws_url(), "Ada", CODE)).expect("a ws:// URL");
    let mut rec = Recording::default();
    rec.until(&mut events, "the welcome", |r| !r.welcomes.is_empty()).await;
    let ada = rec.welcomes[0].id.clone();
    teacher_peer.await_online(&[&ada]).await;

    // Live: seqs 1 and 2 from the teacher, 3 from Ada.
    teacher_peer.say("t-1", "one").await;
    teacher_peer.say("t-2", "two").await;
    let a = client.send("three").await.expect("queued");
    rec.until(&mut events, "three messages and an ack", |r| r.messages.len() == 3 && r.acks.len() == 1).await;
    assert_eq!(rec.acks, [(a.clone(), 3)]);
    assert_eq!(seqs(teacher_peer.read_log(3).await), [1, 2, 3]);

    // Ada's next two reach the hub, but nothing comes back to her...
    proxy.hold_replies(true);
    let b = client.send("four").await.expect("queued");
    let c = client.send("five").await.expect("queued");
    let log = teacher_peer.read_log(5).await;
    assert_eq!((&log[3]["client_id"], &log[4]["client_id"]), (&json!(b), &json!(c)));
    // ...and then the connection is gone, and new ones are turned away.
    proxy.refuse(true);
    proxy.cut();
    // Dropped without a close handshake: `timeout`, which may come back.
    teacher_peer.expect_left(&ada, "timeout").await;
    rec.until(&mut events, "reconnecting", |r| {
        matches!(r.state(), Some(ConnectionState::Reconnecting { .. }))
    })
    .await;

    // While she is away: two from the teacher, two typed by Ada.
    teacher_peer.say("t-3", "six").await;
    teacher_peer.say("t-4", "seven").await;
    assert_eq!(teacher_peer.ack("t-4").await, 7);
    let d = client.send("eight").await.expect("queued offline");
    let e = client.send("nine").await.expect("queued offline");

    proxy.hold_replies(false);
    proxy.refuse(false);
    rec.until(&mut events, "nine messages and five acks", |r| r.messages.len() >= 9 && r.acks.len() >= 5)
        .await;
    assert_eq!(rec.welcomes.len(), 2);
    assert_eq!(rec.welcomes[1].id, ada, "the same participant");
    assert_eq!(rec.state(), Some(&ConnectionState::Connected));
    assert_eq!(rec.seqs(), (1..=9).collect::<Vec<_>>());
    let texts: Vec<&str> = rec.messages.iter().map(|m| m.text.as_str()).collect();
    assert_eq!(texts, ["one", "two", "three", "four", "five", "six", "seven", "eight", "nine"]);
    let mine: Vec<(&str, u64)> =
        rec.messages.iter().filter(|m| m.from.id == ada).map(|m| (m.client_id.as_str(), m.seq)).collect();
    assert_eq!(mine, [(&*a, 3), (&*b, 4), (&*c, 5), (&*d, 8), (&*e, 9)]);
    // Acks for the two whose first acks were lost carry their first seqs.
    assert_eq!(rec.acks, [(a, 3), (b, 4), (c, 5), (d, 8), (e, 9)]);
    assert!(rec.refused.is_empty(), "{:?}", rec.refused);

    // The hub posted each once: the teacher sees Ada back, then 8 and 9.
    teacher_peer.read_log(7).await;
    teacher_peer.await_online(&[&ada]).await;
    assert_eq!(seqs(teacher_peer.read_log(9).await), (1..=9).collect::<Vec<_>>());
    // And the next entry is the next seq, for everyone.
    teacher_peer.say("t-5", "ten").await;
    rec.until(&mut events, "a tenth message", |r| r.messages.len() >= 10).await;
    assert_eq!(rec.seqs(), (1..=10).collect::<Vec<_>>());
}

/// A client started from a saved place (say, after the app restarted)
/// comes back as the same participant and is given only what it had not
/// seen yet.
#[tokio::test]
async fn a_client_resumes_from_a_saved_place() {
    let hub = start(config()).await;
    let (mut teacher_peer, mut students) = class(&hub, &["Ada"]).await;
    let ada_peer = students.pop().expect("Ada");
    let (ada, token) = (ada_peer.id(), ada_peer.token());
    for (id, text) in [("t-1", "one"), ("t-2", "two")] {
        teacher_peer.say(id, text).await;
    }
    assert_eq!(teacher_peer.ack("t-2").await, 2);
    teacher_peer.read_log(2).await;
    ada_peer.close().await;
    teacher_peer.expect_left(&ada, "left").await;
    teacher_peer.say("t-3", "three").await;
    assert_eq!(teacher_peer.ack("t-3").await, 3);

    let mut config = student(&hub.ws_url(), "Ada", CODE);
    config.resume = Some(SavedPlace { token: token.clone(), last_seq: 2 });
    let (_client, mut events) = connect(config).expect("a ws:// URL");
    let mut rec = Recording::default();
    rec.until(&mut events, "the missed message", |r| !r.messages.is_empty()).await;
    assert_eq!(rec.welcomes[0].id, ada);
    assert_eq!(rec.seqs(), [3]);
    teacher_peer.say("t-4", "four").await;
    rec.until(&mut events, "the next message", |r| r.messages.len() >= 2).await;
    assert_eq!(rec.seqs(), [3, 4]);
}

/// A client whose saved place the hub does not know (`bad_token`) joins
/// afresh with its name and code instead of giving up.
#[tokio::test]
async fn a_client_with_an_unknown_saved_place_joins_afresh() {
    let hub = start(config()).await;
    let mut config = student(&hub.ws_url(), "Ada", CODE);
    config.resume = Some(SavedPlace { token: "from-another-session".into(), last_seq: 0 });
    let (_client, mut events) = connect(config).expect("a ws:// URL");
    let mut rec = Recording::default();
    rec.until(&mut events, "the welcome", |r| !r.welcomes.is_empty()).await;
    assert_eq!(rec.welcomes[0].name, "Ada");
    assert_eq!(rec.states[0], ConnectionState::Connecting);
    // Announced as a newcomer, not as anyone else.
    rec.until(&mut events, "Ada announced", |r| !r.participants.is_empty()).await;
    assert_eq!(rec.participants[0].id, rec.welcomes[0].id);
    let peer = Peer::student(&hub, "Bo").await;
    let roster = peer.roster();
    assert!(roster.iter().any(|p| p["name"] == "Ada"), "{roster:?}");
}

/// The hub itself cuts the client off as a slow consumer (close 1013):
/// nobody reads its events, so once their channel is full the client stops
/// reading its socket and falls more than `outbound_queue` frames behind.
/// When its events are read again it resumes, fetches the entries its
/// welcome's single history page left out, and its `Message` events hold
/// every seq exactly once, in order.
#[tokio::test]
async fn the_client_resumes_after_the_hub_cuts_it_as_a_slow_consumer() {
    const QUEUE: usize = 16;
    const BIG: usize = 256 * 1024;
    let mut config = config();
    config.limits.send_rate = 0;
    config.limits.frame_rate = 0;
    config.limits.history_page_bytes = 8 * BIG;
    config.limits.outbound_queue = QUEUE;
    config.limits.history_page = 8;
    config.limits.max_text_chars = BIG;
    config.limits.max_frame_bytes = 2 * BIG;
    let hub = start(config).await;
    let (mut teacher_peer, _) = class(&hub, &[]).await;
    // Its pages carry up to 2 MiB of text (`history_page_bytes`): the
    // client must take messages well above that, whatever its default.
    let mut ada_config = student(&hub.ws_url(), "Ada", CODE);
    ada_config.max_message_bytes = 2 * 8 * BIG;
    let (_client, mut events) = connect(ada_config).expect("a ws:// URL");
    let mut rec = Recording::default();
    rec.until(&mut events, "the welcome", |r| !r.welcomes.is_empty()).await;
    let ada = rec.welcomes[0].id.clone();
    teacher_peer.await_online(&[&ada]).await;

    // More messages than the client's event channel holds (1024), which we
    // leave unread from here on: then the client stops reading its socket.
    // Sent a few at a time, so the teacher keeps up with its own copies.
    let mut sent = 0;
    let mut left = None;
    while sent < 1100 {
        for _ in 0..8 {
            sent += 1;
            teacher_peer.say(&format!("t-{sent}"), &format!("small {sent}")).await;
        }
        assert_eq!(teacher_peer.read_log(sent).await.len(), sent);
    }
    // Then large ones until the hub gives up on Ada: her socket buffers
    // fill, and she falls behind. A few dozen do it; 400 (100 MiB) would
    // mean she is never cut off.
    while left.is_none() {
        assert!(sent < 1500, "the hub never cut the stalled client off");
        sent += 1;
        let id = format!("t-{sent}");
        teacher_peer.say(&id, &format!("{sent}:{}", "x".repeat(BIG - 16))).await;
        while teacher_peer.log.len() < sent {
            let frame = teacher_peer.recv().await;
            match frame["type"].as_str() {
                Some("chat:message") => teacher_peer.log.push(frame),
                Some("chat:ack") => assert_eq!(frame["id"], id),
                Some("participant:left") => left = Some(frame),
                _ => panic!("unexpected {frame}"),
            }
        }
    }
    assert_eq!(left, Some(json!({"type": "participant:left", "id": ada, "reason": "timeout"})));
    let total = sent;

    // Reading again, the client reconnects, resumes and fills the gap.
    rec.until_for(Duration::from_secs(4), &mut events, "every message", |r| r.messages.len() >= total).await;
    assert_eq!(rec.seqs(), (1..=total as u64).collect::<Vec<_>>());
    assert!(rec.states.iter().any(|s| matches!(s, ConnectionState::Reconnecting { .. })), "{:?}", rec.states);
    assert_eq!(rec.state(), Some(&ConnectionState::Connected));
    assert_eq!(rec.welcomes.len(), 2);
    assert_eq!(rec.welcomes[1].id, ada, "the same participant");
    assert!(rec.refused.is_empty(), "{:?}", rec.refused);
}

/// A private question asked while its replies are lost, and another asked
/// while offline, each reach the teacher once and are acked with their ids
/// after the reconnect; the teacher's answer reaches the client.
#[tokio::test]
async fn questions_are_resent_until_taken_and_taken_once() {
    let hub = start(config()).await;
    let (mut teacher, _) = class(&hub, &[]).await;
    let proxy = Proxy::start(&hub).await;
    let (client, mut events) = connect(student(&proxy.ws_url(), "Ada", CODE)).expect("a ws:// URL");
    let mut rec = Recording::default();
    rec.until(&mut events, "the welcome", |r| !r.welcomes.is_empty()).await;
    let ada = rec.welcomes[0].id.clone();
    teacher.await_online(&[&ada]).await;

    proxy.hold_replies(true);
    let first = client.ask("Why is the sky blue?").await.expect("kept");
    let asked = teacher.next_of("question:asked").await;
    let id = asked["question"]["id"].as_str().expect("an id").to_owned();
    proxy.refuse(true);
    proxy.cut();
    teacher.expect_left(&ada, "timeout").await;
    rec.until(&mut events, "reconnecting", |r| {
        matches!(r.state(), Some(ConnectionState::Reconnecting { .. }))
    })
    .await;
    let second = client.ask("And the sunset red?").await.expect("kept offline");
    proxy.hold_replies(false);
    proxy.refuse(false);
    rec.until(&mut events, "both questions taken", |r| r.asked.len() >= 2).await;
    assert_eq!(rec.asked[0], (id.clone(), Some(first)), "the first, acked on its resend");
    assert_eq!(rec.asked[1].1, Some(second));
    assert!(rec.refused.is_empty(), "{:?}", rec.refused);

    teacher.await_online(&[&ada]).await;
    let again = teacher.next_of("question:asked").await;
    assert_eq!(again["question"]["text"], "And the sunset red?", "the first is not asked twice: {again}");
    teacher
        .send(json!({"type": "question:answer", "id": "t-1", "question": id, "text": "Scattering.", "public": false}))
        .await;
    rec.until(&mut events, "the answer", |r| !r.answered.is_empty()).await;
    assert_eq!(rec.answered, [(id, "Scattering.".to_owned(), None)]);
    let back = Peer::teacher(&hub).await;
    assert_eq!(back.welcome["questions"]["list"].as_array().map(Vec::len), Some(2));
}
