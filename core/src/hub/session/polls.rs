//! Live polls. The teacher opens one poll at a time; students answer it
//! (once, or changing their answer where the poll allows), each answer
//! stored before its `poll:ack`; the teacher gets the results as they come,
//! at most one `poll:tally` every `tally_interval`, and nobody else gets
//! anything per answer. Closing (by the teacher, or the poll's timer) stops
//! answers; revealing shows the results to everyone. An anonymous poll's
//! answers are kept apart from who gave them: only the hub process, while
//! it runs, could tell, and nothing it sends or stores does.

use std::collections::{BTreeMap, HashMap, HashSet};

use tokio::time::{Duration, Instant};

use super::{forbidden, serialise, OwnAck, Refusal, Session, Slot, State, TEACHER};
use crate::hub::config::Limits;
use crate::hub::fanout::Outbound;
use crate::ids::poll_id;
use crate::protocol::{
    ErrorCode, PollAnswer, PollClosedBy, PollDraft, PollInfo, PollKind, PollResults, PollState, PollStatus,
    Role, ServerFrame,
};
use crate::store::polls::{tally, text_key, StoredPoll, Tally};
use crate::store::writer::WriteOp;
use crate::timestamp::{now_rfc3339, rfc3339_after};

/// Distinct text answers in a poll's results, the most given first: a
/// word cloud shows no more, and every welcome carries every poll's
/// results (a class of 300 giving 300 different answers to each of 100
/// polls would otherwise make a welcome of megabytes).
pub(crate) const MAX_TEXTS_SHOWN: usize = 100;

/// Shortest and longest poll timer, in seconds.
pub(crate) const TIMER_SECONDS: std::ops::RangeInclusive<u32> = 10..=600;

/// A poll of the session.
#[derive(Debug)]
pub(crate) struct Poll {
    pub(crate) info: PollInfo,
    pub(crate) correct: Vec<u32>,
    pub(crate) status: PollStatus,
    /// Who answered what, by member; empty in an anonymous poll.
    pub(crate) answers: BTreeMap<usize, Given>,
    /// An anonymous poll's answers, in no tie to who gave them.
    pub(crate) pooled: Vec<PollAnswer>,
    /// An anonymous poll's students who answered, with their answer's
    /// client id (a resend of it is acked again).
    pub(crate) voters: HashMap<usize, String>,
    /// The keys (see [`text_key`]) of a text poll's answers the teacher hid.
    pub(crate) hidden: HashSet<String>,
    /// When the timer closes it, while open.
    pub(crate) deadline: Option<Instant>,
}

/// A student's answer, and the client id it came with.
#[derive(Debug, Clone)]
pub(crate) struct Given {
    pub(crate) answer: PollAnswer,
    pub(crate) id: String,
}

fn invalid(message: impl Into<String>) -> Refusal {
    Refusal::new(ErrorCode::InvalidPoll, message)
}

fn unknown_poll(id: &str) -> Refusal {
    Refusal::new(ErrorCode::UnknownPoll, format!("No poll has the id {id:?}."))
}

/// One line of text as it is kept: trimmed, white space (line breaks
/// included) as single spaces; `None` when it has control characters.
fn one_line(text: &str) -> Option<String> {
    let line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    (!line.chars().any(char::is_control)).then_some(line)
}

/// Checks a poll to open; returns it with its texts as kept.
fn checked(new: PollDraft, limits: &Limits) -> Result<PollDraft, Refusal> {
    let question = new.question.trim().to_owned();
    if question.is_empty() {
        return Err(invalid("A poll needs a question."));
    }
    if question.chars().count() > limits.max_question_chars {
        return Err(invalid(format!(
            "A question can have at most {} characters.",
            limits.max_question_chars
        )));
    }
    let mut options = Vec::with_capacity(new.options.len());
    for option in &new.options {
        let Some(option) = one_line(option).filter(|o| !o.is_empty()) else {
            return Err(invalid("Every option needs a text, on one line."));
        };
        if option.chars().count() > limits.max_option_chars {
            return Err(invalid(format!(
                "An option can have at most {} characters.",
                limits.max_option_chars
            )));
        }
        if options.iter().any(|o: &String| text_key(o) == text_key(&option)) {
            return Err(invalid(format!("Two options say “{option}”.")));
        }
        options.push(option);
    }
    match new.kind {
        PollKind::Text if !options.is_empty() || !new.correct.is_empty() => {
            return Err(invalid("A text poll has no options."));
        }
        PollKind::Single | PollKind::Multi
            if options.len() < 2 || options.len() > limits.max_poll_options =>
        {
            return Err(invalid(format!("A poll has 2 to {} options.", limits.max_poll_options)));
        }
        _ => {}
    }
    let mut correct = new.correct.clone();
    correct.sort_unstable();
    correct.dedup();
    if correct.len() != new.correct.len() || correct.iter().any(|&i| i as usize >= options.len()) {
        return Err(invalid("The correct options must be options of the poll, each once."));
    }
    if new.seconds.is_some_and(|s| !TIMER_SECONDS.contains(&s)) {
        return Err(invalid(format!(
            "A poll's timer runs {} seconds to {} minutes.",
            TIMER_SECONDS.start(),
            TIMER_SECONDS.end() / 60
        )));
    }
    if new.anonymous && new.changes {
        return Err(invalid(
            "An anonymous poll takes one answer from each student: it cannot allow changes.",
        ));
    }
    Ok(PollDraft { question, options, correct, ..new })
}

