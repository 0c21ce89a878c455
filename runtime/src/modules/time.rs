//! The `time` module: the clocks (`time`, `monotonic`, `perf_counter`, `process_time`,
//! `thread_time`, `clock_gettime`), `sleep`, `struct_time` with `gmtime`/`localtime`/
//! `mktime`, `strftime`/`strptime`/`asctime`/`ctime`, the time-zone facts and
//! `get_clock_info`, as CPython 3.11 has them on Linux.

use super::structseq;
use crate::builtins::check_arity;
use crate::object::Obj;
use crate::os::time::{self as ostime, Tm};
use crate::value::Value;
use crate::vm::{PyResult, Vm};

type Kw<'a> = &'a [(Value, Value)];

const CLOCKS: &[(&str, i32)] = &[
    ("CLOCK_REALTIME", libc::CLOCK_REALTIME),
    ("CLOCK_MONOTONIC", libc::CLOCK_MONOTONIC),
    ("CLOCK_MONOTONIC_RAW", libc::CLOCK_MONOTONIC_RAW),
    ("CLOCK_PROCESS_CPUTIME_ID", libc::CLOCK_PROCESS_CPUTIME_ID),
    ("CLOCK_THREAD_CPUTIME_ID", libc::CLOCK_THREAD_CPUTIME_ID),
    ("CLOCK_BOOTTIME", libc::CLOCK_BOOTTIME),
    ("CLOCK_TAI", libc::CLOCK_TAI),
];

pub fn install(vm: &mut Vm) {
    let t = struct_time_type(vm);
    let d = super::new_native_module(
        vm,
        "time",
        &[
            ("time", time),
            ("time_ns", time_ns),
            ("monotonic", monotonic),
            ("monotonic_ns", monotonic_ns),
            ("perf_counter", monotonic),
            ("perf_counter_ns", monotonic_ns),
            ("process_time", process_time),
            ("process_time_ns", process_time_ns),
            ("thread_time", thread_time),
            ("thread_time_ns", thread_time_ns),
            ("clock_gettime", clock_gettime),
            ("clock_gettime_ns", clock_gettime_ns),
            ("clock_getres", clock_getres),
            ("sleep", sleep),
            ("gmtime", gmtime),
            ("localtime", localtime),
            ("mktime", mktime),
            ("asctime", asctime),
            ("ctime", ctime),
            ("strftime", strftime),
            ("strptime", strptime),
            ("get_clock_info", get_clock_info),
            ("tzset", tzset),
        ],
    );
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("struct_time", t);
        d.set_str("_STRUCT_TM_ITEMS", Value::int(11));
        for &(name, c) in CLOCKS {
            d.set_str(name, Value::int(c as i64));
        }
    }
    set_zone_facts(&d);
}

fn struct_time_type(vm: &mut Vm) -> Value {
    vm.native_type("time.struct_time", |vm| {
        let fields = [
            "tm_year", "tm_mon", "tm_mday", "tm_hour", "tm_min", "tm_sec", "tm_wday", "tm_yday",
            "tm_isdst",
        ];
        structseq::new_type_ext(
            vm,
            "time",
            "struct_time",
            &fields,
            &["tm_zone", "tm_gmtoff"],
        )
    })
}

/// `timezone`, `altzone`, `daylight` and `tzname`, found as CPython finds them: from the
/// local time of January 1 and July 1 of this year.
fn set_zone_facts(module_dict: &Value) {
    const YEAR: i64 = (365 * 24 + 6) * 3600;
    let now = now_secs().0;
    let jan_t = (now / YEAR) * YEAR;
    let (jan, jul) = match (
        ostime::broken_down(jan_t, true),
        ostime::broken_down(jan_t + YEAR / 2, true),
    ) {
        (Ok(a), Ok(b)) => (a, b),
        _ => (Tm::default(), Tm::default()),
    };
    let (janzone, julzone) = (-jan.gmtoff, -jul.gmtoff);
    let (tz, alt, names) = if janzone < julzone {
        (julzone, janzone, (jul.zone.clone(), jan.zone.clone()))
    } else {
        (janzone, julzone, (jan.zone.clone(), jul.zone.clone()))
    };
    if let Some(d) = module_dict.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("timezone", Value::int(tz));
        d.set_str("altzone", Value::int(alt));
        d.set_str("daylight", Value::int(i64::from(janzone != julzone)));
        d.set_str(
            "tzname",
            Value::tuple(vec![Value::string(names.0), Value::string(names.1)]),
        );
    }
}

