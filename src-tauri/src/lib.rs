//! Classroom's desktop shell: a thin Tauri v2 layer over `classroom-core`.
//!
//! # Layout
//! - `commands`: the UI's intents, each delegating to `classroom_core::app::App`;
//!   the one definition of the command contract (`contract.rs` reads it for
//!   the build script, the capability check and the UI's typed table).
//! - `flags`: command-line flags (tests start a class or a join with them).
//! - `logs`: tracing to stderr and to a file in the app's log folder.
//! - `rendering`: WebKit paints without compositing on a machine without a GPU.
//! - `updates`: the app's own updates (tauri-plugin-updater), in release
//!   builds that name an update server, on the home screen only.
//!
//! Everything the app does lives in the core; this crate only wires it to
//! a window. `run_app` takes the builder so tests can pass Tauri's mock.

mod commands;
mod flags;
mod logs;
mod rendering;
mod updates;

use clap::Parser;
use classroom_core::app::{App, AppOptions};
use tauri::{Manager, RunEvent, Runtime};

pub use flags::Flags;

/// Runs the desktop app with the process's flags.
pub fn run() {
    // Before anything else: WebKit reads it when it starts, and setting
    // the environment is only sound while this is the only thread.
    rendering::choose();
    let flags = Flags::parse();
    run_app(tauri::Builder::default(), flags, tauri::generate_context!());
}

/// Runs the app on `builder` (the real one, or `tauri::test::mock_builder()`).
pub fn run_app<R: Runtime>(builder: tauri::Builder<R>, flags: Flags, context: tauri::Context<R>) {
    let app = build(builder, flags, context).unwrap_or_else(|err| {
        eprintln!("error: Classroom could not start: {err}");
        std::process::exit(1);
    });
    app.run(|handle, event| {
        if let RunEvent::Exit = event {
            // Stop looking for classes, leave or end the open class (a
            // hosted one says goodbye on the LAN) before the process goes.
            let app = handle.state::<App>();
            tauri::async_runtime::block_on(app.shutdown());
        }
    });
}

/// Builds the app without running its event loop.
///
/// # Errors
/// When Tauri cannot create the app (no display, bad config).
pub fn build<R: Runtime>(
    builder: tauri::Builder<R>,
    flags: Flags,
    context: tauri::Context<R>,
) -> tauri::Result<tauri::App<R>> {
    let startup = flags.startup();
    // The updater fails to start without its configuration (its public key
    // above all), and only release builds have one: the release workflow
    // writes `plugins.updater` with the key and its repository's update
    // server. Any other build registers no updater and never looks.
    let updater = context.config().plugins.0.contains_key("updater");
    let builder =
        if updater { builder.plugin(tauri_plugin_updater::Builder::new().build()) } else { builder };
    let update_lock = updates::lock(flags.no_update_check, std::env::var_os(updates::NO_UPDATE_CHECK_VAR));
    builder
        .plugin(tauri_plugin_notification::init())
        .plugin(tauri_plugin_dialog::init())
        .setup(move |app| {
            let data_dir = match &flags.data_dir {
                Some(dir) => dir.clone(),
                None => app.path().app_data_dir()?,
            };
            let log_dir = app.path().app_log_dir().unwrap_or_else(|_| data_dir.join("logs"));
            let guard = logs::init(&log_dir);
            app.manage(guard);
            tracing::info!(data = %data_dir.display(), logs = %log_dir.display(), "Classroom starting");
            tracing::info!(updater, lock = ?update_lock, "in-app updates");
            let compositing = std::env::var_os(rendering::DISABLE_COMPOSITING_VAR).is_none();
            tracing::info!(compositing, "WebKit rendering");
            app.manage(updates::Updates::new(&data_dir, updater, update_lock));
            let mut options = AppOptions::new(flags.port, !flags.no_mdns);
            options.max_per_address = flags.max_per_address;
            app.manage(App::new(data_dir, options));
            Ok(())
        })
        .manage(startup)
        // Every #[tauri::command] of commands.rs, listed by build.rs.
        .invoke_handler(include!(concat!(env!("OUT_DIR"), "/handler.rs")))
        .build(context)
}
