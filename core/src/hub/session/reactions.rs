//! Reactions: anyone adds or takes back one of a small fixed set
//! ([`REACTIONS`]) on a message, within a budget, unless the teacher turned
//! them off. Each change is stored before anyone is told; the message's
//! entry carries its counts from then on (welcome, history pages), and the
//! welcome tells each participant which reactions are theirs.

use std::sync::Arc;

use super::{serialise, Refusal, Session, Slot, State};
use crate::hub::fanout::Outbound;
use crate::protocol::{
    ChatEntry, EntryReactions, ErrorCode, HeldReactions, MyReaction, ReactionChange, ReactionCount, Seq,
    ServerFrame, REACTIONS,
};
use crate::store::room::RoomOp;

impl Session {
    /// Adds (`on`) or takes back `member`'s reaction `emoji` on message
    /// `seq`; adding one given already, or taking back one not given,
    /// changes nothing.
    pub(crate) fn react(
        &self,
        member: usize,
        seq: Seq,
        emoji: &str,
        on: bool,
        slot: Slot,
    ) -> Result<(), Refusal> {
        let mut state = self.lock();
        state.open()?;
        if state.rules.reactions_off {
            return Err(Refusal::new(ErrorCode::ReactionsOff, "The teacher has turned reactions off."));
        }
        let Some(kind) = REACTIONS.iter().position(|r| *r == emoji) else {
            return Err(Refusal::new(
                ErrorCode::InvalidReaction,
                format!("Reactions are {}.", REACTIONS.join(" ")),
            ));
        };
        let Some(entry) = state.entry(seq).filter(|e| !e.removed) else {
            return Err(Refusal::new(
                ErrorCode::UnknownMessage,
                format!("There is no message {seq} in this class's recent history."),
            ));
        };
        let budget = state.members[member].reaction_budget.as_ref();
        if budget.is_some_and(|limiter| limiter.check().is_err()) {
            return Err(Refusal::new(ErrorCode::RateLimited, "You are reacting too fast. Wait a moment."));
        }
        let given = state
            .reactions
            .get(&seq)
            .and_then(|kinds| kinds.get(&kind))
            .is_some_and(|who| who.contains(&member));
        if given == on {
            return Ok(());
        }
        let stored_after = state.store(slot, RoomOp::Reaction { seq, member, kind, on })?;
        let who = state.reactions.entry(seq).or_default().entry(kind).or_default();
        if on {
            who.insert(member);
        } else {
            who.remove(&member);
        }
        let count = u32::try_from(who.len()).unwrap_or(u32::MAX);
        if count == 0 {
            let kinds = state.reactions.entry(seq).or_default();
            kinds.remove(&kind);
            if kinds.is_empty() {
                state.reactions.remove(&seq);
            }
        }
        let counted = ChatEntry { reactions: state.counts(seq), ..ChatEntry::clone(&entry) };
        state.replace_entry(Arc::new(counted));
        let change = ReactionChange {
            seq,
            emoji: emoji.to_owned(),
            by: state.members[member].identity.id.clone(),
            on,
            count,
        };
        state.send_after(stored_after, Outbound::Frame(serialise(&ServerFrame::ReactionChanged(change))));
        Ok(())
    }
}

impl State {
    /// Message `seq`'s reactions, in the order of [`REACTIONS`].
    pub(super) fn counts(&self, seq: Seq) -> Vec<ReactionCount> {
        let Some(kinds) = self.reactions.get(&seq) else { return Vec::new() };
        kinds
            .iter()
            .filter(|(_, who)| !who.is_empty())
            .map(|(&kind, who)| ReactionCount {
                emoji: REACTIONS[kind].to_owned(),
                count: u32::try_from(who.len()).unwrap_or(u32::MAX),
            })
            .collect()
    }

    /// The reaction counts of the messages up to `after` (a resuming
    /// client's `last_seq`, which holds them), so counts that changed while
    /// it was away are set right: every reacted message in the range, the
    /// newest `limit` of them (the range starts at the oldest listed when
    /// there are more). `None` for a client that holds nothing.
    pub(super) fn held_reactions(&self, after: Seq, limit: usize) -> Option<HeldReactions> {
        if after == 0 {
            return None;
        }
        let mut seqs: Vec<Seq> = self.reactions.keys().copied().filter(|&seq| seq <= after).collect();
        seqs.sort_unstable_by(|a, b| b.cmp(a));
        let from = if seqs.len() > limit { seqs[limit - 1] } else { 1 };
        seqs.truncate(limit);
        let counts = seqs
            .into_iter()
            .rev()
            .map(|seq| EntryReactions { seq, reactions: self.counts(seq) })
            .filter(|entry| !entry.reactions.is_empty())
            .collect();
        Some(HeldReactions { from, to: after, counts })
    }

    /// `member`'s own reactions, oldest message first.
    pub(super) fn my_reactions(&self, member: usize) -> Vec<MyReaction> {
        let mut mine: Vec<MyReaction> = self
            .reactions
            .iter()
            .flat_map(|(&seq, kinds)| {
                kinds
                    .iter()
                    .filter(|(_, who)| who.contains(&member))
                    .map(move |(&kind, _)| MyReaction { seq, emoji: REACTIONS[kind].to_owned() })
            })
            .collect();
        mine.sort_by_key(|reaction| reaction.seq);
        mine
    }
}
