//! How the process meets signals: Ctrl-C and SIGTERM end a class or a
//! watch; a closed stdout ends a printing command quietly.

/// Ctrl-C and, on Unix, SIGTERM (what `kill` and service managers send),
/// listened for from the moment [`Shutdown::listen`] returns: a signal that
/// comes before the process waits for it (right after it said "Press
/// Ctrl-C") is not lost, nor does it kill the process unannounced.
pub struct Shutdown {
    #[cfg(unix)]
    signals: Option<(tokio::signal::unix::Signal, tokio::signal::unix::Signal)>,
}

impl Shutdown {
    /// Starts listening now. Must be called inside a tokio runtime.
    pub fn listen() -> Self {
        #[cfg(unix)]
        {
            use tokio::signal::unix::{signal, SignalKind};
            let signals = signal(SignalKind::interrupt()).ok().zip(signal(SignalKind::terminate()).ok());
            Self { signals }
        }
        #[cfg(not(unix))]
        {
            Self {}
        }
    }

    /// Resolves at the first Ctrl-C or SIGTERM since [`Shutdown::listen`].
    pub async fn wait(&mut self) {
        #[cfg(unix)]
        if let Some((interrupt, terminate)) = self.signals.as_mut() {
            tokio::select! {
                _ = interrupt.recv() => {}
                _ = terminate.recv() => {}
            }
            return;
        }
        let _ = tokio::signal::ctrl_c().await;
    }
}

/// Resolves at Ctrl-C or, on Unix, SIGTERM.
pub async fn shutdown_signal() {
    Shutdown::listen().wait().await;
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
