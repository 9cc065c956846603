//! The store's files on a real disk: a damaged database is reported as
//! such and can be set aside; a read-only or full data folder makes hosting
//! refuse (and a disk filling up mid-class stops acks, not the class); a
//! new or empty file is migrated; deleting a class leaves no trace of it in
//! the files; retention deletes old classes only.
//!
//! The read-only and full cases need a file system of their own: run as
//! root (as CI does), they mount small tmpfs file systems; otherwise the
//! read-only case uses `chmod` and the full-disk cases are skipped (said so
//! on stdout).

mod common;
mod store_support;

use std::path::{Path, PathBuf};
use std::time::Duration;

use classroom_core::store::{Durability, Store, StoreError, DB_FILE};
use serde_json::json;
use store_support::{
    chmod, data_dir, fill, free_addr, host_args, is_root, run, strs, Host, Peer, Tmpfs, CODE,
};

fn host_class_args(dir: &Path, addr: std::net::SocketAddr) -> Vec<String> {
    let mut args = host_args(dir, addr, &std::env::temp_dir().join(format!("tok-{}", addr.port())));
    args.extend(["--class", "Files 101", "--teacher", "T", "--code", CODE].map(String::from));
    args
}

/// A file that is not a database is reported as damaged (not a crash, not
/// a generic error): the library says so, `classroom host` says what to do,
/// and starting fresh keeps the damaged file aside, byte for byte.
#[tokio::test]
async fn a_damaged_database_is_reported_and_can_be_set_aside() {
    let dir = data_dir();
    let garbage: Vec<u8> = (0..8192u32).map(|n| (n * 7 % 251) as u8).collect();
    std::fs::write(dir.path().join(DB_FILE), &garbage).unwrap();
    let err = Store::open(dir.path()).expect_err("garbage is no database");
    assert!(matches!(err, StoreError::Corrupt { .. }), "{err:?}");
    assert!(err.is_damaged() && !err.retry_helps());

    let addr = free_addr();
    let args = host_class_args(dir.path(), addr);
    let printed = Host::try_start(&strs(&args)).await.err().expect("hosting refuses");
    assert!(printed.contains("damaged") && printed.contains("--start-fresh"), "{printed}");

    let mut fresh = args.clone();
    fresh.push("--start-fresh".into());
    let host = Host::start(&strs(&fresh)).await;
    assert!(host.printed("moved to"), "the host says where the damaged file went");
    host.kill_9().await;
    let kept: Vec<PathBuf> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.to_string_lossy().contains("damaged") && p.extension().is_some_and(|e| e == "db"))
        .collect();
    assert_eq!(kept.len(), 1, "{kept:?}");
    assert_eq!(std::fs::read(&kept[0]).unwrap(), garbage, "kept as it was");
    assert_eq!(Store::open(dir.path()).expect("the fresh store").classes().unwrap().len(), 1);
}

