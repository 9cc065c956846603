//! Private questions in the teacher's transcript: each thread (a student's
//! question and the teacher's answers) marked private, in Markdown after
//! the polls and in JSON as `questions`. Only the teacher exports a class,
//! so the threads are theirs to read.

use std::io::Write;

use serde_json::{json, Value};

use super::{md_escape, paragraph, Person, Zone};
use crate::ids::participant_id;
use crate::store::questions::StoredQuestion;
use crate::store::{StoreError, StoreResult};

/// The private questions' labels in one language.
pub(super) struct QuestionLabels {
    heading: &'static str,
    /// Under the heading: who could see them.
    note: &'static str,
    /// "Question from", before the student's name.
    from: &'static str,
    private_answer: &'static str,
    /// Before the chat message's number.
    public_answer: &'static str,
    unanswered: &'static str,
    /// Before a quoted question in a public answer's message.
    pub(super) quoted: &'static str,
}

pub(super) const ENGLISH: QuestionLabels = QuestionLabels {
    heading: "Private questions",
    note: "Private: only the teacher and the student who asked saw these.",
    from: "Question from",
    private_answer: "answered privately",
    public_answer: "answered for everyone, message",
    unanswered: "not answered",
    quoted: "Answering a private question",
};

pub(super) const SPANISH: QuestionLabels = QuestionLabels {
    heading: "Preguntas privadas",
    note: "Privadas: solo las vieron el docente y quien preguntó.",
    from: "Pregunta de",
    private_answer: "respondida en privado",
    public_answer: "respondida para todos, mensaje",
    unanswered: "sin respuesta",
    quoted: "Respuesta a una pregunta privada",
};

/// Who asked, as the participant list names them.
fn asker(people: &[Person], index: usize) -> &str {
    people.iter().find(|p| p.index == index).map_or("", |p| p.name.as_str())
}

/// Markdown: a section with a thread per question, oldest first; nothing
/// when no question was asked.
pub(super) fn markdown(
    questions: &[StoredQuestion],
    people: &[Person],
    zone: &Zone,
    labels: &QuestionLabels,
    teacher_word: &str,
    out: &mut dyn Write,
) -> StoreResult<()> {
    let io = StoreError::Export;
    if questions.is_empty() {
        return Ok(());
    }
    writeln!(out, "\n## {}\n\n_{}_", labels.heading, labels.note).map_err(io)?;
    for question in questions {
        let (date, time, _, _) = zone.local(&question.at);
        writeln!(
            out,
            "\n### {} {} ({}) · {date} {time}\n",
            labels.from,
            md_escape(asker(people, question.asker)),
            participant_id(question.asker)
        )
        .map_err(io)?;
        paragraph(&question.text, "> ", false, out)?;
        if question.answers.is_empty() {
            writeln!(out, "\n_{}_", labels.unanswered).map_err(io)?;
        }
        for answer in &question.answers {
            let (_, time, _, _) = zone.local(&answer.at);
            let how = match answer.seq {
                Some(seq) => format!("{} {seq}", labels.public_answer),
                None => labels.private_answer.to_owned(),
            };
            write!(out, "\n**{time}** · **{}** ({how}): ", md_escape(teacher_word)).map_err(io)?;
            paragraph(&answer.text, "", true, out)?;
        }
    }
    Ok(())
}

/// JSON: a value per question, `private: true`, oldest first.
pub(super) fn json(questions: &[StoredQuestion], people: &[Person], zone: &Zone) -> Vec<Value> {
    questions
        .iter()
        .map(|question| {
            let answers: Vec<Value> = question
                .answers
                .iter()
                .map(|answer| {
                    let mut value = json!({
                        "time": zone.local(&answer.at).3,
                        "utc": answer.at,
                        "text": answer.text,
                        "public": answer.seq.is_some(),
                    });
                    if let Some(seq) = answer.seq {
                        value["seq"] = json!(seq);
                    }
                    value
                })
                .collect();
            json!({
                "id": question.id,
                "private": true,
                "from": {"id": participant_id(question.asker), "name": asker(people, question.asker)},
                "time": zone.local(&question.at).3,
                "utc": question.at,
                "text": question.text,
                "answers": answers,
            })
        })
        .collect()
}
