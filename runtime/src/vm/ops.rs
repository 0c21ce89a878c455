//! Operators with CPython semantics: arithmetic (small-int fast paths, big ints, floats),
//! comparison, truthiness, hashing, containment, subscripts, and their user-class dunders.

use crate::bytecode::opcode::{CMP_OP, NB_OPS};
use crate::object::{Obj, TypeKind};
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use num_bigint::BigInt;
use num_integer::Integer;
use num_traits::{Signed, ToPrimitive, Zero};

#[derive(Clone, Copy)]
pub enum Unary {
    Pos,
    Neg,
    Invert,
}

impl Unary {
    /// The operation of `UNARY_POSITIVE` / `UNARY_NEGATIVE` / `UNARY_INVERT`.
    pub fn of(op: crate::bytecode::opcode::Opcode) -> Option<Unary> {
        use crate::bytecode::opcode::Opcode as Op;
        match op {
            Op::UnaryPositive => Some(Unary::Pos),
            Op::UnaryNegative => Some(Unary::Neg),
            Op::UnaryInvert => Some(Unary::Invert),
            _ => None,
        }
    }
}

/// Dunder names (method, reflected) per `BINARY_OP` operand, in `NB_OPS` order.
pub const NB_NAMES: [(&str, &str); 13] = [
    ("__add__", "__radd__"),
    ("__and__", "__rand__"),
    ("__floordiv__", "__rfloordiv__"),
    ("__lshift__", "__rlshift__"),
    ("__matmul__", "__rmatmul__"),
    ("__mul__", "__rmul__"),
    ("__mod__", "__rmod__"),
    ("__or__", "__ror__"),
    ("__pow__", "__rpow__"),
    ("__rshift__", "__rrshift__"),
    ("__sub__", "__rsub__"),
    ("__truediv__", "__rtruediv__"),
    ("__xor__", "__rxor__"),
];
/// Which of the left operand's methods a binary operation already called (and got
/// NotImplemented from), so the rest of the dispatch does not call it again.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Tried {
    Nothing,
    Inplace,
    Forward,
}

const INPLACE_NAMES: [&str; 13] = [
    "__iadd__",
    "__iand__",
    "__ifloordiv__",
    "__ilshift__",
    "__imatmul__",
    "__imul__",
    "__imod__",
    "__ior__",
    "__ipow__",
    "__irshift__",
    "__isub__",
    "__itruediv__",
    "__ixor__",
];
pub const NB_ADD: u32 = 0;
pub const NB_AND: u32 = 1;
pub const NB_FLOOR_DIVIDE: u32 = 2;
pub const NB_LSHIFT: u32 = 3;
pub const NB_MULTIPLY: u32 = 5;
pub const NB_REMAINDER: u32 = 6;
pub const NB_OR: u32 = 7;
pub const NB_POWER: u32 = 8;
pub const NB_RSHIFT: u32 = 9;
pub const NB_SUBTRACT: u32 = 10;
pub const NB_TRUE_DIVIDE: u32 = 11;
pub const NB_XOR: u32 = 12;
/// `+=`: in-place operators are the binary ones plus 13.
pub const NB_INPLACE_ADD: u32 = 13;

/// Dunder names (method, reflected) per `COMPARE_OP` argument, in `CMP_OP` order.
pub const CMP_NAMES: [(&str, &str); 6] = [
    ("__lt__", "__gt__"),
    ("__le__", "__ge__"),
    ("__eq__", "__eq__"),
    ("__ne__", "__ne__"),
    ("__gt__", "__lt__"),
    ("__ge__", "__le__"),
];
pub const CMP_LT: u32 = 0;
pub const CMP_LE: u32 = 1;
pub const CMP_EQ: u32 = 2;
pub const CMP_NE: u32 = 3;
pub const CMP_GT: u32 = 4;
pub const CMP_GE: u32 = 5;

/// A number, unpacked for arithmetic.
/// An int operand by reference (a big int) or by value (a small int made big), for
/// [`Vm::big_op`]; None for anything else, bools included (they take the general path).
fn int_ref(v: &Value) -> Option<std::borrow::Cow<'_, BigInt>> {
    if let Some(b) = v.as_bigint() {
        return Some(std::borrow::Cow::Borrowed(b));
    }
    v.as_small_int()
        .map(|i| std::borrow::Cow::Owned(BigInt::from(i)))
}

/// `x // y` (y nonzero), rounding toward negative infinity. When both are positive and the
/// quotient is small (operands of nearly equal length, as in spigot algorithms), it is
/// estimated from the leading 64 bits of the divisor and corrected, in linear time.
fn floor_div(x: &BigInt, y: &BigInt) -> BigInt {
    use num_traits::{Signed, ToPrimitive};
    if x.is_positive() && y.is_positive() && x.bits() < y.bits() + 60 && y.bits() > 64 {
        let shift = y.bits() - 64;
        let top_y = (y >> shift).to_u128();
        let top_x = (x >> shift).to_u128();
        if let (Some(ty), Some(tx)) = (top_y, top_x) {
            // ty has exactly 64 bits and tx fewer than 124, so the estimate is within one
            // of the quotient either way (the truncations of x and y pull opposite ways).
            let mut q = BigInt::from(tx / ty);
            let mut r = x - &q * y;
            while r.is_negative() {
                q -= 1;
                r += y;
            }
            while &r >= y {
                q += 1;
                r -= y;
            }
            return q;
        }
    }
    x.div_floor(y)
}

enum Num {
    Int(BigInt),
    Float(f64),
    Complex(f64, f64),
}

impl Vm {
    // ----- types ------------------------------------------------------------------------
    pub fn type_of(&self, v: &Value) -> Value {
        let t = &self.types;
        if v.is_float() {
            return t.float.clone();
        }
        if v.is_small_int() {
            return t.int.clone();
        }
        if v.is_bool() {
            return t.bool_.clone();
        }
        let Some(o) = v.obj() else {
            return match v.bits() & 0xF {
                1 => t.none.clone(),
                2 => t.not_implemented.clone(),
                _ => t.ellipsis.clone(),
            };
        };
        if let Some(ty) = v.header_type() {
            return ty;
        }
        // An object of the built-in type of its variant (see `object::layout`).
        match o {
            Obj::Int(_) => t.int.clone(),
            Obj::Str(_) => t.str_.clone(),
            Obj::Bytes(_) => t.bytes.clone(),
            Obj::ByteArray(_) => t.bytearray.clone(),
            Obj::MemoryView(_) => t.memoryview.clone(),
            Obj::Complex(..) => t.complex.clone(),
            Obj::Tuple(_) => t.tuple.clone(),
            Obj::List(_) => t.list.clone(),
            Obj::Dict(_) | Obj::InstDict(_) => t.dict.clone(),
            Obj::Set(_) => t.set.clone(),
            Obj::FrozenSet(_) => t.frozenset.clone(),
            Obj::Range(_) | Obj::BigRange(_) => t.range.clone(),
            Obj::Slice(_) => t.slice.clone(),
            Obj::Function(_) => t.function.clone(),
            Obj::Builtin(_) => t.builtin.clone(),
            Obj::Method(..) => t.method.clone(),
            Obj::Cell(_) => t.cell.clone(),
            Obj::Code(_) => t.code.clone(),
            Obj::Type(_) => t.type_.clone(),
            Obj::Instance(_) => t.object.clone(),
            Obj::Module(_) => t.module.clone(),
            Obj::Generator(_) => t.generator.clone(),
            Obj::Iter(k, _) => self.iter_types[*k as usize].clone(),
            Obj::DictView(_, 0) => t.dict_keys.clone(),
            Obj::DictView(_, 1) => t.dict_values.clone(),
            Obj::DictView(..) => t.dict_items.clone(),
            Obj::Property(_) => t.property.clone(),
            Obj::StaticMethod(_) => t.staticmethod.clone(),
            Obj::ClassMethod(_) => t.classmethod.clone(),
            Obj::Super(..) => t.super_.clone(),
            // Always made with its type in the header (`Vm::new_native`).
            Obj::Native(_) => t.object.clone(),
        }
    }

