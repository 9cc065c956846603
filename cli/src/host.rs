//! `classroom host`: hosts a class with the library's hosting routine
//! ([`HostedClass`]) until the teacher ends it or Ctrl-C, printing where
//! students join, the code, whether the class is listed on the LAN, and
//! when saving the class fails or recovers.

use std::io::Write as _;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;

use anyhow::{bail, Context, Result};
use clap::Args;
use classroom_core::discovery::InterfaceChoice;
use classroom_core::hosting::{join_link, web_link, AdvertiseStatus, HostError, HostedClass, Listen};
use classroom_core::hub::{HubConfig, StorageState};
use classroom_core::store::{Durability, Store};

use crate::history::{store_failure, DataDir};
use crate::signals::Shutdown;

#[derive(Args)]
pub struct HostArgs {
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
    /// Do not serve the student web client at `/` (students then join
    /// with the app only).
    #[arg(long)]
    no_web: bool,
    /// Advertise on this network interface (repeat for more; `all` for every
    /// one). Default: the LAN interfaces, without loopback, virtual bridges
    /// and VPN tunnels.
    #[arg(long = "mdns-interface", value_name = "NAME", conflicts_with = "no_mdns")]
    mdns_interfaces: Vec<String>,
    /// Chat messages a second per participant (burst: twice that); 0 lifts the limit.
    #[arg(long, default_value_t = 5)]
    send_rate: u32,
    /// Frames a second each joined connection may send, of any kind (burst:
    /// twice that; a connection over it is closed); 0 lifts the limit.
    #[arg(long, default_value_t = 50)]
    max_frame_rate: u32,
    /// Participants the class holds, the teacher included.
    #[arg(long, default_value_t = 300)]
    max_participants: usize,
    /// Students one address may seat, online or offline (default 4): one
    /// machine cannot fill the class or take classmates' names, while two
    /// or three sharing a computer still can join.
    #[arg(long, value_name = "N")]
    max_per_address: Option<usize>,
    /// Connections that have not joined yet, in total (default 512).
    /// Raise it for load tests that connect many clients at once.
    #[arg(long, value_name = "N")]
    max_pending: Option<usize>,
    /// Connections that have not joined yet from one address (default 8).
    /// Raise it for load tests that connect many clients from one machine.
    #[arg(long, value_name = "N")]
    max_pending_per_address: Option<usize>,
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

/// The hub's settings from the flags, with the class to resume looked up.
fn hub_config(args: &HostArgs, store: Option<Store>) -> Result<HubConfig> {
    let mut config =
        HubConfig::new(args.class.clone().unwrap_or_default(), args.teacher.clone().unwrap_or_default());
    config.web = !args.no_web;
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
    config.store = store;
    config.limits.send_rate = args.send_rate;
    config.limits.send_burst = args.send_rate.saturating_mul(2);
    config.limits.frame_rate = args.max_frame_rate;
    config.limits.frame_burst = args.max_frame_rate.saturating_mul(2);
    config.limits.max_participants = args.max_participants;
    if let Some(max) = args.max_per_address {
        config.limits.max_per_address = max;
    }
    if let Some(max) = args.max_pending {
        config.limits.max_pending = max;
    }
    if let Some(max) = args.max_pending_per_address {
        config.limits.max_pending_per_address = max;
    }
    // Room for every participant above the connections not joined yet, so
    // those can never keep a member out; a few more for replaced connections.
    config.limits.max_connections =
        args.max_participants + config.limits.max_pending + config.limits.max_page_connections + 16;
    Ok(config)
}

/// `classroom host`.
pub async fn run(args: HostArgs) -> Result<ExitCode> {
    let store = host_store(&args)?;
    let history = store.as_ref().map(|store| store.dir().to_owned());
    let config = hub_config(&args, store)?;
    let resuming = config.resume.is_some();
    let mut class = match HostedClass::start(Listen::exactly(args.bind), config) {
        Ok(class) => class,
        Err(HostError::Start(classroom_core::Error::Store(err))) => {
            let dir = history.clone().unwrap_or_default();
            return Err(store_failure(err, &dir).context("cannot host the class"));
        }
        Err(err) => return Err(err.into()),
    };
    let hub = class.hub();
    // The token file is written before anything is printed, so whoever reads
    // "listening on" can join as the teacher at once.
    if let Some(path) = &args.token_file {
        write_secret(path, hub.host_token()).with_context(|| format!("cannot write {}", path.display()))?;
    }

    let mut out = std::io::stdout().lock();
    writeln!(out, "Classroom: “{}” with {}", hub.session().class, hub.session().teacher)?;
    writeln!(out, "listening on {}", hub.local_addr())?;
    for address in class.addresses() {
        writeln!(out, "students join: {}", join_link(address))?;
    }
    if hub.serves_web() {
        for address in class.addresses() {
            writeln!(out, "in a browser: {}", web_link(address))?;
        }
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
        Some(path) => writeln!(out, "host token: written to {}", path.display())?,
        None => writeln!(out, "host token: {}", hub.host_token())?,
    }
    out.flush()?;
    drop(out);
    let interfaces = (!args.no_mdns).then(|| InterfaceChoice::from_names(&args.mdns_interfaces));
    class.advertise(interfaces.as_ref()).await;
    report_advertising(&class);
    let mut shutdown = Shutdown::listen();
    println!("Press Ctrl-C to end the class.");
    std::io::stdout().flush()?;

    until_the_class_ends(&class, &mut shutdown).await?;
    class.shutdown().await?;
    println!("Class ended.");
    Ok(ExitCode::SUCCESS)
}

/// Waits until the teacher ends the class, or Ctrl-C (SIGTERM); says when
/// saving the class fails and when it works again meanwhile.
async fn until_the_class_ends(class: &HostedClass, shutdown: &mut Shutdown) -> Result<()> {
    let hub = class.hub();
    let mut storage = hub.storage();
    // Saving may have failed already (while the class was being advertised):
    // say so now rather than wait for the next change.
    if matches!(*storage.borrow_and_update(), StorageState::Failing { .. }) {
        report_storage(&storage.borrow())?;
    }
    // Without a store nobody ever reports: stop watching then.
    let mut watching = true;
    loop {
        tokio::select! {
            () = hub.ended() => {
                println!("The teacher ended the class.");
                return Ok(());
            }
            () = shutdown.wait() => {
                println!("Ending the class…");
                return Ok(());
            }
            changed = storage.changed(), if watching => {
                if changed.is_err() {
                    watching = false;
                    continue;
                }
                let state = storage.borrow_and_update().clone();
                report_storage(&state)?;
            }
        }
    }
}

/// Says when saving the class fails, and when it works again.
fn report_storage(state: &StorageState) -> Result<()> {
    match state {
        StorageState::Failing { message, .. } => println!(
            "Class history: FAILING: {message}. New messages are not accepted until this is \
             fixed; students' apps keep them and send them again."
        ),
        StorageState::Ok => println!("Class history: saving again."),
        _ => {}
    }
    std::io::stdout().flush()?;
    Ok(())
}

/// Tells the teacher whether students will see the class in their list,
/// and if not, why and what to do instead: the class's advertising status,
/// as the app shows it, in the terminal's words.
fn report_advertising(class: &HostedClass) {
    match class.advertising() {
        AdvertiseStatus::Off => println!("LAN advertising: off (--no-mdns)"),
        AdvertiseStatus::On { instance, interfaces, warnings, .. } => {
            println!("LAN advertising: on, as “{instance}” on {}", interfaces.join(", "));
            for warning in warnings {
                println!("LAN advertising: warning: {warning}");
            }
        }
        AdvertiseStatus::Failed { reason, retry_helps, .. } => {
            // The discovery's own words; the status holds them as a sentence.
            match class.advertise_error() {
                Some(err) => println!("LAN advertising: FAILED: {err}"),
                None => println!("LAN advertising: FAILED: {reason}"),
            }
            println!(
                "  Students will not see this class in their list. They can still join with the address"
            );
            println!(
                "  (e.g. `classroom join ADDRESS --name NAME`, or typed into the app) or the join link:"
            );
            for address in class.addresses() {
                println!("    address: {address}    join link: {}", join_link(address));
            }
            if !retry_helps {
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
