//! `classroom discover`: the classes advertised on the LAN, as one list
//! after a wait or (`--watch`) as they appear, change and leave; text or
//! JSON. Also how a found class is described (`classroom join --find`).

use std::io::Write as _;
use std::process::ExitCode;
use std::time::{Duration, Instant};

use anyhow::{bail, Result};
use clap::Args;
use classroom_core::discovery::{
    self, BrowseConfig, ClassEvent, Compatibility, DiscoveredClass, InterfaceChoice,
};

use crate::signals::shutdown_signal;

#[derive(Args)]
pub struct DiscoverArgs {
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

/// `--timeout`-style seconds as a duration.
pub fn seconds(value: f64) -> Result<Duration> {
    Duration::try_from_secs_f64(value).map_err(|_| anyhow::anyhow!("not a number of seconds: {value}"))
}

/// `classroom discover`: one list after `--timeout`, or `--watch` events.
pub async fn run(args: DiscoverArgs) -> Result<ExitCode> {
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
                if let ClassEvent::Stopped { reason, .. } = event {
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

/// Whether a class can be joined from here, in a few words.
pub fn describe_compatibility(class: &DiscoveredClass) -> String {
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
            ClassEvent::Stopped { reason, .. } => ("stopped", serde_json::json!(reason)),
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
        ClassEvent::Stopped { reason, .. } => format!("! browsing stopped: {reason}"),
        _ => return Ok(()),
    };
    writeln!(out, "[{:>6.1}s] {line}", at.as_secs_f64())?;
    Ok(out.flush()?)
}
