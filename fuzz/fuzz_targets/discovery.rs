//! DNS-SD records of a teacher's class and of a rogue advertiser, as a student's app lists them.
//! The properties checked are documented on
//! `classroom_core::fuzzing::discovery`.

#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| classroom_core::fuzzing::discovery(data));
