//! What the fuzz targets in `fuzz/` (cargo fuzz) run: each entry takes arbitrary bytes as a
//! `.pyc` file and must return, whatever they are, without a panic, an abort or a signal —
//! the loader and the verifier turn bad input into errors, and code the verifier accepted
//! runs to an exception at worst.

use crate::pyc::load_pyc_bytes;
use crate::vm::tier2::{JitMode, Tier2};
use crate::vm::{signals, Config, Vm};
use std::sync::atomic::Ordering;
use std::sync::mpsc;
use std::time::Duration;

/// The header and marshal loader.
pub fn load(data: &[u8]) {
    let _ = load_pyc_bytes(data, "<fuzz>");
}

/// The loader, then decoding and verifying every code object (`Vm::prepare_code`).
pub fn verify(data: &[u8]) {
    if let Ok(code) = load_pyc_bytes(data, "<fuzz>") {
        let mut vm = Vm::new(Config::default());
        let _ = vm.prepare_code(&code);
    }
}

/// Loads, verifies and runs `data` as the main program, on a thread of its own with a
/// 256 MiB stack (as the CLI runs programs; the Vm raises RecursionError before it runs
/// out), with the compiler tier `tier2` makes, which compiles every code object on its first
/// call (`--jit=always`), or without one the interpreter alone. After `budget` of wall time
/// the program gets a `KeyboardInterrupt`, as from Ctrl-C (a fuzzed jump makes an endless
/// loop easily). Returns the exit status.
pub fn run(data: &[u8], tier2: fn() -> Option<Box<dyn Tier2>>, budget: Duration) -> i32 {
    const STACK: usize = 256 << 20;
    let data = data.to_vec();
    let (done, wait) = mpsc::channel::<()>();
    let timer = std::thread::spawn(move || {
        if wait.recv_timeout(budget).is_err() {
            signals::SIGINT_PENDING.fetch_or(signals::SIGINT, Ordering::Relaxed);
        }
    });
    let status = std::thread::Builder::new()
        .stack_size(STACK)
        .spawn(move || {
            let Ok(code) = load_pyc_bytes(&data, "<fuzz>") else {
                return 1;
            };
            let tier2 = tier2();
            let mode = match tier2 {
                Some(_) => JitMode::Always,
                None => JitMode::Off,
            };
            let mut vm = Vm::new(Config {
                argv: vec!["<fuzz>".into()],
                jit_mode: mode,
                jit_threshold: 0,
                ..Config::default()
            });
            vm.set_native_stack(STACK);
            vm.configure_sys();
            vm.tier2 = tier2;
            let status = vm.run_main(&code, Some("<fuzz>"));
            vm.finish_tier2();
            status
        })
        .map_or(1, |t| t.join().unwrap_or(70));
    let _ = done.send(());
    let _ = timer.join();
    signals::SIGINT_PENDING.store(0, Ordering::Relaxed);
    status
}
