//! `classroom`: host a class, find classes on the LAN, join one from a
//! terminal, list, export and delete stored classes, or measure the hub.
//! Parses arguments and calls the library; the work lives in `classroom_core`.

use std::io::{IsTerminal as _, Write as _};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use classroom_core::client::{self, ClientConfig, ClientEvent, CloseReason, ConnectionState, JoinAs};
use classroom_core::discovery::{
    self, AdvertiseConfig, Advertisement, BrowseConfig, ClassEvent, Compatibility, DiscoveredClass,
    InterfaceChoice,
};
use classroom_core::hub::{self, HubConfig, StorageState};
use classroom_core::protocol::{LeftReason, Role};
use classroom_core::store::{Durability, ExportFormat, ExportOptions, Store, StoreError};
use tokio::io::AsyncBufReadExt;
use tracing_subscriber::EnvFilter;

#[derive(Parser)]
#[command(
    name = "classroom",
    version,
    about = "A classroom chat hub on your own machine, and its terminal client"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Host a class: run the hub on this machine until the class ends.
    Host(HostArgs),
    /// Join a class from the terminal: typed lines are sent.
    Join(JoinArgs),
    /// List the classes advertised on the LAN (mDNS), with their addresses.
    Discover(DiscoverArgs),
    /// List the classes stored in the data folder, the most recent first.
    Classes(ClassesArgs),
    /// Write a stored class's transcript (Markdown, CSV or JSON).
    Export(ExportArgs),
    /// Delete a stored class and everything kept of it.
    Delete(DeleteArgs),
    /// Show or set how long stored classes are kept.
    Retention(RetentionArgs),
    /// Load-test a hub started as its own process; prints the numbers.
    Bench(classroom_core::bench::BenchArgs),
}

/// Where the class history lives (`--data-dir`), for every command that reads it.
#[derive(Args, Clone)]
struct DataDir {
    /// The data folder holding the class history (classroom.db). Default:
    /// the platform's data folder, e.g. ~/.local/share/classroom.
    #[arg(long, value_name = "DIR")]
    data_dir: Option<PathBuf>,
}

impl DataDir {
    fn path(&self) -> Result<PathBuf> {
        match &self.data_dir {
            Some(dir) => Ok(dir.clone()),
            None => Store::default_dir()
                .context("this system has no home folder for the class history; give --data-dir DIR"),
        }
    }

    /// Opens the store, with advice when it cannot be.
    fn open(&self, durability: Durability) -> Result<Store> {
        let dir = self.path()?;
        Store::open_with(&dir, durability).map_err(|err| store_failure(err, &dir))
    }
}

/// A store error with what the user can do about it.
fn store_failure(err: StoreError, dir: &std::path::Path) -> anyhow::Error {
    let advice = if err.is_damaged() {
        "\n  To start fresh, keeping the damaged file aside: add --start-fresh to `classroom host`."
    } else if matches!(err, StoreError::ReadOnly { .. }) {
        "\n  Choose a folder you can write to with --data-dir DIR, or host without history (--no-store)."
    } else if matches!(err, StoreError::Full { .. }) {
        "\n  Free some space on that disk, or choose another folder with --data-dir DIR."
    } else {
        ""
    };
    anyhow::anyhow!("{err} (data folder {}){advice}", dir.display())
}

#[derive(Args)]
struct ClassesArgs {
    #[command(flatten)]
    data: DataDir,
    /// Print JSON (an array of classes).
    #[arg(long)]
    json: bool,
}

#[derive(Args)]
struct ExportArgs {
    /// The class's session id (as `classroom classes` lists it).
    session: String,
    /// md (Markdown), csv or json.
    #[arg(long, default_value = "md")]
    format: ExportFormat,
    /// Write to this file instead of standard output.
    #[arg(long, short)]
    output: Option<PathBuf>,
    /// Show times in this IANA time zone (e.g. Europe/Madrid) instead of the system's.
    #[arg(long, value_name = "ZONE")]
    time_zone: Option<String>,
    #[command(flatten)]
    data: DataDir,
}

#[derive(Args)]
struct DeleteArgs {
    /// The class's session id.
    session: String,
    #[command(flatten)]
    data: DataDir,
}

