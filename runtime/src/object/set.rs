//! `set` / `frozenset` storage: a [`Dict`] whose values are unused.

use crate::object::Dict;

#[derive(Default, Clone)]
pub struct SetData {
    pub table: Dict,
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
}
