//! What the store tests share: `classroom host` as a child process (so it
//! can be killed with SIGKILL), a raw WebSocket peer, a TCP proxy that can
//! keep a client offline, and the `classroom` CLI's other commands.
//!
//! Every wait is bounded, so a bug fails a test instead of hanging it.

#![allow(dead_code)]

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::process::{Command as StdCommand, Stdio};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex, OnceLock};
use std::time::Duration;

use futures_util::{SinkExt, StreamExt};
use serde_json::Value;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::net::{TcpListener, TcpStream};
use tokio::process::{Child, Command};
use tokio::task::AbortHandle;
use tokio::time::timeout;
use tokio_tungstenite::tungstenite::Message;

/// The longest a single wait may take.
pub const WAIT: Duration = Duration::from_secs(10);
/// The class code every test class uses.
pub const CODE: &str = "246810";

/// The `classroom` binary under test. It is the `classroom-cli` crate's,
/// which cargo does not build for core's tests: the first call builds it
/// (`cargo build -p classroom-cli --bin classroom`, quick when it is
/// current) into this test's own target folder and profile.
pub fn bin() -> &'static Path {
    static BIN: OnceLock<PathBuf> = OnceLock::new();
    BIN.get_or_init(|| {
        // This test runs from TARGET/PROFILE/deps/.
        let exe = std::env::current_exe().expect("the test's own path");
        let profile_dir =
            exe.parent().and_then(Path::parent).expect("the test runs from TARGET/PROFILE/deps");
        let target_dir = profile_dir.parent().expect("a target folder");
        let profile = match profile_dir.file_name().and_then(|name| name.to_str()) {
            Some("debug") => "dev",
            Some(name) => name,
            None => panic!("no profile folder in {}", exe.display()),
        };
        let built = StdCommand::new(env!("CARGO"))
            .args(["build", "--quiet", "-p", "classroom-cli", "--bin", "classroom", "--profile", profile])
            .arg("--target-dir")
            .arg(target_dir)
            .current_dir(env!("CARGO_MANIFEST_DIR"))
            .status()
            .expect("cargo runs");
        assert!(built.success(), "cargo build -p classroom-cli --bin classroom failed");
        profile_dir.join(format!("classroom{}", std::env::consts::EXE_SUFFIX))
    })
}

/// A free loopback address (bound and released; the hub binds it again
/// with SO_REUSEADDR, so a restarted hub gets the same port back).
pub fn free_addr() -> SocketAddr {
    let listener = std::net::TcpListener::bind("127.0.0.1:0").expect("bind 127.0.0.1:0");
    listener.local_addr().expect("an address")
}

/// A running `classroom host` child process.
pub struct Host {
    child: Child,
    /// Lines it printed on stdout so far.
    pub lines: Arc<Mutex<Vec<String>>>,
    /// The session id it printed.
    pub session: String,
    /// Where it listens.
    pub addr: SocketAddr,
}

impl Host {
    /// Starts `classroom host ARGS` and waits until it listens.
    pub async fn start(args: &[&str]) -> Host {
        match Host::try_start(args).await {
            Ok(host) => host,
            Err(output) => panic!("classroom host did not start:\n{output}"),
        }
    }

    /// Starts `classroom host ARGS`; `Err` with everything it printed when it
    /// exits before listening.
    pub async fn try_start(args: &[&str]) -> Result<Host, String> {
        let mut child = Command::new(bin())
            .arg("host")
            .args(args)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .expect("classroom starts");
        let mut out = BufReader::new(child.stdout.take().expect("stdout")).lines();
        let mut err = BufReader::new(child.stderr.take().expect("stderr")).lines();
        let lines = Arc::new(Mutex::new(Vec::new()));
        let (mut session, mut addr) = (None, None);
        let started = timeout(WAIT, async {
            while let Ok(Some(line)) = out.next_line().await {
                lines.lock().unwrap().push(line.clone());
                if let Some(id) = line.strip_prefix("session: ") {
                    session = Some(id.trim().to_owned());
                }
                if let Some(at) = line.strip_prefix("listening on ") {
                    addr = Some(at.trim().parse().expect("an address"));
                }
                if line.starts_with("Press Ctrl-C") {
                    return true;
                }
            }
            false
        })
        .await
        .unwrap_or(false);
        if !started {
            let _ = timeout(WAIT, child.wait()).await;
            let mut printed = lines.lock().unwrap().join("\n");
            while let Ok(Ok(Some(line))) = timeout(Duration::from_millis(200), err.next_line()).await {
                printed.push('\n');
                printed.push_str(&line);
            }
            return Err(printed);
        }
        // Keep draining both pipes so the hub never blocks on them.
        let kept = Arc::clone(&lines);
        tokio::spawn(async move {
            while let Ok(Some(line)) = out.next_line().await {
                kept.lock().unwrap().push(line);
            }
        });
        tokio::spawn(async move {
            while let Ok(Some(line)) = err.next_line().await {
                if std::env::var_os("SHOW_HUB_LOG").is_some() {
                    eprintln!("hub: {line}");
                }
            }
        });
        Ok(Host {
            child,
            lines,
            session: session.expect("the host printed its session"),
            addr: addr.expect("the host printed its address"),
        })
    }

