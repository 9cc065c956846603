//! Every error code of the contract, asserted on the wire with its human
//! message. Refused joins also close with 1008 (checked by
//! `common::refused`); refused frames after a join keep the connection open.

mod common;

use std::time::Duration;

use common::{class, config, online, paused_config, refused_with, start, student_join, Peer, CODE};
use serde_json::json;
use tokio_tungstenite::tungstenite::Message;

/// `bad_code`: a wrong class code, or none, is refused.
#[tokio::test]
async fn a_wrong_or_missing_code_is_bad_code() {
    let hub = start(config()).await;
    let wrong = json!({"type": "student:join", "name": "Ada", "code": "000000"});
    let message = refused_with(&hub, wrong, "bad_code").await;
    assert!(message.contains("code"), "{message}");
    refused_with(&hub, json!({"type": "student:join", "name": "Ada"}), "bad_code").await;
    // The right code, surrounded by spaces someone typed, is let in.
    Peer::join(&hub, json!({"type": "student:join", "name": "Ada", "code": format!(" {CODE} ")})).await;
}

/// Finding 14: a student typing the code as the teacher's screen shows it
/// ("482 913"), or on a keyboard with other digits (full-width,
/// Arabic-Indic), was told the code was wrong. Now it is read as typed; a
/// code of the wrong length or with other characters is told so.
#[tokio::test]
async fn a_code_typed_with_spaces_dashes_or_other_digits_is_read_as_typed() {
    let hub = start(config()).await;
    let typed = ["482 913", "482-913", "４８２９１３", "٤٨٢٩١٣", "४८२ ९१३"];
    for (n, code) in typed.iter().enumerate() {
        let join = json!({"type": "student:join", "name": format!("Student {n}"), "code": code});
        Peer::join(&hub, join).await;
    }
    for code in ["48291", "4829134", "482 91x", ""] {
        let join = json!({"type": "student:join", "name": "Eve", "code": code});
        let message = refused_with(&hub, join, "bad_code").await;
        assert!(message.contains("A class code has 6 digits"), "{code:?}: {message}");
    }
    let join = json!({"type": "student:join", "name": "Eve", "code": "111 111"});
    let message = refused_with(&hub, join, "bad_code").await;
    assert!(message.contains("not right"), "{message}");
}

/// `bad_token`: a wrong host token for the teacher, and a resume token the
/// hub never issued.
#[tokio::test]
async fn a_wrong_host_token_or_unknown_resume_token_is_bad_token() {
    let hub = start(config()).await;
    let message =
        refused_with(&hub, json!({"type": "teacher:join", "token": "not-the-token"}), "bad_token").await;
    assert!(message.contains("host token"), "{message}");
    let unknown = json!({"type": "student:join", "name": "Ada", "code": CODE, "resume": "0123456789abcdef"});
    let message = refused_with(&hub, unknown, "bad_token").await;
    assert!(message.contains("Join again"), "{message}");
}

/// Finding 11: the teacher's name in NFD, with a Cyrillic look-alike, a
/// student calling themself "Mrs. Núñez (Teacher)", names of blank
/// characters, a line separator: all were accepted. Now names are
/// compared by their confusable skeleton, case folded, and the teacher's
/// name and role words are reserved.
#[tokio::test]
async fn look_alike_blank_and_teacher_like_names_are_refused() {
    let hub = start(config()).await;
    for name in ["Mrs. Nu\u{301}n\u{303}ez", "МRS. NÚÑEZ", "Ｍｒｓ. Ｎúñｅｚ", "Mrs.\u{A0}Núñez"]
    {
        refused_with(&hub, student_join(name), "name_taken").await;
    }
    for name in ["Mrs. Núñez (Teacher)", "Mrs. Núñez 2", "\u{3164}", "\u{2800}", "Ada\u{2028}Mrs. Núñez"]
    {
        refused_with(&hub, student_join(name), "invalid_name").await;
    }
    let ada = Peer::student(&hub, "Ａｄａ").await;
    assert_eq!(ada.welcome["you"]["name"], "Ada", "stored in NFKC");
    refused_with(&hub, student_join("Аda"), "name_taken").await;
}

