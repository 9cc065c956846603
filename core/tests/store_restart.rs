//! A durable class survives its hub being killed: `classroom host` runs as a
//! child process, clients of the crate send at full rate, the hub gets
//! SIGKILL mid-stream and is reopened with `--resume`, several times over.

mod store_support;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use classroom_core::client::{self, ClientConfig, ClientEvent, ClientHandle, ConnectionState, JoinAs};
use classroom_core::protocol::ChatEntry;
use classroom_core::Error;
use serde_json::{json, Value};
use store_support::{data_dir, free_addr, host_args, host_class, run, strs, Host, Peer, Proxy, CODE, WAIT};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use tokio::time::{sleep, timeout};
use tokio_util::sync::CancellationToken;

/// Kill/restart rounds in one run of the test.
const ROUNDS: usize = 5;

/// How often [`wait_until`] looks again.
const POLL: Duration = Duration::from_millis(5);

/// Acks each client gets on a hub before it is killed, per round number
/// (so each round's kill comes at a different point of the stream).
fn acks_before_kill(round: usize) -> usize {
    40 + 30 * round
}

/// What one client saw.
#[derive(Default)]
struct Seen {
    messages: Vec<ChatEntry>,
    /// client id → seq, from `Acked`.
    acks: HashMap<String, u64>,
    /// Every client id the app handed out (sent, or queued to be).
    sent: Vec<String>,
    refused: Vec<String>,
    states: Vec<ConnectionState>,
    me: Option<String>,
    /// Welcomes so far: one per (re)join.
    welcomes: usize,
    /// Acks since the latest welcome, i.e. from the hub joined last.
    acks_since_welcome: usize,
    /// Who was seen typing.
    typing: Vec<String>,
}

impl Seen {
    fn reconnects(&self) -> usize {
        self.states.iter().filter(|s| matches!(s, ConnectionState::Reconnecting { .. })).count()
    }
}

struct TestClient {
    name: String,
    handle: ClientHandle,
    seen: Arc<Mutex<Seen>>,
    /// Told of every event that can free room in the outbox (an ack, a
    /// refusal, our own message).
    room: Arc<Notify>,
    reader: JoinHandle<()>,
}

fn config(url: String, join: JoinAs) -> ClientConfig {
    let mut config = ClientConfig::new(url, join);
    // A restarted hub is back within a fraction of a second: try often, so
    // a client is back as soon as its hub (or Dee's proxy) is.
    config.backoff_initial = Duration::from_millis(20);
    config.backoff_max = Duration::from_millis(50);
    config.connect_timeout = Duration::from_secs(3);
    config
}

fn start_client(name: &str, config: ClientConfig) -> TestClient {
    let (handle, mut events) = client::connect(config).expect("a ws:// url");
    let seen = Arc::new(Mutex::new(Seen::default()));
    let room = Arc::new(Notify::new());
    let reader = tokio::spawn({
        let (seen, room) = (Arc::clone(&seen), Arc::clone(&room));
        async move {
            while let Some(event) = events.next().await {
                let mut seen = seen.lock().unwrap();
                match event {
                    ClientEvent::Message(entry) => {
                        if seen.me.as_ref() == Some(&entry.from.id) {
                            room.notify_one();
                        }
                        seen.messages.push(entry);
                    }
                    ClientEvent::Acked { client_id, seq } => {
                        let before = seen.acks.insert(client_id.clone(), seq);
                        assert!(
                            before.is_none() || before == Some(seq),
                            "{client_id} acked as {before:?} and {seq}"
                        );
                        seen.acks_since_welcome += 1;
                        room.notify_one();
                    }
                    ClientEvent::Refused { client_id, code, message } => {
                        seen.refused.push(format!("{client_id:?} {code}: {message}"));
                        room.notify_one();
                    }
                    ClientEvent::State(state) => seen.states.push(state),
                    ClientEvent::Welcome { you, .. } => {
                        seen.me = Some(you.id);
                        seen.welcomes += 1;
                        seen.acks_since_welcome = 0;
                    }
                    ClientEvent::Typing { from, .. } => seen.typing.push(from),
                    _ => {}
                }
            }
        }
    });
    TestClient { name: name.to_owned(), handle, seen, room, reader }
}

