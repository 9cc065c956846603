//! The UI's intents, one command each, each a one-line delegation to
//! `classroom_core::app::App`. No protocol logic lives here; the only things
//! the shell adds are the native save dialog of an export and the app's own
//! updates (`updates.rs`).
//!
//! This file is the command contract: `build.rs` registers every
//! `#[tauri::command]` here (each then needs its `allow-…` permission in
//! `capabilities/main.json`), and the UI's typed table
//! (`ui/src/api/generated/commands.ts`) is generated from these signatures
//! and doc comments; `tests/contract.rs` fails when either drifts. A new
//! command is one function here, then
//! `UPDATE_TS=1 cargo test -p classroom-app --test contract`.

use std::path::PathBuf;

use classroom_core::app::{
    AdvertiseStatus, App, AppError, AppEvent, ClassSink, EventSink, HostInfo, HostRequest, JoinLink,
    JoinRequest, PastClasses, RecentClass, StartedFresh, Startup, UpdateInfo, UpdateSettings,
};
use classroom_core::discovery::ClassEvent;
use classroom_core::protocol::{PollAnswer, PollDraft, RulesChange};
use classroom_core::store::{ExportFormat, ExportLanguage};
use tauri::ipc::Channel;
use tauri::{AppHandle, Manager, Runtime, State, WebviewWindow};
use tauri_plugin_dialog::DialogExt;
use tracing::warn;

use crate::updates::{self, Updates};

/// What the app was launched to do (flags; tests use them).
#[tauri::command]
pub fn startup(startup: State<'_, Startup>) -> Startup {
    startup.inner().clone()
}

/// The last join's details, to fill the form in again.
#[tauri::command]
pub fn last_join(app: State<'_, App>) -> Option<JoinRequest> {
    app.last_join()
}

/// Starts (or, with `request.resume`, reopens) a class hosted by this
/// machine; its events (the class's, and whether it is being saved) stream
/// into `events`, in order.
#[tauri::command]
pub async fn host_class(
    app: State<'_, App>,
    request: HostRequest,
    events: Channel<AppEvent>,
) -> Result<HostInfo, AppError> {
    app.host(request, sink(events)).await
}

/// Asks for the page of messages before the oldest shown: a `loadingEarlier`
/// event, then one `earlier` event; asking again meanwhile does nothing.
#[tauri::command]
pub async fn load_earlier(app: State<'_, App>) -> Result<(), AppError> {
    app.load_earlier().await
}

/// The stored classes and the retention setting.
#[tauri::command]
pub async fn past_classes(app: State<'_, App>) -> Result<PastClasses, AppError> {
    app.past_classes().await
}

/// Keeps a damaged class history aside and starts an empty one.
#[tauri::command]
pub async fn start_fresh(app: State<'_, App>) -> Result<StartedFresh, AppError> {
    app.start_fresh().await
}

/// Deletes a past class; returns what is left.
#[tauri::command]
pub async fn delete_class(app: State<'_, App>, id: String) -> Result<PastClasses, AppError> {
    app.delete_class(id).await
}

/// Sets how many days past classes are kept (`null`: forever).
#[tauri::command]
pub async fn set_retention(app: State<'_, App>, days: Option<u32>) -> Result<PastClasses, AppError> {
    app.set_retention(days).await
}

/// Exports a past class's transcript where the teacher chooses in the
/// system's save dialog, its headers and labels in the UI's `locale`
/// (e.g. `es-MX`; untranslated languages get English); returns the saved
/// path, `None` when cancelled. The dialog runs here, not in the webview,
/// so the window never gets to write files itself.
#[tauri::command]
pub async fn export_class<R: Runtime>(
    window: WebviewWindow<R>,
    app: State<'_, App>,
    id: String,
    format: ExportFormat,
    locale: String,
) -> Result<Option<String>, AppError> {
    let name = app.export_name(id.clone(), format).await?;
    let Some(path) = save_dialog(&window, name, format, ExportLanguage::from_locale(&locale)).await else {
        return Ok(None);
    };
    app.export_class(id, format, &locale, path.clone()).await?;
    Ok(Some(path.display().to_string()))
}