    /// The name error messages give `v`'s type (CPython's `tp_name`): a native module's
    /// types name their module too (`'itertools.count' object is not subscriptable`).
    pub fn type_name(&self, v: &Value) -> String {
        let t = self.type_of(v);
        t.as_type()
            .map(|t| match t.kind {
                TypeKind::Native if t.builtin => format!("{}.{}", t.module.borrow(), t.name()),
                _ => t.name().to_string(),
            })
            .unwrap_or_default()
    }

    /// `issubclass(t, cls)` for type objects.
    pub fn is_subclass(&self, t: &Value, cls: &Value) -> bool {
        if t.is(cls) {
            return true;
        }
        match t.as_type() {
            Some(ty) => ty.mro.borrow().iter().any(|m| m.is(cls)),
            None => false,
        }
    }

    pub fn isinstance(&self, v: &Value, cls: &Value) -> bool {
        let t = self.type_of(v);
        self.is_subclass(&t, cls)
    }

    /// The text of a str value (empty for non-str).
    pub fn str_value(&self, v: &Value) -> String {
        v.as_str()
            .map(|s| s.as_str().to_string())
            .unwrap_or_default()
    }

    // ----- numbers ----------------------------------------------------------------------
    fn as_num(&self, v: &Value) -> Option<Num> {
        if let Some(i) = v.as_small_int() {
            return Some(Num::Int(BigInt::from(i)));
        }
        if let Some(x) = v.as_float() {
            return Some(Num::Float(x));
        }
        if let Some(b) = v.as_bool() {
            return Some(Num::Int(BigInt::from(b as i64)));
        }
        match v.obj() {
            Some(Obj::Int(b)) => Some(Num::Int(b.clone())),
            Some(Obj::Complex(r, i)) => Some(Num::Complex(*r, *i)),
            _ => None,
        }
    }

    /// Converts an int-like value (int, bool) to a BigInt.
    pub fn to_bigint(&self, v: &Value) -> Option<BigInt> {
        if let Some(i) = v.as_small_int() {
            return Some(BigInt::from(i));
        }
        if let Some(b) = v.as_bool() {
            return Some(BigInt::from(b as i64));
        }
        match v.as_bigint() {
            Some(b) => Some(b.clone()),
            None => self.to_bigint(&self.int_subclass_value(v)?),
        }
    }

    /// The int inside an instance of a subclass of `int` (CPython's `PyLong_Check` accepts
    /// those wherever it wants an int).
    pub fn int_subclass_value(&self, v: &Value) -> Option<Value> {
        let inner = &v.as_instance()?.base_value;
        (inner.is_small_int() || inner.as_bigint().is_some()).then(|| inner.clone())
    }

    /// An int-like value as i64, if it fits.
    pub fn to_i64(&self, v: &Value) -> Option<i64> {
        if let Some(i) = v.as_small_int() {
            return Some(i);
        }
        if let Some(b) = v.as_bool() {
            return Some(b as i64);
        }
        match v.as_bigint() {
            Some(b) => b.to_i64(),
            None => self.to_i64(&self.int_subclass_value(v)?),
        }
    }

    pub fn int_to_f64(&self, b: &BigInt) -> PyResult<f64> {
        match b.to_f64() {
            Some(x) if x.is_finite() => Ok(x),
            _ => Err(self.overflow_error("int too large to convert to float")),
        }
    }

    pub fn unary_op(&mut self, v: &Value, op: Unary) -> PyResult<Value> {
        if let Some(i) = v.as_small_int() {
            return Ok(match op {
                Unary::Pos => v.clone(),
                Unary::Neg => Value::int(-i),
                Unary::Invert => Value::int(!i),
            });
        }
        if let Some(x) = v.as_float() {
            match op {
                Unary::Pos => return Ok(v.clone()),
                Unary::Neg => return Ok(Value::float(-x)),
                Unary::Invert => {}
            }
        }
        if let Some(b) = self.to_bigint(v).filter(|_| !v.is_float()) {
            return Ok(match op {
                Unary::Pos => Value::bigint(b),
                Unary::Neg => Value::bigint(-b),
                Unary::Invert => Value::bigint(!b),
            });
        }
        if let Some(Obj::Complex(r, i)) = v.obj() {
            match op {
                Unary::Pos => return Ok(v.clone()),
                Unary::Neg => return Ok(Value::new_obj(Obj::Complex(-r, -i))),
                Unary::Invert => {}
            }
        }
        let (name, sym) = match op {
            Unary::Pos => ("__pos__", "+"),
            Unary::Neg => ("__neg__", "-"),
            Unary::Invert => ("__invert__", "~"),
        };
        if let Some(r) = self.call_special(v, name, &[])? {
            return Ok(r);
        }
        if let Some(inner) = self.unwrap_builtin(v) {
            return self.unary_op(&inner, op);
        }
        let t = self.type_name(v);
        Err(self.type_error(format!("bad operand type for unary {sym}: '{t}'")))
    }

    /// `BINARY_OP`: `op` is an NB_* number, in-place variants included (op >= 13).
    /// `a += b` for two strs when `a` holds the only reference to its string: appends in
    /// place, as CPython does, and says whether it did.
    pub fn grow_str_in_place(a: &mut Value, b: &Value) -> bool {
        let Some(t) = b.as_str() else {
            return false;
        };
        let grown = a.with_unique(|o| match o {
            Obj::Str(s) => {
                s.push_str(t);
                true
            }
            _ => false,
        });
        grown == Some(true)
    }

    pub fn binary_op(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        self.binary_op_after(a, b, op, Tried::Nothing)
    }

