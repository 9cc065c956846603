//! What the desktop app does, without a window: host a class (the hub in
//! this process, joined by the teacher's own client, advertised on the LAN)
//! or join one (typed by address, or picked from the classes found on the
//! LAN), forward the client's events to a UI, and remember where a student
//! sat so a restarted app comes back as the same participant.
//!
//! The Tauri shell holds one [`App`] and turns each UI intent into one call.
//!
//! # Layout
//! - `mod.rs`: [`App`] and its intents; the types a UI sends and receives.
//! - `lan.rs`: advertising a hosted class and what the teacher is told
//!   about it ([`AdvertiseStatus`]), join addresses and link, browsing.
//! - `qr.rs`: the join link's QR code ([`JoinQr`]).
//! - `places.rs`: saved seats, the last join and [`RecentClass`]es, in
//!   `places.json`.
//! - `history.rs`: the class history (the store in the data folder) and
//!   what the teacher does with past classes ([`PastClasses`]).

mod history;
mod lan;
mod places;
mod qr;

use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tracing::{info, warn};

pub use history::{PastClasses, StartedFresh};
pub use lan::{AdvertiseStatus, ClassSink};
pub use places::{RecentClass, MAX_RECENT};
pub use qr::{JoinQr, QUIET_ZONE};

use crate::client::{
    self, Backfill, ClientConfig, ClientEvent, ClientHandle, CloseReason, ConnectionState, JoinAs, SavedPlace,
};
use crate::discovery::{
    self, Advertisement, BrowseConfig, ClassEvent, DiscoveredClass, DiscoveryError, InterfaceChoice,
};
use crate::hub::{self, HubConfig, HubHandle};
use crate::store::{ExportFormat, StorageState, StoreError};
use history::History;
use lan::Browsing;
use places::Places;

/// How long each address of a class found on the LAN gets to accept a
/// connection before the next is tried alone.
const REACH_TIMEOUT: Duration = Duration::from_secs(3);

/// Where a UI receives events; called in order, from one task.
pub type EventSink = Box<dyn Fn(ClientEvent) + Send + Sync>;

/// Where the teacher's UI hears whether the hosted class is being saved.
pub type StorageSink = Box<dyn Fn(StorageState) + Send + Sync>;

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
}

impl AppOptions {
    /// Hosted classes on `port`; LAN discovery on the LAN interfaces when `mdns`.
    pub fn new(port: u16, mdns: bool) -> Self {
        Self { port, mdns, interfaces: InterfaceChoice::Lan }
    }
}

/// What the teacher fills in to start a class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct HostRequest {
    /// Class name, e.g. "Physics 101". Ignored when resuming.
    pub class: String,
    /// Teacher's display name. Ignored when resuming.
    pub teacher: String,
    /// Reopen this stored class (a past class's id) instead of starting a
    /// new one: same code, everyone's seat kept, the log going on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub resume: Option<String>,
}

/// Where students can find a class that was just started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct HostInfo {
    /// The session id (a past class's id once it is over).
    pub session: String,
    /// Whether a stored class was reopened.
    pub resumed: bool,
    /// Class name.
    pub class: String,
    /// Teacher's name.
    pub teacher: String,
    /// The code students type.
    pub code: String,
    /// `host:port` addresses students can type, LAN addresses first.
    pub addresses: Vec<String>,
    /// `ws://HOST:PORT/ws` for the first address: typed or pasted into the
    /// address field, or read from the QR code.
    pub join_link: String,
    /// The join link as a QR code (`None` only if it could not be encoded).
    pub qr: Option<JoinQr>,
    /// Whether students see the class in their list, and if not, why.
    pub advertising: AdvertiseStatus,
    /// Whether the class is being saved now; changes go to the [`StorageSink`].
    pub storage: StorageState,
}

