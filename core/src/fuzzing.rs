//! Entry points for the fuzz targets in `fuzz/` (cargo-fuzz), with the
//! properties each one checks. Built only with the `fuzzing` feature; not
//! part of the crate's API.
//!
//! Each `pub fn` takes the fuzzer's bytes, drives one part of the crate the
//! way the network (or the store) would, and panics, saying which property
//! broke, when the part misbehaves: not only on a crash. The regression
//! tests (`core/tests/fuzz_regressions.rs`) run every kept input through
//! the same functions, so an input the fuzzer found stays a test.
//! `docs/fuzzing.md` lists the targets and how to run them.
//!
//! The hub's name and code rules live in a module private to the hub
//! (`hub/limits.rs`, a leaf: it uses nothing of its siblings). Rather than
//! open the hub up for the fuzzer, this module compiles that same source
//! file once more as a private child of its own, so the rules fuzzed are
//! the hub's, byte for byte. Joins go through a real hub on 127.0.0.1,
//! which checks the whole path a student's app takes.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::path::Path;
use std::sync::Mutex;
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use rusqlite::{params, Connection};
use serde_json::Value;
use tokio::net::{TcpListener, TcpSocket, TcpStream};
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;
use unicode_normalization::UnicodeNormalization;
use unicode_properties::{GeneralCategory, UnicodeGeneralCategory};

use crate::discovery::{instance_name, DiscoveredClass, MAX_INSTANCE_BYTES, SERVICE_TYPE};
use crate::hub::HubConfig;
use crate::ids::participant_id;
use crate::protocol::{
    ClientFrame, ErrorCode, Role, ServerFrame, Welcome, KNOWN_CLIENT_TYPES, MAX_NAME_CHARS, PROTOCOL_VERSION,
};
use crate::store::{ExportFormat, ExportLanguage, ExportOptions, Store};

/// The hub's own `hub/limits.rs`, compiled again here (see the module doc):
/// loading one file twice is what clippy's `duplicate_mod` warns of, and
/// exactly what is meant. Only the name and code rules are used; the rest
/// of it is the hub's business.
#[allow(dead_code, clippy::duplicate_mod)]
#[path = "hub/limits.rs"]
mod limits;

use limits::{check_student_name, name_keys, normalise_code, validate_name, NameProblem};

// ---------------------------------------------------------------------------
// Reading fuzz input
// ---------------------------------------------------------------------------

/// The pieces of an input split at `0xFF` bytes (a byte UTF-8 never
/// holds, so any text survives whole), each read as UTF-8, lossily.
fn fields(data: &[u8]) -> Vec<String> {
    data.split(|&b| b == 0xFF).map(|piece| String::from_utf8_lossy(piece).into_owned()).collect()
}

/// Reads a binary input front to back; past its end every read is empty
/// (zeros), so any input decodes to something.
struct Reader<'a> {
    data: &'a [u8],
}

impl<'a> Reader<'a> {
    fn new(data: &'a [u8]) -> Self {
        Self { data }
    }

    fn is_empty(&self) -> bool {
        self.data.is_empty()
    }

    fn take(&mut self, n: usize) -> &'a [u8] {
        let (head, rest) = self.data.split_at(n.min(self.data.len()));
        self.data = rest;
        head
    }

    fn byte(&mut self) -> u8 {
        self.take(1).first().copied().unwrap_or(0)
    }

    fn u16(&mut self) -> u16 {
        u16::from_be_bytes([self.byte(), self.byte()])
    }

    /// A text of up to 255 bytes, its length in the byte before it.
    fn text(&mut self) -> String {
        let n = usize::from(self.byte());
        String::from_utf8_lossy(self.take(n)).into_owned()
    }
}

fn is_control_or_format(c: char) -> bool {
    matches!(c.general_category(), GeneralCategory::Control | GeneralCategory::Format)
}

fn is_separator(c: char) -> bool {
    matches!(c.general_category(), GeneralCategory::LineSeparator | GeneralCategory::ParagraphSeparator)
}

// ---------------------------------------------------------------------------
// client_frame: what the hub makes of a peer's text frame
// ---------------------------------------------------------------------------

/// Target `client_frame`: one WebSocket text frame from a peer, as the hub
/// reads it with [`ClientFrame::parse`].
///
/// A frame that parses is a JSON object whose `type` the hub knows, and
/// serialising it and parsing that again gives the same frame. A frame that
/// does not is `malformed` or `unknown_type` (the latter only for an object
/// with a string `type` the hub does not know), with a message fit to show
/// (no serde position) and the frame's own string `id` as its `ref`; and the
/// error frame the hub answers with reads back the same on the client.
/// Only a JSON object is a frame: a JSON array (which serde would read as
/// the fields in order, `["chat:message","c-1","hi"]`) is `malformed`.
pub fn client_frame(data: &[u8]) {
    // Text frames are UTF-8 or the connection closes (1007) before parsing.
    if let Ok(text) = std::str::from_utf8(data) {
        check_client_frame(text, true);
    }
}

/// [`client_frame`], for the regression inputs that found the hub reading
/// JSON arrays as frames.
pub fn client_frame_objects(data: &[u8]) {
    if let Ok(text) = std::str::from_utf8(data) {
        check_client_frame(text, true);
    }
}

/// Whether JSON `text` is an object (or, `or_array`, an array) by its
/// first character.
fn json_object(text: &str, or_array: bool) -> bool {
    let start = text.trim_start_matches([' ', '\t', '\n', '\r']);
    start.starts_with('{') || (or_array && start.starts_with('['))
}

fn check_client_frame(text: &str, objects_only: bool) {
    let value = serde_json::from_str::<Value>(text).ok();
    match ClientFrame::parse(text) {
        Ok(frame) => {
            let json = serde_json::to_string(&frame).expect("a client frame serialises");
            assert_eq!(ClientFrame::parse(&json).as_ref(), Ok(&frame), "round trip of {text:?} via {json}");
            let written: Value = serde_json::from_str(&json).expect("serialised frames are JSON");
            let kind = written.get("type").and_then(Value::as_str);
            assert!(kind.is_some_and(|k| KNOWN_CLIENT_TYPES.contains(&k)), "written type {kind:?}");
            // (Not checked with `Value`: it refuses numbers out of f64's
            // range that a frame may carry in a field the hub skips.)
            assert!(json_object(text, !objects_only), "{text:?} parsed as a frame but is not a JSON object");
            if let Some(value) = &value {
                assert_eq!(value.get("type").and_then(Value::as_str), kind, "the type of {text:?}");
            }
        }
        Err(err) => {
            assert!(
                matches!(err.code, ErrorCode::Malformed | ErrorCode::UnknownType),
                "refused {text:?} with {:?}",
                err.code
            );
            assert!(!err.message.is_empty(), "no message for {text:?}");
            let object = value.as_ref().and_then(Value::as_object);
            let kind = serde_json::from_str::<TypeOnly>(text).ok().and_then(|probe| probe.kind);
            let kind = kind.as_ref().and_then(Value::as_str);
            assert!(!has_serde_position(&err.message, kind), "serde's position in {:?}", err.message);
            if err.code == ErrorCode::UnknownType {
                assert!(json_object(text, !objects_only), "unknown_type for {text:?}, not a JSON object");
                if let Some(object) = object {
                    let kind = object.get("type").and_then(Value::as_str);
                    assert!(
                        kind.is_some_and(|k| !KNOWN_CLIENT_TYPES.contains(&k)),
                        "unknown_type for {text:?}, whose type is {kind:?}"
                    );
                }
            }
            if let (Some(reference), Some(object)) = (&err.reference, object) {
                let id = object.get("id").and_then(Value::as_str);
                assert_eq!(id, Some(reference.as_str()), "the ref of {text:?}");
            }
            let frame =
                ServerFrame::Error { code: err.code, message: err.message.clone(), reference: err.reference };
            let json = serde_json::to_string(&frame).expect("an error frame serialises");
            let back = serde_json::from_str::<ServerFrame>(&json).ok();
            assert_eq!(back.as_ref(), Some(&frame), "the hub's answer to {text:?}");
        }
    }
}

