//! Running the room, as a UI asks for it: a student raises or lowers their
//! hand; the teacher lowers hands, mutes a student, locks the chat or sets
//! slow mode. Each goes to the class's client; the changes come back as
//! events in the class's one stream.

use super::{App, AppError};
use crate::protocol::RulesChange;

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
}