/// The save dialog for a transcript, in the Documents folder, offering
/// `name`; its title and file type in the UI's language (the system draws
/// the dialog, so the window cannot word it).
async fn save_dialog<R: Runtime>(
    window: &WebviewWindow<R>,
    name: String,
    format: ExportFormat,
    language: ExportLanguage,
) -> Option<PathBuf> {
    let spanish = language == ExportLanguage::Spanish;
    let (kind, extension) = match format {
        ExportFormat::Markdown => ("Markdown", "md"),
        ExportFormat::Csv if spanish => ("CSV (hojas de cálculo)", "csv"),
        ExportFormat::Csv => ("CSV (spreadsheets)", "csv"),
        ExportFormat::Json => ("JSON", "json"),
        ExportFormat::Gradebook if spanish => ("Calificaciones (CSV)", "csv"),
        ExportFormat::Gradebook => ("Gradebook (CSV)", "csv"),
    };
    let title = match (format, spanish) {
        (ExportFormat::Gradebook, true) => "Exportar las calificaciones",
        (ExportFormat::Gradebook, false) => "Export the gradebook",
        (_, true) => "Exportar la transcripción",
        (_, false) => "Export the transcript",
    };
    let mut dialog = window
        .dialog()
        .file()
        .set_title(title)
        .set_file_name(name)
        .add_filter(kind, &[extension])
        .set_parent(window);
    if let Ok(documents) = window.path().document_dir() {
        dialog = dialog.set_directory(documents);
    }
    let (tx, rx) = tokio::sync::oneshot::channel();
    dialog.save_file(move |picked| {
        let _ = tx.send(picked);
    });
    let picked = rx.await.ok().flatten()?;
    match picked.into_path() {
        Ok(path) => Some(path),
        Err(err) => {
            warn!(cause = %err, "the save dialog returned no usable path");
            None
        }
    }
}

/// Teacher: tries listing the class on the LAN again; returns the status.
#[tauri::command]
pub async fn retry_advertising(app: State<'_, App>) -> Result<AdvertiseStatus, AppError> {
    app.retry_advertising().await
}

/// Starts looking for classes on the LAN; the list streams into `events`.
#[tauri::command]
pub async fn browse_classes(app: State<'_, App>, events: Channel<ClassEvent>) -> Result<(), AppError> {
    app.browse(class_sink(events)).await
}

/// Stops looking for classes (the join screen closed).
#[tauri::command]
pub async fn stop_browsing(app: State<'_, App>) -> Result<(), AppError> {
    app.stop_browsing().await;
    Ok(())
}

/// The classes joined lately, most recent first.
#[tauri::command]
pub fn recent_classes(app: State<'_, App>) -> Vec<RecentClass> {
    app.recent_classes()
}

/// Joins a class as a student (typed address, or a class from the LAN
/// list in `request.class`); events stream into `events`.
#[tauri::command]
pub async fn join_class(
    app: State<'_, App>,
    request: JoinRequest,
    events: Channel<AppEvent>,
) -> Result<(), AppError> {
    app.join(request, sink(events)).await
}

/// Sends a chat message; returns its client id, announced first by a
/// `queued` event in the class's stream.
#[tauri::command]
pub async fn send_message(app: State<'_, App>, text: String) -> Result<String, AppError> {
    app.send(text).await
}

/// Typing indicator.
#[tauri::command]
pub async fn set_typing(app: State<'_, App>, active: bool) -> Result<(), AppError> {
    app.typing(active).await
}

/// Teacher: removes a student.
#[tauri::command]
pub async fn remove_student(app: State<'_, App>, id: String, ban: bool) -> Result<(), AppError> {
    app.remove_student(id, ban).await
}

/// Teacher: removes every student offline now (no ban); they may join
/// again with the class code.
#[tauri::command]
pub async fn remove_offline(app: State<'_, App>) -> Result<(), AppError> {
    app.remove_offline().await
}

/// Teacher: gives the hosted class a new random code (someone was
/// guessing it); returns the new code. Students already in keep their seats.
#[tauri::command]
pub async fn change_code(app: State<'_, App>) -> Result<String, AppError> {
    app.change_code().await
}

/// Teacher: the hosted class's join link and its QR code, with the current
/// class code in it when `with_code` (a link that joins without typing the
/// code; only the web client's address can carry one).
#[tauri::command]
pub fn join_link(app: State<'_, App>, with_code: bool) -> Result<JoinLink, AppError> {
    app.join_link(with_code)
}

/// Student: raises our hand.
#[tauri::command]
pub async fn raise_hand(app: State<'_, App>) -> Result<(), AppError> {
    app.raise_hand().await
}

/// Lowers a hand: our own (no `id`), or as the teacher a student's.
#[tauri::command]
pub async fn lower_hand(app: State<'_, App>, id: Option<String>) -> Result<(), AppError> {
    app.lower_hand(id).await
}

/// Teacher: lowers every hand.
#[tauri::command]
pub async fn clear_hands(app: State<'_, App>) -> Result<(), AppError> {
    app.clear_hands().await
}

/// Teacher: mutes or unmutes a student.
#[tauri::command]
pub async fn mute_student(app: State<'_, App>, id: String, muted: bool) -> Result<(), AppError> {
    app.mute_student(id, muted).await
}

/// Teacher: locks or unlocks the chat, or sets slow mode (fields left out stay).
#[tauri::command]
pub async fn set_rules(app: State<'_, App>, change: RulesChange) -> Result<(), AppError> {
    app.set_rules(change).await
}

/// Deletes a message: as the teacher any, as a student our own shortly
/// after sending it; a refusal comes as a `refused` event.
#[tauri::command]
pub async fn delete_message(app: State<'_, App>, seq: u64) -> Result<(), AppError> {
    app.delete_message(seq).await
}

