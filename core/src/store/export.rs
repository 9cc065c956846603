//! Transcripts of a stored class: Markdown for reading, CSV for
//! spreadsheets, JSON for programs; and the gradebook, a CSV of each
//! student's poll answers. Times are shown in one time zone (the system's,
//! unless another is asked for), and every transcript states it.
//!
//! Markdown and JSON carry the class's polls too (`export/polls.rs`:
//! questions, options, counts, and each student's answer except in
//! anonymous polls) and its private questions, each thread marked private
//! (`export/questions.rs`); the CSV transcript holds the messages only, one
//! a row (a public answer's row without the question it quotes).
//!
//! The human labels (Markdown's lines, CSV's headers and role words) are in
//! the teacher's language ([`ExportLanguage`], a small table here). JSON's
//! keys and values stay English whatever the language: they are for
//! programs, which must read every transcript the same way.
//!
//! CSV cells a spreadsheet would run as a formula (a name, a message or an
//! answer starting with `=`, `+`, `-`, `@`, a tab or a carriage return) are
//! neutralised with a leading `'`, OWASP's rule against CSV injection.
//!
//! A deleted message keeps its place, marked as removed in each format
//! (its text is gone from the store); participants the teacher removed are
//! marked in the participant lists (Markdown, JSON).

use std::io::Write;
use std::path::Path;

use jiff::tz::TimeZone;
use jiff::Timestamp;
use rusqlite::Connection;
use serde::{Deserialize, Serialize};
use serde_json::json;

mod polls;
mod questions;

use super::{role_from, ClassSummary, StoreError, StoreResult};
use crate::ids::participant_id;
use crate::protocol::Role;

/// A transcript's format.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub enum ExportFormat {
    /// Markdown: a heading per day, a paragraph per message.
    #[default]
    Markdown,
    /// CSV (RFC 4180, UTF-8 with a byte order mark so spreadsheets read it
    /// as UTF-8): `seq,time,time_zone,utc_offset,name,role,participant,text`,
    /// the messages only.
    Csv,
    /// JSON: the class, its participants, its messages and its polls.
    Json,
    /// The gradebook, a CSV (as [`ExportFormat::Csv`]) of the polls: a row
    /// per student with `name,participant,removed`, then per poll that is
    /// not anonymous the answer (and for a quiz question whether it was
    /// right, 1 or 0), and the score (right answers of the quiz questions).
    Gradebook,
}

impl ExportFormat {
    /// The usual file extension, without the dot.
    pub fn extension(self) -> &'static str {
        match self {
            Self::Markdown => "md",
            Self::Csv | Self::Gradebook => "csv",
            Self::Json => "json",
        }
    }
}

impl std::str::FromStr for ExportFormat {
    type Err = String;

    fn from_str(text: &str) -> Result<Self, Self::Err> {
        match text.to_ascii_lowercase().as_str() {
            "md" | "markdown" => Ok(Self::Markdown),
            "csv" => Ok(Self::Csv),
            "json" => Ok(Self::Json),
            "gradebook" => Ok(Self::Gradebook),
            other => Err(format!("unknown format {other:?} (md, csv, json or gradebook)")),
        }
    }
}

/// The language of a transcript's human labels: Markdown's lines, CSV's
/// headers and role words. JSON keys stay English in every language (they
/// are for programs). Serialised as `en`, `es`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub enum ExportLanguage {
    /// English (the default, and what an unknown locale gets).
    #[default]
    #[serde(rename = "en")]
    English,
    /// Spanish, as a Latin American teacher writes it.
    #[serde(rename = "es")]
    Spanish,
}

impl ExportLanguage {
    /// The language for a UI's locale (a BCP 47 tag such as `es-MX`): by
    /// its primary language; anything not translated is English.
    pub fn from_locale(locale: &str) -> Self {
        let primary = locale.trim().split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("es") {
            Self::Spanish
        } else {
            Self::English
        }
    }

    fn labels(self) -> &'static Labels {
        match self {
            Self::English => &ENGLISH,
            Self::Spanish => &SPANISH,
        }
    }
}

impl std::str::FromStr for ExportLanguage {
    type Err = String;

    /// `en` or `es` (a locale such as `es-MX` too); any other language is
    /// an error here, unlike [`ExportLanguage::from_locale`]: whoever types
    /// it wants to know it is not translated.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        let primary = text.trim().split(['-', '_']).next().unwrap_or_default().to_ascii_lowercase();
        match primary.as_str() {
            "en" => Ok(Self::English),
            "es" => Ok(Self::Spanish),
            _ => Err(format!("unknown language {text:?} (en or es)")),
        }
    }
}

