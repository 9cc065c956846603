//! Private questions over real sockets: a student asks the teacher alone;
//! the teacher answers privately (only the asker hears) or for everyone (a
//! chat message quoting the question, named only when the teacher says);
//! no other student ever receives a question or learns one was sent; every
//! rule refused with its code and the connection kept; resends are taken
//! once; and the welcome shows each their own questions, the teacher all.

mod common;

use common::{chat, class, config, start, Peer, CODE};
use serde_json::{json, Value};

fn ask(id: &str, text: &str) -> Value {
    json!({"type": "question:ask", "id": id, "text": text})
}

fn answer(id: &str, question: &str, text: &str, public: bool, show_name: bool) -> Value {
    json!({"type": "question:answer", "id": id, "question": question, "text": text,
           "public": public, "show_name": show_name})
}

/// The teacher posts a marker; a student's next frame (beyond presence)
/// must be that message: nothing private came before it.
async fn nothing_private_reached(teacher: &mut Peer, students: &mut [&mut Peer], marker: &str) {
    teacher.send(chat(marker, marker)).await;
    teacher.ack(marker).await;
    teacher.next_of("chat:message").await;
    for student in students {
        let next = student.next_of("chat:message").await;
        assert_eq!(next["text"], marker, "a student received something before the marker: {next}");
    }
}

#[tokio::test]
async fn a_question_reaches_the_teacher_alone_and_an_answer_only_its_asker() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let (ada_id, _) = (students[0].id(), students[1].id());
    let [ada, bo] = &mut students[..] else { unreachable!() };

    ada.send(ask("a-1", "Is the test on Friday?")).await;
    let mine = ada.next_of("question:asked").await;
    assert_eq!(mine["ref"], "a-1", "the asker's copy names their id: {mine}");
    let question = &mine["question"];
    let id = question["id"].as_str().expect("a question id").to_owned();
    assert!(
        id.len() == 19 && id.starts_with("pq_") && id[3..].chars().all(|c| c.is_ascii_alphanumeric()),
        "a random id that counts nothing: {id}"
    );
    assert_eq!(question["from"]["id"], ada_id.as_str());
    assert_eq!(question["from"]["name"], "Ada");
    assert_eq!(question["text"], "Is the test on Friday?");
    assert_eq!(question["answers"], json!([]));
    let theirs = teacher.next_of("question:asked").await;
    assert_eq!(theirs["question"], *question);
    assert!(theirs.get("ref").is_none(), "the teacher does not get the asker's id: {theirs}");

    // Answered privately: the teacher's copy acks, Ada's tells her.
    teacher.send(answer("t-1", &id, "Yes, at nine.", false, false)).await;
    let acked = teacher.next_of("question:answered").await;
    assert_eq!(acked["ref"], "t-1");
    assert_eq!(acked["question"], id.as_str());
    assert_eq!(acked["answer"]["text"], "Yes, at nine.");
    assert!(acked["answer"].get("seq").is_none(), "a private answer is no chat message: {acked}");
    let told = ada.next_of("question:answered").await;
    assert_eq!(told["answer"], acked["answer"]);
    assert!(told.get("ref").is_none());
    nothing_private_reached(&mut teacher, &mut [bo, ada], "marker-1").await;

    // Answered for everyone, without the name: a chat message quoting it.
    teacher.send(answer("t-2", &id, "For everyone: Friday at nine.", true, false)).await;
    let acked = teacher.next_of("question:answered").await;
    let seq = acked["answer"]["seq"].as_u64().expect("a public answer's seq");
    for student in [&mut *ada, &mut *bo] {
        let message = student.next_of("chat:message").await;
        assert_eq!(message["seq"], seq);
        assert_eq!(message["text"], "For everyone: Friday at nine.");
        assert_eq!(message["from"]["role"], "teacher");
        assert_eq!(message["quote"], json!({"text": "Is the test on Friday?"}), "no name: {message}");
    }
    assert_eq!(ada.next_of("question:answered").await["answer"]["seq"], seq);
    assert_eq!(teacher.next_of("chat:message").await["seq"], seq);

    // And with the name, when the teacher chooses to show it.
    teacher.send(answer("t-3", &id, "Thanks, Ada.", true, true)).await;
    teacher.next_of("question:answered").await;
    let message = bo.next_of("chat:message").await;
    assert_eq!(message["quote"], json!({"text": "Is the test on Friday?", "name": "Ada"}));
    nothing_private_reached(&mut teacher, &mut [bo], "marker-2").await;
}