#[derive(Args)]
struct RetentionArgs {
    /// Delete classes with no activity for more than this many days (now, and
    /// each time a class is hosted).
    #[arg(long, conflicts_with = "off")]
    days: Option<u32>,
    /// Keep classes until deleted by hand.
    #[arg(long)]
    off: bool,
    #[command(flatten)]
    data: DataDir,
}

#[derive(Args)]
struct HostArgs {
    /// Class name everyone sees.
    #[arg(long, required_unless_present = "resume")]
    class: Option<String>,
    /// Teacher's display name.
    #[arg(long, required_unless_present = "resume")]
    teacher: Option<String>,
    /// Reopen a stored class instead of starting one: the most recent in the
    /// data folder, or the given session id. Same session, code and host
    /// token; messages go on from where they stopped.
    #[arg(long, value_name = "SESSION_ID", num_args = 0..=1, default_missing_value = "",
          conflicts_with_all = ["class", "teacher", "code", "no_code", "no_store"])]
    resume: Option<String>,
    #[command(flatten)]
    data: DataDir,
    /// Keep the class in memory only: nothing is written, nothing survives
    /// the end of this process.
    #[arg(long, conflicts_with = "data_dir")]
    no_store: bool,
    /// Flush every stored message to the disk before acknowledging it, so
    /// it survives a power cut too (costs a disk flush per group of messages).
    #[arg(long, conflicts_with = "no_store")]
    fsync: bool,
    /// When the stored history is damaged, move it aside and start fresh.
    #[arg(long, conflicts_with = "no_store")]
    start_fresh: bool,
    /// Address and port to listen on; port 0 picks a free one.
    #[arg(long, default_value = "0.0.0.0:4455")]
    bind: SocketAddr,
    /// Class code students must give (default: a random 6-digit code).
    #[arg(long, conflicts_with = "no_code")]
    code: Option<String>,
    /// Let anyone on the network join without a code.
    #[arg(long)]
    no_code: bool,
    /// Write the host token to this file (mode 0600) instead of printing it.
    #[arg(long)]
    token_file: Option<PathBuf>,
    /// Do not advertise the class on the LAN (mDNS).
    #[arg(long)]
    no_mdns: bool,
    /// Advertise on this network interface (repeat for more; `all` for every
    /// one). Default: the LAN interfaces, without loopback, virtual bridges
    /// and VPN tunnels.
    #[arg(long = "mdns-interface", value_name = "NAME", conflicts_with = "no_mdns")]
    mdns_interfaces: Vec<String>,
    /// Chat messages a second per participant (burst: twice that); 0 lifts the limit.
    #[arg(long, default_value_t = 5)]
    send_rate: u32,
    /// Participants the class holds, the teacher included.
    #[arg(long, default_value_t = 300)]
    max_participants: usize,
}

#[derive(Args)]
struct DiscoverArgs {
    /// Seconds to listen before printing the list; with --watch, how long to
    /// watch (0: until Ctrl-C).
    #[arg(long, default_value_t = 3.0)]
    timeout: f64,
    /// Print JSON: an array of classes, or with --watch one event per line.
    #[arg(long)]
    json: bool,
    /// Print classes as they appear, change and leave, instead of one list.
    #[arg(long)]
    watch: bool,
    /// Browse on this network interface (repeat for more; `all` for every
    /// one). Default: the LAN interfaces.
    #[arg(long = "interface", value_name = "NAME")]
    interfaces: Vec<String>,
}

