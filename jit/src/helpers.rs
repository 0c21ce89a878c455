//! The helpers native code calls: `extern "C"` functions over raw value bits, each the slow
//! path (or the whole implementation) of one bytecode operation, plus the one exit helper.
//!
//! Ownership: an argument named `a`, `v`, `obj`... is *consumed* (the helper takes over the
//! reference the native stack slot held) unless documented as borrowed; results are owned.
//! Failure is reported as [`ERR`] with the exception in `vm.native_err`.
//!
//! Pointers: `vm` is the running `Vm`, `env` the `NativeEnv` native code was entered with,
//! and buffers point into the native function's spill slot; native code passes nothing else.
//! This module, `layouts.rs` (probing object layouts) and `lib.rs` (entering finished code)
//! are the crate's only unsafe code.

use crate::stats;
use pycrane_runtime::object::Obj;
use pycrane_runtime::pyc::code::flags;
use pycrane_runtime::value::{Value, TAG_SPECIAL};
use pycrane_runtime::vm::attr_site::AttrSite;
use pycrane_runtime::vm::frame::{Frame, FrameExit};
use pycrane_runtime::vm::tier2::{GenExit, NativeEnv, DEOPT, ERR, NULL_VALUE};
use pycrane_runtime::vm::{PyResult, Vm};

/// `FOR_ITER` result: the iterator is exhausted.
pub const DONE: u64 = TAG_SPECIAL | 0x13;
/// `step` failure flag (or'ed with the number of values left in the buffer).
pub const STEP_ERR: u64 = 1 << 63;

/// Why native code left for the interpreter.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u64)]
pub enum ExitKind {
    /// A speculation guard failed (operand types).
    Guard = 0,
    /// An exception was raised.
    Raise = 1,
    /// The instruction is not compiled.
    Unsupported = 2,
    /// The operation needs an interpreter frame (frame-reading built-ins, unbound names).
    Deopt = 3,
}

impl ExitKind {
    pub fn from_u64(k: u64) -> ExitKind {
        match k {
            0 => ExitKind::Guard,
            1 => ExitKind::Raise,
            2 => ExitKind::Unsupported,
            _ => ExitKind::Deopt,
        }
    }
    pub fn name(self) -> &'static str {
        match self {
            ExitKind::Guard => "guard failed",
            ExitKind::Raise => "exception raised",
            ExitKind::Unsupported => "instruction not compiled",
            ExitKind::Deopt => "needs an interpreter frame",
        }
    }
}

// SAFETY (for the two macros): native code passes the `vm` and `env` pointers it was entered
// with; both outlive the native call, and no other reference to the Vm is live while native
// code runs (the caller handed over `&mut Vm` as the raw pointer).
macro_rules! vm {
    ($p:expr) => {
        unsafe { &mut *$p }
    };
}
macro_rules! env {
    ($p:expr) => {
        unsafe { &*$p }
    };
}

/// Runs a helper's body; a panic in it (a bug in pycrane) stops here, since it cannot
/// unwind through native frames (they have no unwind information): the VM's activation chain
/// and recursion depth are put back as they were on entry, the panic becomes a
/// `SystemError`, and native code gets the helper's failure value `fail`. Every helper given
/// the `vm` runs under it; the others run no Python code and call nothing that panics.
#[inline(always)]
fn guard(vm: *mut Vm, fail: u64, body: impl FnOnce() -> u64) -> u64 {
    let saved = vm!(vm).checkpoint();
    match std::panic::catch_unwind(std::panic::AssertUnwindSafe(body)) {
        Ok(r) => r,
        Err(payload) => {
            let vm = vm!(vm);
            vm.restore(saved);
            let msg = payload
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| payload.downcast_ref::<String>().cloned())
                .unwrap_or_default();
            vm.native_err = vm.system_error(format!("internal error in pycrane: {msg}"));
            fail
        }
    }
}

#[inline]
fn owned(bits: u64) -> Value {
    Value::from_bits(bits)
}

/// A value native code lends for the duration of a helper call.
fn borrowed(bits: u64) -> std::mem::ManuallyDrop<Value> {
    std::mem::ManuallyDrop::new(Value::from_bits(bits))
}

#[inline]
fn ret(vm: &mut Vm, r: PyResult<Value>) -> u64 {
    match r {
        Ok(v) => v.into_bits(),
        Err(e) => {
            vm.native_err = e;
            ERR
        }
    }
}

#[inline]
fn ret_unit(vm: &mut Vm, r: PyResult<()>) -> u64 {
    match r {
        Ok(()) => 0,
        Err(e) => {
            vm.native_err = e;
            ERR
        }
    }
}

pub use crate::layouts::*;

/// The `math.sqrt` built-in, once the program has imported `math` (calls to it are compiled
/// inline; see `lower::Lower::sqrt_intrinsic`).
pub fn math_sqrt(vm: &Vm) -> Option<Value> {
    let modules = vm.modules.as_dict()?.borrow();
    let math = modules.get_str("math")?.clone();
    let Some(Obj::Module(m)) = math.obj() else {
        return None;
    };
    let f = m.dict.as_dict()?.borrow().get_str("sqrt")?.clone();
    matches!(f.obj(), Some(Obj::Builtin(_))).then_some(f)
}

/// The `list.append` method (calls to it are compiled to a direct append; see
/// `lower::Lower::one_arg_method_intrinsics`).
pub fn list_append_method(vm: &Vm) -> Option<Value> {
    let f = vm.lookup_type(&vm.types.list, "append")?;
    matches!(f.obj(), Some(Obj::Builtin(_))).then_some(f)
}

/// The `set.add` method and the tag of set objects (calls of it are compiled to
/// [`set_add`]; see `lower::Lower::one_arg_method_intrinsics`).
pub fn set_add_method(vm: &Vm) -> Option<(Value, u8)> {
    let f = vm.lookup_type(&vm.types.set, "add")?;
    let set = Value::new_obj(Obj::Set(Default::default()));
    let tag = set.obj()?.tag();
    matches!(f.obj(), Some(Obj::Builtin(_))).then_some((f, tag))
}

/// The `dict.get` method and the tag of dict objects (calls of it are compiled to
/// [`dict_get`]; see `lower::Lower::dict_get_intrinsic`).
pub fn dict_get_method(vm: &Vm) -> Option<(Value, u8)> {
    let f = vm.lookup_type(&vm.types.dict, "get")?;
    let tag = Value::dict(Default::default()).obj()?.tag();
    matches!(f.obj(), Some(Obj::Builtin(_))).then_some((f, tag))
}

