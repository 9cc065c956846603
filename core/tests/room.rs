//! Running the room over real sockets: raised hands (a queue, lowered by
//! the student or the teacher), a muted student, a locked chat and slow
//! mode; every rule refused with its code and the connection kept, every
//! spoofing attempt refused, and every state in the welcome of a late
//! joiner and of a student coming back.

mod common;

use common::{class, config, paused_config, refused_with, start, student_join, teacher_join, Peer, CODE};
use serde_json::{json, Value};

/// A student's join that resumes their seat.
fn resume(peer: &Peer) -> Value {
    json!({"type": "student:join", "name": peer.welcome["you"]["name"], "code": CODE, "resume": peer.token()})
}

/// The hands in a welcome, as `[id, …]` in queue order.
fn hands(welcome: &Value) -> Vec<String> {
    welcome["room"]["hands"]
        .as_array()
        .expect("a room in the welcome")
        .iter()
        .map(|hand| hand["id"].as_str().expect("a hand's id").to_owned())
        .collect()
}

/// Hands go up in a queue everyone sees, in the order raised; the student
/// or the teacher lowers one, the teacher all; nobody lowers a classmate's.
#[tokio::test]
async fn hands_queue_in_order_and_only_the_teacher_lowers_others() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo", "Cy"]).await;
    let (ada, bo) = (students[0].id(), students[1].id());

    students[1].send(json!({"type": "hand:raise"})).await;
    let raised = teacher.next_of("hand:raised").await;
    assert_eq!(raised["id"], bo.as_str());
    assert!(raised["at"].as_str().is_some_and(|at| at.ends_with('Z')), "{raised}");
    students[0].send(json!({"type": "hand:raise"})).await;
    assert_eq!(teacher.next_of("hand:raised").await["id"], ada.as_str());
    for student in &mut students {
        assert_eq!(student.next_of("hand:raised").await["id"], bo.as_str());
        assert_eq!(student.next_of("hand:raised").await["id"], ada.as_str());
    }

    // Raising it again changes nothing; the teacher has no hand to raise.
    students[1].send(json!({"type": "hand:raise"})).await;
    teacher.send(json!({"type": "hand:raise"})).await;
    teacher.expect_error("forbidden", None).await;

    // A late joiner finds the queue, Bo first.
    let dee = Peer::student(&hub, "Dee").await;
    assert_eq!(hands(&dee.welcome), [bo.clone(), ada.clone()]);

    // Cy tries to lower Bo's hand: refused, Bo's hand stays up.
    students[2].send(json!({"type": "hand:lower", "id": bo})).await;
    students[2].expect_error("forbidden", None).await;
    assert_eq!(hands(&Peer::student(&hub, "Fay").await.welcome), [bo.clone(), ada.clone()]);
    // Bo lowers his own; the teacher lowers Ada's.
    students[1].send(json!({"type": "hand:lower"})).await;
    assert_eq!(
        teacher.next_of("hand:lowered").await,
        json!({"type": "hand:lowered", "id": bo, "by": "student"})
    );
    teacher.send(json!({"type": "hand:lower", "id": ada})).await;
    assert_eq!(
        teacher.next_of("hand:lowered").await,
        json!({"type": "hand:lowered", "id": ada, "by": "teacher"})
    );
    for student in &mut students {
        assert_eq!(student.next_of("hand:lowered").await["id"], bo.as_str());
        assert_eq!(student.next_of("hand:lowered").await["id"], ada.as_str());
    }

    // Two up again; the teacher lowers all; a student may not.
    students[0].send(json!({"type": "hand:raise"})).await;
    students[2].send(json!({"type": "hand:raise"})).await;
    teacher.next_of("hand:raised").await;
    teacher.next_of("hand:raised").await;
    students[0].send(json!({"type": "hands:clear"})).await;
    students[0].next_of("hand:raised").await;
    students[0].next_of("hand:raised").await;
    students[0].expect_error("forbidden", None).await;
    teacher.send(json!({"type": "hands:clear"})).await;
    assert_eq!(teacher.recv().await, json!({"type": "hands:cleared"}));
    let eli = Peer::student(&hub, "Eli").await;
    assert!(hands(&eli.welcome).is_empty(), "{}", eli.welcome["room"]);

    // Lowering a hand that is down, or someone unknown's, changes nothing
    // or is refused with its code; the connection stays either way.
    teacher.send(json!({"type": "hand:lower", "id": "p_99"})).await;
    teacher.expect_error("unknown_participant", None).await;
    teacher.say("t-1", "Still here.").await;
    assert_eq!(teacher.next_of("chat:ack").await["seq"], 1);
}

