//! Polls in the exports, from a real class: a hub with a store, polls
//! opened and answered over real sockets (a quiz question, a multi-choice
//! quiz question with a changed answer, a text poll with an answer the
//! teacher hid, an anonymous text poll), then every format read back with
//! a real parser: Markdown with pulldown-cmark (headings, counts, correct
//! and right marks), JSON with serde_json, the gradebook with the `csv`
//! crate (cells, score, formula-looking names and answers neutralised).
//! A hidden answer is in no export; no anonymous answer is tied to a name
//! in any.

mod common;
mod store_support;

use classroom_core::store::{ExportFormat, ExportLanguage, ExportOptions, Store};
use common::{class, config, start, Peer};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use serde_json::{json, Value};

/// The hidden answer, as typed and as the teacher hid it.
const HIDDEN: &str = "Rude word";
/// The anonymous answer whose writer nobody may learn.
const SECRET: &str = "Zebra secret";
const ZONE: &str = "America/Sao_Paulo";

/// Reads frames until one of type `kind`, whatever comes between.
async fn next_of(peer: &mut Peer, kind: &str) -> Value {
    loop {
        let frame = peer.recv().await;
        if frame["type"] == kind {
            return frame;
        }
    }
}

fn choices(poll: &str, id: &str, choices: &[u32]) -> Value {
    json!({"type": "poll:answer", "poll": poll, "id": id, "choices": choices})
}

fn text(poll: &str, id: &str, text: &str) -> Value {
    json!({"type": "poll:answer", "poll": poll, "id": id, "text": text})
}

/// Sends an answer and waits for its ack.
async fn answers(student: &mut Peer, frame: Value) {
    student.send(frame).await;
    next_of(student, "poll:ack").await;
}

/// Opens a poll and waits until the teacher is told.
async fn opens(teacher: &mut Peer, frame: Value) {
    teacher.send(frame).await;
    next_of(teacher, "poll:opened").await;
}

/// A stored class of "=Ada", Bo, Cy and Gone (removed after the third
/// poll) with four polls:
/// 1. quiz, single, 60 s timer, revealed: =Ada Jupiter (right), Bo Mars,
///    Gone Jupiter; Cy none.
/// 2. quiz, multi, changes, closed: =Ada Saturn+Neptune (after Saturn
///    alone; right), Bo Saturn, Cy Saturn+Neptune+-Earth; Gone none.
/// 3. text, revealed: =Ada "Light", Bo "  light ", Cy the hidden answer,
///    Gone "+sugar".
/// 4. anonymous text, still open: =Ada the secret, Bo "exams", Cy "Exams".
async fn class_with_polls(dir: &std::path::Path) -> (Store, String) {
    let store = Store::open(dir).unwrap();
    let mut config = config();
    config.store = Some(store.clone());
    let hub = start(config).await;
    let (mut teacher, mut students) = class(&hub, &["=Ada", "Bo", "Cy", "Gone"]).await;

    opens(
        &mut teacher,
        json!({"type": "poll:open", "id": "o-1", "question": "Which *planet* is largest?", "kind": "single",
               "options": ["Mars", "Jupiter", "Venus"], "correct": [1], "seconds": 60}),
    )
    .await;
    for (n, choice) in [(0, 1), (1, 0), (3, 1)] {
        answers(&mut students[n], choices("q_1", "a-1", &[choice])).await;
    }
    teacher.send(json!({"type": "poll:reveal", "poll": "q_1"})).await;
    next_of(&mut teacher, "poll:revealed").await;

    opens(
        &mut teacher,
        json!({"type": "poll:open", "id": "o-2", "question": "Which are gas giants?", "kind": "multi",
               "options": ["Saturn", "Mars", "Neptune", "-Earth"], "correct": [0, 2], "changes": true}),
    )
    .await;
    answers(&mut students[0], choices("q_2", "a-2", &[0])).await;
    answers(&mut students[0], choices("q_2", "a-3", &[0, 2])).await;
    answers(&mut students[1], choices("q_2", "a-2", &[0])).await;
    answers(&mut students[2], choices("q_2", "a-2", &[0, 2, 3])).await;
    teacher.send(json!({"type": "poll:close", "poll": "q_2"})).await;
    next_of(&mut teacher, "poll:closed").await;

    opens(
        &mut teacher,
        json!({"type": "poll:open", "id": "o-3", "question": "One word for\nphotosynthesis?", "kind": "text"}),
    )
    .await;
    for (n, said) in ["Light", "  light ", HIDDEN, "+sugar"].into_iter().enumerate() {
        answers(&mut students[n], text("q_3", "a-4", said)).await;
    }
    teacher.send(json!({"type": "poll:hide", "poll": "q_3", "text": "RUDE  WORD"})).await;
    next_of(&mut teacher, "poll:tally").await;
    teacher.send(json!({"type": "poll:reveal", "poll": "q_3"})).await;
    next_of(&mut teacher, "poll:revealed").await;

    let gone = students.pop().unwrap();
    teacher.send(json!({"type": "teacher:remove-student", "id": gone.id()})).await;
    drop(gone);

    opens(
        &mut teacher,
        json!({"type": "poll:open", "id": "o-4", "question": "What worries you?", "kind": "text", "anonymous": true}),
    )
    .await;
    for (n, said) in [SECRET, "exams", "Exams"].into_iter().enumerate() {
        answers(&mut students[n], text("q_4", "a-5", said)).await;
    }
    let id = hub.session().id.clone();
    drop((teacher, students));
    hub.shutdown().await.unwrap();
    (store, id)
}

