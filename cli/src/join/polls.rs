//! Polls in the terminal: printed as they open, close and are revealed,
//! and answered with `/answer 2`, `/answer 1,3` or `/answer some words`.
//! The teacher opens one with `/poll single|multi|text QUESTION | A | *B`
//! (`*` marks a correct option) and `/close`s or `/reveal`s the newest.
//! Everything from the network goes through [`super::one_line`].

use std::collections::HashMap;

use classroom_core::client::ClientEvent;
use classroom_core::protocol::{
    PollAnswer, PollClosedBy, PollDraft, PollInfo, PollKind, PollResults, PollStatus,
};

use super::one_line;

/// The polls this terminal knows of: the open one, and the answers it sent.
#[derive(Debug, Default)]
pub(super) struct Polls {
    open: Option<PollInfo>,
    /// Options of every poll seen, for printing its results.
    options: HashMap<String, (PollKind, Vec<String>)>,
    /// Our answers, by poll.
    mine: HashMap<String, PollAnswer>,
    /// The newest poll's id (what `/close` and `/reveal` act on).
    newest: Option<String>,
}

/// Width of a result bar at 100 %.
const BAR: usize = 20;

impl Polls {
    /// The lines to print for a poll event; `None` for any other event.
    pub(super) fn lines(&mut self, event: &ClientEvent) -> Option<Vec<String>> {
        let lines = match event {
            ClientEvent::Polls(polls) => {
                self.open = None;
                let mut lines = Vec::new();
                for poll in polls {
                    self.remember(&poll.info);
                    if let Some(mine) = &poll.mine {
                        self.mine.insert(poll.info.id.clone(), mine.clone());
                    }
                    if poll.status == PollStatus::Open {
                        lines.extend(self.opened(&poll.info));
                        if poll.answered {
                            lines.push("* you have answered this poll".to_owned());
                        }
                    }
                }
                lines
            }
            ClientEvent::PollOpened(info) => {
                self.remember(info);
                self.opened(info)
            }
            ClientEvent::PollAnswered { .. } => vec!["* your answer is in".to_owned()],
            ClientEvent::PollClosed { poll, by } => {
                if self.open.as_ref().is_some_and(|open| &open.id == poll) {
                    self.open = None;
                }
                vec![match by {
                    PollClosedBy::Timer => "* time is up: the poll is closed".to_owned(),
                    _ => "* the poll is closed".to_owned(),
                }]
            }
            ClientEvent::PollRevealed(results) => self.revealed(results),
            // The teacher's live results come ten times a second: the app
            // shows them; the terminal prints the revealed ones.
            ClientEvent::PollTally(_) => Vec::new(),
            _ => return None,
        };
        Some(lines)
    }

    fn remember(&mut self, info: &PollInfo) {
        self.options.insert(info.id.clone(), (info.kind, info.options.clone()));
        self.newest = Some(info.id.clone());
    }

    /// The newest poll's id, for `/close` and `/reveal`.
    pub(super) fn newest(&self) -> Result<String, String> {
        self.newest.clone().ok_or_else(|| "no poll yet".to_owned())
    }

    /// `/poll KIND QUESTION | OPTION | *CORRECT …` as a poll to open.
    pub(super) fn draft(args: &str) -> Result<PollDraft, String> {
        const USAGE: &str = "usage: /poll single|multi|text QUESTION | OPTION | *CORRECT OPTION …";
        let args = args.trim();
        let (kind, rest) = args.split_once(' ').ok_or(USAGE)?;
        let kind = match kind {
            "single" => PollKind::Single,
            "multi" => PollKind::Multi,
            "text" => PollKind::Text,
            _ => return Err(USAGE.to_owned()),
        };
        let mut parts = rest.split('|').map(str::trim);
        let question = parts.next().filter(|q| !q.is_empty()).ok_or(USAGE)?.to_owned();
        let (mut options, mut correct) = (Vec::new(), Vec::new());
        for (i, option) in parts.enumerate() {
            match option.strip_prefix('*') {
                Some(right) => {
                    correct.push(i as u32);
                    options.push(right.trim().to_owned());
                }
                None => options.push(option.to_owned()),
            }
        }
        Ok(PollDraft { question, kind, options, correct, seconds: None, anonymous: false, changes: false })
    }

    fn opened(&mut self, info: &PollInfo) -> Vec<String> {
        self.open = Some(info.clone());
        let mut lines = vec![format!("* poll: {}", one_line(&info.question))];
        for (i, option) in info.options.iter().enumerate() {
            lines.push(format!("    {}) {}", i + 1, one_line(option)));
        }
        let how = match info.kind {
            PollKind::Single => "answer with /answer N",
            PollKind::Multi => "answer with /answer N,M,… (one or more)",
            PollKind::Text => "answer with /answer and a few words",
        };
        let mut notes = vec![how.to_owned()];
        if let Some(at) = info.closes_at.as_deref().and_then(|at| at.get(11..19)) {
            notes.push(format!("closes at {at} UTC"));
        }
        if info.anonymous {
            notes.push("anonymous".to_owned());
        }
        lines.push(format!("  ({})", notes.join("; ")));
        lines
    }

