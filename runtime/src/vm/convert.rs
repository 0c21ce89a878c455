//! Text conversions of values: `repr`, `str`, `ascii`, `format()` and `%`-formatting.

use crate::bytecode::repr::{bytes_repr, complex_repr, str_repr};
use crate::numfmt::float_repr;
use crate::object::Obj;
use crate::value::Value;
use crate::vm::{PyResult, Vm};

impl Vm {
    /// `FORMAT_VALUE`: `v` converted by `flags & 3` (1 `str`, 2 `repr`, 3 `ascii`), then
    /// formatted with `spec` (a str, or NULL for none), as in an f-string's `{v!r:spec}`.
    pub fn format_value(&mut self, v: Value, flags: u32, spec: &Value) -> PyResult<Value> {
        let v = match flags & 0x03 {
            1 => Value::string(self.str_of(&v)?),
            2 => Value::string(self.repr_of(&v)?),
            3 => Value::string(self.ascii_of(&v)?),
            _ => v,
        };
        let spec = spec.as_str().map(|s| s.as_str()).unwrap_or("");
        if spec.is_empty() && v.as_str().is_some() {
            return Ok(v);
        }
        let spec = spec.to_string();
        Ok(Value::string(self.format(&v, &spec)?))
    }

    /// `repr(v)`; a recursion level for objects, as `PyObject_Repr` is in CPython.
    pub fn repr_of(&mut self, v: &Value) -> PyResult<String> {
        if v.obj().is_none() {
            return self.repr_inner(v);
        }
        self.enter_as(" while getting the repr of an object")?;
        let r = self.repr_inner(v);
        self.depth -= 1;
        r
    }

