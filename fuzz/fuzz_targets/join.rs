//! Join frames from several addresses against a real hub on 127.0.0.1.
//! The properties checked are documented on
//! `classroom_core::fuzzing::join`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| classroom_core::fuzzing::join(data));