fn export_in(store: &Store, id: &str, format: ExportFormat, language: ExportLanguage) -> String {
    let options = ExportOptions { format, time_zone: Some(ZONE.into()), language };
    store.export_to_string(id, &options).expect("export")
}

fn export(store: &Store, id: &str, format: ExportFormat) -> String {
    export_in(store, id, format, ExportLanguage::English)
}

/// What a reader sees of a Markdown transcript: headings and list items
/// (by depth, each item's own text without its nested list's).
#[derive(Debug, Clone, PartialEq, Eq)]
enum Block {
    Heading(u8, String),
    Item(usize, String),
}

fn blocks(md: &str) -> Vec<Block> {
    let mut out = Vec::new();
    let mut depth = 0usize;
    let mut items: Vec<Option<String>> = Vec::new();
    let mut heading: Option<(u8, String)> = None;
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Heading { level, .. }) => {
                let level = match level {
                    HeadingLevel::H1 => 1,
                    HeadingLevel::H2 => 2,
                    HeadingLevel::H3 => 3,
                    other => panic!("a {other:?} heading in\n{md}"),
                };
                heading = Some((level, String::new()));
            }
            Event::End(TagEnd::Heading(_)) => {
                let (level, text) = heading.take().expect("a heading started");
                out.push(Block::Heading(level, text));
            }
            Event::Start(Tag::List(_)) => {
                if let Some(text) = items.last_mut().and_then(Option::take) {
                    out.push(Block::Item(depth - 1, text));
                }
                depth += 1;
            }
            Event::End(TagEnd::List(_)) => depth -= 1,
            Event::Start(Tag::Item) => items.push(Some(String::new())),
            Event::End(TagEnd::Item) => {
                if let Some(text) = items.pop().flatten() {
                    out.push(Block::Item(depth - 1, text));
                }
            }
            Event::Text(text) | Event::Code(text) => {
                if let Some((_, heading)) = heading.as_mut() {
                    heading.push_str(&text);
                } else if let Some(Some(item)) = items.last_mut() {
                    item.push_str(&text);
                }
            }
            Event::SoftBreak | Event::HardBreak => panic!("a line break in a heading or an item:\n{md}"),
            Event::Start(
                Tag::Emphasis | Tag::Strong | Tag::Link { .. } | Tag::BlockQuote(_) | Tag::CodeBlock(_),
            )
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Rule => panic!("markup came out of a poll: {event:?}\n{md}"),
            _ => {}
        }
    }
    out
}

/// The blocks of one poll: its heading's, up to the next heading.
fn poll_blocks(all: &[Block], heading: &str) -> Vec<Block> {
    let start = all
        .iter()
        .position(|b| *b == Block::Heading(3, heading.to_owned()))
        .unwrap_or_else(|| panic!("no heading {heading:?} in {all:#?}"));
    all[start + 1..].iter().take_while(|b| !matches!(b, Block::Heading(..))).cloned().collect()
}

fn items(list: &[(usize, &str)]) -> Vec<Block> {
    list.iter().map(|(depth, text)| Block::Item(*depth, (*text).to_owned())).collect()
}

