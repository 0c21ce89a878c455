//! The `str.format` template grammar (PEP 3101), as CPython's
//! `Objects/stringlib/unicode_format.h` parses it: literal text with `{{`/`}}` escapes,
//! and fields `{name!conversion:spec}` whose name is `first(.attr|[key])*`. One parser
//! serves `str.format` (`builtins::methods`) and `_string.formatter_parser` /
//! `formatter_field_name_split` (Lib's `string.Formatter`).

/// A replacement field.
#[derive(Debug, Clone, PartialEq)]
pub struct Field {
    pub name: String,
    pub spec: String,
    pub conversion: Option<char>,
    /// The spec holds fields of its own (`{0:{1}}`).
    pub nested: bool,
}

/// Literal text, then possibly a field (CPython's MarkupIterator step). An escaped brace
/// ends a piece, with the brace as the literal's last character.
#[derive(Debug, Clone, PartialEq)]
pub struct Piece {
    pub literal: String,
    pub field: Option<Field>,
}

/// The pieces of `template`, in order, and the error that stopped parsing, if any (the
/// pieces before it are still returned, as CPython's iterator yields them first).
pub fn parse(template: &str) -> (Vec<Piece>, Option<&'static str>) {
    let chars: Vec<char> = template.chars().collect();
    let mut pieces = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        match next_piece(&chars, &mut i) {
            Ok(p) => pieces.push(p),
            Err(e) => return (pieces, Some(e)),
        }
    }
    (pieces, None)
}

fn next_piece(s: &[char], i: &mut usize) -> Result<Piece, &'static str> {
    let start = *i;
    let mut brace = None;
    while *i < s.len() {
        let c = s[*i];
        *i += 1;
        if c == '{' || c == '}' {
            brace = Some(c);
            break;
        }
    }
    let at_end = *i >= s.len();
    let mut end = *i;
    if brace == Some('}') && (at_end || s[*i] != '}') {
        return Err("Single '}' encountered in format string");
    }
    if at_end && brace == Some('{') {
        return Err("Single '{' encountered in format string");
    }
    let mut markup = brace.is_some();
    if let (Some(b), false) = (brace, at_end) {
        if s[*i] == b {
            // An escaped brace: the literal keeps one, and no field follows.
            *i += 1;
            markup = false;
        } else {
            end -= 1;
        }
    }
    let literal: String = s[start..end].iter().collect();
    if !markup {
        return Ok(Piece {
            literal,
            field: None,
        });
    }
    let field = parse_field(s, i)?;
    Ok(Piece {
        literal,
        field: Some(field),
    })
}

/// A field after its `{`, through its closing `}`.
fn parse_field(s: &[char], i: &mut usize) -> Result<Field, &'static str> {
    let name_start = *i;
    let mut c = '\0';
    while *i < s.len() {
        c = s[*i];
        *i += 1;
        match c {
            '{' => return Err("unexpected '{' in field name"),
            '[' => {
                while *i < s.len() && s[*i] != ']' {
                    *i += 1;
                }
                continue;
            }
            '}' | ':' | '!' => break,
            _ => continue,
        }
    }
    let name: String = s[name_start..i.saturating_sub(1).max(name_start)]
        .iter()
        .collect();
    let mut field = Field {
        name,
        spec: String::new(),
        conversion: None,
        nested: false,
    };
    if c != '!' && c != ':' {
        if c != '}' {
            return Err("expected '}' before end of string");
        }
        return Ok(field);
    }
    if c == '!' {
        if *i >= s.len() {
            return Err("end of string while looking for conversion specifier");
        }
        field.conversion = Some(s[*i]);
        *i += 1;
        if *i < s.len() {
            let d = s[*i];
            *i += 1;
            if d == '}' {
                return Ok(field);
            }
            if d != ':' {
                return Err("expected ':' after conversion specifier");
            }
        }
    }
    let spec_start = *i;
    let mut depth = 1;
    while *i < s.len() {
        let d = s[*i];
        *i += 1;
        match d {
            '{' => {
                field.nested = true;
                depth += 1;
            }
            '}' => {
                depth -= 1;
                if depth == 0 {
                    field.spec = s[spec_start..*i - 1].iter().collect();
                    return Ok(field);
                }
            }
            _ => {}
        }
    }
    Err("unmatched '{' in format spec")
}

/// A part of a field name: a non-negative decimal integer or text.
#[derive(Debug, Clone, PartialEq)]
pub enum Key {
    Index(usize),
    Name(String),
}

impl Key {
    fn of(text: &str) -> Key {
        if !text.is_empty() && text.chars().all(|c| c.is_ascii_digit()) {
            if let Ok(n) = text.parse() {
                return Key::Index(n);
            }
        }
        Key::Name(text.to_string())
    }
}

/// The lookups after a field name's first part: `(true, name)` for `.name`, `(false, key)`
/// for `[key]`.
pub type Lookups = Vec<(bool, Key)>;

/// `first(.attr|[key])*`: the first part and each lookup after it.
pub fn split_name(name: &str) -> Result<(Key, Lookups), &'static str> {
    let end = name.find(['.', '[']).unwrap_or(name.len());
    let first = Key::of(&name[..end]);
    let mut rest = Vec::new();
    let mut r = &name[end..];
    while let Some(c) = r.chars().next() {
        let (is_attr, text, tail) = match c {
            '.' => {
                let body = &r[1..];
                let stop = body.find(['.', '[']).unwrap_or(body.len());
                (true, &body[..stop], &body[stop..])
            }
            '[' => {
                let body = &r[1..];
                let Some(close) = body.find(']') else {
                    return Err("Missing ']' in format string");
                };
                (false, &body[..close], &body[close + 1..])
            }
            _ => return Err("Only '.' or '[' may follow ']' in format field specifier"),
        };
        if text.is_empty() {
            return Err("Empty attribute in format string");
        }
        rest.push((
            is_attr,
            if is_attr {
                Key::Name(text.to_string())
            } else {
                Key::of(text)
            },
        ));
        r = tail;
    }
    Ok((first, rest))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_as_cpython_yields_them() {
        let (p, e) = parse("a{0}b{x.y[1]!r:>{w}}c{{d}}");
        assert!(e.is_none());
        assert_eq!(p.len(), 4);
        assert_eq!(p[1].field.as_ref().unwrap().spec, ">{w}");
        assert_eq!(p[2].literal, "c{");
        assert_eq!(p[3].literal, "d}");
        assert_eq!(parse("{0!}").1, Some("unmatched '{' in format spec"));
        assert_eq!(
            parse("{0!rr}").1,
            Some("expected ':' after conversion specifier")
        );
        assert_eq!(
            parse("}").1,
            Some("Single '}' encountered in format string")
        );
    }

    #[test]
    fn names_split_into_lookups() {
        let (first, rest) = split_name("x.y[1][k].z").unwrap();
        assert_eq!(first, Key::Name("x".into()));
        assert_eq!(rest.len(), 4);
        assert_eq!(rest[1], (false, Key::Index(1)));
        assert_eq!(
            split_name("a[").unwrap_err(),
            "Missing ']' in format string"
        );
    }
}
