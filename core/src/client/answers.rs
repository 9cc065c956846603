//! Poll answers the hub has not acked yet. Each keeps its id for life: it
//! is sent at once when connected and sent again, with the same id, after
//! every reconnect until the hub's `poll:ack` (or a refusal) settles it, so
//! an answer is stored exactly once however the connection comes and goes.
//! One per poll: a newer answer to the same poll replaces an unacked one.

use std::collections::BTreeMap;

use crate::protocol::{ClientFrame, PollAnswer};

#[derive(Debug)]
pub(crate) struct Answers {
    /// Poll id → (answer id, answer).
    pending: BTreeMap<String, (String, PollAnswer)>,
    prefix: String,
    counter: u64,
}

/// Polls a client keeps answers for at once (a hub opens one at a time; a
/// few more cover answers to polls closed while offline, which the hub
/// refuses on resend).
const MAX_PENDING: usize = 16;

impl Answers {
    /// `prefix` makes ids unique across restarts of the same participant.
    pub(crate) fn new(prefix: String) -> Self {
        Self { pending: BTreeMap::new(), prefix, counter: 0 }
    }

    /// Keeps an answer to `poll` until acked; returns its id and the frame
    /// to send.
    pub(crate) fn push(&mut self, poll: String, answer: PollAnswer) -> (String, ClientFrame) {
        self.counter += 1;
        let id = format!("{}-a{}", self.prefix, self.counter);
        if self.pending.len() >= MAX_PENDING && !self.pending.contains_key(&poll) {
            self.pending.pop_first();
        }
        let frame = ClientFrame::PollAnswer { poll: poll.clone(), id: id.clone(), answer: answer.clone() };
        self.pending.insert(poll, (id.clone(), answer));
        (id, frame)
    }

    /// Forgets the answer the hub acked or refused; true if it was here.
    pub(crate) fn settle(&mut self, id: &str) -> bool {
        let poll = self.pending.iter().find(|(_, (pending, _))| pending == id).map(|(poll, _)| poll.clone());
        poll.is_some_and(|poll| self.pending.remove(&poll).is_some())
    }

    /// The frames that send every unacked answer again.
    pub(crate) fn resend(&self) -> Vec<ClientFrame> {
        self.pending
            .iter()
            .map(|(poll, (id, answer))| ClientFrame::PollAnswer {
                poll: poll.clone(),
                id: id.clone(),
                answer: answer.clone(),
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn choice(i: u32) -> PollAnswer {
        PollAnswer { choices: vec![i], text: None }
    }

    #[test]
    fn an_answer_waits_for_its_ack_and_a_newer_one_replaces_it() {
        let mut answers = Answers::new("c1".into());
        let (first, _) = answers.push("q_1".into(), choice(0));
        let (second, frame) = answers.push("q_1".into(), choice(1));
        assert_ne!(first, second);
        assert_eq!(answers.resend(), vec![frame]);
        assert!(!answers.settle(&first), "replaced already");
        assert!(answers.settle(&second));
        assert!(answers.resend().is_empty());
    }
}
