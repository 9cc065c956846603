//! Messages the user sent that the hub has not acked yet.
//!
//! Entries keep their client id for life, so a resend after a reconnect is
//! recognised by the hub and never posted twice. The outbox also paces
//! sending to the hub's advertised rate, so a burst typed offline goes out
//! as fast as allowed instead of being refused.

use std::collections::VecDeque;
use std::num::NonZeroU32;
use std::time::Duration;

use governor::clock::{Clock, DefaultClock};
use governor::{DefaultDirectRateLimiter, Quota, RateLimiter};

use crate::protocol::SessionLimits;

/// One unacked message.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pending {
    pub id: String,
    pub text: String,
}

#[derive(Debug)]
pub(crate) struct Outbox {
    entries: VecDeque<Pending>,
    /// Entries `[..on_wire]` were written on the current connection.
    on_wire: usize,
    limit: usize,
    pace: Option<DefaultDirectRateLimiter>,
    prefix: String,
    counter: u64,
}

impl Outbox {
    /// `prefix` makes ids unique across restarts of the same participant.
    pub(crate) fn new(limit: usize, prefix: String) -> Self {
        Self { entries: VecDeque::new(), on_wire: 0, limit, pace: None, prefix, counter: 0 }
    }

    pub(crate) fn len(&self) -> usize {
        self.entries.len()
    }

    /// Queues a message; `None` when the outbox is full.
    pub(crate) fn push(&mut self, text: String) -> Option<String> {
        if self.entries.len() >= self.limit {
            return None;
        }
        self.counter += 1;
        let id = format!("{}-{}", self.prefix, self.counter);
        self.entries.push_back(Pending { id: id.clone(), text });
        Some(id)
    }

    /// Forgets a message the hub acked or refused; true if it was here.
    pub(crate) fn settle(&mut self, id: &str) -> bool {
        let Some(index) = self.entries.iter().position(|p| p.id == id) else {
            return false;
        };
        self.entries.remove(index);
        if index < self.on_wire {
            self.on_wire -= 1;
        }
        true
    }

    /// A new connection: nothing is on the wire any more, everything goes
    /// again, paced by the hub's (possibly new) limits.
    pub(crate) fn reconnected(&mut self, limits: &SessionLimits) {
        self.on_wire = 0;
        self.pace = NonZeroU32::new(limits.send_rate).map(|rate| {
            let burst = NonZeroU32::new(limits.send_burst).unwrap_or(rate);
            RateLimiter::direct(Quota::per_second(rate).allow_burst(burst))
        });
    }

    /// The connection dropped: what was written must go again later.
    pub(crate) fn disconnected(&mut self) {
        self.on_wire = 0;
    }

    /// The next message the pace allows now, marked as written; or how long
    /// to wait before asking again (`Err(None)`: nothing to send).
    pub(crate) fn next_to_send(&mut self) -> Result<Pending, Option<Duration>> {
        let next = self.entries.get(self.on_wire).ok_or(None)?;
        if let Some(pace) = &self.pace {
            if let Err(not_until) = pace.check() {
                return Err(Some(not_until.wait_time_from(DefaultClock::default().now())));
            }
        }
        self.on_wire += 1;
        Ok(next.clone())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(max_text_chars: usize, send_rate: u32, send_burst: u32) -> SessionLimits {
        SessionLimits {
            max_text_chars,
            send_rate,
            send_burst,
            ..crate::hub::Limits::default().session_limits()
        }
    }

    fn unlimited() -> SessionLimits {
        limits(2000, 0, 0)
    }

    #[test]
    fn resends_everything_unacked_with_the_same_ids() {
        let mut outbox = Outbox::new(10, "x".into());
        outbox.reconnected(&unlimited());
        let a = outbox.push("a".into()).unwrap();
        let b = outbox.push("b".into()).unwrap();
        assert_eq!(outbox.next_to_send().unwrap().id, a);
        assert_eq!(outbox.next_to_send().unwrap().id, b);
        assert_eq!(outbox.next_to_send(), Err(None));
        assert!(outbox.settle(&a));
        outbox.disconnected();
        outbox.reconnected(&unlimited());
        assert_eq!(outbox.next_to_send().unwrap(), Pending { id: b, text: "b".into() });
        assert_eq!(outbox.next_to_send(), Err(None));
    }

    #[test]
    fn ids_are_unique_and_the_outbox_is_bounded() {
        let mut outbox = Outbox::new(2, "p".into());
        assert_eq!(outbox.push("1".into()).as_deref(), Some("p-1"));
        assert_eq!(outbox.push("2".into()).as_deref(), Some("p-2"));
        assert_eq!(outbox.push("3".into()), None);
        assert!(!outbox.settle("p-9"));
    }

    #[test]
    fn pace_follows_the_hub_limits() {
        let mut outbox = Outbox::new(100, "p".into());
        outbox.reconnected(&limits(10, 5, 3));
        for n in 0..5 {
            outbox.push(n.to_string());
        }
        for _ in 0..3 {
            assert!(outbox.next_to_send().is_ok());
        }
        let wait = outbox.next_to_send().unwrap_err().expect("a wait, not an empty outbox");
        assert!(wait > Duration::ZERO && wait <= Duration::from_millis(200), "{wait:?}");
    }
}
