//! The one class this app is in: the slot that holds it (at most one at a
//! time), what a hosted class adds (its [`HostedClass`]: hub and
//! advertisement), and the task that hands the class's events to the UI in
//! one ordered stream.
//!
//! The slot is a `std::sync::Mutex` held only to look or swap: nothing
//! waits on the network while holding it, so a teacher's send never queues
//! behind advertising or a hub's shutdown.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use tokio::task::JoinHandle;
use tracing::warn;

use super::events::{AppEvent, EventSink, HostEvent};
use super::host_events::HostWatch;
use super::places::{Places, RecentClass};
use super::AppError;
use crate::client::{self, ClientEvent, ClientHandle, CloseReason, ConnectionState};
use crate::hosting::HostedClass;

/// How long closing a class waits for its last events to reach the UI.
const LAST_EVENTS: Duration = Duration::from_secs(3);

/// Stops a hosted class: withdrawn from the LAN first (students' lists
/// drop it while the hub still says goodbye to its connections), then the
/// hub.
pub(super) async fn stop(hosted: HostedClass) {
    if let Err(err) = hosted.shutdown().await {
        warn!(cause = %err, "hub shutdown failed");
    }
}

/// The class this app is in.
pub(super) struct Active {
    /// Tells this class from a later one in the same slot.
    pub(super) generation: u64,
    pub(super) client: ClientHandle,
    pub(super) hosted: Option<HostedClass>,
    pub(super) forward: JoinHandle<()>,
}

/// What the slot holds.
pub(super) enum Class {
    /// No class: the next host or join may start.
    Free,
    /// A host or join is under way (binding, advertising, reaching a class
    /// from the LAN list): a second one is refused, intents find no class.
    Opening,
    /// In a class (boxed: the slot is mostly free or opening).
    Open(Box<Active>),
}

impl Class {
    /// The open class, if any.
    pub(super) fn open(&self) -> Option<&Active> {
        match self {
            Self::Open(active) => Some(active),
            Self::Free | Self::Opening => None,
        }
    }

    /// The open class, to change it.
    pub(super) fn open_mut(&mut self) -> Option<&mut Active> {
        match self {
            Self::Open(active) => Some(active),
            Self::Free | Self::Opening => None,
        }
    }
}

/// The app's one class, shared with its event forwarder so a class that
/// closes on its own (ended, removed) frees the app for the next one.
#[derive(Clone)]
pub(super) struct Slot(Arc<Mutex<Class>>);

impl Slot {
    pub(super) fn new() -> Self {
        Self(Arc::new(Mutex::new(Class::Free)))
    }

    /// The slot's contents. A panic elsewhere while holding it cannot leave
    /// it half-changed (every change is one assignment), so a poisoned lock
    /// is taken as is.
    pub(super) fn lock(&self) -> MutexGuard<'_, Class> {
        self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner)
    }

    /// Claims the free slot for a class being opened; the guard gives it
    /// back unless [`Opening::open`] fills it.
    ///
    /// # Errors
    /// [`AppError::AlreadyInClass`] when a class is open or being opened.
    pub(super) fn claim(&self) -> Result<Opening, AppError> {
        let mut class = self.lock();
        match *class {
            Class::Free => {
                *class = Class::Opening;
                Ok(Opening { slot: self.clone(), done: false })
            }
            Class::Opening | Class::Open(_) => Err(AppError::AlreadyInClass),
        }
    }

    /// Takes the open class out, leaving the slot free.
    pub(super) fn take(&self) -> Option<Active> {
        take_open(&mut self.lock())
    }

    /// Takes the open class out if it is still `generation` (not taken by
    /// leave/end, nor replaced by a newer class).
    fn take_generation(&self, generation: u64) -> Option<Active> {
        let mut class = self.lock();
        let ours = matches!(&*class, Class::Open(active) if active.generation == generation);
        if ours {
            take_open(&mut class)
        } else {
            None
        }
    }

    /// The open class's client.
    ///
    /// # Errors
    /// [`AppError::NotInClass`].
    pub(super) fn client(&self) -> Result<ClientHandle, AppError> {
        self.lock().open().map(|active| active.client.clone()).ok_or(AppError::NotInClass)
    }
}

/// The open class, leaving `class` free; anything else stays as it is.
fn take_open(class: &mut Class) -> Option<Active> {
    match std::mem::replace(class, Class::Free) {
        Class::Open(active) => Some(*active),
        other => {
            *class = other;
            None
        }
    }
}

/// A slot claimed for a class being opened; dropped without
/// [`Opening::open`] (the open failed, or was abandoned), it frees the slot.
pub(super) struct Opening {
    slot: Slot,
    done: bool,
}