#[derive(Args)]
struct JoinArgs {
    /// The hub: ws://HOST:PORT/ws, or just HOST:PORT.
    #[arg(required_unless_present = "find")]
    url: Option<String>,
    /// Find the class by name on the LAN (mDNS) instead of giving its address.
    #[arg(long, value_name = "CLASS", conflicts_with = "url")]
    find: Option<String>,
    /// Seconds to look for the class given with --find.
    #[arg(long, default_value_t = 5.0, requires = "find")]
    find_timeout: f64,
    /// Your display name (students).
    #[arg(long, required_unless_present = "token_file")]
    name: Option<String>,
    /// The class code.
    #[arg(long)]
    code: Option<String>,
    /// Join as the teacher with the host token in this file.
    #[arg(long, conflicts_with = "name")]
    token_file: Option<PathBuf>,
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Host(_) | Command::Bench(_)) {
        quiet_on_closed_stdout();
    }
    let default_level = match cli.command {
        Command::Host(_) => "info",
        _ => "warn",
    };
    tracing_subscriber::fmt()
        .with_env_filter(EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new(default_level)))
        .with_writer(std::io::stderr)
        .with_ansi(std::io::stderr().is_terminal())
        .init();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(runtime) => runtime,
        Err(err) => {
            eprintln!("error: cannot start the async runtime: {err}");
            return ExitCode::FAILURE;
        }
    };
    let result = runtime.block_on(async move {
        match cli.command {
            Command::Host(args) => host(args).await,
            Command::Join(args) => join(args).await,
            Command::Discover(args) => discover(args).await,
            Command::Classes(args) => classes(args),
            Command::Export(args) => export(args),
            Command::Delete(args) => delete(args),
            Command::Retention(args) => retention(args),
            Command::Bench(args) => classroom_core::bench::run(args).await.map(|()| ExitCode::SUCCESS),
        }
    });
    // Everything was awaited above; only a blocking read of the terminal
    // (`classroom join`) may remain, and it must not keep the process alive
    // after the class ended until someone presses Enter.
    runtime.shutdown_timeout(Duration::from_millis(200));
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

/// Opens the store `classroom host` keeps the class in, or `None` with `--no-store`.
fn host_store(args: &HostArgs) -> Result<Option<Store>> {
    if args.no_store {
        return Ok(None);
    }
    let durability = if args.fsync { Durability::Power } else { Durability::Process };
    let dir = args.data.path()?;
    let store = match Store::open_with(&dir, durability) {
        Ok(store) => store,
        Err(err) if err.is_damaged() && args.start_fresh => {
            let (store, kept) =
                Store::start_fresh(&dir, durability).map_err(|err| store_failure(err, &dir))?;
            if let Some(kept) = kept {
                println!("The damaged class history was moved to {}; starting fresh.", kept.display());
            }
            store
        }
        Err(err) => return Err(store_failure(err, &dir)),
    };
    match store.apply_retention() {
        Ok(deleted) if !deleted.is_empty() => {
            println!("Deleted {} class(es) older than the retention period.", deleted.len());
        }
        Ok(_) => {}
        Err(err) => tracing::warn!(cause = %err, "applying the retention setting"),
    }
    Ok(Some(store))
}

