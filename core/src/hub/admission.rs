//! Connection admission, in the accept loop: before a connection costs the
//! hub anything it must fit under three caps, and until it has joined it is
//! on a clock.
//!
//! - `max_connections`: every open TCP connection, joined or not.
//! - `max_pending`: connections that have not joined yet, in total. The
//!   total cap leaves room for every participant above it
//!   (`max_connections` ≥ `max_participants` + `max_pending` by default),
//!   so connections that never join cannot starve the teacher or a
//!   student coming back. When it is full, a newcomer is not refused: the
//!   oldest connection not joined yet is closed for it, so connections
//!   held open from many addresses cannot keep anyone out either (a real
//!   client joins within milliseconds of connecting). When that oldest one
//!   is leaving the room on its own (it just joined, or its socket is
//!   gone), the newcomer takes its place and nobody is closed.
//! - `max_pending_per_address`: connections not joined yet from one address,
//!   so one machine cannot take all the pending room either.
//! - `max_page_connections`: connections that asked for a page of the web
//!   client ([`Ticket::serving_page`]). They leave the pending room for
//!   this one, where newcomers do not close them: a class opening the page
//!   at once would otherwise cut each other's loads (a blank page). From
//!   one address, `max_pending_per_address` of them at most (a browser
//!   opens up to six to a host). When the page room is full a connection
//!   stays pending, as before.
//!
//! A connection over a cap gets a bare HTTP 503 and is closed at once. A
//! connection that has not finished its HTTP request (the WebSocket
//! upgrade) within `handshake_timeout` is closed: [`AdmittedIo`] fails its
//! reads after that deadline, which ends hyper's connection (axum's server
//! runs hyper without a timer, so hyper's own header timeout never fires).
//! After the upgrade, the join timeout takes over. A page connection's
//! reads may instead wait `page_timeout` after its latest page request: a
//! phone on a busy network loading the page is not cut off, and an idle
//! kept-alive connection still goes.
//!
//! Every cap applies to every address, loopback included: what must pass
//! (the teacher's client, tests, benchmarks) passes by raising the limits.

use std::collections::{HashMap, VecDeque};
use std::future::Future;
use std::io;
use std::net::{IpAddr, SocketAddr};
use std::pin::Pin;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::task::{Context, Poll};
use std::time::Duration;

use futures_util::task::AtomicWaker;
use tokio::io::{AsyncRead, AsyncWrite, ReadBuf};
use tokio::net::{TcpListener, TcpStream};
use tokio::time::Sleep;
use tracing::debug;

use super::config::Limits;

/// What an over-the-cap connection is told before it is closed.
const REFUSED: &[u8] = b"HTTP/1.1 503 Service Unavailable\r\nContent-Length: 0\r\nConnection: close\r\n\r\n";

/// The counts the caps are checked against.
#[derive(Debug, Default)]
struct Counts {
    open: usize,
    pending: usize,
    pending_by_addr: HashMap<IpAddr, usize>,
    /// Connections in the page room.
    pages: usize,
    pages_by_addr: HashMap<IpAddr, usize>,
    /// The connections not joined yet, oldest first: the first is closed
    /// when a newcomer finds the pending room full.
    queue: VecDeque<(u64, std::sync::Weak<Ticket>)>,
    next_id: u64,
}

/// The caps and what is open now; shared by the listener and every ticket.
#[derive(Debug)]
pub(crate) struct Admission {
    max_connections: usize,
    max_pending: usize,
    max_pending_per_address: usize,
    max_page_connections: usize,
    handshake_timeout: Duration,
    page_timeout: Duration,
    counts: Mutex<Counts>,
}

impl Admission {
    pub(crate) fn new(limits: &Limits) -> Arc<Self> {
        Arc::new(Self {
            max_connections: limits.max_connections,
            max_pending: limits.max_pending,
            max_pending_per_address: limits.max_pending_per_address,
            max_page_connections: limits.max_page_connections,
            handshake_timeout: limits.handshake_timeout,
            page_timeout: limits.page_timeout,
            counts: Mutex::new(Counts::default()),
        })
    }

