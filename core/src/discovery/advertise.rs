//! Advertising a class: one mdns-sd daemon per hub, withdrawn with a goodbye.

use std::net::{IpAddr, SocketAddr};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use mdns_sd::{DaemonEvent, IfKind, IfPredicate, ServiceDaemon, ServiceInfo};
use tokio::task::JoinHandle;
use tracing::{debug, info, warn};

use super::error::{DiscoveryError, InterfaceProblem};
use super::interfaces::{lan_interfaces, InterfaceChoice, LanInterface};
use super::record::{instance_name, txt_record, SERVICE_TYPE};
use super::selftest::{self, Families};
use crate::hub::HubHandle;

/// How long the multicast self-test waits for its own packets.
const SELF_TEST_WAIT: Duration = Duration::from_millis(500);
/// How long withdrawing waits for each answer of the daemon.
const DAEMON_ANSWER: Duration = Duration::from_secs(2);
/// mdns-sd repeats a goodbye 120 ms after the first; the daemon must live
/// that long for the repeat to go out.
const GOODBYE_REPEAT: Duration = Duration::from_millis(250);

/// What to advertise: a hub's session and where it listens.
#[derive(Debug, Clone)]
pub struct AdvertiseConfig {
    /// Class name, exactly as the teacher typed it.
    pub class: String,
    /// Teacher's display name.
    pub teacher: String,
    /// The hub's session id.
    pub session_id: String,
    /// Whether students need the class code (the code itself is never advertised).
    pub code_required: bool,
    /// The hub's listening address. `0.0.0.0` advertises the IPv4 addresses
    /// of the chosen interfaces, `[::]` their IPv4 and IPv6 addresses (a
    /// dual-stack socket), a specific address only itself.
    pub listen: SocketAddr,
    /// The WebSocket path (`/ws`).
    pub path: String,
    /// Which interfaces to advertise on.
    pub interfaces: InterfaceChoice,
}

impl AdvertiseConfig {
    /// The advertisement for a running hub, on the LAN interfaces.
    pub fn for_hub(hub: &HubHandle) -> Self {
        let session = hub.session();
        Self {
            class: session.class.clone(),
            teacher: session.teacher.clone(),
            session_id: session.id.clone(),
            code_required: hub.join_code().is_some(),
            listen: hub.local_addr(),
            path: "/ws".to_owned(),
            interfaces: InterfaceChoice::Lan,
        }
    }

    /// The same, on other interfaces.
    #[must_use]
    pub fn with_interfaces(mut self, interfaces: InterfaceChoice) -> Self {
        self.interfaces = interfaces;
        self
    }
}

/// A class being advertised. Call [`Advertisement::withdraw`] when the
/// class ends; dropping it withdraws too, but cannot wait for the goodbye
/// to go out.
pub struct Advertisement {
    daemon: Option<ServiceDaemon>,
    fullname: String,
    instance: Arc<Mutex<String>>,
    host: String,
    interfaces: Vec<LanInterface>,
    problems: Vec<InterfaceProblem>,
    monitor: JoinHandle<()>,
}

impl std::fmt::Debug for Advertisement {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Advertisement")
            .field("fullname", &self.fullname)
            .field("host", &self.host)
            .field("interfaces", &self.interfaces)
            .finish_non_exhaustive()
    }
}