/// How to export a transcript.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct ExportOptions {
    /// The format.
    pub format: ExportFormat,
    /// An IANA time zone name (e.g. `Europe/Madrid`); `None` for the
    /// system's time zone (`TZ`, else the system setting).
    pub time_zone: Option<String>,
    /// The language of the human labels (JSON keys stay English).
    #[serde(default)]
    pub language: ExportLanguage,
}

/// A transcript's human labels in one language. JSON has none: its keys
/// and values are for programs and stay English.
struct Labels {
    teacher: &'static str,
    started: &'static str,
    ended: &'static str,
    not_ended: &'static str,
    session: &'static str,
    /// Before the time zone's name, which ends the sentence.
    times_in_zone: &'static str,
    participants: &'static str,
    removed_and_banned: &'static str,
    removed: &'static str,
    messages: &'static str,
    /// In place of a deleted message's text.
    message_removed: &'static str,
    /// A role word, in participant lists and CSV's role column.
    student_role: &'static str,
    teacher_role: &'static str,
    /// CSV's header row.
    csv_headers: [&'static str; 8],
    /// Markdown's polls section and the gradebook's labels.
    polls: &'static polls::PollLabels,
    /// Markdown's private questions.
    questions: &'static questions::QuestionLabels,
}

const ENGLISH: Labels = Labels {
    teacher: "Teacher",
    started: "Started",
    ended: "Ended",
    not_ended: "not ended by the teacher",
    session: "Session",
    times_in_zone: "Times are in the time zone",
    participants: "Participants",
    removed_and_banned: "removed and banned by the teacher",
    removed: "removed by the teacher",
    message_removed: "(message removed)",
    messages: "Messages",
    student_role: "student",
    teacher_role: "teacher",
    csv_headers: ["seq", "time", "time_zone", "utc_offset", "name", "role", "participant", "text"],
    polls: &polls::ENGLISH,
    questions: &questions::ENGLISH,
};

const SPANISH: Labels = Labels {
    teacher: "Docente",
    started: "Inicio",
    ended: "Fin",
    not_ended: "el docente no terminó la clase",
    session: "Sesión",
    times_in_zone: "Las horas están en la zona horaria",
    participants: "Participantes",
    removed_and_banned: "retirado de la clase y bloqueado por el docente",
    removed: "retirado de la clase por el docente",
    message_removed: "(mensaje eliminado)",
    messages: "Mensajes",
    student_role: "estudiante",
    teacher_role: "docente",
    csv_headers: [
        "n.º",
        "fecha y hora",
        "zona horaria",
        "diferencia con UTC",
        "nombre",
        "rol",
        "participante",
        "texto",
    ],
    polls: &polls::SPANISH,
    questions: &questions::SPANISH,
};

impl Labels {
    fn role(&self, role: Role) -> &'static str {
        match role {
            Role::Teacher => self.teacher_role,
            Role::Student => self.student_role,
        }
    }
}

/// A time zone and how transcripts name it.
struct Zone {
    tz: TimeZone,
    name: String,
}

impl Zone {
    fn new(name: Option<&str>) -> StoreResult<Self> {
        let tz = match name {
            Some(name) => TimeZone::get(name).map_err(|_| StoreError::TimeZone(name.to_owned()))?,
            None => TimeZone::system(),
        };
        let name = match tz.iana_name() {
            Some(name) => name.to_owned(),
            None => format!("UTC{}", offset_text(tz.to_offset(Timestamp::now()))),
        };
        Ok(Self { tz, name })
    }

    /// `(2026-11-25, 23:07:12, +01:00, 2026-11-25T23:07:12.872+01:00)` for an RFC 3339 time.
    fn local(&self, rfc3339: &str) -> (String, String, String, String) {
        let Ok(at) = rfc3339.parse::<Timestamp>() else {
            return (String::new(), rfc3339.to_owned(), String::new(), rfc3339.to_owned());
        };
        let dt = self.tz.to_datetime(at);
        let offset = offset_text(self.tz.to_offset(at));
        let date = format!("{:04}-{:02}-{:02}", dt.year(), dt.month(), dt.day());
        let time = format!("{:02}:{:02}:{:02}", dt.hour(), dt.minute(), dt.second());
        let full = format!("{date}T{time}.{:03}{offset}", dt.millisecond());
        (date, time, offset, full)
    }
}

