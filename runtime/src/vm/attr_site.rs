//! Per-instruction attribute caches for `LOAD_ATTR`, `STORE_ATTR` and `LOAD_METHOD` on
//! instances of user classes (CPython 3.11 keeps the same facts in those instructions'
//! inline `CACHE` entries).
//!
//! A site remembers the class it last saw, the type epoch (see `Vm::type_changed`) and what
//! the lookup resolved to:
//! - [`Found::Slot`]: the attribute is entry `i` of the instance's dict (instances made by the
//!   same `__init__` insert their attributes in the same order, so the index carries over);
//! - [`Found::Class`]: the attribute comes from the class (a method, a class variable) and
//!   the instance dict does not shadow it;
//! - [`Found::Store`]: a plain store into the instance dict is right for this class (no
//!   `__setattr__`, property, `__slots__` or exception state in the way).
//!
//! Invariants: an entry is used only while the instance's class is the cached one (held, so
//! its address cannot be reused) and no class namespace changed since (the epoch). Every
//! condition the full lookup in `attr.rs` checks depends only on those two, except the
//! instance dict itself, which a hit re-checks (the slot's key must be the name; a class hit
//! must be absent from the dict). Anything else falls back to the full lookup, which then
//! refills the site.

use crate::object::{Instance, Obj};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use std::cell::{Cell, RefCell};

/// Classes a site remembers at once (a polymorphic site: `task.run()` over several task
/// classes); a further class replaces the oldest entry.
const WAYS: usize = 4;

/// One instruction's cache (empty until the instruction first runs on an instance).
///
/// Besides the entries, a site keeps its latest dict-slot findings ([`Found::Slot`] at a
/// load, [`Found::Store`] at a store) or method findings (a plain function on the class, at
/// a `LOAD_METHOD`), one per class for up to [`WAYS`] classes, as plain words native code
/// checks inline: tier 2 reads [`Fast`] `k` at `FAST + k * FAST_STRIDE` plus the field
/// offsets below.
#[derive(Default)]
#[repr(C)]
pub struct AttrSite {
    /// The latest finding first.
    fast: [Fast; WAYS],
    /// A `LOAD_METHOD` finding on a built-in object whose variant tells its type (see
    /// `Obj::tag_is_type`): that tag plus one (0: none), and the method's bits (held by the
    /// built-in type, which lives as long as the VM and never changes).
    tag_fast: Cell<u64>,
    tag_method: Cell<u64>,
    ways: RefCell<Ways>,
}

/// One fast finding (`class` 0 when there is none).
#[derive(Default)]
#[repr(C)]
pub struct Fast {
    /// Bits of the class (held by its entry in `ways`), or 0.
    class: Cell<u64>,
    /// The type epoch it was made in.
    epoch: Cell<u64>,
    /// The dict slot (`u64::MAX` for a method finding).
    slot: Cell<u64>,
    /// Bits of the method (held by its entry in `ways`) for a method finding, else 0.
    method: Cell<u64>,
}

impl AttrSite {
    /// How many fast findings a site keeps.
    pub const FAST_WAYS: usize = WAYS;
    pub const FAST_STRIDE: usize = std::mem::size_of::<Fast>();
    pub const FAST_CLASS: usize =
        std::mem::offset_of!(AttrSite, fast) + std::mem::offset_of!(Fast, class);
    pub const FAST_EPOCH: usize =
        std::mem::offset_of!(AttrSite, fast) + std::mem::offset_of!(Fast, epoch);
    pub const FAST_SLOT: usize =
        std::mem::offset_of!(AttrSite, fast) + std::mem::offset_of!(Fast, slot);
    pub const FAST_METHOD: usize =
        std::mem::offset_of!(AttrSite, fast) + std::mem::offset_of!(Fast, method);
    pub const TAG_FAST: usize = std::mem::offset_of!(AttrSite, tag_fast);
    pub const TAG_METHOD: usize = std::mem::offset_of!(AttrSite, tag_method);

    /// Whether the site has found a method on a built-in object (so far).
    pub fn has_tag_finding(&self) -> bool {
        self.tag_fast.get() != 0
    }