    fn counts(&self) -> std::sync::MutexGuard<'_, Counts> {
        self.counts.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A ticket for a new connection from `ip`, or `None` when a cap is
    /// reached. A full pending room closes its oldest connection instead.
    fn admit(self: &Arc<Self>, ip: IpAddr) -> Option<Arc<Ticket>> {
        let mut counts = self.counts();
        let from_addr = counts.pending_by_addr.get(&ip).copied().unwrap_or(0);
        if counts.open >= self.max_connections {
            debug!(%ip, open = counts.open, "connection cap reached");
            return None;
        }
        if from_addr >= self.max_pending_per_address {
            debug!(%ip, pending = from_addr, "cap on connections not joined from one address reached");
            return None;
        }
        // The oldest connection not joined, closed for this one; or one
        // found leaving on its own. Let go of only once the counts are
        // unlocked (see below).
        let mut oldest = None;
        let mut evicted = false;
        if counts.pending >= self.max_pending {
            let Some((_, queued)) = counts.queue.pop_front() else {
                debug!(%ip, pending = counts.pending, "cap on connections not joined reached");
                return None;
            };
            oldest = queued.upgrade();
            match &oldest {
                // Closed, it leaves the pending room at once (its count is
                // given back here, not when its socket is dropped).
                Some(ticket) if ticket.pending.swap(false, Ordering::AcqRel) => {
                    debug!(%ip, oldest = %ticket.ip, "pending room full: closing its oldest connection");
                    release(&mut counts, ticket.ip);
                    ticket.evicted.store(true, Ordering::Release);
                    evicted = true;
                }
                // It is leaving the room on its own, its connection gone
                // (the ticket is being dropped) or just joined: its count
                // comes back as soon as these counts are unlocked, so the
                // newcomer takes its place and nobody is closed.
                _ => debug!(%ip, "pending room full, its oldest connection leaving: admitted"),
            }
        }
        counts.open += 1;
        counts.pending += 1;
        *counts.pending_by_addr.entry(ip).or_insert(0) += 1;
        let id = counts.next_id;
        counts.next_id += 1;
        let ticket = Arc::new(Ticket {
            admission: Arc::clone(self),
            ip,
            id,
            pending: AtomicBool::new(true),
            page: AtomicBool::new(false),
            page_until: Mutex::new(None),
            upgraded: AtomicBool::new(false),
            evicted: AtomicBool::new(false),
            waker: AtomicWaker::new(),
        });
        counts.queue.push_back((id, Arc::downgrade(&ticket)));
        drop(counts);
        // Woken, and let go of, with the counts unlocked: its connection
        // may end at once on another thread, and the last reference to its
        // ticket, dropped here, takes that lock (`Ticket`'s drop).
        if let Some(oldest) = oldest {
            if evicted {
                oldest.waker.wake();
            }
        }
        Some(ticket)
    }

    fn release_pending(&self, ip: IpAddr, id: u64) {
        let mut counts = self.counts();
        counts.queue.retain(|(queued, _)| *queued != id);
        release(&mut counts, ip);
    }

    /// Moves a pending connection into the page room, if it has space;
    /// whether it did.
    fn enter_page_room(&self, ticket: &Ticket) -> bool {
        let mut counts = self.counts();
        let from_addr = counts.pages_by_addr.get(&ticket.ip).copied().unwrap_or(0);
        if counts.pages >= self.max_page_connections || from_addr >= self.max_pending_per_address {
            debug!(ip = %ticket.ip, pages = counts.pages, "page room full: the connection stays pending");
            return false;
        }
        if !ticket.pending.swap(false, Ordering::AcqRel) {
            return false;
        }
        counts.queue.retain(|(queued, _)| *queued != ticket.id);
        release(&mut counts, ticket.ip);
        counts.pages += 1;
        *counts.pages_by_addr.entry(ticket.ip).or_insert(0) += 1;
        ticket.page.store(true, Ordering::Release);
        true
    }

