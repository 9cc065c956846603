//! The one event stream from the app to a UI: everything about a message
//! comes after the `queued` event that names it, a class that closes on its
//! own frees the app before its `Closed` is told, and the resume token (a
//! secret) never reaches the UI.
//!
//! LAN discovery is off (`AppOptions::new(_, false)`): no mDNS here.

mod app_support;

use std::sync::{Arc, Mutex};
use std::time::Duration;

use app_support::{event_sink, first_within};
use classroom_core::app::{
    App, AppError, AppEvent, AppOptions, EventSink, HostInfo, HostRequest, JoinRequest,
};
use classroom_core::client::{ClientEvent, CloseReason, ConnectionState};
use classroom_core::protocol::ErrorCode;
use tokio::sync::mpsc;

const WAIT: Duration = Duration::from_secs(5);

async fn until<T>(
    rx: &mut mpsc::UnboundedReceiver<ClientEvent>,
    pick: impl FnMut(&ClientEvent) -> Option<T>,
) -> T {
    first_within(WAIT, rx, pick).await
}

fn data_dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("classroom-app-events-{}-{name}", std::process::id()))
}

async fn hosting(dir: &std::path::Path) -> (App, HostInfo, mpsc::UnboundedReceiver<ClientEvent>) {
    let app = App::new(dir, AppOptions::new(0, false));
    let (sink, mut events) = event_sink();
    let request = HostRequest { class: "Physics 101".into(), teacher: "Mrs. Núñez".into(), resume: None };
    let info = app.host(request, sink).await.expect("hosting starts");
    until(&mut events, |e| matches!(e, ClientEvent::State(ConnectionState::Connected)).then_some(())).await;
    (app, info, events)
}

fn join_request(info: &HostInfo, name: &str) -> JoinRequest {
    let port = info.addresses[0].rsplit(':').next().expect("a port");
    JoinRequest {
        address: format!("127.0.0.1:{port}"),
        name: name.into(),
        code: info.code.clone(),
        class: None,
    }
}

/// The student's id, once welcomed.
async fn welcomed(events: &mut mpsc::UnboundedReceiver<ClientEvent>) -> String {
    until(events, |e| match e {
        ClientEvent::Welcome { you, .. } => Some(you.id.clone()),
        _ => None,
    })
    .await
}

/// A message's `queued` (with the id `send` returns) comes before anything
/// else about it: its ack and own copy, or its refusal. So a UI never has
/// to hold a refusal for an id it does not know yet.
#[tokio::test]
async fn everything_about_a_message_follows_its_queued_event() {
    let dir = data_dir("queued");
    let (teacher, info, _teacher_events) = hosting(&dir).await;
    let student = App::new(dir.join("student"), AppOptions::new(0, false));
    let (sink, mut events) = event_sink();
    student.join(join_request(&info, "Ada"), sink).await.expect("joining");
    welcomed(&mut events).await;

    let sent = student.send("Hello".into()).await.expect("queued");
    let too_long = student.send("x".repeat(2001)).await.expect("queued (the hub refuses it)");
    assert_ne!(sent, too_long);
    let mut seen: Vec<String> = Vec::new();
    first_within(WAIT, &mut events, |event| {
        match event {
            ClientEvent::Queued { client_id, text } => {
                let expected = if *client_id == sent { "Hello".to_owned() } else { "x".repeat(2001) };
                assert_eq!(*text, expected);
                seen.push(format!("queued {client_id}"));
            }
            ClientEvent::Acked { client_id, .. } => seen.push(format!("acked {client_id}")),
            ClientEvent::Message(entry) => seen.push(format!("message {}", entry.client_id)),
            ClientEvent::Refused { client_id: Some(id), code, .. } => {
                assert_eq!(*code, ErrorCode::TooLong);
                seen.push(format!("refused {id}"));
            }
            _ => {}
        }
        (seen.len() == 5).then_some(())
    })
    .await;
    let at = |what: &str| seen.iter().position(|s| s == what).unwrap_or_else(|| panic!("{what} in {seen:?}"));
    assert!(at(&format!("queued {sent}")) < at(&format!("acked {sent}")), "{seen:?}");
    assert!(at(&format!("queued {sent}")) < at(&format!("message {sent}")), "{seen:?}");
    assert!(at(&format!("queued {too_long}")) < at(&format!("refused {too_long}")), "{seen:?}");
    teacher.end_class().await.expect("ending");
    let _ = std::fs::remove_dir_all(dir);
}

