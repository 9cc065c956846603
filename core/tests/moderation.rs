//! The teacher's powers and the end of a session: removal with and without
//! a ban, `session:end`, and the hub's graceful shutdown.

mod common;

use common::{class, config, health, online, refused_with, seqs, start, student_join, within, Peer, CODE};
use futures_util::FutureExt;
use serde_json::{json, Value};
use tokio::net::TcpStream;

/// `teacher:remove-student` without a ban: the student gets
/// `session:removed` and close 4001, the others see it leave for
/// `removed`; its resume token is void, but it may join again afresh under
/// the same name.
#[tokio::test]
async fn a_removed_student_may_join_again_without_a_ban() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let mut bo = students.pop().expect("Bo");
    let mut ada = students.pop().expect("Ada");
    let ada_id = ada.id();

    teacher.send(json!({"type": "teacher:remove-student", "id": ada_id})).await;
    assert_eq!(ada.recv().await, json!({"type": "session:removed"}));
    assert_eq!(ada.expect_close(4001).await, "removed");
    teacher.expect_left(&ada_id, "removed").await;
    bo.expect_left(&ada_id, "removed").await;
    assert_eq!(online(&hub).await, 2);

    let stale = json!({"type": "student:join", "name": "Ada", "code": CODE, "resume": ada.token()});
    refused_with(&hub, stale, "bad_token").await;
    let mut again = Peer::student(&hub, "Ada").await;
    assert_eq!(again.welcome["you"]["name"], "Ada");
    let listed: Vec<_> = again.welcome["participants"].as_array().unwrap().iter().map(|p| &p["id"]).collect();
    assert!(!listed.contains(&&json!(ada_id)), "the removed participant is gone from the list");
    teacher.await_online(&[&again.id()]).await;
    again.await_online(&[&again.id()]).await;
    again.say("c-1", "Sorry!").await;
    assert_eq!(again.ack("c-1").await, 1);
}

/// `teacher:remove-offline`: every student offline now is removed in one
/// action (no ban), the class told in one `participants:left` frame; the
/// students online stay, a removed one's token no longer works but they
/// may join again under the same name. Only the teacher may do it.
#[tokio::test]
async fn the_teacher_removes_every_offline_seat_at_once() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo", "Cy", "Dee"]).await;
    let mut dee = students.pop().expect("Dee");
    let cy = students.pop().expect("Cy");
    let bo = students.pop().expect("Bo");
    let mut ada = students.pop().expect("Ada");
    let (bo_id, cy_id, bo_token) = (bo.id(), cy.id(), bo.token());
    bo.close().await;
    cy.close().await;
    teacher.await_offline(&[&bo_id, &cy_id], "left").await;
    ada.await_offline(&[&bo_id, &cy_id], "left").await;
    dee.await_offline(&[&bo_id, &cy_id], "left").await;

    ada.send(json!({"type": "teacher:remove-offline"})).await;
    ada.expect_error("forbidden", None).await;
    teacher.send(json!({"type": "teacher:remove-offline"})).await;
    let frame = teacher.recv().await;
    assert_eq!(
        frame,
        json!({"type": "participants:left", "participants": [
            {"id": bo_id, "reason": "removed"}, {"id": cy_id, "reason": "removed"}
        ]})
    );
    assert_eq!(ada.recv().await, frame);
    assert_eq!(online(&hub).await, 3, "the teacher, Ada and Dee are still in");
    ada.say("c-1", "Still here").await;
    assert_eq!(ada.ack("c-1").await, 1);

    let stale = json!({"type": "student:join", "name": "Bo", "code": CODE, "resume": bo_token});
    refused_with(&hub, stale, "bad_token").await;
    let again = Peer::student(&hub, "Bo").await;
    assert_eq!(again.id(), "p_6", "a new seat");
    // Nobody offline: nothing happens, nothing is sent.
    teacher.send(json!({"type": "teacher:remove-offline"})).await;
    assert_eq!(teacher.read_log(1).await[0]["text"], "Still here");
    teacher.await_online(&["p_6"]).await;
    teacher.say("t-1", "Welcome back, Bo").await;
    assert_eq!(teacher.ack("t-1").await, 2);
}

/// `teacher:remove-student` with `ban`: removed as above, and neither its
/// resume token nor its name in any case gets back in (`removed`); the
/// others carry on.
#[tokio::test]
async fn a_banned_student_stays_out() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let mut bo = students.pop().expect("Bo");
    let mut ada = students.pop().expect("Ada");
    let bo_id = bo.id();

    teacher.send(json!({"type": "teacher:remove-student", "id": bo_id, "ban": true})).await;
    bo.recv_kind("session:removed").await;
    bo.expect_close(4001).await;
    teacher.expect_left(&bo_id, "removed").await;
    ada.expect_left(&bo_id, "removed").await;

    let comeback = json!({"type": "student:join", "name": "Bo", "code": CODE, "resume": bo.token()});
    refused_with(&hub, comeback, "removed").await;
    for name in ["Bo", "bo", " BO "] {
        refused_with(&hub, student_join(name), "removed").await;
    }
    ada.say("c-1", "Bye Bo").await;
    assert_eq!(ada.ack("c-1").await, 1);
    assert_eq!(seqs(teacher.read_log(1).await), [1]);
}

