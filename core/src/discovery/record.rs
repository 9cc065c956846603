//! The DNS-SD record of a class: the instance name, the TXT keys, and how a
//! browser reads what a peer advertised (all of it peer-controlled).
//!
//! mdns-sd 0.21 mishandles two kinds of instance names, measured on this
//! project's lab: one containing `.` (its re-queries split the name at the
//! dot, live classes get false "removed" events and direct SRV queries go
//! unanswered), and one over 63 bytes of UTF-8 (registers without error and
//! is never found). So the instance name is the class name with dots
//! replaced and cut at a character boundary, and the exact names travel in
//! TXT.

use std::collections::BTreeMap;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};

use serde::{Deserialize, Serialize};
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::protocol::PROTOCOL_VERSION;

/// The DNS-SD service type of a Classroom hub.
pub const SERVICE_TYPE: &str = "_classroom._tcp.local.";

/// TXT keys of the record. Values are UTF-8; the class code is never among them.
pub mod txt {
    /// Protocol version the hub speaks (`1`).
    pub const PROTOCOL: &str = "proto";
    /// Class name, exactly as the teacher typed it.
    pub const CLASS: &str = "class";
    /// Teacher's display name.
    pub const TEACHER: &str = "teacher";
    /// The name to show in a list: `Teacher — Class`.
    pub const NAME: &str = "name";
    /// The session id (32 hex digits); a new hub process has a new one.
    pub const SESSION: &str = "session";
    /// `code` when students need the class code, `open` when they do not.
    pub const JOIN: &str = "join";
    /// The WebSocket path on the advertised port (`/ws`).
    pub const PATH: &str = "path";
}

/// Longest instance name we advertise, in bytes of UTF-8. DNS allows 63 in
/// a label; 5 stay free for the ` (2)`…` (99)` suffix mdns-sd appends when
/// another service already uses the name.
pub const MAX_INSTANCE_BYTES: usize = 58;

/// Longest text taken from a peer's TXT value for display, in characters.
const MAX_SHOWN_CHARS: usize = 120;

/// The DNS-SD instance name for a class: the class name without dots
/// (each becomes `·`) or backslashes (`/`), control and format characters
/// dropped, white space collapsed, at most [`MAX_INSTANCE_BYTES`] bytes cut
/// at a character boundary. Spaces and non-ASCII letters are kept.
pub fn instance_name(class: &str) -> String {
    let mut name = String::with_capacity(class.len());
    for c in class.chars() {
        let c = match c {
            '.' => '·',
            '\\' => '/',
            c if c.is_whitespace() => ' ',
            c if is_invisible(c) => continue,
            c => c,
        };
        if c == ' ' && (name.is_empty() || name.ends_with(' ')) {
            continue;
        }
        name.push(c);
    }
    let name = truncate_bytes(name.trim_end(), MAX_INSTANCE_BYTES).trim_end().to_owned();
    if name.is_empty() {
        "Classroom".to_owned()
    } else {
        name
    }
}

/// The name a list shows for a class: `Teacher — Class`.
pub fn display_name(teacher: &str, class: &str) -> String {
    format!("{teacher} — {class}")
}

/// The TXT record for a session, each `key=value` at most 255 bytes
/// (longer values are cut at a character boundary).
pub(crate) fn txt_record(
    class: &str,
    teacher: &str,
    session_id: &str,
    code_required: bool,
    path: &str,
) -> Vec<(String, String)> {
    let pairs = [
        (txt::PROTOCOL, PROTOCOL_VERSION.to_string()),
        (txt::CLASS, class.to_owned()),
        (txt::TEACHER, teacher.to_owned()),
        (txt::NAME, display_name(teacher, class)),
        (txt::SESSION, session_id.to_owned()),
        (txt::JOIN, if code_required { "code" } else { "open" }.to_owned()),
        (txt::PATH, path.to_owned()),
    ];
    pairs
        .into_iter()
        .map(|(key, value)| {
            let room = 255 - key.len() - 1;
            (key.to_owned(), truncate_bytes(&value, room).to_owned())
        })
        .collect()
}

/// Whether this app can join a class, by its advertised protocol version.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum Compatibility {
    /// It speaks this app's protocol.
    Supported,
    /// It advertises a protocol version this app does not know, or none at
    /// all: show it as "needs a newer app", do not hide it.
    NeedsNewerApp,
}

