//! Advertising a hosted class on the LAN, and what the teacher is told
//! about it ([`AdvertiseStatus`]): on the app's screen, or printed by
//! `classroom host`.

use serde::{Deserialize, Serialize};
use tracing::warn;

use crate::discovery::{self, AdvertiseConfig, Advertisement, DiscoveryError, InterfaceProblem};
use crate::params::{params, Params};

/// Whether a hosted class is listed on the LAN, for the teacher's screen.
/// Serialised as `{"state": "on", …}`. The English fields are what
/// `classroom host` prints; a UI words the codes instead. The codes' fields
/// are always sent, and optional in the TypeScript declaration only so UI
/// code from before codes still compiles.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "state", rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub enum AdvertiseStatus {
    /// Students on the LAN see the class in their list.
    On {
        /// The name the class is listed under (mDNS instance name).
        instance: String,
        /// Where it is advertised, e.g. `eth0 (192.168.1.20)`.
        interfaces: Vec<String>,
        /// Doubts that did not stop it (e.g. incoming mDNS looks dropped),
        /// in English: `interface: detail`.
        warnings: Vec<String>,
        /// The same doubts, for a UI to word: each one's interface, code
        /// and params (and its English detail).
        #[cfg_attr(feature = "typescript", ts(as = "Option<Vec<InterfaceProblem>>", optional))]
        problems: Vec<InterfaceProblem>,
    },
    /// Not advertised on purpose (`--no-mdns`).
    Off,
    /// Advertising failed; students need the address or the join link.
    Failed {
        /// What went wrong, in English words a teacher can act on.
        reason: String,
        /// Whether trying again (without changing anything) may work.
        retry_helps: bool,
        /// What would fix it, in English.
        fix: String,
        /// What went wrong, for a UI to word (with what would fix it).
        #[cfg_attr(feature = "typescript", ts(as = "Option<AdvertiseFailure>", optional))]
        code: AdvertiseFailure,
        /// The values its sentence needs ([`AdvertiseFailure::params`]).
        #[cfg_attr(feature = "typescript", ts(as = "Option<Params>", optional))]
        params: Params,
        /// For `multicastBlocked`: what failed on each interface, each with
        /// its own code and params (empty otherwise).
        #[cfg_attr(feature = "typescript", ts(as = "Option<Vec<InterfaceProblem>>", optional))]
        problems: Vec<InterfaceProblem>,
    },
}

/// Why a class could not be listed on the LAN ([`AdvertiseStatus::Failed`]).
/// Each variant's documentation is the English sentence a UI words, then
/// what fixes it, with its params in braces (`detail`: the system's own
/// text).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum AdvertiseFailure {
    /// "Multicast is blocked on {interfaces}, so the class cannot be listed
    /// ({detail})." Fix: "Allow mDNS (UDP port 5353, multicast 224.0.0.251)
    /// in this computer's firewall, or use a network that allows multicast.
    /// On a Mac, allow Classroom in System Settings → Privacy & Security →
    /// Local Network."
    MulticastBlocked,
    /// "This computer is not connected to a network." Fix: "Connect this
    /// computer to the classroom network, then try again."
    NoInterface,
    /// "The network service that lists classes could not run ({detail})."
    /// Fix: "Try again in a moment."
    DaemonFailed,
    /// "The network service that lists classes is busy." Fix: "Try again in a moment."
    Busy,
    /// "The class listens on {address} only, which other computers cannot
    /// reach." Fix: "Give students the address or the join link instead."
    LoopbackOnly,
    /// "The class cannot be listed ({detail})." Fix: "Give students the
    /// address or the join link instead."
    Other,
}

impl AdvertiseFailure {
    /// The params this code's sentence needs.
    pub const fn params(self) -> &'static [&'static str] {
        match self {
            Self::MulticastBlocked => &["interfaces", "detail"],
            Self::NoInterface | Self::Busy => &[],
            Self::DaemonFailed | Self::Other => &["detail"],
            Self::LoopbackOnly => &["address"],
        }
    }

    /// The code, params and per-interface problems of a failure.
    fn of(err: &DiscoveryError) -> (Self, Params, Vec<InterfaceProblem>) {
        match err {
            DiscoveryError::MulticastBlocked { problems } => {
                let interfaces: Vec<&str> = problems.iter().map(|p| p.interface.as_str()).collect();
                // The system's own words for each interface (the OS error
                // text, untranslatable), not our English around them.
                let details: Vec<String> = problems
                    .iter()
                    .map(|p| match p.params.get("detail") {
                        Some(crate::params::Param::Text(detail)) => format!("{}: {detail}", p.interface),
                        _ => format!("{}: {}", p.interface, p.detail),
                    })
                    .collect();
                let params = params([
                    ("interfaces", interfaces.join(", ").into()),
                    ("detail", details.join("; ").into()),
                ]);
                (Self::MulticastBlocked, params, problems.clone())
            }
            DiscoveryError::NoInterface { .. } => (Self::NoInterface, Params::new(), Vec::new()),
            DiscoveryError::Daemon(detail) => {
                (Self::DaemonFailed, params([("detail", detail.as_str().into())]), Vec::new())
            }
            DiscoveryError::Busy => (Self::Busy, Params::new(), Vec::new()),
            DiscoveryError::LoopbackOnly(ip) => {
                (Self::LoopbackOnly, params([("address", ip.to_string().into())]), Vec::new())
            }
            other => (Self::Other, params([("detail", other.to_string().into())]), Vec::new()),
        }
    }
}

