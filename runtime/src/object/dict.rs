//! `dict` storage: insertion-ordered entries plus a hash index, like CPython's compact dict.
//! Small dicts (at most [`LINEAR`] slots: most instance and keyword dicts) have no index and
//! are searched by a scan of the entries' hashes — one allocation and one cache line fewer.
//!
//! The table knows nothing of Python equality: callers pass the key's hash and an equality
//! predicate (the VM decides whether that needs user `__eq__` code). Deleted entries leave a
//! hole (`key == NULL`) that keeps iteration order; holes are compacted away when they
//! outnumber live entries.

use crate::value::Value;

/// `repr(C)`: tier 2 reads entries at fixed offsets.
#[derive(Clone)]
#[repr(C)]
pub struct Entry {
    pub hash: u64,
    pub key: Value,
    pub value: Value,
}

/// Slots (live entries and holes) a dict keeps without an index.
pub const LINEAR: usize = 8;

#[derive(Default, Clone)]
pub struct Dict {
    entries: Vec<Entry>,
    /// Positions in `entries` by hash; None while `entries.len() <= LINEAR` (boxed: most
    /// dicts are small, and every heap object is as large as its largest kind).
    index: Option<Box<Index>>,
    live: u32,
    /// The bits ([`bloom_bit`]) of every key added since the dict was
    /// last emptied: a clear bit proves a small dict lacks the key without scanning it (an
    /// instance dict asked for a method name, a globals dict for a builtin).
    bloom: u32,
    /// Bumped by every change to the key -> value mapping, so a cache of a lookup (tier 2's
    /// `LOAD_GLOBAL`) stays valid while the version is unchanged.
    version: u64,
}

