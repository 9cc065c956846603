//! Running the room: raised hands (a queue in the order they went up), a
//! muted student, a locked chat and slow mode. Each change is stored
//! before anyone is told, and each lives in the state the welcome shows, so
//! a reconnect, a late join and a reopened class find the room as it is.

use tokio::time::Instant;

use super::{forbidden, member_index, serialise, Refusal, Session, Slot, State, TEACHER};
use crate::hub::fanout::Outbound;
use crate::protocol::{
    ErrorCode, Hand, LoweredBy, Role, RoomRules, RoomState, RulesChange, ServerFrame, SLOW_MODE_SECONDS,
};
use crate::store::room::RoomOp;
use crate::store::writer::WriteOp;
use crate::timestamp::now_rfc3339;

impl Session {
    /// A student raises their hand; raising it again changes nothing.
    pub(crate) fn raise_hand(&self, member: usize, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        state.open()?;
        if state.members[member].identity.role != Role::Student {
            return Err(Refusal::new(ErrorCode::Forbidden, "Only students raise their hand."));
        }
        state.hand_budget(member)?;
        if state.hands.iter().any(|(index, _)| *index == member) {
            return Ok(());
        }
        let at = now_rfc3339();
        let stored_after = state.store(slot, RoomOp::Hand { index: member, at: Some(at.clone()) })?;
        state.hands.push((member, at.clone()));
        let id = state.members[member].identity.id.clone();
        let frame = serialise(&ServerFrame::HandRaised(Hand { id, at }));
        state.send_after(stored_after, Outbound::Frame(frame));
        Ok(())
    }

    /// Lowers a hand: a student's own (`target` absent or their own id),
    /// or, by the teacher, any student's. A hand already down changes nothing.
    pub(crate) fn lower_hand(&self, actor: usize, target: Option<&str>, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        state.open()?;
        let teacher = state.members[actor].identity.role == Role::Teacher;
        let member = match target {
            None => actor,
            Some(id) => state.student(id)?,
        };
        if member != actor && !teacher {
            return Err(Refusal::new(
                ErrorCode::Forbidden,
                "Only the teacher can lower someone else's hand.",
            ));
        }
        if !teacher {
            state.hand_budget(actor)?;
        }
        let Some(at) = state.hands.iter().position(|(index, _)| *index == member) else {
            return Ok(());
        };
        let stored_after = state.store(slot, RoomOp::Hand { index: member, at: None })?;
        state.hands.remove(at);
        let by = if member == actor { LoweredBy::Student } else { LoweredBy::Teacher };
        let id = state.members[member].identity.id.clone();
        state.send_after(stored_after, Outbound::Frame(serialise(&ServerFrame::HandLowered { id, by })));
        Ok(())
    }

    /// Teacher action: lowers every hand.
    pub(crate) fn clear_hands(&self, actor: usize, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        state.open()?;
        if state.members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        if state.hands.is_empty() {
            return Ok(());
        }
        let stored_after = state.store(slot, RoomOp::HandsCleared)?;
        state.hands.clear();
        state.send_after(stored_after, Outbound::Frame(serialise(&ServerFrame::HandsCleared)));
        Ok(())
    }

    /// Teacher action: mutes or unmutes a student. Only the teacher and
    /// that student are told.
    pub(crate) fn mute(&self, actor: usize, target: &str, muted: bool, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        state.open()?;
        if state.members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        let member = state.student(target)?;
        if state.members[member].muted == muted {
            return Ok(());
        }
        let stored_after = state.store(slot, RoomOp::Muted { index: member, muted })?;
        state.members[member].muted = muted;
        let id = state.members[member].identity.id.clone();
        let frame = serialise(&ServerFrame::ParticipantMuted { id, muted });
        for conn in [state.members[TEACHER].conn, state.members[member].conn].into_iter().flatten() {
            state.send_after(stored_after, Outbound::To { target: conn, frame: frame.clone() });
        }
        Ok(())
    }

