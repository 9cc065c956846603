//! The desktop app's behaviour without a window: a teacher hosts (hub in
//! process, joined by its own client), a student joins by address or picks
//! the class from the LAN list, they chat, and a student app that restarts
//! comes back as the same participant.
//!
//! LAN discovery is off in every app here (`AppOptions::new(_, false)`, the
//! `--no-mdns` of the desktop app): mDNS never runs in the machine's own
//! network namespace, where its multicast would leave the machine. The
//! lists built from a real mDNS browse are tested in tests/lab/.

mod app_support;

use std::time::Duration;

use std::collections::BTreeMap;

use app_support::event_sink;
use classroom_core::app::{
    AdvertiseStatus, App, AppError, AppOptions, HostRequest, InvalidInput, JoinRequest, RecentClass,
};
use classroom_core::client::{ClientEvent, CloseReason, ConnectionState};
use classroom_core::discovery::{BrowseStop, ClassEvent, Compatibility, DiscoveredClass};
use tokio::sync::mpsc;

const WAIT: Duration = Duration::from_secs(5);

/// Waits for the first event `pick` accepts.
async fn until<T>(
    rx: &mut mpsc::UnboundedReceiver<ClientEvent>,
    pick: impl FnMut(&ClientEvent) -> Option<T>,
) -> T {
    app_support::first_within(WAIT, rx, pick).await
}

fn data_dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("classroom-app-{}-{name}", std::process::id()))
}

/// An app with LAN discovery off, hosting on any free port.
fn app(dir: impl Into<std::path::PathBuf>) -> App {
    App::new(dir, AppOptions::new(0, false))
}

/// Host, join, chat both ways, leave; a restarted student app gets the same
/// participant id back; ending the class closes the student as `Ended`.
#[tokio::test]
async fn host_join_chat_and_rejoin_after_a_restart() {
    let teacher_app = app(data_dir("teacher"));
    let (teacher_sink, mut teacher_events) = event_sink();
    let request = HostRequest { class: " Physics 101 ".into(), teacher: "Mrs. Núñez".into(), resume: None };
    let info = teacher_app.host(request.clone(), teacher_sink).await.expect("hosting starts");
    assert_eq!(info.class, "Physics 101");
    assert_eq!(info.code.len(), 6);
    assert!(!info.addresses.is_empty());
    // Where students go without the LAN list: the web client's page at the
    // first address as a link and a QR code of it (a phone opens it); with
    // the code in it when asked; discovery off says so.
    assert!(info.web, "the app's class serves the web client (npm run build:web first)");
    assert_eq!(info.join_link, format!("http://{}/", info.addresses[0]));
    let qr = info.qr.as_ref().expect("a QR code");
    assert_eq!(qr.text, info.join_link);
    assert!(qr.size >= 21 && qr.path.starts_with('M'), "{qr:?}");
    let coded = teacher_app.join_link(true).expect("the link with the code");
    assert_eq!(coded.link, format!("http://{}/#code={}", info.addresses[0], info.code));
    assert!(coded.with_code);
    assert_eq!(coded.qr.as_ref().map(|qr| qr.text.as_str()), Some(coded.link.as_str()));
    let plain = teacher_app.join_link(false).expect("the link");
    assert_eq!((plain.link.as_str(), plain.with_code), (info.join_link.as_str(), false));
    assert_eq!(info.advertising, AdvertiseStatus::Off);
    let json = serde_json::to_value(&info).expect("json");
    assert_eq!(json["advertising"], serde_json::json!({"state": "off"}));
    assert_eq!(json["join_link"], info.join_link.as_str());
    let (again, _) = event_sink();
    assert!(matches!(teacher_app.host(request, again).await, Err(AppError::AlreadyInClass)));
    until(&mut teacher_events, |e| matches!(e, ClientEvent::State(ConnectionState::Connected)).then_some(()))
        .await;
    let port = info.addresses[0].rsplit(':').next().expect("a port").to_owned();

    let join = JoinRequest {
        address: format!("127.0.0.1:{port}"),
        name: "Ada".into(),
        code: info.code.clone(),
        class: None,
    };
    let student_dir = data_dir("student");
    let student_app = app(&student_dir);
    let (student_sink, mut student_events) = event_sink();
    student_app.join(join.clone(), student_sink).await.expect("joining starts");
    assert!(
        matches!(student_app.join_link(true), Err(AppError::InvalidInput(InvalidInput::NotHosting))),
        "only the hosting teacher has a join link"
    );
    let ada = until(&mut student_events, |e| match e {
        ClientEvent::Welcome { you, .. } => Some(you.id.clone()),
        _ => None,
    })
    .await;

    student_app.send("Hello, Mrs. Núñez".into()).await.expect("sent");
    let text = until(&mut teacher_events, |e| match e {
        ClientEvent::Message(entry) => Some(entry.text.clone()),
        _ => None,
    })
    .await;
    assert_eq!(text, "Hello, Mrs. Núñez");
    teacher_app.send("Welcome, Ada".into()).await.expect("sent");
    until(&mut student_events, |e| {
        matches!(e, ClientEvent::Message(m) if m.text == "Welcome, Ada").then_some(())
    })
    .await;

    // The app quits without leaving (a crash, a closed lid): a new app with
    // the same data folder sits down as the same participant.
    drop(student_app);
    let restarted = app(&student_dir);
    assert_eq!(restarted.last_join(), Some(join.clone()));
    let (sink2, mut events2) = event_sink();
    restarted.join(join, sink2).await.expect("joining again starts");
    let again = until(&mut events2, |e| match e {
        ClientEvent::Welcome { you, .. } => Some(you.id.clone()),
        _ => None,
    })
    .await;
    assert_eq!(again, ada, "the same participant, not a new one");
    // The welcome's newest page shows what was said before the restart.
    until(&mut events2, |e| matches!(e, ClientEvent::Message(m) if m.text == "Welcome, Ada").then_some(()))
        .await;

    teacher_app.end_class().await.expect("the class ends");
    until(&mut events2, |e| {
        matches!(e, ClientEvent::State(ConnectionState::Closed(CloseReason::Ended))).then_some(())
    })
    .await;
    assert!(matches!(teacher_app.send("anyone?".into()).await, Err(AppError::NotInClass)));
    // The student's class closed on its own, and the app let it go before
    // saying so: it is free for the next one at once.
    assert!(matches!(restarted.send("hello?".into()).await, Err(AppError::NotInClass)));
    let _ = std::fs::remove_dir_all(student_dir);
}

