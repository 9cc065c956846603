//! Which network interfaces count as "the LAN".
//!
//! A teacher's laptop often has more than its Wi-Fi: Docker and VM bridges,
//! VPN tunnels, loopback. Advertising there shows students addresses they
//! cannot reach (or leaks the class into a VPN), so by default only real
//! LAN interfaces are used. The rules are name-based because operating
//! systems do not flag "virtual" reliably (a veth inside a container looks
//! like any Ethernet card); [`InterfaceChoice`] overrides them.

use std::collections::BTreeMap;
use std::fmt;
use std::net::IpAddr;

/// Which network interfaces discovery advertises and browses on.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
#[non_exhaustive]
pub enum InterfaceChoice {
    /// Real LAN interfaces only (the default): not loopback, not container
    /// or VM bridges (`docker0`, `br-…`, `virbr0`, `vEthernet …`), not VPN
    /// tunnels (`tun0`, `wg0`, `utun3`, `tailscale0`, …).
    #[default]
    Lan,
    /// Exactly the interfaces with these names.
    Named(Vec<String>),
    /// Every interface that is up, loopback and virtual ones included.
    All,
}

impl InterfaceChoice {
    /// The choice for a list of names as a user gives them: none means
    /// [`InterfaceChoice::Lan`], the single name `all` means
    /// [`InterfaceChoice::All`], anything else those interfaces by name.
    pub fn from_names(names: &[String]) -> Self {
        match names {
            [] => Self::Lan,
            [only] if only.eq_ignore_ascii_case("all") => Self::All,
            names => Self::Named(names.to_vec()),
        }
    }

    /// Whether the interface `name` with address `ip` is chosen.
    pub fn includes(&self, name: &str, ip: IpAddr) -> bool {
        match self {
            Self::Lan => !ip.is_loopback() && !is_virtual_or_tunnel(name),
            Self::Named(names) => names.iter().any(|n| n == name),
            Self::All => true,
        }
    }
}

impl fmt::Display for InterfaceChoice {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Lan => f.write_str("LAN interfaces: no loopback, virtual bridge or VPN"),
            Self::Named(names) => write!(f, "interfaces {}", names.join(", ")),
            Self::All => f.write_str("all interfaces"),
        }
    }
}

/// Name prefixes (compared in lower case) of interfaces that are not the LAN:
/// container and VM bridges and their ports, VPN tunnels, Apple's
/// peer-to-peer links, cellular modems.
const NOT_LAN_PREFIXES: &[&str] = &[
    "lo",
    "docker",
    "br-",
    "veth",
    "virbr",
    "vnet",
    "vboxnet",
    "vmnet",
    "lxcbr",
    "lxdbr",
    "incusbr",
    "cni",
    "flannel",
    "cali",
    "cilium",
    "weave",
    "kube",
    "podman",
    "tun",
    "tap",
    "wg",
    "utun",
    "ipsec",
    "ppp",
    "tailscale",
    "zt",
    "nordlynx",
    "gpd",
    "awdl",
    "llw",
    "anpi",
    "bridge",
    "rmnet",
    "ham",
];

/// Words (in lower case) in the friendly names Windows and VPN clients give
/// their adapters.
const NOT_LAN_WORDS: &[&str] = &[
    "vethernet",
    "virtual",
    "vmware",
    "virtualbox",
    "hyper-v",
    "loopback",
    "vpn",
    "tailscale",
    "wireguard",
    "zerotier",
    "openvpn",
    "anyconnect",
    "globalprotect",
    "fortinet",
    "hamachi",
    "tap-windows",
    "wintun",
    "bluetooth",
];

/// Whether an interface name says it is a virtual bridge, a tunnel or a VPN.
fn is_virtual_or_tunnel(name: &str) -> bool {
    let lower = name.to_lowercase();
    NOT_LAN_PREFIXES.iter().any(|prefix| lower.starts_with(prefix))
        || NOT_LAN_WORDS.iter().any(|word| lower.contains(word))
}

