// Owns the page's WebSocketClass instance and replaces it when the options change.
// Every instance is numbered; events of a replaced instance still reach the timeline (its final
// close and drops are worth seeing) but no longer drive the badge or the countdown.

/** The events heartsocket dispatches besides `message` (which goes to the constructor callback). */
export const EVENT_TYPES = ['open', 'close', 'error', 'reconnecting', 'giveup', 'heartbeat', 'drop'];

/** How long a replaced instance may take to finish its close before it is freed anyway. */
const RETIRE_MS = 5000;

export class Session {
  /**
   * @param {any} WebSocketClass  the SDK's class
   * @param {string} url
   * @param {{
   *   event: (type: string, ev: any, instance: number, current: boolean) => void,
   *   message: (data: any, instance: number, current: boolean) => void,
   * }} hooks
   */
  constructor(WebSocketClass, url, hooks) {
    this.WebSocketClass = WebSocketClass;
    this.url = url;
    this.hooks = hooks;
    /** @type {any} */
    this.ws = null;
    this.instance = 0;
  }

  /**
   * Builds the next instance without touching the running one, so options the SDK rejects (it
   * throws RangeError/TypeError, which propagates) leave the page as it was.
   * @param {object} options
   * @returns {{ws: any, n: number}} to hand to {@link swap}
   */
  prepare(options) {
    const n = this.instance + 1;
    const ws = new this.WebSocketClass(this.url, (data) => this.hooks.message(data, n, this.instance === n), options);
    for (const type of EVENT_TYPES) {
      ws.addEventListener(type, (ev) => this.hooks.event(type, ev, n, this.instance === n));
    }
    return { ws, n };
  }

  /**
   * Makes a prepared instance the current one: closes the old one, and connects the new one
   * only once the old one's close has completed, so the server never sees two connections of
   * this page at once.
   * @param {{ws: any, n: number}} next
   * @returns {Promise<void>} settles once the new instance was told to connect
   */
  async swap({ ws, n }) {
    const old = this.ws;
    this.ws = ws;
    this.instance = n;
    if (old) await retire(old);
    // Another Apply during the wait made this one obsolete: it never connects.
    if (this.ws === ws) ws.connect();
  }
}

/**
 * Closes an instance for good; resolves when its close has completed (or after
 * {@link RETIRE_MS}: a close that never completes must not hold the page up), then frees it.
 * @param {any} ws
 * @returns {Promise<void>}
 */
function retire(ws) {
  return new Promise((resolve) => {
    let done = false;
    const finish = () => {
      if (done) return;
      done = true;
      resolve();
      // Freed on a later task: the close listener that triggers this is still running inside it.
      setTimeout(() => {
        try {
          ws.free?.();
        } catch {
          // already released by the SDK itself
        }
      }, 0);
    };
    setTimeout(finish, RETIRE_MS);
    try {
      if (ws.readyState === 3) return finish();
      ws.addEventListener('close', finish);
      ws.close(1000, 'options changed');
    } catch {
      finish();
    }
  });
}