#[tokio::test]
async fn nobody_else_reads_answers_or_asks_in_another_name() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let [ada, bo] = &mut students[..] else { unreachable!() };
    ada.send(ask("a-1", "Can I leave early?")).await;
    let id = ada.next_of("question:asked").await["question"]["id"].as_str().unwrap().to_owned();
    teacher.next_of("question:asked").await;

    // Bo answers Ada's question: refused, nothing reaches Ada.
    bo.send(answer("b-1", &id, "No.", false, false)).await;
    bo.expect_error("forbidden", Some("b-1")).await;
    bo.send(answer("b-2", &id, "No.", true, false)).await;
    bo.expect_error("forbidden", Some("b-2")).await;
    // The teacher has no one to ask privately.
    teacher.send(ask("t-1", "Hello?")).await;
    teacher.expect_error("forbidden", Some("t-1")).await;
    // A made-up id names nothing.
    teacher.send(answer("t-2", "pq_aaaaaaaaaaaaaaaa", "?", false, false)).await;
    teacher.expect_error("unknown_question", Some("t-2")).await;
    // Fields a client may not set are ignored: Bo asking "as Ada" asks as Bo.
    bo.send(
        json!({"type": "question:ask", "id": "b-3", "text": "Mine", "from": {"id": ada.id(), "name": "Ada"}}),
    )
    .await;
    let spoofed = teacher.next_of("question:asked").await;
    assert_eq!(spoofed["question"]["from"]["id"], bo.id().as_str());
    bo.next_of("question:asked").await;
    nothing_private_reached(&mut teacher, &mut [ada], "marker").await;

    // Coming back, Bo's welcome holds his question only; Ada's hers; the
    // teacher's both, in the order asked.
    let bo_back = Peer::join(&hub, json!({"type": "student:join", "code": CODE, "resume": bo.token()})).await;
    let listed = |peer: &Peer| -> Vec<String> {
        peer.welcome["questions"]["list"]
            .as_array()
            .expect("questions in the welcome")
            .iter()
            .map(|q| q["text"].as_str().unwrap().to_owned())
            .collect()
    };
    assert_eq!(listed(&bo_back), ["Mine"]);
    let ada_back =
        Peer::join(&hub, json!({"type": "student:join", "code": CODE, "resume": ada.token()})).await;
    assert_eq!(listed(&ada_back), ["Can I leave early?"]);
    let teacher_back = Peer::teacher(&hub).await;
    assert_eq!(listed(&teacher_back), ["Can I leave early?", "Mine"]);
    assert_eq!(teacher_back.welcome["questions"]["earlier"], 0);
    // A newcomer finds none, and no count of them anywhere.
    let cy = Peer::student(&hub, "Cy").await;
    assert_eq!(cy.welcome["questions"], json!({"list": [], "earlier": 0}));
}

#[tokio::test]
async fn the_rules_refuse_with_their_codes_and_keep_the_connection() {
    let mut config = config();
    config.limits.question_rate = 0;
    config.limits.max_answers = 2;
    config.limits.max_text_chars = 20;
    let hub = start(config).await;
    let (mut teacher, mut students) = class(&hub, &["Ada", "Bo"]).await;
    let [ada, bo] = &mut students[..] else { unreachable!() };

    ada.send(ask("e", "   ")).await;
    ada.expect_error("empty", Some("e")).await;
    ada.send(ask("l", &"x".repeat(21))).await;
    ada.expect_error("too_long", Some("l")).await;
    ada.send(ask("", "no id")).await;
    ada.expect_error("malformed", Some("")).await;

    // Locked and muted, a student still asks the teacher privately.
    teacher.send(json!({"type": "room:rules", "locked": true})).await;
    teacher.send(json!({"type": "teacher:mute", "id": ada.id(), "muted": true})).await;
    ada.next_of("room:rules").await;
    ada.next_of("participant:muted").await;
    ada.send(ask("q-1", "Still here?")).await;
    let first = ada.next_of("question:asked").await["question"]["id"].as_str().unwrap().to_owned();
    // Until the teacher turns questions off.
    teacher.send(json!({"type": "room:rules", "questions_off": true})).await;
    let rules = ada.next_of("room:rules").await;
    assert_eq!(rules["questions_off"], true);
    ada.send(ask("q-2", "And now?")).await;
    ada.expect_error("questions_off", Some("q-2")).await;
    teacher.send(json!({"type": "room:rules", "questions_off": false})).await;
    ada.next_of("room:rules").await;

    // Five may wait for an answer; the sixth waits until one is answered.
    for n in 2..=5 {
        ada.send(ask(&format!("q-{n}"), &format!("Question {n}"))).await;
        ada.next_of("question:asked").await;
    }
    ada.send(ask("q-6", "One too many")).await;
    let message = ada.expect_error("too_many_questions", Some("q-6")).await;
    assert!(message.contains('5'), "{message}");
    // Bo's own count is his own (he heard of the rules, not of Ada's mute).
    for _ in 0..3 {
        bo.next_of("room:rules").await;
    }
    bo.send(ask("b-1", "Mine")).await;
    bo.next_of("question:asked").await;
    // The teacher heard of each question taken, and of nothing refused.
    for (kind, count) in
        [("room:rules", 1), ("participant:muted", 1), ("question:asked", 1), ("room:rules", 2)]
    {
        for _ in 0..count {
            teacher.next_of(kind).await;
        }
    }
    for text in ["Question 2", "Question 3", "Question 4", "Question 5", "Mine"] {
        assert_eq!(teacher.next_of("question:asked").await["question"]["text"], text);
    }
    teacher.send(answer("t-1", &first, "Yes.", false, false)).await;
    teacher.next_of("question:answered").await;
    ada.next_of("question:answered").await;
    ada.send(ask("q-6", "One too many")).await;
    ada.next_of("question:asked").await;
    teacher.next_of("question:asked").await;

    // A question takes at most `max_answers` answers; texts are checked.
    teacher.send(answer("t-2", &first, "", false, false)).await;
    teacher.expect_error("empty", Some("t-2")).await;
    teacher.send(answer("t-3", &first, "Again.", false, false)).await;
    teacher.next_of("question:answered").await;
    ada.next_of("question:answered").await;
    teacher.send(answer("t-4", &first, "Thrice.", false, false)).await;
    teacher.expect_error("too_many_questions", Some("t-4")).await;

    // Ended: nothing more is asked.
    teacher.send(json!({"type": "session:end"})).await;
    ada.next_of("session:ended").await;
}

