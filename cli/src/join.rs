//! `classroom join`: the terminal client. Joins by address or by a class's
//! name on the LAN (`--find`), prints the class as it happens, sends the
//! lines typed, answers polls (`/answer`), raises a hand (`/hand`), asks
//! the teacher privately (`/ask`), and takes the teacher's commands
//! (`/poll`, `/close`, `/reveal`, `/remove`, `/remove-offline`, `/lower`,
//! `/mute`, `/unmute`, `/lock`, `/unlock`, `/slow`, `/reply`, `/reply-all`,
//! `/questions`, `/end`).

mod polls;
mod questions;
mod room;

use std::collections::HashMap;
use std::io::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use anyhow::{bail, Context, Result};
use clap::Args;
use classroom_core::client::{self, ClientConfig, ClientEvent, CloseReason, ConnectionState, JoinAs};
use classroom_core::discovery::{self, BrowseConfig};
use classroom_core::hosting::hub_url;
use classroom_core::protocol::{ChatEntry, LeftReason, Role};
use tokio::io::AsyncBufReadExt;

use crate::discover::{describe_compatibility, seconds};

#[derive(Args)]
pub struct JoinArgs {
    /// The hub: ws://HOST:PORT/ws, or just HOST:PORT.
    #[arg(required_unless_present = "find")]
    url: Option<String>,
    /// Find the class by name on the LAN (mDNS) instead of giving its address.
    #[arg(long, value_name = "CLASS", conflicts_with = "url")]
    find: Option<String>,
    /// Seconds to look for the class given with --find.
    #[arg(long, default_value_t = 5.0, requires = "find")]
    find_timeout: f64,
    /// Your display name (students).
    #[arg(long, required_unless_present = "token_file")]
    name: Option<String>,
    /// The class code.
    #[arg(long)]
    code: Option<String>,
    /// Join as the teacher with the host token in this file.
    #[arg(long, conflicts_with = "name")]
    token_file: Option<PathBuf>,
}

/// `classroom join`.
pub async fn run(args: JoinArgs) -> Result<ExitCode> {
    let join = match (&args.token_file, args.name) {
        (Some(path), _) => {
            let token =
                std::fs::read_to_string(path).with_context(|| format!("cannot read {}", path.display()))?;
            JoinAs::Teacher { token: token.trim().to_owned() }
        }
        (None, Some(name)) => JoinAs::Student { name, code: args.code },
        (None, None) => bail!("give --name (student) or --token-file (teacher)"),
    };
    let url = match (&args.url, &args.find) {
        (Some(url), _) => hub_url(url)
            .with_context(|| format!("not a hub address: {url:?} (give HOST:PORT, or ws://HOST:PORT/ws)"))?,
        (None, Some(name)) => find_class(name, seconds(args.find_timeout)?).await?,
        (None, None) => bail!("give the hub's address, or --find CLASS"),
    };
    let (client, mut events) = client::connect(ClientConfig::new(url, join))?;
    let mut stdin = tokio::io::BufReader::new(tokio::io::stdin()).lines();
    let mut names = HashMap::new();
    let mut polls = polls::Polls::default();
    let mut room = room::Room::default();
    let mut questions = questions::Questions::default();
    let mut stdin_open = true;
    loop {
        tokio::select! {
            event = events.next() => {
                let Some(event) = event else { return Ok(ExitCode::SUCCESS) };
                let lines = questions.lines(&event);
                if let Some(lines) = lines.or_else(|| polls.lines(&event)).or_else(|| room.lines(&event, &names)) {
                    for line in lines {
                        println!("{line}");
                    }
                    let _ = std::io::stdout().flush();
                    continue;
                }
                if let Some(code) = print_event(event, &mut names) {
                    return Ok(code);
                }
            }
            line = stdin.next_line(), if stdin_open => match line {
                Ok(Some(line)) => unless_closed(command_line(&client, &mut polls, line.trim()).await)?,
                Ok(None) | Err(_) => {
                    stdin_open = false;
                    unless_closed(client.leave().await.map_err(anyhow::Error::from))?;
                }
            },
        }
    }
}