/// Checks an answer against its poll; returns it as kept (choices sorted,
/// a text on one line).
fn checked_answer(poll: &Poll, answer: PollAnswer, limits: &Limits) -> Result<PollAnswer, Refusal> {
    let bad = |message: &str| Refusal::new(ErrorCode::InvalidAnswer, message);
    match poll.info.kind {
        PollKind::Text => {
            if !answer.choices.is_empty() {
                return Err(bad("This poll takes a text, not options."));
            }
            let text = answer.text.as_deref().and_then(one_line).unwrap_or_default();
            if text.is_empty() {
                return Err(bad("Write an answer first."));
            }
            if text.chars().count() > limits.max_answer_chars {
                return Err(Refusal::new(
                    ErrorCode::InvalidAnswer,
                    format!("An answer can have at most {} characters.", limits.max_answer_chars),
                ));
            }
            Ok(PollAnswer { choices: Vec::new(), text: Some(text) })
        }
        PollKind::Single | PollKind::Multi => {
            if answer.text.is_some() {
                return Err(bad("This poll takes options, not a text."));
            }
            let mut choices = answer.choices.clone();
            choices.sort_unstable();
            choices.dedup();
            if choices.is_empty() || choices.len() != answer.choices.len() {
                return Err(bad("Choose at least one option, each once."));
            }
            if poll.info.kind == PollKind::Single && choices.len() > 1 {
                return Err(bad("This poll takes one option."));
            }
            if choices.iter().any(|&i| i as usize >= poll.info.options.len()) {
                return Err(bad("That option is not one of the poll's."));
            }
            Ok(PollAnswer { choices, text: None })
        }
    }
}

impl Poll {
    /// A stored poll as the reopened session holds it; an open poll's
    /// timer runs on from where it stood (out already: it closes at once).
    pub(super) fn restore(stored: StoredPoll) -> Self {
        let deadline = match (&stored.info.closes_at, stored.status) {
            (Some(at), PollStatus::Open) => Some(Instant::now() + remaining(at)),
            _ => None,
        };
        Self {
            info: stored.info,
            correct: stored.correct,
            status: stored.status,
            answers: stored
                .answers
                .into_iter()
                .map(|(member, id, answer)| (member, Given { answer, id }))
                .collect(),
            pooled: stored.pooled,
            voters: stored.voters.into_iter().collect(),
            hidden: stored.hidden.into_iter().collect(),
            deadline,
        }
    }

    fn answers(&self) -> impl Iterator<Item = &PollAnswer> {
        self.answers.values().map(|given| &given.answer).chain(self.pooled.iter())
    }

    fn answered(&self, member: usize) -> bool {
        self.answers.contains_key(&member) || self.voters.contains_key(&member)
    }

    /// The results; `who` only for the teacher, and never when anonymous.
    pub(crate) fn results(&self, students: u32, for_teacher: bool) -> PollResults {
        let Tally { counts, mut texts, .. } = tally(self.info.options.len(), self.answers(), &self.hidden);
        texts.truncate(MAX_TEXTS_SHOWN);
        let answered = u32::try_from(self.answers.len() + self.voters.len()).unwrap_or(u32::MAX);
        let who = (for_teacher && !self.info.anonymous)
            .then(|| self.answers.keys().map(|&member| crate::ids::participant_id(member)).collect());
        PollResults {
            poll: self.info.id.clone(),
            answered,
            students,
            counts,
            texts,
            correct: self.correct.clone(),
            who,
        }
    }
}