/// A frame's `type` alone, read as the hub reads it (every other field
/// skipped, whatever it holds).
#[derive(serde::Deserialize)]
struct TypeOnly {
    #[serde(rename = "type")]
    kind: Option<Value>,
}

/// Whether `message` still says where serde stopped ("at line 1 column
/// 40"), outside the frame's own `type`, which it may quote.
fn has_serde_position(message: &str, kind: Option<&str>) -> bool {
    let message = match kind {
        Some(kind) => message.replace(&format!("{kind:?}"), ""),
        None => message.to_owned(),
    };
    message.match_indices(" at line ").any(|(at, found)| {
        let rest = &message[at + found.len()..];
        let digits = rest.bytes().take_while(u8::is_ascii_digit).count();
        digits > 0 && rest[digits..].starts_with(" column ")
    })
}

// ---------------------------------------------------------------------------
// server_frame: what a client makes of the hub's text frame
// ---------------------------------------------------------------------------

/// Target `server_frame`: one text frame from a hub (perhaps a rogue one on
/// the LAN), as the client reads it (`serde_json` into [`ServerFrame`]).
///
/// A frame that parses serialises and parses back to the same frame, and
/// the second serialisation is the first one: what the client keeps of a
/// frame is exactly what it carried, whatever the hub sent around it.
pub fn server_frame(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else { return };
    let Ok(frame) = serde_json::from_str::<ServerFrame>(text) else { return };
    let json = serde_json::to_string(&frame).expect("a server frame serialises");
    let back = serde_json::from_str::<ServerFrame>(&json).unwrap_or_else(|err| {
        panic!("{json} (from {text:?}) does not parse back: {err}");
    });
    assert_eq!(back, frame, "round trip of {text:?} via {json}");
    let again = serde_json::to_string(&back).expect("a server frame serialises");
    assert_eq!(again, json, "serialising {text:?} is not stable");
}

// ---------------------------------------------------------------------------
// names: the hub's name rules and class codes
// ---------------------------------------------------------------------------

/// The teacher a name is checked against when the input names none.
const TEACHER: &str = "Mrs. Núñez";

/// Target `names`: display names and class codes as students type them.
/// The input's pieces (split at `0xFF`) are each tried as a name (at the
/// protocol's limit and at a small one) and as a class code; the second
/// piece, if it makes a valid name, is the teacher's name.
///
/// A name `validate_name` accepts is 1..=max characters, has no control,
/// format, line or paragraph separator character, no white space but single
/// inner spaces, is NFKC-stable, and validates again to itself; its keys
/// (`name_keys`) are those of its NFD spelling, and it clashes with its
/// other case. A
/// refusal is for a reason the name has, and a longer limit only ever
/// accepts more. `check_student_name` refuses the teacher's own name and a
/// name with the teacher's name or the word "teacher" in it. A code that
/// `normalise_code` accepts becomes ASCII digits only, one per decimal
/// digit typed, and normalises to itself.
pub fn names(data: &[u8]) {
    let pieces = fields(data);
    let teacher = pieces
        .get(1)
        .and_then(|raw| validate_name(raw, MAX_NAME_CHARS).ok())
        .unwrap_or_else(|| TEACHER.to_owned());
    check_teacher_name(&teacher);
    for raw in &pieces {
        let mut accepted_at = None;
        for max in [5, MAX_NAME_CHARS] {
            match validate_name(raw, max) {
                Ok(name) => {
                    check_valid_name(raw, &name, max, &teacher);
                    accepted_at.get_or_insert(max);
                }
                Err(problem) => {
                    assert!(accepted_at.is_none(), "{raw:?} valid at a limit of 5 but not {max}");
                    check_refusal(raw, &problem, max);
                }
            }
        }
        check_code(raw);
    }
}

fn check_valid_name(raw: &str, name: &str, max: usize, teacher: &str) {
    let chars = name.chars().count();
    assert!((1..=max).contains(&chars), "{raw:?} became {name:?}: {chars} characters, limit {max}");
    if let Some(c) = name.chars().find(|&c| is_control_or_format(c) || is_separator(c)) {
        panic!("{raw:?} became {name:?}, which holds U+{:04X}", c as u32);
    }
    assert_eq!(name, name.trim(), "{raw:?} became {name:?}, not trimmed");
    assert!(
        !name.contains("  ") && name.chars().all(|c| c == ' ' || !c.is_whitespace()),
        "{raw:?} became {name:?}, white space not collapsed to single spaces"
    );
    assert!(unicode_normalization::is_nfkc(name), "{raw:?} became {name:?}, not NFKC");
    assert_eq!(validate_name(name, max).as_deref(), Ok(name), "{name:?} does not validate to itself");
    if max != MAX_NAME_CHARS {
        return; // The rest does not depend on the limit: once is enough.
    }

    assert_eq!(name_keys(&name.nfd().collect::<String>()), name_keys(name), "{name:?} and its NFD spelling");
    // "Ada" and "ADA" are one name: for names in Latin letters, where the
    // two cases of a letter are one letter to a reader. (Elsewhere case and
    // look-alikes part ways: Cyrillic М is a Latin M, its small м no m.)
    // Only where the other case is itself a valid name of the same length:
    // full case mappings lengthen (ß → SS).
    check_case_clash(name, max);

    // A student may not take the teacher's name, nor carry it or a role word.
    if let Ok(with_role) = validate_name(&format!("{name} Teacher"), usize::MAX) {
        assert!(check_student_name(&with_role, teacher).is_err(), "{with_role:?} passes as a student");
    }
    if name_keys(teacher)[0].chars().count() >= 3 {
        if let Ok(posing) = validate_name(&format!("{teacher} {name}"), usize::MAX) {
            assert!(check_student_name(&posing, teacher).is_err(), "{posing:?} poses as {teacher:?}");
        }
    }
}

/// Whether two names are one to the hub, which keeps every key of every
/// name in one map: any key of one is a key of the other.
fn clash(a: &str, b: &str) -> bool {
    let theirs = name_keys(b);
    name_keys(a).iter().any(|key| theirs.contains(key))
}

/// A name in Latin letters clashes with its other case: "Ada", "ADA" and
/// "ada" are one name, as are "Isabel" and "isabel" (the look-alike of a
/// capital I is l, its small letter stays i). (Elsewhere case and
/// look-alikes part ways: Cyrillic М is a Latin M, its small м no m.) Only
/// where the other case is itself a valid name of the same length: full
/// case mappings lengthen (ß → SS).
fn check_case_clash(name: &str, max: usize) {
    if !name.chars().all(|c| (c as u32) < 0x250) {
        return;
    }
    let chars = name.chars().count();
    for other in [name.to_uppercase(), name.to_lowercase()] {
        if other == name || other.chars().count() != chars {
            continue;
        }
        if validate_name(&other, max).as_deref() != Ok(other.as_str()) {
            continue;
        }
        assert!(clash(name, &other), "{name:?} and {other:?} do not clash");
    }
}