    fn leave_page_room(&self, ip: IpAddr) {
        let mut counts = self.counts();
        counts.pages = counts.pages.saturating_sub(1);
        if let Some(n) = counts.pages_by_addr.get_mut(&ip) {
            *n -= 1;
            if *n == 0 {
                counts.pages_by_addr.remove(&ip);
            }
        }
    }
}

/// One connection from `ip` leaves the pending counts.
fn release(counts: &mut Counts, ip: IpAddr) {
    counts.pending = counts.pending.saturating_sub(1);
    if let Some(n) = counts.pending_by_addr.get_mut(&ip) {
        *n -= 1;
        if *n == 0 {
            counts.pending_by_addr.remove(&ip);
        }
    }
}

/// One admitted connection's place under the caps; given back when the
/// connection (its socket and every handle to the ticket) is gone.
#[derive(Debug)]
pub(crate) struct Ticket {
    admission: Arc<Admission>,
    ip: IpAddr,
    id: u64,
    pending: AtomicBool,
    /// In the page room (see [`Ticket::serving_page`]).
    page: AtomicBool,
    /// Until when a page connection's reads may wait (its latest page
    /// request plus `page_timeout`).
    page_until: Mutex<Option<tokio::time::Instant>>,
    upgraded: AtomicBool,
    /// Closed to make room for a newcomer: its reads fail from now on.
    evicted: AtomicBool,
    waker: AtomicWaker,
}

impl Ticket {
    /// The WebSocket upgrade happened: the handshake deadline no longer applies.
    pub(crate) fn upgraded(&self) {
        self.upgraded.store(true, Ordering::Release);
    }

    /// The connection asked for a page of the web client: it moves from the
    /// pending room to the page room (when that has space), and its reads
    /// may wait `page_timeout` from now instead of the handshake deadline.
    pub(crate) fn serving_page(&self) {
        let until = tokio::time::Instant::now() + self.admission.page_timeout;
        *self.page_until.lock().unwrap_or_else(|poisoned| poisoned.into_inner()) = Some(until);
        if self.pending.load(Ordering::Acquire) {
            self.admission.enter_page_room(self);
        }
    }

    /// Until when a page connection's reads may wait, if it asked for a page.
    fn page_until(&self) -> Option<tokio::time::Instant> {
        *self.page_until.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The connection joined: it no longer counts as pending.
    pub(crate) fn joined(&self) {
        if self.pending.swap(false, Ordering::AcqRel) {
            self.admission.release_pending(self.ip, self.id);
        }
    }
}

impl Drop for Ticket {
    fn drop(&mut self) {
        self.joined();
        if self.page.swap(false, Ordering::AcqRel) {
            self.admission.leave_page_room(self.ip);
        }
        let mut counts = self.admission.counts();
        counts.open = counts.open.saturating_sub(1);
    }
}

/// The peer of an admitted connection, as handlers see it (`ConnectInfo`).
#[derive(Debug, Clone)]
pub(crate) struct PeerInfo {
    pub addr: SocketAddr,
    pub ticket: Arc<Ticket>,
}

/// The hub's listener: a TCP listener that admits connections under the caps.
pub(crate) struct AdmittingListener {
    listener: TcpListener,
    admission: Arc<Admission>,
}

impl AdmittingListener {
    pub(crate) fn new(listener: TcpListener, admission: Arc<Admission>) -> Self {
        Self { listener, admission }
    }

