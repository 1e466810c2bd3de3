// The differential corpus of the public surface: every option × many values of every JS type,
// typos, URLs, and every method's arguments, each run on a fresh instance of a built package;
// one line per case: what it returned (a short summary) or what it threw (type and message).
// Two builds must give the same lines: tests/node/errors/surface.test.mjs compares the current
// pkg/ against the lines recorded in golden.txt, scripts/diff-builds.mjs compares two pkg dirs.
// Only synchronous outcomes: every instance is freed before the next case (no socket is opened:
// the injected WebSocket constructor below only records that it was called).

/** A stand-in socket constructor: what is checked here happens before any socket exists. */
class FakeSocket {
  constructor(url, protocols) {
    this.url = url;
    this.protocols = protocols;
    this.readyState = 0;
    this.bufferedAmount = 0;
    this.binaryType = 'blob';
    this.protocol = '';
  }
  send() {}
  close() {}
}

const hostile = () => new Proxy({}, {
  get() { throw new Error('proxy get'); },
  ownKeys() { throw new Error('proxy ownKeys'); },
  getPrototypeOf() { throw new Error('proxy getPrototypeOf'); },
});
const throwingGetter = () => Object.defineProperty({}, 'x', { get() { throw new Error('getter'); }, enumerable: true });
class Foo {}

/** Values of every JS type, edges of every numeric range the options have. */
export function values() {
  const v = [
    ['undefined', undefined], ['null', null], ['true', true], ['false', false],
    ['0', 0], ['-0', -0], ['1', 1], ['-1', -1], ['0.5', 0.5], ['1.5', 1.5], ['2', 2], ['99.5', 99.5],
    ['100', 100], ['100.5', 100.5], ['999', 999], ['1000', 1000], ['1009', 1009], ['2999', 2999],
    ['3000', 3000], ['4999', 4999], ['5000', 5000], ['65535', 65535],
    ['NaN', NaN], ['Infinity', Infinity], ['-Infinity', -Infinity],
    ['2^31-1', 2 ** 31 - 1], ['2^31', 2 ** 31], ['2^32-1', 2 ** 32 - 1], ['2^32', 2 ** 32],
    ['2^53-1', 2 ** 53 - 1], ['2^53', 2 ** 53], ['1e308', 1e308], ['5e-324', 5e-324], ['1e21', 1e21], ['1.1e-7', 1.1e-7],
    ["''", ''], ["'x'", 'x'], ["'ping'", 'ping'], ["'pong'", 'pong'], ["'blob'", 'blob'], ["'arraybuffer'", 'arraybuffer'],
    ["'Blob'", 'Blob'], ["'error'", 'error'], ["'drop-oldest'", 'drop-oldest'], ["'drop-newest'", 'drop-newest'],
    ["'open'", 'open'], ["'message'", 'message'], ["'0'", '0'], ["'a b'", 'a b'], ["'chat'", 'chat'],
    ["'ws://h'", 'ws://h'], ["'wss://u:p@h/p?token=t#f'", 'wss://u:p@h/p?token=t#f'],
    ['lone surrogate', '\uD800x'], ['pair', 'a\uD83D\uDE00b'], ['long string', 'x'.repeat(200)], ['123-byte reason', 'é'.repeat(61) + 'a'],
    ['124-byte reason', 'é'.repeat(62)], ['Symbol', Symbol('s')], ['bigint', 10n],
    ['{}', {}], ['[]', []], ['[1]', [1]], ["['a']", ['a']], ["['a','a']", ['a', 'a']], ["['a b']", ['a b']],
    ['[1000]', [1000]], ['[999]', [999]], ['[4999, 5000]', [4999, 5000]], ['[1.5]', [1.5]], ['hole array', new Array(3)],
    ['1025 array', new Array(1025).fill(1000)], ['null proto', Object.create(null)],
    ['function', function f() {}], ['arrow', () => true], ['class', Foo], ['new Foo', new Foo()], ['Date', new Date(0)],
    ['RegExp', /re/], ['Map', new Map()], ['Promise', Promise.resolve(1)],
    ['ArrayBuffer(3)', new ArrayBuffer(3)], ['Uint8Array(4)', new Uint8Array(4)], ['DataView(2)', new DataView(new ArrayBuffer(2))],
    ['Blob', new Blob(['ab'])], ['proxy', hostile()], ['throwing getter', throwingGetter()],
    ['toString open', { toString: () => 'open' }], ['valueOf 7', { valueOf: () => 7, toString: undefined }],
    ['throwing toString', { toString() { throw new RangeError('own toString'); } }],
    ['handleEvent', { handleEvent() {} }], ['{once:true}', { once: true }], ['{capture:true}', { capture: true }],
    ['{heartbeat:1}', { heartbeat: 1 }],
  ];
  return v;
}

/** What a returned value looks like in a line: its type, and its content where short. */
function show(r) {
  if (r === undefined || r === null || typeof r === 'boolean' || typeof r === 'number') return String(r);
  if (typeof r === 'string') return JSON.stringify(r);
  return typeof r;
}

