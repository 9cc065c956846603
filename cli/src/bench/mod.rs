//! The load generator behind `classroom bench`.
//!
//! Starts the hub as its own process (`classroom host`), so its CPU time and
//! peak memory can be read from `/proc`, then drives it with raw WebSocket
//! clients on loopback and prints what they saw. Every phase is bounded in
//! clients and time. The fan-out and saturation runs measure the hub with
//! the store off and on, one after the other, so the cost of durable acks
//! is measured on the same machine in the same minute.

mod hubproc;
mod load;
mod poll;
mod web;

use std::path::PathBuf;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_util::sync::CancellationToken;

use hubproc::{HubProcess, StoreSetup};
use load::{SendPlan, Totals};

/// Which measurement to run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Scenario {
    /// All of them, with the targets checked.
    All,
    /// Many clients, one sender at a fixed rate: latency and CPU per delivery.
    Fanout,
    /// A few senders as fast as acks allow: deliveries per second.
    Saturation,
    /// Many clients joining at once: time and bytes.
    Storm,
    /// Idle clients connected: the hub's memory.
    Memory,
    /// A class answering one poll within a second: acks, the teacher's
    /// live results, and what answers cost.
    Poll,
    /// A class of 300 opening the web client at once during a chat: every
    /// page load complete, and what serving it does to the chat's latency.
    Web,
}

/// Which hubs the fan-out and saturation runs measure.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum StoreChoice {
    /// In memory only (`--no-store`).
    Off,
    /// With the durable store (acks wait for the commit).
    On,
    /// Both, one after the other, and the durable costs checked.
    Both,
}

/// Options of `classroom bench`.
#[derive(Debug, clap::Args)]
pub struct BenchArgs {
    /// What to measure.
    #[arg(long, value_enum, default_value = "all")]
    pub scenario: Scenario,
    /// The hub binary to start (default: this executable).
    #[arg(long)]
    pub hub_bin: Option<PathBuf>,
    /// Seconds each sending phase lasts.
    #[arg(long, default_value_t = 10)]
    pub seconds: u64,
    /// Clients (default: 500 fanout, 200 saturation, 1000 storm, 1000 poll).
    #[arg(long)]
    pub clients: Option<usize>,
    /// Senders among the clients (default: 1 fanout, 4 saturation).
    #[arg(long)]
    pub senders: Option<usize>,
    /// Messages a second per sender in the fanout run.
    #[arg(long, default_value_t = 20)]
    pub rate: u32,
    /// Unacked messages a saturation sender keeps in flight.
    #[arg(long, default_value_t = 64)]
    pub window: u64,
    /// Client counts for the memory run.
    #[arg(long, value_delimiter = ',', default_values_t = [1000, 5000])]
    pub memory: Vec<usize>,
    /// Fan-out and saturation with the store off, on, or both (then the
    /// durable cost is checked against the in-memory run).
    #[arg(long, value_enum, default_value = "both")]
    pub store: StoreChoice,
    /// Where store-on hubs keep their classes (a fresh folder inside, removed
    /// after). Default: the system's temporary folder.
    #[arg(long, value_name = "DIR")]
    pub data_dir: Option<PathBuf>,
    /// Store-on hubs flush every commit group to the disk (`classroom host --fsync`).
    #[arg(long)]
    pub fsync: bool,
}

/// A fresh data folder for one store-on run; removed when dropped.
struct BenchDir(StoreSetup);

impl BenchDir {
    fn new(args: &BenchArgs, run: &str) -> Result<Self> {
        let parent = args.data_dir.clone().unwrap_or_else(std::env::temp_dir);
        let dir = parent.join(format!("classroom-bench-{}-{run}", std::process::id()));
        std::fs::create_dir_all(&dir).with_context(|| format!("cannot create {}", dir.display()))?;
        Ok(Self(StoreSetup { dir, fsync: args.fsync }))
    }
}

