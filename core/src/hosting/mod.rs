//! Hosting a class on this machine: the one routine `classroom host` and
//! the desktop app share. [`HostedClass::start`] binds (exactly where asked,
//! or falling back to any free port) and starts the hub; the class then
//! knows where students join ([`join_addresses`], [`join_link`]), advertises
//! itself on the LAN and says how that went ([`AdvertiseStatus`]), withdraws
//! the advertisement, and shuts down gracefully (withdrawn first, then the
//! hub).
//!
//! Advertising takes up to a few seconds (the multicast self-test). A caller
//! that owns its class just awaits [`HostedClass::advertise`]; one that keeps
//! it behind a lock (the app's class slot) takes it in three steps, so that
//! nothing waits on the network while the lock is held: make the request
//! under the lock ([`HostedClass::advertise_request`]), run it with the lock
//! released ([`AdvertiseRequest::run`]), and hand the outcome back under the
//! lock ([`HostedClass::keep_advertised`]), withdrawing what it returns
//! after releasing the lock again.
//!
//! # Layout
//! - `mod.rs`: [`HostedClass`], where it listens ([`Listen`]) and why it
//!   could not start ([`HostError`]).
//! - `advertising.rs`: [`AdvertiseStatus`], [`AdvertiseRequest`] and its
//!   outcome, [`Advertised`].
//! - `addresses.rs`: join addresses and link, and [`hub_url`] (what a
//!   student typed, as a hub URL).

mod addresses;
mod advertising;

use std::net::SocketAddr;

use tracing::warn;

pub use addresses::{hub_url, join_addresses, join_link, web_link, web_link_with_code};
pub use advertising::{AdvertiseFailure, AdvertiseRequest, AdvertiseStatus, Advertised};

use crate::discovery::{AdvertiseConfig, DiscoveryError, InterfaceChoice};
use crate::hub::{self, HubConfig, HubHandle};

/// Where a hosted class listens.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Listen {
    /// The address and port; port 0 picks a free one.
    pub addr: SocketAddr,
    /// When that port cannot be bound (taken, or not allowed), listen on
    /// any free port of the same address instead.
    pub any_port_if_taken: bool,
}

impl Listen {
    /// Exactly `addr`, or fail (`classroom host --bind ADDR:PORT`).
    pub fn exactly(addr: SocketAddr) -> Self {
        Self { addr, any_port_if_taken: false }
    }

    /// `addr`, or any free port of its address when that port is taken
    /// (the app, whose students are shown whatever port it got).
    pub fn preferring(addr: SocketAddr) -> Self {
        Self { addr, any_port_if_taken: true }
    }
}

/// Raises the soft open-file limit to what the hub's connection caps need
/// (at most the hard limit): at the usual 1,024 (256 on macOS) a full class
/// and the connections not joined yet could exhaust it, and with it every
/// accept.
fn raise_fd_limit(needed: usize) {
    let needed = u64::try_from(needed).unwrap_or(u64::MAX);
    match rlimit::increase_nofile_limit(needed.max(4096)) {
        Ok(got) if got < needed => {
            warn!(got, needed, "the open-file limit is below what the connection caps allow");
        }
        Ok(_) => {}
        Err(err) => warn!(cause = %err, "cannot raise the open-file limit"),
    }
}

/// Why a class could not be hosted.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HostError {
    /// The address could not be bound (in use, no permission, not ours).
    #[error("cannot listen on {addr}")]
    Bind {
        /// The address asked for.
        addr: SocketAddr,
        /// Why.
        #[source]
        source: crate::Error,
    },
    /// The hub did not start: [`crate::Error::Store`] when the class could
    /// not be saved or resumed (see [`hub::start`]).
    #[error(transparent)]
    Start(crate::Error),
}

/// A class hosted on this machine: its running hub, where students join,
/// and its advertisement on the LAN. End it with [`HostedClass::shutdown`]
/// (dropping it leaves the hub running, and cannot wait for the goodbye
/// on the LAN).
pub struct HostedClass {
    hub: HubHandle,
    addresses: Vec<String>,
    advertised: Advertised,
}

