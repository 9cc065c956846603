//! Who is here: the welcome's participant list (paged in a large class),
//! joins as deltas, and `/health`.

mod common;

use std::collections::HashSet;

use common::{class, config, health, online, paused_config, start, Peer, CLASS, TEACHER};
use serde_json::{json, Value};

/// A participant record as the welcome lists it.
fn record(peer: &Peer, online: bool) -> Value {
    let you = &peer.welcome["you"];
    json!({"id": you["id"], "name": you["name"], "role": you["role"], "online": online})
}

/// The welcome lists everyone, the joiner first; after it, each arrival
/// reaches the others as a delta (`participant:joined`, or
/// `participants:joined` for a burst), never as the whole list again.
#[tokio::test]
async fn joins_arrive_as_deltas_after_a_full_welcome() {
    let hub = start(config()).await;
    let mut teacher = Peer::teacher(&hub).await;
    assert_eq!(teacher.welcome["participants"], json!([record(&teacher, true)]));
    assert_eq!(teacher.welcome["session"]["class"], CLASS);
    assert_eq!(teacher.welcome["session"]["teacher"], TEACHER);
    teacher.await_online(&[&teacher.id()]).await;

    let mut ada = Peer::student(&hub, "Ada").await;
    assert_eq!(ada.welcome["participants"], json!([record(&ada, true), record(&teacher, true)]));
    assert_eq!(
        teacher.recv().await,
        json!({"type": "participant:joined", "participant": record(&ada, true)})
    );
    ada.await_online(&[&ada.id()]).await;

    // Ada leaves: she stays on the list, offline.
    let ada_record = record(&ada, false);
    ada.close().await;
    teacher.expect_left(ada_record["id"].as_str().unwrap(), "left").await;
    let bo = Peer::student(&hub, "Bo").await;
    assert_eq!(bo.welcome["participants"], json!([record(&bo, true), record(&teacher, true), ada_record]));
    teacher.await_online(&[&bo.id()]).await;

    // A burst: five join at once. The teacher hears of exactly those five,
    // each once (batched as the hub likes), and of nobody else.
    let names = ["Cy", "Dee", "Eli", "Fay", "Gus"];
    let burst = futures_util::future::join_all(names.iter().map(|name| Peer::student(&hub, name))).await;
    let ids: Vec<String> = burst.iter().map(Peer::id).collect();
    teacher.await_online(&ids.iter().map(String::as_str).collect::<Vec<_>>()).await;
    // The next frame is this message: no list was sent again meanwhile.
    teacher.say("t-1", "Welcome, all.").await;
    assert_eq!(teacher.recv_kind("chat:ack").await["seq"], 1);
}

/// A student who joins and leaves within one batching window (a flaky
/// Chromebook) is still announced, then marked offline: the teacher lists
/// the offline seat, as a late joiner's welcome does.
#[tokio::test]
async fn a_join_and_leave_within_one_batch_still_lists_the_seat() {
    let mut config = config();
    // Long enough that the close surely lands inside the window.
    config.limits.presence_coalesce = std::time::Duration::from_secs(1);
    let hub = start(config).await;
    let mut teacher = Peer::teacher(&hub).await;
    teacher.await_online(&[&teacher.id()]).await;

    let ada = Peer::student(&hub, "Ada").await;
    let ada_online = record(&ada, true);
    let ada_id = ada.id();
    ada.close().await;
    assert_eq!(teacher.recv().await, json!({"type": "participant:joined", "participant": ada_online}));
    teacher.expect_left(&ada_id, "left").await;

    let bo = Peer::student(&hub, "Bo").await;
    let listed: Vec<Value> = bo.roster().into_iter().filter(|p| p["id"] == ada_id.as_str()).collect();
    assert_eq!(listed, [json!({"id": ada_id, "name": "Ada", "role": "student", "online": false})]);
}