/// Markdown: after the messages a "Polls" section, a heading per poll (the
/// question escaped: its `*` stays text, its line break a space), its
/// settings, status and "N of M", each option's count and percent with the
/// correct ones marked, a text poll's answers with the hidden one only
/// counted, and each student's answer with right or wrong; none for the
/// anonymous poll.
#[tokio::test]
async fn markdown_has_a_polls_section() {
    let dir = store_support::data_dir();
    let (store, id) = class_with_polls(dir.path()).await;
    let md = export(&store, &id, ExportFormat::Markdown);
    if std::env::var_os("SHOW_TRANSCRIPT").is_some() {
        println!("{md}");
    }
    let all = blocks(&md);
    let headings: Vec<&Block> = all.iter().filter(|b| matches!(b, Block::Heading(..))).collect();
    assert_eq!(
        headings,
        [
            &Block::Heading(1, "Physics 101".into()),
            &Block::Heading(2, "Polls".into()),
            &Block::Heading(3, "Poll 1: Which *planet* is largest?".into()),
            &Block::Heading(3, "Poll 2: Which are gas giants?".into()),
            &Block::Heading(3, "Poll 3: One word for photosynthesis?".into()),
            &Block::Heading(3, "Poll 4: What worries you?".into()),
        ]
    );

    let mut first = poll_blocks(&all, "Poll 1: Which *planet* is largest?");
    let Block::Item(0, opened) = first.remove(1) else { panic!("no opening time in {first:#?}") };
    assert!(opened.starts_with("Opened: ") && opened.ends_with(" (UTC-03:00)"), "{opened}");
    assert_eq!(
        first,
        items(&[
            (0, "One option, quiz (correct options marked), timer of 60 s."),
            (0, "Status: closed, results shown to the class"),
            (0, "Students who answered: 3 of 4"),
            (0, "Results:"),
            (1, "Mars: 1 (33%)"),
            (1, "Jupiter: 2 (67%) — correct"),
            (1, "Venus: 0 (0%)"),
            (0, "Each student's answer:"),
            (1, "=Ada: Jupiter — right"),
            (1, "Bo: Mars — wrong"),
            (1, "Cy — no answer"),
            (1, "Gone: Jupiter — right"),
        ])
    );

    let second = poll_blocks(&all, "Poll 2: Which are gas giants?");
    assert_eq!(
        second[..1],
        items(&[(0, "One or more options, quiz (correct options marked), answers could be changed.")])
    );
    assert_eq!(
        second[2..],
        items(&[
            (0, "Status: closed"),
            (0, "Students who answered: 3 of 3"),
            (0, "Results:"),
            (1, "Saturn: 3 (100%) — correct"),
            (1, "Mars: 0 (0%)"),
            (1, "Neptune: 2 (67%) — correct"),
            (1, "-Earth: 1 (33%)"),
            (0, "Each student's answer:"),
            (1, "=Ada: Saturn; Neptune — right"),
            (1, "Bo: Saturn — wrong"),
            (1, "Cy: Saturn; Neptune; -Earth — wrong"),
        ]),
        "a removed student who did not answer is not listed"
    );

    let third = poll_blocks(&all, "Poll 3: One word for photosynthesis?");
    assert_eq!(third[..1], items(&[(0, "A short text.")]));
    assert_eq!(
        third[2..],
        items(&[
            (0, "Status: closed, results shown to the class"),
            (0, "Students who answered: 4 of 4"),
            (0, "Answers:"),
            (1, "Light: 2"),
            (1, "+sugar: 1"),
            (0, "Answers hidden by the teacher: 1"),
            (0, "Each student's answer:"),
            (1, "=Ada: Light"),
            (1, "Bo: light"),
            (1, "Cy — answer hidden by the teacher"),
            (1, "Gone: +sugar"),
        ])
    );

    let fourth = poll_blocks(&all, "Poll 4: What worries you?");
    assert_eq!(fourth[..1], items(&[(0, "A short text, anonymous (nobody can tell who answered what).")]));
    assert_eq!(
        fourth[2..],
        items(&[
            (0, "Status: still open"),
            (0, "Students who answered: 3 of 3"),
            (0, "Answers:"),
            (1, "exams: 2"),
            (1, format!("{SECRET}: 1").as_str()),
        ]),
        "counts only: no student list"
    );
}

