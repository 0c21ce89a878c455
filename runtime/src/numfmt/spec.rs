//! The format-spec mini-language of `format(value, spec)` / `str.format`, parsed exactly as
//! CPython 3.11's `parse_internal_render_format_spec` does:
//!
//! ```text
//! [[fill]align][sign]["z"]["#"]["0"][width][grouping]["." precision][type]
//! ```
//!
//! Parsing is type-independent except for error messages (which name the value's type) and
//! the default alignment, which the renderers in [`super::format`] apply.

/// A parsed format spec. `align == None` means "the type's default" (`>` for numbers, `<` for
/// strings); a bare `0` before the width sets `zero_pad` and, when no fill was given, makes the
/// fill `'0'` (and the alignment `=` for numbers).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct FormatSpec {
    pub fill: char,
    /// Whether `fill` was given explicitly (it then wins over the `0` flag).
    pub fill_specified: bool,
    pub align: Option<char>,
    /// `'+'`, `'-'` or `' '`.
    pub sign: Option<char>,
    /// `z`: coerce negative zero to positive after rounding (floats only).
    pub no_neg_zero: bool,
    /// `#`.
    pub alternate: bool,
    pub zero_pad: bool,
    pub width: Option<usize>,
    /// `','` or `'_'`.
    pub grouping: Option<char>,
    pub precision: Option<usize>,
    /// Presentation type; `None` when omitted.
    pub ty: Option<char>,
}

impl Default for FormatSpec {
    fn default() -> Self {
        FormatSpec {
            fill: ' ',
            fill_specified: false,
            align: None,
            sign: None,
            no_neg_zero: false,
            alternate: false,
            zero_pad: false,
            width: None,
            grouping: None,
            precision: None,
            ty: None,
        }
    }
}

fn is_align(c: char) -> bool {
    matches!(c, '<' | '>' | '=' | '^')
}

/// Render a presentation-type char the way CPython's error messages do (`'x'` or `'\x1'`).
pub(crate) fn type_char_for_msg(c: char) -> String {
    let u = c as u32;
    if u > 32 && u < 128 {
        c.to_string()
    } else {
        format!("\\x{:x}", u)
    }
}

/// `ValueError: Unknown format code 'q' for object of type 'int'`.
pub fn unknown_code_msg(ty: char, type_name: &str) -> String {
    format!(
        "Unknown format code '{}' for object of type '{}'",
        type_char_for_msg(ty),
        type_name
    )
}

fn get_integer(chars: &[char], pos: &mut usize) -> Result<Option<usize>, String> {
    let start = *pos;
    let mut acc: usize = 0;
    while *pos < chars.len() {
        let Some(d) = chars[*pos].to_digit(10) else {
            break;
        };
        // CPython accepts any Unicode decimal digit; ASCII covers real-world specs.
        let d = d as usize;
        if acc > (isize::MAX as usize - d) / 10 {
            return Err("Too many decimal digits in format string".into());
        }
        acc = acc * 10 + d;
        *pos += 1;
    }
    Ok(if *pos == start { None } else { Some(acc) })
}

/// Parse `spec` for a value of Python type `type_name` (used only in error messages).
/// Errors are CPython's ValueError messages.
pub fn parse_format_spec(spec: &str, type_name: &str) -> Result<FormatSpec, String> {
    let chars: Vec<char> = spec.chars().collect();
    let end = chars.len();
    let mut f = FormatSpec::default();
    let mut pos = 0;
    if end >= 2 && is_align(chars[1]) {
        f.fill = chars[0];
        f.fill_specified = true;
        f.align = Some(chars[1]);
        pos = 2;
    } else if end >= 1 && is_align(chars[0]) {
        f.align = Some(chars[0]);
        pos = 1;
    }
    if pos < end && matches!(chars[pos], '+' | '-' | ' ') {
        f.sign = Some(chars[pos]);
        pos += 1;
    }
    if pos < end && chars[pos] == 'z' {
        f.no_neg_zero = true;
        pos += 1;
    }
    if pos < end && chars[pos] == '#' {
        f.alternate = true;
        pos += 1;
    }
    if pos < end && chars[pos] == '0' {
        f.zero_pad = true;
        pos += 1;
    }
    f.width = get_integer(&chars, &mut pos)?;
    if pos < end && chars[pos] == ',' {
        f.grouping = Some(',');
        pos += 1;
    }
    if pos < end && chars[pos] == '_' {
        if f.grouping.is_some() {
            return Err("Cannot specify both ',' and '_'.".into());
        }
        f.grouping = Some('_');
        pos += 1;
    }
    if pos < end && chars[pos] == ',' {
        return Err("Cannot specify both ',' and '_'.".into());
    }
    if pos < end && chars[pos] == '.' {
        pos += 1;
        f.precision = get_integer(&chars, &mut pos)?;
        if f.precision.is_none() {
            return Err("Format specifier missing precision".into());
        }
    }
    if end - pos > 1 {
        return Err(format!(
            "Invalid format specifier '{spec}' for object of type '{type_name}'"
        ));
    }
    if end - pos == 1 && chars[pos] != '\0' {
        f.ty = Some(chars[pos]);
    }
    if let Some(g) = f.grouping {
        let ok = match f.ty {
            None => true,
            Some('d' | 'e' | 'f' | 'g' | 'E' | 'G' | '%' | 'F') => true,
            Some('b' | 'o' | 'x' | 'X') => g == '_',
            _ => false,
        };
        if !ok {
            return Err(format!(
                "Cannot specify '{}' with '{}'.",
                g,
                type_char_for_msg(f.ty.unwrap_or('\0'))
            ));
        }
    }
    Ok(f)
}
