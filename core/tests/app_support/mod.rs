//! What the app tests share: sinks whose events a test reads back, and
//! waiting for the event it is after. Every wait is bounded.

#![allow(dead_code)]

use std::time::Duration;

use classroom_core::app::{EventSink, StorageSink};
use classroom_core::client::ClientEvent;
use classroom_core::store::StorageState;
use tokio::sync::mpsc;

/// An event sink for an `App` and its receiving end.
pub fn event_sink() -> (EventSink, mpsc::UnboundedReceiver<ClientEvent>) {
    let (tx, rx) = mpsc::unbounded_channel();
    (Box::new(move |event| drop(tx.send(event))), rx)
}

/// A storage sink for a hosting `App` and its receiving end.
pub fn storage_sink() -> (StorageSink, mpsc::UnboundedReceiver<StorageState>) {
    let (tx, rx) = mpsc::unbounded_channel();
    (Box::new(move |state| drop(tx.send(state))), rx)
}

/// A storage sink for tests that do not look at it.
pub fn unwatched() -> StorageSink {
    Box::new(|_| {})
}

/// The first item `pick` accepts, waiting at most `limit` for it.
pub async fn first_within<E, T>(
    limit: Duration,
    rx: &mut mpsc::UnboundedReceiver<E>,
    mut pick: impl FnMut(&E) -> Option<T>,
) -> T {
    tokio::time::timeout(limit, async {
        loop {
            let item = rx.recv().await.expect("events go on");
            if let Some(found) = pick(&item) {
                return found;
            }
        }
    })
    .await
    .expect("the event came in time")
}