/// `result`, with "the client is closed" taken as done: the client closes
/// when the class ends or the hub lets go of it, and a line typed (or the
/// end of the input) at that moment comes after; the event of the closing,
/// still to be read, says how the class ended and sets the exit code.
fn unless_closed(result: Result<()>) -> Result<()> {
    match result {
        Err(err)
            if matches!(err.downcast_ref::<classroom_core::Error>(), Some(classroom_core::Error::Closed)) =>
        {
            Ok(())
        }
        other => other,
    }
}

/// Browses until a class named `name` with an address shows up, then
/// returns the URL of its first address that connects.
async fn find_class(name: &str, wait: Duration) -> Result<String> {
    let (browser, mut events) = discovery::browse(BrowseConfig::default())?;
    let deadline = tokio::time::Instant::now() + wait;
    let matching = |browser: &discovery::Browser| {
        browser.classes().into_iter().find(|c| c.matches(name) && c.is_joinable())
    };
    let mut found = None;
    // Resolutions come in pieces, often IPv6 first: once the class shows
    // up, give its routable IPv4 address (tried first) a moment to follow.
    let mut settle_until = deadline;
    loop {
        found = matching(&browser).or(found);
        if let Some(class) = &found {
            if class.has_routable_ipv4() {
                break;
            }
            settle_until = settle_until.min(tokio::time::Instant::now() + Duration::from_secs(1));
        }
        match tokio::time::timeout_at(settle_until, events.next()).await {
            Ok(Some(_)) => {}
            Ok(None) | Err(_) => break,
        }
    }
    let others = browser.classes();
    if let Err(err) = browser.shutdown().await {
        tracing::warn!(cause = %err, "stopping the mDNS browser");
    }
    let Some(class) = found else {
        if let Some(class) = others.iter().find(|class| class.matches(name)) {
            bail!("found “{}”, but {}", class.name, describe_compatibility(class));
        }
        bail!(
            "no class called “{name}” found on the LAN within {} s; ask the teacher for the address",
            wait.as_secs_f64()
        );
    };
    let url = discovery::reachable_url(&class, Duration::from_secs(3)).await?;
    println!("* found “{}” at {url}", class.name);
    Ok(url)
}

/// A typed line: a message, or `/answer …`, `/poll …`, `/close`,
/// `/reveal`, `/end`, `/remove ID [ban]`, `/remove-offline`, `/quit`, or
/// one of the room's commands ([`room::command`]).
async fn command_line(client: &client::ClientHandle, polls: &mut polls::Polls, line: &str) -> Result<()> {
    let mut words = line.split_whitespace();
    match words.next() {
        None => {}
        Some("/answer") => match polls.answer(line.trim_start_matches("/answer")) {
            Ok((poll, answer)) => {
                client.answer_poll(poll, answer).await?;
            }
            Err(problem) => println!("! {problem}"),
        },
        Some("/poll") => match polls::Polls::draft(line.trim_start_matches("/poll")) {
            Ok(draft) => client.open_poll(draft).await?,
            Err(usage) => println!("! {usage}"),
        },
        Some(verb @ ("/close" | "/reveal")) => match polls.newest() {
            Ok(poll) if verb == "/close" => client.close_poll(poll).await?,
            Ok(poll) => client.reveal_poll(poll).await?,
            Err(problem) => println!("! {problem}"),
        },
        Some("/quit") => client.leave().await?,
        Some("/end") => client.end_session().await?,
        Some("/remove-offline") => client.remove_offline().await?,
        Some("/remove") => match words.next() {
            Some(id) => client.remove_student(id, words.next() == Some("ban")).await?,
            None => println!("! usage: /remove PARTICIPANT_ID [ban]"),
        },
        Some(verb) if verb.starts_with('/') && room::command(client, verb, &line[verb.len()..]).await? => {}
        Some(verb)
            if verb.starts_with('/') && questions::command(client, verb, &line[verb.len()..]).await? => {}
        Some(_) => match client.send(line).await {
            Ok(_) => {}
            Err(err) => println!("! not sent: {err}"),
        },
    }
    Ok(())
}

