//! How WebKitGTK draws the window on Linux.
//!
//! WebKit composites the page's layers with OpenGL. On a machine whose GPU
//! it cannot use (no DRM render node: a virtual machine, a thin client, a
//! remote desktop), that OpenGL is Mesa's software rasteriser, and the
//! compositor only costs: in the lecture benchmark on such a machine
//! (docs/benchmarks.md, "Painting without a GPU") the app and WebKit started
//! 100 MiB larger, the web process spent a third more CPU on the same
//! messages, and the memory it kept afterwards varied three times as much. There
//! the app asks WebKit to paint without compositing, with WebKit's own
//! switch, unless whoever started the app chose either way themselves.

use std::path::Path;

/// WebKitGTK's switch: set in its environment (WebKit only checks that it
/// is set, whatever its value), the web process paints without compositing.
pub const DISABLE_COMPOSITING_VAR: &str = "WEBKIT_DISABLE_COMPOSITING_MODE";

/// WebKitGTK's opposite switch: the web process always composites. Set, it
/// is the user's choice, and the app leaves compositing on.
const FORCE_COMPOSITING_VAR: &str = "WEBKIT_FORCE_COMPOSITING_MODE";

/// Where Linux lists the GPUs a process may render with.
const DRI: &str = "/dev/dri";

/// Whether to turn compositing off: nobody chose (`chosen`: whether either
/// of WebKit's compositing switches is in the environment) and `dri` has no
/// render node.
pub fn compositing_off(dri: &Path, chosen: bool) -> bool {
    !chosen && !has_render_node(dri)
}

fn has_render_node(dri: &Path) -> bool {
    std::fs::read_dir(dri)
        .map(|entries| {
            entries.flatten().any(|entry| entry.file_name().to_string_lossy().starts_with("renderD"))
        })
        .unwrap_or(false)
}

/// Sets WebKit's switch in this process's environment when
/// [`compositing_off`] says so (WebKit's processes inherit it). Call it
/// first thing in `main`, before any thread starts.
pub fn choose() {
    let set = |name: &str| std::env::var_os(name).is_some();
    let chosen = set(DISABLE_COMPOSITING_VAR) || set(FORCE_COMPOSITING_VAR);
    if cfg!(target_os = "linux") && compositing_off(Path::new(DRI), chosen) {
        // Sound here: `run` calls this before the app starts any thread.
        std::env::set_var(DISABLE_COMPOSITING_VAR, "1");
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::path::PathBuf;

    /// An empty folder of its own, standing in for /dev/dri.
    fn folder(name: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("classroom-dri-{}-{name}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).expect("a folder");
        dir
    }

    #[test]
    fn no_render_node_turns_compositing_off() {
        let dri = folder("none");
        assert!(compositing_off(&dri, false), "an empty /dev/dri");
        assert!(compositing_off(&dri.join("missing"), false), "no /dev/dri at all");
        std::fs::write(dri.join("card0"), "").expect("a card without a render node");
        assert!(compositing_off(&dri, false), "a card node alone is no GPU to render with");
    }

    #[test]
    fn a_render_node_or_the_users_choice_leaves_it_alone() {
        let dri = folder("gpu");
        std::fs::write(dri.join("renderD128"), "").expect("a render node");
        assert!(!compositing_off(&dri, false), "a GPU: WebKit composites with it");
        let empty = folder("chosen");
        assert!(!compositing_off(&empty, true), "a switch set by hand is kept");
    }
}