/// Bad input is refused with a message a person can act on, and changes nothing.
#[tokio::test]
async fn bad_input_is_refused_clearly() {
    let app = app(data_dir("bad"));
    let (s1, _) = event_sink();
    let err =
        app.host(HostRequest { class: " ".into(), teacher: "T".into(), resume: None }, s1).await.unwrap_err();
    assert_eq!(err.to_string(), "Please enter a class name and your name.");
    let (s2, _) = event_sink();
    let join =
        JoinRequest { address: "not an address".into(), name: "Ada".into(), code: "1".into(), class: None };
    let err = app.join(join, s2).await.unwrap_err();
    assert!(err.to_string().contains("teacher's address"), "{err}");
    assert_eq!(serde_json::to_value(&err).unwrap()["kind"], "invalidInput");
    assert!(matches!(app.leave().await, Err(AppError::NotInClass)));
}

fn class_from_the_list(addresses: &[&str], port: u16) -> DiscoveredClass {
    DiscoveredClass {
        id: "Physics 101._classroom._tcp.local.".to_owned(),
        instance: "Physics 101".to_owned(),
        name: "Mrs. Núñez — Physics 101".to_owned(),
        class: Some("Physics 101".to_owned()),
        teacher: Some("Mrs. Núñez".to_owned()),
        session: None,
        protocol: Some(1),
        compatibility: Compatibility::Supported,
        code_required: Some(true),
        path: "/ws".to_owned(),
        host: "classroom-test.local.".to_owned(),
        port,
        addresses: addresses.iter().map(|a| a.parse().expect("ip")).collect(),
        txt: BTreeMap::new(),
    }
}

/// A student picks a class from the LAN list: its addresses are tried best
/// first (the first refuses, the second answers), the student gets in, and
/// the class is remembered among the recent ones with the address that
/// worked; the last join is that address, for the form next time. The
/// class as the UI sends it back (JSON) is what the app takes.
#[tokio::test]
async fn join_a_class_picked_from_the_list_and_remember_it() {
    let teacher_app = app(data_dir("list-teacher"));
    let (teacher_sink, _teacher_events) = event_sink();
    let request = HostRequest { class: "Physics 101".into(), teacher: "Mrs. Núñez".into(), resume: None };
    let info = teacher_app.host(request, teacher_sink).await.expect("hosting starts");
    let port: u16 = info.addresses[0].rsplit(':').next().expect("a port").parse().expect("a number");

    // The hub listens on IPv4 only: [::1] refuses at once, 127.0.0.1 answers.
    let listed = class_from_the_list(&["::1", "127.0.0.1"], port);
    let from_ui: DiscoveredClass = serde_json::from_value(serde_json::to_value(&listed).expect("json"))
        .expect("the UI's copy reads back");
    assert_eq!(from_ui, listed);
    let student_dir = data_dir("list-student");
    let _ = std::fs::remove_dir_all(&student_dir);
    let student_app = app(&student_dir);
    assert!(student_app.recent_classes().is_empty());
    let (student_sink, mut student_events) = event_sink();
    let join = JoinRequest {
        address: String::new(),
        name: "Ada".into(),
        code: info.code.clone(),
        class: Some(from_ui),
    };
    student_app.join(join, student_sink).await.expect("joining starts");
    until(&mut student_events, |e| matches!(e, ClientEvent::Welcome { .. }).then_some(())).await;

    let address = format!("127.0.0.1:{port}");
    let recent =
        RecentClass { class: "Physics 101".into(), teacher: "Mrs. Núñez".into(), address: address.clone() };
    assert_eq!(student_app.recent_classes(), std::slice::from_ref(&recent));
    let last = student_app.last_join().expect("remembered");
    assert_eq!((last.address.as_str(), last.name.as_str(), last.class), (address.as_str(), "Ada", None));
    student_app.leave().await.expect("left");
    // Another app on the same data folder lists it too.
    assert_eq!(app(&student_dir).recent_classes(), [recent]);
    teacher_app.end_class().await.expect("ended");
    let _ = std::fs::remove_dir_all(student_dir);
}

