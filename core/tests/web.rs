//! The hub serves the student web client (the UI's browser build,
//! `ui/dist-web`) at `/`, the same origin as `/ws`: the page revalidated,
//! content-hashed assets cached for good, precompressed copies for
//! browsers that take them, a strict Content-Security-Policy on every
//! answer; `web: false` (`classroom host --no-web`) serves nothing. Plain
//! HTTP/1.1 over a socket, as a browser sends it.

mod common;

use std::collections::HashMap;
use std::path::Path;

use classroom_core::hub::HubHandle;
use common::{config, start, within};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Status, headers (lowercase names) and body of one request.
struct Answer {
    status: u16,
    headers: HashMap<String, String>,
    body: Vec<u8>,
}

impl Answer {
    fn header(&self, name: &str) -> &str {
        self.headers.get(name).map_or("", String::as_str)
    }
}

async fn request(hub: &HubHandle, method: &str, path: &str, extra: &[(&str, &str)]) -> Answer {
    let addr = hub.local_addr();
    let mut stream = within("a connection", TcpStream::connect(addr)).await.expect("connect");
    let mut head = format!("{method} {path} HTTP/1.1\r\nConnection: close\r\n");
    if !extra.iter().any(|(name, _)| name.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (name, value) in extra {
        head.push_str(&format!("{name}: {value}\r\n"));
    }
    head.push_str("\r\n");
    stream.write_all(head.as_bytes()).await.expect("send");
    let mut raw = Vec::new();
    within("the answer", stream.read_to_end(&mut raw)).await.expect("read");
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a header section");
    let text = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut lines = text.split("\r\n");
    let status =
        lines.next().and_then(|l| l.split(' ').nth(1)).and_then(|s| s.parse().ok()).expect("a status");
    let headers = lines
        .filter_map(|line| line.split_once(':'))
        .map(|(name, value)| (name.trim().to_ascii_lowercase(), value.trim().to_owned()))
        .collect();
    Answer { status, headers, body: raw[split + 4..].to_vec() }
}

/// The browser build must be there: the real page is what is served.
fn built() -> std::path::PathBuf {
    let dist = Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/dist-web");
    assert!(dist.join("index.html").is_file(), "build the web client first: npm run build:web");
    dist
}

/// The first script the page loads, as the page names it.
fn script_of(page: &str) -> String {
    let start = page.find("src=\"/assets/").expect("the page loads a script from /assets/") + 5;
    let end = start + page[start..].find('"').expect("a closing quote");
    page[start..end].to_owned()
}

#[tokio::test]
async fn the_page_and_its_assets_are_served_with_their_headers() {
    let dist = built();
    let hub = start(config()).await;
    let page = request(&hub, "GET", "/", &[]).await;
    assert_eq!(page.status, 200);
    assert_eq!(page.header("content-type"), "text/html; charset=utf-8");
    assert_eq!(page.header("cache-control"), "no-cache", "the page is revalidated");
    assert_eq!(page.body, std::fs::read(dist.join("index.html")).expect("index.html"));
    let policy = page.header("content-security-policy");
    let own_socket = format!("connect-src 'self' ws://{}", hub.local_addr());
    for part in ["default-src 'self'", "script-src 'self'", own_socket.as_str(), "frame-ancestors 'none'"] {
        assert!(policy.contains(part), "{part:?} not in {policy:?}");
    }
    assert!(!policy.contains("unsafe"), "{policy}");
    assert_eq!(page.header("x-content-type-options"), "nosniff");
    assert_eq!(page.header("referrer-policy"), "no-referrer");

    // Revalidation: the same tag, nothing sent again.
    let tag = page.header("etag").to_owned();
    assert!(tag.starts_with('"') && tag.len() > 10, "{tag}");
    let again = request(&hub, "GET", "/", &[("If-None-Match", &tag)]).await;
    assert_eq!((again.status, again.body.len()), (304, 0));

    // The script: cached for good, and brotli or gzip to browsers that take them.
    let html = String::from_utf8(page.body).expect("UTF-8");
    let script = script_of(&html);
    let raw = request(&hub, "GET", &script, &[]).await;
    assert_eq!(raw.status, 200);
    assert_eq!(raw.header("content-type"), "text/javascript; charset=utf-8");
    assert_eq!(raw.header("cache-control"), "public, max-age=31536000, immutable");
    assert_eq!(raw.header("content-encoding"), "");
    assert_eq!(raw.body, std::fs::read(dist.join(script.trim_start_matches('/'))).expect("the script"));
    for (accept, encoding) in [("gzip, deflate, br", "br"), ("gzip", "gzip")] {
        let packed = request(&hub, "GET", &script, &[("Accept-Encoding", accept)]).await;
        assert_eq!(packed.header("content-encoding"), encoding, "for {accept}");
        assert_eq!(packed.header("vary"), "Accept-Encoding");
        assert!(
            packed.body.len() * 2 < raw.body.len(),
            "{encoding}: {} of {} bytes",
            packed.body.len(),
            raw.body.len()
        );
    }
    // HEAD: the headers alone.
    let head = request(&hub, "HEAD", "/", &[]).await;
    assert_eq!((head.status, head.body.len()), (200, 0));
}

#[tokio::test]
async fn nothing_else_is_served() {
    built();
    let hub = start(config()).await;
    for path in ["/nope", "/assets/nope.js", "/../Cargo.toml", "/%2e%2e/Cargo.toml"] {
        let answer = request(&hub, "GET", path, &[]).await;
        assert_eq!(answer.status, 404, "{path}");
        assert!(answer.header("content-security-policy").contains("default-src 'self'"), "{path}");
    }
    assert_eq!(request(&hub, "POST", "/", &[]).await.status, 405);
    // A Host that would write into the policy is left out of it.
    let forged = request(&hub, "GET", "/", &[("Host", "x; script-src *")]).await;
    assert_eq!(forged.status, 200);
    let policy = forged.header("content-security-policy");
    assert!(!policy.contains("script-src *") && policy.contains("connect-src 'self';"), "{policy}");
    assert_eq!(request(&hub, "GET", "/health", &[]).await.status, 200, "the hub's own routes stay");
}

#[tokio::test]
async fn no_web_serves_no_page() {
    let mut config = config();
    config.web = false;
    let hub = start(config).await;
    assert_eq!(request(&hub, "GET", "/", &[]).await.status, 404);
    assert_eq!(request(&hub, "GET", "/health", &[]).await.status, 200);
}

/// One request on a kept-alive std socket; the answer's status and body
/// length (read to its `Content-Length`).
fn keep_alive_get(stream: &mut std::net::TcpStream, path: &str) -> std::io::Result<(u16, usize)> {
    use std::io::{Read, Write};
    write!(stream, "GET {path} HTTP/1.1\r\nHost: classroom\r\nAccept-Encoding: gzip\r\n\r\n")?;
    let mut raw = Vec::new();
    let mut byte = [0u8; 1];
    while !raw.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte)?;
        raw.push(byte[0]);
    }
    let head = String::from_utf8_lossy(&raw).to_ascii_lowercase();
    let status = head.split(' ').nth(1).and_then(|s| s.parse().ok()).unwrap_or(0);
    let length: usize = head
        .lines()
        .find_map(|line| line.strip_prefix("content-length:"))
        .and_then(|n| n.trim().parse().ok())
        .unwrap_or(0);
    let mut body = vec![0u8; length];
    stream.read_exact(&mut body)?;
    Ok((status, length))
}

