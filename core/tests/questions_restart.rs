//! Private questions survive their hub being killed, and reach the
//! teacher's export marked private: each question and answer is stored
//! before anyone is told, so `classroom host --resume` after SIGKILL gives
//! the teacher every thread and each student their own, and a question
//! resent after the restart is still taken once.

mod store_support;

use classroom_core::store::{ExportFormat, ExportLanguage, ExportOptions, Store};
use serde_json::{json, Value};
use store_support::{data_dir, host_class, Peer, CODE};

fn ask(id: &str, text: &str) -> Value {
    json!({"type": "question:ask", "id": id, "text": text})
}

fn answer(id: &str, question: &str, text: &str, public: bool, show_name: bool) -> Value {
    json!({"type": "question:answer", "id": id, "question": question, "text": text,
           "public": public, "show_name": show_name})
}

fn texts(welcome: &Value) -> Vec<String> {
    welcome["questions"]["list"]
        .as_array()
        .expect("questions in the welcome")
        .iter()
        .map(|q| q["text"].as_str().expect("a text").to_owned())
        .collect()
}

#[tokio::test]
async fn threads_survive_kill_9_and_reach_the_export_marked_private() {
    let dir = data_dir();
    let (host, class) = host_class(dir.path(), "Questions").await;
    let (url, teacher_join) = (class.url.clone(), class.teacher_join.clone());
    let student = |name: &str| json!({"type": "student:join", "name": name, "code": CODE});

    let (mut teacher, _) = Peer::join(&url, teacher_join.clone()).await;
    let (mut ada, _) = Peer::join(&url, student("Ada")).await;
    let (mut bo, _) = Peer::join(&url, student("Bo")).await;
    ada.send(ask("a-1", "Is the test\non Friday?")).await;
    let asked = ada.recv_kind("question:asked").await;
    let friday = asked["question"]["id"].as_str().expect("an id").to_owned();
    bo.send(ask("b-1", "Can I sit near the window?")).await;
    let window = bo.recv_kind("question:asked").await["question"]["id"].as_str().expect("an id").to_owned();
    teacher.send(answer("t-1", &window, "Yes, Bo.", false, false)).await;
    teacher.recv_kind("question:answered").await;
    teacher.send(answer("t-2", &friday, "Friday at nine, everyone.", true, true)).await;
    let public = teacher.recv_kind("question:answered").await;
    assert_eq!(public["answer"]["seq"], 1);
    bo.send(ask("b-2", "Unanswered one")).await;
    bo.recv_kind("question:asked").await;

    host.kill_9().await;
    let host = class.resume().await;

    let (_teacher, first) = Peer::join(&url, teacher_join).await;
    assert_eq!(first["type"], "session:welcome", "{first}");
    assert_eq!(
        texts(&first),
        ["Is the test\non Friday?", "Can I sit near the window?", "Unanswered one"],
        "every thread, in the order asked"
    );
    let list = &first["questions"]["list"];
    assert_eq!(list[0]["id"], friday.as_str());
    assert_eq!(list[0]["answers"][0]["text"], "Friday at nine, everyone.");
    assert_eq!(list[0]["answers"][0]["seq"], 1);
    assert_eq!(list[1]["answers"][0]["text"], "Yes, Bo.");
    assert!(list[1]["answers"][0].get("seq").is_none(), "answered privately");
    assert_eq!(list[2]["answers"], json!([]));
    assert_eq!(first["history"][0]["quote"], json!({"text": "Is the test\non Friday?", "name": "Ada"}));

    let resume =
        |peer: &Peer| json!({"type": "student:join", "code": CODE, "resume": peer.welcome["resume"]});
    let (mut bo_again, first) = Peer::join(&url, resume(&bo)).await;
    assert_eq!(texts(&first), ["Can I sit near the window?", "Unanswered one"], "Bo's own only");
    // Bo's question resent after the restart (its ack lost): taken once.
    bo_again.send(ask("b-2", "Unanswered one")).await;
    let again = bo_again.recv_kind("question:asked").await;
    assert_eq!(again["ref"], "b-2");
    assert_eq!(again["question"]["id"], first["questions"]["list"][1]["id"]);
    let (_ada_again, first) = Peer::join(&url, resume(&ada)).await;
    assert_eq!(texts(&first), ["Is the test\non Friday?"]);
    host.kill_9().await;

    // The teacher's export: every thread, marked private.
    let store = Store::open(dir.path()).expect("the store");
    let id = store.classes().expect("classes")[0].id.clone();
    let export = |format, language| {
        let options = ExportOptions { format, time_zone: Some("UTC".into()), language };
        store.export_to_string(&id, &options).expect("export")
    };
    let doc: Value =
        serde_json::from_str(&export(ExportFormat::Json, ExportLanguage::English)).expect("JSON");
    let questions = doc["questions"].as_array().expect("questions in the JSON export");
    assert_eq!(questions.len(), 3);
    assert!(questions.iter().all(|q| q["private"] == true));
    assert_eq!(questions[0]["from"]["name"], "Ada");
    assert_eq!(questions[0]["answers"][0]["public"], true);
    assert_eq!(questions[0]["answers"][0]["seq"], 1);
    assert_eq!(questions[1]["answers"][0]["public"], false);
    assert_eq!(doc["messages"][0]["quote"]["text"], "Is the test\non Friday?");

    let md = export(ExportFormat::Markdown, ExportLanguage::English);
    let section = &md[md.find("## Private questions").expect("a private questions section")..];
    assert!(section.contains("Private: only the teacher and the student who asked saw these."), "{section}");
    assert!(section.contains("### Question from Ada (p_2)"), "{section}");
    assert!(section.contains("> Is the test\\\n> on Friday?"), "{section}");
    assert!(section.contains("(answered for everyone, message 1): Friday at nine, everyone."), "{section}");
    assert!(section.contains("(answered privately): Yes, Bo."), "{section}");
    assert!(section.contains("_not answered_"), "{section}");
    assert!(
        md.contains("_Answering a private question (Ada):_ “Is the test on Friday?”\\\nFriday at nine"),
        "{md}"
    );
    let es = export(ExportFormat::Markdown, ExportLanguage::Spanish);
    assert!(es.contains("## Preguntas privadas") && es.contains("respondida en privado"), "{es}");
}