    /// The operator method a `BINARY_OP` on `a` and `b` calls first, when native code may
    /// call it directly: `a` is a plain instance of a user class (no built-in value inside,
    /// not an exception) and `b` is an immediate (int, float, bool, None) or an instance of
    /// the same class, so no reflected method goes first and no built-in operation applies.
    /// Gives the method and whether it is the in-place one. Depends only on the class and
    /// the class namespaces (the type epoch).
    pub fn binary_method(&self, a: &Value, b: &Value, op: u32) -> Option<(Value, bool)> {
        let inst = a.as_instance()?;
        let cls = a.class();
        let same = b.as_instance().is_some() && b.has_header_type(&cls);
        if !inst.base_value.is_null() || inst.exc.is_some() || !(same || b.obj().is_none()) {
            return None;
        }
        let base = op % 13;
        let (m, inplace) = match self.lookup_type(&cls, INPLACE_NAMES[base as usize]) {
            Some(m) if op >= 13 => (m, true),
            _ => (self.lookup_type(&cls, NB_NAMES[base as usize].0)?, false),
        };
        matches!(m.obj(), Some(Obj::Function(_))).then_some((m, inplace))
    }

    /// The rest of `a op b` after the method [`Vm::binary_method`] gave (`inplace`: the
    /// in-place one) returned NotImplemented.
    pub fn binary_op_rest(
        &mut self,
        a: &Value,
        b: &Value,
        op: u32,
        inplace: bool,
    ) -> PyResult<Value> {
        let tried = if inplace {
            Tried::Inplace
        } else {
            Tried::Forward
        };
        self.binary_op_after(a, b, op, tried)
    }

    /// `a op b`, where `tried` says which of `a`'s methods already returned NotImplemented.
    fn binary_op_after(&mut self, a: &Value, b: &Value, op: u32, tried: Tried) -> PyResult<Value> {
        let base = op % 13;
        if let (Some(x), Some(y)) = (a.as_small_int(), b.as_small_int()) {
            if let Some(r) = self.int_op(x, y, base)? {
                return Ok(r);
            }
        } else if let (Some(x), Some(y)) = (a.as_float(), b.as_float()) {
            return self.float_op(x, y, base);
        } else if let (Some(x), Some(y)) = (a.as_int64(), b.as_int64()) {
            // Ints past the immediate range but within 64 bits (hashes, LCG products):
            // machine arithmetic instead of big-integer copies.
            if let Some(r) = self.int_op(x, y, base)? {
                return Ok(r);
            }
        } else if let (Some(x), Some(y)) = (a.as_int128(), b.as_int128()) {
            // Up to 128 bits (a 64-bit hash times a multiplier, masked back): no big-integer
            // arithmetic either.
            if let Some(r) = wide_int_op(x, y, base) {
                return Ok(r);
            }
        }
        if op >= 13 {
            if let Some(r) = self.inplace_builtin(a, b, base)? {
                return Ok(r);
            }
            if a.as_instance().is_some() && tried == Tried::Nothing {
                if let Some(r) =
                    self.call_special(a, INPLACE_NAMES[base as usize], std::slice::from_ref(b))?
                {
                    if !r.is(&Value::NOT_IMPLEMENTED) {
                        return Ok(r);
                    }
                }
            }
        }
        if let (Some(x), Some(y)) = (int_ref(a), int_ref(b)) {
            if let Some(r) = self.big_op(&x, &y, base)? {
                return Ok(r);
            }
        }
        if let (Some(x), Some(y)) = (a.as_bool(), b.as_bool()) {
            // bool's own `&`, `|`, `^` give a bool (the rest are int's).
            match base {
                NB_AND => return Ok(Value::bool(x & y)),
                NB_OR => return Ok(Value::bool(x | y)),
                NB_XOR => return Ok(Value::bool(x ^ y)),
                _ => {}
            }
        }
        if let (Some(x), Some(y)) = (self.as_num(a), self.as_num(b)) {
            if let Some(r) = self.num_op(x, y, base)? {
                return Ok(r);
            }
        }
        // Subclasses of built-ins get their own operator methods first (below); the built-in
        // operation on the wrapped values comes after.
        let wraps = |v: &Value| v.as_instance().is_some_and(|i| !i.base_value.is_null());
        if !wraps(a) && !wraps(b) {
            if let Some(r) = self.seq_op(a, b, base)? {
                return Ok(r);
            }
        }
        let (lname, rname) = NB_NAMES[base as usize];
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let user_a = self.is_user_type(&ta);
        let user_b = self.is_user_type(&tb);
        if user_a || user_b {
            // A subclass's reflected method wins over the base class's.
            let rfirst = user_b && !ta.is(&tb) && self.is_subclass(&tb, &ta);
            if rfirst && tried != Tried::Forward {
                if let Some(r) = self.call_special(b, rname, std::slice::from_ref(a))? {
                    if !r.is(&Value::NOT_IMPLEMENTED) {
                        return Ok(r);
                    }
                }
            }
            if tried != Tried::Forward {
                if let Some(r) = self.call_special(a, lname, std::slice::from_ref(b))? {
                    if !r.is(&Value::NOT_IMPLEMENTED) {
                        return Ok(r);
                    }
                }
            }
            if !rfirst && !ta.is(&tb) {
                if let Some(r) = self.call_special(b, rname, std::slice::from_ref(a))? {
                    if !r.is(&Value::NOT_IMPLEMENTED) {
                        return Ok(r);
                    }
                }
            }
        }
        let (ua, ub) = (self.unwrap_builtin(a), self.unwrap_builtin(b));
        if ua.is_some() || ub.is_some() {
            let (x, y) = (ua.clone().unwrap_or(a.clone()), ub.unwrap_or(b.clone()));
            let r = self.binary_op(&x, &y, op)?;
            // An in-place operator that mutated the wrapped value yields the wrapper.
            return Ok(if ua.is_some_and(|inner| r.is(&inner)) {
                a.clone()
            } else {
                r
            });
        }
        if base == NB_OR {
            if let Some(u) = crate::builtins::union::union_or(self, a, b)? {
                return Ok(u);
            }
        }
        let sym = NB_OPS[op as usize];
        let (na, nb) = (self.type_name(a), self.type_name(b));
        if base == NB_ADD
            && (a.as_list().is_some() || a.as_tuple().is_some() || a.as_str().is_some())
        {
            let what = if a.as_str().is_some() {
                "str"
            } else if a.as_list().is_some() {
                "list"
            } else {
                "tuple"
            };
            let msg = if what == "str" {
                format!("can only concatenate str (not \"{nb}\") to str")
            } else {
                format!("can only concatenate {what} (not \"{nb}\") to {what}")
            };
            return Err(self.type_error(msg));
        }
        let is_seq = |v: &Value| {
            matches!(
                v.obj(),
                Some(Obj::List(_) | Obj::Tuple(_) | Obj::Str(_) | Obj::Bytes(_))
            )
        };
        // `a *= seq` repeats `seq` only when `a`'s type has no sequence slots at all (int,
        // None...): a dict, set or instance on the left is an unsupported operand (CPython's
        // PyNumber_InPlaceMultiply).
        let seq_slots = |v: &Value| {
            v.as_instance().is_some()
                || matches!(
                    v.obj(),
                    Some(Obj::Dict(_) | Obj::Set(_) | Obj::FrozenSet(_))
                )
        };
        let inplace_refused = op >= 13 && !is_seq(a) && seq_slots(a);
        if base == NB_MULTIPLY && (is_seq(a) || is_seq(b)) && !inplace_refused {
            let other = if is_seq(b) && !is_seq(a) { &na } else { &nb };
            return Err(self.type_error(format!(
                "can't multiply sequence by non-int of type '{other}'"
            )));
        }
        if base == NB_POWER {
            return Err(self.type_error(format!(
                "unsupported operand type(s) for ** or pow(): '{na}' and '{nb}'"
            )));
        }
        Err(self.type_error(format!(
            "unsupported operand type(s) for {sym}: '{na}' and '{nb}'"
        )))
    }