/// Teacher: gives a student another name; a refusal comes as a `refused` event.
#[tauri::command]
pub async fn rename_student(app: State<'_, App>, id: String, name: String) -> Result<(), AppError> {
    app.rename_student(id, name).await
}

/// Adds (`on`) or takes back a reaction on a message; a refusal comes as a
/// `refused` event.
#[tauri::command]
pub async fn react_to_message(
    app: State<'_, App>,
    seq: u64,
    emoji: String,
    on: bool,
) -> Result<(), AppError> {
    app.react(seq, emoji, on).await
}

/// Student: asks the teacher a private question; returns its id, named
/// again by its `questionAsked` (taken) or `refused` event.
#[tauri::command]
pub async fn ask_question(app: State<'_, App>, text: String) -> Result<String, AppError> {
    app.ask_question(text).await
}

/// Teacher: answers a private question, privately or (`public`) for
/// everyone, naming the student only with `showName`; returns the answer's
/// id, named again by its `questionAnswered` or `refused` event.
#[tauri::command]
pub async fn answer_question(
    app: State<'_, App>,
    question: String,
    text: String,
    public: bool,
    show_name: bool,
) -> Result<String, AppError> {
    app.answer_question(question, text, public, show_name).await
}

/// Teacher: pins a message for everyone, or unpins (no `seq`).
#[tauri::command]
pub async fn pin_message(app: State<'_, App>, seq: Option<u64>) -> Result<(), AppError> {
    app.pin_message(seq).await
}

/// Student: answers a poll (or changes the answer, where allowed); returns
/// the answer's id, named again by its `pollAnswered` (stored) or
/// `refused` event.
#[tauri::command]
pub async fn answer_poll(app: State<'_, App>, poll: String, answer: PollAnswer) -> Result<String, AppError> {
    app.answer_poll(poll, answer).await
}

/// Teacher: opens a poll; a refusal comes as a `refused` event.
#[tauri::command]
pub async fn open_poll(app: State<'_, App>, poll: PollDraft) -> Result<(), AppError> {
    app.open_poll(poll).await
}

/// Teacher: stops a poll taking answers.
#[tauri::command]
pub async fn close_poll(app: State<'_, App>, poll: String) -> Result<(), AppError> {
    app.close_poll(poll).await
}

/// Teacher: shows a poll's results to everyone.
#[tauri::command]
pub async fn reveal_poll(app: State<'_, App>, poll: String) -> Result<(), AppError> {
    app.reveal_poll(poll).await
}

/// Teacher: hides an answer of a text poll from its results.
#[tauri::command]
pub async fn hide_answer(app: State<'_, App>, poll: String, text: String) -> Result<(), AppError> {
    app.hide_answer(poll, text).await
}

/// Teacher: ends the class.
#[tauri::command]
pub async fn end_class(app: State<'_, App>) -> Result<(), AppError> {
    app.end_class().await
}

/// Leaves the class.
#[tauri::command]
pub async fn leave_class(app: State<'_, App>) -> Result<(), AppError> {
    app.leave().await
}

/// Forwards the list of classes to the webview over a Tauri channel.
fn class_sink(events: Channel<ClassEvent>) -> ClassSink {
    Box::new(move |event| {
        if let Err(err) = events.send(event) {
            warn!(cause = %err, "the window no longer takes the class list");
        }
    })
}

/// Forwards a class's events to the webview over a Tauri channel.
fn sink(events: Channel<AppEvent>) -> EventSink {
    Box::new(move |event| {
        if let Err(err) = events.send(event) {
            warn!(cause = %err, "the window no longer takes events");
        }
    })
}

/// Whether the app looks for updates, and whether the teacher may change that.
#[tauri::command]
pub fn update_settings(updates: State<'_, Updates>) -> UpdateSettings {
    updates.settings()
}

/// Turns looking for updates on the home screen on or off, kept on this
/// computer; returns the settings now.
#[tauri::command]
pub async fn set_update_check(updates: State<'_, Updates>, check: bool) -> Result<UpdateSettings, AppError> {
    updates.set_check(check).await
}

/// Home screen only: looks for a newer version of the app. `None` when
/// there is none, when checks are off (setting, `--no-update-check`, the
/// administrator, a build without an update server) or a class is open.
#[tauri::command]
pub async fn check_update<R: Runtime>(app: AppHandle<R>) -> Result<Option<UpdateInfo>, AppError> {
    updates::check(&app, |updater| updater).await
}

/// Downloads the update `check_update` offered, verifies its signature
/// against the key built into the app, installs it and restarts the app
/// into it. Refused while a class is open; nothing is installed after an
/// error.
#[tauri::command]
pub async fn install_update<R: Runtime>(app: AppHandle<R>) -> Result<(), AppError> {
    updates::install_and_restart(&app).await
}
