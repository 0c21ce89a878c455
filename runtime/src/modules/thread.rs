//! `_thread`: locks, thread identity and thread-local data for pycrane's one thread.
//!
//! pycrane runs Python code on one thread (its objects are reference counted without
//! atomics), so `start_new_thread` fails the way CPython fails when the system refuses a
//! thread: `RuntimeError: can't start new thread`. Everything else is CPython's behaviour
//! with a single thread: `lock` and `RLock` (re-entrant, owner-checked), and a blocking
//! acquire of a lock that no other thread can release waits — for its timeout, or until
//! Ctrl-C — exactly as a lone CPython thread would. `_local` objects are ordinary objects,
//! since every access comes from the same thread.

use crate::object::native::NativeData;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::Cell;

type Kw<'a> = &'a [(Value, Value)];

/// CPython's `TIMEOUT_MAX` on 64-bit Linux (seconds).
const TIMEOUT_MAX: f64 = 9223372036.0;

struct Lock {
    locked: Cell<bool>,
}

impl NativeData for Lock {}

struct RLock {
    /// The owner's thread id (0: unowned) and the recursion count.
    owner: Cell<u64>,
    count: Cell<u64>,
}

impl NativeData for RLock {}

/// The one thread's identifier (the process id: the main thread's id on Linux).
fn ident() -> u64 {
    u64::from(std::process::id())
}

pub fn install(vm: &mut Vm) {
    let lock = lock_type(vm);
    let rlock = vm.native_type("_thread.RLock", |vm| {
        vm.new_native_type(
            "_thread",
            "RLock",
            &[
                ("__new__", rlock_new),
                ("acquire", rlock_acquire),
                ("__enter__", rlock_acquire),
                ("release", rlock_release),
                ("__exit__", rlock_exit),
                ("_is_owned", rlock_is_owned),
                ("_recursion_count", rlock_count),
                ("_release_save", rlock_release_save),
                ("_acquire_restore", rlock_acquire_restore),
                ("_at_fork_reinit", rlock_reinit),
                ("__repr__", rlock_repr),
            ],
            false,
        )
    });
    let local = vm.native_type("_thread._local", |vm| {
        let t = crate::vm::native_class(
            "_thread",
            "_local",
            crate::object::TypeKind::Instance,
            &vm.types.object,
            false,
        );
        // A static method, as a class's own `__new__` is, so calling the class runs it.
        let new = crate::builtins::native("__new__", local_new);
        if let Some(ty) = t.as_type() {
            let sm = Value::new_obj(crate::object::Obj::StaticMethod(new));
            ty.dict.borrow_mut().set_str("__new__", sm);
        }
        t
    });
    let d = super::new_native_module(
        vm,
        "_thread",
        &[
            ("allocate_lock", allocate_lock),
            ("allocate", allocate_lock),
            ("_set_sentinel", allocate_lock),
            ("get_ident", get_ident),
            ("get_native_id", get_ident),
            ("_count", count),
            ("stack_size", stack_size),
            ("start_new_thread", start_new_thread),
            ("start_new", start_new_thread),
            ("exit", exit),
            ("exit_thread", exit),
            ("interrupt_main", interrupt_main),
        ],
    );
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("LockType", lock);
        d.set_str("RLock", rlock);
        d.set_str("_local", local);
        d.set_str("TIMEOUT_MAX", Value::float(TIMEOUT_MAX));
        d.set_str("error", vm.exc.runtime_error.clone());
    }
}

fn lock_type(vm: &mut Vm) -> Value {
    vm.native_type("_thread.lock", |vm| {
        vm.new_native_type(
            "_thread",
            "lock",
            &[
                ("__new__", lock_new),
                ("acquire", lock_acquire),
                ("acquire_lock", lock_acquire),
                ("__enter__", lock_acquire),
                ("release", lock_release),
                ("release_lock", lock_release),
                ("__exit__", lock_exit),
                ("locked", lock_locked),
                ("locked_lock", lock_locked),
                ("_at_fork_reinit", lock_reinit),
                ("__repr__", lock_repr),
            ],
            false,
        )
    })
}

fn lock_new(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let base = vm.native_base(&args[0], "lock")?;
    Ok(vm.new_native(
        &args[0],
        &base,
        Lock {
            locked: Cell::new(false),
        },
    ))
}