/// A raised hand survives its student dropping and coming back, and goes
/// with a student the teacher removes.
#[tokio::test]
async fn a_hand_survives_a_reconnect_and_goes_with_a_removal() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let bo = students.pop().expect("two students");
    let mut ada = students.pop().expect("two students");
    let ada_id = ada.id();
    ada.send(json!({"type": "hand:raise"})).await;
    teacher.next_of("hand:raised").await;
    let join = resume(&ada);
    ada.close().await;
    teacher.expect_left(&ada_id, "left").await;

    let ada = Peer::join(&hub, join).await;
    assert_eq!(hands(&ada.welcome), [ada_id.as_str()]);
    teacher.await_online(&[&ada_id]).await;

    teacher.send(json!({"type": "teacher:remove-student", "id": ada_id})).await;
    teacher.expect_left(&ada_id, "removed").await;
    let cy = Peer::student(&hub, "Cy").await;
    assert!(hands(&cy.welcome).is_empty(), "{}", cy.welcome["room"]);
    drop(bo);
}

/// A muted student still reads, answers and raises a hand; their messages
/// are refused with `muted`; only they and the teacher are told; they
/// cannot unmute themselves; the mute survives their reconnect.
#[tokio::test]
async fn a_muted_student_reads_but_cannot_post() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let (ada_id, bo_id) = (students[0].id(), students[1].id());
    // Acked before the mute: its resend is still acked, never refused.
    students[0].say("a-1", "Before.").await;
    assert_eq!(students[0].next_of("chat:ack").await["seq"], 1);
    students[0].next_of("chat:message").await;
    students[1].next_of("chat:message").await;
    teacher.next_of("chat:message").await;

    teacher.send(json!({"type": "teacher:mute", "id": ada_id, "muted": true})).await;
    let told = json!({"type": "participant:muted", "id": ada_id, "muted": true});
    assert_eq!(teacher.recv().await, told);
    assert_eq!(students[0].recv().await, told);

    students[0].say("a-2", "Can I?").await;
    let message = students[0].expect_error("muted", Some("a-2")).await;
    assert!(message.contains("muted"), "{message}");
    students[0].say("a-1", "Before.").await;
    assert_eq!(students[0].recv().await, json!({"type": "chat:ack", "id": "a-1", "seq": 1}));
    // Muting oneself away: a student's teacher:mute is refused.
    students[0].send(json!({"type": "teacher:mute", "id": ada_id, "muted": false})).await;
    students[0].expect_error("forbidden", None).await;
    students[0].send(json!({"type": "hand:raise"})).await;
    assert_eq!(students[0].next_of("hand:raised").await["id"], ada_id.as_str());
    // Bo learns of the hand, never of the mute: his next frame is the hand.
    assert_eq!(students[1].next_of("hand:raised").await["id"], ada_id.as_str());
    teacher.next_of("hand:raised").await;

    // The teacher's welcome lists the muted; Bo's does not; Ada's has her.
    let bo_again = {
        let join = resume(&students[1]);
        students.pop().expect("Bo").close().await;
        teacher.expect_left(&bo_id, "left").await;
        Peer::join(&hub, join).await
    };
    assert_eq!(bo_again.welcome["room"]["muted"], json!([]));
    let join = resume(&students[0]);
    students.pop().expect("Ada").close().await;
    let mut ada = Peer::join(&hub, join).await;
    assert_eq!(ada.welcome["room"]["muted"], json!([ada_id]));
    ada.say("a-3", "Now?").await;
    ada.expect_error("muted", Some("a-3")).await;
    let teacher_again = Peer::join(&hub, teacher_join(&hub)).await;
    assert_eq!(teacher_again.welcome["room"]["muted"], json!([ada_id]));
    drop(teacher);

    // The teacher cannot be muted.
    let mut teacher = teacher_again;
    teacher.send(json!({"type": "teacher:mute", "id": teacher.id(), "muted": true})).await;
    teacher.expect_error("forbidden", None).await;
    teacher.send(json!({"type": "teacher:mute", "id": ada_id, "muted": false})).await;
    assert_eq!(teacher.next_of("participant:muted").await["muted"], false);
    ada.next_of("participant:muted").await;
    ada.say("a-4", "Thank you.").await;
    assert_eq!(ada.next_of("chat:ack").await["seq"], 2);
}

