//! Live polls over real sockets: the teacher opens one, students answer,
//! the teacher sees the results as they come (and students see nothing of
//! them), closing and revealing; every rule's refusal; anonymity; a timer;
//! what a late joiner and a reopened class see.

mod common;

use std::time::Duration;

use classroom_core::store::Store;
use common::{class, config, paused_config, start, within, Peer};
use serde_json::{json, Value};

fn open(question: &str, kind: &str, options: &[&str]) -> Value {
    json!({"type": "poll:open", "id": "o-1", "question": question, "kind": kind, "options": options})
}

fn answer(poll: &str, id: &str, choices: &[u32]) -> Value {
    json!({"type": "poll:answer", "poll": poll, "id": id, "choices": choices})
}

fn text_answer(poll: &str, id: &str, text: &str) -> Value {
    json!({"type": "poll:answer", "poll": poll, "id": id, "text": text})
}

/// Reads frames until one of type `kind` (presence, chat, the teacher's
/// tallies and an earlier poll's close may come between; no other poll
/// frame may).
async fn next_of<S>(peer: &mut Peer<S>, kind: &str) -> Value
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    loop {
        let frame = peer.recv().await;
        if frame["type"] == kind {
            return frame;
        }
        assert!(
            ["poll:tally", "poll:closed"].contains(&frame["type"].as_str().unwrap_or_default())
                || !frame["type"].as_str().is_some_and(|t| t.starts_with("poll:")),
            "expected {kind}, got {frame}"
        );
    }
}

/// Reads the teacher's tallies until one says `answered`.
async fn tally_with<S>(teacher: &mut Peer<S>, answered: u64) -> Value
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    loop {
        let tally = next_of(teacher, "poll:tally").await;
        if tally["results"]["answered"] == answered {
            return tally["results"].clone();
        }
    }
}

/// The whole life of a quiz question: everyone sees it open (without its
/// correct option), each answer is acked to its sender only, the teacher's
/// tally counts them (with who answered), close stops answers, reveal shows
/// everyone the results with the correct option and without who.
#[tokio::test]
async fn a_poll_is_opened_answered_closed_and_revealed() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo", "Cy"]).await;
    let mut quiz = open("Which planet is largest?", "single", &["Mars", "Jupiter", "Venus"]);
    quiz["correct"] = json!([1]);
    teacher.send(quiz).await;
    let opened = teacher.recv_kind("poll:opened").await;
    assert_eq!(opened["poll"]["id"], "q_1");
    assert_eq!(opened["poll"]["quiz"], true);
    for student in &mut students {
        let seen = student.recv_kind("poll:opened").await;
        assert_eq!(seen, opened, "everyone sees the same poll");
        assert!(!seen.to_string().contains("correct"), "the correct option stays with the hub: {seen}");
    }

    students[0].send(answer("q_1", "a-1", &[1])).await;
    assert_eq!(students[0].recv().await, json!({"type": "poll:ack", "poll": "q_1", "id": "a-1"}));
    students[1].send(answer("q_1", "b-1", &[0])).await;
    assert_eq!(students[1].recv().await, json!({"type": "poll:ack", "poll": "q_1", "id": "b-1"}));
    let results = tally_with(&mut teacher, 2).await;
    assert_eq!(results["counts"], json!([1, 1, 0]));
    assert_eq!(results["students"], 3);
    assert_eq!(results["correct"], json!([1]));
    assert_eq!(results["who"], json!(["p_2", "p_3"]));

    teacher.send(json!({"type": "poll:close", "poll": "q_1"})).await;
    let closed = json!({"type": "poll:closed", "poll": "q_1", "by": "teacher"});
    assert_eq!(next_of(&mut teacher, "poll:closed").await, closed);
    for student in &mut students {
        // Nothing about the others' answers came before: the next frame is the close.
        assert_eq!(student.recv().await, closed);
    }
    students[2].send(answer("q_1", "c-1", &[2])).await;
    students[2].expect_error("poll_closed", Some("c-1")).await;

    teacher.send(json!({"type": "poll:reveal", "poll": "q_1"})).await;
    let revealed = next_of(&mut teacher, "poll:revealed").await;
    assert_eq!(revealed["results"]["counts"], json!([1, 1, 0]));
    assert_eq!(revealed["results"]["correct"], json!([1]));
    assert!(revealed["results"].get("who").is_none(), "who answered is the teacher's only: {revealed}");
    for student in &mut students {
        assert_eq!(student.recv().await, revealed);
    }
}