/// `+01:00`, `-03:30`, `+00:00`.
fn offset_text(offset: jiff::tz::Offset) -> String {
    let seconds = offset.seconds();
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60)
}

/// A message row as the export reads it.
struct Row {
    seq: u64,
    sender: usize,
    name: String,
    role: Role,
    text: String,
    ts: String,
    /// Deleted: its text is gone; the export says so in its place.
    removed: bool,
    /// The private question a public answer quotes: its text, and the
    /// asker's name when the teacher showed it.
    quote: Option<(String, Option<String>)>,
}

/// A participant as the export lists it.
struct Person {
    index: usize,
    name: String,
    role: Role,
    removed: bool,
    banned: bool,
}

pub(super) fn write(
    conn: &Connection,
    path: &Path,
    class: &ClassSummary,
    options: &ExportOptions,
    out: &mut dyn Write,
) -> StoreResult<()> {
    let zone = Zone::new(options.time_zone.as_deref())?;
    let fail = |err| StoreError::sqlite(path, err);
    let people = participants(conn, &class.id).map_err(fail)?;
    let mut statement = conn
        .prepare(
            "SELECT m.seq, m.sender, p.name, p.role, m.text, m.ts, m.removed, m.quote_text, m.quote_name
             FROM messages m JOIN participants p ON p.session_id = m.session_id AND p.idx = m.sender
             WHERE m.session_id = ?1 ORDER BY m.seq",
        )
        .map_err(fail)?;
    let mut rows = statement.query([&class.id]).map_err(fail)?;
    let mut next = move || -> StoreResult<Option<Row>> {
        let Some(row) = rows.next().map_err(fail)? else { return Ok(None) };
        let sender: i64 = row.get(1).map_err(fail)?;
        Ok(Some(Row {
            seq: row.get(0).map_err(fail)?,
            sender: usize::try_from(sender).unwrap_or(usize::MAX),
            name: row.get(2).map_err(fail)?,
            role: role_from(&row.get::<_, String>(3).map_err(fail)?),
            text: row.get(4).map_err(fail)?,
            ts: row.get(5).map_err(fail)?,
            removed: row.get(6).map_err(fail)?,
            quote: row
                .get::<_, Option<String>>(7)
                .map_err(fail)?
                .map(|text| Ok::<_, StoreError>((text, row.get(8).map_err(fail)?)))
                .transpose()?,
        }))
    };
    let mut out = std::io::BufWriter::new(out);
    let labels = options.language.labels();
    let polls = || -> StoreResult<Vec<polls::Shown>> {
        Ok(polls::shown(super::polls::load(conn, &class.id).map_err(fail)?, &people))
    };
    let asked = || super::questions::load(conn, &class.id).map_err(fail);
    match options.format {
        ExportFormat::Markdown => {
            markdown(class, &people, &zone, labels, &mut next, &mut out)?;
            polls::markdown(&polls()?, &people, &zone, labels, &mut out)?;
            let teacher = labels.teacher;
            questions::markdown(&asked()?, &people, &zone, labels.questions, teacher, &mut out)?;
        }
        ExportFormat::Csv => csv(&zone, labels, &mut next, &mut out)?,
        ExportFormat::Json => {
            let asked = questions::json(&asked()?, &people, &zone);
            json(class, &people, &zone, (&polls()?, &asked), &mut next, &mut out)?;
        }
        ExportFormat::Gradebook => polls::gradebook(&polls()?, &people, labels, &mut out)?,
    }
    out.flush().map_err(StoreError::Export)
}

fn participants(conn: &Connection, session: &str) -> rusqlite::Result<Vec<Person>> {
    let mut statement = conn.prepare(
        "SELECT idx, name, role, removed, banned FROM participants WHERE session_id = ?1 ORDER BY idx",
    )?;
    let rows = statement.query_map([session], |row| {
        Ok(Person {
            index: usize::try_from(row.get::<_, i64>(0)?).unwrap_or(usize::MAX),
            name: row.get(1)?,
            role: role_from(&row.get::<_, String>(2)?),
            removed: row.get(3)?,
            banned: row.get(4)?,
        })
    })?;
    rows.collect()
}

/// A role as JSON states it: English, for programs.
fn role_word(role: Role) -> &'static str {
    super::role_text(role)
}

