//! `classroom`: host a class, join one from a terminal, or measure the hub.
//! Parses arguments and calls the library; the work lives in `classroom_core`.

use std::io::{IsTerminal as _, Write as _};
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::{Args, Parser, Subcommand};
use classroom_core::client::{self, ClientConfig, ClientEvent, CloseReason, ConnectionState, JoinAs};
use classroom_core::hub::{self, HubConfig};
use classroom_core::protocol::{LeftReason, Role};
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
    /// Load-test a hub started as its own process; prints the numbers.
    Bench(classroom_core::bench::BenchArgs),
}

#[derive(Args)]
struct HostArgs {
    /// Class name everyone sees.
    #[arg(long)]
    class: String,
    /// Teacher's display name.
    #[arg(long)]
    teacher: String,
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
    /// Chat messages a second per participant (burst: twice that); 0 lifts the limit.
    #[arg(long, default_value_t = 5)]
    send_rate: u32,
    /// Participants the class holds, the teacher included.
    #[arg(long, default_value_t = 300)]
    max_participants: usize,
}

#[derive(Args)]
struct JoinArgs {
    /// The hub: ws://HOST:PORT/ws, or just HOST:PORT.
    url: String,
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
            Command::Bench(args) => classroom_core::bench::run(args).await.map(|()| ExitCode::SUCCESS),
        }
    });
    match result {
        Ok(code) => code,
        Err(err) => {
            eprintln!("error: {err:#}");
            ExitCode::FAILURE
        }
    }
}

async fn host(args: HostArgs) -> Result<ExitCode> {
    let mut config = HubConfig::new(args.class, args.teacher);
    if args.no_code {
        config.code = None;
    } else if let Some(code) = args.code {
        config.code = Some(code);
    }
    config.limits.send_rate = args.send_rate;
    config.limits.send_burst = args.send_rate.saturating_mul(2);
    config.limits.max_participants = args.max_participants;
    config.limits.max_connections = args.max_participants + args.max_participants / 4 + 16;

    let listener = hub::bind(args.bind).with_context(|| format!("cannot listen on {}", args.bind))?;
    let hub = hub::start(listener, config)?;
    let addr = hub.local_addr();

    let mut out = std::io::stdout().lock();
    writeln!(out, "Classroom: “{}” with {}", hub.session().class, hub.session().teacher)?;
    writeln!(out, "listening on {addr}")?;
    for url in join_urls(addr) {
        writeln!(out, "students join: {url}")?;
    }
    match hub.join_code() {
        Some(code) => writeln!(out, "class code: {code}")?,
        None => writeln!(out, "class code: none (anyone on the network can join)")?,
    }
    match &args.token_file {
        Some(path) => {
            write_secret(path, hub.host_token())
                .with_context(|| format!("cannot write {}", path.display()))?;
            writeln!(out, "host token: written to {}", path.display())?;
        }
        None => writeln!(out, "host token: {}", hub.host_token())?,
    }
    if args.no_mdns {
        writeln!(out, "LAN advertising: off (--no-mdns)")?;
    } else {
        writeln!(out, "LAN advertising: not available in this version; students type the address above")?;
    }
    writeln!(out, "Press Ctrl-C to end the class.")?;
    out.flush()?;
    drop(out);

    tokio::select! {
        () = hub.ended() => println!("The teacher ended the class."),
        () = shutdown_signal() => println!("Ending the class…"),
    }
    hub.shutdown().await?;
    println!("Class ended.");
    Ok(ExitCode::SUCCESS)
}

/// Where students can reach a hub bound to `addr`.
fn join_urls(addr: SocketAddr) -> Vec<String> {
    if !addr.ip().is_unspecified() {
        return vec![format!("ws://{addr}/ws")];
    }
    let mut urls: Vec<String> = if_addrs::get_if_addrs()
        .unwrap_or_default()
        .into_iter()
        .filter(|iface| !iface.is_loopback() && iface.ip().is_ipv4())
        .map(|iface| format!("ws://{}:{}/ws", iface.ip(), addr.port()))
        .collect();
    if urls.is_empty() {
        urls.push(format!("ws://127.0.0.1:{}/ws", addr.port()));
    }
    urls
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
    let (client, mut events) = client::connect(ClientConfig::new(hub_url(&args.url), join))?;
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
