//! Running the room from a client: hands, mutes, the class's rules, and
//! deleting and pinning messages, as intents a handle sends. Like every teacher action they are dropped while
//! offline: the welcome on reconnect shows the room as it is, and the user
//! acts again on what they see.

use crate::protocol::{ClientFrame, RulesChange, Seq};

/// A hand, a rule or a message to change.
#[derive(Debug)]
pub(super) enum RoomAction {
    Raise,
    Lower(Option<String>),
    Clear,
    Mute { id: String, muted: bool },
    Rules(RulesChange),
    Delete(Seq),
    Rename { id: String, name: String },
    React { seq: Seq, emoji: String, on: bool },
    Pin(Option<Seq>),
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
            Self::Delete(seq) => ClientFrame::ChatDelete { seq },
            Self::Rename { id, name } => ClientFrame::Rename { id, name },
            Self::React { seq, emoji, on: true } => ClientFrame::ReactionAdd { seq, emoji },
            Self::React { seq, emoji, on: false } => ClientFrame::ReactionRemove { seq, emoji },
            Self::Pin(Some(seq)) => ClientFrame::ChatPin { seq },
            Self::Pin(None) => ClientFrame::ChatUnpin,
        }
    }
}
