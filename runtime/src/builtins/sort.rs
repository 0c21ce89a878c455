//! A stable merge sort with a fallible comparison (Python `<` can raise), used by
//! `list.sort` and `sorted`. Stability makes the result identical to CPython's timsort.
//! Like CPython's pre-sort check, one pass over the keys picks a direct comparison: keys that
//! are all small ints, floats (no NaN) or strings, or short tuples of those column by column,
//! are flattened into compact rows and sorted by Rust's stable sort; tuples led by such a
//! column compare that column directly; anything else compares with Python's `<`.

use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cmp::Ordering;

/// A kind of key every key has, with a total order of its own.
#[derive(Clone, Copy, PartialEq)]
enum Simple {
    Int,
    Float,
    Str,
}

impl Simple {
    fn of(v: &Value) -> Option<Simple> {
        if v.is_small_int() {
            Some(Simple::Int)
        } else if v.as_float().is_some_and(|x| !x.is_nan()) {
            Some(Simple::Float)
        } else if v.as_str().is_some() {
            Some(Simple::Str)
        } else {
            None
        }
    }

    /// Compares two values of this kind (the caller checked both).
    fn cmp(self, a: &Value, b: &Value) -> Ordering {
        match self {
            Simple::Int => a.as_small_int().cmp(&b.as_small_int()),
            Simple::Float => {
                let (x, y) = (a.as_float().unwrap_or(0.0), b.as_float().unwrap_or(0.0));
                x.partial_cmp(&y).unwrap_or(Ordering::Equal)
            }
            Simple::Str => {
                let x = a.as_str().map(|s| s.as_str().as_bytes());
                let y = b.as_str().map(|s| s.as_str().as_bytes());
                x.cmp(&y)
            }
        }
    }
}

/// One column of a flattened key.
#[derive(Clone, Copy)]
enum Cell<'a> {
    Int(i64),
    Float(f64),
    Str(&'a [u8]),
}

impl Cell<'_> {
    fn of(v: &Value) -> Option<Cell<'_>> {
        Some(match Simple::of(v)? {
            Simple::Int => Cell::Int(v.as_small_int()?),
            Simple::Float => Cell::Float(v.as_float()?),
            Simple::Str => Cell::Str(v.as_str()?.as_str().as_bytes()),
        })
    }
    fn kind(&self) -> u8 {
        match self {
            Cell::Int(_) => 0,
            Cell::Float(_) => 1,
            Cell::Str(_) => 2,
        }
    }
}

/// A key flattened to at most [`Row::MAX`] simple columns, compared lexicographically.
#[derive(Clone, Copy)]
struct Row<'a> {
    cols: [Cell<'a>; Row::MAX],
    n: usize,
}

impl Row<'_> {
    const MAX: usize = 3;

    fn cmp(&self, o: &Self) -> Ordering {
        for (a, b) in self.cols[..self.n].iter().zip(&o.cols[..o.n]) {
            let c = match (a, b) {
                (Cell::Int(x), Cell::Int(y)) => x.cmp(y),
                // No NaN is flattened, so floats are totally ordered here.
                (Cell::Float(x), Cell::Float(y)) => x.partial_cmp(y).unwrap_or(Ordering::Equal),
                (Cell::Str(x), Cell::Str(y)) => x.cmp(y),
                _ => Ordering::Equal,
            };
            if c != Ordering::Equal {
                return c;
            }
        }
        self.n.cmp(&o.n)
    }
}

/// The keys as rows of simple columns (with their item index, in `idx` order) when every key
/// is a simple value, or a short tuple of them, and each column holds one kind throughout:
/// then comparing rows is Python's `<` exactly, cannot raise, and reads compact memory.
fn flatten<'a>(keys: &'a [Value], idx: &[usize]) -> Option<Vec<(Row<'a>, usize)>> {
    let mut rows = Vec::with_capacity(keys.len());
    let mut kinds: Option<([u8; Row::MAX], usize, bool)> = None;
    for &i in idx {
        let k = &keys[i];
        let (items, tuple): (&[Value], bool) = match k.obj() {
            Some(Obj::Tuple(t)) => (t, true),
            _ => (std::slice::from_ref(k), false),
        };
        if items.len() > Row::MAX {
            return None;
        }
        let mut row = Row {
            cols: [Cell::Int(0); Row::MAX],
            n: items.len(),
        };
        let mut ks = [0u8; Row::MAX];
        for (j, v) in items.iter().enumerate() {
            row.cols[j] = Cell::of(v)?;
            ks[j] = row.cols[j].kind();
        }
        // Columns must agree in kind where rows overlap (else Python could raise TypeError).
        match kinds {
            None => kinds = Some((ks, items.len(), tuple)),
            Some((ref mut seen, ref mut len, t)) => {
                if t != tuple {
                    return None;
                }
                let common = (*len).min(items.len());
                if seen[..common] != ks[..common] {
                    return None;
                }
                if items.len() > *len {
                    seen[*len..items.len()].copy_from_slice(&ks[*len..items.len()]);
                    *len = items.len();
                }
            }
        }
        rows.push((row, i));
    }
    Some(rows)
}

