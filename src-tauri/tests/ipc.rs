//! The shell's commands through Tauri's IPC, on Tauri's mock runtime (no
//! display): the real config, capabilities and command table.

use clap::Parser;
use classroom_app_lib::{build, Flags};
use classroom_core::app::{
    AdvertiseStatus, HostInfo, JoinLink, PastClasses, RecentClass, StartedFresh, Startup,
};
use classroom_core::store::StorageState;
use tauri::ipc::{CallbackFn, InvokeBody};
use tauri::test::{get_ipc_response, mock_builder, INVOKE_KEY};
use tauri::webview::InvokeRequest;
use tauri::Manager;

fn request(cmd: &str, body: serde_json::Value) -> InvokeRequest {
    InvokeRequest {
        cmd: cmd.into(),
        callback: CallbackFn(0),
        error: CallbackFn(1),
        url: "tauri://localhost".parse().expect("a url"),
        body: InvokeBody::Json(body),
        headers: Default::default(),
        invoke_key: INVOKE_KEY.to_string(),
    }
}

/// The launch flags reach the UI through `startup`; intents without a class
/// are refused with `{kind, message}`; `host_class` starts a real hub and
/// says where students join (link, QR code) and that the class is not
/// advertised (`--no-mdns`); the LAN commands answer without starting mDNS.
#[test]
fn commands_answer_through_ipc() {
    let data = std::env::temp_dir().join(format!("classroom-ipc-{}", std::process::id()));
    let data_arg = data.to_str().expect("utf-8 path");
    let flags = Flags::parse_from([
        "classroom-app",
        "--host-class",
        "Physics 101",
        "--teacher",
        "Mrs. Núñez",
        "--no-mdns",
        "--port",
        "0",
        "--data-dir",
        data_arg,
    ]);
    let mut app = build(mock_builder(), flags, tauri::generate_context!()).expect("the app builds");
    // One turn of the event loop runs setup: state, logs, the main window.
    // (Deprecated for busy loops; a single turn is what is wanted here.)
    #[allow(deprecated)]
    app.run_iteration(|_, _| {});
    let webview = app.get_webview_window("main").expect("the main window from the config");

    let startup: Startup = get_ipc_response(&webview, request("startup", serde_json::json!({})))
        .expect("startup answers")
        .deserialize()
        .expect("a Startup");
    let host = startup.host.expect("the flags ask to host");
    assert_eq!((host.class.as_str(), host.teacher.as_str()), ("Physics 101", "Mrs. Núñez"));
    assert_eq!(startup.join, None);

    let refused = get_ipc_response(&webview, request("leave_class", serde_json::json!({})))
        .expect_err("no class to leave");
    assert_eq!(
        refused,
        serde_json::json!({"kind": "notInClass", "message": "You are not in a class.", "code": "notInClass", "params": {}})
    );

    // A channel id the mock webview will never read; events are dropped.
    let hosted: HostInfo = get_ipc_response(
        &webview,
        request(
            "host_class",
            serde_json::json!({
                "request": {"class": "Physics 101", "teacher": "Mrs. Núñez"},
                "events": "__CHANNEL__:7",
            }),
        ),
    )
    .expect("hosting starts")
    .deserialize()
    .expect("a HostInfo");
    assert_eq!(hosted.class, "Physics 101");
    assert_eq!(hosted.code.len(), 6);
    assert_eq!(hosted.advertising, AdvertiseStatus::Off);
    // The web client's page (ui/dist-web, built before any cargo step).
    assert!(hosted.web, "the app's class serves the web client");
    assert!(
        hosted.join_link.starts_with("http://") && hosted.join_link.ends_with('/'),
        "{}",
        hosted.join_link
    );
    assert_eq!(hosted.qr.as_ref().map(|qr| qr.text.as_str()), Some(hosted.join_link.as_str()));
    let coded: JoinLink =
        get_ipc_response(&webview, request("join_link", serde_json::json!({"withCode": true})))
            .expect("join_link answers")
            .deserialize()
            .expect("a JoinLink");
    assert_eq!(coded.link, format!("{}#code={}", hosted.join_link, hosted.code));
    assert!(coded.with_code);
    assert_eq!((hosted.storage, hosted.resumed), (StorageState::Ok, false));

    // The class history: the class being hosted is saved in --data-dir.
    let past: PastClasses = get_ipc_response(&webview, request("past_classes", serde_json::json!({})))
        .expect("past_classes answers")
        .deserialize()
        .expect("a PastClasses");
    assert_eq!(past.classes.iter().map(|c| c.id.as_str()).collect::<Vec<_>>(), [hosted.session.as_str()]);
    assert_eq!(std::path::Path::new(&past.folder), data.as_path());
    let refused =
        get_ipc_response(&webview, request("delete_class", serde_json::json!({"id": hosted.session})))
            .expect_err("the open class is not deleted");
    assert_eq!(
        (&refused["kind"], &refused["code"]),
        (&serde_json::json!("invalidInput"), &serde_json::json!("classInUse"))
    );
    let past: PastClasses =
        get_ipc_response(&webview, request("set_retention", serde_json::json!({"days": 30})))
            .expect("set_retention answers")
            .deserialize()
            .expect("a PastClasses");
    assert_eq!((past.retention_days, past.classes.len()), (Some(30), 1));
    // An unknown class is refused before any dialog opens.
    let refused = get_ipc_response(
        &webview,
        request("export_class", serde_json::json!({"id": "nope", "format": "csv", "locale": "es-MX"})),
    )
    .expect_err("no such class");
    assert_eq!(
        (&refused["kind"], &refused["code"]),
        (&serde_json::json!("invalidInput"), &serde_json::json!("classNotStored"))
    );
    let fresh: StartedFresh = get_ipc_response(&webview, request("start_fresh", serde_json::json!({})))
        .expect("start_fresh answers")
        .deserialize()
        .expect("a StartedFresh");
    assert_eq!(fresh.kept, None, "a healthy history is left alone");
    get_ipc_response(&webview, request("load_earlier", serde_json::json!({}))).expect("load_earlier answers");
    let status: AdvertiseStatus =
        get_ipc_response(&webview, request("retry_advertising", serde_json::json!({})))
            .expect("retry answers")
            .deserialize()
            .expect("a status");
    assert_eq!(status, AdvertiseStatus::Off);
    let again = get_ipc_response(
        &webview,
        request(
            "host_class",
            serde_json::json!({
                "request": {"class": "X", "teacher": "Y"},
                "events": "__CHANNEL__:8",
            }),
        ),
    )
    .expect_err("one class at a time");
    assert_eq!(again["kind"], "alreadyInClass");

    // Discovery is off: browsing answers (with a `stopped` event on the
    // channel) and never starts mDNS; stopping is harmless.
    get_ipc_response(&webview, request("browse_classes", serde_json::json!({"events": "__CHANNEL__:9"})))
        .expect("browse_classes answers");
    get_ipc_response(&webview, request("stop_browsing", serde_json::json!({})))
        .expect("stop_browsing answers");
    let recent: Vec<RecentClass> =
        get_ipc_response(&webview, request("recent_classes", serde_json::json!({})))
            .expect("recent_classes answers")
            .deserialize()
            .expect("a list");
    assert!(recent.is_empty(), "{recent:?}");
    // A join without an address or a class from the list is refused.
    let refused = get_ipc_response(
        &webview,
        request(
            "join_class",
            serde_json::json!({"request": {"address": "", "name": "Ada", "code": "1"}, "events": "__CHANNEL__:10"}),
        ),
    )
    .expect_err("already hosting");
    assert_eq!(refused["kind"], "alreadyInClass");
    let _ = std::fs::remove_dir_all(data);
}
