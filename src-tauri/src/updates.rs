//! The app's own updates, through tauri-plugin-updater: look for a newer
//! version on the home screen, and install it when the teacher says so.
//!
//! - **Only release builds look.** The plugin is registered (by `lib.rs`)
//!   only when the build's configuration has a `plugins.updater` section,
//!   which the release workflow writes with the public key and the update
//!   server of the repository it runs in. Every other build has no server to
//!   ask and never asks; there is no URL in the code.
//! - **Signatures.** The plugin checks every download against the public
//!   key compiled into the app and refuses one that does not match, before
//!   anything is installed ([`UpdateFailure::BadSignature`]).
//! - **Never mid-class.** Nothing is looked for or installed while a class
//!   is open or being opened ([`App::in_class`]): the UI offers updates on
//!   the home screen only, and the shell checks again itself.
//! - **Off switches.** The teacher's setting (`settings.json` in the app's
//!   data folder), `--no-update-check` for one run, and the environment
//!   variable [`NO_UPDATE_CHECK_VAR`] for a whole computer (IT departments).

use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::time::Duration;

use classroom_core::app::{App, AppError, UpdateFailure, UpdateInfo, UpdateLock, UpdateSettings};
use serde_json::{Map, Value};
use tauri::{AppHandle, Manager, Runtime};
use tauri_plugin_updater::{Update, UpdaterBuilder, UpdaterExt};
use tracing::{info, warn};

/// Set (to anything but empty or `0`) in the environment of the app, update
/// checks are off and the teacher cannot turn them on: how an IT department
/// that updates Classroom itself turns them off for a whole computer.
pub const NO_UPDATE_CHECK_VAR: &str = "CLASSROOM_NO_UPDATE_CHECK";

/// The settings file, in the app's data folder.
const SETTINGS_FILE: &str = "settings.json";

/// The teacher's setting in [`SETTINGS_FILE`].
const CHECK_KEY: &str = "checkForUpdates";

/// How long looking for an update may take: a school network that blocks
/// the server must not leave a request hanging for minutes.
const CHECK_TIMEOUT: Duration = Duration::from_secs(20);

/// Longest release notes passed on to the UI, in characters (the server's
/// text is shown as it is; a prompt is no place for a whole changelog).
const MAX_NOTES_CHARS: usize = 2000;

/// The updater's state: whether this build and this run may update, the
/// teacher's setting, and the update found last.
pub struct Updates {
    /// The build's configuration has `plugins.updater`, so the plugin is
    /// registered (asking it for an updater otherwise would panic).
    available: bool,
    /// Checks turned off for this run or this computer, not by the teacher.
    lock: Option<UpdateLock>,
    /// `settings.json` in the data folder.
    file: PathBuf,
    /// The update [`check`] found, which [`install`] installs: the teacher
    /// is offered one version and gets that one.
    found: tokio::sync::Mutex<Option<Update>>,
    /// Held while an update is downloaded and installed: one at a time.
    installing: tokio::sync::Mutex<()>,
}

impl Updates {
    /// The updater of an app keeping its settings in `data_dir`; `available`
    /// when the plugin is registered, `lock` when checks are off regardless
    /// of the teacher's setting ([`lock`]).
    pub fn new(data_dir: &Path, available: bool, lock: Option<UpdateLock>) -> Self {
        Self {
            available,
            lock,
            file: data_dir.join(SETTINGS_FILE),
            found: tokio::sync::Mutex::new(None),
            installing: tokio::sync::Mutex::new(()),
        }
    }

    /// What the UI shows of the setting.
    pub fn settings(&self) -> UpdateSettings {
        UpdateSettings { available: self.available, check: self.teacher_wants_checks(), locked: self.lock }
    }

    /// Keeps the teacher's setting; turning checks off also forgets an
    /// update found, so nothing is offered any more.
    ///
    /// # Errors
    /// [`AppError::Core`] (an I/O error) when the settings file cannot be written.
    pub async fn set_check(&self, check: bool) -> Result<UpdateSettings, AppError> {
        let mut settings = read_settings(&self.file);
        settings.insert(CHECK_KEY.to_owned(), Value::Bool(check));
        write_settings(&self.file, &settings).map_err(|err| {
            warn!(file = %self.file.display(), cause = %err, "cannot save the settings");
            AppError::Core(classroom_core::Error::Io(err))
        })?;
        if !check {
            *self.found.lock().await = None;
        }
        info!(check, "update checks set by the teacher");
        Ok(self.settings())
    }