/// JSON: a `polls` array with every poll's facts in English, times in the
/// export's zone, counts, the texts shown (the hidden one left out, only
/// counted), and each student's answer with whether it was right; no
/// `answers` at all for the anonymous poll.
#[tokio::test]
async fn json_has_the_polls() {
    let dir = store_support::data_dir();
    let (store, id) = class_with_polls(dir.path()).await;
    let doc: Value = serde_json::from_str(&export(&store, &id, ExportFormat::Json)).expect("valid JSON");
    let polls = doc["polls"].as_array().expect("polls");
    assert_eq!(polls.len(), 4);
    let first = &polls[0];
    for (key, value) in [
        ("id", json!("q_1")),
        ("question", json!("Which *planet* is largest?")),
        ("kind", json!("single")),
        ("options", json!(["Mars", "Jupiter", "Venus"])),
        ("correct", json!([1])),
        ("quiz", json!(true)),
        ("anonymous", json!(false)),
        ("changes", json!(false)),
        ("status", json!("revealed")),
        ("students", json!(4)),
        ("answered", json!(3)),
        ("counts", json!([1, 2, 0])),
        ("texts", json!([])),
        ("hidden", json!(0)),
    ] {
        assert_eq!(first[key], value, "{key} in {first}");
    }
    let opened: jiff::Timestamp = first["opened_at"].as_str().unwrap().parse().unwrap();
    let closes: jiff::Timestamp = first["closes_at"].as_str().unwrap().parse().unwrap();
    assert!(first["opened_at"].as_str().unwrap().ends_with("-03:00"), "in the export's zone: {first}");
    assert!(first["closes_at"].as_str().unwrap().ends_with("-03:00"), "in the export's zone: {first}");
    assert_eq!(closes.duration_since(opened).as_secs_f64().round(), 60.0);
    assert_eq!(
        first["answers"],
        json!([
            {"participant": "p_2", "name": "=Ada", "answer": {"choices": [1]}, "right": true},
            {"participant": "p_3", "name": "Bo", "answer": {"choices": [0]}, "right": false},
            {"participant": "p_5", "name": "Gone", "answer": {"choices": [1]}, "right": true},
        ])
    );

    let second = &polls[1];
    assert_eq!((&second["status"], &second["changes"]), (&json!("closed"), &json!(true)));
    assert!(second.get("closes_at").is_none(), "no timer: {second}");
    assert_eq!(second["counts"], json!([3, 0, 2, 1]));
    assert_eq!(
        second["answers"],
        json!([
            {"participant": "p_2", "name": "=Ada", "answer": {"choices": [0, 2]}, "right": true},
            {"participant": "p_3", "name": "Bo", "answer": {"choices": [0]}, "right": false},
            {"participant": "p_4", "name": "Cy", "answer": {"choices": [0, 2, 3]}, "right": false},
        ])
    );

    let third = &polls[2];
    assert_eq!(third["kind"], "text");
    assert_eq!(third["question"], "One word for\nphotosynthesis?", "JSON keeps the question as stored");
    assert_eq!(third["texts"], json!([{"text": "Light", "count": 2}, {"text": "+sugar", "count": 1}]));
    assert_eq!((&third["answered"], &third["hidden"]), (&json!(4), &json!(1)));
    assert_eq!(
        third["answers"],
        json!([
            {"participant": "p_2", "name": "=Ada", "answer": {"text": "Light"}},
            {"participant": "p_3", "name": "Bo", "answer": {"text": "light"}},
            {"participant": "p_4", "name": "Cy", "answer": {"hidden": true}},
            {"participant": "p_5", "name": "Gone", "answer": {"text": "+sugar"}},
        ]),
        "no `right` outside quiz questions"
    );

    let fourth = &polls[3];
    assert_eq!((&fourth["anonymous"], &fourth["status"]), (&json!(true), &json!("open")));
    assert_eq!(fourth["answered"], 3);
    assert_eq!(fourth["texts"], json!([{"text": "exams", "count": 2}, {"text": SECRET, "count": 1}]));
    assert!(fourth.get("answers").is_none(), "no answers tied to anyone: {fourth}");
}

/// A spreadsheet's reading of a cell (see store_export.rs): a leading `'`
/// is text; `=`, `+`, `-`, `@` start a formula.
fn is_formula(cell: &str) -> bool {
    !cell.starts_with('\'') && cell.trim_start_matches(['\t', '\r']).starts_with(['=', '+', '-', '@'])
}