function outcome(f) {
  try {
    return 'ok ' + f();
  } catch (e) {
    let name;
    let message;
    try {
      name = e && e.constructor && e.constructor.name;
      message = e && e.message;
    } catch (_) {
      name = 'unreadable';
    }
    return 'throw ' + name + ': ' + JSON.stringify(message);
  }
}

/** The instance's observable state, for a constructor that succeeded. */
function state(ws) {
  return [ws.readyState, JSON.stringify(ws.url), JSON.stringify(ws.name), ws.binaryType, JSON.stringify(ws.protocol),
    ws.bufferedAmount].join(' ');
}

const TOP = ['name', 'protocols', 'binaryType', 'autoConnect', 'url', 'openMessage', 'heartbeat', 'reconnect',
  'queue', 'WebSocket', 'secureOnly', 'debug', 'lifecycle', 'maxMessageSize'];
const NESTED = {
  heartbeat: ['interval', 'timeout', 'message', 'pong', 'resetOnMessage'],
  reconnect: ['minDelay', 'maxDelay', 'factor', 'jitter', 'maxRetries', 'connectTimeout', 'minUptime', 'stopOnCodes',
    'shouldReconnect'],
  queue: ['maxMessages', 'maxBytes', 'overflow', 'resend'],
};

const URLS = [
  'ws://h', 'wss://h', 'WS://H:80/p', 'wss://h:443/p?q=1', 'ws://h:65535', 'ws://h:65536', 'ws://h:0', 'ws://h:', 'ws://h:x',
  'ws://h:123456', 'ws://[::1]:8080/', 'ws://[::1', 'ws://::1]/', 'ws://[]/', 'ws://', 'ws:///p', 'ws://@h', 'ws://u:p@h/',
  'wss://user:secret@h/p?token=abc&x=1', 'ws://h/p?key=k&auth=a&pass=p&secret=s&sig=g&session=s&jwt=j&ticket=t&code=c&credential=c&ok=1',
  'ws://h/#frag', 'ws://h/p?token=t#f', 'ws://h /p', 'ws://h/\tp', 'ws://h/\u00A0', 'ws://h/\u3000', 'ws://h/\uFEFF',
  'http://h', 'https://h', 'ftp://h', 'h', '', ' ws://h', 'ws:/h', 'ws:h', '//h', 'u:p@h/p?token=x', 'ws://h/\uD800',
  'ws://h/' + 'x'.repeat(100), 'wss://h?password=1', 'ws://a@b@c/', 'ws://h:8080?token=1', 'ws://h?', 'ws://h/p/?a=b=c',
  'ws://[fe80::1%25eth0]:1/', 'WSS://h', 'wss://', 'ws://h\u0000', 'ws://h\u007F',
];