    /// User + system CPU time the host has used, from `/proc` (Linux).
    pub fn cpu_time(&self) -> Option<Duration> {
        let pid = self.child.id()?;
        let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).ok()?;
        let rest = stat.rsplit_once(')')?.1;
        let fields: Vec<&str> = rest.split_whitespace().collect();
        let ticks: u64 = fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?;
        // Clock ticks are 1/100 s on every Linux this runs on.
        Some(Duration::from_millis(ticks * 10))
    }

    /// `ws://ADDR/ws`.
    pub fn url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    /// SIGKILL: the process dies at once, writing nothing more.
    pub async fn kill_9(mut self) {
        self.child.start_kill().expect("SIGKILL sent");
        timeout(WAIT, self.child.wait()).await.expect("the hub dies").expect("wait");
    }

    /// Whether a line containing `needle` was printed.
    pub fn printed(&self, needle: &str) -> bool {
        self.lines.lock().unwrap().iter().any(|line| line.contains(needle))
    }
}

/// Runs `classroom ARGS` to completion; returns (exit code, stdout, stderr).
pub async fn run(args: &[&str]) -> (i32, String, String) {
    let output =
        timeout(WAIT, Command::new(bin()).args(args).env("RUST_LOG", "warn").stdin(Stdio::null()).output())
            .await
            .expect("classroom finishes in time")
            .expect("classroom runs");
    (
        output.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&output.stdout).into_owned(),
        String::from_utf8_lossy(&output.stderr).into_owned(),
    )
}

/// The common arguments of a test host in `dir`.
pub fn host_args(dir: &Path, addr: SocketAddr, token: &Path) -> Vec<String> {
    [
        "--data-dir",
        dir.to_str().expect("utf-8 path"),
        "--bind",
        &addr.to_string(),
        "--no-mdns",
        "--send-rate",
        "0",
        "--max-frame-rate",
        "0",
        "--max-per-address",
        "1000",
        "--token-file",
        token.to_str().expect("utf-8 path"),
    ]
    .iter()
    .map(|s| s.to_string())
    .collect()
}

/// A class `classroom host` keeps in a data folder, to be killed and
/// resumed.
pub struct HostedClass {
    /// The host's arguments without the class's facts, as `--resume` takes them.
    args: Vec<String>,
    /// The hub's WebSocket URL (the same after a resume).
    pub url: String,
    /// The host token the host wrote to its token file.
    pub host_token: String,
    /// The teacher's join frame, with that token.
    pub teacher_join: Value,
}

/// Starts `classroom host` in `dir` for the class `class` (teacher "T",
/// code [`CODE`]), with [`host_args`]; waits until it listens.
pub async fn host_class(dir: &Path, class: &str) -> (Host, HostedClass) {
    let token = dir.join("teacher.token");
    let args = host_args(dir, free_addr(), &token);
    let mut first = args.clone();
    first.extend(["--class", class, "--teacher", "T", "--code", CODE].map(String::from));
    let host = Host::start(&strs(&first)).await;
    let host_token = std::fs::read_to_string(&token).expect("the token file").trim().to_owned();
    let teacher_join = serde_json::json!({"type": "teacher:join", "token": host_token});
    let class = HostedClass { args, url: host.url(), host_token, teacher_join };
    (host, class)
}

impl HostedClass {
    /// Starts the host again with `--resume`: the class as it was stored.
    pub async fn resume(&self) -> Host {
        let mut args = self.args.clone();
        args.push("--resume".into());
        Host::start(&strs(&args)).await
    }
}

/// `&[String]` as `&[&str]`.
pub fn strs(args: &[String]) -> Vec<&str> {
    args.iter().map(String::as_str).collect()
}

/// One raw WebSocket connection speaking the protocol's JSON.
pub struct Peer {
    ws: tokio_tungstenite::WebSocketStream<tokio_tungstenite::MaybeTlsStream<TcpStream>>,
    /// The welcome, once joined.
    pub welcome: Value,
}

impl Peer {
    /// Connects and sends `join`; returns the peer and the first frame.
    pub async fn join(url: &str, join: Value) -> (Peer, Value) {
        let (ws, _) = timeout(WAIT, tokio_tungstenite::connect_async(url))
            .await
            .expect("handshake in time")
            .expect("handshake");
        let mut peer = Peer { ws, welcome: Value::Null };
        peer.send(join).await;
        let first = peer.recv().await;
        if first["type"] == "session:welcome" {
            peer.welcome = first.clone();
        }
        (peer, first)
    }

    /// Sends one frame.
    pub async fn send(&mut self, frame: Value) {
        timeout(WAIT, self.ws.send(Message::text(frame.to_string())))
            .await
            .expect("send in time")
            .expect("send");
    }