/// What a student fills in to join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct JoinRequest {
    /// The teacher's address: `host:port`, or a join link (`ws://…`).
    /// Ignored when `class` is given.
    pub address: String,
    /// Display name.
    pub name: String,
    /// The class code (may be empty for a class that needs none).
    pub code: String,
    /// A class picked from the list of classes found on the LAN: its
    /// addresses are tried, best first, until one connects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub class: Option<DiscoveredClass>,
}

/// What the app was asked to do at start (command-line flags, used by tests
/// and kiosk setups): start a class, or join one, without any typing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Startup {
    /// Host this class at once.
    pub host: Option<HostRequest>,
    /// Join this class at once.
    pub join: Option<JoinRequest>,
}

/// How app errors reach a UI: a kind to branch on and a sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct AppErrorPayload {
    /// What went wrong, for code.
    pub kind: AppErrorKind,
    /// What went wrong, for people.
    pub message: String,
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
    InvalidInput(String),
    /// The hub could not start, or the client could not send.
    #[error("{0}")]
    Core(#[from] crate::Error),
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
            Self::InvalidInput(_) => AppErrorKind::InvalidInput,
            Self::Unreachable { source, .. } if !source.retry_helps() => AppErrorKind::InvalidInput,
            Self::History(err) | Self::CannotHost(err) if err.is_damaged() => AppErrorKind::Damaged,
            Self::History(StoreError::NotFound(_) | StoreError::InUse(_)) => AppErrorKind::InvalidInput,
            Self::Core(_)
            | Self::Unreachable { .. }
            | Self::Browse(_)
            | Self::History(_)
            | Self::CannotHost(_) => AppErrorKind::Io,
        };
        AppErrorPayload { kind, message: self.to_string() }
    }
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

/// A class this app hosts: its hub and its advertisement on the LAN.
struct Hosted {
    hub: HubHandle,
    advertisement: Option<Advertisement>,
    advertising: AdvertiseStatus,
    /// Tells the UI when saving fails or recovers.
    storage: JoinHandle<()>,
}

impl Hosted {
    /// Withdraws the class from the LAN first (students' lists drop it while
    /// the hub still says goodbye to its connections), then stops the hub.
    async fn stop(self) {
        self.storage.abort();
        lan::withdraw(self.advertisement).await;
        if let Err(err) = self.hub.shutdown().await {
            warn!(cause = %err, "hub shutdown failed");
        }
    }
}

/// The class this app is in.
struct Active {
    /// Tells this class from a later one in the same slot.
    generation: u64,
    client: ClientHandle,
    hosted: Option<Hosted>,
    forward: JoinHandle<()>,
}

/// The app's one piece of state: at most one class at a time, and at most
/// one search for classes.
pub struct App {
    places: Arc<Places>,
    history: History,
    options: AppOptions,
    active: Slot,
    browsing: Mutex<Option<Browsing>>,
    generations: std::sync::atomic::AtomicU64,
}

/// The one open class, shared with its event forwarder so a class that
/// closes on its own (ended, removed) frees the app for the next one.
type Slot = Arc<Mutex<Option<Active>>>;

