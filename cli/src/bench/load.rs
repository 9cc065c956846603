//! Bench clients: raw WebSocket connections that join, read everything,
//! and check each log entry arrives once and in order. They parse only the
//! fields they need, so the load generator leaves the CPU to the hub.

use std::collections::HashSet;
use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use futures_util::stream::SplitSink;
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use tokio::net::TcpStream;
use tokio::sync::Notify;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::protocol::WebSocketConfig;
use tokio_tungstenite::tungstenite::Message;
use tokio_tungstenite::WebSocketStream;
use tokio_util::sync::CancellationToken;

/// A bench client's connection.
pub(super) type Socket = WebSocketStream<TcpStream>;

/// Counters every client adds to, for progress checks while running.
#[derive(Default)]
pub(super) struct Totals {
    /// Chat entries received, all clients.
    pub delivered: AtomicU64,
    /// Clients that have their welcome.
    pub joined: AtomicUsize,
    /// Clients that know every participant (when tracking presence).
    pub complete: AtomicUsize,
    /// Messages written by senders.
    pub sent: AtomicU64,
    /// Acks senders received.
    pub acked: AtomicU64,
}

/// What one client saw.
#[derive(Default)]
pub(super) struct ClientReport {
    pub delivered: u64,
    pub duplicates: u64,
    pub missing: u64,
    pub bytes: u64,
    /// Each delivery: when its message was sent (µs since the epoch) and
    /// its end-to-end latency (µs).
    pub latencies: Vec<(u32, u32)>,
    /// Messages this client sent and had acked (senders only).
    pub acked: u64,
}

/// Minimal view of a hub frame.
#[derive(Deserialize)]
struct Frame<'a> {
    #[serde(rename = "type", borrow)]
    kind: &'a str,
    seq: Option<u64>,
    #[serde(borrow)]
    text: Option<&'a str>,
    #[serde(borrow)]
    participant: Option<Who<'a>>,
    #[serde(borrow)]
    participants: Option<Vec<Who<'a>>>,
    last_seq: Option<u64>,
}

#[derive(Deserialize)]
struct Who<'a> {
    #[serde(borrow)]
    id: &'a str,
}

impl Who<'_> {
    /// `p_12` → 12: cheaper to keep than the string, for a thousand clients.
    fn number(&self) -> Option<u32> {
        self.id.strip_prefix("p_")?.parse().ok()
    }
}

/// How a client behaves once joined.
pub(super) struct Plan {
    pub url: String,
    pub name: String,
    pub code: String,
    /// The instant latencies are measured from (shared by all clients).
    pub epoch: Instant,
    /// Stop reading when cancelled.
    pub done: CancellationToken,
    /// Count distinct participants until this many are known.
    pub expect_participants: Option<usize>,
    /// Send messages (`Some`), at a rate or within a window.
    pub send: Option<SendPlan>,
}

/// A sender's part.
#[derive(Clone)]
pub(super) struct SendPlan {
    /// Messages a second; 0 means as fast as the window of unacked allows.
    pub rate: u32,
    pub window: u64,
    /// Start sending when cancelled (all clients are in by then).
    pub start: CancellationToken,
    /// Stop sending when cancelled.
    pub stop: CancellationToken,
}

/// Connects and joins; returns the socket after the welcome.
pub(super) async fn join(plan: &Plan) -> Result<(Socket, u64, Vec<u32>, u64)> {
    let addr = plan.url.trim_start_matches("ws://").split('/').next().context("bad url")?;
    let stream = TcpStream::connect(addr).await.with_context(|| format!("connect {addr}"))?;
    stream.set_nodelay(true)?;
    let config = WebSocketConfig::default().read_buffer_size(8 * 1024).write_buffer_size(0);
    let (mut ws, _) =
        tokio_tungstenite::client_async_with_config(plan.url.as_str(), stream, Some(config)).await?;
    let join = serde_json::json!({"type": "student:join", "name": plan.name, "code": plan.code});
    ws.send(Message::text(join.to_string())).await?;
    let mut bytes = 0u64;
    while let Some(msg) = ws.next().await {
        let Message::Text(text) = msg? else { continue };
        bytes += text.len() as u64;
        let frame: Frame<'_> = serde_json::from_str(&text)?;
        match frame.kind {
            "session:welcome" => {
                let ids = frame.participants.unwrap_or_default().iter().filter_map(Who::number).collect();
                return Ok((ws, frame.last_seq.unwrap_or(0), ids, bytes));
            }
            "error" => bail!("join refused: {text}"),
            _ => {}
        }
    }
    bail!("hub closed before the welcome")
}

