//! One version for the product, kept in one place: `version` under
//! `[workspace.package]` in the root Cargo.toml. The app inherits it
//! (`version.workspace = true`), tauri.conf.json has no `version` of its own
//! (Tauri then reads the app crate's), and the installers are named after it.
//! What cannot inherit it has to repeat it, and this test fails when a copy
//! drifts: package.json, every other crate of the workspace, and the
//! CHANGELOG, which must have a section for the version being built.
//! RELEASING.md says how to change it.

use std::path::{Path, PathBuf};

fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("..")
}

fn read(relative: &str) -> String {
    std::fs::read_to_string(root().join(relative)).unwrap_or_else(|err| panic!("read {relative}: {err}"))
}

/// The `version = "…"` line of one `[section]` of a Cargo manifest; `None`
/// when the section has none (or inherits it with `version.workspace`).
fn toml_version(manifest: &str, section: &str) -> Option<String> {
    let mut inside = false;
    for line in manifest.lines().map(str::trim) {
        if line.starts_with('[') {
            inside = line == format!("[{section}]");
            continue;
        }
        if !inside {
            continue;
        }
        let Some(rest) = line.strip_prefix("version") else { continue };
        let Some(value) = rest.trim_start().strip_prefix('=') else { continue };
        return Some(value.trim().trim_matches('"').to_owned());
    }
    None
}

fn workspace_version() -> String {
    toml_version(&read("Cargo.toml"), "workspace.package").expect("[workspace.package] has a version")
}

#[test]
fn the_app_inherits_the_workspace_version() {
    assert_eq!(
        env!("CARGO_PKG_VERSION"),
        workspace_version(),
        "src-tauri/Cargo.toml should say version.workspace = true"
    );
    assert_eq!(
        toml_version(&read("src-tauri/Cargo.toml"), "package"),
        None,
        "src-tauri/Cargo.toml should inherit the version (version.workspace = true), not repeat it"
    );
}

#[test]
fn tauri_conf_has_no_version_of_its_own() {
    let conf: serde_json::Value =
        serde_json::from_str(&read("src-tauri/tauri.conf.json")).expect("tauri.conf.json parses");
    assert!(
        conf.get("version").is_none(),
        "tauri.conf.json has a \"version\"; remove it, Tauri then uses the app crate's (the workspace version)"
    );
}

#[test]
fn package_json_matches() {
    let package: serde_json::Value =
        serde_json::from_str(&read("package.json")).expect("package.json parses");
    assert_eq!(package["version"].as_str(), Some(workspace_version().as_str()), "package.json's version");
}

#[test]
fn every_crate_of_the_workspace_matches() {
    for manifest in ["core/Cargo.toml", "cli/Cargo.toml"] {
        if let Some(version) = toml_version(&read(manifest), "package") {
            assert_eq!(
                version,
                workspace_version(),
                "{manifest}'s version (or make it version.workspace = true)"
            );
        }
    }
}

#[test]
fn the_changelog_has_a_section_for_this_version() {
    let heading = format!("## [{}]", workspace_version());
    assert!(
        read("CHANGELOG.md").lines().any(|line| line.starts_with(&heading)),
        "CHANGELOG.md has no `{heading}` section"
    );
}

#[test]
fn the_toml_reader_reads_what_it_should() {
    let manifest = "[package]\nname = \"x\"\nversion = \"1.2.3\"\n[dependencies]\nversion = \"9\"\n";
    assert_eq!(toml_version(manifest, "package").as_deref(), Some("1.2.3"));
    assert_eq!(toml_version("[package]\nversion.workspace = true\n", "package"), None);
    assert_eq!(toml_version(manifest, "workspace.package"), None);
}