/// Advertises a class on the LAN as `_classroom._tcp.local.` and returns
/// the handle that withdraws it. Must be called inside a tokio runtime.
///
/// First checks that multicast can leave on the chosen interfaces (see
/// [`InterfaceProblem`]); interfaces where it cannot are left out, and when
/// none is left nothing is advertised.
///
/// # Errors
/// - [`DiscoveryError::LoopbackOnly`] when the hub listens on loopback only;
/// - [`DiscoveryError::NoInterface`] when no chosen interface has an
///   address of the family the hub serves;
/// - [`DiscoveryError::MulticastBlocked`] when multicast cannot be sent on
///   any of them;
/// - [`DiscoveryError::Daemon`], [`DiscoveryError::Busy`] or
///   [`DiscoveryError::Record`] from mdns-sd.
pub async fn advertise(config: AdvertiseConfig) -> Result<Advertisement, DiscoveryError> {
    let listen_ip = config.listen.ip();
    if listen_ip.is_loopback() {
        return Err(DiscoveryError::LoopbackOnly(listen_ip));
    }
    let families = match listen_ip {
        IpAddr::V4(ip) if ip.is_unspecified() => Families { v4: true, v6: false },
        ip if ip.is_unspecified() => Families { v4: true, v6: true },
        IpAddr::V4(_) => Families { v4: true, v6: false },
        IpAddr::V6(_) => Families { v4: false, v6: true },
    };
    let specific = (!listen_ip.is_unspecified()).then_some(listen_ip);
    let no_interface = || DiscoveryError::NoInterface { choice: config.interfaces.to_string() };

    let mut interfaces =
        lan_interfaces(&config.interfaces).map_err(|err| DiscoveryError::Daemon(err.to_string()))?;
    for intf in &mut interfaces {
        intf.addresses.retain(|ip| families.includes(*ip) && specific.is_none_or(|s| s == *ip));
    }
    interfaces.retain(|intf| !intf.addresses.is_empty());
    if interfaces.is_empty() {
        return Err(no_interface());
    }

    let problems = selftest::check(interfaces.clone(), families, SELF_TEST_WAIT).await;
    let blocked: Vec<String> = interfaces
        .iter()
        .filter(|intf| {
            let failed = problems.iter().filter(|p| p.blocking && p.interface == intf.name).count();
            let tried =
                intf.addresses.iter().map(|ip| ip.is_ipv4()).collect::<std::collections::HashSet<_>>().len();
            failed >= tried
        })
        .map(|intf| intf.name.clone())
        .collect();
    for problem in &problems {
        warn!(interface = %problem.interface, blocking = problem.blocking, "{}", problem.detail);
    }
    interfaces.retain(|intf| !blocked.contains(&intf.name));
    if interfaces.is_empty() {
        return Err(DiscoveryError::MulticastBlocked { problems });
    }

    let usable: Vec<String> = interfaces.iter().map(|intf| intf.name.clone()).collect();
    let chosen = {
        let usable = usable.clone();
        IfPredicate::new(move |intf| {
            usable.contains(&intf.name)
                && families.includes(intf.ip())
                && specific.is_none_or(|s| s == intf.ip())
        })
    };

    let daemon = ServiceDaemon::new()?;
    // From here on, a failure must not leave the daemon thread running.
    let started = start(&daemon, &config, chosen, specific);
    let (fullname, instance, host, monitor) = match started {
        Ok(parts) => parts,
        Err(err) => {
            let _ = daemon.shutdown();
            return Err(err);
        }
    };
    info!(service = %fullname, %host, interfaces = ?usable, "advertising the class");
    Ok(Advertisement { daemon: Some(daemon), fullname, instance, host, interfaces, problems, monitor })
}

type Started = (String, Arc<Mutex<String>>, String, JoinHandle<()>);

fn start(
    daemon: &ServiceDaemon,
    config: &AdvertiseConfig,
    chosen: IfPredicate,
    specific: Option<IpAddr>,
) -> Result<Started, DiscoveryError> {
    daemon.disable_interface(IfKind::All)?;
    daemon.enable_interface(IfKind::Predicate(chosen.clone()))?;

    let instance = instance_name(&config.class);
    // A host name of its own per hub: two daemons answering for one name
    // make browsers drop one of the services (measured with mdns-sd 0.21).
    let short_id: String = config.session_id.chars().filter(char::is_ascii_alphanumeric).take(12).collect();
    let host = format!("classroom-{}.local.", if short_id.is_empty() { "hub" } else { &short_id });
    let txt =
        txt_record(&config.class, &config.teacher, &config.session_id, config.code_required, &config.path);
    let addresses: Vec<IpAddr> = specific.into_iter().collect();
    let mut info =
        ServiceInfo::new(SERVICE_TYPE, &instance, &host, &addresses[..], config.listen.port(), &txt[..])
            .map_err(|err| DiscoveryError::Record(err.to_string()))?;
    if specific.is_none() {
        // Every address of the chosen interfaces, kept current when they change.
        info = info.enable_addr_auto();
    }
    info.set_interfaces(vec![IfKind::Predicate(chosen)]);
    let fullname = info.get_fullname().to_owned();

    let events = daemon.monitor()?;
    let shown = Arc::new(Mutex::new(instance));
    let monitor = tokio::spawn(watch(events, Arc::clone(&shown)));
    daemon.register(info)?;
    Ok((fullname, shown, host, monitor))
}