/// A student removed after answering keeps their answer in the results,
/// and still counts among the students: "2 of 2", never "2 of 1".
#[tokio::test]
async fn a_removed_students_answer_stays_counted_among_the_students() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo", "Cy"]).await;
    teacher.send(open("Ready?", "single", &["Yes", "No"])).await;
    next_of(&mut teacher, "poll:opened").await;
    for (student, id) in students.iter_mut().take(2).zip(["a-1", "b-1"]) {
        next_of(student, "poll:opened").await;
        student.send(answer("q_1", id, &[0])).await;
        next_of(student, "poll:ack").await;
    }
    tally_with(&mut teacher, 2).await;
    let bo = students[1].id();
    let cy = students[2].id();
    teacher.send(json!({"type": "teacher:remove-student", "id": bo})).await;
    teacher.send(json!({"type": "teacher:remove-student", "id": cy})).await;
    teacher.send(json!({"type": "poll:close", "poll": "q_1"})).await;
    let last = next_of(&mut teacher, "poll:tally").await;
    assert_eq!(
        (last["results"]["answered"].clone(), last["results"]["students"].clone()),
        (json!(2), json!(2))
    );
    assert_eq!(last["results"]["counts"], json!([2, 0]));
}

/// Each rule refuses with its own code and keeps the connection.
#[tokio::test]
async fn every_rule_is_enforced_with_its_code() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let ada = &mut students[0];

    // Students do not run polls; the teacher does not answer them.
    ada.send(open("Mine?", "single", &["Yes", "No"])).await;
    ada.expect_error("forbidden", Some("o-1")).await;
    let bad = |question: &str, kind: &str, options: &[&str], extra: Value| {
        let mut frame = open(question, kind, options);
        if let (Some(frame), Some(extra)) = (frame.as_object_mut(), extra.as_object()) {
            frame.extend(extra.clone());
        }
        frame
    };
    let long = "x".repeat(201);
    let eleven: Vec<String> = (0..11).map(|i| format!("Option {i}")).collect();
    let eleven: Vec<&str> = eleven.iter().map(String::as_str).collect();
    for (frame, why) in [
        (bad("", "single", &["Yes", "No"], json!({})), "empty question"),
        (bad(&long, "single", &["Yes", "No"], json!({})), "long question"),
        (bad("One?", "single", &["Only"], json!({})), "one option"),
        (bad("Many?", "multi", &eleven, json!({})), "eleven options"),
        (bad("Same?", "single", &["Yes", " yes "], json!({})), "the same option twice"),
        (
            bad("Right?", "single", &["Yes", "No"], json!({"correct": [2]})),
            "a correct option that is not one",
        ),
        (bad("Quick?", "single", &["Yes", "No"], json!({"seconds": 5})), "a 5 s timer"),
        (bad("Words?", "text", &["Yes"], json!({})), "a text poll with options"),
        (
            bad("Secret?", "single", &["Yes", "No"], json!({"anonymous": true, "changes": true})),
            "anonymous with changes",
        ),
    ] {
        teacher.send(frame).await;
        let message = teacher.expect_error("invalid_poll", Some("o-1")).await;
        assert!(!message.is_empty(), "{why}");
    }

    teacher.send(open("Ready?", "single", &["Yes", "No"])).await;
    teacher.recv_kind("poll:opened").await;
    ada.recv_kind("poll:opened").await;
    teacher.send(open("Another?", "single", &["Yes", "No"])).await;
    teacher.expect_error("poll_open", Some("o-1")).await;
    teacher.send(answer("q_1", "t-1", &[0])).await;
    teacher.expect_error("forbidden", Some("t-1")).await;
    for (verb, frame) in [
        ("close", json!({"type": "poll:close", "poll": "q_1"})),
        ("reveal", json!({"type": "poll:reveal", "poll": "q_1"})),
        ("hide", json!({"type": "poll:hide", "poll": "q_1", "text": "Yes"})),
    ] {
        ada.send(frame).await;
        ada.expect_error("forbidden", None).await;
        assert!(!verb.is_empty());
    }

    // Answers that do not fit the poll.
    for (frame, code) in [
        (answer("q_1", "a-1", &[2]), "invalid_answer"),
        (answer("q_1", "a-2", &[0, 1]), "invalid_answer"),
        (answer("q_1", "a-3", &[]), "invalid_answer"),
        (text_answer("q_1", "a-4", "Yes"), "invalid_answer"),
        (answer("q_9", "a-5", &[0]), "unknown_poll"),
        (answer("q_01", "a-6", &[0]), "unknown_poll"),
    ] {
        let id = frame["id"].as_str().expect("an id").to_owned();
        ada.send(frame).await;
        ada.expect_error(code, Some(&id)).await;
    }
    // One answer, no changes: a second is refused, the same one again acked.
    ada.send(answer("q_1", "a-7", &[0])).await;
    ada.recv_kind("poll:ack").await;
    ada.send(answer("q_1", "a-8", &[1])).await;
    ada.expect_error("answer_locked", Some("a-8")).await;
    ada.send(answer("q_1", "a-7", &[0])).await;
    assert_eq!(ada.recv().await, json!({"type": "poll:ack", "poll": "q_1", "id": "a-7"}));
    let results = tally_with(&mut teacher, 1).await;
    assert_eq!(results["counts"], json!([1, 0]), "the resend counted once");
    // The connection is still there.
    ada.say("c-1", "Still here").await;
    assert_eq!(ada.ack("c-1").await, 1);
}

