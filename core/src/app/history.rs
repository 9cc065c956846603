//! The app's class history: the store in the app's data folder, opened
//! when first needed, and what the teacher does with past classes (list,
//! resume, export, delete, the retention setting, starting fresh after the
//! file was damaged).
//!
//! Every store call blocks on the disk, so each runs on tokio's blocking pool.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, MutexGuard};

use serde::{Deserialize, Serialize};
use tracing::{info, warn};

use super::{AppError, InvalidInput};
use crate::store::{ClassSummary, Durability, ExportFormat, ExportOptions, Store, StoreError};

/// The past classes screen: every stored class and the retention setting.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct PastClasses {
    /// Stored classes, the most recently active first.
    pub classes: Vec<ClassSummary>,
    /// Classes inactive for more than this many days are deleted when it is
    /// set and each time the app starts; `None` keeps them all.
    pub retention_days: Option<u32>,
    /// The folder the history is kept in (shown so a teacher can back it up).
    pub folder: String,
}

/// What starting fresh did with the damaged history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct StartedFresh {
    /// Where the damaged file was kept (`None` when there was none).
    pub kept: Option<String>,
}

/// The store in one data folder, opened on first use. A folder whose file
/// is damaged stays unopened (each use says so again) until
/// [`History::start_fresh`].
pub(crate) struct History {
    dir: PathBuf,
    store: Arc<Mutex<Option<Store>>>,
}

impl History {
    pub(crate) fn new(dir: PathBuf) -> Self {
        Self { dir, store: Arc::new(Mutex::new(None)) }
    }

    /// The store, opened now if it was not yet (deleting the classes past
    /// the retention period on the way).
    pub(crate) async fn store(&self) -> Result<Store, StoreError> {
        let (dir, slot) = (self.dir.clone(), Arc::clone(&self.store));
        blocking(&self.dir, move || {
            let mut slot = lock(&slot);
            if let Some(store) = slot.as_ref() {
                return Ok(store.clone());
            }
            let store = Store::open_with(&dir, Durability::Process)?;
            retain(&store);
            *slot = Some(store.clone());
            Ok(store)
        })
        .await
    }

    /// Every stored class and the retention setting.
    pub(crate) async fn past(&self) -> Result<PastClasses, AppError> {
        let store = self.store().await?;
        Ok(blocking(&self.dir, move || past(&store)).await?)
    }

    /// Moves a damaged database aside and opens an empty one.
    pub(crate) async fn start_fresh(&self) -> Result<StartedFresh, AppError> {
        let (dir, slot) = (self.dir.clone(), Arc::clone(&self.store));
        Ok(blocking(&self.dir, move || {
            let mut slot = lock(&slot);
            if slot.is_some() {
                // Opened fine since the damage was reported: nothing to do.
                return Ok(StartedFresh { kept: None });
            }
            let (store, kept) = Store::start_fresh(&dir, Durability::Process)?;
            *slot = Some(store);
            Ok(StartedFresh { kept: kept.map(|path| path.display().to_string()) })
        })
        .await?)
    }

    /// Deletes a class; returns the classes left.
    pub(crate) async fn delete(&self, id: String) -> Result<PastClasses, AppError> {
        let store = self.store().await?;
        Ok(blocking(&self.dir, move || {
            store.delete_class(&id)?;
            past(&store)
        })
        .await?)
    }

    /// Sets (or clears) the retention setting and applies it at once.
    pub(crate) async fn set_retention(&self, days: Option<u32>) -> Result<PastClasses, AppError> {
        if days == Some(0) {
            return Err(InvalidInput::RetentionZero.into());
        }
        let store = self.store().await?;
        Ok(blocking(&self.dir, move || {
            store.set_retention_days(days)?;
            retain(&store);
            past(&store)
        })
        .await?)
    }

    /// A file name for a class's transcript: its name and the day it started.
    pub(crate) async fn export_name(&self, id: String, format: ExportFormat) -> Result<String, AppError> {
        let store = self.store().await?;
        let class = blocking(&self.dir, move || store.class(&id)).await?;
        Ok(export_name(&class, format))
    }

    /// Writes a class's transcript to `path`, times in the system's time
    /// zone, labels in the options' language. A failed export leaves no half-written
    /// file behind.
    pub(crate) async fn export(
        &self,
        id: String,
        options: ExportOptions,
        path: PathBuf,
    ) -> Result<(), AppError> {
        let store = self.store().await?;
        blocking(&self.dir, move || write_transcript(&store, &id, &options, &path)).await?;
        Ok(())
    }
}