/// Logs what the daemon reports, and follows renames after a name conflict.
async fn watch(events: mdns_sd::Receiver<DaemonEvent>, instance: Arc<Mutex<String>>) {
    while let Ok(event) = events.recv_async().await {
        match event {
            DaemonEvent::Error(err) => warn!(cause = %err, "mDNS advertising problem"),
            DaemonEvent::NameChange(change) => {
                info!(from = %change.original, to = %change.new_name, "another service had our name; renamed");
                if let Some(new) = change.new_name.strip_suffix(&format!(".{SERVICE_TYPE}")) {
                    if let Ok(mut shown) = instance.lock() {
                        new.clone_into(&mut shown);
                    }
                }
            }
            DaemonEvent::Announce(service, on) => debug!(%service, %on, "announced"),
            other => debug!(event = ?other, "mDNS daemon event"),
        }
    }
}

impl Advertisement {
    /// The instance name students' apps show (after a name conflict,
    /// mdns-sd's renamed one, e.g. `Physics 101 (2)`).
    pub fn instance_name(&self) -> String {
        self.instance.lock().map(|name| name.clone()).unwrap_or_default()
    }

    /// The service's full DNS-SD name, e.g. `Physics 101._classroom._tcp.local.`.
    pub fn fullname(&self) -> &str {
        &self.fullname
    }

    /// The host name the addresses are published under, unique to this hub.
    pub fn host_name(&self) -> &str {
        &self.host
    }

    /// The interfaces it is advertised on, with their addresses.
    pub fn interfaces(&self) -> &[LanInterface] {
        &self.interfaces
    }

    /// Problems the self-test found that did not stop advertising (an
    /// interface left out, or a doubtful one); show them to the teacher.
    pub fn problems(&self) -> &[InterfaceProblem] {
        &self.problems
    }

    /// Withdraws the class: sends mDNS goodbyes (so browsers drop it within
    /// about a second), then stops the daemon and waits for it.
    ///
    /// # Errors
    /// [`DiscoveryError::Daemon`] when the daemon did not confirm in time (it
    /// is stopped anyway); browsers then drop the class when they next
    /// verify it.
    pub async fn withdraw(mut self) -> Result<(), DiscoveryError> {
        let Some(daemon) = self.daemon.take() else { return Ok(()) };
        let goodbye = async {
            let status = daemon.unregister(&self.fullname)?;
            match tokio::time::timeout(DAEMON_ANSWER, status.recv_async()).await {
                Ok(Ok(status)) => debug!(?status, "unregistered"),
                _ => warn!("the mDNS daemon did not confirm the goodbye"),
            }
            tokio::time::sleep(GOODBYE_REPEAT).await;
            Ok::<(), DiscoveryError>(())
        }
        .await;
        let stopped = stop_daemon(&daemon).await;
        self.monitor.abort();
        info!(service = %self.fullname, "class withdrawn from the LAN");
        goodbye.and(stopped)
    }
}

/// Stops a daemon and waits until its thread confirms.
pub(crate) async fn stop_daemon(daemon: &ServiceDaemon) -> Result<(), DiscoveryError> {
    let status = daemon.shutdown()?;
    match tokio::time::timeout(DAEMON_ANSWER, status.recv_async()).await {
        Ok(Ok(_)) => Ok(()),
        Ok(Err(_)) => Ok(()), // the thread is gone: stopped
        Err(_) => Err(DiscoveryError::Daemon("the mDNS service did not stop in time".to_owned())),
    }
}

impl Drop for Advertisement {
    fn drop(&mut self) {
        if let Some(daemon) = self.daemon.take() {
            // Best effort without waiting: the goodbye is queued before the exit.
            let _ = daemon.unregister(&self.fullname);
            let _ = daemon.shutdown();
            self.monitor.abort();
        }
    }
}
