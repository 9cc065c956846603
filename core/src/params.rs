//! Named values a UI puts into its own sentence ([`Params`]): errors and
//! states reach the UI as a code and these, and the UI words them in the
//! teacher's or student's language. The values are what no translation can
//! supply: names typed by people, folders, numbers, and the operating
//! system's own error text (`detail`), shown as it is.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

/// One value of a sentence: text or a whole number (a UI formats numbers
/// itself, plural forms included).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub enum Param {
    /// A number, e.g. how many messages wait (a JavaScript number: these
    /// are counts, far below 2^53).
    Number(#[cfg_attr(feature = "typescript", ts(type = "number"))] u64),
    /// Text, e.g. a class's name, a folder, the system's error text.
    Text(String),
}

impl From<String> for Param {
    fn from(text: String) -> Self {
        Self::Text(text)
    }
}

impl From<&str> for Param {
    fn from(text: &str) -> Self {
        Self::Text(text.to_owned())
    }
}

impl From<u64> for Param {
    fn from(number: u64) -> Self {
        Self::Number(number)
    }
}

impl From<usize> for Param {
    fn from(number: usize) -> Self {
        Self::Number(u64::try_from(number).unwrap_or(u64::MAX))
    }
}

/// The named values of one sentence, e.g. `{"class": "Physics 101"}`.
pub type Params = BTreeMap<String, Param>;

/// Params from `(name, value)` pairs.
pub fn params<const N: usize>(pairs: [(&str, Param); N]) -> Params {
    pairs.into_iter().map(|(name, value)| (name.to_owned(), value)).collect()
}

/// A path as a sentence shows it.
pub(crate) fn path_text(path: &std::path::Path) -> Param {
    Param::Text(path.display().to_string())
}