/// The case property of [`names`] alone, for the regression inputs that
/// found the capital I gap (`Isabel` and `isabel` were two names).
pub fn name_case(data: &[u8]) {
    for raw in fields(data) {
        if let Ok(name) = validate_name(&raw, MAX_NAME_CHARS) {
            check_case_clash(&name, MAX_NAME_CHARS);
        }
    }
}

fn check_teacher_name(teacher: &str) {
    if name_keys(teacher)[0].chars().count() >= 3 {
        assert!(check_student_name(teacher, teacher).is_err(), "a student may be called {teacher:?}");
    }
}

fn check_refusal(raw: &str, problem: &NameProblem, max: usize) {
    let normal: String = raw.nfkc().collect();
    let collapsed = normal.split_whitespace().collect::<Vec<_>>().join(" ");
    match problem {
        NameProblem::Empty => assert!(collapsed.is_empty(), "{raw:?} refused as empty"),
        NameProblem::TooLong(limit) => {
            assert_eq!(*limit, max);
            assert!(collapsed.chars().count() > max, "{raw:?} refused as longer than {max}");
        }
        NameProblem::ForbiddenChar(c) => {
            assert!(is_control_or_format(*c) || is_separator(*c), "{raw:?} refused for U+{:04X}", *c as u32);
            assert!(raw.contains(*c) || normal.contains(*c), "{raw:?} refused for a character it lacks");
        }
        NameProblem::Invisible => assert!(!collapsed.is_empty(), "{raw:?} refused as invisible"),
        NameProblem::RoleWord(_) | NameProblem::TeachersName => {
            panic!("validate_name refused {raw:?} with {problem:?}, a student rule")
        }
    }
    assert!(!problem.message().is_empty());
}

fn check_code(raw: &str) {
    let typed_digits = raw.chars().filter(|c| c.general_category() == GeneralCategory::DecimalNumber).count();
    match normalise_code(raw) {
        Some(digits) => {
            assert!(digits.bytes().all(|b| b.is_ascii_digit()), "{raw:?} became the code {digits:?}");
            assert_eq!(digits.len(), typed_digits, "{raw:?} became the code {digits:?}");
            assert_eq!(normalise_code(&digits).as_deref(), Some(digits.as_str()), "{digits:?} is not stable");
            if raw.bytes().all(|b| b.is_ascii_digit()) {
                assert_eq!(digits, raw, "plain digits changed");
            }
            // Full-width digits (U+FF10…) are read as the digits they are.
            let fullwidth: String = raw
                .chars()
                .filter(|c| c.general_category() == GeneralCategory::DecimalNumber)
                .map(|c| match c {
                    '\u{FF10}'..='\u{FF19}' => char::from(b'0' + (c as u32 - 0xFF10) as u8),
                    c => c,
                })
                .filter(char::is_ascii_digit)
                .collect();
            if fullwidth.len() == typed_digits {
                assert_eq!(digits, fullwidth, "{raw:?} read wrongly");
            }
        }
        None => {
            let odd = raw.chars().find(|&c| {
                !matches!(
                    c.general_category(),
                    GeneralCategory::DecimalNumber
                        | GeneralCategory::SpaceSeparator
                        | GeneralCategory::DashPunctuation
                ) && !c.is_whitespace()
            });
            assert!(odd.is_some(), "{raw:?} refused as a code though it has only digits, spaces and dashes");
        }
    }
}

// ---------------------------------------------------------------------------
// discovery: a rogue advertiser's DNS-SD records
// ---------------------------------------------------------------------------

/// Longest text a [`DiscoveredClass`] shows from one TXT value: 120
/// characters and the ellipsis that marks a cut.
const MAX_SHOWN: usize = 121;

/// Target `discovery`: what a student's app lists for DNS-SD records seen
/// on the LAN. First a teacher's own class (a class and a teacher name,
/// each a byte of length then the text, and a flag byte) is advertised and
/// read back; then up to eight records of a rogue advertiser follow: a flag
/// byte (bit 0: the name is taken whole, else the service type is
/// appended), an instance name and a host (each a length byte, then text),
/// a port (2 bytes), an address count byte and the addresses (a byte, odd
/// for IPv6, then 4 or 16 bytes), and raw TXT rdata (2 length bytes, then
/// bytes, as on the wire).
///
/// The teacher's instance name is at most 58 bytes, without dots,
/// backslashes, control or format characters, and its class reads back as
/// typed (when it is plain text that fits). Whatever a rogue record holds,
/// reading it never panics and gives text without control or format
/// characters, trimmed, at most 121 characters a field; a path that is
/// `/` and printable ASCII; addresses without duplicates, a routable IPv4
/// first whenever there is one; URLs only for addresses a URL can name; a
/// class that matches its own name, and that serialises (for the UI) and
/// reads back the same. Merging a later record keeps those properties and
/// merging the same one twice changes nothing.
pub fn discovery(data: &[u8]) {
    let mut input = Reader::new(data);
    let class = input.text();
    let teacher = input.text();
    let code_required = input.byte() & 1 == 1;
    advertised_round_trip(&class, &teacher, code_required);

    let mut list: BTreeMap<String, DiscoveredClass> = BTreeMap::new();
    for _ in 0..8 {
        if input.is_empty() {
            break;
        }
        let resolved = rogue_record(&mut input);
        let Some(found) = DiscoveredClass::from_resolved(&resolved) else {
            assert!(
                !resolved.fullname.to_ascii_lowercase().ends_with(&format!(".{SERVICE_TYPE}"))
                    || resolved.fullname.len() <= SERVICE_TYPE.len() + 1,
                "{:?} is of our type but was not read",
                resolved.fullname
            );
            continue;
        };
        assert_eq!(found.id, resolved.fullname);
        check_sane_class(&found);
        let addresses: Vec<IpAddr> = resolved.addresses.iter().map(mdns_sd::ScopedIp::to_ip_addr).collect();
        for ip in &addresses {
            assert!(found.addresses.contains(ip), "{ip} was dropped");
        }
        // As the browser keeps its list.
        let key = found.id.to_lowercase();
        match list.get_mut(&key) {
            Some(known) => {
                let same_place = known.host.eq_ignore_ascii_case(&found.host) && known.port == found.port;
                let before = known.addresses.clone();
                known.merge(found.clone());
                check_sane_class(known);
                if same_place {
                    for ip in before.iter().chain(&found.addresses) {
                        assert!(known.addresses.contains(ip), "merging lost {ip}");
                    }
                }
                let copy = known.clone();
                assert!(!known.merge(copy), "merging the same record again changed it");
            }
            None => {
                list.insert(key, found);
            }
        }
    }
}