impl Drop for BenchDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0.dir);
    }
}

/// The store settings of each run a `--store` choice asks for, in order.
fn store_runs(args: &BenchArgs, run: &str) -> Result<Vec<Option<BenchDir>>> {
    Ok(match args.store {
        StoreChoice::Off => vec![None],
        StoreChoice::On => vec![Some(BenchDir::new(args, run)?)],
        StoreChoice::Both => vec![None, Some(BenchDir::new(args, run)?)],
    })
}

fn store_label(store: Option<&BenchDir>) -> &'static str {
    match store {
        None => "store off",
        Some(dir) if dir.0.fsync => "store on, fsync",
        Some(_) => "store on",
    }
}

/// Runs the benchmark and prints its numbers.
///
/// # Errors
/// When the hub cannot be started, a client is refused, or a phase does not
/// finish in its time bound.
pub async fn run(args: BenchArgs) -> Result<()> {
    let bin = match &args.hub_bin {
        Some(bin) => bin.clone(),
        None => std::env::current_exe().context("cannot find this executable")?,
    };
    raise_fd_limit();
    let mut verdicts = Vec::new();
    let all = args.scenario == Scenario::All;
    if all || args.scenario == Scenario::Fanout {
        let clients = args.clients.unwrap_or(500);
        let senders = args.senders.unwrap_or(1);
        let mut in_memory: Option<Traffic> = None;
        for store in store_runs(&args, "fanout")? {
            let label = store_label(store.as_ref());
            let setup = store.as_ref().map(|dir| &dir.0);
            let r = traffic(
                &bin,
                Run {
                    clients,
                    senders,
                    rate: args.rate,
                    window: args.window,
                    seconds: args.seconds,
                    page_loads: 0,
                },
                setup,
            )
            .await?;
            verdicts.push(verdict(
                format!("fanout {clients} clients, {senders} sender at {}/s, {label}: zero loss", args.rate),
                r.lost == 0 && r.duplicates == 0,
                format!("lost {}, duplicates {}", r.lost, r.duplicates),
            ));
            verdicts.push(verdict(
                format!("fanout, {label}: hub CPU ≤ 15 µs per delivery"),
                r.cpu_per_delivery_us <= 15.0,
                format!("{:.2} µs", r.cpu_per_delivery_us),
            ));
            match (&in_memory, setup) {
                (Some(off), Some(_)) => verdicts.push(verdict(
                    format!("fanout, {label}: durable acks add ≤ 2 ms to p99"),
                    r.p99_us <= off.p99_us + 2_000,
                    format!(
                        "p99 {} vs {} in memory (+{})",
                        ms(r.p99_us),
                        ms(off.p99_us),
                        ms(r.p99_us.saturating_sub(off.p99_us))
                    ),
                )),
                (None, None) => in_memory = Some(r),
                _ => {}
            }
        }
    }
    if all || args.scenario == Scenario::Saturation {
        let clients = args.clients.filter(|_| !all).unwrap_or(200);
        let senders = args.senders.filter(|_| !all).unwrap_or(4);
        let mut in_memory: Option<Traffic> = None;
        for store in store_runs(&args, "saturation")? {
            let label = store_label(store.as_ref());
            let setup = store.as_ref().map(|dir| &dir.0);
            let r = traffic(
                &bin,
                Run {
                    clients,
                    senders,
                    rate: 0,
                    window: args.window,
                    seconds: args.seconds.min(5),
                    page_loads: 0,
                },
                setup,
            )
            .await?;
            match (&in_memory, setup) {
                (_, None) => {
                    verdicts.push(verdict(
                        format!("saturation {clients} clients, {senders} senders, {label}: ≥ 1,000,000 deliveries/s"),
                        r.per_second >= 1_000_000.0,
                        format!("{:.0}/s", r.per_second),
                    ));
                    verdicts.push(verdict(
                        format!("saturation, {label}: hub CPU ≤ 0.5 µs per delivery"),
                        r.cpu_per_delivery_us <= 0.5,
                        format!("{:.3} µs", r.cpu_per_delivery_us),
                    ));
                }
                (Some(off), Some(_)) => verdicts.push(verdict(
                    format!("saturation, {label}: ≥ 50 % of the in-memory deliveries/s"),
                    r.per_second >= off.per_second * 0.5,
                    format!(
                        "{:.0}/s = {:.0} % of {:.0}/s",
                        r.per_second,
                        100.0 * r.per_second / off.per_second.max(1.0),
                        off.per_second
                    ),
                )),
                (None, Some(_)) => verdicts.push(verdict(
                    format!("saturation {clients} clients, {senders} senders, {label}: deliveries/s (no target alone)"),
                    true,
                    format!("{:.0}/s, hub CPU {:.3} µs per delivery", r.per_second, r.cpu_per_delivery_us),
                )),
            }
            verdicts.push(verdict(
                format!("saturation, {label}: zero loss"),
                r.lost == 0 && r.duplicates == 0,
                format!("lost {}, duplicates {}", r.lost, r.duplicates),
            ));
            if setup.is_none() {
                in_memory = Some(r);
            }
        }
    }
    if all || args.scenario == Scenario::Storm {
        let clients = args.clients.filter(|_| !all).unwrap_or(1000);
        let r = storm(&bin, clients).await?;
        verdicts.push(verdict(
            format!("join storm {clients}: all joined ≤ 1 s"),
            r.joined <= Duration::from_secs(1),
            format!("{:.3} s", r.joined.as_secs_f64()),
        ));
        verdicts.push(verdict(
            format!("join storm {clients}: ≤ 60 MB received"),
            r.bytes <= 60_000_000,
            format!("{:.1} MB", r.bytes as f64 / 1e6),
        ));
    }
    if all || args.scenario == Scenario::Poll {
        let students = args.clients.filter(|_| !all).unwrap_or(1000);
        for store in store_runs(&args, "poll")? {
            let label = store_label(store.as_ref());
            let r = poll::poll(&bin, students, store.as_ref().map(|dir| &dir.0)).await?;
            verdicts.push(verdict(
                format!("poll {students} ({label}): every answer acked"),
                r.acked == r.answers,
                format!("{} of {}", r.acked, r.answers),
            ));
            verdicts.push(verdict(
                format!("poll {students} ({label}): p99 ack ≤ 100 ms"),
                r.p99_ack_us <= 100_000,
                ms(r.p99_ack_us),
            ));
            verdicts.push(verdict(
                format!("poll {students} ({label}): teacher's results ≤ 250 ms behind the last answer"),
                r.lag <= Duration::from_millis(250),
                format!("{:.1} ms", r.lag.as_secs_f64() * 1000.0),
            ));
            verdicts.push(verdict(
                format!("poll {students} ({label}): tallies coalesced (≤ 12 a second)"),
                r.tallies_per_second <= 12.0,
                format!("{:.1}/s", r.tallies_per_second),
            ));
            verdicts.push(verdict(
                format!("poll {students} ({label}): students receive nothing per answer"),
                r.student_frames == 0,
                format!("{} frames", r.student_frames),
            ));
        }
    }
    if all || args.scenario == Scenario::Web {
        let clients = args.clients.filter(|_| !all).unwrap_or(200);
        // Short runs: the page loads take a fraction of a second, and the
        // p99 of a long run would hide what they do to the chat.
        let seconds = args.seconds.min(4);
        let run =
            Run { clients, senders: 1, rate: WEB_CHAT_RATE, window: args.window, seconds, page_loads: 0 };
        let quiet = traffic(&bin, run, None).await?;
        let serving = traffic(&bin, Run { page_loads: WEB_CLASS, ..run }, None).await?;
        let pages = serving.pages.as_ref().context("no page loads")?;
        let during = serving.serving_p99_us.context("no page loads")?;
        verdicts.push(verdict(
            format!("web: {WEB_CLASS} students open the page at once, every load complete"),
            pages.failed == 0 && pages.loaded == WEB_CLASS,
            format!("{} loaded, {} failed", pages.loaded, pages.failed),
        ));
        verdicts.push(verdict(
            format!("web: chat p99 moves ≤ 2 ms while the page is served ({clients} clients)"),
            during <= quiet.p99_us + 2_000,
            format!(
                "p99 {} of messages sent while the pages loaded vs {} without page loads ({:+.2} ms)",
                ms(during),
                ms(quiet.p99_us),
                (f64::from(during) - f64::from(quiet.p99_us)) / 1000.0
            ),
        ));
        verdicts.push(verdict(
            "web: zero chat loss while serving".to_owned(),
            serving.lost == 0 && serving.duplicates == 0,
            format!("lost {}, duplicates {}", serving.lost, serving.duplicates),
        ));
    }
    if all || args.scenario == Scenario::Memory {
        for &clients in &args.memory {
            let rss = memory(&bin, clients).await?;
            let limit_mib = if clients <= 1000 { 40.0 } else { 150.0 };
            verdicts.push(verdict(
                format!("{clients} connected clients: hub RSS ≤ {limit_mib} MiB"),
                mib(rss) <= limit_mib,
                format!("{:.1} MiB", mib(rss)),
            ));
        }
    }
    println!("\n== targets");
    let mut failed = 0;
    for (line, pass) in &verdicts {
        println!("{} {line}", if *pass { "PASS" } else { "FAIL" });
        failed += usize::from(!pass);
    }
    if failed > 0 {
        bail!("{failed} target(s) missed");
    }
    Ok(())
}

