//! `_random`: CPython's Mersenne Twister (MT19937) with its exact seeding, so a seeded
//! program draws the same numbers as under CPython, with Lib's `random` on top.

use crate::object::native::NativeData;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};

type Kw<'a> = &'a [(Value, Value)];

const N: usize = 624;
const M: usize = 397;

struct Mt {
    state: RefCell<[u32; N]>,
    index: Cell<usize>,
}

impl NativeData for Mt {}

impl Mt {
    fn init_genrand(&self, s: u32) {
        let mut mt = self.state.borrow_mut();
        mt[0] = s;
        for i in 1..N {
            mt[i] = 1812433253u32
                .wrapping_mul(mt[i - 1] ^ (mt[i - 1] >> 30))
                .wrapping_add(i as u32);
        }
        self.index.set(N);
    }

    fn init_by_array(&self, key: &[u32]) {
        self.init_genrand(19650218);
        let mut mt = self.state.borrow_mut();
        let (mut i, mut j) = (1usize, 0usize);
        let len = key.len().max(1);
        for _ in 0..N.max(len) {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1664525))
                .wrapping_add(key.get(j).copied().unwrap_or(0))
                .wrapping_add(j as u32);
            i += 1;
            j += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
            if j >= len {
                j = 0;
            }
        }
        for _ in 0..N - 1 {
            mt[i] = (mt[i] ^ (mt[i - 1] ^ (mt[i - 1] >> 30)).wrapping_mul(1566083941))
                .wrapping_sub(i as u32);
            i += 1;
            if i >= N {
                mt[0] = mt[N - 1];
                i = 1;
            }
        }
        mt[0] = 0x8000_0000;
    }

    fn next_u32(&self) -> u32 {
        let mut mt = self.state.borrow_mut();
        if self.index.get() >= N {
            const UPPER: u32 = 0x8000_0000;
            const LOWER: u32 = 0x7fff_ffff;
            let mag = |y: u32| if y & 1 == 1 { 0x9908_b0df } else { 0 };
            for k in 0..N {
                let y = (mt[k] & UPPER) | (mt[(k + 1) % N] & LOWER);
                mt[k] = mt[(k + M) % N] ^ (y >> 1) ^ mag(y);
            }
            self.index.set(0);
        }
        let mut y = mt[self.index.get()];
        self.index.set(self.index.get() + 1);
        y ^= y >> 11;
        y ^= (y << 7) & 0x9d2c_5680;
        y ^= (y << 15) & 0xefc6_0000;
        y ^ (y >> 18)
    }

    fn random(&self) -> f64 {
        let a = (self.next_u32() >> 5) as f64;
        let b = (self.next_u32() >> 6) as f64;
        (a * 67108864.0 + b) * (1.0 / 9007199254740992.0)
    }
}

pub fn install(vm: &mut Vm) {
    let t = random_type(vm);
    let d = super::new_native_module(vm, "_random", &[]);
    if let Some(d) = d.as_dict() {
        d.borrow_mut().set_str("Random", t);
    }
}

fn random_type(vm: &mut Vm) -> Value {
    vm.native_type("_random.Random", |vm| {
        vm.new_native_type(
            "_random",
            "Random",
            &[
                ("__new__", new),
                ("random", random),
                ("seed", seed),
                ("getstate", getstate),
                ("setstate", setstate),
                ("getrandbits", getrandbits),
            ],
            false,
        )
    })
}

fn state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Mt> {
    v.native::<Mt>()
        .ok_or_else(|| vm.type_error("descriptor requires a '_random.Random' object"))
}

fn new(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    let base = vm.native_base(&args[0], "Random")?;
    if args[0].is(&base) && !kw.is_empty() {
        return Err(vm.type_error("Random() takes no keyword arguments"));
    }
    if args[0].is(&base) && args.len() > 2 {
        return Err(vm.type_error(format!(
            "Random() expected at most 1 argument, got {}",
            args.len() - 1
        )));
    }
    let mt = Mt {
        state: RefCell::new([0; N]),
        index: Cell::new(N + 1),
    };
    let obj = vm.new_native(&args[0], &base, mt);
    seed_with(vm, &obj, args.get(1))?;
    Ok(obj)
}