impl Dict {
    pub fn new() -> Dict {
        Dict::default()
    }
    pub fn with_capacity(n: usize) -> Dict {
        Dict {
            entries: Vec::with_capacity(n),
            index: (n > LINEAR).then(|| Box::new(Index::with_capacity(n))),
            live: 0,
            bloom: 0,
            version: 0,
        }
    }
    #[inline]
    pub fn len(&self) -> usize {
        self.live as usize
    }
    #[inline]
    pub fn is_empty(&self) -> bool {
        self.live == 0
    }
    /// Index of the entry whose key satisfies `eq`, among those with this hash.
    #[inline]
    pub fn find(&self, hash: u64, mut eq: impl FnMut(&Value) -> bool) -> Option<usize> {
        let entries = &self.entries;
        let Some(index) = &self.index else {
            let bits = bloom_bit(hash);
            if self.bloom & bits != bits {
                return None;
            }
            return entries
                .iter()
                .position(|e| e.hash == hash && !e.key.is_null() && eq(&e.key));
        };
        index.find(hash, |i| {
            let e = &entries[i];
            e.hash == hash && eq(&e.key)
        })
    }
    /// Entries with this hash (to compare with user code after releasing the borrow).
    pub fn candidates(&self, hash: u64) -> Vec<(usize, Value)> {
        let mut out = Vec::new();
        let entries = &self.entries;
        let Some(index) = &self.index else {
            for (i, e) in entries.iter().enumerate() {
                if e.hash == hash && !e.key.is_null() {
                    out.push((i, e.key.clone()));
                }
            }
            return out;
        };
        index.find(hash, |i| {
            if entries[i].hash == hash {
                out.push((i, entries[i].key.clone()));
            }
            false
        });
        out
    }
    /// Appends a new key; the caller has checked it is absent.
    pub fn push(&mut self, hash: u64, key: Value, value: Value) {
        self.version += 1;
        let i = self.entries.len();
        self.entries.push(Entry { hash, key, value });
        self.live += 1;
        self.bloom |= bloom_bit(hash);
        match &mut self.index {
            Some(index) if index.is_full() => self.reindex(),
            Some(index) => index.insert(hash, i),
            None if i >= LINEAR => self.reindex(),
            None => {}
        }
    }
    /// Appends `key`, a str whose hash is `hash`, when it would land at position `at` and
    /// the bloom bits prove the dict lacks it: a new attribute stored by a site that has seen
    /// it at that position. Gives `value` back when that does not hold.
    #[inline]
    pub fn push_new_at(
        &mut self,
        at: usize,
        hash: u64,
        key: &Value,
        value: Value,
    ) -> Result<(), Value> {
        let bits = bloom_bit(hash);
        if self.entries.len() != at || self.bloom & bits == bits {
            return Err(value);
        }
        self.push(hash, key.clone(), value);
        Ok(())
    }
    /// Entries and holes: the position the next new key takes.
    #[inline]
    pub fn slots_len(&self) -> usize {
        self.entries.len()
    }
    /// Whether lookups go through the index (see [`LINEAR`]).
    #[inline]
    fn indexed(&self) -> bool {
        self.entries.len() > LINEAR
    }
    /// Rebuilds the index over the live entries (or drops it for a small dict).
    fn reindex(&mut self) {
        if !self.indexed() {
            self.index = None;
            return;
        }
        // Room to grow to twice the live entries before the next rebuild.
        let mut index = Index::with_capacity(2 * self.live as usize);
        for (i, e) in self.entries.iter().enumerate() {
            if !e.key.is_null() {
                index.insert(e.hash, i);
            }
        }
        self.index = Some(Box::new(index));
    }
    /// The entries vector itself (tier 2 finds its layout from this).
    pub fn entries_vec(&self) -> &Vec<Entry> {
        &self.entries
    }
    pub fn version(&self) -> u64 {
        self.version
    }
    /// Where the key filter lives (see [`Dict::bloom`]; read by native code).
    pub fn bloom_ptr(&self) -> *const u32 {
        &self.bloom
    }
    /// Where the mapping's version lives (stable while the dict does).
    pub fn version_ptr(&self) -> *const u64 {
        &self.version
    }
    /// Where the count of live entries lives (`u32`; native code appending an entry itself
    /// bumps it).
    pub fn live_ptr(&self) -> *const u32 {
        &self.live
    }
    /// Where the hash index lives: a nullable pointer, null while the dict has no index
    /// (native code appends entries itself only then).
    pub fn index_ptr(&self) -> *const () {
        (&self.index as *const Option<Box<Index>>).cast()
    }
    #[inline]
    pub fn entry(&self, i: usize) -> &Entry {
        &self.entries[i]
    }
    #[inline]
    pub fn value_at(&self, i: usize) -> &Value {
        &self.entries[i].value
    }
    pub fn set_value_at(&mut self, i: usize, v: Value) -> Value {
        self.version += 1;
        std::mem::replace(&mut self.entries[i].value, v)
    }
    /// Removes entry `i`, returning (key, value).
    pub fn remove_at(&mut self, i: usize) -> (Value, Value) {
        self.version += 1;
        let hash = self.entries[i].hash;
        if let Some(index) = &mut self.index {
            index.remove(hash, i);
        }
        let key = std::mem::take(&mut self.entries[i].key);
        let value = std::mem::take(&mut self.entries[i].value);
        self.live -= 1;
        if self.entries.len() > 16 && self.entries.len() > 2 * self.live as usize {
            self.compact();
        }
        (key, value)
    }
    fn compact(&mut self) {
        self.entries.retain(|e| !e.key.is_null());
        self.reindex();
    }
    pub fn clear(&mut self) {
        self.version += 1;
        self.entries.clear();
        self.index = None;
        self.live = 0;
        self.bloom = 0;
    }
    /// Live entries in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = &Entry> + '_ {
        self.entries.iter().filter(|e| !e.key.is_null())
    }
    /// Number of slots (live or hole) — positions for iterators that survive mutation checks.
    pub fn slots(&self) -> usize {
        self.entries.len()
    }
    /// The live entry at slot `i`, if any.
    pub fn slot(&self, i: usize) -> Option<&Entry> {
        self.entries.get(i).filter(|e| !e.key.is_null())
    }
    /// Removes and returns the last inserted entry (`popitem`).
    pub fn pop_last(&mut self) -> Option<(Value, Value)> {
        let i = self.entries.iter().rposition(|e| !e.key.is_null())?;
        let kv = self.remove_at(i);
        // drop trailing holes so order stays LIFO cheaply
        while self.entries.last().is_some_and(|e| e.key.is_null()) {
            self.entries.pop();
        }
        Some(kv)
    }

    // ----- string-keyed fast paths (namespaces, attribute dicts) ---------------------------
    pub fn get_str(&self, name: &str) -> Option<&Value> {
        self.get_str_hashed(name, crate::object::str::hash_str(name))
    }
    /// Index of the str key `name` with hash `hash` (pointer equality first: names are
    /// mostly interned).
    #[inline]
    pub fn find_str(&self, name: &str, hash: u64) -> Option<usize> {
        self.find(hash, |k| {
            k.as_str().is_some_and(|s| same_str(s.as_str(), name))
        })
    }
    /// `get_str` with the name's hash already known (e.g. cached in a `PyStr`).
    #[inline]
    pub fn get_str_hashed(&self, name: &str, hash: u64) -> Option<&Value> {
        self.find_str(name, hash).map(|i| &self.entries[i].value)
    }
    pub fn set_str(&mut self, name: &str, v: Value) {
        let h = crate::object::str::hash_str(name);
        match self.find_str(name, h) {
            Some(i) => {
                self.version += 1;
                self.entries[i].value = v;
            }
            None => self.push(h, Value::str(name), v),
        }
    }
    /// Sets a str-valued key given as a `Value` (avoids re-allocating the key).
    pub fn set_str_value(&mut self, key: &Value, v: Value) {
        let s = key.as_str().expect("set_str_value needs a str key");
        let h = s.hash();
        let name = s.as_str();
        match self.find_str(name, h) {
            Some(i) => {
                self.version += 1;
                self.entries[i].value = v;
            }
            None => self.push(h, key.clone(), v),
        }
    }
    pub fn remove_str(&mut self, name: &str) -> Option<Value> {
        let h = crate::object::str::hash_str(name);
        let i = self.find_str(name, h)?;
        Some(self.remove_at(i).1)
    }
}