impl Session {
    /// Teacher action: opens a poll (stored through `slot` before anyone is told).
    pub(crate) fn open_poll(&self, actor: usize, new: PollDraft, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        if state.members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        if let Some(open) = state.polls.iter().find(|p| p.status == PollStatus::Open) {
            return Err(Refusal::new(
                ErrorCode::PollOpen,
                format!("The poll “{}” is still open: close it first.", open.info.question),
            ));
        }
        if state.polls.len() >= self.limits.max_polls {
            return Err(invalid(format!("A class can have at most {} polls.", self.limits.max_polls)));
        }
        let new = checked(new, &self.limits)?;
        let index = state.polls.len();
        let deadline = new.seconds.map(|s| Instant::now() + Duration::from_secs(s.into()));
        let info = PollInfo {
            id: poll_id(index),
            question: new.question,
            kind: new.kind,
            options: new.options,
            quiz: !new.correct.is_empty(),
            anonymous: new.anonymous,
            changes: new.changes,
            opened_at: now_rfc3339(),
            closes_at: new.seconds.map(|s| rfc3339_after(Duration::from_secs(s.into()))),
        };
        let op = WriteOp::PollOpened { index, info: info.clone(), correct: new.correct.clone() };
        let stored_after = state.enqueue(slot, op);
        if state.durable && stored_after.is_none() {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing."));
        }
        let frame = serialise(&ServerFrame::PollOpened { poll: info.clone() });
        state.polls.push(Poll {
            info,
            correct: new.correct,
            status: PollStatus::Open,
            answers: BTreeMap::new(),
            pooled: Vec::new(),
            voters: HashMap::new(),
            hidden: HashSet::new(),
            deadline,
        });
        state.send_after(stored_after, Outbound::Frame(frame));
        if let Some(deadline) = deadline {
            self.poll_deadline.send_replace(Some(deadline));
        }
        Ok(())
    }

    /// Student action: answers the open poll, or changes the answer where
    /// allowed; the returned `poll:ack` is written once stored. The same
    /// answer id again (a resend) is acked again and changes nothing.
    pub(crate) fn answer_poll(
        &self,
        actor: usize,
        poll_id: &str,
        id: String,
        answer: PollAnswer,
        slot: Slot,
    ) -> Result<OwnAck, Refusal> {
        let mut state = self.lock();
        if state.members[actor].identity.role != Role::Student {
            return Err(Refusal::new(ErrorCode::Forbidden, "Only students answer polls."));
        }
        if id.is_empty() || id.chars().count() > 64 {
            return Err(Refusal::new(ErrorCode::Malformed, "An answer's id has 1 to 64 characters."));
        }
        let index = poll_index(&state, poll_id).ok_or_else(|| unknown_poll(poll_id))?;
        let poll = &state.polls[index];
        let ack = serialise(&ServerFrame::PollAck { poll: poll_id.into(), id: id.clone() });
        let resent = poll.answers.get(&actor).is_some_and(|given| given.id == id)
            || poll.voters.get(&actor).is_some_and(|given| *given == id);
        if resent {
            // Acked again once anything still being stored (the first copy,
            // perhaps) is.
            return Ok(OwnAck { ack, after: state.durable.then_some(state.ops_enqueued) });
        }
        if poll.status != PollStatus::Open {
            return Err(Refusal::new(
                ErrorCode::PollClosed,
                "This poll is closed: it takes no more answers.",
            ));
        }
        if poll.answered(actor) && !poll.info.changes {
            return Err(Refusal::new(
                ErrorCode::AnswerLocked,
                "You have answered this poll already, and it does not take changes.",
            ));
        }
        let answer = checked_answer(poll, answer, &self.limits)?;
        let anonymous = poll.info.anonymous;
        let op = WriteOp::PollAnswered {
            poll: index,
            member: actor,
            client_id: id.clone(),
            answer: answer.clone(),
            anonymous,
            at: now_rfc3339(),
        };
        let stored_after = state.enqueue(slot, op);
        if state.durable && stored_after.is_none() {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing."));
        }
        let poll = &mut state.polls[index];
        if anonymous {
            poll.pooled.push(answer);
            poll.voters.insert(actor, id);
        } else {
            poll.answers.insert(actor, Given { answer, id });
        }
        state.tally_due = Some(index);
        self.tally_wanted.notify_one();
        Ok(OwnAck { ack, after: stored_after })
    }

