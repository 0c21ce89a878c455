//! A stable merge sort with a fallible comparison (Python `<` can raise), used by
//! `list.sort` and `sorted`. Stability makes the result identical to CPython's timsort.

use crate::value::Value;
use crate::vm::{PyResult, Vm};

/// Sorts `items` (with parallel `keys`) by `keys` ascending, stably.
pub fn sort_by_keys(
    vm: &mut Vm,
    items: &mut Vec<Value>,
    keys: Vec<Value>,
    reverse: bool,
) -> PyResult<()> {
    let n = items.len();
    let mut idx: Vec<usize> = (0..n).collect();
    let mut buf = idx.clone();
    // Reverse sort keeps stability the way CPython does: reverse, stable sort, reverse.
    if reverse {
        idx.reverse();
    }
    merge_sort(vm, &mut idx, &mut buf, &keys)?;
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

fn merge_sort(vm: &mut Vm, idx: &mut [usize], buf: &mut [usize], keys: &[Value]) -> PyResult<()> {
    let n = idx.len();
    if n <= 1 {
        return Ok(());
    }
    if n <= 12 {
        // insertion sort
        for i in 1..n {
            let mut j = i;
            while j > 0 && vm.lt(&keys[idx[j]], &keys[idx[j - 1]])? {
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
        merge_sort(vm, l, bl, keys)?;
        merge_sort(vm, r, br, keys)?;
    }
    // Already ordered? (cheap check helps presorted input)
    if !vm.lt(&keys[idx[mid]], &keys[idx[mid - 1]])? {
        return Ok(());
    }
    buf[..n].copy_from_slice(idx);
    let (mut i, mut j, mut k) = (0, mid, 0);
    while i < mid && j < n {
        if vm.lt(&keys[buf[j]], &keys[buf[i]])? {
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
