//! Reaching a discovered class: try its addresses until one connects.

use std::time::Duration;

use tokio::net::TcpStream;
use tokio::task::JoinSet;
use tracing::debug;

use super::error::{Attempt, DiscoveryError};
use super::record::{Compatibility, DiscoveredClass};

/// Delay before the next address is tried alongside the ones still
/// connecting ("happy eyeballs"): a dead address costs this, not a timeout.
const STAGGER: Duration = Duration::from_millis(250);

/// The WebSocket URL of the first of the class's addresses that accepts a
/// TCP connection, trying them best first, each for at most `per_address`.
/// Pass the URL to [`client::connect`](crate::client::connect).
///
/// # Errors
/// - [`DiscoveryError::Incompatible`] when the class needs a newer app;
/// - [`DiscoveryError::Unreachable`] when no address connected (each
///   attempt says why).
pub async fn reachable_url(class: &DiscoveredClass, per_address: Duration) -> Result<String, DiscoveryError> {
    if class.compatibility != Compatibility::Supported {
        return Err(DiscoveryError::Incompatible(class.protocol));
    }
    let mut attempts = Vec::new();
    let mut running = JoinSet::new();
    let mut pending = class.endpoints().into_iter();
    loop {
        if let Some((addr, url)) = pending.next() {
            running.spawn(async move {
                let result = match tokio::time::timeout(per_address, TcpStream::connect(addr)).await {
                    Ok(Ok(_stream)) => Ok(()),
                    Ok(Err(err)) => Err(err.to_string()),
                    Err(_) => Err(format!("no answer within {} ms", per_address.as_millis())),
                };
                (addr, url, result)
            });
        }
        if running.is_empty() {
            return Err(DiscoveryError::Unreachable { attempts });
        }
        let wait = if pending.len() > 0 { STAGGER } else { per_address + STAGGER };
        match tokio::time::timeout(wait, running.join_next()).await {
            Ok(Some(Ok((addr, url, Ok(()))))) => {
                debug!(%addr, "reached the class");
                running.abort_all();
                return Ok(url);
            }
            Ok(Some(Ok((addr, _, Err(error))))) => {
                debug!(%addr, %error, "address did not answer");
                attempts.push(Attempt { addr, error });
            }
            // A panicked attempt, or the stagger delay passed: go on.
            Ok(Some(Err(_)) | None) | Err(_) => {}
        }
    }
}