/// When many drop at once (a classroom's Wi-Fi going down), the others hear
/// of each departure exactly once, in few frames (`participants:left`
/// batches), and the hub's fan-out keeps up: nobody healthy is cut off.
// Paused time: the hub and every peer run in this runtime, so a batching
// window ends (the clock jumps) only once nothing else can happen.
#[tokio::test(start_paused = true)]
async fn departures_at_once_arrive_as_deltas() {
    let mut config = paused_config();
    // Six closes at once fall in one window however busy the machine: it
    // ends only when the runtime has nothing left to do.
    config.limits.presence_coalesce = std::time::Duration::from_millis(300);
    let hub = start(config).await;
    let names = ["Ada", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus"];
    let (mut teacher, mut students) = class(&hub, &names).await;
    let staying = students.pop().expect("seven students");
    let ids: Vec<String> = students.iter().map(Peer::id).collect();
    futures_util::future::join_all(students.into_iter().map(Peer::close)).await;

    let frames = teacher.await_offline(&ids.iter().map(String::as_str).collect::<Vec<_>>(), "left").await;
    assert!(frames < ids.len(), "six departures at once should be batched, took {frames} frames");
    // Nothing else came meanwhile, and the one who stayed is still in.
    teacher.say("t-1", "Still here?").await;
    assert_eq!(teacher.recv_kind("chat:ack").await["seq"], 1);
    assert_eq!(online(&hub).await, 2);
    drop(staying);
}

/// In a class larger than `participants_page`, the welcome holds the first
/// page (the joiner first) and `participants:page` frames follow at once;
/// together they list everyone exactly once.
#[tokio::test]
async fn a_large_class_gets_its_list_in_pages() {
    let mut config = config();
    config.limits.participants_page = 3;
    let hub = start(config).await;
    let names = ["Ada", "Bo", "Cy", "Dee", "Eli", "Fay", "Gus"];
    let (teacher, students) = class(&hub, &names).await;

    let mut newcomer = Peer::student(&hub, "Hal").await;
    assert_eq!(newcomer.welcome["participants"].as_array().unwrap().len(), 3);
    // Presence goes on as deltas, after the pages.
    newcomer.await_online(&[&newcomer.id()]).await;
    // 9 participants: the welcome's 3, then pages of 3 and 3.
    assert_eq!(newcomer.pages.len(), 2, "{:?}", newcomer.pages);
    let roster = newcomer.roster();
    assert_eq!(roster[0], record(&newcomer, true), "the joiner first");
    let ids: Vec<&str> = roster.iter().map(|p| p["id"].as_str().unwrap()).collect();
    let unique: HashSet<&str> = ids.iter().copied().collect();
    assert_eq!(unique.len(), ids.len(), "listed twice: {ids:?}");
    let mut expected: HashSet<String> = students.iter().map(Peer::id).collect();
    expected.insert(teacher.id());
    expected.insert(newcomer.id());
    assert_eq!(unique, expected.iter().map(String::as_str).collect());
    assert!(roster.iter().all(|p| p["online"] == true));
}

/// `GET /health` answers `{"ok":true,"protocol":1,"class":…,"participants":N}`
/// with N the participants online now.
#[tokio::test]
async fn health_reports_the_class_and_who_is_online() {
    let hub = start(config()).await;
    assert_eq!(health(&hub).await, json!({"ok": true, "protocol": 1, "class": CLASS, "participants": 0}));
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    assert_eq!(health(&hub).await, json!({"ok": true, "protocol": 1, "class": CLASS, "participants": 2}));
    let ada = students.pop().expect("Ada");
    let ada_id = ada.id();
    ada.close().await;
    teacher.expect_left(&ada_id, "left").await;
    assert_eq!(health(&hub).await["participants"], 1);
}

/// Typing reaches the others with the typist's id; a burst of `true` (a
/// keystroke each) is forwarded once per `typing_interval`, and `false`
/// only after a forwarded `true`.
#[tokio::test]
async fn typing_is_forwarded_and_throttled() {
    let mut config = config();
    config.limits.typing_interval = std::time::Duration::from_secs(60);
    let hub = start(config).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let ada = &mut students[0];

    for _ in 0..5 {
        ada.send(json!({"type": "typing", "active": true})).await;
    }
    ada.send(json!({"type": "typing", "active": false})).await;
    ada.send(json!({"type": "typing", "active": false})).await;
    // A message after the typing frames: everything before it has arrived.
    ada.say("a-1", "done typing").await;

    assert_eq!(teacher.recv().await, json!({"type": "typing", "from": ada.id(), "active": true}));
    assert_eq!(teacher.recv().await, json!({"type": "typing", "from": ada.id(), "active": false}));
    assert_eq!(teacher.recv_kind("chat:message").await["text"], "done typing");
}
