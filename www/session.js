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
   * Creates a new instance with `options` and connects it. The new one is built first, so
   * options the SDK rejects (it throws RangeError/TypeError) leave the running instance alone;
   * the old one is then closed before the new one connects, so the server never sees both.
   * @param {object} options
   * @returns {number} the new instance's number
   */
  replace(options) {
    const n = this.instance + 1;
    const ws = new this.WebSocketClass(this.url, (data) => this.hooks.message(data, n, this.instance === n), options);
    for (const type of EVENT_TYPES) {
      ws.addEventListener(type, (ev) => this.hooks.event(type, ev, n, this.instance === n));
    }
    const old = this.ws;
    this.ws = ws;
    this.instance = n;
    if (old) retire(old);
    ws.connect();
    return n;
  }
}

/**
 * Closes an instance for good and frees its wasm memory once its close has been reported (or
 * after {@link RETIRE_MS}: a close that never completes must not keep it alive forever).
 * @param {any} ws
 */
function retire(ws) {
  let freed = false;
  const free = () => {
    if (freed) return;
    freed = true;
    // Freed on a later task: the close listener that triggers this is still running inside it.
    setTimeout(() => {
      try {
        ws.free?.();
      } catch {
        // already released by the SDK itself
      }
    }, 0);
  };
  try {
    ws.addEventListener('close', free);
    if (ws.readyState === 3) free();
    else ws.close(1000, 'options changed');
  } catch {
    free();
  }
  setTimeout(free, RETIRE_MS);
}