/// A student the teacher removes is told `Closed(Removed)` only once the
/// app has let the class go: at that moment it is in no class, and can
/// join the next one at once (the UI never has to call leave first).
#[tokio::test]
async fn a_class_that_closes_on_its_own_frees_the_app_before_saying_so() {
    let dir = data_dir("closed");
    let (teacher, info, _teacher_events) = hosting(&dir).await;
    let student = Arc::new(App::new(dir.join("student"), AppOptions::new(0, false)));
    // What the app answered, asked from inside the sink at the moment the
    // UI hears `Closed`: as a UI would, on the same event.
    let (tx, mut events) = mpsc::unbounded_channel();
    let at_close = Arc::new(Mutex::new(None));
    let sink: EventSink = {
        let (student, at_close) = (Arc::clone(&student), Arc::clone(&at_close));
        Box::new(move |event| {
            if let AppEvent::Class(event) = event {
                if matches!(event, ClientEvent::State(ConnectionState::Closed(_))) {
                    let answer = futures_now(student.load_earlier());
                    *at_close.lock().expect("not poisoned") = Some(answer);
                }
                drop(tx.send(event));
            }
        })
    };
    student.join(join_request(&info, "Ada"), sink).await.expect("joining");
    let ada = welcomed(&mut events).await;
    teacher.remove_student(ada, false).await.expect("removing");
    until(&mut events, |e| {
        matches!(e, ClientEvent::State(ConnectionState::Closed(CloseReason::Removed))).then_some(())
    })
    .await;
    let answer = at_close.lock().expect("not poisoned").take().expect("asked at close");
    assert!(matches!(answer, Err(AppError::NotInClass)), "{answer:?}");
    // And the next class can be joined straight away.
    let (sink, mut again) = event_sink();
    student.join(join_request(&info, "Ada B"), sink).await.expect("the app is free");
    welcomed(&mut again).await;
    student.leave().await.expect("leaving");
    teacher.end_class().await.expect("ending");
    let _ = std::fs::remove_dir_all(dir);
}

/// Runs a future that does not wait on anything (here: a refusal decided
/// under the slot's lock) to its end, from synchronous code.
fn futures_now<F: std::future::Future>(future: F) -> F::Output {
    let waker = std::task::Waker::noop();
    let mut cx = std::task::Context::from_waker(waker);
    let mut future = std::pin::pin!(future);
    match future.as_mut().poll(&mut cx) {
        std::task::Poll::Ready(output) => output,
        std::task::Poll::Pending => panic!("the app waited on something while answering"),
    }
}