/// Runs one client to the end of the plan.
pub(super) async fn run(plan: Plan, totals: Arc<Totals>) -> Result<ClientReport> {
    let (ws, last_seq, ids, bytes) = join(&plan).await?;
    totals.joined.fetch_add(1, Ordering::Relaxed);
    let mut report = ClientReport { bytes, ..ClientReport::default() };
    let mut known: HashSet<u32> = HashSet::new();
    let tracking = plan.expect_participants;
    if let Some(expected) = tracking {
        known.extend(ids);
        if known.len() >= expected {
            totals.complete.fetch_add(1, Ordering::Relaxed);
        }
    }
    let (sink, mut stream) = ws.split();
    let acked = Arc::new(AtomicU64::new(0));
    let ack_signal = Arc::new(Notify::new());
    let sender = plan.send.clone().map(|send| {
        let sender = Sender {
            acked: acked.clone(),
            ack_signal: ack_signal.clone(),
            name: plan.name.clone(),
            epoch: plan.epoch,
            totals: Arc::clone(&totals),
        };
        tokio::spawn(sender.run(sink, send))
    });
    let mut expected_seq = last_seq + 1;
    loop {
        let msg = tokio::select! {
            msg = stream.next() => msg,
            () = plan.done.cancelled() => break,
        };
        let Some(msg) = msg else { break };
        let Message::Text(text) = msg? else { continue };
        report.bytes += text.len() as u64;
        let frame: Frame<'_> = serde_json::from_str(&text)?;
        match frame.kind {
            "chat:message" => {
                let seq = frame.seq.unwrap_or(0);
                if seq < expected_seq {
                    report.duplicates += 1;
                    continue;
                }
                report.missing += seq - expected_seq;
                expected_seq = seq + 1;
                report.delivered += 1;
                totals.delivered.fetch_add(1, Ordering::Relaxed);
                if let Some(sent_at) = frame.text.and_then(sent_at_ns) {
                    let now = plan.epoch.elapsed().as_nanos() as u64;
                    report
                        .latencies
                        .push(((sent_at / 1000) as u32, (now.saturating_sub(sent_at) / 1000) as u32));
                }
            }
            "chat:ack" => {
                acked.fetch_add(1, Ordering::Relaxed);
                totals.acked.fetch_add(1, Ordering::Relaxed);
                ack_signal.notify_one();
            }
            "participant:joined" | "participants:joined" | "participants:page" => {
                if let Some(expected) = tracking {
                    let before = known.len();
                    known.extend(frame.participant.iter().filter_map(Who::number));
                    known.extend(frame.participants.iter().flatten().filter_map(Who::number));
                    if before < expected && known.len() >= expected {
                        totals.complete.fetch_add(1, Ordering::Relaxed);
                    }
                }
            }
            "error" => bail!("hub refused: {text}"),
            _ => {}
        }
    }
    if let Some(sender) = sender {
        sender.await.context("sender panicked")??;
    }
    report.acked = acked.load(Ordering::Relaxed);
    Ok(report)
}

/// The send time a bench message carries: `bench <name> <n> <ns since epoch>`.
fn sent_at_ns(text: &str) -> Option<u64> {
    text.rsplit(' ').next()?.parse().ok()
}

struct Sender {
    acked: Arc<AtomicU64>,
    ack_signal: Arc<Notify>,
    name: String,
    epoch: Instant,
    totals: Arc<Totals>,
}

impl Sender {
    async fn run(self, mut sink: SplitSink<Socket, Message>, plan: SendPlan) -> Result<()> {
        plan.start.cancelled().await;
        let mut ticker = (plan.rate > 0).then(|| {
            let mut ticker = tokio::time::interval(Duration::from_secs_f64(1.0 / f64::from(plan.rate)));
            ticker.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            ticker
        });
        let mut sent = 0u64;
        loop {
            if let Some(ticker) = ticker.as_mut() {
                tokio::select! {
                    _ = ticker.tick() => {}
                    () = plan.stop.cancelled() => break,
                }
            } else {
                while sent - self.acked.load(Ordering::Relaxed) >= plan.window {
                    tokio::select! {
                        () = self.ack_signal.notified() => {}
                        () = plan.stop.cancelled() => return Ok(()),
                    }
                }
            }
            if plan.stop.is_cancelled() {
                break;
            }
            sent += 1;
            let now = self.epoch.elapsed().as_nanos();
            let name = &self.name;
            let frame =
                format!(r#"{{"type":"chat:message","id":"{sent}","text":"bench {name} {sent} {now}"}}"#);
            // Counted before it is written: counted after, a message still
            // being written when sending stops would be missed by the wait
            // for every ack, and the readers stopped before it reached them.
            self.totals.sent.fetch_add(1, Ordering::Relaxed);
            sink.send(Message::text(frame)).await?;
        }
        Ok(())
    }
}

/// Keeps a socket open (for memory measurements), answering pings.
pub(super) async fn idle(mut ws: Socket, done: CancellationToken) {
    loop {
        tokio::select! {
            msg = ws.next() => if !matches!(msg, Some(Ok(_))) { return },
            () = done.cancelled() => return,
        }
    }
}