/// `HubHandle::shutdown`: every client gets every message sequenced before
/// it, then `session:ended`, then close 1000; a connection that had not
/// joined yet is refused with `session_ended`; `shutdown` returns, and
/// later connections are refused.
#[tokio::test]
async fn shutdown_delivers_everything_then_ends_and_closes() {
    let mut config = config();
    config.limits.send_rate = 0;
    let hub = start(config).await;
    let addr = hub.local_addr();
    let (teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    for n in 1..=20 {
        students[0].say(&format!("c-{n}"), &format!("message {n}")).await;
    }
    // Acks come in order: the last one means all twenty are sequenced.
    assert_eq!(students[0].ack("c-20").await, 20);
    let mut lurker = Peer::connect(&hub).await;

    let shutdown = tokio::spawn(hub.shutdown());
    for mut peer in std::iter::once(teacher).chain(students) {
        assert_eq!(seqs(peer.read_log(20).await), (1..=20).collect::<Vec<_>>());
        assert_eq!(peer.recv().await, json!({"type": "session:ended"}));
        assert_eq!(peer.expect_close(1000).await, "session ended");
    }
    lurker.expect_error("session_ended", None).await;
    lurker.expect_close(1008).await;
    within("shutdown", shutdown).await.expect("not cancelled").expect("a clean shutdown");

    let late = TcpStream::connect(addr).await;
    assert!(late.is_err(), "the hub still accepts connections");
}

/// The teacher's `session:end` does what shutdown does for the clients
/// (every earlier message, `session:ended`, close 1000), resolves
/// `HubHandle::ended`, and refuses later joins with `session_ended`; the
/// server itself still answers until shut down.
#[tokio::test]
async fn the_teachers_session_end_ends_it_for_everyone() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    students[1].say("c-1", "Is it over?").await;
    assert_eq!(students[1].ack("c-1").await, 1);
    assert!(hub.ended().now_or_never().is_none(), "not ended yet");

    teacher.send(json!({"type": "session:end"})).await;
    within("HubHandle::ended", hub.ended()).await;
    for peer in std::iter::once(&mut teacher).chain(students.iter_mut()) {
        assert_eq!(seqs(peer.read_log(1).await), [1]);
        assert_eq!(peer.recv().await, json!({"type": "session:ended"}));
        assert_eq!(peer.expect_close(1000).await, "session ended");
    }
    refused_with(&hub, student_join("Cy"), "session_ended").await;
    refused_with(&hub, common::teacher_join(&hub), "session_ended").await;
    assert_eq!(health(&hub).await["participants"], 0);
    within("shutdown", hub.shutdown()).await.expect("a clean shutdown");
}

/// The teacher renames a student (an unsuitable name fixed): everyone's
/// list updates, the log's entries from them carry the new name, the old
/// name is free and the new one taken; a student cannot rename, and a
/// name a joining student could not take is refused with the same code.
#[tokio::test]
async fn the_teacher_renames_a_student() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let (ada, bo) = (students[0].id(), students[1].id());
    students[0].say("a-1", "hi").await;
    students[0].ack("a-1").await;
    teacher.next_of("chat:message").await;
    students[1].next_of("chat:message").await;

    students[1].send(json!({"type": "teacher:rename", "id": ada, "name": "Silly"})).await;
    students[1].expect_error("forbidden", None).await;
    for (name, code) in [("bo", "name_taken"), ("teacher Ana", "invalid_name"), ("", "invalid_name")] {
        teacher.send(json!({"type": "teacher:rename", "id": ada, "name": name})).await;
        teacher.expect_error(code, None).await;
    }
    teacher.send(json!({"type": "teacher:rename", "id": teacher.id(), "name": "Boss"})).await;
    teacher.expect_error("forbidden", None).await;

    teacher.send(json!({"type": "teacher:rename", "id": ada, "name": "  Ana  "})).await;
    let updated = json!({"type": "participant:updated",
        "participant": {"id": ada, "name": "Ana", "role": "student", "online": true}});
    assert_eq!(teacher.next_of("participant:updated").await, updated);
    assert_eq!(students[1].next_of("participant:updated").await, updated);

    let cy = Peer::student(&hub, "Cy").await;
    let listed: Vec<&Value> =
        cy.welcome["participants"].as_array().unwrap().iter().filter(|p| p["id"] == ada.as_str()).collect();
    assert_eq!(listed[0]["name"], "Ana");
    assert_eq!(cy.welcome["history"][0]["from"]["name"], "Ana", "the log says the new name");
    refused_with(&hub, student_join("ANA"), "name_taken").await;
    let ada_again = Peer::student(&hub, "Ada").await;
    assert_ne!(ada_again.id(), ada, "the old name is free for someone new");
    drop(bo);
}