/// The resume token (it lets whoever holds it take the student's seat) is
/// kept by the app on disk and never appears in anything the UI receives.
#[tokio::test]
async fn the_resume_token_never_reaches_the_ui() {
    let dir = data_dir("token");
    let (teacher, info, _teacher_events) = hosting(&dir).await;
    let student_dir = dir.join("student");
    let student = App::new(&student_dir, AppOptions::new(0, false));
    let seen = Arc::new(Mutex::new(Vec::<String>::new()));
    let (tx, mut events) = mpsc::unbounded_channel();
    let sink: EventSink = {
        let seen = Arc::clone(&seen);
        Box::new(move |event| {
            seen.lock().expect("not poisoned").push(serde_json::to_string(&event).expect("json"));
            if let AppEvent::Class(event) = event {
                drop(tx.send(event));
            }
        })
    };
    student.join(join_request(&info, "Ada"), sink).await.expect("joining");
    welcomed(&mut events).await;
    student.send("Hi".into()).await.expect("queued");
    until(&mut events, |e| matches!(e, ClientEvent::Message(m) if m.text == "Hi").then_some(())).await;
    student.leave().await.expect("leaving");
    let places = std::fs::read_to_string(student_dir.join("places.json")).expect("the seat is kept");
    let json: serde_json::Value = serde_json::from_str(&places).expect("json");
    let tokens: Vec<String> = json["tokens"]
        .as_object()
        .expect("tokens")
        .values()
        .filter_map(|token| token.as_str().map(str::to_owned))
        .collect();
    assert_eq!(tokens.len(), 1, "{places}");
    let seen = seen.lock().expect("not poisoned").clone();
    assert!(seen.iter().any(|e| e.contains("\"welcome\"")), "{seen:?}");
    for event in &seen {
        assert!(!event.contains(&tokens[0]), "the token reached the UI: {event}");
    }
    teacher.end_class().await.expect("ending");
    let _ = std::fs::remove_dir_all(dir);
}

/// Someone guessing the class code is told to the teacher once it is
/// more than a mistyped code or two (`GUESSING_ALERT_AT` wrong codes in a
/// minute), and a new code from `change_code` ends it: the alert is taken
/// back, and a student with the new code gets in.
#[tokio::test]
async fn the_teacher_is_told_of_guessing_and_a_new_code_ends_it() {
    use classroom_core::app::HostEvent;
    use classroom_core::app::GUESSING_ALERT_AT;
    use futures_util::{SinkExt, StreamExt};

    let dir = data_dir("guessing");
    let app = App::new(&dir, AppOptions::new(0, false));
    let (tx, mut host_events) = mpsc::unbounded_channel();
    let sink: EventSink = Box::new(move |event| {
        if let AppEvent::Host(HostEvent::Guessing { wrong_codes }) = event {
            let _ = tx.send(wrong_codes);
        }
    });
    let request = HostRequest { class: "Physics 101".into(), teacher: "Mrs. Núñez".into(), resume: None };
    let info = app.host(request, sink).await.expect("hosting starts");
    let port = info.addresses[0].rsplit(':').next().expect("a port").to_owned();
    let url = format!("ws://127.0.0.1:{port}/ws");

    for n in 0..GUESSING_ALERT_AT {
        let (mut ws, _) = tokio_tungstenite::connect_async(url.as_str()).await.expect("connected");
        let guess =
            serde_json::json!({"type": "student:join", "name": format!("Guess {n}"), "code": "000000"});
        ws.send(guess.to_string().into()).await.expect("sent");
        let refusal = tokio::time::timeout(WAIT, ws.next()).await.expect("an answer").expect("a frame");
        assert!(refusal.expect("a frame").to_string().contains("bad_code"));
    }
    let told = first_within(WAIT, &mut host_events, |&count| Some(count)).await;
    assert_eq!(told, GUESSING_ALERT_AT, "told at the threshold, not before");

    let code = app.change_code().await.expect("a new code");
    assert_ne!(code, info.code);
    assert_eq!(first_within(WAIT, &mut host_events, |&count| Some(count)).await, 0, "the alert ends");
    let student = App::new(dir.join("student"), AppOptions::new(0, false));
    let (sink, mut events) = event_sink();
    let mut join = join_request(&info, "Ada");
    join.code = code;
    student.join(join, sink).await.expect("joining");
    welcomed(&mut events).await;
    student.leave().await.expect("leaving");
    app.end_class().await.expect("ending");
    let err = app.change_code().await.expect_err("no class any more");
    assert!(matches!(err, AppError::NotInClass), "{err}");
    let _ = std::fs::remove_dir_all(dir);
}
