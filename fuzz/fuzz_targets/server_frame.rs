//! A text frame from a hub (perhaps a rogue one), as the client parses it.
//! The properties checked are documented on
//! `classroom_core::fuzzing::server_frame`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| classroom_core::fuzzing::server_frame(data));