/// A class from the list that needs a newer app is refused with that
/// reason (retrying will not help: `invalidInput`); one whose addresses all
/// refuse says so and that typing the address is the way out (`io`).
/// Neither leaves the app in a class.
#[tokio::test]
async fn classes_from_the_list_that_cannot_be_joined_say_why() {
    let free = std::net::TcpListener::bind("127.0.0.1:0").expect("bind");
    let port = free.local_addr().expect("addr").port();
    drop(free);
    let app = app(data_dir("list-bad"));
    let join = |class| JoinRequest {
        address: String::new(),
        name: "Ada".into(),
        code: "1".into(),
        class: Some(class),
    };

    let mut newer = class_from_the_list(&["127.0.0.1"], port);
    newer.compatibility = Compatibility::NeedsNewerApp;
    newer.protocol = Some(2);
    let (s1, _) = event_sink();
    let err = app.join(join(newer), s1).await.expect_err("needs a newer app");
    assert!(err.to_string().contains("needs a newer app"), "{err}");
    assert_eq!(serde_json::to_value(&err).expect("json")["kind"], "invalidInput");

    let (s2, _) = event_sink();
    let err = tokio::time::timeout(WAIT, app.join(join(class_from_the_list(&["127.0.0.1"], port)), s2))
        .await
        .expect("in time")
        .expect_err("nothing listens");
    let message = err.to_string();
    assert!(
        message.starts_with("Cannot join “Mrs. Núñez — Physics 101”: none of the class's addresses"),
        "{message}"
    );
    assert!(message.contains(&format!("127.0.0.1:{port}")), "{message}");
    assert!(message.ends_with("type it instead."), "{message}");
    assert_eq!(serde_json::to_value(&err).expect("json")["kind"], "io");
    assert!(matches!(app.leave().await, Err(AppError::NotInClass)));
}

/// With discovery off the app never starts mDNS: browsing answers with one
/// `stopped` event that says why, stopping is harmless, and a hosted class
/// stays unadvertised when advertising is retried; a student cannot
/// advertise, and neither can an app in no class.
#[tokio::test]
async fn discovery_off_means_no_mdns_and_says_so() {
    let app = app(data_dir("off"));
    let (tx, mut rx) = mpsc::unbounded_channel();
    app.browse(Box::new(move |event| drop(tx.send(event)))).await.expect("browse answers");
    let event = tokio::time::timeout(WAIT, rx.recv()).await.expect("in time").expect("an event");
    match event {
        ClassEvent::Stopped { reason, code } => {
            assert!(reason.contains("--no-mdns"), "{reason}");
            assert_eq!(code, BrowseStop::DiscoveryOff, "a code for the UI to word");
        }
        other => panic!("expected Stopped, got {other:?}"),
    }
    app.stop_browsing().await;
    assert!(matches!(app.retry_advertising().await, Err(AppError::NotInClass)));

    let (s, _) = event_sink();
    let info = app
        .host(HostRequest { class: "C".into(), teacher: "T".into(), resume: None }, s)
        .await
        .expect("hosting");
    assert_eq!(info.advertising, AdvertiseStatus::Off);
    assert_eq!(app.retry_advertising().await.expect("a status"), AdvertiseStatus::Off);
    let port = info.addresses[0].rsplit(':').next().expect("a port").to_owned();

    let student = self::app(data_dir("off-student"));
    let (s, mut events) = event_sink();
    let join = JoinRequest {
        address: format!("ws://127.0.0.1:{port}/ws"),
        name: "Ada".into(),
        code: info.code,
        class: None,
    };
    student.join(join, s).await.expect("joining by join link");
    until(&mut events, |e| matches!(e, ClientEvent::Welcome { .. }).then_some(())).await;
    let err = student.retry_advertising().await.expect_err("not the teacher");
    assert_eq!(serde_json::to_value(&err).expect("json")["kind"], "invalidInput");
    app.end_class().await.expect("ended");
}