    /// The next connection admitted under the caps.
    pub(crate) async fn accept(&mut self) -> (AdmittedIo, PeerInfo) {
        loop {
            // A class opening the page connects hundreds of times at once:
            // one accept at a time, with the runtime's other sockets looked
            // at in between (a yield lets it poll them), keeps them from
            // waiting behind the whole burst.
            tokio::task::yield_now().await;
            let (tcp, addr) = match self.listener.accept().await {
                Ok(accepted) => accepted,
                Err(err) => {
                    // Out of file descriptors and the like: wait, as axum's own listener does.
                    debug!(cause = %err, "accept failed");
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                }
            };
            let Some(ticket) = self.admission.admit(addr.ip()) else {
                // Best effort, never waiting: the socket's buffer takes this.
                let _ = tcp.try_write(REFUSED);
                continue;
            };
            if let Err(err) = tcp.set_nodelay(true) {
                // Without Nagle's algorithm: a frame written right after
                // another would otherwise wait for the peer's delayed ACK.
                debug!(cause = %err, "could not set TCP_NODELAY");
            }
            let until = tokio::time::Instant::now() + self.admission.handshake_timeout;
            let io = AdmittedIo::new(tcp, Arc::clone(&ticket), until);
            return (io, PeerInfo { addr, ticket });
        }
    }
}

/// An admitted connection between runtimes: the socket out of the one it was
/// accepted in, to be registered in the one that serves it.
pub(crate) struct Handed {
    tcp: std::net::TcpStream,
    peer: PeerInfo,
    /// What was left of the handshake deadline when handed over: each
    /// runtime reads its own clock (a test's may be paused and moved on).
    left: Duration,
}

impl Handed {
    /// Back to an [`AdmittedIo`], in the runtime this is called in.
    ///
    /// # Errors
    /// When the socket cannot be registered with this runtime.
    pub(crate) fn into_io(self) -> io::Result<(AdmittedIo, PeerInfo)> {
        let tcp = TcpStream::from_std(self.tcp)?;
        let until = tokio::time::Instant::now() + self.left;
        Ok((AdmittedIo::new(tcp, Arc::clone(&self.peer.ticket), until), self.peer))
    }
}

/// An admitted socket: holds its ticket, and fails reads once the
/// handshake deadline passed before the upgrade.
pub(crate) struct AdmittedIo {
    tcp: TcpStream,
    ticket: Arc<Ticket>,
    /// The handshake deadline, and its timer (`None` once upgraded).
    until: tokio::time::Instant,
    deadline: Option<Pin<Box<Sleep>>>,
}

impl AdmittedIo {
    fn new(tcp: TcpStream, ticket: Arc<Ticket>, until: tokio::time::Instant) -> Self {
        Self { tcp, ticket, until, deadline: Some(Box::pin(tokio::time::sleep_until(until))) }
    }

    /// Out of this runtime, for another to serve (see [`Handed::into_io`]).
    ///
    /// # Errors
    /// When the socket cannot be taken out of this runtime.
    pub(crate) fn hand_over(self, peer: PeerInfo) -> io::Result<Handed> {
        let left = self.until.saturating_duration_since(tokio::time::Instant::now());
        Ok(Handed { tcp: self.tcp.into_std()?, peer, left })
    }

    /// Waits for the first bytes the peer sends and copies them into `buf`
    /// without taking them from the socket (hyper reads them next). At
    /// least one byte unless the peer closed; fails as a read would (closed
    /// for a newcomer, past the handshake deadline).
    pub(crate) async fn peek(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        std::future::poll_fn(|cx| {
            if let Some(closed) = self.closed(cx) {
                return Poll::Ready(Err(closed));
            }
            self.tcp.poll_peek(cx, &mut ReadBuf::new(buf))
        })
        .await
    }

