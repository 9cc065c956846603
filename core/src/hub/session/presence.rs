//! Presence: who is online. A connection gone leaves (unless a newer one
//! replaced it); arrivals and departures wait briefly and go out batched, as
//! few frames as the page size allows, in the order they happened.

use std::sync::Arc;

use super::{serialise, Session, State};
use crate::hub::fanout::{ConnId, Outbound};
use crate::hub::limits::TypingThrottle;
use crate::protocol::{Departure, Identity, LeftReason, Participant, ServerFrame};

/// A presence change waiting to be batched.
#[derive(Debug)]
pub(super) enum Change {
    Joined(usize),
    Left(String, LeftReason),
}

impl Session {
    /// Participants online now (for `/health`).
    pub(crate) fn online(&self) -> usize {
        self.lock().online
    }

    /// A connection is gone. Only the member's current connection counts:
    /// a replaced one leaves silently.
    pub(crate) fn disconnect(&self, member: usize, conn: ConnId, reason: LeftReason) {
        let mut state = self.lock();
        let current = &mut state.members[member];
        if current.conn != Some(conn) {
            return;
        }
        current.conn = None;
        current.typing = TypingThrottle::default();
        let id = current.identity.id.clone();
        state.online -= 1;
        if !state.ended {
            state.pending_presence.push(Change::Left(id, reason));
            self.presence_due.notify_one();
        }
    }

    /// Sends the batched presence frames, if any changes are waiting.
    pub(crate) fn flush_presence(&self) {
        self.lock().flush_presence();
    }
}

impl State {
    /// Sends waiting presence changes in order: each run of arrivals, or of
    /// departures, as few frames of at most `presence_page` records.
    pub(super) fn flush_presence(&mut self) {
        if self.pending_presence.is_empty() {
            return;
        }
        let mut joined: Vec<Identity> = Vec::new();
        let mut left: Vec<Departure> = Vec::new();
        for change in std::mem::take(&mut self.pending_presence) {
            match change {
                Change::Joined(index) => {
                    self.send_departures(&mut left);
                    let member = &mut self.members[index];
                    member.announced = true;
                    // Removed before the batch went out: nobody needs to
                    // know. Gone again is still announced: the departure that
                    // follows only marks a seat offline that clients know of,
                    // and an offline seat is listed (and reclaimable).
                    if !member.removed {
                        joined.push(member.identity.clone());
                    }
                    if joined.len() == self.presence_page {
                        self.send_arrivals(&mut joined);
                    }
                }
                Change::Left(id, reason) => {
                    self.send_arrivals(&mut joined);
                    left.push(Departure { id, reason });
                    if left.len() == self.presence_page {
                        self.send_departures(&mut left);
                    }
                }
            }
        }
        self.send_arrivals(&mut joined);
        self.send_departures(&mut left);
    }

    fn send_arrivals(&mut self, joined: &mut Vec<Identity>) {
        let frame = match joined.len() {
            0 => return,
            1 => {
                let Identity { id, name, role } = joined.remove(0);
                ServerFrame::ParticipantJoined { participant: Participant { id, name, role, online: true } }
            }
            _ => ServerFrame::ParticipantsJoined { participants: std::mem::take(joined) },
        };
        let _ = self.tx.send(Arc::new(Outbound::Frame(serialise(&frame))));
    }

    fn send_departures(&mut self, left: &mut Vec<Departure>) {
        let frame = match left.len() {
            0 => return,
            1 => {
                let Departure { id, reason } = left.remove(0);
                ServerFrame::ParticipantLeft { id, reason }
            }
            _ => ServerFrame::ParticipantsLeft { participants: std::mem::take(left) },
        };
        let _ = self.tx.send(Arc::new(Outbound::Frame(serialise(&frame))));
    }
}
