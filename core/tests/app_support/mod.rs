//! What the app tests share: sinks whose events a test reads back, and
//! waiting for the event it is after. Every wait is bounded.

#![allow(dead_code)]

use std::time::Duration;

use classroom_core::app::{AppEvent, EventSink, HostEvent};
use classroom_core::client::ClientEvent;
use classroom_core::store::StorageState;
use tokio::sync::mpsc;

/// An event sink for an `App` and the class events it received, in order.
pub fn event_sink() -> (EventSink, mpsc::UnboundedReceiver<ClientEvent>) {
    let (sink, events, _) = split_sink();
    (sink, events)
}

/// An event sink for a hosting `App`, split into the class events and the
/// storage states (each in the order the app sent them).
pub fn split_sink() -> (EventSink, mpsc::UnboundedReceiver<ClientEvent>, mpsc::UnboundedReceiver<StorageState>)
{
    let (events_tx, events) = mpsc::unbounded_channel();
    let (states_tx, states) = mpsc::unbounded_channel();
    let sink: EventSink = Box::new(move |event| match event {
        AppEvent::Class(event) => drop(events_tx.send(event)),
        AppEvent::Host(HostEvent::Storage(state)) => drop(states_tx.send(state)),
        other => panic!("an event the tests do not know: {other:?}"),
    });
    (sink, events, states)
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
