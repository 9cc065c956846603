//! The `classroom` binary as a teacher and students use it: `classroom host`
//! in one process, `classroom join` terminal clients in others, talking
//! over loopback.

use std::path::PathBuf;
use std::process::Stdio;
use std::time::Duration;

use tokio::io::{AsyncBufReadExt, AsyncWriteExt, BufReader, Lines};
use tokio::process::{Child, ChildStdin, ChildStdout, Command};
use tokio::time::timeout;

const WAIT: Duration = Duration::from_secs(10);

/// A `classroom` child process with its stdin and stdout lines.
struct Proc {
    child: Child,
    stdin: Option<ChildStdin>,
    lines: Lines<BufReader<ChildStdout>>,
    seen: Vec<String>,
}

impl Proc {
    fn spawn(args: &[&str]) -> Self {
        let mut child = Command::new(env!("CARGO_BIN_EXE_classroom"))
            .args(args)
            .env("RUST_LOG", "warn")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .kill_on_drop(true)
            .spawn()
            .expect("classroom starts");
        let stdin = child.stdin.take();
        let lines = BufReader::new(child.stdout.take().expect("stdout")).lines();
        Self { child, stdin, lines, seen: Vec::new() }
    }

    /// Reads lines until one contains `needle`; returns it.
    async fn expect(&mut self, needle: &str) -> String {
        let found = timeout(WAIT, async {
            while let Some(line) = self.lines.next_line().await.expect("stdout readable") {
                self.seen.push(line.clone());
                if line.contains(needle) {
                    return Some(line);
                }
            }
            None
        })
        .await;
        match found {
            Ok(Some(line)) => line,
            _ => panic!("no line with {needle:?}; saw:\n{}", self.seen.join("\n")),
        }
    }

    async fn type_line(&mut self, line: &str) {
        let stdin = self.stdin.as_mut().expect("stdin open");
        stdin.write_all(format!("{line}\n").as_bytes()).await.expect("stdin writable");
        stdin.flush().await.expect("stdin flush");
    }

    async fn exit_code(mut self) -> i32 {
        drop(self.stdin.take());
        let status = timeout(WAIT, self.child.wait()).await.expect("exits in time").expect("wait");
        status.code().expect("exited normally")
    }
}

fn token_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("classroom-cli-{}-{name}", std::process::id()))
}

/// A class hosted from the terminal (`--no-store`, code 314159), with its
/// teacher and two students, Ada and Bo, joined in terminals.
struct TerminalClass {
    host: Proc,
    token: PathBuf,
    teacher: Proc,
    ada: Proc,
    /// Ada's participant id, as her terminal printed it.
    ada_id: String,
    bo: Proc,
}

async fn terminal_class(class: &str) -> TerminalClass {
    let token = token_file(&format!("{class}-token"));
    let token_arg = token.to_str().expect("utf-8 path");
    let mut host = Proc::spawn(&[
        "host",
        "--class",
        class,
        "--teacher",
        "Mr. Okafor",
        "--bind",
        "127.0.0.1:0",
        "--no-mdns",
        "--no-store",
        "--code",
        "314159",
        "--token-file",
        token_arg,
    ]);
    let listening = host.expect("listening on ").await;
    let address = listening.trim_start_matches("listening on ").trim().to_owned();
    // Whoever reads the address can join as the teacher at once.
    assert!(token.is_file(), "the host writes its token file before it prints where it listens");
    let mut teacher = Proc::spawn(&["join", &address, "--token-file", token_arg]);
    teacher.expect("joined").await;
    let mut ada = Proc::spawn(&["join", &address, "--name", "Ada", "--code", "314159"]);
    let joined = ada.expect("joined").await;
    let ada_id = joined.rsplit_once('[').and_then(|(_, id)| id.strip_suffix(']')).expect("an id").to_owned();
    let mut bo = Proc::spawn(&["join", &address, "--name", "Bo", "--code", "314159"]);
    bo.expect("joined").await;
    TerminalClass { host, token, teacher, ada, ada_id, bo }
}