    /// Whether instances of `t` get their operators from its dunders: user classes, and
    /// native classes whose instances are plain objects (`types.UnionType`...).
    pub fn is_user_type(&self, t: &Value) -> bool {
        t.as_type()
            .is_some_and(|t| !t.builtin || matches!(t.kind, TypeKind::Instance | TypeKind::Native))
    }

    /// `x op y` for ints within 64 bits (None: leave it to the big-integer path).
    fn int_op(&mut self, x: i64, y: i64, op: u32) -> PyResult<Option<Value>> {
        let (wx, wy) = (x as i128, y as i128);
        Ok(Some(match op {
            NB_ADD => Value::int_wide(wx + wy),
            NB_SUBTRACT => Value::int_wide(wx - wy),
            NB_MULTIPLY => Value::int_wide(wx * wy),
            NB_FLOOR_DIVIDE => {
                if y == 0 {
                    return Err(self.zero_division("integer division or modulo by zero"));
                }
                Value::int_wide(Integer::div_floor(&wx, &wy))
            }
            NB_REMAINDER => {
                if y == 0 {
                    return Err(self.zero_division("integer modulo by zero"));
                }
                Value::int_wide(Integer::mod_floor(&wx, &wy))
            }
            NB_TRUE_DIVIDE => {
                if y == 0 {
                    return Err(self.zero_division("division by zero"));
                }
                // Exact conversions only: past 2**53 the big-integer path rounds correctly.
                const EXACT: u64 = 1 << 53;
                if x.unsigned_abs() > EXACT || y.unsigned_abs() > EXACT {
                    return Ok(None);
                }
                Value::float(x as f64 / y as f64)
            }
            NB_AND => Value::int(x & y),
            NB_OR => Value::int(x | y),
            NB_XOR => Value::int(x ^ y),
            NB_LSHIFT => {
                if y < 0 {
                    return Err(self.value_error("negative shift count"));
                }
                if y < 64 {
                    Value::int_wide(wx << y)
                } else {
                    return Ok(None);
                }
            }
            NB_RSHIFT => {
                if y < 0 {
                    return Err(self.value_error("negative shift count"));
                }
                Value::int(x >> y.min(63))
            }
            NB_POWER => {
                if y >= 0 {
                    if let Ok(e) = u32::try_from(y) {
                        if let Some(r) = x.checked_pow(e) {
                            return Ok(Some(Value::int(r)));
                        }
                    }
                }
                return Ok(None);
            }
            _ => return Ok(None),
        }))
    }

    fn float_op(&mut self, x: f64, y: f64, op: u32) -> PyResult<Value> {
        use crate::numfmt::floatops as fo;
        let r = match op {
            NB_ADD => x + y,
            NB_SUBTRACT => x - y,
            NB_MULTIPLY => x * y,
            NB_TRUE_DIVIDE => {
                if y == 0.0 {
                    return Err(self.zero_division("float division by zero"));
                }
                x / y
            }
            NB_FLOOR_DIVIDE => fo::float_floordiv(x, y).map_err(|e| self.num_error(e))?,
            NB_REMAINDER => fo::float_mod(x, y).map_err(|e| self.num_error(e))?,
            NB_POWER => match fo::float_pow(x, y) {
                Ok(r) => r,
                Err(fo::FloatError::NeedsComplex) => {
                    return self.complex_op((x, 0.0), (y, 0.0), NB_POWER);
                }
                Err(e) => return Err(self.num_error(e)),
            },
            _ => {
                let sym = NB_OPS[op as usize];
                return Err(self.type_error(format!(
                    "unsupported operand type(s) for {sym}: 'float' and 'float'"
                )));
            }
        };
        Ok(Value::float(r))
    }

    /// The common big-int operations on borrowed operands (no copies of them): `+ - * //`.
    fn big_op(&mut self, x: &BigInt, y: &BigInt, op: u32) -> PyResult<Option<Value>> {
        let r = match op {
            NB_ADD => x + y,
            NB_SUBTRACT => x - y,
            NB_MULTIPLY => x * y,
            NB_FLOOR_DIVIDE => {
                if y.is_zero() {
                    return Err(self.zero_division("integer division or modulo by zero"));
                }
                floor_div(x, y)
            }
            _ => return Ok(None),
        };
        Ok(Some(Value::bigint(r)))
    }

    fn num_op(&mut self, a: Num, b: Num, op: u32) -> PyResult<Option<Value>> {
        use crate::numfmt::floatops as fo;
        match (a, b) {
            (Num::Int(x), Num::Int(y)) => {
                let r = match op {
                    NB_ADD | NB_SUBTRACT | NB_MULTIPLY | NB_FLOOR_DIVIDE => {
                        return self.big_op(&x, &y, op);
                    }
                    NB_REMAINDER => {
                        if y.is_zero() {
                            return Err(self.zero_division("integer modulo by zero"));
                        }
                        x.mod_floor(&y)
                    }
                    NB_TRUE_DIVIDE => {
                        let r = fo::int_true_divide(&x, &y).map_err(|e| self.num_error(e))?;
                        return Ok(Some(Value::float(r)));
                    }
                    NB_AND => x & y,
                    NB_OR => x | y,
                    NB_XOR => x ^ y,
                    NB_LSHIFT | NB_RSHIFT => {
                        if y.is_negative() {
                            return Err(self.value_error("negative shift count"));
                        }
                        if op == NB_RSHIFT {
                            match y.to_usize() {
                                Some(n) => x >> n,
                                None => {
                                    if x.is_negative() {
                                        BigInt::from(-1)
                                    } else {
                                        BigInt::zero()
                                    }
                                }
                            }
                        } else {
                            // As CPython: a result too large for memory is a MemoryError.
                            match y.to_usize() {
                                _ if x.is_zero() => x,
                                Some(n) => {
                                    self.check_alloc(n / 8 + x.bits() as usize / 8)?;
                                    x << n
                                }
                                None => return Err(self.memory_error()),
                            }
                        }
                    }
                    NB_POWER => {
                        if y.is_negative() {
                            let xf = self.int_to_f64(&x)?;
                            let yf = self.int_to_f64(&y)?;
                            return self.float_op(xf, yf, NB_POWER).map(Some);
                        }
                        match y.to_u32() {
                            Some(e) => num_traits::pow::Pow::pow(x, e),
                            None => {
                                if x.is_zero() || x == BigInt::from(1) {
                                    x
                                } else if x == BigInt::from(-1) {
                                    if y.is_even() {
                                        BigInt::from(1)
                                    } else {
                                        x
                                    }
                                } else {
                                    return Err(self.overflow_error("exponent too large"));
                                }
                            }
                        }
                    }
                    _ => return Ok(None),
                };
                Ok(Some(Value::bigint(r)))
            }
            (Num::Complex(ar, ai), b) => {
                let b = match b {
                    Num::Int(y) => (self.int_to_f64(&y)?, 0.0),
                    Num::Float(y) => (y, 0.0),
                    Num::Complex(r, i) => (r, i),
                };
                self.complex_op((ar, ai), b, op).map(Some)
            }
            (a, Num::Complex(br, bi)) => {
                let a = match a {
                    Num::Int(x) => (self.int_to_f64(&x)?, 0.0),
                    Num::Float(x) => (x, 0.0),
                    Num::Complex(r, i) => (r, i),
                };
                self.complex_op(a, (br, bi), op).map(Some)
            }
            (a, b) => {
                let x = match a {
                    Num::Int(i) => self.int_to_f64(&i)?,
                    Num::Float(f) => f,
                    Num::Complex(..) => unreachable!("handled above"),
                };
                let y = match b {
                    Num::Int(i) => self.int_to_f64(&i)?,
                    Num::Float(f) => f,
                    Num::Complex(..) => unreachable!("handled above"),
                };
                match op {
                    NB_AND | NB_OR | NB_XOR | NB_LSHIFT | NB_RSHIFT => Ok(None),
                    _ => self.float_op(x, y, op).map(Some),
                }
            }
        }
    }

