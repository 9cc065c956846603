//! The accept side: HTTP routes (`/ws`, `/health`, and the student web
//! client at every other path, see `web.rs`), admission (see `admission.rs`),
//! the presence batcher, and graceful shutdown.

use std::sync::Arc;

use axum::extract::ws::WebSocketUpgrade;
use axum::extract::{ConnectInfo, State};
use axum::http::{header, HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use tokio::net::TcpListener;
use tokio::sync::mpsc;
use tokio_util::sync::CancellationToken;
use tokio_util::task::TaskTracker;
use tracing::debug;

use super::admission::{Admission, AdmittingListener, PeerInfo};
use super::connection;
use super::handoff::{self, PageThread};
use super::session::Session;
use crate::protocol::{Health, PROTOCOL_VERSION};

/// Socket read buffer per connection. Inbound frames are small (16 KiB at
/// most); tungstenite's 128 KiB default would cost 128 MiB per 1,000 clients.
const READ_BUFFER: usize = 4 * 1024;
/// Bytes gathered before a write goes to the socket: batches small frames
/// into one syscall while keeping each connection's buffer small.
const WRITE_BUFFER: usize = 8 * 1024;
/// Hard cap on one connection's pending output; the largest frame (a page
/// of history) fits well below it.
const MAX_WRITE_BUFFER: usize = 4 * 1024 * 1024;

#[derive(Clone)]
pub(crate) struct Shared {
    pub session: Arc<Session>,
    pub tracker: TaskTracker,
    /// Whether the web client is served.
    pub web: bool,
}

/// Serves the hub on `listener` until `stop` is cancelled.
pub(crate) async fn serve(
    listener: TcpListener,
    shared: Shared,
    stop: CancellationToken,
) -> std::io::Result<()> {
    let presence = tokio::spawn(batch_presence(Arc::clone(&shared.session), stop.clone()));
    let tally = tokio::spawn(batch_tally(Arc::clone(&shared.session), stop.clone()));
    let timer = tokio::spawn(poll_timer(Arc::clone(&shared.session), stop.clone()));
    let admission = Admission::new(&shared.session.limits);
    let web = shared.web;
    let app = Router::new().route("/ws", get(upgrade)).route("/health", get(health));
    let app = if web { app.fallback(web_page) } else { app };
    let app = app.with_state(shared);
    if web && !super::web::built() {
        tracing::warn!("this build has no web client (npm run build:web); students join with the app");
    }
    // Connections are admitted (and set TCP_NODELAY) by the listener, and
    // those asking for a page are served on a thread of their own (see
    // handoff.rs).
    let pages = if web { PageThread::start(app.clone(), stop.clone()) } else { None };
    let (chat, incoming) = mpsc::unbounded_channel();
    // With the page thread, connections are accepted and told apart there:
    // a class opening the page then costs the chat's runtime nothing.
    let dispatch = match &pages {
        Some(pages) => pages.accept(listener, admission, chat, stop.clone()),
        None => Ok(tokio::spawn(handoff::dispatch(
            AdmittingListener::new(listener, admission),
            chat,
            None,
            stop.clone(),
        ))),
    };
    let result = match dispatch {
        Ok(dispatch) => {
            let served = handoff::serve(incoming, app, stop.clone()).await;
            dispatch.abort();
            let _ = dispatch.await;
            served
        }
        Err(err) => {
            stop.cancel();
            Err(err)
        }
    };
    if let Some(pages) = pages {
        pages.stopped().await;
    }
    // Waited for, not only aborted: the batcher holds the session, and the
    // session holds the class's store lock until it is dropped; a class
    // reopened right after shutdown must find it free.
    for task in [presence, tally, timer] {
        task.abort();
        let _ = task.await;
    }
    result
}

/// The web client's files, for GET and HEAD.
async fn web_page(ConnectInfo(peer): ConnectInfo<PeerInfo>, request: axum::extract::Request) -> Response {
    if request.method() != axum::http::Method::GET && request.method() != axum::http::Method::HEAD {
        return StatusCode::METHOD_NOT_ALLOWED.into_response();
    }
    // Not closed for newcomers while it loads (see admission.rs).
    peer.ticket.serving_page();
    super::web::serve(request).await
}

async fn health(State(shared): State<Shared>) -> Json<Health> {
    Json(Health {
        ok: true,
        protocol: PROTOCOL_VERSION,
        class: shared.session.info.class.clone(),
        participants: shared.session.online(),
    })
}

async fn upgrade(
    State(shared): State<Shared>,
    ConnectInfo(peer): ConnectInfo<PeerInfo>,
    headers: HeaderMap,
    ws: WebSocketUpgrade,
) -> Response {
    if !origin_allowed(&headers) {
        debug!(peer = %peer.addr, origin = ?headers.get(header::ORIGIN), "upgrade from a foreign origin refused");
        return (StatusCode::FORBIDDEN, "Only the Classroom app and clients without a web origin may join.")
            .into_response();
    }
    // The HTTP side is done: from here the join timeout applies.
    peer.ticket.upgraded();
    let frame_limit = shared.session.limits.max_frame_bytes;
    let session = Arc::clone(&shared.session);
    ws.read_buffer_size(READ_BUFFER)
        .write_buffer_size(WRITE_BUFFER)
        .max_write_buffer_size(MAX_WRITE_BUFFER)
        .max_message_size(frame_limit)
        .max_frame_size(frame_limit)
        .on_upgrade(move |socket| {
            // axum's graceful shutdown does not wait for upgraded sockets:
            // the tracker is what shutdown waits on.
            shared.tracker.track_future(async move {
                connection::run(socket, peer, session).await;
            })
        })
}

/// The desktop app's web origins: `tauri://localhost` on Linux and macOS,
/// `http(s)://tauri.localhost` on Windows.
const APP_ORIGINS: &[&str] = &["tauri://localhost", "http://tauri.localhost", "https://tauri.localhost"];

/// Whether an upgrade may come from the `Origin` it names. Native clients
/// (the app's Rust client, `classroom join`, scripts) send none; a browser
/// always does, so a web page a student happens to open cannot reach the
/// class through the student's browser. Allowed: no `Origin`, the hub's
/// own origin (`http://` + the `Host` it was asked by), the app's origins.
fn origin_allowed(headers: &HeaderMap) -> bool {
    let Some(origin) = headers.get(header::ORIGIN) else {
        return true;
    };
    let Ok(origin) = origin.to_str() else {
        return false;
    };
    if APP_ORIGINS.iter().any(|allowed| origin.eq_ignore_ascii_case(allowed)) {
        return true;
    }
    let own = headers.get(header::HOST).and_then(|host| host.to_str().ok());
    match (origin.strip_prefix("http://"), own) {
        (Some(origin_host), Some(host)) => origin_host.eq_ignore_ascii_case(host),
        _ => false,
    }
}

/// Sends batched `participant:joined` frames a short while after the first
/// join of a burst, so a class arriving at once costs O(N) frames, not O(N²).
async fn batch_presence(session: Arc<Session>, stop: CancellationToken) {
    loop {
        tokio::select! {
            () = session.presence_due.notified() => {}
            () = stop.cancelled() => return,
        }
        tokio::time::sleep(session.limits.presence_coalesce).await;
        session.flush_presence();
    }
}

/// Sends the teacher the open poll's results at most once a
/// `tally_interval` while answers come in: a class answering at once costs
/// the teacher a few frames a second, and the students nothing.
async fn batch_tally(session: Arc<Session>, stop: CancellationToken) {
    loop {
        tokio::select! {
            () = session.tally_wanted.notified() => {}
            () = stop.cancelled() => return,
        }
        tokio::time::sleep(session.limits.tally_interval).await;
        session.flush_tally();
    }
}

/// Closes the open poll when its timer runs out.
async fn poll_timer(session: Arc<Session>, stop: CancellationToken) {
    let mut deadline = session.poll_deadline.subscribe();
    loop {
        let next = *deadline.borrow_and_update();
        let due = async {
            match next {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending().await,
            }
        };
        tokio::select! {
            () = due => {
                if let Some(later) = session.close_expired(tokio::time::Instant::now()) {
                    session.poll_deadline.send_replace(Some(later));
                } else {
                    session.poll_deadline.send_replace(None);
                }
            }
            changed = deadline.changed() => if changed.is_err() { return },
            () = stop.cancelled() => return,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(pairs: &[(header::HeaderName, &str)]) -> HeaderMap {
        pairs.iter().map(|(name, value)| (name.clone(), value.parse().unwrap())).collect()
    }

    #[test]
    fn origins_are_checked() {
        let host = (header::HOST, "192.168.1.20:4455");
        assert!(origin_allowed(&headers(std::slice::from_ref(&host))), "native clients send none");
        assert!(origin_allowed(&headers(&[host.clone(), (header::ORIGIN, "http://192.168.1.20:4455")])));
        assert!(origin_allowed(&headers(&[host.clone(), (header::ORIGIN, "tauri://localhost")])));
        assert!(origin_allowed(&headers(&[host.clone(), (header::ORIGIN, "http://tauri.localhost")])));
        for foreign in
            ["http://evil.example", "null", "https://192.168.1.20:4455", "http://192.168.1.20:4456"]
        {
            assert!(!origin_allowed(&headers(&[host.clone(), (header::ORIGIN, foreign)])), "{foreign}");
        }
        assert!(!origin_allowed(&headers(&[(header::ORIGIN, "http://192.168.1.20:4455")])), "no Host");
    }
}
