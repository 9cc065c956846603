//! Running the room in the terminal: a student raises a hand with `/hand`
//! (`/hand down` lowers it); the teacher lowers hands (`/lower ID`,
//! `/lower all`), mutes (`/mute ID`, `/unmute ID`), locks the chat
//! (`/lock`, `/unlock`), sets slow mode (`/slow 0|5|10|30|60`) and renames
//! a student (`/rename ID NEW NAME`); `/filter on|off` turns the name filter
//! on or off. The
//! room's changes are printed as they happen. Names from the network go
//! through [`super::one_line`].

use std::collections::HashMap;

use anyhow::Result;
use classroom_core::client::{ClientEvent, ClientHandle};
use classroom_core::protocol::{DeletedBy, LoweredBy, RoomRules, RulesChange, SLOW_MODE_SECONDS};

use super::{message_line, one_line};

/// What the terminal knows of the room: who we are, and the rules, so a
/// change prints only what changed.
#[derive(Debug, Default)]
pub(super) struct Room {
    me: Option<String>,
    rules: RoomRules,
}

impl Room {
    /// The lines to print for a room event; `None` for any other event.
    /// `names` maps participant ids to names (and whether online).
    pub(super) fn lines(
        &mut self,
        event: &ClientEvent,
        names: &HashMap<String, (String, bool)>,
    ) -> Option<Vec<String>> {
        let name = |id: &str| names.get(id).map_or_else(|| id.to_owned(), |(name, _)| one_line(name));
        let lines = match event {
            ClientEvent::Welcome { you, .. } => {
                // Printed by the caller; noted here.
                self.me = Some(you.id.clone());
                return None;
            }
            ClientEvent::Room(room) => {
                let mut lines = Vec::new();
                if !room.hands.is_empty() {
                    let up: Vec<String> = room.hands.iter().map(|hand| name(&hand.id)).collect();
                    lines.push(format!("* hands up: {}", up.join(", ")));
                }
                if room.muted.iter().any(|id| Some(id) == self.me.as_ref()) {
                    lines.push(
                        "* the teacher has muted you: you can read, answer and raise your hand".to_owned(),
                    );
                } else if !room.muted.is_empty() {
                    let muted: Vec<String> = room.muted.iter().map(|id| name(id)).collect();
                    lines.push(format!("* muted: {}", muted.join(", ")));
                }
                self.rules = RoomRules::default();
                lines.extend(self.rules_changed(room.rules));
                if let Some(pinned) = &room.pinned {
                    lines.push(format!("* pinned: {}", message_line(pinned)));
                }
                lines
            }
            ClientEvent::HandRaised(hand) if self.is_me(&hand.id) => vec!["* your hand is up".to_owned()],
            ClientEvent::HandRaised(hand) => vec![format!("* ✋ {} raised a hand", name(&hand.id))],
            ClientEvent::HandLowered { id, by: LoweredBy::Teacher } if self.is_me(id) => {
                vec!["* the teacher lowered your hand".to_owned()]
            }
            ClientEvent::HandLowered { id, .. } if self.is_me(id) => vec!["* your hand is down".to_owned()],
            ClientEvent::HandLowered { id, by: LoweredBy::Teacher } => {
                vec![format!("* the teacher lowered {}'s hand", name(id))]
            }
            ClientEvent::HandLowered { id, .. } => vec![format!("* {} lowered their hand", name(id))],
            ClientEvent::HandsCleared => vec!["* the teacher lowered every hand".to_owned()],
            ClientEvent::Muted { id, muted: true } if self.is_me(id) => {
                vec!["* the teacher has muted you: you can read, answer and raise your hand".to_owned()]
            }
            ClientEvent::Muted { id, muted: false } if self.is_me(id) => {
                vec!["* the teacher unmuted you".to_owned()]
            }
            ClientEvent::Muted { id, muted } => {
                vec![format!("* {} is {}", name(id), if *muted { "muted" } else { "no longer muted" })]
            }
            ClientEvent::Rules(rules) => self.rules_changed(*rules),
            // Lines printed stay printed: a deletion is told, not undone.
            ClientEvent::DeletedMessages(_) => Vec::new(),
            ClientEvent::MessageDeleted { by: DeletedBy::Teacher, .. } => {
                vec!["* the teacher removed a message".to_owned()]
            }
            ClientEvent::MessageDeleted { .. } => vec!["* a message was removed by its sender".to_owned()],
            ClientEvent::Pinned(Some(entry)) => vec![format!("* pinned: {}", message_line(entry))],
            ClientEvent::Pinned(None) => vec!["* nothing is pinned now".to_owned()],
            _ => return None,
        };
        Some(lines)
    }

