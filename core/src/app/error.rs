//! The app's errors ([`AppError`]) and the form a UI receives them in
//! ([`AppErrorPayload`]: a kind to branch on, a code and its params for
//! the UI to word in its own language, and an English sentence for logs
//! and as a fallback).

use std::net::SocketAddr;

use serde::Serialize;

use super::updates::UpdateFailure;
use crate::discovery::DiscoveryError;
use crate::params::{params, path_text, Param, Params};
use crate::store::StoreError;

/// How app errors reach a UI: a kind to branch on, a code and params to
/// word, and an English sentence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct AppErrorPayload {
    /// What went wrong, for code: what the UI offers (retry, start fresh).
    pub kind: AppErrorKind,
    /// What went wrong, in English: for logs, the command line, and a UI
    /// that has no sentence for [`AppErrorPayload::code`].
    pub message: String,
    /// The situation a UI words, in its language, with [`AppErrorPayload::params`].
    /// Always sent; optional in the TypeScript declaration only so that UI
    /// code building payloads from before codes still compiles.
    #[cfg_attr(feature = "typescript", ts(as = "Option<AppErrorCode>", optional))]
    pub code: AppErrorCode,
    /// The named values the code's sentence needs ([`AppErrorCode::params`]
    /// lists them). Always sent; optional in TypeScript like `code`.
    #[cfg_attr(feature = "typescript", ts(as = "Option<Params>", optional))]
    pub params: Params,
}

/// Kinds of [`AppError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub enum AppErrorKind {
    /// A class is already open; leave it first.
    AlreadyInClass,
    /// No class is open.
    NotInClass,
    /// A field is missing or malformed; fix it.
    InvalidInput,
    /// The network or the disk failed; retrying may help.
    Io,
    /// The class history file is damaged (or from a newer app): offer to
    /// start fresh, keeping it aside.
    Damaged,
}

impl AppErrorKind {
    /// Every kind, for a UI that checks what a failed command carries
    /// (exported to the UI's generated constants).
    pub const ALL: [Self; 5] =
        [Self::AlreadyInClass, Self::NotInClass, Self::InvalidInput, Self::Io, Self::Damaged];
}

/// Every situation a failed command reports, for the UI to word in its
/// language. Each variant's documentation is an English sentence with its
/// params in braces; [`AppErrorCode::params`] lists the params it carries.
/// Text params are names, folders and the system's own error text
/// (`detail`), none of them translatable.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum AppErrorCode {
    /// "You are already in a class. Leave it first."
    AlreadyInClass,
    /// "You are not in a class."
    NotInClass,
    /// "Please enter a class name and your name."
    MissingClassOrTeacher,
    /// "Please enter your name."
    MissingName,
    /// "“{address}” is not an address. Type the teacher's address, like 192.168.1.20:4455."
    BadAddress,
    /// "Only the teacher's app lists the class on the network."
    NotHosting,
    /// "Keep classes for at least one day."
    RetentionZero,
    /// "“{class}” needs a newer version of Classroom. Update the app, or ask
    /// your teacher for the address and type it instead."
    ClassNeedsNewerApp,
    /// "Cannot reach “{class}” ({detail}). Ask your teacher for the address
    /// and type it instead."
    ClassUnreachable,
    /// "Cannot look for classes on this network ({detail}). Type the address
    /// your teacher shows instead."
    BrowseUnavailable,
    /// "This computer is not connected to a network. Connect to the
    /// classroom network, or type the address your teacher shows."
    NoNetwork,
    /// "Cannot start the class: cannot listen on {address} ({detail})."
    CannotListen,
    /// "{count} messages are waiting to be sent. Wait until the connection is back."
    OutboxFull,
    /// "The connection to the class has closed."
    ConnectionClosed,
    /// "The class refused to let you in ({detail})." `reason` is the
    /// protocol's error code (e.g. `bad_code`), for a UI with its own
    /// sentence for it.
    JoinRefused,
    /// "This class is no longer in the class history."
    ClassNotStored,
    /// "No class has been saved in {folder} yet."
    NoClassesStored,
    /// "This class is open now, here or in another Classroom window. End it there first."
    ClassInUse,
    /// "The class history in {file} is damaged and cannot be read ({detail})."
    /// (kind `damaged`: the UI offers Start fresh.)
    HistoryDamaged,
    /// "The class history in {file} was saved by a newer version of
    /// Classroom. Update Classroom to open it." (kind `damaged`.)
    HistoryTooNew,
    /// "Cannot save the class history in {path}: the folder or file is
    /// read-only or not accessible ({detail})."
    HistoryReadOnly,
    /// "Cannot save the class history in {folder}: the disk is full."
    DiskFull,
    /// "The class history in {file} is locked by another program. Try again."
    HistoryBusy,
    /// "Cannot write the transcript ({detail})."
    ExportFailed,
    /// "Unknown time zone “{zone}”."
    UnknownTimeZone,
    /// "The class history in {path} could not be used ({detail})."
    HistoryFailed,
    /// "This class has no code: anyone on the network may join it."
    NoClassCode,
    /// "The class has ended."
    ClassEnded,
    /// "Something went wrong with the network or the disk ({detail}). Try again."
    Io,
    /// "Cannot look for updates ({detail})."
    UpdateCheckFailed,
    /// "Cannot download the update ({detail}). Try again later."
    UpdateDownloadFailed,
    /// "The downloaded update is not signed by Classroom's publisher, so it
    /// was not installed."
    UpdateSignatureInvalid,
    /// "Cannot install the update ({detail})."
    UpdateInstallFailed,
    /// "There is no update to install."
    NoUpdate,
}

