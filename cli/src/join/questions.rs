//! Private questions in the terminal: a student asks the teacher with
//! `/ask TEXT`; the teacher answers with `/reply ID TEXT` (privately) or
//! `/reply-all ID TEXT` (for everyone, quoting the question without the
//! name; `/reply-all-named` names the student) and turns questions off or
//! on with `/questions off|on`. Questions and answers print as they come;
//! text from the network goes through [`super::printable`].

use anyhow::Result;
use classroom_core::client::{ClientEvent, ClientHandle};
use classroom_core::protocol::{Question, Role, RulesChange};

use super::{one_line, printable};

/// What the terminal knows of private questions: whether we are the
/// teacher (who sees everyone's). The rule that turns them off prints with
/// the room's other rules.
#[derive(Debug, Default)]
pub(super) struct Questions {
    teacher: bool,
}

impl Questions {
    /// The lines to print for a question event; `None` for any other event.
    pub(super) fn lines(&mut self, event: &ClientEvent) -> Option<Vec<String>> {
        let lines = match event {
            ClientEvent::Welcome { you, .. } => {
                self.teacher = you.role == Role::Teacher;
                return None;
            }
            ClientEvent::Questions(questions) if self.teacher => {
                let waiting: Vec<&Question> =
                    questions.list.iter().filter(|q| q.answers.is_empty()).collect();
                let mut lines = Vec::new();
                if !waiting.is_empty() {
                    lines.push(format!("* private questions waiting for an answer: {}", waiting.len()));
                    lines.extend(waiting.iter().map(|q| asked_line(q)));
                }
                lines
            }
            ClientEvent::Questions(questions) => questions
                .list
                .iter()
                .map(|q| {
                    let state = if q.answers.is_empty() { "waiting for an answer" } else { "answered" };
                    format!("* your private question ({state}): {}", text(&q.text))
                })
                .collect(),
            ClientEvent::QuestionAsked { question, .. } if self.teacher => vec![asked_line(question)],
            ClientEvent::QuestionAsked { question, .. } => {
                vec![format!("* you asked the teacher privately: {}", text(&question.text))]
            }
            ClientEvent::QuestionAnswered { question, answer, .. } if self.teacher => {
                let how = if answer.seq.is_some() { "for everyone" } else { "privately" };
                vec![format!("* you answered [{question}] {how}")]
            }
            ClientEvent::QuestionAnswered { answer, .. } if answer.seq.is_some() => {
                vec!["* the teacher answered your question for everyone".to_owned()]
            }
            ClientEvent::QuestionAnswered { answer, .. } => {
                vec![format!("* the teacher answered you privately: {}", text(&answer.text))]
            }
            _ => return None,
        };
        Some(lines)
    }
}

/// A question as the teacher sees it: its id (to `/reply` to), who asked.
fn asked_line(question: &Question) -> String {
    format!(
        "* ? [{}] {} asks privately: {}",
        question.id,
        one_line(&question.from.name),
        text(&question.text)
    )
}

/// A question's or an answer's text, its later lines indented.
fn text(text: &str) -> String {
    printable(text).replace('\n', "\n        ")
}

/// Runs a question command (`/ask`, `/reply`, `/reply-all`,
/// `/reply-all-named`, `/questions`); `Ok(false)` when `verb` is none of
/// them. A usage mistake is printed, not sent.
pub(super) async fn command(client: &ClientHandle, verb: &str, rest: &str) -> Result<bool> {
    let rest = rest.trim();
    match verb {
        "/ask" if rest.is_empty() => println!("! usage: /ask YOUR QUESTION (only the teacher sees it)"),
        "/ask" => {
            if let Err(err) = client.ask(rest).await {
                println!("! not sent: {err}");
            }
        }
        "/reply" | "/reply-all" | "/reply-all-named" => match rest.split_once(char::is_whitespace) {
            Some((id, answer)) if !answer.trim().is_empty() => {
                let (public, named) = (verb != "/reply", verb == "/reply-all-named");
                if let Err(err) = client.answer_question(id, answer.trim(), public, named).await {
                    println!("! not sent: {err}");
                }
            }
            _ => println!("! usage: {verb} QUESTION_ID YOUR ANSWER"),
        },
        "/questions" if matches!(rest, "on" | "off") => {
            let change = RulesChange { questions_off: Some(rest == "off"), ..RulesChange::default() };
            client.set_rules(change).await?;
        }
        "/questions" => println!("! usage: /questions on|off (let students ask you privately)"),
        _ => return Ok(false),
    }
    Ok(true)
}