/// A class found on the network, as a list shows it.
///
/// Every text field comes from the network: control and format characters
/// are removed and long values shortened before they get here. A UI hands
/// it back (deserialised) to join the class it shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct DiscoveredClass {
    /// The service's full DNS-SD name, e.g.
    /// `Physics 101._classroom._tcp.local.`: the key events refer to.
    pub id: String,
    /// The instance name (the part before `._classroom._tcp.local.`).
    pub instance: String,
    /// What a list shows: TXT `name`, else `Teacher — Class`, else the
    /// instance name.
    pub name: String,
    /// The class name (TXT `class`).
    pub class: Option<String>,
    /// The teacher's name (TXT `teacher`).
    pub teacher: Option<String>,
    /// The session id (TXT `session`).
    pub session: Option<String>,
    /// The advertised protocol version (TXT `proto`), if it is a number.
    pub protocol: Option<u32>,
    /// Whether this app can join it.
    pub compatibility: Compatibility,
    /// Whether students need the class code (TXT `join`), when it says.
    pub code_required: Option<bool>,
    /// The WebSocket path (TXT `path`, `/ws` when missing or unusable).
    pub path: String,
    /// The host name its addresses belong to, e.g. `classroom-3fa2c1d9.local.`.
    pub host: String,
    /// The TCP port.
    pub port: u16,
    /// Every address seen for it, best first: routable IPv4, then IPv6
    /// (global or unique local), then link-local IPv4, then link-local IPv6.
    #[cfg_attr(feature = "typescript", ts(type = "Array<string>"))]
    pub addresses: Vec<IpAddr>,
    /// The whole TXT record as received (values as UTF-8, lossy).
    pub txt: BTreeMap<String, String>,
}

impl DiscoveredClass {
    /// WebSocket URLs to try, best first. Link-local IPv6 addresses are
    /// left out: a URL cannot say which interface they belong to.
    pub fn urls(&self) -> Vec<String> {
        self.endpoints().into_iter().map(|(_, url)| url).collect()
    }

    /// Each address a URL can name, with that URL, best first.
    pub(crate) fn endpoints(&self) -> Vec<(SocketAddr, String)> {
        self.addresses
            .iter()
            .filter(|ip| !is_link_local_v6(ip))
            .map(|ip| {
                let addr = SocketAddr::new(*ip, self.port);
                (addr, format!("ws://{addr}{}", self.path))
            })
            .collect()
    }

    /// Whether one of its addresses is a routable IPv4 address (the kind
    /// tried first). Resolutions arrive in pieces: a class first seen with
    /// IPv6 addresses only usually gets its IPv4 address a moment later.
    pub fn has_routable_ipv4(&self) -> bool {
        self.addresses.first().is_some_and(|ip| rank(ip) == 0)
    }

    /// Whether this app can join it and it has an address to try.
    pub fn is_joinable(&self) -> bool {
        self.compatibility == Compatibility::Supported && !self.urls().is_empty()
    }

    /// Whether `query` names this class: the class name, the display name
    /// or the instance name, ignoring case and surrounding space.
    pub fn matches(&self, query: &str) -> bool {
        let query = query.trim().to_lowercase();
        [Some(&self.name), self.class.as_ref(), Some(&self.instance)]
            .into_iter()
            .flatten()
            .any(|candidate| candidate.trim().to_lowercase() == query)
    }