impl App {
    /// An app keeping its files (saved places, the class history) in `data_dir`.
    pub fn new(data_dir: impl Into<PathBuf>, options: AppOptions) -> Self {
        let data_dir = data_dir.into();
        Self {
            history: History::new(data_dir.clone()),
            places: Arc::new(Places::new(data_dir)),
            options,
            active: Arc::new(Mutex::new(None)),
            browsing: Mutex::new(None),
            generations: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Starts a class, or reopens a stored one ([`HostRequest::resume`]):
    /// the hub in this process, saving the class in the data folder,
    /// advertised on the LAN unless discovery is off, and the teacher's
    /// client. Stops looking for classes (the join screen is gone).
    ///
    /// Advertising that fails does not stop the class: [`HostInfo::advertising`]
    /// says why, and students join with the address or the join link. A
    /// class that cannot be saved is not started: nothing would be stored.
    ///
    /// # Errors
    /// [`AppError::AlreadyInClass`], [`AppError::InvalidInput`] for an empty
    /// class or teacher name, [`AppError::CannotHost`] when the history
    /// cannot be opened or written (damaged, read-only, full),
    /// [`AppError::History`] for an unknown class to resume,
    /// [`AppError::Core`] if no port can be bound.
    pub async fn host(
        &self,
        request: HostRequest,
        sink: EventSink,
        storage_sink: StorageSink,
    ) -> Result<HostInfo, AppError> {
        let (class, teacher) = (request.class.trim(), request.teacher.trim());
        if request.resume.is_none() && (class.is_empty() || teacher.is_empty()) {
            return Err(AppError::InvalidInput("Please enter a class name and your name.".into()));
        }
        self.stop_browsing().await;
        let mut active = self.active.lock().await;
        if active.is_some() {
            return Err(AppError::AlreadyInClass);
        }
        let store = self.history.store().await.map_err(AppError::CannotHost)?;
        let port = self.options.port;
        let listener = match hub::bind(SocketAddr::from(([0, 0, 0, 0], port))) {
            Ok(listener) => listener,
            Err(err) if port != 0 => {
                warn!(port, cause = %err, "port taken; using any free port");
                hub::bind(SocketAddr::from(([0, 0, 0, 0], 0)))?
            }
            Err(err) => return Err(err.into()),
        };
        let mut config = HubConfig::new(class, teacher);
        config.store = Some(store);
        config.resume = request.resume.clone();
        let hub = match hub::start(listener, config) {
            Ok(hub) => hub,
            Err(crate::Error::Store(err @ StoreError::NotFound(_))) => return Err(AppError::History(err)),
            Err(crate::Error::Store(err)) => return Err(AppError::CannotHost(err)),
            Err(err) => return Err(err.into()),
        };
        let port = hub.local_addr().port();
        let addresses = lan::join_addresses(port);
        let join_link = addresses.first().map(|a| lan::join_link(a)).unwrap_or_default();
        let (advertisement, advertising) =
            lan::advertise(&hub, self.options.mdns, &self.options.interfaces).await;
        let storage = hub.storage();
        let info = HostInfo {
            session: hub.session().id.clone(),
            resumed: request.resume.is_some(),
            class: hub.session().class.clone(),
            teacher: hub.session().teacher.clone(),
            code: hub.join_code().unwrap_or_default().to_owned(),
            qr: JoinQr::new(&join_link),
            addresses,
            join_link,
            advertising: advertising.clone(),
            storage: storage.borrow().clone(),
        };
        let url = format!("ws://127.0.0.1:{port}/ws");
        let join = JoinAs::Teacher { token: hub.host_token().to_owned() };
        let storage = tokio::spawn(watch_storage(storage, storage_sink));
        let hosted = Hosted { hub, advertisement, advertising, storage };
        let mut config = ClientConfig::new(url, join);
        config.backfill = Backfill::OnRequest;
        let (client, events) = match client::connect(config) {
            Ok(pair) => pair,
            Err(err) => {
                hosted.stop().await;
                return Err(err.into());
            }
        };
        let generation = self.next_generation();
        let forward = tokio::spawn(forward(events, sink, None, Arc::clone(&self.active), generation));
        info!(class = %info.class, port, link = %info.join_link, resumed = info.resumed, "hosting");
        *active = Some(Active { generation, client, hosted: Some(hosted), forward });
        Ok(info)
    }

    /// Tries advertising the hosted class again (after it failed, e.g. the
    /// network was not connected yet); returns the status now.
    ///
    /// # Errors
    /// [`AppError::NotInClass`]; [`AppError::InvalidInput`] in a class this
    /// app does not host.
    pub async fn retry_advertising(&self) -> Result<AdvertiseStatus, AppError> {
        let mut active = self.active.lock().await;
        let hosted = active.as_mut().ok_or(AppError::NotInClass)?.hosted.as_mut().ok_or_else(|| {
            AppError::InvalidInput("Only the teacher's app lists the class on the network.".into())
        })?;
        if hosted.advertisement.is_none() {
            let (advertisement, status) =
                lan::advertise(&hosted.hub, self.options.mdns, &self.options.interfaces).await;
            hosted.advertisement = advertisement;
            hosted.advertising = status;
        }
        Ok(hosted.advertising.clone())
    }

    /// Joins a class as a student, as the same participant as last time if
    /// this app sat there before. A class picked from the LAN list is
    /// reached at the first of its addresses that accepts a connection.
    /// Stops looking for classes.
    ///
    /// # Errors
    /// [`AppError::AlreadyInClass`], [`AppError::InvalidInput`] for an
    /// unusable address or an empty name, [`AppError::Unreachable`] when a
    /// class from the list needs a newer app or none of its addresses answers.
    pub async fn join(&self, request: JoinRequest, sink: EventSink) -> Result<(), AppError> {
        if self.active.lock().await.is_some() {
            return Err(AppError::AlreadyInClass);
        }
        let name = request.name.trim().to_owned();
        if name.is_empty() {
            return Err(AppError::InvalidInput("Please enter your name.".into()));
        }
        let url = match &request.class {
            Some(class) => self.reach(class).await?,
            None => {
                self.stop_browsing().await;
                hub_url(&request.address).ok_or_else(|| {
                    AppError::InvalidInput("Type the teacher's address, like 192.168.1.20:4455.".into())
                })?
            }
        };
        let mut active = self.active.lock().await;
        if active.is_some() {
            return Err(AppError::AlreadyInClass);
        }
        let address = address_of(&url);
        let key = Places::key(&url, &name);
        let code = request.code.trim();
        let mut config = ClientConfig::new(
            url,
            JoinAs::Student { name: name.clone(), code: (!code.is_empty()).then(|| code.to_owned()) },
        );
        // last_seq 0: a restarted app shows the newest page again.
        config.resume = self.places.token(&key).map(|token| SavedPlace { token, last_seq: 0 });
        config.backfill = Backfill::OnRequest;
        let remembered = match request.class {
            // What the address field takes next time: where the class was reached.
            Some(_) => JoinRequest { address: address.clone(), name, code: code.to_owned(), class: None },
            None => request,
        };
        self.places.remember_join(&remembered);
        let (client, events) = client::connect(config)?;
        let generation = self.next_generation();
        let seat = Some(Seat { places: Arc::clone(&self.places), key, address });
        let forward = tokio::spawn(forward(events, sink, seat, Arc::clone(&self.active), generation));
        *active = Some(Active { generation, client, hosted: None, forward });
        Ok(())
    }

    /// The URL of a class from the LAN list: the browser's copy of it (the
    /// freshest, with every address seen), else the UI's; then browsing stops.
    async fn reach(&self, picked: &DiscoveredClass) -> Result<String, AppError> {
        let fresh = self.browsing.lock().await.as_ref().and_then(|browsing| {
            browsing.browser.classes().into_iter().find(|c| c.id.eq_ignore_ascii_case(&picked.id))
        });
        self.stop_browsing().await;
        let class = fresh.unwrap_or_else(|| picked.clone());
        discovery::reachable_url(&class, REACH_TIMEOUT).await.map_err(|source| {
            warn!(class = %class.name, cause = %source, "cannot reach a class from the LAN list");
            AppError::Unreachable { class: class.name.clone(), source }
        })
    }

    /// Starts looking for classes on the LAN; the list and its changes go to
    /// `sink`, starting with a snapshot. Called again (the join screen opened
    /// anew), the running search sends to the new sink instead. With
    /// discovery off, `sink` gets one [`ClassEvent::Stopped`] saying so.
    ///
    /// # Errors
    /// [`AppError::Browse`] when mDNS cannot run here (students then type
    /// the address).
    pub async fn browse(&self, sink: ClassSink) -> Result<(), AppError> {
        if !self.options.mdns {
            sink(ClassEvent::Stopped {
                reason: "Looking for classes on the network is turned off (--no-mdns).".to_owned(),
            });
            return Ok(());
        }
        let mut browsing = self.browsing.lock().await;
        if let Some(running) = browsing.as_mut() {
            running.redirect(sink);
            return Ok(());
        }
        let config = BrowseConfig { interfaces: self.options.interfaces.clone(), ..BrowseConfig::default() };
        let (browser, events) = discovery::browse(config).map_err(AppError::Browse)?;
        info!("looking for classes on the LAN");
        *browsing = Some(Browsing::new(browser, events, sink));
        Ok(())
    }

    /// Stops looking for classes (the join screen closed). Doing nothing is fine.
    pub async fn stop_browsing(&self) {
        let taken = self.browsing.lock().await.take();
        if let Some(browsing) = taken {
            browsing.stop().await;
        }
    }

    /// Asks for the page of messages before the oldest shown; it arrives
    /// as a [`ClientEvent::Earlier`].
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn load_earlier(&self) -> Result<(), AppError> {
        Ok(self.client().await?.load_earlier().await?)
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

    /// Writes a class's transcript to `path` (times in the teacher's time
    /// zone, stated in the file).
    ///
    /// # Errors
    /// [`AppError::History`] when the class is gone or the file cannot be written.
    pub async fn export_class(
        &self,
        id: String,
        format: ExportFormat,
        path: PathBuf,
    ) -> Result<(), AppError> {
        self.history.export(id, format, path).await
    }

    /// The classes joined lately, most recent first.
    pub fn recent_classes(&self) -> Vec<RecentClass> {
        self.places.recent()
    }

    /// The details of the last join, to fill the form in again.
    pub fn last_join(&self) -> Option<JoinRequest> {
        self.places.last_join()
    }

    /// Sends a chat message; returns its client id (pending until acked).
    ///
    /// # Errors
    /// [`AppError::NotInClass`]; [`AppError::Core`] when the outbox is full.
    pub async fn send(&self, text: String) -> Result<String, AppError> {
        let client = self.client().await?;
        Ok(client.send(text).await?)
    }

    /// Tells the class whether we are typing.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn typing(&self, active: bool) -> Result<(), AppError> {
        Ok(self.client().await?.typing(active).await?)
    }

    /// Teacher: removes a student, optionally banning them.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn remove_student(&self, id: String, ban: bool) -> Result<(), AppError> {
        Ok(self.client().await?.remove_student(id, ban).await?)
    }

    /// Teacher: ends the class for everyone, withdraws it from the LAN,
    /// then stops the hub.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn end_class(&self) -> Result<(), AppError> {
        let taken = self.active.lock().await.take().ok_or(AppError::NotInClass)?;
        let _ = taken.client.end_session().await;
        close(taken).await;
        Ok(())
    }

