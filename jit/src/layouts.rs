//! Where native code finds the fields of object payloads it reads inline (list and tuple
//! items, instance dicts, iterator state, cell values): found by probing live objects when
//! the JIT starts, since the payloads' Rust layouts are not declared yet (the object header
//! is: reference count and type are at `object::layout`'s offsets). Each probe returns None
//! when anything is not as expected, and native code then calls helpers instead.

use pycrane_runtime::object::Obj;
use pycrane_runtime::value::Value;

/// Where list and tuple contents live inside an object (byte offsets from the object's
/// address), found by probing live objects when the JIT starts; see [`seq_layout`].
#[derive(Clone, Copy, Debug)]
pub struct SeqLayout {
    pub list_tag: u8,
    pub tuple_tag: u8,
    /// The list's `RefCell` borrow flag (0 = not borrowed, -1 = mutably borrowed).
    pub list_borrow: i32,
    pub list_ptr: i32,
    pub list_len: i32,
    pub tuple_ptr: i32,
    pub tuple_len: i32,
}

/// Finds [`SeqLayout`] by looking at a list and a tuple with known contents. `Obj` is
/// `repr(u8)` (tag in byte 0); the `RefCell<Vec>` and `Box<[Value]>` field orders are not
/// specified, so each word is identified by value and the borrow flag by watching it change.
/// None (and native code calls helpers instead) if anything is not as expected.
pub fn seq_layout() -> Option<SeqLayout> {
    use std::cell::RefCell;
    // A variant's fields follow the tag at offset 8 (they are 8-aligned): only those words
    // are initialized, so only those are read.
    let list_words = std::mem::size_of::<RefCell<Vec<Value>>>() / 8;
    let tuple_words = std::mem::size_of::<Box<[Value]>>() / 8;
    let addr = |v: &Value| (v.bits() & pycrane_runtime::value::PAYLOAD_MASK) as usize;
    let read = |v: &Value, off: usize| -> u64 {
        // SAFETY: callers pass offsets of whole field words of the variant `v` holds (see
        // above), inside a live object.
        unsafe { std::ptr::read((addr(v) + off) as *const u64) }
    };
    // SAFETY: byte 0 of every object is its `repr(u8)` tag.
    let tag = |v: &Value| unsafe { *(addr(v) as *const u8) };
    let mut items = Vec::with_capacity(5);
    items.extend([Value::int(7), Value::int(8), Value::int(9)]);
    let data = items.as_ptr() as u64;
    let list = Value::list(items);
    let find = |v: &Value, words: usize, want: u64| (1..=words).find(|&w| read(v, 8 * w) == want);
    let list_ptr = find(&list, list_words, data)?;
    let list_len = find(&list, list_words, 3)?;
    let list_borrow = (1..=list_words).find(|&w| {
        let before = read(&list, 8 * w);
        let during = list.as_list().map(|l| {
            let _g = l.borrow();
            read(&list, 8 * w)
        });
        before == 0 && during == Some(1) && w != list_ptr && w != list_len
    })?;
    let tuple = Value::tuple(vec![
        Value::int(1),
        Value::int(2),
        Value::int(3),
        Value::int(4),
    ]);
    let tdata = tuple.as_tuple()?.as_ptr() as u64;
    let tuple_ptr = find(&tuple, tuple_words, tdata)?;
    let tuple_len = find(&tuple, tuple_words, 4)?;
    let others = [
        Value::str("x"),
        Value::dict(Default::default()),
        Value::int(1 << 60),
    ];
    let (lt, tt) = (tag(&list), tag(&tuple));
    if lt == tt || others.iter().any(|o| tag(o) == lt || tag(o) == tt) {
        return None;
    }
    Some(SeqLayout {
        list_tag: lt,
        tuple_tag: tt,
        list_borrow: 8 * list_borrow as i32,
        list_ptr: 8 * list_ptr as i32,
        list_len: 8 * list_len as i32,
        tuple_ptr: 8 * tuple_ptr as i32,
        tuple_len: 8 * tuple_len as i32,
    })
}

