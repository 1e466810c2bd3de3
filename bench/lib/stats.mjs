// Small statistics helpers: medians, quantiles and per-round ratios.

/** Sorted copy of the finite numbers in `xs`. */
const sorted = (xs) => xs.filter(Number.isFinite).sort((a, b) => a - b);

/** Linear-interpolated quantile q in [0, 1]; NaN for an empty list. */
export function quantile(xs, q) {
  const s = sorted(xs);
  if (s.length === 0) return NaN;
  const pos = (s.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  return s[lo] + (s[hi] - s[lo]) * (pos - lo);
}

export const median = (xs) => quantile(xs, 0.5);

/** {median, min, max, n} of a list. */
export function summary(xs) {
  const s = sorted(xs);
  return { median: median(s), min: s[0] ?? NaN, max: s[s.length - 1] ?? NaN, n: s.length };
}

/**
 * Ratio of `name` to `base` within each round, summarised over rounds: the round-to-round noise
 * of a shared machine cancels in a ratio taken between neighbours in time.
 * @param {Array<Record<string, number>>} rounds  per round: contender -> value
 */
export function roundRatios(rounds, name, base) {
  const ratios = rounds
    .filter((r) => Number.isFinite(r[name]) && Number.isFinite(r[base]) && r[base] > 0)
    .map((r) => r[name] / r[base]);
  return summary(ratios);
}

/** Rotates `list` left by `k` (round k starts with a different contender). */
export function rotate(list, k) {
  const n = list.length;
  const s = ((k % n) + n) % n;
  return [...list.slice(s), ...list.slice(0, s)];
}

/** Formats a number with a fixed count of decimals, or '—' when not finite. */
export function fmt(x, digits = 2) {
  return Number.isFinite(x) ? x.toFixed(digits) : '—';
}