/// Runs a store call on the blocking pool; a call that panicked is an
/// error about the history in `dir`, not a crash of the app.
async fn blocking<T: Send + 'static>(
    dir: &Path,
    work: impl FnOnce() -> Result<T, StoreError> + Send + 'static,
) -> Result<T, StoreError> {
    tokio::task::spawn_blocking(work).await.unwrap_or_else(|err| {
        Err(StoreError::Io {
            what: "the class history task failed in",
            path: dir.to_owned(),
            source: std::io::Error::other(err.to_string()),
        })
    })
}

fn lock(slot: &Mutex<Option<Store>>) -> MutexGuard<'_, Option<Store>> {
    slot.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

fn past(store: &Store) -> Result<PastClasses, StoreError> {
    Ok(PastClasses {
        classes: store.classes()?,
        retention_days: store.retention_days()?,
        folder: store.dir().display().to_string(),
    })
}

/// Applies the retention setting; a failure is logged, never in the way.
fn retain(store: &Store) {
    match store.apply_retention() {
        Ok(deleted) if !deleted.is_empty() => {
            info!(count = deleted.len(), "deleted classes past the retention period");
        }
        Ok(_) => {}
        Err(err) => warn!(cause = %err, "applying the retention setting"),
    }
}

fn write_transcript(store: &Store, id: &str, options: &ExportOptions, path: &Path) -> Result<(), StoreError> {
    // Written beside the target, then renamed over it: a failure never
    // leaves half a transcript (nor destroys the file being replaced).
    let dir = path.parent().filter(|dir| !dir.as_os_str().is_empty()).unwrap_or(Path::new("."));
    let mut file = tempfile::NamedTempFile::new_in(dir).map_err(StoreError::Export)?;
    {
        let mut out = std::io::BufWriter::new(file.as_file_mut());
        store.export(id, options, &mut out)?;
        out.flush().map_err(StoreError::Export)?;
    }
    file.as_file().sync_all().map_err(StoreError::Export)?;
    file.persist(path).map_err(|err| StoreError::Export(err.error))?;
    info!(session = id, path = %path.display(), "transcript exported");
    Ok(())
}

/// `Physics 101 2026-11-25.md`: the class's name without characters file
/// systems refuse, and the local day it started.
fn export_name(class: &ClassSummary, format: ExportFormat) -> String {
    let name: String = class
        .class
        .chars()
        .map(|c| if c.is_control() || "/\\:*?\"<>|".contains(c) { '-' } else { c })
        .collect();
    let name = name.trim().trim_matches('.');
    let name = if name.is_empty() { "Class" } else { name };
    let day = class
        .started_at
        .parse::<jiff::Timestamp>()
        .map(|at| jiff::tz::TimeZone::system().to_datetime(at).strftime("%Y-%m-%d").to_string())
        .unwrap_or_default();
    let stem = if day.is_empty() { name.to_owned() } else { format!("{name} {day}") };
    // The gradebook is a CSV too: its own name, beside the transcript's.
    let suffix = if format == ExportFormat::Gradebook { " gradebook" } else { "" };
    format!("{stem}{suffix}.{}", format.extension())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(name: &str) -> ClassSummary {
        ClassSummary {
            id: "s".into(),
            class: name.into(),
            teacher: "T".into(),
            started_at: "2026-11-25T12:00:00Z".into(),
            ended_at: None,
            last_active_at: "2026-11-25T12:00:00Z".into(),
            messages: 0,
            participants: 1,
        }
    }

    #[test]
    fn export_names_are_safe_file_names() {
        let name = export_name(&class("Physics 101"), ExportFormat::Csv);
        assert!(name.starts_with("Physics 101 2026-11-2"), "{name}");
        assert!(name.ends_with(".csv"));
        let name = export_name(&class("a/b\\c:d*e?\"<>|\n"), ExportFormat::Markdown);
        assert!(!name.contains(['/', '\\', ':', '*', '?', '"', '<', '>', '|', '\n']), "{name}");
        assert!(export_name(&class(" .. "), ExportFormat::Json).starts_with("Class "));
        let gradebook = export_name(&class("Physics 101"), ExportFormat::Gradebook);
        assert!(
            gradebook.starts_with("Physics 101 2026-11-2") && gradebook.ends_with(" gradebook.csv"),
            "{gradebook}"
        );
    }
}