/// A locked chat refuses students (`chat_locked`) and not the teacher;
/// everyone is told, and a late joiner finds it locked.
#[tokio::test]
async fn a_locked_chat_takes_only_the_teacher() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    students[0].send(json!({"type": "room:rules", "locked": true})).await;
    students[0].expect_error("forbidden", None).await;

    teacher.send(json!({"type": "room:rules", "locked": true})).await;
    let rules = json!({"type": "room:rules", "locked": true, "slow_seconds": 0, "name_filter": false, "reactions_off": false, "questions_off": false});
    assert_eq!(teacher.recv().await, rules);
    assert_eq!(students[0].recv().await, rules);
    students[0].say("a-1", "Hello?").await;
    students[0].expect_error("chat_locked", Some("a-1")).await;
    teacher.say("t-1", "Listen first.").await;
    assert_eq!(teacher.next_of("chat:ack").await["seq"], 1);
    assert_eq!(students[0].next_of("chat:message").await["text"], "Listen first.");

    let bo = Peer::student(&hub, "Bo").await;
    assert_eq!(
        bo.welcome["room"]["rules"],
        json!({"locked": true, "slow_seconds": 0, "name_filter": false, "reactions_off": false, "questions_off": false})
    );

    teacher.send(json!({"type": "room:rules", "locked": false})).await;
    teacher.next_of("chat:message").await;
    teacher.next_of("room:rules").await;
    students[0].next_of("room:rules").await;
    students[0].say("a-1", "Hello?").await;
    assert_eq!(students[0].next_of("chat:ack").await["seq"], 2);
}

/// Slow mode: one message per interval per student, the teacher exempt,
/// the refusal saying how long is left; only the allowed intervals.
// Paused time: the interval passes when the test sleeps through it.
#[tokio::test(start_paused = true)]
async fn slow_mode_spaces_each_students_messages() {
    let hub = start(paused_config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    teacher.send(json!({"type": "room:rules", "slow_seconds": 7})).await;
    let message = teacher.expect_error("invalid_setting", None).await;
    assert!(message.contains("30"), "{message}");

    teacher.send(json!({"type": "room:rules", "slow_seconds": 30})).await;
    teacher.next_of("room:rules").await;
    assert_eq!(students[0].next_of("room:rules").await["slow_seconds"], 30);
    let ada = &mut students[0];
    ada.say("a-1", "One.").await;
    assert_eq!(ada.next_of("chat:ack").await["seq"], 1);
    ada.next_of("chat:message").await;
    tokio::time::sleep(std::time::Duration::from_secs(10)).await;
    ada.say("a-2", "Two.").await;
    let message = ada.expect_error("slow_mode", Some("a-2")).await;
    assert!(message.contains("20 s"), "{message}");
    // The teacher is exempt.
    teacher.say("t-1", "A.").await;
    teacher.say("t-2", "B.").await;
    assert_eq!(teacher.ack("t-1").await, 2);
    assert_eq!(teacher.ack("t-2").await, 3);

    tokio::time::sleep(std::time::Duration::from_secs(20)).await;
    ada.say("a-2", "Two.").await;
    assert_eq!(ada.ack("a-2").await, 4);
}

/// Hand changes have a budget: a student flicking their hand is refused
/// (`rate_limited`) before the class is flooded.
#[tokio::test]
async fn a_flicking_hand_is_rate_limited() {
    let hub = start(config()).await;
    let (_teacher, mut students) = class(&hub, &["Ada"]).await;
    let ada = &mut students[0];
    // The burst (4): up, down, up, down; the fifth change is refused.
    for kind in ["hand:raise", "hand:lower", "hand:raise", "hand:lower"] {
        ada.send(json!({"type": kind})).await;
        let frame = ada.recv().await;
        assert!(frame["type"] == "hand:raised" || frame["type"] == "hand:lowered", "{frame}");
    }
    ada.send(json!({"type": "hand:raise"})).await;
    ada.expect_error("rate_limited", None).await;
    assert_eq!(ada.welcome["limits"]["hand_rate"], 1);
    assert_eq!(ada.welcome["limits"]["hand_burst"], 4);
}

/// The name filter, once the teacher turns it on, refuses a joining
/// student's offensive name however it is spelled (`invalid_name`, the
/// connection closed as for any refused join) and lets real names through.
#[tokio::test]
async fn the_name_filter_refuses_offensive_names_once_on() {
    let hub = start(config()).await;
    let (mut teacher, _students) = class(&hub, &["Ada"]).await;
    // Off by default.
    let early = Peer::student(&hub, "sh1t happens").await;

    teacher.send(json!({"type": "room:rules", "name_filter": true})).await;
    let rules = teacher.next_of("room:rules").await;
    assert_eq!(rules["name_filter"], true, "{rules}");
    for name in ["G.i.l.i.p.o.l.l.a.s", "ЅhіT", "hija_de_puta", "b4st4rdo"] {
        let message = refused_with(&hub, student_join(name), "invalid_name").await;
        assert!(message.contains("not allowed"), "{name}: {message}");
    }
    for name in ["Cassandra", "Concha", "Shitaye"] {
        let peer = Peer::student(&hub, name).await;
        assert_eq!(peer.welcome["you"]["name"], name);
        assert_eq!(peer.welcome["room"]["rules"]["name_filter"], true);
    }
    // A seat taken before the filter was on keeps its name: the teacher
    // renames or removes it.
    assert_eq!(early.welcome["you"]["name"], "sh1t happens");
}