/// The gradebook, read back with the `csv` crate: a row per student (the
/// removed one marked), per named poll the answer by its options' text and
/// per quiz question right or not, the score; formula-looking names and
/// answers neutralised; the anonymous poll has no column. In Spanish too.
#[tokio::test]
async fn the_gradebook_reads_back_with_a_csv_parser() {
    let dir = store_support::data_dir();
    let (store, id) = class_with_polls(dir.path()).await;
    let text = export(&store, &id, ExportFormat::Gradebook);
    let Some(body) = text.strip_prefix('\u{feff}') else { panic!("no byte order mark: {text}") };
    let mut reader = csv::Reader::from_reader(body.as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers,
        [
            "name",
            "participant",
            "removed",
            "Poll 1: Which *planet* is largest?",
            "Poll 1: right",
            "Poll 2: Which are gas giants?",
            "Poll 2: right",
            "Poll 3: One word for photosynthesis?",
            "score (right of 2)",
        ]
    );
    let rows: Vec<Vec<String>> =
        reader.records().map(|r| r.unwrap().iter().map(String::from).collect()).collect();
    assert_eq!(
        rows,
        [
            ["'=Ada", "p_2", "0", "Jupiter", "1", "Saturn; Neptune", "1", "Light", "2"],
            ["Bo", "p_3", "0", "Mars", "0", "Saturn", "0", "light", "0"],
            ["Cy", "p_4", "0", "", "", "Saturn; Neptune; -Earth", "0", "answer hidden by the teacher", "0"],
            ["Gone", "p_5", "1", "Jupiter", "1", "", "", "'+sugar", "1"],
        ]
    );
    for cell in rows.iter().flatten().chain(&headers) {
        assert!(!is_formula(cell), "{cell:?} would run as a formula");
    }

    let text = export_in(&store, &id, ExportFormat::Gradebook, ExportLanguage::Spanish);
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers,
        [
            "nombre",
            "participante",
            "retirado",
            "Encuesta 1: Which *planet* is largest?",
            "Encuesta 1: correcta",
            "Encuesta 2: Which are gas giants?",
            "Encuesta 2: correcta",
            "Encuesta 3: One word for photosynthesis?",
            "puntaje (correctas de 2)",
        ]
    );
    let cy = reader.records().nth(2).unwrap().unwrap();
    assert_eq!(&cy[7], "respuesta ocultada por el docente");
}

/// Spanish Markdown: the polls section's labels in Spanish, none left in
/// English; JSON stays the English one.
#[tokio::test]
async fn spanish_polls_read_back_in_spanish() {
    let dir = store_support::data_dir();
    let (store, id) = class_with_polls(dir.path()).await;
    let md = export_in(&store, &id, ExportFormat::Markdown, ExportLanguage::Spanish);
    let all = blocks(&md);
    assert!(all.contains(&Block::Heading(2, "Encuestas".into())), "{md}");
    let first = poll_blocks(&all, "Encuesta 1: Which *planet* is largest?");
    assert_eq!(
        first[0],
        Block::Item(0, "Una opción, con respuestas correctas (marcadas), temporizador de 60 s.".into())
    );
    for expected in [
        (0, "Estado: cerrada, resultados mostrados a la clase"),
        (0, "Estudiantes que respondieron: 3 de 4"),
        (0, "Resultados:"),
        (1, "Jupiter: 2 (67%) — correcta"),
        (0, "Respuesta de cada estudiante:"),
        (1, "=Ada: Jupiter — correcta"),
        (1, "Bo: Mars — incorrecta"),
        (1, "Cy — sin respuesta"),
    ] {
        assert!(first.contains(&items(&[expected])[0]), "{expected:?} in {first:#?}");
    }
    let third = poll_blocks(&all, "Encuesta 3: One word for photosynthesis?");
    assert!(third.contains(&Block::Item(0, "Respuestas ocultadas por el docente: 1".into())), "{third:#?}");
    assert!(third.contains(&Block::Item(1, "Cy — respuesta ocultada por el docente".into())), "{third:#?}");
    let polls = &md[md.find("## Encuestas").unwrap()..];
    for english in
        ["Poll ", "Opened", "Status", "Students", "answered", "Results", "right", "wrong", "hidden"]
    {
        assert!(!polls.contains(english), "{english:?} left in the Spanish polls:\n{polls}");
    }
    assert_eq!(
        export_in(&store, &id, ExportFormat::Json, ExportLanguage::Spanish),
        export(&store, &id, ExportFormat::Json)
    );
}