/// A database cut short, or one from a newer Classroom, is damaged too;
/// `Store::start_fresh` moves it (and its WAL) aside and opens an empty one.
#[tokio::test]
async fn truncated_and_too_new_databases_are_damaged() {
    let dir = data_dir();
    {
        let hub = common::start({
            let mut config = common::config();
            config.store = Some(Store::open(dir.path()).unwrap());
            config.limits.send_rate = 0;
            config.limits.frame_rate = 0;
            config
        })
        .await;
        let mut teacher =
            Peer::join(&hub.ws_url(), json!({"type": "teacher:join", "token": hub.host_token()})).await.0;
        for n in 0..300 {
            teacher
                .send(json!({"type": "chat:message", "id": format!("t-{n}"), "text": "x".repeat(500)}))
                .await;
        }
        loop {
            let frame = teacher.recv().await;
            if frame["type"] == "chat:ack" && frame["id"] == "t-299" {
                break;
            }
        }
        // Gone first: the shutdown would wait a second for close replies from peers nobody reads.
        drop(teacher);
        hub.shutdown().await.unwrap();
    }
    // All connections closed: the WAL is checkpointed into the file.
    let path = dir.path().join(DB_FILE);
    let len = std::fs::metadata(&path).unwrap().len();
    assert!(len > 100_000, "{len}");
    let file = std::fs::OpenOptions::new().write(true).open(&path).unwrap();
    file.set_len(len / 3).unwrap();
    drop(file);
    let err = Store::open(dir.path()).expect_err("a truncated file is damaged");
    assert!(err.is_damaged(), "{err:?}");
    let (store, kept) = Store::start_fresh(dir.path(), Durability::default()).expect("fresh");
    assert!(kept.expect("moved aside").exists());
    assert!(store.classes().unwrap().is_empty());
    drop(store);

    let other = data_dir();
    drop(Store::open(other.path()).unwrap());
    let conn = rusqlite::Connection::open(other.path().join(DB_FILE)).unwrap();
    conn.pragma_update(None, "user_version", 99).unwrap();
    drop(conn);
    let err = Store::open(other.path()).expect_err("a newer schema");
    assert!(matches!(err, StoreError::TooNew { .. }), "{err:?}");
}

/// Migrations run on an empty file and on a new folder, and leave the
/// schema at its newest version with every table.
#[test]
fn migrations_run_from_an_empty_database() {
    for prepare in [|_: &Path| {}, |dir: &Path| std::fs::write(dir.join(DB_FILE), b"").unwrap()] {
        let dir = data_dir();
        let nested = dir.path().join("a").join("b");
        std::fs::create_dir_all(&nested).unwrap();
        prepare(&nested);
        let store = Store::open(&nested).expect("migrated");
        assert!(store.classes().unwrap().is_empty());
        drop(store);
        let conn = rusqlite::Connection::open(nested.join(DB_FILE)).unwrap();
        let version: i64 = conn.pragma_query_value(None, "user_version", |row| row.get(0)).unwrap();
        assert_eq!(version, 7);
        let mut tables: Vec<String> = conn
            .prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")
            .unwrap()
            .query_map([], |row| row.get(0))
            .unwrap()
            .collect::<Result<_, _>>()
            .unwrap();
        tables.sort();
        assert_eq!(
            tables,
            [
                "messages",
                "participants",
                "poll_answers",
                "poll_hidden",
                "poll_voters",
                "polls",
                "question_answers",
                "questions",
                "reactions",
                "sessions",
                "settings"
            ]
        );
        let mode: String = conn.pragma_query_value(None, "journal_mode", |row| row.get(0)).unwrap();
        assert_eq!(mode, "wal");
    }
}

/// A read-only data folder: the store will not open, and `classroom host`
/// refuses to start (exit code 1) with a message saying what to do, both
/// for a new folder and for one holding classes already (`--resume`).
#[tokio::test]
async fn a_read_only_folder_refuses_hosting() {
    let root = is_root();
    // A new, empty folder.
    let fresh_mount;
    let fresh_dir;
    let fresh: &Path = if root {
        fresh_mount = Tmpfs::mount("ro,size=1m");
        fresh_mount.path()
    } else {
        fresh_dir = data_dir();
        chmod(fresh_dir.path(), 0o500);
        fresh_dir.path()
    };
    let err = Store::open(fresh).expect_err("read-only");
    assert!(matches!(err, StoreError::ReadOnly { .. }), "{err:?}");
    assert!(!err.retry_helps());
    let printed = Host::try_start(&strs(&host_class_args(fresh, free_addr()))).await.err().expect("refused");
    assert!(printed.contains("read-only") && printed.contains("--data-dir"), "{printed}");

    // A folder with a class in it, made read-only afterwards.
    let used_mount = root.then(|| Tmpfs::mount("size=4m"));
    let used_dir = data_dir();
    let used: &Path = used_mount.as_ref().map_or(used_dir.path(), Tmpfs::path);
    let host = Host::start(&strs(&host_class_args(used, free_addr()))).await;
    host.kill_9().await;
    if let Some(mount) = &used_mount {
        mount.remount("ro");
    } else {
        for entry in std::fs::read_dir(used).unwrap() {
            chmod(&entry.unwrap().path(), 0o400);
        }
        chmod(used, 0o500);
    }
    let mut args = host_args(used, free_addr(), &std::env::temp_dir().join("tok-ro"));
    args.push("--resume".into());
    let printed = Host::try_start(&strs(&args)).await.err().expect("refused");
    assert!(printed.contains("read-only"), "{printed}");
    println!("read-only folder tested with {}", if root { "a read-only tmpfs" } else { "chmod" });
    if !root {
        chmod(used, 0o700);
        chmod(fresh, 0o700);
    }
}