impl AppErrorCode {
    /// Every code (exported to the UI's generated constants, with its params).
    pub const ALL: [Self; 34] = [
        Self::AlreadyInClass,
        Self::NotInClass,
        Self::MissingClassOrTeacher,
        Self::MissingName,
        Self::BadAddress,
        Self::NotHosting,
        Self::RetentionZero,
        Self::ClassNeedsNewerApp,
        Self::ClassUnreachable,
        Self::BrowseUnavailable,
        Self::NoNetwork,
        Self::CannotListen,
        Self::OutboxFull,
        Self::ConnectionClosed,
        Self::JoinRefused,
        Self::ClassNotStored,
        Self::NoClassesStored,
        Self::ClassInUse,
        Self::HistoryDamaged,
        Self::HistoryTooNew,
        Self::HistoryReadOnly,
        Self::DiskFull,
        Self::HistoryBusy,
        Self::ExportFailed,
        Self::UnknownTimeZone,
        Self::HistoryFailed,
        Self::NoClassCode,
        Self::ClassEnded,
        Self::Io,
        Self::UpdateCheckFailed,
        Self::UpdateDownloadFailed,
        Self::UpdateSignatureInvalid,
        Self::UpdateInstallFailed,
        Self::NoUpdate,
    ];

    /// The params this code's sentence needs, every one always present.
    pub const fn params(self) -> &'static [&'static str] {
        match self {
            Self::AlreadyInClass
            | Self::NotInClass
            | Self::MissingClassOrTeacher
            | Self::MissingName
            | Self::NotHosting
            | Self::RetentionZero
            | Self::NoNetwork
            | Self::ConnectionClosed
            | Self::ClassNotStored
            | Self::ClassInUse
            | Self::NoClassCode
            | Self::ClassEnded
            | Self::UpdateSignatureInvalid
            | Self::NoUpdate => &[],
            Self::BadAddress => &["address"],
            Self::ClassNeedsNewerApp => &["class"],
            Self::ClassUnreachable => &["class", "detail"],
            Self::BrowseUnavailable
            | Self::ExportFailed
            | Self::Io
            | Self::UpdateCheckFailed
            | Self::UpdateDownloadFailed
            | Self::UpdateInstallFailed => &["detail"],
            Self::CannotListen => &["address", "detail"],
            Self::OutboxFull => &["count"],
            Self::JoinRefused => &["reason", "detail"],
            Self::NoClassesStored | Self::DiskFull => &["folder"],
            Self::HistoryDamaged => &["file", "detail"],
            Self::HistoryTooNew | Self::HistoryBusy => &["file"],
            Self::HistoryReadOnly | Self::HistoryFailed => &["path", "detail"],
            Self::UnknownTimeZone => &["zone"],
        }
    }
}

/// A field the user typed that is not usable ([`AppError::InvalidInput`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum InvalidInput {
    /// Starting a class without a class name or the teacher's name.
    #[error("Please enter a class name and your name.")]
    MissingClassOrTeacher,
    /// Joining without a name.
    #[error("Please enter your name.")]
    MissingName,
    /// The teacher's address is not `host:port` nor a join link.
    #[error("Type the teacher's address, like 192.168.1.20:4455.")]
    BadAddress(String),
    /// Retrying the advertising in a class this app does not host.
    #[error("Only the teacher's app lists the class on the network.")]
    NotHosting,
    /// A retention of 0 days.
    #[error("Keep classes for at least one day.")]
    RetentionZero,
}