    /// Why reads must fail now, if they must: closed for a newcomer, or past
    /// the handshake deadline (a page connection's own deadline once it asked
    /// for a page; none once upgraded). Registers `cx` to be woken for both.
    fn closed(&mut self, cx: &mut Context<'_>) -> Option<io::Error> {
        self.ticket.waker.register(cx.waker());
        if self.ticket.evicted.load(Ordering::Acquire) {
            return Some(io::Error::new(io::ErrorKind::ConnectionAborted, "closed for a newcomer"));
        }
        if self.ticket.upgraded.load(Ordering::Acquire) {
            self.deadline = None;
        }
        let page_until = self.ticket.page_until();
        let deadline = self.deadline.as_mut()?;
        if deadline.as_mut().poll(cx).is_pending() {
            return None;
        }
        match page_until {
            // A page was asked for since: wait until its own deadline.
            Some(until) if until > tokio::time::Instant::now() => {
                deadline.as_mut().reset(until);
                // Polled once so that the new deadline wakes this task.
                let _ = deadline.as_mut().poll(cx);
                None
            }
            _ => {
                debug!(ip = %self.ticket.ip, "no WebSocket upgrade (or page request) in time; closing");
                Some(io::Error::new(io::ErrorKind::TimedOut, "handshake timeout"))
            }
        }
    }
}

impl AsyncRead for AdmittedIo {
    fn poll_read(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        buf: &mut ReadBuf<'_>,
    ) -> Poll<io::Result<()>> {
        if let Some(closed) = self.closed(cx) {
            return Poll::Ready(Err(closed));
        }
        Pin::new(&mut self.tcp).poll_read(cx, buf)
    }
}

impl AsyncWrite for AdmittedIo {
    fn poll_write(mut self: Pin<&mut Self>, cx: &mut Context<'_>, buf: &[u8]) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.tcp).poll_write(cx, buf)
    }

