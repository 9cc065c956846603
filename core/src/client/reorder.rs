//! Turns what arrives from the hub (welcome history, live entries, history
//! pages, resends) into each log entry exactly once, in `seq` order, and
//! says when something is missing and must be fetched.
//!
//! What waits behind a gap is bounded in entries and bytes, so a hub that
//! sends entries after a gap it never fills cannot grow it without limit:
//! beyond the bounds the newest are let go (the oldest are needed first)
//! and, since the hub still holds them, fetched again once the gap below
//! them is filled. Gaps are filled from their oldest end, a page at a
//! time, so an honest hub never makes the client hold more than about two
//! pages plus what is said meanwhile.

use std::collections::BTreeMap;
use std::mem::size_of;

use crate::protocol::{ChatEntry, Seq};

/// Entries a gap is asked for at a time, from its oldest end: the hub's
/// page (`history:fetch` answers at most 100; a hub with smaller pages
/// answers the newest of them, and the rest of the window is asked for
/// next).
const FETCH_WINDOW: Seq = 100;

/// What the reorder buffer wants done next.
#[derive(Debug, PartialEq, Eq)]
pub(crate) enum Next {
    /// Deliver these, in order.
    Deliver(Vec<ChatEntry>),
    /// Entries before `before` are missing: ask the hub for them.
    Fetch { before: Seq },
}

#[derive(Debug)]
pub(crate) struct Reorder {
    /// Newest `seq` delivered.
    last_seq: Seq,
    /// Newest `seq` known to exist at the hub.
    newest: Seq,
    waiting: BTreeMap<Seq, ChatEntry>,
    /// What `waiting` holds, as [`entry_bytes`] counts it.
    waiting_bytes: usize,
    fetching: bool,
    /// Entries `waiting` may hold (at least one is always kept).
    max_entries: usize,
    /// Bytes `waiting` may hold (at least one entry is always kept).
    max_bytes: usize,
}

/// What an entry takes in memory, near enough: its fields' text and the
/// struct itself.
fn entry_bytes(entry: &ChatEntry) -> usize {
    size_of::<ChatEntry>()
        + entry.id.len()
        + entry.client_id.len()
        + entry.from.id.len()
        + entry.from.name.len()
        + entry.text.len()
        + entry.ts.len()
}

impl Reorder {
    /// Starts after `last_seq`, holding at most `max_entries` entries and
    /// `max_bytes` bytes behind a gap.
    pub(crate) fn new(last_seq: Seq, max_entries: usize, max_bytes: usize) -> Self {
        Self {
            last_seq,
            newest: last_seq,
            waiting: BTreeMap::new(),
            waiting_bytes: 0,
            fetching: false,
            max_entries,
            max_bytes,
        }
    }

    /// Newest `seq` delivered so far.
    pub(crate) fn last_seq(&self) -> Seq {
        self.last_seq
    }

    /// Newest `seq` the hub is known to have (delivered or not).
    pub(crate) fn newest(&self) -> Seq {
        self.newest
    }

    /// A new session (the hub restarted without its log): start over.
    pub(crate) fn reset(&mut self) {
        *self = Self::new(0, self.max_entries, self.max_bytes);
    }

    /// Starts after `seq`: entries up to it are not wanted in order (they
    /// are shown on request, older first).
    pub(crate) fn skip_to(&mut self, seq: Seq) {
        self.last_seq = self.last_seq.max(seq);
        self.newest = self.newest.max(seq);
        self.forget_up_to(seq);
    }

    /// A new connection: an answer to a fetch on the old one never comes.
    pub(crate) fn reconnected(&mut self, hub_newest: Seq) {
        self.fetching = false;
        self.newest = self.newest.max(hub_newest);
    }

    /// Takes entries in any order, duplicates included. Returns how many
    /// it let go because the buffer was full (they are fetched again).
    pub(crate) fn accept(&mut self, entries: impl IntoIterator<Item = ChatEntry>) -> usize {
        let mut let_go = 0;
        for entry in entries {
            if entry.seq <= self.last_seq || self.waiting.contains_key(&entry.seq) {
                continue;
            }
            self.newest = self.newest.max(entry.seq);
            self.waiting_bytes += entry_bytes(&entry);
            self.waiting.insert(entry.seq, entry);
            while self.waiting.len() > 1
                && (self.waiting.len() > self.max_entries || self.waiting_bytes > self.max_bytes)
            {
                if let Some((_, newest)) = self.waiting.pop_last() {
                    self.waiting_bytes -= entry_bytes(&newest);
                    let_go += 1;
                }
            }
        }
        let_go
    }

    /// A history page arrived; `first_seq` is the oldest entry the hub
    /// still holds. Returns the range lost for good, if any, and how many
    /// entries were let go as in [`Self::accept`].
    pub(crate) fn history(&mut self, entries: Vec<ChatEntry>, first_seq: Seq) -> (Option<(Seq, Seq)>, usize) {
        self.fetching = false;
        let let_go = self.accept(entries);
        let gone_up_to = first_seq.saturating_sub(1);
        if gone_up_to > self.last_seq {
            let lost = (self.last_seq + 1, gone_up_to);
            self.last_seq = gone_up_to;
            self.forget_up_to(gone_up_to);
            return (Some(lost), let_go);
        }
        (None, let_go)
    }

