//! Logs: tracing to stderr and to `classroom.log` in the app's log folder.

use std::path::Path;

use tracing_appender::non_blocking::WorkerGuard;
use tracing_subscriber::layer::SubscriberExt;
use tracing_subscriber::util::SubscriberInitExt;
use tracing_subscriber::{fmt, EnvFilter, Layer};

/// Keeps the log file's writer alive; dropping it flushes the file.
pub struct LogGuard(#[allow(dead_code)] Option<WorkerGuard>);

/// Starts logging (`RUST_LOG` filters; default `info`). A log folder that
/// cannot be created only costs the file, not the app.
pub fn init(dir: &Path) -> LogGuard {
    let filter = || EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    let stderr = fmt::layer().with_writer(std::io::stderr).with_filter(filter());
    let (file, guard) = match std::fs::create_dir_all(dir) {
        Ok(()) => {
            let (writer, guard) =
                tracing_appender::non_blocking(tracing_appender::rolling::daily(dir, "classroom.log"));
            (Some(fmt::layer().with_ansi(false).with_writer(writer).with_filter(filter())), Some(guard))
        }
        Err(err) => {
            eprintln!("warning: no log file ({}): {err}", dir.display());
            (None, None)
        }
    };
    // A second init (tests build several apps) keeps the first subscriber.
    let _ = tracing_subscriber::registry().with(stderr).with(file).try_init();
    LogGuard(guard)
}
