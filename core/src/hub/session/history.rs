//! History paging: a `history:fetch` answered from the entries memory
//! holds, or, with a store and a page older than those, from the store.

use axum::extract::ws::Utf8Bytes;

use super::{serialise, Session, State};
use crate::protocol::{ChatEntry, Seq, ServerFrame};
use crate::store::Store;

/// Where a `history:fetch` is answered from.
pub(crate) enum History {
    /// The page, from memory.
    Ready(Utf8Bytes),
    /// The page reaches past what memory holds: read it from the store.
    Stored { store: Store, session: String, before: Seq, page: usize },
}

impl Session {
    /// A page of the log before `before`, oldest first: from memory, or
    /// (with a store, for a page older than memory holds) from the store.
    pub(crate) fn history(&self, before: Option<Seq>, limit: Option<u32>) -> History {
        let page = self.page_size(limit);
        let state = self.lock();
        let first_seq = state.log.front().map_or(state.published_seq + 1, |e| e.seq);
        let before = before.unwrap_or(Seq::MAX).min(state.published_seq + 1);
        if let Some(store) = self.store() {
            if before.saturating_sub(page as u64) < first_seq && first_seq > 1 {
                drop(state);
                let (store, session) = (store.clone(), self.info.id.clone());
                return History::Stored { store, session, before, page };
            }
            // The whole log is stored: nothing before 1 is gone.
            let messages = state.history_page(before, page);
            drop(state);
            let messages = newest_within(messages, self.limits.history_page_bytes);
            return History::Ready(serialise(&ServerFrame::History { messages, first_seq: 1 }));
        }
        let messages = state.history_page(before, page);
        drop(state);
        let messages = newest_within(messages, self.limits.history_page_bytes);
        History::Ready(serialise(&ServerFrame::History { messages, first_seq }))
    }

    /// A page from memory alone, saying where memory starts.
    pub(crate) fn memory_history(&self, before: Seq, limit: Option<u32>) -> Utf8Bytes {
        let page = self.page_size(limit);
        let state = self.lock();
        let first_seq = state.log.front().map_or(state.published_seq + 1, |e| e.seq);
        let messages = state.history_page(before, page);
        drop(state);
        let messages = newest_within(messages, self.limits.history_page_bytes);
        serialise(&ServerFrame::History { messages, first_seq })
    }

    fn page_size(&self, limit: Option<u32>) -> usize {
        limit.map_or(self.limits.history_page, |l| (l as usize).min(self.limits.history_page))
    }

    /// The history frame for a page read from the store.
    pub(crate) fn stored_history(&self, messages: Vec<ChatEntry>) -> Utf8Bytes {
        let messages = newest_within(messages, self.limits.history_page_bytes);
        serialise(&ServerFrame::History { messages, first_seq: 1 })
    }
}

/// The newest entries of `page` (oldest first) whose texts together hold at
/// most `max_bytes` of UTF-8, and always the newest one: a page, or a
/// welcome, stays small whatever the messages; the client fetches on from
/// the first entry it got.
pub(super) fn newest_within(mut page: Vec<ChatEntry>, max_bytes: usize) -> Vec<ChatEntry> {
    let mut total = 0usize;
    let mut keep = 0;
    for entry in page.iter().rev() {
        total = total.saturating_add(entry.text.len());
        if total > max_bytes && keep > 0 {
            break;
        }
        keep += 1;
    }
    page.drain(..page.len() - keep);
    page
}

impl State {
    /// Up to `page` entries before `before` that memory holds, oldest first.
    fn history_page(&self, before: Seq, page: usize) -> Vec<ChatEntry> {
        let before = before.min(self.published_seq + 1);
        let in_memory = self.log.front().map_or(self.published_seq + 1, |e| e.seq);
        let end = before.saturating_sub(in_memory).min(self.log.len() as u64) as usize;
        let start = end.saturating_sub(page);
        self.log.range(start..end).map(|e| ChatEntry::clone(e)).collect()
    }
}
