//! The hub: hosts one class session over WebSocket.
//!
//! [`start`] binds nothing itself: it takes a bound listener (so tests and
//! the CLI can bind port 0 and read the port first), spawns the server and
//! returns a [`HubHandle`] to read its facts from and to shut it down.
//!
//! With a [`Store`](crate::store::Store) in its [`HubConfig`], the hub keeps
//! the class on disk: an ack means the message is stored, and a class can be
//! reopened after the process died ([`HubConfig::resume`]). Without one it
//! keeps everything in memory, as before.

mod admission;
mod config;
mod connection;
mod fanout;
mod handoff;
mod limits;
mod name_filter;
mod server;
mod session;
mod web;

use std::net::SocketAddr;
use std::sync::Arc;
use std::time::Duration;

use tokio::net::{TcpListener, TcpSocket};
use tokio::sync::watch;
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::{info, warn};

pub use crate::store::StorageState;
pub use config::{HubConfig, Limits};
pub use limits::WrongAttempts;

use crate::error::{Error, Result};
use crate::protocol::SessionInfo;
use server::Shared;
use session::Session;

/// A running hub. Dropping it does not stop the hub; call [`HubHandle::shutdown`].
pub struct HubHandle {
    addr: SocketAddr,
    session: Arc<Session>,
    tracker: TaskTracker,
    stop: CancellationToken,
    server: JoinHandle<std::io::Result<()>>,
    web: bool,
}

/// Binds a listener for a hub. The accept backlog is 1,024 (what std and
/// tokio's `bind` give is 128): a class arriving at once would overflow
/// that, and each dropped handshake costs its student a 1 s SYN retry.
///
/// # Errors
/// [`Error::Io`] when the address cannot be bound (in use, no permission).
pub fn bind(addr: SocketAddr) -> Result<TcpListener> {
    let socket = if addr.is_ipv4() { TcpSocket::new_v4() } else { TcpSocket::new_v6() }.map_err(Error::Io)?;
    // A restarted hub can take its port back at once, despite TIME_WAIT.
    #[cfg(unix)]
    socket.set_reuseaddr(true).map_err(Error::Io)?;
    socket.bind(addr).map_err(Error::Io)?;
    socket.listen(1024).map_err(Error::Io)
}

/// Starts a hub on an already bound listener. With a store, the session is
/// written (or, with [`HubConfig::resume`], read back) before anything is
/// served, so a folder that cannot be written stops the hub here.
///
/// # Errors
/// [`Error::Io`] if the listener's address cannot be read; [`Error::Store`]
/// when the store cannot be written ([`StoreError::ReadOnly`],
/// [`StoreError::Full`]), is damaged, or holds no such class to resume.
///
/// [`StoreError::ReadOnly`]: crate::store::StoreError::ReadOnly
/// [`StoreError::Full`]: crate::store::StoreError::Full
pub fn start(listener: TcpListener, config: HubConfig) -> Result<HubHandle> {
    let addr = listener.local_addr().map_err(Error::Io)?;
    let web = config.web;
    let session = Session::open(config)?;
    let tracker = TaskTracker::new();
    let stop = CancellationToken::new();
    let shared = Shared { session: Arc::clone(&session), tracker: tracker.clone(), web };
    let server = tokio::spawn(server::serve(listener, shared, stop.clone()));
    info!(%addr, class = %session.info.class, "hub listening");
    Ok(HubHandle { addr, session, tracker, stop, server, web: web && web::built() })
}

impl HubHandle {
    /// The address the hub listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// Whether the hub serves the student web client at `/` (asked for in
    /// [`HubConfig::web`] and built into this binary).
    pub fn serves_web(&self) -> bool {
        self.web
    }

    /// `ws://ADDR/ws`, for clients on this machine.
    pub fn ws_url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    /// The secret the teacher's client joins with.
    pub fn host_token(&self) -> &str {
        self.session.host_token()
    }

    /// The code students join with now, if the session has one.
    pub fn join_code(&self) -> Option<String> {
        self.session.code()
    }

    /// Replaces the class code with a new random one and returns it (stored
    /// with the class, so a class reopened after a crash keeps it).
    /// Students already in keep their seats; whoever was guessing stays
    /// locked out, while students with the new code are let in at once.
    ///
    /// # Errors
    /// [`Error::NoClassCode`] when anyone may join without a code;
    /// [`Error::Ended`] once the class has ended.
    ///
    /// The future does not borrow the handle, so it can be awaited after
    /// letting go of whatever holds the handle.
    pub fn change_code(&self) -> impl std::future::Future<Output = Result<String>> + Send + 'static {
        let session = Arc::clone(&self.session);
        async move {
            let slot = session.reserve().await.map_err(|()| Error::Ended)?;
            session.change_code(slot).map_err(|why| match why {
                session::CodeChange::NoCode => Error::NoClassCode,
                session::CodeChange::Ended => Error::Ended,
            })
        }
    }

    /// The session's id, names and start time.
    pub fn session(&self) -> &SessionInfo {
        &self.session.info
    }

    /// Wrong class codes and tokens tried in the current attempt window
    /// (`Limits::attempt_window`), from every address: a number the
    /// teacher's screen can show when someone is guessing.
    pub fn recent_wrong_attempts(&self) -> u32 {
        self.session.recent_wrong_attempts()
    }

    /// [`HubHandle::recent_wrong_attempts`] as it changes, with the end of
    /// the window it counts in (the count is 0 from then on unless it
    /// changes again): what the teacher's screen watches.
    pub fn wrong_attempts(&self) -> watch::Receiver<WrongAttempts> {
        self.session.wrong_attempts.subscribe()
    }

    /// Participants online now.
    pub fn online(&self) -> usize {
        self.session.online()
    }

    /// Whether writes reach the store, as it changes ([`StorageState::Off`]
    /// without a store). While it says `Failing`, nothing new is acked.
    pub fn storage(&self) -> watch::Receiver<StorageState> {
        self.session.storage.clone()
    }

    /// Resolves once the session has ended (by the teacher, or [`HubHandle::end`]).
    pub async fn ended(&self) {
        self.session.ended.cancelled().await;
    }

    /// Ends the session without stopping the server: everyone gets
    /// `session:ended` after all that was sent before; later joins are refused.
    pub fn end(&self) {
        self.session.end(None);
    }

    /// Graceful shutdown: ends the session, lets every connection deliver
    /// what it still owes and close, then stops the server. Connections
    /// stalled past the write timeout are dropped.
    ///
    /// # Errors
    /// [`Error::Io`] if the server had failed.
    pub async fn shutdown(self) -> Result<()> {
        self.session.end(None);
        self.stop.cancel();
        self.tracker.close();
        let grace = self.session.limits.write_timeout + Duration::from_secs(2);
        if tokio::time::timeout(grace, self.tracker.wait()).await.is_err() {
            warn!(open = self.tracker.len(), "connections still open after the grace period");
        }
        // The store's writer commits what it still has, then stops.
        let session = Arc::clone(&self.session);
        let flushed = tokio::task::spawn_blocking(move || session.close_store());
        if tokio::time::timeout(grace, flushed).await.is_err() {
            warn!("the store's writer did not finish in time");
        }
        match self.server.await {
            Ok(result) => result.map_err(Error::Io),
            Err(join) => Err(Error::Io(std::io::Error::other(join))),
        }
    }
}
