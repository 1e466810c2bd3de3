// The connection panel's live parts: the state badge, the reconnect countdown and ws.stats.
// They are redrawn from the instance on a short tick rather than only on events, because the
// state also changes between events (a reconnect timer firing turns "waiting" into "dialling").
import { duration } from './format.js';

const STATES = ['CONNECTING', 'OPEN', 'CLOSING', 'CLOSED'];

/**
 * The counters shown, in order, with the spellings the SDK may use for each: the page reads the
 * first one present, so a rename in the driver shows up as a dash rather than a crash.
 */
const COUNTERS = [
  ['reconnects', ['reconnects']],
  ['lastRtt', ['lastRtt', 'lastRttMs', 'last_rtt_ms', 'rtt']],
  ['queued', ['queued', 'queuedMessages']],
  ['queuedBytes', ['queuedBytes', 'queued_bytes']],
  ['sent', ['sent']],
  ['received', ['received']],
  ['dropped', ['dropped']],
  ['confirmed', ['confirmed']],
  ['unconfirmed', ['unconfirmed']],
  ['resent', ['resent']],
];

export class StatusPanel {
  /**
   * @param {{badge: HTMLElement, countdown: HTMLElement, stats: HTMLElement}} els
   */
  constructor(els) {
    this.els = els;
    /** Set by a `reconnecting` event; cleared by `open` or a final close. */
    /** @type {{attempt: number, until: number} | null} */
    this.pending = null;
    /** @type {Map<string, HTMLElement>} */
    this.cells = new Map();
    for (const [label] of COUNTERS) {
      const box = document.createElement('div');
      const dt = document.createElement('dt');
      dt.textContent = label;
      const dd = document.createElement('dd');
      dd.textContent = '—';
      dd.dataset.stat = label;
      box.append(dt, dd);
      els.stats.append(box);
      this.cells.set(label, dd);
    }
  }

  /**
   * A reconnect was scheduled.
   * @param {number} attempt
   * @param {number} delay ms
   */
  reconnecting(attempt, delay) {
    this.pending = { attempt, until: performance.now() + delay };
  }

  /** The link opened or the instance stopped for good: no countdown any more. */
  settled() {
    this.pending = null;
  }

  /**
   * Redraws from the instance.
   * @param {any} ws  the current WebSocketClass, or null before one exists
   */
  render(ws) {
    const state = ws ? STATES[ws.readyState] ?? `state ${ws.readyState}` : 'CLOSED';
    const { badge, countdown } = this.els;
    if (badge.dataset.state !== state) {
      badge.dataset.state = state;
      badge.textContent = state;
    }
    countdown.textContent = this.countdownText(state);
    if (ws) this.renderStats(ws);
  }

  /** @param {string} state */
  countdownText(state) {
    if (!this.pending || state !== 'CONNECTING') return '';
    const left = this.pending.until - performance.now();
    const k = this.pending.attempt;
    return left > 0
      ? `reconnecting in ${(left / 1000).toFixed(1)} s, attempt ${k}`
      : `connecting, attempt ${k}…`;
  }

  /** @param {any} ws */
  renderStats(ws) {
    let stats;
    try {
      stats = ws.stats;
    } catch {
      return; // a freed instance has no stats; the next tick shows the new one
    }
    if (!stats) return;
    for (const [label, names] of COUNTERS) {
      const key = names.find((n) => stats[n] !== undefined);
      const v = key === undefined ? undefined : stats[key];
      let text = v === undefined || v === null ? '—' : String(v);
      if (label === 'lastRtt' && typeof v === 'number') text = duration(v);
      const cell = this.cells.get(label);
      if (cell && cell.textContent !== text) cell.textContent = text;
    }
    // A wasm-bindgen struct copy owns wasm memory until freed; a plain object has no free().
    if (typeof stats.free === 'function') stats.free();
  }
}
