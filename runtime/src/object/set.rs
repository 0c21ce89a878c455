//! `set` / `frozenset` storage: an open-addressing hash table laid out exactly like CPython
//! 3.11's `Objects/setobject.c`, so that iteration order, `repr` and `set.pop()` match CPython.
//!
//! # Table
//! ```text
//!   slot:   0        1        2        3        4        5        6        7
//!         +--------+--------+--------+--------+--------+--------+--------+--------+
//!         | empty  | 8 (h8) | dummy  | 3 (h3) | empty  | empty  | empty  | 7 (h7) |
//!         +--------+--------+--------+--------+--------+--------+--------+--------+
//!   empty = (hash 0,  key NULL)     dummy = (hash -1, key NULL)     live = (hash, key)
//! ```
//! * The table size is a power of two, at least [`MIN_SIZE`] (8); `mask = size - 1`.
//! * `fill` counts live + dummy slots, `used` counts live slots; there is always at least one
//!   empty slot (searches stop at the first empty slot).
//! * Iteration is table order (slot 0 upwards), skipping empty and dummy slots.
//!
//! # Probe sequence (shared by lookup and insertion)
//! Start at `i = hash & mask`. Look at slot `i`; if `i + LINEAR_PROBES <= mask` also look at
//! the next [`LINEAR_PROBES`] slots `i+1 ..= i+9` (tables of 8 never probe linearly). Then
//! `perturb >>= 5; i = (i * 5 + 1 + perturb) & mask` and repeat (`perturb` starts as the hash).
//!
//! * A lookup stops at the first empty slot (not found) or at a live slot whose stored hash
//!   equals the hash and whose key satisfies the caller's equality predicate.
//! * An insertion of an absent key walks the same sequence to the first empty slot, and reuses
//!   the *last* dummy passed on the way if there was one (then `fill` is unchanged and no
//!   resize happens). Otherwise it fills the empty slot and, if `fill * 5 >= mask * 3`,
//!   resizes to hold `used * 4` (`used * 2` above 50,000 entries).
//! * Deletion turns the slot into a dummy. `set.pop()` scans from a `finger` (wrapping), leaves
//!   a dummy and puts the finger just after the popped slot. `clear()` keeps the finger.
//! * A resize picks the smallest power of two `> minused` (at least 8) and re-inserts the live
//!   keys in old table order with the probe sequence above (no equality checks needed). If the
//!   new size is 8, the table already has 8 slots and holds no dummies, nothing happens.
//!
//! Equality is the caller's business: every method that may meet an equal-hash key takes a
//! predicate. For `find`/`discard`/`add` it is `eq(table_key)`; for set-with-set helpers it is
//! `eq(table_key, probe_key)`, the argument order of CPython's `PyObject_RichCompareBool`.
//! Hashes are the bit pattern of CPython's `Py_hash_t`; `-1` (`u64::MAX`) is never a valid hash.
//!
//! # Which method reproduces which CPython code path
//! The order of a set depends on *how* it was built, so the VM should use:
//! * `s.add(x)`, `BUILD_SET`, `SET_ADD`, marshal frozensets, `set.update(iterable)` for any
//!   iterable that is not a set/frozenset/exact dict: [`SetData::add`] per element in order.
//! * `set(s)`, `frozenset(s)`, `s.copy()` for a set/frozenset `s`: [`SetData::copy`].
//! * `s.update(t)`, `s |= t`, `SET_UPDATE` with a set/frozenset `t`: [`SetData::merge`]
//!   (skip when `t is s`). `s | t`: `s.copy()` then `merge(t)` (just the copy when `t is s`).
//! * `set(d)` / `s.update(d)` with an exact `dict` `d`: [`SetData::reserve_for_dict`] first,
//!   then [`SetData::add`] each key with the dict's stored hash, in dict order. (Dict views
//!   and other iterables take the plain per-element path, without the reservation.)
//! * `s & t` / `s.intersection(t)` with sets: [`SetData::intersection`] (`s & s` is a copy).
//!   With another iterable: new empty set; for each element `x` in order, if `x in s`,
//!   `add(x)`, and stop as soon as `len(result) >= len(s)`.
//!   `s &= t` / `intersection_update`: compute the result, then [`SetData::replace_body`]
//!   (CPython swaps tables but keeps the finger of `s`).
//! * `s - t` / `s.difference(t)`: with a set `t`, [`SetData::difference`]. With an exact dict
//!   `t`: if `len(s) >> 2 > len(t)`, `copy()` then discard every key of `t` and call
//!   [`SetData::shrink_dummies`]; else a new set, `add` each `x` of `s` (table order) not in
//!   `t`. With any other iterable: `copy()`, discard each element, `shrink_dummies()`.
//! * `s -= t` / `difference_update`: with a set `t` [`SetData::difference_update`] (`s -= s`
//!   is `clear()`); with another iterable discard each element then `shrink_dummies()`.
//! * `s ^= t` / `symmetric_difference_update`: with a set [`SetData::symmetric_difference_update`]
//!   (`t is s` clears); with an exact dict, for each (hash, key) in dict order discard-or-add;
//!   with another iterable, build a temporary set from it (per-element `add`) and use the
//!   set path. `s ^ t`: [`SetData::symmetric_difference`] (= `copy(t)` then `^=` with `s`).
//! * Iterators walk [`SetData::slots`] / [`SetData::slot`] with a position, like CPython's
//!   `setiterobject`; `frozenset.__hash__` is [`SetData::frozenset_hash`].
//!
//! `Clone` is a raw copy (including the finger); for Python-visible copies use `copy()`.