/// Sends as fast as the outbox takes messages until `stop`.
fn flood(client: &TestClient, stop: CancellationToken) -> JoinHandle<()> {
    let (handle, seen, name) = (client.handle.clone(), Arc::clone(&client.seen), client.name.clone());
    let room = Arc::clone(&client.room);
    tokio::spawn(async move {
        let mut n = 0u64;
        while !stop.is_cancelled() {
            n += 1;
            match handle.send(format!("{name} says {n}, with “quotes” and a comma")).await {
                Ok(id) => seen.lock().unwrap().sent.push(id),
                Err(Error::OutboxFull(_)) => {
                    n -= 1;
                    // Full until the hub acks one of ours (or we stop).
                    tokio::select! {
                        () = room.notified() => {}
                        () = stop.cancelled() => {}
                    }
                }
                Err(err) => panic!("{name} cannot send: {err}"),
            }
        }
    })
}

/// Every acked message any client saw, and every message sent, is in every
/// client's log exactly once, in `seq` order, after the hub was killed
/// with SIGKILL and resumed several times while clients sent at full rate;
/// a client kept offline across each restart comes back and fills its gap;
/// the teacher's client keeps working (the host token is kept); and the
/// exported transcript holds the same log.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn acked_messages_survive_kill_9_exactly_once_in_order() {
    let dir = data_dir();
    let token = dir.path().join("teacher.token");
    let addr = free_addr();
    let mut args = host_args(dir.path(), addr, &token);
    let mut first = args.clone();
    first.extend(["--class", "Kill 101", "--teacher", "Mrs. Núñez", "--code", CODE].map(String::from));
    let mut host = Host::start(&strs(&first)).await;
    let session = host.session.clone();
    let url = host.url();
    let proxy = Proxy::to(addr).await;

    let host_token = std::fs::read_to_string(&token).expect("the token file").trim().to_owned();
    let mut clients =
        vec![start_client("teacher", config(url.clone(), JoinAs::Teacher { token: host_token.clone() }))];
    for name in ["Ada", "Bo", "Cy"] {
        let join = JoinAs::Student { name: name.into(), code: Some(CODE.into()) };
        clients.push(start_client(name, config(url.clone(), join)));
    }
    let offline_join = JoinAs::Student { name: "Dee".into(), code: Some(CODE.into()) };
    clients.push(start_client("Dee", config(proxy.url(), offline_join)));
    // Everyone in before the flood starts.
    wait_until(Duration::from_secs(10), "everyone joined", || {
        clients.iter().all(|c| c.seen.lock().unwrap().me.is_some())
    })
    .await;

    let stop = CancellationToken::new();
    let floods: Vec<_> = clients.iter().map(|c| flood(c, stop.clone())).collect();
    args.push("--resume".into());
    let mut acked_before_kills: Vec<(String, String, u64)> = Vec::new();
    // Each client's welcome count before it joined the hub now running.
    let mut joined_before = vec![0; clients.len()];
    for round in 0..ROUNDS {
        // A different moment each round, mid-stream: everyone has joined
        // the hub now running and has had this round's acks from it.
        everyone_sending(&clients, &joined_before, acks_before_kill(round)).await;
        // Dee drops off, and the class goes on without her before the kill.
        let dee = &clients[4];
        let dee_reconnects = dee.seen.lock().unwrap().reconnects();
        proxy.offline(true);
        wait_until(WAIT, "Dee notices she is offline", || {
            dee.seen.lock().unwrap().reconnects() > dee_reconnects
        })
        .await;
        let online = &clients[..4];
        let acks_then = acks_of(online);
        wait_until(WAIT, "acks Dee misses before the kill", || acks_of(online) > acks_then).await;
        let acked: usize = clients.iter().map(|c| c.seen.lock().unwrap().acks.len()).sum();
        assert!(acked > 0, "round {round}: messages were acked before the kill");
        for c in &clients {
            let seen = c.seen.lock().unwrap();
            acked_before_kills.extend(seen.acks.iter().map(|(id, seq)| (c.name.clone(), id.clone(), *seq)));
        }
        joined_before = clients.iter().map(|c| c.seen.lock().unwrap().welcomes).collect();
        host.kill_9().await;
        // Every other round names the session; the others take the most recent.
        let mut again = args.clone();
        if round % 2 == 1 {
            again.push(session.clone());
        }
        host = Host::start(&strs(&again)).await;
        assert_eq!(host.session, session, "the same session comes back");
        assert!(host.printed("class code: 246810"), "the same code comes back");
        assert_eq!(std::fs::read_to_string(&token).unwrap().trim(), host_token, "the same host token");
        // The offline client misses a stretch of the resumed class: the
        // others are back, and messages are acked there.
        wait_until(WAIT, "an ack from the resumed class", || {
            online.iter().zip(&joined_before).any(|(c, &before)| back_and_sending(c, before, 1))
        })
        .await;
        proxy.offline(false);
    }
    // Dee too is back after the last restart, and sending.
    everyone_sending(&clients, &joined_before, acks_before_kill(0)).await;
    stop.cancel();
    for flood in floods {
        timeout(Duration::from_secs(5), flood).await.expect("senders stop").expect("no panic");
    }

    // Everything sent gets acked in the end (the outboxes resend).
    wait_until(Duration::from_secs(30), "every message acked", || {
        clients.iter().all(|c| {
            let seen = c.seen.lock().unwrap();
            seen.sent.iter().all(|id| seen.acks.contains_key(id))
        })
    })
    .await;
    let total: usize = clients.iter().map(|c| c.seen.lock().unwrap().sent.len()).sum();
    wait_until(Duration::from_secs(30), "every client has the whole log", || {
        clients.iter().all(|c| c.seen.lock().unwrap().messages.len() >= total)
    })
    .await;
    // Nothing more is on its way: Ada's and then Bo's typing go out after
    // every frame already queued (the hub sends each client its frames in
    // order), so once every client has seen someone else type, all the
    // hub had for it has arrived and been seen.
    clients[1].handle.typing(true).await.expect("Ada types");
    clients[2].handle.typing(true).await.expect("Bo types");
    wait_until(WAIT, "typing reaches everyone", || {
        clients.iter().all(|c| !c.seen.lock().unwrap().typing.is_empty())
    })
    .await;

    // One log, the same on every client: seq 1..=total, each message once.
    let reference: Vec<ChatEntry> = clients[0].seen.lock().unwrap().messages.clone();
    let seqs: Vec<u64> = reference.iter().map(|m| m.seq).collect();
    assert_eq!(seqs, (1..=total as u64).collect::<Vec<_>>(), "seq 1..={total}, in order, no gap or repeat");
    for c in &clients {
        let seen = c.seen.lock().unwrap();
        assert_eq!(seen.messages, reference, "{} saw the same log", c.name);
        assert!(seen.refused.is_empty(), "{} had refusals: {:?}", c.name, seen.refused);
        assert!(
            !seen.states.iter().any(|s| matches!(s, ConnectionState::Closed(_))),
            "{} was closed: {:?}",
            c.name,
            seen.states
        );
    }
    let by_seq: BTreeMap<u64, &ChatEntry> = reference.iter().map(|m| (m.seq, m)).collect();
    let mut in_log: HashMap<(String, String), usize> = HashMap::new();
    for m in &reference {
        *in_log.entry((m.from.id.clone(), m.client_id.clone())).or_default() += 1;
    }
    for c in &clients {
        let seen = c.seen.lock().unwrap();
        let me = seen.me.clone().expect("joined");
        let sent: HashSet<&String> = seen.sent.iter().collect();
        assert_eq!(sent.len(), seen.sent.len(), "client ids are unique");
        for id in &seen.sent {
            let seq = seen.acks[id];
            let entry = by_seq
                .get(&seq)
                .unwrap_or_else(|| panic!("{}'s {id} acked as {seq}, not in the log", c.name));
            assert_eq!(
                (&entry.from.id, &entry.client_id),
                (&me, id),
                "the acked seq holds the acked message"
            );
            assert_eq!(in_log[&(me.clone(), id.clone())], 1, "{}'s {id} is in the log exactly once", c.name);
        }
    }
    for (name, id, seq) in &acked_before_kills {
        let entry = by_seq.get(seq).unwrap_or_else(|| panic!("{name}'s {id} (acked as {seq}) was lost"));
        assert_eq!(&entry.client_id, id, "{name}'s acked {id} kept its seq {seq}");
    }

    // The offline client came back each time and filled its gap.
    let reconnects = clients[4].seen.lock().unwrap().reconnects();
    assert!(reconnects >= ROUNDS, "Dee reconnected after every restart ({reconnects})");

    // The transcript holds the same log.
    let dir_arg = dir.path().to_str().unwrap();
    let (code, out, err) = run(&["export", &session, "--format", "json", "--data-dir", dir_arg]).await;
    assert_eq!(code, 0, "{err}");
    let export: Value = serde_json::from_str(&out).expect("JSON export");
    let exported = export["messages"].as_array().expect("messages");
    assert_eq!(exported.len(), total);
    for (m, e) in reference.iter().zip(exported) {
        assert_eq!(e["seq"], m.seq);
        assert_eq!(e["text"], m.text.as_str());
        assert_eq!(e["from"]["id"], m.from.id.as_str());
    }
    let distinct: HashSet<_> = acked_before_kills.iter().collect();
    println!("{ROUNDS} kill -9 rounds, {total} messages, {} acked before a kill", distinct.len());

    for c in clients {
        let _ = c.handle.leave().await;
        let _ = timeout(Duration::from_secs(5), c.reader).await;
    }
    host.kill_9().await;
}

