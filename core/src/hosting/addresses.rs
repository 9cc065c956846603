//! Where students reach a hub: the addresses they can type, the join link,
//! and what a typed address or link means as a hub URL.

use std::net::{IpAddr, SocketAddr};

use crate::discovery::{self, InterfaceChoice};

/// `host:port` addresses students can type for a hub listening on `listen`,
/// the best first; never empty.
///
/// - A hub bound to one address (`--bind 10.0.0.5:4455`, `127.0.0.1:0`,
///   `[fd00::7]:4455`) is reached there only.
/// - A hub bound to every interface (`0.0.0.0`, or `[::]`, a dual-stack
///   socket that takes IPv4 too): the IPv4 addresses of the LAN interfaces
///   (not loopback, container bridges or VPNs); when there is none, those
///   of any other non-loopback interface; loopback only when there is none
///   at all (a machine with no network yet). A Docker bridge or a VPN
///   tunnel is no use to a student in the room, so it is listed only when
///   nothing better exists.
pub fn join_addresses(listen: SocketAddr) -> Vec<String> {
    if !listen.ip().is_unspecified() {
        return vec![listen.to_string()];
    }
    let mut ips = discovery::reachable_ipv4(&InterfaceChoice::Lan);
    if ips.is_empty() {
        ips = discovery::reachable_ipv4(&InterfaceChoice::All);
    }
    if ips.is_empty() {
        ips.push(IpAddr::from([127, 0, 0, 1]));
    }
    ips.into_iter().map(|ip| SocketAddr::new(ip, listen.port()).to_string()).collect()
}

/// The join link for a `host:port` address: `ws://host:port/ws`.
pub fn join_link(address: &str) -> String {
    format!("ws://{address}/ws")
}

/// What a student typed or pasted (`host:port`, `ws://host:port`, or a
/// whole `ws://`/`wss://` URL with its path) as a hub URL,
/// `ws://host:port/ws`; `None` when it cannot be one (empty, has spaces,
/// another scheme, no host).
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

    /// Typed addresses and links become hub URLs (the app's address field).
    #[test]
    fn addresses_become_hub_urls() {
        assert_eq!(hub_url("192.168.1.20:4455").as_deref(), Some("ws://192.168.1.20:4455/ws"));
        assert_eq!(hub_url(" ws://h:1 ").as_deref(), Some("ws://h:1/ws"));
        assert_eq!(hub_url("ws://h:1/ws").as_deref(), Some("ws://h:1/ws"));
        assert_eq!(hub_url("wss://h:1").as_deref(), Some("wss://h:1/ws"));
        assert_eq!(hub_url("[fd00::7]:4455").as_deref(), Some("ws://[fd00::7]:4455/ws"));
        assert_eq!(hub_url(""), None);
        assert_eq!(hub_url("ws://"), None);
        assert_eq!(hub_url("http://h:1"), None);
        assert_eq!(hub_url("two words"), None);
    }

    /// What `classroom join ADDRESS` is given (the CLI's cases).
    #[test]
    fn hub_urls_are_completed() {
        assert_eq!(hub_url("10.0.0.2:4455").as_deref(), Some("ws://10.0.0.2:4455/ws"));
        assert_eq!(hub_url("ws://10.0.0.2:4455").as_deref(), Some("ws://10.0.0.2:4455/ws"));
        assert_eq!(hub_url("ws://10.0.0.2:4455/ws").as_deref(), Some("ws://10.0.0.2:4455/ws"));
    }

    /// A hub on every interface: `host:port`, never empty, loopback only as
    /// a last resort, IPv4 also for a dual-stack `[::]`.
    #[test]
    fn join_addresses_are_never_empty() {
        for listen in ["0.0.0.0:4455", "[::]:4455"] {
            let addresses = join_addresses(listen.parse().expect("addr"));
            assert!(!addresses.is_empty());
            assert!(addresses.iter().all(|a| a.ends_with(":4455")), "{addresses:?}");
            assert!(addresses.iter().all(|a| !a.starts_with('[')), "IPv4 only: {addresses:?}");
            if addresses.len() > 1 {
                assert!(!addresses.iter().any(|a| a.starts_with("127.")), "{addresses:?}");
            }
        }
        assert_eq!(join_link("10.0.0.5:4455"), "ws://10.0.0.5:4455/ws");
    }

    /// A hub bound to one address is reached there only.
    #[test]
    fn a_hub_on_one_address_is_reached_there() {
        for (listen, address) in [
            ("127.0.0.1:5000", "127.0.0.1:5000"),
            ("10.0.0.5:4455", "10.0.0.5:4455"),
            ("[::1]:5000", "[::1]:5000"),
            ("[fd00::7]:4455", "[fd00::7]:4455"),
        ] {
            assert_eq!(join_addresses(listen.parse().expect("addr")), [address]);
        }
        assert_eq!(join_link("[::1]:5000"), "ws://[::1]:5000/ws");
    }
}
