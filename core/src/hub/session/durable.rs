//! The store's side of the session (the scheme is in `mod.rs`'s doc): a
//! writer slot reserved before the lock, operations handed to the writer
//! under it, broadcasts deferred until their operation is committed and then
//! published in order, and the writer closed at shutdown.

use std::sync::Arc;

use tokio::sync::mpsc::OwnedPermit;

use super::{Session, State};
use crate::hub::fanout::Outbound;
use crate::protocol::ChatEntry;
use crate::store::writer::WriteOp;
use crate::store::{HostedGuard, Store};

/// A reserved slot in the store writer's queue: taken (awaiting) before the
/// session lock, used under it. `None` without a store.
pub(crate) type Slot = Option<OwnedPermit<WriteOp>>;

/// A broadcast waiting for the writer.
#[derive(Debug)]
pub(super) enum Deferred {
    /// A log entry: into the log and onto the ring once stored.
    Chat(Arc<ChatEntry>, Outbound),
    /// Any other item.
    Send(Outbound),
}

impl Session {
    /// A slot in the store writer's queue for the next durable change;
    /// resolves at once without a store. Waits while the writer is behind
    /// (the caller bounds the wait).
    ///
    /// # Errors
    /// `Err` once the writer has been shut down.
    pub(crate) async fn reserve(&self) -> Result<Slot, ()> {
        if !self.durable {
            return Ok(None);
        }
        let writer = self.lock().writer.clone();
        match writer {
            Some(writer) => writer.reserve_owned().await.map(Some).map_err(|_| ()),
            None => Err(()),
        }
    }

    /// Resolves once the writer has committed the operations up to `op`.
    pub(crate) async fn stored(&self, op: u64) {
        let mut committed = self.committed.subscribe();
        // The sender lives as long as the session: `Err` cannot happen here.
        let _ = committed.wait_for(|&done| done >= op).await;
    }

    /// The writer reports the operations up to `ops` committed: publish
    /// what waited for them, in order. Runs on the writer's thread.
    pub(super) fn committed(&self, ops: u64) {
        let mut state = self.lock();
        state.ops_committed = ops;
        let retained = self.limits.history_retained;
        while state.deferred.front().is_some_and(|(op, _)| *op <= ops) {
            let Some((_, item)) = state.deferred.pop_front() else { break };
            match item {
                Deferred::Chat(entry, item) => state.publish(entry, item, retained),
                Deferred::Send(item) => state.send(item),
            }
        }
        drop(state);
        self.committed.send_replace(ops);
    }

    /// Shutdown: lets the writer finish what it has and waits (blocking)
    /// for it. Nothing is stored after this.
    pub(crate) fn close_store(&self) {
        let writer = self.lock().writer.take();
        drop(writer);
        let thread = self.writer_thread.lock().unwrap_or_else(|p| p.into_inner()).take();
        if let Some(thread) = thread {
            thread.join();
        }
        // Nothing more is written: the class is free for another hub now,
        // not only once the last holder of this session lets go of it.
        if let Some(hosted) = &self.hosted {
            hosted.release();
        }
    }

    /// The store this session is kept in, if any.
    pub(crate) fn store(&self) -> Option<&Store> {
        self.hosted.as_ref().map(HostedGuard::store)
    }
}

impl State {
    /// Hands `op` to the writer through `slot` (or, without one, if its
    /// queue has room); returns its operation number. `None` without a
    /// store, or when the writer is gone or full.
    pub(super) fn enqueue(&mut self, slot: Slot, op: WriteOp) -> Option<u64> {
        if !self.durable {
            return None;
        }
        match (slot, &self.writer) {
            (Some(slot), Some(_)) => {
                slot.send(op);
            }
            (None, Some(writer)) => {
                if let Err(err) = writer.try_send(op) {
                    tracing::warn!(cause = %err, "store writer queue full; change not stored");
                    return None;
                }
            }
            (_, None) => return None,
        }
        self.ops_enqueued += 1;
        Some(self.ops_enqueued)
    }

    /// Puts a log entry in the log and on the ring.
    pub(super) fn publish(&mut self, entry: Arc<ChatEntry>, item: Outbound, retained: usize) {
        self.published_seq = entry.seq;
        self.log.push_back(entry);
        if self.log.len() > retained {
            self.log.pop_front();
        }
        self.send(item);
    }

    /// Sends `item` now, or once the operation `after` is stored (and
    /// everything deferred before it has gone out).
    pub(super) fn send_after(&mut self, after: Option<u64>, item: Outbound) {
        match after {
            Some(op) if op <= self.ops_committed && self.deferred.is_empty() => self.send(item),
            Some(op) => self.deferred.push_back((op, Deferred::Send(item))),
            None if !self.deferred.is_empty() => {
                // Keep the order: this goes after what already waits.
                let op = self.deferred.back().map_or(0, |(op, _)| *op);
                self.deferred.push_back((op, Deferred::Send(item)));
            }
            None => self.send(item),
        }
    }
}