    fn complex_op(&mut self, a: (f64, f64), b: (f64, f64), op: u32) -> PyResult<Value> {
        let (ar, ai) = a;
        let (br, bi) = b;
        let r = match op {
            NB_ADD => (ar + br, ai + bi),
            NB_SUBTRACT => (ar - br, ai - bi),
            NB_MULTIPLY => (ar * br - ai * bi, ar * bi + ai * br),
            NB_TRUE_DIVIDE => {
                let d = br * br + bi * bi;
                if d == 0.0 {
                    return Err(self.zero_division("complex division by zero"));
                }
                ((ar * br + ai * bi) / d, (ai * br - ar * bi) / d)
            }
            NB_POWER => {
                if br == 0.0 && bi == 0.0 {
                    (1.0, 0.0)
                } else if ar == 0.0 && ai == 0.0 {
                    if bi != 0.0 || br < 0.0 {
                        return Err(self.zero_division("0.0 to a negative or complex power"));
                    }
                    (0.0, 0.0)
                } else {
                    let vabs = ar.hypot(ai);
                    let mut len = vabs.powf(br);
                    let at = ai.atan2(ar);
                    let mut phase = at * br;
                    if bi != 0.0 {
                        len /= (at * bi).exp();
                        phase += bi * vabs.ln();
                    }
                    (len * phase.cos(), len * phase.sin())
                }
            }
            _ => {
                let sym = NB_OPS[op as usize];
                return Err(self.type_error(format!(
                    "unsupported operand type(s) for {sym}: 'complex' and 'complex'"
                )));
            }
        };
        Ok(Value::new_obj(Obj::Complex(r.0, r.1)))
    }

    /// Maps a numeric helper error to a Python exception.
    pub fn num_error(&self, e: crate::numfmt::floatops::FloatError) -> Value {
        use crate::numfmt::floatops::FloatError;
        match e {
            FloatError::ZeroDivision(m) => self.zero_division(m),
            FloatError::Overflow(m) => self.overflow_error(m),
            FloatError::Value(m) => self.value_error(m),
            FloatError::NeedsComplex => self.value_error("math domain error"),
        }
    }

    /// Sequence concatenation/repetition, `%` formatting, set and dict operators.
    fn seq_op(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Option<Value>> {
        match op {
            NB_ADD => {
                if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
                    // As CPython: an empty operand gives back the other str itself.
                    if y.as_str().is_empty() {
                        return Ok(Some(a.clone()));
                    }
                    if x.as_str().is_empty() {
                        return Ok(Some(b.clone()));
                    }
                    let mut s = String::with_capacity(x.as_str().len() + y.as_str().len());
                    s.push_str(x.as_str());
                    s.push_str(y.as_str());
                    return Ok(Some(Value::string(s)));
                }
                if let (Some(x), Some(y)) = (a.as_list(), b.as_list()) {
                    let mut v = x.borrow().clone();
                    v.extend(y.borrow().iter().cloned());
                    return Ok(Some(Value::list(v)));
                }
                if let (Some(x), Some(y)) = (a.as_tuple(), b.as_tuple()) {
                    let mut v = x.to_vec();
                    v.extend_from_slice(y);
                    return Ok(Some(Value::tuple(v)));
                }
                if let Some(mut x) = a.bytes_data() {
                    let Some(y) = b.bytes_data() else {
                        let (ta, tb) = (self.type_name(a), self.type_name(b));
                        return Err(self.type_error(format!("can't concat {tb} to {ta}")));
                    };
                    x.extend_from_slice(&y);
                    return Ok(Some(match a.obj() {
                        Some(Obj::ByteArray(_)) => Value::bytearray(x),
                        _ => Value::bytes(x),
                    }));
                }
                Ok(None)
            }
            NB_MULTIPLY => {
                let (seq, n) = if b.is_int() && !a.is_int() {
                    (a, b)
                } else if a.is_int() && !b.is_int() {
                    (b, a)
                } else {
                    return Ok(None);
                };
                let count = match seq.obj() {
                    Some(
                        Obj::Str(_)
                        | Obj::List(_)
                        | Obj::Tuple(_)
                        | Obj::Bytes(_)
                        | Obj::ByteArray(_),
                    ) => self.to_i64(n).ok_or_else(|| {
                        self.overflow_error("cannot fit 'int' into an index-sized integer")
                    })?,
                    _ => return Ok(None),
                };
                self.repeat_seq(seq, count.max(0) as usize)
            }
            NB_REMAINDER => {
                if a.as_str().is_some() {
                    return Ok(Some(self.percent_format(a, b)?));
                }
                if let Some(f) = a.bytes_data() {
                    let r = self.bytes_percent_format(&f, b)?;
                    return Ok(Some(match a.obj() {
                        Some(Obj::ByteArray(_)) => Value::bytearray(r),
                        _ => Value::bytes(r),
                    }));
                }
                Ok(None)
            }
            NB_AND | NB_OR | NB_XOR | NB_SUBTRACT => {
                let is_set = |v: &Value| matches!(v.obj(), Some(Obj::Set(_) | Obj::FrozenSet(_)));
                if is_set(a) && is_set(b) {
                    return self.set_binop(a, b, op).map(Some);
                }
                // Keys and items views combine with any iterable into a set.
                let is_view = |v: &Value| matches!(v.obj(), Some(Obj::DictView(_, 0 | 2)));
                if is_view(a) || is_view(b) {
                    let (x, y) = (self.set_from(a, false)?, self.set_from(b, false)?);
                    return self.set_binop(&x, &y, op).map(Some);
                }
                if op == NB_OR {
                    if let (Some(_), Some(_)) = (a.as_dict(), b.as_dict()) {
                        let d = self.copy_dict(a)?;
                        self.dict_update(&d, b, None)?;
                        return Ok(Some(d));
                    }
                }
                Ok(None)
            }
            _ => Ok(None),
        }
    }

