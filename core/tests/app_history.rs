//! The app's class history without a window: past classes are listed with
//! what they hold; a class is resumed (same session, same code, the
//! student's app back in the same seat); a late joiner pages back through
//! it; transcripts are exported to a file; classes are deleted, by hand or
//! by the retention setting; a damaged history is reported and set aside on
//! request; a data folder that cannot be written refuses hosting; a disk
//! filling up mid-class reaches the teacher as a storage state.
//!
//! LAN discovery is off in every app here (`AppOptions::new(_, false)`).

mod app_support;
mod store_support;

use std::time::Duration;

use app_support::{event_sink, split_sink};
use classroom_core::app::{App, AppError, AppErrorKind, AppOptions, HostRequest, JoinRequest};
use classroom_core::client::{ClientEvent, CloseReason, ConnectionState};
use classroom_core::hub::{self, HubConfig};
use classroom_core::store::{ExportFormat, StorageState, Store, DB_FILE};
use store_support::{chmod, data_dir, fill, is_root, Tmpfs};
use tokio::sync::mpsc;

const WAIT: Duration = Duration::from_secs(10);

fn app(dir: &std::path::Path) -> App {
    App::new(dir, AppOptions::new(0, false))
}

fn new_class(class: &str) -> HostRequest {
    HostRequest { class: class.into(), teacher: "Mrs. Núñez".into(), resume: None }
}

fn resume(id: &str) -> HostRequest {
    HostRequest { class: String::new(), teacher: String::new(), resume: Some(id.into()) }
}

/// Waits for the first event `pick` accepts.
async fn until<E, T>(rx: &mut mpsc::UnboundedReceiver<E>, pick: impl FnMut(&E) -> Option<T>) -> T {
    app_support::first_within(WAIT, rx, pick).await
}

async fn message(rx: &mut mpsc::UnboundedReceiver<ClientEvent>, text: &str) {
    until(rx, |e| matches!(e, ClientEvent::Message(m) if m.text == text).then_some(())).await;
}

fn address(info: &classroom_core::app::HostInfo) -> String {
    let port = info.addresses[0].rsplit(':').next().expect("a port");
    format!("127.0.0.1:{port}")
}

