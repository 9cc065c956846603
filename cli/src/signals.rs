//! How the process meets signals: Ctrl-C and SIGTERM end a class or a
//! watch; a closed stdout ends a printing command quietly.

/// Resolves at Ctrl-C or, on Unix, SIGTERM (what `kill` and service
/// managers send).
pub async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{signal, SignalKind};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// A command whose output goes into a pipe that closes (`classroom discover
/// | head`) ends quietly, like other Unix tools, instead of panicking in
/// `println!`. Not for the hub: it keeps ignoring SIGPIPE, as Rust sets it.
pub fn quiet_on_closed_stdout() {
    #[cfg(unix)]
    // SAFETY: called once at start, before any thread exists; SIG_DFL is a
    // valid disposition for SIGPIPE.
    unsafe {
        libc::signal(libc::SIGPIPE, libc::SIG_DFL);
    }
}