    /// Teacher action: changes the class's rules; fields left out stay.
    pub(crate) fn set_rules(&self, actor: usize, change: RulesChange, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        state.open()?;
        if state.members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        if let Some(seconds) = change.slow_seconds.filter(|s| !SLOW_MODE_SECONDS.contains(s)) {
            return Err(Refusal::new(
                ErrorCode::InvalidSetting,
                format!("Slow mode is 0 (off), 5, 10, 30 or 60 seconds, not {seconds}."),
            ));
        }
        let rules = RoomRules {
            locked: change.locked.unwrap_or(state.rules.locked),
            slow_seconds: change.slow_seconds.unwrap_or(state.rules.slow_seconds),
            name_filter: change.name_filter.unwrap_or(state.rules.name_filter),
            reactions_off: change.reactions_off.unwrap_or(state.rules.reactions_off),
            questions_off: change.questions_off.unwrap_or(state.rules.questions_off),
        };
        if rules == state.rules {
            return Ok(());
        }
        let stored_after = state.store(slot, RoomOp::Rules(rules))?;
        state.rules = rules;
        state.send_after(stored_after, Outbound::Frame(serialise(&ServerFrame::Rules(rules))));
        Ok(())
    }
}

impl State {
    /// Refuses a change once the class has ended.
    pub(super) fn open(&self) -> Result<(), Refusal> {
        if self.ended {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class has ended."));
        }
        Ok(())
    }

    /// The student a teacher's action names.
    pub(super) fn student(&self, id: &str) -> Result<usize, Refusal> {
        let index = member_index(id).filter(|&i| i < self.members.len() && !self.members[i].removed);
        match index {
            Some(index) if self.members[index].identity.role == Role::Student => Ok(index),
            Some(_) => Err(Refusal::new(ErrorCode::Forbidden, "That is the teacher, not a student.")),
            None => {
                Err(Refusal::new(ErrorCode::UnknownParticipant, format!("No participant has the id {id:?}.")))
            }
        }
    }

    /// Spends one of a student's hand changes.
    fn hand_budget(&self, member: usize) -> Result<(), Refusal> {
        let budget = self.members[member].hand_changes.as_ref();
        if budget.is_some_and(|limiter| limiter.check().is_err()) {
            return Err(Refusal::new(
                ErrorCode::RateLimited,
                "You are raising and lowering your hand too fast.",
            ));
        }
        Ok(())
    }

    /// Hands a room change to the writer (with a store); the operation to
    /// wait for before telling anyone.
    pub(super) fn store(&mut self, slot: Slot, op: RoomOp) -> Result<Option<u64>, Refusal> {
        self.store_write(slot, WriteOp::Room(op))
    }

    /// Hands a change to the writer (with a store); the operation to wait
    /// for before telling anyone. Refused once the class is closing.
    pub(super) fn store_write(&mut self, slot: Slot, op: WriteOp) -> Result<Option<u64>, Refusal> {
        let stored_after = self.enqueue(slot, op);
        if self.durable && stored_after.is_none() {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing."));
        }
        Ok(stored_after)
    }

    /// Why a student's chat message is refused now, if it is: muted, the
    /// chat locked, or slow mode's interval not over yet. The teacher is
    /// never refused.
    pub(super) fn chat_rules(&self, member: usize, now: Instant) -> Result<(), Refusal> {
        let sender = &self.members[member];
        if sender.identity.role != Role::Student {
            return Ok(());
        }
        if sender.muted {
            return Err(Refusal::new(
                ErrorCode::Muted,
                "The teacher has muted you: you cannot post for now.",
            ));
        }
        if self.rules.locked {
            return Err(Refusal::new(
                ErrorCode::ChatLocked,
                "The teacher has locked the chat: only the teacher can post.",
            ));
        }
        let interval = std::time::Duration::from_secs(self.rules.slow_seconds.into());
        if let Some(left) =
            sender.last_post.map(|at| interval.saturating_sub(now - at)).filter(|l| !l.is_zero())
        {
            let seconds = left.as_millis().div_ceil(1000);
            return Err(Refusal::new(
                ErrorCode::SlowMode,
                format!("Slow mode is on: you can post again in {seconds} s."),
            ));
        }
        Ok(())
    }

    /// The room as `member` may see it: every muted student for the
    /// teacher, only themselves for a student.
    pub(super) fn room_for(&self, member: usize) -> RoomState {
        let teacher = self.members[member].identity.role == Role::Teacher;
        let hands = self
            .hands
            .iter()
            .map(|(index, at)| Hand { id: self.members[*index].identity.id.clone(), at: at.clone() })
            .collect();
        let muted = self
            .members
            .iter()
            .enumerate()
            .filter(|(index, m)| m.muted && !m.removed && (teacher || *index == member))
            .map(|(_, m)| m.identity.id.clone())
            .collect();
        RoomState { rules: self.rules, hands, muted, pinned: self.pinned.as_deref().cloned() }
    }
}