    /// The next text frame (pings skipped).
    pub async fn recv(&mut self) -> Value {
        loop {
            match timeout(WAIT, self.ws.next()).await.expect("a frame in time") {
                Some(Ok(Message::Text(text))) => return serde_json::from_str(&text).expect("JSON"),
                Some(Ok(Message::Ping(_) | Message::Pong(_))) => {}
                other => panic!("expected a text frame, got {other:?}"),
            }
        }
    }

    /// Reads frames until one of `kind`.
    pub async fn recv_kind(&mut self, kind: &str) -> Value {
        loop {
            let frame = self.recv().await;
            if frame["type"] == kind {
                return frame;
            }
        }
    }
}

/// A TCP proxy in front of a hub address that can keep its clients
/// offline: cut every link and turn new connections away.
pub struct Proxy {
    addr: SocketAddr,
    links: Arc<Mutex<Vec<AbortHandle>>>,
    refusing: Arc<AtomicBool>,
    accept: AbortHandle,
}

impl Proxy {
    /// A proxy to `target`.
    pub async fn to(target: SocketAddr) -> Proxy {
        let listener = TcpListener::bind("127.0.0.1:0").await.expect("bind the proxy");
        let addr = listener.local_addr().expect("the proxy's address");
        let links = Arc::new(Mutex::new(Vec::new()));
        let refusing = Arc::new(AtomicBool::new(false));
        let accept = tokio::spawn({
            let (links, refusing) = (Arc::clone(&links), Arc::clone(&refusing));
            async move {
                while let Ok((client, _)) = listener.accept().await {
                    if refusing.load(Ordering::SeqCst) {
                        drop(client);
                        continue;
                    }
                    let link = tokio::spawn(async move {
                        let Ok(mut upstream) = TcpStream::connect(target).await else { return };
                        let mut client = client;
                        let _ = tokio::io::copy_bidirectional(&mut client, &mut upstream).await;
                    });
                    links.lock().unwrap().push(link.abort_handle());
                }
            }
        })
        .abort_handle();
        Proxy { addr, links, refusing, accept }
    }

    /// The hub's WebSocket URL through the proxy.
    pub fn url(&self) -> String {
        format!("ws://{}/ws", self.addr)
    }

    /// Cuts every live link and (with `true`) refuses new ones until
    /// `offline(false)`.
    pub fn offline(&self, offline: bool) {
        self.refusing.store(offline, Ordering::SeqCst);
        if offline {
            for link in self.links.lock().unwrap().drain(..) {
                link.abort();
            }
        }
    }
}

impl Drop for Proxy {
    fn drop(&mut self) {
        self.accept.abort();
        for link in self.links.lock().unwrap().drain(..) {
            link.abort();
        }
    }
}

/// A fresh temporary data folder.
pub fn data_dir() -> tempfile::TempDir {
    tempfile::Builder::new().prefix("classroom-store-test-").tempdir().expect("a temp dir")
}

/// `dir/name` as a String.
pub fn path_in(dir: &Path, name: &str) -> PathBuf {
    dir.join(name)
}

/// Whether the tests run as root (they may then mount file systems).
pub fn is_root() -> bool {
    StdCommand::new("id").arg("-u").output().is_ok_and(|out| out.stdout.trim_ascii() == b"0")
}

/// A tmpfs mounted on a fresh directory; unmounted when dropped.
pub struct Tmpfs {
    dir: tempfile::TempDir,
}

impl Tmpfs {
    /// Mounts a tmpfs with these options (e.g. `ro,size=1m`).
    pub fn mount(options: &str) -> Tmpfs {
        let dir = data_dir();
        let status = StdCommand::new("mount")
            .args(["-t", "tmpfs", "-o", options, "tmpfs"])
            .arg(dir.path())
            .status()
            .expect("mount runs");
        assert!(status.success(), "mount -t tmpfs -o {options}");
        Tmpfs { dir }
    }

    /// Where it is mounted.
    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    /// Remounts it with other options (e.g. `ro`).
    pub fn remount(&self, options: &str) {
        let status =
            StdCommand::new("mount").args(["-o", &format!("remount,{options}")]).arg(self.path()).status();
        assert!(status.expect("mount runs").success(), "remount {options}");
    }
}

impl Drop for Tmpfs {
    fn drop(&mut self) {
        let _ = StdCommand::new("umount").arg("-l").arg(self.dir.path()).status();
    }
}

/// Sets a file's or folder's permission bits.
pub fn chmod(path: &Path, mode: u32) {
    use std::os::unix::fs::PermissionsExt;
    std::fs::set_permissions(path, std::fs::Permissions::from_mode(mode)).unwrap();
}

/// Fills the file system holding `dir` with one file; returns its path.
pub fn fill(dir: &Path) -> PathBuf {
    use std::io::Write;
    let path = dir.join("filler");
    let mut file = std::fs::File::create(&path).expect("create the filler");
    let chunk = vec![0x5a; 4096];
    while file.write_all(&chunk).is_ok() {}
    let _ = file.sync_all();
    path
}
