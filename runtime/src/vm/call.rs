//! Calling: Python functions (argument binding, frames, recursion limit), built-ins, bound
//! methods, classes (instance creation, `__init__`), class creation (`__build_class__`),
//! and generators (resume, send, throw).

use crate::bytecode::opcode::Opcode;
use crate::object::{BuiltinFn, Dict, ExcData, Function, Generator, Instance, Obj, TypeKind};
use crate::pyc::code::{flags, kinds};
use crate::value::Value;
use crate::vm::frame::{Frame, FrameExit};
use crate::vm::tier2::{NativeCode, Resumed};
use crate::vm::{PyResult, Vm};
use std::cell::RefCell;

impl Vm {
    /// Calls with the `CALL` stack layout: the last `len(kwnames)` args are keyword values.
    pub fn call_with_kwnames(
        &mut self,
        f: &Value,
        args: &[Value],
        kwnames: &Value,
    ) -> PyResult<Value> {
        match kwnames.as_tuple() {
            Some(names) if !names.is_empty() => {
                let npos = args.len() - names.len();
                let kw: Vec<(Value, Value)> = names
                    .iter()
                    .cloned()
                    .zip(args[npos..].iter().cloned())
                    .collect();
                self.call(f, &args[..npos], &kw)
            }
            _ => self.call(f, args, &[]),
        }
    }

