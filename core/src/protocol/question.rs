//! Private questions: a student writes to the teacher alone, and the
//! teacher answers them privately or for the whole class.

use serde::{Deserialize, Serialize};

use super::{Identity, Seq};

/// A student's private question, with the teacher's answers so far. Only
/// the teacher and the student who asked ever receive it.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Question {
    /// Hub-assigned and random (`pq_` and 16 letters and digits), so an id
    /// says nothing about how many questions were asked before it.
    pub id: String,
    /// The student who asked.
    pub from: Identity,
    /// Trimmed text.
    pub text: String,
    /// Hub time it was asked (RFC 3339).
    pub at: String,
    /// The teacher's answers, oldest first (empty: not answered yet).
    pub answers: Vec<Answer>,
}

/// One answer of the teacher to a private question.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Answer {
    /// Trimmed text.
    pub text: String,
    /// Hub time it was given (RFC 3339).
    pub at: String,
    /// Answered for everyone: the `seq` of the chat message that carries
    /// the answer, quoting the question. Absent: answered privately.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional, type = "number"))]
    pub seq: Option<Seq>,
}

/// A private question quoted in the teacher's answer for everyone.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Quote {
    /// The question's text.
    pub text: String,
    /// Who asked, only when the teacher chose to show it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(feature = "typescript", ts(optional))]
    pub name: Option<String>,
}

/// The private questions in a welcome: the joiner's own (a student), or
/// everyone's (the teacher); the newest, up to the hub's page.
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Questions {
    /// Oldest first.
    pub list: Vec<Question>,
    /// How many older ones are left out (they are in the teacher's export).
    #[cfg_attr(feature = "typescript", ts(type = "number"))]
    pub earlier: u64,
}
