//! What the session hands to every connection, in one order for all.
//!
//! The session owns one bounded `tokio::sync::broadcast` ring of
//! [`Outbound`] items. Each frame is serialised once and shared: a connection
//! clones an `Arc`, never the text. A connection that falls more than the
//! ring's capacity behind is told so by the channel (`Lagged`) and is cut
//! off with 1013; nobody else waits for it.

use axum::extract::ws::Utf8Bytes;

/// Identifies one WebSocket connection (a participant may have had several).
pub(crate) type ConnId = u64;

/// One item of the fan-out ring.
#[derive(Debug)]
pub(crate) enum Outbound {
    /// A frame for every connection.
    Frame(Utf8Bytes),
    /// A log entry. Its sender's connection writes `ack` just before it, so
    /// an ack always means "sequenced, and on its way to everyone".
    Chat { frame: Utf8Bytes, origin: ConnId, ack: Utf8Bytes },
    /// A frame for one connection only (a poll's answer acked, the
    /// teacher's live results).
    To { target: ConnId, frame: Utf8Bytes },
    /// Close one connection (replaced or removed), after `frame` if any.
    Close { target: ConnId, frame: Option<Utf8Bytes>, code: u16, reason: &'static str },
    /// The session ended: every connection writes `frame`, then closes 1000.
    End(Utf8Bytes),
}