/// `d.get(key, default)` of a *borrowed* dict, key and default (NULL for `d.get(key)`):
/// the value or the default (a new reference), or [`ERR`].
pub(crate) extern "C" fn dict_get(vm: *mut Vm, d: u64, key: u64, default: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let r = vm.dict_get(&borrowed(d), &borrowed(key)).map(|v| {
            v.unwrap_or_else(|| match default == Value::NULL.bits() {
                true => Value::NONE,
                false => Value::clone(&borrowed(default)),
            })
        });
        ret(vm, r)
    })
}

/// The `list.pop` method (calls to it are compiled to [`list_pop`]; see
/// `lower::Lower::pop_intrinsic`).
pub fn list_pop_method(vm: &Vm) -> Option<Value> {
    let f = vm.lookup_type(&vm.types.list, "pop")?;
    matches!(f.obj(), Some(Obj::Builtin(_))).then_some(f)
}

/// `items.pop()` (`has_index` 0) or `items.pop(i)` of a borrowed list: the item, or
/// [`ERR`].
pub(crate) extern "C" fn list_pop(vm: *mut Vm, list: u64, i: u64, has_index: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let r = vm.list_pop(&borrowed(list), (has_index != 0).then_some(i as i64));
        ret(vm, r)
    })
}

/// The `len` built-in (calls to it are compiled inline; see `lower::Lower::len_intrinsic`).
pub fn builtin_len(vm: &Vm) -> Option<Value> {
    let f = vm.builtins.as_dict()?.borrow().get_str("len")?.clone();
    matches!(f.obj(), Some(Obj::Builtin(_))).then_some(f)
}

/// Drops a reference to a heap value (`bits` is pointer-tagged).
pub(crate) extern "C" fn decref(bits: u64) {
    drop(Value::from_bits(bits));
}

/// A debug build's inline check found count `n` on the object `bits` points at: a use after
/// free or a reference given back twice by native code. Aborts (see `Code::debug_check_depth`).
pub(crate) extern "C" fn bad_count(bits: u64, n: u64) {
    use std::io::Write as _;
    let _ = writeln!(std::io::stderr(), "pycrane: debug check failed: native code counts a reference to object {bits:#x} whose count is {n}");
    std::process::abort();
}

pub(crate) extern "C" fn load_global(vm: *mut Vm, env: *const NativeEnv, name: u64) -> u64 {
    guard(vm, ERR, || {
        let (vm, env) = (vm!(vm), env!(env));
        let name = &env.code.names[name as usize];
        if let Some(v) = vm.dict_get_str_fast(env.globals, name) {
            return v.into_bits();
        }
        if let Some(v) = vm.dict_get_str_fast(&vm.builtins, name) {
            return v.into_bits();
        }
        vm.native_err = vm.undefined_name(name, env.globals);
        ERR
    })
}

/// `LOAD_NAME`: the name from the namespace dict (of a module or class body), else from the
/// globals or the builtins.
pub(crate) extern "C" fn load_name(vm: *mut Vm, env: *const NativeEnv, name: u64) -> u64 {
    guard(vm, ERR, || {
        let (vmr, envr) = (vm!(vm), env!(env));
        if !envr.locals.is_null() {
            match vmr.dict_get(envr.locals, &envr.code.names[name as usize]) {
                Ok(Some(v)) => return v.into_bits(),
                Ok(None) => {}
                Err(e) => {
                    vmr.native_err = e;
                    return ERR;
                }
            }
        }
        load_global(vm, env, name)
    })
}

/// `STORE_NAME` of `v` (owned) into the namespace dict, or the globals when there is none.
pub(crate) extern "C" fn store_name(vm: *mut Vm, env: *const NativeEnv, name: u64, v: u64) -> u64 {
    guard(vm, ERR, || {
        let (vm, env) = (vm!(vm), env!(env));
        let target = if env.locals.is_null() {
            env.globals
        } else {
            env.locals
        };
        let r = vm.setitem(target, &env.code.names[name as usize], owned(v));
        ret_unit(vm, r)
    })
}

/// One `LOAD_GLOBAL` site's cache, read by native code: valid while the globals dict is
/// the same object and neither it nor the builtins dict changed (their versions).
#[repr(C)]
pub struct GlobalCache {
    pub globals: u64,
    pub gver_ptr: *const u64,
    pub gver: u64,
    pub bver_ptr: *const u64,
    pub bver: u64,
    /// The value's bits, borrowed from the dict that holds it.
    pub value: u64,
}

/// A version no dict has (caches start invalid).
static NEVER: u64 = u64::MAX;

impl GlobalCache {
    pub fn empty() -> GlobalCache {
        GlobalCache {
            globals: 0,
            gver_ptr: &NEVER,
            gver: 0,
            bver_ptr: &NEVER,
            bver: 0,
            value: 0,
        }
    }
}

/// `LOAD_GLOBAL` on a cache miss: looks the name up and refills `cache`.
pub(crate) extern "C" fn load_global_fill(
    vm: *mut Vm,
    env: *const NativeEnv,
    name: u64,
    cache: *mut GlobalCache,
) -> u64 {
    guard(vm, ERR, || {
        let r = load_global(vm, env, name);
        let (vm, env) = (vm!(vm), env!(env));
        if r == ERR {
            return r;
        }
        if let (Some(g), Some(b)) = (env.globals.as_dict(), vm.builtins.as_dict()) {
            let (g, b) = (g.borrow(), b.borrow());
            // SAFETY: `cache` is this site's cache, allocated with the compiled code and kept
            // alive by the JIT; native code reads it only between helper calls.
            let c = unsafe { &mut *cache };
            *c = GlobalCache {
                globals: env.globals.bits(),
                gver_ptr: g.version_ptr(),
                gver: g.version(),
                bver_ptr: b.version_ptr(),
                bver: b.version(),
                value: r,
            };
        }
        r
    })
}

pub(crate) extern "C" fn binary_op(vm: *mut Vm, a: u64, b: u64, op: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let (a, b) = (owned(a), owned(b));
        let r = vm.binary_op(&a, &b, op as u32);
        ret(vm, r)
    })
}

