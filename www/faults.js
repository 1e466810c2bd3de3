// Fault buttons: calls to the demo server's control API (docs/SERVER.md), scoped with this
// page's client id so two open tabs (or parallel tests) never break each other's link.

/**
 * Builds the query of each fault from the panel's inputs. Inputs are read at click time so the
 * person (or a test) can change a duration before pressing.
 * @type {Record<string, (read: (id: string) => string) => {args: Record<string, string>, label: string}>}
 */
const FAULTS = {
  drop: () => ({ args: {}, label: 'drop: TCP cut without a close frame' }),
  blackhole: (read) => {
    const s = read('blackhole-s');
    return { args: { ms: String(Math.round(Number(s) * 1000)) }, label: `blackhole for ${s} s` };
  },
  'delay-pong': (read) => {
    const ms = read('delay-ms');
    return { args: { ms }, label: `delay pongs by ${ms} ms` };
  },
  refuse: (read) => {
    const s = read('refuse-s');
    return { args: { ms: String(Math.round(Number(s) * 1000)) }, label: `refuse new connections for ${s} s` };
  },
  close: (read) => {
    const code = read('close-code');
    const reason = read('close-reason');
    return { args: { code, reason }, label: `server close ${code} "${reason}"` };
  },
  reset: () => ({ args: {}, label: 'reset faults' }),
};

/** Faults that last: how long (from the call's arguments), null = until reset. */
const LASTING = {
  blackhole: (args) => Number(args.ms),
  refuse: (args) => Number(args.ms),
  'delay-pong': (args) => (Number(args.ms) > 0 ? null : 0),
};

export class Faults {
  /**
   * @param {{root: HTMLElement, notice: HTMLElement, active: HTMLElement}} els
   * @param {string} client  the id in the socket URL
   * @param {(label: string, answer: string) => void} log  records the fault in the timeline
   */
  constructor(els, client, log) {
    this.els = els;
    this.client = client;
    this.log = log;
    /** Lasting faults in force, by name: label and end on the performance clock (null: until reset). */
    /** @type {Map<string, {label: string, until: number | null}>} */
    this.active = new Map();
    els.root.addEventListener('click', (e) => {
      const button = /** @type {HTMLElement} */ (e.target).closest('button[data-fault]');
      if (button instanceof HTMLButtonElement) this.trigger(button.dataset.fault ?? '', button);
    });
  }

  /**
   * Calls `/control/NAME?client=…` with the fault's arguments (POST, no body: no CORS preflight).
   * @param {string} name
   * @param {HTMLButtonElement} [button]  disabled while the call is in flight
   */
  async trigger(name, button) {
    const make = FAULTS[name];
    if (!make) return;
    const read = (id) => /** @type {HTMLInputElement} */ (document.getElementById(id)).value.trim();
    const { args, label } = make(read);
    const bad = Object.entries(args).find(([k, v]) => k !== 'reason' && !/^\d+$/.test(v));
    if (bad) {
      this.say(`"${bad[1]}" is not a valid ${bad[0]}: use a whole number.`, false);
      return;
    }
    const q = new URLSearchParams({ client: this.client, ...args });
    if (button) button.disabled = true;
    try {
      const res = await fetch(`/control/${name}?${q}`, { method: 'POST' });
      const body = await res.text();
      if (!res.ok) throw new Error(`server answered ${res.status} ${body.slice(0, 80)}`);
      this.log(label, body.trim());
      this.remember(name, args, label);
      this.say(`Done: ${label}.`, true);
    } catch (err) {
      this.say(`${label} failed: ${err instanceof Error ? err.message : String(err)}`, false);
    } finally {
      if (button) button.disabled = false;
    }
  }

  /**
   * Keeps track of what is in force, so the page can say when a fault is over.
   * @param {string} name
   * @param {Record<string, string>} args
   * @param {string} label
   */
  remember(name, args, label) {
    if (name === 'reset') {
      this.active.clear();
    } else if (name in LASTING) {
      const ms = LASTING[name](args);
      if (ms === 0) this.active.delete(name);
      else this.active.set(name, { label, until: ms === null ? null : performance.now() + ms });
    }
    this.render();
  }

  /** Shows the faults in force with the time left; called on the page's tick. */
  render() {
    const now = performance.now();
    const parts = [];
    for (const [name, f] of this.active) {
      if (f.until !== null && f.until <= now) {
        this.active.delete(name);
        continue;
      }
      const short = name === 'delay-pong' ? f.label : name === 'refuse' ? 'refusing connections' : name;
      parts.push(f.until === null ? short : `${short}: ${((f.until - now) / 1000).toFixed(1)} s left`);
    }
    const { active } = this.els;
    const text = parts.length ? `fault: ${parts.join(' · ')}` : '';
    if (active.textContent !== text) active.textContent = text;
    active.dataset.active = String(parts.length);
    active.hidden = parts.length === 0;
  }

  /**
   * @param {string} text
   * @param {boolean} ok
   */
  say(text, ok) {
    const { notice } = this.els;
    notice.textContent = text;
    notice.classList.toggle('ok', ok);
  }
}