/// A class is kept: listed after it ends with its counts, resumed with the
/// same session and code on the same port, the student's app sitting down
/// in the same seat (not refused as a taken name: the app keeps its seat
/// per address and name), history and new messages together;
/// exported as CSV a spreadsheet reads; deleted only once it is closed.
#[tokio::test]
async fn a_class_is_kept_resumed_exported_and_deleted() {
    let (teacher_dir, student_dir) = (data_dir(), data_dir());
    let port = store_support::free_addr().port();
    let teacher = App::new(teacher_dir.path(), AppOptions::new(port, false));
    assert!(teacher.past_classes().await.expect("an empty history").classes.is_empty());
    let (sink, mut teacher_events) = event_sink();
    let info = teacher.host(new_class("Physics 101"), sink).await.expect("hosting");
    assert!(!info.resumed);
    assert_eq!(info.storage, StorageState::Ok);
    let join =
        JoinRequest { address: address(&info), name: "Ada".into(), code: info.code.clone(), class: None };
    let student = app(student_dir.path());
    let (sink, mut student_events) = event_sink();
    student.join(join.clone(), sink).await.expect("joining");
    let ada = until(&mut student_events, |e| match e {
        ClientEvent::Welcome { you, .. } => Some(you.id.clone()),
        _ => None,
    })
    .await;
    student.send("Is, \"this\" on?\nÑandú".into()).await.expect("sent");
    message(&mut teacher_events, "Is, \"this\" on?\nÑandú").await;
    teacher.send("Yes".into()).await.expect("sent");
    message(&mut student_events, "Yes").await;
    let err = teacher.delete_class(info.session.clone()).await.expect_err("open now");
    assert_eq!(err.payload().kind, AppErrorKind::InvalidInput, "{err}");
    assert!(err.to_string().contains("End it there first"), "{err}");
    teacher.end_class().await.expect("ended");
    until(&mut student_events, |e| {
        matches!(e, ClientEvent::State(ConnectionState::Closed(CloseReason::Ended))).then_some(())
    })
    .await;

    let past = teacher.past_classes().await.expect("listed");
    assert_eq!(past.classes.len(), 1);
    let kept = &past.classes[0];
    assert_eq!((kept.id.as_str(), kept.class.as_str()), (info.session.as_str(), "Physics 101"));
    assert_eq!((kept.messages, kept.participants), (2, 2));
    assert!(kept.ended_at.is_some(), "ended by the teacher: {kept:?}");
    assert_eq!(past.retention_days, None);
    assert_eq!(std::path::Path::new(&past.folder), teacher_dir.path());

    // Resume: same session and code; the student's app gets its seat back.
    let (sink, mut teacher_events) = event_sink();
    let again = teacher.host(resume(&info.session), sink).await.expect("resumed");
    assert!(again.resumed);
    assert_eq!((again.session.as_str(), again.code.as_str()), (info.session.as_str(), info.code.as_str()));
    assert_eq!((again.class.as_str(), again.teacher.as_str()), ("Physics 101", "Mrs. Núñez"));
    assert_eq!(again.addresses, info.addresses);
    message(&mut teacher_events, "Yes").await;
    let join = JoinRequest { address: address(&again), ..join };
    let (sink, mut student_events) = event_sink();
    student.join(join, sink).await.expect("joining again");
    let seat = until(&mut student_events, |e| match e {
        ClientEvent::Welcome { you, .. } => Some(you.id.clone()),
        ClientEvent::State(ConnectionState::Closed(reason)) => panic!("refused: {reason:?}"),
        _ => None,
    })
    .await;
    assert_eq!(seat, ada, "the same participant, not a new one");
    message(&mut student_events, "Yes").await;
    teacher.send("Welcome back".into()).await.expect("sent");
    message(&mut student_events, "Welcome back").await;

    // Export while it runs: CSV in the UI's language (Spanish headers for
    // es-MX), read back by a CSV reader.
    let out = tempfile::tempdir().expect("a folder");
    let name = teacher.export_name(info.session.clone(), ExportFormat::Csv).await.expect("a name");
    assert!(name.starts_with("Physics 101 ") && name.ends_with(".csv"), "{name}");
    let path = out.path().join(&name);
    teacher
        .export_class(info.session.clone(), ExportFormat::Csv, "es-MX", path.clone())
        .await
        .expect("exported");
    let mut reader = csv::Reader::from_path(&path).expect("a CSV file");
    let texts: Vec<(String, String)> = reader
        .deserialize::<std::collections::HashMap<String, String>>()
        .map(|row| {
            let row = row.expect("a well-formed row");
            (row["nombre"].clone(), row["texto"].clone())
        })
        .collect();
    assert_eq!(
        texts,
        [
            ("Ada".to_owned(), "Is, \"this\" on?\nÑandú".to_owned()),
            ("Mrs. Núñez".to_owned(), "Yes".to_owned()),
            ("Mrs. Núñez".to_owned(), "Welcome back".to_owned()),
        ]
    );
    assert_eq!(std::fs::read_dir(out.path()).expect("listed").count(), 1, "no temporary file left");
    let nowhere = out.path().join("missing").join("t.md");
    let err = teacher.export_class(info.session.clone(), ExportFormat::Markdown, "en", nowhere.clone()).await;
    assert!(matches!(err, Err(AppError::History(_))), "{err:?}");
    assert!(!nowhere.exists());

    teacher.end_class().await.expect("ended");
    let left = teacher.delete_class(info.session.clone()).await.expect("deleted");
    assert!(left.classes.is_empty());
    let err =
        teacher.export_class(info.session.clone(), ExportFormat::Json, "en", path).await.expect_err("gone");
    assert_eq!(err.payload().kind, AppErrorKind::InvalidInput);
    let err = teacher.host(resume(&info.session), event_sink().0).await.expect_err("gone");
    assert_eq!(err.payload().kind, AppErrorKind::InvalidInput, "{err}");
}

