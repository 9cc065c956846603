//! What a UI is told about updates of the desktop app: a newer version
//! found ([`UpdateInfo`]), whether the app looks for one at all
//! ([`UpdateSettings`]), and what went wrong ([`UpdateFailure`], an
//! [`AppError`](super::AppError) like every other). The updater itself
//! (tauri-plugin-updater, the update server, signatures) is the desktop
//! shell's; these shapes live here so they reach the UI's generated types
//! and its error wording the same way as the rest.

use serde::{Deserialize, Serialize};

/// A newer version of the app, found on the update server and not
/// installed yet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct UpdateInfo {
    /// Its version, e.g. `1.3.0`.
    pub version: String,
    /// What changed, as the release says it (its CHANGELOG section), if it does.
    pub notes: Option<String>,
    /// When it was published (RFC 3339), if the server says.
    pub date: Option<String>,
}

/// Whether the app looks for updates, and whether the teacher may change that.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct UpdateSettings {
    /// This build can update itself: a release built with the update
    /// signing key, which also names its update server. Other builds never
    /// look, and a UI shows no setting.
    pub available: bool,
    /// The teacher's choice, kept on this computer: look for a newer
    /// version on the home screen. On until turned off.
    pub check: bool,
    /// Why the app does not look whatever `check` says, when that is not
    /// the teacher's choice: a UI shows the setting off and says why.
    pub locked: Option<UpdateLock>,
}

/// Who turned update checks off for this computer or this run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub enum UpdateLock {
    /// The app was started with `--no-update-check`.
    Flag,
    /// The computer's administrator (the `CLASSROOM_NO_UPDATE_CHECK`
    /// environment variable).
    Administrator,
}

/// Why looking for, downloading or installing an update failed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum UpdateFailure {
    /// The update server could not be reached, or its answer was not usable.
    #[error("Cannot look for updates ({0}).")]
    Check(String),
    /// The update could not be downloaded.
    #[error("Cannot download the update ({0}). Try again later.")]
    Download(String),
    /// The download's signature does not match the key this app was built
    /// with: it was refused, and nothing was installed.
    #[error("The downloaded update is not signed by Classroom's publisher, so it was not installed.")]
    BadSignature,
    /// The verified update could not be installed.
    #[error("Cannot install the update ({0}).")]
    Install(String),
    /// Installing was asked for, but there is no newer version (any more).
    #[error("There is no update to install.")]
    NoUpdate,
}
