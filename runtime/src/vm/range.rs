//! `range` objects beyond the data layout ([`RangeObj`]): construction, indexing and slicing,
//! membership, `index`/`count`, `len`, `reversed`, equality and attributes, all with 128-bit
//! bounds so ranges past the machine word behave as in CPython.

use crate::object::{IterKind, IterState, Obj, RangeObj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use num_traits::ToPrimitive;

/// A range iterator at `next` with `left` values to go by `step`: what compiled code
/// materializes a loop's iterator as when it leaves native code (it keeps the state in
/// registers while the loop runs, see the jit crate's virtual iterators).
pub fn range_iter_at(next: i64, left: u64, step: i64) -> Value {
    super::seq::new_iter(IterState::range(next.into(), left.into(), step.into()))
}

/// The state `(next, left, step)` of `it` when compiled code may take the iterator over into
/// registers: a range iterator nothing else refers to, not in use, whose remaining values
/// are all immediate ints. None for anything else.
pub fn range_iter_state(it: &Value) -> Option<(i64, u64, i64)> {
    let Some(Obj::Iter(IterKind::RangeIterator, st)) = it.obj() else {
        return None;
    };
    if it.ref_count() != 1 {
        return None;
    }
    let IterState::Range { next, left, step } = *st.try_borrow().ok()? else {
        return None;
    };
    let last = i128::from(next) + i128::from(step) * i128::from(left.saturating_sub(1));
    let small = |x: i128| i64::try_from(x).is_ok_and(Value::fits_small);
    (small(next.into()) && small(last)).then_some((next, left, step))
}

impl Vm {
    /// `iter(range(*args))` for one to three small-int arguments and a step other than 0:
    /// the iterator, made without a range object; None for anything else.
    pub fn small_range_iter(args: &[Value]) -> Option<Value> {
        if args.is_empty() {
            return None;
        }
        let mut n = [0i128; 3];
        for (i, a) in args.iter().enumerate() {
            *n.get_mut(i)? = a.as_small_int()?.into();
        }
        let r = range_of(n, args.len());
        (r.step != 0).then(|| super::seq::new_iter(r.iter_state()))
    }

    /// `range(stop)`, `range(start, stop[, step])`.
    pub fn new_range(&mut self, args: &[Value]) -> PyResult<Value> {
        let mut n = [0i128; 3];
        for (i, a) in args.iter().enumerate() {
            if let Some(v) = a.as_small_int() {
                n[i] = v.into();
                continue;
            }
            let a = self.index_int(a)?;
            match self.to_bigint(&a).and_then(|b| b.to_i128()) {
                Some(x) => n[i] = x,
                None => return self.new_bigrange(args),
            }
        }
        let r = range_of(n, args.len());
        if r.step == 0 {
            return Err(self.value_error("range() arg 3 must not be zero"));
        }
        Ok(Value::new_obj(Obj::Range(Box::new(r))))
    }

    /// `range(...)` with a bound past 128 bits.
    fn new_bigrange(&mut self, args: &[Value]) -> PyResult<Value> {
        let mut n: [num_bigint::BigInt; 3] = Default::default();
        for (i, a) in args.iter().enumerate() {
            let a = self.index_int(a)?;
            n[i] = self.to_bigint(&a).unwrap_or_default();
        }
        if args.len() == 3 && n[2].bits() == 0 {
            return Err(self.value_error("range() arg 3 must not be zero"));
        }
        let r = super::bigrange::BigRange::new(n, args.len());
        Ok(Value::new_obj(Obj::BigRange(Box::new(r))))
    }

    /// `len(r)`: an OverflowError past `sys.maxsize`, as in CPython.
    pub fn range_len(&self, r: &RangeObj) -> PyResult<usize> {
        match r.len() {
            n if n <= isize::MAX as u128 => Ok(n as usize),
            _ => Err(self.overflow_error("Python int too large to convert to C ssize_t")),
        }
    }

    /// An exact int (not a float or a bool subclass instance) as a candidate element.
    pub fn range_int(&self, v: &Value) -> Option<i128> {
        if v.is_float() {
            return None;
        }
        self.to_bigint(v).and_then(|b| b.to_i128())
    }

    /// `r[key]` for an int or a slice.
    pub fn range_item(&mut self, r: &RangeObj, key: &Value) -> PyResult<Value> {
        let len = r.len();
        if let Some(Obj::Slice(sl)) = key.obj() {
            let sl = sl.clone();
            let wide =
                i128::try_from(len).map_err(|_| self.overflow_error("range too long to slice"))?;
            let (start, stop, step, _) = self.slice_bounds(&sl, || wide)?;
            // Element positions map through the range: i -> r.start + i * r.step.
            let at = |i: i128| r.start.wrapping_add(i.wrapping_mul(r.step));
            let step = r
                .step
                .checked_mul(step)
                .ok_or_else(|| self.overflow_error("range() bounds beyond 128 bits"))?;
            return Ok(Value::new_obj(Obj::Range(Box::new(RangeObj {
                start: at(start),
                stop: at(stop),
                step,
            }))));
        }
        let k = if key.as_instance().is_some() {
            self.index_int(key)?
        } else {
            key.clone()
        };
        if !k.is_int() {
            let tn = self.type_name(key);
            return Err(self.type_error(format!(
                "range indices must be integers or slices, not {tn}"
            )));
        }
        let i = self.to_bigint(&k).and_then(|b| b.to_i128());
        let j = i.and_then(|i| {
            if i < 0 {
                (i + len as i128).to_u128()
            } else {
                i.to_u128()
            }
        });
        match j {
            Some(j) if j < len => Ok(Value::int_wide(r.at(j))),
            _ => Err(self.index_error("range object index out of range")),
        }
    }

    /// `reversed(r)`: a range iterator stepping back from the last element.
    pub fn range_reversed(&mut self, r: &RangeObj) -> Value {
        let left = r.len();
        let next = if left == 0 { r.start } else { r.at(left - 1) };
        let st = IterState::range(next, left, r.step.wrapping_neg());
        self.new_iter_of_kind(IterKind::RangeIterator, st)
    }

    /// `r == s`: the same sequence of elements.
    pub fn range_eq(x: &RangeObj, y: &RangeObj) -> bool {
        let n = x.len();
        n == y.len() && (n == 0 || (x.start == y.start && (n == 1 || x.step == y.step)))
    }

    /// `r.start`, `r.stop`, `r.step`.
    pub fn range_attr(r: &RangeObj, name: &str) -> Option<Value> {
        match name {
            "start" => Some(Value::int_wide(r.start)),
            "stop" => Some(Value::int_wide(r.stop)),
            "step" => Some(Value::int_wide(r.step)),
            _ => None,
        }
    }

    fn this_range<'a>(&self, args: &'a [Value], what: &str) -> PyResult<(&'a RangeObj, &'a Value)> {
        match (args.first().and_then(|v| v.obj()), args.get(1)) {
            (Some(Obj::Range(r)), Some(x)) if args.len() == 2 => Ok((r, x)),
            _ => Err(self.type_error(format!("range.{what}() takes exactly one argument"))),
        }
    }

    /// `r.index(x)`.
    pub fn range_index(&mut self, args: &[Value]) -> PyResult<Value> {
        let (r, x) = self.this_range(args, "index")?;
        if let Some(i) = self.range_int(x) {
            return match r.position(i) {
                Some(p) => Ok(Value::int_wide(p as i128)),
                None => {
                    let s = self.repr_of(x)?;
                    Err(self.value_error(format!("{s} is not in range")))
                }
            };
        }
        let (r, x) = (args[0].clone(), x.clone());
        let it = self.get_iter(&r)?;
        let mut i = 0i64;
        while let Some(v) = self.iter_next(&it)? {
            if self.eq(&v, &x)? {
                return Ok(Value::int(i));
            }
            i += 1;
        }
        Err(self.value_error("sequence.index(x): x not in sequence"))
    }

    /// `r.count(x)`.
    pub fn range_count(&mut self, args: &[Value]) -> PyResult<Value> {
        let (r, x) = self.this_range(args, "count")?;
        if let Some(i) = self.range_int(x) {
            return Ok(Value::int(r.position(i).is_some() as i64));
        }
        let (r, x) = (args[0].clone(), x.clone());
        let it = self.get_iter(&r)?;
        let mut n = 0i64;
        while let Some(v) = self.iter_next(&it)? {
            if self.eq(&v, &x)? {
                n += 1;
            }
        }
        Ok(Value::int(n))
    }
}

/// The range of `count` (1 to 3) arguments `n`: `stop`, `start, stop` or `start, stop, step`.
fn range_of(n: [i128; 3], count: usize) -> RangeObj {
    let (start, stop, step) = match count {
        1 => (0, n[0], 1),
        2 => (n[0], n[1], 1),
        _ => (n[0], n[1], n[2]),
    };
    RangeObj { start, stop, step }
}