/// `invalid_name`: empty (after trimming), longer than 40 chars, or holding
/// a control or zero-width (format) character. 40 two-byte chars are fine:
/// names are counted in chars, not bytes.
#[tokio::test]
async fn bad_names_are_invalid_name() {
    let hub = start(config()).await;
    let cases = [
        ("", "enter a name"),
        ("   ", "enter a name"),
        (&*"a".repeat(41), "at most 40 characters"),
        ("Ada\u{7}", "U+0007"),
        ("A\nda", "U+000A"),
        ("Ad\u{200B}a", "U+200B"),
        ("\u{202E}adA", "U+202E"),
    ];
    for (name, says) in cases {
        let message = refused_with(&hub, student_join(name), "invalid_name").await;
        assert!(message.contains(says), "{name:?}: {message}");
    }
    let longest = "é".repeat(40);
    let peer = Peer::student(&hub, &format!("  {longest} ")).await;
    assert_eq!(peer.welcome["you"]["name"], longest, "trimmed, and counted in chars");
}

/// `name_taken`: names clash ignoring case, the teacher's name included.
#[tokio::test]
async fn a_name_in_use_ignoring_case_is_name_taken() {
    let hub = start(config()).await;
    let _ada = Peer::student(&hub, "Ada").await;
    let _isabel = Peer::student(&hub, "Isabel").await;
    let _inigo = Peer::student(&hub, "íñigo").await;
    // Found by fuzzing: a capital I's look-alike is l, its small letter
    // stays i, so "isabel" and "ISABEL" got past "Isabel".
    for name in ["Ada", "ADA", " ada ", "mrs. núñez", "MRS. NÚÑEZ", "isabel", "ISABEL", "ÍÑIGO", "Íñigo"]
    {
        let message = refused_with(&hub, student_join(name), "name_taken").await;
        assert!(message.contains(name.trim()), "{name:?}: {message}");
    }
    // The teacher's name is taken even while the teacher is offline.
    assert_eq!(online(&hub).await, 3, "Ada, Isabel and Íñigo; not the teacher");
    Peer::student(&hub, "Adam").await;
}

/// `removed`: after a ban, the student's resume token and its name (in
/// any case) are refused.
#[tokio::test]
async fn a_banned_token_or_name_is_removed() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let mut ada = students.pop().expect("Ada");
    teacher.send(json!({"type": "teacher:remove-student", "id": ada.id(), "ban": true})).await;
    ada.recv_kind("session:removed").await;
    ada.expect_close(4001).await;

    let comeback = json!({"type": "student:join", "name": "Ada", "code": CODE, "resume": ada.token()});
    let message = refused_with(&hub, comeback, "removed").await;
    assert!(message.contains("removed"), "{message}");
    for name in ["Ada", "ada", "ADA"] {
        refused_with(&hub, student_join(name), "removed").await;
    }
}

/// `too_many_attempts`: after `join_attempts` wrong codes or tokens from
/// one address, even the right code is refused until `attempt_window` has
/// passed; then it is let in. The host token still is.
#[tokio::test]
async fn wrong_codes_from_one_address_are_too_many_attempts() {
    // The hub (in this runtime) keeps the window on tokio's clock, which the
    // test moves on instead of waiting the window out.
    let window = Duration::from_secs(60);
    let mut config = config();
    config.limits.join_attempts = 3;
    config.limits.attempt_window = window;
    let hub = start(config).await;

    refused_with(&hub, json!({"type": "student:join", "name": "Ada", "code": "111111"}), "bad_code").await;
    refused_with(&hub, json!({"type": "teacher:join", "token": "guess"}), "bad_token").await;
    refused_with(&hub, json!({"type": "student:join", "name": "Ada", "code": "222222"}), "bad_code").await;
    let message = refused_with(&hub, student_join("Ada"), "too_many_attempts").await;
    assert!(message.contains("Wait"), "{message}");
    // The host token is never locked out (see tests/admission.rs).
    Peer::teacher(&hub).await;

    // Halfway through the window: still refused.
    skip(window / 2).await;
    refused_with(&hub, student_join("Ada"), "too_many_attempts").await;
    // Past its end: let in.
    skip(window / 2).await;
    Peer::student(&hub, "Ada").await;
}

