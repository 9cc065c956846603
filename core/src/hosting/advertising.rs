//! Advertising a hosted class on the LAN, and what the teacher is told
//! about it ([`AdvertiseStatus`]): on the app's screen, or printed by
//! `classroom host`.

use serde::{Deserialize, Serialize};
use tracing::warn;

use crate::discovery::{self, AdvertiseConfig, Advertisement, DiscoveryError};

/// Whether a hosted class is listed on the LAN, for the teacher's screen.
/// Serialised as `{"state": "on", …}`.
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
        /// Doubts that did not stop it (e.g. incoming mDNS looks dropped).
        warnings: Vec<String>,
    },
    /// Not advertised on purpose (`--no-mdns`).
    Off,
    /// Advertising failed; students need the address or the join link.
    Failed {
        /// What went wrong, in words a teacher can act on.
        reason: String,
        /// Whether trying again (without changing anything) may work.
        retry_helps: bool,
        /// What would fix it.
        fix: String,
    },
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
        Self::Failed {
            reason: sentence(&err.to_string()),
            retry_helps: err.retry_helps(),
            fix: fix.to_owned(),
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
        let blocked = DiscoveryError::MulticastBlocked {
            problems: vec![discovery::InterfaceProblem {
                interface: "eth0".into(),
                detail: "cannot send IPv4 multicast".into(),
                blocking: true,
            }],
        };
        match AdvertiseStatus::failed(&blocked) {
            AdvertiseStatus::Failed { reason, retry_helps, fix } => {
                assert!(reason.starts_with("Multicast is blocked"), "{reason}");
                assert!(reason.contains("eth0: cannot send IPv4 multicast"), "{reason}");
                assert!(reason.ends_with('.'));
                assert!(!retry_helps);
                assert!(fix.contains("UDP port 5353"), "{fix}");
            }
            other => panic!("expected Failed, got {other:?}"),
        }
        let offline = DiscoveryError::NoInterface { choice: "LAN interfaces".into() };
        match AdvertiseStatus::failed(&offline) {
            AdvertiseStatus::Failed { retry_helps, fix, .. } => {
                assert!(retry_helps);
                assert!(fix.starts_with("Connect this computer"), "{fix}");
            }
            other => panic!("expected Failed, got {other:?}"),
        }
    }

    /// The UI branches on `state`; fields are snake_case like the protocol's.
    #[test]
    fn statuses_serialise_for_the_ui() {
        assert_eq!(
            serde_json::to_value(AdvertiseStatus::Off).expect("json"),
            serde_json::json!({"state": "off"})
        );
        let failed = AdvertiseStatus::Failed { reason: "R.".into(), retry_helps: true, fix: "F.".into() };
        assert_eq!(
            serde_json::to_value(&failed).expect("json"),
            serde_json::json!({"state": "failed", "reason": "R.", "retry_helps": true, "fix": "F."})
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
