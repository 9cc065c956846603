//! What the desktop app does, without a window: host a class (the hub in
//! this process, joined by the teacher's own client, advertised on the LAN)
//! or join one (typed by address, or picked from the classes found on the
//! LAN), hand the class's events to a UI in one ordered stream, and
//! remember where a student sat so a restarted app comes back as the same
//! participant.
//!
//! The Tauri shell holds one [`App`] and turns each UI command into one
//! call; the commands themselves are listed once, in `src-tauri`'s
//! `contract.rs`, with the constants of [`ui`].
//!
//! # Layout
//! - `mod.rs`: [`App`], [`AppOptions`] and the intents that only delegate.
//! - `requests.rs`: what a UI sends and is told back ([`HostRequest`],
//!   [`HostInfo`], [`JoinRequest`], [`Startup`]).
//! - `error.rs`: [`AppError`] and its UI form ([`AppErrorPayload`]: a kind
//!   to branch on, an [`AppErrorCode`] and its params for the UI to word in
//!   its language, the English sentence for logs). A new error gets a code
//!   of its own, with the params its sentence needs.
//! - `events.rs`: [`AppEvent`], the one stream a UI reads.
//! - `class.rs`: the one class slot, a hosted class's parts, and the task
//!   forwarding a class's events.
//! - `host.rs`, `join.rs`, `browse.rs`: hosting (through
//!   [`hosting`](crate::hosting), as `classroom host` does: advertising and
//!   [`AdvertiseStatus`], join addresses and link), joining, looking for
//!   classes.
//! - `qr.rs`: the join link's QR code ([`JoinQr`]).
//! - `places.rs`: saved seats, the last join and [`RecentClass`]es, in
//!   `places.json`.
//! - `history.rs`: the class history (the store in the data folder) and
//!   what the teacher does with past classes ([`PastClasses`]).
//! - `ui.rs`: constants a UI needs ([`ui`]), exported to its generated code.
//! - `updates.rs`: what a UI is told about the desktop app's own updates
//!   ([`UpdateInfo`], [`UpdateSettings`], [`UpdateFailure`]); the updater is
//!   the shell's, which asks [`App::in_class`] so it never updates mid-class.
//!
//! # Adding a class activity
//! A new activity (a poll, a raised hand) reaches the UI through the
//! client: its events are new [`ClientEvent`](crate::client::ClientEvent)
//! variants, forwarded as they are in [`AppEvent`]; its intents are one
//! method here each (delegating to the client handle) and one command in
//! the shell's `contract.rs`.

mod browse;
mod class;
mod error;
mod events;
mod history;
mod host;
mod host_events;
mod join;
mod places;
mod polls;
mod qr;
mod requests;
mod room;
pub mod ui;
mod updates;

use std::path::PathBuf;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::Arc;

use tokio::sync::Mutex;

pub use browse::ClassSink;
pub use error::{AppError, AppErrorCode, AppErrorKind, AppErrorPayload, InvalidInput};
pub use events::{AppEvent, EventSink, HostEvent};
pub use history::{PastClasses, StartedFresh};
pub use host_events::GUESSING_ALERT_AT;
pub use places::{RecentClass, MAX_RECENT};
pub use qr::{JoinQr, QUIET_ZONE};
pub use requests::{HostInfo, HostRequest, JoinLink, JoinRequest, Startup};
pub use updates::{UpdateFailure, UpdateInfo, UpdateLock, UpdateSettings};

pub use crate::hosting::{hub_url, AdvertiseFailure, AdvertiseStatus};
/// Why a hosted class is not being saved (in [`crate::store::StorageState`]);
/// re-exported here, beside the other codes a UI words.
pub use crate::store::writer::StorageFailure;

use crate::client::ClientHandle;
use crate::discovery::InterfaceChoice;
use crate::store::{ExportFormat, ExportLanguage, ExportOptions};
use browse::Browsing;
use class::Slot;
use history::History;
use places::Places;

/// How the app runs: where hosted classes listen, and whether it uses LAN
/// discovery (mDNS) at all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AppOptions {
    /// Hosted classes listen here (taken: any free port; 0: any free port).
    pub port: u16,
    /// Advertise hosted classes and look for classes on the LAN. Off
    /// (`--no-mdns`, and every test outside a network namespace), the app
    /// sends no multicast at all: students join by address.
    pub mdns: bool,
    /// Interfaces discovery uses.
    pub interfaces: InterfaceChoice,
    /// Students one address may seat in a hosted class; `None`: the hub's
    /// default (4). Raised where many students share one address (a
    /// terminal server, a lab behind one router), and by tests that run a
    /// class of terminal clients on one machine.
    pub max_per_address: Option<usize>,
}

impl AppOptions {
    /// Hosted classes on `port`; LAN discovery on the LAN interfaces when `mdns`.
    pub fn new(port: u16, mdns: bool) -> Self {
        Self { port, mdns, interfaces: InterfaceChoice::Lan, max_per_address: None }
    }
}

/// The app's one piece of state: at most one class at a time, and at most
/// one search for classes.
pub struct App {
    places: Arc<Places>,
    history: History,
    options: AppOptions,
    active: Slot,
    /// Held across starting and stopping a search (mDNS daemon calls), never
    /// by a class intent.
    browsing: Mutex<Option<Browsing>>,
    generations: AtomicU64,
}

impl App {
    /// An app keeping its files (saved places, the class history) in `data_dir`.
    pub fn new(data_dir: impl Into<PathBuf>, options: AppOptions) -> Self {
        let data_dir = data_dir.into();
        Self {
            history: History::new(data_dir.clone()),
            places: Arc::new(Places::new(data_dir)),
            options,
            active: Slot::new(),
            browsing: Mutex::new(None),
            generations: AtomicU64::new(0),
        }
    }