    /// Whether this run looks for updates at all.
    fn checks_on(&self) -> bool {
        self.available && self.lock.is_none() && self.teacher_wants_checks()
    }

    /// The teacher's setting: on unless turned off (a missing or unreadable
    /// file is the default).
    fn teacher_wants_checks(&self) -> bool {
        read_settings(&self.file).get(CHECK_KEY).and_then(Value::as_bool).unwrap_or(true)
    }
}

/// Whether checks are off for this run or computer, whatever the teacher's
/// setting: `--no-update-check` (`flag`), or [`NO_UPDATE_CHECK_VAR`] set to
/// `variable` (the process's value of it, passed in so tests need not
/// change the environment).
pub fn lock(flag: bool, variable: Option<OsString>) -> Option<UpdateLock> {
    if flag {
        Some(UpdateLock::Flag)
    } else if variable.is_some_and(|value| !value.is_empty() && value != "0") {
        Some(UpdateLock::Administrator)
    } else {
        None
    }
}

/// Looks for a newer version, on the update server the build names, and
/// keeps what it finds for [`install`]. `None`: none newer, checks are off,
/// or a class is open (the teacher is never asked mid-class). `configure`
/// adjusts the updater (tests install elsewhere than over themselves).
///
/// # Errors
/// [`UpdateFailure::Check`] when the server cannot be reached or its answer
/// is not usable (the UI stays quiet about it: a classroom network may well
/// be offline).
pub async fn check<R: Runtime>(
    app: &AppHandle<R>,
    configure: impl FnOnce(UpdaterBuilder) -> UpdaterBuilder,
) -> Result<Option<UpdateInfo>, AppError> {
    let updates = app.state::<Updates>();
    if !updates.checks_on() || app.state::<App>().in_class() {
        return Ok(None);
    }
    let updater = configure(app.updater_builder().timeout(CHECK_TIMEOUT)).build().map_err(|err| {
        warn!(cause = %err, "the updater is misconfigured");
        UpdateFailure::Check(err.to_string())
    })?;
    let found = updater.check().await.map_err(|err| {
        info!(cause = %err, "could not look for updates");
        UpdateFailure::Check(err.to_string())
    })?;
    let offered = found.as_ref().map(offer);
    match &offered {
        Some(offered) => info!(version = %offered.version, "an update is available"),
        None => info!("Classroom is up to date"),
    }
    *updates.found.lock().await = found;
    Ok(offered)
}

/// The update found by [`check`], downloaded, its signature verified
/// against the key the app was built with.
pub struct Verified {
    update: Update,
    bytes: Vec<u8>,
}

impl Verified {
    /// The version downloaded.
    pub fn version(&self) -> &str {
        &self.update.version
    }
}

/// Downloads the update [`check`] found and verifies its signature.
///
/// # Errors
/// [`AppError::AlreadyInClass`] while a class is open or being opened;
/// [`UpdateFailure::NoUpdate`] when nothing was found (or checks are off);
/// [`UpdateFailure::BadSignature`] for a download that does not match the
/// app's key (nothing is kept of it); [`UpdateFailure::Download`].
pub async fn download<R: Runtime>(app: &AppHandle<R>) -> Result<Verified, AppError> {
    let updates = app.state::<Updates>();
    if app.state::<App>().in_class() {
        return Err(AppError::AlreadyInClass);
    }
    let update = match &*updates.found.lock().await {
        Some(update) if updates.checks_on() => update.clone(),
        _ => return Err(UpdateFailure::NoUpdate.into()),
    };
    info!(version = %update.version, url = %update.download_url, "downloading the update");
    // The plugin verifies the bytes before handing them over.
    let bytes = update.download(|_, _| {}, || {}).await.map_err(|err| {
        if is_signature_error(&err) {
            warn!(version = %update.version, cause = %err, "the update's signature does not match: refused");
            UpdateFailure::BadSignature
        } else {
            warn!(version = %update.version, cause = %err, "the update could not be downloaded");
            UpdateFailure::Download(err.to_string())
        }
    })?;
    info!(version = %update.version, bytes = bytes.len(), "update downloaded, signature verified");
    Ok(Verified { update, bytes })
}

