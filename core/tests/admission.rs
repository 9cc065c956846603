//! Admission from the outside: connections that never join, and requests
//! that never finish, cannot keep the class out. Each test plays several
//! machines with loopback addresses (127.0.0.2, 127.0.0.3, …): every cap
//! applies to loopback as to any address.

mod common;

use std::time::Duration;

use common::{config, connect_tcp_from, start, student_join, teacher_join, within, within_for, Peer, CODE};
use serde_json::{json, Value};
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio_tungstenite::tungstenite::Message;

/// Finding 1: one machine opening connections that never send a join took
/// every connection slot, and no student could join. Now it holds at most
/// `max_pending_per_address` of them; the rest are refused with 503, and
/// the teacher and a student from other machines join meanwhile.
#[tokio::test]
async fn connections_that_never_join_cannot_keep_the_class_out() {
    let mut config = config();
    config.limits.max_connections = 40;
    let per_address = config.limits.max_pending_per_address;
    let hub = start(config).await;

    let mut held = Vec::new();
    let mut refused = 0;
    for _ in 0..40 {
        match Peer::connect_from(&hub, "127.0.0.2").await {
            Ok(peer) => held.push(peer),
            Err(err) => {
                assert!(err.to_string().contains("503"), "refused with 503: {err}");
                refused += 1;
            }
        }
    }
    assert_eq!(held.len(), per_address, "one address holds its cap of connections not joined");
    assert_eq!(refused, 40 - per_address);

    let mut teacher = Peer::join_from(&hub, "127.0.0.3", teacher_join(&hub)).await;
    let mut ada = Peer::join_from(&hub, "127.0.0.4", student_join("Ada")).await;
    teacher.await_online(&["p_1", "p_2"]).await;
    ada.await_online(&["p_1", "p_2"]).await;
    ada.say("c-1", "I got in.").await;
    assert_eq!(ada.ack("c-1").await, 1);
    assert_eq!(teacher.read_log(1).await[0]["text"], "I got in.");

    // A connection that joins leaves the pending room: the attacker's
    // address gets one more once one of its connections joins.
    let mut first = held.pop().expect("held");
    first.send(student_join("Bo")).await;
    first.expect_welcome().await;
    let _again = Peer::connect_from(&hub, "127.0.0.2").await.expect("room again after a join");
}

/// Finding 1, from many machines: when the connections not joined yet
/// fill their room in total (`max_pending`), a newcomer is not refused:
/// the oldest of them is closed for it, so the teacher and students still
/// get in however many addresses hold connections open.
#[tokio::test]
async fn connections_held_from_many_machines_make_room_for_newcomers() {
    let mut config = config();
    config.limits.max_pending = 4;
    let hub = start(config).await;
    let mut held = Vec::new();
    for ip in ["127.0.0.2", "127.0.0.3", "127.0.0.5", "127.0.0.6"] {
        for _ in 0..2 {
            held.push(Peer::connect_from(&hub, ip).await.expect("room is made"));
        }
    }
    let mut teacher = Peer::join_from(&hub, "127.0.0.4", teacher_join(&hub)).await;
    let mut ada = Peer::join_from(&hub, "127.0.0.7", student_join("Ada")).await;
    teacher.await_online(&["p_1", "p_2"]).await;
    ada.await_online(&["p_1", "p_2"]).await;
    // The oldest held connections were closed to make room.
    let first = held.first_mut().expect("held");
    let end = within("the oldest closed", first.next_raw()).await;
    assert!(matches!(end, None | Some(Err(_)) | Some(Ok(Message::Close(_)))), "{end:?}");
}