/// A full disk at the start: hosting refuses, saying the disk is full.
#[tokio::test]
async fn a_full_disk_refuses_hosting() {
    if !is_root() {
        println!("skipped: needs root to mount a small tmpfs");
        return;
    }
    let disk = Tmpfs::mount("size=256k");
    fill(disk.path());
    let data = disk.path().join("classroom");
    let printed = Host::try_start(&strs(&host_class_args(&data, free_addr()))).await.err().expect("refused");
    assert!(printed.contains("full"), "{printed}");
}

/// The disk filling up during a class: nothing more is acked (the hub says
/// so), nothing is lost; once space is freed, the waiting message is
/// stored, acked and delivered, once.
#[tokio::test]
async fn a_disk_filling_up_stops_acks_until_freed() {
    if !is_root() {
        println!("skipped: needs root to mount a small tmpfs");
        return;
    }
    let disk = Tmpfs::mount("size=1m");
    let dir = disk.path().join("classroom");
    let token = disk.path().join("token");
    let mut args = host_args(&dir, free_addr(), &token);
    args.extend(["--class", "Full", "--teacher", "T", "--code", CODE].map(String::from));
    let host = Host::start(&strs(&args)).await;
    let host_token = std::fs::read_to_string(&token).unwrap();
    let (mut teacher, _) =
        Peer::join(&host.url(), json!({"type": "teacher:join", "token": host_token})).await;
    let (mut ada, _) =
        Peer::join(&host.url(), json!({"type": "student:join", "name": "Ada", "code": CODE})).await;
    teacher.send(json!({"type": "chat:message", "id": "t-1", "text": "before"})).await;
    assert_eq!(teacher.recv_kind("chat:ack").await["seq"], 1);

    let filler = fill(disk.path());
    let big = "y".repeat(1900);
    teacher.send(json!({"type": "chat:message", "id": "t-2", "text": big})).await;
    // No ack, no broadcast while it cannot be stored: the host says storing
    // fails, and Ada's typing after that reaches the teacher with neither
    // before it (the hub sends each connection its frames in order).
    wait_for_line(&host, "Class history: FAILING").await;
    ada.send(json!({"type": "typing", "active": true})).await;
    loop {
        let frame = teacher.recv().await;
        assert_ne!(frame["type"], "chat:ack", "acked while the disk is full: {frame}");
        let t2 = frame["type"] == "chat:message" && frame["seq"] == 2;
        assert!(!t2, "sent on while the disk is full: {frame}");
        if frame["type"] == "typing" {
            break;
        }
    }

    std::fs::remove_file(filler).unwrap();
    let ack = teacher.recv_kind("chat:ack").await;
    assert_eq!(ack, json!({"type": "chat:ack", "id": "t-2", "seq": 2}));
    let copy = ada.recv_kind("chat:message").await;
    assert_eq!(copy["seq"], 1);
    let copy = ada.recv_kind("chat:message").await;
    assert_eq!((copy["seq"].as_u64(), copy["text"].as_str()), (Some(2), Some(big.as_str())));
    let session = host.session.clone();
    host.kill_9().await;
    let (code, out, err) =
        run(&["export", &session, "--format", "json", "--data-dir", dir.to_str().unwrap()]).await;
    assert_eq!(code, 0, "{err}");
    let export: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(export["messages"].as_array().unwrap().len(), 2, "each message stored once");
}