    /// Teacher action: closes a poll (nothing happens to one closed already).
    pub(crate) fn close_poll(&self, actor: usize, poll_id: &str, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        if state.members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        let index = poll_index(&state, poll_id).ok_or_else(|| unknown_poll(poll_id))?;
        if state.polls[index].status == PollStatus::Open {
            state.close(index, PollClosedBy::Teacher, slot)?;
        }
        Ok(())
    }

    /// Teacher action: shows a poll's results to everyone, closing it
    /// first if it is open (nothing happens to one revealed already).
    pub(crate) fn reveal_poll(&self, actor: usize, poll_id: &str, slot: Slot) -> Result<(), Refusal> {
        let mut state = self.lock();
        if state.members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        let index = poll_index(&state, poll_id).ok_or_else(|| unknown_poll(poll_id))?;
        match state.polls[index].status {
            PollStatus::Revealed => return Ok(()),
            PollStatus::Open => state.close(index, PollClosedBy::Teacher, None)?,
            PollStatus::Closed => {}
        }
        let stored_after =
            state.enqueue(slot, WriteOp::PollStatus { poll: index, status: PollStatus::Revealed });
        if state.durable && stored_after.is_none() {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing."));
        }
        state.polls[index].status = PollStatus::Revealed;
        let results = state.polls[index].results(state.students_for(&state.polls[index]), false);
        state.send_after(stored_after, Outbound::Frame(serialise(&ServerFrame::PollRevealed { results })));
        Ok(())
    }

    /// Teacher action: hides an answer of a text poll from its results
    /// (everywhere: live results, revealed ones, the export).
    pub(crate) fn hide_answer(
        &self,
        actor: usize,
        poll_id: &str,
        text: &str,
        slot: Slot,
    ) -> Result<(), Refusal> {
        let mut state = self.lock();
        if state.members[actor].identity.role != Role::Teacher {
            return Err(forbidden());
        }
        let index = poll_index(&state, poll_id).ok_or_else(|| unknown_poll(poll_id))?;
        if state.polls[index].info.kind != PollKind::Text {
            return Err(invalid("Only a text poll's answers can be hidden."));
        }
        let key = text_key(text);
        if !state.polls[index].answers().any(|a| a.text.as_deref().map(text_key).as_ref() == Some(&key)) {
            return Err(Refusal::new(ErrorCode::InvalidAnswer, "No answer of this poll says that."));
        }
        if !state.polls[index].hidden.insert(key.clone()) {
            return Ok(());
        }
        let stored_after = state.enqueue(slot, WriteOp::PollHidden { poll: index, key });
        if state.durable && stored_after.is_none() {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing."));
        }
        let students = state.students_for(&state.polls[index]);
        if state.polls[index].status == PollStatus::Revealed {
            let results = state.polls[index].results(students, false);
            state
                .send_after(stored_after, Outbound::Frame(serialise(&ServerFrame::PollRevealed { results })));
        }
        state.send_tally(index, stored_after);
        Ok(())
    }

    /// Closes the open poll if its timer has run out; returns when the
    /// next timer runs out, if a poll is still open with one.
    pub(crate) fn close_expired(&self, now: Instant) -> Option<Instant> {
        let mut state = self.lock();
        let index = state.polls.iter().position(|p| p.status == PollStatus::Open)?;
        let deadline = state.polls[index].deadline?;
        if deadline > now {
            return Some(deadline);
        }
        // Without a writer slot: stored if the writer's queue has room, at
        // the latest with everything else at shutdown otherwise.
        if let Err(refusal) = state.close(index, PollClosedBy::Timer, None) {
            tracing::warn!(message = %refusal.message, "a poll's timer could not close it");
        }
        None
    }

    /// Sends the teacher the results of the poll answered since the last
    /// tally, if any.
    pub(crate) fn flush_tally(&self) {
        let mut state = self.lock();
        if let Some(index) = state.tally_due.take() {
            state.send_tally(index, None);
        }
    }
}

impl State {
    /// The students a poll's "N of M answered" counts: the class's (not
    /// removed), online or not, and any removed after answering it (their
    /// answer stays in the results), so N is never more than M.
    fn students_for(&self, poll: &Poll) -> u32 {
        let count = self
            .members
            .iter()
            .enumerate()
            .filter(|(index, m)| m.identity.role == Role::Student && (!m.removed || poll.answered(*index)))
            .count();
        u32::try_from(count).unwrap_or(u32::MAX)
    }