/// Errors of the app's intents.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// A class is already open in this app.
    #[error("You are already in a class. Leave it first.")]
    AlreadyInClass,
    /// The intent needs an open class.
    #[error("You are not in a class.")]
    NotInClass,
    /// A field the user typed is not usable.
    #[error("{0}")]
    InvalidInput(#[from] InvalidInput),
    /// The hub could not start, or the client could not send.
    #[error("{0}")]
    Core(#[from] crate::Error),
    /// The hosted class's port could not be bound.
    #[error("Cannot start the class: cannot listen on {addr} ({source}).")]
    CannotListen {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        source: crate::Error,
    },
    /// A class found on the LAN cannot be joined from this app: it needs a
    /// newer app, or none of its addresses answered.
    #[error("Cannot join “{class}”: {source}. Ask your teacher for the address and type it instead.")]
    Unreachable {
        /// The class's name as listed.
        class: String,
        /// Why.
        source: DiscoveryError,
    },
    /// Looking for classes on the LAN could not start.
    #[error("Cannot look for classes on this network ({0}). Type the address your teacher shows instead.")]
    Browse(DiscoveryError),
    /// The class history could not be read or changed.
    #[error("{}", history_message(.0))]
    History(#[from] StoreError),
    /// A class cannot be hosted because it could not be saved: nothing is
    /// acknowledged that is not stored.
    #[error("Cannot start the class: {}", history_message(.0))]
    CannotHost(StoreError),
    /// The desktop app's updater failed (looking, downloading, verifying
    /// or installing).
    #[error("{0}")]
    Update(#[from] UpdateFailure),
}

/// A store error as a sentence for the teacher, with what to do.
fn history_message(err: &StoreError) -> String {
    let text = match err {
        StoreError::NotFound(_) => return "This class is no longer in the class history.".into(),
        StoreError::InUse(_) => {
            return "This class is open now, here or in another Classroom window. End it there first.".into()
        }
        // What to do about a damaged file is the UI's to say, next to its
        // Start fresh button (kind `damaged`).
        err => format!("{err}."),
    };
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

impl AppError {
    /// The form a UI receives.
    pub fn payload(&self) -> AppErrorPayload {
        let kind = match self {
            Self::AlreadyInClass => AppErrorKind::AlreadyInClass,
            Self::NotInClass => AppErrorKind::NotInClass,
            Self::InvalidInput(_) | Self::Core(crate::Error::NoClassCode) => AppErrorKind::InvalidInput,
            Self::Core(crate::Error::Ended) => AppErrorKind::NotInClass,
            Self::Unreachable { source, .. } if !source.retry_helps() => AppErrorKind::InvalidInput,
            Self::History(err) | Self::CannotHost(err) if err.is_damaged() => AppErrorKind::Damaged,
            Self::History(StoreError::NotFound(_) | StoreError::InUse(_)) => AppErrorKind::InvalidInput,
            Self::Update(UpdateFailure::NoUpdate) => AppErrorKind::InvalidInput,
            Self::Core(_)
            | Self::CannotListen { .. }
            | Self::Unreachable { .. }
            | Self::Browse(_)
            | Self::History(_)
            | Self::CannotHost(_)
            | Self::Update(_) => AppErrorKind::Io,
        };
        let (code, params) = self.code();
        AppErrorPayload { kind, message: self.to_string(), code, params }
    }

    /// The code a UI words and the values its sentence needs.
    fn code(&self) -> (AppErrorCode, Params) {
        match self {
            Self::AlreadyInClass => (AppErrorCode::AlreadyInClass, Params::new()),
            Self::NotInClass => (AppErrorCode::NotInClass, Params::new()),
            Self::InvalidInput(input) => match input {
                InvalidInput::MissingClassOrTeacher => (AppErrorCode::MissingClassOrTeacher, Params::new()),
                InvalidInput::MissingName => (AppErrorCode::MissingName, Params::new()),
                InvalidInput::BadAddress(address) => {
                    (AppErrorCode::BadAddress, params([("address", address.as_str().into())]))
                }
                InvalidInput::NotHosting => (AppErrorCode::NotHosting, Params::new()),
                InvalidInput::RetentionZero => (AppErrorCode::RetentionZero, Params::new()),
            },
            Self::Core(err) => core_code(err),
            Self::CannotListen { addr, source } => (
                AppErrorCode::CannotListen,
                params([("address", addr.to_string().into()), ("detail", source.to_string().into())]),
            ),
            Self::Unreachable { class, source: DiscoveryError::Incompatible(_) } => {
                (AppErrorCode::ClassNeedsNewerApp, params([("class", class.as_str().into())]))
            }
            Self::Unreachable { class, source } => (
                AppErrorCode::ClassUnreachable,
                params([("class", class.as_str().into()), ("detail", source.to_string().into())]),
            ),
            Self::Browse(DiscoveryError::NoInterface { .. }) => (AppErrorCode::NoNetwork, Params::new()),
            Self::Browse(err) => {
                (AppErrorCode::BrowseUnavailable, params([("detail", err.to_string().into())]))
            }
            Self::History(err) | Self::CannotHost(err) => store_code(err),
            Self::Update(failure) => update_code(failure),
        }
    }
}

/// The code of an updater failure.
fn update_code(failure: &UpdateFailure) -> (AppErrorCode, Params) {
    let detail = |text: &str| params([("detail", text.into())]);
    match failure {
        UpdateFailure::Check(why) => (AppErrorCode::UpdateCheckFailed, detail(why)),
        UpdateFailure::Download(why) => (AppErrorCode::UpdateDownloadFailed, detail(why)),
        UpdateFailure::BadSignature => (AppErrorCode::UpdateSignatureInvalid, Params::new()),
        UpdateFailure::Install(why) => (AppErrorCode::UpdateInstallFailed, detail(why)),
        UpdateFailure::NoUpdate => (AppErrorCode::NoUpdate, Params::new()),
    }
}

/// The code of a core error. Every variant is matched by name, so a new
/// one does not compile until it has a code.
fn core_code(err: &crate::Error) -> (AppErrorCode, Params) {
    use crate::Error;
    match err {
        Error::BadAddress(address) => {
            (AppErrorCode::BadAddress, params([("address", address.as_str().into())]))
        }
        Error::Refused { code, message } => (
            AppErrorCode::JoinRefused,
            params([("reason", code.as_str().into()), ("detail", message.as_str().into())]),
        ),
        Error::Closed => (AppErrorCode::ConnectionClosed, Params::new()),
        Error::NoClassCode => (AppErrorCode::NoClassCode, Params::new()),
        Error::Ended => (AppErrorCode::ClassEnded, Params::new()),
        Error::OutboxFull(count) => (AppErrorCode::OutboxFull, params([("count", (*count).into())])),
        Error::Store(err) => store_code(err),
        Error::Io(err) => (AppErrorCode::Io, params([("detail", err.to_string().into())])),
    }
}

/// The code of a class history error.
fn store_code(err: &StoreError) -> (AppErrorCode, Params) {
    let detail = |text: &str| -> Param { text.into() };
    match err {
        StoreError::NotFound(_) => (AppErrorCode::ClassNotStored, Params::new()),
        StoreError::NoClasses(folder) => {
            (AppErrorCode::NoClassesStored, params([("folder", path_text(folder))]))
        }
        StoreError::InUse(_) => (AppErrorCode::ClassInUse, Params::new()),
        StoreError::Corrupt { path, detail: why } => {
            (AppErrorCode::HistoryDamaged, params([("file", path_text(path)), ("detail", detail(why))]))
        }
        StoreError::TooNew { path } => (AppErrorCode::HistoryTooNew, params([("file", path_text(path))])),
        StoreError::ReadOnly { path, detail: why } => {
            (AppErrorCode::HistoryReadOnly, params([("path", path_text(path)), ("detail", detail(why))]))
        }
        StoreError::Full { path } => {
            let folder = path.parent().unwrap_or(path);
            (AppErrorCode::DiskFull, params([("folder", path_text(folder))]))
        }
        StoreError::Busy { path } => (AppErrorCode::HistoryBusy, params([("file", path_text(path))])),
        StoreError::Export(err) => (AppErrorCode::ExportFailed, params([("detail", err.to_string().into())])),
        StoreError::TimeZone(zone) => {
            (AppErrorCode::UnknownTimeZone, params([("zone", zone.as_str().into())]))
        }
        StoreError::Io { path, source, .. } => (
            AppErrorCode::HistoryFailed,
            params([("path", path_text(path)), ("detail", source.to_string().into())]),
        ),
        StoreError::Sqlite { path, source } => (
            AppErrorCode::HistoryFailed,
            params([("path", path_text(path)), ("detail", source.to_string().into())]),
        ),
    }
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::PathBuf;

    use super::*;
    use crate::discovery::{Attempt, InterfaceProblem, InterfaceProblemCode};
    use crate::protocol::ErrorCode;

    /// [`AppErrorKind::ALL`] lists every kind once (a new kind must be added).
    #[test]
    fn every_kind_is_listed() {
        for kind in AppErrorKind::ALL {
            // A new variant fails this match until it is listed above too.
            let position = match kind {
                AppErrorKind::AlreadyInClass => 0,
                AppErrorKind::NotInClass => 1,
                AppErrorKind::InvalidInput => 2,
                AppErrorKind::Io => 3,
                AppErrorKind::Damaged => 4,
            };
            assert_eq!(AppErrorKind::ALL[position], kind);
        }
    }

    /// One error of every situation the app reports, and the code it must get.
    fn samples() -> Vec<(AppError, AppErrorCode)> {
        let file = PathBuf::from("/data/classroom.db");
        let io = || std::io::Error::other("No space left on device (os error 28)");
        let unreachable = DiscoveryError::Unreachable {
            attempts: vec![Attempt { addr: "10.0.0.5:4455".parse().unwrap(), error: "refused".into() }],
        };
        let blocked = DiscoveryError::MulticastBlocked {
            problems: vec![InterfaceProblem {
                interface: "eth0".into(),
                detail: "cannot open an IPv4 mDNS socket: denied".into(),
                blocking: true,
                code: InterfaceProblemCode::SocketFailed,
                params: params([("family", "IPv4".into()), ("detail", "denied".into())]),
            }],
        };
        let sqlite = rusqlite::Error::QueryReturnedNoRows;
        vec![
            (AppError::AlreadyInClass, AppErrorCode::AlreadyInClass),
            (AppError::NotInClass, AppErrorCode::NotInClass),
            (InvalidInput::MissingClassOrTeacher.into(), AppErrorCode::MissingClassOrTeacher),
            (InvalidInput::MissingName.into(), AppErrorCode::MissingName),
            (InvalidInput::BadAddress("nowhere".into()).into(), AppErrorCode::BadAddress),
            (crate::Error::BadAddress("http://x".into()).into(), AppErrorCode::BadAddress),
            (InvalidInput::NotHosting.into(), AppErrorCode::NotHosting),
            (InvalidInput::RetentionZero.into(), AppErrorCode::RetentionZero),
            (
                AppError::Unreachable {
                    class: "Physics".into(),
                    source: DiscoveryError::Incompatible(Some(9)),
                },
                AppErrorCode::ClassNeedsNewerApp,
            ),
            (
                AppError::Unreachable { class: "Physics".into(), source: unreachable },
                AppErrorCode::ClassUnreachable,
            ),
            (
                AppError::Browse(DiscoveryError::Daemon("port 5353 taken".into())),
                AppErrorCode::BrowseUnavailable,
            ),
            (AppError::Browse(blocked), AppErrorCode::BrowseUnavailable),
            (AppError::Browse(DiscoveryError::NoInterface { choice: "LAN".into() }), AppErrorCode::NoNetwork),
            (
                AppError::CannotListen {
                    addr: "0.0.0.0:4455".parse().unwrap(),
                    source: crate::Error::Io(io()),
                },
                AppErrorCode::CannotListen,
            ),
            (crate::Error::OutboxFull(500).into(), AppErrorCode::OutboxFull),
            (crate::Error::Closed.into(), AppErrorCode::ConnectionClosed),
            (crate::Error::NoClassCode.into(), AppErrorCode::NoClassCode),
            (crate::Error::Ended.into(), AppErrorCode::ClassEnded),
            (
                crate::Error::Refused { code: ErrorCode::BadCode, message: "Wrong code.".into() }.into(),
                AppErrorCode::JoinRefused,
            ),
            (crate::Error::Io(io()).into(), AppErrorCode::Io),
            (StoreError::NotFound("s".into()).into(), AppErrorCode::ClassNotStored),
            (StoreError::NoClasses("/data".into()).into(), AppErrorCode::NoClassesStored),
            (StoreError::InUse("s".into()).into(), AppErrorCode::ClassInUse),
            (
                AppError::CannotHost(StoreError::Corrupt {
                    path: file.clone(),
                    detail: "not a database".into(),
                }),
                AppErrorCode::HistoryDamaged,
            ),
            (StoreError::TooNew { path: file.clone() }.into(), AppErrorCode::HistoryTooNew),
            (
                AppError::CannotHost(StoreError::ReadOnly { path: "/data".into(), detail: "denied".into() }),
                AppErrorCode::HistoryReadOnly,
            ),
            (AppError::CannotHost(StoreError::Full { path: file.clone() }), AppErrorCode::DiskFull),
            (crate::Error::Store(StoreError::Full { path: file.clone() }).into(), AppErrorCode::DiskFull),
            (StoreError::Busy { path: file.clone() }.into(), AppErrorCode::HistoryBusy),
            (StoreError::Export(io()).into(), AppErrorCode::ExportFailed),
            (StoreError::TimeZone("Mars/Base".into()).into(), AppErrorCode::UnknownTimeZone),
            (
                StoreError::Io { what: "cannot create", path: "/data".into(), source: io() }.into(),
                AppErrorCode::HistoryFailed,
            ),
            (StoreError::Sqlite { path: file, source: sqlite }.into(), AppErrorCode::HistoryFailed),
            (UpdateFailure::Check("connection refused".into()).into(), AppErrorCode::UpdateCheckFailed),
            (UpdateFailure::Download("status 404".into()).into(), AppErrorCode::UpdateDownloadFailed),
            (UpdateFailure::BadSignature.into(), AppErrorCode::UpdateSignatureInvalid),
            (UpdateFailure::Install("cancelled".into()).into(), AppErrorCode::UpdateInstallFailed),
            (UpdateFailure::NoUpdate.into(), AppErrorCode::NoUpdate),
        ]
    }

    /// Each error gets its code, and the code carries exactly the params
    /// its sentence needs, none empty; every code is reachable.
    #[test]
    fn each_code_carries_the_params_its_sentence_needs() {
        let mut seen = BTreeSet::new();
        for (err, code) in samples() {
            let payload = err.payload();
            assert_eq!(payload.code, code, "{err}");
            let names: Vec<&str> = payload.params.keys().map(String::as_str).collect();
            let mut wanted = code.params().to_vec();
            wanted.sort_unstable();
            assert_eq!(names, wanted, "{code:?} for {err}");
            for (name, value) in &payload.params {
                assert_ne!(value, &Param::Text(String::new()), "{code:?}: {name} is empty");
            }
            assert!(!payload.message.is_empty(), "an English sentence too");
            seen.insert(code);
        }
        let all: BTreeSet<AppErrorCode> = AppErrorCode::ALL.into_iter().collect();
        assert_eq!(all.len(), AppErrorCode::ALL.len(), "listed once each");
        assert_eq!(seen, all, "every code has an error that reports it");
    }

    /// The values a sentence needs, as the UI reads them.
    #[test]
    fn params_are_the_values_the_sentence_needs() {
        let payload =
            AppError::Unreachable { class: "Física 1".into(), source: DiscoveryError::Incompatible(None) }
                .payload();
        assert_eq!(payload.params["class"], Param::Text("Física 1".into()));
        assert_eq!(payload.kind, AppErrorKind::InvalidInput);
        let payload = AppError::from(crate::Error::OutboxFull(500)).payload();
        assert_eq!(payload.params["count"], Param::Number(500));
        let full = AppError::CannotHost(StoreError::Full { path: "/data/classroom.db".into() }).payload();
        assert_eq!(full.params["folder"], Param::Text("/data".into()), "the folder, not the file");
        let refused =
            AppError::from(crate::Error::Refused { code: ErrorCode::BadCode, message: "Wrong code.".into() })
                .payload();
        assert_eq!(refused.params["reason"], Param::Text("bad_code".into()), "the protocol's wire name");
    }

    /// On the wire: the English fields as before, and the code in camelCase
    /// with its params as a plain object.
    #[test]
    fn payloads_serialise_with_code_and_params() {
        let err =
            AppError::Unreachable { class: "Physics".into(), source: DiscoveryError::Incompatible(Some(9)) };
        assert_eq!(
            serde_json::to_value(&err).expect("json"),
            serde_json::json!({
                "kind": "invalidInput",
                "message": err.to_string(),
                "code": "classNeedsNewerApp",
                "params": {"class": "Physics"},
            })
        );
        let full = serde_json::to_value(AppError::from(crate::Error::OutboxFull(3))).expect("json");
        assert_eq!(
            (&full["code"], &full["params"]),
            (&serde_json::json!("outboxFull"), &serde_json::json!({"count": 3}))
        );
    }
}
