//! Small builders of Cranelift IR shared by every instruction: constants, reference
//! counts, boxing, type tests, helper calls, facts about locals.

use super::*;

impl Lower<'_, '_> {
    // ---- small builders ----

    /// `N` new blocks.
    pub(super) fn new_blocks<const N: usize>(&mut self) -> [Block; N] {
        std::array::from_fn(|_| self.b.create_block())
    }

    pub(super) fn c(&mut self, x: u64) -> CV {
        self.b.ins().iconst(I64, x as i64)
    }

    /// Whether the `RefCell` whose borrow flag is at `p + off` may be read (not mutably
    /// borrowed) or, with `write`, written (not borrowed at all).
    pub(super) fn refcell_free(&mut self, p: CV, off: i32, write: bool) -> CV {
        let borrow = self.b.ins().load(I64, MemFlagsData::trusted(), p, off);
        if write {
            self.b.ins().icmp_imm_s(IntCC::Equal, borrow, 0)
        } else {
            self.b
                .ins()
                .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, borrow, 0)
        }
    }

    /// `FOR_ITER`'s inline step of a list, tuple or range iterator that has an item left:
    /// jumps to `got` with the item (a new reference; the iterator advanced). Branches to
    /// `slow` for any other iterator, a borrowed state or list, a range element past the
    /// immediate int range, and the end of the sequence (the helper finishes it exactly as
    /// the interpreter does). False when the layouts are unknown (nothing emitted).
    pub(super) fn next_item_inline(&mut self, it: Slot, got: Block, slow: Block) -> bool {
        let (Some(il), Some(sl)) = (self.iter, self.seq) else {
            return false;
        };
        let flags = MemFlagsData::trusted();
        let p = self.heap_object(it, il.tag, slow);
        let free = self.refcell_free(p, il.borrow, true);
        let free_blk = self.b.create_block();
        self.b.ins().brif(free, free_blk, &[], slow, &[]);
        self.b.switch_to_block(free_blk);
        let st = self.b.ins().uload8(I64, flags, p, il.state);
        let [seq_blk, range_blk, other] = self.new_blocks();
        let is_seq = self.is_eq(st, 0);
        self.b.ins().brif(is_seq, seq_blk, &[], other, &[]);
        self.b.switch_to_block(other);
        let is_range = self.is_eq(st, il.range_tag as u64);
        self.b.ins().brif(is_range, range_blk, &[], slow, &[]);

        // A range: the next value while any are left, when it is an immediate int.
        self.b.switch_to_block(range_blk);
        let left = self.b.ins().load(I64, flags, p, il.range_left);
        let next = self.b.ins().load(I64, flags, p, il.range_next);
        let any = self.b.ins().icmp_imm_s(IntCC::NotEqual, left, 0);
        let small = self.fits48(next);
        let ok = self.b.ins().band(any, small);
        let step_blk = self.b.create_block();
        self.b.ins().brif(ok, step_blk, &[], slow, &[]);
        self.b.switch_to_block(step_blk);
        let step = self.b.ins().load(I64, flags, p, il.range_step);
        let after = self.b.ins().iadd(next, step);
        self.b.ins().store(flags, after, p, il.range_next);
        let left = self.b.ins().iadd_imm_s(left, -1);
        self.b.ins().store(flags, left, p, il.range_left);
        let item = self.box_int(next);
        self.b.ins().jump(got, &[BlockArg::Value(item)]);

        // A list or tuple: the item at the index, while it is in bounds.
        self.b.switch_to_block(seq_blk);
        let seq = self.b.ins().load(I64, flags, p, il.seq);
        let index = self.b.ins().load(I64, flags, p, il.index);
        let sp = self.b.ins().band_imm_s(seq, PAYLOAD_MASK as i64);
        let (data, len) = self.seq_parts(sl, sp, Access::Read, slow);
        let more = self.b.ins().icmp(IntCC::UnsignedLessThan, index, len);
        let item_blk = self.b.create_block();
        self.b.ins().brif(more, item_blk, &[], slow, &[]);
        self.b.switch_to_block(item_blk);
        let off = self.b.ins().ishl_imm_s(index, 3);
        let at = self.b.ins().iadd(data, off);
        let item = self.b.ins().load(I64, flags, at, 0);
        self.incref(Slot::new(item, Kind::Any));
        let next = self.b.ins().iadd_imm_s(index, 1);
        self.b.ins().store(flags, next, p, il.index);
        self.b.ins().jump(got, &[BlockArg::Value(item)]);
        true
    }

    /// The address of the cell `cell` (a variable shared with closures) and its layout, in
    /// a block reached when it is a cell whose value may be read (or, with `write`, written);
    /// else branches to `slow`. None when the layout is unknown (nothing emitted).
    pub(super) fn cell_value(
        &mut self,
        cell: CV,
        write: bool,
        slow: Block,
    ) -> Option<(CV, CellLayout)> {
        let l = self.cell?;
        let p = self.heap_object(Slot::new(cell, Kind::Any), l.tag, slow);
        let free = self.refcell_free(p, l.borrow, write);
        let ok = self.b.create_block();
        self.b.ins().brif(free, ok, &[], slow, &[]);
        self.b.switch_to_block(ok);
        Some((p, l))
    }

    /// The slow half of an instruction with an inline fast path: calls helper `f`, which
    /// borrows `lent`, and joins the fast path at `join` (one parameter: the result, pushed).
    pub(super) fn lending_call_to(
        &mut self,
        idx: usize,
        f: *const (),
        args: &[CV],
        lent: Slot,
        join: Block,
    ) {
        let r = self.call(f, args);
        self.release(lent);
        self.check(r, idx);
        self.b.ins().jump(join, &[BlockArg::Value(r)]);
        self.b.switch_to_block(join);
        let r = self.b.block_params(join)[0];
        self.push(r, Kind::Any);
    }

    /// The inline half of an attribute cache hit: when `obj` is an instance of a class in
    /// the site's fast words, no class namespace changed since, its dict is not borrowed
    /// (mutably; `write`: at all) and the dict slot holds the attribute's name, continues
    /// with the address of that dict entry; otherwise branches to `slow`. None when the
    /// object's kind or the missing layout rules it out (nothing emitted).
    ///
    /// With `write`, a dict that ends before the slot (a new instance that does not have the
    /// attribute yet) branches instead to the block returned with the slot number.
    pub(super) fn inline_slot(
        &mut self,
        idx: usize,
        obj: Slot,
        write: bool,
        slow: Block,
    ) -> Option<(CV, Option<(Block, CV)>)> {
        let (name, _) = self.attr_bits(idx);
        let (l, p, sp) = self.site_holds(idx, obj, write, slow)?;
        let flags = MemFlagsData::trusted();
        let slot = self
            .b
            .ins()
            .load(I64, flags, sp, AttrSite::FAST_SLOT as i32);
        let len = self.b.ins().load(I64, flags, p, l.entries_len);
        let inb = self.b.ins().icmp(IntCC::UnsignedLessThan, slot, len);
        let keyck = self.b.create_block();
        let absent = write.then(|| (self.b.create_block(), slot));
        let past_end = absent.map_or(slow, |(b, _)| b);
        self.b.ins().brif(inb, keyck, &[], past_end, &[]);
        self.b.switch_to_block(keyck);
        let entry = self.entry_at(p, slot);
        let key = self
            .b
            .ins()
            .load(I64, flags, entry, offset_of!(Entry, key) as i32);
        let same_key = self.is_eq(key, name);
        let hit = self.b.create_block();
        self.b.ins().brif(same_key, hit, &[], slow, &[]);
        self.b.switch_to_block(hit);
        Some((entry, absent))
    }

    /// The address of entry `i` of the attribute dict of the instance at `p`.
    pub(super) fn entry_at(&mut self, p: CV, i: CV) -> CV {
        let l = self.inst.expect("callers checked the layout");
        let data = self
            .b
            .ins()
            .load(I64, MemFlagsData::trusted(), p, l.entries_ptr);
        let off = self
            .b
            .ins()
            .imul_imm_s(i, std::mem::size_of::<Entry>() as i64);
        self.b.ins().iadd(data, off)
    }

    /// Forgets what [`Lower::facts`] says unless instruction `idx` cannot run Python code
    /// nor change a local (a store forgets what was known of its local only): then what
    /// held before it still holds after it. Helpers called by the others' slow paths
    /// forget it too ([`Lower::call`]); freeing an object runs no Python code.
    pub(super) fn clear_facts_unless_pure(&mut self, idx: usize, ins: Instr, spec: Option<Spec>) {
        let pure = match ins.op {
            Op::Nop
            | Op::Resume
            | Op::Precall
            | Op::Cache
            | Op::ExtendedArg
            | Op::LoadFast
            | Op::LoadConst
            | Op::LoadGlobal
            | Op::LoadAttr
            | Op::StoreAttr
            | Op::LoadMethod
            | Op::PopTop
            | Op::Copy
            | Op::Swap => true,
            Op::StoreFast => {
                self.facts.forget(ins.arg as usize);
                true
            }
            // Guarded: their fast paths run no code and anything else exits.
            Op::BinaryOp | Op::CompareOp => spec.is_some_and(|s| s.guard),
            Op::BinarySubscr | Op::StoreSubscr => self.index_spec(idx).is_some(),
            _ => false,
        };
        if !pure {
            self.facts.clear();
        }
    }

    /// The finding of the attribute site at `idx` when it can be compiled for one class
    /// (see [`Lower::sole_class_load`]): the class's bits, the type epoch, and the dict
    /// slot or (with `method`) the method's bits.
    ///
    /// Once any attribute site of the code has exited too often, none is compiled this way:
    /// sites that stay with one class during warm-up and meet others later (subclasses used
    /// in a later phase) tend to come together, and recompiling for each in turn costs more
    /// compile time than the checks save.
    pub(super) fn sole_site(&self, idx: usize, obj: Slot, method: bool) -> Option<(u64, u64, u64)> {
        if !self.sole_sites || self.inst.is_none() || !matches!(obj.k, Kind::Any | Kind::Ptr) {
            return None;
        }
        let (class, epoch, slot, m) = self.code.attr_site(idx).sole_finding()?;
        if obj.from == Some(0) && self.inherited(class) {
            return None;
        }
        match method {
            false if slot < LINEAR as u64 => Some((class, epoch, slot)),
            true if slot == u64::MAX && m != 0 => Some((class, epoch, m)),
            _ => None,
        }
    }

    /// Whether the code is a method of another class than `class` (bits), which has seen it
    /// run for its first argument: an inherited method, whose `self` is in general of
    /// several classes, so speculating on the first one seen only costs recompilations.
    pub(super) fn inherited(&self, class: u64) -> bool {
        let class = std::mem::ManuallyDrop::new(Value::from_bits(class));
        let Some(t) = class.as_type() else {
            return true;
        };
        // A method's qualified name is its class's and its own; a nested function's owner
        // ends in `<locals>` instead.
        match self.code.qualname.rsplit_once('.') {
            Some((owner, _)) if !owner.ends_with("<locals>") => {
                *t.qualname.borrow().as_ref() != *owner
            }
            _ => false,
        }
    }

    /// Takes a reference to the object with `bits` for the compiled code to hold (see
    /// [`Caches::held`]).
    pub(super) fn hold(&mut self, bits: u64) {
        let v = std::mem::ManuallyDrop::new(Value::from_bits(bits));
        self.held.push((*v).clone());
    }

    /// The address of `obj`'s heap object once it is known to be an instance of `class` in
    /// type `epoch` whose dict is free to read, and a new cold block for the exit when
    /// anything is not as compiled for: checked (else branches there) unless
    /// [`Lower::facts`] already says so for the local it was loaded from, and then noted.
    pub(super) fn sole_class_check(&mut self, obj: Slot, class: u64, epoch: u64) -> (CV, Block) {
        let l = self.inst.expect("sole_site checked the layout");
        let flags = MemFlagsData::trusted();
        let ex = self.b.create_block();
        self.b.set_cold_block(ex);
        if obj.from.and_then(|i| self.facts.class.get(&i)) == Some(&(class, epoch)) {
            return (self.b.ins().band_imm_s(obj.v, PAYLOAD_MASK as i64), ex);
        }
        // The site holds the class only while it keeps the finding.
        self.hold(class);
        let p = self.heap_object(obj, l.tag, ex);
        let cls = self.b.ins().load(I64, flags, p, layout::TYPE);
        let same_class = self.is_eq(cls, class);
        let now = self
            .b
            .ins()
            .load(I64, flags, self.vm, offset_of!(Vm, type_epoch) as i32);
        let same_epoch = self.is_eq(now, epoch);
        let borrow = self.b.ins().load(I64, flags, p, l.dict_borrow);
        let readable = self
            .b
            .ins()
            .icmp_imm_s(IntCC::SignedGreaterThanOrEqual, borrow, 0);
        let ok = self.b.ins().band(same_class, same_epoch);
        let ok = self.b.ins().band(ok, readable);
        let cont = self.b.create_block();
        self.b.ins().brif(ok, cont, &[], ex, &[]);
        self.b.switch_to_block(cont);
        if let Some(i) = obj.from {
            self.facts.class.insert(i, (class, epoch));
        }
        (p, ex)
    }

    /// Where entry `slot` of the dict of the instance at `p` is, once its key is the
    /// attribute name of instruction `idx` (else branches to `ex`).
    pub(super) fn sole_slot_entry(&mut self, idx: usize, p: CV, slot: u64, ex: Block) -> CV {
        let l = self.inst.expect("sole_site checked the layout");
        let flags = MemFlagsData::trusted();
        let (name, _) = self.attr_bits(idx);
        let len = self.b.ins().load(I64, flags, p, l.entries_len);
        let inb = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedGreaterThan, len, slot as i64);
        let [keyck, hit] = self.new_blocks();
        self.b.ins().brif(inb, keyck, &[], ex, &[]);
        self.b.switch_to_block(keyck);
        let data = self.b.ins().load(I64, flags, p, l.entries_ptr);
        let entry = self
            .b
            .ins()
            .iadd_imm_s(data, (slot as usize * std::mem::size_of::<Entry>()) as i64);
        let key = self
            .b
            .ins()
            .load(I64, flags, entry, offset_of!(Entry, key) as i32);
        let same_key = self.is_eq(key, name);
        self.b.ins().brif(same_key, hit, &[], ex, &[]);
        self.b.switch_to_block(hit);
        entry
    }

    /// `LOAD_ATTR` (of `obj`, borrowed) at a site that has seen one class, compiled for it:
    /// the class, the type epoch and the attribute's dict slot are constants and anything
    /// else exits (a guard; an instruction that keeps failing is compiled again without).
    /// The class, epoch and dict checks are made once per local until something could
    /// change them ([`Lower::facts`]). False, with nothing emitted, when the site does not
    /// qualify.
    pub(super) fn sole_class_load(&mut self, idx: usize, obj: Slot) -> bool {
        let Some((class, epoch, slot)) = self.sole_site(idx, obj, false) else {
            return false;
        };
        let (p, ex) = self.sole_class_check(obj, class, epoch);
        let entry = self.sole_slot_entry(idx, p, slot, ex);
        self.guard_exit_aside(ex, idx, &[obj]);
        let flags = MemFlagsData::trusted();
        let v = self
            .b
            .ins()
            .load(I64, flags, entry, offset_of!(Entry, value) as i32);
        self.incref(Slot::new(v, Kind::Any));
        self.release(obj);
        self.push(v, Kind::Any);
        true
    }

    /// `STORE_ATTR` of `v` (taken) to `obj` (borrowed) at a site that has seen one class,
    /// compiled for it as [`Lower::sole_class_load`]: the value replaces the one in the
    /// site's dict slot, or becomes a new entry there when the dict ends just before it
    /// (inline, or by the append helper, which runs no Python code). Anything else exits.
    pub(super) fn sole_class_store(&mut self, idx: usize, obj: Slot, v: Slot) -> bool {
        let Some((class, epoch, slot)) = self.sole_site(idx, obj, false) else {
            return false;
        };
        let l = self.inst.expect("sole_site checked the layout");
        let flags = MemFlagsData::trusted();
        let (p, ex) = self.sole_class_check(obj, class, epoch);
        let borrow = self.b.ins().load(I64, flags, p, l.dict_borrow);
        let free = self.b.ins().icmp_imm_s(IntCC::Equal, borrow, 0);
        let len = self.b.ins().load(I64, flags, p, l.entries_len);
        let [writable, replace, other, append, helper, done] = self.new_blocks();
        self.b.ins().brif(free, writable, &[], ex, &[]);
        self.b.switch_to_block(writable);
        let inb = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedGreaterThan, len, slot as i64);
        self.b.ins().brif(inb, replace, &[], other, &[]);
        // The slot exists: its key must be the name.
        self.b.switch_to_block(replace);
        let entry = self.sole_slot_entry(idx, p, slot, ex);
        let old = self
            .b
            .ins()
            .load(I64, flags, entry, offset_of!(Entry, value) as i32);
        self.b
            .ins()
            .store(flags, v.v, entry, offset_of!(Entry, value) as i32);
        let ver = self.b.ins().load(I64, flags, p, l.version);
        let ver = self.b.ins().iadd_imm_s(ver, 1);
        self.b.ins().store(flags, ver, p, l.version);
        self.decref(Slot::new(old, Kind::Any));
        self.b.ins().jump(done, &[]);
        // The dict ends just before the slot: a new attribute.
        self.b.switch_to_block(other);
        let at_end = self.b.ins().icmp_imm_u(IntCC::Equal, len, slot as i64);
        self.b.ins().brif(at_end, append, &[], ex, &[]);
        self.b.switch_to_block(append);
        let at = self.c(slot);
        self.inline_append(idx, obj, at, v.v, helper);
        self.b.ins().jump(done, &[]);
        self.b.switch_to_block(helper);
        self.b.set_cold_block(helper);
        let (name, _) = self.attr_operands(idx);
        let r = self.call_pure(helpers::append_attr as *const (), &[obj.v, at, name, v.v]);
        // Not appended: `v` is still ours.
        self.b.ins().brif(r, ex, &[], done, &[]);
        self.b.switch_to_block(ex);
        self.guard_exit(idx, &[v, obj]);
        self.b.switch_to_block(done);
        self.release(obj);
        true
    }

    /// `LOAD_METHOD` on `obj` (taken) at a site that has seen one class, whose class has a
    /// plain function for the name, compiled for it as [`Lower::sole_class_load`]: when the
    /// instance's dict lacks the name, pushes the function (a constant) and `obj`; anything
    /// else exits.
    pub(super) fn sole_class_method(&mut self, idx: usize, obj: Slot) -> bool {
        let Some((class, epoch, method)) = self.sole_site(idx, obj, true) else {
            return false;
        };
        let (name, _) = self.attr_bits(idx);
        let name_v = std::mem::ManuallyDrop::new(Value::from_bits(name));
        let Some(bit) = name_v.as_str().map(|s| bloom_bit(s.hash())) else {
            return false;
        };
        let l = self.inst.expect("sole_site checked the layout");
        let flags = MemFlagsData::trusted();
        let (p, ex) = self.sole_class_check(obj, class, epoch);
        let bloom = self.b.ins().uload32(flags, p, l.bloom);
        let seen = self.b.ins().band_imm_s(bloom, bit as i64);
        let absent = self.b.ins().icmp_imm_s(IntCC::NotEqual, seen, bit as i64);
        let [exact, hit] = self.new_blocks();
        self.b.ins().brif(absent, hit, &[], exact, &[]);
        // The filter cannot rule the name out: look it up (no Python code runs).
        self.b.switch_to_block(exact);
        self.b.set_cold_block(exact);
        let namev = self.c(name);
        let lacks = self.call_pure(helpers::dict_lacks as *const (), &[obj.v, namev]);
        self.b.ins().brif(lacks, hit, &[], ex, &[]);
        self.b.switch_to_block(ex);
        self.guard_exit(idx, &[obj]);
        self.b.switch_to_block(hit);
        // The site holds the method only while it keeps the finding; the compiled code
        // holds it from now on, so a call that takes it at once needs no reference.
        self.hold(method);
        let m = self.c(method);
        let base = self.stack.len();
        let kept = self.kept_until(idx, base, |i, depth| {
            let ins = self.code.instrs[i];
            ins.op == Op::Call && depth == base + ins.arg as usize + 2
        });
        if !kept {
            self.incref(Slot::new(m, Kind::Ptr));
        }
        self.stack.push(Slot {
            kept,
            ..Slot::new(m, Kind::Ptr)
        });
        self.stack.push(obj);
        true
    }

    /// Appends the attribute named by instruction `idx` with the value `v` (taken) to the dict of
    /// the instance `obj`, whose write access `site_holds` has checked, as entry `at`: inline
    /// when the dict has `at` entries, room for one more without growing, no hash index to
    /// update and a key filter that proves `name` absent (what `Dict::push_new_at` and
    /// `Dict::push` do then). Otherwise branches to `helper` with nothing changed.
    pub(super) fn inline_append(&mut self, idx: usize, obj: Slot, at: CV, v: CV, helper: Block) {
        let name = &self.code.names[self.code.instrs[idx].arg as usize];
        let Some(hash) = name.as_str().map(|s| s.hash()) else {
            self.b.ins().jump(helper, &[]);
            return;
        };
        let name = name.bits();
        let l = self.inst.expect("site_holds needs the layout");
        let flags = MemFlagsData::trusted();
        let p = self.b.ins().band_imm_s(obj.v, PAYLOAD_MASK as i64);
        let len = self.b.ins().load(I64, flags, p, l.entries_len);
        let cap = self.b.ins().load(I64, flags, p, l.entries_cap);
        let index = self.b.ins().load(I64, flags, p, l.index);
        let bloom = self.b.ins().load(I32, flags, p, l.bloom);
        let bits = bloom_bit(hash);
        let at_end = self.b.ins().icmp(IntCC::Equal, at, len);
        let room = self.b.ins().icmp(IntCC::UnsignedLessThan, len, cap);
        let linear = self
            .b
            .ins()
            .icmp_imm_u(IntCC::UnsignedLessThan, len, LINEAR as i64);
        let unindexed = self.b.ins().icmp_imm_u(IntCC::Equal, index, 0);
        let seen = self.b.ins().band_imm_u(bloom, bits as i64);
        let absent = self.b.ins().icmp_imm_u(IntCC::NotEqual, seen, bits as i64);
        let ok = self.b.ins().band(at_end, room);
        let ok = self.b.ins().band(ok, linear);
        let ok = self.b.ins().band(ok, unindexed);
        let ok = self.b.ins().band(ok, absent);
        let fast = self.b.create_block();
        self.b.ins().brif(ok, fast, &[], helper, &[]);
        self.b.switch_to_block(fast);
        let entry = self.entry_at(p, len);
        let h = self.c(hash);
        self.b
            .ins()
            .store(flags, h, entry, offset_of!(Entry, hash) as i32);
        let key = self.c(name);
        self.rc_inc(key);
        self.b
            .ins()
            .store(flags, key, entry, offset_of!(Entry, key) as i32);
        self.b
            .ins()
            .store(flags, v, entry, offset_of!(Entry, value) as i32);
        let len = self.b.ins().iadd_imm_s(len, 1);
        self.b.ins().store(flags, len, p, l.entries_len);
        let live = self.b.ins().load(I32, flags, p, l.live);
        let live = self.b.ins().iadd_imm_s(live, 1);
        self.b.ins().store(flags, live, p, l.live);
        let bloom = self.b.ins().bor_imm_u(bloom, bits as i64);
        self.b.ins().store(flags, bloom, p, l.bloom);
        let ver = self.b.ins().load(I64, flags, p, l.version);
        let ver = self.b.ins().iadd_imm_s(ver, 1);
        self.b.ins().store(flags, ver, p, l.version);
    }

    /// For the attribute instruction at `idx` on `obj`: continues, in a block reached when
    /// `obj` is an instance whose class has a fast finding at the site made in the current
    /// type epoch and whose dict is free to read (or, with `write`, to write), with the
    /// layout, the object's address and the address of that finding (as if it were the
    /// first). Otherwise branches to `slow`. The newest finding is checked first, so a
    /// monomorphic site costs one comparison of class, and a polymorphic one a comparison
    /// per class; the epoch is checked once, on the finding for the class.
    pub(super) fn site_holds(
        &mut self,
        idx: usize,
        obj: Slot,
        write: bool,
        slow: Block,
    ) -> Option<(InstLayout, CV, CV)> {
        let l = self.inst?;
        if !matches!(obj.k, Kind::Any | Kind::Ptr) {
            return None;
        }
        let (_, site) = self.attr_bits(idx);
        let flags = MemFlagsData::trusted();
        let p = self.heap_object(obj, l.tag, slow);
        let sp = self.c(site);
        let cls = self.b.ins().load(I64, flags, p, layout::TYPE);
        let found = self.b.create_block();
        self.b.append_block_param(found, I64);
        for k in 0..AttrSite::FAST_WAYS {
            let at = (k * AttrSite::FAST_STRIDE) as i32;
            let want = self
                .b
                .ins()
                .load(I64, flags, sp, AttrSite::FAST_CLASS as i32 + at);
            let same_class = self.b.ins().icmp(IntCC::Equal, cls, want);
            let wp = self.b.ins().iadd_imm_s(sp, at as i64);
            let next = if k + 1 < AttrSite::FAST_WAYS {
                self.b.create_block()
            } else {
                slow
            };
            self.b
                .ins()
                .brif(same_class, found, &[BlockArg::Value(wp)], next, &[]);
            if next != slow {
                self.b.switch_to_block(next);
            }
        }
        // A site keeps one finding per class: made in an older epoch, it is stale.
        self.b.switch_to_block(found);
        let wp = self.b.block_params(found)[0];
        let epoch = self
            .b
            .ins()
            .load(I64, flags, self.vm, offset_of!(Vm, type_epoch) as i32);
        let made = self
            .b
            .ins()
            .load(I64, flags, wp, AttrSite::FAST_EPOCH as i32);
        let same_epoch = self.b.ins().icmp(IntCC::Equal, epoch, made);
        let current = self.b.create_block();
        self.b.ins().brif(same_epoch, current, &[], slow, &[]);
        self.b.switch_to_block(current);
        let free = self.refcell_free(p, l.dict_borrow, write);
        let ok = self.b.create_block();
        self.b.ins().brif(free, ok, &[], slow, &[]);
        self.b.switch_to_block(ok);
        Some((l, p, wp))
    }

    /// `LOAD_METHOD` of a plain function the site found on `obj`'s class: the method (borrowed
    /// from the site), in a block reached when the site's method finding holds for `obj` —
    /// same class and epoch, and the instance dict's key filter rules the name out of it.
    /// Else branches to `slow`.
    pub(super) fn inline_method(&mut self, idx: usize, obj: Slot, slow: Block) -> Option<CV> {
        let (name, _) = self.attr_bits(idx);
        let name = std::mem::ManuallyDrop::new(Value::from_bits(name));
        let bit = pycrane_runtime::object::dict::bloom_bit(name.as_str()?.hash());
        let (l, p, sp) = self.site_holds(idx, obj, false, slow)?;
        let flags = MemFlagsData::trusted();
        let method = self
            .b
            .ins()
            .load(I64, flags, sp, AttrSite::FAST_METHOD as i32);
        let has_method = self.b.ins().icmp_imm_s(IntCC::NotEqual, method, 0);
        let [filter, exact, hit] = self.new_blocks();
        self.b.ins().brif(has_method, filter, &[], slow, &[]);
        self.b.switch_to_block(filter);
        let bloom = self.b.ins().uload32(flags, p, l.bloom);
        let hit_bits = self.b.ins().band_imm_s(bloom, bit as i64);
        let absent = self
            .b
            .ins()
            .icmp_imm_s(IntCC::NotEqual, hit_bits, bit as i64);
        self.b.ins().brif(absent, hit, &[], exact, &[]);
        // The filter cannot rule the name out (other keys share its bits): look it up.
        self.b.switch_to_block(exact);
        let namev = self.c(name.bits());
        let lacks = self.call(helpers::dict_lacks as *const (), &[obj.v, namev]);
        self.b.ins().brif(lacks, hit, &[], slow, &[]);
        self.b.switch_to_block(hit);
        Some(method)
    }

    /// `LOAD_METHOD` on a built-in object of the kind the site found a method for (a list's
    /// `append`): jumps to `join` with the method and the object. Otherwise continues in a
    /// new block (non-heap values branch to `slow`).
    pub(super) fn builtin_method(&mut self, idx: usize, obj: Slot, join: Block, slow: Block) {
        if !matches!(obj.k, Kind::Any | Kind::Ptr) {
            return;
        }
        let (_, site) = self.attr_bits(idx);
        let flags = MemFlagsData::trusted();
        let p = self.heap_addr(obj, slow);
        let tag = self.b.ins().uload8(I64, flags, p, 0);
        let sp = self.c(site);
        let want = self.b.ins().load(I64, flags, sp, AttrSite::TAG_FAST as i32);
        let tag1 = self.b.ins().iadd_imm_s(tag, 1);
        let same = self.b.ins().icmp(IntCC::Equal, tag1, want);
        let [hit, other] = self.new_blocks();
        self.b.ins().brif(same, hit, &[], other, &[]);
        self.b.switch_to_block(hit);
        let method = self
            .b
            .ins()
            .load(I64, flags, sp, AttrSite::TAG_METHOD as i32);
        self.incref(Slot::new(method, Kind::Ptr));
        let args = [BlockArg::Value(method), BlockArg::Value(obj.v)];
        self.b.ins().jump(join, &args);
        self.b.switch_to_block(other);
    }

    /// The name (borrowed bits) and attribute cache address of the attribute instruction at
    /// `idx`, as constants: both live in the code object, which outlives its native code.
    pub(super) fn attr_operands(&mut self, idx: usize) -> (CV, CV) {
        let (name, site) = self.attr_bits(idx);
        (self.c(name), self.c(site))
    }

    pub(super) fn attr_bits(&self, idx: usize) -> (u64, u64) {
        let name = self.code.names[self.code.instrs[idx].arg as usize].bits();
        (name, self.code.attr_site(idx) as *const AttrSite as u64)
    }

    /// The address of `s`'s heap object, in a block reached when it is one of kind `tag`
    /// (its first byte); else branches to `slow`.
    pub(super) fn heap_object(&mut self, s: Slot, tag: u8, slow: Block) -> CV {
        let p = self.heap_addr(s, slow);
        let t = self.b.ins().uload8(I64, MemFlagsData::trusted(), p, 0);
        let same = self.is_eq(t, tag as u64);
        let hit = self.b.create_block();
        self.b.ins().brif(same, hit, &[], slow, &[]);
        self.b.switch_to_block(hit);
        p
    }

    /// The address of `s`'s heap object; branches to `slow` when `s` is not a heap value.
    pub(super) fn heap_addr(&mut self, s: Slot, slow: Block) -> CV {
        if s.k != Kind::Ptr {
            let isptr = self.tag_is(s.v, TAG_PTR);
            let next = self.b.create_block();
            self.b.ins().brif(isptr, next, &[], slow, &[]);
            self.b.switch_to_block(next);
        }
        self.b.ins().band_imm_s(s.v, PAYLOAD_MASK as i64)
    }

    /// Calls the helper `f` (which may run Python code: what is known about locals' objects
    /// is forgotten).
    pub(super) fn call(&mut self, f: *const (), args: &[CV]) -> CV {
        self.facts.clear();
        self.store_lasti();
        self.call_pure(f, args)
    }

    /// Stores the current instruction as this activation's `lasti`, for `sys._getframe`
    /// in what the next call runs. Returns the record's address.
    pub(super) fn store_lasti(&mut self) -> CV {
        let flags = MemFlagsData::trusted();
        let i = self.c(self.cur as u64);
        self.b
            .ins()
            .store(flags, i, self.rec, offset_of!(Activation, lasti) as i32);
        self.rec
    }

    /// Calls the helper `f`, which runs no Python code (it allocates, looks up or frees):
    /// what [`Lower::facts`] says still holds after it.
    pub(super) fn call_pure(&mut self, f: *const (), args: &[CV]) -> CV {
        let sig = self.sig(args.len(), true);
        let callee = self.c(f as usize as u64);
        let inst = self.b.ins().call_indirect(sig, callee, args);
        self.b.inst_results(inst)[0]
    }

    pub(super) fn call0(&mut self, f: *const (), args: &[CV]) {
        let sig = self.sig(args.len(), false);
        let callee = self.c(f as usize as u64);
        self.b.ins().call_indirect(sig, callee, args);
    }

    pub(super) fn sig(&mut self, n: usize, ret: bool) -> SigRef {
        if let Some(&s) = self.sigs.get(&(n, ret)) {
            return s;
        }
        let mut sig = Signature::new(self.call_conv);
        for _ in 0..n {
            sig.params.push(AbiParam::new(I64));
        }
        if ret {
            sig.returns.push(AbiParam::new(I64));
        }
        let s = self.b.import_signature(sig);
        self.sigs.insert((n, ret), s);
        s
    }

    pub(super) fn is_eq(&mut self, v: CV, bits: u64) -> CV {
        self.b.ins().icmp_imm_s(IntCC::Equal, v, bits as i64)
    }

    pub(super) fn tag_is(&mut self, v: CV, tag: u64) -> CV {
        let t = self.b.ins().ushr_imm_s(v, 48);
        self.b.ins().icmp_imm_s(IntCC::Equal, t, (tag >> 48) as i64)
    }

    pub(super) fn is_int(&mut self, s: Slot) -> Option<CV> {
        match s.k {
            Kind::Int | Kind::I64 => None,
            _ => Some(self.tag_is(s.v, TAG_INT)),
        }
    }

    pub(super) fn is_float(&mut self, s: Slot) -> Option<CV> {
        match s.k {
            Kind::Float | Kind::RawF => None,
            _ => Some(
                self.b
                    .ins()
                    .icmp_imm_s(IntCC::UnsignedLessThan, s.v, TAG_PTR as i64),
            ),
        }
    }

    pub(super) fn and(&mut self, a: Option<CV>, b: Option<CV>) -> Option<CV> {
        match (a, b) {
            (Some(a), Some(b)) => Some(self.b.ins().band(a, b)),
            (x, None) | (None, x) => x,
        }
    }

    pub(super) fn or(&mut self, a: CV, b: CV) -> CV {
        self.b.ins().bor(a, b)
    }

    pub(super) fn unbox_int(&mut self, v: CV) -> CV {
        let x = self.b.ins().ishl_imm_s(v, 16);
        self.b.ins().sshr_imm_s(x, 16)
    }

    pub(super) fn box_int(&mut self, r: CV) -> CV {
        let x = self.b.ins().band_imm_s(r, PAYLOAD_MASK as i64);
        self.b.ins().bor_imm_s(x, TAG_INT as i64)
    }

    pub(super) fn fits48(&mut self, r: CV) -> CV {
        let x = self.unbox_int(r);
        self.b.ins().icmp(IntCC::Equal, x, r)
    }

    pub(super) fn box_bool(&mut self, c: CV) -> CV {
        let c = self.b.ins().uextend(I64, c);
        self.b.ins().bor_imm_s(c, TAG_BOOL as i64)
    }

    pub(super) fn float_of(&mut self, s: Slot) -> CV {
        match s.k {
            Kind::Float | Kind::RawF => self.b.ins().bitcast(F64, MemFlagsData::new(), s.v),
            Kind::Int => {
                let i = self.unbox_int(s.v);
                self.b.ins().fcvt_from_sint(F64, i)
            }
            _ => {
                let f = self.b.ins().bitcast(F64, MemFlagsData::new(), s.v);
                let i = self.unbox_int(s.v);
                let fi = self.b.ins().fcvt_from_sint(F64, i);
                let isf = self.is_float(s).expect("not a known float");
                self.b.ins().select(isf, f, fi)
            }
        }
    }

    /// The value bits of a double; a NaN becomes a new NaN object (out of line, as rare).
    pub(super) fn box_float(&mut self, r: CV) -> CV {
        let nan = self.b.ins().fcmp(FloatCC::Unordered, r, r);
        let bits = self.b.ins().bitcast(I64, MemFlagsData::new(), r);
        let cold = self.b.create_block();
        let join = self.b.create_block();
        self.b.append_block_param(join, I64);
        self.b.set_cold_block(cold);
        self.b
            .ins()
            .brif(nan, cold, &[], join, &[BlockArg::Value(bits)]);
        self.b.switch_to_block(cold);
        let fresh = self.call_pure(helpers::fresh_nan as *const (), &[]);
        self.b.ins().jump(join, &[BlockArg::Value(fresh)]);
        self.b.switch_to_block(join);
        self.b.block_params(join)[0]
    }

    pub(super) fn incref(&mut self, s: Slot) {
        match s.k {
            Kind::Ptr => self.rc_inc(s.v),
            Kind::Any => self.if_ptr(s.v, Self::rc_inc),
            // Immediates, raw words and virtual iterators hold no reference.
            _ => {}
        }
    }

    pub(super) fn decref(&mut self, s: Slot) {
        match s.k {
            Kind::Int
            | Kind::Float
            | Kind::RawF
            | Kind::Bool
            | Kind::Imm
            | Kind::Null
            | Kind::I64
            | Kind::I128 => {}
            // A virtual loop over a sequence holds the sequence.
            Kind::Virt(id) => {
                if self.vloops[id as usize].kind == VKind::Seq {
                    let obj = self.b.use_var(self.viters[id as usize][0]);
                    self.rc_dec(obj);
                }
            }
            Kind::Ptr => self.rc_dec(s.v),
            Kind::Any => self.if_ptr(s.v, Self::rc_dec),
        }
    }

    pub(super) fn if_ptr(&mut self, v: CV, f: fn(&mut Self, CV)) {
        let isptr = self.tag_is(v, TAG_PTR);
        let yes = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(isptr, yes, &[], cont, &[]);
        self.b.switch_to_block(yes);
        f(self, v);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// The address of a heap value's reference count (the object header's first word,
    /// `object::layout::REFCNT`).
    pub(super) fn rc_addr(&mut self, v: CV) -> CV {
        let p = self.b.ins().band_imm_s(v, PAYLOAD_MASK as i64);
        self.b.ins().iadd_imm_s(p, layout::REFCNT as i64)
    }

    pub(super) fn rc_inc(&mut self, v: CV) {
        let a = self.rc_addr(v);
        let n = self.b.ins().load(I64, MemFlagsData::trusted(), a, 0);
        self.debug_check_count(v, n);
        let one = self.c(1);
        let n1 = self.b.ins().iadd(n, one);
        self.b.ins().store(MemFlagsData::trusted(), n1, a, 0);
    }

    /// Drops a reference: inline unless it is the last one (then the helper frees).
    pub(super) fn rc_dec(&mut self, v: CV) {
        let a = self.rc_addr(v);
        let n = self.b.ins().load(I64, MemFlagsData::trusted(), a, 0);
        self.debug_check_count(v, n);
        let last = self.b.ins().icmp_imm_s(IntCC::Equal, n, 1);
        let free = self.b.create_block();
        let dec = self.b.create_block();
        let cont = self.b.create_block();
        self.b.ins().brif(last, free, &[], dec, &[]);
        self.b.switch_to_block(free);
        self.call0(helpers::decref as *const (), &[v]);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(dec);
        let one = self.c(1);
        let n1 = self.b.ins().isub(n, one);
        self.b.ins().store(MemFlagsData::trusted(), n1, a, 0);
        self.b.ins().jump(cont, &[]);
        self.b.switch_to_block(cont);
    }

    /// A debug build's check, as the runtime's (`value::COUNT_LIMIT`), of the count `n` just
    /// read from `v`'s header: 0 or past the limit is a freed object, and the helper aborts.
    /// Release builds emit nothing.
    fn debug_check_count(&mut self, v: CV, n: CV) {
        if !cfg!(debug_assertions) {
            return;
        }
        // n - 1 >= LIMIT - 1 (unsigned): n == 0 or n >= LIMIT.
        let m = self.b.ins().iadd_imm_s(n, -1);
        let limit = (pycrane_runtime::value::COUNT_LIMIT - 1) as i64;
        let bad = self
            .b
            .ins()
            .icmp_imm_s(IntCC::UnsignedGreaterThanOrEqual, m, limit);
        let fail = self.b.create_block();
        let ok = self.b.create_block();
        self.b.ins().brif(bad, fail, &[], ok, &[]);
        self.b.switch_to_block(fail);
        self.call0(helpers::bad_count as *const (), &[v, n]);
        self.b.ins().jump(ok, &[]);
        self.b.switch_to_block(ok);
    }

    pub(super) fn push(&mut self, v: CV, k: Kind) {
        self.stack.push(Slot::new(v, k));
    }

    /// The top `n` slots were loaded as the name `co_names[name]` (see [`Slot::origin`]).
    pub(super) fn name_top(&mut self, n: usize, name: u32) {
        let len = self.stack.len();
        for s in &mut self.stack[len - n..] {
            s.origin = Some(name);
        }
    }

    /// The name the callable of the call whose stack starts at `base` was loaded under, if
    /// known (see [`Slot::origin`]).
    pub(super) fn callee_name(&self, base: usize) -> Option<&str> {
        let origin = self.stack[base + 1].origin.or(self.stack[base].origin)?;
        Some(self.code.names[origin as usize].as_str()?.as_str())
    }

    /// The top of the stack, owning its reference.
    pub(super) fn pop(&mut self) -> Slot {
        let s = self.pop_ref();
        self.own(s)
    }

    /// The top of the stack, possibly borrowed from a local: the caller either gives it to
    /// [`Lower::own`] on paths that keep or pass on the value, or [`Lower::release`]s it.
    pub(super) fn pop_ref(&mut self) -> Slot {
        let s = self.stack.pop().expect("plan checked the stack depth");
        self.materialized(s)
    }

    /// A slot with a reference of its own: a borrowed one takes a new reference.
    ///
    /// Borrowing: `LOAD_FAST` of a heap value pushes the local's value without a new
    /// reference, valid while the local keeps it. Whatever keeps or passes on a value (a
    /// store, a call, a block edge, an exit, a helper that takes ownership) owns it first;
    /// before a local changes, the stack's borrows of it are owned ([`Lower::own_borrows_of`]).
    /// Reads that keep nothing (an index, an arithmetic fast path) skip both reference-count
    /// updates.
    pub(super) fn own(&mut self, s: Slot) -> Slot {
        if s.borrowed() {
            self.incref(s);
        }
        Slot::new(s.v, s.k)
    }

    /// Drops `s`'s reference, if it has one.
    pub(super) fn release(&mut self, s: Slot) {
        if !s.borrowed() {
            self.decref(s);
        }
    }

    /// Local `i` is about to change: stack slots borrowed from it take their own references.
    pub(super) fn own_borrows_of(&mut self, i: usize) {
        for k in 0..self.stack.len() {
            if self.stack[k].from == Some(i) {
                self.stack[k] = self.own(self.stack[k]);
            }
        }
    }

    /// Owns the kept slots (see [`Slot::kept`]) before an instruction whose every path may
    /// run Python code. Instructions `Lower::kept_until` passes over run none, but for
    /// operators and subscripts that is only known when they are lowered.
    pub(super) fn own_kept(&mut self) {
        for k in 0..self.stack.len() {
            if self.stack[k].kept {
                self.stack[k] = self.own(self.stack[k]);
            }
        }
    }

    /// Owns every slot from `from` up.
    pub(super) fn own_stack(&mut self, from: usize) {
        for k in from..self.stack.len() {
            self.stack[k] = self.own(self.stack[k]);
        }
    }

    /// The block arguments for stack values `vals` (virtual iterators are none).
    pub(super) fn args(vals: &[Slot]) -> Vec<BlockArg> {
        vals.iter()
            .filter(|s| !matches!(s.k, Kind::Virt(_)))
            .map(|s| BlockArg::Value(s.v))
            .collect()
    }

    pub(super) fn jump_to(&mut self, target: usize, depth: usize) {
        self.check_edge(target, depth);
        let blk = self.blocks[&target];
        // Block parameters own their values.
        for k in 0..depth {
            self.stack[k] = self.own(self.stack[k]);
        }
        let args = Self::args(&self.stack[..depth]);
        self.b.ins().jump(blk, &args);
        self.done = true;
    }

    /// Stores `vals` in the spill slot for a helper or an exit, which takes them over (so
    /// borrowed ones take their own references).
    pub(super) fn spill(&mut self, vals: &[Slot]) -> CV {
        for (k, &s) in vals.iter().enumerate() {
            let s = self.materialized(s);
            let s = self.boxed(s);
            let s = self.own(s);
            self.b
                .ins()
                .stack_store(I64, s.v, self.sbuf, (8 * k) as i32);
        }
        self.b.ins().stack_addr(I64, self.sbuf, 0)
    }

    pub(super) fn reload(&mut self, n: usize) -> Vec<Slot> {
        (0..n)
            .map(|k| {
                let v = self.b.ins().stack_load(I64, I64, self.sbuf, (8 * k) as i32);
                Slot::new(v, Kind::Any)
            })
            .collect()
    }
}