    // ----- comparison -------------------------------------------------------------------
    pub fn compare(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        if let (Some(x), Some(y)) = (a.as_small_int(), b.as_small_int()) {
            return Ok(Value::bool(cmp_ord(x.cmp(&y), op)));
        }
        if let (Some(x), Some(y)) = (a.as_float(), b.as_float()) {
            return Ok(Value::bool(cmp_float(x, y, op)));
        }
        self.rich_compare(a, b, op)
    }

    pub fn rich_compare(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        // A level of recursion, as in CPython: comparing self-containing containers is a
        // RecursionError, not a native stack overflow.
        self.enter_as(" in comparison")?;
        let r = self.rich_compare_inner(a, b, op);
        self.depth -= 1;
        r
    }

    fn rich_compare_inner(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Value> {
        if let Some(r) = self.native_compare(a, b, op)? {
            return Ok(Value::bool(r));
        }
        let sym = CMP_OP[op as usize];
        let (lname, rname) = CMP_NAMES[op as usize];
        let ta = self.type_of(a);
        let tb = self.type_of(b);
        let rfirst = !ta.is(&tb) && self.is_user_type(&tb) && self.is_subclass(&tb, &ta);
        if rfirst {
            if let Some(r) = self.call_special(b, rname, std::slice::from_ref(a))? {
                if !r.is(&Value::NOT_IMPLEMENTED) {
                    return Ok(r);
                }
            }
        }
        if self.is_user_type(&ta) {
            if let Some(r) = self.call_special(a, lname, std::slice::from_ref(b))? {
                if !r.is(&Value::NOT_IMPLEMENTED) {
                    return Ok(r);
                }
            }
        }
        if !rfirst && self.is_user_type(&tb) {
            if let Some(r) = self.call_special(b, rname, std::slice::from_ref(a))? {
                if !r.is(&Value::NOT_IMPLEMENTED) {
                    return Ok(r);
                }
            }
        }
        let (ua, ub) = (self.unwrap_builtin(a), self.unwrap_builtin(b));
        if ua.is_some() || ub.is_some() {
            let (x, y) = (ua.unwrap_or(a.clone()), ub.unwrap_or(b.clone()));
            return self.rich_compare(&x, &y, op);
        }
        match op {
            CMP_EQ => Ok(Value::bool(a.is(b))),
            CMP_NE => {
                if self.is_user_type(&ta) {
                    if let Some(r) = self.call_special(a, "__eq__", std::slice::from_ref(b))? {
                        if !r.is(&Value::NOT_IMPLEMENTED) {
                            let t = self.is_true(&r)?;
                            return Ok(Value::bool(!t));
                        }
                    }
                }
                Ok(Value::bool(!a.is(b)))
            }
            _ => {
                let (na, nb) = (self.type_name(a), self.type_name(b));
                Err(self.type_error(format!(
                    "'{sym}' not supported between instances of '{na}' and '{nb}'"
                )))
            }
        }
    }

    /// Comparison of built-in values; None when the types need dunder dispatch.
    fn native_compare(&mut self, a: &Value, b: &Value, op: u32) -> PyResult<Option<bool>> {
        if let (Some(x), Some(y)) = (self.as_num(a), self.as_num(b)) {
            return Ok(match (x, y) {
                (Num::Int(x), Num::Int(y)) => Some(cmp_ord(x.cmp(&y), op)),
                (Num::Float(x), Num::Float(y)) => Some(cmp_float(x, y, op)),
                (Num::Int(x), Num::Float(y)) => Some(cmp_int_float(&x, y, op, false)),
                (Num::Float(x), Num::Int(y)) => Some(cmp_int_float(&y, x, op, true)),
                (x, y) => {
                    let c = |n: Num| match n {
                        Num::Int(i) => (i.to_f64().unwrap_or(f64::INFINITY), 0.0),
                        Num::Float(f) => (f, 0.0),
                        Num::Complex(r, i) => (r, i),
                    };
                    let (x, y) = (c(x), c(y));
                    match op {
                        CMP_EQ => Some(x == y),
                        CMP_NE => Some(x != y),
                        _ => None,
                    }
                }
            });
        }
        match (a.obj(), b.obj()) {
            (Some(Obj::Str(x)), Some(Obj::Str(y))) => {
                Ok(Some(cmp_ord(x.as_str().cmp(y.as_str()), op)))
            }
            (Some(Obj::Bytes(_) | Obj::ByteArray(_)), Some(Obj::Bytes(_) | Obj::ByteArray(_))) => {
                let (x, y) = (a.bytes_data(), b.bytes_data());
                Ok(Some(cmp_ord(x.cmp(&y), op)))
            }
            (Some(Obj::MemoryView(_)), _) | (_, Some(Obj::MemoryView(_))) => {
                crate::builtins::memoryview::compare(self, a, b, op == CMP_EQ, op == CMP_NE)
            }
            // Tuples are immutable: compared in place (`a` and `b` keep them alive).
            (Some(Obj::Tuple(x)), Some(Obj::Tuple(y))) => self.seq_compare(x, y, op).map(Some),
            (Some(Obj::List(x)), Some(Obj::List(y))) => {
                let (x, y) = (x.borrow().clone(), y.borrow().clone());
                self.seq_compare(&x, &y, op).map(Some)
            }
            (Some(Obj::Dict(_) | Obj::InstDict(_)), Some(Obj::Dict(_) | Obj::InstDict(_))) => {
                match op {
                    CMP_EQ | CMP_NE => {
                        let eq = self.dict_eq(a, b)?;
                        Ok(Some(eq == (op == CMP_EQ)))
                    }
                    _ => Ok(None),
                }
            }
            (Some(Obj::Set(_) | Obj::FrozenSet(_)), Some(Obj::Set(_) | Obj::FrozenSet(_))) => {
                self.set_compare(a, b, op).map(Some)
            }
            (Some(Obj::BigRange(x)), Some(Obj::BigRange(y))) => match op {
                CMP_EQ | CMP_NE => {
                    let same = x.len == y.len
                        && (x.len.bits() == 0
                            || (x.start == y.start && (x.len == 1u32.into() || x.step == y.step)));
                    Ok(Some(same == (op == CMP_EQ)))
                }
                _ => Ok(None),
            },
            (Some(Obj::Range(x)), Some(Obj::Range(y))) => match op {
                CMP_EQ | CMP_NE => Ok(Some(Vm::range_eq(x, y) == (op == CMP_EQ))),
                _ => Ok(None),
            },
            (Some(Obj::DictView(x, kx)), Some(Obj::DictView(y, ky))) if *kx == 0 && *ky == 0 => {
                let _ = (x, y);
                match op {
                    CMP_EQ | CMP_NE => {
                        let sa = self.set_from(a, false)?;
                        let sb = self.set_from(b, false)?;
                        self.set_compare(&sa, &sb, op).map(Some)
                    }
                    _ => Ok(None),
                }
            }
            (Some(Obj::Slice(x)), Some(Obj::Slice(y))) => {
                self.seq_compare(&x[..], &y[..], op).map(Some)
            }
            _ => {
                // None/bools vs others, functions, types...: identity semantics for ==/!=.
                let ta = self.type_of(a);
                let tb = self.type_of(b);
                if !self.is_user_type(&ta) && !self.is_user_type(&tb) {
                    match op {
                        CMP_EQ => return Ok(Some(a.is(b) || self.same_builtin(a, b))),
                        CMP_NE => return Ok(Some(!(a.is(b) || self.same_builtin(a, b)))),
                        _ => {}
                    }
                }
                Ok(None)
            }
        }
    }

    fn same_builtin(&self, a: &Value, b: &Value) -> bool {
        match (a.obj(), b.obj()) {
            (Some(Obj::Method(s1, f1)), Some(Obj::Method(s2, f2))) => s1.is(s2) && f1.is(f2),
            (Some(Obj::Builtin(x)), Some(Obj::Builtin(y))) => {
                x.bound.is(&y.bound) && std::ptr::fn_addr_eq(x.func, y.func)
            }
            _ => false,
        }
    }

    fn seq_compare(&mut self, x: &[Value], y: &[Value], op: u32) -> PyResult<bool> {
        if (op == CMP_EQ || op == CMP_NE) && x.len() != y.len() {
            return Ok(op == CMP_NE);
        }
        for (a, b) in x.iter().zip(y) {
            if !self.eq(a, b)? {
                return match op {
                    CMP_EQ => Ok(false),
                    CMP_NE => Ok(true),
                    _ => {
                        let r = self.compare(a, b, op)?;
                        self.is_true(&r)
                    }
                };
            }
        }
        Ok(cmp_ord(x.len().cmp(&y.len()), op))
    }

    /// `a == b` as a bool (identity first, like CPython's containers).
    pub fn eq(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if a.is(b) {
            return Ok(true);
        }
        if let (Some(x), Some(y)) = (a.as_small_int(), b.as_small_int()) {
            return Ok(x == y);
        }
        if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
            return Ok(x.as_str() == y.as_str());
        }
        let r = self.rich_compare(a, b, CMP_EQ)?;
        self.is_true(&r)
    }