/// Finding 2: sockets that never finish their HTTP request stayed open for
/// good. Now each is closed after `handshake_timeout`, and a machine can
/// hold only its cap of them meanwhile.
#[tokio::test]
async fn requests_that_never_finish_are_closed() {
    let mut config = config();
    config.limits.handshake_timeout = Duration::from_millis(300);
    let per_address = config.limits.max_pending_per_address;
    let hub = start(config).await;

    let mut silent = connect_tcp_from(&hub, "127.0.0.2").await;
    let mut partial = connect_tcp_from(&hub, "127.0.0.2").await;
    partial.write_all(b"GET /ws HTTP/1.1\r\nHost: classroom\r\n").await.expect("half a request");
    let mut more = Vec::new();
    for _ in 2..per_address + 4 {
        more.push(connect_tcp_from(&hub, "127.0.0.2").await);
    }
    // The ones over the cap are told 503 and closed at once.
    for stream in &mut more[per_address - 2..] {
        let mut answer = String::new();
        within("the refusal", stream.read_to_string(&mut answer)).await.expect("read the refusal");
        assert!(answer.starts_with("HTTP/1.1 503"), "{answer:?}");
    }
    // Meanwhile another machine joins.
    Peer::join_from(&hub, "127.0.0.3", student_join("Ada")).await;
    // The silent and the half-finished requests are closed after the timeout.
    for stream in [&mut silent, &mut partial] {
        let mut rest = Vec::new();
        let read = within_for(Duration::from_secs(3), "the hub closing", stream.read_to_end(&mut rest)).await;
        assert!(read.is_err() || rest.is_empty(), "nothing sent, just closed: {rest:?}");
    }
}

/// A join from `ip` that must be refused with `code`; returns the message.
async fn refused_from(hub: &classroom_core::hub::HubHandle, ip: &str, join: Value, code: &str) -> String {
    let mut peer = Peer::connect_from(hub, ip).await.expect("the hub takes the connection");
    peer.send(join).await;
    let message = peer.expect_error(code, None).await;
    peer.expect_close(1008).await;
    message
}

fn wrong_code(name: &str) -> Value {
    json!({"type": "student:join", "name": name, "code": "000000"})
}

/// Finding 3: after 10 wrong codes from the teacher's own machine, the
/// right host token was refused too, and the app then stopped the class.
/// Now a valid host token, or a student's valid resume token, always gets
/// in; the right code from the guessing address still waits (or the
/// lockout would tell a guesser when it hit), other addresses do not.
#[tokio::test]
async fn a_lockout_never_refuses_the_host_token_or_a_seat_token() {
    let hub = start(config()).await;
    let ada = Peer::join_from(&hub, "127.0.0.2", student_join("Ada")).await;
    let token = ada.token();
    ada.close().await;

    for n in 0..hub_limits().join_attempts {
        refused_from(&hub, "127.0.0.2", wrong_code(&format!("Guess {n}")), "bad_code").await;
    }
    assert_eq!(hub.recent_wrong_attempts(), hub_limits().join_attempts);
    let message = refused_from(&hub, "127.0.0.2", student_join("Bo"), "too_many_attempts").await;
    assert!(message.contains("this device"), "{message}");

    Peer::join_from(&hub, "127.0.0.2", teacher_join(&hub)).await;
    let back = json!({"type": "student:join", "name": "Ada", "code": CODE, "resume": token});
    let ada = Peer::join_from(&hub, "127.0.0.2", back).await;
    assert_eq!(ada.id(), "p_2", "the same seat");
    Peer::join_from(&hub, "127.0.0.3", student_join("Cy")).await;
}

/// A guess spread over many addresses stops at `join_attempts_total` wrong
/// codes in the window: then joins by code wait for everyone, while the
/// teacher and students coming back with their token still get in.
#[tokio::test]
async fn wrong_codes_from_many_addresses_lock_out_joins_by_code() {
    let mut config = config();
    config.limits.join_attempts = 3;
    config.limits.join_attempts_total = 6;
    let hub = start(config).await;
    let ada = Peer::join_from(&hub, "127.0.0.9", student_join("Ada")).await;
    let token = ada.token();
    ada.close().await;

    for ip in ["127.0.0.2", "127.0.0.3"] {
        for n in 0..3 {
            refused_from(&hub, ip, wrong_code(&format!("Guess {n}")), "bad_code").await;
        }
    }
    let message = refused_from(&hub, "127.0.0.4", student_join("Bo"), "too_many_attempts").await;
    assert!(message.contains("in this class"), "{message}");
    Peer::join_from(&hub, "127.0.0.4", teacher_join(&hub)).await;
    let back = json!({"type": "student:join", "name": "Ada", "code": CODE, "resume": token});
    Peer::join_from(&hub, "127.0.0.9", back).await;
}

