//! Load, verify and run with every code object compiled on its first call (`--jit=always`,
//! with Cranelift's IR verifier on), 200 ms at most per input.
#![no_main]
libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let opts = pycrane_jit::Options {
        verify: true,
        ..Default::default()
    };
    let jit = pycrane_jit::Jit::new(opts).expect("the JIT starts on this host");
    let budget = std::time::Duration::from_millis(200);
    pycrane_runtime::fuzzing::run(data, Some(Box::new(jit)), budget);
});