/// The [`Dict::bloom`] bits of a key hash: two, from different bits of the hash (a small
/// dict rules a key out when either is clear; with two bits an instance dict of seven
/// attributes lets about one name in eight through by mistake, against one in five with
/// one bit).
#[inline]
pub fn bloom_bit(hash: u64) -> u32 {
    (1 << ((hash ^ (hash >> 29)) & 31)) | (1 << ((hash >> 5 ^ hash >> 41) & 31))
}

/// String equality that skips the byte comparison for the same (interned) string.
#[inline]
fn same_str(a: &str, b: &str) -> bool {
    a.len() == b.len() && (std::ptr::eq(a.as_ptr(), b.as_ptr()) || a == b)
}

/// The hash index of a large dict, laid out like CPython's: a power-of-two table of entry
/// positions, probed from `hash & mask` with CPython's perturbation
/// (`i = (i * 5 + perturb + 1) & mask`, `perturb >>= 5`). Small ints hash to themselves, so
/// neighbouring int keys land in neighbouring slots (lookups share cache lines), while the
/// perturbation still spreads keys that share their low bits.
#[derive(Clone)]
struct Index {
    /// Entry positions, [`EMPTY`] or [`DUMMY`] (a removed position: probes go past it).
    /// 32 bits: a dict of 2**32 entries (96 GiB of entries) cannot be allocated here.
    slots: Box<[u32]>,
    /// Slots that are not empty (positions and dummies); kept at most 2/3 of the table.
    fill: usize,
}

const EMPTY: u32 = u32::MAX;
const DUMMY: u32 = u32::MAX - 1;

impl Index {
    /// An empty index with room for `n` positions.
    fn with_capacity(n: usize) -> Index {
        let size = (n * 3 / 2 + 1).max(16).next_power_of_two();
        Index {
            slots: vec![EMPTY; size].into_boxed_slice(),
            fill: 0,
        }
    }

    /// The probe sequence of `hash`: slot numbers, endless (the table always has an empty
    /// slot, which ends every search).
    #[inline]
    fn probe(&self, hash: u64) -> impl Iterator<Item = usize> {
        let mask = self.slots.len() - 1;
        let mut perturb = hash;
        let mut i = hash as usize & mask;
        std::iter::from_fn(move || {
            let at = i;
            perturb >>= 5;
            i = (i
                .wrapping_mul(5)
                .wrapping_add(perturb as usize)
                .wrapping_add(1))
                & mask;
            Some(at)
        })
    }