    /// Leaves the class (a teacher's leaving ends it).
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn leave(&self) -> Result<(), AppError> {
        let taken = self.active.lock().await.take().ok_or(AppError::NotInClass)?;
        let _ = taken.client.leave().await;
        close(taken).await;
        Ok(())
    }

    /// On app exit: stop looking for classes, leave or end whatever class
    /// is open, gracefully (a hosted class says goodbye on the LAN).
    pub async fn shutdown(&self) {
        self.stop_browsing().await;
        if let Some(taken) = self.active.lock().await.take() {
            let _ = taken.client.leave().await;
            close(taken).await;
        }
    }

    fn next_generation(&self) -> u64 {
        self.generations.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
    }

    async fn client(&self) -> Result<ClientHandle, AppError> {
        self.active.lock().await.as_ref().map(|a| a.client.clone()).ok_or(AppError::NotInClass)
    }
}

/// Withdraws a hosted class from the LAN, waits for the client's last
/// events, then stops a hosted hub.
async fn close(mut active: Active) {
    if let Some(hosted) = active.hosted.as_mut() {
        lan::withdraw(hosted.advertisement.take()).await;
    }
    let _ = tokio::time::timeout(Duration::from_secs(3), active.forward).await;
    if let Some(hosted) = active.hosted {
        hosted.stop().await;
    }
}