/// Moves this runtime's clock on by `by` at once (timers due meanwhile
/// fire). Time is paused only for the jump: sockets and timeouts run in
/// real time before and after it.
async fn skip(by: Duration) {
    tokio::time::pause();
    tokio::time::advance(by).await;
    tokio::time::resume();
}

/// `session_full`: `max_participants` counts the teacher (joined or not)
/// and every student not removed.
#[tokio::test]
async fn a_full_class_is_session_full() {
    let mut config = config();
    config.limits.max_participants = 3;
    let hub = start(config).await;
    let _ada = Peer::student(&hub, "Ada").await;
    let _bo = Peer::student(&hub, "Bo").await;
    let message = refused_with(&hub, student_join("Cy"), "session_full").await;
    assert!(message.contains("full"), "{message}");
    // The teacher has a seat already.
    Peer::teacher(&hub).await;
}

/// `session_ended`: once the session has ended, students and the teacher
/// alike are refused.
#[tokio::test]
async fn joining_an_ended_session_is_session_ended() {
    let hub = start(config()).await;
    hub.end();
    let message = refused_with(&hub, student_join("Ada"), "session_ended").await;
    assert!(message.contains("ended"), "{message}");
    refused_with(&hub, common::teacher_join(&hub), "session_ended").await;
}

/// `protocol`: a first frame that is not a join (another type, not JSON,
/// binary) is refused and closed with 1008.
#[tokio::test]
async fn a_first_frame_that_is_not_a_join_is_protocol() {
    let hub = start(config()).await;
    let message = refused_with(&hub, common::chat("c-1", "hi"), "protocol").await;
    assert!(message.contains("join"), "{message}");
    refused_with(&hub, json!({"type": "student:join", "name": 7}), "protocol").await;

    for raw in [Message::text("hello?"), Message::binary(vec![1u8, 2, 3])] {
        let mut peer = Peer::connect(&hub).await;
        peer.send_raw(raw).await;
        let message = peer.expect_error("protocol", None).await;
        assert!(message.contains("join"), "{message}");
        assert_eq!(peer.expect_close(1008).await, "protocol");
    }
}

/// `protocol`: a connection that sends no join within `join_timeout` gets
/// an error, then close 1008.
// Paused time: the hub runs in this runtime, and its clock jumps to the
// timeout once nothing else can happen.
#[tokio::test(start_paused = true)]
async fn no_join_within_the_timeout_is_protocol() {
    let mut config = paused_config();
    config.limits.join_timeout = Duration::from_millis(200);
    let hub = start(config).await;
    let mut silent = Peer::connect(&hub).await;
    // We send nothing and just wait for the hub.
    let message = silent.expect_error("protocol", None).await;
    assert!(message.contains("0.2 s"), "{message}");
    assert_eq!(silent.expect_close(1008).await, "protocol");
}

/// `protocol`: a join on a connection that has joined already is refused;
/// the connection stays open.
#[tokio::test]
async fn a_second_join_on_one_connection_is_protocol() {
    let hub = start(config()).await;
    let mut ada = Peer::student(&hub, "Ada").await;
    ada.await_online(&[&ada.id()]).await;
    ada.send(student_join("Bo")).await;
    let message = ada.expect_error("protocol", None).await;
    assert!(message.contains("Already joined"), "{message}");
    ada.say("c-1", "still here").await;
    assert_eq!(ada.ack("c-1").await, 1);
}