/// One `BINARY_OP` site's cache of the operator method it calls on instances of one class
/// (see `Vm::binary_method`); empty (`class` 0) until [`binary_op_fill`] fills it.
#[repr(C)]
pub struct OpCache {
    /// Bits of the class (the cache holds a reference, so its address stays its own).
    pub class: u64,
    /// The type epoch the finding was made in.
    pub epoch: u64,
    /// 1 when the method is the in-place one.
    pub inplace: u64,
    /// The method, for a direct call.
    pub call: CallCache,
}

impl OpCache {
    pub fn empty() -> OpCache {
        OpCache {
            class: 0,
            epoch: 0,
            inplace: 0,
            call: CallCache::empty(),
        }
    }
}

/// [`binary_op`] at a site with an [`OpCache`]: fills the empty cache first.
pub(crate) extern "C" fn binary_op_fill(
    vm: *mut Vm,
    a: u64,
    b: u64,
    op: u64,
    cache: *mut OpCache,
) -> u64 {
    guard(vm, ERR, || {
        let vmr = vm!(vm);
        // SAFETY: `cache` is this site's cache, owned by the compiled code.
        let c = unsafe { &mut *cache };
        if c.class == 0 {
            let (av, bv) = (borrowed(a), borrowed(b));
            if let Some((m, inplace)) = vmr.binary_method(&av, &bv, op as u32) {
                if let (Some(func), Some(_)) = (direct_callee(&m, 2), av.as_instance()) {
                    c.call.fill(&m, func);
                    c.epoch = vmr.type_epoch.get();
                    c.inplace = inplace as u64;
                    c.class = av.class().into_bits();
                }
            }
        }
        binary_op(vm, a, b, op)
    })
}

/// The rest of `a op b` (both owned) after the cached method returned NotImplemented.
pub(crate) extern "C" fn binary_op_rest(
    vm: *mut Vm,
    a: u64,
    b: u64,
    op: u64,
    cache: *const OpCache,
) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let (a, b) = (owned(a), owned(b));
        // SAFETY: `cache` is this site's cache, owned by the compiled code.
        let inplace = unsafe { (*cache).inplace } != 0;
        let r = vm.binary_op_rest(&a, &b, op as u32, inplace);
        ret(vm, r)
    })
}

/// An int from a machine word (a big int past the immediate range).
pub(crate) extern "C" fn int_from_i64(x: u64) -> u64 {
    Value::int(x as i64).into_bits()
}

/// An int from the 128-bit word `lo`, `hi` (a small int, or a big int allocated).
pub(crate) extern "C" fn int_from_i128(lo: u64, hi: u64) -> u64 {
    Value::int_wide(((hi as u128) << 64 | lo as u128) as i128).into_bits()
}

/// The value of `v` (borrowed) as a 128-bit word stored at `out` (low word first) when
/// it is an int that fits: 1, else 0.
pub(crate) extern "C" fn int_to_i128(v: u64, out: *mut u64) -> u64 {
    match borrowed(v).as_int128() {
        Some(i) => {
            // SAFETY: `out` is a 16-byte stack slot of the calling native code.
            unsafe {
                *out = i as u64;
                *out.add(1) = (i >> 64) as u64;
            }
            1
        }
        None => 0,
    }
}

/// `s += t` where `s` (borrowed) comes from the local the result is stored back to and `t`
/// is owned: a string only that local holds grows in place (as CPython does it); anything
/// else is the general in-place add.
pub(crate) extern "C" fn inplace_add_local(vm: *mut Vm, a: u64, b: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let b = owned(b);
        let mut local = borrowed(a);
        // With one reference (the local's), nothing else can see the string change: native code
        // holds the local and runs no other code during this call.
        if Vm::grow_str_in_place(&mut local, &b) {
            return Value::clone(&local).into_bits();
        }
        let a = Value::clone(&local);
        let r = vm.binary_op(&a, &b, pycrane_runtime::vm::ops::NB_INPLACE_ADD);
        ret(vm, r)
    })
}

pub(crate) extern "C" fn compare(vm: *mut Vm, a: u64, b: u64, op: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let (a, b) = (owned(a), owned(b));
        let r = vm.compare(&a, &b, op as u32);
        ret(vm, r)
    })
}

/// `CONTAINS_OP` (`a in b`, or `not in` when `invert` is 1) on *borrowed* operands.
pub(crate) extern "C" fn contains(vm: *mut Vm, a: u64, b: u64, invert: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let (a, b) = (borrowed(a), borrowed(b));
        let r = vm.contains(&b, &a).map(|r| Value::bool(r != (invert == 1)));
        ret(vm, r)
    })
}

/// A new NaN object's bits (see `value::fresh_nan_bits`).
pub(crate) extern "C" fn fresh_nan() -> u64 {
    pycrane_runtime::value::fresh_nan_bits()
}

/// A unary operator instruction (`opcode`, lowered only for the three unary opcodes) on a
/// *borrowed* value.
pub(crate) extern "C" fn unary(vm: *mut Vm, v: u64, opcode: u64) -> u64 {
    guard(vm, ERR, || {
        use pycrane_runtime::bytecode::opcode::Opcode;
        use pycrane_runtime::vm::ops::Unary;
        let vm = vm!(vm);
        let v = borrowed(v);
        let op = Opcode::from_u8(opcode as u8)
            .and_then(Unary::of)
            .expect("lowered only for unary opcodes");
        let r = vm.unary_op(&v, op);
        ret(vm, r)
    })
}

/// `LIST_APPEND`: appends `v` (owned) to the *borrowed* list.
pub(crate) extern "C" fn list_append(vm: *mut Vm, list: u64, v: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let list = borrowed(list);
        let r = vm.list_append(&list, owned(v));
        ret_unit(vm, r)
    })
}

/// `s.add(v)`: adds `v` (owned) to the *borrowed* set.
pub(crate) extern "C" fn set_add(vm: *mut Vm, set: u64, v: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let r = vm.set_add(&borrowed(set), owned(v));
        ret_unit(vm, r)
    })
}

/// Truthiness of a *borrowed* value: 0, 1, or 2 on error.
pub(crate) extern "C" fn truthy(vm: *mut Vm, v: u64) -> u64 {
    guard(vm, 2, || {
        let vm = vm!(vm);
        let v = std::mem::ManuallyDrop::new(Value::from_bits(v));
        match vm.is_true(&v) {
            Ok(t) => t as u64,
            Err(e) => {
                vm.native_err = e;
                2
            }
        }
    })
}