/// A whole class from the terminal: the host prints where to join and the
/// code and writes the token file with mode 0600; two students and the
/// teacher chat; the teacher removes one student and ends the class; every
/// process exits with the code that says why.
#[tokio::test]
async fn a_class_from_the_terminal() {
    let token = token_file("token");
    let token_arg = token.to_str().expect("utf-8 temp path");
    // The class history goes to a folder of its own, not the user's data folder.
    let data = token_file("data");
    let data_arg = data.to_str().expect("utf-8 temp path");
    let mut host = Proc::spawn(&[
        "host",
        "--class",
        "Physics 101",
        "--teacher",
        "Mrs. Núñez",
        "--bind",
        "127.0.0.1:0",
        "--code",
        "135790",
        "--no-mdns",
        "--token-file",
        token_arg,
        "--data-dir",
        data_arg,
    ]);
    let listening = host.expect("listening on ").await;
    let addr = listening.trim_start_matches("listening on ").trim().to_owned();
    assert!(host.expect("class code:").await.ends_with("135790"));
    host.expect("host token: written to").await;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&token).expect("token file").permissions().mode();
        assert_eq!(mode & 0o777, 0o600, "the host token is for the teacher's eyes only");
    }

    let mut teacher = Proc::spawn(&["join", &addr, "--token-file", token_arg]);
    teacher.expect("joined “Physics 101” (Mrs. Núñez) as Mrs. Núñez").await;
    let mut ada = Proc::spawn(&["join", &addr, "--name", "Ada", "--code", "135790"]);
    ada.expect("as Ada [").await;
    let mut bo = Proc::spawn(&["join", &addr, "--name", "Bo", "--code", "135790"]);
    let bo_id = bo.expect("as Bo [").await;
    let bo_id = bo_id.rsplit('[').next().expect("an id").trim_end_matches(']').to_owned();
    teacher.expect("* Bo joined").await;

    ada.type_line("Hello from Ada").await;
    for peer in [&mut teacher, &mut ada, &mut bo] {
        peer.expect("student Ada: Hello from Ada").await;
    }
    teacher.type_line("Welcome, everyone").await;
    for peer in [&mut teacher, &mut ada, &mut bo] {
        peer.expect("teacher Mrs. Núñez: Welcome, everyone").await;
    }

    // A wrong code is refused with the hub's words, and exit code 2.
    let mut stranger = Proc::spawn(&["join", &addr, "--name", "Eve", "--code", "000000"]);
    stranger.expect("could not join: That class code is not right").await;
    assert_eq!(stranger.exit_code().await, 2);

    teacher.type_line(&format!("/remove {bo_id} ban")).await;
    bo.expect("you were removed from the class").await;
    assert_eq!(bo.exit_code().await, 3);
    ada.expect("* Bo was removed").await;

    teacher.type_line("/end").await;
    ada.expect("session ended by the teacher").await;
    teacher.expect("session ended by the teacher").await;
    host.expect("Class ended.").await;
    assert_eq!(ada.exit_code().await, 0);
    assert_eq!(teacher.exit_code().await, 0);
    assert_eq!(host.exit_code().await, 0);
    let _ = std::fs::remove_file(token);
    let _ = std::fs::remove_dir_all(data);
}

/// What `classroom host` prints about reaching the class, from the hosting
/// routine the app shares: a hub bound to loopback is joined there only,
/// and advertising it is refused before any packet is sent, with the
/// address and join link to give out instead.
#[tokio::test]
async fn the_host_says_where_students_join() {
    let mut host = Proc::spawn(&[
        "host",
        "--class",
        "Chemistry",
        "--teacher",
        "Mr. Lee",
        "--bind",
        "127.0.0.1:0",
        "--no-store",
        "--no-code",
    ]);
    let listening = host.expect("listening on ").await;
    let addr = listening.trim_start_matches("listening on ").trim().to_owned();
    let joins = host.expect("students join: ").await;
    assert_eq!(joins, format!("students join: ws://{addr}/ws"));
    let browser = host.expect("in a browser: ").await;
    assert_eq!(browser, format!("in a browser: http://{addr}/"), "the hub serves the web client");
    host.expect("class code: none (anyone on the network can join)").await;
    host.expect("class history: off (--no-store)").await;
    let failed = host.expect("LAN advertising: ").await;
    assert_eq!(
        failed,
        "LAN advertising: FAILED: the hub listens on 127.0.0.1 only, which other machines cannot reach"
    );
    host.expect("Students will not see this class in their list.").await;
    let give = host.expect("    address: ").await;
    assert_eq!(give, format!("    address: {addr}    join link: ws://{addr}/ws"));
    host.expect("  To fix it: allow mDNS").await;
    host.expect("Press Ctrl-C to end the class.").await;
    #[cfg(unix)]
    {
        let pid = host.child.id().expect("running").to_string();
        let sent = std::process::Command::new("kill").args(["-TERM", &pid]).status().expect("kill runs");
        assert!(sent.success());
        host.expect("Ending the class…").await;
        host.expect("Class ended.").await;
        assert_eq!(host.exit_code().await, 0);
    }
}

