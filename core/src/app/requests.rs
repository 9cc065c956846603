//! What a UI sends to start or join a class, and what it is told back:
//! [`HostRequest`] → [`HostInfo`], [`JoinRequest`], and [`Startup`] (the
//! launch flags).

use serde::{Deserialize, Serialize};

use super::{AdvertiseStatus, JoinQr};
use crate::discovery::DiscoveredClass;
use crate::store::StorageState;

/// What the teacher fills in to start a class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct HostRequest {
    /// Class name, e.g. "Physics 101". Ignored when resuming.
    pub class: String,
    /// Teacher's display name. Ignored when resuming.
    pub teacher: String,
    /// Reopen this stored class (a past class's id) instead of starting a
    /// new one: same code, everyone's seat kept, the log going on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub resume: Option<String>,
}

/// Where students can find a class that was just started.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct HostInfo {
    /// The session id (a past class's id once it is over).
    pub session: String,
    /// Whether a stored class was reopened.
    pub resumed: bool,
    /// Class name.
    pub class: String,
    /// Teacher's name.
    pub teacher: String,
    /// The code students type.
    pub code: String,
    /// `host:port` addresses students can type: the LAN ones (others only
    /// when there is no LAN address).
    pub addresses: Vec<String>,
    /// For the first address: the web client's page, `http://HOST:PORT/`,
    /// when the hub serves it ([`HostInfo::web`]; a browser opens it, the
    /// app takes it in the address field), `ws://HOST:PORT/ws` otherwise.
    /// Without the code; [`App::join_link`](super::App::join_link) gives the
    /// one with it.
    pub join_link: String,
    /// The join link as a QR code (`None` only if it could not be encoded).
    pub qr: Option<JoinQr>,
    /// Whether the hub serves the student web client at the join link (so
    /// the link can carry the code).
    pub web: bool,
    /// Whether students see the class in their list, and if not, why.
    pub advertising: AdvertiseStatus,
    /// Whether the class is being saved now; changes come as `storage` events in the class's event stream.
    pub storage: StorageState,
}

/// A class's join link as the teacher's screen shows it, with its QR code.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct JoinLink {
    /// The link: [`HostInfo::join_link`], or the web client's address with
    /// the current code in its fragment (`http://HOST:PORT/#code=…`).
    pub link: String,
    /// The link as a QR code (`None` only if it could not be encoded).
    pub qr: Option<JoinQr>,
    /// Whether the link carries the code.
    pub with_code: bool,
}

/// What a student fills in to join.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct JoinRequest {
    /// The teacher's address: `host:port`, or a join link (`ws://…`).
    /// Ignored when `class` is given.
    pub address: String,
    /// Display name.
    pub name: String,
    /// The class code (may be empty for a class that needs none).
    pub code: String,
    /// A class picked from the list of classes found on the LAN: its
    /// addresses are tried, best first, until one connects.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub class: Option<DiscoveredClass>,
}

/// What the app was asked to do at start (command-line flags, used by tests
/// and kiosk setups): start a class, or join one, without any typing.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct Startup {
    /// Host this class at once.
    pub host: Option<HostRequest>,
    /// Join this class at once.
    pub join: Option<JoinRequest>,
    /// The system's language (a BCP 47 tag such as `es-MX`), for the UI's
    /// first language when the user has not chosen one; `None` when the
    /// system does not say.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub locale: Option<String>,
}