impl HostedClass {
    /// Binds where `listen` says and starts a hub with `config`. Not
    /// advertised yet ([`AdvertiseStatus::Off`]). Must be called inside a
    /// tokio runtime.
    ///
    /// # Errors
    /// [`HostError::Bind`] when no address could be bound;
    /// [`HostError::Start`] when the hub could not start (its store).
    pub fn start(listen: Listen, config: HubConfig) -> Result<Self, HostError> {
        raise_fd_limit(config.limits.max_connections + 64);
        let listener = match hub::bind(listen.addr) {
            Ok(listener) => listener,
            Err(err) if listen.any_port_if_taken && listen.addr.port() != 0 => {
                warn!(port = listen.addr.port(), cause = %err, "port taken; using any free port");
                let any = SocketAddr::new(listen.addr.ip(), 0);
                hub::bind(any).map_err(|source| HostError::Bind { addr: any, source })?
            }
            Err(source) => return Err(HostError::Bind { addr: listen.addr, source }),
        };
        let hub = hub::start(listener, config).map_err(HostError::Start)?;
        let addresses = join_addresses(hub.local_addr());
        Ok(Self { hub, addresses, advertised: Advertised::off() })
    }

    /// The running hub: its address, session, code, host token, storage
    /// state.
    pub fn hub(&self) -> &HubHandle {
        &self.hub
    }

    /// `host:port` addresses students can type, the best first; never
    /// empty (see [`join_addresses`]).
    pub fn addresses(&self) -> &[String] {
        &self.addresses
    }

    /// The join link of the best address: the web client's address,
    /// `http://HOST:PORT/`, when the hub serves it (a browser opens it; the
    /// app takes it too), `ws://HOST:PORT/ws` otherwise.
    pub fn join_link(&self) -> String {
        let Some(address) = self.addresses.first() else { return String::new() };
        if self.hub.serves_web() {
            web_link(address)
        } else {
            join_link(address)
        }
    }

    /// [`HostedClass::join_link`] with `code` in it, for a link that joins
    /// without typing the code: the web client's address with the code in
    /// its fragment ([`web_link_with_code`]). `None` when the hub does not
    /// serve the web client (a `ws://` link has nowhere to carry a code).
    pub fn join_link_with_code(&self, code: &str) -> Option<String> {
        let address = self.addresses.first()?;
        self.hub.serves_web().then(|| web_link_with_code(address, code))
    }

    /// Whether students see the class in their list, and if not, why.
    pub fn advertising(&self) -> &AdvertiseStatus {
        &self.advertised.status
    }

    /// Why advertising failed, in the discovery's own words
    /// ([`AdvertiseStatus::Failed`] holds them as a sentence for a screen).
    pub fn advertise_error(&self) -> Option<&DiscoveryError> {
        self.advertised.error.as_ref()
    }

    /// Whether the class is advertised on the LAN now.
    pub fn is_advertised(&self) -> bool {
        self.advertised.advertisement.is_some()
    }

    /// What advertising this class on `interfaces` takes (`None`: discovery
    /// is off, and the status will say [`AdvertiseStatus::Off`]). Made at
    /// once from the hub, so it may be called under a lock; run it after
    /// releasing the lock.
    pub fn advertise_request(&self, interfaces: Option<&InterfaceChoice>) -> AdvertiseRequest {
        AdvertiseRequest(
            interfaces.map(|choice| AdvertiseConfig::for_hub(&self.hub).with_interfaces(choice.clone())),
        )
    }

    /// Takes the outcome of an [`AdvertiseRequest`] as the class's
    /// advertising, unless the class is advertised already (another attempt
    /// got there first): then the outcome comes back, to be withdrawn
    /// ([`Advertised::withdraw`]) once no lock is held.
    #[must_use = "an outcome handed back must be withdrawn"]
    pub fn keep_advertised(&mut self, advertised: Advertised) -> Option<Advertised> {
        if self.is_advertised() {
            return Some(advertised);
        }
        self.advertised = advertised;
        None
    }

