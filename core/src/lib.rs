//! Classroom's headless core: the hub a teacher's machine runs, the wire
//! protocol, and the client every app and tool uses to talk to a hub.
//!
//! # Layout
//! - [`protocol`]: the wire types, defined once.
//! - [`hub`]: the session server (`/ws`, `/health`), limits, fan-out.
//! - [`hosting`]: hosting a class on this machine, for `classroom host` and
//!   the app alike: bind, start the hub, join addresses and link, advertise
//!   on the LAN and say how that went, withdraw, shut down.
//! - [`client`]: connect, join, reconnect, resume, outbox, de-duplication.
//! - [`discovery`]: advertise a class on the LAN (mDNS / DNS-SD) and browse for classes.
//! - [`store`]: the durable store (SQLite): class history, resume, export, retention.
//! - [`app`]: what the desktop app does (host or join, saved places), headless.
//! - [`params`]: the named values a UI words a code with (errors, states).
//!
//! The `classroom` command (and its load generator, `classroom bench`) is
//! the `classroom-cli` crate in `cli/`; the desktop shell is `src-tauri/`.
//! Both only adapt this crate. No Tauri, no UI and no command-line parsing
//! lives here, so everything builds and tests headless.

pub mod app;
pub mod client;
pub mod discovery;
mod error;
#[cfg(feature = "fuzzing")]
#[doc(hidden)]
pub mod fuzzing;
pub mod hosting;
pub mod hub;
pub mod ids;
pub mod params;
pub mod protocol;
pub mod store;
pub mod timestamp;

pub use error::{Error, Result};