    /// The contiguous run after `last_seq`, or a fetch for what is missing:
    /// the window of entries right after `last_seq`, up to the first one
    /// waiting (or past the newest known).
    pub(crate) fn next(&mut self) -> Option<Next> {
        let mut run = Vec::new();
        while let Some(entry) = self.last_seq.checked_add(1).and_then(|next| self.waiting.remove(&next)) {
            self.waiting_bytes -= entry_bytes(&entry);
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
        let above = self.waiting.keys().next().copied().unwrap_or(self.newest.saturating_add(1));
        let window = self.last_seq.saturating_add(1).saturating_add(FETCH_WINDOW);
        Some(Next::Fetch { before: above.min(window) })
    }

    /// Lets go of what waits up to `seq`.
    fn forget_up_to(&mut self, seq: Seq) {
        let mut freed = 0;
        self.waiting.retain(|waiting, entry| {
            let keep = *waiting > seq;
            if !keep {
                freed += entry_bytes(entry);
            }
            keep
        });
        self.waiting_bytes -= freed;
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
            removed: false,
            reactions: Vec::new(),
            quote: None,
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
        let mut reorder = Reorder::new(0, 1000, 1 << 20);
        reorder.accept([entry(2), entry(1), entry(2), entry(3)]);
        assert_eq!(seqs(reorder.next()), vec![1, 2, 3]);
        reorder.accept([entry(3), entry(1)]);
        assert_eq!(reorder.next(), None, "duplicates are dropped");
        assert_eq!(reorder.last_seq(), 3);
    }

    #[test]
    fn fetches_a_gap_before_delivering_past_it() {
        let mut reorder = Reorder::new(10, 1000, 1 << 20);
        reorder.accept([entry(14), entry(15)]);
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 14 }));
        assert_eq!(reorder.next(), None, "one fetch at a time");
        assert_eq!(reorder.history(vec![entry(12), entry(13)], 1), (None, 0));
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 12 }));
        assert_eq!(reorder.history(vec![entry(10), entry(11)], 1), (None, 0));
        assert_eq!(seqs(reorder.next()), vec![11, 12, 13, 14, 15]);
    }

    #[test]
    fn fetches_a_tail_the_welcome_announced() {
        let mut reorder = Reorder::new(5, 1000, 1 << 20);
        reorder.reconnected(7);
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 8 }));
        reorder.history(vec![entry(6), entry(7)], 1);
        assert_eq!(seqs(reorder.next()), vec![6, 7]);
    }

    #[test]
    fn reports_what_the_hub_no_longer_has() {
        let mut reorder = Reorder::new(3, 1000, 1 << 20);
        reorder.accept([entry(20)]);
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 20 }));
        assert_eq!(reorder.history(vec![entry(18), entry(19)], 18), (Some((4, 17)), 0));
        assert_eq!(seqs(reorder.next()), vec![18, 19, 20]);
    }

    #[test]
    fn fills_a_long_gap_from_its_oldest_end() {
        let mut reorder = Reorder::new(0, 1000, 1 << 20);
        reorder.reconnected(1000);
        reorder.accept((901..=1000).map(entry));
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 101 }), "the oldest page first");
        assert_eq!(reorder.history((1..=100).map(entry).collect(), 1), (None, 0));
        assert_eq!(seqs(reorder.next()), (1..=100).collect::<Vec<_>>());
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 201 }));
        // A hub with smaller pages answers the newest of the window: the
        // rest of it is asked for next.
        reorder.history((181..=200).map(entry).collect(), 1);
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 181 }));
    }

    #[test]
    fn holds_at_most_max_entries_behind_a_gap_and_fetches_the_rest_again() {
        let mut reorder = Reorder::new(0, 10, 1 << 20);
        assert_eq!(reorder.accept((2..=50).map(entry)), 39, "the newest let go");
        assert_eq!(reorder.waiting.len(), 10);
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 2 }));
        // The gap's entry comes: the newest waiting one makes room for it.
        assert_eq!(reorder.history(vec![entry(1)], 1), (None, 1));
        assert_eq!(seqs(reorder.next()), (1..=10).collect::<Vec<_>>());
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 51 }), "what was let go, again");
        assert_eq!(reorder.history((11..=50).map(entry).collect(), 1), (None, 30));
        assert_eq!(seqs(reorder.next()), (11..=20).collect::<Vec<_>>());
    }

    #[test]
    fn holds_at_most_max_bytes_behind_a_gap_but_always_one_entry() {
        let big = |seq| ChatEntry { text: "x".repeat(1000), ..entry(seq) };
        let mut reorder = Reorder::new(0, 1000, 4000);
        reorder.accept((2..=9).map(big));
        assert_eq!(reorder.waiting.keys().copied().collect::<Vec<_>>(), [2, 3, 4]);
        assert!(reorder.waiting_bytes <= 4000);
        let mut tiny = Reorder::new(0, 0, 0);
        tiny.accept([big(3), big(2)]);
        assert_eq!(tiny.waiting.keys().copied().collect::<Vec<_>>(), [2], "the oldest is kept");
        tiny.accept([entry(1)]);
        assert_eq!(seqs(tiny.next()), [1]);
    }

    #[test]
    fn seqs_at_the_end_of_the_range_do_not_overflow() {
        let mut reorder = Reorder::new(Seq::MAX - 1, 10, 1 << 20);
        reorder.accept([entry(Seq::MAX)]);
        assert_eq!(seqs(reorder.next()), [Seq::MAX]);
        assert_eq!(reorder.next(), None);
        let mut reorder = Reorder::new(0, 10, 1 << 20);
        reorder.accept([entry(Seq::MAX)]);
        assert_eq!(reorder.next(), Some(Next::Fetch { before: 101 }));
    }
}