/// A class opening the page must not hold up the chat, so the page is
/// served on a thread of its own (see hub/handoff.rs): with the chat's
/// runtime (this test's) blocked, a browser's kept-alive connection still
/// gets the page at once.
#[tokio::test]
async fn pages_are_served_while_the_chats_runtime_is_busy() {
    built();
    let hub = start(config()).await;
    let addr = hub.local_addr();
    let (first_done, first) = std::sync::mpsc::channel();
    let (go, gone) = std::sync::mpsc::channel::<()>();
    let browser = std::thread::spawn(move || -> std::io::Result<(u16, usize, std::time::Instant)> {
        let mut stream = std::net::TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
        let page = keep_alive_get(&mut stream, "/")?;
        let _ = first_done.send(page);
        let _ = gone.recv();
        let (status, length) = keep_alive_get(&mut stream, "/")?;
        Ok((status, length, std::time::Instant::now()))
    });
    let page = within("the first load", async { tokio::task::spawn_blocking(move || first.recv()).await })
        .await
        .expect("the browser thread")
        .expect("the first load");
    assert_eq!(page.0, 200, "the page, the first time");
    assert!(page.1 > 0, "with its body");

    // The chat's runtime does nothing for two seconds; the page comes anyway.
    go.send(()).expect("the browser waits");
    std::thread::sleep(std::time::Duration::from_secs(2));
    let unblocked = std::time::Instant::now();
    let (status, length, answered) = browser.join().expect("the browser thread").expect("the second load");
    assert_eq!((status, length), page, "the same page again");
    assert!(answered < unblocked, "the page waited for the chat's runtime");
    within("the hub to stop", hub.shutdown()).await.expect("a clean stop");
}

/// Which runtime serves a connection is read from its first bytes: a
/// request line that arrives in pieces is still told apart and answered,
/// on either side.
#[tokio::test]
async fn a_request_line_in_pieces_is_still_answered() {
    built();
    let hub = start(config()).await;
    for (first, rest, answer) in [
        ("GET /he", "alth HTTP/1.1", "\"ok\":true"),
        ("GET /w", "hatever HTTP/1.1", "Not found."),
        ("G", "ET / HTTP/1.1", "<!doctype html>"),
    ] {
        let mut stream = within("a connection", TcpStream::connect(hub.local_addr())).await.expect("connect");
        stream.write_all(first.as_bytes()).await.expect("send");
        tokio::time::sleep(std::time::Duration::from_millis(30)).await;
        let rest = format!("{rest}\r\nHost: {}\r\nConnection: close\r\n\r\n", hub.local_addr());
        stream.write_all(rest.as_bytes()).await.expect("send");
        let mut raw = Vec::new();
        within("the answer", stream.read_to_end(&mut raw)).await.expect("read");
        let text = String::from_utf8_lossy(&raw).to_ascii_lowercase();
        assert!(text.contains(&answer.to_ascii_lowercase()), "{first}|{rest:?}: {text}");
    }
    within("the hub to stop", hub.shutdown()).await.expect("a clean stop");
}

/// The hub stops at once with a browser's connection to the page thread
/// still open, and the connection is closed.
#[tokio::test]
async fn the_hub_stops_with_a_page_connection_open() {
    built();
    let hub = start(config()).await;
    let addr = hub.local_addr();
    let browser = tokio::task::spawn_blocking(move || -> std::io::Result<usize> {
        use std::io::Read;
        let mut stream = std::net::TcpStream::connect(addr)?;
        stream.set_read_timeout(Some(std::time::Duration::from_secs(10)))?;
        keep_alive_get(&mut stream, "/")?;
        // Kept alive, idle: the hub's stop closes it (a read of 0).
        stream.read(&mut [0u8; 16])
    });
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    within("the hub to stop", hub.shutdown()).await.expect("a clean stop");
    let read = within("the connection to close", browser).await.expect("the browser thread");
    assert_eq!(read.expect("closed, not timed out"), 0, "the page connection is closed");
}
