//! Where this app sat, kept in `places.json` in the app's data folder:
//! resume tokens by hub and name (a restarted app comes back as the same
//! participant), the last join (to fill the form in again), and the
//! classes joined lately (the join screen lists them).

use std::collections::HashMap;
use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};
use tracing::warn;

use super::JoinRequest;

/// How many recent classes are kept (oldest dropped first).
pub const MAX_RECENT: usize = 8;

/// A class this app joined lately, as the join screen lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "typescript", derive(ts_rs::TS))]
pub struct RecentClass {
    /// Class name.
    pub class: String,
    /// Teacher's name.
    pub teacher: String,
    /// Where it was reached, `host:port` (what the address field takes).
    pub address: String,
}

/// The saved places, on disk and in memory.
pub(crate) struct Places {
    file: PathBuf,
    saved: std::sync::Mutex<Saved>,
}

#[derive(Debug, Default, Serialize, Deserialize)]
struct Saved {
    #[serde(default)]
    tokens: HashMap<String, String>,
    #[serde(default)]
    last_join: Option<JoinRequest>,
    /// Most recent first, at most [`MAX_RECENT`].
    #[serde(default)]
    recent: Vec<RecentClass>,
}

impl Places {
    pub(crate) fn new(dir: PathBuf) -> Self {
        let file = dir.join("places.json");
        let saved = match std::fs::read(&file) {
            Ok(bytes) => serde_json::from_slice(&bytes).unwrap_or_else(|err| {
                warn!(file = %file.display(), cause = %err, "unreadable saved places; starting afresh");
                Saved::default()
            }),
            Err(_) => Saved::default(),
        };
        Self { file, saved: std::sync::Mutex::new(saved) }
    }

    /// The key of a seat: the hub's URL and the name, case-insensitively.
    pub(crate) fn key(url: &str, name: &str) -> String {
        format!("{url}|{}", name.trim().to_lowercase())
    }

    pub(crate) fn token(&self, key: &str) -> Option<String> {
        self.lock().tokens.get(key).cloned()
    }

    pub(crate) fn last_join(&self) -> Option<JoinRequest> {
        self.lock().last_join.clone()
    }

    pub(crate) fn remember_join(&self, request: &JoinRequest) {
        self.update(|saved| saved.last_join = Some(request.clone()));
    }

    pub(crate) fn recent(&self) -> Vec<RecentClass> {
        self.lock().recent.clone()
    }

    /// Puts a class first in the recent list (moving it there if it was
    /// listed: same class, teacher and address), dropping the oldest beyond
    /// [`MAX_RECENT`].
    pub(crate) fn remember_class(&self, class: RecentClass) {
        if self.lock().recent.first() == Some(&class) {
            return;
        }
        self.update(|saved| {
            saved.recent.retain(|known| {
                !(known.class == class.class
                    && known.teacher == class.teacher
                    && known.address.eq_ignore_ascii_case(&class.address))
            });
            saved.recent.insert(0, class);
            saved.recent.truncate(MAX_RECENT);
        });
    }

    pub(crate) fn save_token(&self, key: &str, token: &str) {
        if self.token(key).as_deref() != Some(token) {
            self.update(|saved| {
                saved.tokens.insert(key.to_owned(), token.to_owned());
            });
        }
    }