/// Where changes are allowed, a new answer replaces the old one; a text
/// poll counts answers that differ in case and spacing together, and an
/// answer the teacher hides is gone from the results.
#[tokio::test]
async fn answers_change_where_allowed_and_text_answers_are_counted_and_hidden() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo", "Cy"]).await;
    let mut frame = open("Favourite colour?", "multi", &["Red", "Green", "Blue"]);
    frame["changes"] = json!(true);
    teacher.send(frame).await;
    next_of(&mut teacher, "poll:opened").await;
    for student in &mut students {
        student.recv_kind("poll:opened").await;
    }
    students[0].send(answer("q_1", "a-1", &[0, 2])).await;
    students[0].recv_kind("poll:ack").await;
    assert_eq!(tally_with(&mut teacher, 1).await["counts"], json!([1, 0, 1]));
    students[0].send(answer("q_1", "a-2", &[1])).await;
    students[0].recv_kind("poll:ack").await;
    let results = loop {
        let results = tally_with(&mut teacher, 1).await;
        if results["counts"] == json!([0, 1, 0]) {
            break results;
        }
    };
    assert_eq!(results["who"], json!(["p_2"]));
    teacher.send(json!({"type": "poll:close", "poll": "q_1"})).await;
    next_of(&mut teacher, "poll:closed").await;

    teacher
        .send(json!({"type": "poll:open", "id": "o-2", "question": "One word for today?", "kind": "text"}))
        .await;
    next_of(&mut teacher, "poll:opened").await;
    for student in &mut students {
        next_of(student, "poll:opened").await;
    }
    for (student, text) in students.iter_mut().zip(["Photosynthesis", "  photosynthesis ", "Café"]) {
        student.send(text_answer("q_2", "t-1", text)).await;
        next_of(student, "poll:ack").await;
    }
    let results = tally_with(&mut teacher, 3).await;
    assert_eq!(
        results["texts"],
        json!([{"text": "Photosynthesis", "count": 2}, {"text": "Café", "count": 1}])
    );
    teacher.send(json!({"type": "poll:hide", "poll": "q_2", "text": "CAFÉ"})).await;
    let hidden = next_of(&mut teacher, "poll:tally").await;
    assert_eq!(hidden["results"]["texts"], json!([{"text": "Photosynthesis", "count": 2}]));
    teacher.send(json!({"type": "poll:reveal", "poll": "q_2"})).await;
    let revealed = next_of(&mut students[1], "poll:revealed").await;
    assert_eq!(revealed["results"]["texts"], json!([{"text": "Photosynthesis", "count": 2}]));
    assert_eq!(revealed["results"]["answered"], 3, "a hidden answer still counts as given");
}

/// An anonymous poll: the count of answers stays, and nothing the hub
/// sends (the teacher's tally, any welcome) or stores ties an answer to a
/// student. Its answers cannot be changed.
#[tokio::test]
async fn an_anonymous_poll_never_tells_who_answered_what() {
    let dir = tempfile::tempdir().expect("a folder");
    let mut config = config();
    config.store = Some(Store::open(dir.path()).expect("a store"));
    let hub = start(config).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let mut frame = open("How confident are you?", "single", &["Not", "Somewhat", "Very"]);
    frame["anonymous"] = json!(true);
    teacher.send(frame).await;
    next_of(&mut teacher, "poll:opened").await;
    for (student, choice) in students.iter_mut().zip([0, 2]) {
        next_of(student, "poll:opened").await;
        student.send(answer("q_1", "a-1", &[choice])).await;
        next_of(student, "poll:ack").await;
    }
    let results = tally_with(&mut teacher, 2).await;
    assert_eq!(results["counts"], json!([1, 0, 1]));
    assert!(results.get("who").is_none(), "{results}");
    students[0].send(answer("q_1", "a-2", &[1])).await;
    students[0].expect_error("answer_locked", Some("a-2")).await;

    let again = Peer::teacher(&hub).await;
    let state = &again.welcome["polls"][0];
    assert_eq!(state["results"]["answered"], 2);
    assert!(state["results"].get("who").is_none(), "{state}");
    let token = students[0].token();
    let ada = Peer::join(&hub, json!({"type": "student:join", "name": "Ada", "resume": token})).await;
    let mine = &ada.welcome["polls"][0];
    assert_eq!(mine["answered"], true);
    assert!(mine.get("mine").is_none(), "not even Ada's own answer comes back: {mine}");

    // Nothing stored ties an answer to anyone either.
    let db = rusqlite::Connection::open(dir.path().join("classroom.db")).expect("the database");
    let tied: i64 = db
        .query_row(
            "SELECT count(*) FROM poll_answers WHERE participant IS NOT NULL OR answered_at IS NOT NULL",
            [],
            |r| r.get(0),
        )
        .expect("a count");
    assert_eq!(tied, 0);
    let voters: i64 = db.query_row("SELECT count(*) FROM poll_voters", [], |r| r.get(0)).expect("a count");
    assert_eq!(voters, 2);
}