/// The operands of an attribute instruction as native code passes them: the name (bits of
/// a str in the code object's names) and the instruction's cache, both borrowed from the
/// code object, which outlives its native code.
fn attr_operands<'a>(name: u64, site: u64) -> (std::mem::ManuallyDrop<Value>, &'a AttrSite) {
    // SAFETY: `site` is the address of an `AttrSite` in a live code object (see above).
    let site = unsafe { &*(site as *const AttrSite) };
    (std::mem::ManuallyDrop::new(Value::from_bits(name)), site)
}

/// `LOAD_ATTR` of a *borrowed* object.
pub(crate) extern "C" fn getattr(vm: *mut Vm, obj: u64, name: u64, site: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let obj = borrowed(obj);
        let (name, site) = attr_operands(name, site);
        let r = vm.getattr_site(&obj, &name, site);
        ret(vm, r)
    })
}

/// `STORE_ATTR` of `v` (owned) on a *borrowed* object.
pub(crate) extern "C" fn setattr(vm: *mut Vm, obj: u64, v: u64, name: u64, site: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let (obj, v) = (borrowed(obj), owned(v));
        let (name, site) = attr_operands(name, site);
        let r = vm.setattr_site(&obj, &name, v, site);
        ret_unit(vm, r)
    })
}

/// `STORE_ATTR` of a new attribute (see `Vm::append_attr`): 0 when `v` (consumed) was
/// appended to the borrowed instance `obj`'s dict at position `at`, else 1 (nothing taken).
pub(crate) extern "C" fn append_attr(obj: u64, at: u64, name: u64, v: u64) -> u64 {
    let (obj, name) = (borrowed(obj), borrowed(name));
    match Vm::append_attr(&obj, at as usize, &name, owned(v)) {
        Ok(()) => 0,
        Err(v) => {
            let _ = v.into_bits();
            1
        }
    }
}

/// `LOAD_METHOD`: writes the two stack values to `out[0..2]`.
pub(crate) extern "C" fn load_method(
    vm: *mut Vm,
    obj: u64,
    name: u64,
    site: u64,
    out: *mut u64,
) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let (name, site) = attr_operands(name, site);
        match vm.load_method_site(owned(obj), &name, site) {
            Ok((m, s)) => {
                // SAFETY: `out` is the native spill slot, at least 2 values long.
                unsafe {
                    *out = m.into_bits();
                    *out.add(1) = s.into_bits();
                }
                0
            }
            Err(e) => {
                vm.native_err = e;
                ERR
            }
        }
    })
}

/// 1 when the borrowed instance's dict (free to read) has no key `name` (a borrowed str),
/// else 0.
pub(crate) extern "C" fn dict_lacks(obj: u64, name: u64) -> u64 {
    let (obj, name) = (borrowed(obj), borrowed(name));
    let (Some(inst), Some(n)) = (obj.as_instance(), name.as_str()) else {
        return 0;
    };
    let lacks = inst
        .dict
        .try_borrow()
        .is_ok_and(|d| d.get_str_hashed(n.as_str(), n.hash()).is_none());
    lacks as u64
}

pub(crate) extern "C" fn subscr(vm: *mut Vm, obj: u64, key: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let (obj, key) = (owned(obj), owned(key));
        if let Some(i) = key.as_small_int() {
            match obj.obj() {
                Some(Obj::List(l)) => {
                    let l = l.borrow();
                    let j = if i < 0 { i + l.len() as i64 } else { i };
                    if let Some(v) = usize::try_from(j).ok().and_then(|j| l.get(j)) {
                        return v.clone().into_bits();
                    }
                }
                Some(Obj::Tuple(t)) => {
                    let j = if i < 0 { i + t.len() as i64 } else { i };
                    if let Some(v) = usize::try_from(j).ok().and_then(|j| t.get(j)) {
                        return v.clone().into_bits();
                    }
                }
                _ => {}
            }
        }
        let r = vm.getitem(&obj, &key);
        ret(vm, r)
    })
}

pub(crate) extern "C" fn store_subscr(vm: *mut Vm, v: u64, obj: u64, key: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let (v, obj, key) = (owned(v), owned(obj), owned(key));
        if let (Some(i), Some(Obj::List(l))) = (key.as_small_int(), obj.obj()) {
            let mut l = l.borrow_mut();
            let j = if i < 0 { i + l.len() as i64 } else { i };
            if let Some(slot) = usize::try_from(j).ok().and_then(|j| l.get_mut(j)) {
                let old = std::mem::replace(slot, v);
                drop(l);
                drop(old);
                return 0;
            }
        }
        let r = vm.setitem(&obj, &key, v);
        ret_unit(vm, r)
    })
}

pub(crate) extern "C" fn get_iter(vm: *mut Vm, v: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let v = owned(v);
        let r = vm.get_iter(&v);
        ret(vm, r)
    })
}

/// `FOR_ITER` on a *borrowed* iterator: the next value, [`DONE`], or [`ERR`].
pub(crate) extern "C" fn for_iter(vm: *mut Vm, it: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let it = std::mem::ManuallyDrop::new(Value::from_bits(it));
        match vm.iter_next(&it) {
            Ok(Some(v)) => v.into_bits(),
            Ok(None) => DONE,
            Err(e) => {
                vm.native_err = e;
                ERR
            }
        }
    })
}

/// `SEND` (`yield from`): sends `v` (consumed) into the borrowed `receiver`. Returns what it
/// yielded, or [`DONE`] with its return value written to `out`.
pub(crate) extern "C" fn send(vm: *mut Vm, receiver: u64, v: u64, out: *mut u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let receiver = borrowed(receiver);
        match vm.send(&receiver, owned(v)) {
            Ok(Ok(y)) => y.into_bits(),
            Ok(Err(ret)) => {
                // SAFETY: `out` points into the native function's spill slot.
                unsafe { *out = ret.into_bits() };
                DONE
            }
            Err(e) => {
                vm.native_err = e;
                ERR
            }
        }
    })
}

/// `UNPACK_SEQUENCE n`: writes the n values to `out` in stack order (bottom first).
pub(crate) extern "C" fn unpack(vm: *mut Vm, seq: u64, n: u64, out: *mut u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let seq = owned(seq);
        match vm.unpack(&seq, n as usize) {
            Ok(items) => {
                for (k, v) in items.into_iter().rev().enumerate() {
                    // SAFETY: `out` is the spill slot, sized for the deepest stack, which holds
                    // these n values after the instruction.
                    unsafe { *out.add(k) = v.into_bits() };
                }
                0
            }
            Err(e) => {
                vm.native_err = e;
                ERR
            }
        }
    })
}

