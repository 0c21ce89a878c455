//! `range` objects whose bounds do not fit in 128 bits (`range(1 << 1000)`, which
//! `_collections_abc` makes at import): arbitrary-precision bounds, iterated by a
//! `longrange_iterator` as in CPython. Length, truth, iteration (also reversed), membership,
//! indexing by an int, equality, `repr` and the `start`/`stop`/`step` attributes work as in
//! CPython; the everyday 128-bit ranges stay in `range.rs`.

use crate::object::{IterKind, IterState};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

/// `range(start, stop, step)` with `len` elements.
pub struct BigRange {
    pub start: BigInt,
    pub stop: BigInt,
    pub step: BigInt,
    pub len: BigInt,
}

impl BigRange {
    /// The range of `count` (1 to 3) arguments; the step is not 0.
    pub fn new(n: [BigInt; 3], count: usize) -> BigRange {
        let [a, b, c] = n;
        let (start, stop, step) = match count {
            1 => (BigInt::zero(), a, BigInt::from(1)),
            2 => (a, b, BigInt::from(1)),
            _ => (a, b, c),
        };
        let len = if step.is_positive() && start < stop {
            (&stop - &start - 1u32) / &step + 1u32
        } else if step.is_negative() && start > stop {
            (&start - &stop - 1u32) / (-&step) + 1u32
        } else {
            BigInt::zero()
        };
        BigRange {
            start,
            stop,
            step,
            len,
        }
    }

    fn at(&self, i: &BigInt) -> BigInt {
        &self.start + i * &self.step
    }

    /// Whether `x` is an element.
    pub fn contains(&self, x: &BigInt) -> bool {
        let inside = if self.step.is_positive() {
            *x >= self.start && *x < self.stop
        } else {
            *x <= self.start && *x > self.stop
        };
        inside && (x - &self.start).mod_floor(&self.step).is_zero()
    }
}

impl Vm {
    /// `len(r)`: an OverflowError past `sys.maxsize`, as in CPython.
    pub fn bigrange_len(&self, r: &BigRange) -> PyResult<usize> {
        r.len
            .to_isize()
            .map(|n| n as usize)
            .ok_or_else(|| self.overflow_error("Python int too large to convert to C ssize_t"))
    }

    /// `iter(r)` (or `reversed(r)`).
    pub fn bigrange_iter(&self, r: &BigRange, reversed: bool) -> Value {
        let st = if reversed {
            let last = if r.len.is_zero() {
                r.start.clone()
            } else {
                r.at(&(&r.len - 1u32))
            };
            (last, r.len.clone(), -&r.step)
        } else {
            (r.start.clone(), r.len.clone(), r.step.clone())
        };
        self.new_iter_of_kind(
            IterKind::LongRangeIterator,
            IterState::BigRange(Box::new(st)),
        )
    }

    /// `r[i]` for an int `i`.
    pub fn bigrange_item(&mut self, r: &BigRange, key: &Value) -> PyResult<Value> {
        let k = self.index_int(key)?;
        let mut i = self.to_bigint(&k).unwrap_or_default();
        if i.is_negative() {
            i += &r.len;
        }
        if i.is_negative() || i >= r.len {
            return Err(self.index_error("range object index out of range"));
        }
        Ok(Value::bigint(r.at(&i)))
    }

    /// `repr(r)`.
    pub fn bigrange_repr(r: &BigRange) -> String {
        if r.step == BigInt::from(1) {
            format!("range({}, {})", r.start, r.stop)
        } else {
            format!("range({}, {}, {})", r.start, r.stop, r.step)
        }
    }

    /// `r.start`, `r.stop`, `r.step`.
    pub fn bigrange_attr(r: &BigRange, name: &str) -> Option<Value> {
        match name {
            "start" => Some(Value::bigint(r.start.clone())),
            "stop" => Some(Value::bigint(r.stop.clone())),
            "step" => Some(Value::bigint(r.step.clone())),
            _ => None,
        }
    }
}

/// One step of a `longrange_iterator`: `(next, left, step)`.
pub fn next(st: &mut (BigInt, BigInt, BigInt)) -> Option<Value> {
    if st.1.is_zero() {
        return None;
    }
    let v = st.0.clone();
    st.1 -= 1u32;
    st.0 += &st.2;
    Some(Value::bigint(v))
}
