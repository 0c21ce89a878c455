//! Finding a module on a search path, as CPython's `PathFinder` and `FileFinder` do: for each
//! folder of the path (`sys.path`, or a package's `__path__`), in order, a package folder
//! with an `__init__` file, then an extension module, a source file, a bytecode-only file;
//! folders without `__init__` are remembered as portions of a namespace package (PEP 420),
//! used only when nothing else was found on the whole path.
//!
//! Each folder's listing is cached and re-read when the folder's mtime changes (CPython's
//! `FileFinder` does the same; `importlib.invalidate_caches` clears it), so importing many
//! modules from the standard library costs one `readdir` per folder, not a `stat` per
//! candidate.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::time::SystemTime;

/// Suffixes of C extension modules, which pycrane finds (to report them clearly) but cannot
/// load.
pub const EXTENSION_SUFFIXES: &[&str] = &[".cpython-311-x86_64-linux-gnu.so", ".abi3.so", ".so"];

/// What a module file is.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FileKind {
    Source,
    Bytecode,
    Extension,
}

/// The outcome of a search.
#[derive(Debug, Clone)]
pub enum Found {
    /// A module file (`origin`); for a package, `package` is its folder.
    File {
        origin: PathBuf,
        kind: FileKind,
        package: Option<PathBuf>,
    },
    /// A namespace package made of these folders.
    Namespace(Vec<PathBuf>),
    NotFound,
}

/// A folder's entry names, with the mtime they were read at.
struct Listing {
    mtime: Option<SystemTime>,
    names: HashSet<String>,
}

/// The per-folder listing cache.
#[derive(Default)]
pub struct Finder {
    listings: HashMap<PathBuf, Listing>,
    /// Per path entry: whether it lies inside a zip archive (see [`Finder::in_zip`]).
    zips: HashMap<PathBuf, bool>,
}

/// Whether `p` is a zip archive: a file that ends with a zip end-of-central-directory record
/// (within the largest comment a zip may carry), as `zipimport` requires.
pub fn is_zip_file(p: &Path) -> bool {
    use std::io::{Read, Seek, SeekFrom};
    let Ok(mut f) = fs::File::open(p) else {
        return false;
    };
    let Ok(len) = f.seek(SeekFrom::End(0)) else {
        return false;
    };
    let tail = len.min(22 + 65535);
    let mut buf = vec![0u8; tail as usize];
    if f.seek(SeekFrom::Start(len - tail)).is_err() || f.read_exact(&mut buf).is_err() {
        return false;
    }
    buf.windows(4).any(|w| w == b"PK\x05\x06")
}

impl Finder {
    /// Whether path entry `p` is a zip archive or a folder inside one (`app.zip/pkg`):
    /// the nearest existing ancestor is a file. Remembered per entry.
    pub fn in_zip(&mut self, p: &Path) -> bool {
        if let Some(&z) = self.zips.get(p) {
            return z;
        }
        let z = p
            .ancestors()
            .find(|a| !a.as_os_str().is_empty() && a.exists())
            .is_some_and(|a| a.is_file() && is_zip_file(a));
        self.zips.insert(p.to_path_buf(), z);
        z
    }

    /// Forgets every listing (`importlib.invalidate_caches`).
    pub fn invalidate(&mut self) {
        self.listings.clear();
    }

    /// The names in `dir`: one `stat` to check the cached listing is current (a folder
    /// that does not exist stays "empty" until [`Finder::invalidate`], as CPython's
    /// `path_importer_cache` keeps `None` for it).
    fn listing(&mut self, dir: &Path) -> &HashSet<String> {
        let known_missing = self.listings.get(dir).is_some_and(|l| l.mtime.is_none());
        if !known_missing {
            let mtime = fs::metadata(dir).and_then(|m| m.modified()).ok();
            let stale = self.listings.get(dir).is_none_or(|l| l.mtime != mtime);
            if stale {
                let names = fs::read_dir(dir)
                    .map(|rd| {
                        rd.filter_map(|e| e.ok())
                            .filter_map(|e| e.file_name().into_string().ok())
                            .collect()
                    })
                    .unwrap_or_default();
                self.listings
                    .insert(dir.to_path_buf(), Listing { mtime, names });
            }
        }
        &self.listings.get(dir).expect("inserted above").names
    }

