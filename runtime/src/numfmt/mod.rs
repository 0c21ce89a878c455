//! Number <-> text conversions with CPython's exact rules: float repr, format-spec rendering,
//! printf-style `%` formatting, int/float parsing, str repr, and float arithmetic semantics.

pub mod dtoa;
pub mod floatops;
pub mod format;
pub mod markup;
pub mod parse;
pub mod percent;
#[cfg(test)]
pub(crate) mod pycheck;
pub mod spec;
pub(crate) mod unicode_tables;

pub use format::{format_float, format_int, format_str, FmtError};
pub use parse::{int_to_str_radix, parse_float, parse_int};
pub use spec::{parse_format_spec, FormatSpec};

/// `repr(x)` for a float, exactly as CPython 3.11 prints it: the shortest string that
/// round-trips (nearest to the exact value among those), in fixed notation when the decimal
/// exponent is in `-4..16`, otherwise in scientific notation with a signed,
/// at-least-two-digit exponent (`1e+16`, `1.5e-05`). `str(x)` is the same.
pub fn float_repr(x: f64) -> String {
    let flags = dtoa::DtsFlags {
        add_dot_0: true,
        ..Default::default()
    };
    dtoa::double_to_string(x, 'r', 0, flags)
}

#[cfg(test)]
mod tests {
    use super::float_repr;

    #[test]
    fn repr_matches_cpython_rules() {
        let cases = [
            (0.0, "0.0"),
            (-0.0, "-0.0"),
            (1.0, "1.0"),
            (0.1, "0.1"),
            (1e16, "1e+16"),
            (1e15, "1000000000000000.0"),
            (123456789.125, "123456789.125"),
            (0.0001, "0.0001"),
            (0.00001, "1e-05"),
            (1.5e-7, "1.5e-07"),
            (1e300, "1e+300"),
            (-2.5e-300, "-2.5e-300"),
            (f64::INFINITY, "inf"),
            (f64::NEG_INFINITY, "-inf"),
            (f64::NAN, "nan"),
            (std::f64::consts::PI, "3.141592653589793"),
            (137839762462415.62, "137839762462415.62"),
        ];
        for (x, want) in cases {
            assert_eq!(float_repr(x), want, "repr({x:?})");
        }
    }

    #[test]
    fn repr_matches_cpython_on_random_floats() {
        let mut xs = Vec::new();
        let mut seed = 0x9e37_79b9_7f4a_7c15u64;
        for i in 0..20000u64 {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            // Mix full-range bit patterns with values of moderate magnitude.
            let x = if i % 2 == 0 {
                f64::from_bits(seed)
            } else {
                (seed >> 11) as f64 / (1u64 << ((seed % 60) as u32)) as f64
            };
            xs.push(x);
        }
        let lines: Vec<String> = xs.iter().map(|x| x.to_bits().to_string()).collect();
        let want = super::pycheck::run(
            "for l in sys.stdin:\n    ans(lambda: repr(fbits(l)))",
            &lines,
        );
        for (x, w) in xs.iter().zip(want) {
            assert_eq!(Ok(float_repr(*x)), w, "repr of bits {:#x}", x.to_bits());
        }
    }
}