/// Tells the UI each change of the hosted class's storage state, until
/// the hub stops.
async fn watch_storage(mut storage: tokio::sync::watch::Receiver<StorageState>, sink: StorageSink) {
    storage.mark_unchanged();
    while storage.changed().await.is_ok() {
        let state = storage.borrow_and_update().clone();
        match &state {
            StorageState::Failing { message, .. } => warn!(%message, "the class is not being saved"),
            _ => info!(?state, "class storage"),
        }
        sink(state);
    }
}

/// A student's seat: where its resume token is kept, and the address the
/// class was reached at (for the recent classes).
struct Seat {
    places: Arc<Places>,
    key: String,
    address: String,
}

/// Hands each event to the UI; keeps a student's resume token on disk and
/// the class among the recent ones; frees the slot when the class closes
/// on its own.
async fn forward(
    mut events: client::Events,
    sink: EventSink,
    seat: Option<Seat>,
    slot: Slot,
    generation: u64,
) {
    while let Some(event) = events.next().await {
        if let Some(Seat { places, key, address }) = &seat {
            match &event {
                ClientEvent::Welcome { resume, session, .. } => {
                    places.save_token(key, resume);
                    places.remember_class(RecentClass {
                        class: session.class.clone(),
                        teacher: session.teacher.clone(),
                        address: address.clone(),
                    });
                }
                // Leaving, or the class ending, keeps the seat: the name
                // stays taken there, and a class the teacher resumes takes
                // the student back as the same participant. A removal
                // gives it up.
                ClientEvent::State(ConnectionState::Closed(CloseReason::Removed)) => {
                    places.forget_token(key);
                }
                _ => {}
            }
        }
        let closed = matches!(event, ClientEvent::State(ConnectionState::Closed(_)));
        sink(event);
        if closed {
            break;
        }
    }
    // Still ours (not taken by leave/end, nor replaced by a newer class)?
    let mut active = slot.lock().await;
    let ours = if active.as_ref().is_some_and(|a| a.generation == generation) { active.take() } else { None };
    drop(active);
    if let Some(Active { hosted: Some(hosted), .. }) = ours {
        hosted.stop().await;
    }
}

