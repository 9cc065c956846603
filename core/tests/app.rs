//! The desktop app's behaviour without a window: a teacher hosts (hub in
//! process, joined by its own client), a student joins by address, they
//! chat, and a student app that restarts comes back as the same participant.

use std::time::Duration;

use classroom_core::app::{App, AppError, HostRequest, JoinRequest};
use classroom_core::client::{ClientEvent, CloseReason, ConnectionState};
use tokio::sync::mpsc;

const WAIT: Duration = Duration::from_secs(5);

/// An event sink for [`App`] and its receiving end.
fn sink() -> (classroom_core::app::EventSink, mpsc::UnboundedReceiver<ClientEvent>) {
    let (tx, rx) = mpsc::unbounded_channel();
    (Box::new(move |event| drop(tx.send(event))), rx)
}

/// Waits for the first event `pick` accepts.
async fn until<T>(
    rx: &mut mpsc::UnboundedReceiver<ClientEvent>,
    mut pick: impl FnMut(&ClientEvent) -> Option<T>,
) -> T {
    tokio::time::timeout(WAIT, async {
        loop {
            let event = rx.recv().await.expect("events go on");
            if let Some(found) = pick(&event) {
                return found;
            }
        }
    })
    .await
    .expect("the event came in time")
}

fn data_dir(name: &str) -> std::path::PathBuf {
    std::env::temp_dir().join(format!("classroom-app-{}-{name}", std::process::id()))
}

/// Host, join, chat both ways, leave; a restarted student app gets the same
/// participant id back; ending the class closes the student as `Ended`.
#[tokio::test]
async fn host_join_chat_and_rejoin_after_a_restart() {
    let teacher_app = App::new(data_dir("teacher"), 0);
    let (teacher_sink, mut teacher_events) = sink();
    let request = HostRequest { class: " Physics 101 ".into(), teacher: "Mrs. Núñez".into() };
    let info = teacher_app.host(request.clone(), teacher_sink).await.expect("hosting starts");
    assert_eq!(info.class, "Physics 101");
    assert_eq!(info.code.len(), 6);
    assert!(!info.addresses.is_empty());
    let (again, _) = sink();
    assert!(matches!(teacher_app.host(request, again).await, Err(AppError::AlreadyInClass)));
    until(&mut teacher_events, |e| matches!(e, ClientEvent::State(ConnectionState::Connected)).then_some(()))
        .await;
    let port = info.addresses[0].rsplit(':').next().expect("a port").to_owned();

    let join =
        JoinRequest { address: format!("127.0.0.1:{port}"), name: "Ada".into(), code: info.code.clone() };
    let student_dir = data_dir("student");
    let student_app = App::new(&student_dir, 0);
    let (student_sink, mut student_events) = sink();
    student_app.join(join.clone(), student_sink).await.expect("joining starts");
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
    let restarted = App::new(&student_dir, 0);
    assert_eq!(restarted.last_join(), Some(join.clone()));
    let (sink2, mut events2) = sink();
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
    // The student's class closed on its own: the app is free for the next one.
    tokio::time::timeout(WAIT, async {
        while !matches!(restarted.send("hello?".into()).await, Err(AppError::NotInClass)) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    })
    .await
    .expect("the slot is freed after the class ended");
    let _ = std::fs::remove_dir_all(student_dir);
}

/// Bad input is refused with a message a person can act on, and changes nothing.
#[tokio::test]
async fn bad_input_is_refused_clearly() {
    let app = App::new(data_dir("bad"), 0);
    let (s1, _) = sink();
    let err = app.host(HostRequest { class: " ".into(), teacher: "T".into() }, s1).await.unwrap_err();
    assert_eq!(err.to_string(), "Please enter a class name and your name.");
    let (s2, _) = sink();
    let join = JoinRequest { address: "not an address".into(), name: "Ada".into(), code: "1".into() };
    let err = app.join(join, s2).await.unwrap_err();
    assert!(err.to_string().contains("teacher's address"), "{err}");
    assert_eq!(serde_json::to_value(&err).unwrap()["kind"], "invalidInput");
    assert!(matches!(app.leave().await, Err(AppError::NotInClass)));
}
