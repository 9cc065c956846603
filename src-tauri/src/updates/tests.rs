//! The updater for real, on Tauri's mock runtime (no display): an update
//! server on 127.0.0.1 serving `latest.json` and a package signed at test
//! time with a fresh minisign key (the format `tauri signer` writes), and
//! the app built by `crate::build` with the real configuration plus a
//! `plugins.updater` section naming that server and key, as the release
//! workflow writes it (with `dangerousInsecureTransportProtocol`, here only:
//! the server speaks plain http).
//!
//! Checked: a correctly signed update is offered and downloads with its
//! signature verified, and (on Linux, where the updater replaces an
//! AppImage in place) installs over a stand-in for the app's file; a package
//! changed after signing, one signed by another key and one signed for
//! another version are refused before anything is installed; checks stay off
//! where they should. Not here: restarting (it would restart the test), and
//! installing a `.deb`/`.rpm` (the package manager needs root) or a Windows
//! or macOS installer.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Write};
use std::net::{SocketAddr, TcpListener, TcpStream};
use std::sync::{Arc, Mutex};

use base64::Engine as _;
use clap::Parser;
use serde_json::json;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, MockRuntime, INVOKE_KEY};
use tauri::webview::InvokeRequest;

use super::*;
use crate::Flags;

/// The version the server offers (newer than any this app will have).
const NEW: &str = "99.0.0";
const NOTES: &str = "Polls, and a bigger QR code.";
const DATE: &str = "2026-12-01T10:00:00Z";
const PACKAGE: &str = "/Classroom_99.0.0_amd64.AppImage";

/// A tiny HTTP/1.1 server: fixed files by path, and a log of the paths asked for.
struct Server {
    address: SocketAddr,
    files: Arc<Mutex<HashMap<String, Vec<u8>>>>,
    asked: Arc<Mutex<Vec<String>>>,
}

impl Server {
    fn start() -> Self {
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind on loopback");
        let address = listener.local_addr().expect("an address");
        let files = Arc::new(Mutex::new(HashMap::new()));
        let asked = Arc::new(Mutex::new(Vec::new()));
        let (served, log) = (Arc::clone(&files), Arc::clone(&asked));
        std::thread::spawn(move || {
            for stream in listener.incoming().flatten() {
                answer(stream, &served, &log);
            }
        });
        Self { address, files, asked }
    }

    fn serve(&self, path: &str, body: Vec<u8>) {
        self.files.lock().expect("files").insert(path.to_owned(), body);
    }

    fn url(&self, path: &str) -> String {
        format!("http://{}{path}", self.address)
    }

    /// How many times `path` was asked for.
    fn asked(&self, path: &str) -> usize {
        self.asked.lock().expect("log").iter().filter(|p| p.as_str() == path).count()
    }
}