    /// Searches `dirs` for the module whose last name part is `tail`.
    pub fn find(&mut self, tail: &str, dirs: &[PathBuf]) -> Found {
        let mut portions = Vec::new();
        for dir in dirs {
            match self.find_in(tail, dir) {
                Some(Found::Namespace(p)) => portions.extend(p),
                Some(found) => return found,
                None => {}
            }
        }
        if portions.is_empty() {
            Found::NotFound
        } else {
            Found::Namespace(portions)
        }
    }

    fn find_in(&mut self, tail: &str, dir: &Path) -> Option<Found> {
        let candidates = |stem: &str| {
            let mut v: Vec<(String, FileKind)> = EXTENSION_SUFFIXES
                .iter()
                .map(|s| (format!("{stem}{s}"), FileKind::Extension))
                .collect();
            v.push((format!("{stem}.py"), FileKind::Source));
            v.push((format!("{stem}.pyc"), FileKind::Bytecode));
            v
        };
        let mut portion = None;
        let names = self.listing(dir);
        let here: Vec<(String, FileKind)> = candidates(tail)
            .into_iter()
            .filter(|(f, _)| names.contains(f))
            .collect();
        if names.contains(tail) {
            let pkg = dir.join(tail);
            if pkg.is_dir() {
                let inits = self.listing(&pkg);
                for (file, kind) in candidates("__init__") {
                    if inits.contains(&file) {
                        return Some(Found::File {
                            origin: pkg.join(file),
                            kind,
                            package: Some(pkg),
                        });
                    }
                }
                // A folder without `__init__` loses to a module of the same name beside it.
                portion = Some(Found::Namespace(vec![pkg]));
            }
        }
        for (file, kind) in here {
            let origin = dir.join(&file);
            if origin.is_file() {
                return Some(Found::File {
                    origin,
                    kind,
                    package: None,
                });
            }
        }
        portion
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_packages_modules_and_namespaces_in_path_order() {
        let root = std::env::temp_dir().join(format!("pycrane-finder-{}", std::process::id()));
        let (a, b) = (root.join("a"), root.join("b"));
        fs::create_dir_all(a.join("pkg")).unwrap();
        fs::create_dir_all(a.join("ns")).unwrap();
        fs::create_dir_all(b.join("ns")).unwrap();
        fs::write(a.join("pkg/__init__.py"), "").unwrap();
        fs::write(a.join("mod.py"), "").unwrap();
        fs::write(b.join("mod.py"), "").unwrap();
        fs::write(b.join("ext.so"), "").unwrap();
        fs::write(b.join("ns.py"), "").unwrap();
        let dirs = vec![a.clone(), b.clone()];
        let mut f = Finder::default();
        match f.find("pkg", &dirs) {
            Found::File {
                origin, package, ..
            } => {
                assert_eq!(origin, a.join("pkg/__init__.py"));
                assert_eq!(package, Some(a.join("pkg")));
            }
            other => panic!("{other:?}"),
        }
        assert!(
            matches!(f.find("mod", &dirs), Found::File { origin, .. } if origin == a.join("mod.py"))
        );
        assert!(matches!(
            f.find("ext", &dirs),
            Found::File {
                kind: FileKind::Extension,
                ..
            }
        ));
        // A module later on the path beats namespace portions earlier on it, and a module
        // beats a folder without `__init__` beside it.
        assert!(
            matches!(f.find("ns", &dirs), Found::File { origin, .. } if origin == b.join("ns.py"))
        );
        fs::create_dir_all(b.join("both")).unwrap();
        fs::write(b.join("both.py"), "").unwrap();
        assert!(
            matches!(f.find("both", &dirs), Found::File { origin, .. } if origin == b.join("both.py"))
        );
        fs::remove_file(b.join("ns.py")).unwrap();
        match f.find("ns", &dirs) {
            Found::Namespace(p) => assert_eq!(p, vec![a.join("ns"), b.join("ns")]),
            other => panic!("{other:?}"),
        }
        assert!(matches!(f.find("nothing", &dirs), Found::NotFound));
        let _ = fs::remove_dir_all(root);
    }
}
