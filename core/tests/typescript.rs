//! The TypeScript declarations the desktop UI imports are generated from the
//! Rust types; this test fails when the committed file is stale.
//! Regenerate with `UPDATE_TS=1 cargo test -p classroom-core --features typescript --test typescript`.
#![cfg(feature = "typescript")]

use classroom_core::app::{
    AdvertiseStatus, AppErrorKind, AppErrorPayload, HostInfo, HostRequest, JoinQr, JoinRequest, PastClasses,
    RecentClass, StartedFresh, Startup,
};
use classroom_core::client::{ClientEvent, CloseReason, ConnectionState};
use classroom_core::discovery::{ClassEvent, Compatibility, DiscoveredClass};
use classroom_core::protocol::{
    ChatEntry, Departure, ErrorCode, Identity, LeftReason, Participant, Role, SessionInfo, SessionLimits,
};
use classroom_core::store::{ClassSummary, ExportFormat, StorageState};
use ts_rs::TS;

const GENERATED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/api/generated/protocol.ts");

fn declarations() -> String {
    let decls = [
        Role::decl(),
        Identity::decl(),
        Participant::decl(),
        SessionInfo::decl(),
        SessionLimits::decl(),
        ChatEntry::decl(),
        LeftReason::decl(),
        Departure::decl(),
        ErrorCode::decl(),
        CloseReason::decl(),
        ConnectionState::decl(),
        ClientEvent::decl(),
        HostRequest::decl(),
        AdvertiseStatus::decl(),
        JoinQr::decl(),
        StorageState::decl(),
        HostInfo::decl(),
        Compatibility::decl(),
        DiscoveredClass::decl(),
        ClassEvent::decl(),
        JoinRequest::decl(),
        RecentClass::decl(),
        Startup::decl(),
        AppErrorKind::decl(),
        AppErrorPayload::decl(),
        ClassSummary::decl(),
        PastClasses::decl(),
        StartedFresh::decl(),
        ExportFormat::decl(),
    ];
    let mut out = String::from(
        "// Generated from the Rust types in core/ by core/tests/typescript.rs. Do not edit.\n\
         // Regenerate: UPDATE_TS=1 cargo test -p classroom-core --features typescript --test typescript\n\n",
    );
    for decl in decls {
        out.push_str("export ");
        out.push_str(&decl);
        out.push_str("\n\n");
    }
    out.truncate(out.trim_end().len());
    out.push('\n');
    out
}

/// The committed declarations match the Rust types.
#[test]
fn typescript_declarations_are_current() {
    let fresh = declarations();
    if std::env::var_os("UPDATE_TS").is_some() {
        if let Some(dir) = std::path::Path::new(GENERATED).parent() {
            std::fs::create_dir_all(dir).expect("create the generated folder");
        }
        std::fs::write(GENERATED, &fresh).expect("write the declarations");
        return;
    }
    let committed = std::fs::read_to_string(GENERATED).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/api/generated/protocol.ts is stale; regenerate it with \
         UPDATE_TS=1 cargo test -p classroom-core --features typescript --test typescript"
    );
}