    fn repr_inner(&mut self, v: &Value) -> PyResult<String> {
        if let Some(i) = v.as_small_int() {
            return Ok(i.to_string());
        }
        if let Some(x) = v.as_float() {
            return Ok(float_repr(x));
        }
        if let Some(b) = v.as_bool() {
            return Ok(if b { "True" } else { "False" }.into());
        }
        let Some(o) = v.obj() else {
            return Ok(match v.bits() & 0xF {
                1 => "None",
                2 => "NotImplemented",
                _ => "Ellipsis",
            }
            .into());
        };
        Ok(match o {
            Obj::Int(b) => {
                self.check_int_to_str(b)?;
                b.to_string()
            }
            Obj::Str(s) => str_repr(s.as_str()),
            Obj::Bytes(b) => bytes_repr(b),
            Obj::ByteArray(b) => format!("bytearray({})", bytes_repr(&b.borrow())),
            Obj::MemoryView(_) => format!("<memory at {:#x}>", v.addr()),
            Obj::Complex(r, i) => complex_repr(*r, *i),
            Obj::Tuple(_) if self.repr_stack.contains(&v.addr()) => "(...)".into(),
            Obj::List(_) if self.repr_stack.contains(&v.addr()) => "[...]".into(),
            Obj::Tuple(t) => {
                let items = t.to_vec();
                if items.len() == 1 {
                    format!("({},)", self.repr_guarded(v, &items[0])?)
                } else {
                    format!("({})", self.join_reprs(v, &items)?)
                }
            }
            Obj::List(l) => {
                let items = l.borrow().clone();
                format!("[{}]", self.join_reprs(v, &items)?)
            }
            Obj::Dict(_) | Obj::InstDict(_) => {
                let items = v.dict_pairs();
                if self.repr_enter(v) {
                    return Ok("{...}".into());
                }
                let mut parts = Vec::with_capacity(items.len());
                for (k, val) in &items {
                    let r = (|| -> PyResult<String> {
                        Ok(format!("{}: {}", self.repr_of(k)?, self.repr_of(val)?))
                    })();
                    match r {
                        Ok(s) => parts.push(s),
                        Err(e) => {
                            self.repr_leave(v);
                            return Err(e);
                        }
                    }
                }
                self.repr_leave(v);
                format!("{{{}}}", parts.join(", "))
            }
            Obj::Set(s) => {
                let items: Vec<Value> = s.borrow().iter().map(|(_, k)| k.clone()).collect();
                if items.is_empty() {
                    "set()".into()
                } else {
                    format!("{{{}}}", self.join_reprs(v, &items)?)
                }
            }
            Obj::FrozenSet(s) => {
                let items: Vec<Value> = s.iter().map(|(_, k)| k.clone()).collect();
                if items.is_empty() {
                    "frozenset()".into()
                } else {
                    format!("frozenset({{{}}})", self.join_reprs(v, &items)?)
                }
            }
            Obj::BigRange(r) => Vm::bigrange_repr(r),
            Obj::Range(r) => {
                if r.step == 1 {
                    format!("range({}, {})", r.start, r.stop)
                } else {
                    format!("range({}, {}, {})", r.start, r.stop, r.step)
                }
            }
            Obj::Slice(s) => {
                let s = s.clone();
                format!(
                    "slice({}, {}, {})",
                    self.repr_of(&s[0])?,
                    self.repr_of(&s[1])?,
                    self.repr_of(&s[2])?
                )
            }
            Obj::Function(f) => {
                format!(
                    "<function {} at {:#x}>",
                    self.str_value(&f.qualname.borrow()),
                    v.addr()
                )
            }
            Obj::Builtin(b) => {
                if b.bound.is_null() || b.owner.is_empty() {
                    if b.owner.is_empty() {
                        format!("<built-in function {}>", b.name)
                    } else {
                        format!("<method '{}' of '{}' objects>", b.name, b.owner)
                    }
                } else {
                    let tn = self.type_name(&b.bound);
                    format!(
                        "<built-in method {} of {} object at {:#x}>",
                        b.name,
                        tn,
                        b.bound.addr()
                    )
                }
            }
            Obj::Method(s, f) => {
                let (s, f) = (s.clone(), f.clone());
                let fname = match f.as_function() {
                    Some(func) => self.str_value(&func.qualname.borrow()),
                    None => "?".into(),
                };
                format!("<bound method {} of {}>", fname, self.repr_of(&s)?)
            }
            Obj::Cell(_) => format!("<cell at {:#x}>", v.addr()),
            Obj::Code(c) => format!(
                "<code object {} at {:#x}, file \"{}\", line {}>",
                c.name,
                v.addr(),
                c.filename(),
                c.raw.firstlineno
            ),
            Obj::Type(t) => {
                if !self.metaclass_is_type(v) {
                    let meta = self.type_of(v);
                    if let Some(text) = self.user_text_dunder(v, &meta, "__repr__")? {
                        return Ok(text);
                    }
                }
                let m = t.module.borrow().to_string();
                if m == "builtins" {
                    format!("<class '{}'>", t.qualname.borrow())
                } else {
                    format!("<class '{}.{}'>", m, t.qualname.borrow())
                }
            }
            Obj::Module(_) => self.module_repr(v)?,
            Obj::Generator(g) => format!(
                "<generator object {} at {:#x}>",
                g.borrow().qualname,
                v.addr()
            ),
            Obj::Iter(k, _) => format!("<{} object at {:#x}>", k.name(), v.addr()),
            Obj::DictView(d, kind) => {
                let d = d.clone();
                let kind = *kind;
                let name = ["dict_keys", "dict_values", "dict_items"][kind as usize];
                let items = self.collect(v)?;
                let _ = d;
                format!("{name}([{}])", self.join_reprs(v, &items)?)
            }
            Obj::Property(_) => format!("<property object at {:#x}>", v.addr()),
            Obj::StaticMethod(_) => format!("<staticmethod object at {:#x}>", v.addr()),
            Obj::ClassMethod(_) => format!("<classmethod object at {:#x}>", v.addr()),
            Obj::Super(..) => "<super object>".into(),
            Obj::Native(_) => {
                let cls = self.type_of(v);
                match self.user_text_dunder(v, &cls, "__repr__")? {
                    Some(text) => text,
                    None => self.default_repr(v)?,
                }
            }
            Obj::Instance(i) => {
                let cls = v.class();
                if let Some(text) = self.user_text_dunder(v, &cls, "__repr__")? {
                    return Ok(text);
                }
                if !i.base_value.is_null() && !matches!(i.base_value.obj(), Some(Obj::Native(_))) {
                    let inner = i.base_value.clone();
                    let r = self.repr_of(&inner)?;
                    // Sets show their class, as CPython's set repr does for subclasses.
                    return Ok(match inner.obj() {
                        Some(Obj::Set(s)) if s.borrow().is_empty() => {
                            format!("{}()", self.type_name(v))
                        }
                        Some(Obj::Set(_)) => format!("{}({r})", self.type_name(v)),
                        _ => r,
                    });
                }
                if i.exc.is_some() {
                    let args = self.exc_args(v);
                    let t = cls
                        .as_type()
                        .map(|t| t.name().to_string())
                        .unwrap_or_default();
                    let items = args.as_tuple().map(|t| t.to_vec()).unwrap_or_default();
                    if items.len() == 1 {
                        return Ok(format!("{t}({})", self.repr_of(&items[0])?));
                    }
                    return Ok(format!("{t}({})", self.join_reprs(v, &items)?));
                }
                self.default_repr(v)?
            }
        })
    }