    /// The site's finding when it has seen exactly one class (and no built-in object):
    /// the class's bits, the type epoch the finding was made in, its dict slot (`u64::MAX`
    /// for a method) and the method's bits (0 for a slot). The class and the method are held
    /// by the site only while it keeps the finding: whoever keeps their bits takes
    /// references of its own.
    pub fn sole_finding(&self) -> Option<(u64, u64, u64, u64)> {
        let [first, rest @ ..] = &self.fast;
        let sole = first.class.get() != 0
            && rest.iter().all(|f| f.class.get() == 0)
            && !self.has_tag_finding();
        sole.then(|| {
            let f = first;
            (f.class.get(), f.epoch.get(), f.slot.get(), f.method.get())
        })
    }
}

#[derive(Default)]
struct Ways {
    entries: [Option<Entry>; WAYS],
    /// The entry a new class replaces next.
    next: usize,
}

struct Entry {
    class: Value,
    epoch: u64,
    found: Found,
}

enum Found {
    Slot(usize),
    /// The class attribute, and whether it is a plain function (a method for LOAD_METHOD).
    Class(Value, bool),
    Store(usize),
}

/// Whether the dict entry at `i` is the attribute `name` (the same interned str, normally).
fn slot_is(inst: &Instance, i: usize, name: &Value) -> Option<Value> {
    let d = inst.dict.borrow();
    let e = d.slot(i)?;
    let same =
        e.key.is(name) || e.key.as_str().map(|s| s.as_str()) == name.as_str().map(|s| s.as_str());
    same.then(|| e.value.clone())
}

fn in_dict(inst: &Instance, name: &Value) -> bool {
    let s = name.as_str().expect("attribute names are str");
    inst.dict
        .borrow()
        .get_str_hashed(s.as_str(), s.hash())
        .is_some()
}

fn slot_of(inst: &Instance, name: &Value) -> Option<usize> {
    let s = name.as_str()?;
    inst.dict.borrow().find_str(s.as_str(), s.hash())
}