/// Answers one request (GET only; the connection is closed after it).
fn answer(stream: TcpStream, files: &Mutex<HashMap<String, Vec<u8>>>, asked: &Mutex<Vec<String>>) {
    let mut reader = BufReader::new(stream);
    let mut line = String::new();
    if reader.read_line(&mut line).is_err() {
        return;
    }
    let path = line.split_whitespace().nth(1).unwrap_or("").to_owned();
    // The headers, up to the empty line.
    let mut header = String::new();
    while reader.read_line(&mut header).is_ok_and(|n| n > 2) {
        header.clear();
    }
    asked.lock().expect("log").push(path.clone());
    let body = files.lock().expect("files").get(&path).cloned();
    let mut stream = reader.into_inner();
    let _ = match body {
        Some(body) => stream
            .write_all(
                format!("HTTP/1.1 200 OK\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len())
                    .as_bytes(),
            )
            .and_then(|()| stream.write_all(&body)),
        None => stream.write_all(b"HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"),
    };
}

/// A minisign key pair, and signatures as `tauri signer sign` writes them
/// (base64 of the `.sig` file, the version in the trusted comment).
struct Signer(minisign::KeyPair);

impl Signer {
    fn new() -> Self {
        Self(minisign::KeyPair::generate_unencrypted_keypair().expect("a key pair"))
    }

    /// What goes in `plugins.updater.pubkey`: base64 of the `.pub` file.
    fn public_key(&self) -> String {
        base64(&self.0.pk.to_box().expect("a public key box").to_string())
    }

    /// What goes in `latest.json` beside the package's URL.
    fn sign(&self, bytes: &[u8], version: &str) -> String {
        let comment =
            format!("timestamp:1764583200\tfile:Classroom_{version}_amd64.AppImage\tversion:{version}");
        let signature =
            minisign::sign(Some(&self.0.pk), &self.0.sk, bytes, Some(&comment), None).expect("a signature");
        base64(&signature.into_string())
    }
}

fn base64(text: &str) -> String {
    base64::engine::general_purpose::STANDARD.encode(text)
}

/// A stand-in for an AppImage of `version`: the updater installs only what
/// looks like an ELF executable (or a compressed AppImage).
fn app_image(version: &str) -> Vec<u8> {
    let mut bytes = b"\x7fELF\x02\x01\x01\0".to_vec();
    bytes.extend(format!("Classroom {version}, not really an AppImage. ").repeat(4).into_bytes());
    bytes
}

/// The update manifest, in the shape the release workflow uploads.
fn manifest(server: &Server, signature: &str) -> Vec<u8> {
    let target = tauri_plugin_updater::target().expect("a platform the updater knows");
    serde_json::to_vec(&json!({
        "version": NEW,
        "notes": NOTES,
        "pub_date": DATE,
        "platforms": { target: { "url": server.url(PACKAGE), "signature": signature } },
    }))
    .expect("json")
}

/// A fresh data folder.
fn data_dir(name: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("classroom-updates-{}-{name}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    dir
}

/// The app as `lib.rs` builds it, its configuration given `plugins.updater`
/// when `updater` names a server and key; one turn of the event loop runs
/// setup (state, the main window).
fn app(updater: Option<(&Server, &Signer)>, data: &Path, flags: &[&str]) -> tauri::App<MockRuntime> {
    let mut context: tauri::Context<MockRuntime> = tauri::generate_context!();
    if let Some((server, signer)) = updater {
        context.config_mut().plugins.0.insert(
            "updater".into(),
            json!({
                "pubkey": signer.public_key(),
                "endpoints": [server.url("/latest.json")],
                "dangerousInsecureTransportProtocol": true,
            }),
        );
    }
    let data = data.to_str().expect("a utf-8 path");
    let args = ["classroom-app", "--no-mdns", "--port", "0", "--data-dir", data]
        .into_iter()
        .chain(flags.iter().copied());
    let mut app = crate::build(mock_builder(), Flags::parse_from(args), context).expect("the app builds");
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    app
}

/// Calls a command through the main window's IPC, as the UI does.
fn invoke(
    app: &tauri::App<MockRuntime>,
    cmd: &str,
    body: serde_json::Value,
) -> Result<serde_json::Value, serde_json::Value> {
    let webview = app.get_webview_window("main").expect("the main window");
    let request = InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("a url"),
        body: InvokeBody::Json(body),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    };
    get_ipc_response(&webview, request).map(|body| body.deserialize().expect("json"))
}

fn settings(app: &tauri::App<MockRuntime>) -> UpdateSettings {
    serde_json::from_value(invoke(app, "update_settings", json!({})).expect("update_settings answers"))
        .expect("UpdateSettings")
}

fn offered(app: &tauri::App<MockRuntime>) -> Option<UpdateInfo> {
    serde_json::from_value(invoke(app, "check_update", json!({})).expect("check_update answers"))
        .expect("UpdateInfo or null")
}

/// Looks for the update as `check_update` does, but installing over `target`
/// (a test must not replace its own program), then downloads it.
fn fetch(app: &tauri::App<MockRuntime>, target: &Path) -> Result<Verified, AppError> {
    let handle = app.handle();
    tauri::async_runtime::block_on(async {
        let found = check(handle, |updater| updater.executable_path(target)).await?;
        assert_eq!(found.map(|info| info.version).as_deref(), Some(NEW));
        download(handle).await
    })
}

fn signature_refused(result: Result<Verified, AppError>) {
    match result {
        Err(AppError::Update(UpdateFailure::BadSignature)) => {}
        Err(other) => panic!("refused for another reason: {other}"),
        Ok(verified) => panic!("version {} was accepted", verified.version()),
    }
}

/// A correctly signed update is offered (version, notes, date), downloads
/// with its signature verified and installs; a package changed after
/// signing, one signed with another key and one signed for another version
/// are refused before anything is installed, through the UI's command too.
#[test]
fn a_signed_update_installs_and_a_tampered_one_is_refused() {
    let server = Server::start();
    let signer = Signer::new();
    let package = app_image(NEW);
    server.serve(PACKAGE, package.clone());
    server.serve("/latest.json", manifest(&server, &signer.sign(&package, NEW)));
    let data = data_dir("signed");
    let app = app(Some((&server, &signer)), &data, &[]);

    assert_eq!(settings(&app), UpdateSettings { available: true, check: true, locked: None });
    assert_eq!(
        offered(&app),
        Some(UpdateInfo { version: NEW.into(), notes: Some(NOTES.into()), date: Some(DATE.into()) })
    );

    // The installed app, as far as the updater can tell (an AppImage: the
    // one kind it replaces in place without a package manager).
    let target = data.join("Classroom.AppImage");
    let old = app_image("0.1.0");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::write(&target, &old).expect("write the stand-in");
    #[cfg(unix)]
    std::fs::set_permissions(&target, std::os::unix::fs::PermissionsExt::from_mode(0o755)).expect("chmod");

    let verified = fetch(&app, &target).expect("a correctly signed update downloads");
    assert_eq!(verified.version(), NEW);
    assert_eq!(verified.bytes, package, "the bytes served, verified");
    assert_eq!(std::fs::read(&target).expect("read"), old, "downloading installs nothing");
    #[cfg(target_os = "linux")]
    {
        use std::os::unix::fs::PermissionsExt;
        install(app.handle(), verified).expect("the update installs");
        assert_eq!(std::fs::read(&target).expect("read"), package, "the new version is in place");
        let mode = std::fs::metadata(&target).expect("there").permissions().mode() & 0o777;
        assert_eq!(mode, 0o755, "still executable");
        std::fs::write(&target, &old).expect("put the old version back");
    }

    // Changed after signing: one byte.
    let mut tampered = package.clone();
    let last = tampered.len() - 1;
    tampered[last] ^= 0x20;
    server.serve(PACKAGE, tampered);
    signature_refused(fetch(&app, &target));
    // The UI's command refuses it at the download, so it never gets to
    // install (which would replace this test's own program) or restart.
    assert_eq!(offered(&app).map(|info| info.version).as_deref(), Some(NEW));
    let refused = invoke(&app, "install_update", json!({})).expect_err("a tampered package is refused");
    assert_eq!(
        (&refused["kind"], &refused["code"]),
        (&json!("io"), &json!("updateSignatureInvalid")),
        "{refused}"
    );

    // Signed by someone else's key.
    server.serve(PACKAGE, package.clone());
    server.serve("/latest.json", manifest(&server, &Signer::new().sign(&package, NEW)));
    signature_refused(fetch(&app, &target));

    // Genuinely signed, but for another version than the one announced (an
    // old release passed off as a new one).
    let older = app_image("98.0.0");
    server.serve(PACKAGE, older.clone());
    server.serve("/latest.json", manifest(&server, &signer.sign(&older, "98.0.0")));
    signature_refused(fetch(&app, &target));

    assert_eq!(std::fs::read(&target).expect("read"), old, "nothing refused was installed");
    let _ = std::fs::remove_dir_all(data);
}

/// No update section: nothing to look for, and nothing asked of a plugin
/// that is not there. `--no-update-check`, the teacher's setting and an open
/// class each keep the app from asking the server at all.
#[test]
fn checks_stay_off_when_they_should() {
    let server = Server::start();
    let signer = Signer::new();
    let package = app_image(NEW);
    server.serve(PACKAGE, package.clone());
    server.serve("/latest.json", manifest(&server, &signer.sign(&package, NEW)));

    // A build without an update server (every build but a release).
    let data = data_dir("unconfigured");
    let plain = app(None, &data, &[]);
    assert_eq!(settings(&plain), UpdateSettings { available: false, check: true, locked: None });
    assert_eq!(offered(&plain), None);
    let refused = invoke(&plain, "install_update", json!({})).expect_err("nothing to install");
    assert_eq!(refused["code"], "noUpdate");
    drop(plain);
    let _ = std::fs::remove_dir_all(data);

    // --no-update-check: locked off for this run.
    let data = data_dir("flag");
    let flagged = app(Some((&server, &signer)), &data, &["--no-update-check"]);
    assert_eq!(
        settings(&flagged),
        UpdateSettings { available: true, check: true, locked: Some(UpdateLock::Flag) }
    );
    assert_eq!(offered(&flagged), None);
    assert_eq!(server.asked("/latest.json"), 0, "never asked");
    drop(flagged);
    let _ = std::fs::remove_dir_all(data);

    // The teacher's setting, kept in settings.json.
    let data = data_dir("setting");
    let app = app(Some((&server, &signer)), &data, &[]);
    let off = invoke(&app, "set_update_check", json!({"check": false})).expect("set_update_check answers");
    assert_eq!(off, json!({"available": true, "check": false, "locked": null}));
    assert_eq!(offered(&app), None);
    assert_eq!(server.asked("/latest.json"), 0, "never asked");
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("settings.json")).expect("settings.json"))
            .expect("json");
    assert_eq!(saved, json!({"checkForUpdates": false}));
    assert!(!Updates::new(&data, true, None).settings().check, "kept for the next start");
    invoke(&app, "set_update_check", json!({"check": true})).expect("set_update_check answers");
    assert_eq!(offered(&app).map(|info| info.version).as_deref(), Some(NEW));
    assert_eq!(server.asked("/latest.json"), 1);

    // In a class: nothing looked for, nothing installed.
    let hosted = invoke(
        &app,
        "host_class",
        json!({"request": {"class": "Physics 101", "teacher": "Mrs. Núñez"}, "events": "__CHANNEL__:7"}),
    );
    hosted.expect("hosting starts");
    assert_eq!(offered(&app), None);
    assert_eq!(server.asked("/latest.json"), 1, "not asked during the class");
    let refused = invoke(&app, "install_update", json!({})).expect_err("not during a class");
    assert_eq!(refused["kind"], "alreadyInClass");
    assert_eq!(server.asked(PACKAGE), 0, "nothing downloaded");
    invoke(&app, "end_class", json!({})).expect("the class ends");
    assert_eq!(offered(&app).map(|info| info.version).as_deref(), Some(NEW), "offered again on Home");
    drop(app);
    let _ = std::fs::remove_dir_all(data);
}

