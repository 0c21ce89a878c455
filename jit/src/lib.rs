//! pycrane-jit: tier 2. Hot code objects are planned by `pycrane-compiler`, lowered to
//! Cranelift IR ([`lower`]), compiled to machine code for the host (x86-64 or aarch64, via
//! `cranelift-native`) and handed to the runtime as its `NativeCode` entry point.
//!
//! - [`lower`]: plan -> Cranelift IR (fast paths inline, slow paths call [`helpers`]);
//! - [`helpers`]: the `extern "C"` functions native code calls, including the one exit;
//! - [`stats`]: compiled/rejected code objects, exits, recompilation after guard failures.
//!
//! Seeing inside: `--jit-stats`, `--jit-dump=ir,clif,asm` (to stderr), and with
//! `--jit-perf-map` a `/tmp/perf-<pid>.map` so `perf report` names compiled functions.

mod helpers;
mod layouts;
mod lower;
mod stats;

use cranelift_codegen::ir::UserFuncName;
use cranelift_codegen::settings::{self, Configurable};
use cranelift_codegen::Context;
use cranelift_frontend::{FunctionBuilder, FunctionBuilderContext};
use cranelift_jit::{JITBuilder, JITModule};
use cranelift_module::{Linkage, Module};
use pycrane_compiler::{Plan, Reject};
use pycrane_runtime::object::Code;
use pycrane_runtime::vm::tier2::{NativeCode, Tier2};
use pycrane_runtime::vm::Vm;
use std::io::Write;
use std::rc::Rc;
use std::time::Instant;

/// What to show (all off by default).
#[derive(Clone, Debug, Default)]
pub struct Options {
    /// Print statistics to stderr at exit.
    pub stats: bool,
    /// Print each plan (pycrane IR).
    pub dump_ir: bool,
    /// Print each function's Cranelift IR.
    pub dump_clif: bool,
    /// Print each function's machine code.
    pub dump_asm: bool,
    /// Write `/tmp/perf-<pid>.map`.
    pub perf_map: bool,
    /// Run Cranelift's IR verifier on each function (a rejected function stays
    /// interpreted). It costs about a fifth of compile time, so only testing turns it on.
    pub verify: bool,
}

pub struct Jit {
    module: JITModule,
    ctx: Context,
    fctx: FunctionBuilderContext,
    opts: Options,
    perf_map: Option<std::fs::File>,
    count: u32,
    /// See `helpers::inst_layout`.
    inst: Option<helpers::InstLayout>,
    /// See `helpers::iter_layout`.
    iter: Option<helpers::IterLayout>,
    /// See `helpers::seq_layout`.
    seq: Option<helpers::SeqLayout>,
    /// See `helpers::cell_layout`.
    cell: Option<helpers::CellLayout>,
    /// Inline caches compiled code points into (they live as long as the code).
    caches: Vec<lower::Caches>,
    /// `math.sqrt` and `len` (see `lower::Builtins`), held so their addresses stay theirs.
    sqrt: Option<pycrane_runtime::value::Value>,
    len: Option<pycrane_runtime::value::Value>,
    append: Option<pycrane_runtime::value::Value>,
    pop: Option<pycrane_runtime::value::Value>,
    set_add: Option<(pycrane_runtime::value::Value, u8)>,
    dict_get: Option<(pycrane_runtime::value::Value, u8)>,
    range: Option<pycrane_runtime::value::Value>,
}

impl Jit {
    pub fn new(opts: Options) -> Result<Jit, String> {
        let mut flags = settings::builder();
        let set = |f: &mut settings::Builder, k: &str, v: &str| {
            f.set(k, v)
                .map_err(|e| format!("cranelift setting {k}={v}: {e}"))
        };
        set(&mut flags, "opt_level", "speed")?;
        set(&mut flags, "use_colocated_libcalls", "false")?;
        set(&mut flags, "is_pic", "false")?;
        // Frame pointers let `perf` and debuggers walk through native code.
        set(&mut flags, "preserve_frame_pointers", "true")?;
        let verify = if opts.verify { "true" } else { "false" };
        set(&mut flags, "enable_verifier", verify)?;
        let isa = cranelift_native::builder()
            .map_err(|e| format!("this machine is not supported by Cranelift: {e}"))?
            .finish(settings::Flags::new(flags))
            .map_err(|e| format!("cannot build the Cranelift target: {e}"))?;
        let builder = JITBuilder::with_isa(isa, cranelift_module::default_libcall_names());
        let module = JITModule::new(builder);
        let perf_map = if opts.perf_map {
            let path = format!("/tmp/perf-{}.map", std::process::id());
            std::fs::File::create(&path).ok()
        } else {
            None
        };
        let seq = helpers::seq_layout();
        let inst = helpers::inst_layout(seq);
        let iter = helpers::iter_layout(inst, seq);
        let tags = [
            seq.map(|l| [l.list_tag, l.tuple_tag]),
            inst.map(|l| [l.tag; 2]),
            iter.map(|l| [l.tag; 2]),
        ];
        let tags: Vec<u8> = tags.into_iter().flatten().flatten().collect();
        Ok(Jit {
            ctx: module.make_context(),
            module,
            fctx: FunctionBuilderContext::new(),
            opts,
            perf_map,
            count: 0,
            seq,
            inst,
            iter,
            cell: helpers::cell_layout(&tags),
            caches: vec![],
            sqrt: None,
            len: None,
            append: None,
            pop: None,
            set_add: None,
            dict_get: None,
            range: None,
        })
    }

