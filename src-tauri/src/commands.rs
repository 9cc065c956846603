//! The UI's intents, one command each, each a one-line delegation to
//! `classroom_core::app::App`. No protocol logic lives here.

use classroom_core::app::{
    AdvertiseStatus, App, AppError, ClassSink, EventSink, HostInfo, HostRequest, JoinRequest, RecentClass,
    Startup,
};
use classroom_core::client::ClientEvent;
use classroom_core::discovery::ClassEvent;
use tauri::ipc::Channel;
use tauri::State;
use tracing::warn;

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

/// Starts a class hosted by this machine; events stream into `events`.
#[tauri::command]
pub async fn host_class(
    app: State<'_, App>,
    request: HostRequest,
    events: Channel<ClientEvent>,
) -> Result<HostInfo, AppError> {
    app.host(request, sink(events)).await
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
    events: Channel<ClientEvent>,
) -> Result<(), AppError> {
    app.join(request, sink(events)).await
}

/// Sends a chat message; returns its client id.
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

/// Forwards core events to the webview over a Tauri channel.
fn sink(events: Channel<ClientEvent>) -> EventSink {
    Box::new(move |event| {
        if let Err(err) = events.send(event) {
            warn!(cause = %err, "the window no longer takes events");
        }
    })
}
