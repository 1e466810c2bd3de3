//! Reconnect delays: exponential growth from `minDelay`, capped at `maxDelay`, with a fresh
//! jitter draw per attempt taking up to `jitter × delay` off (never below `minDelay`).

use super::config::ReconnectConfig;

/// Delay before attempt `attempt` (1-based) without jitter: `min × factor^(attempt−1)`, capped.
/// Non-decreasing in `attempt` because `factor ≥ 1`.
pub fn base_delay(cfg: &ReconnectConfig, attempt: u32) -> f64 {
    let min = f64::from(cfg.min_delay_ms);
    let max = f64::from(cfg.max_delay_ms);
    // powi saturates to +inf for huge exponents; min() then caps it.
    let exp = i32::try_from(attempt.saturating_sub(1)).unwrap_or(i32::MAX);
    (min * powi(cfg.factor, exp)).min(max)
}

/// Delay before attempt `attempt` with jitter, given a uniform draw `r` in `[0, 1)`.
/// Lies in `[minDelay, maxDelay]`.
pub fn jittered_delay(cfg: &ReconnectConfig, attempt: u32, r: f64) -> u32 {
    let base = base_delay(cfg, attempt);
    let d = base * (1.0 - cfg.jitter * r);
    // Bounding keeps the invariant even for r outside [0, 1) or rounding at the edges.
    // (max/min rather than f64::clamp: clamp's panic path drags float formatting into the wasm.)
    round(d).max(f64::from(cfg.min_delay_ms)).min(f64::from(cfg.max_delay_ms)) as u32
}

// `f64::powi` and `f64::round` are std-only (they call libm); the wasm build has `core` alone.

/// `base.powi(exp)` for `exp >= 0`: square-and-multiply, as compiler-rt's `__powidf2` (what
/// `powi` compiles to) does it, so every delay is the one std computed.
fn powi(mut base: f64, mut exp: i32) -> f64 {
    let mut r = 1.0;
    loop {
        if exp & 1 != 0 {
            r *= base;
        }
        exp /= 2;
        if exp == 0 {
            return r;
        }
        base *= base;
    }
}

/// `x.round()`: to the nearest whole number, halves away from zero (-0.4 gives +0).
fn round(x: f64) -> f64 {
    // From 2^52 on every double is whole (and NaN stays NaN).
    if !(x > -4_503_599_627_370_496.0 && x < 4_503_599_627_370_496.0) {
        return x;
    }
    let t = x as i64 as f64; // toward zero; `x - t` is exact
    match x - t {
        f if f >= 0.5 => t + 1.0,
        f if f <= -0.5 => t - 1.0,
        _ => t,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(min: u32, max: u32, factor: f64, jitter: f64) -> ReconnectConfig {
        ReconnectConfig { min_delay_ms: min, max_delay_ms: max, factor, jitter, ..Default::default() }
    }

    #[test]
    fn powi_and_round_are_std_s() {
        // The wasm build has no std: these stand in for f64::powi (bit for bit) and f64::round
        // (the same value; a negative result that rounds to zero comes out as +0, not -0).
        let mut x = 0.000_123_f64;
        let mut seen = 0;
        while x < 1e12 {
            for v in [x, -x, x.floor() + 0.5, -(x.floor() + 0.5), x.floor() + 0.499_999_999_999_999_9] {
                assert_eq!(round(v), v.round(), "round({v})");
            }
            x *= 1.37;
            seen += 1;
        }
        assert!(seen > 100);
        for v in [0.0, 0.5, 1.5, 2.5, -0.5, 4_503_599_627_370_497.0, 1e300, f64::INFINITY] {
            assert_eq!(round(v), v.round(), "round({v})");
        }
        assert!(round(f64::NAN).is_nan());
        for factor in [1.0, 1.1, 1.5, 2.0, 2.718_281_828, 3.3, 10.0, 99.9, 100.0] {
            for exp in (0..=64).chain([100, 1000, i32::MAX - 1, i32::MAX]) {
                assert_eq!(powi(factor, exp).to_bits(), factor.powi(exp).to_bits(), "{factor}^{exp}");
            }
        }
    }

    #[test]
    fn grows_by_factor_then_caps() {
        let c = cfg(1000, 30_000, 2.0, 0.0);
        let d: Vec<u32> = (1..=7).map(|a| jittered_delay(&c, a, 0.5)).collect();
        assert_eq!(d, [1000, 2000, 4000, 8000, 16_000, 30_000, 30_000]);
        assert_eq!(jittered_delay(&c, u32::MAX, 0.0), 30_000);
    }

    #[test]
    fn jitter_takes_off_a_fraction_but_not_below_min() {
        let c = cfg(1000, 30_000, 2.0, 0.5);
        assert_eq!(jittered_delay(&c, 3, 0.0), 4000);
        assert_eq!(jittered_delay(&c, 3, 0.5), 3000);
        assert_eq!(jittered_delay(&c, 3, 0.999_999), 2000);
        assert_eq!(jittered_delay(&c, 1, 0.9), 1000);
    }

    #[test]
    fn factor_one_is_constant() {
        let c = cfg(250, 10_000, 1.0, 0.0);
        assert!((1..50).all(|a| jittered_delay(&c, a, 0.3) == 250));
    }
}