/// A teacher's class as advertised (`instance_name`, `txt_record`, the
/// TXT wire format), read back as a browser would.
fn advertised_round_trip(class: &str, teacher: &str, code_required: bool) {
    let instance = instance_name(class);
    assert!(!instance.is_empty() && instance.len() <= MAX_INSTANCE_BYTES, "instance name {instance:?}");
    assert!(!instance.contains(['.', '\\']), "instance name {instance:?}");
    assert!(!instance.chars().any(is_control_or_format), "instance name {instance:?}");
    assert!(
        instance == instance.trim() && !instance.contains("  "),
        "instance name {instance:?}: white space not collapsed"
    );

    let session = "0123456789abcdef0123456789abcdef";
    let mut rdata = Vec::new();
    for (key, value) in crate::discovery::txt_record(class, teacher, session, code_required, "/ws") {
        let entry = format!("{key}={value}");
        let Ok(len) = u8::try_from(entry.len()) else { panic!("TXT entry {key} has {} bytes", entry.len()) };
        rdata.push(len);
        rdata.extend_from_slice(entry.as_bytes());
    }
    let mut resolved = empty_record();
    resolved.fullname = format!("{instance}.{SERVICE_TYPE}");
    resolved.host = "classroom-3fa2c1d9.local.".into();
    resolved.port = 4455;
    resolved.addresses = HashSet::from([IpAddr::from([10, 0, 0, 5]).into()]);
    resolved.txt_properties = mdns_sd::TxtProperties::from(&rdata[..]);

    let Some(found) = DiscoveredClass::from_resolved(&resolved) else {
        panic!("the record advertised for {class:?} is not read back")
    };
    check_sane_class(&found);
    assert_eq!(found.instance, instance);
    assert_eq!(found.compatibility, crate::discovery::Compatibility::Supported);
    assert_eq!(found.protocol, Some(PROTOCOL_VERSION));
    assert_eq!(found.code_required, Some(code_required));
    assert_eq!(found.session.as_deref(), Some(session));
    assert_eq!(found.path, "/ws");
    assert!(found.is_joinable());
    for (typed, shown) in [(class, &found.class), (teacher, &found.teacher)] {
        if is_plain(typed) {
            assert_eq!(shown.as_deref(), Some(typed), "advertised as {typed:?}");
        }
    }
}

/// Text a list shows exactly as typed: not empty, trimmed, no control or
/// format character, no white space but spaces, short enough not to be cut.
fn is_plain(text: &str) -> bool {
    !text.is_empty()
        && text == text.trim()
        && text.chars().all(|c| !is_control_or_format(c) && (c == ' ' || !c.is_whitespace()))
        && text.chars().count() < MAX_SHOWN
        && text.len() <= 200
}

/// A resolved service with nothing in it, to fill in (the type is
/// `non_exhaustive`: only mdns-sd makes one).
fn empty_record() -> mdns_sd::ResolvedService {
    let info = mdns_sd::ServiceInfo::new(
        SERVICE_TYPE,
        "x",
        "h.local.",
        (),
        1,
        None::<std::collections::HashMap<String, String>>,
    )
    .expect("a service info without addresses or TXT");
    info.as_resolved_service()
}

fn rogue_record(input: &mut Reader<'_>) -> mdns_sd::ResolvedService {
    let flags = input.byte();
    let name = input.text();
    let host = input.text();
    let port = input.u16();
    let count = input.byte() % 8;
    let mut addresses = HashSet::new();
    for _ in 0..count {
        let ip = if input.byte() & 1 == 1 {
            let mut octets = [0u8; 16];
            let bytes = input.take(16);
            octets[..bytes.len()].copy_from_slice(bytes);
            IpAddr::V6(Ipv6Addr::from(octets))
        } else {
            let mut octets = [0u8; 4];
            let bytes = input.take(4);
            octets[..bytes.len()].copy_from_slice(bytes);
            IpAddr::V4(Ipv4Addr::from(octets))
        };
        addresses.insert(ip.into());
    }
    let txt_len = usize::from(input.u16());
    let rdata = input.take(txt_len);
    let mut resolved = empty_record();
    resolved.fullname = if flags & 1 == 1 { name } else { format!("{name}.{SERVICE_TYPE}") };
    resolved.host = host;
    resolved.port = port;
    resolved.addresses = addresses;
    resolved.txt_properties = mdns_sd::TxtProperties::from(rdata);
    resolved
}

fn check_shown(what: &str, text: &str, max_chars: usize) {
    assert!(!text.chars().any(is_control_or_format), "{what} {text:?} holds a control or format character");
    assert_eq!(text, text.trim(), "{what} {text:?} is not trimmed");
    assert!(text.chars().all(|c| c == ' ' || !c.is_whitespace()), "{what} {text:?}: white space not a space");
    let chars = text.chars().count();
    assert!(chars <= max_chars, "{what} has {chars} characters");
}

fn check_sane_class(class: &DiscoveredClass) {
    check_shown("instance", &class.instance, MAX_SHOWN);
    check_shown("host", &class.host, MAX_SHOWN);
    // The name may be `Teacher — Class`, two shown values.
    check_shown("name", &class.name, 2 * MAX_SHOWN + 3);
    for (what, value) in [("class", &class.class), ("teacher", &class.teacher), ("session", &class.session)] {
        if let Some(value) = value {
            assert!(!value.is_empty(), "{what} is Some(\"\")");
            check_shown(what, value, MAX_SHOWN);
        }
    }
    assert!(
        class.path.starts_with('/')
            && class.path.len() <= 100
            && class.path.bytes().all(|b| b.is_ascii_graphic()),
        "path {:?}",
        class.path
    );
    let supported = class.compatibility == crate::discovery::Compatibility::Supported;
    assert_eq!(supported, class.protocol == Some(PROTOCOL_VERSION), "compatibility of {:?}", class.protocol);

    let unique: HashSet<&IpAddr> = class.addresses.iter().collect();
    assert_eq!(unique.len(), class.addresses.len(), "duplicate addresses in {:?}", class.addresses);
    let routable_v4 = class.addresses.iter().any(|ip| match ip {
        IpAddr::V4(v4) => {
            !(v4.is_loopback()
                || v4.is_link_local()
                || v4.is_unspecified()
                || v4.is_multicast()
                || *v4 == Ipv4Addr::BROADCAST)
        }
        IpAddr::V6(_) => false,
    });
    assert_eq!(class.has_routable_ipv4(), routable_v4, "a routable IPv4 not first in {:?}", class.addresses);
    let nameable = class
        .addresses
        .iter()
        .filter(|ip| !matches!(ip, IpAddr::V6(v6) if v6.segments()[0] & 0xffc0 == 0xfe80))
        .count();
    let urls = class.urls();
    assert_eq!(urls.len(), nameable, "URLs {urls:?} for {:?}", class.addresses);
    for url in &urls {
        assert!(
            url.starts_with("ws://") && url.ends_with(&class.path) && !url.contains(char::is_whitespace),
            "URL {url:?}"
        );
    }
    assert_eq!(class.is_joinable(), supported && !urls.is_empty());
    assert!(class.matches(&class.name), "{:?} does not match its own name", class.name);

    let json = serde_json::to_string(class).expect("a discovered class serialises");
    let back: DiscoveredClass = serde_json::from_str(&json).unwrap_or_else(|err| {
        panic!("a discovered class does not read back: {err}\n{json}");
    });
    assert_eq!(&back, class, "a discovered class changes on its way through the UI");
}

// ---------------------------------------------------------------------------
// join: a real hub, and join frames from several addresses
// ---------------------------------------------------------------------------