#[tokio::test]
async fn questions_are_paced_per_minute() {
    let hub = start(config()).await;
    let (_teacher, mut students) = class(&hub, &["Ada"]).await;
    let ada = &mut students[0];
    for n in 0..3 {
        ada.send(ask(&format!("q-{n}"), "?")).await;
        ada.next_of("question:asked").await;
    }
    ada.send(ask("q-3", "?")).await;
    let message = ada.expect_error("rate_limited", Some("q-3")).await;
    assert!(message.contains("3 questions a minute"), "{message}");
    assert_eq!(ada.welcome["limits"]["question_rate_per_minute"], 3);
    assert_eq!(ada.welcome["limits"]["question_burst"], 3);
    assert_eq!(ada.welcome["limits"]["questions_open"], 5);
    assert_eq!(ada.welcome["limits"]["max_answers"], 10);
}

#[tokio::test]
async fn a_resent_question_or_answer_is_taken_once() {
    let hub = start(config()).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    let ada = &mut students[0];
    ada.send(ask("a-1", "Once?")).await;
    let first = ada.next_of("question:asked").await;
    ada.send(ask("a-1", "Once?")).await;
    let again = ada.next_of("question:asked").await;
    assert_eq!(again, first, "the same question, acked again");
    let id = first["question"]["id"].as_str().unwrap().to_owned();
    teacher.next_of("question:asked").await;

    teacher.send(answer("t-1", &id, "Yes.", true, false)).await;
    let acked = teacher.next_of("question:answered").await;
    teacher.next_of("chat:message").await;
    teacher.send(answer("t-1", &id, "Yes.", true, false)).await;
    assert_eq!(teacher.next_of("question:answered").await, acked);
    ada.next_of("chat:message").await;
    ada.next_of("question:answered").await;

    // Nothing was asked, answered or posted twice.
    teacher.send(chat("marker", "marker")).await;
    assert_eq!(teacher.ack("marker").await, 2, "one public answer, then the marker");
    assert_eq!(ada.next_of("chat:message").await["text"], "marker");
    let back = Peer::teacher(&hub).await;
    let list = back.welcome["questions"]["list"].as_array().unwrap().clone();
    assert_eq!(list.len(), 1);
    assert_eq!(list[0]["answers"].as_array().unwrap().len(), 1);
}

#[tokio::test]
async fn the_welcome_holds_the_newest_questions_and_counts_the_rest() {
    let mut config = config();
    config.limits.questions_page = 2;
    config.limits.question_rate = 0;
    let hub = start(config).await;
    let (mut teacher, mut students) = class(&hub, &["Ada"]).await;
    for n in 1..=3 {
        students[0].send(ask(&format!("q-{n}"), &format!("Q{n}"))).await;
        teacher.next_of("question:asked").await;
    }
    let back = Peer::teacher(&hub).await;
    let texts: Vec<&str> = back.welcome["questions"]["list"]
        .as_array()
        .unwrap()
        .iter()
        .map(|q| q["text"].as_str().unwrap())
        .collect();
    assert_eq!(texts, ["Q2", "Q3"]);
    assert_eq!(back.welcome["questions"]["earlier"], 1);
}
