//! The hub under test, as its own process, and what `/proc` says about it.

use std::path::Path;
use std::process::Stdio;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::{Child, Command};
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use futures_util::{SinkExt, StreamExt};
use tokio_tungstenite::tungstenite::Message;

use super::load::Plan;

/// The teacher's connection (a client of its own kind).
pub(super) type Socket =
    tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<tokio::net::TcpStream>>;

/// Where a store-on hub keeps its class, and how hard it flushes.
pub(super) struct StoreSetup {
    /// The data folder (a fresh one per run).
    pub dir: std::path::PathBuf,
    /// `--fsync`: flush every commit group to the disk.
    pub fsync: bool,
}

/// A `classroom host` child process, killed when dropped.
pub(super) struct HubProcess {
    child: Child,
    pid: u32,
    /// `ws://127.0.0.1:PORT/ws`.
    pub url: String,
    /// Where it listens, `127.0.0.1:PORT`.
    addr: std::net::SocketAddr,
    /// The class code.
    pub code: String,
    /// The host token's file (removed when the hub is stopped).
    token_file: std::path::PathBuf,
}

impl HubProcess {
    /// Starts `bin host` on a free loopback port, with advertising off and
    /// the given per-participant send rate (0 lifts it); with `store`, the
    /// class is kept in that data folder, otherwise in memory only.
    pub(super) async fn start(
        bin: &Path,
        send_rate: u32,
        max_participants: usize,
        store: Option<&StoreSetup>,
        raise_pending_total: bool,
    ) -> Result<Self> {
        let code = "424242".to_owned();
        static HUBS: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let token_file = std::env::temp_dir().join(format!(
            "classroom-bench-{}-{}.token",
            std::process::id(),
            HUBS.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let mut command = Command::new(bin);
        command
            .args(["host", "--class", "Bench 101", "--teacher", "Bench Teacher", "--bind", "127.0.0.1:0"])
            .args(["--code", &code, "--no-mdns", "--token-file"])
            .arg(&token_file)
            .args(["--send-rate", &send_rate.to_string()])
            // Saturation senders send as fast as their acks allow.
            .args(["--max-frame-rate", "0"])
            .args(["--max-participants", &max_participants.to_string()])
            // Every bench client connects from 127.0.0.1, thousands at once:
            // the caps on connections not joined yet are raised to match.
            .args(["--max-per-address", &max_participants.to_string()])
            .args(["--max-pending-per-address", &max_participants.to_string()]);
        if raise_pending_total {
            command.args(["--max-pending", &max_participants.to_string()]);
        }
        match store {
            Some(setup) => {
                command.arg("--data-dir").arg(&setup.dir);
                if setup.fsync {
                    command.arg("--fsync");
                }
            }
            None => {
                command.arg("--no-store");
            }
        }
        let mut child = command
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .with_context(|| format!("cannot start {}", bin.display()))?;
        let pid = child.id().context("hub exited at once")?;
        let stdout = child.stdout.take().context("no stdout")?;
        let mut lines = BufReader::new(stdout).lines();
        let addr = tokio::time::timeout(Duration::from_secs(10), async {
            while let Some(line) = lines.next_line().await? {
                if let Some(addr) = line.strip_prefix("listening on ") {
                    return Ok::<_, anyhow::Error>(addr.trim().to_owned());
                }
            }
            bail!("hub exited before listening")
        })
        .await
        .context("hub did not start within 10 s")??;
        // Keep draining stdout so the hub never blocks on a full pipe.
        tokio::spawn(async move { while let Ok(Some(_)) = lines.next_line().await {} });
        let url = format!("ws://{addr}/ws");
        let addr = addr.parse().with_context(|| format!("the hub printed an odd address: {addr}"))?;
        Ok(Self { child, pid, url, addr, code, token_file })
    }

    /// Where it listens.
    pub(super) fn addr(&self) -> std::net::SocketAddr {
        self.addr
    }

    /// The teacher's connection, joined with the host token.
    pub(super) async fn teacher(&self) -> Result<Socket> {
        let token = std::fs::read_to_string(&self.token_file).context("cannot read the host token")?;
        let (mut ws, _) = tokio_tungstenite::connect_async(self.url.as_str()).await?;
        let join = serde_json::json!({"type": "teacher:join", "token": token.trim()});
        ws.send(Message::text(join.to_string())).await?;
        while let Some(msg) = ws.next().await {
            if let Message::Text(text) = msg? {
                if text.contains("\"session:welcome\"") {
                    return Ok(ws);
                }
                if text.contains("\"error\"") {
                    bail!("the teacher was refused: {text}");
                }
            }
        }
        bail!("hub closed before the teacher's welcome")
    }

    /// A client that joins this hub as `name` and reads until `done`.
    pub(super) fn plan(&self, name: String, epoch: Instant, done: &CancellationToken) -> Plan {
        Plan {
            url: self.url.clone(),
            name,
            code: self.code.clone(),
            epoch,
            done: done.clone(),
            expect_participants: None,
            send: None,
        }
    }

    /// User + system CPU time the hub has used so far.
    pub(super) fn cpu_time(&self) -> Result<Duration> {
        let stat = std::fs::read_to_string(format!("/proc/{}/stat", self.pid))?;
        // Fields after the command name, which is in parentheses and may hold spaces.
        let rest = stat.rsplit_once(')').map(|(_, rest)| rest).context("odd /proc stat")?;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        // utime and stime are fields 14 and 15 of the line; `rest` starts at field 3.
        let ticks: u64 = fields.get(11).context("no utime")?.parse::<u64>()?
            + fields.get(12).context("no stime")?.parse::<u64>()?;
        Ok(Duration::from_micros(ticks * 1_000_000 / clock_ticks_per_second()))
    }

    /// (current, peak) resident memory in bytes.
    pub(super) fn memory(&self) -> Result<(u64, u64)> {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.pid))?;
        let field = |name: &str| -> Result<u64> {
            let line = status.lines().find(|l| l.starts_with(name)).with_context(|| format!("no {name}"))?;
            let kib: u64 = line.split_whitespace().nth(1).context("odd status line")?.parse()?;
            Ok(kib * 1024)
        };
        Ok((field("VmRSS:")?, field("VmHWM:")?))
    }

    /// Stops the hub: SIGTERM (a graceful shutdown), then SIGKILL after 10 s.
    pub(super) async fn stop(mut self) {
        let _ = std::fs::remove_file(&self.token_file);
        let term = Command::new("kill").args(["-TERM", &self.pid.to_string()]).status().await;
        if term.is_ok() && tokio::time::timeout(Duration::from_secs(10), self.child.wait()).await.is_ok() {
            return;
        }
        let _ = self.child.kill().await;
    }
}

/// Linux reports CPU times in clock ticks; `getconf CLK_TCK` is 100 on
/// every Linux target this runs on, but ask when we can.
fn clock_ticks_per_second() -> u64 {
    std::process::Command::new("getconf")
        .arg("CLK_TCK")
        .output()
        .ok()
        .and_then(|out| String::from_utf8(out.stdout).ok())
        .and_then(|text| text.trim().parse().ok())
        .unwrap_or(100)
}
