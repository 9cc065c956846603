//! What a session shows and restores: the welcome a joining connection gets
//! (itself, the others, the recent log), and the state of a stored session
//! reopened.

use std::sync::Arc;

use axum::extract::ws::Utf8Bytes;

use super::polls::Poll;
use super::{serialise, Member, State};
use crate::hub::config::Limits;
use crate::hub::limits::name_keys;
use crate::ids::participant_id;
use crate::protocol::{ChatEntry, Identity, Participant, Seq, ServerFrame, SessionInfo, Welcome};
use crate::store::StoredSession;

/// Reacted messages whose counts a resuming client's welcome refreshes at
/// most (the newest; older ones keep what the client held).
const HELD_REACTIONS: usize = 500;

impl State {
    /// The state of a stored session reopened: everyone offline, removed
    /// students still removed (banned names and tokens still refused), the
    /// newest log entries in memory, recent client ids remembered so resent
    /// messages are recognised.
    pub(super) fn restore(stored: StoredSession, limits: &Limits) -> Self {
        let mut state = Self::new(limits, &stored.info, String::new());
        state.members.clear();
        state.by_token.clear();
        state.by_name.clear();
        for (index, p) in stored.participants.into_iter().enumerate() {
            for key in name_keys(&p.name) {
                if p.banned {
                    state.banned_names.insert(key.clone());
                }
                if !p.removed {
                    state.by_name.insert(key, index);
                }
            }
            if !p.removed && !p.token.is_empty() {
                state.by_token.insert(p.token.clone(), index);
            }
            let identity = Identity { id: participant_id(index), name: p.name, role: p.role };
            let mut member = Member::new(identity, p.token, limits);
            member.removed = p.removed;
            member.active = p.posted;
            state.members.push(member);
        }
        for (sender, client_id, seq) in stored.recent {
            if let Some(member) = state.members.get_mut(sender) {
                member.recent.insert(client_id, seq, limits.dedupe_window);
            }
        }
        state.polls = stored.polls.into_iter().map(Poll::restore).collect();
        state.rules = stored.room.rules;
        state.deleted = stored.room.deleted.iter().copied().collect();
        state.pinned = stored.room.pinned.map(Arc::new);
        for (seq, member, kind) in stored.room.reactions {
            if kind < crate::protocol::REACTIONS.len() {
                state.reactions.entry(seq).or_default().entry(kind).or_default().insert(member);
            }
        }
        for index in stored.room.muted {
            if let Some(member) = state.members.get_mut(index) {
                member.muted = true;
            }
        }
        state.questions = stored
            .questions
            .into_iter()
            .filter(|q| q.asker < state.members.len())
            .map(super::questions::Asked::restore)
            .collect();
        state.hands =
            stored.room.hands.into_iter().filter(|(index, _)| *index < state.members.len()).collect();
        state.log = stored.log.into_iter().map(Arc::new).collect();
        state.last_seq = stored.last_seq;
        state.published_seq = stored.last_seq;
        state
    }

    /// The welcome, then `participants:page` frames for the rest of a
    /// large class, all from one snapshot.
    pub(super) fn welcome(
        &self,
        member: usize,
        last_seq: Option<Seq>,
        info: &SessionInfo,
        limits: &Limits,
    ) -> Vec<Utf8Bytes> {
        let me = &self.members[member];
        // Members whose join is still batched are left out: the batch, which
        // this connection will receive, announces them.
        let others = self
            .members
            .iter()
            .enumerate()
            .filter(|(i, m)| *i != member && !m.removed && m.announced)
            .map(|(_, m)| m.participant());
        let mut participants: Vec<Participant> = std::iter::once(me.participant()).chain(others).collect();
        let page = limits.participants_page.max(1);
        let rest = if participants.len() > page { participants.split_off(page) } else { Vec::new() };

        let first_seq = self.log.front().map_or(self.published_seq + 1, |e| e.seq);
        let after = last_seq.unwrap_or(0).min(self.published_seq);
        let start = (after + 1).saturating_sub(first_seq) as usize;
        let start = start.max(self.log.len().saturating_sub(limits.history_page));
        let history = self.log.range(start..).map(|e| ChatEntry::clone(e)).collect();
        let history = super::history::newest_within(history, limits.history_page_bytes);
        let welcome = serialise(&ServerFrame::Welcome(Box::new(Welcome {
            you: me.identity.clone(),
            resume: me.token.clone(),
            session: info.clone(),
            participants,
            history,
            last_seq: self.published_seq,
            limits: limits.session_limits(),
            polls: self.poll_states(member),
            room: self.room_for(member),
            deleted: self.deleted.iter().copied().collect(),
            my_reactions: self.my_reactions(member),
            questions: self.questions_for(member, limits.questions_page),
            held_reactions: last_seq.and_then(|_| self.held_reactions(after, HELD_REACTIONS)),
        })));
        std::iter::once(welcome)
            .chain(
                rest.chunks(page)
                    .map(|chunk| serialise(&ServerFrame::ParticipantsPage { participants: chunk.to_vec() })),
            )
            .collect()
    }
}