/// Among the offsets `candidates` (words `read` can read), the one that is 0 and becomes 1
/// while `hold`'s guard (a shared `RefCell` borrow) is alive: the `RefCell`'s borrow flag.
fn borrow_flag<G>(
    read: &dyn Fn(usize) -> u64,
    mut candidates: impl Iterator<Item = usize>,
    hold: impl Fn() -> G,
) -> Option<usize> {
    candidates.find(|&off| {
        let before = read(off);
        let during = {
            let _guard = hold();
            read(off)
        };
        before == 0 && during == 1
    })
}

/// Where an instance of a user class keeps its attribute dict's entries (byte offsets from
/// the object's address; its class is the header's type word, `object::layout::TYPE`), found by probing a live instance when the JIT
/// starts; see [`inst_layout`]. Entries themselves are `repr(C)` (`object::dict::Entry`).
#[derive(Clone, Copy, Debug)]
pub struct InstLayout {
    pub tag: u8,
    /// The attribute dict's `RefCell` borrow flag (0 = free, -1 = mutably borrowed).
    pub dict_borrow: i32,
    pub entries_ptr: i32,
    pub entries_len: i32,
    /// The dict's version counter (bumped by every change).
    pub version: i32,
    /// The dict's key filter (`u32`, see `Dict::bloom_ptr`).
    pub bloom: i32,
    /// The entries vector's capacity, the dict's live-entry count (`u32`) and its hash index
    /// (null while it has none): what appending an entry inline needs besides the above.
    pub entries_cap: i32,
    pub live: i32,
    pub index: i32,
}

/// Finds [`InstLayout`]: field addresses come from references into a live instance; only
/// the borrow flag (the `RefCell` word outside the dict) and the vector's pointer and length
/// words are identified by value. None (and native code calls helpers) if anything is off.
pub fn inst_layout(seq: Option<SeqLayout>) -> Option<InstLayout> {
    use pycrane_runtime::object::dict::Entry;
    use pycrane_runtime::object::{Dict, Instance};
    use std::cell::RefCell;
    let mut d = Dict::with_capacity(8);
    for (i, k) in ["a", "b", "c"].into_iter().enumerate() {
        let key = Value::str(k);
        let h = key.as_str()?.hash();
        d.push(h, key, Value::int(i as i64));
    }
    let obj = Value::new_obj(Obj::Instance(Instance {
        dict: RefCell::new(d),
        exc: None,
        base_value: Value::NULL,
    }));
    let base = (obj.bits() & pycrane_runtime::value::PAYLOAD_MASK) as usize;
    let read = |off: usize| -> u64 {
        // SAFETY: callers pass offsets of initialized words inside the live object: the
        // class, the RefCell<Dict> (a borrow flag and the dict) and the entries vector.
        unsafe { std::ptr::read((base + off) as *const u64) }
    };
    let inst = obj.as_instance()?;
    let cell = &inst.dict as *const RefCell<Dict> as usize - base;
    let dict = inst.dict.as_ptr() as usize - base;
    let dict_end = dict + std::mem::size_of::<Dict>();
    let cell_words = std::mem::size_of::<RefCell<Dict>>() / 8;
    let outside = (0..cell_words)
        .map(|w| cell + 8 * w)
        .filter(|&off| off < dict || off >= dict_end);
    let dict_borrow = borrow_flag(&read, outside, || inst.dict.borrow())?;
    let (vec, data, cap, version, bloom, live, index) = {
        let d = inst.dict.borrow();
        let v = d.entries_vec();
        (
            v as *const Vec<Entry> as usize - base,
            v.as_ptr() as u64,
            v.capacity() as u64,
            d.version_ptr() as usize - base,
            d.bloom_ptr() as usize - base,
            d.live_ptr() as usize - base,
            d.index_ptr() as usize - base,
        )
    };
    let entries_ptr = (0..3).map(|w| vec + 8 * w).find(|&off| read(off) == data)?;
    let entries_len = (0..3).map(|w| vec + 8 * w).find(|&off| read(off) == 3)?;
    let entries_cap = (0..3).map(|w| vec + 8 * w).find(|&off| read(off) == cap)?;
    // The probe dict has 3 live entries and (below `LINEAR`) no index.
    // SAFETY: `live` is the address of the dict's `u32` live-entry count, inside the object.
    let live_now = unsafe { std::ptr::read((base + live) as *const u32) };
    if cap <= 3 || live_now != 3 || read(index) != 0 {
        return None;
    }
    // SAFETY: byte 0 of every object is its `repr(u8)` tag.
    let tag = unsafe { *(base as *const u8) };
    if seq.is_some_and(|l| tag == l.list_tag || tag == l.tuple_tag) {
        return None;
    }
    let others = [
        Value::str("x"),
        Value::dict(Default::default()),
        Value::list(vec![]),
    ];
    let tag_of = |v: &Value| {
        // SAFETY: as above.
        unsafe { *((v.bits() & pycrane_runtime::value::PAYLOAD_MASK) as *const u8) }
    };
    if others.iter().any(|o| tag_of(o) == tag) {
        return None;
    }
    let off = |x: usize| i32::try_from(x).ok();
    Some(InstLayout {
        tag,
        dict_borrow: off(dict_borrow)?,
        entries_ptr: off(entries_ptr)?,
        entries_len: off(entries_len)?,
        version: off(version)?,
        bloom: off(bloom)?,
        entries_cap: off(entries_cap)?,
        live: off(live)?,
        index: off(index)?,
    })
}