impl Vm {
    /// The cached entry's finding if it applies to an object of class `class` now.
    fn site_hit<'a>(&self, site: &'a AttrSite, class: &Value) -> Option<std::cell::Ref<'a, Found>> {
        let epoch = self.type_epoch.get();
        std::cell::Ref::filter_map(site.ways.borrow(), |w| {
            w.entries.iter().find_map(|e| match e {
                Some(e) if e.class.is(class) && e.epoch == epoch => Some(&e.found),
                _ => None,
            })
        })
        .ok()
    }

    /// Records what class `class` resolves to (None: not cacheable), replacing that class's
    /// old entry, a stale one, or the oldest. Findings for instances of user classes
    /// (`inst`) also become the fast words native code checks.
    fn site_set(&self, site: &AttrSite, class: &Value, inst: bool, found: Option<Found>) {
        let epoch = self.type_epoch.get();
        let mut w = site.ways.borrow_mut();
        let mine = w.entries.iter().position(|e| {
            e.as_ref()
                .is_none_or(|e| e.class.is(class) || e.epoch != epoch)
        });
        let k = match mine {
            Some(k) => k,
            None => {
                let k = w.next;
                w.next = (k + 1) % WAYS;
                k
            }
        };
        // The entry replaced may be one the fast words name (their class is held there).
        if let Some(old) = &w.entries[k] {
            for f in &site.fast {
                if old.class.bits() == f.class.get() {
                    f.class.set(0);
                }
            }
        }
        let fast = match &found {
            Some(Found::Slot(i) | Found::Store(i)) => Some((*i as u64, 0)),
            Some(Found::Class(a, true)) => Some((u64::MAX, a.bits())),
            _ => None,
        };
        if let Some((slot, method)) = fast.filter(|_| inst) {
            let class = class.bits();
            // The findings before this class's old one (or all but the oldest) move down one.
            let f = &site.fast;
            let end = f.iter().position(|x| x.class.get() == class);
            for i in (1..=end.unwrap_or(WAYS - 1)).rev() {
                f[i].class.set(f[i - 1].class.get());
                f[i].epoch.set(f[i - 1].epoch.get());
                f[i].slot.set(f[i - 1].slot.get());
                f[i].method.set(f[i - 1].method.get());
            }
            let newest = &f[0];
            newest.class.set(class);
            newest.epoch.set(epoch);
            newest.slot.set(slot);
            newest.method.set(method);
        }
        w.entries[k] = found.map(|found| Entry {
            class: class.clone(),
            epoch,
            found,
        });
    }

    /// What a load of `name` from `inst` resolves to, if it is cacheable (no data
    /// descriptor, no exception state, no special name).
    fn load_finding(&mut self, inst: &Instance, cls: &Value, name: &Value) -> Option<Found> {
        let n = name.as_str()?.as_str();
        if inst.exc.is_some() || n == "__class__" || n == "__dict__" {
            return None;
        }
        let attr = self.lookup_type(cls, n);
        if let Some(a) = &attr {
            if self.is_data_descriptor(a) {
                return None;
            }
        }
        if let Some(i) = slot_of(inst, name) {
            return Some(Found::Slot(i));
        }
        let a = attr?;
        let plain = crate::vm::attr::is_method_descriptor(&a);
        Some(Found::Class(a, plain))
    }

    /// `LOAD_ATTR` through `site`.
    pub fn getattr_site(&mut self, obj: &Value, name: &Value, site: &AttrSite) -> PyResult<Value> {
        let Some(inst) = obj.as_instance() else {
            return self.getattr(obj, name);
        };
        let cls = obj.class();
        let class_attr = match self.site_hit(site, &cls).as_deref() {
            Some(Found::Slot(i)) => match slot_is(inst, *i, name) {
                Some(v) => return Ok(v),
                None => None,
            },
            Some(Found::Class(a, _)) => Some(a.clone()),
            _ => None,
        };
        if let Some(a) = class_attr {
            if !in_dict(inst, name) {
                return self.bind(a, obj, &cls);
            }
        }
        let r = self.getattr(obj, name)?;
        let found = self.load_finding(inst, &cls, name);
        self.site_set(site, &cls, true, found);
        Ok(r)
    }

    /// `LOAD_METHOD` through `site`: (method, self) for a plain function found on the class,
    /// else (NULL, attribute).
    pub fn load_method_site(
        &mut self,
        obj: Value,
        name: &Value,
        site: &AttrSite,
    ) -> PyResult<(Value, Value)> {
        let Some(inst) = obj.as_instance() else {
            return self.load_method_builtin(obj, name, site);
        };
        let cls = obj.class();
        let hit = match self.site_hit(site, &cls).as_deref() {
            Some(Found::Slot(i)) => match slot_is(inst, *i, name) {
                Some(v) => return Ok((Value::NULL, v)),
                None => None,
            },
            Some(Found::Class(a, plain)) => Some((a.clone(), *plain)),
            _ => None,
        };
        if let Some((a, plain)) = hit {
            if !in_dict(inst, name) {
                if plain {
                    return Ok((a, obj));
                }
                return Ok((Value::NULL, self.bind(a, &obj, &cls)?));
            }
        }
        let found = self.load_finding(inst, &cls, name);
        self.site_set(site, &cls, true, found);
        self.load_method(obj, name)
    }

    /// `LOAD_METHOD` through `site` on anything but an instance of a user class: a method of
    /// a built-in type (`items.append`) is remembered by type, as CPython's
    /// `LOAD_METHOD_NO_DICT` does.
    fn load_method_builtin(
        &mut self,
        obj: Value,
        name: &Value,
        site: &AttrSite,
    ) -> PyResult<(Value, Value)> {
        if matches!(
            obj.obj(),
            Some(Obj::Type(_) | Obj::Module(_) | Obj::Function(_) | Obj::Super(..))
        ) {
            return self.load_method(obj, name);
        }
        let t = self.type_of(&obj);
        if let Some(Found::Class(a, true)) = self.site_hit(site, &t).as_deref() {
            return Ok((a.clone(), obj));
        }
        let (m, o) = self.load_method(obj, name)?;
        if !m.is_null() {
            if let Some(x) = o.obj().filter(|x| x.tag_is_type()) {
                site.tag_fast.set(x.tag() as u64 + 1);
                site.tag_method.set(m.bits());
            }
            self.site_set(site, &t, false, Some(Found::Class(m.clone(), true)));
        }
        Ok((m, o))
    }

    /// Appends attribute `name` (a str) with value `v` to instance `obj`'s dict when it
    /// would land at position `at` and the dict surely lacks it (see [`Dict::push_new_at`]):
    /// the store of a new attribute at a site that has seen it at `at`. Gives `v` back when
    /// that does not hold (or the dict is in use).
    ///
    /// [`Dict::push_new_at`]: crate::object::Dict::push_new_at
    #[inline]
    pub fn append_attr(obj: &Value, at: usize, name: &Value, v: Value) -> Result<(), Value> {
        let (Some(inst), Some(s)) = (obj.as_instance(), name.as_str()) else {
            return Err(v);
        };
        let Ok(mut d) = inst.dict.try_borrow_mut() else {
            return Err(v);
        };
        d.push_new_at(at, s.hash(), name, v)?;
        note_attr_count(obj, d.slots_len());
        Ok(())
    }

    /// `STORE_ATTR` through `site`.
    pub fn setattr_site(
        &mut self,
        obj: &Value,
        name: &Value,
        v: Value,
        site: &AttrSite,
    ) -> PyResult<()> {
        let Some(inst) = obj.as_instance() else {
            return self.setattr(obj, name, v);
        };
        let cls = obj.class();
        let slot = match self.site_hit(site, &cls).as_deref() {
            Some(Found::Store(i)) => Some(*i),
            _ => None,
        };
        if let Some(i) = slot {
            let mut d = inst
                .dict
                .try_borrow_mut()
                .map_err(|_| self.borrow_error())?;
            let same = d.slot(i).is_some_and(|e| e.key.is(name));
            let old = if same {
                Some(d.set_value_at(i, v))
            } else {
                drop(d);
                if let Err(v) = Vm::append_attr(obj, i, name, v) {
                    let mut d = inst.dict.borrow_mut();
                    d.set_str_value(name, v);
                    note_attr_count(obj, d.slots_len());
                }
                None
            };
            drop(old);
            return Ok(());
        }
        self.setattr(obj, name, v)?;
        if let Ok(d) = inst.dict.try_borrow() {
            note_attr_count(obj, d.slots_len());
        }
        let found = self.store_finding(inst, &cls, name);
        self.site_set(site, &cls, true, found);
        Ok(())
    }

    /// Whether a store of `name` into `inst` (which just succeeded) is a plain dict store
    /// for its class.
    fn store_finding(&mut self, inst: &Instance, cls: &Value, name: &Value) -> Option<Found> {
        let n = name.as_str()?.as_str();
        if inst.exc.is_some() {
            return None;
        }
        if let Some(sa) = self.lookup_type(cls, "__setattr__") {
            if !matches!(sa.obj(), Some(Obj::Builtin(b)) if b.owner == "object") {
                return None;
            }
        }
        if let Some(a) = self.lookup_type(cls, n) {
            if self.is_data_descriptor(&a) {
                return None;
            }
        }
        // `__slots__` was checked by the store that just succeeded: it depends only on the
        // class and the name.
        slot_of(inst, name).map(Found::Store)
    }
}

/// Raises the class's [`TypeObj::attr_hint`](crate::object::TypeObj::attr_hint) to `n`, the
/// size an instance's dict grew to (up to a limit: a class whose instances collect
/// attributes without bound should not make every new instance large).
#[inline]
fn note_attr_count(obj: &Value, n: usize) {
    const MAX_HINT: usize = 32;
    if let Some(Obj::Type(t)) = obj.header_type_obj() {
        if n > t.attr_hint.get() as usize && n <= MAX_HINT {
            t.attr_hint.set(n as u32);
        }
    }
}
