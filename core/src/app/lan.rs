//! The app's side of advertising a hosted class on the LAN (and saying on
//! the teacher's screen whether that worked and what to do if not), and the
//! addresses and join link students can use without it.

use std::net::IpAddr;

use serde::{Deserialize, Serialize};
use tracing::warn;

use crate::discovery::{self, AdvertiseConfig, Advertisement, DiscoveryError, InterfaceChoice};
use crate::hub::HubHandle;

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
    pub(crate) fn failed(err: &DiscoveryError) -> Self {
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

/// What advertising `hub` on `interfaces` takes; `None` when discovery is
/// off. Built from the hub at once, so the (slow) advertising that follows
/// needs no hold on it.
pub(crate) fn advertising_config(
    hub: &HubHandle,
    mdns: bool,
    interfaces: &InterfaceChoice,
) -> Option<AdvertiseConfig> {
    mdns.then(|| AdvertiseConfig::for_hub(hub).with_interfaces(interfaces.clone()))
}

/// Advertises a hub when discovery is on (`config` from
/// [`advertising_config`]); the handle (to withdraw later) and what the
/// teacher's screen says about it. Takes up to a few seconds (the
/// multicast self-test).
pub(crate) async fn advertise(config: Option<AdvertiseConfig>) -> (Option<Advertisement>, AdvertiseStatus) {
    let Some(config) = config else {
        return (None, AdvertiseStatus::Off);
    };
    match discovery::advertise(config).await {
        Ok(ad) => {
            let status = AdvertiseStatus::on(&ad);
            (Some(ad), status)
        }
        Err(err) => {
            warn!(cause = %err, retry_helps = err.retry_helps(), "the class is not advertised on the LAN");
            (None, AdvertiseStatus::failed(&err))
        }
    }
}

/// Withdraws an advertisement (the goodbye goes out before it returns).
pub(crate) async fn withdraw(advertisement: Option<Advertisement>) {
    if let Some(ad) = advertisement {
        if let Err(err) = ad.withdraw().await {
            warn!(cause = %err, "withdrawing the class from the LAN");
        }
    }
}

/// `host:port` addresses students can type for a hub listening on all
/// interfaces at `port`: the IPv4 addresses of the LAN interfaces first
/// (not loopback, container bridges or VPNs), then other non-loopback IPv4
/// addresses, else loopback (a machine with no network yet).
pub(crate) fn join_addresses(port: u16) -> Vec<String> {
    let mut ips = discovery::reachable_ipv4(&InterfaceChoice::Lan);
    for ip in discovery::reachable_ipv4(&InterfaceChoice::All) {
        if !ips.contains(&ip) {
            ips.push(ip);
        }
    }
    if ips.is_empty() {
        ips.push(IpAddr::from([127, 0, 0, 1]));
    }
    ips.into_iter().map(|ip| format!("{ip}:{port}")).collect()
}

/// The join link for a `host:port` address.
pub(crate) fn join_link(address: &str) -> String {
    format!("ws://{address}/ws")
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

    /// Addresses are `host:port`, never empty, loopback only as a last resort.
    #[test]
    fn join_addresses_are_never_empty() {
        let addresses = join_addresses(4455);
        assert!(!addresses.is_empty());
        assert!(addresses.iter().all(|a| a.ends_with(":4455")), "{addresses:?}");
        if addresses.len() > 1 {
            assert!(!addresses.iter().any(|a| a.starts_with("127.")), "{addresses:?}");
        }
        assert_eq!(join_link("10.0.0.5:4455"), "ws://10.0.0.5:4455/ws");
    }
}