fn markdown(
    class: &ClassSummary,
    people: &[Person],
    zone: &Zone,
    labels: &Labels,
    next: &mut dyn FnMut() -> StoreResult<Option<Row>>,
    out: &mut dyn Write,
) -> StoreResult<()> {
    let io = StoreError::Export;
    let (start_date, start_time, start_offset, _) = zone.local(&class.started_at);
    writeln!(out, "# {}\n", md_escape(&class.class)).map_err(io)?;
    writeln!(out, "- {}: {}", labels.teacher, md_escape(&class.teacher)).map_err(io)?;
    writeln!(out, "- {}: {start_date} {start_time} (UTC{start_offset})", labels.started).map_err(io)?;
    match &class.ended_at {
        Some(ended) => {
            let (date, time, offset, _) = zone.local(ended);
            writeln!(out, "- {}: {date} {time} (UTC{offset})", labels.ended).map_err(io)?;
        }
        None => writeln!(out, "- {}: {}", labels.ended, labels.not_ended).map_err(io)?,
    }
    writeln!(out, "- {}: `{}`", labels.session, class.id).map_err(io)?;
    writeln!(out, "- {} {}.", labels.times_in_zone, md_escape(&zone.name)).map_err(io)?;
    writeln!(out, "- {}:", labels.participants).map_err(io)?;
    for person in people {
        let note = match (person.removed, person.banned) {
            (true, true) => format!(" — {}", labels.removed_and_banned),
            (true, false) => format!(" — {}", labels.removed),
            _ => String::new(),
        };
        // The name starts a list item's text: a name such as "- Bo" or
        // "1. Cy" would start a list of its own there.
        writeln!(
            out,
            "  - {} ({}, {}){note}",
            md_escape_line_start(&md_escape(&person.name)),
            labels.role(person.role),
            participant_id(person.index)
        )
        .map_err(io)?;
    }
    writeln!(out, "- {}: {}", labels.messages, class.messages).map_err(io)?;
    let mut day = String::new();
    while let Some(row) = next()? {
        let (date, time, _, _) = zone.local(&row.ts);
        if date != day {
            writeln!(out, "\n## {date}").map_err(io)?;
            day = date;
        }
        let role =
            if row.role == Role::Teacher { format!(" ({})", labels.teacher_role) } else { String::new() };
        write!(out, "\n**{time}** · **{}**{role}: ", md_escape(&row.name)).map_err(io)?;
        if row.removed {
            writeln!(out, "_{}_", labels.message_removed).map_err(io)?;
            continue;
        }
        if let Some((question, name)) = &row.quote {
            let asker = name.as_deref().map(|name| format!(" ({})", md_escape(name))).unwrap_or_default();
            // The question on one line, its own lines joined by spaces.
            let question = question.split_whitespace().collect::<Vec<_>>().join(" ");
            writeln!(out, "_{}{asker}:_ “{}”\\", labels.questions.quoted, md_escape(&question))
                .map_err(io)?;
        }
        paragraph(&row.text, "", row.quote.is_none(), out)?;
    }
    Ok(())
}

/// `text` as one Markdown paragraph, each line after `prefix` (`"> "` for
/// a quote), its lines joined by hard breaks (a trailing backslash): blank
/// lines would end the paragraph, and a carriage return alone ends a line
/// in Markdown as a line feed does. With `inline`, the first line follows
/// text on its line, where it cannot start a block.
fn paragraph(text: &str, prefix: &str, inline: bool, out: &mut dyn Write) -> StoreResult<()> {
    let io = StoreError::Export;
    let lines: Vec<&str> = text.split(['\n', '\r']).filter(|line| !line.trim().is_empty()).collect();
    for (n, line) in lines.iter().enumerate() {
        let escaped = md_escape(line.trim_end());
        if n == 0 && inline {
            write!(out, "{escaped}").map_err(io)?;
        } else {
            let escaped = md_escape_line_start(&escaped);
            let joint = if n == 0 { "" } else { "\\\n" };
            write!(out, "{joint}{prefix}{escaped}").map_err(io)?;
        }
    }
    writeln!(out).map_err(io)
}