/// Installs a verified update (the plugin verifies the bytes once more
/// first). On Windows the installer takes over and this process exits; on
/// macOS and Linux the new version runs from the next start.
///
/// # Errors
/// [`AppError::AlreadyInClass`] when a class was started meanwhile;
/// [`UpdateFailure::Install`] (for a `.deb` or `.rpm`, the administrator's
/// password was refused or the package manager failed).
pub fn install<R: Runtime>(app: &AppHandle<R>, verified: Verified) -> Result<(), AppError> {
    if app.state::<App>().in_class() {
        return Err(AppError::AlreadyInClass);
    }
    info!(version = verified.version(), "installing the update");
    let Verified { update, bytes } = verified;
    update.install(&bytes).map_err(|err| {
        warn!(version = %update.version, cause = %err, "the update could not be installed");
        if is_signature_error(&err) {
            UpdateFailure::BadSignature
        } else {
            UpdateFailure::Install(err.to_string())
        }
    })?;
    info!(version = %update.version, "update installed");
    Ok(())
}

/// Downloads, verifies and installs the update found, then restarts the app
/// into it (through the event loop, so the app shuts down as on any exit).
///
/// # Errors
/// As [`download`] and [`install`]; nothing is installed after an error.
pub async fn install_and_restart<R: Runtime>(app: &AppHandle<R>) -> Result<(), AppError> {
    let updates = app.state::<Updates>();
    let _one_at_a_time = updates.installing.lock().await;
    let verified = download(app).await?;
    install(app, verified)?;
    *updates.found.lock().await = None;
    if app.state::<App>().in_class() {
        // A class started in the instant the file was being replaced: it
        // goes on, and the new version runs from the next start.
        warn!("a class started while the update was installed: not restarting now");
        return Ok(());
    }
    info!("restarting into the new version");
    app.request_restart();
    Ok(())
}

/// What the UI is told of an update found.
fn offer(update: &Update) -> UpdateInfo {
    let notes = update.body.as_deref().map(str::trim).filter(|notes| !notes.is_empty()).map(|notes| {
        match notes.char_indices().nth(MAX_NOTES_CHARS) {
            Some((end, _)) => format!("{}…", &notes[..end]),
            None => notes.to_owned(),
        }
    });
    // The server's own spelling: the plugin parsed it as RFC 3339 already
    // (a release with an unparsable date is refused), so it is one.
    let date = update.date.and(update.raw_json.get("pub_date")).and_then(Value::as_str).map(str::to_owned);
    UpdateInfo { version: update.version.clone(), notes, date }
}

/// Whether the plugin refused a download for its signature (not matching
/// the key, malformed, or signed for another version than announced).
fn is_signature_error(err: &tauri_plugin_updater::Error) -> bool {
    use tauri_plugin_updater::Error;
    matches!(
        err,
        Error::Minisign(_)
            | Error::Base64(_)
            | Error::SignatureUtf8(_)
            | Error::SignedVersionMismatch { .. }
            | Error::MissingSignedVersion
    )
}

/// The settings file's contents; empty when it is missing or unreadable
/// (the defaults then apply). Other keys are kept as they are.
fn read_settings(file: &Path) -> Map<String, Value> {
    let Ok(bytes) = std::fs::read(file) else { return Map::new() };
    match serde_json::from_slice(&bytes) {
        Ok(Value::Object(settings)) => settings,
        Ok(_) | Err(_) => {
            warn!(file = %file.display(), "unreadable settings; using the defaults");
            Map::new()
        }
    }
}

/// Writes beside the file, then renames: a crash never leaves half a file.
fn write_settings(file: &Path, settings: &Map<String, Value>) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        // The data folder is private to its user (as the core creates it).
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    let tmp = file.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(settings)?)?;
    std::fs::rename(tmp, file)
}

#[cfg(test)]
mod tests;
