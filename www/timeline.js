// The event timeline: one row per thing that happened, newest first, with a timestamp.
// Heartbeats (and echoed messages) repeat every few seconds; consecutive ones fold into a single
// row with a count so a fault and its recovery stay on screen instead of scrolling away.
import { clock } from './format.js';

/** Rows kept; older ones are removed so a demo left open all day stays light. */
const MAX_ROWS = 300;
/** Event types that fold into the previous row when repeated back to back. */
const FOLDING = new Set(['heartbeat', 'message']);

export class Timeline {
  /** @param {HTMLOListElement} list */
  constructor(list) {
    this.list = list;
    /** @type {{type: string, row: HTMLLIElement, count: number, first: string} | null} */
    this.last = null;
  }

  /**
   * Adds a row (or folds into the previous one).
   * @param {string} type   open, close, reconnecting, heartbeat, drop, giveup, error, message, fault, call
   * @param {string} detail one line of text
   * @param {{flag?: string}} [extra] `flag` is shown in bold before the detail (e.g. "heartbeat timeout")
   */
  add(type, detail, extra = {}) {
    const now = clock();
    if (this.last && this.last.type === type && FOLDING.has(type) && this.list.firstChild === this.last.row) {
      this.last.count += 1;
      this.fill(this.last.row, now, type, `${detail} · ×${this.last.count} since ${this.last.first}`, extra.flag);
      return;
    }
    const row = document.createElement('li');
    row.className = 'ev';
    this.fill(row, now, type, detail, extra.flag);
    this.list.prepend(row);
    this.last = { type, row, count: 1, first: now };
    while (this.list.childElementCount > MAX_ROWS) this.list.lastElementChild?.remove();
  }

  /** Removes every row. */
  clear() {
    this.list.replaceChildren();
    this.last = null;
  }

  /**
   * @param {HTMLLIElement} row
   * @param {string} time
   * @param {string} type
   * @param {string} detail
   * @param {string} [flag]
   */
  fill(row, time, type, detail, flag) {
    row.dataset.type = type;
    const t = document.createElement('time');
    t.textContent = time;
    const kind = document.createElement('span');
    kind.className = 'ev-type';
    kind.textContent = type;
    const text = document.createElement('span');
    text.className = 'ev-detail';
    if (flag) {
      const f = document.createElement('span');
      f.className = 'ev-flag';
      f.textContent = `${flag} · `;
      text.append(f);
      row.dataset.flag = flag;
    }
    text.append(detail);
    row.replaceChildren(t, kind, text);
  }
}