/// `--no-update-check` and the administrator's variable lock checks off;
/// an empty or `0` variable does not.
#[test]
fn the_flag_and_the_variable_lock_checks_off() {
    assert_eq!(lock(true, None), Some(UpdateLock::Flag));
    assert_eq!(lock(true, Some("1".into())), Some(UpdateLock::Flag));
    assert_eq!(lock(false, Some("1".into())), Some(UpdateLock::Administrator));
    assert_eq!(lock(false, Some("yes".into())), Some(UpdateLock::Administrator));
    assert_eq!(lock(false, Some("".into())), None);
    assert_eq!(lock(false, Some("0".into())), None);
    assert_eq!(lock(false, None), None);
}

/// The settings file keeps what it does not know (a later version's
/// settings), and an unreadable one means the defaults.
#[test]
fn the_settings_file_keeps_other_settings() {
    let data = data_dir("file");
    let updates = Updates::new(&data, true, None);
    assert!(updates.settings().check, "on by default");
    std::fs::create_dir_all(&data).expect("mkdir");
    std::fs::write(data.join("settings.json"), "{not json").expect("write");
    assert!(updates.settings().check, "unreadable: the default");
    std::fs::write(data.join("settings.json"), r#"{"theme": "dark"}"#).expect("write");
    let settings = tauri::async_runtime::block_on(updates.set_check(false)).expect("saved");
    assert!(!settings.check);
    let saved: serde_json::Value =
        serde_json::from_slice(&std::fs::read(data.join("settings.json")).expect("read")).expect("json");
    assert_eq!(saved, json!({"theme": "dark", "checkForUpdates": false}));
    let _ = std::fs::remove_dir_all(data);
}
