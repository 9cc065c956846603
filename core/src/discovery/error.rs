//! What can go wrong in discovery, by what the caller can do about it.

use std::net::{IpAddr, SocketAddr};

use serde::{Deserialize, Serialize};

use crate::params::Params;

/// Why a class could not be advertised, browsed for or reached.
///
/// Every variant says whether trying again can help;
/// [`DiscoveryError::retry_helps`] gives the same answer in code.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DiscoveryError {
    /// The mDNS service (its thread or sockets) could not run on this
    /// machine. Retrying later may help, e.g. after another program releases
    /// UDP port 5353 or the network comes up.
    #[error("the mDNS service could not run: {0}")]
    Daemon(String),
    /// The mDNS service's command queue was full. Retrying in a moment helps.
    #[error("the mDNS service is busy; try again in a moment")]
    Busy,
    /// No network interface matches the interface choice (e.g. the machine
    /// is not connected yet). Retrying helps once a network is connected.
    #[error("no network interface to use ({choice}); connect to the classroom network first")]
    NoInterface {
        /// The interface choice, as text.
        choice: String,
    },
    /// Multicast cannot leave this machine on any chosen interface: a
    /// firewall drops mDNS, or the operating system refused (macOS without
    /// local network permission). Retrying does not help until that is
    /// fixed; students can still join by address.
    #[error("multicast is blocked, so the class cannot be advertised: {}", describe(problems))]
    MulticastBlocked {
        /// What failed on each interface.
        problems: Vec<InterfaceProblem>,
    },
    /// The hub listens on a loopback address only, which no other machine
    /// can reach. Retrying does not help; listen on `0.0.0.0` or a LAN address.
    #[error("the hub listens on {0} only, which other machines cannot reach")]
    LoopbackOnly(IpAddr),
    /// The DNS-SD record could not be built (a bug, or a name mdns-sd
    /// rejects). Retrying does not help.
    #[error("cannot build the DNS-SD record: {0}")]
    Record(String),
    /// The class speaks a protocol this app does not know ("needs a newer
    /// app"). Retrying does not help; update the app.
    #[error("this class needs a newer app (it speaks protocol {})", version_text(*.0))]
    Incompatible(Option<u32>),
    /// None of the class's addresses accepted a connection. Retrying may
    /// help (the network may be busy); otherwise type the address shown on
    /// the teacher's screen.
    #[error("none of the class's addresses answered: {}", describe_attempts(attempts))]
    Unreachable {
        /// Each address tried and why it failed.
        attempts: Vec<Attempt>,
    },
}

impl DiscoveryError {
    /// Whether doing the same thing again may succeed without anyone
    /// changing anything first.
    pub fn retry_helps(&self) -> bool {
        match self {
            Self::Daemon(_) | Self::Busy | Self::NoInterface { .. } | Self::Unreachable { .. } => true,
            Self::MulticastBlocked { .. }
            | Self::LoopbackOnly(_)
            | Self::Record(_)
            | Self::Incompatible(_) => false,
        }
    }
}

impl From<mdns_sd::Error> for DiscoveryError {
    fn from(err: mdns_sd::Error) -> Self {
        match err {
            mdns_sd::Error::Again => Self::Busy,
            mdns_sd::Error::DaemonShutdown => Self::Daemon("the mDNS service has stopped".to_owned()),
            mdns_sd::Error::ParseIpAddr(text) => Self::Record(text),
            other => Self::Daemon(other.to_string()),
        }
    }
}

/// Something that stops or hinders discovery on one network interface.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct InterfaceProblem {
    /// The interface's name, e.g. `eth0` or `Wi-Fi`.
    pub interface: String,
    /// What happened, in English words a teacher can act on (logs, the
    /// command line); a UI words [`InterfaceProblem::code`] instead.
    pub detail: String,
    /// `true` when nothing can be advertised on this interface (sending
    /// failed); `false` when it only looks doubtful (our own test packet did
    /// not come back, as when a firewall drops incoming mDNS).
    pub blocking: bool,
    /// What happened, for a UI to word in its language with `params`.
    pub code: InterfaceProblemCode,
    /// The values its sentence needs ([`InterfaceProblemCode::params`]).
    pub params: Params,
}

/// What hinders discovery on one interface. Each variant's documentation
/// is an English sentence with its params in braces (`family` is `IPv4` or
/// `IPv6`; `detail` is the system's own error text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum InterfaceProblemCode {
    /// "Cannot open an {family} mDNS socket ({detail})."
    SocketFailed,
    /// "Cannot send {family} multicast (mDNS, UDP 5353) from {address} ({detail})."
    SendFailed,
    /// "Our own {family} mDNS test packet did not come back within {ms} ms:
    /// a firewall may drop incoming mDNS (UDP 5353), so students' searches
    /// could go unanswered."
    NoEcho,
}

impl InterfaceProblemCode {
    /// The params this code's sentence needs.
    pub const fn params(self) -> &'static [&'static str] {
        match self {
            Self::SocketFailed => &["family", "detail"],
            Self::SendFailed => &["family", "address", "detail"],
            Self::NoEcho => &["family", "ms"],
        }
    }
}

/// One address tried by [`reachable_url`](super::reachable_url).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Attempt {
    /// The address and port.
    #[cfg_attr(feature = "typescript", ts(type = "string"))]
    pub addr: SocketAddr,
    /// Why it failed.
    pub error: String,
}

fn describe(problems: &[InterfaceProblem]) -> String {
    let parts: Vec<String> = problems.iter().map(|p| format!("{}: {}", p.interface, p.detail)).collect();
    parts.join("; ")
}

fn describe_attempts(attempts: &[Attempt]) -> String {
    if attempts.is_empty() {
        return "it advertised no address this app can use".to_owned();
    }
    let parts: Vec<String> = attempts.iter().map(|a| format!("{} ({})", a.addr, a.error)).collect();
    parts.join(", ")
}

fn version_text(version: Option<u32>) -> String {
    version.map_or_else(|| "an unknown version".to_owned(), |v| v.to_string())
}
