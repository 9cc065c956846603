//! The student web client, served by the hub itself at `/` (the same
//! origin as `/ws`), so any device on the LAN joins from a browser with
//! nothing to install.
//!
//! The files are the UI's browser build (`npm run build:web` writes
//! `ui/dist-web/`), embedded in the binary by `rust-embed` in release builds
//! (read from that folder at run time in debug builds). A build without
//! them answers `/` with a short page saying so. Next to each text file the
//! build writes `.br` and `.gz` copies: the hub picks the one the browser
//! accepts and never compresses at run time, so a class of 300 opening the
//! page at once costs no CPU the chat needs.
//!
//! Caching: Vite names every asset after its content, so `/assets/*` is
//! cached for a year as immutable; the page itself is revalidated each time
//! (`no-cache` with an `ETag`), so a new build reaches every student.
//!
//! Security: a strict Content-Security-Policy (only the hub's own scripts,
//! styles and WebSocket; no framing), `nosniff`, no referrer.

use axum::body::{Body, Bytes};
use axum::extract::Request;
use axum::http::{header, HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use rust_embed::Embed;

/// The browser build of the UI.
#[derive(Embed)]
#[folder = "../ui/dist-web/"]
#[allow_missing = true]
struct WebClient;

/// Where content-hashed assets live (cached for good).
const ASSETS: &str = "assets/";

/// Answers a GET or HEAD for any path but `/ws` and `/health`.
pub(crate) async fn serve(request: Request) -> Response {
    let path = request.uri().path().trim_start_matches('/');
    let path = if path.is_empty() { "index.html" } else { path };
    let headers = request.headers();
    let Some(file) = WebClient::get(path) else {
        if path == "index.html" {
            return not_built();
        }
        return (StatusCode::NOT_FOUND, security(headers), "Not found.").into_response();
    };
    let etag = etag(&file.metadata.sha256_hash());
    let mut response_headers = security(headers);
    response_headers.insert(header::ETAG, etag.clone());
    let cache = if path.starts_with(ASSETS) { "public, max-age=31536000, immutable" } else { "no-cache" };
    response_headers.insert(header::CACHE_CONTROL, HeaderValue::from_static(cache));
    response_headers.insert(header::VARY, HeaderValue::from_static("Accept-Encoding"));
    if headers.get(header::IF_NONE_MATCH).is_some_and(|tags| matches_etag(tags, &etag)) {
        return (StatusCode::NOT_MODIFIED, response_headers).into_response();
    }
    if let Ok(kind) = HeaderValue::from_str(&content_type(file.metadata.mimetype())) {
        response_headers.insert(header::CONTENT_TYPE, kind);
    }
    // The precompressed copy the browser accepts, brotli first.
    for (encoding, suffix) in [("br", ".br"), ("gzip", ".gz")] {
        if !accepts(headers, encoding) {
            continue;
        }
        if let Some(compressed) = WebClient::get(&format!("{path}{suffix}")) {
            response_headers.insert(header::CONTENT_ENCODING, HeaderValue::from_static(encoding));
            return (response_headers, body(compressed.data)).into_response();
        }
    }
    (response_headers, body(file.data)).into_response()
}

/// A file's bytes as a response body: the embedded ones are sent from the
/// binary as they are, not copied for each of the class's requests.
fn body(data: std::borrow::Cow<'static, [u8]>) -> Body {
    match data {
        std::borrow::Cow::Borrowed(bytes) => Body::from(Bytes::from_static(bytes)),
        std::borrow::Cow::Owned(bytes) => Body::from(bytes),
    }
}

/// Whether the web client is in this build.
pub(crate) fn built() -> bool {
    WebClient::get("index.html").is_some()
}

/// `/` of a build without the web client.
fn not_built() -> Response {
    let mut headers = security(&HeaderMap::new());
    headers.insert(header::CONTENT_TYPE, HeaderValue::from_static("text/plain; charset=utf-8"));
    let text = "This Classroom was built without its web client: join with the Classroom app.";
    (StatusCode::NOT_FOUND, headers, text).into_response()
}

/// The headers every answer carries. The policy names the hub's own
/// WebSocket (`ws://` and the `Host` the page came from): `'self'` covers
/// it in current browsers, but not in every Safari.
fn security(request: &HeaderMap) -> HeaderMap {
    let socket = request
        .get(header::HOST)
        .and_then(|host| host.to_str().ok())
        .filter(|host| is_plain_host(host))
        .map(|host| format!(" ws://{host}"))
        .unwrap_or_default();
    let policy = format!(
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; \
         connect-src 'self'{socket}; object-src 'none'; base-uri 'none'; form-action 'self'; \
         frame-ancestors 'none'"
    );
    let mut headers = HeaderMap::new();
    if let Ok(policy) = HeaderValue::from_str(&policy) {
        headers.insert(header::CONTENT_SECURITY_POLICY, policy);
    }
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    headers.insert(header::REFERRER_POLICY, HeaderValue::from_static("no-referrer"));
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert("cross-origin-opener-policy", HeaderValue::from_static("same-origin"));
    headers
        .insert("permissions-policy", HeaderValue::from_static("camera=(), microphone=(), geolocation=()"));
    headers
}

/// A `Host` fit to put in the policy: a name or address and a port, nothing
/// that could end the directive or add another.
fn is_plain_host(host: &str) -> bool {
    !host.is_empty()
        && host.len() <= 255
        && host.bytes().all(|b| b.is_ascii_alphanumeric() || matches!(b, b'.' | b'-' | b':' | b'[' | b']'))
}

/// A strong entity tag from the file's hash.
fn etag(hash: &[u8; 32]) -> HeaderValue {
    let hex: String = hash[..16].iter().map(|b| format!("{b:02x}")).collect();
    HeaderValue::from_str(&format!("\"{hex}\"")).unwrap_or(HeaderValue::from_static("\"\""))
}

/// Whether an `If-None-Match` names `etag` (or is `*`).
fn matches_etag(tags: &HeaderValue, etag: &HeaderValue) -> bool {
    let (Ok(tags), Ok(etag)) = (tags.to_str(), etag.to_str()) else { return false };
    tags.split(',').map(str::trim).any(|tag| tag == "*" || tag.trim_start_matches("W/") == etag)
}

/// Whether `Accept-Encoding` admits `encoding` (and does not refuse it with `q=0`).
fn accepts(headers: &HeaderMap, encoding: &str) -> bool {
    let Some(accepted) = headers.get(header::ACCEPT_ENCODING).and_then(|v| v.to_str().ok()) else {
        return false;
    };
    accepted.split(',').any(|item| {
        let mut parts = item.split(';').map(str::trim);
        let name = parts.next().unwrap_or_default();
        let refused =
            parts.any(|p| p.strip_prefix("q=").is_some_and(|q| q.parse::<f32>().is_ok_and(|q| q <= 0.0)));
        name.eq_ignore_ascii_case(encoding) && !refused
    })
}

/// The `Content-Type` of a file, text in UTF-8.
fn content_type(mime: &str) -> String {
    let text = mime.starts_with("text/") || mime == "application/javascript" || mime.ends_with("+xml");
    if text && !mime.contains("charset") {
        format!("{mime}; charset=utf-8")
    } else {
        mime.to_owned()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn encodings_are_read_as_browsers_send_them() {
        let with = |value: &'static str| {
            let mut headers = HeaderMap::new();
            headers.insert(header::ACCEPT_ENCODING, HeaderValue::from_static(value));
            headers
        };
        assert!(accepts(&with("gzip, deflate, br, zstd"), "br"));
        assert!(accepts(&with("gzip;q=1.0, br;q=0.5"), "br"));
        assert!(!accepts(&with("gzip, br;q=0"), "br"));
        assert!(accepts(&with("gzip, br;q=0"), "gzip"));
        assert!(!accepts(&with("identity"), "gzip"));
        assert!(!accepts(&HeaderMap::new(), "gzip"));
    }

    #[test]
    fn only_plain_hosts_reach_the_policy() {
        assert!(is_plain_host("192.168.1.20:4455"));
        assert!(is_plain_host("[fe80::1]:4455"));
        assert!(is_plain_host("teacher-laptop.local:4455"));
        for bad in ["", "a; script-src *", "a b", "a'", "x\"y"] {
            assert!(!is_plain_host(bad), "{bad}");
        }
    }

    #[test]
    fn entity_tags_match_as_http_says() {
        let tag = etag(&[7; 32]);
        let value = |v: &'static str| HeaderValue::from_static(v);
        assert!(matches_etag(&value("*"), &tag));
        assert!(matches_etag(&tag, &tag));
        assert!(matches_etag(
            &HeaderValue::from_str(&format!("\"x\", W/{}", tag.to_str().unwrap())).unwrap(),
            &tag
        ));
        assert!(!matches_etag(&value("\"other\""), &tag));
    }
}