use crate::value::Value;

/// Smallest table size (CPython's `PySet_MINSIZE`).
pub const MIN_SIZE: usize = 8;
/// Extra consecutive slots looked at before jumping (CPython's `LINEAR_PROBES`).
pub const LINEAR_PROBES: usize = 9;
/// Right shift applied to `perturb` at each jump (CPython's `PERTURB_SHIFT`).
const PERTURB_SHIFT: u32 = 5;
/// Stored hash that marks a dummy (deleted) slot: CPython's `-1`.
const DUMMY_HASH: u64 = u64::MAX;

/// One table slot: empty `(0, NULL)`, dummy `(DUMMY_HASH, NULL)` or live `(hash, key)`.
#[derive(Clone)]
struct Entry {
    hash: u64,
    key: Value,
}

impl Entry {
    const EMPTY: Entry = Entry {
        hash: 0,
        key: Value::NULL,
    };

    #[inline]
    fn is_empty(&self) -> bool {
        self.key.is_null() && self.hash == 0
    }
    #[inline]
    fn is_live(&self) -> bool {
        !self.key.is_null()
    }
}

/// CPython's probe sequence over a table with `mask`, as an endless iterator of slot indices.
struct Probe {
    mask: usize,
    perturb: u64,
    /// Start of the current linear run.
    base: usize,
    /// Offset of the next slot within the run.
    offset: usize,
    /// Last offset of the current run (`LINEAR_PROBES` or 0).
    last: usize,
}

impl Probe {
    #[inline]
    fn new(hash: u64, mask: usize) -> Probe {
        let base = hash as usize & mask;
        Probe {
            mask,
            perturb: hash,
            base,
            offset: 0,
            last: Self::run_end(base, mask),
        }
    }
    #[inline]
    fn run_end(base: usize, mask: usize) -> usize {
        if base + LINEAR_PROBES <= mask {
            LINEAR_PROBES
        } else {
            0
        }
    }
}

impl Iterator for Probe {
    type Item = usize;
    #[inline]
    fn next(&mut self) -> Option<usize> {
        let slot = self.base + self.offset;
        if self.offset < self.last {
            self.offset += 1;
        } else {
            self.perturb >>= PERTURB_SHIFT;
            self.base = (self
                .base
                .wrapping_mul(5)
                .wrapping_add(1)
                .wrapping_add(self.perturb as usize))
                & self.mask;
            self.offset = 0;
            self.last = Self::run_end(self.base, self.mask);
        }
        Some(slot)
    }
}

/// The storage of a `set` or `frozenset` (see the module docs for layout and invariants).
#[derive(Clone)]
pub struct SetData {
    table: Vec<Entry>,
    /// Live + dummy slots.
    fill: usize,
    /// Live slots.
    used: usize,
    /// Where the next `pop()` starts scanning (masked on use).
    finger: usize,
}

impl Default for SetData {
    fn default() -> SetData {
        SetData::new()
    }
}

