//! Private questions: a student writes to the teacher alone, and the
//! teacher answers privately (only that student is told) or for everyone
//! (a chat message quoting the question, the asker named only if the
//! teacher chooses). Nothing about a question ever goes to anyone else: its
//! frames go to the teacher's and the asker's connections only, and its id
//! is random, so not even a count leaks.

use std::sync::Arc;

use super::{serialise, Deferred, Member, OwnAck, Refusal, Session, Slot, State, TEACHER};
use crate::hub::fanout::{ConnId, Outbound};
use crate::ids::question_id;
use crate::protocol::{Answer, ChatEntry, ErrorCode, Question, Questions, Quote, Role, ServerFrame};
use crate::store::questions::{QuestionOp, StoredQuestion};
use crate::store::writer::WriteOp;
use crate::timestamp::now_rfc3339;

/// A question as the hub holds it.
pub(super) struct Asked {
    id: String,
    asker: usize,
    client_id: String,
    text: String,
    at: String,
    /// The answers, each with the teacher's client id for it.
    answers: Vec<(String, Answer)>,
    /// The operation that stored it (0 without a store).
    op: u64,
}

impl Asked {
    /// Back from the store, when a class is reopened.
    pub(super) fn restore(stored: StoredQuestion) -> Self {
        let answers = stored
            .answers
            .into_iter()
            .map(|a| (a.client_id, Answer { text: a.text, at: a.at, seq: a.seq }))
            .collect();
        Self {
            id: stored.id,
            asker: stored.asker,
            client_id: stored.client_id,
            text: stored.text,
            at: stored.at,
            answers,
            op: 0,
        }
    }

    /// As the protocol shows it, the asker under their name now.
    fn shown(&self, members: &[Member]) -> Question {
        Question {
            id: self.id.clone(),
            from: members[self.asker].identity.clone(),
            text: self.text.clone(),
            at: self.at.clone(),
            answers: self.answers.iter().map(|(_, a)| a.clone()).collect(),
        }
    }
}

impl Session {
    /// A student asks the teacher a private question. Asking again with the
    /// same client id changes nothing and is acknowledged again.
    pub(crate) fn ask(
        &self,
        member: usize,
        client_id: String,
        text: &str,
        slot: Slot,
    ) -> Result<OwnAck, Refusal> {
        check_client_id(&client_id)?;
        let text = text.trim();
        let mut state = self.lock();
        state.open()?;
        if state.members[member].identity.role != Role::Student {
            return Err(Refusal::new(
                ErrorCode::Forbidden,
                "Only students ask private questions; the teacher answers them.",
            ));
        }
        if let Some(asked) = state.questions.iter().find(|q| q.asker == member && q.client_id == client_id) {
            let frame = ServerFrame::QuestionAsked {
                question: asked.shown(&state.members),
                reference: Some(client_id),
            };
            return Ok(OwnAck { ack: serialise(&frame), after: state.pending(asked.op) });
        }
        if state.rules.questions_off {
            return Err(Refusal::new(
                ErrorCode::QuestionsOff,
                "The teacher has turned private questions off.",
            ));
        }
        self.check_text(text, "Questions")?;
        let open = state.questions.iter().filter(|q| q.asker == member && q.answers.is_empty()).count();
        if open >= self.limits.questions_open {
            return Err(Refusal::new(
                ErrorCode::TooManyQuestions,
                format!(
                    "You have {open} questions waiting for an answer; ask again once the teacher has answered one."
                ),
            ));
        }
        let budget = state.members[member].question_budget.as_ref();
        if budget.is_some_and(|limiter| limiter.check().is_err()) {
            return Err(Refusal::new(
                ErrorCode::RateLimited,
                format!("You can ask {} questions a minute. Wait a moment.", self.limits.question_rate),
            ));
        }
        let asked = Asked {
            id: question_id(),
            asker: member,
            client_id: client_id.clone(),
            text: text.to_owned(),
            at: now_rfc3339(),
            answers: Vec::new(),
            op: 0,
        };
        let op = QuestionOp::Asked {
            id: asked.id.clone(),
            ord: state.questions.len(),
            asker: member,
            client_id: client_id.clone(),
            text: asked.text.clone(),
            at: asked.at.clone(),
        };
        let stored_after = state.store_write(slot, WriteOp::Question(op))?;
        let question = asked.shown(&state.members);
        state.questions.push(Asked { op: stored_after.unwrap_or(0), ..asked });
        state.members[member].active = true;
        if let Some(teacher) = state.members[TEACHER].conn {
            let frame =
                serialise(&ServerFrame::QuestionAsked { question: question.clone(), reference: None });
            state.send_after(stored_after, Outbound::To { target: teacher, frame });
        }
        let ack = serialise(&ServerFrame::QuestionAsked { question, reference: Some(client_id) });
        Ok(OwnAck { ack, after: stored_after })
    }