/// A chosen network interface and its addresses.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct LanInterface {
    /// Its name, e.g. `eth0`, `en0` or `Wi-Fi`.
    pub name: String,
    /// The operating system's index for it.
    pub index: Option<u32>,
    /// Its addresses, IPv4 first.
    #[cfg_attr(feature = "typescript", ts(type = "Array<string>"))]
    pub addresses: Vec<IpAddr>,
}

/// The non-loopback IPv4 addresses of the interfaces `choice` selects:
/// what a student can type to reach a hub bound to all interfaces. Empty
/// when the interfaces cannot be listed.
pub fn reachable_ipv4(choice: &InterfaceChoice) -> Vec<std::net::IpAddr> {
    lan_interfaces(choice)
        .unwrap_or_default()
        .into_iter()
        .flat_map(|intf| intf.addresses)
        .filter(|ip| ip.is_ipv4() && !ip.is_loopback())
        .collect()
}

/// The interfaces `choice` selects that are up and not point-to-point, with
/// their addresses, sorted by name.
///
/// # Errors
/// The operating system's error when the interfaces cannot be listed.
pub fn lan_interfaces(choice: &InterfaceChoice) -> std::io::Result<Vec<LanInterface>> {
    let mut by_name: BTreeMap<String, LanInterface> = BTreeMap::new();
    for intf in if_addrs::get_if_addrs()? {
        if !intf.is_oper_up() || intf.is_p2p() || !choice.includes(&intf.name, intf.ip()) {
            continue;
        }
        let entry = by_name.entry(intf.name.clone()).or_insert_with(|| LanInterface {
            name: intf.name.clone(),
            index: intf.index,
            addresses: Vec::new(),
        });
        entry.addresses.push(intf.ip());
    }
    let mut interfaces: Vec<LanInterface> = by_name.into_values().collect();
    for intf in &mut interfaces {
        intf.addresses.sort_by_key(|ip| (!ip.is_ipv4(), *ip));
        intf.addresses.dedup();
    }
    Ok(interfaces)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lan(name: &str) -> bool {
        InterfaceChoice::Lan.includes(name, "192.168.1.20".parse().expect("ip"))
    }

    /// Real Ethernet and Wi-Fi cards on Linux, macOS and Windows count as
    /// the LAN; loopback, bridges, tunnels and VPNs do not.
    #[test]
    fn lan_means_real_interfaces() {
        for name in ["eth0", "enp3s0", "wlan0", "wlp2s0", "en0", "en7", "Ethernet", "Wi-Fi", "WLAN", "br0"] {
            assert!(lan(name), "{name} is a LAN interface");
        }
        for name in [
            "lo",
            "lo0",
            "docker0",
            "br-5f3a9c0d1e2b",
            "veth1a2b3c",
            "virbr0",
            "vboxnet0",
            "vmnet8",
            "tun0",
            "tap1",
            "wg0",
            "utun3",
            "tailscale0",
            "ztabcdef",
            "awdl0",
            "llw0",
            "bridge100",
            "vEthernet (WSL)",
            "VirtualBox Host-Only Network",
            "VMware Network Adapter VMnet8",
            "Tailscale",
            "OpenVPN Data Channel Offload",
            "ProtonVPN TUN",
        ] {
            assert!(!lan(name), "{name} is not a LAN interface");
        }
        assert!(!InterfaceChoice::Lan.includes("eth0", "127.0.0.1".parse().expect("ip")));
    }

    /// A user's names override the rules: `all`, or exact names.
    #[test]
    fn choices_from_names() {
        assert_eq!(InterfaceChoice::from_names(&[]), InterfaceChoice::Lan);
        assert_eq!(InterfaceChoice::from_names(&["ALL".to_owned()]), InterfaceChoice::All);
        let named = InterfaceChoice::from_names(&["docker0".to_owned()]);
        assert!(named.includes("docker0", "172.17.0.1".parse().expect("ip")));
        assert!(!named.includes("eth0", "192.168.1.20".parse().expect("ip")));
        assert!(InterfaceChoice::All.includes("lo", "127.0.0.1".parse().expect("ip")));
    }
}
