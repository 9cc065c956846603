//! What a hosted class tells its teacher beside the connection's events:
//! whether it is being saved, and whether someone is guessing the class
//! code. Both come from the hub as watched values; [`HostWatch::next`]
//! turns their changes into [`HostEvent`]s for the class's forwarder.

use tokio::sync::watch;
use tokio::time::{sleep_until, Instant};
use tracing::{info, warn};

use super::events::HostEvent;
use crate::hub::{HubHandle, WrongAttempts};
use crate::store::StorageState;

/// Wrong codes in the attempt window (a minute) from which the teacher is
/// told someone may be guessing: a student mistyping twice is not news, a
/// guesser's tenth try is. Below it nothing is said.
pub const GUESSING_ALERT_AT: u32 = 5;

/// A hosted class's watched values, as the forwarder reads them.
pub(super) struct HostWatch {
    storage: Option<watch::Receiver<StorageState>>,
    wrong: Option<watch::Receiver<WrongAttempts>>,
    /// The count last reported to the teacher (0: nothing is shown).
    reported: u32,
    /// When the reported count's window ends (it is 0 from then on).
    until: Option<Instant>,
}

impl HostWatch {
    /// Watches `hub`'s values from now on: their current states are in the
    /// class's [`super::HostInfo`] already.
    pub(super) fn new(hub: &HubHandle) -> Self {
        let mut storage = hub.storage();
        storage.mark_unchanged();
        let mut wrong = hub.wrong_attempts();
        wrong.mark_unchanged();
        Self { storage: Some(storage), wrong: Some(wrong), reported: 0, until: None }
    }

    /// The next event for the teacher; never resolves once the hub is gone.
    pub(super) async fn next(&mut self) -> HostEvent {
        loop {
            tokio::select! {
                Some(state) = changed(&mut self.storage) => {
                    match &state {
                        StorageState::Failing { message, .. } => warn!(%message, "the class is not being saved"),
                        _ => info!(?state, "class storage"),
                    }
                    return HostEvent::Storage(state);
                }
                Some(attempts) = changed(&mut self.wrong) => {
                    if let Some(event) = self.guessing(attempts) {
                        return event;
                    }
                }
                () = window_end(self.until) => {
                    if let Some(event) = self.guessing(WrongAttempts::default()) {
                        return event;
                    }
                }
            }
        }
    }

    /// What the teacher is told of `attempts`, if anything changed for them.
    fn guessing(&mut self, attempts: WrongAttempts) -> Option<HostEvent> {
        let count = if attempts.count >= GUESSING_ALERT_AT { attempts.count } else { 0 };
        self.until = attempts.until.filter(|_| count > 0);
        if count == self.reported {
            return None;
        }
        self.reported = count;
        if count > 0 {
            warn!(wrong = count, "someone may be guessing the class code");
        }
        Some(HostEvent::Guessing { wrong_codes: count })
    }
}

/// The next value of a watched channel; never, once its sender is gone.
async fn changed<T: Clone>(receiver: &mut Option<watch::Receiver<T>>) -> Option<T> {
    let Some(live) = receiver.as_mut() else {
        return std::future::pending().await;
    };
    if live.changed().await.is_err() {
        *receiver = None;
        return std::future::pending().await;
    }
    Some(live.borrow_and_update().clone())
}

/// Resolves when the reported count's window ends; never without one.
async fn window_end(until: Option<Instant>) {
    match until {
        Some(at) => sleep_until(at).await,
        None => std::future::pending().await,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn watch_without_hub() -> HostWatch {
        HostWatch { storage: None, wrong: None, reported: 0, until: None }
    }

    /// A mistyped code or two says nothing; from the threshold on each new
    /// count is reported, and once it falls back, 0 once.
    #[test]
    fn only_a_guesser_is_reported() {
        let mut watch = watch_without_hub();
        let until = Some(Instant::now() + Duration::from_secs(60));
        let at = |count| WrongAttempts { count, until };
        assert_eq!(watch.guessing(at(2)), None);
        assert_eq!(watch.guessing(at(GUESSING_ALERT_AT - 1)), None);
        assert_eq!(watch.guessing(at(GUESSING_ALERT_AT)), Some(HostEvent::Guessing { wrong_codes: 5 }));
        assert_eq!(watch.guessing(at(14)), Some(HostEvent::Guessing { wrong_codes: 14 }));
        assert_eq!(watch.until, until);
        assert_eq!(watch.guessing(WrongAttempts::default()), Some(HostEvent::Guessing { wrong_codes: 0 }));
        assert_eq!(watch.guessing(WrongAttempts::default()), None);
        assert_eq!(watch.until, None);
    }

    /// The count a window held is taken back when the window ends, without
    /// any new attempt.
    #[tokio::test(start_paused = true)]
    async fn the_alert_ends_with_its_window() {
        let (tx, rx) = watch::channel(WrongAttempts::default());
        let mut watch = HostWatch { storage: None, wrong: Some(rx), reported: 0, until: None };
        let until = Instant::now() + Duration::from_secs(60);
        tx.send_replace(WrongAttempts { count: 9, until: Some(until) });
        assert_eq!(watch.next().await, HostEvent::Guessing { wrong_codes: 9 });
        assert_eq!(watch.next().await, HostEvent::Guessing { wrong_codes: 0 });
        assert!(Instant::now() >= until, "not before the window ended");
        drop(tx);
    }
}