    /// Reads a resolved service. `None` when it is not of our service type.
    pub(crate) fn from_resolved(resolved: &mdns_sd::ResolvedService) -> Option<Self> {
        let instance = instance_of(&resolved.fullname)?;
        let mut txt = BTreeMap::new();
        for property in resolved.txt_properties.iter() {
            let value = property.val().map(|v| String::from_utf8_lossy(v).into_owned()).unwrap_or_default();
            txt.insert(property.key().to_lowercase(), value);
        }
        let shown = |key: &str| txt.get(key).map(|v| clean(v)).filter(|v| !v.is_empty());
        let class = shown(txt::CLASS);
        let teacher = shown(txt::TEACHER);
        let name = shown(txt::NAME)
            .or_else(|| match (&teacher, &class) {
                (Some(t), Some(c)) => Some(display_name(t, c)),
                _ => None,
            })
            .unwrap_or_else(|| clean(&instance));
        let protocol = txt.get(txt::PROTOCOL).and_then(|v| v.trim().parse::<u32>().ok());
        let compatibility = if protocol == Some(PROTOCOL_VERSION) {
            Compatibility::Supported
        } else {
            Compatibility::NeedsNewerApp
        };
        let code_required = match txt.get(txt::JOIN).map(|v| v.trim()) {
            Some("code") => Some(true),
            Some("open") => Some(false),
            _ => None,
        };
        let path =
            txt.get(txt::PATH).filter(|p| is_usable_path(p)).cloned().unwrap_or_else(|| "/ws".to_owned());
        let mut addresses: Vec<IpAddr> =
            resolved.addresses.iter().map(mdns_sd::ScopedIp::to_ip_addr).collect();
        sort_addresses(&mut addresses);
        Some(Self {
            id: resolved.fullname.clone(),
            instance: clean(&instance),
            name,
            class,
            teacher,
            session: shown(txt::SESSION),
            protocol,
            compatibility,
            code_required,
            path,
            host: clean(&resolved.host),
            port: resolved.port,
            addresses,
            txt,
        })
    }

    /// Folds a later resolution of the same service into this one.
    /// mdns-sd resolves a service more than once, often first with only an
    /// IPv4 or only a link-local IPv6 address: addresses accumulate while
    /// the host and port stay the same; everything else is taken from the
    /// newer resolution. Returns whether anything changed.
    pub(crate) fn merge(&mut self, newer: Self) -> bool {
        let mut merged = newer;
        if merged.host.eq_ignore_ascii_case(&self.host) && merged.port == self.port {
            merged.addresses.extend(self.addresses.iter().copied());
            sort_addresses(&mut merged.addresses);
        }
        if merged == *self {
            return false;
        }
        *self = merged;
        true
    }
}

/// The instance part of `Name._classroom._tcp.local.`, unescaped.
fn instance_of(fullname: &str) -> Option<String> {
    let cut = fullname.len().checked_sub(SERVICE_TYPE.len() + 1)?;
    let (instance, rest) = (fullname.get(..cut)?, fullname.get(cut..)?);
    if !rest.eq_ignore_ascii_case(&format!(".{SERVICE_TYPE}")) {
        return None;
    }
    let mut out = String::with_capacity(instance.len());
    let mut chars = instance.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => out.extend(chars.next()),
            c => out.push(c),
        }
    }
    Some(out)
}

/// Sorts best first and drops duplicates (see [`DiscoveredClass::addresses`]).
fn sort_addresses(addresses: &mut Vec<IpAddr>) {
    addresses.sort_by_key(|ip| (rank(ip), *ip));
    addresses.dedup();
}

fn rank(ip: &IpAddr) -> u8 {
    match ip {
        IpAddr::V4(v4) if v4.is_loopback() => 5,
        IpAddr::V6(v6) if v6.is_loopback() => 5,
        IpAddr::V4(v4) if v4.is_link_local() => 2,
        IpAddr::V4(v4) if v4.is_unspecified() || v4.is_multicast() || *v4 == Ipv4Addr::BROADCAST => 6,
        IpAddr::V4(_) => 0,
        ip if is_link_local_v6(ip) => 3,
        IpAddr::V6(v6) if v6.is_unspecified() || v6.is_multicast() => 6,
        IpAddr::V6(_) => 1,
    }
}

fn is_link_local_v6(ip: &IpAddr) -> bool {
    matches!(ip, IpAddr::V6(v6) if is_unicast_link_local(v6))
}

fn is_unicast_link_local(v6: &Ipv6Addr) -> bool {
    v6.segments()[0] & 0xffc0 == 0xfe80
}

/// A path we are willing to put in a URL: `/` then printable ASCII without
/// spaces, at most 100 bytes.
fn is_usable_path(path: &str) -> bool {
    path.starts_with('/') && path.len() <= 100 && path.bytes().all(|b| b.is_ascii_graphic())
}

/// Peer text made safe to show: control and format characters (terminal
/// escapes, bidirectional overrides) removed, white space normalised,
/// at most [`MAX_SHOWN_CHARS`] characters.
fn clean(text: &str) -> String {
    let mut out = String::with_capacity(text.len().min(MAX_SHOWN_CHARS * 4));
    for c in text.chars().take(MAX_SHOWN_CHARS * 2) {
        if c.is_whitespace() {
            out.push(' ');
        } else if !is_invisible(c) {
            out.push(c);
        }
    }
    let trimmed = out.trim();
    match trimmed.char_indices().nth(MAX_SHOWN_CHARS) {
        Some((cut, _)) => format!("{}…", &trimmed[..cut]),
        None => trimmed.to_owned(),
    }
}

