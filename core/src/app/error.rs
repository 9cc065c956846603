//! The app's errors ([`AppError`]) and the form a UI receives them in
//! ([`AppErrorPayload`]: a kind to branch on and a sentence to show).

use serde::Serialize;

use crate::discovery::DiscoveryError;
use crate::store::StoreError;

/// How app errors reach a UI: a kind to branch on and a sentence to show.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct AppErrorPayload {
    /// What went wrong, for code.
    pub kind: AppErrorKind,
    /// What went wrong, for people.
    pub message: String,
}

/// Kinds of [`AppError`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub enum AppErrorKind {
    /// A class is already open; leave it first.
    AlreadyInClass,
    /// No class is open.
    NotInClass,
    /// A field is missing or malformed; fix it.
    InvalidInput,
    /// The network or the disk failed; retrying may help.
    Io,
    /// The class history file is damaged (or from a newer app): offer to
    /// start fresh, keeping it aside.
    Damaged,
}

impl AppErrorKind {
    /// Every kind, for a UI that checks what a failed command carries
    /// (exported to the UI's generated constants).
    pub const ALL: [Self; 5] =
        [Self::AlreadyInClass, Self::NotInClass, Self::InvalidInput, Self::Io, Self::Damaged];
}

/// Errors of the app's intents.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AppError {
    /// A class is already open in this app.
    #[error("You are already in a class. Leave it first.")]
    AlreadyInClass,
    /// The intent needs an open class.
    #[error("You are not in a class.")]
    NotInClass,
    /// A field the user typed is not usable.
    #[error("{0}")]
    InvalidInput(String),
    /// The hub could not start, or the client could not send.
    #[error("{0}")]
    Core(#[from] crate::Error),
    /// A class found on the LAN cannot be joined from this app: it needs a
    /// newer app, or none of its addresses answered.
    #[error("Cannot join “{class}”: {source}. Ask your teacher for the address and type it instead.")]
    Unreachable {
        /// The class's name as listed.
        class: String,
        /// Why.
        source: DiscoveryError,
    },
    /// Looking for classes on the LAN could not start.
    #[error("Cannot look for classes on this network ({0}). Type the address your teacher shows instead.")]
    Browse(DiscoveryError),
    /// The class history could not be read or changed.
    #[error("{}", history_message(.0))]
    History(#[from] StoreError),
    /// A class cannot be hosted because it could not be saved: nothing is
    /// acknowledged that is not stored.
    #[error("Cannot start the class: {}", history_message(.0))]
    CannotHost(StoreError),
}

/// A store error as a sentence for the teacher, with what to do.
fn history_message(err: &StoreError) -> String {
    let text = match err {
        StoreError::NotFound(_) => return "This class is no longer in the class history.".into(),
        StoreError::InUse(_) => {
            return "This class is open now, here or in another Classroom window. End it there first.".into()
        }
        // What to do about a damaged file is the UI's to say, next to its
        // Start fresh button (kind `damaged`).
        err => format!("{err}."),
    };
    let mut chars = text.chars();
    chars.next().map(|first| first.to_uppercase().chain(chars).collect()).unwrap_or_default()
}

impl AppError {
    /// The form a UI receives.
    pub fn payload(&self) -> AppErrorPayload {
        let kind = match self {
            Self::AlreadyInClass => AppErrorKind::AlreadyInClass,
            Self::NotInClass => AppErrorKind::NotInClass,
            Self::InvalidInput(_) => AppErrorKind::InvalidInput,
            Self::Unreachable { source, .. } if !source.retry_helps() => AppErrorKind::InvalidInput,
            Self::History(err) | Self::CannotHost(err) if err.is_damaged() => AppErrorKind::Damaged,
            Self::History(StoreError::NotFound(_) | StoreError::InUse(_)) => AppErrorKind::InvalidInput,
            Self::Core(_)
            | Self::Unreachable { .. }
            | Self::Browse(_)
            | Self::History(_)
            | Self::CannotHost(_) => AppErrorKind::Io,
        };
        AppErrorPayload { kind, message: self.to_string() }
    }
}

impl Serialize for AppError {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.payload().serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// [`AppErrorKind::ALL`] lists every kind once (a new kind must be added).
    #[test]
    fn every_kind_is_listed() {
        for kind in AppErrorKind::ALL {
            // A new variant fails this match until it is listed above too.
            let position = match kind {
                AppErrorKind::AlreadyInClass => 0,
                AppErrorKind::NotInClass => 1,
                AppErrorKind::InvalidInput => 2,
                AppErrorKind::Io => 3,
                AppErrorKind::Damaged => 4,
            };
            assert_eq!(AppErrorKind::ALL[position], kind);
        }
    }
}