fn allocate_lock(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "allocate_lock", args, 0, 0)?;
    let t = lock_type(vm);
    Ok(vm.new_native(
        &t,
        &t,
        Lock {
            locked: Cell::new(false),
        },
    ))
}

/// The `(blocking=True, timeout=-1)` arguments of `acquire`: None for a non-blocking
/// try, else the timeout (negative: forever).
fn acquire_args(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Option<f64>> {
    let mut blocking = args.get(1).cloned();
    let mut timeout = args.get(2).cloned();
    if args.len() > 3 {
        return Err(vm.type_error(format!(
            "acquire() takes at most 2 arguments ({} given)",
            args.len() - 1
        )));
    }
    for (k, v) in kw {
        match vm.str_value(k).as_str() {
            "blocking" if blocking.is_none() => blocking = Some(v.clone()),
            "timeout" if timeout.is_none() => timeout = Some(v.clone()),
            k => {
                return Err(vm.type_error(format!(
                    "acquire() got an unexpected keyword argument '{k}'"
                )))
            }
        }
    }
    let blocking = match blocking {
        Some(b) => vm.is_true(&b)?,
        None => true,
    };
    let timeout = match timeout {
        Some(t) => crate::builtins::to_float(vm, &t)?,
        None => -1.0,
    };
    if !blocking {
        if timeout != -1.0 {
            return Err(vm.value_error("can't specify a timeout for a non-blocking call"));
        }
        return Ok(None);
    }
    if timeout < 0.0 && timeout != -1.0 {
        return Err(vm.value_error("timeout value must be a non-negative number"));
    }
    if timeout > TIMEOUT_MAX {
        return Err(vm.overflow_error("timeout value is too large"));
    }
    Ok(Some(timeout))
}

/// Waits for a lock no other thread can release: for `timeout` seconds (negative:
/// forever), waking for Ctrl-C. Returns false (not acquired) when the time is up.
fn wait_forever_or(vm: &mut Vm, timeout: f64) -> PyResult<bool> {
    let start = std::time::Instant::now();
    loop {
        if crate::vm::signals::pending() {
            vm.take_signals()?;
        }
        let left = if timeout < 0.0 {
            0.05
        } else {
            timeout - start.elapsed().as_secs_f64()
        };
        if left <= 0.0 {
            return Ok(false);
        }
        std::thread::sleep(std::time::Duration::from_secs_f64(left.min(0.05)));
    }
}

fn the_lock<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Lock> {
    v.native::<Lock>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_thread.lock' object"))
}

fn lock_acquire(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let wait = acquire_args(vm, args, kw)?;
    let l = the_lock(vm, &args[0])?;
    if !l.locked.get() {
        l.locked.set(true);
        return Ok(Value::TRUE);
    }
    match wait {
        None | Some(0.0) => Ok(Value::FALSE),
        Some(t) => wait_forever_or(vm, t).map(Value::bool),
    }
}

fn lock_release(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let l = the_lock(vm, &args[0])?;
    if !l.locked.get() {
        return Err(vm.runtime_error("release unlocked lock"));
    }
    l.locked.set(false);
    Ok(Value::NONE)
}

fn lock_exit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    lock_release(vm, &args[..1], &[])
}

fn lock_locked(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bool(the_lock(vm, &args[0])?.locked.get()))
}

fn lock_reinit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    the_lock(vm, &args[0])?.locked.set(false);
    Ok(Value::NONE)
}

fn lock_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let state = if the_lock(vm, &args[0])?.locked.get() {
        "locked"
    } else {
        "unlocked"
    };
    let tn = vm.class_name(&args[0]);
    Ok(Value::string(format!(
        "<{state} _thread.{tn} object at {:#x}>",
        args[0].addr()
    )))
}

fn rlock_new(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let base = vm.native_base(&args[0], "RLock")?;
    Ok(vm.new_native(
        &args[0],
        &base,
        RLock {
            owner: Cell::new(0),
            count: Cell::new(0),
        },
    ))
}

fn the_rlock<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a RLock> {
    v.native::<RLock>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_thread.RLock' object"))
}