impl Opening {
    /// Fills the slot with the opened class, made while the slot is held:
    /// its forwarder, spawned by `make`, cannot look for the class (to free
    /// the slot when it closes) before the class is there.
    fn open(mut self, make: impl FnOnce() -> Active) {
        let mut class = self.slot.lock();
        *class = Class::Open(Box::new(make()));
        drop(class);
        self.done = true;
    }
}

impl Drop for Opening {
    fn drop(&mut self) {
        if !self.done {
            let mut class = self.slot.lock();
            if matches!(*class, Class::Opening) {
                *class = Class::Free;
            }
        }
    }
}

/// Withdraws a hosted class from the LAN, waits for the client's last
/// events, then stops a hosted hub.
pub(super) async fn close(mut active: Active) {
    if let Some(hosted) = active.hosted.as_mut() {
        hosted.withdraw().await;
    }
    let _ = tokio::time::timeout(LAST_EVENTS, active.forward).await;
    if let Some(hosted) = active.hosted {
        stop(hosted).await;
    }
}

/// A student's seat: where its resume token is kept, and the address the
/// class was reached at (for the recent classes).
pub(super) struct Seat {
    pub(super) places: Arc<Places>,
    pub(super) key: String,
    pub(super) address: String,
}

/// What one class's forwarder works with.
struct Forward {
    events: client::Events,
    client: ClientHandle,
    sink: EventSink,
    /// A student's seat to keep; `None` for the teacher.
    seat: Option<Seat>,
    /// What a hosted class tells its teacher (saving, guessing).
    host: Option<HostWatch>,
    slot: Slot,
    generation: u64,
}

/// A class just connected, hosted or joined.
pub(super) struct Opened {
    pub(super) generation: u64,
    pub(super) client: ClientHandle,
    pub(super) events: client::Events,
    pub(super) sink: EventSink,
    /// A student's seat to keep; `None` for the teacher.
    pub(super) seat: Option<Seat>,
    /// The class this app hosts; `None` for a joined one.
    pub(super) hosted: Option<HostedClass>,
}

impl Opening {
    /// Fills the claimed slot with `class` and starts its forwarder (which
    /// merges a hosted class's own events into the connection's).
    pub(super) fn start(self, class: Opened) {
        let Opened { generation, client, events, sink, seat, hosted } = class;
        let slot = self.slot.clone();
        let host = hosted.as_ref().map(|hosted| HostWatch::new(hosted.hub()));
        self.open(|| Active {
            generation,
            client: client.clone(),
            hosted,
            forward: tokio::spawn(forward(Forward { events, client, sink, seat, host, slot, generation })),
        });
    }
}

/// Hands each event to the UI, the class's and (hosted) the storage
/// state's, in one sequence; keeps a student's resume token on disk and
/// the class among the recent ones. A class that closes on its own frees
/// the slot (stopping a hosted hub) before its `Closed` goes out, so a UI
/// told the class closed can open the next one at once.
async fn forward(mut job: Forward) {
    // The last event: `Closed`, or none when the client task is gone
    // without one (it cannot be reached any more).
    let closed = loop {
        let event = tokio::select! {
            event = job.events.next() => match event {
                Some(event) => event,
                None => break None,
            },
            event = host_event(&mut job.host) => {
                (job.sink)(AppEvent::Host(event));
                continue;
            }
        };
        if let Some(seat) = &job.seat {
            keep_seat(seat, &job.client, &event);
        }
        if matches!(event, ClientEvent::State(ConnectionState::Closed(_))) {
            break Some(event);
        }
        (job.sink)(event.into());
    };
    if let Some(Active { hosted: Some(hosted), .. }) = job.slot.take_generation(job.generation) {
        stop(hosted).await;
    }
    if let Some(closed) = closed {
        (job.sink)(closed.into());
    }
}

/// The next event of a hosted class; never, for a joined one.
async fn host_event(host: &mut Option<HostWatch>) -> HostEvent {
    match host.as_mut() {
        Some(host) => host.next().await,
        None => std::future::pending().await,
    }
}

/// Keeps a student's seat: the token at each welcome (with the class among
/// the recent ones), forgotten when the teacher removed them.
fn keep_seat(seat: &Seat, client: &ClientHandle, event: &ClientEvent) {
    let Seat { places, key, address } = seat;
    match event {
        ClientEvent::Welcome { session, .. } => {
            if let Some(token) = client.resume_token() {
                places.save_token(key, &token);
            }
            places.remember_class(RecentClass {
                class: session.class.clone(),
                teacher: session.teacher.clone(),
                address: address.clone(),
            });
        }
        // Leaving, or the class ending, keeps the seat: the name stays
        // taken there, and a class the teacher resumes takes the student
        // back as the same participant. A removal gives it up.
        ClientEvent::State(ConnectionState::Closed(CloseReason::Removed)) => places.forget_token(key),
        _ => {}
    }
}