/// Waits until `host` has printed a line containing `needle`.
async fn wait_for_line(host: &Host, needle: &str) {
    let printed = tokio::time::timeout(store_support::WAIT, async {
        while !host.printed(needle) {
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
    });
    assert!(printed.await.is_ok(), "the host never printed {needle:?}");
}

/// Deleting a class removes its data from the files (the database and its
/// WAL), not just from the list; a class being hosted cannot be deleted.
#[tokio::test]
async fn deleting_a_class_leaves_no_trace() {
    let dir = data_dir();
    let store = Store::open(dir.path()).unwrap();
    let marker = "Zebra-marker-4711 secret homework answer";
    let (kept_id, deleted_id) = {
        let mut ids = Vec::new();
        for class in ["Keep me", "Delete me"] {
            let mut config = common::config();
            config.class = class.into();
            config.store = Some(store.clone());
            let hub = common::start(config).await;
            let mut teacher =
                Peer::join(&hub.ws_url(), json!({"type": "teacher:join", "token": hub.host_token()})).await.0;
            let text = if class == "Delete me" { marker.to_owned() } else { "nothing to see".to_owned() };
            teacher.send(json!({"type": "chat:message", "id": "t-1", "text": text})).await;
            teacher.recv_kind("chat:ack").await;
            if class == "Delete me" {
                let err = store.delete_class(&hub.session().id).expect_err("hosted now");
                assert!(matches!(err, StoreError::InUse(_)), "{err:?}");
            }
            ids.push(hub.session().id.clone());
            // Gone first: the shutdown would wait a second for close replies from peers nobody reads.
            drop(teacher);
            hub.shutdown().await.unwrap();
        }
        (ids[0].clone(), ids[1].clone())
    };
    let contains_marker = || {
        std::fs::read_dir(dir.path()).unwrap().any(|entry| {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap_or_default();
            bytes.windows(marker.len()).any(|w| w == marker.as_bytes())
        })
    };
    assert!(contains_marker(), "the marker was stored");
    store.delete_class(&deleted_id).expect("deleted");
    assert!(!contains_marker(), "no byte of the deleted class is left in the files");
    let classes = store.classes().unwrap();
    assert_eq!(classes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [kept_id.as_str()]);
    assert!(matches!(store.delete_class(&deleted_id), Err(StoreError::NotFound(_))));
    assert!(matches!(store.export_to_string(&deleted_id, &Default::default()), Err(StoreError::NotFound(_))));
}

/// Retention deletes the classes inactive for longer than the setting,
/// keeps the others, and is kept in the store; `classroom retention` and
/// `classroom classes` show it.
#[tokio::test]
async fn retention_deletes_old_classes_only() {
    let dir = data_dir();
    let store = Store::open(dir.path()).unwrap();
    let mut ids = Vec::new();
    for class in ["Old", "Recent"] {
        let mut config = common::config();
        config.class = class.into();
        config.store = Some(store.clone());
        let hub = common::start(config).await;
        ids.push(hub.session().id.clone());
        hub.shutdown().await.unwrap();
    }
    let conn = rusqlite::Connection::open(dir.path().join(DB_FILE)).unwrap();
    conn.execute("UPDATE sessions SET last_active_at = '2020-01-01T00:00:00Z' WHERE id = ?1", [&ids[0]])
        .unwrap();
    drop(conn);
    assert_eq!(store.retention_days().unwrap(), None);
    assert!(store.apply_retention().unwrap().is_empty(), "nothing without a setting");
    store.set_retention_days(Some(30)).unwrap();
    let deleted = store.apply_retention().unwrap();
    assert_eq!(deleted.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [ids[0].as_str()]);
    assert_eq!(store.latest_class().unwrap().map(|c| c.id), Some(ids[1].clone()));
    drop(store);

    let dir_arg = dir.path().to_str().unwrap();
    let (code, out, _) = run(&["retention", "--data-dir", dir_arg]).await;
    assert_eq!(code, 0);
    assert!(out.contains("kept for 30 days"), "{out}");
    let (code, out, _) = run(&["classes", "--json", "--data-dir", dir_arg]).await;
    assert_eq!(code, 0);
    let listed: serde_json::Value = serde_json::from_str(&out).unwrap();
    assert_eq!(listed[0]["id"], ids[1].as_str());
    assert_eq!(listed[0]["class"], "Recent");
    let (code, _, _) = run(&["retention", "--off", "--data-dir", dir_arg]).await;
    assert_eq!(code, 0);
    assert_eq!(Store::open(dir.path()).unwrap().retention_days().unwrap(), None);
}

/// A class hosted by this process cannot be reopened a second time (two
/// hubs would hand out the same `seq`s), nor resumed when it does not exist.
#[tokio::test]
async fn a_hosted_class_is_not_reopened_twice() {
    let dir = data_dir();
    let store = Store::open(dir.path()).unwrap();
    let mut config = common::config();
    config.store = Some(store.clone());
    let hub = common::start(config).await;
    let probe = store.delete_class(&hub.session().id);
    assert!(matches!(probe, Err(StoreError::InUse(_))), "{probe:?}");
    let mut again = common::config();
    again.store = Some(store.clone());
    again.resume = Some(hub.session().id.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let err = classroom_core::hub::start(listener, again.clone()).err().expect("refused");
    assert!(matches!(err, classroom_core::Error::Store(StoreError::InUse(_))), "{err:?}");
    hub.shutdown().await.unwrap();
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let reopened = classroom_core::hub::start(listener, again).expect("free again once shut down");
    reopened.shutdown().await.unwrap();
    let mut missing = common::config();
    missing.store = Some(store);
    missing.resume = Some("0123".into());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let err = classroom_core::hub::start(listener, missing).err().expect("no such class");
    assert!(matches!(err, classroom_core::Error::Store(StoreError::NotFound(_))), "{err:?}");
}

/// A class hosted by another process (`classroom host`, another app
/// window) is neither reopened nor deleted here; once that process dies,
/// even by `kill -9`, the system releases its lock and the class can be
/// resumed, then deleted, lock file and all.
#[tokio::test]
async fn a_class_hosted_by_another_process_is_not_reopened_nor_deleted() {
    let dir = data_dir();
    let host = Host::start(&strs(&host_class_args(dir.path(), free_addr()))).await;
    let session = host.session.clone();
    let store = Store::open(dir.path()).unwrap();
    let mut again = common::config();
    again.store = Some(store.clone());
    again.resume = Some(session.clone());
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let err = classroom_core::hub::start(listener, again.clone()).err().expect("refused");
    assert!(matches!(err, classroom_core::Error::Store(StoreError::InUse(_))), "{err:?}");
    assert!(err.to_string().contains("another Classroom window or terminal"), "{err}");
    let probe = store.delete_class(&session);
    assert!(matches!(probe, Err(StoreError::InUse(_))), "{probe:?}");
    let mut args = host_args(dir.path(), free_addr(), &std::env::temp_dir().join("tok-twice"));
    args.extend(["--resume".to_owned(), session.clone()]);
    let printed = Host::try_start(&strs(&args)).await.err().expect("the CLI refuses too");
    assert!(printed.contains("is open now"), "{printed}");

    host.kill_9().await;
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let reopened = classroom_core::hub::start(listener, again).expect("free once the other process died");
    assert_eq!(reopened.session().id, session);
    reopened.shutdown().await.unwrap();
    store.delete_class(&session).expect("deleted");
    let left: Vec<String> = std::fs::read_dir(dir.path())
        .unwrap()
        .map(|entry| entry.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".lock"))
        .collect();
    assert!(left.is_empty(), "lock files left: {left:?}");
}

/// Finding 10 (issue 15): `classroom.db` (host token, code, resume tokens,
/// transcripts) was created 0644. Now the data folder is created 0700 and
/// the database, its WAL and shared-memory files are 0600, also when an
/// older version left them readable.
#[cfg(unix)]
#[tokio::test]
async fn the_class_history_is_private_to_its_owner() {
    use std::os::unix::fs::PermissionsExt;
    let mode = |path: &Path| std::fs::metadata(path).expect("there").permissions().mode() & 0o777;
    let dir = data_dir();
    let folder = dir.path().join("data");
    let hub = common::start({
        let mut config = common::config();
        config.store = Some(Store::open(&folder).unwrap());
        config
    })
    .await;
    let mut teacher =
        Peer::join(&hub.ws_url(), json!({"type": "teacher:join", "token": hub.host_token()})).await.0;
    teacher.send(json!({"type": "chat:message", "id": "t-1", "text": "secret"})).await;
    while teacher.recv().await["type"] != "chat:ack" {}
    assert_eq!(mode(&folder), 0o700);
    for file in [DB_FILE.to_owned(), format!("{DB_FILE}-wal"), format!("{DB_FILE}-shm")] {
        assert_eq!(mode(&folder.join(&file)), 0o600, "{file}");
    }
    drop(teacher);
    hub.shutdown().await.unwrap();

    std::fs::set_permissions(folder.join(DB_FILE), std::fs::Permissions::from_mode(0o644)).unwrap();
    drop(Store::open(&folder).unwrap());
    assert_eq!(mode(&folder.join(DB_FILE)), 0o600, "tightened on open");
}

/// A code the teacher changed (someone was guessing) is the code of the
/// class reopened after a crash: the old one, which the guesser may have
/// found by then, does not come back.
#[tokio::test]
async fn a_changed_code_is_the_code_of_the_class_reopened() {
    let dir = data_dir();
    let store = Store::open(dir.path()).unwrap();
    let mut config = common::config();
    config.store = Some(store.clone());
    let hub = common::start(config).await;
    let code = hub.change_code().await.expect("a new code");
    let session = hub.session().id.clone();
    // The change is stored by the time the hub has shut down.
    hub.shutdown().await.unwrap();
    let mut again = common::config();
    again.store = Some(store);
    again.resume = Some(session);
    let reopened = common::start(again).await;
    assert_eq!(reopened.join_code().as_deref(), Some(code.as_str()));
    let join = serde_json::json!({"type": "student:join", "name": "Ada", "code": code});
    common::Peer::join(&reopened, join).await;
    reopened.shutdown().await.unwrap();
}

/// Whether a seat was ever used survives a restart: after the class is
/// reopened, a full class gives back a seat never used, never one someone
/// posted from (their words are in the log under it).
#[tokio::test]
async fn a_reopened_class_still_knows_which_seats_were_used() {
    let dir = data_dir();
    let store = Store::open(dir.path()).unwrap();
    let mut config = common::config();
    config.store = Some(store.clone());
    config.limits.max_participants = 3;
    let hub = common::start(config.clone()).await;
    let mut ada = common::Peer::student(&hub, "Ada").await;
    ada.say("c-1", "I was here").await;
    loop {
        if ada.recv().await["type"] == "chat:ack" {
            break;
        }
    }
    let bo = common::Peer::student(&hub, "Bo").await;
    let session = hub.session().id.clone();
    drop((ada, bo));
    hub.shutdown().await.unwrap();

    config.resume = Some(session);
    let reopened = common::start(config).await;
    let cy = common::Peer::student(&reopened, "Cy").await;
    assert_eq!(cy.id(), "p_4");
    let listed: Vec<&str> =
        cy.welcome["participants"].as_array().unwrap().iter().filter_map(|p| p["name"].as_str()).collect();
    assert_eq!(listed, ["Cy", "Mrs. Núñez", "Ada"], "Bo's unused seat was given back, Ada's kept");
    reopened.shutdown().await.unwrap();
}