    /// Calls a class's own `__repr__`/`__str__` (not the `object`/`BaseException` default),
    /// checking that it returns a str. None when the class does not override it.
    fn user_text_dunder(&mut self, v: &Value, cls: &Value, name: &str) -> PyResult<Option<String>> {
        let Some(m) = self.lookup_type(cls, name) else {
            return Ok(None);
        };
        if matches!(m.obj(), Some(Obj::Builtin(b)) if b.owner == "object" || b.owner == "BaseException")
        {
            return Ok(None);
        }
        let s = self.call(&m, std::slice::from_ref(v), &[])?;
        match s.as_str() {
            Some(s) => Ok(Some(s.as_str().to_string())),
            None => {
                let tn = self.type_name(&s);
                Err(self.type_error(format!("{name} returned non-string (type {tn})")))
            }
        }
    }

    /// `<__main__.C object at 0x...>`.
    pub fn default_repr(&self, v: &Value) -> PyResult<String> {
        let t = self.type_of(v);
        let ty = t.as_type().expect("type");
        let m = ty.module.borrow().to_string();
        let q = ty.qualname.borrow().to_string();
        Ok(if m == "builtins" {
            format!("<{q} object at {:#x}>", v.addr())
        } else {
            format!("<{m}.{q} object at {:#x}>", v.addr())
        })
    }