/// Target `join`: a real hub on 127.0.0.1 and a series of connections.
/// The first input byte picks the class code (digits, a code the host
/// chose that is not digits, or none); then each line (at most 12) is the
/// first frame of a new connection from 127.0.0.1, .2 or .3 (by the line's
/// length), with `$HOST`, `$CODE` and `$RESUME` replaced by the host token,
/// the class code and the newest resume token handed out. Once the teacher
/// is in, a `teacher:remove-student` line goes over the teacher's
/// connection instead.
///
/// The hub's answer is checked against a model of the join rules: a
/// welcome only when every rule holds (the code as typed, a valid name
/// that is not taken, banned, the teacher's or a role word, a seat in the
/// class and from that address, no lockout), with the name as validated
/// and the next participant id; a refusal only with a code one of the
/// rules gives (a wrong code always `bad_code`); a resume only with a live
/// student's token; lockouts after the wrong codes and tokens the limits
/// allow, never for a valid token; removals only of students.
pub fn join(data: &[u8]) {
    let Some((&choice, lines)) = data.split_first() else { return };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime for the hub");
    runtime.block_on(join_session(choice, lines));
}

type Ws = WebSocketStream<TcpStream>;

/// What a hub's first answer to a join was.
#[derive(Debug)]
enum Reply {
    Welcome(Box<Welcome>),
    Refused(ErrorCode, String),
    /// Closed without a frame (too many rejoins of one seat: 1013).
    Closed,
}

/// A seat in the model of the session.
#[derive(Debug)]
struct Seat {
    keys: [String; 2],
    /// Resume token; empty once removed without a ban (or unknown yet).
    token: String,
    teacher: bool,
    removed: bool,
    addr: Option<IpAddr>,
    /// Joins that took this seat again (they spend its rejoin budget).
    rejoins: u32,
}

/// The hub's join rules, as a model to check its answers against.
struct Model {
    host: String,
    code: Option<String>,
    teacher: String,
    max_name_chars: usize,
    max_participants: usize,
    max_per_address: usize,
    join_attempts: u32,
    join_attempts_total: u32,
    rejoin_burst: u32,
    seats: Vec<Seat>,
    banned: HashSet<String>,
    failures: HashMap<IpAddr, u32>,
    total_failures: u32,
    last_resume: String,
}

impl Model {
    fn locked(&self, peer: IpAddr) -> bool {
        self.failures.get(&peer).copied().unwrap_or(0) >= self.join_attempts
            || self.total_failures >= self.join_attempts_total
    }

    fn fail(&mut self, peer: IpAddr) {
        *self.failures.entry(peer).or_default() += 1;
        self.total_failures += 1;
    }

    fn substitute(&self, line: &str) -> String {
        line.replace("$HOST", &self.host)
            .replace("$CODE", self.code.as_deref().unwrap_or(""))
            .replace("$RESUME", &self.last_resume)
    }

    fn code_ok(&self, given: Option<&str>) -> bool {
        let given = given.unwrap_or("");
        match &self.code {
            None => true,
            Some(expected) if expected.bytes().all(|b| b.is_ascii_digit()) => {
                normalise_code(given).is_some_and(|digits| &digits == expected)
            }
            Some(expected) => given.trim() == expected,
        }
    }

    fn active(&self) -> impl Iterator<Item = (usize, &Seat)> {
        self.seats.iter().enumerate().filter(|(_, seat)| !seat.removed)
    }

    fn check(&mut self, peer: IpAddr, text: &str, frame: Result<ClientFrame, String>, reply: &Reply) {
        match frame {
            Ok(ClientFrame::TeacherJoin { token, .. }) => self.check_teacher(peer, &token, reply),
            Ok(ClientFrame::StudentJoin { resume: Some(token), .. }) => {
                self.check_resume(peer, &token, reply)
            }
            Ok(ClientFrame::StudentJoin { name, code, .. }) => {
                self.check_student(peer, &name, code.as_deref(), reply)
            }
            _ => assert!(
                matches!(reply, Reply::Refused(ErrorCode::Protocol, _)),
                "first frame {text:?} answered with {reply:?}"
            ),
        }
    }

    /// A seat taken again: welcomed as itself, or closed once its rejoin
    /// budget is spent.
    fn check_rejoin(&mut self, index: usize, reply: &Reply) {
        let seat = &mut self.seats[index];
        seat.rejoins += 1;
        match reply {
            Reply::Welcome(welcome) => {
                assert_eq!(welcome.you.id, participant_id(index), "welcomed into the wrong seat");
                if !seat.token.is_empty() {
                    assert_eq!(welcome.resume, seat.token, "a seat's token changed");
                }
                seat.token = welcome.resume.clone();
                self.last_resume = welcome.resume.clone();
            }
            Reply::Closed if seat.rejoins > self.rejoin_burst => {}
            other => panic!("seat {} taken again, answered with {other:?}", participant_id(index)),
        }
    }

    fn check_teacher(&mut self, peer: IpAddr, token: &str, reply: &Reply) {
        if token == self.host {
            self.check_rejoin(0, reply);
            if let Reply::Welcome(welcome) = reply {
                assert_eq!(welcome.you.role, Role::Teacher);
                assert_eq!(welcome.you.name, self.teacher);
            }
            return;
        }
        self.check_wrong_token(peer, reply, "a wrong host token");
    }

    fn check_wrong_token(&mut self, peer: IpAddr, reply: &Reply, what: &str) {
        match reply {
            Reply::Refused(ErrorCode::TooManyAttempts, _) => {
                assert!(self.locked(peer), "{what} from {peer} locked out early")
            }
            Reply::Refused(ErrorCode::BadToken, _) => {
                assert!(!self.locked(peer), "{what} from {peer} not locked out");
                self.fail(peer);
            }
            other => panic!("{what} answered with {other:?}"),
        }
    }

    fn check_resume(&mut self, peer: IpAddr, token: &str, reply: &Reply) {
        let live = self.active().find(|(_, seat)| !seat.teacher && seat.token == token).map(|(i, _)| i);
        if let Some(index) = live {
            return self.check_rejoin(index, reply);
        }
        let banned = !token.is_empty() && self.seats.iter().any(|seat| seat.removed && seat.token == token);
        match reply {
            Reply::Refused(ErrorCode::Removed, _) if banned && !self.locked(peer) => {}
            _ => self.check_wrong_token(peer, reply, "an unknown resume token"),
        }
    }