    /// Advertises the class on `interfaces` (`None`: discovery off), unless
    /// it is advertised already; the status either way. Takes up to a few
    /// seconds (the multicast self-test). A failure does not stop the
    /// class: students join with an address or the join link.
    pub async fn advertise(&mut self, interfaces: Option<&InterfaceChoice>) -> &AdvertiseStatus {
        if !self.is_advertised() {
            let advertised = self.advertise_request(interfaces).run().await;
            if let Some(unused) = self.keep_advertised(advertised) {
                unused.withdraw().await;
            }
        }
        self.advertising()
    }

    /// Withdraws the class from the LAN (an mDNS goodbye, sent before this
    /// returns); students' lists drop it. The hub goes on.
    pub async fn withdraw(&mut self) {
        advertising::withdraw(self.advertised.advertisement.take()).await;
    }

    /// Ends the class gracefully: withdraws it from the LAN first (students'
    /// lists drop it while the hub still says goodbye to its connections),
    /// then shuts the hub down ([`HubHandle::shutdown`]).
    ///
    /// # Errors
    /// [`crate::Error::Io`] if the hub's server had failed.
    pub async fn shutdown(mut self) -> crate::Result<()> {
        self.withdraw().await;
        self.hub.shutdown().await
    }
}

impl std::fmt::Debug for HostedClass {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("HostedClass")
            .field("addr", &self.hub.local_addr())
            .field("addresses", &self.addresses)
            .field("advertised", &self.advertised)
            .finish_non_exhaustive()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A class on loopback: joined there, not advertised with discovery
    /// off, shut down cleanly.
    #[tokio::test]
    async fn hosts_and_shuts_down() {
        let listen = Listen::exactly(SocketAddr::from(([127, 0, 0, 1], 0)));
        let mut config = HubConfig::new("Physics 101", "Mrs. Núñez");
        config.web = false;
        let mut class = HostedClass::start(listen, config).expect("hosted");
        let addr = class.hub().local_addr();
        assert_eq!(class.addresses(), [addr.to_string()]);
        assert_eq!(class.join_link(), format!("ws://{addr}/ws"));
        assert_eq!(class.join_link_with_code("482913"), None, "a ws:// link carries no code");
        assert_eq!(class.advertise(None).await, &AdvertiseStatus::Off);
        assert!(!class.is_advertised() && class.advertise_error().is_none());
        class.shutdown().await.expect("shut down");
    }

    /// A class serving the web client is joined at its page's address,
    /// which can carry the code in its fragment.
    #[tokio::test]
    async fn a_class_serving_the_web_client_is_joined_at_its_page() {
        let listen = Listen::exactly(SocketAddr::from(([127, 0, 0, 1], 0)));
        let class = HostedClass::start(listen, HubConfig::new("Physics 101", "Mrs. Núñez")).expect("hosted");
        assert!(class.hub().serves_web(), "build the web client first: npm run build:web");
        let addr = class.hub().local_addr();
        assert_eq!(class.join_link(), format!("http://{addr}/"));
        assert_eq!(
            class.join_link_with_code("482913").as_deref(),
            Some(format!("http://{addr}/#code=482913").as_str())
        );
        class.shutdown().await.expect("shut down");
    }

    /// A taken port: `exactly` fails saying where; `preferring` takes
    /// another.
    #[tokio::test]
    async fn a_taken_port_falls_back_only_when_asked() {
        let first = HostedClass::start(
            Listen::exactly(SocketAddr::from(([127, 0, 0, 1], 0))),
            HubConfig::new("A", "T"),
        )
        .expect("hosted");
        let taken = first.hub().local_addr();
        match HostedClass::start(Listen::exactly(taken), HubConfig::new("B", "T")) {
            Err(err @ HostError::Bind { addr, .. }) => {
                assert_eq!(addr, taken);
                assert_eq!(err.to_string(), format!("cannot listen on {taken}"));
            }
            other => panic!("expected a bind error, got {other:?}"),
        }
        let second =
            HostedClass::start(Listen::preferring(taken), HubConfig::new("C", "T")).expect("another port");
        assert_ne!(second.hub().local_addr().port(), taken.port());
        second.shutdown().await.expect("shut down");
        first.shutdown().await.expect("shut down");
    }
}