    /// `a < b` as a bool (used by sort and min).
    pub fn lt(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if let (Some(x), Some(y)) = (a.as_small_int(), b.as_small_int()) {
            return Ok(x < y);
        }
        if let (Some(x), Some(y)) = (a.as_float(), b.as_float()) {
            return Ok(x < y);
        }
        if let (Some(x), Some(y)) = (a.as_str(), b.as_str()) {
            return Ok(x.as_str() < y.as_str());
        }
        let r = self.rich_compare(a, b, CMP_LT)?;
        self.is_true(&r)
    }

    /// `a > b` as a bool (used by max).
    pub fn gt(&mut self, a: &Value, b: &Value) -> PyResult<bool> {
        if let (Some(x), Some(y)) = (a.as_small_int(), b.as_small_int()) {
            return Ok(x > y);
        }
        if let (Some(x), Some(y)) = (a.as_float(), b.as_float()) {
            return Ok(x > y);
        }
        let r = self.rich_compare(a, b, CMP_GT)?;
        self.is_true(&r)
    }

    // ----- truthiness, length -----------------------------------------------------------
    pub fn is_true(&mut self, v: &Value) -> PyResult<bool> {
        if let Some(b) = v.as_bool() {
            return Ok(b);
        }
        if let Some(i) = v.as_small_int() {
            return Ok(i != 0);
        }
        if let Some(x) = v.as_float() {
            return Ok(x != 0.0);
        }
        let Some(o) = v.obj() else {
            return Ok(!(v.is_none() || v.is_null()));
        };
        Ok(match o {
            Obj::Int(b) => !b.is_zero(),
            Obj::Str(s) => !s.as_str().is_empty(),
            Obj::Bytes(b) => !b.is_empty(),
            Obj::ByteArray(b) => !b.borrow().is_empty(),
            Obj::Complex(r, i) => *r != 0.0 || *i != 0.0,
            Obj::Tuple(t) => !t.is_empty(),
            Obj::List(l) => !l.borrow().is_empty(),
            Obj::Dict(_) | Obj::InstDict(_) => v.as_dict().is_some_and(|d| !d.borrow().is_empty()),
            Obj::Set(s) => !s.borrow().is_empty(),
            Obj::FrozenSet(s) => !s.is_empty(),
            Obj::Range(r) => !r.is_empty(),
            Obj::BigRange(r) => !num_traits::Zero::is_zero(&r.len),
            Obj::DictView(d, _) => d.as_dict().is_some_and(|d| !d.borrow().is_empty()),
            Obj::Instance(_) => {
                if let Some(r) = self.call_special(v, "__bool__", &[])? {
                    return match r.as_bool() {
                        Some(b) => Ok(b),
                        None => {
                            let t = self.type_name(&r);
                            Err(self
                                .type_error(format!("__bool__ should return bool, returned {t}")))
                        }
                    };
                }
                if let Some(r) = self.call_special(v, "__len__", &[])? {
                    let n = self.len_result(&r)?;
                    return Ok(n != 0);
                }
                match self.unwrap_builtin(v) {
                    Some(inner) => return self.is_true(&inner),
                    None => true,
                }
            }
            _ => true,
        })
    }

    pub fn len(&mut self, v: &Value) -> PyResult<usize> {
        if let Some(o) = v.obj() {
            let n = match o {
                Obj::Str(s) => Some(s.char_len()),
                Obj::Bytes(b) => Some(b.len()),
                Obj::ByteArray(b) => Some(b.borrow().len()),
                Obj::MemoryView(m) => Some(m.nbytes / m.itemsize),
                Obj::Tuple(t) => Some(t.len()),
                Obj::List(l) => Some(l.borrow().len()),
                Obj::Dict(_) | Obj::InstDict(_) => v.as_dict().map(|d| d.borrow().len()),
                Obj::Set(s) => Some(s.borrow().len()),
                Obj::FrozenSet(s) => Some(s.len()),
                Obj::Range(r) => Some(self.range_len(r)?),
                Obj::BigRange(r) => Some(self.bigrange_len(r)?),
                Obj::DictView(d, _) => d.as_dict().map(|d| d.borrow().len()),
                _ => None,
            };
            if let Some(n) = n {
                return Ok(n);
            }
            if let Some(r) = self.call_special(v, "__len__", &[])? {
                return self.len_result(&r);
            }
        }
        let t = self.type_name(v);
        Err(self.type_error(format!("object of type '{t}' has no len()")))
    }