    fn check_student(&mut self, peer: IpAddr, raw_name: &str, code: Option<&str>, reply: &Reply) {
        let locked = self.locked(peer);
        let code_ok = self.code_ok(code);
        let name = validate_name(raw_name, self.max_name_chars).ok();
        let keys = name.as_deref().map(name_keys);
        let banned = keys.as_ref().is_some_and(|keys| keys.iter().any(|key| self.banned.contains(key)));
        let taken = keys.as_ref().is_some_and(|keys| {
            self.active().any(|(_, seat)| seat.keys.iter().any(|key| keys.contains(key)))
        });
        let student_ok = name.as_deref().is_some_and(|name| check_student_name(name, &self.teacher).is_ok());
        let full = self.active().count() >= self.max_participants;
        let here = self.active().filter(|(_, seat)| seat.addr == Some(peer)).count() >= self.max_per_address;
        let why = format!(
            "{raw_name:?} (code {code:?}) from {peer}: locked {locked}, code {code_ok}, name {name:?}, \
             banned {banned}, taken {taken}, student name ok {student_ok}, full {full}, from here {here}"
        );
        match reply {
            Reply::Welcome(welcome) => {
                assert!(
                    !locked && code_ok && student_ok && !banned && !taken && !full && !here,
                    "welcomed {why}"
                );
                assert_eq!(Some(&welcome.you.name), name.as_ref(), "the name is not as validated: {why}");
                assert_eq!(welcome.you.id, participant_id(self.seats.len()), "{why}");
                assert_eq!(welcome.you.role, Role::Student, "{why}");
                assert_eq!(
                    welcome.participants.first(),
                    Some(&crate::protocol::Participant {
                        id: welcome.you.id.clone(),
                        name: welcome.you.name.clone(),
                        role: Role::Student,
                        online: true,
                    })
                );
                self.seats.push(Seat {
                    keys: keys.unwrap_or_default(),
                    token: welcome.resume.clone(),
                    teacher: false,
                    removed: false,
                    addr: Some(peer),
                    rejoins: 0,
                });
                self.last_resume = welcome.resume.clone();
            }
            Reply::Refused(code, message) => {
                assert!(!message.is_empty(), "refused with {code:?} and no message: {why}");
                let justified = match code {
                    ErrorCode::TooManyAttempts => locked,
                    _ if locked => false,
                    ErrorCode::BadCode => !code_ok,
                    _ if !code_ok => false,
                    ErrorCode::InvalidName => name.is_none() || !student_ok,
                    ErrorCode::Removed => banned,
                    ErrorCode::NameTaken => taken,
                    ErrorCode::SessionFull => full || here,
                    _ => false,
                };
                assert!(justified, "refused with {code:?}: {why}");
                if *code == ErrorCode::BadCode {
                    self.fail(peer);
                }
            }
            Reply::Closed => panic!("closed without an answer: {why}"),
        }
    }

    /// The teacher removed `id`: `left` is whether `participant:left` came
    /// back, else the error code.
    fn check_remove(&mut self, id: &str, ban: bool, outcome: Result<(), ErrorCode>) {
        let index = id
            .strip_prefix("p_")
            .and_then(|n| n.parse::<usize>().ok())
            .and_then(|n| n.checked_sub(1))
            .filter(|&i| participant_id(i) == id && i < self.seats.len() && !self.seats[i].removed);
        match (index, outcome) {
            (Some(0), Err(ErrorCode::Forbidden)) => {}
            (Some(i), Ok(())) if i > 0 => {
                let seat = &mut self.seats[i];
                seat.removed = true;
                if ban {
                    self.banned.extend(seat.keys.iter().cloned());
                } else {
                    seat.token.clear();
                }
            }
            (None, Err(ErrorCode::UnknownParticipant)) => {}
            (index, outcome) => panic!("removing {id:?} (seat {index:?}, ban {ban}) gave {outcome:?}"),
        }
    }
}

/// How long a hub may take to answer on loopback before that is a failure.
const ANSWER_WITHIN: Duration = Duration::from_secs(10);

async fn join_session(choice: u8, data: &[u8]) {
    let code = match choice % 3 {
        0 => Some("314159"),
        1 => Some("Ab 12"),
        _ => None,
    };
    let mut config = HubConfig::new("Physics 101", TEACHER);
    config.code = code.map(str::to_owned);
    // Small limits, so a dozen joins reach each of them.
    let limits = &mut config.limits;
    limits.max_name_chars = 16;
    limits.max_participants = 5;
    limits.max_per_address = 2;
    limits.join_attempts = 3;
    limits.join_attempts_total = 5;
    let mut model = Model {
        host: String::new(),
        code: config.code.clone(),
        teacher: TEACHER.to_owned(),
        max_name_chars: limits.max_name_chars,
        max_participants: limits.max_participants,
        max_per_address: limits.max_per_address,
        join_attempts: limits.join_attempts,
        join_attempts_total: limits.join_attempts_total,
        rejoin_burst: limits.rejoin_burst,
        seats: vec![Seat {
            keys: name_keys(TEACHER),
            token: String::new(),
            teacher: true,
            removed: false,
            addr: None,
            rejoins: 0,
        }],
        banned: HashSet::new(),
        failures: HashMap::new(),
        total_failures: 0,
        last_resume: String::new(),
    };
    let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind 127.0.0.1:0");
    let hub = crate::hub::start(listener, config).expect("the hub starts");
    model.host = hub.host_token().to_owned();
    let addr = hub.local_addr();

    let mut joined: Vec<Ws> = Vec::new();
    let mut teacher: Option<Ws> = None;
    for line in data.split(|&b| b == b'\n').take(12) {
        let peer = IpAddr::from([127, 0, 0, 1 + (line.len() % 3) as u8]);
        let text = model.substitute(&String::from_utf8_lossy(line));
        let frame = ClientFrame::parse(&text).map_err(|err| err.message);
        if let (Ok(ClientFrame::RemoveStudent { id, ban }), Some(ws)) = (&frame, teacher.as_mut()) {
            let outcome = remove(ws, &text, id).await;
            model.check_remove(id, *ban, outcome);
            continue;
        }
        let mut ws = connect(addr, peer).await;
        ws.send(Message::text(text.clone())).await.expect("send a join frame");
        let reply = first_reply(&mut ws).await;
        let teacher_joined = matches!(&reply, Reply::Welcome(welcome) if welcome.you.role == Role::Teacher);
        let welcomed = matches!(reply, Reply::Welcome(_));
        model.check(peer, &text, frame, &reply);
        if teacher_joined {
            teacher = Some(ws);
        } else if welcomed {
            joined.push(ws);
        }
    }
    drop(joined);
    drop(teacher);
    hub.shutdown().await.expect("the hub shuts down");
}

/// A connection from `peer` (a loopback address) to the hub at `hub`.
async fn connect(hub: SocketAddr, peer: IpAddr) -> Ws {
    let socket = TcpSocket::new_v4().expect("a TCP socket");
    socket.bind(SocketAddr::new(peer, 0)).expect("bind a loopback address");
    let stream = socket.connect(hub).await.expect("connect to the hub");
    let (ws, _) = tokio_tungstenite::client_async(format!("ws://{hub}/ws"), stream)
        .await
        .expect("the WebSocket upgrade");
    ws
}

/// The hub's first answer: its first text frame, or a close without one.
async fn first_reply(ws: &mut Ws) -> Reply {
    let reply = tokio::time::timeout(ANSWER_WITHIN, async {
        while let Some(message) = ws.next().await {
            match message {
                Ok(Message::Text(text)) => {
                    return match serde_json::from_str::<ServerFrame>(&text) {
                        Ok(ServerFrame::Welcome(welcome)) => Reply::Welcome(welcome),
                        Ok(ServerFrame::Error { code, message, .. }) => Reply::Refused(code, message),
                        other => panic!("the hub answered a join with {other:?}"),
                    };
                }
                Ok(Message::Close(_)) | Err(_) => return Reply::Closed,
                Ok(_) => {}
            }
        }
        Reply::Closed
    })
    .await;
    reply.expect("the hub answers a join")
}

/// Sends the teacher's removal and waits for its outcome: the
/// `participant:left` for `id`, or an error.
async fn remove(ws: &mut Ws, text: &str, id: &str) -> Result<(), ErrorCode> {
    ws.send(Message::text(text.to_owned())).await.expect("send the removal");
    let outcome = tokio::time::timeout(ANSWER_WITHIN, async {
        while let Some(message) = ws.next().await {
            let Ok(Message::Text(text)) = message else { continue };
            match serde_json::from_str::<ServerFrame>(&text) {
                Ok(ServerFrame::ParticipantLeft { id: left, .. }) if left == id => return Ok(()),
                Ok(ServerFrame::Error { code, .. }) => return Err(code),
                _ => {}
            }
        }
        panic!("the teacher's connection closed during a removal")
    })
    .await;
    outcome.expect("the hub answers a removal")
}