/// The teacher is told when someone is guessing, and one new code ends
/// it: the counted guesses show in `wrong_attempts` with the end of their
/// window; after `change_code`, students with the new code get in at once
/// (the class-wide lockout is forgiven), the old code is wrong, the
/// guessing address stays locked out and a student already in comes back
/// with their seat.
#[tokio::test]
async fn a_new_code_ends_the_guessing_and_keeps_every_seat() {
    let mut config = config();
    config.limits.join_attempts = 3;
    config.limits.join_attempts_total = 6;
    let hub = start(config).await;
    let mut watched = hub.wrong_attempts();
    let ada = Peer::join_from(&hub, "127.0.0.9", student_join("Ada")).await;
    let token = ada.token();
    ada.close().await;

    for ip in ["127.0.0.2", "127.0.0.3"] {
        for n in 0..3 {
            refused_from(&hub, ip, wrong_code(&format!("Guess {n}")), "bad_code").await;
        }
    }
    within("the count", watched.wait_for(|seen| seen.count == 6)).await.expect("the hub is up");
    let until = watched.borrow().until.expect("the window's end");
    assert!(until > tokio::time::Instant::now(), "the window is still open");
    refused_from(&hub, "127.0.0.4", student_join("Bo"), "too_many_attempts").await;

    let code = hub.change_code().await.expect("a class with a code gets a new one");
    assert_ne!(code, CODE);
    assert!(code.len() == 6 && code.bytes().all(|b| b.is_ascii_digit()), "{code}");
    assert_eq!(hub.join_code().as_deref(), Some(code.as_str()));
    assert_eq!(watched.borrow_and_update().count, 0, "the guesses are forgiven");

    let with_new = |name: &str| json!({"type": "student:join", "name": name, "code": code});
    let bo = Peer::join_from(&hub, "127.0.0.4", with_new("Bo")).await;
    assert_eq!(bo.id(), "p_3");
    let message = refused_from(&hub, "127.0.0.5", student_join("Cy"), "bad_code").await;
    assert!(message.contains("not right"), "the old code is wrong now: {message}");
    refused_from(&hub, "127.0.0.2", with_new("Dee"), "too_many_attempts").await;
    let back = json!({"type": "student:join", "name": "Ada", "resume": token});
    let ada = Peer::join_from(&hub, "127.0.0.9", back).await;
    assert_eq!(ada.id(), "p_2", "Ada keeps her seat");
}

/// A class anyone may join has no code to change, and an ended class
/// none either: each says so, and nothing changes.
#[tokio::test]
async fn only_a_class_with_a_code_gets_a_new_one() {
    let mut open = config();
    open.code = None;
    let hub = start(open).await;
    let err = hub.change_code().await.expect_err("no code to change");
    assert!(matches!(err, classroom_core::Error::NoClassCode), "{err}");
    assert_eq!(hub.join_code(), None);
    Peer::join_from(&hub, "127.0.0.2", json!({"type": "student:join", "name": "Ada"})).await;

    let hub = start(config()).await;
    hub.end();
    let err = hub.change_code().await.expect_err("ended");
    assert!(matches!(err, classroom_core::Error::Ended), "{err}");
    assert_eq!(hub.join_code().as_deref(), Some(CODE));
}

fn hub_limits() -> classroom_core::hub::Limits {
    classroom_core::hub::Limits::default()
}

/// Finding 7: a web page in a student's browser (`Origin:
/// http://evil.example`) could join and post. Now an upgrade naming a
/// foreign origin is refused with 403, and it costs the address no attempt.
#[tokio::test]
async fn a_web_page_elsewhere_cannot_join() {
    use tokio_tungstenite::tungstenite::client::IntoClientRequest;
    use tokio_tungstenite::tungstenite::Error;

    let mut config = config();
    config.code = None;
    let hub = start(config).await;
    let mut request = hub.ws_url().into_client_request().expect("a request");
    request.headers_mut().insert("Origin", "http://evil.example".parse().expect("a header"));
    let refused = tokio_tungstenite::connect_async(request).await;
    match refused {
        Err(Error::Http(response)) => assert_eq!(response.status(), 403),
        other => panic!("expected 403, got {other:?}"),
    }
    // The hub's own origin, and native clients without one, are let in.
    let mut request = hub.ws_url().into_client_request().expect("a request");
    let own = format!("http://{}", hub.local_addr());
    request.headers_mut().insert("Origin", own.parse().expect("a header"));
    let (ws, _) = within("the upgrade", tokio_tungstenite::connect_async(request)).await.expect("upgraded");
    let mut ada = Peer::over(ws);
    ada.send(student_join("Ada")).await;
    ada.expect_welcome().await;
    Peer::student(&hub, "Bo").await;
}

