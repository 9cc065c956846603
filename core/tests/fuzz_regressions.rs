//! The fuzz targets' kept inputs as regular tests: every file in
//! `tests/fuzz_regressions/<target>/` goes through the same property check
//! as its fuzz target (`classroom_core::fuzzing`), so an input the fuzzer
//! once broke something with, and the seeds that show each target's
//! ground, keep being checked. Needs the `fuzzing` feature:
//! `cargo test -p classroom-core --features fuzzing --test fuzz_regressions`.
//!
//! `docs/fuzzing.md` says how a found input becomes one of these files.

#![cfg(feature = "fuzzing")]

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::PathBuf;

use classroom_core::fuzzing::{self, ExportStore};

#[path = "fuzz_regressions/markdown.rs"]
mod markdown;

/// The kept inputs of `target`, by file name.
fn inputs(target: &str) -> Vec<(String, Vec<u8>)> {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fuzz_regressions").join(target);
    let entries = std::fs::read_dir(&dir).unwrap_or_else(|err| panic!("{}: {err}", dir.display()));
    let mut inputs: Vec<(String, Vec<u8>)> = entries
        .map(|entry| {
            let path = entry.expect("a directory entry").path();
            let data = std::fs::read(&path).unwrap_or_else(|err| panic!("{}: {err}", path.display()));
            (path.file_name().unwrap_or_default().to_string_lossy().into_owned(), data)
        })
        .collect();
    inputs.sort();
    assert!(!inputs.is_empty(), "no inputs kept in {}", dir.display());
    inputs
}

/// Runs every kept input of `target` through `check`; fails naming each
/// input that broke a property.
fn check_all(target: &str, check: impl Fn(&[u8])) {
    let failed: Vec<String> = inputs(target)
        .into_iter()
        .filter_map(|(name, data)| catch_unwind(AssertUnwindSafe(|| check(&data))).err().map(|_| name))
        .collect();
    assert!(failed.is_empty(), "{target}: these inputs break a property: {failed:?}");
}

#[test]
fn client_frame() {
    check_all("client_frame", fuzzing::client_frame);
}

#[test]
fn server_frame() {
    check_all("server_frame", fuzzing::server_frame);
}

#[test]
fn names() {
    check_all("names", fuzzing::names);
}

#[test]
fn discovery() {
    check_all("discovery", fuzzing::discovery);
}

#[test]
fn join() {
    check_all("join", fuzzing::join);
}

#[test]
fn export() {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let store = ExportStore::open(dir.path());
    check_all("export", |data| fuzzing::export(&store, data, &markdown::outline));
}

/// Found by the `names` target: a name in Latin letters must clash with
/// its other case, but the hub compared names by one key that took the
/// look-alike skeleton before folding the case, and the capital I family's
/// look-alike is `l` while its small letters stay `i`: "Isabel" and
/// "isabel", "Íñigo" and "íñigo" were let in side by side. Names are now
/// compared by two keys (`name_keys`, hub/limits.rs).
#[test]
fn name_case() {
    check_all("name_case", fuzzing::name_case);
}

/// Found by the `client_frame` target: `docs/protocol.md` says every frame
/// is one JSON object, but `ClientFrame::parse` (protocol.rs) also read a
/// JSON array as a frame, its elements as the fields in order (serde reads
/// an internally tagged enum from a sequence too): `["chat:message","c-1",
/// "hi"]` posted a message. Anything but an object is `malformed` now.
#[test]
fn client_frame_objects() {
    check_all("client_frame_objects", fuzzing::client_frame_objects);
}
