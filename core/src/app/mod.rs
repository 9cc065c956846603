//! What the desktop app does, without a window: host a class (the hub in
//! this process, joined by the teacher's own client) or join one, forward
//! the client's events to a UI, and remember where a student sat so a
//! restarted app comes back as the same participant.
//!
//! The Tauri shell holds one [`App`] and turns each UI intent into one call.

use std::collections::HashMap;
use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use serde::{Deserialize, Serialize};
use tokio::sync::Mutex;
use tokio::task::JoinHandle;
use tracing::{info, warn};

use crate::client::{
    self, ClientConfig, ClientEvent, ClientHandle, CloseReason, ConnectionState, JoinAs, SavedPlace,
};
use crate::hub::{self, HubConfig, HubHandle};

/// Where a UI receives events; called in order, from one task.
pub type EventSink = Box<dyn Fn(ClientEvent) + Send + Sync>;

/// What the teacher fills in to start a class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct HostRequest {
    /// Class name, e.g. "Physics 101".
    pub class: String,
    /// Teacher's display name.
    pub teacher: String,
}

/// Where students can find a class that was just started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct HostInfo {
    /// Class name.
    pub class: String,
    /// Teacher's name.
    pub teacher: String,
    /// The code students type.
    pub code: String,
    /// `host:port` addresses students can type, LAN addresses first.
    pub addresses: Vec<String>,
}

/// What a student fills in to join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct JoinRequest {
    /// The teacher's address: `host:port`, or a `ws://` URL.
    pub address: String,
    /// Display name.
    pub name: String,
    /// The class code.
    pub code: String,
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
}

impl AppError {
    /// The form a UI receives.
    pub fn payload(&self) -> AppErrorPayload {
        let kind = match self {
            Self::AlreadyInClass => AppErrorKind::AlreadyInClass,
            Self::NotInClass => AppErrorKind::NotInClass,
            Self::InvalidInput(_) => AppErrorKind::InvalidInput,
            Self::Core(_) => AppErrorKind::Io,
        };
        AppErrorPayload { kind, message: self.to_string() }
    }
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

/// The class this app is in.
struct Active {
    /// Tells this class from a later one in the same slot.
    generation: u64,
    client: ClientHandle,
    hub: Option<HubHandle>,
    forward: JoinHandle<()>,
}

/// The app's one piece of state: at most one class at a time.
pub struct App {
    places: Arc<Places>,
    /// Hosted classes listen here; 0 picks a free port.
    port: u16,
    active: Slot,
    generations: std::sync::atomic::AtomicU64,
}

/// The one open class, shared with its event forwarder so a class that
/// closes on its own (ended, removed) frees the app for the next one.
type Slot = Arc<Mutex<Option<Active>>>;

impl App {
    /// An app keeping its files (saved places) in `data_dir`; hosted
    /// classes listen on `port` (falling back to any free port if taken).
    pub fn new(data_dir: impl Into<PathBuf>, port: u16) -> Self {
        Self {
            places: Arc::new(Places::new(data_dir.into())),
            port,
            active: Arc::new(Mutex::new(None)),
            generations: std::sync::atomic::AtomicU64::new(0),
        }
    }

    /// Starts a class: the hub in this process, and the teacher's client.
    ///
    /// # Errors
    /// [`AppError::AlreadyInClass`], [`AppError::InvalidInput`] for an empty
    /// class or teacher name, [`AppError::Core`] if no port can be bound.
    pub async fn host(&self, request: HostRequest, sink: EventSink) -> Result<HostInfo, AppError> {
        let mut active = self.active.lock().await;
        if active.is_some() {
            return Err(AppError::AlreadyInClass);
        }
        let (class, teacher) = (request.class.trim(), request.teacher.trim());
        if class.is_empty() || teacher.is_empty() {
            return Err(AppError::InvalidInput("Please enter a class name and your name.".into()));
        }
        let listener = match hub::bind(SocketAddr::from(([0, 0, 0, 0], self.port))) {
            Ok(listener) => listener,
            Err(err) if self.port != 0 => {
                warn!(port = self.port, cause = %err, "port taken; using any free port");
                hub::bind(SocketAddr::from(([0, 0, 0, 0], 0)))?
            }
            Err(err) => return Err(err.into()),
        };
        let hub = hub::start(listener, HubConfig::new(class, teacher))?;
        let port = hub.local_addr().port();
        let info = HostInfo {
            class: hub.session().class.clone(),
            teacher: hub.session().teacher.clone(),
            code: hub.join_code().unwrap_or_default().to_owned(),
            addresses: hub::lan_addresses(port),
        };
        let url = format!("ws://127.0.0.1:{port}/ws");
        let join = JoinAs::Teacher { token: hub.host_token().to_owned() };
        let (client, events) = client::connect(ClientConfig::new(url, join))?;
        let generation = self.next_generation();
        let forward = tokio::spawn(forward(events, sink, None, Arc::clone(&self.active), generation));
        info!(class = %info.class, port, "hosting");
        *active = Some(Active { generation, client, hub: Some(hub), forward });
        Ok(info)
    }

