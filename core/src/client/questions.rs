//! Private questions and answers the hub has not acked yet. Like poll
//! answers, each keeps its id for life: sent at once when connected and
//! sent again, with the same id, after every reconnect until the hub's
//! `question:asked` / `question:answered` with that `ref` (or a refusal)
//! settles it, so each is stored exactly once however the connection
//! comes and goes.

use crate::protocol::ClientFrame;

/// What a participant writes: a student's question, or the teacher's
/// answer to one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Draft {
    Ask { text: String },
    Answer { question: String, text: String, public: bool, show_name: bool },
}

impl Draft {
    fn frame(&self, id: String) -> ClientFrame {
        match self.clone() {
            Self::Ask { text } => ClientFrame::QuestionAsk { id, text },
            Self::Answer { question, text, public, show_name } => {
                ClientFrame::QuestionAnswer { id, question, text, public, show_name }
            }
        }
    }
}

/// Questions and answers kept at once; more is refused (a hub lets a
/// student have only a few waiting, and a teacher answers one at a time).
pub(crate) const MAX_KEPT: usize = 32;

#[derive(Debug)]
pub(crate) struct Kept {
    pending: Vec<(String, Draft)>,
    prefix: String,
    counter: u64,
}

impl Kept {
    /// `prefix` makes ids unique across restarts of the same participant.
    pub(crate) fn new(prefix: String) -> Self {
        Self { pending: Vec::new(), prefix, counter: 0 }
    }

    /// Keeps `draft` until settled; its id and the frame that sends it, or
    /// `None` when [`MAX_KEPT`] wait already.
    pub(crate) fn push(&mut self, draft: Draft) -> Option<(String, ClientFrame)> {
        if self.pending.len() >= MAX_KEPT {
            return None;
        }
        self.counter += 1;
        let id = format!("{}-q{}", self.prefix, self.counter);
        let frame = draft.frame(id.clone());
        self.pending.push((id.clone(), draft));
        Some((id, frame))
    }

    /// Forgets what the hub acked or refused; true if it was here.
    pub(crate) fn settle(&mut self, id: &str) -> bool {
        let before = self.pending.len();
        self.pending.retain(|(pending, _)| pending != id);
        self.pending.len() != before
    }

    /// The frames that send everything unsettled again, oldest first.
    pub(crate) fn resend(&self) -> Vec<ClientFrame> {
        self.pending.iter().map(|(id, draft)| draft.frame(id.clone())).collect()
    }

    /// How many wait.
    pub(crate) fn len(&self) -> usize {
        self.pending.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_question_waits_for_its_ack_with_its_id() {
        let mut kept = Kept::new("c1".into());
        let (first, frame) = kept.push(Draft::Ask { text: "Why?".into() }).unwrap();
        let (second, _) = kept
            .push(Draft::Answer {
                question: "pq_x".into(),
                text: "So.".into(),
                public: false,
                show_name: false,
            })
            .unwrap();
        assert_ne!(first, second);
        assert_eq!(kept.resend()[0], frame);
        assert!(kept.settle(&first));
        assert!(!kept.settle(&first), "settled once");
        assert_eq!(kept.len(), 1);
    }

    #[test]
    fn too_many_waiting_are_refused_not_dropped() {
        let mut kept = Kept::new("c1".into());
        for i in 0..MAX_KEPT {
            assert!(kept.push(Draft::Ask { text: format!("{i}") }).is_some());
        }
        assert!(kept.push(Draft::Ask { text: "one more".into() }).is_none());
        assert_eq!(kept.resend().len(), MAX_KEPT);
    }
}
