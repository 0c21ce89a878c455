//! `set` / `frozenset` storage (temporary: insertion-ordered, backed by [`Dict`]).

use crate::object::Dict;
use crate::value::Value;

#[derive(Default, Clone)]
pub struct SetData {
    table: Dict,
}

impl SetData {
    pub fn new() -> SetData {
        SetData::default()
    }
    pub fn len(&self) -> usize {
        self.table.len()
    }
    pub fn is_empty(&self) -> bool {
        self.table.is_empty()
    }
    /// Slot of the key equal (per `eq`) to a key with this hash.
    pub fn find(&self, hash: u64, eq: impl FnMut(&Value) -> bool) -> Option<usize> {
        self.table.find(hash, eq)
    }
    /// Keys with this hash, to compare with user code after releasing the borrow.
    pub fn candidates(&self, hash: u64) -> Vec<(usize, Value)> {
        self.table.candidates(hash)
    }
    /// Adds a key known to be absent.
    pub fn insert_new(&mut self, hash: u64, key: Value) {
        self.table.push(hash, key, Value::NONE);
    }
    pub fn remove_at(&mut self, slot: usize) -> Value {
        self.table.remove_at(slot).0
    }
    /// (hash, key) pairs in iteration order.
    pub fn iter(&self) -> impl Iterator<Item = (u64, &Value)> + '_ {
        self.table.iter().map(|e| (e.hash, &e.key))
    }
    pub fn slots(&self) -> usize {
        self.table.slots()
    }
    pub fn slot(&self, i: usize) -> Option<&Value> {
        self.table.slot(i).map(|e| &e.key)
    }
    /// Removes and returns an arbitrary key (`set.pop`).
    pub fn pop(&mut self) -> Option<Value> {
        let i = (0..self.slots()).find(|&i| self.slot(i).is_some())?;
        Some(self.remove_at(i))
    }
    pub fn clear(&mut self) {
        self.table.clear();
    }
}
