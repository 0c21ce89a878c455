//! "Did you mean" hints on uncaught `NameError` and `AttributeError`, as CPython 3.11's
//! default exception printer adds them: the closest name by a case-aware edit distance
//! among the frame's variable names, then its globals, then the builtins (for a NameError),
//! or among `dir(obj)` (for an AttributeError).

use crate::value::Value;
use crate::vm::Vm;

/// Candidate lists this long or longer are not searched.
const MAX_CANDIDATES: usize = 750;
/// Names longer than this (after trimming common ends) never match.
const MAX_STRING: usize = 40;
const MOVE_COST: usize = 2;
const CASE_COST: usize = 1;

fn substitution_cost(a: u8, b: u8) -> usize {
    if a == b {
        0
    } else if a.eq_ignore_ascii_case(&b) && a.is_ascii_alphabetic() {
        CASE_COST
    } else {
        MOVE_COST
    }
}

/// Edit distance over UTF-8 bytes (moves cost 2, case flips 1), or `max + 1` once it is
/// certain to exceed `max`.
fn distance(a: &[u8], b: &[u8], max: usize) -> usize {
    let pre = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[pre..], &b[pre..]);
    let suf = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - suf], &b[..b.len() - suf]);
    if a.is_empty() || b.is_empty() {
        return (a.len() + b.len()) * MOVE_COST;
    }
    if a.len() > MAX_STRING || b.len() > MAX_STRING {
        return max + 1;
    }
    let (a, b) = if b.len() < a.len() { (b, a) } else { (a, b) };
    if (b.len() - a.len()) * MOVE_COST > max {
        return max + 1;
    }
    // One row of the classic matrix, updated in place: row[i] = cost(b[..j], a[..=i]).
    let mut row: Vec<usize> = (1..=a.len()).map(|i| i * MOVE_COST).collect();
    let mut result = 0;
    for (j, &cb) in b.iter().enumerate() {
        let mut diag = j * MOVE_COST;
        result = diag;
        let mut minimum = usize::MAX;
        for (i, &ca) in a.iter().enumerate() {
            let substitute = diag + substitution_cost(cb, ca);
            diag = row[i];
            result = (result.min(diag) + MOVE_COST).min(substitute);
            row[i] = result;
            minimum = minimum.min(result);
        }
        if minimum > max {
            return max + 1;
        }
    }
    result
}

/// The closest candidate to `name`, if one is close enough.
fn closest(name: &str, candidates: &[String]) -> Option<String> {
    if candidates.len() >= MAX_CANDIDATES {
        return None;
    }
    let mut best: Option<(&String, usize)> = None;
    for c in candidates {
        if c == name {
            continue;
        }
        // No more than a third of the characters may change, and it must beat the best.
        let mut max = (name.len() + c.len() + 3) * MOVE_COST / 6;
        if let Some((_, d)) = best {
            max = max.min(d.saturating_sub(1));
        }
        let d = distance(name.as_bytes(), c.as_bytes(), max);
        if d <= max && best.is_none_or(|(_, bd)| d < bd) {
            best = Some((c, d));
        }
    }
    best.map(|(c, _)| c.clone())
}

impl Vm {
    /// The ". Did you mean: 'x'?" ending for an uncaught exception, if any.
    pub fn suggestion(&mut self, exc: &Value) -> Option<String> {
        let t = self.type_of(exc);
        let name = exc
            .as_instance()
            .and_then(|i| i.dict.borrow().get_str("name").cloned())?;
        let name = name.as_str()?.as_str().to_string();
        let found = if t.is(&self.exc.name_error) {
            self.suggest_name(exc, &name)
        } else if t.is(&self.exc.attribute_error) {
            let obj = exc
                .as_instance()
                .and_then(|i| i.dict.borrow().get_str("obj").cloned())?;
            let dir = self.builtins.as_dict()?.borrow().get_str("dir").cloned()?;
            let names = self.call(&dir, &[obj], &[]).ok()?;
            closest(&name, &self.str_list(&names))
        } else {
            None
        }?;
        Some(format!(
            ". Did you mean: {}?",
            crate::bytecode::repr::str_repr(&found)
        ))
    }

    fn suggest_name(&mut self, exc: &Value, name: &str) -> Option<String> {
        let (code, globals) = {
            let d = exc.exc_data()?;
            let d = d.borrow();
            (d.traceback.first()?.code.clone(), d.scope.clone())
        };
        let raw = &code.raw;
        let varnames: Vec<String> = raw
            .localsplusnames
            .iter()
            .zip(&raw.localspluskinds)
            .filter(|(_, k)| *k & crate::pyc::code::kinds::LOCAL != 0)
            .map(|(n, _)| n.to_string())
            .collect();
        if let Some(s) = closest(name, &varnames) {
            return Some(s);
        }
        for scope in [globals, self.builtins.clone()] {
            if let Some(s) = closest(name, &self.dict_key_strings(&scope)) {
                return Some(s);
            }
        }
        None
    }

    fn dict_key_strings(&self, d: &Value) -> Vec<String> {
        match d.as_dict() {
            Some(d) => d
                .borrow()
                .iter()
                .filter_map(|e| e.key.as_str().map(|s| s.as_str().to_string()))
                .collect(),
            _ => vec![],
        }
    }

    fn str_list(&self, v: &Value) -> Vec<String> {
        v.as_list()
            .map(|l| {
                l.borrow()
                    .iter()
                    .filter_map(|x| x.as_str().map(|s| s.as_str().to_string()))
                    .collect()
            })
            .unwrap_or_default()
    }
}
