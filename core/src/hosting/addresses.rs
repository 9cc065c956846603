//! Where students reach a hub: the addresses they can type, the join link
//! (the web page's address when the hub serves the web client), and what a
//! typed address or link means as a hub URL.

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

/// The join link for a `host:port` address: `ws://host:port/ws`, for a
/// hub that does not serve the web client (the app and `classroom join`
/// take it).
pub fn join_link(address: &str) -> String {
    format!("ws://{address}/ws")
}

/// The web client's address for a `host:port` address: `http://host:port/`.
/// A browser opens it (a phone reads it from the QR code); the app and
/// `classroom join` take it too ([`hub_url`]).
pub fn web_link(address: &str) -> String {
    format!("http://{address}/")
}

/// [`web_link`] with the class code in its fragment (`#code=…`, percent-
/// encoded), which the page puts in its code field. A fragment is never
/// sent in a request, so the code stays out of request lines and logs.
pub fn web_link_with_code(address: &str, code: &str) -> String {
    let code: String = form_urlencoded::byte_serialize(code.as_bytes()).collect();
    format!("http://{address}/#code={code}")
}

/// What a student typed or pasted as a hub URL, `ws://host:port/ws`:
/// `host:port`, `ws://host:port`, a whole `ws://`/`wss://` URL with its
/// path (kept), or the web client's address (`http://host:port/…`, to
/// `ws://host:port/ws`; `https` to `wss`; its path and fragment dropped).
/// `None` when it cannot be one (empty, has spaces, another scheme, no
/// host).
pub fn hub_url(address: &str) -> Option<String> {
    let address = address.trim();
    if address.is_empty() || address.contains(char::is_whitespace) {
        return None;
    }
    let with_scheme = if address.contains("://") { address.to_owned() } else { format!("ws://{address}") };
    let (scheme, rest) = with_scheme.split_once("://")?;
    let web = match scheme.to_ascii_lowercase().as_str() {
        "ws" | "wss" => false,
        "http" | "https" => true,
        _ => return None,
    };
    let host = rest.split(['/', '#', '?']).next().unwrap_or_default();
    if host.is_empty() {
        return None;
    }
    if web {
        let scheme = if scheme.eq_ignore_ascii_case("https") { "wss" } else { "ws" };
        return Some(format!("{scheme}://{host}/ws"));
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
        assert_eq!(hub_url("ftp://h:1"), None);
        assert_eq!(hub_url("http://"), None);
        assert_eq!(hub_url("two words"), None);
    }

    /// The web client's address, as read from the teacher's screen or its
    /// QR code, reaches the same hub (the code in its fragment is not part
    /// of the URL).
    #[test]
    fn web_links_become_hub_urls() {
        assert_eq!(hub_url("http://10.0.0.5:4455/").as_deref(), Some("ws://10.0.0.5:4455/ws"));
        assert_eq!(hub_url("http://10.0.0.5:4455").as_deref(), Some("ws://10.0.0.5:4455/ws"));
        assert_eq!(hub_url("HTTP://10.0.0.5:4455/#code=482913").as_deref(), Some("ws://10.0.0.5:4455/ws"));
        assert_eq!(hub_url("http://10.0.0.5:4455#code=1").as_deref(), Some("ws://10.0.0.5:4455/ws"));
        assert_eq!(hub_url("https://h:1/index.html").as_deref(), Some("wss://h:1/ws"));
        assert_eq!(hub_url(&web_link("[fd00::7]:4455")).as_deref(), Some("ws://[fd00::7]:4455/ws"));
        assert_eq!(web_link("10.0.0.5:4455"), "http://10.0.0.5:4455/");
        assert_eq!(web_link_with_code("10.0.0.5:4455", "482913"), "http://10.0.0.5:4455/#code=482913");
        // A code of the teacher's choosing survives the trip through the
        // page's URLSearchParams.
        assert_eq!(web_link_with_code("h:1", "a b&c=d#é"), "http://h:1/#code=a+b%26c%3Dd%23%C3%A9");
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