async fn host(args: HostArgs) -> Result<ExitCode> {
    let store = host_store(&args)?;
    let mut config =
        HubConfig::new(args.class.clone().unwrap_or_default(), args.teacher.clone().unwrap_or_default());
    if args.no_code {
        config.code = None;
    } else if let Some(code) = args.code.clone() {
        config.code = Some(code);
    }
    if let (Some(resume), Some(store)) = (&args.resume, &store) {
        let id = if resume.is_empty() {
            match store.latest_class().map_err(|err| store_failure(err, store.dir()))? {
                Some(class) => class.id,
                None => bail!("no class is stored in {} yet: nothing to resume", store.dir().display()),
            }
        } else {
            resume.clone()
        };
        config.resume = Some(id);
    }
    let history = store.as_ref().map(|store| store.dir().to_owned());
    config.store = store;
    config.limits.send_rate = args.send_rate;
    config.limits.send_burst = args.send_rate.saturating_mul(2);
    config.limits.max_participants = args.max_participants;
    config.limits.max_connections = args.max_participants + args.max_participants / 4 + 16;

    let listener = hub::bind(args.bind).with_context(|| format!("cannot listen on {}", args.bind))?;
    let resuming = config.resume.is_some();
    let hub = match hub::start(listener, config) {
        Ok(hub) => hub,
        Err(classroom_core::Error::Store(err)) => {
            let dir = history.clone().unwrap_or_default();
            return Err(store_failure(err, &dir).context("cannot host the class"));
        }
        Err(err) => return Err(err.into()),
    };
    let addr = hub.local_addr();

    let mut out = std::io::stdout().lock();
    writeln!(out, "Classroom: “{}” with {}", hub.session().class, hub.session().teacher)?;
    writeln!(out, "listening on {addr}")?;
    let urls = join_urls(addr);
    for url in &urls {
        writeln!(out, "students join: {url}")?;
    }
    match hub.join_code() {
        Some(code) => writeln!(out, "class code: {code}")?,
        None => writeln!(out, "class code: none (anyone on the network can join)")?,
    }
    writeln!(out, "session: {}", hub.session().id)?;
    match &history {
        Some(dir) if resuming => writeln!(out, "class history: resumed from {}", dir.display())?,
        Some(dir) => writeln!(out, "class history: saved in {}", dir.display())?,
        None => writeln!(out, "class history: off (--no-store)")?,
    }
    match &args.token_file {
        Some(path) => {
            write_secret(path, hub.host_token())
                .with_context(|| format!("cannot write {}", path.display()))?;
            writeln!(out, "host token: written to {}", path.display())?;
        }
        None => writeln!(out, "host token: {}", hub.host_token())?,
    }
    out.flush()?;
    drop(out);
    let advertisement = if args.no_mdns {
        println!("LAN advertising: off (--no-mdns)");
        None
    } else {
        let interfaces = InterfaceChoice::from_names(&args.mdns_interfaces);
        let advertised =
            discovery::advertise(AdvertiseConfig::for_hub(&hub).with_interfaces(interfaces)).await;
        report_advertising(&advertised, &urls);
        advertised.ok()
    };
    println!("Press Ctrl-C to end the class.");
    std::io::stdout().flush()?;

    let mut storage = hub.storage();
    storage.mark_unchanged();
    // Without a store nobody ever reports: stop watching then.
    let mut watching = true;
    loop {
        tokio::select! {
            () = hub.ended() => {
                println!("The teacher ended the class.");
                break;
            }
            () = shutdown_signal() => {
                println!("Ending the class…");
                break;
            }
            changed = storage.changed(), if watching => {
                if changed.is_err() {
                    watching = false;
                    continue;
                }
                match &*storage.borrow_and_update() {
                    StorageState::Failing { message, .. } => println!(
                        "Class history: FAILING: {message}. New messages are not accepted until this is \
                         fixed; students' apps keep them and send them again."
                    ),
                    StorageState::Ok => println!("Class history: saving again."),
                    _ => {}
                }
                std::io::stdout().flush()?;
            }
        }
    }
    // Withdraw first: students' lists drop the class while the hub still
    // says goodbye to its connections.
    if let Some(advertisement) = advertisement {
        if let Err(err) = advertisement.withdraw().await {
            tracing::warn!(cause = %err, "withdrawing the LAN advertisement");
        }
    }
    hub.shutdown().await?;
    println!("Class ended.");
    Ok(ExitCode::SUCCESS)
}

/// `classroom classes`: the stored classes, the most recent first.
fn classes(args: ClassesArgs) -> Result<ExitCode> {
    let store = args.data.open(Durability::default())?;
    let classes = store.classes().map_err(|err| store_failure(err, store.dir()))?;
    let mut out = std::io::stdout().lock();
    if args.json {
        writeln!(out, "{}", serde_json::to_string(&classes)?)?;
        return Ok(ExitCode::SUCCESS);
    }
    if classes.is_empty() {
        writeln!(out, "No classes stored in {}.", store.dir().display())?;
        return Ok(ExitCode::SUCCESS);
    }
    for class in &classes {
        let state = if class.ended_at.is_some() { "ended" } else { "not ended" };
        writeln!(out, "{}  {} — {}", class.id, class.teacher, class.class)?;
        writeln!(
            out,
            "    started {}, last active {}, {state}; {} messages, {} participants",
            class.started_at, class.last_active_at, class.messages, class.participants
        )?;
    }
    Ok(ExitCode::SUCCESS)
}

/// `classroom export`: a stored class's transcript.
fn export(args: ExportArgs) -> Result<ExitCode> {
    let store = args.data.open(Durability::default())?;
    let options = ExportOptions { format: args.format, time_zone: args.time_zone };
    match &args.output {
        Some(path) => {
            let mut file =
                std::fs::File::create(path).with_context(|| format!("cannot create {}", path.display()))?;
            store.export(&args.session, &options, &mut file)?;
            file.sync_all().with_context(|| format!("cannot write {}", path.display()))?;
            eprintln!("Transcript written to {}.", path.display());
        }
        None => {
            let mut out = std::io::stdout().lock();
            store.export(&args.session, &options, &mut out)?;
            out.flush()?;
        }
    }
    Ok(ExitCode::SUCCESS)
}

