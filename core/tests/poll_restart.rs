//! Polls survive their hub being killed: students answering through the
//! crate's client while `classroom host` gets SIGKILL; reopened with
//! `--resume`, the poll is still open with its timer, every answer is in
//! exactly once (those whose ack died with the hub are resent with their
//! ids and acked).

mod store_support;

use std::time::Duration;

use classroom_core::client::{self, ClientConfig, ClientEvent, ClientHandle, Events, JoinAs};
use classroom_core::protocol::PollAnswer;
use serde_json::json;
use store_support::{data_dir, host_class, Peer, CODE, WAIT};

const STUDENTS: usize = 20;

fn student(url: &str, name: &str) -> (ClientHandle, Events) {
    let mut config =
        ClientConfig::new(url.to_owned(), JoinAs::Student { name: name.into(), code: Some(CODE.into()) });
    config.backoff_initial = Duration::from_millis(20);
    config.backoff_max = Duration::from_millis(100);
    client::connect(config).expect("a ws:// url")
}

/// The next event `pick` accepts, within the test's wait.
async fn until<T>(events: &mut Events, mut pick: impl FnMut(&ClientEvent) -> Option<T>) -> T {
    tokio::time::timeout(WAIT, async {
        loop {
            let event = events.next().await.expect("the client goes on");
            if let Some(found) = pick(&event) {
                return found;
            }
        }
    })
    .await
    .expect("the event came in time")
}

#[tokio::test]
async fn answers_survive_kill_9_exactly_once() {
    let dir = data_dir();
    let (host, class) = host_class(dir.path(), "Polls").await;
    let (url, host_token) = (class.url.clone(), class.host_token.clone());

    let mut students: Vec<(ClientHandle, Events)> =
        (0..STUDENTS).map(|i| student(&url, &format!("Student {i}"))).collect();
    for (_, events) in &mut students {
        until(events, |e| matches!(e, ClientEvent::Polls(_)).then_some(())).await;
    }
    let (mut teacher, _) = Peer::join(&url, json!({"type": "teacher:join", "token": host_token})).await;
    teacher
        .send(json!({"type": "poll:open", "id": "o-1", "question": "Pick one", "kind": "single",
                     "options": ["A", "B", "C"], "seconds": 600}))
        .await;
    let opened = loop {
        let frame = teacher.recv().await;
        if frame["type"] == "poll:opened" {
            break frame;
        }
    };
    let closes_at = opened["poll"]["closes_at"].clone();
    let mut ids = Vec::new();
    for (i, (handle, events)) in students.iter_mut().enumerate() {
        until(events, |e| matches!(e, ClientEvent::PollOpened(_)).then_some(())).await;
        let answer = PollAnswer { choices: vec![(i % 3) as u32], text: None };
        ids.push(handle.answer_poll("q_1", answer).await.expect("queued"));
    }
    // Killed while the answers are on their way: some acks die with it.
    host.kill_9().await;
    let host = class.resume().await;

    for ((_, events), id) in students.iter_mut().zip(&ids) {
        let acked = until(events, |e| match e {
            ClientEvent::PollAnswered { client_id, .. } => Some(client_id.clone()),
            ClientEvent::Refused { client_id: Some(refused), code, .. } if refused == id => {
                panic!("answer {id} refused: {code}")
            }
            _ => None,
        })
        .await;
        assert_eq!(&acked, id);
    }
    let (teacher, _) = Peer::join(&url, json!({"type": "teacher:join", "token": host_token})).await;
    let poll = &teacher.welcome["polls"][0];
    assert_eq!(poll["status"], "open", "{poll}");
    assert_eq!(poll["info"]["closes_at"], closes_at, "the timer runs on");
    assert_eq!(poll["results"]["answered"], STUDENTS, "{poll}");
    let counts: Vec<u64> =
        poll["results"]["counts"].as_array().unwrap().iter().map(|c| c.as_u64().unwrap()).collect();
    assert_eq!(counts, vec![7, 7, 6], "each answer once");
    // A student whose app comes back (with its saved place) finds their
    // own answer chosen.
    let (handle, _) = students.remove(0);
    let saved = handle.resume_token().expect("a saved place");
    handle.leave().await.expect("leaving");
    let back = json!({"type": "student:join", "name": "Student 0", "code": CODE, "resume": saved});
    let (ada, _) = Peer::join(&url, back).await;
    assert_eq!(ada.welcome["polls"][0]["mine"], json!({"choices": [0]}));
    drop(host);
}
