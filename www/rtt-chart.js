// The heartbeat RTT chart: an SVG line over the last minute, with the outages shaded, so a
// "delay pongs" fault shows as a climb and a dead link as a gap.

const SVG = 'http://www.w3.org/2000/svg';
const W = 300;
const MIN_SPAN_MS = 20_000;
const H = 80;

export class RttChart {
  /**
   * @param {SVGSVGElement} svg
   * @param {HTMLElement} maxLabel  shows the value of the top of the scale
   * @param {number} [windowMs]     how much history is drawn
   */
  constructor(svg, maxLabel, windowMs = 60_000) {
    this.svg = svg;
    this.maxLabel = maxLabel;
    this.windowMs = windowMs;
    /** @type {{t: number, rtt: number}[]} */
    this.samples = [];
    /** Outages as [from, to) on the performance clock; `to` is null while the link is down. */
    /** @type {{from: number, to: number | null}[]} */
    this.down = [];
    /** The heartbeat timeout, drawn as a dashed line when RTTs come near it. */
    this.timeoutMs = null;
    /** The chart spans from its creation (at least {@link MIN_SPAN_MS}) up to `windowMs`, so a
     * fresh page shows its first seconds full width instead of squeezed against the right edge. */
    this.born = performance.now();
  }

  /** @param {number} rtt milliseconds */
  addSample(rtt) {
    this.samples.push({ t: performance.now(), rtt });
  }

  /** The link went down (a close): shade from now until {@link up}. */
  markDown() {
    const last = this.down[this.down.length - 1];
    if (!last || last.to !== null) this.down.push({ from: performance.now(), to: null });
  }

  /** The link is open again. */
  markUp() {
    const last = this.down[this.down.length - 1];
    if (last && last.to === null) last.to = performance.now();
  }

  /** @param {number | null} ms */
  setTimeout(ms) {
    this.timeoutMs = ms;
  }

  /** Redraws; cheap enough to call a few times a second. */
  render() {
    const now = performance.now();
    const span = Math.min(this.windowMs, Math.max(MIN_SPAN_MS, now - this.born));
    const from = now - span;
    this.samples = this.samples.filter((s) => s.t >= from);
    this.down = this.down.filter((d) => d.to === null || d.to >= from);

    const peak = this.samples.reduce((m, s) => Math.max(m, s.rtt), 0);
    let top = Math.max(10, niceCeil(peak * 1.25));
    const showLimit = this.timeoutMs !== null && peak * 2 >= this.timeoutMs;
    if (showLimit) top = Math.max(top, niceCeil(this.timeoutMs * 1.1));
    this.maxLabel.textContent = `top ${top} ms · last ${Math.round(span / 1000)} s`;

    const x = (t) => ((t - from) / span) * W;
    const y = (v) => H - (Math.min(v, top) / top) * (H - 4) - 2;
    const nodes = [];
    for (const d of this.down) {
      const x0 = Math.max(0, x(d.from));
      const x1 = x(d.to ?? now);
      nodes.push(el('rect', { class: 'rtt-down', x: x0, y: 0, width: Math.max(1, x1 - x0), height: H }));
    }
    if (showLimit) {
      nodes.push(el('line', { class: 'rtt-limit', x1: 0, x2: W, y1: y(this.timeoutMs), y2: y(this.timeoutMs) }));
    }
    // One polyline per stretch of uptime: a line across an outage would claim pongs that never came.
    let run = [];
    const flush = () => {
      if (run.length === 1) run.push([run[0][0] + 1.5, run[0][1]]);
      if (run.length > 1) nodes.push(el('polyline', { class: 'rtt-line-path', points: run.map((p) => p.join(',')).join(' ') }));
      run = [];
    };
    for (const s of this.samples) {
      if (run.length && this.down.some((d) => d.from > run.at(-1).t && d.from <= s.t)) flush();
      run.push(Object.assign([x(s.t).toFixed(1), y(s.rtt).toFixed(1)], { t: s.t }));
    }
    flush();
    this.svg.replaceChildren(...nodes);
  }
}

/** Rounds up to 1, 2 or 5 times a power of ten, for a scale a person can read. */
function niceCeil(v) {
  if (v <= 0) return 1;
  const p = 10 ** Math.floor(Math.log10(v));
  for (const m of [1, 2, 5, 10]) if (m * p >= v) return m * p;
  return 10 * p;
}

/**
 * @param {string} name
 * @param {Record<string, string | number>} attrs
 */
function el(name, attrs) {
  const node = document.createElementNS(SVG, name);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}
