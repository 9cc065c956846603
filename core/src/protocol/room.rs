//! Running the room: raised hands, and the rules the teacher sets (a muted
//! student, a locked chat, slow mode, the name filter).

use serde::{Deserialize, Serialize};

/// The slow-mode intervals a teacher may choose, in seconds (0: off).
pub const SLOW_MODE_SECONDS: [u32; 5] = [0, 5, 10, 30, 60];

/// A raised hand.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Hand {
    /// The student's participant id.
    pub id: String,
    /// When it went up (hub time, RFC 3339): the queue's order.
    pub at: String,
}

/// Who lowered a hand.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum LoweredBy {
    /// The student whose hand it was.
    Student,
    /// The teacher.
    Teacher,
}

/// The rules the teacher sets for the whole class.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomRules {
    /// Only the teacher may post in the chat.
    pub locked: bool,
    /// Each student may post at most one message this often, in seconds
    /// (one of [`SLOW_MODE_SECONDS`]; 0: off). The teacher is exempt.
    pub slow_seconds: u32,
    /// Joining students' names are checked against a list of offensive
    /// words (absent from hubs before the filter: off).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<bool>", optional))]
    pub name_filter: bool,
    /// Reactions are turned off: none can be added (or taken back).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<bool>", optional))]
    pub reactions_off: bool,
    /// Students may not ask private questions (by default they may, also
    /// while the chat is locked).
    #[serde(default)]
    #[cfg_attr(feature = "typescript", ts(as = "Option<bool>", optional))]
    pub questions_off: bool,
}

/// The teacher's change to the rules: fields left out stay as they are.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RulesChange {
    /// Lock or unlock the chat.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub locked: Option<bool>,
    /// Slow mode's interval, one of [`SLOW_MODE_SECONDS`].
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub slow_seconds: Option<u32>,
    /// Turn the name filter on or off.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub name_filter: Option<bool>,
    /// Turn reactions off (true) or on again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub reactions_off: Option<bool>,
    /// Turn private questions off (true) or on again.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub questions_off: Option<bool>,
}

/// The room as a joiner finds it, in the welcome.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RoomState {
    /// The rules now.
    pub rules: RoomRules,
    /// Raised hands, in the order they went up.
    pub hands: Vec<Hand>,
    /// Muted students: every one for the teacher; for a student, only
    /// themselves (when muted), since whom the teacher mutes is nobody
    /// else's business.
    pub muted: Vec<String>,
    /// The message pinned at the top of the chat, if any.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub pinned: Option<super::ChatEntry>,
}