/// The room from terminals: a student raises a hand with `/hand`; the
/// teacher lowers it, mutes, locks the chat and sets slow mode; each
/// student sees what concerns them, and refusals are printed, not retried.
#[tokio::test]
async fn the_room_from_the_terminal() {
    let TerminalClass { host, token, mut teacher, mut ada, ada_id, mut bo } = terminal_class("Room").await;
    teacher.expect("* Bo joined").await;

    ada.type_line("/hand").await;
    ada.expect("* your hand is up").await;
    teacher.expect("* ✋ Ada raised a hand").await;
    bo.expect("* ✋ Ada raised a hand").await;
    teacher.type_line(&format!("/lower {ada_id}")).await;
    ada.expect("* the teacher lowered your hand").await;
    bo.expect("* the teacher lowered Ada's hand").await;

    teacher.type_line(&format!("/mute {ada_id}")).await;
    ada.expect("* the teacher has muted you").await;
    teacher.expect("* Ada is muted").await;
    ada.type_line("can I talk?").await;
    ada.expect("! The teacher has muted you").await;

    teacher.type_line("/lock").await;
    bo.expect("* the chat is locked: only the teacher can post").await;
    bo.type_line("hello?").await;
    bo.expect("! The teacher has locked the chat").await;
    // Locked, Bo still asks the teacher privately.
    bo.type_line("/ask Can I go to the library?").await;
    bo.expect("* you asked the teacher privately: Can I go to the library?").await;
    let asked = teacher.expect("Bo asks privately: Can I go to the library?").await;
    let id = asked.split(['[', ']']).nth(1).expect("the question's id in brackets").to_owned();
    teacher.type_line(&format!("/reply {id} Yes, until ten.")).await;
    teacher.expect(&format!("* you answered [{id}] privately")).await;
    bo.expect("* the teacher answered you privately: Yes, until ten.").await;
    teacher.type_line(&format!("/reply-all {id} Anyone may go.")).await;
    ada.expect("(a private question: “Can I go to the library?”) Anyone may go.").await;
    bo.expect("* the teacher answered your question for everyone").await;
    teacher.type_line("/questions off").await;
    bo.expect("* private questions to the teacher are off").await;
    bo.type_line("/ask One more?").await;
    bo.expect("! The teacher has turned private questions off.").await;
    teacher.type_line("/slow 7").await;
    teacher.expect("! usage: /slow 0|5|10|30|60").await;
    teacher.type_line("/slow 30").await;
    teacher.type_line("/unlock").await;
    bo.expect("* slow mode: one message every 30 s").await;
    bo.expect("* the chat is open again").await;
    bo.type_line("first").await;
    bo.expect("student Bo: first").await;
    bo.type_line("second").await;
    bo.expect("! Slow mode is on: you can post again in").await;

    teacher.type_line("/filter on").await;
    bo.expect("* the name filter is on").await;
    teacher.type_line(&format!("/rename {ada_id} Ada L.")).await;
    bo.expect("* the teacher renamed Ada to Ada L.").await;
    teacher.type_line("/rename p_99 X").await;
    teacher.expect("! No participant has the id").await;

    teacher.type_line("/end").await;
    for proc in [ada, bo, teacher] {
        assert_eq!(proc.exit_code().await, 0);
    }
    let _ = std::fs::remove_file(token);
    drop(host);
}

/// A poll from the terminal: the teacher opens a quiz question with
/// `/poll`, students see it and `/answer` by number, a wrong number is
/// explained, each answer is confirmed, `/reveal` prints the results with
/// the correct option marked, and each student is told whether they were right.
#[tokio::test]
async fn a_poll_from_the_terminal() {
    let TerminalClass { host, token, mut teacher, mut ada, mut bo, .. } = terminal_class("Astronomy").await;

    teacher.type_line("/poll single Which planet is largest? | Mars | *Jupiter | Venus").await;
    for student in [&mut ada, &mut bo] {
        student.expect("* poll: Which planet is largest?").await;
        student.expect("2) Jupiter").await;
        student.expect("answer with /answer N").await;
    }
    ada.type_line("/answer 7").await;
    ada.expect("! choose options by number, 1 to 3").await;
    ada.type_line("/answer 2").await;
    ada.expect("* your answer is in").await;
    bo.type_line("/answer 1").await;
    bo.expect("* your answer is in").await;
    teacher.type_line("/reveal").await;
    for student in [&mut ada, &mut bo] {
        student.expect("* results (2 answered):").await;
        let right = student.expect("2) Jupiter").await;
        assert!(right.ends_with("✓ correct"), "{right}");
    }
    ada.expect("* you were right").await;
    bo.expect("* not quite").await;
    teacher.type_line("/end").await;
    for proc in [ada, bo, teacher] {
        assert_eq!(proc.exit_code().await, 0);
    }
    let _ = std::fs::remove_file(token);
    drop(host);
}