fn now_secs() -> (i64, i64) {
    ostime::clock_gettime(libc::CLOCK_REALTIME).unwrap_or((0, 0))
}

fn clock(vm: &Vm, c: i32) -> PyResult<(i64, i64)> {
    ostime::clock_gettime(c).map_err(|e| vm.new_error(&vm.exc.os_error.clone(), &e.to_string()))
}

fn secs(t: (i64, i64)) -> Value {
    Value::float(t.0 as f64 + t.1 as f64 * 1e-9)
}

fn nanos(t: (i64, i64)) -> Value {
    let n = t.0 as i128 * 1_000_000_000 + t.1 as i128;
    match i64::try_from(n) {
        Ok(i) => Value::int(i),
        Err(_) => Value::bigint(n.into()),
    }
}

fn time(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "time", a, 0, 0)?;
    Ok(secs(clock(vm, libc::CLOCK_REALTIME)?))
}
fn time_ns(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "time_ns", a, 0, 0)?;
    Ok(nanos(clock(vm, libc::CLOCK_REALTIME)?))
}
fn monotonic(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(secs(clock(vm, libc::CLOCK_MONOTONIC)?))
}
fn monotonic_ns(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(nanos(clock(vm, libc::CLOCK_MONOTONIC)?))
}
fn process_time(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(secs(clock(vm, libc::CLOCK_PROCESS_CPUTIME_ID)?))
}
fn process_time_ns(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(nanos(clock(vm, libc::CLOCK_PROCESS_CPUTIME_ID)?))
}
fn thread_time(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(secs(clock(vm, libc::CLOCK_THREAD_CPUTIME_ID)?))
}
fn thread_time_ns(vm: &mut Vm, _a: &[Value], _k: Kw) -> PyResult<Value> {
    Ok(nanos(clock(vm, libc::CLOCK_THREAD_CPUTIME_ID)?))
}

fn clock_id(vm: &mut Vm, a: &[Value], name: &str) -> PyResult<i32> {
    check_arity(vm, name, a, 1, 1)?;
    Ok(vm.index_value(&a[0], "clk_id")? as i32)
}

fn clock_gettime(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let c = clock_id(vm, a, "clock_gettime")?;
    match ostime::clock_gettime(c) {
        Ok(t) => Ok(secs(t)),
        Err(e) => Err(vm.os_error_with(&e, None)),
    }
}
fn clock_gettime_ns(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let c = clock_id(vm, a, "clock_gettime_ns")?;
    match ostime::clock_gettime(c) {
        Ok(t) => Ok(nanos(t)),
        Err(e) => Err(vm.os_error_with(&e, None)),
    }
}
fn clock_getres(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    let c = clock_id(vm, a, "clock_getres")?;
    match ostime::clock_getres(c) {
        Ok(r) => Ok(Value::float(r)),
        Err(e) => Err(vm.os_error_with(&e, None)),
    }
}

fn sleep(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "sleep", a, 1, 1)?;
    let s = match a[0].as_float() {
        Some(f) => f,
        None if a[0].is_int() || a[0].is_bool() => vm.index_value(&a[0], "secs")? as f64,
        None => {
            let tn = vm.type_name(&a[0]);
            return Err(vm.type_error(format!("'{tn}' object cannot be interpreted as an integer")));
        }
    };
    if s.is_nan() {
        return Err(vm.value_error("Invalid value NaN (not a number)"));
    }
    if s < 0.0 {
        return Err(vm.value_error("sleep length must be non-negative"));
    }
    vm.flush_stdout();
    // Sleeps in short steps so that Ctrl-C interrupts it at once.
    let end = std::time::Instant::now() + std::time::Duration::from_secs_f64(s.min(1e9));
    loop {
        vm.take_signals()?;
        let now = std::time::Instant::now();
        if now >= end {
            return Ok(Value::NONE);
        }
        std::thread::sleep((end - now).min(std::time::Duration::from_millis(20)));
    }
}

