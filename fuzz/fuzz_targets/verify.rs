//! The loader, then the decoder and verifier on every code object.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| pycrane_runtime::fuzzing::verify(data));