/// A poll with a timer closes by itself when it runs out.
#[tokio::test(start_paused = true)]
async fn a_timer_closes_the_poll() {
    let hub = start(paused_config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let mut frame = open("Quick: yes or no?", "single", &["Yes", "No"]);
    frame["seconds"] = json!(10);
    teacher.send(frame).await;
    let opened = teacher.recv_kind("poll:opened").await;
    assert!(opened["poll"]["closes_at"].is_string(), "{opened}");
    students[0].recv_kind("poll:opened").await;
    tokio::time::sleep(Duration::from_secs(11)).await;
    let closed = json!({"type": "poll:closed", "poll": "q_1", "by": "timer"});
    assert_eq!(next_of(&mut teacher, "poll:closed").await, closed);
    assert_eq!(students[0].recv().await, closed);
    students[0].send(answer("q_1", "a-1", &[0])).await;
    students[0].expect_error("poll_closed", Some("a-1")).await;
}

/// A student joining late, or coming back, finds the open poll with their
/// own answer chosen; results only once revealed. A class reopened after
/// its hub stopped has every poll, every answer once, and an answer resent
/// after the restart is acked without being counted twice.
#[tokio::test]
async fn late_joiners_and_a_reopened_class_see_the_polls_as_they_were() {
    let dir = tempfile::tempdir().expect("a folder");
    let store = Store::open(dir.path()).expect("a store");
    let mut config = config();
    config.store = Some(store.clone());
    let hub = start(config.clone()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    teacher.send(open("First?", "single", &["A", "B"])).await;
    next_of(&mut teacher, "poll:opened").await;
    next_of(&mut students[0], "poll:opened").await;
    students[0].send(answer("q_1", "a-1", &[1])).await;
    next_of(&mut students[0], "poll:ack").await;
    teacher.send(json!({"type": "poll:reveal", "poll": "q_1"})).await;
    next_of(&mut teacher, "poll:revealed").await;
    teacher.send(json!({"type": "poll:open", "id": "o-2", "question": "Second?", "kind": "single", "options": ["C", "D"], "changes": true})).await;
    next_of(&mut teacher, "poll:opened").await;
    next_of(&mut students[0], "poll:revealed").await;
    next_of(&mut students[0], "poll:opened").await;
    students[0].send(answer("q_2", "a-2", &[0])).await;
    next_of(&mut students[0], "poll:ack").await;

    let late = Peer::student(&hub, "Cy").await;
    let polls = late.welcome["polls"].as_array().expect("polls");
    assert_eq!(polls.len(), 2);
    assert_eq!(polls[0]["status"], "revealed");
    assert_eq!(polls[0]["results"]["counts"], json!([0, 1]));
    assert_eq!(polls[1]["status"], "open");
    assert_eq!(polls[1]["answered"], false);
    assert!(polls[1].get("results").is_none(), "no results before reveal: {}", polls[1]);

    let (ada_token, session) = (students[0].token(), hub.session().id.clone());
    drop((teacher, students, late));
    within("shutdown", hub.shutdown()).await.expect("clean shutdown");

    config.resume = Some(session);
    let reopened = start(config).await;
    let mut ada =
        Peer::join(&reopened, json!({"type": "student:join", "name": "Ada", "resume": ada_token})).await;
    let polls = ada.welcome["polls"].as_array().expect("polls").clone();
    assert_eq!(polls[0]["mine"], json!({"choices": [1]}));
    assert_eq!(polls[1]["status"], "open");
    assert_eq!(polls[1]["mine"], json!({"choices": [0]}));
    // The answer resent after the restart (its ack lost with the hub).
    ada.send(answer("q_2", "a-2", &[0])).await;
    assert_eq!(next_of(&mut ada, "poll:ack").await, json!({"type": "poll:ack", "poll": "q_2", "id": "a-2"}));
    let teacher = Peer::teacher(&reopened).await;
    let results = &teacher.welcome["polls"][1]["results"];
    assert_eq!(results["answered"], 1, "stored once: {results}");
    assert_eq!(results["counts"], json!([1, 0]));
    drop((ada, teacher));
    within("shutdown", reopened.shutdown()).await.expect("clean shutdown");
}
