//! The room survives its hub being killed: raised hands (in their order),
//! a muted student, a locked chat, slow mode, a deleted message, a pin, a
//! reaction and a rename are stored before anyone is told, so `classroom host --resume` after SIGKILL restores each
//! exactly.

mod store_support;

use serde_json::{json, Value};
use store_support::{data_dir, host_class, Peer, CODE};

#[tokio::test]
async fn hands_mutes_and_rules_survive_kill_9() {
    let dir = data_dir();
    let (host, class) = host_class(dir.path(), "Room").await;
    let (url, teacher_join) = (class.url.clone(), class.teacher_join.clone());
    let student = |name: &str| json!({"type": "student:join", "name": name, "code": CODE});

    let (mut teacher, _) = Peer::join(&url, teacher_join.clone()).await;
    let mut students = Vec::new();
    for name in ["Ada", "Bo", "Cy"] {
        students.push(Peer::join(&url, student(name)).await.0);
    }
    let id = |peer: &Peer| peer.welcome["you"]["id"].as_str().expect("an id").to_owned();
    let (ada, bo, cy) = (id(&students[0]), id(&students[1]), id(&students[2]));
    // Each hand is announced before the next goes up: the queue's order is
    // the order sent.
    for (who, raiser) in [(&ada, 0), (&cy, 2), (&bo, 1)] {
        students[raiser].send(json!({"type": "hand:raise"})).await;
        assert_eq!(teacher.recv_kind("hand:raised").await["id"], who.as_str());
    }
    students[1].send(json!({"type": "hand:lower"})).await;
    teacher.recv_kind("hand:lowered").await;
    teacher.send(json!({"type": "teacher:mute", "id": cy, "muted": true})).await;
    teacher
        .send(json!({"type": "room:rules", "locked": true, "slow_seconds": 10, "name_filter": true}))
        .await;
    teacher.send(json!({"type": "chat:message", "id": "t-0", "text": "a phone number, by mistake"})).await;
    assert_eq!(teacher.recv_kind("chat:ack").await["seq"], 1);
    teacher.send(json!({"type": "chat:message", "id": "t-1", "text": "after the rules"})).await;
    assert_eq!(teacher.recv_kind("chat:ack").await["seq"], 2);
    teacher.send(json!({"type": "chat:pin", "seq": 2})).await;
    teacher.send(json!({"type": "reaction:add", "seq": 2, "emoji": "✅"})).await;
    teacher.send(json!({"type": "teacher:rename", "id": bo, "name": "Bo R."})).await;
    teacher.send(json!({"type": "chat:delete", "seq": 1})).await;
    // Told once stored, after every change above.
    assert_eq!(teacher.recv_kind("chat:deleted").await["seq"], 1);

    host.kill_9().await;
    let host = class.resume().await;

    let (teacher, first) = Peer::join(&url, teacher_join).await;
    assert_eq!(first["type"], "session:welcome", "{first}");
    let room = &teacher.welcome["room"];
    assert_eq!(
        room["rules"],
        json!({"locked": true, "slow_seconds": 10, "name_filter": true, "reactions_off": false, "questions_off": false})
    );
    let hands: Vec<&Value> = room["hands"].as_array().expect("hands").iter().map(|h| &h["id"]).collect();
    assert_eq!(hands, [ada.as_str(), cy.as_str()], "the queue in the order raised");
    assert_eq!(room["muted"], json!([cy]));
    assert_eq!(room["pinned"]["text"], "after the rules");
    let renamed: Vec<&Value> = teacher.welcome["participants"]
        .as_array()
        .expect("a list")
        .iter()
        .filter(|p| p["id"] == bo.as_str())
        .collect();
    assert_eq!(renamed[0]["name"], "Bo R.", "the teacher's rename is kept");
    assert_eq!(teacher.welcome["deleted"], json!([1]));
    assert_eq!(teacher.welcome["my_reactions"], json!([{"seq": 2, "emoji": "✅"}]));
    assert_eq!(teacher.welcome["history"][1]["reactions"], json!([{"emoji": "✅", "count": 1}]));
    let history = teacher.welcome["history"].as_array().expect("history");
    assert_eq!((history[0]["text"].as_str(), &history[0]["removed"]), (Some(""), &json!(true)));

    let resume = |peer: &Peer| json!({"type": "student:join", "name": peer.welcome["you"]["name"], "code": CODE, "resume": peer.welcome["resume"]});
    let (mut cy_again, first) = Peer::join(&url, resume(&students[2])).await;
    assert_eq!(first["room"]["muted"], json!([cy]), "{first}");
    cy_again.send(json!({"type": "chat:message", "id": "c-1", "text": "let me"})).await;
    let refused = cy_again.recv_kind("error").await;
    assert_eq!(refused["code"], "muted", "{refused}");
    let (mut bo_again, first) = Peer::join(&url, resume(&students[1])).await;
    assert_eq!(first["room"]["muted"], json!([]), "a student learns only of their own mute");
    bo_again.send(json!({"type": "chat:message", "id": "b-1", "text": "locked?"})).await;
    assert_eq!(bo_again.recv_kind("error").await["code"], "chat_locked");
    drop(teacher);
    host.kill_9().await;
}
