//! Where modules come from: the host CPython 3.11's standard library and site-packages, and
//! the initial `sys.path` built from them as CPython builds it.
//!
//! The host's folders are asked of it once (`sysconfig.get_paths()`) and the answer is kept in
//! pycrane's private cache (keyed by the interpreter names tried and `PATH`), so a normal start
//! runs no Python process. `PYCRANE_STDLIB` names the standard library folder instead;
//! `PYTHONHOME` moves the prefix, as for CPython.
//!
//! `sys.path` is `[first, *PYTHONPATH, <prefix>/lib/python311.zip, <stdlib>, *user site,
//! *site-packages]`. CPython's `lib-dynload` (its C extension modules) is left out: pycrane's
//! equivalents are its built-in native modules, and an unimplemented one is a plain
//! `ModuleNotFoundError` rather than a C library pycrane cannot load.

use crate::pyc::host;
use std::ffi::OsString;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::Command;

/// The host installation's folders.
#[derive(Debug, Clone, Default)]
pub struct HostPaths {
    pub stdlib: PathBuf,
    /// `site-packages` folders (purelib, platlib; distinct).
    pub site_packages: Vec<PathBuf>,
    pub prefix: String,
    pub exec_prefix: String,
    pub base_prefix: String,
    pub executable: String,
}

const QUERY: &str = "import sys, sysconfig\n\
p = sysconfig.get_paths()\n\
print(p['stdlib']); print(p['purelib']); print(p['platlib'])\n\
print(sys.prefix); print(sys.exec_prefix); print(sys.base_prefix); print(sys.executable)\n";

impl HostPaths {
    /// The host's folders: from `PYCRANE_STDLIB`/`PYTHONHOME` if set, else from the cache,
    /// else asked of the host Python (and cached). `None` if there is no host Python.
    pub fn discover(python: &Option<OsString>, cache_dir: Option<&Path>) -> Option<HostPaths> {
        let var = |n: &str| std::env::var_os(n).filter(|v| !v.is_empty());
        if let Some(stdlib) = var("PYCRANE_STDLIB") {
            let stdlib = PathBuf::from(stdlib);
            let prefix = stdlib
                .parent()
                .and_then(Path::parent)
                .map(|p| p.display().to_string())
                .unwrap_or_default();
            return Some(HostPaths::under(stdlib, prefix));
        }
        if let Some(home) = var("PYTHONHOME") {
            let home = home.to_string_lossy().into_owned();
            let prefix = home.split(':').next().unwrap_or("").to_string();
            let stdlib = Path::new(&prefix).join("lib").join("python3.11");
            return Some(HostPaths::under(stdlib, prefix));
        }
        let path = std::env::var_os("PATH").unwrap_or_default();
        let names = host::candidates(python);
        let parts: Vec<&[u8]> = names
            .iter()
            .chain([&path])
            .map(|p| p.as_encoded_bytes())
            .collect();
        let key = crate::pyc::source::cache_key(&parts);
        let cache = cache_dir.map(|d| d.join(format!("host-{key:016x}.txt")));
        if let Some(text) = cache.as_ref().and_then(|c| fs::read_to_string(c).ok()) {
            if let Some(p) = HostPaths::parse(&text) {
                if p.stdlib.is_dir() {
                    return Some(p);
                }
            }
        }
        for exe in host::candidates(python) {
            let Ok(out) = Command::new(&exe).args(["-I", "-S", "-c", QUERY]).output() else {
                continue;
            };
            let text = String::from_utf8_lossy(&out.stdout).into_owned();
            if !out.status.success() || !text.contains("3.11") {
                continue;
            }
            if let Some(p) = HostPaths::parse(&text) {
                if let Some(c) = &cache {
                    if let Some(dir) = c.parent() {
                        let _ = fs::create_dir_all(dir);
                    }
                    let tmp = c.with_extension(format!("{}.tmp", std::process::id()));
                    if fs::write(&tmp, &text).is_ok() {
                        let _ = fs::rename(&tmp, c);
                    }
                }
                return Some(p);
            }
        }
        None
    }

    /// The layout of a prefix's standard library at `stdlib`.
    fn under(stdlib: PathBuf, prefix: String) -> HostPaths {
        HostPaths {
            site_packages: vec![stdlib.join("site-packages")],
            stdlib,
            exec_prefix: prefix.clone(),
            base_prefix: prefix.clone(),
            executable: String::new(),
            prefix,
        }
    }