/// A student who joins a resumed class of 250 messages sees the newest page;
/// earlier pages come on request, read from the store, until the first.
#[tokio::test]
async fn a_late_joiner_pages_back_through_a_stored_class() {
    let dir = data_dir();
    // A class of 250 messages, written by a hub that has stopped since.
    let store = Store::open(dir.path()).expect("the store");
    let mut config = HubConfig::new("History 3", "Mr. Ortiz");
    config.store = Some(store);
    config.limits.send_rate = 0;
    let hub = hub::start(hub::bind(([127, 0, 0, 1], 0).into()).expect("bound"), config).expect("a hub");
    let session = hub.session().id.clone();
    let join = classroom_core::client::JoinAs::Teacher { token: hub.host_token().to_owned() };
    let (client, mut client_events) =
        classroom_core::client::connect(classroom_core::client::ClientConfig::new(hub.ws_url(), join))
            .expect("a client");
    for n in 1..=250 {
        client.send(format!("message {n}")).await.expect("queued");
    }
    tokio::time::timeout(WAIT, async {
        let mut acked = 0;
        while acked < 250 {
            if let Some(ClientEvent::Acked { .. }) = client_events.next().await {
                acked += 1;
            }
        }
    })
    .await
    .expect("all acked");
    hub.shutdown().await.expect("stopped");

    let teacher = app(dir.path());
    let (sink, mut teacher_events) = event_sink();
    let info = teacher.host(resume(&session), sink).await.expect("resumed");
    message(&mut teacher_events, "message 250").await;
    let student_dir = data_dir();
    let student = app(student_dir.path());
    let (sink, mut student_events) = event_sink();
    let join =
        JoinRequest { address: address(&info), name: "Bo".into(), code: info.code.clone(), class: None };
    student.join(join, sink).await.expect("joining");
    let mut shown = Vec::new();
    while shown.len() < 100 {
        if let Some(seq) = until(&mut student_events, |e| match e {
            ClientEvent::Message(m) => Some(Some(m.seq)),
            ClientEvent::Earlier { .. } => panic!("no page was asked for"),
            _ => None,
        })
        .await
        {
            shown.push(seq);
        }
    }
    assert_eq!(shown, (151..=250).collect::<Vec<_>>(), "the newest page only");
    let mut pages = Vec::new();
    loop {
        student.load_earlier().await.expect("asked");
        let (seqs, complete) = until(&mut student_events, |e| match e {
            ClientEvent::Earlier { messages, complete } => {
                Some((messages.iter().map(|m| m.seq).collect::<Vec<_>>(), *complete))
            }
            ClientEvent::Message(m) => panic!("an older message came as a new one: {m:?}"),
            _ => None,
        })
        .await;
        pages.push(seqs);
        if complete {
            break;
        }
        assert!(pages.len() < 5, "{pages:?}");
    }
    let older: Vec<u64> = pages.iter().rev().flatten().copied().collect();
    assert_eq!(older, (1..=150).collect::<Vec<_>>());
    assert_eq!(pages.len(), 2, "pages of 100");
    assert!(matches!(teacher.load_earlier().await, Ok(())));
    student.leave().await.expect("left");
    teacher.end_class().await.expect("ended");
    assert!(matches!(student.load_earlier().await, Err(AppError::NotInClass)));
}

/// A damaged history file: listing and hosting say so (kind `damaged`, and
/// what to do); starting fresh keeps the file aside byte for byte; then
/// everything works on an empty history. Nothing panics.
#[tokio::test]
async fn a_damaged_history_is_reported_and_set_aside() {
    let dir = data_dir();
    let garbage: Vec<u8> = (0..8192u32).map(|n| (n * 13 % 251) as u8).collect();
    std::fs::write(dir.path().join(DB_FILE), &garbage).expect("written");
    let teacher = app(dir.path());
    let err = teacher.past_classes().await.expect_err("damaged");
    assert_eq!(err.payload().kind, AppErrorKind::Damaged);
    assert!(err.to_string().contains("is damaged and cannot be read"), "{err}");
    let err = teacher.host(new_class("C"), event_sink().0).await.expect_err("damaged");
    assert_eq!(err.payload().kind, AppErrorKind::Damaged);
    assert!(err.to_string().starts_with("Cannot start the class: The class history"), "{err}");
    assert!(matches!(teacher.send("hi".into()).await, Err(AppError::NotInClass)));

    let fresh = teacher.start_fresh().await.expect("started fresh");
    let kept = fresh.kept.expect("the damaged file was kept");
    assert_eq!(std::fs::read(&kept).expect("kept aside"), garbage);
    assert!(teacher.past_classes().await.expect("empty").classes.is_empty());
    teacher.host(new_class("C"), event_sink().0).await.expect("hosting now");
    assert_eq!(teacher.past_classes().await.expect("listed").classes.len(), 1);
    let again = teacher.start_fresh().await.expect("nothing to do");
    assert_eq!(again.kept, None, "a healthy history is left alone");
    teacher.end_class().await.expect("ended");
}