    fn join_reprs(&mut self, container: &Value, items: &[Value]) -> PyResult<String> {
        if self.repr_enter(container) {
            return Ok("...".into());
        }
        let mut out = String::new();
        for (i, it) in items.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            match self.repr_of(it) {
                Ok(s) => out.push_str(&s),
                Err(e) => {
                    self.repr_leave(container);
                    return Err(e);
                }
            }
        }
        self.repr_leave(container);
        Ok(out)
    }

    fn repr_guarded(&mut self, container: &Value, item: &Value) -> PyResult<String> {
        self.join_reprs(container, std::slice::from_ref(item))
    }

    /// Recursion guard for self-containing containers: true if already being printed.
    fn repr_enter(&mut self, v: &Value) -> bool {
        let a = v.addr();
        if self.repr_stack.contains(&a) {
            return true;
        }
        self.repr_stack.push(a);
        false
    }

    fn repr_leave(&mut self, v: &Value) {
        let a = v.addr();
        if let Some(p) = self.repr_stack.iter().rposition(|x| *x == a) {
            self.repr_stack.remove(p);
        }
    }

    /// `str(v)`; a recursion level for instances, as `PyObject_Str` is in CPython.
    pub fn str_of(&mut self, v: &Value) -> PyResult<String> {
        if let Some(s) = v.as_str() {
            return Ok(s.as_str().to_string());
        }
        if v.as_instance().is_none() {
            return self.repr_of(v);
        }
        self.enter_as(" while getting the str of an object")?;
        let r = self.str_inner(v);
        self.depth -= 1;
        r
    }

    fn str_inner(&mut self, v: &Value) -> PyResult<String> {
        if let Some(i) = v.as_instance() {
            let cls = v.class();
            if let Some(text) = self.user_text_dunder(v, &cls, "__str__")? {
                return Ok(text);
            }
            // `str.__str__`, inherited: the text itself.
            if let Some(s) = i.base_value.as_str() {
                return Ok(s.as_str().to_string());
            }
            if i.exc.is_some() {
                let args = self.exc_args(v);
                let items = args.as_tuple().map(|t| t.to_vec()).unwrap_or_default();
                let is_key_error = self.isinstance(v, &self.exc.key_error.clone());
                return match items.len() {
                    0 => Ok(String::new()),
                    1 if is_key_error => self.repr_of(&items[0]),
                    1 => self.str_of(&items[0]),
                    _ => self.repr_of(&args),
                };
            }
        }
        self.repr_of(v)
    }

    pub fn ascii_of(&mut self, v: &Value) -> PyResult<String> {
        let r = self.repr_of(v)?;
        let mut out = String::with_capacity(r.len());
        for c in r.chars() {
            let n = c as u32;
            if n < 0x80 {
                out.push(c);
            } else if n < 0x100 {
                out.push_str(&format!("\\x{n:02x}"));
            } else if n < 0x10000 {
                out.push_str(&format!("\\u{n:04x}"));
            } else {
                out.push_str(&format!("\\U{n:08x}"));
            }
        }
        Ok(out)
    }

    /// `format(v, spec)`.
    pub fn format(&mut self, v: &Value, spec: &str) -> PyResult<String> {
        use crate::numfmt::{format_float, format_int, format_str, parse_format_spec, FmtError};
        if v.as_instance().is_some() && self.has_user_special(v, "__format__") {
            let r = self
                .call_special(v, "__format__", &[Value::str(spec)])?
                .unwrap_or(Value::NONE);
            return match r.as_str() {
                Some(s) => Ok(s.as_str().to_string()),
                None => Err(self.type_error("__format__ must return a str")),
            };
        }
        if spec.is_empty() {
            return self.str_of(v);
        }
        if let Some(inner) = self.unwrap_builtin(v) {
            // The built-in's `__format__`, inherited.
            return self.format(&inner, spec);
        }
        let tn = self.type_name(v);
        let parsed = parse_format_spec(spec, &tn).map_err(|m| self.value_error(m))?;
        self.check_alloc(parsed.width.unwrap_or(0))?;
        let r = if v.is_float() {
            format_float(v.as_float().unwrap_or(0.0), &parsed)
        } else if v.is_int() {
            // bool inherits int.__format__: only an empty spec gives "True"/"False".
            let b = self.to_bigint(v).unwrap_or_default();
            if matches!(parsed.ty, None | Some('d' | 'n')) {
                self.check_int_to_str(&b)?;
            }
            format_int(&b, &parsed)
        } else if let Some(s) = v.as_str() {
            format_str(s.as_str(), &parsed).map_err(FmtError::Value)
        } else if v.as_instance().is_some()
            || matches!(
                v.obj(),
                Some(Obj::Tuple(_) | Obj::List(_) | Obj::Dict(_) | Obj::InstDict(_))
            )
            || v.is_none()
        {
            let tn = self.type_name(v);
            return Err(self.type_error(format!(
                "unsupported format string passed to {tn}.__format__"
            )));
        } else {
            let s = self.str_of(v)?;
            format_str(&s, &parsed).map_err(FmtError::Value)
        };
        r.map_err(|e| match e {
            FmtError::Value(m) => self.value_error(m),
            FmtError::Overflow(m) => self.overflow_error(m),
        })
    }

    /// `str % args`.
    pub fn percent_format(&mut self, fmt: &Value, args: &Value) -> PyResult<Value> {
        let f = self.str_value(fmt);
        self.percent_core(&f, args, false).map(Value::string)
    }

    /// `bytes % args`: the format is handled as latin-1 text, `%s`/`%b` take bytes-like
    /// objects, `%r`/`%a` use `ascii()`, `%c` takes a byte.
    /// A `*` width (`c_int` false: a C ssize_t) or precision (a C int).
    fn star_count(&self, v: &Value, c_int: bool) -> PyResult<i64> {
        if !v.is_int() {
            return Err(self.type_error("* wants int"));
        }
        let (fits, what) = match self.to_i64(v) {
            Some(n) if c_int => (i32::try_from(n).is_ok().then_some(n), "int"),
            Some(n) => (Some(n), "ssize_t"),
            None => (None, if c_int { "int" } else { "ssize_t" }),
        };
        fits.ok_or_else(|| {
            self.overflow_error(format!("Python int too large to convert to C {what}"))
        })
    }

    pub fn bytes_percent_format(&mut self, fmt: &[u8], args: &Value) -> PyResult<Vec<u8>> {
        let f: String = fmt.iter().map(|&b| b as char).collect();
        let out = self.percent_core(&f, args, true)?;
        Ok(out.chars().map(|c| c as u32 as u8).collect())
    }

    fn percent_core(&mut self, f: &str, args: &Value, bytes: bool) -> PyResult<String> {
        use crate::numfmt::percent::{
            format_percent_float, format_percent_int, pad_percent_str, parse_percent, Count, Piece,
        };
        let pieces = parse_percent(f).map_err(|m| self.value_error(m))?;
        // A tuple, or an instance of a tuple subclass (CPython's PyTuple_Check).
        let tuple = match args.as_instance() {
            Some(i) if i.base_value.as_tuple().is_some() => i.base_value.clone(),
            _ => args.clone(),
        };
        let arg_list: Vec<Value> = match tuple.as_tuple() {
            Some(t) => t.to_vec(),
            None => vec![args.clone()],
        };
        // CPython's rule: any mapping-like argument (a type with `__getitem__`) but a tuple or
        // a str (nor bytes or bytearray, for bytes formatting) supplies `%(key)s` and needs
        // no conversions.
        let own_kind = match args.obj() {
            Some(Obj::Str(_)) => true,
            Some(Obj::Bytes(_) | Obj::ByteArray(_)) => bytes,
            _ => false,
        };
        let mapping = (args.as_dict().is_some()
            || (args.as_tuple().is_none()
                && !own_kind
                && self
                    .lookup_type(&self.type_of(args), "__getitem__")
                    .is_some()))
        .then(|| args.clone());
        let mut next = 0usize;
        let mut out = String::new();
        let mut take = |vm: &mut Vm| -> PyResult<Value> {
            if next < arg_list.len() {
                next += 1;
                Ok(arg_list[next - 1].clone())
            } else {
                Err(vm.type_error("not enough arguments for format string"))
            }
        };
        for p in pieces {
            match p {
                Piece::Literal(s) => out.push_str(&s),
                Piece::Spec(mut spec) => {
                    if spec.width == Some(Count::Star) {
                        let w = take(self)?;
                        let w = self.star_count(&w, false)?;
                        spec.set_star_width(w);
                    }
                    if spec.precision == Some(Count::Star) {
                        let pr = take(self)?;
                        let pr = self.star_count(&pr, true)?;
                        spec.set_star_precision(pr);
                    }
                    if spec.conv == '%' {
                        out.push('%');
                        continue;
                    }
                    let v = match &spec.key {
                        Some(k) => match &mapping {
                            Some(m) => {
                                // A bytes format's keys are bytes (its text is latin-1 here).
                                let key = if bytes {
                                    Value::bytes(k.chars().map(|c| c as u32 as u8).collect())
                                } else {
                                    Value::str(k)
                                };
                                match m.as_dict() {
                                    Some(_) => match self.dict_get(m, &key)? {
                                        Some(v) => v,
                                        None => return Err(self.key_error(key)),
                                    },
                                    None => self.getitem(m, &key)?,
                                }
                            }
                            None => return Err(self.type_error("format requires a mapping")),
                        },
                        None => take(self)?,
                    };
                    if bytes && spec.conv == 'b' {
                        spec.conv = 's';
                    }
                    if let Some(m) = spec.unsupported_error() {
                        return Err(self.value_error(m));
                    }
                    self.check_alloc(spec.width_value())?;
                    let s = match spec.conv {
                        's' | 'r' | 'a' | 'c' if bytes => {
                            let s = self.percent_bytes_arg(&v, spec.conv)?;
                            pad_percent_str(&s, &spec)
                        }
                        's' => {
                            let s = self.str_of(&v)?;
                            pad_percent_str(&s, &spec)
                        }
                        'r' => {
                            let s = self.repr_of(&v)?;
                            pad_percent_str(&s, &spec)
                        }
                        'a' => {
                            let s = self.ascii_of(&v)?;
                            pad_percent_str(&s, &spec)
                        }
                        'c' => {
                            let c = match v.as_str() {
                                Some(s) if s.char_len() == 1 => s.char_at(0),
                                _ if v.is_int() => self
                                    .to_i64(&v)
                                    .and_then(|i| u32::try_from(i).ok())
                                    .and_then(char::from_u32)
                                    .ok_or_else(|| {
                                        self.overflow_error("%c arg not in range(0x110000)")
                                    })?,
                                _ => return Err(self.type_error("%c requires int or char")),
                            };
                            pad_percent_str(&c.to_string(), &spec)
                        }
                        'd' | 'i' | 'u' | 'o' | 'x' | 'X' => {
                            let b = if let Some(b) = self.to_bigint(&v) {
                                b
                            } else if let Some(x) = v.as_float() {
                                crate::numfmt::floatops::float_to_bigint(x.trunc())
                                    .map_err(|e| self.num_error(e))?
                            } else {
                                let tn = self.type_name(&v);
                                return Err(self.type_error(format!(
                                    "%{} format: a real number is required, not {tn}",
                                    spec.conv
                                )));
                            };
                            format_percent_int(&b, &spec)
                        }
                        _ => {
                            let x = if let Some(x) = v.as_float() {
                                x
                            } else if let Some(b) = self.to_bigint(&v) {
                                self.int_to_f64(&b)?
                            } else {
                                let tn = self.type_name(&v);
                                return Err(
                                    self.type_error(format!("must be real number, not {tn}"))
                                );
                            };
                            format_percent_float(x, &spec)
                        }
                    };
                    out.push_str(&s);
                }
            }
        }
        if next < arg_list.len() && mapping.is_none() {
            let what = if bytes { "bytes" } else { "string" };
            return Err(self.type_error(format!(
                "not all arguments converted during {what} formatting"
            )));
        }
        Ok(out)
    }

    /// The text a bytes `%s`/`%r`/`%a`/`%c` conversion inserts, as latin-1 chars.
    fn percent_bytes_arg(&mut self, v: &Value, conv: char) -> PyResult<String> {
        let latin1 = |b: &[u8]| b.iter().map(|&x| x as char).collect::<String>();
        match conv {
            'r' | 'a' => self.ascii_of(v),
            'c' => {
                if let Some(b) = v.bytes_data().filter(|b| b.len() == 1) {
                    return Ok(latin1(&b));
                }
                if !v.is_int() {
                    return Err(
                        self.type_error("%c requires an integer in range(256) or a single byte")
                    );
                }
                match self.to_i64(v) {
                    Some(i) if (0..256).contains(&i) => Ok((i as u8 as char).to_string()),
                    _ => Err(self.overflow_error("%c arg not in range(256)")),
                }
            }
            _ => match v.bytes_data() {
                Some(b) => Ok(latin1(&b)),
                None => {
                    let tn = self.type_name(v);
                    Err(self.type_error(format!(
                        "%b requires a bytes-like object, or an object that implements __bytes__, not '{tn}'"
                    )))
                }
            },
        }
    }
}