    /// Asks for the page of messages before the oldest shown; a
    /// `loadingEarlier` event says it is on its way (asking again meanwhile
    /// does nothing), and it arrives as one `earlier` event.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn load_earlier(&self) -> Result<(), AppError> {
        Ok(self.client()?.load_earlier().await?)
    }

    /// The stored classes and the retention setting.
    ///
    /// # Errors
    /// [`AppError::History`]: of kind [`AppErrorKind::Damaged`] when the
    /// history file is damaged (offer [`App::start_fresh`]).
    pub async fn past_classes(&self) -> Result<PastClasses, AppError> {
        self.history.past().await
    }

    /// After the history was reported damaged: keeps the damaged file aside
    /// and starts an empty history.
    ///
    /// # Errors
    /// [`AppError::History`] when the file cannot be moved or the folder written.
    pub async fn start_fresh(&self) -> Result<StartedFresh, AppError> {
        self.history.start_fresh().await
    }

    /// Deletes a past class and everything stored for it; returns what is left.
    ///
    /// # Errors
    /// [`AppError::History`] (of kind [`AppErrorKind::InvalidInput`] for the
    /// class open now, or one no longer stored).
    pub async fn delete_class(&self, id: String) -> Result<PastClasses, AppError> {
        self.history.delete(id).await
    }

    /// Keeps classes for `days` days after their last activity (`None`:
    /// forever), deleting older ones now and at each start.
    ///
    /// # Errors
    /// [`AppError::InvalidInput`] for 0 days; [`AppError::History`].
    pub async fn set_retention(&self, days: Option<u32>) -> Result<PastClasses, AppError> {
        self.history.set_retention(days).await
    }

    /// The file name a class's transcript is offered under.
    ///
    /// # Errors
    /// [`AppError::History`].
    pub async fn export_name(&self, id: String, format: ExportFormat) -> Result<String, AppError> {
        self.history.export_name(id, format).await
    }

    /// Writes a class's transcript to `path`: times in the teacher's time
    /// zone, stated in the file; headers and labels in the language of
    /// `locale`, the UI's (a BCP 47 tag such as `es-MX`; an untranslated
    /// one gets English).
    ///
    /// # Errors
    /// [`AppError::History`] when the class is gone or the file cannot be written.
    pub async fn export_class(
        &self,
        id: String,
        format: ExportFormat,
        locale: &str,
        path: PathBuf,
    ) -> Result<(), AppError> {
        let options =
            ExportOptions { format, time_zone: None, language: ExportLanguage::from_locale(locale) };
        self.history.export(id, options, path).await
    }

    /// The classes joined lately, most recent first.
    pub fn recent_classes(&self) -> Vec<RecentClass> {
        self.places.recent()
    }

    /// The details of the last join, to fill the form in again.
    pub fn last_join(&self) -> Option<JoinRequest> {
        self.places.last_join()
    }

    /// Sends a chat message; returns its client id. The UI hears of it
    /// first as a `queued` event, then `acked` (or its own copy) or
    /// `refused`, all in the class's event stream.
    ///
    /// # Errors
    /// [`AppError::NotInClass`]; [`AppError::Core`] when the outbox is full.
    pub async fn send(&self, text: String) -> Result<String, AppError> {
        Ok(self.client()?.send(text).await?)
    }

    /// Tells the class whether we are typing.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn typing(&self, active: bool) -> Result<(), AppError> {
        Ok(self.client()?.typing(active).await?)
    }

    /// Teacher: removes every student offline now, without a ban (seats
    /// squatted, students gone home); each may join again with the code.
    ///
    /// # Errors
    /// [`AppError::NotInClass`]; [`AppError::Core`] when the connection closed.
    pub async fn remove_offline(&self) -> Result<(), AppError> {
        Ok(self.client()?.remove_offline().await?)
    }

    /// Teacher: removes a student, optionally banning them.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn remove_student(&self, id: String, ban: bool) -> Result<(), AppError> {
        Ok(self.client()?.remove_student(id, ban).await?)
    }

    /// Teacher: ends the class for everyone, withdraws it from the LAN,
    /// then stops the hub.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn end_class(&self) -> Result<(), AppError> {
        let taken = self.active.take().ok_or(AppError::NotInClass)?;
        let _ = taken.client.end_session().await;
        class::close(taken).await;
        Ok(())
    }

    /// Leaves the class (a teacher's leaving ends it).
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn leave(&self) -> Result<(), AppError> {
        let taken = self.active.take().ok_or(AppError::NotInClass)?;
        let _ = taken.client.leave().await;
        class::close(taken).await;
        Ok(())
    }

    /// On app exit: stop looking for classes, leave or end whatever class
    /// is open, gracefully (a hosted class says goodbye on the LAN).
    pub async fn shutdown(&self) {
        self.stop_browsing().await;
        if let Some(taken) = self.active.take() {
            let _ = taken.client.leave().await;
            class::close(taken).await;
        }
    }

    /// Whether a class is open, or being opened (hosted or joined): the
    /// desktop shell neither offers nor installs an update then.
    pub fn in_class(&self) -> bool {
        !matches!(*self.active.lock(), class::Class::Free)
    }

    fn next_generation(&self) -> u64 {
        self.generations.fetch_add(1, Ordering::Relaxed)
    }

    fn client(&self) -> Result<ClientHandle, AppError> {
        self.active.client()
    }
}