/// Seconds since the epoch from an optional argument (None or absent: now), floored.
fn secs_arg(vm: &mut Vm, a: &[Value]) -> PyResult<i64> {
    match a.first() {
        None => Ok(now_secs().0),
        Some(v) if v.is_none() => Ok(now_secs().0),
        Some(v) => {
            if let Some(f) = v.as_float() {
                if f.is_nan() {
                    return Err(vm.value_error("Invalid value NaN (not a number)"));
                }
                let fl = f.floor();
                if !(-9.2e18..9.2e18).contains(&fl) {
                    return Err(vm.overflow_error("timestamp out of range for platform time_t"));
                }
                return Ok(fl as i64);
            }
            if !v.is_int() && !v.is_bool() {
                let tn = vm.type_name(v);
                return Err(
                    vm.type_error(format!("'{tn}' object cannot be interpreted as an integer"))
                );
            }
            let i = vm.index_int(v)?;
            vm.to_i64(&i)
                .ok_or_else(|| vm.overflow_error("timestamp out of range for platform time_t"))
        }
    }
}

fn tm_value(vm: &mut Vm, t: &Tm) -> Value {
    let ty = struct_time_type(vm);
    let v = structseq::new(
        &ty,
        vec![
            Value::int(t.year),
            Value::int(t.mon as i64 + 1),
            Value::int(t.mday as i64),
            Value::int(t.hour as i64),
            Value::int(t.min as i64),
            Value::int(t.sec as i64),
            Value::int(((t.wday + 6) % 7) as i64),
            Value::int(t.yday as i64 + 1),
            Value::int(t.isdst as i64),
        ],
    );
    if let Some(i) = v.as_instance() {
        let mut d = i.dict.borrow_mut();
        d.set_str("tm_zone", Value::string(t.zone.clone()));
        d.set_str("tm_gmtoff", Value::int(t.gmtoff));
    }
    v
}

fn gmtime(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "gmtime", a, 0, 1)?;
    let s = secs_arg(vm, a)?;
    let t = ostime::broken_down(s, false).map_err(|e| vm.os_error_with(&e, None))?;
    Ok(tm_value(vm, &t))
}

fn localtime(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "localtime", a, 0, 1)?;
    let s = secs_arg(vm, a)?;
    let t = ostime::broken_down(s, true).map_err(|e| vm.os_error_with(&e, None))?;
    Ok(tm_value(vm, &t))
}

/// A `struct_time` or 9-tuple as the C library's broken-down time.
fn tm_arg(vm: &mut Vm, v: &Value, fname: &str) -> PyResult<Tm> {
    let items = match v.as_tuple() {
        Some(t) => t.to_vec(),
        None => match v
            .as_instance()
            .and_then(|i| i.base_value.as_tuple().map(<[Value]>::to_vec))
        {
            Some(t) => t,
            None => return Err(vm.type_error("Tuple or struct_time argument required")),
        },
    };
    if items.len() != 9 {
        return Err(vm.type_error(format!("{fname}(): illegal time tuple argument")));
    }
    let mut n = [0i64; 9];
    for (x, v) in n.iter_mut().zip(&items) {
        if v.is_float() {
            return Err(vm.type_error("'float' object cannot be interpreted as an integer"));
        }
        *x = vm.index_value(v, "time")?;
    }
    let zone = vm
        .getattr_opt(v, &Value::str("tm_zone"))?
        .filter(|z| !z.is_none());
    let gmtoff = vm
        .getattr_opt(v, &Value::str("tm_gmtoff"))?
        .filter(|z| !z.is_none());
    Ok(Tm {
        year: n[0],
        mon: (n[1] - 1) as i32,
        mday: n[2] as i32,
        hour: n[3] as i32,
        min: n[4] as i32,
        sec: n[5] as i32,
        wday: ((n[6] + 1).rem_euclid(7)) as i32,
        yday: (n[7] - 1) as i32,
        isdst: n[8] as i32,
        gmtoff: match gmtoff {
            Some(g) => vm.index_value(&g, "tm_gmtoff")?,
            None => 0,
        },
        zone: match zone {
            Some(z) => vm.str_of(&z)?,
            None => String::new(),
        },
    })
}

fn mktime(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "mktime", a, 1, 1)?;
    let t = tm_arg(vm, &a[0], "mktime")?;
    match ostime::mktime(&t) {
        Some(s) => Ok(Value::float(s as f64)),
        None => Err(vm.overflow_error("mktime argument out of range")),
    }
}

const DAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

fn asc(t: &Tm) -> String {
    format!(
        "{} {}{:3} {:02}:{:02}:{:02} {}",
        DAYS[t.wday.rem_euclid(7) as usize],
        MONTHS[t.mon.rem_euclid(12) as usize],
        t.mday,
        t.hour,
        t.min,
        t.sec,
        t.year
    )
}

