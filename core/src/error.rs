//! The crate's error type.

use crate::protocol::ErrorCode;

/// Everything that can go wrong in this crate, by what a caller can do about it.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// A socket or file operation failed; retrying may help.
    #[error("I/O error: {0}")]
    Io(#[source] std::io::Error),
    /// The hub address is not a usable `ws://` URL; fix the address.
    #[error("not a hub address: {0:?} (expected ws://HOST:PORT/ws)")]
    BadAddress(String),
    /// The hub refused the join; the code says why (wrong code, name taken…).
    #[error("the hub refused to let us in: {message} ({code})")]
    Refused {
        /// The protocol's error code.
        code: ErrorCode,
        /// The hub's human explanation.
        message: String,
    },
    /// The client was shut down; make a new one.
    #[error("the client is closed")]
    Closed,
    /// Too many messages wait to be sent; wait for the connection to return.
    #[error("{0} messages are waiting to be sent; wait until the connection is back")]
    OutboxFull(usize),
    /// The class has no code to change: anyone on the network may join it.
    #[error("this class has no code: anyone on the network may join it")]
    NoClassCode,
    /// The class has ended; nothing in it can change any more.
    #[error("the class has ended")]
    Ended,
    /// The durable store failed; [`crate::store::StoreError::retry_helps`]
    /// says whether trying again can work.
    #[error(transparent)]
    Store(#[from] crate::store::StoreError),
}

/// Result with this crate's [`Error`].
pub type Result<T, E = Error> = std::result::Result<T, E>;