/// `empty`: a message that is empty after trimming is refused, with the
/// message's id in `ref`; nothing is posted.
#[tokio::test]
async fn a_blank_message_is_empty() {
    let hub = start(config()).await;
    let (_teacher, mut students) = class(&hub, &["Ada"]).await;
    let ada = &mut students[0];
    ada.say("c-1", "").await;
    let message = ada.expect_error("empty", Some("c-1")).await;
    assert!(message.contains("Type a message"), "{message}");
    ada.say("c-2", " \n\t ").await;
    ada.expect_error("empty", Some("c-2")).await;
    ada.say("c-3", "not empty").await;
    assert_eq!(ada.ack("c-3").await, 1, "nothing was posted before");
}

/// `too_long`: text is counted in Unicode chars after trimming: 2000 "é"
/// (4000 bytes) is fine, 2001 is refused.
#[tokio::test]
async fn a_message_over_2000_chars_is_too_long() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let ada = &mut students[0];
    let longest = "é".repeat(2000);
    ada.say("c-1", &format!("  {longest}\n")).await;
    assert_eq!(ada.ack("c-1").await, 1);
    ada.read_log(1).await;
    ada.say("c-2", &"é".repeat(2001)).await;
    let message = ada.expect_error("too_long", Some("c-2")).await;
    assert!(message.contains("2000") && message.contains("2001"), "{message}");

    let log = teacher.read_log(1).await;
    assert_eq!(log[0]["text"], longest);
}

/// `rate_limited`: a burst is let through, the rest refused (with `ref`);
/// the connection stays open and the others only get what was let through.
#[tokio::test]
async fn sending_faster_than_the_rate_is_rate_limited() {
    let mut config = config();
    config.limits.send_rate = 1;
    config.limits.send_burst = 3;
    let hub = start(config).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let ada = &mut students[0];
    for n in 1..=5 {
        ada.say(&format!("c-{n}"), &format!("spam {n}")).await;
    }
    // Acks and copies travel the fan-out, refusals come straight back: read
    // until all five are answered, in whatever order they interleave.
    let (mut acks, mut refusals, mut copies) = (Vec::new(), Vec::new(), 0);
    while acks.len() + refusals.len() < 5 || copies < acks.len() {
        let frame = ada.recv().await;
        match frame["type"].as_str() {
            Some("chat:ack") => acks.push(frame["id"].clone()),
            Some("chat:message") => copies += 1,
            Some("error") => {
                assert_eq!(frame["code"], "rate_limited", "{frame}");
                assert!(frame["message"].as_str().is_some_and(|m| m.contains("too fast")), "{frame}");
                refusals.push(frame["ref"].clone());
            }
            _ => panic!("unexpected {frame}"),
        }
    }
    assert_eq!(acks, ["c-1", "c-2", "c-3"]);
    assert_eq!(refusals, ["c-4", "c-5"]);

    // Still connected: a history request is answered.
    ada.send(json!({"type": "history:fetch"})).await;
    let history = ada.recv_kind("history").await;
    assert_eq!(common::seqs(history["messages"].as_array().unwrap()), [1, 2, 3]);
    assert_eq!(common::seqs(teacher.read_log(3).await), [1, 2, 3]);
    // The teacher's next frame is its own message: nothing more of Ada's.
    teacher.say("t-1", "Slow down, Ada.").await;
    assert_eq!(teacher.ack("t-1").await, 4);
}

/// `forbidden`: a student sending `teacher:remove-student` or
/// `session:end` is refused and nothing changes; nor can the teacher remove
/// the teacher.
#[tokio::test]
async fn teacher_actions_from_a_student_are_forbidden() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let bo_id = students[1].id();
    let ada = &mut students[0];
    ada.send(json!({"type": "teacher:remove-student", "id": bo_id, "ban": true})).await;
    let message = ada.expect_error("forbidden", None).await;
    assert!(message.contains("Only the teacher"), "{message}");
    ada.send(json!({"type": "session:end"})).await;
    ada.expect_error("forbidden", None).await;
    teacher.send(json!({"type": "teacher:remove-student", "id": teacher.id()})).await;
    let message = teacher.expect_error("forbidden", None).await;
    assert!(message.contains("teacher cannot be removed"), "{message}");

    // Nothing changed: everyone's next frame is this message, nobody left,
    // the session goes on, and Bo's name is still his.
    teacher.say("t-1", "Nice try.").await;
    assert_eq!(teacher.ack("t-1").await, 1);
    for peer in std::iter::once(&mut teacher).chain(students.iter_mut()) {
        assert_eq!(common::seqs(peer.read_log(1).await), [1]);
    }
    assert_eq!(online(&hub).await, 3);
    refused_with(&hub, student_join("Bo"), "name_taken").await;
}