/** Every case: [label, thunk returning the summary of a success]. */
export function cases(WebSocketClass) {
  const live = [];
  const make = (...args) => {
    const ws = new WebSocketClass(...args);
    live.push(ws);
    return ws;
  };
  const base = { WebSocket: FakeSocket, lifecycle: false };
  const ctor = (url, onMessage, third) => () => state(make(url, onMessage, third));
  const out = [];
  const add = (label, f) => out.push([label, f]);
  const vals = values();

  // The third argument and onMessage.
  for (const [n, v] of vals) add(`ctor third=${n}`, ctor('ws://h', undefined, v));
  for (const [n, v] of vals) add(`ctor onMessage=${n}`, ctor('ws://h', v, { ...base }));
  // Every top-level and nested option with every value.
  for (const key of TOP) {
    for (const [n, v] of vals) add(`ctor ${key}=${n}`, ctor(key === 'url' ? undefined : 'ws://h', undefined, { ...base, [key]: v }));
  }
  for (const [section, keys] of Object.entries(NESTED)) {
    for (const key of keys) {
      for (const [n, v] of vals) add(`ctor ${section}.${key}=${n}`, ctor('ws://h', undefined, { ...base, [section]: { [key]: v } }));
    }
  }
  // Typos, unknown keys and rules between options.
  const odd = [
    { heartbaet: 1 }, { HEARTBEAT: true }, { '': 1 }, { '\uD800': 1 }, { reconect: false }, { maxMessagesize: 1 },
    { wEbSoCkEt: 1 }, { n: 1 }, { queue: { maxMessage: 1 } }, { queue: { overFlow: 'x' } }, { heartbeat: { intervall: 1 } },
    { reconnect: { mindelay: 1 } }, { reconnect: { stopOnCode: [] } }, { heartbeat: { zzzzzzzz: 1 } },
    { reconnect: { minDelay: 500, maxDelay: 499 } }, { reconnect: { minDelay: 500, maxDelay: 500 } },
    { reconnect: { minDelay: 30001 } }, { heartbeat: { message: '' } }, { heartbeat: { pong: '' } },
    { heartbeat: { message: '', pong: '' } }, { heartbeat: false, reconnect: { minDelay: 5, maxDelay: 1 } },
    { url: 'ws://h' }, { secureOnly: true }, { secureOnly: true, url: 'wss://h' }, { protocols: ['a', 'b', 'a'] },
    { protocols: ['a', ''] }, { protocols: 'a,b' }, { protocols: ['\uD800'] }, { binaryType: 'arraybuffer', autoConnect: false },
    { reconnect: { connectTimeout: false } }, { reconnect: { maxRetries: Infinity } }, { queue: { overflow: 'drop-oldest', resend: true } },
  ];
  odd.forEach((o, i) => {
    const url = o.url !== undefined ? undefined : 'ws://h';
    add(`ctor odd#${i} ${JSON.stringify(o)}`, ctor(url, undefined, { ...base, ...o }));
  });
  add('ctor url twice', ctor('ws://h', undefined, { ...base, url: 'ws://h' }));
  add('ctor no url', ctor(undefined, undefined, { ...base }));
  add('ctor no WebSocket', ctor('ws://h', undefined, { lifecycle: false }));
  add('ctor url function', ctor(() => 'ws://h', undefined, { ...base }));
  for (const url of URLS) {
    add(`ctor url=${JSON.stringify(url)}`, ctor(url, undefined, { ...base }));
    add(`ctor secure url=${JSON.stringify(url)}`, ctor(url, undefined, { ...base, secureOnly: true }));
  }
  for (const [n, v] of vals) add(`ctor url=${n}`, ctor(v, undefined, { ...base }));

  // Methods on a fresh instance.
  const inst = (o) => make('ws://h', undefined, { ...base, ...o });
  for (const [n, v] of vals) add(`send(${n})`, () => show(inst().send(v)));
  for (const [n, v] of vals) add(`sendHandle(${n})`, () => show(inst().sendHandle(v)));
  for (const [n, v] of vals) add(`connect(${n})`, () => { const ws = inst(); return show(ws.connect(v)) + ' ' + state(ws); });
  for (const [n, v] of vals) {
    add(`close(${n})`, () => { const ws = inst(); return show(ws.close(v)) + ' ' + state(ws); });
    add(`close(1000, ${n})`, () => show(inst().close(1000, v)));
    add(`closeMyself(${n}, 'r')`, () => show(inst().closeMyself(v, 'r')));
  }
  for (const [n, v] of vals) {
    add(`binaryType=${n}`, () => { const ws = inst(); ws.binaryType = v; return ws.binaryType; });
    add(`addEventListener(${n}, fn)`, () => show(inst().addEventListener(v, () => {})));
    add(`addEventListener('open', ${n})`, () => show(inst().addEventListener('open', v)));
    add(`addEventListener('open', fn, ${n})`, () => show(inst().addEventListener('open', () => {}, v)));
    add(`removeEventListener(${n}, fn)`, () => show(inst().removeEventListener(v, () => {})));
    add(`removeEventListener('open', ${n})`, () => show(inst().removeEventListener('open', v)));
    add(`onopen=${n}`, () => { const ws = inst(); ws.onopen = v; return show(ws.onopen === v) + ' ' + show(ws.onopen); });
  }
  // A full queue, each overflow policy.
  for (const overflow of ['error', 'drop-oldest', 'drop-newest']) {
    add(`send to a full queue (${overflow})`, () => {
      const ws = inst({ queue: { maxMessages: 2, overflow } });
      return [ws.send('a'), ws.send('b'), ws.send('c'), ws.bufferedAmount, JSON.stringify(ws.stats)].join(' ');
    });
    add(`send past maxBytes (${overflow})`, () => {
      const ws = inst({ queue: { maxBytes: 4, overflow } });
      return [ws.send('ab'), ws.send('é'), ws.send('x'), ws.send(new Uint8Array(5)), ws.bufferedAmount].join(' ');
    });
  }
  // A freed instance.
  for (const m of ['send', 'close', 'connect', 'reconnect', 'addEventListener']) {
    add(`freed.${m}()`, () => { const ws = inst(); ws.free(); return show(ws[m]('open', () => {})); });
  }
  for (const g of ['readyState', 'url', 'name', 'binaryType', 'protocol', 'bufferedAmount', 'stats', 'onopen']) {
    add(`freed.${g}`, () => { const ws = inst(); ws.free(); return show(ws[g]); });
  }
  return { list: out, live };
}

/** Runs every case; returns one line per case. */
export function run(WebSocketClass) {
  const { list, live } = cases(WebSocketClass);
  const lines = [];
  for (const [label, f] of list) {
    let line = label + ' => ' + outcome(f);
    // A freed instance's message is wasm-bindgen's, and differs between debug and release builds.
    if (label.startsWith('freed.')) line = line.replace(/: ".*"$/, '');
    lines.push(line);
    while (live.length) {
      try {
        live.pop().free();
      } catch (_) {
        // Freed by the case itself.
      }
    }
  }
  return lines;
}