    fn build(&mut self, code: &Rc<Code>, plan: &Plan) -> Result<(*const u8, usize), Reject> {
        let call_conv = self.module.isa().default_call_conv();
        let sig = lower::signature(call_conv);
        self.count += 1;
        // Lower until the kinds assumed for locals hold (see `lower::Assumed`).
        let mut assumed = lower::Assumed::none(plan.nlocals);
        // Virtual loop iterators, unless a lowering with them is rejected.
        let mut virt = true;
        for round in 0.. {
            self.module.clear_context(&mut self.ctx);
            self.ctx.func.signature = sig.clone();
            self.ctx.func.name = UserFuncName::user(0, self.count);
            let b = FunctionBuilder::new(&mut self.ctx.func, &mut self.fctx);
            let target = lower::Target {
                call_conv,
                frontend: self.module.isa().frontend_config(),
                seq: self.seq,
                builtins: lower::Builtins {
                    sqrt: self.sqrt.as_ref().map(|v| v.bits()),
                    len: self.len.as_ref().map(|v| v.bits()),
                    append: self.append.as_ref().map(|v| v.bits()),
                    pop: self.pop.as_ref().map(|v| v.bits()),
                    set_add: self.set_add.as_ref().map(|(v, tag)| (v.bits(), *tag)),
                    dict_get: self.dict_get.as_ref().map(|(v, tag)| (v.bits(), *tag)),
                    range: self.range.as_ref().map(|v| v.bits()),
                },
                inst: self.inst,
                iter: self.iter,
                cell: self.cell,
                virt,
            };
            let (caches, stored) = match lower::lower(b, code, plan, target, &assumed) {
                Ok(r) => r,
                Err(e) if virt && e.0 == lower::VIRT_ESCAPES => {
                    virt = false;
                    continue;
                }
                Err(e) => return Err(e),
            };
            match assumed.refine(&stored, code, plan, round) {
                Some(next) => assumed = next,
                None => {
                    self.caches.push(caches);
                    break;
                }
            }
        }
        if self.opts.dump_clif {
            eprintln!(
                "; Cranelift IR for {}\n{}",
                plan.name,
                self.ctx.func.display()
            );
        }
        let name = format!("py_{}_{}", self.count, code.qualname);
        let id = self
            .module
            .declare_function(&name, Linkage::Local, &sig)
            .map_err(|e| Reject(format!("cranelift: {e}")))?;
        self.ctx.set_disasm(self.opts.dump_asm);
        self.module
            .define_function(id, &mut self.ctx)
            .map_err(|e| Reject(format!("cranelift: {e:?}")))?;
        let compiled = self.ctx.compiled_code().ok_or(Reject("no code".into()))?;
        let size = compiled.code_info().total_size as usize;
        if self.opts.dump_asm {
            if let Some(v) = &compiled.vcode {
                eprintln!("; machine code for {}\n{v}", plan.name);
            }
        }
        self.module
            .finalize_definitions()
            .map_err(|e| Reject(format!("cranelift: {e}")))?;
        let ptr = self.module.get_finalized_function(id);
        if let Some(f) = &mut self.perf_map {
            let _ = writeln!(f, "{:x} {:x} py::{}", ptr as usize, size, code.qualname);
        }
        Ok((ptr, size))
    }
}

impl Tier2 for Jit {
    fn generalize(&mut self, code: &Rc<Code>, idx: usize) -> bool {
        stats::generalize(code, idx)
    }

    fn compile(&mut self, vm: &Vm, code: &Rc<Code>) -> Option<NativeCode> {
        let t0 = Instant::now();
        if self.sqrt.is_none() {
            self.sqrt = helpers::math_sqrt(vm);
        }
        if self.len.is_none() {
            self.len = helpers::builtin_len(vm);
        }
        if self.append.is_none() {
            self.append = helpers::list_append_method(vm);
        }
        if self.pop.is_none() {
            self.pop = helpers::list_pop_method(vm);
        }
        if self.set_add.is_none() {
            self.set_add = helpers::set_add_method(vm);
        }
        if self.dict_get.is_none() {
            self.dict_get = helpers::dict_get_method(vm);
        }
        if self.range.is_none() {
            self.range = Some(vm.types.range.clone());
        }
        let general = stats::general(code);
        let plan = Plan::build(code, &|i| general.contains(&i)).and_then(|plan| {
            if self.opts.dump_ir {
                eprint!("{}", plan.render(code));
            }
            self.build(code, &plan)
        });
        match plan {
            Ok((ptr, bytes)) => {
                stats::with(|s| {
                    s.compiled.push(stats::Compiled {
                        name: code.qualname.to_string(),
                        bytes,
                        time: t0.elapsed(),
                    })
                });
                // SAFETY: `ptr` is the finalized entry of a function compiled by `lower` with
                // `lower::signature`, which is the `NativeCode` ABI; the JIT module (and so
                // the code) lives as long as the Vm that owns this Jit.
                Some(unsafe { std::mem::transmute::<*const u8, NativeCode>(ptr) })
            }
            Err(why) => {
                stats::with(|s| s.rejected.push((code.qualname.to_string(), why.0)));
                None
            }
        }
    }

    fn finish(&mut self, vm: &mut Vm) {
        if self.opts.stats {
            vm.flush_stdout();
            eprint!("{}", stats::report());
        }
    }
}