/// Where an iterator object keeps its state (byte offsets from the object's address), for
/// stepping list and tuple iterators inline; see [`iter_layout`].
#[derive(Clone, Copy, Debug)]
pub struct IterLayout {
    pub tag: u8,
    /// The state's `RefCell` borrow flag.
    pub borrow: i32,
    /// The state's `repr(u8)` variant tag (`IterState::Seq` is 0).
    pub state: i32,
    pub seq: i32,
    pub index: i32,
    /// `IterState::Range`'s variant tag and its fields (next value, count left, step).
    pub range_tag: u8,
    pub range_next: i32,
    pub range_left: i32,
    pub range_step: i32,
}

/// Finds [`IterLayout`] on a live list iterator: field addresses from references, the borrow
/// flag by watching it change. None (and native code calls helpers) if anything is off.
pub fn iter_layout(inst: Option<InstLayout>, seq: Option<SeqLayout>) -> Option<IterLayout> {
    use pycrane_runtime::object::{IterKind, IterState};
    use std::cell::RefCell;
    let list = Value::list(vec![Value::int(1)]);
    let it = Value::new_obj(Obj::Iter(
        IterKind::ListIterator,
        RefCell::new(IterState::Seq {
            seq: list.clone(),
            index: 7,
        }),
    ));
    let base = (it.bits() & pycrane_runtime::value::PAYLOAD_MASK) as usize;
    let read = |off: usize| -> u64 {
        // SAFETY: callers pass offsets of initialized words inside the live iterator: its
        // RefCell's borrow flag and the `Seq` state's fields.
        unsafe { std::ptr::read((base + off) as *const u64) }
    };
    let Some(Obj::Iter(_, cell)) = it.obj() else {
        return None;
    };
    let cell_at = cell as *const RefCell<IterState> as usize - base;
    let state = cell.as_ptr() as usize - base;
    let state_end = state + std::mem::size_of::<IterState>();
    let (seq_at, index_at) = match &*cell.borrow() {
        IterState::Seq { seq, index } => (
            seq as *const Value as usize - base,
            index as *const usize as usize - base,
        ),
        _ => return None,
    };
    let words = std::mem::size_of::<RefCell<IterState>>() / 8;
    let outside = (0..words)
        .map(|w| cell_at + 8 * w)
        .filter(|&off| off < state || off >= state_end);
    let borrow = borrow_flag(&read, outside, || cell.borrow())?;
    // SAFETY: byte 0 of every object is its `repr(u8)` tag, and byte 0 of the state is
    // the `repr(u8)` tag of `IterState`.
    let (tag, state_tag) = unsafe { (*(base as *const u8), *((base + state) as *const u8)) };
    let clash = inst.is_some_and(|l| l.tag == tag)
        || seq.is_some_and(|l| l.list_tag == tag || l.tuple_tag == tag);
    if state_tag != 0 || read(seq_at) != list.bits() || read(index_at) != 7 || clash {
        return None;
    }
    let range = range_layout(state)?;
    let off = |x: usize| i32::try_from(x).ok();
    Some(IterLayout {
        tag,
        borrow: off(borrow)?,
        state: off(state)?,
        seq: off(seq_at)?,
        index: off(index_at)?,
        range_tag: range.0,
        range_next: off(range.1)?,
        range_left: off(range.2)?,
        range_step: off(range.3)?,
    })
}