    fn poll_write_vectored(
        mut self: Pin<&mut Self>,
        cx: &mut Context<'_>,
        bufs: &[io::IoSlice<'_>],
    ) -> Poll<io::Result<usize>> {
        Pin::new(&mut self.tcp).poll_write_vectored(cx, bufs)
    }

    fn is_write_vectored(&self) -> bool {
        self.tcp.is_write_vectored()
    }

    fn poll_flush(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_flush(cx)
    }

    fn poll_shutdown(mut self: Pin<&mut Self>, cx: &mut Context<'_>) -> Poll<io::Result<()>> {
        Pin::new(&mut self.tcp).poll_shutdown(cx)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn limits(open: usize, pending: usize, per_addr: usize) -> Limits {
        Limits {
            max_connections: open,
            max_pending: pending,
            max_pending_per_address: per_addr,
            ..Limits::default()
        }
    }

    /// (pending, page) connections now.
    fn rooms(admission: &Admission) -> (usize, usize) {
        let counts = admission.counts();
        (counts.pending, counts.pages)
    }

    /// A class opening the page at once: page connections leave the
    /// pending room, so newcomers do not close them mid-load; the page room
    /// has its own cap, beyond which a connection stays pending.
    #[test]
    fn page_connections_are_not_closed_for_newcomers() {
        let admission = Admission::new(&Limits { max_page_connections: 3, ..limits(20, 2, 2) });
        let ip = |n: u8| IpAddr::from([10, 0, 0, n]);
        let loading: Vec<_> = (1..=3)
            .map(|n| {
                let ticket = admission.admit(ip(n)).unwrap();
                ticket.serving_page();
                ticket
            })
            .collect();
        assert!(loading.iter().all(|t| t.page.load(Ordering::Acquire) && !t.pending.load(Ordering::Acquire)));
        assert_eq!(rooms(&admission), (0, 3));
        let newcomers: Vec<_> = (4..=6).map(|n| admission.admit(ip(n)).unwrap()).collect();
        assert!(loading.iter().all(|t| !t.evicted.load(Ordering::Acquire)), "no page load is cut");
        assert!(newcomers[0].evicted.load(Ordering::Acquire), "the pending room still makes room");

        // The page room is full: another page connection stays pending.
        newcomers[1].serving_page();
        assert!(newcomers[1].pending.load(Ordering::Acquire) && !newcomers[1].page.load(Ordering::Acquire));
        // Page connections gone give their places back.
        drop(loading);
        assert_eq!(rooms(&admission).1, 0);
        newcomers[2].serving_page();
        assert!(newcomers[2].page.load(Ordering::Acquire));
        assert_eq!(rooms(&admission), (1, 1));

        // From one address, no more page connections than pending ones.
        let one: Vec<_> = (0..3).map(|_| admission.admit(ip(9))).collect();
        let (first, second) = (one[0].as_ref().unwrap(), one[1].as_ref().unwrap());
        assert!(one[2].is_none(), "two pending from one address at most");
        first.serving_page();
        second.serving_page();
        assert!(first.page.load(Ordering::Acquire) && second.page.load(Ordering::Acquire));
        let third = admission.admit(ip(9)).unwrap();
        third.serving_page();
        assert!(!third.page.load(Ordering::Acquire), "two page connections from one address at most");
    }

    /// A full pending room whose oldest connection is leaving it on its
    /// own, its count not given back yet, admits the newcomer in its place
    /// and closes nobody: not the one that just joined, not the next.
    #[test]
    fn the_oldest_leaving_on_its_own_makes_room_without_closing_anyone() {
        let admission = Admission::new(&limits(10, 2, 2));
        let ip = |n: u8| IpAddr::from([10, 0, 0, n]);

        // It joined on another thread: `joined` has left the pending state
        // and waits for the counts' lock.
        let joining = admission.admit(ip(1)).unwrap();
        let waiting = admission.admit(ip(2)).unwrap();
        joining.pending.store(false, Ordering::Release);
        let newcomer = admission.admit(ip(3)).expect("admitted in the joining one's place");
        assert!(!joining.evicted.load(Ordering::Acquire), "a connection that joined is never closed");
        assert!(!waiting.evicted.load(Ordering::Acquire), "nor the next one");
        admission.release_pending(joining.ip, joining.id);
        assert_eq!(rooms(&admission), (2, 0));

        // Its socket is gone on another thread: its ticket is being
        // dropped (nothing can take it any more) and waits for the lock.
        drop(newcomer);
        let gone = ip(4);
        {
            let mut counts = admission.counts();
            counts.queue.push_front((u64::MAX, std::sync::Weak::new()));
            counts.pending += 1;
            *counts.pending_by_addr.entry(gone).or_insert(0) += 1;
        }
        let _late = admission.admit(ip(5)).expect("admitted in the leaving one's place");
        assert!(!waiting.evicted.load(Ordering::Acquire), "the next one is not closed for it");
        admission.release_pending(gone, u64::MAX);
        assert_eq!(rooms(&admission), (2, 0));
    }

    #[test]
    fn caps_count_pending_per_address_and_in_total() {
        let admission = Admission::new(&limits(5, 3, 2));
        let a: IpAddr = "10.0.0.1".parse().unwrap();
        let b: IpAddr = "10.0.0.2".parse().unwrap();
        let c: IpAddr = "10.0.0.3".parse().unwrap();
        let a1 = admission.admit(a).unwrap();
        let a2 = admission.admit(a).unwrap();
        assert!(admission.admit(a).is_none(), "two pending from one address at most");
        let b1 = admission.admit(b).unwrap();
        // The pending room is full: the oldest not joined makes room.
        let b2 = admission.admit(b).unwrap();
        assert!(a1.evicted.load(Ordering::Acquire), "the oldest is closed");
        assert!(!a2.evicted.load(Ordering::Acquire));
        b1.joined();
        let _a3 = admission.admit(a).unwrap();
        assert!(!b1.evicted.load(Ordering::Acquire), "a member is never closed for a newcomer");
        assert!(admission.admit(c).is_none(), "five open at most");
        drop(a1);
        assert!(admission.admit(c).is_some(), "a closed connection gives its place back");
        assert!(a2.evicted.load(Ordering::Acquire), "the oldest pending made room again");
        assert!(!b2.evicted.load(Ordering::Acquire));
    }
}