fn is_invisible(c: char) -> bool {
    matches!(c.general_category(), GeneralCategory::Control | GeneralCategory::Format)
}

/// The longest prefix of `text` of at most `max` bytes that ends at a
/// character boundary.
fn truncate_bytes(text: &str, max: usize) -> &str {
    if text.len() <= max {
        return text;
    }
    let mut cut = max;
    while !text.is_char_boundary(cut) {
        cut -= 1;
    }
    &text[..cut]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Spaces and non-ASCII survive; dots, backslashes and control
    /// characters do not; white space collapses; an empty name gets a default.
    #[test]
    fn instance_names_keep_what_mdns_sd_handles() {
        assert_eq!(instance_name("Physics 101"), "Physics 101");
        assert_eq!(instance_name("Física 1.01 — Sección B"), "Física 1·01 — Sección B");
        assert_eq!(instance_name("a\\b\u{1b}[31m  c\u{202e}d\n"), "a/b[31m cd");
        assert_eq!(instance_name(" \t. "), "·");
        assert_eq!(instance_name("\u{200b}"), "Classroom");
        assert!(!instance_name("Mr. Smith's 5.2").contains('.'));
    }

    /// A long name is cut to at most 58 bytes at a character boundary, so
    /// the label stays within DNS's 63 even with a ` (99)` suffix.
    #[test]
    fn long_instance_names_are_cut_at_a_character_boundary() {
        let long = "Ñ".repeat(40); // 80 bytes
        let name = instance_name(&long);
        assert_eq!(name.len(), 58);
        assert_eq!(name, "Ñ".repeat(29));
        let emoji = format!("x{}", "🦀".repeat(20)); // 81 bytes
        let name = instance_name(&emoji);
        assert!(name.len() <= MAX_INSTANCE_BYTES && name.len() > MAX_INSTANCE_BYTES - 4, "{}", name.len());
        assert_eq!(name, format!("x{}", "🦀".repeat(14)));
        assert!(format!("{name} (99)").len() <= 63);
    }

    /// The TXT record carries what a list needs and never the code; every
    /// entry fits in 255 bytes.
    #[test]
    fn txt_record_has_the_keys_and_no_code() {
        let txt = txt_record("Physics 101", "Mrs. Núñez", "970fab159528f1e1346ffaaae7ff0272", true, "/ws");
        let map: BTreeMap<_, _> = txt.iter().cloned().collect();
        assert_eq!(map["proto"], "1");
        assert_eq!(map["class"], "Physics 101");
        assert_eq!(map["teacher"], "Mrs. Núñez");
        assert_eq!(map["name"], "Mrs. Núñez — Physics 101");
        assert_eq!(map["session"], "970fab159528f1e1346ffaaae7ff0272");
        assert_eq!(map["join"], "code");
        assert_eq!(map["path"], "/ws");
        assert_eq!(map.len(), 7);
        let open = txt_record("C", "T", "s", false, "/ws");
        assert!(open.contains(&("join".to_owned(), "open".to_owned())));
        let long = txt_record(&"é".repeat(300), "T", "s", true, "/ws");
        for (key, value) in &long {
            assert!(key.len() + 1 + value.len() <= 255, "{key} is too long");
        }
    }

    fn resolved(
        fullname: &str,
        host: &str,
        addrs: &[&str],
        txt: &[(&str, &str)],
    ) -> mdns_sd::ResolvedService {
        let addresses: Vec<IpAddr> = addrs.iter().map(|a| a.parse().expect("ip")).collect();
        let instance = fullname.strip_suffix("._classroom._tcp.local.").expect("our type");
        let info = mdns_sd::ServiceInfo::new(SERVICE_TYPE, instance, host, &addresses[..], 4455, txt)
            .expect("service info");
        info.as_resolved_service()
    }

    /// What a peer advertised is read back: names, session, code flag,
    /// protocol, addresses best first, URLs without link-local IPv6.
    #[test]
    fn a_resolved_service_becomes_a_class() {
        let txt = txt_record("Physics 101", "Mrs. Núñez", "abc", true, "/ws");
        let txt: Vec<(&str, &str)> = txt.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
        let r = resolved(
            "Physics 101._classroom._tcp.local.",
            "classroom-1.local.",
            &["fe80::1", "169.254.3.4", "fd00::7", "10.0.0.5"],
            &txt,
        );
        let class = DiscoveredClass::from_resolved(&r).expect("our type");
        assert_eq!(class.instance, "Physics 101");
        assert_eq!(class.name, "Mrs. Núñez — Physics 101");
        assert_eq!(class.class.as_deref(), Some("Physics 101"));
        assert_eq!(class.session.as_deref(), Some("abc"));
        assert_eq!(class.code_required, Some(true));
        assert_eq!(class.compatibility, Compatibility::Supported);
        let addrs: Vec<String> = class.addresses.iter().map(ToString::to_string).collect();
        assert_eq!(addrs, ["10.0.0.5", "fd00::7", "169.254.3.4", "fe80::1"]);
        assert_eq!(
            class.urls(),
            ["ws://10.0.0.5:4455/ws", "ws://[fd00::7]:4455/ws", "ws://169.254.3.4:4455/ws"]
        );
        assert!(class.is_joinable());
        assert!(class.has_routable_ipv4());
        assert!(class.matches("physics 101 "));
        assert!(class.matches("Mrs. Núñez — Physics 101"));
        assert!(!class.matches("Physics"));
    }

    /// An unknown or missing protocol version is kept, marked "needs a
    /// newer app"; hostile text is cleaned; a bad path falls back to `/ws`.
    #[test]
    fn strange_records_are_shown_not_hidden() {
        let r = resolved(
            "Future._classroom._tcp.local.",
            "h.local.",
            &["10.0.0.9"],
            &[("proto", "2"), ("class", "Fu\u{1b}[2Jture\u{202e}"), ("path", "no slash")],
        );
        let class = DiscoveredClass::from_resolved(&r).expect("our type");
        assert_eq!(class.compatibility, Compatibility::NeedsNewerApp);
        assert_eq!(class.protocol, Some(2));
        assert_eq!(class.class.as_deref(), Some("Fu[2Jture"));
        assert_eq!(class.name, "Future");
        assert_eq!(class.path, "/ws");
        assert!(!class.is_joinable());
        let bare = resolved("Bare._classroom._tcp.local.", "h.local.", &["10.0.0.9"], &[]);
        let class = DiscoveredClass::from_resolved(&bare).expect("our type");
        assert_eq!((class.protocol, class.compatibility), (None, Compatibility::NeedsNewerApp));
        assert_eq!(class.code_required, None);
    }

    /// Repeated resolutions merge: an IPv4-only and then a link-local-only
    /// answer give both addresses, IPv4 first; a new host replaces them.
    #[test]
    fn repeated_resolutions_merge_addresses() {
        let txt = [("proto", "1")];
        let name = "C._classroom._tcp.local.";
        let mut class = DiscoveredClass::from_resolved(&resolved(name, "h.local.", &["fe80::2"], &txt))
            .expect("our type");
        assert!(class.urls().is_empty());
        assert!(!class.is_joinable());
        assert!(!class.has_routable_ipv4());
        let v4 =
            DiscoveredClass::from_resolved(&resolved(name, "h.local.", &["10.0.0.2"], &txt)).expect("type");
        assert!(class.merge(v4.clone()));
        let addrs: Vec<String> = class.addresses.iter().map(ToString::to_string).collect();
        assert_eq!(addrs, ["10.0.0.2", "fe80::2"]);
        assert!(!class.merge(v4), "the same answer again changes nothing");
        let moved = DiscoveredClass::from_resolved(&resolved(name, "other.local.", &["10.0.0.3"], &txt))
            .expect("type");
        assert!(class.merge(moved));
        assert_eq!(class.addresses, ["10.0.0.3".parse::<IpAddr>().expect("ip")]);
    }

    /// Escaped instance names are unescaped; other service types are not ours.
    #[test]
    fn instance_names_are_read_back() {
        assert_eq!(instance_of("A\\.B._classroom._tcp.local.").as_deref(), Some("A.B"));
        assert_eq!(instance_of("Ñu._CLASSROOM._tcp.local.").as_deref(), Some("Ñu"));
        assert_eq!(instance_of("x._http._tcp.local."), None);
        assert_eq!(instance_of("._tcp.local."), None);
    }
}