/// `ws://host:port/ws` → `host:port` (what the address field takes).
fn address_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest).to_owned()
}

/// `host:port` or a URL → `ws://host:port/ws`; `None` when unusable.
pub fn hub_url(address: &str) -> Option<String> {
    let address = address.trim();
    if address.is_empty() || address.contains(char::is_whitespace) {
        return None;
    }
    let with_scheme = if address.contains("://") { address.to_owned() } else { format!("ws://{address}") };
    let (scheme, rest) = with_scheme.split_once("://")?;
    if scheme != "ws" && scheme != "wss" {
        return None;
    }
    let host = rest.split('/').next().unwrap_or_default();
    if host.is_empty() {
        return None;
    }
    Some(if rest.contains('/') { with_scheme } else { format!("{with_scheme}/ws") })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_become_hub_urls() {
        assert_eq!(hub_url("192.168.1.20:4455").as_deref(), Some("ws://192.168.1.20:4455/ws"));
        assert_eq!(hub_url(" ws://h:1 ").as_deref(), Some("ws://h:1/ws"));
        assert_eq!(hub_url("ws://h:1/ws").as_deref(), Some("ws://h:1/ws"));
        assert_eq!(hub_url(""), None);
        assert_eq!(hub_url("http://h:1"), None);
        assert_eq!(hub_url("two words"), None);
    }

    #[test]
    fn urls_become_addresses() {
        assert_eq!(address_of("ws://10.0.0.5:4455/ws"), "10.0.0.5:4455");
        assert_eq!(address_of("ws://[fd00::7]:4455/ws"), "[fd00::7]:4455");
        assert_eq!(address_of("h:1"), "h:1");
    }
}