/// Escapes what Markdown would read as markup anywhere in a line.
fn md_escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        if matches!(c, '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '&' | '~' | '|' | '#') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes what Markdown would read as a block start at the beginning of a
/// line (a list item, a heading underline, an ordered list number).
fn md_escape_line_start(line: &str) -> String {
    let trimmed = line.trim_start();
    let indent = &line[..line.len() - trimmed.len()];
    if trimmed.starts_with(['-', '+', '=']) {
        return format!("{indent}\\{trimmed}");
    }
    let digits = trimmed.bytes().take_while(u8::is_ascii_digit).count();
    if digits > 0 && trimmed[digits..].starts_with(['.', ')']) {
        return format!("{indent}{}\\{}", &trimmed[..digits], &trimmed[digits..]);
    }
    line.to_owned()
}

fn csv(
    zone: &Zone,
    labels: &Labels,
    next: &mut dyn FnMut() -> StoreResult<Option<Row>>,
    out: &mut dyn Write,
) -> StoreResult<()> {
    let io = StoreError::Export;
    // A byte order mark: spreadsheet programs otherwise guess a legacy
    // encoding and garble every accent.
    out.write_all("\u{feff}".as_bytes()).map_err(io)?;
    // Quoting as needed is enough against injection through a separator: a
    // field holding a comma or a newline is quoted whole, so no text can
    // start a cell of its own; only a cell's own first character matters.
    let mut writer = ::csv::Writer::from_writer(out);
    let csv_err = |err: ::csv::Error| StoreError::Export(std::io::Error::other(err));
    writer.write_record(labels.csv_headers).map_err(csv_err)?;
    while let Some(row) = next()? {
        let (date, time, offset, _) = zone.local(&row.ts);
        writer
            .write_record([
                row.seq.to_string().as_str(),
                &format!("{date} {time}"),
                &zone.name,
                &offset,
                &spreadsheet_text(&row.name),
                labels.role(row.role),
                &participant_id(row.sender),
                &spreadsheet_text(if row.removed { labels.message_removed } else { &row.text }),
            ])
            .map_err(csv_err)?;
    }
    writer.flush().map_err(io)
}

/// A name or a message as a CSV cell a spreadsheet shows as text: one that
/// starts with `=`, `+`, `-`, `@`, a tab or a carriage return would be run
/// as a formula (`=HYPERLINK(…)`, `@SUM(…)`), so it gets a leading `'`,
/// which spreadsheets read as "text follows" and do not show (OWASP's rule
/// against CSV injection). Every other cell is written as it is. The cells
/// Classroom writes itself (times, offsets, ids) are never neutralised: a
/// `-03:00` offset is data, not a peer's text.
fn spreadsheet_text(text: &str) -> std::borrow::Cow<'_, str> {
    if text.starts_with(['=', '+', '-', '@', '\t', '\r']) {
        std::borrow::Cow::Owned(format!("'{text}"))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

fn json(
    class: &ClassSummary,
    people: &[Person],
    zone: &Zone,
    (polls, asked): (&[polls::Shown], &[serde_json::Value]),
    next: &mut dyn FnMut() -> StoreResult<Option<Row>>,
    out: &mut dyn Write,
) -> StoreResult<()> {
    let io = StoreError::Export;
    let participants: Vec<_> = people
        .iter()
        .map(|p| {
            json!({
                "id": participant_id(p.index),
                "name": p.name,
                "role": role_word(p.role),
                "removed": p.removed,
                "banned": p.banned,
            })
        })
        .collect();
    let head = json!({
        "session": class.id,
        "class": class.class,
        "teacher": class.teacher,
        "started_at": zone.local(&class.started_at).3,
        "ended_at": class.ended_at.as_deref().map(|ended| zone.local(ended).3),
        "time_zone": zone.name,
        "participants": participants,
    });
    // The head's fields, then the messages streamed one a line.
    let head = serde_json::to_string(&head).map_err(|err| StoreError::Export(err.into()))?;
    let head = head.strip_suffix('}').unwrap_or(&head);
    write!(out, "{head},\"messages\":[").map_err(io)?;
    let mut first = true;
    while let Some(row) = next()? {
        let mut message = json!({
            "seq": row.seq,
            "time": zone.local(&row.ts).3,
            "utc": row.ts,
            "from": {"id": participant_id(row.sender), "name": row.name, "role": role_word(row.role)},
            "text": row.text,
        });
        if row.removed {
            message["removed"] = json!(true);
        }
        if let Some((text, name)) = &row.quote {
            message["quote"] = json!({"text": text, "name": name});
        }
        let separator = if first { "" } else { "," };
        first = false;
        writeln!(out, "{separator}").map_err(io)?;
        serde_json::to_writer(&mut *out, &message).map_err(|err| StoreError::Export(err.into()))?;
    }
    // Then the polls, one a line.
    write!(out, "\n],\"polls\":[").map_err(io)?;
    for (n, poll) in polls::json(polls, people, zone).iter().enumerate() {
        writeln!(out, "{}", if n == 0 { "" } else { "," }).map_err(io)?;
        serde_json::to_writer(&mut *out, poll).map_err(|err| StoreError::Export(err.into()))?;
    }
    // Then the private questions, one a line.
    write!(out, "\n],\"questions\":[").map_err(io)?;
    for (n, question) in asked.iter().enumerate() {
        writeln!(out, "{}", if n == 0 { "" } else { "," }).map_err(io)?;
        serde_json::to_writer(&mut *out, question).map_err(|err| StoreError::Export(err.into()))?;
    }
    writeln!(out, "\n]}}").map_err(io)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_escapes_markup() {
        assert_eq!(md_escape("*hi* [x](y) <b> a_b"), "\\*hi\\* \\[x\\](y) \\<b\\> a\\_b");
        assert_eq!(md_escape_line_start("- item"), "\\- item");
        assert_eq!(md_escape_line_start("12. twelve"), "12\\. twelve");
        assert_eq!(md_escape_line_start("plain"), "plain");
    }

    /// A carriage return alone ends a line in Markdown, as a line feed
    /// does: each stays inside the message's paragraph as a hard break, and
    /// neither it nor a participant's name starts a block of its own.
    #[test]
    fn carriage_returns_and_list_like_names_stay_text() {
        let class = ClassSummary {
            id: "s".into(),
            class: "C".into(),
            teacher: "T".into(),
            started_at: "2026-11-25T10:00:00Z".into(),
            ended_at: None,
            last_active_at: "2026-11-25T10:00:00Z".into(),
            messages: 1,
            participants: 1,
        };
        let people =
            [Person { index: 1, name: "- Bo".into(), role: Role::Student, removed: false, banned: false }];
        let zone = Zone::new(Some("UTC")).unwrap();
        let mut rows = vec![Row {
            seq: 1,
            sender: 1,
            name: "- Bo".into(),
            role: Role::Student,
            text: "one\r\r\r- two\r===\r\nthree".into(),
            ts: "2026-11-25T10:00:00Z".into(),
            removed: false,
            quote: None,
        }];
        let mut next = || Ok(rows.pop());
        let mut out = Vec::new();
        markdown(&class, &people, &zone, &ENGLISH, &mut next, &mut out).unwrap();
        let md = String::from_utf8(out).unwrap();
        assert!(md.contains("  - \\- Bo (student, p_2)"), "{md}");
        assert!(md.ends_with(": one\\\n\\- two\\\n\\===\\\nthree\n"), "{md}");
        assert!(!md.contains('\r'));
    }

    /// OWASP's list of formula starts gets a leading quote; nothing else changes.
    #[test]
    fn formula_starts_are_neutralised() {
        for text in ["=1+1", "+1", "-1", "@SUM(A1)", "\tx", "\rx"] {
            assert_eq!(spreadsheet_text(text), format!("'{text}"));
        }
        for text in ["", "hi", "a=1", " =1", "'quoted", "1-2"] {
            assert_eq!(spreadsheet_text(text), text);
        }
    }

    /// Every locale tag picks its language by the primary subtag; the
    /// command line refuses what is not translated.
    #[test]
    fn languages_come_from_locales() {
        assert_eq!(ExportLanguage::from_locale("es-MX"), ExportLanguage::Spanish);
        assert_eq!(ExportLanguage::from_locale("ES"), ExportLanguage::Spanish);
        assert_eq!(ExportLanguage::from_locale("es_419"), ExportLanguage::Spanish);
        assert_eq!(ExportLanguage::from_locale("en-GB"), ExportLanguage::English);
        assert_eq!(ExportLanguage::from_locale("pt-BR"), ExportLanguage::English);
        assert_eq!(ExportLanguage::from_locale(""), ExportLanguage::English);
        assert_eq!("es".parse::<ExportLanguage>(), Ok(ExportLanguage::Spanish));
        assert_eq!("en".parse::<ExportLanguage>(), Ok(ExportLanguage::English));
        assert!("fr".parse::<ExportLanguage>().is_err());
    }

    #[test]
    fn times_are_shown_in_the_zone() {
        let zone = Zone::new(Some("America/Sao_Paulo")).unwrap();
        let (date, time, offset, full) = zone.local("2026-11-25T22:07:11.88Z");
        assert_eq!((date.as_str(), time.as_str(), offset.as_str()), ("2026-11-25", "19:07:11", "-03:00"));
        assert_eq!(full, "2026-11-25T19:07:11.880-03:00");
        assert_eq!(zone.name, "America/Sao_Paulo");
        assert!(Zone::new(Some("Mars/Olympus")).is_err());
    }
}