impl Vm {
    /// The 3.11 limit on converting a huge int to decimal text (CPython's
    /// `long_to_decimal_string`): `ValueError` past `sys.get_int_max_str_digits()` digits.
    pub fn check_int_to_str(&self, b: &num_bigint::BigInt) -> PyResult<()> {
        let limit = self.int_max_str_digits;
        // Below 2,048 bits an int has at most 617 digits, under the smallest limit (640).
        if limit == 0 || b.bits() < 2048 {
            return Ok(());
        }
        // digits = floor(bits' * log10(2)) + 1 for the top bit; decide without converting
        // when the estimate is clear, else count.
        let est = b.bits() as f64 * std::f64::consts::LOG10_2;
        let over = if est > limit as f64 + 1.0 {
            true
        } else if est + 1.0 < limit as f64 {
            false
        } else {
            b.magnitude().to_string().len() > limit
        };
        if over {
            return Err(self.value_error(format!(
                "Exceeds the limit ({limit} digits) for integer string conversion; use \
                 sys.set_int_max_str_digits() to increase the limit"
            )));
        }
        Ok(())
    }

    /// The limit on parsing a long decimal (or other non-power-of-two base) int literal.
    pub fn check_str_to_int(&self, s: &str, base: u32) -> PyResult<()> {
        let limit = self.int_max_str_digits;
        if limit == 0 || s.len() <= 640 {
            return Ok(());
        }
        let t = s.trim_start().trim_start_matches(['+', '-']);
        let lower = t.get(..2).map(|p| p.to_ascii_lowercase());
        let prefixed = matches!(lower.as_deref(), Some("0x" | "0o" | "0b"));
        if base.is_power_of_two() || (base == 0 && prefixed) {
            return Ok(());
        }
        let digits = s.chars().filter(|c| c.is_ascii_alphanumeric()).count();
        match crate::numfmt::parse::exceeds_str_digits_limit(digits, limit) {
            Some(msg) => Err(self.value_error(msg)),
            None => Ok(()),
        }
    }
}
