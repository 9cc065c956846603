//! Display names and class codes as students type them, through the hub's rules.
//! The properties checked are documented on
//! `classroom_core::fuzzing::names`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| classroom_core::fuzzing::names(data));
