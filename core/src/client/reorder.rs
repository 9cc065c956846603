//! Turns what arrives from the hub (welcome history, live entries, history
//! pages, resends) into each log entry exactly once, in `seq` order, and
//! says when something is missing and must be fetched.

use std::collections::BTreeMap;

use crate::protocol::{ChatEntry, Seq};

/// What the reorder buffer wants done next.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Deliver these, in order.
    Deliver(Vec<ChatEntry>),
    /// Entries before `before` are missing: ask the hub for them.
    Fetch { before: Seq },
}

#[derive(Debug, Default)]
pub(crate) struct Reorder {
    /// Newest `seq` delivered.
    last_seq: Seq,
    /// Newest `seq` known to exist at the hub.
    newest: Seq,
    waiting: BTreeMap<Seq, ChatEntry>,
    fetching: bool,
}

impl Reorder {
    pub(crate) fn new(last_seq: Seq) -> Self {
        Self { last_seq, newest: last_seq, ..Self::default() }
    }

    /// Newest `seq` delivered so far.
    pub(crate) fn last_seq(&self) -> Seq {
        self.last_seq
    }

    /// A new session (the hub restarted without its log): start over.
    pub(crate) fn reset(&mut self) {
        *self = Self::default();
    }

    /// Starts after `seq`: entries up to it are not wanted in order (they
    /// are shown on request, older first).
    pub(crate) fn skip_to(&mut self, seq: Seq) {
        self.last_seq = self.last_seq.max(seq);
        self.newest = self.newest.max(seq);
        self.waiting.retain(|s, _| *s > seq);
    }

    /// A new connection: an answer to a fetch on the old one never comes.
    pub(crate) fn reconnected(&mut self, hub_newest: Seq) {
        self.fetching = false;
        self.newest = self.newest.max(hub_newest);
    }

    /// Takes entries in any order, duplicates included.
    pub(crate) fn accept(&mut self, entries: impl IntoIterator<Item = ChatEntry>) {
        for entry in entries {
            if entry.seq > self.last_seq {
                self.newest = self.newest.max(entry.seq);
                self.waiting.insert(entry.seq, entry);
            }
        }
    }

    /// A history page arrived; `first_seq` is the oldest entry the hub
    /// still holds. Returns the range lost for good, if any.
    pub(crate) fn history(&mut self, entries: Vec<ChatEntry>, first_seq: Seq) -> Option<(Seq, Seq)> {
        self.fetching = false;
        self.accept(entries);
        let gone_up_to = first_seq.saturating_sub(1);
        if gone_up_to > self.last_seq {
            let lost = (self.last_seq + 1, gone_up_to);
            self.last_seq = gone_up_to;
            self.waiting.retain(|seq, _| *seq > gone_up_to);
            return Some(lost);
        }
        None
    }

    /// The contiguous run after `last_seq`, or a fetch for what is missing.
    pub(crate) fn next(&mut self) -> Option<Next> {
        let mut run = Vec::new();
        while let Some(entry) = self.waiting.remove(&(self.last_seq + 1)) {
            self.last_seq = entry.seq;
            run.push(entry);
        }
        if !run.is_empty() {
            return Some(Next::Deliver(run));
        }
        if self.newest <= self.last_seq || self.fetching {
            return None;
        }
        self.fetching = true;
        let before = self.waiting.keys().next().copied().unwrap_or(self.newest + 1);
        Some(Next::Fetch { before })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::{Identity, Role};

    fn entry(seq: Seq) -> ChatEntry {
        ChatEntry {
            seq,
            id: format!("m_{seq}"),
            client_id: format!("c-{seq}"),
            from: Identity { id: "p_2".into(), name: "Ada".into(), role: Role::Student },
            text: format!("message {seq}"),
            ts: "2026-11-25T10:00:00Z".into(),
        }
    }

    fn seqs(next: Option<Next>) -> Vec<Seq> {
        match next {
            Some(Next::Deliver(run)) => run.iter().map(|e| e.seq).collect(),
            other => panic!("expected a delivery, got {other:?}"),
        }
    }

    #[test]
    fn delivers_in_order_once() {
        let mut reorder = Reorder::new(0);
        reorder.accept([entry(2), entry(1), entry(2), entry(3)]);
        assert_eq!(seqs(reorder.next()), vec![1, 2, 3]);
        reorder.accept([entry(3), entry(1)]);
        assert_eq!(reorder.next(), None, "duplicates are dropped");
        assert_eq!(reorder.last_seq(), 3);
    }

    #[test]
    fn fetches_a_gap_before_delivering_past_it() {
        let mut reorder = Reorder::new(10);
        reorder.accept([entry(14), entry(15)]);
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 14 }));
        assert_eq!(reorder.next(), None, "one fetch at a time");
        assert_eq!(reorder.history(vec![entry(12), entry(13)], 1), None);
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 12 }));
        assert_eq!(reorder.history(vec![entry(10), entry(11)], 1), None);
        assert_eq!(seqs(reorder.next()), vec![11, 12, 13, 14, 15]);
    }

    #[test]
    fn fetches_a_tail_the_welcome_announced() {
        let mut reorder = Reorder::new(5);
        reorder.reconnected(7);
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 8 }));
        reorder.history(vec![entry(6), entry(7)], 1);
        assert_eq!(seqs(reorder.next()), vec![6, 7]);
    }

    #[test]
    fn reports_what_the_hub_no_longer_has() {
        let mut reorder = Reorder::new(3);
        reorder.accept([entry(20)]);
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 20 }));
        assert_eq!(reorder.history(vec![entry(18), entry(19)], 18), Some((4, 17)));
        assert_eq!(seqs(reorder.next()), vec![18, 19, 20]);
    }
}