    /// The teacher answers a private question: privately (`public` false),
    /// or for everyone as a chat message quoting it. Answering again with
    /// the same client id changes nothing and is acknowledged again.
    pub(crate) fn answer_question(
        &self,
        actor: usize,
        conn: ConnId,
        answer: AnswerRequest,
        slot: Slot,
    ) -> Result<OwnAck, Refusal> {
        let AnswerRequest { client_id, question, text, public, show_name } = answer;
        check_client_id(&client_id)?;
        let text = text.trim();
        let mut state = self.lock();
        state.open()?;
        if state.members[actor].identity.role != Role::Teacher {
            return Err(Refusal::new(ErrorCode::Forbidden, "Only the teacher answers private questions."));
        }
        let Some(index) = state.questions.iter().position(|q| q.id == question) else {
            return Err(Refusal::new(
                ErrorCode::UnknownQuestion,
                format!("No question has the id {question:?}."),
            ));
        };
        let asked = &state.questions[index];
        if let Some((_, given)) = asked.answers.iter().find(|(id, _)| *id == client_id) {
            let frame =
                ServerFrame::QuestionAnswered { question, answer: given.clone(), reference: Some(client_id) };
            return Ok(OwnAck { ack: serialise(&frame), after: state.pending(asked.op) });
        }
        self.check_text(text, "Answers")?;
        if asked.answers.len() >= self.limits.max_answers {
            return Err(Refusal::new(
                ErrorCode::TooManyQuestions,
                format!("This question has {} answers already.", asked.answers.len()),
            ));
        }
        let teacher = &state.members[actor];
        if teacher.limiter.as_ref().is_some_and(|limiter| limiter.check().is_err()) {
            return Err(Refusal::new(ErrorCode::RateLimited, "You are sending too fast. Wait a moment."));
        }
        let at = now_rfc3339();
        let asker = asked.asker;
        let mut ops = Vec::new();
        let mut entry = None;
        if public {
            let seq = state.last_seq + 1;
            let quote = Quote {
                text: asked.text.clone(),
                name: show_name.then(|| state.members[asker].identity.name.clone()),
            };
            ops.push(WriteOp::Message {
                seq,
                client_id: client_id.clone(),
                sender: actor,
                text: text.to_owned(),
                ts: at.clone(),
                quote: Some(quote.clone()),
            });
            entry = Some(ChatEntry {
                seq,
                id: format!("m_{seq}"),
                client_id: client_id.clone(),
                from: teacher.identity.clone(),
                text: text.to_owned(),
                ts: at.clone(),
                removed: false,
                reactions: Vec::new(),
                quote: Some(Box::new(quote)),
            });
        }
        let given = Answer { text: text.to_owned(), at, seq: entry.as_ref().map(|e| e.seq) };
        ops.push(WriteOp::Question(QuestionOp::Answered {
            question: question.clone(),
            n: asked.answers.len(),
            client_id: client_id.clone(),
            text: given.text.clone(),
            at: given.at.clone(),
            seq: given.seq,
        }));
        let stored_after = state.store_write(slot, WriteOp::Batch(ops))?;
        if let Some(entry) = entry {
            state.last_seq = entry.seq;
            let item = Outbound::Frame(serialise(&ServerFrame::ChatMessage(entry.clone())));
            let entry = Arc::new(entry);
            match stored_after {
                Some(op) => state.deferred.push_back((op, Deferred::Chat(entry, item))),
                None => state.publish(entry, item, self.limits.history_retained),
            }
        }
        let asked = &mut state.questions[index];
        asked.answers.push((client_id.clone(), given.clone()));
        asked.op = stored_after.unwrap_or(0);
        if let Some(target) = state.members[asker].conn.filter(|&c| c != conn) {
            let frame = ServerFrame::QuestionAnswered {
                question: question.clone(),
                answer: given.clone(),
                reference: None,
            };
            state.send_after(stored_after, Outbound::To { target, frame: serialise(&frame) });
        }
        let ack =
            serialise(&ServerFrame::QuestionAnswered { question, answer: given, reference: Some(client_id) });
        Ok(OwnAck { ack, after: stored_after })
    }

    /// Refuses an empty or too long question or answer.
    fn check_text(&self, text: &str, what: &str) -> Result<(), Refusal> {
        if text.is_empty() {
            return Err(Refusal::new(ErrorCode::Empty, "Type something first."));
        }
        let chars = text.chars().count();
        let max = self.limits.max_text_chars;
        if chars > max {
            return Err(Refusal::new(
                ErrorCode::TooLong,
                format!("{what} can have at most {max} characters; this one has {chars}."),
            ));
        }
        Ok(())
    }
}

/// The teacher's `question:answer`.
#[derive(Debug)]
pub(crate) struct AnswerRequest {
    pub(crate) client_id: String,
    pub(crate) question: String,
    pub(crate) text: String,
    pub(crate) public: bool,
    pub(crate) show_name: bool,
}

fn check_client_id(id: &str) -> Result<(), Refusal> {
    if id.is_empty() || id.chars().count() > 64 {
        return Err(Refusal::new(ErrorCode::Malformed, "An id must have 1 to 64 characters."));
    }
    Ok(())
}

impl State {
    /// The operation a repeated ack must wait for: `op`, while the writer
    /// has not committed it yet.
    fn pending(&self, op: u64) -> Option<u64> {
        (op > self.ops_committed).then_some(op)
    }

    /// The private questions `member` may see: their own (a student), or
    /// everyone's (the teacher); the newest `page` of them.
    pub(super) fn questions_for(&self, member: usize, page: usize) -> Questions {
        let teacher = self.members[member].identity.role == Role::Teacher;
        let mine: Vec<&Asked> = self.questions.iter().filter(|q| teacher || q.asker == member).collect();
        let skip = mine.len().saturating_sub(page);
        Questions {
            list: mine[skip..].iter().map(|q| q.shown(&self.members)).collect(),
            earlier: skip as u64,
        }
    }
}
