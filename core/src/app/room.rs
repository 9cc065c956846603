//! Running the room, as a UI asks for it: a student raises or lowers their
//! hand; the teacher lowers hands, mutes a student, locks the chat or sets
//! slow mode. Each goes to the class's client; the changes come back as
//! events in the class's one stream.

use super::{App, AppError};
use crate::protocol::{RulesChange, Seq};

impl App {
    /// Student: raises our hand.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn raise_hand(&self) -> Result<(), AppError> {
        Ok(self.client()?.raise_hand().await?)
    }

    /// Lowers a hand: our own (`None`), or as the teacher a student's.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn lower_hand(&self, id: Option<String>) -> Result<(), AppError> {
        Ok(self.client()?.lower_hand(id).await?)
    }

    /// Teacher: lowers every hand.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn clear_hands(&self) -> Result<(), AppError> {
        Ok(self.client()?.clear_hands().await?)
    }

    /// Teacher: mutes or unmutes a student.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn mute_student(&self, id: String, muted: bool) -> Result<(), AppError> {
        Ok(self.client()?.mute(id, muted).await?)
    }

    /// Teacher: locks or unlocks the chat, or sets slow mode.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn set_rules(&self, change: RulesChange) -> Result<(), AppError> {
        Ok(self.client()?.set_rules(change).await?)
    }

    /// Deletes a message: as the teacher any, as a student our own shortly
    /// after sending it; a refusal comes as a `refused` event.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn delete_message(&self, seq: Seq) -> Result<(), AppError> {
        Ok(self.client()?.delete_message(seq).await?)
    }

    /// Teacher: gives a student another name; a refusal comes as a
    /// `refused` event.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn rename_student(&self, id: String, name: String) -> Result<(), AppError> {
        Ok(self.client()?.rename(id, name).await?)
    }

    /// Adds (`on`) or takes back a reaction on a message; a refusal (say,
    /// reactions turned off) comes as a `refused` event.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn react(&self, seq: Seq, emoji: String, on: bool) -> Result<(), AppError> {
        Ok(self.client()?.react(seq, emoji, on).await?)
    }

    /// Teacher: pins a message for everyone, or unpins (`None`).
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub async fn pin_message(&self, seq: Option<Seq>) -> Result<(), AppError> {
        Ok(self.client()?.pin_message(seq).await?)
    }

    /// Student: asks the teacher a private question; returns its id, named
    /// again by its `questionAsked` (taken) or `refused` event.
    ///
    /// # Errors
    /// [`AppError::NotInClass`]; too many questions waiting to be sent.
    pub async fn ask_question(&self, text: String) -> Result<String, AppError> {
        Ok(self.client()?.ask(text).await?)
    }

    /// Teacher: answers a private question, privately or (`public`) for
    /// everyone, naming the student only with `show_name`; returns the
    /// answer's id, named again by its `questionAnswered` or `refused` event.
    ///
    /// # Errors
    /// [`AppError::NotInClass`]; too many answers waiting to be sent.
    pub async fn answer_question(
        &self,
        question: String,
        text: String,
        public: bool,
        show_name: bool,
    ) -> Result<String, AppError> {
        Ok(self.client()?.answer_question(question, text, public, show_name).await?)
    }
}
