//! A class opening the web client at once: each student's browser-to-be
//! connects from its own address (as 300 devices in a room do; any
//! 127.x.y.z reaches loopback on Linux), fetches the page the way a browser
//! asks for it (gzip) and then every script and style sheet the page
//! names, on the same connection. Prints how long until every student had
//! the whole page, each student's load time, the bytes, and any load that
//! failed (a refused or cut connection is a blank page for that student).

use std::net::{IpAddr, Ipv4Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use http_body_util::{BodyExt, Empty};
use hyper::body::Bytes;
use hyper::client::conn::http1::SendRequest;
use hyper::header::{ACCEPT_ENCODING, HOST};
use hyper::{Request, StatusCode};
use hyper_util::rt::TokioIo;
use thread_priority::{set_current_thread_priority, ThreadPriority};
use tokio::net::TcpSocket;
use tokio::sync::{oneshot, Barrier};
use tokio::task::JoinSet;
use tokio::time::Instant;

/// A whole load must finish within this, or it counts as failed.
const LOAD_TIMEOUT: Duration = Duration::from_secs(30);

/// What a class loading the page saw.
pub(super) struct PageLoads {
    /// Students who got the page and every asset.
    pub loaded: usize,
    /// The first few failures, in words.
    pub failures: Vec<String>,
    /// How many failed.
    pub failed: usize,
    /// The moment all started.
    pub began: Instant,
    /// From then until the last one has everything.
    pub all_in: Duration,
    /// Each student's load time (page and assets) in µs, sorted.
    pub times: Vec<u32>,
    /// Bytes received (compressed bodies), all students.
    pub bytes: u64,
}

/// The `n`th student's own loopback address for page loads: 127.2.0.1,
/// 127.2.0.2, … (the bench's chat clients come from 127.0.0.1).
fn page_source(n: usize) -> IpAddr {
    let high = u8::try_from(n / 250).unwrap_or(u8::MAX);
    let low = u8::try_from(n % 250 + 1).unwrap_or(1);
    IpAddr::V4(Ipv4Addr::new(127, 2, high, low))
}

/// [`load_page`] on a thread and runtime of their own, at the lowest
/// priority: the class's devices are other machines, so their work must
/// neither queue with the chat's clients in the bench's runtime nor take
/// the CPU from the hub and the clients being measured. (Their kernel's
/// share of loopback, receiving 34 MB, still runs on this machine.)
pub(super) fn load_page_apart(hub: SocketAddr, students: usize) -> oneshot::Receiver<Result<PageLoads>> {
    let (tx, rx) = oneshot::channel();
    std::thread::spawn(move || {
        if let Err(err) = set_current_thread_priority(ThreadPriority::Min) {
            eprintln!("warning: the page loaders keep the usual priority: {err:?}");
        }
        let loads = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .context("the page loaders' runtime")
            .and_then(|runtime| runtime.block_on(load_page(hub, students)));
        // The bench may have given up waiting; nothing to tell then.
        let _ = tx.send(loads);
    });
    rx
}

/// `students` load the page of the hub at `hub` (`127.0.0.1:PORT`), all at
/// the same moment.
async fn load_page(hub: SocketAddr, students: usize) -> Result<PageLoads> {
    let assets = Arc::new(assets_of_hub(hub).await?);
    let barrier = Arc::new(Barrier::new(students + 1));
    let mut set = JoinSet::new();
    for n in 0..students {
        let (barrier, assets) = (Arc::clone(&barrier), Arc::clone(&assets));
        set.spawn(async move {
            barrier.wait().await;
            let began = Instant::now();
            let loaded = tokio::time::timeout(LOAD_TIMEOUT, load_one(hub, page_source(n), &assets)).await;
            let result = match loaded {
                Ok(result) => result,
                Err(_) => Err(anyhow::anyhow!("not loaded within {} s", LOAD_TIMEOUT.as_secs())),
            };
            result.map(|bytes| (began.elapsed(), bytes))
        });
    }
    barrier.wait().await;
    let began = Instant::now();
    let mut loads = PageLoads {
        loaded: 0,
        failures: Vec::new(),
        failed: 0,
        began,
        all_in: Duration::ZERO,
        times: Vec::with_capacity(students),
        bytes: 0,
    };
    while let Some(done) = set.join_next().await {
        match done.context("a page load panicked")? {
            Ok((took, bytes)) => {
                loads.loaded += 1;
                loads.times.push(u32::try_from(took.as_micros()).unwrap_or(u32::MAX));
                loads.bytes += bytes;
            }
            Err(err) => {
                loads.failed += 1;
                if loads.failures.len() < 5 {
                    loads.failures.push(format!("{err:#}"));
                }
            }
        }
    }
    loads.all_in = began.elapsed();
    loads.times.sort_unstable();
    Ok(loads)
}

/// The scripts and style sheets the hub's page names, read once before
/// the class loads it (uncompressed, from 127.0.0.1).
async fn assets_of_hub(hub: SocketAddr) -> Result<Vec<String>> {
    let mut sender = connect(hub, IpAddr::V4(Ipv4Addr::LOCALHOST)).await?;
    let page = get(&mut sender, hub, "/", "identity").await?;
    let page = String::from_utf8(page.to_vec()).context("the page is not UTF-8")?;
    let assets = assets_of(&page);
    if assets.is_empty() {
        bail!("the hub's page names no script or style sheet: is the web client built (npm run build:web)?");
    }
    Ok(assets)
}

/// An HTTP/1.1 connection to `hub` from `source`.
async fn connect(hub: SocketAddr, source: IpAddr) -> Result<SendRequest<Empty<Bytes>>> {
    let socket = TcpSocket::new_v4().context("socket")?;
    socket.bind(SocketAddr::new(source, 0)).with_context(|| format!("bind {source}"))?;
    let stream = socket.connect(hub).await.with_context(|| format!("connect from {source}"))?;
    stream.set_nodelay(true)?;
    let (sender, connection) =
        hyper::client::conn::http1::handshake(TokioIo::new(stream)).await.context("HTTP handshake")?;
    // Ends by itself when the sender is dropped.
    tokio::spawn(connection);
    Ok(sender)
}

/// One student from `source`: the page, then each asset, on one
/// connection, compressed as a browser asks. Returns the bytes received.
async fn load_one(hub: SocketAddr, source: IpAddr, assets: &[String]) -> Result<u64> {
    let mut sender = connect(hub, source).await?;
    let mut bytes = get(&mut sender, hub, "/", BROWSER_ENCODINGS).await?.len() as u64;
    for asset in assets {
        bytes += get(&mut sender, hub, asset, BROWSER_ENCODINGS).await?.len() as u64;
    }
    Ok(bytes)
}

/// What Chromium and Firefox accept from a plain-HTTP page on the LAN: they
/// offer brotli only over HTTPS (and to localhost), so students get gzip.
const BROWSER_ENCODINGS: &str = "gzip, deflate";

/// GETs `path` with `Accept-Encoding: encodings`; returns the body as sent.
async fn get(
    sender: &mut SendRequest<Empty<Bytes>>,
    hub: SocketAddr,
    path: &str,
    encodings: &str,
) -> Result<Bytes> {
    let request = Request::get(path)
        .header(HOST, hub.to_string())
        .header(ACCEPT_ENCODING, encodings)
        .body(Empty::<Bytes>::new())
        .context("request")?;
    sender.ready().await.with_context(|| format!("connection closed before {path}"))?;
    let response = sender.send_request(request).await.with_context(|| format!("GET {path}"))?;
    if response.status() != StatusCode::OK {
        bail!("GET {path}: {}", response.status());
    }
    Ok(response.into_body().collect().await.with_context(|| format!("GET {path}: body"))?.to_bytes())
}

/// The `/assets/…` files the page loads (`src="…"`, `href="…"`).
fn assets_of(page: &str) -> Vec<String> {
    let mut assets = Vec::new();
    for attribute in ["src=\"", "href=\""] {
        let mut rest = page;
        while let Some(start) = rest.find(attribute) {
            rest = &rest[start + attribute.len()..];
            let Some(end) = rest.find('"') else { break };
            let path = &rest[..end];
            if path.starts_with("/assets/") && !assets.iter().any(|a| a == path) {
                assets.push(path.to_owned());
            }
            rest = &rest[end..];
        }
    }
    assets
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_names_its_assets_once() {
        let page = r#"<script type="module" crossorigin src="/assets/index-Ab1.js"></script>
            <link rel="stylesheet" crossorigin href="/assets/index-Cd2.css"><link rel="icon" href="/favicon.svg">
            <script src="/assets/index-Ab1.js"></script>"#;
        assert_eq!(assets_of(page), ["/assets/index-Ab1.js", "/assets/index-Cd2.css"]);
    }

    #[test]
    fn students_have_their_own_addresses() {
        assert_eq!(page_source(0), IpAddr::V4(Ipv4Addr::new(127, 2, 0, 1)));
        assert_eq!(page_source(299), IpAddr::V4(Ipv4Addr::new(127, 2, 1, 50)));
        assert_ne!(page_source(249), page_source(250));
    }
}