// ---------------------------------------------------------------------------
// export: transcripts of a stored class
// ---------------------------------------------------------------------------

/// A Markdown document as the transcript check reads it: its blocks in
/// order, each with the text a reader sees (escapes resolved, line breaks
/// as `\n`). A Markdown parser makes it (the check does not depend on one
/// here): `core/tests/fuzz_regressions/markdown.rs` reads it with
/// pulldown-cmark for the fuzz target and the regression tests alike.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MdBlock {
    /// A heading of this level (1 for `#`), emitted at its end.
    Heading(u8, String),
    /// A paragraph outside any list, emitted at its end.
    Paragraph(String),
    /// A list starts, nested this deep (0: not in a list).
    List(usize),
    /// A list item at this depth and its own text (not its sub-lists'),
    /// emitted at its end.
    Item(usize, String),
    /// Markup a transcript holds only where it writes it itself: inline
    /// code (the session id), and never a link, an image, HTML, emphasis,
    /// a code block, a quote or a rule. Named by the parser's word for it.
    Markup(String),
}

/// A store to export fuzzed classes from (see [`export`]); one is reused
/// for many inputs, each replacing the one class in it.
pub struct ExportStore {
    store: Store,
    writer: Mutex<Connection>,
}

impl ExportStore {
    /// Opens a store in `dir` (the caller's folder, kept while this lives).
    ///
    /// # Panics
    /// When the store cannot be opened: a fixture without it is useless.
    pub fn open(dir: &Path) -> Self {
        let store = Store::open(dir).expect("a store for the export target");
        let writer = store.writer_connection().expect("a writer connection");
        Self { store, writer: Mutex::new(writer) }
    }
}

/// The one class id the export target writes.
const EXPORT_SESSION: &str = "f0220000000000000000000000000000";

/// One participant of a fuzzed class.
struct Person {
    name: String,
    teacher: bool,
    removed: bool,
    banned: bool,
}

/// One message of a fuzzed class.
struct Said {
    sender: usize,
    text: String,
    ts: jiff::Timestamp,
}

/// Target `export`: a stored class with fuzzed names and messages,
/// exported as Markdown, CSV and JSON. The input's pieces (split at
/// `0xFF`) are the class name, the teacher's name, the students' names
/// (one a line), then one message each (its first byte picks the sender).
/// Names go through the hub's name rules and texts through its message
/// rule (trimmed, not empty), as everything stored has.
///
/// Markdown, read by a real parser (`markdown`), is the class heading, one
/// list (the facts and the participants, each participant one item that
/// starts with the name), then per day a heading and per message one
/// paragraph, `time · name: text` with the text's lines as hard breaks:
/// nothing a name or a text holds makes a heading, a list, a link, HTML,
/// code or emphasis, or spills out of its paragraph. CSV, read by the
/// `csv` crate, has a row per message whose name and text cells read back
/// as stored, neutralised with a leading `'` exactly when they start with
/// `=`, `+`, `-`, `@`, a tab or a carriage return, so no such cell starts
/// with one. JSON reads back with every name and text as stored.
pub fn export(fixture: &ExportStore, data: &[u8], markdown: &dyn Fn(&str) -> Vec<MdBlock>) {
    let mut pieces = fields(data).into_iter();
    let mut valid_or = |fallback: &str| {
        pieces
            .next()
            .and_then(|raw| validate_name(&raw, MAX_NAME_CHARS).ok())
            .unwrap_or_else(|| fallback.to_owned())
    };
    let class = valid_or("Physics 101");
    let teacher = valid_or(TEACHER);
    let students = pieces.next().unwrap_or_default();
    let mut people = vec![Person { name: teacher.clone(), teacher: true, removed: false, banned: false }];
    for (n, raw) in students.split('\n').enumerate().take(8) {
        let name = validate_name(raw, MAX_NAME_CHARS).unwrap_or_else(|_| format!("Student {}", n + 1));
        people.push(Person { name, teacher: false, removed: n % 3 != 0, banned: n % 3 == 2 });
    }
    let start: jiff::Timestamp = "2026-11-25T20:00:00.125Z".parse().expect("a timestamp");
    let mut said = Vec::new();
    for (i, piece) in pieces.take(16).enumerate() {
        let mut chars = piece.chars();
        let sender = chars.next().map_or(0, |c| c as usize % people.len());
        let text = chars.as_str().trim();
        if text.is_empty() || text.chars().count() > 2000 {
            continue;
        }
        let step = jiff::SignedDuration::from_secs(5 * 3600 * i as i64 + 61 * sender as i64);
        let ts = start.checked_add(step).expect("a time within range");
        said.push(Said { sender, text: text.to_owned(), ts });
    }
    let zone = ["UTC", "America/Sao_Paulo", "Asia/Kolkata"][class.len() % 3];
    let language = if teacher.len() % 2 == 0 { ExportLanguage::English } else { ExportLanguage::Spanish };
    let ended = people.len() % 2 == 0;

    store_class(fixture, &class, &teacher, &people, &said, ended);
    let export = |format| {
        let options = ExportOptions { format, time_zone: Some(zone.to_owned()), language };
        fixture.store.export_to_string(EXPORT_SESSION, &options).expect("a transcript")
    };
    let tz = jiff::tz::TimeZone::get(zone).expect("a known time zone");
    check_markdown(&export(ExportFormat::Markdown), markdown, &class, &teacher, &people, &said, &tz);
    check_csv(&export(ExportFormat::Csv), &people, &said);
    check_json(&export(ExportFormat::Json), &class, &teacher, &people, &said);
}

fn store_class(
    fixture: &ExportStore,
    class: &str,
    teacher: &str,
    people: &[Person],
    said: &[Said],
    ended: bool,
) {
    let mut conn = fixture.writer.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
    let tx = conn.transaction().expect("a transaction");
    let id = EXPORT_SESSION;
    let started = "2026-11-25T19:59:00.000Z";
    let ended_at = ended.then_some("2026-11-29T08:00:00.000Z");
    let write = || -> rusqlite::Result<()> {
        tx.execute("DELETE FROM messages WHERE session_id = ?1", [id])?;
        tx.execute("DELETE FROM participants WHERE session_id = ?1", [id])?;
        tx.execute("DELETE FROM sessions WHERE id = ?1", [id])?;
        tx.execute(
            "INSERT INTO sessions (id, class, teacher, code, host_token, started_at, ended_at, last_active_at)
             VALUES (?1, ?2, ?3, NULL, 'h', ?4, ?5, ?4)",
            params![id, class, teacher, started, ended_at],
        )?;
        for (idx, person) in people.iter().enumerate() {
            tx.execute(
                "INSERT INTO participants (session_id, idx, name, role, token, removed, banned, joined_at)
                 VALUES (?1, ?2, ?3, ?4, 't', ?5, ?6, ?7)",
                params![
                    id,
                    idx as i64,
                    person.name,
                    if person.teacher { "teacher" } else { "student" },
                    person.removed,
                    person.banned,
                    started
                ],
            )?;
        }
        for (n, message) in said.iter().enumerate() {
            tx.execute(
                "INSERT INTO messages (session_id, seq, client_id, sender, text, ts)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
                params![
                    id,
                    n as i64 + 1,
                    format!("c-{n}"),
                    message.sender as i64,
                    message.text,
                    rfc3339(message.ts)
                ],
            )?;
        }
        Ok(())
    };
    write().expect("the fuzzed class is stored");
    tx.commit().expect("the fuzzed class is committed");
}