    /// Closes an open poll: stored (through `slot`, or without one if the
    /// writer's queue has room), then everyone is told, the teacher with
    /// the final tally first.
    fn close(&mut self, index: usize, by: PollClosedBy, slot: Slot) -> Result<(), Refusal> {
        let stored_after =
            self.enqueue(slot, WriteOp::PollStatus { poll: index, status: PollStatus::Closed });
        if self.durable && stored_after.is_none() && slot_was_needed(by) {
            return Err(Refusal::new(ErrorCode::SessionEnded, "This class is closing."));
        }
        let after = stored_after.or(self.durable.then_some(self.ops_enqueued));
        let poll = &mut self.polls[index];
        poll.status = PollStatus::Closed;
        poll.deadline = None;
        if self.tally_due == Some(index) {
            self.tally_due = None;
        }
        self.send_tally(index, after);
        let poll = self.polls[index].info.id.clone();
        self.send_after(after, Outbound::Frame(serialise(&ServerFrame::PollClosed { poll, by })));
        Ok(())
    }

    /// The teacher's live results of a poll, to the teacher's connection.
    fn send_tally(&mut self, index: usize, after: Option<u64>) {
        let Some(teacher) = self.members[TEACHER].conn else {
            return;
        };
        let results = self.polls[index].results(self.students_for(&self.polls[index]), true);
        let frame = serialise(&ServerFrame::PollTally { results });
        self.send_after(after, Outbound::To { target: teacher, frame });
    }

    /// The polls as `member` sees them in a welcome.
    pub(super) fn poll_states(&self, member: usize) -> Vec<PollState> {
        let teacher = self.members[member].identity.role == Role::Teacher;
        self.polls
            .iter()
            .map(|poll| PollState {
                info: poll.info.clone(),
                status: poll.status,
                mine: poll.answers.get(&member).map(|given| given.answer.clone()),
                answered: poll.answered(member),
                results: (teacher || poll.status == PollStatus::Revealed)
                    .then(|| poll.results(self.students_for(poll), teacher)),
            })
            .collect()
    }
}

/// A poll closed by its timer may be stored later (at shutdown); one the
/// teacher closes must be stored now, or it is refused.
fn slot_was_needed(by: PollClosedBy) -> bool {
    by == PollClosedBy::Teacher
}

/// How long until `at` (RFC 3339); nothing when past or unreadable.
fn remaining(at: &str) -> Duration {
    let Ok(end) = time::OffsetDateTime::parse(at, &time::format_description::well_known::Rfc3339) else {
        return Duration::ZERO;
    };
    let left = end - time::OffsetDateTime::now_utc();
    Duration::try_from(left).unwrap_or(Duration::ZERO)
}

/// The index behind a poll id; only the exact form the hub hands out.
fn poll_index(state: &State, id: &str) -> Option<usize> {
    let index = id.strip_prefix("q_")?.parse::<usize>().ok()?.checked_sub(1)?;
    (poll_id(index) == id && index < state.polls.len()).then_some(index)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A text poll's results hold its 100 most given answers, most given
    /// first; every answer still counts in `answered`.
    #[test]
    fn results_keep_the_most_given_texts() {
        let info = PollInfo {
            id: poll_id(0),
            question: "One word?".into(),
            kind: PollKind::Text,
            options: Vec::new(),
            quiz: false,
            anonymous: false,
            changes: false,
            opened_at: now_rfc3339(),
            closes_at: None,
        };
        let mut poll = Poll {
            info,
            correct: Vec::new(),
            status: PollStatus::Open,
            answers: BTreeMap::new(),
            pooled: Vec::new(),
            voters: HashMap::new(),
            hidden: HashSet::new(),
            deadline: None,
        };
        let text = |t: String| PollAnswer { choices: Vec::new(), text: Some(t) };
        for member in 0..150 {
            poll.answers.insert(member, Given { answer: text(format!("word {member}")), id: "a".into() });
        }
        for member in 150..153 {
            poll.answers.insert(member, Given { answer: text("WORD 149".into()), id: "a".into() });
        }
        let results = poll.results(153, true);
        assert_eq!(results.answered, 153);
        assert_eq!(results.texts.len(), MAX_TEXTS_SHOWN);
        assert_eq!((results.texts[0].text.as_str(), results.texts[0].count), ("word 149", 4));
        assert_eq!(results.texts[1].text, "word 0", "then in the order first given");
    }

    #[test]
    fn text_answers_count_together_ignoring_case_and_spacing_not_accents() {
        assert_eq!(text_key("  Photo   synthesis "), "photo synthesis");
        assert_eq!(text_key("PHOTO SYNTHESIS"), text_key("photo\tsynthesis"));
        assert_ne!(text_key("café"), text_key("cafe"));
    }
}
