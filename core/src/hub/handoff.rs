//! Where each admitted connection is served: the chat's runtime, or the
//! page thread.
//!
//! A class opening the web client at once is hundreds of connections and
//! a thousand requests in a fraction of a second. Served on the runtime
//! that runs the chat, they queue ahead of it: a message sent then reached
//! the class 12–30 ms late (`classroom bench --scenario web`). So the
//! connections that ask for a page are served by a runtime of their own on
//! a thread of its own, which the operating system schedules against the
//! chat's threads (it runs a thread that was waiting, such as the chat's
//! woken by a message, ahead of one that has been busy). Tokio cannot do
//! that within one runtime: its tasks have no priorities.
//!
//! The page thread also accepts and admits every connection, and tells
//! which is which from its first bytes, without taking them (`peek`):
//! `GET /ws` (the WebSocket upgrade) or `GET /health`, followed by a space
//! or `?`, are handed to the chat's runtime; anything else stays on the
//! page thread. So a burst of page loads costs the chat's runtime nothing,
//! not even the accepts (with them on the chat's runtime, a message sent
//! meanwhile still came 2–4 ms late on loopback). Both serve the same
//! routes, so a connection that switches (a page's kept-alive connection
//! upgraded later) still works. Without the web client (or without the
//! thread) the chat's runtime accepts, and every connection stays there.

use std::io;
use std::sync::Arc;
use std::thread;
use std::time::Duration;

use axum::extract::connect_info::Connected;
use axum::serve::{IncomingStream, Listener};
use axum::Router;
use thread_priority::{set_current_thread_priority, ThreadPriority, ThreadPriorityValue};
use tokio::net::TcpListener;
use tokio::sync::{mpsc, oneshot};
use tokio::task::JoinHandle;
use tokio_util::sync::CancellationToken;
use tracing::{debug, warn};

use super::admission::{Admission, AdmittedIo, AdmittingListener, Handed, PeerInfo};

/// The request lines' starts served on the chat's runtime: the WebSocket
/// upgrade, and the hub's health (which reads the session, and which a
/// client checking on the class expects at once).
const CHAT: [&[u8]; 2] = [b"GET /ws", b"GET /health"];

/// The most bytes [`is_chat`] needs to tell.
const LONGEST: usize = 12;

/// Whether a connection whose first bytes are `first` is the chat's:
/// `None` until enough of them have come to tell.
fn is_chat(first: &[u8]) -> Option<bool> {
    let mut undecided = false;
    for start in CHAT {
        let n = first.len().min(start.len());
        if first[..n] != start[..n] {
            continue;
        }
        match first.get(start.len()) {
            Some(b' ' | b'?') => return Some(true),
            Some(_) => {}
            None => undecided = true,
        }
    }
    if undecided {
        None
    } else {
        Some(false)
    }
}

/// Connections handed to a runtime to serve, as axum's listener there.
pub(crate) struct Handoff {
    incoming: mpsc::UnboundedReceiver<Handed>,
}

/// Serves `app` on the connections handed to `incoming` until `stop`, then
/// lets the ones open finish (axum's graceful shutdown).
pub(crate) async fn serve(
    incoming: mpsc::UnboundedReceiver<Handed>,
    app: Router,
    stop: CancellationToken,
) -> io::Result<()> {
    axum::serve(Handoff { incoming }, app.into_make_service_with_connect_info::<PeerInfo>())
        .with_graceful_shutdown(stop.cancelled_owned())
        .await
}

impl Listener for Handoff {
    type Io = AdmittedIo;
    type Addr = PeerInfo;

    async fn accept(&mut self) -> (Self::Io, Self::Addr) {
        loop {
            let Some(handed) = self.incoming.recv().await else {
                // Nothing more will come: the hub is stopping, and axum's
                // graceful shutdown ends the serving.
                std::future::pending::<()>().await;
                continue;
            };
            match handed.into_io() {
                Ok(connection) => return connection,
                Err(err) => debug!(cause = %err, "a connection could not be served here"),
            }
        }
    }

    fn local_addr(&self) -> io::Result<Self::Addr> {
        Err(io::Error::other("a handoff has no address of its own"))
    }
}

impl Connected<IncomingStream<'_, Handoff>> for PeerInfo {
    fn connect_info(stream: IncomingStream<'_, Handoff>) -> Self {
        stream.remote_addr().clone()
    }
}

/// The page thread: a runtime of its own serving the connections that ask
/// for the web client. Stops with the hub's `stop`.
pub(crate) struct PageThread {
    send: mpsc::UnboundedSender<Handed>,
    done: oneshot::Receiver<()>,
    runtime: tokio::runtime::Handle,
}

impl PageThread {
    /// Starts serving `app` on a new thread; `None` (pages then served with
    /// the chat) when the thread or its runtime cannot be made.
    pub(crate) fn start(app: Router, stop: CancellationToken) -> Option<Self> {
        let (send, incoming) = mpsc::unbounded_channel();
        let (finished, done) = oneshot::channel();
        let runtime = match tokio::runtime::Builder::new_current_thread().enable_all().build() {
            Ok(runtime) => runtime,
            Err(err) => {
                warn!(cause = %err, "no runtime for the web client's pages; they share the chat's");
                return None;
            }
        };
        let handle = runtime.handle().clone();
        let spawned = thread::Builder::new().name("classroom-pages".into()).spawn(move || {
            lower_priority();
            if let Err(err) = runtime.block_on(serve(incoming, app, stop)) {
                warn!(cause = %err, "serving the web client's pages failed");
            }
            // Connections still open are closed with the runtime.
            runtime.shutdown_timeout(Duration::from_secs(1));
            let _ = finished.send(());
        });
        if let Err(err) = spawned {
            warn!(cause = %err, "no thread for the web client's pages; they share the chat's");
            return None;
        }
        Some(Self { send, done, runtime: handle })
    }

