//! The teacher's actions: removing a student (with or without a ban),
//! renaming one, and ending the class. With a store, each is stored before anyone is told (an
//! end that finds the writer's queue full is stored at shutdown).

use tracing::info;

use std::sync::Arc;

use super::{forbidden, member_index, serialise, Refusal, Session, Slot, State};
use crate::hub::fanout::{ConnId, Outbound};
use crate::hub::limits::{check_student_name, name_keys, validate_name};
use crate::protocol::{close, ChatEntry, Departure, ErrorCode, Identity, LeftReason, Role, ServerFrame};
use crate::store::room::RoomOp;
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
        if let Some(conn) = state.unseat(target, ban) {
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

    /// Teacher action: removes every student offline now, without a ban
    /// (squatted seats, students gone home), stored through `slot` as one
    /// change before anyone is told; nothing happens when all are online.
    pub(crate) fn remove_offline(&self, actor: usize, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        if state.members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        let seats: Vec<usize> = state
            .members
            .iter()
            .enumerate()
            .filter(|(_, m)| m.identity.role == Role::Student && !m.removed && m.conn.is_none())
            .map(|(index, _)| index)
            .collect();
        if seats.is_empty() {
            return Ok(());
        }
        let ops = seats.iter().map(|&index| WriteOp::Removed { index, banned: false }).collect();
        let stored_after = state.enqueue(slot, WriteOp::Batch(ops));
        if state.durable && stored_after.is_none() {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing."));
        }
        let mut departures = Vec::with_capacity(seats.len());
        for &index in &seats {
            state.unseat(index, false);
            departures.push(Departure {
                id: state.members[index].identity.id.clone(),
                reason: LeftReason::Removed,
            });
        }
        info!(count = seats.len(), "the offline students were removed");
        for page in departures.chunks(state.presence_page) {
            let frame = serialise(&ServerFrame::ParticipantsLeft { participants: page.to_vec() });
            state.send_after(stored_after, Outbound::Frame(frame));
        }
        Ok(())
    }

    /// Teacher action: gives a student another name, under the rules of a
    /// joining student's name (and not one another participant has, or a
    /// banned one). Everyone gets `participant:updated`; the log's entries
    /// from the student carry the new name from then on.
    pub(crate) fn rename(&self, actor: usize, target: &str, raw: &str, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        state.open()?;
        if state.members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        let member = state.student(target)?;
        let name = validate_name(raw, self.limits.max_name_chars)
            .map_err(|problem| Refusal::new(ErrorCode::InvalidName, problem.message()))?;
        check_student_name(&name, &self.info.teacher)
            .map_err(|problem| Refusal::new(ErrorCode::InvalidName, problem.message()))?;
        if name == state.members[member].identity.name {
            return Ok(());
        }
        let keys = name_keys(&name);
        let taken = keys.iter().any(|key| {
            state.banned_names.contains(key) || state.by_name.get(key).is_some_and(|&other| other != member)
        });
        if taken {
            return Err(Refusal::new(
                ErrorCode::NameTaken,
                format!("“{name}” is taken in this class (or not allowed). Pick another name."),
            ));
        }
        let stored_after = state.store(slot, RoomOp::Renamed { index: member, name: name.clone() })?;
        for key in name_keys(&state.members[member].identity.name) {
            if state.by_name.get(&key) == Some(&member) {
                state.by_name.remove(&key);
            }
        }
        for key in keys {
            state.by_name.insert(key, member);
        }
        state.members[member].identity.name = name;
        let identity = state.members[member].identity.clone();
        state.renamed(&identity);
        let participant = state.members[member].participant();
        let frame = serialise(&ServerFrame::ParticipantUpdated { participant });
        state.send_after(stored_after, Outbound::Frame(frame));
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

impl State {
    /// The entries memory holds from `identity` (and the pin) carry its
    /// name now, as the store's do: a welcome or a page says it the same
    /// way whether read from memory or from the disk.
    fn renamed(&mut self, identity: &Identity) {
        let with_name = |entry: &Arc<ChatEntry>| {
            Arc::new(ChatEntry { from: identity.clone(), ..ChatEntry::clone(entry) })
        };
        for entry in self.log.iter_mut().filter(|e| e.from.id == identity.id) {
            *entry = with_name(entry);
        }
        if let Some(pinned) = self.pinned.as_mut().filter(|p| p.from.id == identity.id) {
            *pinned = with_name(pinned);
        }
    }

    /// Takes a seat away: its name and token no longer name anyone. With
    /// a ban the name stays refused, and the token stays on the member so
    /// a resume with it is told `removed`; without, the student may join
    /// afresh under the same name. Returns the connection that held it.
    pub(super) fn unseat(&mut self, index: usize, ban: bool) -> Option<ConnId> {
        let keys = name_keys(&self.members[index].identity.name);
        // A removed student's hand goes with them (clients drop it with
        // the departure).
        self.hands.retain(|(hand, _)| *hand != index);
        let member = &mut self.members[index];
        member.removed = true;
        member.muted = false;
        let conn = member.conn.take();
        let token = if ban { member.token.clone() } else { std::mem::take(&mut member.token) };
        self.by_token.remove(&token);
        for key in keys {
            self.by_name.remove(&key);
            if ban {
                self.banned_names.insert(key);
            }
        }
        conn
    }
}
