//! Joining a class as a student: by a typed address or join link, or a
//! class picked from the LAN list (reached at the first of its addresses
//! that answers), as the same participant as last time.

use std::sync::Arc;
use std::time::Duration;

use tracing::warn;

use super::class::{Opened, Seat};
use super::places::Places;
use super::{App, AppError, EventSink, InvalidInput, JoinRequest};
use crate::client::{self, Backfill, ClientConfig, JoinAs, SavedPlace};
use crate::discovery::{self, DiscoveredClass};
use crate::hosting::hub_url;

/// How long each address of a class found on the LAN gets to accept a
/// connection before the next is tried alone.
const REACH_TIMEOUT: Duration = Duration::from_secs(3);

impl App {
    /// Joins a class as a student, as the same participant as last time if
    /// this app sat there before; its events go to `sink`. A class picked
    /// from the LAN list is reached at the first of its addresses that
    /// accepts a connection. Stops looking for classes.
    ///
    /// # Errors
    /// [`AppError::AlreadyInClass`], [`AppError::InvalidInput`] for an
    /// unusable address or an empty name, [`AppError::Unreachable`] when a
    /// class from the list needs a newer app or none of its addresses answers.
    pub async fn join(&self, request: JoinRequest, sink: EventSink) -> Result<(), AppError> {
        let opening = self.active.claim()?;
        let name = request.name.trim().to_owned();
        if name.is_empty() {
            return Err(InvalidInput::MissingName.into());
        }
        let url = match &request.class {
            Some(class) => self.reach(class).await?,
            None => {
                self.stop_browsing().await;
                hub_url(&request.address).ok_or_else(|| {
                    AppError::from(InvalidInput::BadAddress(request.address.trim().to_owned()))
                })?
            }
        };
        let address = address_of(&url);
        let key = Places::key(&url, &name);
        let code = request.code.trim();
        let mut config = ClientConfig::new(
            url,
            JoinAs::Student { name: name.clone(), code: (!code.is_empty()).then(|| code.to_owned()) },
        );
        // last_seq 0: a restarted app shows the newest page again.
        config.resume = self.places.token(&key).map(|token| SavedPlace { token, last_seq: 0 });
        config.backfill = Backfill::OnRequest;
        let remembered = match request.class {
            // What the address field takes next time: where the class was reached.
            Some(_) => JoinRequest { address: address.clone(), name, code: code.to_owned(), class: None },
            None => request,
        };
        self.places.remember_join(&remembered);
        let (client, events) = client::connect(config)?;
        let seat = Some(Seat { places: Arc::clone(&self.places), key, address });
        opening.start(Opened {
            generation: self.next_generation(),
            client,
            events,
            sink,
            seat,
            hosted: None,
        });
        Ok(())
    }

    /// The URL of a class from the LAN list: the browser's copy of it (the
    /// freshest, with every address seen), else the UI's; then browsing stops.
    async fn reach(&self, picked: &DiscoveredClass) -> Result<String, AppError> {
        let fresh = self.browsing.lock().await.as_ref().and_then(|browsing| {
            browsing.browser.classes().into_iter().find(|c| c.id.eq_ignore_ascii_case(&picked.id))
        });
        self.stop_browsing().await;
        let class = fresh.unwrap_or_else(|| picked.clone());
        discovery::reachable_url(&class, REACH_TIMEOUT).await.map_err(|source| {
            warn!(class = %class.name, cause = %source, "cannot reach a class from the LAN list");
            AppError::Unreachable { class: class.name.clone(), source }
        })
    }
}

/// `ws://host:port/ws` → `host:port` (what the address field takes).
fn address_of(url: &str) -> String {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    rest.split('/').next().unwrap_or(rest).to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls_become_addresses() {
        assert_eq!(address_of("ws://10.0.0.5:4455/ws"), "10.0.0.5:4455");
        assert_eq!(address_of("ws://[fd00::7]:4455/ws"), "[fd00::7]:4455");
        assert_eq!(address_of("h:1"), "h:1");
    }
}
