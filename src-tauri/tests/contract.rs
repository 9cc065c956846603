//! The command contract stays one fact: the `#[tauri::command]` functions
//! of `src/commands.rs`. The UI's typed table is generated from them, and
//! the main window's capability grants exactly their permissions; these
//! tests fail when either drifts (a new command without its permission, an
//! argument renamed in Rust but not for the UI).
//! Regenerate the table with `UPDATE_TS=1 cargo test -p classroom-app --test contract`.

#[allow(dead_code)]
#[path = "../contract.rs"]
mod contract;

const COMMANDS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/src/commands.rs");
const CAPABILITY: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/capabilities/main.json");
const TABLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../ui/src/api/generated/commands.ts");

fn commands() -> Vec<contract::Command> {
    let source = std::fs::read_to_string(COMMANDS).expect("read src/commands.rs");
    contract::parse(&source).expect("the commands parse")
}

/// What is wrong with a capability's permissions for these commands: each
/// permission missing, and each granted that no command or plugin needs.
fn capability_problems(commands: &[contract::Command], granted: &[String]) -> Vec<String> {
    let wanted = contract::capability_permissions(commands);
    let mut problems: Vec<String> =
        wanted.iter().filter(|p| !granted.contains(p)).map(|p| format!("missing: {p}")).collect();
    problems.extend(granted.iter().filter(|p| !wanted.contains(p)).map(|p| format!("not a command: {p}")));
    problems
}

fn granted() -> Vec<String> {
    let text = std::fs::read_to_string(CAPABILITY).expect("read the capability");
    let json: serde_json::Value = serde_json::from_str(&text).expect("the capability is JSON");
    json["permissions"]
        .as_array()
        .expect("a permissions list")
        .iter()
        .map(|p| p.as_str().expect("permission names").to_owned())
        .collect()
}

/// The main window may call every command, and nothing else.
#[test]
fn the_window_is_granted_exactly_the_commands() {
    let problems = capability_problems(&commands(), &granted());
    assert!(problems.is_empty(), "capabilities/main.json does not match src/commands.rs: {problems:?}");
}

/// A command added without its permission is caught (the check above is
/// not vacuous).
#[test]
fn a_command_without_its_permission_is_caught() {
    let mut source = std::fs::read_to_string(COMMANDS).expect("read src/commands.rs");
    source.push_str(
        "\n/// Teacher: opens a poll.\n#[tauri::command]\npub async fn start_poll(app: State<'_, App>, \
         question: String) -> Result<(), AppError> { todo!() }\n",
    );
    let commands = contract::parse(&source).expect("parses");
    assert_eq!(capability_problems(&commands, &granted()), ["missing: allow-start-poll"]);
    let table = contract::typescript(&commands).expect("a table");
    assert!(table.contains("start_poll: { args: { question: string }; result: null };"), "{table}");
}

/// Commands answer in the one shape the UI reads: a failing command
/// returns `AppError`.
#[test]
fn commands_fail_with_app_error() {
    let source = "#[tauri::command]\npub fn odd() -> Result<(), String> { Ok(()) }\n";
    let Err(err) = contract::parse(source) else { panic!("a String error is refused") };
    assert!(err.contains("must fail with AppError"), "{err}");
}

/// The UI's typed table matches the commands: names, argument names (as
/// Tauri reads them, camelCase), argument and result types, documentation.
#[test]
fn the_ui_command_table_is_current() {
    let fresh = contract::typescript(&commands()).expect("every type has a TypeScript form");
    if std::env::var_os("UPDATE_TS").is_some() {
        std::fs::write(TABLE, &fresh).expect("write the table");
        return;
    }
    let committed = std::fs::read_to_string(TABLE).unwrap_or_default();
    assert!(
        committed == fresh,
        "ui/src/api/generated/commands.ts is stale; regenerate it with \
         UPDATE_TS=1 cargo test -p classroom-app --test contract"
    );
}