/// One message as printed: time, the sender's role in a column of its own
/// (before the name, so no name can pose as the teacher: a student called
/// "teacher Mrs. Núñez" prints as `student teacher Mrs. Núñez`), the name
/// on one line, and the text with every line after the first indented, so
/// no text can forge a line of its own. Both are [`printable`].
pub(crate) fn message_line(entry: &ChatEntry) -> String {
    let time = entry.ts.get(11..16).unwrap_or("");
    let role = if entry.from.role == Role::Teacher { "teacher" } else { "student" };
    let name = one_line(&entry.from.name);
    if entry.removed {
        return format!("[{time}] {role} {name}: (message removed)");
    }
    let text = printable(&entry.text).replace('\n', "\n        ");
    if let Some(quote) = &entry.quote {
        let asker = quote.name.as_deref().map(|name| format!(" from {}", one_line(name))).unwrap_or_default();
        return format!(
            "[{time}] {role} {name}: (a private question{asker}: “{}”) {text}",
            one_line(&quote.text)
        );
    }
    format!("[{time}] {role} {name}: {text}")
}

/// Text from the network made safe for a terminal: control characters
/// (ESC and the rest of C0 and C1, which start escape sequences that set
/// the window title, write the clipboard or clear the screen) and
/// invisible format characters (bidi overrides, zero-width ones) are
/// dropped; line and paragraph separators become a newline.
fn printable(text: &str) -> String {
    text.chars()
        .filter_map(|c| match c {
            '\n' | '\u{2028}' | '\u{2029}' => Some('\n'),
            '\t' => Some(' '),
            c if c.is_control() || is_format(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Text from the network on one line, [`printable`].
fn one_line(text: &str) -> String {
    printable(text).replace('\n', " ")
}

/// Unicode format characters (category Cf) a terminal would act on or hide.
fn is_format(c: char) -> bool {
    matches!(c,
        '\u{AD}' | '\u{61C}' | '\u{180E}' | '\u{200B}'..='\u{200F}' | '\u{202A}'..='\u{202E}'
        | '\u{2060}'..='\u{2064}' | '\u{2066}'..='\u{206F}' | '\u{FEFF}' | '\u{FFF9}'..='\u{FFFB}')
}

/// Prints one event; returns an exit code once the client is closed for good.
fn print_event(event: ClientEvent, names: &mut HashMap<String, (String, bool)>) -> Option<ExitCode> {
    match event {
        ClientEvent::State(ConnectionState::Connecting) => println!("* connecting…"),
        ClientEvent::State(ConnectionState::Connected) => {}
        ClientEvent::State(ConnectionState::Reconnecting { attempt }) => {
            println!("* reconnecting… (attempt {attempt})");
        }
        ClientEvent::State(ConnectionState::Closed(reason)) => {
            let (text, code) = match reason {
                CloseReason::Left => ("you left the class".to_owned(), 0),
                CloseReason::Ended => ("session ended by the teacher".to_owned(), 0),
                CloseReason::Removed => ("you were removed from the class".to_owned(), 3),
                CloseReason::Replaced => ("you joined from somewhere else; this copy stops".to_owned(), 4),
                CloseReason::Refused { code, message } => {
                    (format!("could not join: {} ({code})", one_line(&message)), 2)
                }
                _ => ("closed".to_owned(), 1),
            };
            println!("* {text}");
            return Some(ExitCode::from(code));
        }
        ClientEvent::Welcome { you, session, .. } => {
            let (class, teacher, me) =
                (one_line(&session.class), one_line(&session.teacher), one_line(&you.name));
            println!("* joined “{class}” ({teacher}) as {me} [{}]", you.id);
        }
        ClientEvent::Roster(participants) => {
            names.clear();
            let online: Vec<String> =
                participants.iter().filter(|p| p.online).map(|p| one_line(&p.name)).collect();
            println!("* online ({}): {}", online.len(), online.join(", "));
            for p in participants {
                names.insert(p.id, (p.name, p.online));
            }
        }
        ClientEvent::Participant(p) => {
            let was_online = names.get(&p.id).is_some_and(|(_, online)| *online);
            if p.online && !was_online {
                println!("* {} joined", one_line(&p.name));
            }
            if let Some((old, _)) = names.get(&p.id).filter(|(old, _)| *old != p.name) {
                println!("* the teacher renamed {} to {}", one_line(old), one_line(&p.name));
            }
            names.insert(p.id, (p.name, p.online));
        }
        ClientEvent::ParticipantLeft { id, reason } => {
            let name = match names.get_mut(&id) {
                Some((name, online)) => {
                    *online = false;
                    name.clone()
                }
                None => id,
            };
            let how = match reason {
                LeftReason::Left => "left",
                LeftReason::Removed => "was removed",
                LeftReason::Timeout => "dropped out",
            };
            println!("* {} {how}", one_line(&name));
        }
        ClientEvent::Message(entry) => println!("{}", message_line(&entry)),
        ClientEvent::Refused { message, .. } => println!("! {}", one_line(&message)),
        ClientEvent::Typing { .. } | ClientEvent::Acked { .. } => {}
        ClientEvent::Gap { from, to } => println!("* messages {from}–{to} are no longer available"),
        _ => {}
    }
    let _ = std::io::stdout().flush();
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use classroom_core::protocol::Identity;

    fn entry(name: &str, role: Role, text: &str) -> ChatEntry {
        ChatEntry {
            seq: 1,
            id: "m_1".into(),
            client_id: "c-1".into(),
            from: Identity { id: "p_2".into(), name: name.into(), role },
            text: text.into(),
            ts: "2026-12-02T10:02:00Z".into(),
            removed: false,
            reactions: Vec::new(),
            quote: None,
        }
    }

    /// Finding 8: escape sequences in a message reached the terminal, a
    /// newline forged a line from the teacher, and a student's name could
    /// read as the teacher's.
    #[test]
    fn messages_cannot_reach_the_terminal_or_pose_as_the_teacher() {
        let title = "\u{1b}]0;pwned\u{7}hi \u{1b}]52;c;ZWNobyBvd25lZA==\u{7}\u{1b}[2J\u{9b}31m";
        let line = message_line(&entry("Ada", Role::Student, title));
        assert!(!line.chars().any(|c| c.is_control()), "{line:?}");
        assert_eq!(line, "[10:02] student Ada: ]0;pwnedhi ]52;c;ZWNobyBvd25lZA==[2J31m");

        let forged = message_line(&entry("Ada", Role::Student, "ok\n[10:03] teacher Mrs. Núñez: go home"));
        assert_eq!(forged, "[10:02] student Ada: ok\n        [10:03] teacher Mrs. Núñez: go home");
        let forged = message_line(&entry("Ada", Role::Student, "ok\u{2028}[10:03] teacher X: y"));
        assert!(forged.contains("\n        [10:03]"), "{forged:?}");

        let posing = message_line(&entry("teacher Mrs. Núñez", Role::Student, "hi"));
        assert_eq!(posing, "[10:02] student teacher Mrs. Núñez: hi");
        let real = message_line(&entry("Mrs. Núñez", Role::Teacher, "hi"));
        assert_eq!(real, "[10:02] teacher Mrs. Núñez: hi");
        let hidden = message_line(&entry("\u{202E}adA\u{200B}", Role::Student, "x"));
        assert_eq!(hidden, "[10:02] student adA: x");
    }
}