/// A time as the hub stores it: RFC 3339, UTC, milliseconds.
fn rfc3339(ts: jiff::Timestamp) -> String {
    ts.strftime("%Y-%m-%dT%H:%M:%S%.3fZ").to_string()
}

/// What a reader sees of a message's text in the transcript: its lines
/// (CommonMark's: split at LF, CR or CRLF) without blank ones, each
/// without trailing white space, and without leading spaces or tabs after
/// the first (a paragraph's continuation lines lose them).
fn shown_text(text: &str) -> String {
    let lines: Vec<&str> = text
        .split(['\n', '\r'])
        .filter(|line| !line.trim().is_empty())
        .enumerate()
        .map(|(n, line)| {
            let line = line.trim_end();
            if n == 0 {
                line
            } else {
                line.trim_start_matches([' ', '\t'])
            }
        })
        .collect();
    lines.join("\n")
}

fn check_markdown(
    md: &str,
    markdown: &dyn Fn(&str) -> Vec<MdBlock>,
    class: &str,
    teacher: &str,
    people: &[Person],
    said: &[Said],
    tz: &jiff::tz::TimeZone,
) {
    let blocks = markdown(md);
    let fail = |why: String| -> ! { panic!("{why}\n--- markdown ---\n{md}\n--- blocks ---\n{blocks:#?}") };
    let mut rest = blocks.iter().peekable();
    if rest.next() != Some(&MdBlock::Heading(1, class.to_owned())) {
        fail(format!("the first block is not the heading {class:?}"));
    }
    // The facts and the participants: one list, one nested list, items.
    let mut header = Vec::new();
    while let Some(block) = rest.next_if(|b| !matches!(b, MdBlock::Heading(..) | MdBlock::Paragraph(_))) {
        header.push(block);
    }
    let lists: Vec<usize> =
        header.iter().filter_map(|b| if let MdBlock::List(d) = b { Some(*d) } else { None }).collect();
    if lists != [0, 1] {
        fail(format!("the header has lists {lists:?}, not the facts and the participants"));
    }
    let markup: Vec<&String> =
        header.iter().filter_map(|b| if let MdBlock::Markup(m) = b { Some(m) } else { None }).collect();
    if markup.len() != 1 || markup[0] != "Code" {
        fail(format!("markup in the header: {markup:?}"));
    }
    if !header.iter().any(|b| matches!(b, MdBlock::Item(0, text) if text.ends_with(&format!(": {teacher}"))))
    {
        fail(format!("no item names the teacher {teacher:?}"));
    }
    let listed: Vec<&String> = header
        .iter()
        .filter_map(|b| if let MdBlock::Item(1, text) = b { Some(text) } else { None })
        .collect();
    if listed.len() != people.len() {
        fail(format!("{} participants listed, {} stored", listed.len(), people.len()));
    }
    for (n, (item, person)) in listed.iter().zip(people).enumerate() {
        let starts = item.starts_with(&format!("{} (", person.name));
        if !starts || !item.contains(&format!(", {})", participant_id(n))) {
            fail(format!("participant {:?} listed as {item:?}", person.name));
        }
    }
    // Per day a heading, per message a paragraph; nothing else.
    let mut day = String::new();
    for message in said {
        let local = tz.to_datetime(message.ts);
        let date = local.strftime("%Y-%m-%d").to_string();
        if date != day {
            if rest.next() != Some(&MdBlock::Heading(2, date.clone())) {
                fail(format!("no day heading {date} before {:?}", message.text));
            }
            day = date;
        }
        let person = &people[message.sender];
        let head = format!("{} · {}", local.strftime("%H:%M:%S"), person.name);
        let body = format!(": {}", shown_text(&message.text));
        let Some(MdBlock::Paragraph(shown)) = rest.next() else {
            fail(format!("{:?} is not one paragraph", message.text))
        };
        let role = shown.strip_prefix(&head).and_then(|tail| tail.strip_suffix(&body));
        let role_ok = match role {
            Some("") => !person.teacher,
            Some(role) => person.teacher && role.starts_with(" (") && role.ends_with(')') && role.len() < 16,
            None => false,
        };
        if !role_ok {
            fail(format!("{:?} from {:?} shown as {shown:?}", message.text, person.name));
        }
    }
    if let Some(extra) = rest.next() {
        fail(format!("{extra:?} after the last message"));
    }
}

/// A name or a text as the CSV should hold it (see `store/export.rs`).
fn neutralised(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

fn check_csv(csv: &str, people: &[Person], said: &[Said]) {
    let Some(body) = csv.strip_prefix('\u{feff}') else { panic!("no byte order mark:\n{csv}") };
    let mut reader = ::csv::ReaderBuilder::new().has_headers(false).from_reader(body.as_bytes());
    let rows: Vec<::csv::StringRecord> = reader
        .records()
        .collect::<Result<_, _>>()
        .unwrap_or_else(|err| panic!("the CSV does not read back: {err}\n{csv}"));
    assert_eq!(rows.len(), said.len() + 1, "rows in\n{csv}");
    assert_eq!(rows[0].len(), 8, "the header row of\n{csv}");
    for (n, (row, message)) in rows[1..].iter().zip(said).enumerate() {
        let cells: Vec<&str> = row.iter().collect();
        assert_eq!(cells.len(), 8, "row {n} of\n{csv}");
        let person = &people[message.sender];
        assert_eq!(cells[0], (n + 1).to_string());
        assert_eq!(cells[4], neutralised(&person.name), "the name cell of row {n}");
        assert_eq!(cells[6], participant_id(message.sender));
        assert_eq!(cells[7], neutralised(&message.text), "the text cell of row {n}");
        for cell in [cells[4], cells[7]] {
            assert!(!cell.starts_with(['=', '+', '-', '@', '\t', '\r']), "a formula cell {cell:?}");
        }
    }
}

fn check_json(json: &str, class: &str, teacher: &str, people: &[Person], said: &[Said]) {
    let value: Value =
        serde_json::from_str(json).unwrap_or_else(|err| panic!("the JSON does not read back: {err}\n{json}"));
    assert_eq!(value["class"], class);
    assert_eq!(value["teacher"], teacher);
    let listed = value["participants"].as_array().expect("participants");
    assert_eq!(listed.len(), people.len());
    for (n, (entry, person)) in listed.iter().zip(people).enumerate() {
        assert_eq!(entry["name"], person.name.as_str());
        assert_eq!(entry["id"], participant_id(n));
        assert_eq!(entry["removed"], person.removed);
        assert_eq!(entry["banned"], person.banned);
    }
    let messages = value["messages"].as_array().expect("messages");
    assert_eq!(messages.len(), said.len());
    for (n, (entry, message)) in messages.iter().zip(said).enumerate() {
        assert_eq!(entry["seq"], n as u64 + 1);
        assert_eq!(entry["text"], message.text.as_str());
        assert_eq!(entry["utc"], rfc3339(message.ts));
        assert_eq!(entry["from"]["name"], people[message.sender].name.as_str());
        assert_eq!(entry["from"]["id"], participant_id(message.sender));
    }
}