/// CPython's range checks for a broken-down time given to `strftime`/`asctime`.
fn check_tm(vm: &Vm, t: &Tm) -> PyResult<()> {
    let bad = |what: &str| Err(vm.value_error(format!("{what} out of range")));
    if !(0..=11).contains(&t.mon) {
        return bad("month");
    }
    if !(1..=31).contains(&t.mday) {
        return bad("day of month");
    }
    if !(0..=23).contains(&t.hour) {
        return bad("hour");
    }
    if !(0..=59).contains(&t.min) {
        return bad("minute");
    }
    if !(0..=61).contains(&t.sec) {
        return bad("seconds");
    }
    if t.wday < 0 {
        return bad("day of week");
    }
    if !(0..=365).contains(&t.yday) {
        return bad("day of year");
    }
    Ok(())
}

fn current_or(vm: &mut Vm, a: &[Value], fname: &str) -> PyResult<Tm> {
    match a.first() {
        Some(v) => tm_arg(vm, v, fname),
        None => ostime::broken_down(now_secs().0, true).map_err(|e| vm.os_error_with(&e, None)),
    }
}

fn asctime(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "asctime", a, 0, 1)?;
    let t = current_or(vm, a, "asctime")?;
    check_tm(vm, &t)?;
    Ok(Value::string(asc(&t)))
}

fn ctime(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "ctime", a, 0, 1)?;
    let s = secs_arg(vm, a)?;
    let t = ostime::broken_down(s, true).map_err(|e| vm.os_error_with(&e, None))?;
    Ok(Value::string(asc(&t)))
}

fn strftime(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "strftime", a, 1, 2)?;
    let Some(fmt) = a[0].as_str().map(|s| s.as_str().to_string()) else {
        let tn = vm.type_name(&a[0]);
        return Err(vm.type_error(format!("strftime() argument 1 must be str, not {tn}")));
    };
    let mut t = current_or(vm, &a[1..], "strftime")?;
    // CPython accepts 0 for the month, day and day of year here, as 1.
    if a.len() > 1 {
        if t.mon == -1 {
            t.mon = 0;
        }
        if t.mday == 0 {
            t.mday = 1;
        }
        if t.yday == -1 {
            t.yday = 0;
        }
    }
    check_tm(vm, &t)?;
    if fmt.contains('\0') {
        return Err(vm.value_error("embedded null character"));
    }
    Ok(Value::string(ostime::strftime(&fmt, &t)))
}

/// `strptime(string, format)` by Lib's `_strptime`, as CPython does.
fn strptime(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "strptime", a, 1, 2)?;
    let m = vm.import_absolute("_strptime")?;
    let f = vm.getattr_str(&m, "_strptime_time")?;
    vm.call(&f, a, &[])
}

fn get_clock_info(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "get_clock_info", a, 1, 1)?;
    let name = vm.str_of(&a[0])?;
    let (imp, clk, mono, adj) = match name.as_str() {
        "time" => (
            "clock_gettime(CLOCK_REALTIME)",
            libc::CLOCK_REALTIME,
            false,
            true,
        ),
        "monotonic" | "perf_counter" => (
            "clock_gettime(CLOCK_MONOTONIC)",
            libc::CLOCK_MONOTONIC,
            true,
            false,
        ),
        "process_time" => (
            "clock_gettime(CLOCK_PROCESS_CPUTIME_ID)",
            libc::CLOCK_PROCESS_CPUTIME_ID,
            true,
            false,
        ),
        "thread_time" => (
            "clock_gettime(CLOCK_THREAD_CPUTIME_ID)",
            libc::CLOCK_THREAD_CPUTIME_ID,
            true,
            false,
        ),
        _ => return Err(vm.value_error("unknown clock")),
    };
    let res = ostime::clock_getres(clk).unwrap_or(1e-9);
    let types = vm.import_absolute("types")?;
    let ns = vm.getattr_str(&types, "SimpleNamespace")?;
    let kw = [
        (Value::str("implementation"), Value::str(imp)),
        (Value::str("monotonic"), Value::bool(mono)),
        (Value::str("adjustable"), Value::bool(adj)),
        (Value::str("resolution"), Value::float(res)),
    ];
    vm.call(&ns, &[], &kw)
}

fn tzset(vm: &mut Vm, a: &[Value], _k: Kw) -> PyResult<Value> {
    check_arity(vm, "tzset", a, 0, 0)?;
    ostime::tzset();
    if let Some(m) = vm.module("time") {
        if let Some(Obj::Module(module)) = m.obj() {
            let d = module.dict.clone();
            set_zone_facts(&d);
        }
    }
    Ok(Value::NONE)
}