    /// Accepts on `listener` on this thread until `stop`: the class's
    /// connections are accepted, admitted and told apart here, and only the
    /// chat's reach the chat's runtime (`chat`), so a class opening the
    /// page costs that runtime nothing.
    ///
    /// # Errors
    /// When the listener cannot be moved to this thread's runtime.
    pub(crate) fn accept(
        &self,
        listener: TcpListener,
        admission: Arc<Admission>,
        chat: mpsc::UnboundedSender<Handed>,
        stop: CancellationToken,
    ) -> io::Result<JoinHandle<()>> {
        let listener = listener.into_std()?;
        let pages = self.sender();
        Ok(self.runtime.spawn(async move {
            match TcpListener::from_std(listener) {
                Ok(listener) => {
                    dispatch(AdmittingListener::new(listener, admission), chat, Some(pages), stop).await
                }
                Err(err) => warn!(cause = %err, "the class's listener could not move to the page thread"),
            }
        }))
    }

    /// Where to send the connections it is to serve.
    pub(crate) fn sender(&self) -> mpsc::UnboundedSender<Handed> {
        self.send.clone()
    }

    /// Waits until the thread has stopped serving (after the hub's `stop`).
    pub(crate) async fn stopped(self) {
        drop(self.send);
        let _ = self.done.await;
    }
}

/// Puts the calling thread below the chat's in the operating system's eyes
/// (nice 9 on Linux, below normal on Windows and macOS): with the CPU
/// short, the chat goes first and a page loads a little later. A thread
/// that cannot be lowered still serves.
fn lower_priority() {
    let below_normal = ThreadPriorityValue::try_from(PAGE_PRIORITY).map(ThreadPriority::Crossplatform);
    let lowered = below_normal
        .map_err(|err| err.to_owned())
        .and_then(|priority| set_current_thread_priority(priority).map_err(|err| format!("{err:?}")));
    if let Err(err) = lowered {
        debug!(cause = %err, "the page thread keeps the usual priority");
    }
}

/// The page thread's priority on thread-priority's scale of 0 (lowest) to
/// 99: 25 is nice 9 on Linux (measured: `ps -L -o tid,ni,comm`).
const PAGE_PRIORITY: u8 = 25;

/// Accepts and admits connections until `stop`, and hands each to the
/// runtime that serves it: `chat`, or the page thread's `pages`.
pub(crate) async fn dispatch(
    mut listener: AdmittingListener,
    chat: mpsc::UnboundedSender<Handed>,
    pages: Option<mpsc::UnboundedSender<Handed>>,
    stop: CancellationToken,
) {
    loop {
        let (io, peer) = tokio::select! {
            accepted = listener.accept() => accepted,
            () = stop.cancelled() => return,
        };
        match &pages {
            None => hand(io, peer, &chat),
            // Waiting for the first bytes must not hold up the next accept.
            Some(pages) => {
                let (chat, pages) = (chat.clone(), pages.clone());
                tokio::spawn(async move { route(io, peer, &chat, &pages).await });
            }
        }
    }
}

/// Reads (without taking) the connection's first bytes and hands it on.
async fn route(
    mut io: AdmittedIo,
    peer: PeerInfo,
    chat: &mpsc::UnboundedSender<Handed>,
    pages: &mpsc::UnboundedSender<Handed>,
) {
    let mut first = [0u8; LONGEST];
    let to_chat = loop {
        let n = match io.peek(&mut first).await {
            Ok(0) => return, // closed before asking anything
            Ok(n) => n,
            Err(err) => {
                debug!(peer = %peer.addr, cause = %err, "closed before its first request");
                return;
            }
        };
        if let Some(to_chat) = is_chat(&first[..n]) {
            break to_chat;
        }
        // The request line came in pieces: look again shortly (peek sees
        // the same bytes until more arrive; the handshake deadline bounds it).
        tokio::time::sleep(Duration::from_millis(2)).await;
    };
    hand(io, peer, if to_chat { chat } else { pages });
}

fn hand(io: AdmittedIo, peer: PeerInfo, to: &mpsc::UnboundedSender<Handed>) {
    match io.hand_over(peer) {
        // A closed channel means the hub is stopping: the connection closes.
        Ok(handed) => {
            let _ = to.send(handed);
        }
        Err(err) => debug!(cause = %err, "a connection could not be handed over"),
    }
}

#[cfg(test)]
mod tests {
    use super::is_chat;

    #[test]
    fn the_upgrade_is_told_from_page_requests_by_its_first_bytes() {
        assert_eq!(is_chat(b"GET /ws HTTP/1.1\r\n"), Some(true));
        assert_eq!(is_chat(b"GET /ws?x=1 HTTP/1.1"), Some(true));
        assert_eq!(is_chat(b"GET / HTTP/1.1\r\n"), Some(false));
        assert_eq!(is_chat(b"GET /wsx HTTP/1.1"), Some(false));
        assert_eq!(is_chat(b"GET /assets/index.js"), Some(false));
        assert_eq!(is_chat(b"HEAD /ws HTTP/1.1"), Some(false));
        assert_eq!(is_chat(b"POST"), Some(false));
        assert_eq!(is_chat(b"GET /health HTTP/1.1"), Some(true));
        assert_eq!(is_chat(b"GET /healthy HTTP/1.1"), Some(false));
        assert_eq!(is_chat(b"GET /he"), None);
        // Not enough yet to tell.
        assert_eq!(is_chat(b"GET /w"), None);
        assert_eq!(is_chat(b"GET /ws"), None);
        assert_eq!(is_chat(b"G"), None);
    }
}