/// How keys that do not flatten compare: tuples led by one simple kind, or generally.
#[derive(Clone, Copy)]
enum KeyOrder {
    TupleLed(Simple),
    General,
}

impl KeyOrder {
    fn of(keys: &[Value]) -> KeyOrder {
        let Some(first) = keys.first() else {
            return KeyOrder::General;
        };
        let head = |v: &Value| match v.obj() {
            Some(Obj::Tuple(t)) => t.first().and_then(Simple::of),
            _ => None,
        };
        match head(first) {
            Some(kind) if keys.iter().all(|k| head(k) == Some(kind)) => KeyOrder::TupleLed(kind),
            _ => KeyOrder::General,
        }
    }

    fn less(self, vm: &mut Vm, a: &Value, b: &Value) -> PyResult<bool> {
        match self {
            KeyOrder::TupleLed(k) => {
                let (Some(Obj::Tuple(x)), Some(Obj::Tuple(y))) = (a.obj(), b.obj()) else {
                    return vm.lt(a, b);
                };
                match k.cmp(&x[0], &y[0]) {
                    Ordering::Equal => {}
                    o => return Ok(o == Ordering::Less),
                }
                for (p, q) in x[1..].iter().zip(&y[1..]) {
                    match Simple::of(p).filter(|k| Simple::of(q) == Some(*k)) {
                        Some(k) => match k.cmp(p, q) {
                            Ordering::Equal => {}
                            o => return Ok(o == Ordering::Less),
                        },
                        None => {
                            if !vm.eq(p, q)? {
                                return vm.lt(p, q);
                            }
                        }
                    }
                }
                Ok(x.len() < y.len())
            }
            KeyOrder::General => vm.lt(a, b),
        }
    }
}

/// Sorts `items` (with parallel `keys`) by `keys` ascending, stably.
pub fn sort_by_keys(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    keys: Vec<Value>,
    reverse: bool,
) -> PyResult<()> {
    let n = items.len();
    let mut idx: Vec<usize> = (0..n).collect();
    // Reverse sort keeps stability the way CPython does: reverse, stable sort, reverse.
    if reverse {
        idx.reverse();
    }
    match flatten(&keys, &idx) {
        Some(mut rows) => {
            rows.sort_by(|a, b| a.0.cmp(&b.0));
            idx = rows.into_iter().map(|r| r.1).collect();
        }
        None => {
            let mut buf = idx.clone();
            let order = KeyOrder::of(&keys);
            merge_sort(vm, order, &mut idx, &mut buf, &keys)?;
        }
    }
    if reverse {
        idx.reverse();
    }
    let old = std::mem::take(items);
    let mut slots: Vec<Option<Value>> = old.into_iter().map(Some).collect();
    *items = idx
        .into_iter()
        .map(|i| slots[i].take().unwrap_or(Value::NONE))
        .collect();
    Ok(())
}

fn merge_sort(
    vm: &mut Vm,
    order: KeyOrder,
    idx: &mut [usize],
    buf: &mut [usize],
    keys: &[Value],
) -> PyResult<()> {
    let n = idx.len();
    if n <= 1 {
        return Ok(());
    }
    if n <= 12 {
        // insertion sort
        for i in 1..n {
            let mut j = i;
            while j > 0 && order.less(vm, &keys[idx[j]], &keys[idx[j - 1]])? {
                idx.swap(j, j - 1);
                j -= 1;
            }
        }
        return Ok(());
    }
    let mid = n / 2;
    {
        let (l, r) = idx.split_at_mut(mid);
        let (bl, br) = buf[..n].split_at_mut(mid);
        merge_sort(vm, order, l, bl, keys)?;
        merge_sort(vm, order, r, br, keys)?;
    }
    // Already ordered? (cheap check helps presorted input)
    if !order.less(vm, &keys[idx[mid]], &keys[idx[mid - 1]])? {
        return Ok(());
    }
    buf[..n].copy_from_slice(idx);
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        if order.less(vm, &keys[buf[j]], &keys[buf[i]])? {
            idx[k] = buf[j];
            j += 1;
        } else {
            idx[k] = buf[i];
            i += 1;
        }
        k += 1;
    }
    while i < mid {
        idx[k] = buf[i];
        i += 1;
        k += 1;
    }
    while j < n {
        idx[k] = buf[j];
        j += 1;
        k += 1;
    }
    Ok(())
}
