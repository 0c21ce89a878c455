//! `_sha512` and `_sha256`: the SHA-2 hashes (sha512, sha384, sha256, sha224) that Lib's
//! `hashlib` and `random` use, over the RustCrypto `sha2` crate.

use crate::object::native::NativeData;
use crate::value::Value;
use crate::vm::{PyResult, Vm};
use sha2::Digest;
use std::cell::RefCell;

type Kw<'a> = &'a [(Value, Value)];

#[derive(Clone)]
enum State {
    Sha512(sha2::Sha512),
    Sha384(sha2::Sha384),
    Sha256(sha2::Sha256),
    Sha224(sha2::Sha224),
}

impl State {
    fn update(&mut self, data: &[u8]) {
        match self {
            State::Sha512(h) => h.update(data),
            State::Sha384(h) => h.update(data),
            State::Sha256(h) => h.update(data),
            State::Sha224(h) => h.update(data),
        }
    }

    fn digest(&self) -> Vec<u8> {
        match self.clone() {
            State::Sha512(h) => h.finalize().to_vec(),
            State::Sha384(h) => h.finalize().to_vec(),
            State::Sha256(h) => h.finalize().to_vec(),
            State::Sha224(h) => h.finalize().to_vec(),
        }
    }

    /// (name, digest size, block size)
    fn info(&self) -> (&'static str, i64, i64) {
        match self {
            State::Sha512(_) => ("sha512", 64, 128),
            State::Sha384(_) => ("sha384", 48, 128),
            State::Sha256(_) => ("sha256", 32, 64),
            State::Sha224(_) => ("sha224", 28, 64),
        }
    }
}

struct Hash(RefCell<State>);

impl NativeData for Hash {}

pub fn install_sha512(vm: &mut Vm) {
    let t512 = hash_type(vm, "_sha512", "sha512");
    let t384 = hash_type(vm, "_sha512", "sha384");
    let d = super::new_native_module(vm, "_sha512", &[("sha512", sha512), ("sha384", sha384)]);
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("SHA512Type", t512);
        d.set_str("SHA384Type", t384);
    }
}

pub fn install_sha256(vm: &mut Vm) {
    let t256 = hash_type(vm, "_sha256", "sha256");
    let t224 = hash_type(vm, "_sha256", "sha224");
    let d = super::new_native_module(vm, "_sha256", &[("sha256", sha256), ("sha224", sha224)]);
    if let Some(d) = d.as_dict() {
        let mut d = d.borrow_mut();
        d.set_str("SHA256Type", t256);
        d.set_str("SHA224Type", t224);
    }
}

fn hash_type(vm: &mut Vm, module: &'static str, name: &'static str) -> Value {
    let key: &'static str = match name {
        "sha512" => "_sha512.sha512",
        "sha384" => "_sha512.sha384",
        "sha256" => "_sha256.sha256",
        _ => "_sha256.sha224",
    };
    vm.native_type(key, |vm| {
        let t = vm.new_native_type(
            module,
            name,
            &[
                ("__new__", crate::object::native::no_new),
                ("update", update),
                ("digest", digest),
                ("hexdigest", hexdigest),
                ("copy", copy),
            ],
            false,
        );
        crate::builtins::add_getters(
            &t,
            &[
                ("name", name_attr),
                ("digest_size", digest_size),
                ("block_size", block_size),
            ],
        );
        t
    })
}

fn data_arg(vm: &Vm, v: &Value) -> PyResult<Vec<u8>> {
    if v.as_str().is_some() {
        return Err(vm.type_error("Strings must be encoded before hashing"));
    }
    v.bytes_data().ok_or_else(|| {
        let tn = vm.type_name(v);
        vm.type_error(format!(
            "object supporting the buffer API required, not '{tn}'"
        ))
    })
}

fn make(
    vm: &mut Vm,
    fname: &'static str,
    args: &[Value],
    kw: Kw,
    mut st: State,
) -> PyResult<Value> {
    let names = ["string", "usedforsecurity"];
    let [data, _] = crate::builtins::bind(vm, fname, args, kw, names, 0)?;
    if let Some(d) = data {
        st.update(&data_arg(vm, &d)?);
    }
    let t = hash_type(
        vm,
        if st.info().1 >= 48 {
            "_sha512"
        } else {
            "_sha256"
        },
        fname,
    );
    Ok(vm.new_native(&t, &t, Hash(RefCell::new(st))))
}

fn sha512(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    make(vm, "sha512", args, kw, State::Sha512(sha2::Sha512::new()))
}

fn sha384(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    make(vm, "sha384", args, kw, State::Sha384(sha2::Sha384::new()))
}

fn sha256(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    make(vm, "sha256", args, kw, State::Sha256(sha2::Sha256::new()))
}

fn sha224(vm: &mut Vm, args: &[Value], kw: Kw) -> PyResult<Value> {
    make(vm, "sha224", args, kw, State::Sha224(sha2::Sha224::new()))
}

fn state<'a>(vm: &Vm, v: &'a Value) -> PyResult<&'a Hash> {
    v.native::<Hash>()
        .ok_or_else(|| vm.type_error("descriptor requires a hash object"))
}

fn update(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    crate::builtins::check_arity(vm, "update", args, 2, 2)?;
    let data = data_arg(vm, &args[1])?;
    state(vm, &args[0])?.0.borrow_mut().update(&data);
    Ok(Value::NONE)
}

fn digest(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::bytes(state(vm, &args[0])?.0.borrow().digest()))
}

fn hexdigest(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let d = state(vm, &args[0])?.0.borrow().digest();
    Ok(Value::string(
        d.iter().map(|b| format!("{b:02x}")).collect(),
    ))
}

fn copy(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    let st = state(vm, &args[0])?.0.borrow().clone();
    let t = vm.type_of(&args[0]);
    Ok(vm.new_native(&t, &t, Hash(RefCell::new(st))))
}

fn name_attr(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::str(state(vm, &args[0])?.0.borrow().info().0))
}

fn digest_size(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(state(vm, &args[0])?.0.borrow().info().1))
}

fn block_size(vm: &mut Vm, args: &[Value], _kw: Kw) -> PyResult<Value> {
    Ok(Value::int(state(vm, &args[0])?.0.borrow().info().2))
}