/// The two promises, checked on every export in both languages: the text
/// the teacher hid is nowhere (in any spelling), and the anonymous answer
/// shares no line, JSON object or CSV row with a student's name.
#[tokio::test]
async fn hidden_and_anonymous_answers_stay_so_everywhere() {
    let dir = store_support::data_dir();
    let (store, id) = class_with_polls(dir.path()).await;
    let names = ["=Ada", "Bo", "Cy", "Gone"];
    for language in [ExportLanguage::English, ExportLanguage::Spanish] {
        for format in [ExportFormat::Markdown, ExportFormat::Csv, ExportFormat::Json, ExportFormat::Gradebook]
        {
            let out = export_in(&store, &id, format, language);
            assert!(
                !out.to_lowercase().contains(&HIDDEN.to_lowercase()),
                "{format:?}: the hidden answer in\n{out}"
            );
            match format {
                ExportFormat::Json => {
                    let doc: Value = serde_json::from_str(&out).unwrap();
                    let mut tied = Vec::new();
                    named_objects(&doc, &mut tied);
                    assert!(!tied.is_empty());
                    for object in tied {
                        assert!(!object.to_string().contains(SECRET), "tied to a name: {object}");
                    }
                }
                ExportFormat::Gradebook | ExportFormat::Csv => {
                    assert!(!out.contains(SECRET) && !out.contains("worries"), "{format:?}:\n{out}");
                }
                _ => {
                    let lines: Vec<&str> = out.lines().filter(|l| l.contains(SECRET)).collect();
                    assert_eq!(lines.len(), 1, "once, in the counts: {out}");
                    for name in names {
                        assert!(!lines[0].contains(name.trim_start_matches('=')), "{name} by {}", lines[0]);
                    }
                }
            }
        }
    }
}

/// Every JSON object that names someone.
fn named_objects<'a>(value: &'a Value, out: &mut Vec<&'a Value>) {
    match value {
        Value::Object(map) => {
            if map.contains_key("name") {
                out.push(value);
            }
            map.values().for_each(|v| named_objects(v, out));
        }
        Value::Array(list) => list.iter().for_each(|v| named_objects(v, out)),
        _ => {}
    }
}

/// A class without polls: no polls section in Markdown, an empty `polls`
/// in JSON, a gradebook of names and a score of 0 of 0.
#[tokio::test]
async fn a_class_without_polls() {
    let dir = store_support::data_dir();
    let store = Store::open(dir.path()).unwrap();
    let mut config = config();
    config.store = Some(store.clone());
    let hub = start(config).await;
    let (teacher, students) = class(&hub, &["Ada"]).await;
    let id = hub.session().id.clone();
    drop((teacher, students));
    hub.shutdown().await.unwrap();
    let md = export(&store, &id, ExportFormat::Markdown);
    assert!(!md.contains("Polls"), "{md}");
    let doc: Value = serde_json::from_str(&export(&store, &id, ExportFormat::Json)).unwrap();
    assert_eq!(doc["polls"], json!([]));
    assert_eq!(doc["messages"], json!([]));
    let text = export(&store, &id, ExportFormat::Gradebook);
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(reader.headers().unwrap(), vec!["name", "participant", "removed", "score (right of 0)"]);
    assert_eq!(rows, [csv::StringRecord::from(vec!["Ada", "p_2", "0", "0"])]);
}

/// `classroom export --format gradebook` writes the same gradebook, to
/// standard output or a file; `--help` offers it.
#[tokio::test]
async fn the_cli_exports_the_gradebook() {
    let dir = store_support::data_dir();
    let (store, id) = class_with_polls(dir.path()).await;
    let data = dir.path().to_str().unwrap();
    let (code, out, err) = store_support::run(&[
        "export",
        &id,
        "--format",
        "gradebook",
        "--language",
        "es",
        "--time-zone",
        ZONE,
        "--data-dir",
        data,
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, export_in(&store, &id, ExportFormat::Gradebook, ExportLanguage::Spanish));
    let file = dir.path().join("grades.csv");
    let (code, _, err) = store_support::run(&[
        "export",
        &id,
        "--format",
        "GRADEBOOK",
        "--time-zone",
        ZONE,
        "--data-dir",
        data,
        "-o",
        file.to_str().unwrap(),
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    assert!(err.contains("Gradebook written to"), "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), export(&store, &id, ExportFormat::Gradebook));
    let (code, out, _) = store_support::run(&["export", "--help"]).await;
    assert_eq!(code, 0);
    assert!(out.contains("gradebook"), "{out}");
    let (code, _, err) = store_support::run(&["export", &id, "--format", "grades", "--data-dir", data]).await;
    assert_eq!(code, 2);
    assert!(err.contains("md, csv, json or gradebook"), "{err}");
}