    fn is_me(&self, id: &str) -> bool {
        self.me.as_deref() == Some(id)
    }

    /// What changed from the rules known so far.
    fn rules_changed(&mut self, rules: RoomRules) -> Vec<String> {
        let mut lines = Vec::new();
        if rules.locked != self.rules.locked {
            lines.push(if rules.locked {
                "* the chat is locked: only the teacher can post".to_owned()
            } else {
                "* the chat is open again".to_owned()
            });
        }
        if rules.name_filter != self.rules.name_filter {
            lines.push(if rules.name_filter {
                "* the name filter is on: offensive names cannot join".to_owned()
            } else {
                "* the name filter is off".to_owned()
            });
        }
        if rules.questions_off != self.rules.questions_off {
            lines.push(if rules.questions_off {
                "* private questions to the teacher are off".to_owned()
            } else {
                "* private questions to the teacher are on again".to_owned()
            });
        }
        if rules.slow_seconds != self.rules.slow_seconds {
            lines.push(match rules.slow_seconds {
                0 => "* slow mode is off".to_owned(),
                seconds => format!("* slow mode: one message every {seconds} s"),
            });
        }
        self.rules = rules;
        lines
    }
}

/// Runs a room command (`/hand`, `/lower`, `/mute`, `/unmute`, `/lock`,
/// `/unlock`, `/slow`, `/rename`); `Ok(false)` when `verb` is none of them. A usage
/// mistake is printed, not sent.
pub(super) async fn command(client: &ClientHandle, verb: &str, rest: &str) -> Result<bool> {
    let arg = rest.split_whitespace().next();
    match (verb, arg) {
        ("/hand", None | Some("up")) => client.raise_hand().await?,
        ("/hand", Some("down")) => client.lower_hand(None).await?,
        ("/lower", Some("all")) => client.clear_hands().await?,
        ("/lower", id) => client.lower_hand(id.map(str::to_owned)).await?,
        ("/mute" | "/unmute", Some(id)) => client.mute(id, verb == "/mute").await?,
        ("/rename", Some(id)) if !rest.trim_start()[id.len()..].trim().is_empty() => {
            client.rename(id, rest.trim_start()[id.len()..].trim()).await?;
        }
        ("/rename", _) => println!("! usage: /rename PARTICIPANT_ID NEW NAME"),
        ("/lock", None) => {
            client.set_rules(RulesChange { locked: Some(true), ..RulesChange::default() }).await?
        }
        ("/unlock", None) => {
            client.set_rules(RulesChange { locked: Some(false), ..RulesChange::default() }).await?;
        }
        ("/filter", Some(state @ ("on" | "off"))) => {
            let change = RulesChange { name_filter: Some(state == "on"), ..RulesChange::default() };
            client.set_rules(change).await?;
        }
        ("/filter", _) => println!("! usage: /filter on|off (refuse offensive names of joining students)"),
        ("/slow", Some(seconds)) if seconds.parse().is_ok_and(|s| SLOW_MODE_SECONDS.contains(&s)) => {
            let seconds = seconds.parse().ok();
            client.set_rules(RulesChange { slow_seconds: seconds, ..RulesChange::default() }).await?;
        }
        ("/hand", _) => println!("! usage: /hand, or /hand down"),
        ("/mute" | "/unmute", None) => println!("! usage: {verb} PARTICIPANT_ID"),
        ("/lock" | "/unlock", _) => println!("! usage: {verb}"),
        ("/slow", _) => {
            println!("! usage: /slow 0|5|10|30|60 (seconds between a student's messages; 0 is off)")
        }
        _ => return Ok(false),
    }
    Ok(true)
}
