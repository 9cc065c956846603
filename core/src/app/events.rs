//! The one ordered stream of events from the app to a UI ([`AppEvent`]):
//! the class connection's events and, in a hosted class, whether it is
//! being saved, in the order they happened, from one task.

use serde::Serialize;

use crate::client::ClientEvent;
use crate::store::StorageState;

/// Events about a class this app hosts, beside its connection's. Serialised
/// like [`ClientEvent`]: `{"kind": "storage", "data": {…}}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(tag = "kind", content = "data", rename_all = "camelCase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[non_exhaustive]
pub enum HostEvent {
    /// Whether the hosted class is being saved changed (saving failed, or
    /// works again); it starts as [`super::HostInfo::storage`].
    Storage(StorageState),
    /// Someone may be guessing the class code: this many wrong codes (or
    /// resume tokens) in the last minute, from every address, once they
    /// reach [`super::GUESSING_ALERT_AT`]; 0 when the guessing stopped
    /// (a minute without enough of them, or the code was changed). The
    /// teacher can change the code ([`super::App::change_code`]).
    #[serde(rename_all = "camelCase")]
    Guessing {
        /// Wrong codes in the last minute; 0: no longer guessing.
        wrong_codes: u32,
    },
}

/// Everything a UI shows about the open class, in one sequence: a
/// [`ClientEvent`] or a [`HostEvent`], both `{"kind": …, "data": …}`. The
/// resume token is not in it (the app keeps a student's seat itself), and
/// the last event of a class is its `Closed` state, sent once the app is
/// free for the next class.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(untagged)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub enum AppEvent {
    /// The class connection's event.
    Class(ClientEvent),
    /// The hosted class's event.
    Host(HostEvent),
}

impl From<ClientEvent> for AppEvent {
    fn from(event: ClientEvent) -> Self {
        Self::Class(event)
    }
}

impl From<HostEvent> for AppEvent {
    fn from(event: HostEvent) -> Self {
        Self::Host(event)
    }
}

/// Where a UI receives a class's [`AppEvent`]s: called in order, from one task.
pub type EventSink = Box<dyn Fn(AppEvent) + Send + Sync>;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::client::{CloseReason, ConnectionState};
    use crate::protocol::ErrorCode;
    use serde_json::json;

    /// Both kinds of event read the same way: `{kind, data}`, states
    /// flattened with their reason.
    #[test]
    fn events_serialise_as_kind_and_data() {
        let refused = AppEvent::from(ClientEvent::State(ConnectionState::Closed(CloseReason::Refused {
            code: ErrorCode::BadCode,
            message: "Wrong code.".into(),
        })));
        assert_eq!(
            serde_json::to_value(&refused).expect("json"),
            json!({"kind": "state", "data": {"state": "closed", "reason": "refused", "code": "bad_code", "message": "Wrong code."}})
        );
        let queued = AppEvent::from(ClientEvent::Queued { client_id: "c-1".into(), text: "Hi".into() });
        assert_eq!(
            serde_json::to_value(&queued).expect("json"),
            json!({"kind": "queued", "data": {"client_id": "c-1", "text": "Hi"}})
        );
        let storage = AppEvent::from(HostEvent::Storage(StorageState::Ok));
        assert_eq!(
            serde_json::to_value(&storage).expect("json"),
            json!({"kind": "storage", "data": serde_json::to_value(StorageState::Ok).expect("json")})
        );
        let guessing = AppEvent::from(HostEvent::Guessing { wrong_codes: 14 });
        assert_eq!(
            serde_json::to_value(&guessing).expect("json"),
            json!({"kind": "guessing", "data": {"wrongCodes": 14}})
        );
        let loading = AppEvent::from(ClientEvent::LoadingEarlier);
        assert_eq!(serde_json::to_value(&loading).expect("json"), json!({"kind": "loadingEarlier"}));
    }
}
