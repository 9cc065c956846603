//! Looking for classes on the LAN while the join screen is open: one
//! search at a time, its list handed to the UI, stopped when the screen
//! goes or a class is joined.

use tokio::task::JoinHandle;
use tracing::{info, warn};

use super::{App, AppError};
use crate::discovery::{self, BrowseConfig, BrowseStop, Browser, ClassEvent, ClassEvents};

impl App {
    /// Starts looking for classes on the LAN; the list and its changes go to
    /// `sink`, starting with a snapshot. Called again (the join screen opened
    /// anew), the running search sends to the new sink instead. With
    /// discovery off, `sink` gets one [`ClassEvent::Stopped`] saying so.
    ///
    /// # Errors
    /// [`AppError::Browse`] when mDNS cannot run here (students then type
    /// the address).
    pub async fn browse(&self, sink: ClassSink) -> Result<(), AppError> {
        if !self.options.mdns {
            sink(ClassEvent::Stopped {
                reason: "Looking for classes on the network is turned off (--no-mdns).".to_owned(),
                code: BrowseStop::DiscoveryOff,
            });
            return Ok(());
        }
        let mut browsing = self.browsing.lock().await;
        if let Some(running) = browsing.as_mut() {
            running.redirect(sink);
            return Ok(());
        }
        let config = BrowseConfig { interfaces: self.options.interfaces.clone(), ..BrowseConfig::default() };
        let (browser, events) = discovery::browse(config).map_err(AppError::Browse)?;
        info!("looking for classes on the LAN");
        *browsing = Some(Browsing::new(browser, events, sink));
        Ok(())
    }

    /// Stops looking for classes (the join screen closed). Doing nothing is fine.
    pub async fn stop_browsing(&self) {
        let taken = self.browsing.lock().await.take();
        if let Some(browsing) = taken {
            browsing.stop().await;
        }
    }
}

/// Where a UI receives the list of classes on the LAN; called in order, from one task.
pub type ClassSink = Box<dyn Fn(ClassEvent) + Send + Sync>;

/// A running browse and the task handing its events to the UI.
pub(crate) struct Browsing {
    pub(crate) browser: Browser,
    forward: JoinHandle<()>,
}

impl Browsing {
    pub(crate) fn new(browser: Browser, events: ClassEvents, sink: ClassSink) -> Self {
        let forward = tokio::spawn(forward_classes(events, sink));
        Self { browser, forward }
    }

    /// Sends the list to a new sink instead (the join screen opened again):
    /// its first event is a snapshot of the list now.
    pub(crate) fn redirect(&mut self, sink: ClassSink) {
        self.forward.abort();
        self.forward = tokio::spawn(forward_classes(self.browser.subscribe(), sink));
    }

    /// Stops the forwarding and the mDNS browser, waiting for the daemon.
    pub(crate) async fn stop(self) {
        self.forward.abort();
        if let Err(err) = self.browser.shutdown().await {
            warn!(cause = %err, "stopping the search for classes");
        }
        info!("stopped looking for classes on the LAN");
    }
}

async fn forward_classes(mut events: ClassEvents, sink: ClassSink) {
    while let Some(event) = events.next().await {
        let stopped = matches!(event, ClassEvent::Stopped { .. });
        sink(event);
        if stopped {
            break;
        }
    }
}
