//! A hub with a store, in process: the welcome carries only the newest
//! page, `history:fetch` reads older pages from the store, acks still come
//! right before the sender's copy, and the crate's client of a late joiner
//! fills in the whole class from the stored history, all at once or page by
//! page on request (what the app's chat does on scroll).

mod common;
mod store_support;

use classroom_core::client::{self, Backfill, ClientConfig, JoinAs};
use classroom_core::hub::{HubConfig, StorageState};
use classroom_core::store::Store;
use common::{seqs, start, within, Peer, Recording};
use serde_json::json;

/// A config whose memory holds 30 entries and whose pages hold 10, over a
/// store in `dir`.
fn durable(dir: &std::path::Path) -> HubConfig {
    let mut config = common::config();
    config.store = Some(Store::open(dir).expect("the store opens"));
    config.limits.history_retained = 30;
    config.limits.history_page = 10;
    config.limits.send_rate = 0;
    config
}

/// The teacher, online, after saying `count` messages ("message N", each acked).
async fn teacher_said(hub: &classroom_core::hub::HubHandle, count: u64) -> Peer {
    let mut teacher = Peer::teacher(hub).await;
    teacher.await_online(&[&teacher.id()]).await;
    for n in 1..=count {
        teacher.say(&format!("t-{n}"), &format!("message {n}")).await;
        teacher.ack(&format!("t-{n}")).await;
    }
    teacher
}

/// The welcome holds the newest page; `history:fetch` pages back through
/// memory and then the store, oldest first, with `first_seq` 1 (the store
/// keeps everything), down to the first message.
#[tokio::test]
async fn history_pages_reach_back_into_the_store() {
    let dir = store_support::data_dir();
    let hub = start(durable(dir.path())).await;
    assert_eq!(*hub.storage().borrow(), StorageState::Ok);
    let mut teacher = Peer::teacher(&hub).await;
    teacher.await_online(&[&teacher.id()]).await;
    for n in 1..=100 {
        teacher.say(&format!("t-{n}"), &format!("message {n}")).await;
        assert_eq!(teacher.ack(&format!("t-{n}")).await, n);
    }
    let mut late = Peer::student(&hub, "Late").await;
    assert_eq!(late.welcome["last_seq"], 100);
    let history = late.welcome["history"].as_array().expect("history").clone();
    assert_eq!(seqs(&history), (91..=100).collect::<Vec<_>>(), "only the newest page");

    for (before, expected) in [(91, 81..=90), (81, 71..=80), (71, 61..=70), (20, 10..=19), (5, 1..=4)] {
        late.send(json!({"type": "history:fetch", "before": before, "limit": 10})).await;
        let page = late.recv_kind("history").await;
        let messages = page["messages"].as_array().expect("messages").clone();
        assert_eq!(seqs(&messages), expected.clone().collect::<Vec<_>>(), "before {before}");
        assert_eq!(page["first_seq"], 1, "nothing is gone: {page}");
        for m in &messages {
            assert_eq!(m["text"], format!("message {}", m["seq"]));
            assert_eq!(m["from"]["role"], "teacher");
        }
    }
    late.send(json!({"type": "history:fetch", "before": 1})).await;
    let page = late.recv_kind("history").await;
    assert_eq!(page["messages"], json!([]), "nothing before the first");
    // Gone first: the shutdown would wait a second for close replies from peers nobody reads.
    drop((teacher, late));
    hub.shutdown().await.expect("clean shutdown");
}

/// With a store, `chat:ack` still comes immediately before the sender's
/// copy, everyone gets each entry once in order, and a resend of a stored
/// id gets the first seq again.
#[tokio::test]
async fn durable_acks_keep_their_place() {
    let dir = store_support::data_dir();
    let hub = start(durable(dir.path())).await;
    let (mut teacher, mut students) = common::class(&hub, &["Ada", "Bo"]).await;
    for n in 1..=20u64 {
        let speaker = &mut students[(n % 2) as usize];
        speaker.say(&format!("c-{n}"), &format!("hi {n}")).await;
        // Others' messages may come first; the ack is followed by our copy.
        let ack = loop {
            let frame = speaker.recv().await;
            if frame["type"] == "chat:ack" {
                break frame;
            }
            assert_eq!(frame["type"], "chat:message", "{frame}");
        };
        assert_eq!(ack, json!({"type": "chat:ack", "id": format!("c-{n}"), "seq": n}));
        let copy = speaker.recv().await;
        assert_eq!((copy["type"].as_str(), copy["seq"].as_u64()), (Some("chat:message"), Some(n)), "{copy}");
    }
    let log = teacher.read_log(20).await.to_vec();
    assert_eq!(seqs(&log), (1..=20).collect::<Vec<_>>());
    students[1].say("c-1", "resent").await;
    let ack = loop {
        let frame = students[1].recv().await;
        if frame["type"] == "chat:ack" {
            break frame;
        }
    };
    assert_eq!(ack, json!({"type": "chat:ack", "id": "c-1", "seq": 1}));
    let store = Store::open(dir.path()).expect("a second handle");
    let stored = store.messages(&hub.session().id, None, 100).expect("stored messages");
    assert_eq!(stored.len(), 20, "the resend stored nothing new");
    // Gone first: the shutdown would wait a second for close replies from peers nobody reads.
    drop((teacher, students));
    hub.shutdown().await.expect("clean shutdown");
}