/// A data folder that cannot be written: hosting refuses, saying why,
/// and no class is open.
#[tokio::test]
async fn a_read_only_data_folder_refuses_hosting() {
    let mount;
    let plain;
    let dir = if is_root() {
        mount = Tmpfs::mount("ro,size=1m");
        mount.path().to_owned()
    } else {
        plain = data_dir();
        chmod(plain.path(), 0o500);
        plain.path().to_owned()
    };
    let teacher = app(&dir);
    let err = teacher.host(new_class("C"), event_sink().0).await.expect_err("refused");
    assert_eq!(err.payload().kind, AppErrorKind::Io);
    let text = err.to_string();
    assert!(text.starts_with("Cannot start the class: ") && text.contains("read-only"), "{text}");
    assert!(matches!(teacher.send("hi".into()).await, Err(AppError::NotInClass)));
    if !is_root() {
        chmod(&dir, 0o700);
    }
}

/// The disk filling up during a class reaches the teacher's app as a
/// failing storage state, and saving again once space is freed.
#[tokio::test]
async fn a_full_disk_reaches_the_teacher_as_a_storage_state() {
    if !is_root() {
        println!("skipped: needs root to mount a small tmpfs");
        return;
    }
    let disk = Tmpfs::mount("size=1m");
    let teacher = app(&disk.path().join("data"));
    let (sink, mut teacher_events, mut storage_states) = split_sink();
    teacher.host(new_class("Full"), sink).await.expect("hosting");
    until(&mut teacher_events, |e| matches!(e, ClientEvent::State(ConnectionState::Connected)).then_some(()))
        .await;
    let filler = fill(disk.path());
    teacher.send("y".repeat(1900)).await.expect("queued");
    let failing = until(&mut storage_states, |s| match s {
        StorageState::Failing { message, .. } => Some(message.clone()),
        _ => None,
    })
    .await;
    assert!(failing.contains("full"), "{failing}");
    std::fs::remove_file(filler).expect("space freed");
    until(&mut storage_states, |s| (*s == StorageState::Ok).then_some(())).await;
    until(&mut teacher_events, |e| matches!(e, ClientEvent::Acked { .. }).then_some(())).await;
    teacher.end_class().await.expect("ended");
}

/// The retention setting: refused at 0 days; kept and shown; a class older
/// than it is deleted at once, and at the next start.
#[tokio::test]
async fn retention_deletes_old_classes() {
    let dir = data_dir();
    let teacher = app(dir.path());
    let err = teacher.set_retention(Some(0)).await.expect_err("0 days");
    assert_eq!(err.payload().kind, AppErrorKind::InvalidInput);
    for class in ["Old", "New"] {
        teacher.host(new_class(class), event_sink().0).await.expect("hosting");
        teacher.end_class().await.expect("ended");
    }
    let past = teacher.set_retention(Some(30)).await.expect("set");
    assert_eq!(past.retention_days, Some(30));
    assert_eq!(past.classes.len(), 2, "both are recent");
    let old = past.classes.iter().find(|c| c.class == "Old").expect("listed").id.clone();
    let db = rusqlite::Connection::open(dir.path().join(DB_FILE)).expect("opened");
    db.execute(
        "UPDATE sessions SET last_active_at = '2026-01-01T00:00:00Z', started_at = '2026-01-01T00:00:00Z' \
         WHERE id = ?1",
        [&old],
    )
    .expect("aged");
    drop(db);
    let restarted = app(dir.path());
    let past = restarted.past_classes().await.expect("listed");
    assert_eq!(past.classes.iter().map(|c| c.class.as_str()).collect::<Vec<_>>(), ["New"]);
    assert_eq!(past.retention_days, Some(30));
    let past = restarted.set_retention(None).await.expect("cleared");
    assert_eq!(past.retention_days, None);
}