impl SetData {
    /// An empty set with the minimum table (CPython's `make_new_set(type, NULL)`).
    pub fn new() -> SetData {
        SetData {
            table: vec![Entry::EMPTY; MIN_SIZE],
            fill: 0,
            used: 0,
            finger: 0,
        }
    }
    #[inline]
    pub fn len(&self) -> usize {
        self.used
    }
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.used == 0
    }
    #[inline]
    fn mask(&self) -> usize {
        self.table.len() - 1
    }

    /// Slot of the key with this hash that satisfies `eq(table_key)`.
    #[inline]
    pub fn find(&self, hash: u64, mut eq: impl FnMut(&Value) -> bool) -> Option<usize> {
        debug_assert_ne!(hash, DUMMY_HASH, "-1 is not a valid Python hash");
        for slot in Probe::new(hash, self.mask()) {
            let e = &self.table[slot];
            if e.is_empty() {
                return None;
            }
            // A dummy's hash is -1, which no live key has, so this test skips dummies.
            if e.hash == hash && eq(&e.key) {
                return Some(slot);
            }
        }
        unreachable!("probe sequences are endless")
    }

    /// Keys with this hash (slot, key) in probe order, so the caller can run user `__eq__`
    /// without holding a borrow. The first one that compares equal is the match.
    pub fn candidates(&self, hash: u64) -> Vec<(usize, Value)> {
        let mut out = Vec::new();
        for slot in Probe::new(hash, self.mask()) {
            let e = &self.table[slot];
            if e.is_empty() {
                break;
            }
            if e.hash == hash {
                out.push((slot, e.key.clone()));
            }
        }
        out
    }

    /// Adds a key known to be absent (caller checked with `find`/`candidates`): the tail of
    /// CPython's `set_add_entry`, including the resize it may trigger.
    pub fn insert_new(&mut self, hash: u64, key: Value) {
        debug_assert_ne!(hash, DUMMY_HASH, "-1 is not a valid Python hash");
        debug_assert!(!key.is_null());
        let mask = self.mask();
        let mut free = None;
        let mut empty = 0;
        for slot in Probe::new(hash, mask) {
            let e = &self.table[slot];
            if e.is_empty() {
                empty = slot;
                break;
            }
            if e.hash == DUMMY_HASH {
                free = Some(slot); // CPython keeps the *last* dummy seen
            }
        }
        self.put(free, empty, hash, key);
    }

    /// `set_add_entry` when `eq(table_key, key)` decides equality without Python code: true if
    /// `key` was added, false if an equal key is there. `Err(key)` (nothing changed) when
    /// `eq` returns None for a key with the same hash: the caller must compare it.
    #[inline]
    pub fn add_native(
        &mut self,
        hash: u64,
        key: Value,
        mut eq: impl FnMut(&Value, &Value) -> Option<bool>,
    ) -> Result<bool, Value> {
        debug_assert_ne!(hash, DUMMY_HASH, "-1 is not a valid Python hash");
        let mut free = None;
        let mut empty = 0;
        for slot in Probe::new(hash, self.mask()) {
            let e = &self.table[slot];
            if e.is_empty() {
                empty = slot;
                break;
            }
            if e.hash == hash {
                match eq(&e.key, &key) {
                    Some(true) => return Ok(false),
                    Some(false) => {}
                    None => return Err(key),
                }
            } else if e.hash == DUMMY_HASH {
                free = Some(slot); // as in `insert_new`
            }
        }
        self.put(free, empty, hash, key);
        Ok(true)
    }

    /// Stores an absent key in the last dummy `free` of its probe sequence, else in the
    /// `empty` slot that ends it, resizing when the table gets two-thirds full.
    fn put(&mut self, free: Option<usize>, empty: usize, hash: u64, key: Value) {
        self.used += 1;
        if let Some(slot) = free {
            self.table[slot] = Entry { hash, key };
            return;
        }
        self.table[empty] = Entry { hash, key };
        self.fill += 1;
        if self.fill * 5 >= self.mask() * 3 {
            self.resize(self.grow_target());
        }
    }

    /// Removes the live key at `slot`, leaving a dummy. Panics if the slot is not live.
    pub fn remove_at(&mut self, slot: usize) -> Value {
        let e = &mut self.table[slot];
        assert!(e.is_live(), "SetData::remove_at on a slot without a key");
        e.hash = DUMMY_HASH;
        self.used -= 1;
        std::mem::replace(&mut e.key, Value::NULL)
    }

    /// (hash, key) pairs in CPython iteration order (table order).
    pub fn iter(&self) -> impl Iterator<Item = (u64, &Value)> + '_ {
        self.table
            .iter()
            .filter(|e| e.is_live())
            .map(|e| (e.hash, &e.key))
    }
    /// Table size (iterators walk positions `0..slots()`).
    #[inline]
    pub fn slots(&self) -> usize {
        self.table.len()
    }
    /// The live key at slot `i`, if any (`None` also for `i >= slots()`).
    #[inline]
    pub fn slot(&self, i: usize) -> Option<&Value> {
        self.table.get(i).filter(|e| e.is_live()).map(|e| &e.key)
    }

    /// `set.pop()`: scans from the finger (wrapping), removes the first live key found and
    /// leaves the finger just after it. `None` when empty.
    pub fn pop(&mut self) -> Option<Value> {
        if self.used == 0 {
            return None;
        }
        let mask = self.mask();
        let mut i = self.finger & mask;
        while !self.table[i].is_live() {
            i = (i + 1) & mask;
        }
        self.finger = i + 1;
        Some(self.remove_at(i))
    }

    /// `set.clear()`: back to an empty table of 8 slots. The finger is kept, as in CPython.
    pub fn clear(&mut self) {
        self.table = vec![Entry::EMPTY; MIN_SIZE];
        self.fill = 0;
        self.used = 0;
    }

    // ----- CPython building blocks -----------------------------------------------------------

    /// `set_add_entry`: adds the key unless a key with this hash satisfies `eq(table_key)`.
    /// Returns whether it was added.
    pub fn add(&mut self, hash: u64, key: Value, eq: impl FnMut(&Value) -> bool) -> bool {
        if self.find(hash, eq).is_some() {
            return false;
        }
        self.insert_new(hash, key);
        true
    }

    /// `set_discard_entry`: removes and returns the key with this hash satisfying `eq`.
    pub fn discard(&mut self, hash: u64, eq: impl FnMut(&Value) -> bool) -> Option<Value> {
        let slot = self.find(hash, eq)?;
        Some(self.remove_at(slot))
    }

    /// `used * 4`, or `used * 2` for big sets: CPython's growth target after an insertion.
    fn grow_target(&self) -> usize {
        if self.used > 50000 {
            self.used * 2
        } else {
            self.used * 4
        }
    }

    /// `set_table_resize`: a table of the smallest power of two `> minused` (at least 8),
    /// re-inserting the live keys in old table order.
    fn resize(&mut self, minused: usize) {
        let mut size = MIN_SIZE;
        while size <= minused {
            size <<= 1;
        }
        if size == MIN_SIZE && self.table.len() == MIN_SIZE && self.fill == self.used {
            return; // already minimal and without dummies
        }
        let old = std::mem::replace(&mut self.table, vec![Entry::EMPTY; size]);
        let mask = size - 1;
        for e in old.into_iter().filter(Entry::is_live) {
            Self::insert_clean(&mut self.table, mask, e);
        }
        self.fill = self.used;
    }

    /// `set_insert_clean`: puts a live entry in the first empty slot of its probe sequence
    /// (the table has no dummies and does not contain the key).
    fn insert_clean(table: &mut [Entry], mask: usize, e: Entry) {
        for slot in Probe::new(e.hash, mask) {
            if table[slot].key.is_null() {
                table[slot] = e;
                return;
            }
        }
    }

    /// `set_merge` (update with another set/frozenset), `eq(table_key, other_key)`.
    /// The caller skips `s.update(s)`.
    pub fn merge(&mut self, other: &SetData, mut eq: impl FnMut(&Value, &Value) -> bool) {
        if other.used == 0 {
            return;
        }
        // One big resize up front, expecting few overlapping keys.
        if (self.fill + other.used) * 5 >= self.mask() * 3 {
            self.resize((self.used + other.used) * 2);
        }
        if self.fill == 0 && self.table.len() == other.table.len() && other.fill == other.used {
            // Same size and no dummies on either side: copy slot by slot.
            self.table.clone_from_slice(&other.table);
            self.fill = other.fill;
            self.used = other.used;
            return;
        }
        if self.fill == 0 {
            let mask = self.mask();
            for e in other.table.iter().filter(|e| e.is_live()) {
                Self::insert_clean(&mut self.table, mask, e.clone());
            }
            self.fill = other.used;
            self.used = other.used;
            return;
        }
        for (hash, key) in other.iter() {
            self.add(hash, key.clone(), |k| eq(k, key));
        }
    }

    /// A new set holding `self`'s keys, as CPython's `set(s)` / `s.copy()` /
    /// `frozenset(s)` lay it out (`make_new_set` + `set_merge`). The finger starts at 0.
    pub fn copy(&self) -> SetData {
        let mut out = SetData::new();
        out.merge(self, |_, _| false);
        out
    }

    /// The pre-sizing `set_update_internal` does before adding the keys of an exact `dict`
    /// of `n` entries (then `add` each key with its stored hash, in dict order).
    pub fn reserve_for_dict(&mut self, n: usize) {
        if (self.fill + n) * 5 >= self.mask() * 3 {
            self.resize((self.used + n) * 2);
        }
    }

    /// The end of `set_difference_update_internal`: if more than a quarter of the slots are
    /// dummies, rebuild the table (to `used * 4`, or `used * 2` above 50,000).
    pub fn shrink_dummies(&mut self) {
        if self.fill - self.used > self.mask() / 4 {
            self.resize(self.grow_target());
        }
    }

    /// `set_intersection` of two sets (`eq(table_key, probe_key)`). The smaller set (`other`
    /// on a tie) is walked in table order; its keys that are in the larger one are added to a
    /// new set. The caller turns `s & s` into `s.copy()`.
    pub fn intersection(
        &self,
        other: &SetData,
        mut eq: impl FnMut(&Value, &Value) -> bool,
    ) -> SetData {
        let (big, small) = if other.used > self.used {
            (other, self)
        } else {
            (self, other)
        };
        let mut out = SetData::new();
        for (hash, key) in small.iter() {
            if big.find(hash, |k| eq(k, key)).is_some() {
                out.add(hash, key.clone(), |k| eq(k, key));
            }
        }
        out
    }

    /// Replaces the table with `new`'s but keeps this set's `pop()` finger: what CPython's
    /// `set_swap_bodies` does for `&=` / `intersection_update`.
    pub fn replace_body(&mut self, new: SetData) {
        let finger = self.finger;
        *self = new;
        self.finger = finger;
    }

    /// `set_difference` with a set: either copy-then-remove (when `len(self) >> 2` exceeds
    /// `len(other)`) or a new set of `self`'s keys (table order) missing from `other`.
    pub fn difference(
        &self,
        other: &SetData,
        mut eq: impl FnMut(&Value, &Value) -> bool,
    ) -> SetData {
        if (self.used >> 2) > other.used {
            let mut out = self.copy();
            out.difference_update(other, eq);
            return out;
        }
        let mut out = SetData::new();
        for (hash, key) in self.iter() {
            if other.find(hash, |k| eq(k, key)).is_none() {
                out.add(hash, key.clone(), |k| eq(k, key));
            }
        }
        out
    }

    /// `set_difference_update_internal` with a set: discard each key of `other`, then
    /// [`SetData::shrink_dummies`]. The caller turns `s -= s` into `clear()`.
    pub fn difference_update(
        &mut self,
        other: &SetData,
        mut eq: impl FnMut(&Value, &Value) -> bool,
    ) {
        for (hash, key) in other.iter() {
            self.discard(hash, |k| eq(k, key));
        }
        self.shrink_dummies();
    }

    /// `set_symmetric_difference_update` with a set: for each key of `other` in table order,
    /// discard it if present, else add it. No dummy shrinking. The caller turns `s ^= s`
    /// into `clear()`.
    pub fn symmetric_difference_update(
        &mut self,
        other: &SetData,
        mut eq: impl FnMut(&Value, &Value) -> bool,
    ) {
        for (hash, key) in other.iter() {
            if self.discard(hash, |k| eq(k, key)).is_none() {
                self.insert_new(hash, key.clone());
            }
        }
    }

    /// `set_symmetric_difference` of two sets: `other.copy()`, then `^=` with `self`.
    pub fn symmetric_difference(
        &self,
        other: &SetData,
        eq: impl FnMut(&Value, &Value) -> bool,
    ) -> SetData {
        let mut out = other.copy();
        out.symmetric_difference_update(self, eq);
        out
    }

    /// `frozenset.__hash__` (CPython's `frozenset_hash`), as a `Py_hash_t` bit pattern.
    pub fn frozenset_hash(&self) -> u64 {
        fn shuffle_bits(h: u64) -> u64 {
            ((h ^ 89869747) ^ (h << 16)).wrapping_mul(3644798167)
        }
        // CPython xors in every slot and then cancels empty and dummy slots out; xoring only
        // the live slots gives the same value.
        let mut hash = self.iter().fold(0u64, |acc, (h, _)| acc ^ shuffle_bits(h));
        hash ^= (self.used as u64 + 1).wrapping_mul(1927868237);
        hash ^= (hash >> 11) ^ (hash >> 25);
        hash = hash.wrapping_mul(69069).wrapping_add(907133923);
        if hash == u64::MAX {
            hash = 590923713;
        }
        hash
    }
}