/// `classroom delete`: removes a stored class for good.
fn delete(args: DeleteArgs) -> Result<ExitCode> {
    let store = args.data.open(Durability::default())?;
    let class = store.class(&args.session)?;
    store.delete_class(&args.session)?;
    println!("Deleted “{}” ({}), started {}.", class.class, class.id, class.started_at);
    Ok(ExitCode::SUCCESS)
}

/// `classroom retention`: shows or sets how long classes are kept.
fn retention(args: RetentionArgs) -> Result<ExitCode> {
    let store = args.data.open(Durability::default())?;
    if args.off {
        store.set_retention_days(None)?;
    } else if let Some(days) = args.days {
        store.set_retention_days(Some(days))?;
        let deleted = store.apply_retention()?;
        println!("Deleted {} class(es) with no activity for more than {days} days.", deleted.len());
    }
    match store.retention_days()? {
        Some(days) => println!("Classes are kept for {days} days after their last activity."),
        None => println!("Classes are kept until deleted (no retention period)."),
    }
    Ok(ExitCode::SUCCESS)
}

/// A command whose output goes into a pipe that closes (`classroom discover
/// | head`) ends quietly, like other Unix tools, instead of panicking in
/// `println!`. Not for the hub: it keeps ignoring SIGPIPE, as Rust sets it.
fn quiet_on_closed_stdout() {
    #[cfg(unix)]
    // SAFETY: called once at start, before any thread exists; SIG_DFL is a
    // valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}

/// Where students can reach a hub bound to `addr`: the IPv4 addresses of
/// the LAN interfaces, else of any non-loopback interface, else loopback.
fn join_urls(addr: SocketAddr) -> Vec<String> {
    if !addr.ip().is_unspecified() {
        return vec![format!("ws://{addr}/ws")];
    }
    let ipv4_of = |choice: &InterfaceChoice| -> Vec<String> {
        discovery::reachable_ipv4(choice).iter().map(|ip| format!("ws://{ip}:{}/ws", addr.port())).collect()
    };
    let mut urls = ipv4_of(&InterfaceChoice::Lan);
    if urls.is_empty() {
        urls = ipv4_of(&InterfaceChoice::All);
    }
    if urls.is_empty() {
        urls.push(format!("ws://127.0.0.1:{}/ws", addr.port()));
    }
    urls
}

/// Tells the teacher whether students will see the class in their list,
/// and if not, why and what to do instead.
fn report_advertising(advertised: &Result<Advertisement, discovery::DiscoveryError>, urls: &[String]) {
    match advertised {
        Ok(ad) => {
            let on: Vec<String> = ad
                .interfaces()
                .iter()
                .map(|intf| {
                    let addrs: Vec<String> = intf.addresses.iter().map(ToString::to_string).collect();
                    format!("{} ({})", intf.name, addrs.join(", "))
                })
                .collect();
            println!("LAN advertising: on, as “{}” on {}", ad.instance_name(), on.join(", "));
            for problem in ad.problems() {
                println!("LAN advertising: warning: {}: {}", problem.interface, problem.detail);
            }
        }
        Err(err) => {
            println!("LAN advertising: FAILED: {err}");
            println!(
                "  Students will not see this class in their list. They can still join with the address"
            );
            println!(
                "  (e.g. `classroom join ADDRESS --name NAME`, or typed into the app) or the join link:"
            );
            for url in urls {
                let address = url.trim_start_matches("ws://").trim_end_matches("/ws");
                println!("    address: {address}    join link: {url}");
            }
            if !err.retry_helps() {
                println!(
                    "  To fix it: allow mDNS (UDP port 5353, multicast 224.0.0.251) in the firewall, or ask \
                     for a network that allows multicast."
                );
            }
        }
    }
}

/// Writes a secret readable by this user only.
fn write_secret(path: &std::path::Path, secret: &str) -> std::io::Result<()> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::{OpenOptionsExt, PermissionsExt};
        options.mode(0o600);
        let mut file = options.open(path)?;
        // The mode above applies only to a new file.
        file.set_permissions(std::fs::Permissions::from_mode(0o600))?;
        file.write_all(secret.as_bytes())
    }
    #[cfg(not(unix))]
    {
        options.open(path)?.write_all(secret.as_bytes())
    }
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// `HOST:PORT` or `ws://HOST:PORT` → `ws://HOST:PORT/ws`.
fn hub_url(given: &str) -> String {
    let with_scheme = if given.contains("://") { given.to_owned() } else { format!("ws://{given}") };
    let after_scheme = with_scheme.split_once("://").map_or("", |(_, rest)| rest);
    if after_scheme.contains('/') {
        with_scheme
    } else {
        format!("{with_scheme}/ws")
    }
}

