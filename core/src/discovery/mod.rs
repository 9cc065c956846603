//! LAN discovery: a hub advertises its class with DNS-SD over multicast DNS
//! (service type `_classroom._tcp.local.`), and students' apps browse for
//! it. Built on mdns-sd; the hub itself knows nothing of this
//! ([`hosting`](crate::hosting) wires the two together for the CLI and the
//! app).
//!
//! # Layout
//! - `record.rs`: the DNS-SD record: instance name rules, TXT keys, and
//!   [`DiscoveredClass`], what a browser makes of a peer's record.
//! - `interfaces.rs`: which interfaces are "the LAN" ([`InterfaceChoice`]).
//! - `selftest.rs`: can multicast leave this machine? (mdns-sd does not say.)
//! - `advertise.rs`: [`advertise`] and the [`Advertisement`] handle that
//!   withdraws the class with a goodbye.
//! - `browse.rs`: [`browse`], the [`Browser`] handle and its stream of
//!   [`ClassEvent`]s.
//! - `reach.rs`: [`reachable_url`]: try a class's addresses until one connects.
//! - `error.rs`: [`DiscoveryError`], which says whether retrying helps.
//!
//! # Use
//! A teacher's app: `advertise(AdvertiseConfig::for_hub(&hub))` after
//! starting the hub, `withdraw()` when the class ends. A student's app:
//! `browse(BrowseConfig::default())`, show the list from the events, then
//! `reachable_url(&class, …)` and [`client::connect`](crate::client::connect).
//! Multicast can be blocked on school networks: always offer joining by
//! address as well.

mod advertise;
mod browse;
mod error;
mod interfaces;
mod reach;
mod record;
mod selftest;

pub use advertise::{advertise, AdvertiseConfig, Advertisement};
pub use browse::{browse, BrowseConfig, BrowseStop, Browser, ClassEvent, ClassEvents};
pub use error::{Attempt, DiscoveryError, InterfaceProblem, InterfaceProblemCode};
pub use interfaces::{lan_interfaces, reachable_ipv4, InterfaceChoice, LanInterface};
pub use reach::reachable_url;
// The fuzz target reads back what a teacher advertises.
#[cfg(feature = "fuzzing")]
pub(crate) use record::txt_record;
pub use record::{
    display_name, instance_name, txt, Compatibility, DiscoveredClass, MAX_INSTANCE_BYTES, SERVICE_TYPE,
};