#[cfg(test)]
mod tests {
    //! Differential tests: random sequences of set operations on Python ints run here and in
    //! `python3` (3.11), comparing every printed order. Keys are stand-in values
    //! (`small_int(id)`) for ints of any size; hashes are CPython's int hashes.

    use super::*;
    use std::fmt::Write as _;
    use std::process::Command;

    /// CPython's `hash(int)`: the value mod 2**61 - 1 with the sign kept, -1 mapped to -2.
    fn int_hash(x: i128) -> u64 {
        const P: i128 = (1 << 61) - 1;
        let h = if x < 0 { -((-x) % P) } else { x % P };
        let h = if h == -1 { -2 } else { h };
        h as i64 as u64
    }

    /// Runs a Python program, returning its stdout (panics with stderr on failure).
    fn python(src: &str) -> String {
        use std::io::Write as _;
        use std::process::Stdio;
        let mut child = Command::new("python3")
            .arg("-")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("run python3");
        child
            .stdin
            .take()
            .unwrap()
            .write_all(src.as_bytes())
            .unwrap();
        let out = child.wait_with_output().unwrap();
        assert!(
            out.status.success(),
            "python3 failed:\n{}\nprogram:\n{src}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap()
    }

    struct Rng(u64);
    impl Rng {
        fn next(&mut self) -> u64 {
            self.0 ^= self.0 << 13;
            self.0 ^= self.0 >> 7;
            self.0 ^= self.0 << 17;
            self.0
        }
        fn below(&mut self, n: usize) -> usize {
            (self.next() % n as u64) as usize
        }
    }

    /// A scenario being built: Python source and the output our `SetData` predicts.
    struct Scenario {
        keys: Vec<i128>,
        sets: Vec<SetData>,
        py: String,
        expect: String,
    }

    fn same(a: &Value, b: &Value) -> bool {
        a.is(b)
    }

    impl Scenario {
        fn new(nsets: usize) -> Scenario {
            let mut py = String::new();
            for i in 0..nsets {
                writeln!(py, "s{i} = set()").unwrap();
            }
            Scenario {
                keys: Vec::new(),
                sets: vec![SetData::new(); nsets],
                py,
                expect: String::new(),
            }
        }
        /// The stand-in value and hash for int `x`.
        fn key(&mut self, x: i128) -> (u64, Value) {
            let id = match self.keys.iter().position(|&k| k == x) {
                Some(id) => id,
                None => {
                    self.keys.push(x);
                    self.keys.len() - 1
                }
            };
            (int_hash(x), Value::small_int(id as i64))
        }
        fn name(&self, v: &Value) -> i128 {
            self.keys[v.as_small_int().unwrap() as usize]
        }
        fn add(&mut self, s: usize, x: i128) {
            let (h, k) = self.key(x);
            let k2 = k.clone();
            self.sets[s].add(h, k, |t| same(t, &k2));
            writeln!(self.py, "s{s}.add({x})").unwrap();
        }
        fn discard(&mut self, s: usize, x: i128) {
            let (h, k) = self.key(x);
            self.sets[s].discard(h, |t| same(t, &k));
            writeln!(self.py, "s{s}.discard({x})").unwrap();
        }
        fn pop(&mut self, s: usize) {
            if let Some(v) = self.sets[s].pop() {
                writeln!(self.expect, "{}", self.name(&v)).unwrap();
                writeln!(self.py, "print(s{s}.pop())").unwrap();
            }
        }
        fn show(&mut self, s: usize) {
            let items: Vec<String> = self.sets[s]
                .iter()
                .map(|(_, v)| self.name(v).to_string())
                .collect();
            writeln!(self.expect, "[{}]", items.join(", ")).unwrap();
            writeln!(self.py, "print(list(s{s}))").unwrap();
            // The iterator API must agree with `iter()`.
            let by_slot: Vec<String> = (0..self.sets[s].slots())
                .filter_map(|i| self.sets[s].slot(i))
                .map(|v| self.name(v).to_string())
                .collect();
            assert_eq!(items, by_slot);
            assert_eq!(items.len(), self.sets[s].len());
        }
        fn frozen_hash(&mut self, s: usize) {
            writeln!(self.expect, "{}", self.sets[s].frozenset_hash() as i64).unwrap();
            writeln!(self.py, "print(hash(frozenset(s{s})))").unwrap();
        }
        /// A binary set operation: `s{d} = s{a} OP s{b}`; in-place operators update `s{a}`
        /// (`d` is ignored, so no two names alias one set).
        fn binop(&mut self, op: &str, d: usize, a: usize, b: usize) {
            let d = if op.ends_with('=') { a } else { d };
            let (sa, sb) = (self.sets[a].clone(), self.sets[b].clone());
            let same_obj = a == b;
            let r = match op {
                "copy" => sa.copy(),
                "|" => {
                    let mut r = sa.copy();
                    if !same_obj {
                        r.merge(&sb, same);
                    }
                    r
                }
                "&" if same_obj => sa.copy(),
                "&" => sa.intersection(&sb, same),
                "-" => sa.difference(&sb, same),
                "^" => sa.symmetric_difference(&sb, same),
                "|=" => {
                    let mut r = sa;
                    if !same_obj {
                        r.merge(&sb, same);
                    }
                    r
                }
                "&=" => {
                    let mut r = sa.clone();
                    r.replace_body(if same_obj {
                        sa.copy()
                    } else {
                        sa.intersection(&sb, same)
                    });
                    r
                }
                "-=" => {
                    let mut r = sa;
                    if same_obj {
                        r.clear();
                    } else {
                        r.difference_update(&sb, same);
                    }
                    r
                }
                "^=" => {
                    let mut r = sa;
                    if same_obj {
                        r.clear();
                    } else {
                        r.symmetric_difference_update(&sb, same);
                    }
                    r
                }
                _ => unreachable!(),
            };
            match op {
                "copy" => writeln!(self.py, "s{d} = s{a}.copy()").unwrap(),
                "|=" | "&=" | "-=" | "^=" => writeln!(self.py, "s{a} {op} s{b}").unwrap(),
                _ => writeln!(self.py, "s{d} = s{a} {op} s{b}").unwrap(),
            }
            self.sets[d] = r;
        }
        /// `s{d} = set(dict.fromkeys(xs))`: the exact-dict fast path.
        fn dict_to_set(&mut self, d: usize, xs: &[i128]) {
            let mut uniq: Vec<i128> = Vec::new();
            for &x in xs {
                if !uniq.contains(&x) && !uniq.iter().any(|&u| int_hash(u) == int_hash(x) && u == x)
                {
                    uniq.push(x);
                }
            }
            let mut s = SetData::new();
            s.reserve_for_dict(uniq.len());
            for &x in &uniq {
                let (h, k) = self.key(x);
                let k2 = k.clone();
                s.add(h, k, |t| same(t, &k2));
            }
            self.sets[d] = s;
            let list: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
            writeln!(self.py, "s{d} = set(dict.fromkeys([{}]))", list.join(", ")).unwrap();
        }
        fn check(&self) {
            let got = python(&self.py);
            if got != self.expect {
                let (g, e): (Vec<_>, Vec<_>) =
                    (got.lines().collect(), self.expect.lines().collect());
                let at = g
                    .iter()
                    .zip(&e)
                    .position(|(a, b)| a != b)
                    .unwrap_or(g.len().min(e.len()));
                panic!(
                    "order differs from CPython at output line {at}:\n  cpython: {:?}\n  ours:    {:?}\nprogram:\n{}",
                    g.get(at),
                    e.get(at),
                    self.py
                );
            }
        }
    }

    #[test]
    fn int_hash_matches_cpython() {
        let xs: [i128; 8] = [0, 5, -1, -2, (1 << 61) - 1, 1 << 61, -(1 << 61), -(1 << 70)];
        let ours: Vec<String> = xs
            .iter()
            .map(|&x| (int_hash(x) as i64).to_string())
            .collect();
        let src: Vec<String> = xs.iter().map(|x| x.to_string()).collect();
        let got = python(&format!("print(*[hash(x) for x in [{}]])", src.join(", ")));
        assert_eq!(got.trim(), ours.join(" "));
    }

    #[test]
    fn fixed_cases() {
        let mut sc = Scenario::new(3);
        for x in [10, 1, 100, 7] {
            sc.add(0, x);
        }
        sc.show(0);
        for x in 0..20 {
            sc.add(1, x);
        }
        sc.show(1);
        sc.binop("-", 2, 1, 0);
        sc.show(2);
        // Collisions in a table of 8: 8 and 16 land on slot 0.
        sc.binop("-=", 0, 0, 0);
        for x in [0, 8, 16, 1, 24] {
            sc.add(0, x);
        }
        sc.show(0);
        sc.discard(0, 8);
        sc.add(0, 32);
        sc.show(0);
        // Growth through several resizes, stride 7, then removals and re-adds.
        for x in (0..1000).step_by(7) {
            sc.add(1, x);
        }
        sc.show(1);
        for x in (0..1000).step_by(14) {
            sc.discard(1, x);
        }
        sc.show(1);
        for x in (0..1000).step_by(21) {
            sc.add(1, x);
        }
        sc.show(1);
        // Negative and huge ints.
        for x in [
            -1,
            -2,
            -3,
            -100,
            (1 << 61) - 1,
            1 << 61,
            (1 << 64) + 5,
            -(1 << 70),
            3,
        ] {
            sc.add(2, x);
        }
        sc.show(2);
        sc.frozen_hash(2);
        for _ in 0..5 {
            sc.pop(2);
        }
        sc.show(2);
        sc.check();
    }

    /// `set(s)` of a same-size, dummy-free set copies slot by slot: {3, 11} lays out as
    /// [11, 3] (11 is displaced to slot 0) and a re-insertion in table order would swap them.
    #[test]
    fn copy_keeps_displaced_layout() {
        let mut sc = Scenario::new(3);
        sc.add(0, 3);
        sc.add(0, 11);
        sc.show(0);
        sc.binop("copy", 1, 0, 0);
        sc.show(1);
        sc.binop("|=", 2, 2, 0);
        sc.show(2);
        sc.binop("|", 1, 2, 0);
        sc.show(1);
        // With a dummy in the source the copy re-inserts in table order instead.
        sc.add(0, 5);
        sc.discard(0, 5);
        sc.binop("copy", 1, 0, 0);
        sc.show(1);
        sc.dict_to_set(2, &[3, 11, 19, 3, 27]);
        sc.show(2);
        sc.check();
    }

    #[test]
    fn comprehension_mod_13() {
        let mut sc = Scenario::new(1);
        for x in 0..50 {
            sc.add(0, x % 13);
        }
        sc.show(0);
        for _ in 0..4 {
            sc.pop(0);
        }
        sc.show(0);
        sc.check();
    }

    /// Draws a key from one of several pools (dense, colliding, negative, huge, wide).
    fn random_key(rng: &mut Rng, pool: usize) -> i128 {
        match pool {
            0 => rng.below(40) as i128,
            1 => (rng.below(12) as i128) * 8,
            2 => rng.below(60) as i128 - 30,
            3 => {
                [
                    (1i128 << 61) - 1,
                    1 << 61,
                    (1 << 64) + 1,
                    -(1 << 70),
                    (1 << 62) + 3,
                ][rng.below(5)]
                    + rng.below(4) as i128 * 32
            }
            _ => rng.below(5000) as i128,
        }
    }

    #[test]
    fn random_operation_sequences() {
        let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
        let mut sc = Scenario::new(4);
        for round in 0..60 {
            let pool = round % 5;
            for _ in 0..120 {
                let s = rng.below(4);
                match rng.below(100) {
                    0..=44 => {
                        let x = random_key(&mut rng, pool);
                        sc.add(s, x)
                    }
                    45..=64 => {
                        let x = random_key(&mut rng, pool);
                        sc.discard(s, x)
                    }
                    65..=74 => sc.pop(s),
                    75..=76 => {
                        sc.sets[s].clear();
                        writeln!(sc.py, "s{s}.clear()").unwrap();
                    }
                    77..=79 => {
                        let n = rng.below(30);
                        let xs: Vec<i128> = (0..n).map(|_| random_key(&mut rng, pool)).collect();
                        sc.dict_to_set(s, &xs);
                    }
                    80..=89 => {
                        const OPS: [&str; 9] = ["copy", "|", "&", "-", "^", "|=", "&=", "-=", "^="];
                        let op = OPS[rng.below(OPS.len())];
                        let (a, b) = (rng.below(4), rng.below(4));
                        sc.binop(op, s, a, b);
                    }
                    90..=92 => sc.frozen_hash(s),
                    _ => sc.show(s),
                }
            }
            for s in 0..4 {
                sc.show(s);
            }
        }
        sc.check();
    }

    #[test]
    fn big_sets_and_pop_finger() {
        let mut sc = Scenario::new(3);
        let mut rng = Rng(12345);
        for _ in 0..3000 {
            let x = rng.below(100_000) as i128 - 50_000;
            sc.add(0, x);
        }
        sc.show(0);
        for _ in 0..1500 {
            sc.pop(0);
        }
        sc.show(0);
        sc.binop("copy", 1, 0, 0);
        sc.show(1);
        for x in 0..2000 {
            sc.discard(0, x);
        }
        sc.binop("|", 2, 0, 1);
        sc.show(2);
        sc.binop("^", 2, 1, 0);
        sc.show(2);
        sc.binop("&", 2, 0, 1);
        sc.show(2);
        sc.binop("-", 1, 1, 2);
        sc.show(1);
        sc.sets[0].clear();
        writeln!(sc.py, "s0.clear()").unwrap();
        for x in 0..10 {
            sc.add(0, x * 3);
        }
        sc.pop(0);
        sc.pop(0);
        sc.show(0);
        sc.check();
    }

    #[test]
    fn candidates_follow_probe_order() {
        let mut s = SetData::new();
        for (i, h) in [0u64, 8, 16, 1].into_iter().enumerate() {
            s.insert_new(h, Value::small_int(i as i64));
        }
        let c: Vec<usize> = s.candidates(8).into_iter().map(|(slot, _)| slot).collect();
        assert_eq!(c.len(), 1);
        assert_eq!(s.find(8, |k| k.as_small_int() == Some(1)), Some(c[0]));
        assert!(s.find(24, |_| true).is_none());
        assert_eq!(s.remove_at(c[0]).as_small_int(), Some(1));
        assert_eq!(s.len(), 3);
    }
}
