//! The poll scenario: a class of students answers one poll within one
//! second. Measures each answer's ack, how far the teacher's live results
//! trail the last answer, how many tallies the teacher got (they are
//! coalesced), what students received per answer (nothing), and the hub's
//! CPU and the bytes on the wire per answer.

use std::sync::atomic::{AtomicU64, AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use futures_util::{SinkExt, StreamExt};
use serde::Deserialize;
use tokio::sync::Semaphore;
use tokio::task::JoinSet;
use tokio::time::Instant;
use tokio_tungstenite::tungstenite::Message;
use tokio_util::sync::CancellationToken;

use super::hubproc::{HubProcess, StoreSetup};
use super::load;
use super::{mib, ms, percentile, wait_until};

/// What the poll run measured.
pub(super) struct PollRun {
    pub answers: usize,
    pub acked: usize,
    pub p99_ack_us: u32,
    /// From the last answer's ack to the teacher's tally counting it.
    pub lag: Duration,
    /// Tallies the teacher got a second while answers came in.
    pub tallies_per_second: f64,
    /// Frames students received, besides their own ack, while the class answered.
    pub student_frames: u64,
}

#[derive(Deserialize)]
struct Frame<'a> {
    #[serde(rename = "type", borrow)]
    kind: &'a str,
    results: Option<Results>,
}

#[derive(Deserialize)]
struct Results {
    answered: usize,
}

/// Counters the students add to.
#[derive(Default)]
struct Totals {
    ready: AtomicUsize,
    acked: AtomicUsize,
    /// Frames other than their own ack, between the poll opening and the end.
    extra: AtomicU64,
    bytes: AtomicU64,
    /// The latest ack, in µs since the epoch.
    last_ack_us: AtomicU64,
    /// Students that stopped counting.
    stopped: AtomicUsize,
}

/// `students` join a hub, the teacher opens a poll, and every student
/// answers at a moment spread evenly over one second.
pub(super) async fn poll(
    bin: &std::path::Path,
    students: usize,
    store: Option<&StoreSetup>,
) -> Result<PollRun> {
    println!("\n== poll: {students} students answer one poll within 1 s");
    match store {
        Some(setup) => println!("store on: answers are stored (in {}) before their ack", setup.dir.display()),
        None => println!("store off (--no-store)"),
    }
    let hub = HubProcess::start(bin, 0, students + 16, store, true).await?;
    let epoch = Instant::now();
    let (answer_at, counted, done) =
        (CancellationToken::new(), CancellationToken::new(), CancellationToken::new());
    let totals = Arc::new(Totals::default());
    let gate = Arc::new(Semaphore::new(200));
    let mut set = JoinSet::new();
    for i in 0..students {
        let permit = Arc::clone(&gate).acquire_owned().await?;
        let plan = hub.plan(format!("v{i}"), epoch, &done);
        let (totals, answer_at, counted, done) =
            (Arc::clone(&totals), answer_at.clone(), counted.clone(), done.clone());
        // Evenly over the second after `answer_at`.
        let delay = Duration::from_secs_f64(i as f64 / students as f64);
        set.spawn(async move {
            let joined = load::join(&plan).await;
            drop(permit);
            let (ws, ..) = joined?;
            let latency = student(ws, delay, &totals, &answer_at, &counted, epoch).await;
            // Connected until everyone has stopped counting: a student
            // leaving early would be news to the others.
            done.cancelled().await;
            latency
        });
    }
    let _all = gate.acquire_many(200).await?;
    drop(_all);

    let mut teacher = hub.teacher().await?;
    teacher
        .send(Message::text(
            r#"{"type":"poll:open","id":"o-1","question":"Bench?","kind":"single","options":["A","B","C","D"]}"#,
        ))
        .await?;
    wait_until(Duration::from_secs(30), "students seeing the poll", || {
        totals.ready.load(Ordering::Relaxed) == students
    })
    .await?;
    let cpu_before = hub.cpu_time()?;
    let began = Instant::now();
    answer_at.cancel();
    // The teacher's tallies: when each came, and what it counted.
    let mut tallies: Vec<(Instant, usize)> = Vec::new();
    let mut teacher_bytes = 0u64;
    let deadline = began + Duration::from_secs(30);
    while tallies.last().is_none_or(|(_, answered)| *answered < students) {
        let next = tokio::time::timeout_at(deadline, teacher.next()).await;
        let Ok(Some(msg)) = next else {
            bail!("the teacher's tally never counted every answer: {:?}", tallies.last());
        };
        let Message::Text(text) = msg? else { continue };
        teacher_bytes += text.len() as u64;
        let frame: Frame<'_> = serde_json::from_str(&text)?;
        if frame.kind == "poll:tally" {
            if let Some(results) = frame.results {
                tallies.push((Instant::now(), results.answered));
            }
        }
    }
    let complete = tallies.last().map(|(at, _)| *at).context("no tally")?;
    wait_until(Duration::from_secs(30), "every ack", || totals.acked.load(Ordering::Relaxed) == students)
        .await?;
    let cpu = hub.cpu_time()?.saturating_sub(cpu_before);
    // A moment more: anything sent per answer would arrive by now.
    tokio::time::sleep(Duration::from_millis(300)).await;
    let (_, peak) = hub.memory()?;
    counted.cancel();
    // Nobody leaves before everyone has stopped counting.
    wait_until(Duration::from_secs(30), "students to stop counting", || {
        totals.stopped.load(Ordering::Relaxed) == students
    })
    .await?;
    done.cancel();
    let mut latencies = Vec::with_capacity(students);
    while let Some(result) = set.join_next().await {
        latencies.push(result.context("student panicked")??);
    }
    hub.stop().await;
    latencies.sort_unstable();

    let last_ack = epoch + Duration::from_micros(totals.last_ack_us.load(Ordering::Relaxed));
    let lag = complete.saturating_duration_since(last_ack);
    let window = (complete - began).as_secs_f64().max(1e-3);
    let tallies_per_second = tallies.len() as f64 / window;
    let acked = totals.acked.load(Ordering::Relaxed);
    let extra = totals.extra.load(Ordering::Relaxed);
    let bytes = totals.bytes.load(Ordering::Relaxed) + teacher_bytes;
    println!("answers {students}, acked {acked}");
    println!(
        "ack latency p50 {} p90 {} p99 {} max {}",
        ms(percentile(&latencies, 0.50)),
        ms(percentile(&latencies, 0.90)),
        ms(percentile(&latencies, 0.99)),
        ms(latencies.last().copied().unwrap_or(0)),
    );
    println!(
        "teacher: {} tallies in {window:.2} s ({tallies_per_second:.1}/s); the last answer counted {:.1} ms after its ack",
        tallies.len(),
        lag.as_secs_f64() * 1000.0
    );
    println!(
        "students received {extra} frames besides their own ack; hub CPU {:.1} µs/answer; {:.0} bytes on the wire per answer (received by all clients, acks and tallies); hub peak RSS {:.1} MiB",
        cpu.as_secs_f64() * 1e6 / students.max(1) as f64,
        bytes as f64 / students.max(1) as f64,
        mib(peak),
    );
    Ok(PollRun {
        answers: students,
        acked,
        p99_ack_us: percentile(&latencies, 0.99),
        lag,
        tallies_per_second,
        student_frames: extra,
    })
}