fn verdict(what: String, pass: bool, measured: String) -> (String, bool) {
    (format!("{what} — measured {measured}"), pass)
}

fn mib(bytes: u64) -> f64 {
    bytes as f64 / (1024.0 * 1024.0)
}

/// Thousands of sockets need more descriptors than the usual soft limit.
fn raise_fd_limit() {
    if let Err(err) = rlimit::increase_nofile_limit(65_536) {
        eprintln!("warning: cannot raise the open-file limit: {err}");
    }
}

/// Students who open the web client at once in the web run.
const WEB_CLASS: usize = 300;
/// Chat messages a second in the web run: on loopback the page loads take
/// about 100 ms, which then hold five messages (a thousand deliveries).
const WEB_CHAT_RATE: u32 = 50;

struct Traffic {
    lost: u64,
    duplicates: u64,
    per_second: f64,
    cpu_per_delivery_us: f64,
    p99_us: u32,
    /// The p99 of the deliveries sent while the page loads ran (`page_loads` > 0).
    serving_p99_us: Option<u32>,
    /// The page loads made while the chat ran (`page_loads` > 0).
    pages: Option<web::PageLoads>,
}

/// Polls `done` until it holds or `limit` passes.
async fn wait_until(limit: Duration, what: &str, mut done: impl FnMut() -> bool) -> Result<Instant> {
    let deadline = Instant::now() + limit;
    loop {
        if done() {
            return Ok(Instant::now());
        }
        if Instant::now() >= deadline {
            bail!("{what}: not done within {limit:?}");
        }
        tokio::time::sleep(Duration::from_millis(2)).await;
    }
}