/// Takes `n` owned values from `buf`.
fn take(buf: *const u64, n: u64) -> impl ExactSizeIterator<Item = Value> {
    // SAFETY: native code stored `n` owned values at `buf` (its spill slot) and gives them up.
    (0..n as usize).map(move |k| Value::from_bits(unsafe { *buf.add(k) }))
}

pub(crate) extern "C" fn build_tuple(buf: *const u64, n: u64) -> u64 {
    Value::tuple(take(buf, n).collect()).into_bits()
}

/// `BUILD_SET n`: a set of the `n` values in `buf` (given up), or [`ERR`] (an unhashable
/// item).
pub(crate) extern "C" fn build_set(vm: *mut Vm, buf: *const u64, n: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let r = vm.build_set(take(buf, n).collect());
        ret(vm, r)
    })
}

/// `BUILD_MAP n`: a dict of the `n` key/value pairs laid out flat in `buf` (given up).
pub(crate) extern "C" fn build_map(vm: *mut Vm, buf: *const u64, n: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let items = take(buf, 2 * n).collect();
        let r = vm.build_map(items);
        ret(vm, r)
    })
}

/// `BUILD_CONST_KEY_MAP n`: `buf` holds the `n` values, then the tuple of keys (given up).
pub(crate) extern "C" fn build_const_key_map(vm: *mut Vm, buf: *const u64, n: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let mut vals: Vec<Value> = take(buf, n + 1).collect();
        let keys = vals.pop().unwrap_or(Value::NONE);
        let r = vm.build_const_key_map(&keys, vals);
        ret(vm, r)
    })
}

/// `BUILD_STRING n`: the `n` strs in `buf` (given up), joined.
pub(crate) extern "C" fn build_string(buf: *const u64, n: u64) -> u64 {
    let parts: Vec<Value> = take(buf, n).collect();
    Vm::build_string(&parts).into_bits()
}

/// `FORMAT_VALUE flags`: `v` converted and formatted with `spec` (NULL: none); both
/// given up.
pub(crate) extern "C" fn format_value(vm: *mut Vm, v: u64, spec: u64, flags: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let r = vm.format_value(owned(v), flags as u32, &owned(spec));
        ret(vm, r)
    })
}

/// `MAP_ADD`: `d[k] = v` on the *borrowed* dict (`k` and `v` given up).
pub(crate) extern "C" fn map_add(vm: *mut Vm, d: u64, k: u64, v: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let r = vm.setitem(&borrowed(d), &owned(k), owned(v));
        ret_unit(vm, r)
    })
}

/// `LIST_EXTEND`: extends the *borrowed* list with the items of `it` (given up).
pub(crate) extern "C" fn list_extend(vm: *mut Vm, list: u64, it: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let r = vm.list_extend(&borrowed(list), &owned(it));
        ret_unit(vm, r)
    })
}

/// `LIST_TO_TUPLE`: a tuple of the list's items (the list given up).
pub(crate) extern "C" fn list_to_tuple(list: u64) -> u64 {
    Vm::list_to_tuple(&owned(list)).into_bits()
}

/// `DELETE_SUBSCR`: `del obj[key]` (both given up).
pub(crate) extern "C" fn delete_subscr(vm: *mut Vm, obj: u64, key: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let r = vm.delitem(&owned(obj), &owned(key));
        ret_unit(vm, r)
    })
}

/// `GET_YIELD_FROM_ITER`: a generator stays itself, anything else becomes `iter(v)` (`v`
/// given up).
pub(crate) extern "C" fn yield_from_iter(vm: *mut Vm, v: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        let r = vm.yield_from_iter(owned(v));
        ret(vm, r)
    })
}

/// `BUILD_SLICE n` (2 or 3 values: start, stop[, step]).
pub(crate) extern "C" fn build_slice(buf: *const u64, n: u64) -> u64 {
    let mut it = take(buf, n);
    let mut next = || it.next().unwrap_or(Value::NONE);
    let (start, stop, step) = (next(), next(), next());
    Value::new_obj(Obj::Slice(Box::new([start, stop, step]))).into_bits()
}

/// `obj[start:stop:step]` (all borrowed) for a list or tuple and plain bounds (see
/// `runtime::vm::seq::plain_slice`): the new sequence, or [`DEOPT`] for anything else.
pub(crate) extern "C" fn slice_of(obj: u64, start: u64, stop: u64, step: u64) -> u64 {
    let parts = [&borrowed(start), &borrowed(stop), &borrowed(step)];
    match Vm::plain_slice_of(&borrowed(obj), parts.map(|v| &**v)) {
        Some(v) => v.into_bits(),
        None => DEOPT,
    }
}

/// `obj[start:stop:step] = v` (all borrowed) for a list, plain bounds and a list or tuple
/// `v`: 0, or [`DEOPT`] (having done nothing) for anything else.
pub(crate) extern "C" fn slice_assign(obj: u64, start: u64, stop: u64, step: u64, v: u64) -> u64 {
    let parts = [&borrowed(start), &borrowed(stop), &borrowed(step)];
    if Vm::plain_slice_assign(&borrowed(obj), parts.map(|v| &**v), &borrowed(v)) {
        0
    } else {
        DEOPT
    }
}

/// `iter(range(a, b, c))` with the first `n` arguments (borrowed): the iterator, or
/// [`DEOPT`] unless they are small ints and the step is not 0 (see
/// `Vm::small_range_iter`).
pub(crate) extern "C" fn range_iter(n: u64, a: u64, b: u64, c: u64) -> u64 {
    let args = [a, b, c].map(Value::from_bits);
    let r = Vm::small_range_iter(&args[..n as usize]);
    // The arguments stay the caller's.
    std::mem::forget(args);
    r.map_or(DEOPT, Value::into_bits)
}

/// A loop's range iterator kept in registers, made an object for the interpreter (an exit,
/// a step) or a consumer: a new reference (see `vm::range::range_iter_at`).
pub(crate) extern "C" fn virt_range(next: i64, left: u64, step: i64) -> u64 {
    pycrane_runtime::vm::range::range_iter_at(next, left, step).into_bits()
}

