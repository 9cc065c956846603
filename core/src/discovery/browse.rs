//! Browsing: a live list of the classes on the network.

use std::collections::BTreeMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mdns_sd::{IfKind, IfPredicate, ServiceDaemon, ServiceEvent};
use rand::Rng as _;
use serde::Serialize;
use tokio::sync::broadcast;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::{debug, info, warn};

use super::advertise::stop_daemon;
use super::error::DiscoveryError;
use super::interfaces::InterfaceChoice;
use super::record::{DiscoveredClass, SERVICE_TYPE};

/// Events a lagging subscriber may fall behind by before it gets a
/// [`ClassEvent::Snapshot`] instead.
const EVENT_BACKLOG: usize = 256;

/// How to browse.
#[derive(Debug, Clone)]
pub struct BrowseConfig {
    /// Interfaces to browse on.
    pub interfaces: InterfaceChoice,
    /// How often each listed class is verified (asked for again).
    pub verify_every: Duration,
    /// How long a verified class may stay silent before it leaves the list.
    pub verify_timeout: Duration,
}

impl Default for BrowseConfig {
    /// LAN interfaces; verify every 4 s (with jitter) with a 3 s timeout, so
    /// a class whose host vanished without a goodbye (lid shut, process
    /// killed) leaves within about 7 s instead of the records' 120 s.
    fn default() -> Self {
        Self {
            interfaces: InterfaceChoice::Lan,
            verify_every: Duration::from_secs(4),
            verify_timeout: Duration::from_secs(3),
        }
    }
}

/// A change to the list of classes. Serialised for a UI as
/// `{"kind": "appeared", "data": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "data", rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum ClassEvent {
    /// A class is new in the list.
    Appeared(DiscoveredClass),
    /// A listed class changed (more addresses, new TXT).
    Updated(DiscoveredClass),
    /// A class left the list (goodbye, or it stopped answering); as last known.
    Removed(DiscoveredClass),
    /// The whole list, replacing what the subscriber had: the first event of
    /// a subscription, and what a subscriber that fell behind gets.
    Snapshot(Vec<DiscoveredClass>),
    /// Browsing stopped (the mDNS service failed, or discovery is off); no
    /// events follow.
    Stopped {
        /// Why, in English, for a log or a status line.
        reason: String,
        /// Why, for a UI to word in its language. Always sent; optional in
        /// the TypeScript declaration only so UI code from before codes
        /// still compiles.
        #[cfg_attr(feature = "typescript", ts(as = "Option<BrowseStop>", optional))]
        code: BrowseStop,
    },
}

/// Why looking for classes stopped ([`ClassEvent::Stopped`]), with the
/// English sentence a UI words in its language.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum BrowseStop {
    /// "Looking for classes on the network is turned off. Type the address
    /// your teacher shows." (the app runs with `--no-mdns`)
    DiscoveryOff,
    /// "Looking for classes on the network stopped. Type the address your
    /// teacher shows, or open this screen again to look again." (the mDNS
    /// service stopped)
    DaemonStopped,
}

/// The events of one subscription, in order.
#[derive(Debug)]
pub struct ClassEvents {
    first: Option<ClassEvent>,
    rx: broadcast::Receiver<ClassEvent>,
    list: Arc<Mutex<BTreeMap<String, DiscoveredClass>>>,
}

impl ClassEvents {
    /// The next change; `None` once browsing has stopped.
    pub async fn next(&mut self) -> Option<ClassEvent> {
        if let Some(first) = self.first.take() {
            return Some(first);
        }
        match self.rx.recv().await {
            Ok(event) => Some(event),
            Err(broadcast::error::RecvError::Lagged(missed)) => {
                debug!(missed, "a class list subscriber fell behind; sending the whole list");
                // Resubscribe under the lock so the snapshot and the events after it line up.
                let list = self.list.lock().map(|list| {
                    self.rx = self.rx.resubscribe();
                    list.values().cloned().collect()
                });
                Some(ClassEvent::Snapshot(list.unwrap_or_default()))
            }
            Err(broadcast::error::RecvError::Closed) => None,
        }
    }
}

/// A running browse. [`Browser::shutdown`] stops it; dropping it stops it
/// too, without waiting.
pub struct Browser {
    daemon: Option<ServiceDaemon>,
    stop: CancellationToken,
    task: Option<JoinHandle<()>>,
    list: Arc<Mutex<BTreeMap<String, DiscoveredClass>>>,
    events: broadcast::Sender<ClassEvent>,
}

/// Starts browsing for classes; returns the handle and a first
/// subscription (whose first event is the current, empty, list). Must be
/// called inside a tokio runtime.
///
/// # Errors
/// [`DiscoveryError::Daemon`] or [`DiscoveryError::Busy`] when mdns-sd
/// cannot start.
pub fn browse(config: BrowseConfig) -> Result<(Browser, ClassEvents), DiscoveryError> {
    let daemon = ServiceDaemon::new()?;
    let receiver = match subscribe_daemon(&daemon, &config.interfaces) {
        Ok(receiver) => receiver,
        Err(err) => {
            let _ = daemon.shutdown();
            return Err(err);
        }
    };
    let list = Arc::new(Mutex::new(BTreeMap::new()));
    let (events, _) = broadcast::channel(EVENT_BACKLOG);
    let stop = CancellationToken::new();
    let task =
        tokio::spawn(run(daemon.clone(), receiver, config, Arc::clone(&list), events.clone(), stop.clone()));
    let browser = Browser { daemon: Some(daemon), stop, task: Some(task), list, events };
    let first = browser.subscribe();
    Ok((browser, first))
}