impl AdvertiseStatus {
    /// The status for an advertisement that started.
    fn on(ad: &Advertisement) -> Self {
        Self::On {
            instance: ad.instance_name(),
            interfaces: ad
                .interfaces()
                .iter()
                .map(|intf| {
                    let addrs: Vec<String> = intf.addresses.iter().map(ToString::to_string).collect();
                    format!("{} ({})", intf.name, addrs.join(", "))
                })
                .collect(),
            warnings: ad.problems().iter().map(|p| format!("{}: {}", p.interface, p.detail)).collect(),
            problems: ad.problems().to_vec(),
        }
    }

    /// The status for an advertisement that could not start.
    fn failed(err: &DiscoveryError) -> Self {
        let fix = match err {
            DiscoveryError::MulticastBlocked { .. } => {
                "Allow mDNS (UDP port 5353, multicast 224.0.0.251) in this computer's firewall, or use a \
                 network that allows multicast. On a Mac, allow Classroom in System Settings → Privacy & \
                 Security → Local Network."
            }
            DiscoveryError::NoInterface { .. } => {
                "Connect this computer to the classroom network, then try again."
            }
            DiscoveryError::Daemon(_) | DiscoveryError::Busy => "Try again in a moment.",
            _ => "Give students the address or the join link instead.",
        };
        let (code, params, problems) = AdvertiseFailure::of(err);
        Self::Failed {
            reason: sentence(&err.to_string()),
            retry_helps: err.retry_helps(),
            fix: fix.to_owned(),
            code,
            params,
            problems,
        }
    }
}

/// `text` with its first letter in upper case and a full stop.
fn sentence(text: &str) -> String {
    let mut chars = text.trim().chars();
    let mut out: String = chars.next().map(|c| c.to_uppercase().collect()).unwrap_or_default();
    out.push_str(chars.as_str());
    if !out.ends_with('.') {
        out.push('.');
    }
    out
}

/// Advertising a hosted class, made from it at once by
/// [`HostedClass::advertise_request`](super::HostedClass::advertise_request)
/// so that the slow part, [`AdvertiseRequest::run`], needs no hold on the
/// class (nor on any lock the class is kept behind).
#[derive(Debug)]
#[must_use = "a request does nothing until it is run"]
pub struct AdvertiseRequest(pub(super) Option<AdvertiseConfig>);

impl AdvertiseRequest {
    /// Advertises the class, when discovery is on; takes up to a few
    /// seconds (the multicast self-test). Hand the outcome to
    /// [`HostedClass::keep_advertised`](super::HostedClass::keep_advertised).
    pub async fn run(self) -> Advertised {
        let Some(config) = self.0 else {
            return Advertised::off();
        };
        match discovery::advertise(config).await {
            Ok(ad) => Advertised { status: AdvertiseStatus::on(&ad), advertisement: Some(ad), error: None },
            Err(err) => {
                warn!(cause = %err, retry_helps = err.retry_helps(), "the class is not advertised on the LAN");
                Advertised { status: AdvertiseStatus::failed(&err), advertisement: None, error: Some(err) }
            }
        }
    }
}

/// What advertising a class came to: the advertisement (to withdraw when
/// the class ends), what the teacher is told, and the error when it failed.
#[derive(Debug)]
pub struct Advertised {
    pub(super) advertisement: Option<Advertisement>,
    pub(super) status: AdvertiseStatus,
    pub(super) error: Option<DiscoveryError>,
}

impl Advertised {
    /// Not advertised: discovery is off (or not tried yet).
    pub(super) fn off() -> Self {
        Self { advertisement: None, status: AdvertiseStatus::Off, error: None }
    }

    /// What the teacher is told.
    pub fn status(&self) -> &AdvertiseStatus {
        &self.status
    }

    /// Withdraws the advertisement, if there is one (the goodbye goes out
    /// before it returns).
    pub async fn withdraw(self) {
        withdraw(self.advertisement).await;
    }
}

