//! The `.pyc` header and marshal loader on arbitrary bytes.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| pycrane_runtime::fuzzing::load(data));