/// `IterState::Range`'s variant tag and the offsets of its `next`, `left` and `step` fields
/// from an iterator object's address, given where the state lives (`state`), found on a live
/// range iterator, whose state must sit where a list iterator's does.
fn range_layout(state: usize) -> Option<(u8, usize, usize, usize)> {
    use pycrane_runtime::object::{IterKind, IterState};
    use std::cell::RefCell;
    let it = Value::new_obj(Obj::Iter(
        IterKind::RangeIterator,
        RefCell::new(IterState::Range {
            next: 11,
            left: 22,
            step: 33,
        }),
    ));
    let base = (it.bits() & pycrane_runtime::value::PAYLOAD_MASK) as usize;
    let Some(Obj::Iter(_, cell)) = it.obj() else {
        return None;
    };
    if cell.as_ptr() as usize - base != state {
        return None;
    }
    let (next, left, step) = match &*cell.borrow() {
        IterState::Range { next, left, step } => (
            next as *const i64 as usize - base,
            left as *const u64 as usize - base,
            step as *const i64 as usize - base,
        ),
        _ => return None,
    };
    // SAFETY: byte 0 of the state is the `repr(u8)` tag of `IterState`; the three fields are
    // initialized words of the live state.
    let (tag, vals) = unsafe {
        let read = |off: usize| std::ptr::read((base + off) as *const u64);
        (
            *((base + state) as *const u8),
            [read(next), read(left), read(step)],
        )
    };
    (tag != 0 && vals == [11, 22, 33]).then_some((tag, next, left, step))
}

/// Where a cell (a variable shared with closures) keeps its value, for `LOAD_DEREF` and
/// `STORE_DEREF` inline; see [`cell_layout`].
#[derive(Clone, Copy, Debug)]
pub struct CellLayout {
    pub tag: u8,
    /// The value's `RefCell` borrow flag.
    pub borrow: i32,
    pub value: i32,
}

/// Finds [`CellLayout`] on a live cell: the value's address from a reference, the borrow
/// flag by watching it change. None (and native code calls helpers) if anything is off.
pub fn cell_layout(others: &[u8]) -> Option<CellLayout> {
    use std::cell::RefCell;
    let cell = Value::cell(Value::int(0x5678));
    let base = (cell.bits() & pycrane_runtime::value::PAYLOAD_MASK) as usize;
    let read = |off: usize| -> u64 {
        // SAFETY: callers pass offsets of initialized words inside the live cell: its
        // RefCell's borrow flag and its value.
        unsafe { std::ptr::read((base + off) as *const u64) }
    };
    let Some(Obj::Cell(c)) = cell.obj() else {
        return None;
    };
    let at = c as *const RefCell<Value> as usize - base;
    let value = c.as_ptr() as usize - base;
    let words = std::mem::size_of::<RefCell<Value>>() / 8;
    let outside = (0..words).map(|w| at + 8 * w).filter(|&off| off != value);
    let borrow = borrow_flag(&read, outside, || c.borrow())?;
    let tag = cell.obj()?.tag();
    if read(value) != Value::int(0x5678).bits() || others.contains(&tag) {
        return None;
    }
    let off = |x: usize| i32::try_from(x).ok();
    Some(CellLayout {
        tag,
        borrow: off(borrow)?,
        value: off(value)?,
    })
}