/// One student: waits for the poll, answers `delay` after `answer_at`,
/// reads its ack (returns the latency in µs) and counts anything else
/// until `counted`.
async fn student(
    ws: load::Socket,
    delay: Duration,
    totals: &Totals,
    answer_at: &CancellationToken,
    counted: &CancellationToken,
    epoch: Instant,
) -> Result<u32> {
    let (mut sink, mut stream) = ws.split();
    // The poll opening (presence of later joiners may come first).
    loop {
        let Some(msg) = stream.next().await else { bail!("hub closed before the poll") };
        let Message::Text(text) = msg? else { continue };
        if serde_json::from_str::<Frame<'_>>(&text)?.kind == "poll:opened" {
            break;
        }
    }
    totals.ready.fetch_add(1, Ordering::Relaxed);
    answer_at.cancelled().await;
    tokio::time::sleep(delay).await;
    let sent = Instant::now();
    sink.send(Message::text(r#"{"type":"poll:answer","poll":"q_1","id":"a","choices":[1]}"#)).await?;
    let mut latency = None;
    loop {
        let msg = tokio::select! {
            msg = stream.next() => msg,
            () = counted.cancelled() => break,
        };
        let Some(msg) = msg else { break };
        let Message::Text(text) = msg? else { continue };
        totals.bytes.fetch_add(text.len() as u64, Ordering::Relaxed);
        match serde_json::from_str::<Frame<'_>>(&text)?.kind {
            "poll:ack" if latency.is_none() => {
                let now = Instant::now();
                latency = Some(u32::try_from((now - sent).as_micros()).unwrap_or(u32::MAX));
                totals.last_ack_us.fetch_max((now - epoch).as_micros() as u64, Ordering::Relaxed);
                totals.acked.fetch_add(1, Ordering::Relaxed);
            }
            "error" => bail!("answer refused: {text}"),
            _ => {
                totals.extra.fetch_add(1, Ordering::Relaxed);
            }
        }
    }
    totals.stopped.fetch_add(1, Ordering::Relaxed);
    latency.context("no ack")
}
