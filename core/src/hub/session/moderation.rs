//! The teacher's actions: removing a student (with or without a ban) and
//! ending the class. With a store, each is stored before anyone is told (an
//! end that finds the writer's queue full is stored at shutdown).

use super::{forbidden, member_index, serialise, Refusal, Session, Slot};
use crate::hub::fanout::Outbound;
use crate::hub::limits::name_key;
use crate::protocol::{close, ErrorCode, LeftReason, Role, ServerFrame};
use crate::store::writer::WriteOp;
use crate::timestamp::now_rfc3339;

impl Session {
    /// Teacher action: removes a student, closing its connection. With a
    /// store, the removal is stored (through `slot`) before anyone is told.
    pub(crate) fn remove(&self, actor: usize, target_id: &str, ban: bool, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        if state.members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        let Some(target) =
            member_index(target_id).filter(|&i| i < state.members.len() && !state.members[i].removed)
        else {
            return Err(Refusal::new(
                ErrorCode::UnknownParticipant,
                format!("No participant has the id {target_id:?}."),
            ));
        };
        if state.members[target].identity.role == Role::Teacher {
            return Err(Refusal::new(ErrorCode::Forbidden, "The teacher cannot be removed."));
        }
        let stored_after = state.enqueue(slot, WriteOp::Removed { index: target, banned: ban });
        if state.durable && stored_after.is_none() {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing."));
        }
        let key = name_key(&state.members[target].identity.name);
        let removed = &mut state.members[target];
        removed.removed = true;
        let conn = removed.conn.take();
        let token = removed.token.clone();
        // The token stays on the member so a banned resume is told `removed`;
        // without a ban the student may join afresh under the same name.
        state.by_token.remove(&token);
        state.by_name.remove(&key);
        if ban {
            state.banned_names.insert(key);
        } else {
            state.members[target].token.clear();
        }
        if let Some(conn) = conn {
            state.online -= 1;
            let close = Outbound::Close {
                target: conn,
                frame: Some(serialise(&ServerFrame::Removed)),
                code: close::REMOVED,
                reason: "removed",
            };
            state.send_after(stored_after, close);
        }
        let id = state.members[target].identity.id.clone();
        let left =
            Outbound::Frame(serialise(&ServerFrame::ParticipantLeft { id, reason: LeftReason::Removed }));
        state.send_after(stored_after, left);
        Ok(())
    }

    /// Teacher action: ends the session (stored through `slot`).
    pub(crate) fn end_by(&self, actor: usize, slot: Slot) -> Result<(), Refusal> {
        if self.lock().members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        self.end(slot);
        Ok(())
    }

    /// Ends the session: everyone gets `session:ended` after everything
    /// sequenced before it (with a store: once that is stored); later joins
    /// and messages are refused. Without a `slot` the end is stored if the
    /// writer's queue has room (shutdown stores it otherwise).
    pub(crate) fn end(&self, slot: Slot) {
        let mut state = self.lock();
        if !state.ended {
            state.ended = true;
            let stored_after = state.enqueue(slot, WriteOp::Ended { at: now_rfc3339() });
            // Even when the end could not be queued, it goes out after
            // every operation queued before it.
            let after = stored_after.or(state.durable.then_some(state.ops_enqueued));
            state.send_after(after, Outbound::End(serialise(&ServerFrame::Ended)));
        }
        drop(state);
        self.ended.cancel();
    }
}
