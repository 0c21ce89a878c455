//! Numeric helpers for the `math` module that need more than `f64`'s methods.

/// `math.frexp`: (m, e) with x == m * 2**e and 0.5 <= |m| < 1 (or m == x for 0/inf/nan).
pub fn frexp(x: f64) -> (f64, i32) {
    if x == 0.0 || !x.is_finite() {
        return (x, 0);
    }
    let (m, e) = libm::frexp(x);
    (m, e)
}

/// Exact sum of floats (Shewchuk's algorithm, as `math.fsum`); Err on overflow.
pub fn fsum(values: &[f64]) -> Result<f64, &'static str> {
    let mut partials: Vec<f64> = vec![];
    let mut special = 0.0f64;
    let mut inf_sum = 0.0f64;
    for &x0 in values {
        let mut x = x0;
        if !x.is_finite() {
            if x.is_infinite() {
                inf_sum += x;
            }
            special += x;
            continue;
        }
        let mut i = 0;
        for j in 0..partials.len() {
            let mut y = partials[j];
            if x.abs() < y.abs() {
                std::mem::swap(&mut x, &mut y);
            }
            let hi = x + y;
            let lo = y - (hi - x);
            if lo != 0.0 {
                partials[i] = lo;
                i += 1;
            }
            x = hi;
            if !x.is_finite() {
                return Err("intermediate overflow in fsum");
            }
        }
        partials.truncate(i);
        partials.push(x);
    }
    if special != 0.0 {
        if inf_sum.is_nan() {
            return Err("-inf + inf in fsum");
        }
        return Ok(special);
    }
    let mut hi = 0.0;
    let mut n = partials.len();
    if n > 0 {
        n -= 1;
        hi = partials[n];
        let mut lo = 0.0;
        while n > 0 {
            let x = hi;
            n -= 1;
            let y = partials[n];
            hi = x + y;
            let yr = hi - x;
            lo = y - yr;
            if lo != 0.0 {
                break;
            }
        }
        if n > 0 && ((lo < 0.0 && partials[n - 1] < 0.0) || (lo > 0.0 && partials[n - 1] > 0.0)) {
            let y = lo * 2.0;
            let x = hi + y;
            let yr = x - hi;
            if y == yr {
                hi = x;
            }
        }
    }
    Ok(hi)
}