/// Withdraws an advertisement, if any; a failure is logged, nothing else
/// can be done about it.
pub(super) async fn withdraw(advertisement: Option<Advertisement>) {
    if let Some(ad) = advertisement {
        if let Err(err) = ad.withdraw().await {
            warn!(cause = %err, "withdrawing the class from the LAN");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A blocked network says why, that retrying alone will not help, and
    /// what to change; a missing network says to connect and retry.
    #[test]
    fn failures_say_what_to_do() {
        let blocked = DiscoveryError::MulticastBlocked { problems: vec![eth0_blocked()] };
        match AdvertiseStatus::failed(&blocked) {
            AdvertiseStatus::Failed { reason, retry_helps, fix, code, params, problems } => {
                assert!(reason.starts_with("Multicast is blocked"), "{reason}");
                assert!(reason.contains("eth0: cannot send IPv4 multicast"), "{reason}");
                assert!(reason.ends_with('.'));
                assert!(!retry_helps);
                assert!(fix.contains("UDP port 5353"), "{fix}");
                assert_eq!(code, AdvertiseFailure::MulticastBlocked);
                assert_eq!(
                    params,
                    crate::params::params([
                        ("interfaces", "eth0".into()),
                        ("detail", "eth0: Operation not permitted (os error 1)".into()),
                    ]),
                    "the interfaces and the system's own words, no English around them"
                );
                assert_eq!(problems, [eth0_blocked()]);
            }
            other => panic!("expected Failed, got {other:?}"),
        }
        let offline = DiscoveryError::NoInterface { choice: "LAN interfaces".into() };
        match AdvertiseStatus::failed(&offline) {
            AdvertiseStatus::Failed { retry_helps, fix, code, .. } => {
                assert!(retry_helps);
                assert!(fix.starts_with("Connect this computer"), "{fix}");
                assert_eq!(code, AdvertiseFailure::NoInterface);
            }
            other => panic!("expected Failed, got {other:?}"),
        }
    }

    fn eth0_blocked() -> discovery::InterfaceProblem {
        discovery::InterfaceProblem {
            interface: "eth0".into(),
            detail: "cannot send IPv4 multicast (mDNS, UDP 5353) from 10.0.0.7: Operation not permitted (os error 1)"
                .into(),
            blocking: true,
            code: discovery::InterfaceProblemCode::SendFailed,
            params: crate::params::params([
                ("family", "IPv4".into()),
                ("address", "10.0.0.7".into()),
                ("detail", "Operation not permitted (os error 1)".into()),
            ]),
        }
    }

    /// Every failure gets a code carrying exactly the params its sentence needs.
    #[test]
    fn each_failure_code_carries_its_params() {
        let cases = [
            (
                DiscoveryError::MulticastBlocked { problems: vec![eth0_blocked()] },
                AdvertiseFailure::MulticastBlocked,
            ),
            (DiscoveryError::NoInterface { choice: "LAN interfaces".into() }, AdvertiseFailure::NoInterface),
            (DiscoveryError::Daemon("address in use".into()), AdvertiseFailure::DaemonFailed),
            (DiscoveryError::Busy, AdvertiseFailure::Busy),
            (DiscoveryError::LoopbackOnly("127.0.0.1".parse().unwrap()), AdvertiseFailure::LoopbackOnly),
            (DiscoveryError::Record("bad name".into()), AdvertiseFailure::Other),
        ];
        for (err, want) in cases {
            let AdvertiseStatus::Failed { code, params, .. } = AdvertiseStatus::failed(&err) else {
                panic!("failed");
            };
            assert_eq!(code, want, "{err}");
            let mut wanted = code.params().to_vec();
            wanted.sort_unstable();
            assert_eq!(params.keys().map(String::as_str).collect::<Vec<_>>(), wanted, "{err}");
        }
    }

    /// The UI branches on `state`; fields are snake_case like the protocol's.
    #[test]
    fn statuses_serialise_for_the_ui() {
        assert_eq!(
            serde_json::to_value(AdvertiseStatus::Off).expect("json"),
            serde_json::json!({"state": "off"})
        );
        let failed = AdvertiseStatus::failed(&DiscoveryError::Busy);
        assert_eq!(
            serde_json::to_value(&failed).expect("json"),
            serde_json::json!({
                "state": "failed",
                "reason": "The mDNS service is busy; try again in a moment.",
                "retry_helps": true,
                "fix": "Try again in a moment.",
                "code": "busy",
                "params": {},
                "problems": [],
            })
        );
    }

    /// With discovery off nothing is sent, and the status says off.
    #[tokio::test]
    async fn off_advertises_nothing() {
        let advertised = AdvertiseRequest(None).run().await;
        assert_eq!(advertised.status(), &AdvertiseStatus::Off);
        assert!(advertised.advertisement.is_none() && advertised.error.is_none());
        advertised.withdraw().await;
    }
}
