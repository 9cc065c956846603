//! A stored class with fuzzed names and messages, exported as Markdown, CSV
//! and JSON and read back with real parsers. The properties checked are
//! documented on `classroom_core::fuzzing::export`.

#![no_main]

use std::sync::OnceLock;

use classroom_core::fuzzing::{self, ExportStore};
use libfuzzer_sys::fuzz_target;

#[path = "../../core/tests/fuzz_regressions/markdown.rs"]
mod markdown;

/// One store for the whole run, in a temporary folder (under `TMPDIR`,
/// which scripts/fuzz.sh points into fuzz/target and empties).
fn store() -> &'static ExportStore {
    static STORE: OnceLock<(tempfile::TempDir, ExportStore)> = OnceLock::new();
    let (_, store) = STORE.get_or_init(|| {
        let dir =
            tempfile::Builder::new().prefix("classroom-fuzz-export").tempdir().expect("a temporary folder");
        let store = ExportStore::open(dir.path());
        (dir, store)
    });
    store
}

fuzz_target!(|data: &[u8]| fuzzing::export(store(), data, &markdown::outline));