/// One traffic run: who sends what for how long.
#[derive(Clone, Copy)]
struct Run {
    clients: usize,
    /// Senders among the clients.
    senders: usize,
    /// Messages a second per sender; 0: as fast as `window` unacked allow.
    rate: u32,
    window: u64,
    seconds: u64,
    /// Students who open the web client at once as sending starts.
    page_loads: usize,
}

async fn traffic(bin: &std::path::Path, run: Run, store: Option<&StoreSetup>) -> Result<Traffic> {
    let Run { clients, senders, rate, window, seconds, page_loads } = run;
    let title = if rate > 0 {
        format!("{clients} clients, {senders} sender(s) at {rate} msg/s each for {seconds} s")
    } else {
        format!(
            "{clients} clients, {senders} sender(s) as fast as acks allow (window {window}) for {seconds} s"
        )
    };
    println!("\n== traffic: {title}");
    match store {
        Some(setup) => println!(
            "store on: the class is kept in {}{}; acks wait for the commit",
            setup.dir.display(),
            if setup.fsync { ", every commit group flushed to the disk (--fsync)" } else { "" }
        ),
        None => println!("store off (--no-store): the class is kept in memory only"),
    }
    println!("(the hub runs with --send-rate 0: its per-participant rate limit is lifted for this run)");
    if page_loads > 0 {
        println!(
            "{page_loads} students open the web client at once as sending starts, each from its own address; \
             the hub keeps its default cap on connections not joined yet"
        );
    }
    // With page loads, the cap on connections not joined yet stays the
    // hub's default (what a class meets); joins are then paced below it.
    let hub = HubProcess::start(bin, 0, clients + 16, store, page_loads == 0).await?;
    let in_flight = if page_loads > 0 { 100 } else { 200 };
    let epoch = Instant::now();
    let (done, start, stop) = (CancellationToken::new(), CancellationToken::new(), CancellationToken::new());
    let totals = Arc::new(Totals::default());
    let mut set = JoinSet::new();
    for i in 0..clients {
        let mut plan = hub.plan(format!("s{i}"), epoch, &done);
        plan.send =
            (i < senders).then(|| SendPlan { rate, window, start: start.clone(), stop: stop.clone() });
        set.spawn(load::run(plan, Arc::clone(&totals)));
        // Bounded handshakes in flight: the listen backlog is finite.
        while i + 1 - totals.joined.load(Ordering::Relaxed) >= in_flight {
            tokio::time::sleep(Duration::from_millis(1)).await;
        }
    }
    wait_until(Duration::from_secs(60), "clients joining", || {
        totals.joined.load(Ordering::Relaxed) == clients
    })
    .await?;
    tokio::time::sleep(Duration::from_millis(500)).await;

    let cpu_before = hub.cpu_time()?;
    let began = Instant::now();
    start.cancel();
    let pages = (page_loads > 0).then(|| web::load_page_apart(hub.addr(), page_loads));
    tokio::time::sleep(Duration::from_secs(seconds)).await;
    stop.cancel();
    let pages = match pages {
        Some(loading) => Some(loading.await.context("the page loaders' thread panicked")??),
        None => None,
    };
    let clients_u64 = clients as u64;
    let drained = wait_until(Duration::from_secs(60), "deliveries draining", || {
        let acked = totals.acked.load(Ordering::Relaxed);
        acked == totals.sent.load(Ordering::Relaxed)
            && totals.delivered.load(Ordering::Relaxed) >= acked * clients_u64
    })
    .await;
    let finished = drained.with_context(|| {
        format!(
            "sent {}, acked {}, delivered {} of {}",
            totals.sent.load(Ordering::Relaxed),
            totals.acked.load(Ordering::Relaxed),
            totals.delivered.load(Ordering::Relaxed),
            totals.acked.load(Ordering::Relaxed) * clients_u64
        )
    })?;
    let cpu = hub.cpu_time()?.saturating_sub(cpu_before);
    let (_, peak) = hub.memory()?;
    done.cancel();

    let mut reports = Vec::with_capacity(clients);
    while let Some(report) = set.join_next().await {
        reports.push(report.context("client panicked")??);
    }
    hub.stop().await;

    let sent: u64 = reports.iter().map(|r| r.acked).sum();
    let expected = sent * clients_u64;
    let delivered: u64 = reports.iter().map(|r| r.delivered).sum();
    let duplicates: u64 = reports.iter().map(|r| r.duplicates).sum();
    let lost = expected.saturating_sub(delivered) + reports.iter().map(|r| r.missing).sum::<u64>();
    // Who lost what: a loss is a bug to chase, and where it is says which.
    let short: Vec<String> = reports
        .iter()
        .enumerate()
        .filter(|(_, r)| r.delivered != sent || r.missing > 0)
        .map(|(i, r)| format!("s{i}: {} delivered, {} skipped", r.delivered, r.missing))
        .collect();
    if !short.is_empty() {
        println!(
            "clients short of {sent}: {} ({})",
            short.len(),
            short.iter().take(5).cloned().collect::<Vec<_>>().join("; ")
        );
    }
    let elapsed = finished - began;
    let per_second = delivered as f64 / elapsed.as_secs_f64();
    let cpu_per_delivery_us = cpu.as_secs_f64() * 1e6 / delivered.max(1) as f64;
    let timings: Vec<(u32, u32)> = reports.into_iter().flat_map(|r| r.latencies).collect();
    // The deliveries of messages sent while the page loads ran: what a
    // class opening the page does to the chat, undiluted by the rest.
    let serving = pages.as_ref().map(|pages| {
        let began = pages.began.saturating_duration_since(epoch);
        let (from, to) = (micros(began), micros(began + pages.all_in));
        let mut during: Vec<u32> = timings
            .iter()
            .filter(|(sent, _)| (from..=to).contains(sent))
            .map(|&(_, latency)| latency)
            .collect();
        during.sort_unstable();
        during
    });
    let mut latencies: Vec<u32> = timings.iter().map(|&(_, latency)| latency).collect();
    latencies.sort_unstable();

    println!("clients {clients}, messages sent {sent}");
    println!("deliveries expected {expected}, received {delivered}, lost {lost}, duplicates {duplicates}");
    println!(
        "latency p50 {} p90 {} p99 {} max {}",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or(0)),
    );
    println!(
        "deliveries/s {per_second:.0} over {:.2} s; hub CPU {:.3} s = {cpu_per_delivery_us:.3} µs/delivery; hub peak RSS {:.1} MiB",
        elapsed.as_secs_f64(),
        cpu.as_secs_f64(),
        mib(peak),
    );
    if let Some(pages) = &pages {
        println!(
            "page loads: {} complete, {} failed, all in {:.0} ms; each p50 {} p99 {}; {:.1} MB received ({:.1} KB each) at {:.0} Mbit/s",
            pages.loaded,
            pages.failed,
            pages.all_in.as_secs_f64() * 1000.0,
            ms(percentile(&pages.times, 0.50)),
            ms(percentile(&pages.times, 0.99)),
            pages.bytes as f64 / 1e6,
            pages.bytes as f64 / 1e3 / pages.loaded.max(1) as f64,
            // What the link carried: shaped by scripts/bench-web-lan.sh, or loopback's own speed.
            pages.bytes as f64 * 8.0 / 1e6 / pages.all_in.as_secs_f64().max(1e-6),
        );
        for failure in &pages.failures {
            println!("  failed: {failure}");
        }
    }
    if let Some(during) = &serving {
        println!(
            "latency of the {} deliveries sent while the pages loaded: p50 {} p99 {} max {}",
            during.len(),
            ms(percentile(during, 0.50)),
            ms(percentile(during, 0.99)),
            ms(during.last().copied().unwrap_or(0)),
        );
    }
    let p99_us = percentile(&latencies, 0.99);
    let serving_p99_us = serving.as_deref().map(|during| percentile(during, 0.99));
    Ok(Traffic { lost, duplicates, per_second, cpu_per_delivery_us, p99_us, serving_p99_us, pages })
}