async fn join(args: JoinArgs) -> Result<ExitCode> {
    let join = match (&args.token_file, args.name) {
        (Some(path), _) => {
            let token =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            JoinAs::Teacher { token: token.trim().to_owned() }
        }
        (None, Some(name)) => JoinAs::Student { name, code: args.code },
        (None, None) => bail!("give --name (student) or --token-file (teacher)"),
    };
    let url = match (&args.url, &args.find) {
        (Some(url), _) => hub_url(url),
        (None, Some(name)) => find_class(name, seconds(args.find_timeout)?).await?,
        (None, None) => bail!("give the hub's address, or --find CLASS"),
    };
    let (client, mut events) = client::connect(ClientConfig::new(url, join))?;
    let mut stdin = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    let mut names = std::collections::HashMap::new();
    let mut stdin_open = true;
    loop {
        tokio::select! {
            event = events.next() => {
                let Some(event) = event else { return Ok(ExitCode::SUCCESS) };
                if let Some(code) = print_event(event, &mut names) {
                    return Ok(code);
                }
            }
            line = stdin.next_line(), if stdin_open => match line {
                Ok(Some(line)) => command_line(&client, line.trim()).await?,
                Ok(None) | Err(_) => {
                    stdin_open = false;
                    client.leave().await?;
                }
            },
        }
    }
}

/// `--timeout`-style seconds as a duration.
fn seconds(value: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| anyhow::anyhow!("not a number of seconds: {value}"))
}

