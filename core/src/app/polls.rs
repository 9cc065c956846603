//! Polls, as a UI asks for them: the teacher opens, closes, reveals and
//! hides; a student answers. Each goes to the class's client; what comes
//! back (the poll opened, the answer stored, the results) arrives as
//! events in the class's one stream.

use super::{App, AppError};
use crate::protocol::{PollAnswer, PollDraft};

impl App {
    /// Student: answers a poll (or changes the answer where allowed);
    /// returns the answer's id. Kept and resent until stored
    /// (`pollAnswered`) or refused (`refused` with this id).
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn answer_poll(&self, poll: String, answer: PollAnswer) -> Result<String, AppError> {
        Ok(self.client()?.answer_poll(poll, answer).await?)
    }

    /// Teacher: opens a poll; a refusal comes as a `refused` event.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn open_poll(&self, poll: PollDraft) -> Result<(), AppError> {
        Ok(self.client()?.open_poll(poll).await?)
    }

    /// Teacher: stops a poll taking answers.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn close_poll(&self, poll: String) -> Result<(), AppError> {
        Ok(self.client()?.close_poll(poll).await?)
    }

    /// Teacher: shows a poll's results to everyone.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn reveal_poll(&self, poll: String) -> Result<(), AppError> {
        Ok(self.client()?.reveal_poll(poll).await?)
    }

    /// Teacher: hides an answer of a text poll from its results.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn hide_answer(&self, poll: String, text: String) -> Result<(), AppError> {
        Ok(self.client()?.hide_answer(poll, text).await?)
    }
}