/// Entering a loop whose range iterator native code keeps in registers: when `it`
/// (borrowed) can be taken over (see `vm::range::range_iter_state`) and, if `unit` is 1, its
/// step is 1, writes `next, left, step` to `out` and returns 1; else returns 0.
pub(crate) extern "C" fn devirt_range(it: u64, out: *mut i64, unit: u64) -> u64 {
    let state = pycrane_runtime::vm::range::range_iter_state(&borrowed(it));
    let Some((next, left, step)) = state.filter(|s| unit == 0 || s.2 == 1) else {
        return 0;
    };
    // SAFETY: `out` is native code's three-word stack slot, valid for writes for this call.
    unsafe {
        *out = next;
        *out.add(1) = left as i64;
        *out.add(2) = step;
    }
    1
}

/// A loop's list or tuple iterator kept in registers (see `lower::VLoop`), made an object:
/// `mode` 0 (a list) or 1 (a tuple) makes an iterator over `obj` at `index`; mode 2 means
/// `obj` is already an iterator. Takes over `obj`'s reference; returns a new one.
pub(crate) extern "C" fn virt_seq(obj: u64, index: u64, mode: u64) -> u64 {
    let obj = Value::from_bits(obj);
    if mode == 2 {
        return obj.into_bits();
    }
    pycrane_runtime::vm::seq::seq_iter_at(obj, index as usize).into_bits()
}

/// Takes `it` (owned), an iterator entering a loop that keeps its iterator in registers:
/// writes `obj, index, mode` (see [`virt_seq`]) to `out`: a list or tuple iterator nothing
/// else holds becomes its sequence and position, any other iterator is kept as it is.
pub(crate) extern "C" fn devirt_seq(it: u64, out: *mut u64) {
    let it = Value::from_bits(it);
    let (obj, index, mode) = match pycrane_runtime::vm::seq::seq_iter_state(&it) {
        Some((seq, index)) => {
            let mode = seq.as_tuple().is_some() as u64;
            drop(it);
            (seq.into_bits(), index as u64, mode)
        }
        None => (it.into_bits(), 0, 2),
    };
    // SAFETY: `out` is native code's three-word stack slot, valid for writes for this call.
    unsafe {
        *out = obj;
        *out.add(1) = index;
        *out.add(2) = mode;
    }
}

pub(crate) extern "C" fn build_list(buf: *const u64, n: u64) -> u64 {
    Value::list(take(buf, n).collect()).into_bits()
}

/// `CALL n` over `buf = [NULL or method, callable or self, args...]` (n + 2 values) with
/// keyword names `kwnames` (borrowed, or NULL). [`DEOPT`] (taking nothing) for built-ins that
/// read the calling frame.
pub(crate) extern "C" fn call(vm: *mut Vm, buf: *const u64, n: u64, kwnames: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        // SAFETY: buf holds n + 2 values (see above); we only look before taking them.
        let (first, second) = unsafe { (*buf, *buf.add(1)) };
        let null = Value::NULL.bits();
        let callable = std::mem::ManuallyDrop::new(Value::from_bits(if first == null {
            second
        } else {
            first
        }));
        if vm.is_frame_builtin(&callable, n as usize) {
            return DEOPT;
        }
        if kwnames == null {
            // SAFETY: as above; `skip` drops the leading NULL of a plain call.
            let skip = (first == null) as usize;
            let args =
                unsafe { std::slice::from_raw_parts(buf.add(skip + 1), n as usize + 1 - skip) };
            if let Some(r) = call_native_direct(vm, &callable, args) {
                drop(std::mem::ManuallyDrop::into_inner(callable));
                return r;
            }
        }
        // SAFETY: the n + 2 values are owned by us from here on; they are viewed in place (a
        // `Value` is its bits) and dropped in place after the call.
        let vals = unsafe { std::slice::from_raw_parts_mut(buf as *mut Value, n as usize + 2) };
        let (callable, args) = if first == null {
            (&vals[1], &vals[2..])
        } else {
            (&vals[0], &vals[1..])
        };
        let kw = std::mem::ManuallyDrop::new(Value::from_bits(kwnames));
        let r = vm.call_with_kwnames(callable, args, &kw);
        // SAFETY: see above; nothing reads `vals` after this.
        unsafe { std::ptr::drop_in_place(vals) };
        ret(vm, r)
    })
}

/// Callees with at most this many locals are called directly (their locals array lives in
/// the caller's native frame or on the Rust stack).
pub const DIRECT_LOCALS: usize = 16;

/// One plain `CALL` site's cache: the function it called and what calling its native code
/// needs. Empty (`func` 0) until [`call_fill`] sees a simple Python function there.
#[repr(C)]
pub struct CallCache {
    /// The callable's bits; the cache owns this reference, keeping the pointers below valid.
    pub func: u64,
    /// The callee's `Code::native` slot (0 until it is compiled).
    pub native: *const Option<pycrane_runtime::vm::tier2::NativeCode>,
    pub env: std::mem::MaybeUninit<NativeEnv<'static>>,
    /// For a class whose instances are made plainly (see `Vm::plain_init`): the type epoch
    /// that held in, and the callee above is its `__init__` (owned in `init`). `u64::MAX`
    /// for a function.
    pub ctor_epoch: u64,
    pub init: u64,
}

impl CallCache {
    pub fn empty() -> CallCache {
        CallCache {
            func: 0,
            native: std::ptr::null(),
            env: std::mem::MaybeUninit::uninit(),
            ctor_epoch: u64::MAX,
            init: 0,
        }
    }

    /// Points the cache at `func`'s native code, called for `callable` (which it holds).
    fn fill(&mut self, callable: &Value, func: &pycrane_runtime::object::Function) {
        // SAFETY: the references point into the function object, which the cache keeps
        // alive (it owns the reference taken here, or in `init`) as long as the compiled
        // code exists.
        let env: NativeEnv<'static> = unsafe {
            NativeEnv {
                code: &*(&func.code as *const _),
                globals: &*(&func.globals as *const _),
                locals: &NULL_VALUE,
                closure: &*(&func.closure as *const _),
            }
        };
        self.native = func.code.native.as_ptr();
        self.env.write(env);
        self.func = Value::clone(callable).into_bits();
    }
}

/// A function native code may call directly with `n` positional arguments.
fn direct_callee(callable: &Value, n: usize) -> Option<&pycrane_runtime::object::Function> {
    let Some(Obj::Function(func)) = callable.obj() else {
        return None;
    };
    let code = &func.code;
    let raw = &code.raw;
    let simple = raw.argcount as usize == n
        && raw.kwonlyargcount == 0
        && code.flags & (flags::VARARGS | flags::VARKEYWORDS | flags::GENERATOR) == 0
        && code.nlocalsplus() <= DIRECT_LOCALS;
    simple.then_some(func)
}

