//! A class's polls in its transcripts: Markdown's "Polls" section, JSON's
//! `polls`, and the gradebook (a CSV of each student's answers).
//!
//! Answers are counted and judged by the rules the hub's results follow
//! (`store::polls::tally`, `store::polls::is_right`), so a transcript says
//! what the class saw. Text answers the teacher hid are left out
//! everywhere: of the counts, of each student's answer and of the
//! gradebook (only how many were hidden is said). An anonymous poll ties no
//! answer to anyone: its counts are given, never who answered what (no
//! student list, no `answers`, no gradebook column).

use std::collections::{BTreeMap, HashSet};
use std::io::Write;

use serde_json::{json, Value};

use super::{md_escape, md_escape_line_start, spreadsheet_text, Labels, Person, Zone};
use crate::ids::participant_id;
use crate::protocol::{PollAnswer, PollKind, PollStatus, Role};
use crate::store::polls::{is_right, tally, text_key, StoredPoll, Tally};
use crate::store::{StoreError, StoreResult};

/// The polls' human labels in one language (part of [`Labels`]).
pub(super) struct PollLabels {
    /// Markdown's section heading.
    polls: &'static str,
    /// Before a poll's number: "Poll 1: …" (headings, gradebook headers).
    poll: &'static str,
    /// `single`, `multi`, `text`.
    kinds: [&'static str; 3],
    quiz: &'static str,
    anonymous: &'static str,
    changes: &'static str,
    /// `{n}`: the timer's seconds.
    timer: &'static str,
    opened: &'static str,
    status: &'static str,
    /// `open`, `closed`, `revealed`.
    statuses: [&'static str; 3],
    /// `{n}` of `{m}` students (not removed).
    answered: &'static str,
    results: &'static str,
    /// A text poll's answers, before their list.
    answers: &'static str,
    /// A text poll without an answer shown.
    none: &'static str,
    /// `{n}`: how many answers the teacher hid.
    hidden_count: &'static str,
    /// After a correct option.
    correct: &'static str,
    /// Markdown: before each student's answer.
    students: &'static str,
    no_answer: &'static str,
    /// A student's answer that the teacher hid (Markdown, gradebook).
    hidden: &'static str,
    right: &'static str,
    wrong: &'static str,
    /// The gradebook's first columns: name, participant, removed.
    gradebook_headers: [&'static str; 3],
    /// After "Poll 1": the header of a quiz poll's right-or-not column.
    right_column: &'static str,
    /// `{n}`: the quiz polls in the gradebook.
    score: &'static str,
}

pub(super) const ENGLISH: PollLabels = PollLabels {
    polls: "Polls",
    poll: "Poll",
    kinds: ["one option", "one or more options", "a short text"],
    quiz: "quiz (correct options marked)",
    anonymous: "anonymous (nobody can tell who answered what)",
    changes: "answers could be changed",
    timer: "timer of {n} s",
    opened: "Opened",
    status: "Status",
    statuses: ["still open", "closed", "closed, results shown to the class"],
    answered: "Students who answered: {n} of {m}",
    results: "Results",
    answers: "Answers",
    none: "none",
    hidden_count: "Answers hidden by the teacher: {n}",
    correct: "correct",
    students: "Each student's answer",
    no_answer: "no answer",
    hidden: "answer hidden by the teacher",
    right: "right",
    wrong: "wrong",
    gradebook_headers: ["name", "participant", "removed"],
    right_column: "right",
    score: "score (right of {n})",
};

pub(super) const SPANISH: PollLabels = PollLabels {
    polls: "Encuestas",
    poll: "Encuesta",
    kinds: ["una opción", "una o más opciones", "un texto breve"],
    quiz: "con respuestas correctas (marcadas)",
    anonymous: "anónima (nadie puede saber quién respondió qué)",
    changes: "se podían cambiar las respuestas",
    timer: "temporizador de {n} s",
    opened: "Apertura",
    status: "Estado",
    statuses: ["todavía abierta", "cerrada", "cerrada, resultados mostrados a la clase"],
    answered: "Estudiantes que respondieron: {n} de {m}",
    results: "Resultados",
    answers: "Respuestas",
    none: "ninguna",
    hidden_count: "Respuestas ocultadas por el docente: {n}",
    correct: "correcta",
    students: "Respuesta de cada estudiante",
    no_answer: "sin respuesta",
    hidden: "respuesta ocultada por el docente",
    right: "correcta",
    wrong: "incorrecta",
    gradebook_headers: ["nombre", "participante", "retirado"],
    right_column: "correcta",
    score: "puntaje (correctas de {n})",
};

/// A poll as the transcripts show it.
pub(super) struct Shown {
    /// 1 for the first poll opened.
    number: usize,
    poll: StoredPoll,
    tally: Tally,
    /// Students who answered, the hub's count (named answers and
    /// anonymous voters).
    answered: usize,
    /// Of how many: the students in the class at its end (not removed),
    /// and those removed after answering.
    students: usize,
    /// A named poll's answers by participant index; empty when anonymous.
    by_student: BTreeMap<usize, PollAnswer>,
    hidden: HashSet<String>,
}

/// One student's answer as a transcript gives it.
enum Given<'a> {
    Choices(&'a [u32]),
    Text(&'a str),
    /// A text the teacher hid.
    Hidden,
}

impl Shown {
    fn given<'a>(&self, answer: &'a PollAnswer) -> Given<'a> {
        match &answer.text {
            Some(text) if self.hidden.contains(&text_key(text)) => Given::Hidden,
            Some(text) => Given::Text(text),
            None => Given::Choices(&answer.choices),
        }
    }

    /// Whether an answer is right; `None` when the poll is not a quiz.
    fn right(&self, answer: &PollAnswer) -> Option<bool> {
        self.poll.info.quiz.then(|| is_right(self.poll.info.kind, &self.poll.correct, answer))
    }

    /// The options chosen, by their text, joined with "; ".
    fn option_texts(&self, choices: &[u32]) -> String {
        let options = &self.poll.info.options;
        let texts: Vec<&str> =
            choices.iter().filter_map(|&c| options.get(c as usize)).map(String::as_str).collect();
        texts.join("; ")
    }

    /// The question on one line (a heading's, a CSV header's).
    fn question(&self) -> String {
        one_line(&self.poll.info.question)
    }

    /// The timer's length in whole seconds, if the poll had one.
    fn timer_seconds(&self) -> Option<i64> {
        let opened = self.poll.info.opened_at.parse::<jiff::Timestamp>().ok()?;
        let closes = self.poll.info.closes_at.as_deref()?.parse::<jiff::Timestamp>().ok()?;
        let millis = closes.duration_since(opened).as_millis();
        Some(i64::try_from((millis + 500).div_euclid(1000)).unwrap_or(i64::MAX))
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// The polls as stored, counted: named answers in participant order, then
/// the anonymous ones, as the hub counts them (the first spelling of a
/// text is the one shown).
pub(super) fn shown(polls: Vec<StoredPoll>, people: &[Person]) -> Vec<Shown> {
    polls
        .into_iter()
        .enumerate()
        .map(|(n, mut poll)| {
            let hidden: HashSet<String> = poll.hidden.iter().cloned().collect();
            let by_student: BTreeMap<usize, PollAnswer> = std::mem::take(&mut poll.answers)
                .into_iter()
                .map(|(member, _, answer)| (member, answer))
                .collect();
            let tally = tally(poll.info.options.len(), by_student.values().chain(&poll.pooled), &hidden);
            let answered = by_student.len() + poll.voters.len();
            let answerers: HashSet<usize> =
                by_student.keys().copied().chain(poll.voters.iter().map(|(member, _)| *member)).collect();
            let students = people
                .iter()
                .filter(|p| p.role == Role::Student && (!p.removed || answerers.contains(&p.index)))
                .count();
            let by_student = if poll.info.anonymous { BTreeMap::new() } else { by_student };
            Shown { number: n + 1, poll, tally, answered, students, by_student, hidden }
        })
        .collect()
}

/// `{n}` (and `{m}`) filled in.
fn fill(template: &str, n: impl std::fmt::Display, m: impl std::fmt::Display) -> String {
    template.replace("{n}", &n.to_string()).replace("{m}", &m.to_string())
}

/// A percentage of `whole`, rounded; `None` of nothing.
fn percent(part: u32, whole: usize) -> Option<u64> {
    let whole = u64::try_from(whole).ok().filter(|&w| w > 0)?;
    Some((u64::from(part) * 200 + whole) / (2 * whole))
}

/// An item's text that starts a list item (escaped inline and at the start).
fn item(text: &str) -> String {
    md_escape_line_start(&md_escape(text))
}

/// Markdown's "Polls" section, after the messages; nothing without polls.
pub(super) fn markdown(
    polls: &[Shown],
    people: &[Person],
    zone: &Zone,
    labels: &Labels,
    out: &mut dyn Write,
) -> StoreResult<()> {
    if polls.is_empty() {
        return Ok(());
    }
    let io = StoreError::Export;
    let words = labels.polls;
    writeln!(out, "\n## {}", words.polls).map_err(io)?;
    for shown in polls {
        let info = &shown.poll.info;
        writeln!(out, "\n### {} {}: {}\n", words.poll, shown.number, md_escape(&shown.question()))
            .map_err(io)?;
        let kind = match info.kind {
            PollKind::Single => words.kinds[0],
            PollKind::Multi => words.kinds[1],
            PollKind::Text => words.kinds[2],
        };
        let mut settings = vec![kind.to_owned()];
        if info.quiz {
            settings.push(words.quiz.to_owned());
        }
        if info.anonymous {
            settings.push(words.anonymous.to_owned());
        }
        if info.changes {
            settings.push(words.changes.to_owned());
        }
        if let Some(seconds) = shown.timer_seconds() {
            settings.push(fill(words.timer, seconds, ""));
        }
        let mut settings = settings.join(", ");
        if let Some(first) = settings.get(..1) {
            settings = first.to_uppercase() + &settings[1..];
        }
        writeln!(out, "- {settings}.").map_err(io)?;
        let (date, time, offset, _) = zone.local(&info.opened_at);
        writeln!(out, "- {}: {date} {time} (UTC{offset})", words.opened).map_err(io)?;
        let status = match shown.poll.status {
            PollStatus::Open => words.statuses[0],
            PollStatus::Closed => words.statuses[1],
            PollStatus::Revealed => words.statuses[2],
        };
        writeln!(out, "- {}: {status}", words.status).map_err(io)?;
        writeln!(out, "- {}", fill(words.answered, shown.answered, shown.students)).map_err(io)?;
        if info.kind == PollKind::Text {
            if shown.tally.texts.is_empty() {
                writeln!(out, "- {}: {}", words.answers, words.none).map_err(io)?;
            } else {
                writeln!(out, "- {}:", words.answers).map_err(io)?;
                for text in &shown.tally.texts {
                    writeln!(out, "  - {}: {}", item(&one_line(&text.text)), text.count).map_err(io)?;
                }
            }
            if shown.tally.hidden > 0 {
                writeln!(out, "- {}", fill(words.hidden_count, shown.tally.hidden, "")).map_err(io)?;
            }
        } else {
            writeln!(out, "- {}:", words.results).map_err(io)?;
            for (i, (option, &count)) in info.options.iter().zip(&shown.tally.counts).enumerate() {
                let share = percent(count, shown.answered).map(|p| format!(" ({p}%)")).unwrap_or_default();
                let correct = u32::try_from(i).is_ok_and(|i| shown.poll.correct.contains(&i));
                let mark = if correct { format!(" — {}", words.correct) } else { String::new() };
                writeln!(out, "  - {}: {count}{share}{mark}", item(&one_line(option))).map_err(io)?;
            }
        }
        if info.anonymous {
            continue;
        }
        // Every student in the class, and a removed one who answered.
        let listed: Vec<&Person> = people
            .iter()
            .filter(|p| p.role == Role::Student && (!p.removed || shown.by_student.contains_key(&p.index)))
            .collect();
        if listed.is_empty() {
            continue;
        }
        writeln!(out, "- {}:", words.students).map_err(io)?;
        for person in listed {
            let name = item(&person.name);
            let Some(answer) = shown.by_student.get(&person.index) else {
                writeln!(out, "  - {name} — {}", words.no_answer).map_err(io)?;
                continue;
            };
            let said = match shown.given(answer) {
                Given::Hidden => {
                    writeln!(out, "  - {name} — {}", words.hidden).map_err(io)?;
                    continue;
                }
                Given::Text(text) => md_escape(&one_line(text)),
                Given::Choices(choices) => md_escape(&shown.option_texts(choices)),
            };
            let mark = match shown.right(answer) {
                Some(true) => format!(" — {}", words.right),
                Some(false) => format!(" — {}", words.wrong),
                None => String::new(),
            };
            writeln!(out, "  - {name}: {said}{mark}").map_err(io)?;
        }
    }
    Ok(())
}

/// JSON's `polls`: English keys and values, for programs.
pub(super) fn json(polls: &[Shown], people: &[Person], zone: &Zone) -> Vec<Value> {
    let name = |index: usize| people.iter().find(|p| p.index == index).map(|p| p.name.as_str());
    polls
        .iter()
        .map(|shown| {
            let info = &shown.poll.info;
            let status = match shown.poll.status {
                PollStatus::Open => "open",
                PollStatus::Closed => "closed",
                PollStatus::Revealed => "revealed",
            };
            let mut poll = json!({
                "id": info.id,
                "question": info.question,
                "kind": info.kind,
                "options": info.options,
                "correct": shown.poll.correct,
                "quiz": info.quiz,
                "anonymous": info.anonymous,
                "changes": info.changes,
                "status": status,
                "opened_at": zone.local(&info.opened_at).3,
                "students": shown.students,
                "answered": shown.answered,
                "counts": shown.tally.counts,
                "texts": shown.tally.texts,
                "hidden": shown.tally.hidden,
            });
            if let Some(closes) = &info.closes_at {
                poll["closes_at"] = json!(zone.local(closes).3);
            }
            if !info.anonymous {
                let answers: Vec<Value> = shown
                    .by_student
                    .iter()
                    .map(|(&member, answer)| {
                        let given = match shown.given(answer) {
                            Given::Hidden => json!({"hidden": true}),
                            Given::Text(text) => json!({"text": text}),
                            Given::Choices(choices) => json!({"choices": choices}),
                        };
                        let mut entry = json!({
                            "participant": participant_id(member),
                            "name": name(member),
                            "answer": given,
                        });
                        if let Some(right) = shown.right(answer) {
                            entry["right"] = json!(right);
                        }
                        entry
                    })
                    .collect();
                poll["answers"] = json!(answers);
            }
            poll
        })
        .collect()
}

/// The gradebook: a CSV row per student (removed ones too, marked), with
/// each named poll's answer, each quiz poll's right-or-not (1 or 0, empty
/// without an answer), and the score: right answers of the quiz polls.
/// Anonymous polls have no column: nothing ties their answers to anyone.
pub(super) fn gradebook(
    polls: &[Shown],
    people: &[Person],
    labels: &Labels,
    out: &mut dyn Write,
) -> StoreResult<()> {
    let io = StoreError::Export;
    let words = labels.polls;
    out.write_all("\u{feff}".as_bytes()).map_err(io)?;
    let mut writer = ::csv::Writer::from_writer(out);
    let csv_err = |err: ::csv::Error| StoreError::Export(std::io::Error::other(err));
    let named: Vec<&Shown> = polls.iter().filter(|p| !p.poll.info.anonymous).collect();
    let quizzes = named.iter().filter(|p| p.poll.info.quiz).count();
    let mut headers: Vec<String> = words.gradebook_headers.iter().map(|h| (*h).to_owned()).collect();
    for shown in &named {
        // "Poll 1: …" starts with a letter: never a formula, whatever the question.
        headers.push(format!("{} {}: {}", words.poll, shown.number, shown.question()));
        if shown.poll.info.quiz {
            headers.push(format!("{} {}: {}", words.poll, shown.number, words.right_column));
        }
    }
    headers.push(fill(words.score, quizzes, ""));
    writer.write_record(&headers).map_err(csv_err)?;
    for person in people.iter().filter(|p| p.role == Role::Student) {
        let mut row: Vec<String> = vec![
            spreadsheet_text(&person.name).into_owned(),
            participant_id(person.index),
            if person.removed { "1" } else { "0" }.to_owned(),
        ];
        let mut score = 0usize;
        for shown in &named {
            let answer = shown.by_student.get(&person.index);
            row.push(match answer.map(|a| shown.given(a)) {
                None => String::new(),
                Some(Given::Hidden) => words.hidden.to_owned(),
                Some(Given::Text(text)) => spreadsheet_text(text).into_owned(),
                Some(Given::Choices(choices)) => spreadsheet_text(&shown.option_texts(choices)).into_owned(),
            });
            if shown.poll.info.quiz {
                let right = answer.and_then(|a| shown.right(a));
                score += usize::from(right == Some(true));
                row.push(match right {
                    Some(true) => "1".to_owned(),
                    Some(false) => "0".to_owned(),
                    None => String::new(),
                });
            }
        }
        row.push(score.to_string());
        writer.write_record(&row).map_err(csv_err)?;
    }
    writer.flush().map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percents_round_and_nothing_is_no_percent() {
        assert_eq!(percent(1, 3), Some(33));
        assert_eq!(percent(2, 3), Some(67));
        assert_eq!(percent(1, 2), Some(50));
        assert_eq!(percent(0, 0), None);
    }

    /// Every label that takes a number has its place for it.
    #[test]
    fn templates_take_their_numbers() {
        for words in [&ENGLISH, &SPANISH] {
            for template in [words.timer, words.answered, words.hidden_count, words.score] {
                assert!(template.contains("{n}"), "{template}");
            }
            assert!(words.answered.contains("{m}"));
        }
        assert_eq!(fill(SPANISH.answered, 2, 3), "Estudiantes que respondieron: 2 de 3");
    }
}