    fn revealed(&self, results: &PollResults) -> Vec<String> {
        let Some((kind, options)) = self.options.get(&results.poll) else {
            return Vec::new();
        };
        let total = results.answered.max(1);
        let mut lines = vec![format!("* results ({} answered):", results.answered)];
        let bar = |count: u32| {
            let filled = (count as usize * BAR).div_ceil(total as usize).min(BAR);
            format!("{}{}", "█".repeat(filled), "·".repeat(BAR - filled))
        };
        if *kind == PollKind::Text {
            for text in &results.texts {
                lines.push(format!("    {} {:>3}  {}", bar(text.count), text.count, one_line(&text.text)));
            }
        } else {
            for (i, option) in options.iter().enumerate() {
                let count = results.counts.get(i).copied().unwrap_or(0);
                let percent = count * 100 / total;
                let right = if results.correct.contains(&(i as u32)) { "  ✓ correct" } else { "" };
                lines.push(format!(
                    "    {} {:>3} ({percent:>3} %)  {}) {}{right}",
                    bar(count),
                    count,
                    i + 1,
                    one_line(option)
                ));
            }
        }
        if !results.correct.is_empty() {
            if let Some(mine) = self.mine.get(&results.poll) {
                let right = match kind {
                    PollKind::Single => mine.choices.len() == 1 && results.correct.contains(&mine.choices[0]),
                    _ => mine.choices == results.correct,
                };
                lines.push(
                    if right { "* you were right" } else { "* not quite: see the correct answer above" }
                        .to_owned(),
                );
            }
        }
        lines
    }

    /// `/answer ARGS` for the open poll: the poll's id and the answer, or
    /// what is wrong with it.
    pub(super) fn answer(&mut self, args: &str) -> Result<(String, PollAnswer), String> {
        let Some(open) = &self.open else {
            return Err("no poll is open".to_owned());
        };
        let args = args.trim();
        let answer = match open.kind {
            PollKind::Text if args.is_empty() => return Err("usage: /answer YOUR WORDS".to_owned()),
            PollKind::Text => PollAnswer { choices: Vec::new(), text: Some(args.to_owned()) },
            kind => {
                let mut choices = Vec::new();
                for word in args.split([',', ' ']).filter(|w| !w.is_empty()) {
                    match word.parse::<u32>() {
                        Ok(n) if n >= 1 && (n as usize) <= open.options.len() => choices.push(n - 1),
                        _ => return Err(format!("choose options by number, 1 to {}", open.options.len())),
                    }
                }
                choices.sort_unstable();
                choices.dedup();
                if choices.is_empty() || (kind == PollKind::Single && choices.len() > 1) {
                    return Err(if kind == PollKind::Single {
                        "usage: /answer N (one option)".to_owned()
                    } else {
                        "usage: /answer N,M,… (one or more options)".to_owned()
                    });
                }
                PollAnswer { choices, text: None }
            }
        };
        self.mine.insert(open.id.clone(), answer.clone());
        Ok((open.id.clone(), answer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn poll(kind: PollKind, options: &[&str]) -> PollInfo {
        PollInfo {
            id: "q_1".into(),
            question: "Which planet\u{1b}[2J is largest?".into(),
            kind,
            options: options.iter().map(|o| (*o).to_owned()).collect(),
            quiz: true,
            anonymous: false,
            changes: false,
            opened_at: "2026-12-02T10:00:00.000Z".into(),
            closes_at: Some("2026-12-02T10:01:00.000Z".into()),
        }
    }

    #[test]
    fn a_poll_prints_safely_is_answered_by_number_and_its_results_say_who_was_right() {
        let mut polls = Polls::default();
        let lines =
            polls.lines(&ClientEvent::PollOpened(poll(PollKind::Single, &["Mars", "Jupiter"]))).unwrap();
        assert_eq!(
            lines,
            [
                "* poll: Which planet[2J is largest?",
                "    1) Mars",
                "    2) Jupiter",
                "  (answer with /answer N; closes at 10:01:00 UTC)"
            ]
        );
        assert_eq!(polls.answer("3").unwrap_err(), "choose options by number, 1 to 2");
        assert_eq!(polls.answer("1,2").unwrap_err(), "usage: /answer N (one option)");
        assert_eq!(
            polls.answer(" 2 ").unwrap(),
            ("q_1".to_owned(), PollAnswer { choices: vec![1], text: None })
        );
        let results = PollResults {
            poll: "q_1".into(),
            answered: 4,
            students: 5,
            counts: vec![1, 3],
            texts: Vec::new(),
            correct: vec![1],
            who: None,
        };
        let lines = polls.lines(&ClientEvent::PollRevealed(results)).unwrap();
        assert_eq!(lines[0], "* results (4 answered):");
        assert!(lines[2].ends_with("3 ( 75 %)  2) Jupiter  ✓ correct"), "{}", lines[2]);
        assert_eq!(lines.last().unwrap(), "* you were right");
    }

    #[test]
    fn answers_need_an_open_poll_of_their_kind() {
        let mut polls = Polls::default();
        assert_eq!(polls.answer("1").unwrap_err(), "no poll is open");
        polls.lines(&ClientEvent::PollOpened(poll(PollKind::Multi, &["A", "B", "C"])));
        assert_eq!(polls.answer("3, 1").unwrap().1.choices, vec![0, 2]);
        polls.lines(&ClientEvent::PollClosed { poll: "q_1".into(), by: PollClosedBy::Timer });
        assert_eq!(polls.answer("1").unwrap_err(), "no poll is open");
        polls.lines(&ClientEvent::PollOpened(poll(PollKind::Text, &[])));
        assert_eq!(polls.answer("  light into sugar ").unwrap().1.text.as_deref(), Some("light into sugar"));
    }
}
