//! `classroom`: host a class, find classes on the LAN, join one from a
//! terminal, list, export and delete stored classes, or measure the hub.
//! This file parses the arguments and hands each command to its module;
//! the work itself lives in `classroom_core`.
//!
//! # Layout
//! - `host.rs`: `classroom host` (over [`classroom_core::hosting`]).
//! - `join.rs`: `classroom join`, the terminal client.
//! - `discover.rs`: `classroom discover`, the classes on the LAN.
//! - `history.rs`: the class history: `classes`, `export`, `delete`,
//!   `retention`, and the data folder every command opens.
//! - `signals.rs`: Ctrl-C and SIGTERM, SIGPIPE.
//! - `bench/`: `classroom bench`, the load generator.

mod bench;
mod discover;
mod history;
mod host;
mod join;
mod signals;

use std::io::IsTerminal as _;
use std::process::ExitCode;
use std::time::Duration;

use clap::{Parser, Subcommand};
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
    Host(host::HostArgs),
    /// Join a class from the terminal: typed lines are sent.
    Join(join::JoinArgs),
    /// List the classes advertised on the LAN (mDNS), with their addresses.
    Discover(discover::DiscoverArgs),
    /// List the classes stored in the data folder, the most recent first.
    Classes(history::ClassesArgs),
    /// Write a stored class's transcript (Markdown, CSV or JSON).
    Export(history::ExportArgs),
    /// Delete a stored class and everything kept of it.
    Delete(history::DeleteArgs),
    /// Show or set how long stored classes are kept.
    Retention(history::RetentionArgs),
    /// Load-test a hub started as its own process; prints the numbers.
    Bench(bench::BenchArgs),
}

fn main() -> ExitCode {
    let cli = Cli::parse();
    if !matches!(cli.command, Command::Host(_) | Command::Bench(_)) {
        signals::quiet_on_closed_stdout();
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
            Command::Host(args) => host::run(args).await,
            Command::Join(args) => join::run(args).await,
            Command::Discover(args) => discover::run(args).await,
            Command::Classes(args) => history::classes(args),
            Command::Export(args) => history::export(args),
            Command::Delete(args) => history::delete(args),
            Command::Retention(args) => history::retention(args),
            Command::Bench(args) => bench::run(args).await.map(|()| ExitCode::SUCCESS),
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
