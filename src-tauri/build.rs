//! The app's commands come from one place, the `#[tauri::command]`
//! functions of `src/commands.rs` (read by `contract.rs`): Tauri is given
//! their names, so each one needs an explicit permission in capabilities/
//! (nothing is reachable by default), and `lib.rs` registers the handler
//! generated here from the same list. `tests/contract.rs` checks the
//! capability and the UI's typed table against it.

#[allow(dead_code)]
#[path = "contract.rs"]
mod contract;

use std::path::PathBuf;

fn main() {
    println!("cargo:rerun-if-changed=src/commands.rs");
    println!("cargo:rerun-if-changed=contract.rs");
    let source = std::fs::read_to_string("src/commands.rs").expect("read src/commands.rs");
    let commands = contract::parse(&source).unwrap_or_else(|err| panic!("{err}"));
    let names: Vec<&'static str> =
        commands.iter().map(|command| &*Box::leak(command.name.clone().into_boxed_str())).collect();
    let handler = format!(
        "tauri::generate_handler![{}]",
        names.iter().map(|name| format!("commands::{name}")).collect::<Vec<_>>().join(", ")
    );
    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("handler.rs"), handler).expect("write the handler");
    tauri_build::try_build(
        tauri_build::Attributes::new()
            .app_manifest(tauri_build::AppManifest::new().commands(Box::leak(names.into_boxed_slice()))),
    )
    .expect("tauri build script");
}
