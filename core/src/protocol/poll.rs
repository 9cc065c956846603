//! Live polls on the wire: what a poll is, an answer, its results, and a
//! poll's state in the welcome. The frames themselves are variants of
//! [`super::ClientFrame`] and [`super::ServerFrame`] (`poll:*`).

use serde::{Deserialize, Serialize};

/// What a poll asks for.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PollKind {
    /// One of the options.
    Single,
    /// Any number of the options, at least one.
    Multi,
    /// A short free text.
    Text,
}

/// A poll the teacher opens (`poll:open`, without its `id`).
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollDraft {
    /// The question, 1–200 characters.
    pub question: String,
    /// What it asks for.
    pub kind: PollKind,
    /// 2–10 options of 1–80 characters, each different (none for a text poll).
    #[serde(default)]
    pub options: Vec<String>,
    /// The correct options, by index (a quiz question); none otherwise.
    #[serde(default)]
    pub correct: Vec<u32>,
    /// Closes by itself after this many seconds (10–600); no timer without.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub seconds: Option<u32>,
    /// Nobody, the teacher included, learns who answered what (and answers
    /// cannot be changed).
    #[serde(default)]
    pub anonymous: bool,
    /// Students may change their answer while it is open.
    #[serde(default)]
    pub changes: bool,
}

/// A poll as everyone sees it. The correct options are not in it: students
/// learn them when the teacher reveals the results.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollInfo {
    /// The hub's id for the poll: `q_1`, `q_2`, … in the order they were opened.
    pub id: String,
    /// The question.
    pub question: String,
    /// What it asks for.
    pub kind: PollKind,
    /// The options, by index (empty for a text poll).
    pub options: Vec<String>,
    /// Whether it has correct options (a quiz question).
    pub quiz: bool,
    /// Nobody, the teacher included, learns who answered what.
    pub anonymous: bool,
    /// Whether a student may change their answer while the poll is open.
    pub changes: bool,
    /// When it was opened (RFC 3339, UTC).
    pub opened_at: String,
    /// When its timer closes it (RFC 3339, UTC); `None` without a timer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub closes_at: Option<String>,
}

/// An answer: option indexes (single: exactly one; multi: one or more,
/// each once), or a text.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, Default)]
pub struct PollAnswer {
    /// The chosen options, by index, ascending.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(feature = "typescript", ts(as = "Option<Vec<u32>>", optional))]
    pub choices: Vec<u32>,
    /// The text of a text poll's answer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub text: Option<String>,
}

/// One distinct answer of a text poll, with how many gave it.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TextCount {
    /// The answer as first given (answers are counted together when they
    /// differ only in case and spacing; accents count).
    pub text: String,
    /// How many gave it.
    pub count: u32,
}

/// A poll's results.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollResults {
    /// The poll's id.
    pub poll: String,
    /// Students who have answered.
    pub answered: u32,
    /// Students in the class (not removed), online or not.
    pub students: u32,
    /// Answers per option, by index (empty for a text poll).
    pub counts: Vec<u32>,
    /// A text poll's answers, most given first (answers the teacher hid
    /// are left out).
    pub texts: Vec<TextCount>,
    /// The correct options, by index (empty when it is not a quiz).
    pub correct: Vec<u32>,
    /// The teacher's live results only, and never for an anonymous poll:
    /// the ids of the students who have answered.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub who: Option<Vec<String>>,
}

/// Where a poll is in its life.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PollStatus {
    /// Taking answers.
    Open,
    /// No more answers; results not shown to students.
    Closed,
    /// Closed, and its results shown to everyone.
    Revealed,
}

/// Why a poll closed.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum PollClosedBy {
    /// The teacher closed it (or revealed it while open).
    Teacher,
    /// Its timer ran out.
    Timer,
}

/// A poll of the session, as a joining client gets it in its welcome.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PollState {
    /// The poll.
    pub info: PollInfo,
    /// Open, closed or revealed.
    pub status: PollStatus,
    /// A student's own answer (never in an anonymous poll: there only
    /// `answered` says they did).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub mine: Option<PollAnswer>,
    /// Whether this student has answered.
    pub answered: bool,
    /// The results: the teacher's always (as `poll:tally` gives them); a
    /// student's once revealed (as `poll:revealed` gives them).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub results: Option<PollResults>,
}
