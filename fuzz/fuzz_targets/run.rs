//! Load, verify and run with the interpreter alone, 20 ms at most per input.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let budget = std::time::Duration::from_millis(20);
    pycrane_runtime::fuzzing::run(data, || None, budget);
});