    fn parse(text: &str) -> Option<HostPaths> {
        let l: Vec<&str> = text.lines().collect();
        if l.len() < 7 {
            return None;
        }
        let mut site_packages = vec![PathBuf::from(l[1])];
        if l[2] != l[1] {
            site_packages.push(PathBuf::from(l[2]));
        }
        Some(HostPaths {
            stdlib: PathBuf::from(l[0]),
            site_packages,
            prefix: l[3].into(),
            exec_prefix: l[4].into(),
            base_prefix: l[5].into(),
            executable: l[6].into(),
        })
    }
}

/// How the start-up options shape `sys.path`.
#[derive(Debug, Clone, Default)]
pub struct PathOptions {
    /// `sys.path[0]`: the script's folder, `''` for `-c`/`-m`/stdin; `None` with `-P` /
    /// `PYTHONSAFEPATH` / `-I`.
    pub first: Option<String>,
    /// Ignore `PYTHON*` variables (`-E`, `-I`).
    pub ignore_environment: bool,
    /// No user site-packages (`-s`, `-I`, `PYTHONNOUSERSITE`).
    pub no_user_site: bool,
    /// No site-packages at all (`-S`).
    pub no_site: bool,
}

/// The initial `sys.path`.
pub fn initial_sys_path(host: Option<&HostPaths>, o: &PathOptions) -> Vec<String> {
    let mut path: Vec<String> = Vec::new();
    if let Some(first) = &o.first {
        path.push(first.clone());
    }
    if !o.ignore_environment {
        if let Some(pp) = std::env::var_os("PYTHONPATH").filter(|v| !v.is_empty()) {
            for part in pp.to_string_lossy().split(':').filter(|p| !p.is_empty()) {
                path.push(absolute(part));
            }
        }
    }
    let Some(host) = host else {
        return path;
    };
    path.push(format!("{}/lib/python311.zip", host.prefix));
    path.push(host.stdlib.display().to_string());
    if o.no_site {
        return path;
    }
    if !o.no_user_site {
        if let Some(home) = std::env::var_os("HOME") {
            let user = Path::new(&home).join(".local/lib/python3.11/site-packages");
            if user.is_dir() {
                add_site_dir(&mut path, &user);
            }
        }
    }
    let mut sites = host.site_packages.clone();
    if let Some(venv) = std::env::var_os("VIRTUAL_ENV").filter(|v| !v.is_empty()) {
        let venv = PathBuf::from(venv);
        let own = venv.join("lib/python3.11/site-packages");
        let cfg = fs::read_to_string(venv.join("pyvenv.cfg")).unwrap_or_default();
        let system = cfg.lines().any(|l| {
            let l = l.replace(' ', "");
            l.eq_ignore_ascii_case("include-system-site-packages=true")
        });
        if !system {
            sites.clear();
        }
        sites.insert(0, own);
    }
    for s in sites {
        if s.is_dir() {
            add_site_dir(&mut path, &s);
        }
    }
    path
}

fn absolute(p: &str) -> String {
    if Path::new(p).is_absolute() {
        return p.to_string();
    }
    match std::env::current_dir() {
        Ok(cwd) => cwd.join(p).display().to_string(),
        Err(_) => p.to_string(),
    }
}

/// Adds a site folder and the folders its `.pth` files name (in file name order, as
/// `site.addsitedir` does).
///
/// NYI: `.pth` lines starting with `import` are code that `site` runs at start-up; pycrane
/// skips them (they configure tools such as setuptools and need modules like `os`).
fn add_site_dir(path: &mut Vec<String>, dir: &Path) {
    let shown = dir.display().to_string();
    if !path.contains(&shown) {
        path.push(shown);
    }
    let Ok(rd) = fs::read_dir(dir) else {
        return;
    };
    let mut pths: Vec<PathBuf> = rd
        .filter_map(|e| e.ok())
        .map(|e| e.path())
        .filter(|p| p.extension().is_some_and(|x| x == "pth"))
        .filter(|p| {
            !p.file_name()
                .is_some_and(|n| n.to_string_lossy().starts_with('.'))
        })
        .collect();
    pths.sort();
    for pth in pths {
        let Ok(text) = fs::read_to_string(&pth) else {
            continue;
        };
        for line in text.lines() {
            let line = line.trim_end();
            if line.is_empty()
                || line.starts_with('#')
                || line.starts_with("import ")
                || line.starts_with("import\t")
            {
                continue;
            }
            let p = dir.join(line);
            if p.exists() {
                let s = p.display().to_string();
                if !path.contains(&s) {
                    path.push(s);
                }
            }
        }
    }
}
