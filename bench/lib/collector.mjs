// The results endpoint: a tiny HTTP server on 127.0.0.1 in the harness process.
//
// Measured pages run in a browser target Playwright does not instrument, so they cannot hand
// values back through Playwright; they POST JSON here instead. The body is sent as text/plain so
// the cross-origin request is "simple" (no preflight), and the answer carries
// Access-Control-Allow-Origin so a COEP page may read it.
import http from 'node:http';

/**
 * @typedef {object} Collector
 * @property {string} base         e.g. http://127.0.0.1:40123
 * @property {(job: string, timeoutMs: number) => Promise<any>} wait  the job's `done` message
 * @property {(job: string, kind: string, timeoutMs: number) => Promise<any>} waitFor  a message
 * @property {() => Promise<void>} close
 */

/** @returns {Promise<Collector>} */
export async function startCollector({ verbose = false } = {}) {
  /** job -> kind -> {value?, waiters[]} */
  const boxes = new Map();
  const box = (job, kind) => {
    if (!boxes.has(job)) boxes.set(job, new Map());
    const kinds = boxes.get(job);
    if (!kinds.has(kind)) kinds.set(kind, { has: false, value: undefined, waiters: [] });
    return kinds.get(kind);
  };

  const server = http.createServer((req, res) => {
    res.setHeader('Access-Control-Allow-Origin', '*');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    const m = /^\/r\/([\w.-]+)\/([\w-]+)$/.exec(req.url ?? '');
    if (req.method !== 'POST' || !m) {
      res.writeHead(404).end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (c) => (body += c));
    req.on('end', () => {
      res.writeHead(204).end();
      let value;
      try {
        value = JSON.parse(body);
      } catch {
        value = { error: `unparsable body: ${body.slice(0, 200)}` };
      }
      const [, job, kind] = m;
      if (kind === 'log') {
        if (verbose) console.error(`    [${job}] ${value.line}`);
        return;
      }
      const b = box(job, kind);
      b.has = true;
      b.value = value;
      for (const w of b.waiters.splice(0)) w(value);
    });
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const base = `http://127.0.0.1:${server.address().port}`;

  const waitFor = (job, kind, timeoutMs) => {
    const b = box(job, kind);
    if (b.has) return Promise.resolve(b.value);
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        b.waiters.splice(b.waiters.indexOf(done), 1);
        reject(new Error(`job ${job}: no '${kind}' report within ${timeoutMs} ms`));
      }, timeoutMs);
      const done = (v) => {
        clearTimeout(t);
        resolve(v);
      };
      b.waiters.push(done);
    });
  };

  return {
    base,
    waitFor,
    async wait(job, timeoutMs) {
      const v = await waitFor(job, 'done', timeoutMs);
      boxes.delete(job);
      if (v && v.error) throw new Error(`job ${job} failed in the page: ${v.error}`);
      return v.result;
    },
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