    pub fn call(
        &mut self,
        f: &Value,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> PyResult<Value> {
        match f.obj() {
            Some(Obj::Function(_)) => self.call_function(f, args, kwargs),
            Some(Obj::Builtin(b)) => {
                if super::finalize::pending() {
                    self.run_finalizers();
                }
                // A call into a builtin is a recursion level of its own, as in CPython; but
                // 3.11's CALL runs `isinstance(x, t)` and `len(x)` through specialized
                // instructions without that check (PRECALL_NO_KW_ISINSTANCE, _LEN), and deep
                // recursion reaches them specialized.
                let uncounted = b.owner.is_empty()
                    && matches!(b.name, "isinstance" | "len")
                    && kwargs.is_empty();
                if uncounted {
                    return self.call_builtin(b, args, kwargs);
                }
                self.enter_as(" while calling a Python object")?;
                let r = self.call_builtin(b, args, kwargs);
                self.depth -= 1;
                r
            }
            Some(Obj::Method(s, func)) => {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(s.clone());
                full.extend_from_slice(args);
                let func = func.clone();
                self.call(&func, &full, kwargs)
            }
            // Calling a class defined in Python is a level of its own too (CPython's
            // `_PyObject_MakeTpCall`: such classes have no vectorcall entry); built-in types
            // are called without one.
            Some(Obj::Type(t)) if !t.builtin => {
                self.enter_as(" while calling a Python object")?;
                let r = self.call_class(f, args, kwargs);
                self.depth -= 1;
                r
            }
            Some(Obj::Type(_)) => self.call_class(f, args, kwargs),
            Some(Obj::StaticMethod(func)) => {
                let func = func.clone();
                self.call(&func, args, kwargs)
            }
            _ => {
                if f.as_instance().is_some() {
                    let t = self.type_of(f);
                    if let Some(c) = self.lookup_type(&t, "__call__") {
                        let mut full = Vec::with_capacity(args.len() + 1);
                        full.push(f.clone());
                        full.extend_from_slice(args);
                        return self.call(&c, &full, kwargs);
                    }
                }
                let t = self.type_name(f);
                Err(self.type_error(format!("'{t}' object is not callable")))
            }
        }
    }

    pub fn is_callable(&self, f: &Value) -> bool {
        match f.obj() {
            Some(
                Obj::Function(_)
                | Obj::Builtin(_)
                | Obj::Method(..)
                | Obj::Type(_)
                | Obj::StaticMethod(_),
            ) => true,
            Some(Obj::Instance(_)) => self.lookup_type(&f.class(), "__call__").is_some(),
            _ => false,
        }
    }

    /// Leaves a call entered with [`Vm::enter`].
    #[inline]
    pub fn leave(&mut self) {
        self.depth -= 1;
    }

    /// Counts a Python call against the recursion limit (RecursionError past it).
    #[inline]
    pub fn enter(&mut self) -> PyResult<()> {
        self.enter_as("")
    }

    /// Counts one level of recursion — a Python frame, a builtin call, a `repr` or `str` —
    /// against the limit; `what` ends the RecursionError message as in CPython, which counts
    /// the same levels and so reports the same one.
    #[inline(always)]
    pub fn enter_as(&mut self, what: &str) -> PyResult<()> {
        if self.depth >= self.recursion_limit || native_stack_pointer() < self.stack_floor {
            return Err(self.recursion_error(what));
        }
        self.depth += 1;
        Ok(())
    }

    /// Tells the Vm that it runs on a thread whose native stack has `size` bytes, of which
    /// the caller's frame is near the top: calls that would leave less than a safety margin
    /// raise RecursionError (a high `sys.setrecursionlimit` on a small stack, as under
    /// `ulimit -v`, is then an error, not a crash).
    pub fn set_native_stack(&mut self, size: usize) {
        const MARGIN: usize = 256 << 10;
        self.stack_floor = native_stack_pointer().saturating_sub(size.saturating_sub(MARGIN));
    }

    /// The RecursionError [`Vm::enter_as`] raises (out of line: the check is on every call).
    #[cold]
    #[inline(never)]
    fn recursion_error(&mut self, what: &str) -> Value {
        self.new_error(
            &self.exc.recursion_error.clone(),
            &format!("maximum recursion depth exceeded{what}"),
        )
    }

    fn call_builtin(
        &mut self,
        b: &BuiltinFn,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> PyResult<Value> {
        if b.bound.is_null() {
            if !b.owner.is_empty() && args.is_empty() {
                return Err(self.type_error(format!(
                    "unbound method {}.{}() needs an argument",
                    b.owner, b.name
                )));
            }
            match args.first().and_then(|a| self.wrapped_for(b, a)) {
                Some(inner) => {
                    let mut full = args.to_vec();
                    full[0] = inner;
                    (b.func)(self, &full, kwargs)
                }
                None => (b.func)(self, args, kwargs),
            }
        } else {
            let mut full = Vec::with_capacity(args.len() + 1);
            full.push(self.wrapped_for(b, &b.bound).unwrap_or(b.bound.clone()));
            full.extend_from_slice(args);
            (b.func)(self, &full, kwargs)
        }
    }

    pub fn call_function(
        &mut self,
        fv: &Value,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> PyResult<Value> {
        let Some(Obj::Function(func)) = fv.obj() else {
            return Err(self.type_error("not a function"));
        };
        if super::signals::pending() {
            self.take_signals()?;
        }
        let code = &func.code;
        code.calls.set(code.calls.get().saturating_add(1));
        // Generator code is entered natively only by resumes (see `Vm::resume_native`).
        let native = match code.flags & flags::GENERATOR {
            0 => self.native_for_call(code),
            _ => None,
        };
        if let Some(native) = native {
            // Compiled code needs only the bound arguments, not a frame.
            let mut fast = self.frames.take_fast(code.nlocalsplus());
            if let Err(e) = self.bind_args(func, &mut fast, args, kwargs) {
                self.frames.give_fast(fast);
                return Err(e);
            }
            return self.run_native_call(native, func, fast);
        }
        let mut frame = Frame::new(
            &mut self.frames,
            func.code.clone(),
            func.globals.clone(),
            self.builtins.clone(),
            Value::NULL,
            func.closure.clone(),
            true,
        );
        if let Err(e) = self.bind_args(func, &mut frame.fast, args, kwargs) {
            self.frames.recycle(frame);
            return Err(e);
        }
        self.run_new_frame(frame)
    }

    /// Runs a freshly bound frame; generator code becomes a generator object.
    pub fn run_new_frame(&mut self, mut frame: Frame) -> PyResult<Value> {
        self.enter()?;
        let r = self.run_frame_pushed(&mut frame);
        self.depth -= 1;
        match r {
            Ok(FrameExit::Generator) => {}
            _ => {
                self.frames.recycle(frame);
                return match r? {
                    FrameExit::Return(v) => Ok(v),
                    _ => Err(self.system_error("yield outside a generator frame")),
                };
            }
        }
        let code = frame.code.clone();
        Ok(Value::new_obj(Obj::Generator(RefCell::new(Generator {
            name: code.name.clone(),
            qualname: code.qualname.clone(),
            frame: Some(Box::new(frame)),
            running: false,
        }))))
    }

    /// Fills fast locals from call arguments (CPython's `initialize_locals`).
    fn bind_args(
        &mut self,
        func: &Function,
        fast: &mut [Value],
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> PyResult<()> {
        let code = &func.code;
        let raw = &code.raw;
        let argcount = raw.argcount as usize;
        let posonly = raw.posonlyargcount as usize;
        let kwonly = raw.kwonlyargcount as usize;
        let total = argcount + kwonly;
        let has_varargs = raw.flags & flags::VARARGS != 0;
        let has_varkw = raw.flags & flags::VARKEYWORDS != 0;
        // Fast path: exact positional call.
        if kwargs.is_empty() && !has_varargs && !has_varkw && kwonly == 0 && args.len() == argcount
        {
            for (slot, a) in fast.iter_mut().zip(args) {
                *slot = a.clone();
            }
            return Ok(());
        }
        let name = code.qualname.to_string();
        let kwdict = if has_varkw {
            let d = Value::dict(Dict::new());
            fast[total + has_varargs as usize] = d.clone();
            Some(d)
        } else {
            None
        };
        let n = args.len().min(argcount);
        fast[..n].clone_from_slice(&args[..n]);
        if has_varargs {
            fast[total] = Value::tuple(args[n..].to_vec());
        } else if args.len() > argcount {
            let defaults = func
                .defaults
                .borrow()
                .as_tuple()
                .map(|t| t.len())
                .unwrap_or(0);
            let kw_given = kwargs
                .iter()
                .filter(|(k, _)| {
                    let k = self.str_value(k);
                    code.varnames[argcount..total]
                        .iter()
                        .any(|v| self.str_value(v) == k)
                })
                .count();
            let takes = if defaults > 0 {
                format!(
                    "from {} to {} positional arguments",
                    argcount - defaults,
                    argcount
                )
            } else {
                format!(
                    "{} positional argument{}",
                    argcount,
                    if argcount == 1 { "" } else { "s" }
                )
            };
            let given = args.len();
            let kwpart = if kw_given > 0 {
                format!(
                    " positional argument{} (and {} keyword-only argument{})",
                    if given == 1 { "" } else { "s" },
                    kw_given,
                    if kw_given == 1 { "" } else { "s" }
                )
            } else {
                String::new()
            };
            return Err(self.type_error(format!(
                "{name}() takes {takes} but {given}{kwpart} {} given",
                if given == 1 && kw_given == 0 {
                    "was"
                } else {
                    "were"
                }
            )));
        }
        let mut posonly_as_kw = vec![];
        for (k, v) in kwargs {
            let kname = self.str_value(k);
            let pos = code.varnames[posonly..total]
                .iter()
                .position(|vn| vn.as_str().is_some_and(|s| s.as_str() == kname));
            match pos {
                Some(p) => {
                    let j = p + posonly;
                    if !fast[j].is_null() {
                        return Err(self.type_error(format!(
                            "{name}() got multiple values for argument '{kname}'"
                        )));
                    }
                    fast[j] = v.clone();
                }
                None => {
                    if let Some(d) = &kwdict {
                        self.setitem(d, k, v.clone())?;
                    } else if code.varnames[..posonly]
                        .iter()
                        .any(|vn| self.str_value(vn) == kname)
                    {
                        posonly_as_kw.push(kname);
                    } else {
                        return Err(self.type_error(format!(
                            "{name}() got an unexpected keyword argument '{kname}'"
                        )));
                    }
                }
            }
        }
        if !posonly_as_kw.is_empty() {
            return Err(self.type_error(format!(
                "{name}() got some positional-only arguments passed as keyword arguments: '{}'",
                posonly_as_kw.join(", ")
            )));
        }
        // Defaults for missing positional parameters.
        if args.len() < argcount {
            let defaults = func
                .defaults
                .borrow()
                .as_tuple()
                .map(|t| t.to_vec())
                .unwrap_or_default();
            let first_default = argcount - defaults.len();
            let mut missing = vec![];
            for i in args.len()..argcount {
                if fast[i].is_null() {
                    if i >= first_default {
                        fast[i] = defaults[i - first_default].clone();
                    } else {
                        missing.push(self.str_value(&code.varnames[i]));
                    }
                }
            }
            if !missing.is_empty() {
                return Err(self.type_error(format!(
                    "{name}() missing {} required positional argument{}: {}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" },
                    name_list(&missing)
                )));
            }
        }
        if kwonly > 0 {
            let kwdefaults = func.kwdefaults.borrow().clone();
            let mut missing = vec![];
            #[allow(clippy::needless_range_loop)] // reads varnames[i], writes fast[i]
            for i in argcount..total {
                if fast[i].is_null() {
                    let vn = code.varnames[i].clone();
                    let d = if kwdefaults.is_null() {
                        None
                    } else {
                        self.dict_get(&kwdefaults, &vn)?
                    };
                    match d {
                        Some(v) => fast[i] = v,
                        None => missing.push(self.str_value(&vn)),
                    }
                }
            }
            if !missing.is_empty() {
                return Err(self.type_error(format!(
                    "{name}() missing {} required keyword-only argument{}: {}",
                    missing.len(),
                    if missing.len() == 1 { "" } else { "s" },
                    name_list(&missing)
                )));
            }
        }
        Ok(())
    }

    /// Calling a class: built-in constructors, or instance creation plus `__init__`.
    pub fn call_type(
        &mut self,
        cls: &Value,
        args: &[Value],
        kwargs: &[(Value, Value)],
    ) -> PyResult<Value> {
        let t = cls.as_type().expect("type");
        if t.builtin && t.kind != TypeKind::BaseException {
            // A struct sequence (a built-in tuple type other than `tuple`) makes its
            // instances in its own static `__new__`.
            if t.kind == TypeKind::Tuple && !cls.is(&self.types.tuple) {
                let own_new = t.dict.borrow().get_str("__new__").cloned();
                if let Some(Obj::StaticMethod(f)) = own_new.as_ref().and_then(|n| n.obj()) {
                    let mut full = vec![cls.clone()];
                    full.extend_from_slice(args);
                    return self.call(f, &full, kwargs);
                }
            }
            return crate::builtins::construct(self, cls, args, kwargs);
        }
        if cls.is(&self.types.type_) {
            return crate::builtins::construct(self, cls, args, kwargs);
        }
        let cls = &crate::builtins::os_error_subclass(self, cls, args);
        let user_new = self
            .lookup_type(cls, "__new__")
            .filter(|n| !matches!(n.obj(), Some(Obj::Builtin(_))));
        let obj = if let Some(new) = user_new {
            let newf = match new.obj() {
                Some(Obj::StaticMethod(f)) => f.clone(),
                _ => new,
            };
            let mut full = vec![cls.clone()];
            full.extend_from_slice(args);
            let obj = self.call(&newf, &full, kwargs)?;
            if !self.isinstance(&obj, cls) {
                return Ok(obj);
            }
            obj
        } else if t.kind == TypeKind::Type {
            self.type_new(cls, args, kwargs)?
        } else if let Some(base) = self.builtin_base(cls) {
            self.new_builtin_instance(cls, &base, args, kwargs)?
        } else {
            self.new_instance(cls, args)?
        };
        let init = self.lookup_type(cls, "__init__");
        match init {
            Some(init) if !matches!(init.obj(), Some(Obj::Builtin(b)) if b.owner == "object") => {
                let mut full = Vec::with_capacity(args.len() + 1);
                full.push(obj.clone());
                full.extend_from_slice(args);
                let r = self.call(&init, &full, kwargs)?;
                if !r.is_none() {
                    let tn = self.type_name(&r);
                    return Err(
                        self.type_error(format!("__init__() should return None, not '{tn}'"))
                    );
                }
            }
            _ => {
                if (!args.is_empty() || !kwargs.is_empty()) && t.kind != TypeKind::BaseException {
                    if self
                        .lookup_type(cls, "__new__")
                        .is_some_and(|n| !matches!(n.obj(), Some(Obj::Builtin(_))))
                        || self.builtin_base(cls).is_some()
                    {
                        return Ok(obj);
                    }
                    return Err(self.type_error(format!("{}() takes no arguments", t.name())));
                }
            }
        }
        Ok(obj)
    }

    /// A bare instance of a user class (exception state set up for exception classes).
    /// The `__init__` function of a class whose instances are made plainly: a user class
    /// with no `__new__` of its own, no built-in base holding a value, not an exception.
    /// Calling such a class makes an empty instance ([`Vm::plain_instance`]) and runs that
    /// `__init__` on it. This depends only on the class and the class namespaces (the type
    /// epoch).
    pub fn plain_init(&self, cls: &Value) -> Option<Value> {
        let t = cls.as_type()?;
        if t.builtin
            || matches!(t.kind, TypeKind::BaseException | TypeKind::Type)
            || self.builtin_base(cls).is_some()
            || !self.plain_metaclass_call(cls)
        {
            return None;
        }
        let own_new = self
            .lookup_type(cls, "__new__")
            .is_some_and(|n| !matches!(n.obj(), Some(Obj::Builtin(_))));
        let init = self.lookup_type(cls, "__init__")?;
        (!own_new && matches!(init.obj(), Some(Obj::Function(_)))).then_some(init)
    }

    /// A new empty instance of a class [`Vm::plain_init`] accepts.
    pub fn plain_instance(cls: &Value) -> Value {
        Value::new_typed(
            Obj::Instance(Instance {
                dict: instance_dict(cls),
                exc: None,
                base_value: Value::NULL,
            }),
            cls,
        )
    }

    /// "Can't instantiate abstract class C with abstract methods f, g".
    #[cold]
    fn abstract_error(&mut self, cls: &Value) -> Value {
        let names = match self.getattr(cls, &Value::str("__abstractmethods__")) {
            Ok(m) => self.collect(&m).unwrap_or_default(),
            Err(e) => return e,
        };
        let mut names: Vec<String> = names.iter().map(|n| self.str_value(n)).collect();
        names.sort();
        let tn = cls
            .as_type()
            .map_or(String::new(), |t| t.name().to_string());
        let s = if names.len() == 1 { "" } else { "s" };
        self.type_error(format!(
            "Can't instantiate abstract class {tn} with abstract method{s} {}",
            names.join(", ")
        ))
    }

    pub fn new_instance(&mut self, cls: &Value, args: &[Value]) -> PyResult<Value> {
        let t = cls.as_type().expect("type");
        if t.abstract_.get() {
            return Err(self.abstract_error(cls));
        }
        let exc = if t.kind == TypeKind::BaseException {
            Some(Box::new(RefCell::new(ExcData {
                args: Value::tuple(args.to_vec()),
                cause: Value::NONE,
                context: Value::NONE,
                ..Default::default()
            })))
        } else {
            None
        };
        let base_value = match self.builtin_base(cls) {
            Some(base) => crate::builtins::construct(self, &base, &[], &[])?,
            None => Value::NULL,
        };
        Ok(Value::new_typed(
            Obj::Instance(Instance {
                dict: instance_dict(cls),
                exc,
                base_value,
            }),
            cls,
        ))
    }

    /// `MAKE_FUNCTION`.
    pub fn make_function(
        &mut self,
        code_v: &Value,
        globals: Value,
        defaults: Value,
        kwdefaults: Value,
        closure: Value,
    ) -> PyResult<Value> {
        let Some(code) = code_v.as_code() else {
            return Err(self.system_error("MAKE_FUNCTION without a code object"));
        };
        let module = match globals
            .as_dict()
            .and_then(|d| d.borrow().get_str("__name__").cloned())
        {
            Some(m) => m,
            None => Value::NONE,
        };
        Ok(Value::new_obj(Obj::Function(Box::new(Function {
            code: code.clone(),
            globals,
            name: RefCell::new(Value::str(&code.name)),
            qualname: RefCell::new(Value::str(&code.qualname)),
            defaults: RefCell::new(defaults),
            kwdefaults: RefCell::new(kwdefaults),
            closure,
            dict: RefCell::new(Dict::new()),
            module,
            annotations: RefCell::new(Value::NULL),
        }))))
    }

    /// `super()` with no arguments: the `__class__` cell and the first argument of `f`.
    pub fn zero_arg_super(&mut self, f: &Frame) -> PyResult<Value> {
        let code = &f.code;
        if code.raw.argcount == 0 || f.fast.is_empty() {
            return Err(self.runtime_error("super(): no arguments"));
        }
        let mut first = f.fast[0].clone();
        if let Some(Obj::Cell(c)) = first.obj() {
            if code
                .raw
                .localspluskinds
                .first()
                .is_some_and(|k| k & kinds::CELL != 0)
            {
                let v = c.borrow().clone();
                first = v;
            }
        }
        let mut cls = None;
        for (i, n) in code.varnames.iter().enumerate() {
            if self.str_value(n) == "__class__" && code.raw.localspluskinds[i] & kinds::FREE != 0 {
                if let Some(Obj::Cell(c)) = f.fast[i].obj() {
                    cls = Some(c.borrow().clone());
                }
            }
        }
        match cls {
            Some(c) if !c.is_null() => Ok(Value::new_obj(Obj::Super(c, first))),
            Some(_) => Err(self.runtime_error("super(): empty __class__ cell")),
            None => Err(self.runtime_error("super(): __class__ cell not found")),
        }
    }

    // ----- generators -------------------------------------------------------------------

    /// `next(g)` for a generator: Ok(Some(v)) when it yields v, Ok(None) when it returns.
    ///
    /// A suspended generator whose code is compiled resumes straight in native code, without
    /// the checks a `send` or `throw` needs: this is every step of a `for` loop over a hot
    /// generator. Anything else takes [`Vm::gen_resume`].
    #[inline]
    pub fn gen_next(&mut self, g: &Value, cell: &RefCell<Generator>) -> PyResult<Option<Value>> {
        let Some((native, mut frame)) = self.take_native_frame(cell) else {
            return Ok(self.gen_resume(g, Value::NONE, None)?.ok());
        };
        frame.stack.push(Value::NONE);
        self.depth += 1;
        let saved_handled = self.handled.clone();
        // `gen_resume`'s run, unrolled: a yield (the common case) puts the frame back here
        // directly, which saves a fifth of the cost of a step of a `for` loop.
        let r = match self.resume_native_with(native, &mut frame) {
            Some(Resumed::Yielded(v)) => {
                self.depth -= 1;
                self.handled = saved_handled;
                let mut gs = cell.borrow_mut();
                gs.running = false;
                gs.frame = Some(frame);
                return Ok(Some(v));
            }
            Some(Resumed::Finished(r)) => r.map(FrameExit::Return),
            Some(Resumed::Interpret) | None => self.run_frame_pushed(&mut frame),
        };
        self.depth -= 1;
        self.handled = saved_handled;
        Ok(self.gen_suspend(cell, frame, r)?.ok())
    }

    /// The frame of a suspended generator whose code is compiled, marked running, when a
    /// `next()` can resume it in native code at once (see [`Vm::gen_next`]).
    #[inline]
    fn take_native_frame(&self, cell: &RefCell<Generator>) -> Option<(NativeCode, Box<Frame>)> {
        let mut gs = cell.try_borrow_mut().ok()?;
        let f = gs.frame.as_ref()?;
        let native = f.code.native.get()?;
        if gs.running || f.pending.is_some() || self.depth >= self.recursion_limit {
            return None;
        }
        gs.running = true;
        Some((native, gs.frame.take()?))
    }

    /// Resumes a generator. Ok(Ok(v)): it yielded v; Ok(Err(v)): it returned v.
    pub fn gen_resume(
        &mut self,
        g: &Value,
        sent: Value,
        throw: Option<Value>,
    ) -> PyResult<Result<Value, Value>> {
        let Some(Obj::Generator(cell)) = g.obj() else {
            return Err(self.type_error("not a generator"));
        };
        let mut frame = {
            let mut gs = cell
                .try_borrow_mut()
                .map_err(|_| self.value_error("generator already executing"))?;
            if gs.running {
                return Err(self.value_error("generator already executing"));
            }
            match gs.frame.take() {
                Some(fr) => {
                    gs.running = true;
                    fr
                }
                None => {
                    return match throw {
                        Some(e) => Err(e),
                        None => Ok(Err(Value::NONE)),
                    };
                }
            }
        };
        let just_started = frame
            .code
            .instrs
            .get(frame.lasti)
            .is_some_and(|i| i.op == Opcode::ReturnGenerator);
        match throw {
            Some(e) => frame.pending = Some(e),
            None => {
                if just_started && !sent.is_none() {
                    if let Some(Obj::Generator(c)) = g.obj() {
                        let mut gs = c.borrow_mut();
                        gs.running = false;
                        gs.frame = Some(frame);
                    }
                    return Err(
                        self.type_error("can't send non-None value to a just-started generator")
                    );
                }
                frame.stack.push(sent);
            }
        }
        let saved_handled = self.handled.clone();
        let r = match self.enter() {
            Ok(()) => {
                let native = if frame.pending.is_none() {
                    self.resume_native(&mut frame)
                } else {
                    None
                };
                let r = match native {
                    Some(Resumed::Yielded(v)) => Ok(FrameExit::Yield(v)),
                    Some(Resumed::Finished(r)) => r.map(FrameExit::Return),
                    Some(Resumed::Interpret) | None => self.run_frame_pushed(&mut frame),
                };
                self.depth -= 1;
                r
            }
            Err(e) => Err(e),
        };
        self.handled = saved_handled;
        self.gen_suspend(cell, frame, r)
    }

    /// After a generator's frame ran: keeps the frame for the next resume if it yielded,
    /// else ends the generator (a StopIteration raised inside becomes a RuntimeError).
    fn gen_suspend(
        &mut self,
        cell: &RefCell<Generator>,
        frame: Box<Frame>,
        r: PyResult<FrameExit>,
    ) -> PyResult<Result<Value, Value>> {
        let mut gs = cell.borrow_mut();
        gs.running = false;
        match r {
            Ok(FrameExit::Yield(v)) => {
                gs.frame = Some(frame);
                Ok(Ok(v))
            }
            Ok(FrameExit::Return(v)) => Ok(Err(v)),
            Ok(FrameExit::Generator) => Err(self.system_error("nested RETURN_GENERATOR")),
            Err(e) => {
                drop(gs);
                if self.exc_matches(&e, &self.exc.stop_iteration.clone()) {
                    let re = self.runtime_error("generator raised StopIteration");
                    if let Some(d) = re.exc_data() {
                        let mut d = d.borrow_mut();
                        d.cause = e.clone();
                        d.context = e;
                        d.suppress_context = true;
                    }
                    return Err(re);
                }
                Err(e)
            }
        }
    }

    /// `SEND` / `yield from`: Ok(Ok(v)) yielded, Ok(Err(v)) finished with v.
    pub fn send(&mut self, receiver: &Value, v: Value) -> PyResult<Result<Value, Value>> {
        if matches!(receiver.obj(), Some(Obj::Generator(_))) {
            return self.gen_resume(receiver, v, None);
        }
        if v.is_none() {
            return match self.iter_next(receiver) {
                Ok(Some(x)) => Ok(Ok(x)),
                Ok(None) => Ok(Err(Value::NONE)),
                Err(e) => Err(e),
            };
        }
        match self.call_special(receiver, "send", &[v]) {
            Ok(Some(x)) => Ok(Ok(x)),
            Ok(None) => Err(self.attribute_error("object has no attribute 'send'")),
            Err(e) if self.exc_matches(&e, &self.exc.stop_iteration.clone()) => {
                let val = e
                    .as_instance()
                    .and_then(|i| i.dict.borrow().get_str("value").cloned())
                    .unwrap_or(Value::NONE);
                Ok(Err(val))
            }
            Err(e) => Err(e),
        }
    }

    /// `gen.close()`.
    pub fn gen_close(&mut self, g: &Value) -> PyResult<Value> {
        let exc = self.new_exception(&self.exc.generator_exit.clone(), vec![]);
        match self.gen_resume(g, Value::NONE, Some(exc)) {
            Ok(Ok(_)) => Err(self.runtime_error("generator ignored GeneratorExit")),
            Ok(Err(_)) => Ok(Value::NONE),
            Err(e) => {
                if self.exc_matches(&e, &self.exc.generator_exit.clone())
                    || self.exc_matches(&e, &self.exc.stop_iteration.clone())
                {
                    Ok(Value::NONE)
                } else {
                    Err(e)
                }
            }
        }
    }

    /// Sets `__context__` of a newly raised exception to the one being handled.
    pub fn set_context(&mut self, exc: &Value) {
        let handled = self.handled.clone();
        if handled.is_none() || handled.is(exc) {
            return;
        }
        if let Some(d) = exc.exc_data() {
            let mut d = d.borrow_mut();
            if d.context.is_none() {
                d.context = handled;
            }
        }
    }
}

/// 'a', 'a' and 'b', 'a', 'b', and 'c' — CPython's list of missing argument names.
fn name_list(names: &[String]) -> String {
    let q: Vec<String> = names.iter().map(|n| format!("'{n}'")).collect();
    match q.len() {
        1 => q[0].clone(),
        2 => format!("{} and {}", q[0], q[1]),
        _ => format!("{}, and {}", q[..q.len() - 1].join(", "), q[q.len() - 1]),
    }
}

/// An empty attribute dict for a new instance of `cls`, with room for as many attributes as
/// its instances have held (see [`TypeObj::attr_hint`]).
pub fn instance_dict(cls: &Value) -> RefCell<Dict> {
    let hint = cls.as_type().map_or(0, |t| t.attr_hint.get());
    RefCell::new(Dict::with_capacity(hint as usize))
}

/// An address in the current native stack frame (the stack grows down).
#[inline(always)]
fn native_stack_pointer() -> usize {
    let marker = 0u8;
    std::hint::black_box(&marker) as *const u8 as usize
}
