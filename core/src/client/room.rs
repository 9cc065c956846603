//! Running the room from a client: hands, mutes and the class's rules, as
//! intents a handle sends. Like every teacher action they are dropped while
//! offline: the welcome on reconnect shows the room as it is, and the user
//! acts again on what they see.

use crate::protocol::{ClientFrame, RulesChange};

/// A hand or a rule to change.
#[derive(Debug)]
pub(super) enum RoomAction {
    Raise,
    Lower(Option<String>),
    Clear,
    Mute { id: String, muted: bool },
    Rules(RulesChange),
}

impl RoomAction {
    /// The frame that asks for it.
    pub(super) fn frame(self) -> ClientFrame {
        match self {
            Self::Raise => ClientFrame::HandRaise,
            Self::Lower(id) => ClientFrame::HandLower { id },
            Self::Clear => ClientFrame::HandsClear,
            Self::Mute { id, muted } => ClientFrame::Mute { id, muted },
            Self::Rules(change) => ClientFrame::Rules { change },
        }
    }
}