    /// Joins a class as a student, as the same participant as last time if
    /// this app sat there before.
    ///
    /// # Errors
    /// [`AppError::AlreadyInClass`], [`AppError::InvalidInput`] for an
    /// unusable address or an empty name.
    pub async fn join(&self, request: JoinRequest, sink: EventSink) -> Result<(), AppError> {
        let mut active = self.active.lock().await;
        if active.is_some() {
            return Err(AppError::AlreadyInClass);
        }
        if request.name.trim().is_empty() {
            return Err(AppError::InvalidInput("Please enter your name.".into()));
        }
        let url = hub_url(&request.address).ok_or_else(|| {
            AppError::InvalidInput("Type the teacher's address, like 192.168.1.20:4455.".into())
        })?;
        let key = Places::key(&url, &request.name);
        let mut config = ClientConfig::new(
            url,
            JoinAs::Student {
                name: request.name.trim().to_owned(),
                code: Some(request.code.trim().to_owned()),
            },
        );
        // last_seq 0: a restarted app shows the newest page again.
        config.resume = self.places.token(&key).map(|token| SavedPlace { token, last_seq: 0 });
        self.places.remember_join(&request);
        let (client, events) = client::connect(config)?;
        let generation = self.next_generation();
        let place = Some((Arc::clone(&self.places), key));
        let forward = tokio::spawn(forward(events, sink, place, Arc::clone(&self.active), generation));
        *active = Some(Active { generation, client, hub: None, forward });
        Ok(())
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

    /// Teacher: ends the class for everyone, then stops the hub.
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

    /// On app exit: leave or end whatever class is open, gracefully.
    pub async fn shutdown(&self) {
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

/// Waits for the client's last events, then shuts a hosted hub down.
async fn close(active: Active) {
    let _ = tokio::time::timeout(std::time::Duration::from_secs(3), active.forward).await;
    if let Some(hub) = active.hub {
        if let Err(err) = hub.shutdown().await {
            warn!(cause = %err, "hub shutdown failed");
        }
    }
}

/// Hands each event to the UI; keeps a student's resume token on disk; frees
/// the slot when the class closes on its own.
async fn forward(
    mut events: client::Events,
    sink: EventSink,
    place: Option<(Arc<Places>, String)>,
    slot: Slot,
    generation: u64,
) {
    while let Some(event) = events.next().await {
        if let Some((places, key)) = &place {
            match &event {
                ClientEvent::Welcome { resume, .. } => places.save_token(key, resume),
                // Leaving keeps the seat (the name stays taken in that class);
                // an ended class or a removal gives it up.
                ClientEvent::State(ConnectionState::Closed(CloseReason::Ended | CloseReason::Removed)) => {
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
    if let Some(Active { hub: Some(hub), .. }) = ours {
        if let Err(err) = hub.shutdown().await {
            warn!(cause = %err, "hub shutdown failed");
        }
    }
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

/// Where this app sat: resume tokens by hub and name, and the last join.
struct Places {
    file: PathBuf,
    saved: std::sync::Mutex<Saved>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Saved {
    #[serde(default)]
    tokens: HashMap<String, String>,
    #[serde(default)]
    last_join: Option<JoinRequest>,
}

impl Places {
    fn new(dir: PathBuf) -> Self {
        let file = dir.join("places.json");
        let saved = match std::fs::read(&file) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|err| {
                warn!(file = %file.display(), cause = %err, "unreadable saved places; starting afresh");
                Saved::default()
            }),
            Err(_) => Saved::default(),
        };
        Self { file, saved: std::sync::Mutex::new(saved) }
    }

    fn key(url: &str, name: &str) -> String {
        format!("{url}|{}", name.trim().to_lowercase())
    }

    fn token(&self, key: &str) -> Option<String> {
        self.lock().tokens.get(key).cloned()
    }

    fn last_join(&self) -> Option<JoinRequest> {
        self.lock().last_join.clone()
    }

    fn remember_join(&self, request: &JoinRequest) {
        self.update(|saved| saved.last_join = Some(request.clone()));
    }

    fn save_token(&self, key: &str, token: &str) {
        if self.token(key).as_deref() != Some(token) {
            self.update(|saved| {
                saved.tokens.insert(key.to_owned(), token.to_owned());
            });
        }
    }

    fn forget_token(&self, key: &str) {
        if self.token(key).is_some() {
            self.update(|saved| {
                saved.tokens.remove(key);
            });
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Saved> {
        self.saved.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn update(&self, change: impl FnOnce(&mut Saved)) {
        let mut saved = self.lock();
        change(&mut saved);
        if let Err(err) = write_atomically(&self.file, &saved) {
            warn!(file = %self.file.display(), cause = %err, "cannot save places");
        }
    }
}

/// Writes beside the file, then renames: a crash never leaves half a file.
fn write_atomically(file: &Path, saved: &Saved) -> std::io::Result<()> {
    if let Some(dir) = file.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let tmp = file.with_extension("json.tmp");
    std::fs::write(&tmp, serde_json::to_vec_pretty(saved)?)?;
    std::fs::rename(tmp, file)
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
    fn places_survive_a_restart() {
        let dir = std::env::temp_dir().join(format!("classroom-places-{}", std::process::id()));
        let key = Places::key("ws://h:1/ws", " Ada ");
        {
            let places = Places::new(dir.clone());
            places.save_token(&key, "t0k3n");
            places.remember_join(&JoinRequest {
                address: "h:1".into(),
                name: "Ada".into(),
                code: "1".into(),
            });
        }
        let places = Places::new(dir.clone());
        assert_eq!(places.token(&Places::key("ws://h:1/ws", "ada")).as_deref(), Some("t0k3n"));
        assert_eq!(places.last_join().map(|j| j.name).as_deref(), Some("Ada"));
        places.forget_token(&key);
        assert_eq!(Places::new(dir.clone()).token(&key), None);
        let _ = std::fs::remove_dir_all(dir);
    }
}