fn rlock_acquire(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let wait = acquire_args(vm, args, kw)?;
    let r = the_rlock(vm, &args[0])?;
    if r.count.get() == 0 || r.owner.get() == ident() {
        r.owner.set(ident());
        r.count.set(r.count.get() + 1);
        return Ok(Value::TRUE);
    }
    match wait {
        None | Some(0.0) => Ok(Value::FALSE),
        Some(t) => wait_forever_or(vm, t).map(Value::bool),
    }
}

fn rlock_release(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = the_rlock(vm, &args[0])?;
    if r.count.get() == 0 || r.owner.get() != ident() {
        return Err(vm.runtime_error("cannot release un-acquired lock"));
    }
    r.count.set(r.count.get() - 1);
    if r.count.get() == 0 {
        r.owner.set(0);
    }
    Ok(Value::NONE)
}

fn rlock_exit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    rlock_release(vm, &args[..1], &[])
}

fn rlock_is_owned(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = the_rlock(vm, &args[0])?;
    Ok(Value::bool(r.count.get() > 0 && r.owner.get() == ident()))
}

fn rlock_count(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = the_rlock(vm, &args[0])?;
    let n = if r.owner.get() == ident() {
        r.count.get()
    } else {
        0
    };
    Ok(Value::int(n as i64))
}

/// `_release_save()`: releases completely, returning `(count, owner)`.
fn rlock_release_save(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = the_rlock(vm, &args[0])?;
    if r.count.get() == 0 {
        return Err(vm.runtime_error("cannot release un-acquired lock"));
    }
    let state = Value::tuple(vec![
        Value::int(r.count.get() as i64),
        Value::int(r.owner.get() as i64),
    ]);
    r.count.set(0);
    r.owner.set(0);
    Ok(state)
}

/// `_acquire_restore((count, owner))`.
fn rlock_acquire_restore(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "_acquire_restore", &args[1..], 1, 1)?;
    let items = vm.collect(&args[1])?;
    let [count, owner] = items.as_slice() else {
        return Err(vm.type_error("_acquire_restore() argument must be a (count, owner) tuple"));
    };
    let (count, owner) = (vm.to_i64(count).unwrap_or(0), vm.to_i64(owner).unwrap_or(0));
    let r = the_rlock(vm, &args[0])?;
    r.count.set(count.max(0) as u64);
    r.owner.set(owner.max(0) as u64);
    Ok(Value::NONE)
}

fn rlock_reinit(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = the_rlock(vm, &args[0])?;
    r.count.set(0);
    r.owner.set(0);
    Ok(Value::NONE)
}

fn rlock_repr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let r = the_rlock(vm, &args[0])?;
    let state = if r.count.get() > 0 {
        "locked"
    } else {
        "unlocked"
    };
    let tn = vm.class_name(&args[0]);
    Ok(Value::string(format!(
        "<{state} _thread.{tn} object owner={} count={} at {:#x}>",
        r.owner.get(),
        r.count.get(),
        args[0].addr()
    )))
}

/// `_local.__new__(cls, *args, **kw)`: arguments only when the class defines `__init__`.
fn local_new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let cls = args[0].clone();
    if args.len() > 1 || !kw.is_empty() {
        let init = vm.lookup_type(&cls, "__init__");
        if init.is_none_or(
            |i| matches!(i.obj(), Some(crate::object::Obj::Builtin(b)) if b.owner == "object"),
        ) {
            return Err(vm.type_error("Initialization arguments are not supported"));
        }
    }
    vm.new_instance(&cls, &[])
}

fn get_ident(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(ident() as i64))
}

fn count(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(0))
}

fn stack_size(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "stack_size", args, 0, 1)?;
    if let Some(s) = args.first() {
        let n = vm.index_int(s)?;
        let n = vm.to_i64(&n).unwrap_or(-1);
        if n != 0 && n < 32768 {
            return Err(vm.value_error(format!("size not valid: {n} bytes")));
        }
    }
    Ok(Value::int(0))
}

fn start_new_thread(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    Err(vm.runtime_error("can't start new thread"))
}

fn exit(vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    let cls = vm.exc.system_exit.clone();
    Err(vm.new_exception(&cls, vec![]))
}

/// `interrupt_main()`: as if Ctrl-C was pressed.
fn interrupt_main(_vm: &mut Vm, _args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::vm::signals::SIGINT_PENDING.fetch_or(
        crate::vm::signals::SIGINT,
        std::sync::atomic::Ordering::Relaxed,
    );
    Ok(Value::NONE)
}