    /// The first position along `hash`'s probe sequence that `hit` accepts.
    #[inline]
    fn find(&self, hash: u64, mut hit: impl FnMut(usize) -> bool) -> Option<usize> {
        for i in self.probe(hash) {
            match self.slots[i] {
                EMPTY => return None,
                DUMMY => {}
                pos if hit(pos as usize) => return Some(pos as usize),
                _ => {}
            }
        }
        None
    }

    /// Whether the next insertion must rebuild the index first.
    #[inline]
    fn is_full(&self) -> bool {
        (self.fill + 1) * 3 > self.slots.len() * 2
    }

    /// Adds the position of a key the index does not hold.
    fn insert(&mut self, hash: u64, pos: usize) {
        let Some(i) = self.probe(hash).find(|&i| self.slots[i] >= DUMMY) else {
            return;
        };
        if self.slots[i] == EMPTY {
            self.fill += 1;
        }
        self.slots[i] = pos as u32;
    }

    /// Forgets position `pos` of a key with this hash.
    fn remove(&mut self, hash: u64, pos: usize) {
        let Some(i) = self
            .probe(hash)
            .find(|&i| matches!(self.slots[i], p if p == pos as u32 || p == EMPTY))
        else {
            return;
        };
        if self.slots[i] != EMPTY {
            self.slots[i] = DUMMY;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(i: i64) -> (u64, Value) {
        // Colliding hashes on purpose: lookups must compare keys, not just hashes.
        ((i % 3) as u64, Value::int(i))
    }

    fn get(d: &Dict, i: i64) -> Option<i64> {
        let (h, k) = key(i);
        d.find(h, |x| x.is(&k))
            .and_then(|j| d.value_at(j).as_small_int())
    }

    /// Lookups stay right as a dict grows past the unindexed size, shrinks by deletions and
    /// `popitem`, compacts, and grows again.
    #[test]
    fn small_and_indexed_lookups_agree() {
        let mut d = Dict::new();
        for n in 0..40 {
            let (h, k) = key(n);
            d.push(h, k, Value::int(n * 10));
            for m in 0..=n {
                assert_eq!(get(&d, m), Some(m * 10), "after inserting {n}");
            }
            assert_eq!(get(&d, n + 1), None);
        }
        for n in (0..40).step_by(2) {
            let (h, k) = key(n);
            let j = d.find(h, |x| x.is(&k)).expect("present");
            d.remove_at(j);
        }
        while d.len() > 3 {
            d.pop_last();
        }
        let live: Vec<i64> = d.iter().filter_map(|e| e.key.as_small_int()).collect();
        assert_eq!(live, vec![1, 3, 5]);
        for n in 0..40 {
            let want = live.contains(&n).then_some(n * 10);
            assert_eq!(get(&d, n), want, "key {n}");
        }
        for n in 100..120 {
            let (h, k) = key(n);
            d.push(h, k, Value::int(n));
            assert_eq!(get(&d, n), Some(n));
            assert_eq!(get(&d, 3), Some(30));
        }
        assert_eq!(
            d.candidates(key(100).0).len(),
            d.iter().filter(|e| e.hash == 1).count()
        );
    }

    /// Hashes that share their low bits (where probing starts) and long runs of deletions
    /// and re-insertions (which leave dummies until the index is rebuilt) find every key.
    #[test]
    fn index_survives_shared_low_bits_and_churn() {
        let mut d = Dict::new();
        let h = |i: u64| i << 24;
        for i in 0..2000u64 {
            d.push(h(i), Value::int(i as i64), Value::int(0));
        }
        for round in 0..5u64 {
            for i in (round..2000).step_by(3) {
                let j = d.find(h(i), |_| true).expect("present");
                d.remove_at(j);
                d.push(h(i), Value::int(i as i64), Value::int(round as i64));
            }
        }
        for i in 0..2000u64 {
            let j = d.find(h(i), |_| true).expect("present");
            assert_eq!(d.entry(j).key.as_small_int(), Some(i as i64));
        }
        assert_eq!(d.find(h(2001), |_| true), None);
        assert_eq!(d.len(), 2000);
    }
}