/// Finding 6: one address with the code could take every seat (any names)
/// and fill the class, or squat a classmate's name. Now it seats
/// `max_per_address` students, online or not (a seat someone posted from
/// stays theirs); other machines still join.
#[tokio::test]
async fn one_machine_cannot_take_every_seat() {
    let mut config = config();
    config.limits.max_per_address = hub_limits().max_per_address;
    let max = config.limits.max_per_address;
    let hub = start(config).await;
    let mut seated = Vec::new();
    for n in 0..max {
        let mut peer = Peer::join_from(&hub, "127.0.0.2", student_join(&format!("Seat {n}"))).await;
        peer.say(&format!("c-{n}"), "here").await;
        skip_to(&mut peer, |frame| frame["type"] == "chat:ack").await;
        seated.push(peer);
    }
    // Offline seats that were used count too.
    seated.pop().expect("a seat").close().await;
    let message = refused_from(&hub, "127.0.0.2", student_join("Ada"), "session_full").await;
    assert!(message.contains("this device"), "{message}");
    Peer::join_from(&hub, "127.0.0.3", student_join("Ada")).await;
    // The teacher is not counted.
    Peer::join_from(&hub, "127.0.0.2", teacher_join(&hub)).await;
}

/// Finding 6, the other half: offline seats counted against the class for
/// good. Now a seat left offline without ever posting is given back when
/// a newcomer finds no room (on its device, or in the class): the class
/// sees it leave (`removed`), its token no longer works and its name is
/// free. A used seat, or one online, is never given back.
#[tokio::test]
async fn offline_seats_never_used_make_room_for_newcomers() {
    let mut config = config();
    config.limits.max_participants = 4;
    let hub = start(config).await;
    let mut teacher = Peer::join_from(&hub, "127.0.0.9", teacher_join(&hub)).await;
    let mut ada = Peer::join_from(&hub, "127.0.0.2", student_join("Ada")).await;
    ada.say("c-1", "I was here").await;
    skip_to(&mut ada, |frame| frame["type"] == "chat:ack").await;
    let ada_token = ada.token();
    let squat = Peer::join_from(&hub, "127.0.0.3", student_join("Bo")).await;
    let (squat_id, squat_token) = (squat.id(), squat.token());
    let _cy = Peer::join_from(&hub, "127.0.0.4", student_join("Cy")).await;
    ada.close().await;
    refused_from(&hub, "127.0.0.5", student_join("Dee"), "session_full").await;

    squat.close().await;
    left(&mut teacher, &squat_id, "left").await;
    let dee = Peer::join_from(&hub, "127.0.0.5", student_join("Dee")).await;
    assert_eq!(dee.id(), "p_5");
    left(&mut teacher, &squat_id, "removed").await;
    let listed: Vec<&Value> =
        dee.welcome["participants"].as_array().expect("a list").iter().map(|p| &p["id"]).collect();
    assert!(!listed.contains(&&json!(squat_id)), "the seat given back is not listed: {listed:?}");
    let stale = json!({"type": "student:join", "name": "Bo", "resume": squat_token});
    refused_from(&hub, "127.0.0.3", stale, "bad_token").await;

    // Ada's seat was used: it is not given back, and she comes back to it.
    refused_from(&hub, "127.0.0.6", student_join("Eve"), "session_full").await;
    let back = json!({"type": "student:join", "name": "Ada", "resume": ada_token});
    assert_eq!(Peer::join_from(&hub, "127.0.0.2", back).await.id(), "p_2");
}

/// Reads frames until one `pick` accepts (presence comes and goes meanwhile).
async fn skip_to<S>(peer: &mut Peer<S>, pick: impl Fn(&Value) -> bool) -> Value
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    loop {
        let frame = peer.recv().await;
        if pick(&frame) {
            return frame;
        }
    }
}

/// Reads frames until `id` is said to have left for `reason`.
async fn left<S>(peer: &mut Peer<S>, id: &str, reason: &str)
where
    S: tokio::io::AsyncRead + tokio::io::AsyncWrite + Unpin,
{
    let gone = json!({"id": id, "reason": reason});
    skip_to(peer, |frame| match frame["type"].as_str() {
        Some("participant:left") => frame["id"] == id && frame["reason"] == reason,
        Some("participants:left") => frame["participants"].as_array().is_some_and(|all| all.contains(&gone)),
        _ => false,
    })
    .await;
}