    pub(crate) fn forget_token(&self, key: &str) {
        if self.token(key).is_some() {
            self.update(|saved| {
                saved.tokens.remove(key);
            });
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Saved> {
        self.saved.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn update(&self, change: impl FnOnce(&mut Saved)) {
        let mut saved = self.lock();
        change(&mut saved);
        if let Err(err) = write_atomically(&self.file, &saved) {
            warn!(file = %self.file.display(), cause = %err, "cannot save places");
        }
    }
}

/// Writes beside the file, then renames: a crash never leaves half a file.
/// On Unix the file is its owner's only (0600; it holds resume tokens and
/// the last class code), in a folder created 0700.
fn write_atomically(file: &Path, saved: &Saved) -> std::io::Result<()> {
    use std::io::Write as _;
    if let Some(dir) = file.parent() {
        let mut builder = std::fs::DirBuilder::new();
        builder.recursive(true);
        #[cfg(unix)]
        std::os::unix::fs::DirBuilderExt::mode(&mut builder, 0o700);
        builder.create(dir)?;
    }
    let tmp = file.with_extension("json.tmp");
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    let mut out = options.open(&tmp)?;
    // A file left from an older version keeps its mode on open: set it.
    #[cfg(unix)]
    out.set_permissions(std::os::unix::fs::PermissionsExt::from_mode(0o600))?;
    out.write_all(&serde_json::to_vec_pretty(saved)?)?;
    drop(out);
    std::fs::rename(tmp, file)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn temp_dir(name: &str) -> PathBuf {
        std::env::temp_dir().join(format!("classroom-places-{}-{name}", std::process::id()))
    }

    #[test]
    fn places_survive_a_restart() {
        let dir = temp_dir("restart");
        let key = Places::key("ws://h:1/ws", " Ada ");
        {
            let places = Places::new(dir.clone());
            places.save_token(&key, "t0k3n");
            places.remember_join(&JoinRequest {
                address: "h:1".into(),
                name: "Ada".into(),
                code: "1".into(),
                class: None,
            });
        }
        let places = Places::new(dir.clone());
        assert_eq!(places.token(&Places::key("ws://h:1/ws", "ada")).as_deref(), Some("t0k3n"));
        assert_eq!(places.last_join().map(|j| j.name).as_deref(), Some("Ada"));
        places.forget_token(&key);
        assert_eq!(Places::new(dir.clone()).token(&key), None);
        let _ = std::fs::remove_dir_all(dir);
    }

    /// Finding 10 (issue 15): places.json was created 0644.
    #[cfg(unix)]
    #[test]
    fn places_are_private_to_their_owner() {
        use std::os::unix::fs::PermissionsExt;
        let dir = temp_dir("private").join("data");
        let places = Places::new(dir.clone());
        places.save_token(&Places::key("ws://h:1/ws", "Ada"), "t0k3n");
        let mode = |path: &Path| std::fs::metadata(path).expect("there").permissions().mode() & 0o777;
        assert_eq!(mode(&dir), 0o700);
        let file =
            std::fs::read_dir(&dir).expect("a folder").next().expect("a file").expect("an entry").path();
        assert_eq!(mode(&file), 0o600, "{}", file.display());
        let _ = std::fs::remove_dir_all(dir.parent().expect("a parent"));
    }

    fn recent(class: &str, address: &str) -> RecentClass {
        RecentClass { class: class.into(), teacher: "T".into(), address: address.into() }
    }

    /// Most recent first; joining a listed class again moves it to the top;
    /// the list keeps at most MAX_RECENT and survives a restart.
    #[test]
    fn recent_classes_are_bounded_and_most_recent_first() {
        let dir = temp_dir("recent");
        let places = Places::new(dir.clone());
        for n in 0..MAX_RECENT + 3 {
            places.remember_class(recent(&format!("Class {n}"), "10.0.0.1:4455"));
        }
        places.remember_class(recent("Class 5", "10.0.0.1:4455"));
        let listed: Vec<String> = Places::new(dir.clone()).recent().into_iter().map(|r| r.class).collect();
        assert_eq!(listed.len(), MAX_RECENT);
        assert_eq!(listed[0], "Class 5");
        assert_eq!(listed[1], format!("Class {}", MAX_RECENT + 2));
        assert_eq!(listed.iter().filter(|c| *c == "Class 5").count(), 1, "no duplicates");
        assert!(!listed.contains(&"Class 0".to_owned()), "the oldest went");
        // The same class at another address is another entry.
        places.remember_class(recent("Class 5", "10.0.0.2:4455"));
        assert_eq!(
            places.recent()[..2],
            [recent("Class 5", "10.0.0.2:4455"), recent("Class 5", "10.0.0.1:4455")]
        );
        let _ = std::fs::remove_dir_all(dir);
    }

    /// A places.json written before recent classes existed still loads.
    #[test]
    fn an_older_file_still_loads() {
        let dir = temp_dir("older");
        std::fs::create_dir_all(&dir).expect("dir");
        std::fs::write(
            dir.join("places.json"),
            r#"{"tokens":{"ws://h:1/ws|ada":"tok"},"last_join":{"address":"h:1","name":"Ada","code":"1"}}"#,
        )
        .expect("write");
        let places = Places::new(dir.clone());
        assert_eq!(places.token("ws://h:1/ws|ada").as_deref(), Some("tok"));
        assert_eq!(places.last_join().map(|j| j.class), Some(None));
        assert!(places.recent().is_empty());
        let _ = std::fs::remove_dir_all(dir);
    }
}
