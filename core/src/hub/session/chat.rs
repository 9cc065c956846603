//! Chat: a message checked (its id seen before, its length, the sender's
//! rate), sequenced and, with a store, stored; typing changes, throttled.

use std::sync::Arc;

use axum::extract::ws::Utf8Bytes;
use tokio::time::Instant;

use super::{serialise, Deferred, Refusal, Session, Slot};
use crate::hub::fanout::{ConnId, Outbound};
use crate::protocol::{ChatEntry, ErrorCode, ServerFrame};
use crate::store::writer::WriteOp;
use crate::timestamp::now_rfc3339;

/// What became of a chat message.
#[derive(Debug)]
pub(crate) enum Posted {
    /// Sequenced and on the ring; the ack travels with it.
    Sequenced,
    /// Seen before: here is the ack with the first `seq`.
    Duplicate(Utf8Bytes),
    /// Seen before, but not stored yet: write the ack once the operations
    /// up to `after` are committed.
    DuplicatePending { ack: Utf8Bytes, after: u64 },
}

impl Session {
    /// Sequences a chat message and puts it on the ring; with a store, hands
    /// it to the writer (through `slot`) and puts it on the ring once stored.
    pub(crate) fn post(
        &self,
        member: usize,
        conn: ConnId,
        id: String,
        text: &str,
        slot: Slot,
    ) -> Result<Posted, Refusal> {
        if id.is_empty() || id.chars().count() > 64 {
            return Err(Refusal::new(ErrorCode::Malformed, "A message id must have 1 to 64 characters."));
        }
        let text = text.trim();
        let mut state = self.lock();
        state.open()?;
        let sender = &state.members[member];
        if let Some(seq) = sender.recent.get(&id) {
            let ack = serialise(&ServerFrame::ChatAck { id, seq });
            if seq > state.published_seq {
                // The first copy is still being stored: every operation
                // handed over so far includes it.
                return Ok(Posted::DuplicatePending { ack, after: state.ops_enqueued });
            }
            return Ok(Posted::Duplicate(ack));
        }
        let now = Instant::now();
        state.chat_rules(member, now)?;
        let sender = &state.members[member];
        if text.is_empty() {
            return Err(Refusal::new(ErrorCode::Empty, "Type a message first."));
        }
        let chars = text.chars().count();
        if chars > self.limits.max_text_chars {
            return Err(Refusal::new(
                ErrorCode::TooLong,
                format!(
                    "Messages can have at most {} characters; this one has {chars}.",
                    self.limits.max_text_chars
                ),
            ));
        }
        if sender.limiter.as_ref().is_some_and(|limiter| limiter.check().is_err()) {
            return Err(Refusal::new(ErrorCode::RateLimited, "You are sending too fast. Wait a moment."));
        }

        let seq = state.last_seq + 1;
        let entry = ChatEntry {
            seq,
            id: format!("m_{seq}"),
            client_id: id.clone(),
            from: sender.identity.clone(),
            text: text.to_owned(),
            ts: now_rfc3339(),
            removed: false,
            reactions: Vec::new(),
            quote: None,
        };
        let stored_after = if state.durable {
            let op = WriteOp::Message {
                seq,
                client_id: id.clone(),
                sender: member,
                text: entry.text.clone(),
                ts: entry.ts.clone(),
                quote: None,
            };
            match state.enqueue(slot, op) {
                Some(op) => Some(op),
                None => return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing.")),
            }
        } else {
            None
        };
        let frame = serialise(&ServerFrame::ChatMessage(entry.clone()));
        let ack = serialise(&ServerFrame::ChatAck { id: id.clone(), seq });
        state.last_seq = seq;
        let dedupe = self.limits.dedupe_window;
        state.members[member].recent.insert(id, seq, dedupe);
        state.members[member].active = true;
        state.members[member].last_post = Some(now);
        let entry = Arc::new(entry);
        let item = Outbound::Chat { frame, origin: conn, ack };
        match stored_after {
            Some(op) => state.deferred.push_back((op, Deferred::Chat(entry, item))),
            None => state.publish(entry, item, self.limits.history_retained),
        }
        Ok(Posted::Sequenced)
    }

    /// Forwards a typing change, throttled.
    pub(crate) fn typing(&self, member: usize, active: bool) {
        let mut state = self.lock();
        let interval = self.limits.typing_interval;
        if state.ended || !state.members[member].typing.admit(active, Instant::now(), interval) {
            return;
        }
        let from = state.members[member].identity.id.clone();
        state.send(Outbound::Frame(serialise(&ServerFrame::Typing { from, active })));
    }
}