fn subscribe_daemon(
    daemon: &ServiceDaemon,
    interfaces: &InterfaceChoice,
) -> Result<mdns_sd::Receiver<ServiceEvent>, DiscoveryError> {
    if *interfaces != InterfaceChoice::All {
        let choice = interfaces.clone();
        daemon.disable_interface(IfKind::All)?;
        daemon.enable_interface(IfKind::Predicate(IfPredicate::new(move |intf| {
            choice.includes(&intf.name, intf.ip())
        })))?;
    }
    Ok(daemon.browse(SERVICE_TYPE)?)
}

impl std::fmt::Debug for Browser {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Browser").field("classes", &self.classes().len()).finish_non_exhaustive()
    }
}

impl Browser {
    /// The classes listed now.
    pub fn classes(&self) -> Vec<DiscoveredClass> {
        self.list.lock().map(|list| list.values().cloned().collect()).unwrap_or_default()
    }

    /// Another subscription; its first event is a [`ClassEvent::Snapshot`]
    /// of the list now.
    pub fn subscribe(&self) -> ClassEvents {
        // Under the lock: the task changes the list and sends the event
        // while holding it, so nothing falls between snapshot and events.
        let guard = self.list.lock();
        let rx = self.events.subscribe();
        let snapshot = guard.map(|list| list.values().cloned().collect()).unwrap_or_default();
        ClassEvents { first: Some(ClassEvent::Snapshot(snapshot)), rx, list: Arc::clone(&self.list) }
    }

    /// Stops browsing and waits for the mDNS daemon to stop.
    ///
    /// # Errors
    /// [`DiscoveryError::Daemon`] when the daemon did not confirm in time.
    pub async fn shutdown(mut self) -> Result<(), DiscoveryError> {
        self.stop.cancel();
        if let Some(task) = self.task.take() {
            let _ = task.await;
        }
        match self.daemon.take() {
            Some(daemon) => {
                let _ = daemon.stop_browse(SERVICE_TYPE);
                stop_daemon(&daemon).await
            }
            None => Ok(()),
        }
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        self.stop.cancel();
        if let Some(daemon) = self.daemon.take() {
            let _ = daemon.shutdown();
        }
    }
}

/// The browse task: folds mdns-sd's events into the list, and verifies
/// every listed class now and then so one that vanished without a goodbye
/// leaves in seconds.
async fn run(
    daemon: ServiceDaemon,
    receiver: mdns_sd::Receiver<ServiceEvent>,
    config: BrowseConfig,
    list: Arc<Mutex<BTreeMap<String, DiscoveredClass>>>,
    events: broadcast::Sender<ClassEvent>,
    stop: CancellationToken,
) {
    let mut next_verify = tokio::time::Instant::now() + jittered(config.verify_every);
    loop {
        tokio::select! {
            () = stop.cancelled() => return,
            () = tokio::time::sleep_until(next_verify) => {
                next_verify = tokio::time::Instant::now() + jittered(config.verify_every);
                let ids: Vec<String> = list.lock().map(|l| l.values().map(|c| c.id.clone()).collect()).unwrap_or_default();
                debug!(count = ids.len(), "verifying the listed classes");
                for id in ids {
                    if let Err(err) = daemon.verify(id.clone(), config.verify_timeout) {
                        debug!(cause = %err, service = %id, "cannot verify");
                    }
                }
            }
            event = receiver.recv_async() => match event {
                Ok(ServiceEvent::ServiceResolved(resolved)) => {
                    let Some(found) = DiscoveredClass::from_resolved(&resolved) else { continue };
                    update(&list, &events, |list| {
                        let key = found.id.to_lowercase();
                        match list.get_mut(&key) {
                            Some(known) => known.merge(found).then(|| ClassEvent::Updated(known.clone())),
                            None => {
                                info!(class = %found.name, service = %found.id, "class appeared");
                                list.insert(key, found.clone());
                                Some(ClassEvent::Appeared(found))
                            }
                        }
                    });
                }
                Ok(ServiceEvent::ServiceRemoved(_, fullname)) => {
                    update(&list, &events, |list| {
                        let gone = list.remove(&fullname.to_lowercase())?;
                        info!(class = %gone.name, service = %gone.id, "class left");
                        Some(ClassEvent::Removed(gone))
                    });
                }
                Ok(other) => debug!(event = ?other, "browse event"),
                Err(_) => {
                    warn!("the mDNS service stopped sending browse events");
                    let reason = "the mDNS service stopped".to_owned();
                    let _ = events.send(ClassEvent::Stopped { reason, code: BrowseStop::DaemonStopped });
                    return;
                }
            },
        }
    }
}

/// Changes the list and publishes the event under one lock.
fn update(
    list: &Mutex<BTreeMap<String, DiscoveredClass>>,
    events: &broadcast::Sender<ClassEvent>,
    change: impl FnOnce(&mut BTreeMap<String, DiscoveredClass>) -> Option<ClassEvent>,
) {
    let Ok(mut list) = list.lock() else { return };
    if let Some(event) = change(&mut list) {
        // No subscriber is fine: the list is still kept.
        let _ = events.send(event);
    }
}

/// `every` ± 20 %, so many students' apps do not query in step.
fn jittered(every: Duration) -> Duration {
    let factor = rand::rng().random_range(0.8..1.2);
    every.mul_f64(factor)
}