/// `unknown_type`: a well-formed frame of a type this hub does not know;
/// `ref` carries its id when it has one.
#[tokio::test]
async fn an_unknown_frame_type_is_unknown_type() {
    let hub = start(config()).await;
    let mut ada = Peer::student(&hub, "Ada").await;
    ada.await_online(&[&ada.id()]).await;
    ada.send(json!({"type": "dance", "id": "c-9"})).await;
    let message = ada.expect_error("unknown_type", Some("c-9")).await;
    assert!(message.contains("dance"), "{message}");
    ada.send(json!({"type": "teacher:promote", "id": 5})).await;
    ada.expect_error("unknown_type", None).await;
}

/// `malformed`: a binary frame, JSON that is not an object, a missing or
/// mistyped field, a bad message id; `ref` carries the frame's id when it
/// has a string one. None of it posts anything or closes the connection.
#[tokio::test]
async fn unusable_frames_are_malformed() {
    let hub = start(config()).await;
    let mut ada = Peer::student(&hub, "Ada").await;
    ada.await_online(&[&ada.id()]).await;

    ada.send_raw(Message::binary(b"{\"type\":\"chat:message\"}".to_vec())).await;
    let message = ada.expect_error("malformed", None).await;
    assert!(message.contains("Binary"), "{message}");
    let long_id = "x".repeat(65);
    let cases: [(String, Option<&str>); 11] = [
        ("not json".into(), None),
        ("[1, 2]".into(), None),
        // Found by fuzzing: serde read a JSON array as the fields in order,
        // so this posted a message.
        (r#"["chat:message", "c-9", "posted as an array"]"#.into(), None),
        (r#"  ["typing", true]"#.into(), None),
        ("42".into(), None),
        (r#"{"text": "no type", "id": "c-0"}"#.into(), Some("c-0")),
        (r#"{"type": 7}"#.into(), None),
        (r#"{"type": "chat:message", "id": "c-1"}"#.into(), Some("c-1")),
        (r#"{"type": "chat:message", "id": "c-2", "text": 5}"#.into(), Some("c-2")),
        (r#"{"type": "chat:message", "id": "", "text": "hi"}"#.into(), Some("")),
        (chat_frame(&long_id), Some(&long_id)),
    ];
    for (text, reference) in &cases {
        ada.send_raw(Message::text(text.clone())).await;
        let message = ada.expect_error("malformed", *reference).await;
        assert!(!message.contains("line 1"), "no parser positions for users: {message}");
    }
    ada.say("c-3", "after all that").await;
    assert_eq!(ada.ack("c-3").await, 1, "nothing was posted before");
}

fn chat_frame(id: &str) -> String {
    common::chat(id, "hi").to_string()
}

/// `unknown_participant`: the teacher names a participant that does not
/// exist (or was removed already).
#[tokio::test]
async fn removing_nobody_is_unknown_participant() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    for id in ["p_99", "nobody", "p_0"] {
        teacher.send(json!({"type": "teacher:remove-student", "id": id})).await;
        let message = teacher.expect_error("unknown_participant", None).await;
        assert!(message.contains(id), "{message}");
    }
    let ada_id = students[0].id();
    teacher.send(json!({"type": "teacher:remove-student", "id": ada_id})).await;
    teacher.expect_left(&ada_id, "removed").await;
    students[0].recv_kind("session:removed").await;
    teacher.send(json!({"type": "teacher:remove-student", "id": ada_id})).await;
    teacher.expect_error("unknown_participant", None).await;
}
