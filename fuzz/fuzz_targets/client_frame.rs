//! A text frame from a peer, as the hub parses it.
//! The properties checked are documented on
//! `classroom_core::fuzzing::client_frame`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| classroom_core::fuzzing::client_frame(data));