fn percentile(sorted: &[u32], p: f64) -> u32 {
    if sorted.is_empty() {
        return 0;
    }
    let index = ((sorted.len() - 1) as f64 * p).round() as usize;
    sorted[index]
}

fn micros(d: Duration) -> u32 {
    u32::try_from(d.as_micros()).unwrap_or(u32::MAX)
}

fn ms(us: u32) -> String {
    format!("{:.2} ms", f64::from(us) / 1000.0)
}

struct Storm {
    joined: Duration,
    bytes: u64,
}

/// `clients` join at once; how long until all are in, and until everyone
/// knows everyone, and how many bytes that took.
async fn storm(bin: &std::path::Path, clients: usize) -> Result<Storm> {
    println!("\n== join storm: {clients} clients join at once");
    let hub = HubProcess::start(bin, 5, clients + 16, None, true).await?;
    let done = CancellationToken::new();
    let totals = Arc::new(Totals::default());
    let began = Instant::now();
    let mut set = JoinSet::new();
    for i in 0..clients {
        let mut plan = hub.plan(format!("s{i}"), began, &done);
        // Everyone, plus the teacher's (offline) record.
        plan.expect_participants = Some(clients + 1);
        set.spawn(load::run(plan, Arc::clone(&totals)));
    }
    let all_joined = wait_until(Duration::from_secs(60), "storm joins", || {
        totals.joined.load(Ordering::Relaxed) == clients
    })
    .await?;
    let all_known = wait_until(Duration::from_secs(60), "storm presence", || {
        totals.complete.load(Ordering::Relaxed) == clients
    })
    .await?;
    // Anything still in flight counts too.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (rss, peak) = hub.memory()?;
    let hub_cpu = hub.cpu_time()?;
    done.cancel();
    let mut bytes = 0;
    while let Some(report) = set.join_next().await {
        bytes += report.context("client panicked")??.bytes;
    }
    hub.stop().await;
    let joined = all_joined - began;
    println!(
        "all joined in {:.3} s; everyone knew everyone after {:.3} s; {:.1} MB received in total ({:.1} KB per client)",
        joined.as_secs_f64(),
        (all_known - began).as_secs_f64(),
        bytes as f64 / 1e6,
        bytes as f64 / 1e3 / clients as f64,
    );
    println!(
        "hub CPU {:.3} s; hub RSS {:.1} MiB (peak {:.1} MiB)",
        hub_cpu.as_secs_f64(),
        mib(rss),
        mib(peak)
    );
    Ok(Storm { joined, bytes })
}