/// Removals and bans survive a kill -9: a banned student's token and name
/// stay refused; a student removed without a ban may come back afresh but
/// not with the old token; everyone else resumes with their token.
#[tokio::test]
async fn removals_and_bans_survive_kill_9() {
    let dir = data_dir();
    let (host, class) = host_class(dir.path(), "Bans").await;
    let (url, host_token) = (class.url.clone(), class.host_token.clone());
    let student = |name: &str| json!({"type": "student:join", "name": name, "code": CODE});

    let (mut teacher, _) = Peer::join(&url, json!({"type": "teacher:join", "token": host_token})).await;
    let (ada, _) = Peer::join(&url, student("Ada")).await;
    let (bo, _) = Peer::join(&url, student("Bo")).await;
    let (cy, _) = Peer::join(&url, student("Cy")).await;
    let token_of = |peer: &Peer| peer.welcome["resume"].as_str().unwrap().to_owned();
    let (ada_token, bo_token, cy_token) = (token_of(&ada), token_of(&bo), token_of(&cy));
    let bo_id = bo.welcome["you"]["id"].as_str().unwrap().to_owned();
    let cy_id = cy.welcome["you"]["id"].as_str().unwrap().to_owned();
    teacher.send(json!({"type": "teacher:remove-student", "id": bo_id, "ban": true})).await;
    teacher.send(json!({"type": "teacher:remove-student", "id": cy_id, "ban": false})).await;
    teacher.send(json!({"type": "chat:message", "id": "t-1", "text": "after the removals"})).await;
    // The ack comes once the message is stored, after the removals.
    let ack = teacher.recv_kind("chat:ack").await;
    assert_eq!(ack["seq"], 1);

    host.kill_9().await;
    let host = class.resume().await;

    let resume = |name: &str, token: &str| json!({"type": "student:join", "name": name, "code": CODE, "resume": token, "last_seq": 0});
    let (_, first) = Peer::join(&url, resume("Bo", &bo_token)).await;
    assert_eq!(first["code"], "removed", "a banned token stays refused: {first}");
    let (_, first) = Peer::join(&url, student("Bo")).await;
    assert_eq!(first["code"], "removed", "a banned name stays refused: {first}");
    let (_, first) = Peer::join(&url, resume("Cy", &cy_token)).await;
    assert_eq!(first["code"], "bad_token", "a removed student's old token is void: {first}");
    let (cy_again, first) = Peer::join(&url, student("Cy")).await;
    assert_eq!(first["type"], "session:welcome", "removed without a ban, Cy may join afresh: {first}");
    assert_ne!(cy_again.welcome["you"]["id"], cy_id.as_str(), "as a new participant");
    let (ada_again, first) = Peer::join(&url, resume("Ada", &ada_token)).await;
    assert_eq!(first["type"], "session:welcome", "{first}");
    assert_eq!(ada_again.welcome["you"], ada.welcome["you"], "Ada is the same participant");
    assert_eq!(ada_again.welcome["last_seq"], 1, "the log is back");
    assert_eq!(ada_again.welcome["history"][0]["text"], "after the removals");
    let (mut teacher, first) = Peer::join(&url, json!({"type": "teacher:join", "token": host_token})).await;
    assert_eq!(first["type"], "session:welcome", "the host token is kept: {first}");
    // seq goes on.
    teacher.send(json!({"type": "chat:message", "id": "t-2", "text": "back"})).await;
    assert_eq!(teacher.recv_kind("chat:ack").await["seq"], 2);
    host.kill_9().await;
}