/// [`call`] at a cached site: fills the empty cache with the called function first (of a
/// plain call `[NULL, f, args...]` or a method call `[f, self, args...]`).
pub(crate) extern "C" fn call_fill(
    vm: *mut Vm,
    buf: *const u64,
    n: u64,
    kwnames: u64,
    cache: *mut CallCache,
) -> u64 {
    guard(vm, ERR, || {
        // SAFETY: `cache` is this site's cache, owned by the compiled code; `buf` holds the
        // n + 2 values of the call (see `call`), of which we only read the first two.
        let (c, first, second) = unsafe { (&mut *cache, *buf, *buf.add(1)) };
        let (callable, nargs) = if first == Value::NULL.bits() {
            (second, n as usize)
        } else {
            (first, n as usize + 1)
        };
        if c.func == 0 {
            let callable = std::mem::ManuallyDrop::new(Value::from_bits(callable));
            if let Some(func) = direct_callee(&callable, nargs) {
                c.fill(&callable, func);
            } else if first == Value::NULL.bits() && kwnames == Value::NULL.bits() {
                let vm = vm!(vm);
                if let Some(init) = vm.plain_init(&callable) {
                    if let Some(func) = direct_callee(&init, nargs + 1) {
                        c.fill(&callable, func);
                        c.ctor_epoch = vm.type_epoch.get();
                        c.init = init.into_bits();
                    }
                }
            }
        }
        call(vm, buf, n, kwnames)
    })
}

/// A new empty instance of a borrowed class `Vm::plain_init` accepted.
pub(crate) extern "C" fn new_instance(cls: u64) -> u64 {
    Vm::plain_instance(&borrowed(cls)).into_bits()
}

/// A plain construction's `__init__` returned `r` (an error, or not None): drops the new
/// instance `obj` and returns [`ERR`] with the exception set.
pub(crate) extern "C" fn init_failed(vm: *mut Vm, r: u64, obj: u64) -> u64 {
    guard(vm, ERR, || {
        let vm = vm!(vm);
        drop(Value::from_bits(obj));
        if r != ERR {
            let r = Value::from_bits(r);
            let tn = vm.type_name(&r);
            vm.native_err = vm.type_error(format!("__init__() should return None, not '{tn}'"));
        }
        ERR
    })
}

/// Calls a compiled Python function without building an interpreter frame: the arguments
/// (`args`, borrowed bits, given up on success) become the callee's first locals. None
/// (nothing taken) when the call needs the general path: not a function, defaults or
/// keyword arguments to bind, or no native code (yet).
fn call_native_direct(vm: &mut Vm, callable: &Value, args: &[u64]) -> Option<u64> {
    let func = direct_callee(callable, args.len())?;
    let code = &func.code;
    code.calls.set(code.calls.get().saturating_add(1));
    let native = vm.native_for_call(code)?;
    if let Err(e) = vm.enter() {
        vm.native_err = e;
        // The arguments are still ours to drop.
        for &a in args {
            drop(Value::from_bits(a));
        }
        return Some(ERR);
    }
    let mut locals = [Value::NULL.bits(); DIRECT_LOCALS];
    locals[..args.len()].copy_from_slice(args);
    let env = NativeEnv {
        code,
        globals: &func.globals,
        locals: &NULL_VALUE,
        closure: &func.closure,
    };
    // SAFETY: `native` is a tier-2 entry (the NativeCode ABI); `locals` holds nlocalsplus
    // owned values (the arguments, then NULLs), which native code takes over.
    let lp = locals.as_mut_ptr().cast::<Value>();
    let r = vm.in_native(None, &env, |vm| unsafe {
        native(vm, &env, lp, 0, std::ptr::null_mut())
    });
    vm.leave();
    Some(r)
}

pub(crate) extern "C" fn make_cell(v: u64) -> u64 {
    Value::cell(owned(v)).into_bits()
}

/// `LOAD_DEREF` through a *borrowed* cell: the value, or [`DEOPT`] when empty.
pub(crate) extern "C" fn load_deref(cell: u64) -> u64 {
    let cell = std::mem::ManuallyDrop::new(Value::from_bits(cell));
    if let Some(Obj::Cell(c)) = cell.obj() {
        let v = c.borrow().clone();
        if !v.is_null() {
            return v.into_bits();
        }
    }
    DEOPT
}

/// `STORE_DEREF` into a *borrowed* cell.
pub(crate) extern "C" fn store_deref(cell: u64, v: u64) {
    let cell = std::mem::ManuallyDrop::new(Value::from_bits(cell));
    if let Some(Obj::Cell(c)) = cell.obj() {
        let old = std::mem::replace(&mut *c.borrow_mut(), owned(v));
        drop(old);
    }
}

/// The i-th cell of the closure (`COPY_FREE_VARS`).
pub(crate) extern "C" fn free_var(env: *const NativeEnv, i: u64) -> u64 {
    let env = env!(env);
    env.closure
        .as_tuple()
        .and_then(|t| t.get(i as usize))
        .cloned()
        .unwrap_or(Value::NULL)
        .into_bits()
}