/// A student who joins late with the crate's client sees the whole class,
/// every message once and in order, its reorder buffer fetching the older
/// pages from the store.
#[tokio::test]
async fn a_late_client_gets_the_whole_class() {
    let dir = store_support::data_dir();
    let hub = start(durable(dir.path())).await;
    let teacher = teacher_said(&hub, 75).await;
    let join = JoinAs::Student { name: "Late".into(), code: Some(common::CODE.into()) };
    let (_client, mut events) = client::connect(ClientConfig::new(hub.ws_url(), join)).expect("a ws:// url");
    let mut seen = Recording::default();
    seen.until(&mut events, "the whole class", |r| r.messages.len() >= 75).await;
    assert_eq!(seen.seqs(), (1..=75).collect::<Vec<_>>());
    // Gone first: the shutdown would wait a second for close replies from peers nobody reads.
    drop(teacher);
    within("shutdown", hub.shutdown()).await.expect("clean shutdown");
}

/// A late joiner whose client backfills on request: only the newest page
/// comes as messages; each request brings the page before the oldest
/// shown, from memory and then the store, down to the first message; a
/// live message meanwhile comes once, as a message; asking after the first
/// page says there is nothing older.
#[tokio::test]
async fn a_late_client_loads_earlier_pages_on_request() {
    let dir = store_support::data_dir();
    let hub = start(durable(dir.path())).await;
    let mut teacher = teacher_said(&hub, 75).await;
    let join = JoinAs::Student { name: "Late".into(), code: Some(common::CODE.into()) };
    let mut config = ClientConfig::new(hub.ws_url(), join);
    config.backfill = Backfill::OnRequest;
    let (client, mut events) = client::connect(config).expect("a ws:// url");
    let mut seen = Recording::default();
    seen.until(&mut events, "the newest page", |r| r.messages.len() >= 10).await;
    assert_eq!(seen.seqs(), (66..=75).collect::<Vec<_>>(), "only the welcome's page");

    client.load_earlier().await.expect("asked");
    // Asking again while the page is on its way does nothing.
    client.load_earlier().await.expect("asked");
    seen.until(&mut events, "an earlier page", |r| !r.earlier.is_empty()).await;
    assert_eq!(seen.earlier[0], ((56..=65).collect(), false));
    teacher.say("t-76", "live").await;
    let ack = loop {
        let frame = teacher.recv().await;
        if frame["type"] == "chat:ack" {
            break frame;
        }
    };
    assert_eq!(ack["seq"], 76);
    let mut pages = 1;
    while !seen.earlier.last().is_some_and(|(_, complete)| *complete) {
        client.load_earlier().await.expect("asked");
        pages += 1;
        seen.until(&mut events, "the next page", |r| r.earlier.len() >= pages).await;
        assert!(pages <= 8, "too many pages: {:?}", seen.earlier);
    }
    seen.until(&mut events, "the live message", |r| r.messages.len() >= 11).await;
    assert_eq!(seen.seqs(), (66..=76).collect::<Vec<_>>(), "live messages as before, once");
    let earlier: Vec<u64> = seen.earlier.iter().rev().flat_map(|(seqs, _)| seqs.clone()).collect();
    assert_eq!(earlier, (1..=65).collect::<Vec<_>>(), "every older message once, page by page");
    assert_eq!(seen.earlier.len(), 7, "pages of 10: {:?}", seen.earlier);

    client.load_earlier().await.expect("asked");
    seen.until(&mut events, "the answer at the start", |r| r.earlier.len() > pages).await;
    assert_eq!(seen.earlier.last(), Some(&(vec![], true)));
    // Gone first: the shutdown would wait a second for close replies from peers nobody reads.
    drop(teacher);
    within("shutdown", hub.shutdown()).await.expect("clean shutdown");
}
