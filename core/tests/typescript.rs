//! The TypeScript declarations the desktop UI imports, and the constants it
//! needs (`classroom_core::app::ui`), are generated from the Rust
//! definitions; this test fails when a committed file is stale.
//! Regenerate with `UPDATE_TS=1 cargo test -p classroom-core --features typescript --test typescript`.
#![cfg(feature = "typescript")]

use classroom_core::app::ui::{
    default_session_limits, APP_ERROR_CODES, APP_ERROR_KINDS, MAX_NAME_CHARS, QR_QUIET_ZONE,
};
use classroom_core::app::{
    AdvertiseFailure, AdvertiseStatus, AppErrorCode, AppErrorKind, AppErrorPayload, AppEvent, HostEvent,
    HostInfo, HostRequest, JoinLink, JoinQr, JoinRequest, PastClasses, RecentClass, StartedFresh, Startup,
    StorageFailure, UpdateInfo, UpdateLock, UpdateSettings,
};
use classroom_core::client::{ClientEvent, CloseReason, ConnectionState};
use classroom_core::discovery::{
    BrowseStop, ClassEvent, Compatibility, DiscoveredClass, InterfaceProblem, InterfaceProblemCode,
};
use classroom_core::params::Param;
use classroom_core::protocol::{
    Answer, ChatEntry, DeletedBy, Departure, EntryReactions, ErrorCode, Hand, HeldReactions, Identity,
    LeftReason, LoweredBy, MyReaction, Participant, PollAnswer, PollClosedBy, PollDraft, PollInfo, PollKind,
    PollResults, PollState, PollStatus, Question, Questions, Quote, ReactionChange, ReactionCount, Role,
    RoomRules, RoomState, RulesChange, SessionInfo, SessionLimits, TextCount,
};
use classroom_core::store::{ClassSummary, ExportFormat, StorageState};
use ts_rs::TS;

const GENERATED: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/api/generated/protocol.ts");
const CONSTANTS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/api/generated/constants.ts");
const REGENERATE: &str = "UPDATE_TS=1 cargo test -p classroom-core --features typescript --test typescript";

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
        PollKind::decl(),
        PollDraft::decl(),
        PollInfo::decl(),
        PollAnswer::decl(),
        TextCount::decl(),
        PollResults::decl(),
        PollStatus::decl(),
        PollClosedBy::decl(),
        PollState::decl(),
        Hand::decl(),
        DeletedBy::decl(),
        ReactionCount::decl(),
        ReactionChange::decl(),
        MyReaction::decl(),
        EntryReactions::decl(),
        HeldReactions::decl(),
        Quote::decl(),
        Answer::decl(),
        Question::decl(),
        Questions::decl(),
        LoweredBy::decl(),
        RoomRules::decl(),
        RulesChange::decl(),
        RoomState::decl(),
        CloseReason::decl(),
        ConnectionState::decl(),
        ClientEvent::decl(),
        HostEvent::decl(),
        AppEvent::decl(),
        HostRequest::decl(),
        Param::decl(),
        InterfaceProblemCode::decl(),
        InterfaceProblem::decl(),
        AdvertiseFailure::decl(),
        AdvertiseStatus::decl(),
        JoinQr::decl(),
        JoinLink::decl(),
        StorageFailure::decl(),
        StorageState::decl(),
        HostInfo::decl(),
        Compatibility::decl(),
        DiscoveredClass::decl(),
        BrowseStop::decl(),
        ClassEvent::decl(),
        JoinRequest::decl(),
        RecentClass::decl(),
        Startup::decl(),
        AppErrorKind::decl(),
        AppErrorCode::decl(),
        AppErrorPayload::decl(),
        ClassSummary::decl(),
        PastClasses::decl(),
        StartedFresh::decl(),
        ExportFormat::decl(),
        UpdateInfo::decl(),
        UpdateLock::decl(),
        UpdateSettings::decl(),
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

/// The constants of `classroom_core::app::ui`, as TypeScript.
fn constants() -> String {
    let kinds: Vec<String> =
        APP_ERROR_KINDS.iter().map(|kind| serde_json::to_string(kind).expect("a kind serialises")).collect();
    let params: Vec<String> = APP_ERROR_CODES
        .iter()
        .map(|code| {
            let names: Vec<String> = code.params().iter().map(|name| format!("\"{name}\"")).collect();
            format!("  {}: [{}],", serde_json::to_string(code).expect("a code serialises"), names.join(", "))
        })
        .collect();
    let limits = serde_json::to_string_pretty(&default_session_limits()).expect("the limits serialise");
    format!(
        "// Generated from classroom_core::app::ui by core/tests/typescript.rs. Do not edit.\n\
         // Regenerate: {REGENERATE}\n\n\
         import type {{ AppErrorCode, AppErrorKind, SessionLimits }} from \"./protocol\";\n\n\
         /** Longest display name or class name the hub accepts, in characters. */\n\
         export const MAX_NAME_CHARS = {MAX_NAME_CHARS};\n\n\
         /** Light modules around the join link's QR code, on every side. */\n\
         export const QR_QUIET_ZONE = {QR_QUIET_ZONE};\n\n\
         /** Every kind of error a command can fail with. */\n\
         export const APP_ERROR_KINDS: readonly AppErrorKind[] = [{}];\n\n\
         /** Every code a failed command carries, with the params its sentence gets. */\n\
         export const APP_ERROR_PARAMS: {{ readonly [code in AppErrorCode]: readonly string[] }} = {{\n{}\n}};\n\n\
         /**\n \
         * What a hub with default settings tells its clients in its welcome;\n \
         * field by field, also what a client takes for a limit an older hub\n \
         * leaves out.\n \
         */\n\
         export const SESSION_LIMITS: Readonly<SessionLimits> = {limits};\n",
        kinds.join(", "),
        params.join("\n")
    )
}

/// `fresh` is what `path` must hold: written with UPDATE_TS set, else compared.
fn check(path: &str, fresh: &str) {
    if std::env::var_os("UPDATE_TS").is_some() {
        if let Some(dir) = std::path::Path::new(path).parent() {
            std::fs::create_dir_all(dir).expect("create the generated folder");
        }
        std::fs::write(path, fresh).expect("write the generated file");
        return;
    }
    let committed = std::fs::read_to_string(path).unwrap_or_default();
    assert!(committed == fresh, "{path} is stale; regenerate it with {REGENERATE}");
}

/// The committed declarations match the Rust types.
#[test]
fn typescript_declarations_are_current() {
    check(GENERATED, &declarations());
}

/// The committed constants match the Rust ones.
#[test]
fn ui_constants_are_current() {
    check(CONSTANTS, &constants());
}