    fn len_result(&mut self, r: &Value) -> PyResult<usize> {
        match self.to_i64(r) {
            Some(n) if n >= 0 => Ok(n as usize),
            Some(_) => Err(self.value_error("__len__() should return >= 0")),
            None => {
                let t = self.type_name(r);
                Err(self.type_error(format!("'{t}' object cannot be interpreted as an integer")))
            }
        }
    }

    // ----- hashing ----------------------------------------------------------------------
    /// `hash(v)` as CPython computes it (for ints, floats, tuples, bools), as a u64.
    #[inline]
    pub fn hash(&mut self, v: &Value) -> PyResult<u64> {
        if let Some(i) = v.as_small_int() {
            return Ok(small_int_hash(i) as u64);
        }
        match v.as_str() {
            Some(s) => Ok(s.hash()),
            None => self.hash_other(v),
        }
    }

    /// [`Vm::hash`] of anything but a small int or a str.
    fn hash_other(&mut self, v: &Value) -> PyResult<u64> {
        use crate::numfmt::floatops::{float_hash, int_hash};
        if let Some(b) = v.as_bool() {
            return Ok(b as u64);
        }
        if let Some(x) = v.as_float() {
            return Ok(match float_hash(x) {
                Some(h) => h as u64,
                None => v.addr() >> 4,
            });
        }
        let Some(o) = v.obj() else {
            return Ok(v.bits() >> 4);
        };
        match o {
            Obj::Str(s) => Ok(s.hash()),
            Obj::Int(b) => Ok(int_hash(b) as u64),
            Obj::Bytes(b) => Ok(crate::object::str::hash_bytes(b)),
            Obj::MemoryView(_) => crate::builtins::memoryview::hash_value(self, v),
            Obj::Tuple(t) => {
                let items = t.to_vec();
                self.tuple_hash(&items)
            }
            Obj::FrozenSet(s) => Ok(s.frozenset_hash()),
            Obj::Complex(r, i) => {
                let hr = float_hash(*r).unwrap_or(0);
                let hi = float_hash(*i).unwrap_or(0);
                let mut h = hr.wrapping_add(1000003i64.wrapping_mul(hi));
                if h == -1 {
                    h = -2;
                }
                Ok(h as u64)
            }
            Obj::List(_)
            | Obj::Dict(_)
            | Obj::InstDict(_)
            | Obj::Set(_)
            | Obj::Slice(_)
            | Obj::ByteArray(_) => {
                let t = self.type_name(v);
                Err(self.type_error(format!("unhashable type: '{t}'")))
            }
            Obj::Type(_) if self.metaclass_is_type(v) => Ok(v.addr() >> 4),
            Obj::Instance(_) | Obj::Type(_) => {
                let t = self.type_of(v);
                match self.lookup_type(&t, "__hash__") {
                    Some(h) if h.is_none() => {
                        let t = self.type_name(v);
                        Err(self.type_error(format!("unhashable type: '{t}'")))
                    }
                    Some(h) if !matches!(h.obj(), Some(Obj::Builtin(b)) if b.owner == "object") => {
                        let r = self.call(&h, std::slice::from_ref(v), &[])?;
                        match self.to_bigint(&r) {
                            Some(b) => {
                                let h = match b.to_i64() {
                                    Some(i) if i != -1 => i,
                                    _ => int_hash(&b),
                                };
                                Ok(h as u64)
                            }
                            None => {
                                Err(self.type_error("__hash__ method should return an integer"))
                            }
                        }
                    }
                    _ => match self.unwrap_builtin(v) {
                        // A subclass of a hashable built-in hashes as its value.
                        Some(inner) => self.hash(&inner),
                        None => Ok(v.addr() >> 4),
                    },
                }
            }
            _ => Ok(v.addr() >> 4),
        }
    }

    fn tuple_hash(&mut self, items: &[Value]) -> PyResult<u64> {
        const P1: u64 = 11400714785074694791;
        const P2: u64 = 14029467366897019727;
        const P5: u64 = 2870177450012600261;
        let mut acc = P5;
        for it in items {
            let lane = self.hash(it)?;
            acc = acc.wrapping_add(lane.wrapping_mul(P2));
            acc = acc.rotate_left(31);
            acc = acc.wrapping_mul(P1);
        }
        acc = acc.wrapping_add((items.len() as u64) ^ (P5 ^ 3527539));
        if acc == u64::MAX {
            return Ok(1546275796);
        }
        Ok(acc)
    }

    /// `hash(v)` as a Python int.
    pub fn hash_value(&mut self, v: &Value) -> PyResult<Value> {
        let h = self.hash(v)? as i64;
        Ok(Value::int(h))
    }
}

/// `x op y` on ints of up to 128 bits for the operators whose result needs no error
/// check: None when it would not fit in 128 bits, or for any other operator.
fn wide_int_op(x: i128, y: i128, op: u32) -> Option<Value> {
    let r = match op {
        NB_ADD => x.checked_add(y)?,
        NB_SUBTRACT => x.checked_sub(y)?,
        NB_MULTIPLY => x.checked_mul(y)?,
        NB_AND => x & y,
        NB_OR => x | y,
        NB_XOR => x ^ y,
        _ => return None,
    };
    Some(Value::int_wide(r))
}

/// CPython's hash of a small int (48 bits, far inside 2**61 - 1, the hash modulus): the int
/// itself, but -1 (the error marker of CPython's hash functions) becomes -2.
#[inline]
pub fn small_int_hash(i: i64) -> i64 {
    if i == -1 {
        -2
    } else {
        i
    }
}

pub fn cmp_ord(o: std::cmp::Ordering, op: u32) -> bool {
    use std::cmp::Ordering::*;
    match op {
        CMP_LT => o == Less,
        CMP_LE => o != Greater,
        CMP_EQ => o == Equal,
        CMP_NE => o != Equal,
        CMP_GT => o == Greater,
        _ => o != Less,
    }
}

pub fn cmp_float(x: f64, y: f64, op: u32) -> bool {
    match op {
        CMP_LT => x < y,
        CMP_LE => x <= y,
        CMP_EQ => x == y,
        CMP_NE => x != y,
        CMP_GT => x > y,
        _ => x >= y,
    }
}

/// Exact comparison of an int with a float (`swapped`: the float is on the left).
fn cmp_int_float(i: &BigInt, f: f64, op: u32, swapped: bool) -> bool {
    use std::cmp::Ordering;
    if f.is_nan() {
        return op == CMP_NE;
    }
    let ord = if f.is_infinite() {
        if f > 0.0 {
            Ordering::Less
        } else {
            Ordering::Greater
        }
    } else {
        let fl = f.floor();
        let fi = crate::numfmt::floatops::float_to_bigint(fl).unwrap_or_default();
        match i.cmp(&fi) {
            Ordering::Equal => {
                if fl < f {
                    Ordering::Less
                } else {
                    Ordering::Equal
                }
            }
            o => o,
        }
    };
    let ord = if swapped { ord.reverse() } else { ord };
    cmp_ord(ord, op)
}
