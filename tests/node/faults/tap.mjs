// A tap on a page instance's sockets, for the Node-driven fault rows: the same judge as the
// browser rows' tests/web/tap.rs (read that file for why), in JavaScript because these rows run
// in a Playwright page. The page logs, in dispatch order and on the instance's clock
// (performance.now()), every ping the instance hands its socket, every message the socket hands
// the instance, the instance's heartbeat and close events, and marks the test adds ("hidden",
// "visible", "resume"). `judge` then checks the verdicts against that timeline only.

/** Runs in the page before the package (page.addInitScript): defines `window.T`. */
export function installTap() {
  const T = { log: [], sockets: 0 };
  T.mark = (kind) => T.log.push({ kind, t: performance.now() });
  // The browser's WebSocket behind the instance (option WebSocket), with its traffic logged.
  T.Socket = class {
    constructor(url, protocols) {
      this.sock = (T.sockets += 1);
      this.ws = protocols === undefined ? new WebSocket(url) : new WebSocket(url, protocols);
      this.ws.onopen = (e) => this.onopen && this.onopen(e);
      this.ws.onmessage = (e) => {
        T.log.push({ kind: e.data === 'pong' ? 'pong' : 'msg', sock: this.sock, t: performance.now() });
        if (this.onmessage) this.onmessage(e);
      };
      this.ws.onclose = (e) => this.onclose && this.onclose(e);
      this.ws.onerror = (e) => this.onerror && this.onerror(e);
    }
    get readyState() { return this.ws.readyState; }
    get protocol() { return this.ws.protocol; }
    get bufferedAmount() { return this.ws.bufferedAmount; }
    get binaryType() { return this.ws.binaryType; }
    set binaryType(v) { this.ws.binaryType = v; }
    send(data) {
      if (data === 'ping') T.log.push({ kind: 'ping', sock: this.sock, t: performance.now() });
      this.ws.send(data);
    }
    close(code, reason) { this.ws.close(code, reason); }
  };
  // Called by the harness once the instance exists.
  T.attach = (ws) => {
    ws.addEventListener('heartbeat', (e) => T.log.push({ kind: 'heartbeat', t: performance.now(), rtt: e.rtt }));
    ws.addEventListener('close', (e) => T.log.push({ kind: 'close', t: performance.now(), reason: e.reason }));
  };
  window.T = T;
}

/**
 * Judges the log: a pong handed over while its ping was outstanding is accepted in the same
 * task (a heartbeat event next); a link is declared dead for a heartbeat only with a ping
 * outstanding for a full `timeoutMs`; going hidden forgets the outstanding ping (the instance
 * pauses its deadlines). Throws with the log on a wrong verdict.
 * @returns {{accepted: {ping: number, rtt: number, resumed: boolean}[], dead: {ping: number, resumed: boolean}[],
 *   open: number, pending: {ping: number, resumed: boolean} | null}}
 *   `ping`: the ping's index in the log; `resumed`: a "resume" mark came while it was outstanding;
 *   `open`: pings left without a verdict (their socket went otherwise, or `pending`, the last).
 */
export function judge(log, timeoutMs) {
  const fail = (i, what) => {
    const lines = log.map((e, j) => `${j === i ? '>' : ' '} ${e.kind} #${e.sock ?? 0} ${e.t.toFixed(1)} ${e.rtt ?? ''} ${e.reason ?? ''}`);
    throw new Error(`${what} (entry ${i}):\n${lines.join('\n')}`);
  };
  const v = { accepted: [], dead: [], open: 0, pending: null };
  let out = null; // {i, sock, t, resumed}
  for (let i = 0; i < log.length; i += 1) {
    const e = log[i];
    if (e.kind === 'ping') {
      if (out) fail(i, 'a second ping while one was outstanding');
      out = { i, sock: e.sock, t: e.t, resumed: false };
    } else if (e.kind === 'pong' && out && out.sock === e.sock) {
      if (log[i + 1]?.kind !== 'heartbeat') fail(i, 'a pong handed over while its ping was outstanding was not accepted');
      v.accepted.push({ ping: out.i, rtt: log[i + 1].rtt, resumed: out.resumed });
      out = null;
      i += 1;
    } else if (e.kind === 'msg' && out && out.sock === e.sock) {
      out = null; // resetOnMessage (the default): any message settles the ping
    } else if (e.kind === 'heartbeat') {
      fail(i, 'a heartbeat event with no pong just before it');
    } else if (e.kind === 'close') {
      if (e.reason === 'heartbeat timeout') {
        if (!out) fail(i, 'declared dead with no ping outstanding');
        // 1 ms: the instance truncates performance.now() to whole milliseconds.
        if (e.t - out.t < timeoutMs - 1) fail(i, `declared dead ${(e.t - out.t).toFixed(1)} ms after the ping, before its ${timeoutMs} ms timeout`);
        v.dead.push({ ping: out.i, resumed: out.resumed });
      } else if (out) v.open += 1;
      out = null;
    } else if (e.kind === 'hidden') {
      out = null;
    } else if (e.kind === 'resume' && out) {
      out.resumed = true;
    }
  }
  if (out) {
    v.open += 1;
    v.pending = { ping: out.i, resumed: out.resumed };
  }
  return v;
}
