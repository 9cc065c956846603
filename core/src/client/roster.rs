//! Which participants the client has told its UI about, so that a hub
//! cannot grow the UI's list (or anything it keeps by participant id, such
//! as typing indicators) without bound: at most `max` participants, each a
//! record of bounded size.
//!
//! The set mirrors the list a UI builds from the events: replaced by each
//! welcome, a record added or updated by each announcement, removed by a
//! removal (a departure for another reason keeps it, offline).

use std::collections::HashSet;

use tracing::warn;

use crate::protocol::{LeftReason, Participant};

/// Longest participant id taken from a hub, in bytes. The hub issues `p_`
/// and a decimal number (at most 22 bytes).
const MAX_ID_BYTES: usize = 64;

/// Longest display name taken from a hub, in bytes. The protocol allows 40
/// Unicode scalar values (at most 160 bytes); the margin is for hubs
/// configured with longer names, and for the teacher's name, which the
/// host chooses.
const MAX_NAME_BYTES: usize = 1024;

#[derive(Debug)]
pub(crate) struct Roster {
    ids: HashSet<String>,
    max: usize,
    /// Something was not passed on since the last welcome (said once).
    warned: bool,
}

impl Roster {
    pub(crate) fn new(max: usize) -> Self {
        Self { ids: HashSet::new(), max, warned: false }
    }

    /// A welcome's list, which replaces the last one: the records to pass
    /// on, in order (the joiner comes first, so it is always kept).
    pub(crate) fn replace(&mut self, participants: Vec<Participant>) -> Vec<Participant> {
        self.ids.clear();
        self.warned = false;
        participants.into_iter().filter(|participant| self.admit(participant)).collect()
    }

    /// A participant announced (joined, changed, or on a welcome's later
    /// page): true when it is to be passed on. Someone already on the list
    /// always is; a newcomer only while the list has room. Records over
    /// the size bounds never are.
    pub(crate) fn admit(&mut self, participant: &Participant) -> bool {
        if participant.id.len() > MAX_ID_BYTES || participant.name.len() > MAX_NAME_BYTES {
            self.refused("a participant record far over the protocol's sizes");
            return false;
        }
        if self.ids.contains(&participant.id) {
            return true;
        }
        if self.ids.len() >= self.max {
            self.refused("more participants than the client keeps");
            return false;
        }
        self.ids.insert(participant.id.clone());
        true
    }

    /// A departure: true when it is of someone on the list (the hub may
    /// tell of one never announced, who came and went within its batching
    /// window). A removal takes it off the list, making room.
    pub(crate) fn left(&mut self, id: &str, reason: LeftReason) -> bool {
        match reason {
            LeftReason::Removed => self.ids.remove(id),
            _ => self.ids.contains(id),
        }
    }

    /// Whether `id` is on the list.
    pub(crate) fn knows(&self, id: &str) -> bool {
        self.ids.contains(id)
    }

    fn refused(&mut self, what: &str) {
        if !self.warned {
            self.warned = true;
            warn!(kept = self.ids.len(), "the hub sent {what}; not passed on");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::protocol::Role;

    fn person(id: &str, name: &str) -> Participant {
        Participant { id: id.into(), name: name.into(), role: Role::Student, online: true }
    }

    #[test]
    fn keeps_at_most_max_and_a_removal_makes_room() {
        let mut roster = Roster::new(3);
        let kept = roster.replace(vec![
            person("p_2", "Ada"),
            person("p_1", "T"),
            person("p_3", "Bo"),
            person("p_4", "Cy"),
        ]);
        let ids: Vec<&str> = kept.iter().map(|p| p.id.as_str()).collect();
        assert_eq!(ids, ["p_2", "p_1", "p_3"]);
        assert!(!roster.admit(&person("p_5", "Dee")), "full");
        assert!(roster.admit(&person("p_3", "Bo")), "a known one is updated");
        assert!(roster.left("p_1", LeftReason::Timeout), "offline, still listed");
        assert!(!roster.admit(&person("p_5", "Dee")), "an offline one keeps its place");
        assert!(roster.left("p_3", LeftReason::Removed));
        assert!(!roster.knows("p_3"));
        assert!(roster.admit(&person("p_5", "Dee")), "a removal made room");
        assert!(!roster.left("p_9", LeftReason::Left), "never announced");
    }

    #[test]
    fn records_over_the_sizes_are_not_taken() {
        let mut roster = Roster::new(10);
        assert!(roster.admit(&person("p_2", &"é".repeat(MAX_NAME_BYTES / 2))));
        assert!(!roster.admit(&person("p_3", &"N".repeat(MAX_NAME_BYTES + 1))));
        assert!(!roster.admit(&person(&format!("p_{}", "9".repeat(MAX_ID_BYTES)), "Bo")));
        assert!(!roster.knows("p_3"));
        // An update of a known participant over the sizes is not taken either.
        assert!(!roster.admit(&person("p_2", &"N".repeat(MAX_NAME_BYTES + 1))));
        assert!(roster.knows("p_2"));
    }
}