/// Seeds from `arg`: an int by its absolute value's 32-bit words, None from the system's
/// random source, anything else by its hash.
fn seed_with(vm: &mut Vm, this: &Value, arg: Option<&Value>) -> PyResult<()> {
    let mt = state(vm, this)?;
    let arg = arg.filter(|a| !a.is_none());
    let Some(a) = arg else {
        let mut buf = [0u8; N * 4];
        if crate::os::proc::urandom(&mut buf).is_err() {
            let t = std::time::SystemTime::now()
                .duration_since(std::time::UNIX_EPOCH)
                .map_or(0, |d| d.as_nanos());
            buf[..16].copy_from_slice(&t.to_le_bytes());
            buf[16..20].copy_from_slice(&std::process::id().to_le_bytes());
        }
        let key: Vec<u32> = buf
            .chunks(4)
            .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
            .collect();
        mt.init_by_array(&key);
        return Ok(());
    };
    let n = if a.is_int() || a.is_bool() {
        let i = vm.index_int(a)?;
        i.as_bigint()
            .cloned()
            .unwrap_or_else(|| vm.to_i64(&i).unwrap_or(0).into())
    } else {
        let h = vm.hash(a)?;
        num_bigint::BigInt::from(h)
    };
    let (_, digits) = n.to_u32_digits();
    let key = if digits.is_empty() { vec![0] } else { digits };
    mt.init_by_array(&key);
    Ok(())
}

fn seed(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "seed", args, 1, 2)?;
    seed_with(vm, &args[0], args.get(1))?;
    Ok(Value::NONE)
}

fn random(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::float(state(vm, &args[0])?.random()))
}

fn getrandbits(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "getrandbits", args, 2, 2)?;
    let mt = state(vm, &args[0])?;
    let k = vm.index_value(&args[1], "k")?;
    if k < 0 {
        return Err(vm.value_error("number of bits must be non-negative"));
    }
    if k == 0 {
        return Ok(Value::int(0));
    }
    if k <= 32 {
        return Ok(Value::int((mt.next_u32() >> (32 - k)) as i64));
    }
    let mut words = Vec::with_capacity(((k - 1) / 32 + 1) as usize);
    let mut left = k;
    while left > 0 {
        let mut r = mt.next_u32();
        if left < 32 {
            r >>= 32 - left;
        }
        words.push(r);
        left -= 32;
    }
    let n = num_bigint::BigInt::from_slice(num_bigint::Sign::Plus, &words);
    Ok(match i64::try_from(&n) {
        Ok(i) => Value::int(i),
        Err(_) => Value::bigint(n),
    })
}

fn getstate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let mt = state(vm, &args[0])?;
    let mut items: Vec<Value> = mt
        .state
        .borrow()
        .iter()
        .map(|&w| Value::int(w as i64))
        .collect();
    items.push(Value::int(mt.index.get() as i64));
    Ok(Value::tuple(items))
}

fn setstate(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "setstate", args, 2, 2)?;
    let mt = state(vm, &args[0])?;
    let Some(items) = args[1].as_tuple().map(<[Value]>::to_vec) else {
        return Err(vm.type_error("state vector must be a tuple"));
    };
    if items.len() != N + 1 {
        return Err(vm.value_error("state vector is the wrong size"));
    }
    let mut words = [0u32; N];
    for (w, v) in words.iter_mut().zip(&items) {
        let i = vm.index_int(v)?;
        *w = match vm.to_i64(&i) {
            Some(x) if (0..=u32::MAX as i64).contains(&x) => x as u32,
            _ => {
                return Err(vm.overflow_error("Python int too large to convert to C unsigned long"))
            }
        };
    }
    let index = vm.index_value(&items[N], "index")?;
    if !(0..=N as i64).contains(&index) {
        return Err(vm.value_error("invalid state"));
    }
    *mt.state.borrow_mut() = words;
    mt.index.set(index as usize);
    Ok(Value::NONE)
}
