//! Changes to the log's entries: a message deleted (by the teacher, or by
//! its sender shortly after sending it) and a message pinned at the top of
//! everyone's chat. A deleted message keeps its `seq` and loses its text,
//! in memory and in the store, before anyone is told; the welcome lists
//! every deleted `seq`, so a client that was away blanks what it holds.

use std::sync::Arc;

use super::{forbidden, serialise, Refusal, Session, Slot, State};
use crate::hub::fanout::Outbound;
use crate::protocol::{ChatEntry, DeletedBy, ErrorCode, Role, Seq, ServerFrame};
use crate::store::room::RoomOp;
use crate::store::writer::WriteOp;
use crate::timestamp::age;

impl Session {
    /// Deletes the message `seq`: the teacher any; a student their own,
    /// within the delete window. Deleting it again changes nothing.
    pub(crate) fn delete_message(&self, actor: usize, seq: Seq, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        state.open()?;
        if seq == 0 || seq > state.published_seq {
            return Err(unknown_message(seq));
        }
        if state.deleted.contains(&seq) {
            return Ok(());
        }
        let me = &state.members[actor].identity;
        let entry = state.entry(seq);
        let own = entry.as_ref().is_some_and(|e| e.from.id == me.id);
        if me.role != Role::Teacher {
            // Older than memory holds is far older than the window.
            let Some(entry) = &entry else { return Err(too_late(&self.limits)) };
            if !own {
                return Err(Refusal::new(ErrorCode::Forbidden, "You can delete only your own messages."));
            }
            if age(&entry.ts).is_none_or(|age| age > self.limits.delete_window) {
                return Err(too_late(&self.limits));
            }
        }
        let unpin = state.pinned.as_ref().is_some_and(|p| p.seq == seq);
        let mut ops = vec![WriteOp::Room(RoomOp::Deleted { seq })];
        if unpin {
            ops.push(WriteOp::Room(RoomOp::Pinned(None)));
        }
        let stored_after = state.store_write(slot, WriteOp::Batch(ops))?;
        state.deleted.insert(seq);
        state.reactions.remove(&seq);
        if let Some(entry) = entry {
            let tombstone = ChatEntry {
                text: String::new(),
                removed: true,
                reactions: Vec::new(),
                quote: None,
                ..ChatEntry::clone(&entry)
            };
            state.replace_entry(Arc::new(tombstone));
        }
        let by = if own { DeletedBy::Sender } else { DeletedBy::Teacher };
        state.send_after(stored_after, Outbound::Frame(serialise(&ServerFrame::ChatDeleted { seq, by })));
        if unpin {
            state.pinned = None;
            state.send_after(stored_after, Outbound::Frame(serialise(&ServerFrame::ChatUnpinned)));
        }
        Ok(())
    }

    /// Teacher action: pins the message `seq` (one of the newest the hub
    /// holds in memory), or unpins (`None`). Pinning what is pinned, or
    /// unpinning nothing, changes nothing.
    pub(crate) fn pin_message(&self, actor: usize, seq: Option<Seq>, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        state.open()?;
        if state.members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        let entry = match seq {
            Some(seq) => {
                let entry = state.entry(seq).filter(|e| !e.removed).ok_or_else(|| unknown_message(seq))?;
                Some(entry)
            }
            None => None,
        };
        if state.pinned.as_ref().map(|p| p.seq) == seq {
            return Ok(());
        }
        let stored_after = state.store_write(slot, WriteOp::Room(RoomOp::Pinned(seq)))?;
        let frame = match &entry {
            Some(entry) => ServerFrame::ChatPinned { message: ChatEntry::clone(entry) },
            None => ServerFrame::ChatUnpinned,
        };
        state.pinned = entry;
        state.send_after(stored_after, Outbound::Frame(serialise(&frame)));
        Ok(())
    }
}

impl State {
    /// The entry `seq`, if memory holds it.
    pub(super) fn entry(&self, seq: Seq) -> Option<Arc<ChatEntry>> {
        let first = self.log.front()?.seq;
        let index = usize::try_from(seq.checked_sub(first)?).ok()?;
        self.log.get(index).filter(|e| e.seq == seq).cloned()
    }

    /// Puts `entry` in the place of the one with its `seq`.
    pub(super) fn replace_entry(&mut self, entry: Arc<ChatEntry>) {
        let Some(first) = self.log.front().map(|e| e.seq) else { return };
        let Some(index) = entry.seq.checked_sub(first).and_then(|i| usize::try_from(i).ok()) else { return };
        if let Some(slot) = self.log.get_mut(index).filter(|e| e.seq == entry.seq) {
            *slot = entry;
        }
    }
}

fn unknown_message(seq: Seq) -> Refusal {
    Refusal::new(
        ErrorCode::UnknownMessage,
        format!("There is no message {seq} in this class's recent history."),
    )
}

fn too_late(limits: &crate::hub::config::Limits) -> Refusal {
    let minutes = limits.delete_window.as_secs().div_ceil(60);
    Refusal::new(
        ErrorCode::DeleteExpired,
        format!("You can delete your own message only within {minutes} min of sending it."),
    )
}
