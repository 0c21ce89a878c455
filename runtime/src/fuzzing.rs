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

/// Loads, verifies and runs `data` as the main program, with `tier2` compiling every code
/// object on its first call (`--jit=always`) or, without one, the interpreter alone. After
/// `budget` of wall time the program gets a `KeyboardInterrupt`, as from Ctrl-C (a fuzzed
/// jump makes an endless loop easily). Returns the exit status.
pub fn run(data: &[u8], tier2: Option<Box<dyn Tier2>>, budget: Duration) -> i32 {
    let Ok(code) = load_pyc_bytes(data, "<fuzz>") else {
        return 1;
    };
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
    vm.configure_sys();
    vm.tier2 = tier2;
    let (done, wait) = mpsc::channel::<()>();
    let timer = std::thread::spawn(move || {
        if wait.recv_timeout(budget).is_err() {
            signals::SIGINT_PENDING.fetch_or(signals::SIGINT, Ordering::Relaxed);
        }
    });
    let status = vm.run_main(&code, Some("<fuzz>"));
    let _ = done.send(());
    let _ = timer.join();
    signals::SIGINT_PENDING.store(0, Ordering::Relaxed);
    vm.finish_tier2();
    status
}