/// Browses until a class named `name` with an address shows up, then
/// returns the URL of its first address that connects.
async fn find_class(name: &str, wait: Duration) -> Result<String> {
    let (browser, mut events) = discovery::browse(BrowseConfig::default())?;
    let deadline = tokio::time::Instant::now() + wait;
    let matching = |browser: &discovery::Browser| {
        browser.classes().into_iter().find(|c| c.matches(name) && c.is_joinable())
    };
    let mut found = None;
    // Resolutions come in pieces, often IPv6 first: once the class shows
    // up, give its routable IPv4 address (tried first) a moment to follow.
    let mut settle_until = deadline;
    loop {
        found = matching(&browser).or(found);
        if let Some(class) = &found {
            if class.has_routable_ipv4() {
                break;
            }
            settle_until = settle_until.min(tokio::time::Instant::now() + Duration::from_secs(1));
        }
        match tokio::time::timeout_at(settle_until, events.next()).await {
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
    let others = browser.classes();
    if let Err(err) = browser.shutdown().await {
        tracing::warn!(cause = %err, "stopping the mDNS browser");
    }
    let Some(class) = found else {
        if let Some(class) = others.iter().find(|class| class.matches(name)) {
            bail!("found “{}”, but {}", class.name, describe_compatibility(class));
        }
        bail!(
            "no class called “{name}” found on the LAN within {} s; ask the teacher for the address",
            wait.as_secs_f64()
        );
    };
    let url = discovery::reachable_url(&class, Duration::from_secs(3)).await?;
    println!("* found “{}” at {url}", class.name);
    Ok(url)
}

/// `classroom discover`: one list after `--timeout`, or `--watch` events.
async fn discover(args: DiscoverArgs) -> Result<ExitCode> {
    let wait = seconds(args.timeout)?;
    let config =
        BrowseConfig { interfaces: InterfaceChoice::from_names(&args.interfaces), ..BrowseConfig::default() };
    let (browser, mut events) = discovery::browse(config)?;
    let started = Instant::now();
    let deadline = (!args.watch || !wait.is_zero()).then(|| tokio::time::Instant::now() + wait);
    let until_deadline = async {
        match deadline {
            Some(deadline) => tokio::time::sleep_until(deadline).await,
            None => std::future::pending().await,
        }
    };
    tokio::pin!(until_deadline);
    loop {
        tokio::select! {
            () = &mut until_deadline => break,
            () = shutdown_signal() => break,
            event = events.next() => {
                let Some(event) = event else { break };
                if args.watch {
                    print_class_event(&event, started.elapsed(), args.json)?;
                }
                if let ClassEvent::Stopped { reason } = event {
                    bail!("browsing stopped: {reason}");
                }
            }
        }
    }
    let classes = browser.classes();
    if let Err(err) = browser.shutdown().await {
        tracing::warn!(cause = %err, "stopping the mDNS browser");
    }
    if !args.watch {
        print_classes(&classes, wait, args.json)?;
    }
    Ok(ExitCode::SUCCESS)
}

/// A class as `classroom discover --json` prints it: the library's fields
/// plus the URLs to try.
fn class_json(class: &DiscoveredClass) -> serde_json::Value {
    let mut value = serde_json::to_value(class).unwrap_or_default();
    if let Some(object) = value.as_object_mut() {
        object.insert("urls".to_owned(), serde_json::json!(class.urls()));
    }
    value
}

fn describe_compatibility(class: &DiscoveredClass) -> String {
    match (class.compatibility, class.protocol) {
        (Compatibility::Supported, _) if class.urls().is_empty() => "no usable address yet".to_owned(),
        (Compatibility::Supported, _) => "ready to join".to_owned(),
        (_, Some(version)) => format!("needs a newer app: protocol {version}"),
        _ => "needs a newer app: protocol version not given".to_owned(),
    }
}

fn print_classes(classes: &[DiscoveredClass], waited: Duration, json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    if json {
        let list: Vec<serde_json::Value> = classes.iter().map(class_json).collect();
        writeln!(out, "{}", serde_json::Value::Array(list))?;
        return Ok(out.flush()?);
    }
    if classes.is_empty() {
        writeln!(out, "No classes found on the LAN within {} s.", waited.as_secs_f64())?;
        writeln!(
            out,
            "If the network blocks multicast, ask the teacher for the address: classroom join HOST:PORT"
        )?;
        return Ok(out.flush()?);
    }
    let count = classes.len();
    writeln!(out, "{count} class{} on the LAN:", if count == 1 { "" } else { "es" })?;
    for class in classes {
        let code = match class.code_required {
            Some(true) => ", code required",
            Some(false) => ", no code",
            None => "",
        };
        writeln!(out, "  {}  ({}{code})", class.name, describe_compatibility(class))?;
        for url in class.urls() {
            writeln!(out, "    {url}")?;
        }
    }
    Ok(out.flush()?)
}

fn print_class_event(event: &ClassEvent, at: Duration, json: bool) -> Result<()> {
    let mut out = std::io::stdout().lock();
    let ms = u64::try_from(at.as_millis()).unwrap_or(u64::MAX);
    if json {
        let (kind, data) = match event {
            ClassEvent::Appeared(class) => ("appeared", class_json(class)),
            ClassEvent::Updated(class) => ("updated", class_json(class)),
            ClassEvent::Removed(class) => ("removed", class_json(class)),
            ClassEvent::Snapshot(classes) => ("snapshot", classes.iter().map(class_json).collect()),
            ClassEvent::Stopped { reason } => ("stopped", serde_json::json!(reason)),
            _ => return Ok(()),
        };
        writeln!(out, "{}", serde_json::json!({"event": kind, "ms": ms, "data": data}))?;
        return Ok(out.flush()?);
    }
    let line = match event {
        ClassEvent::Appeared(class) => {
            format!("+ {}  ({})  {}", class.name, describe_compatibility(class), class.urls().join(" "))
        }
        ClassEvent::Updated(class) => {
            format!("~ {}  ({})  {}", class.name, describe_compatibility(class), class.urls().join(" "))
        }
        ClassEvent::Removed(class) => format!("- {}", class.name),
        ClassEvent::Snapshot(_) => return Ok(()),
        ClassEvent::Stopped { reason } => format!("! browsing stopped: {reason}"),
        _ => return Ok(()),
    };
    writeln!(out, "[{:>6.1}s] {line}", at.as_secs_f64())?;
    Ok(out.flush()?)
}

/// A typed line: a message, or `/end`, `/remove ID [ban]`, `/quit`.
async fn command_line(client: &client::ClientHandle, line: &str) -> Result<()> {
    let mut words = line.split_whitespace();
    match words.next() {
        None => {}
        Some("/quit") => client.leave().await?,
        Some("/end") => client.end_session().await?,
        Some("/remove") => match words.next() {
            Some(id) => client.remove_student(id, words.next() == Some("ban")).await?,
            None => println!("! usage: /remove PARTICIPANT_ID [ban]"),
        },
        Some(_) => match client.send(line).await {
            Ok(_) => {}
            Err(err) => println!("! not sent: {err}"),
        },
    }
    Ok(())
}

/// Prints one event; returns an exit code once the client is closed for good.
fn print_event(
    event: ClientEvent,
    names: &mut std::collections::HashMap<String, (String, bool)>,
) -> Option<ExitCode> {
    match event {
        ClientEvent::State(ConnectionState::Connecting) => println!("* connecting…"),
        ClientEvent::State(ConnectionState::Connected) => {}
        ClientEvent::State(ConnectionState::Reconnecting { attempt }) => {
            println!("* reconnecting… (attempt {attempt})");
        }
        ClientEvent::State(ConnectionState::Closed(reason)) => {
            let (text, code) = match reason {
                CloseReason::Left => ("you left the class".to_owned(), 0),
                CloseReason::Ended => ("session ended by the teacher".to_owned(), 0),
                CloseReason::Removed => ("you were removed from the class".to_owned(), 3),
                CloseReason::Replaced => ("you joined from somewhere else; this copy stops".to_owned(), 4),
                CloseReason::Refused { code, message } => (format!("could not join: {message} ({code})"), 2),
                _ => ("closed".to_owned(), 1),
            };
            println!("* {text}");
            return Some(ExitCode::from(code));
        }
        ClientEvent::Welcome { you, session, .. } => {
            println!("* joined “{}” ({}) as {} [{}]", session.class, session.teacher, you.name, you.id);
        }
        ClientEvent::Roster(participants) => {
            names.clear();
            let online: Vec<&str> =
                participants.iter().filter(|p| p.online).map(|p| p.name.as_str()).collect();
            println!("* online ({}): {}", online.len(), online.join(", "));
            for p in participants {
                names.insert(p.id, (p.name, p.online));
            }
        }
        ClientEvent::Participant(p) => {
            let was_online = names.get(&p.id).is_some_and(|(_, online)| *online);
            if p.online && !was_online {
                println!("* {} joined", p.name);
            }
            names.insert(p.id, (p.name, p.online));
        }
        ClientEvent::ParticipantLeft { id, reason } => {
            let name = match names.get_mut(&id) {
                Some((name, online)) => {
                    *online = false;
                    name.clone()
                }
                None => id,
            };
            let how = match reason {
                LeftReason::Left => "left",
                LeftReason::Removed => "was removed",
                LeftReason::Timeout => "dropped out",
            };
            println!("* {name} {how}");
        }
        ClientEvent::Message(entry) => {
            let time = entry.ts.get(11..16).unwrap_or("");
            let role = if entry.from.role == Role::Teacher { " (teacher)" } else { "" };
            println!("[{time}] {}{role}: {}", entry.from.name, entry.text);
        }
        ClientEvent::Refused { message, .. } => println!("! {message}"),
        ClientEvent::Typing { .. } | ClientEvent::Acked { .. } => {}
        ClientEvent::Gap { from, to } => println!("* messages {from}–{to} are no longer available"),
        _ => {}
    }
    let _ = std::io::stdout().flush();
    None
}

#[cfg(test)]
mod tests {
    use super::hub_url;

    #[test]
    fn hub_urls_are_completed() {
        assert_eq!(hub_url("10.0.0.2:4455"), "ws://10.0.0.2:4455/ws");
        assert_eq!(hub_url("ws://10.0.0.2:4455"), "ws://10.0.0.2:4455/ws");
        assert_eq!(hub_url("ws://10.0.0.2:4455/ws"), "ws://10.0.0.2:4455/ws");
    }
}