/// RSS of a hub with `clients` idle clients connected.
async fn memory(bin: &std::path::Path, clients: usize) -> Result<u64> {
    println!("\n== memory: {clients} idle clients connected");
    let hub = HubProcess::start(bin, 5, clients + 16, None, true).await?;
    let done = CancellationToken::new();
    let mut set = JoinSet::new();
    let gate = Arc::new(Semaphore::new(200));
    let began = Instant::now();
    for i in 0..clients {
        let permit = Arc::clone(&gate).acquire_owned().await?;
        let plan = hub.plan(format!("m{i}"), began, &done);
        let done = done.clone();
        set.spawn(async move {
            let joined = load::join(&plan).await;
            drop(permit);
            let (ws, ..) = joined?;
            load::idle(ws, done).await;
            Ok::<_, anyhow::Error>(())
        });
    }
    // Every handshake slot back means every client has its welcome.
    let _all = gate.acquire_many(200).await?;
    let joined = began.elapsed();
    tokio::time::sleep(Duration::from_secs(1)).await;
    let (rss, peak) = hub.memory()?;
    done.cancel();
    while let Some(result) = set.join_next().await {
        result.context("client panicked")??;
    }
    hub.stop().await;
    println!(
        "{clients} joined in {:.2} s; hub RSS {:.1} MiB (peak {:.1} MiB), {:.1} KiB per client",
        joined.as_secs_f64(),
        mib(rss),
        mib(peak),
        rss as f64 / 1024.0 / clients as f64
    );
    Ok(rss)
}