/// Runs the interpreter's implementation of the instruction at `idx` on the `sp` values in
/// `buf` (the whole value stack); writes the resulting stack back. Returns its depth, or
/// [`STEP_ERR`] | depth on error (the exception in `vm.native_err`).
pub(crate) extern "C" fn step(
    vm: *mut Vm,
    env: *const NativeEnv,
    idx: u64,
    buf: *mut u64,
    sp: u64,
) -> u64 {
    guard(vm, STEP_ERR, || {
        let (vm, env) = (vm!(vm), env!(env));
        // A frame with the namespaces and stack the instruction reads; steps never touch fast
        // locals (instructions that do are compiled or exit), so those stay empty. The last
        // step's frame is reused, its code and globals replaced only where they differ.
        let mut f = match vm.step_frame.take() {
            Some(mut f) => {
                if !std::rc::Rc::ptr_eq(&f.code, env.code) {
                    f.code = env.code.clone();
                }
                for (have, want) in [
                    (&mut f.globals, env.globals),
                    (&mut f.locals, env.locals),
                    (&mut f.closure, env.closure),
                    (&mut f.builtins, &vm.builtins),
                ] {
                    if !have.is(want) {
                        *have = want.clone();
                    }
                }
                f
            }
            None => Box::new(Frame::new(
                &mut vm.frames,
                env.code.clone(),
                env.globals.clone(),
                vm.builtins.clone(),
                env.locals.clone(),
                env.closure.clone(),
                false,
            )),
        };
        f.stack.extend(take(buf, sp));
        let idx = idx as usize;
        env.code
            .debug_check_depth(idx, sp as usize, true, "native step");
        let instr = env.code.instrs[idx];
        f.lasti = idx;
        f.ip = idx + 1 + instr.op.cache_entries() as usize;
        let r = vm.step(&mut f, env.code, idx, instr);
        let depth = f.stack.len();
        for (k, v) in f.stack.drain(..).enumerate() {
            // SAFETY: the spill slot is sized for the deepest stack this code reaches.
            unsafe { *buf.add(k) = v.into_bits() };
        }
        f.kw_names = Value::NULL;
        f.pending = None;
        // A namespace or closure must not outlive its use (the code and globals live on anyway).
        f.locals = Value::NULL;
        f.closure = Value::NULL;
        if vm.step_frame.is_none() {
            vm.step_frame = Some(f);
        }
        match r {
            Ok(_) => depth as u64,
            Err(raise) => {
                vm.native_err = raise.exc;
                STEP_ERR | depth as u64
            }
        }
    })
}

fn frame_for(vm: &mut Vm, env: &NativeEnv) -> Frame {
    let builtins = vm.builtins.clone();
    Frame::new(
        &mut vm.frames,
        env.code.clone(),
        env.globals.clone(),
        builtins,
        env.locals.clone(),
        env.closure.clone(),
        true,
    )
}

/// The one exit: moves the native function's locals and the `sp` stack values into a new
/// interpreter frame and finishes the invocation there — resuming at `idx`, or (for
/// [`ExitKind::Raise`]) raising `vm.native_err` at `idx` so the exception table and
/// traceback work exactly as if the interpreter had raised it.
pub(crate) extern "C" fn exit(
    vm: *mut Vm,
    env: *const NativeEnv,
    idx: u64,
    locals: *mut u64,
    stack: *const u64,
    sp: u64,
    kind: u64,
) -> u64 {
    guard(vm, ERR, || {
        let (vm, env) = (vm!(vm), env!(env));
        let kind = ExitKind::from_u64(kind);
        let idx = idx as usize;
        let exact = kind != ExitKind::Raise;
        env.code
            .debug_check_depth(idx, sp as usize, exact, "native exit");
        if env.code.flags & flags::GENERATOR != 0 {
            let mut buf = std::mem::take(&mut vm.gen_spare);
            buf.extend(take(stack, sp));
            return generator_exit(vm, env, idx, buf, kind);
        }
        stats::record_exit(env.code, idx, kind);
        let mut f = frame_for(vm, env);
        // After a failed guard the frame may come back (recompiled) at a loop header; after any
        // other exit it would only exit again.
        if kind == ExitKind::Guard {
            f.exit_guard = Some(idx);
        } else {
            f.no_osr = true;
        }
        let n = f.fast.len();
        for (k, slot) in take(locals, n as u64).enumerate() {
            f.fast[k] = slot;
        }
        f.stack.extend(take(stack, sp));
        if kind == ExitKind::Raise {
            let instr = env.code.instrs[idx];
            f.lasti = idx;
            f.ip = idx + 1 + instr.op.cache_entries() as usize;
            f.pending = Some(std::mem::take(&mut vm.native_err));
        } else {
            f.ip = idx;
        }
        let r = vm.run_frame_as_top(&mut f);
        vm.frames.recycle(f);
        match r {
            Ok(FrameExit::Return(v)) => v.into_bits(),
            Ok(_) => {
                vm.native_err = vm.system_error("compiled code yielded");
                ERR
            }
            Err(e) => {
                vm.native_err = e;
                ERR
            }
        }
    })
}

/// [`exit`] from generator code: the locals are already back in the generator frame's
/// buffer; the stack and where to go on are handed to `Vm::resume_native`, which puts the
/// frame back together (and the interpreter goes on with it, unless it yielded).
fn generator_exit(
    vm: &mut Vm,
    env: &NativeEnv,
    idx: usize,
    stack: Vec<Value>,
    kind: ExitKind,
) -> u64 {
    stats::record_exit(env.code, idx, kind);
    let pending = (kind == ExitKind::Raise).then(|| std::mem::take(&mut vm.native_err));
    vm.gen_exit = Some(GenExit {
        stack,
        at: idx,
        pending,
    });
    NULL_VALUE.bits()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The layout probes succeed on this host (when one fails, native code silently falls
    /// back to helpers: correct but slow, so it must not go unnoticed).
    #[test]
    fn layout_probes_find_every_layout() {
        let seq = seq_layout().expect("list/tuple layout");
        let inst = inst_layout(Some(seq)).expect("instance layout");
        let iter = iter_layout(Some(inst), Some(seq)).expect("iterator layout");
        let cell =
            cell_layout(&[seq.list_tag, seq.tuple_tag, inst.tag, iter.tag]).expect("cell layout");
        let tags = [seq.list_tag, seq.tuple_tag, inst.tag, iter.tag, cell.tag];
        for (i, a) in tags.iter().enumerate() {
            assert!(tags[i + 1..].iter().all(|b| b != a), "tags {tags:?}");
        }
    }

    /// A panic inside a helper becomes a SystemError and the helper's failure value, with
    /// the activation chain and recursion depth as they were.
    #[test]
    fn a_panicking_helper_raises_system_error() {
        let mut vm = Vm::new(Default::default());
        let p: *mut Vm = &mut vm;
        let r = guard(p, ERR, || {
            let vm = vm!(p);
            vm.depth += 5;
            let mut rec = pycrane_runtime::vm::activation::Activation {
                back: vm.top,
                env: std::ptr::null(),
                frame: std::ptr::null(),
                lasti: 0,
            };
            vm.top = &mut rec;
            panic!("a bug");
        });
        assert_eq!(r, ERR);
        assert!(vm.top.is_null());
        assert_eq!(vm.depth, 0);
        let e = std::mem::take(&mut vm.native_err);
        assert_eq!(vm.type_name(&e).to_string(), "SystemError");
        assert_eq!(
            vm.str_of(&e).ok().as_deref(),
            Some("internal error in pycrane: a bug")
        );
        assert_eq!(guard(p, ERR, || 7), 7);
    }
}
