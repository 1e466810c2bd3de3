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
    (min * cfg.factor.powi(exp)).min(max)
}

/// Delay before attempt `attempt` with jitter, given a uniform draw `r` in `[0, 1)`.
/// Lies in `[minDelay, maxDelay]`.
pub fn jittered_delay(cfg: &ReconnectConfig, attempt: u32, r: f64) -> u32 {
    let base = base_delay(cfg, attempt);
    let d = base * (1.0 - cfg.jitter * r);
    // Bounding keeps the invariant even for r outside [0, 1) or rounding at the edges.
    // (max/min rather than f64::clamp: clamp's panic path drags float formatting into the wasm.)
    d.round().max(f64::from(cfg.min_delay_ms)).min(f64::from(cfg.max_delay_ms)) as u32
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cfg(min: u32, max: u32, factor: f64, jitter: f64) -> ReconnectConfig {
        ReconnectConfig { min_delay_ms: min, max_delay_ms: max, factor, jitter, ..Default::default() }
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
