//! Load, verify and run with every code object compiled on its first call (`--jit=always`,
//! with Cranelift's IR verifier on), 20 ms at most per input.
#![no_main]
use pycrane_runtime::vm::tier2::Tier2;

fn jit() -> Option<Box<dyn Tier2>> {
    let opts = pycrane_jit::Options {
        verify: true,
        ..Default::default()
    };
    let jit = pycrane_jit::Jit::new(opts).expect("the JIT starts on this host");
    Some(Box::new(jit))
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let budget = std::time::Duration::from_millis(20);
    pycrane_runtime::fuzzing::run(data, jit, budget);
});