/// Polls `done` every [`POLL`] until it holds; fails after `limit`.
async fn wait_until(limit: Duration, what: &str, mut done: impl FnMut() -> bool) {
    let polled = timeout(limit, async {
        while !done() {
            sleep(POLL).await;
        }
    });
    assert!(polled.await.is_ok(), "timed out after {limit:?} waiting for {what}");
}

/// How many of their messages these clients have seen acked.
fn acks_of(clients: &[TestClient]) -> usize {
    clients.iter().map(|c| c.seen.lock().unwrap().acks.len()).sum()
}

/// Whether `client` has joined again since it had `joined_before` welcomes
/// (so it is on the hub running now) and has had `acks` of its messages
/// acked since.
fn back_and_sending(client: &TestClient, joined_before: usize, acks: usize) -> bool {
    let seen = client.seen.lock().unwrap();
    seen.welcomes > joined_before && seen.acks_since_welcome >= acks
}

/// Waits until every client is [`back_and_sending`].
async fn everyone_sending(clients: &[TestClient], joined_before: &[usize], acks: usize) {
    wait_until(WAIT, &format!("everyone back with {acks} acks"), || {
        clients.iter().zip(joined_before).all(|(c, &before)| back_and_sending(c, before, acks))
    })
    .await;
}

/// An idle host uses next to no CPU, with the store and without (a watch
/// on the store's state must not spin when there is nothing to watch).
#[tokio::test]
async fn an_idle_host_does_not_spin() {
    let dir = data_dir();
    // Both hosts idle side by side, watched over the same second.
    let mut hosts = Vec::new();
    for store in [true, false] {
        let token = dir.path().join(format!("token-{store}"));
        let mut args = host_args(dir.path(), free_addr(), &token);
        if !store {
            // --no-store conflicts with --data-dir: drop that pair.
            args.drain(0..2);
            args.push("--no-store".into());
        }
        args.extend(["--class", "Idle", "--teacher", "T"].map(String::from));
        hosts.push((store, Host::start(&strs(&args)).await));
    }
    let before: Vec<Duration> =
        hosts.iter().map(|(_, host)| host.cpu_time().expect("/proc readable")).collect();
    // A real second: CPU time is measured over wall time; idling has no event.
    sleep(Duration::from_secs(1)).await;
    for ((store, host), before) in hosts.into_iter().zip(before) {
        let used = host.cpu_time().expect("/proc readable") - before;
        assert!(used < Duration::from_millis(200), "store {store}: {used:?} of CPU in 1 s idle");
        host.kill_9().await;
    }
}
