//! The `time` module: clocks and sleep.

use crate::builtins::check_arity;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

thread_local! {
    static START: Instant = Instant::now();
}

type Kw<'a> = &'a [(Value, Value)];

pub fn install(vm: &mut Vm) {
    super::new_native_module(
        vm,
        "time",
        &[
            ("time", time),
            ("perf_counter", perf_counter),
            ("monotonic", perf_counter),
            ("process_time", perf_counter),
            ("sleep", sleep),
            ("time_ns", time_ns),
            ("perf_counter_ns", perf_counter_ns),
            ("monotonic_ns", perf_counter_ns),
            ("process_time_ns", perf_counter_ns),
        ],
    );
}

fn time(_vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    Ok(Value::float(d.as_secs_f64()))
}
fn time_ns(_vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    let d = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    Ok(Value::bigint(num_bigint::BigInt::from(d.as_nanos())))
}
fn perf_counter(_vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::float(START.with(|s| s.elapsed().as_secs_f64())))
}
fn perf_counter_ns(_vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(Value::bigint(num_bigint::BigInt::from(
        START.with(|s| s.elapsed().as_nanos()),
    )))
}
fn sleep(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "sleep", a, 1, 1)?;
    let secs = a[0]
        .as_float()
        .or_else(|| vm.to_i64(&a[0]).map(|i| i as f64));
    match secs {
        Some(s) if s >= 0.0 => {
            vm.flush_stdout();
            // Sleeps in short steps so that Ctrl-C interrupts it at once.
            let end = std::time::Instant::now() + std::time::Duration::from_secs_f64(s);
            loop {
                vm.take_signals()?;
                let now = std::time::Instant::now();
                if now >= end {
                    return Ok(Value::NONE);
                }
                std::thread::sleep((end - now).min(std::time::Duration::from_millis(20)));
            }
        }
        Some(_) => Err(vm.value_error("sleep length must be non-negative")),
        None => Err(vm.type_error("'str' object cannot be interpreted as an integer")),
    }
}
