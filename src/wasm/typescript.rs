//! TypeScript declarations of the class (written in JS, src/api/class.js), its options, events
//! and stats, appended to the generated `.d.ts`.
//! Each option name in double braces becomes that option's "Default …" sentence, written by
//! scripts/finish-glue.mjs from the options table (`OPTIONS` in src/api/options.js), where
//! defaults and ranges live.

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS: &'static str = r#"
/** What `send`, `connect(data)` and `openMessage` take. */
export type HeartSocketData = string | ArrayBuffer | ArrayBufferView | Blob;

/** Options of `new WebSocketClass(url, onMessage, options)`. Unknown keys throw a `TypeError`. */
export interface HeartSocketOptions {
  /** Instance name, used in debug lines. {{name}} */
  name?: string;
  /** The URL, if not given as the first argument: a string, or a (possibly async) function
   *  called before every attempt (e.g. to put a fresh token in the query). */
  url?: string | (() => string | Promise<string>);
  /** WebSocket subprotocols to offer. */
  protocols?: string | string[];
  /** Type of binary messages, set on every socket. Default: the socket's own (`"blob"` in browsers). */
  binaryType?: 'blob' | 'arraybuffer';
  /** Connect from the constructor (else call `connect()`). {{autoConnect}} */
  autoConnect?: boolean;
  /** Sent first on every open (a login), before queued messages; a function is called on each open. */
  openMessage?: HeartSocketData | (() => HeartSocketData | null | undefined);
  /** Heartbeat settings, or `false` to turn it off. */
  heartbeat?: boolean | {
    /** Quiet time before a ping, ms. {{heartbeat.interval}} */
    interval?: number;
    /** Time allowed for the reply, ms. {{heartbeat.timeout}} */
    timeout?: number;
    /** The ping text. {{heartbeat.message}} */
    message?: string;
    /** The reply text, or a predicate recognising it. Replies never reach `message`. {{heartbeat.pong}} */
    pong?: string | ((data: any) => boolean);
    /** Any incoming message proves the link alive and pushes the next ping back. {{heartbeat.resetOnMessage}} */
    resetOnMessage?: boolean;
  };
  /** Reconnect policy, or `false` to never reconnect. */
  reconnect?: boolean | {
    /** First delay, ms. {{reconnect.minDelay}} */
    minDelay?: number;
    /** Largest delay, ms (not below `minDelay`). {{reconnect.maxDelay}} */
    maxDelay?: number;
    /** Growth per attempt. {{reconnect.factor}} */
    factor?: number;
    /** Random fraction taken off each delay. {{reconnect.jitter}} */
    jitter?: number;
    /** Attempts before giving up. {{reconnect.maxRetries}} */
    maxRetries?: number;
    /** A socket not open after this long is abandoned, ms; `false` waits for the host. {{reconnect.connectTimeout}} */
    connectTimeout?: number | false;
    /** The attempt counter resets only after the link stayed open this long, ms. {{reconnect.minUptime}} */
    minUptime?: number;
    /** Close codes after which it gives up instead of reconnecting. {{reconnect.stopOnCodes}} */
    stopOnCodes?: number[];
    /** Called with each unexpected close event; return `false` to give up. */
    shouldReconnect?: (event: CloseEvent | { code: number; reason: string; wasClean: boolean }) => boolean;
  };
  /** Bounds of the outbox that holds messages sent while the link is down. */
  queue?: {
    /** Messages waiting or unconfirmed (0 = no queue). {{queue.maxMessages}} */
    maxMessages?: number;
    /** Bytes waiting or unconfirmed. {{queue.maxBytes}} */
    maxBytes?: number;
    /** `"error"` (send throws a RangeError), `"drop-oldest"` or `"drop-newest"` (each dropped
     *  message is reported in a `drop` event). {{queue.overflow}} */
    overflow?: 'error' | 'drop-oldest' | 'drop-newest';
    /** Messages a dead link never confirmed: `false` (default) reports each in a `drop` event
     *  with reason `"unconfirmed"`; `true` sends them again on the next link (at-least-once:
     *  the server may see one twice, so give messages an id). Messages in flight count
     *  against `maxMessages`/`maxBytes` too. {{queue.resend}} */
    resend?: boolean;
  };
  /** A WebSocket constructor to use instead of the global one (Node's `ws`, a mini-program facade). */
  WebSocket?: new (url: string, protocols?: string | string[]) => any;
  /** Refuse `ws://` URLs (throws a SyntaxError). {{secureOnly}} */
  secureOnly?: boolean;
  /** `true` logs with `console.debug`, a function receives each line. Tokens are redacted. {{debug}} */
  debug?: boolean | ((line: string) => void);
  /** Page/app lifecycle source: `false` for none, or `(notify) => unsubscribe?`.
   *  Default: browser `online`/`offline`/`visibilitychange`/`pageshow`/`freeze`/`resume` listeners. */
  lifecycle?: false | ((notify: (kind: 'online' | 'offline' | 'hidden' | 'visible') => void) => void | (() => void));
  /** Largest incoming message delivered, in bytes (UTF-8 for text). A larger one is never
   *  delivered: the link is closed (code 4009 on the wire), reported as a `close` with code 1009
   *  ("message too big"), and reconnected per `reconnect` (add 1009 to `stopOnCodes` to give up).
   *  {{maxMessageSize}} */
  maxMessageSize?: number;
}

/** `ws.stats`. */
export interface HeartSocketStats {
  /** Successful reconnects. */
  reconnects: number;
  /** Round-trip time of the last answered ping, ms, or `null`. */
  lastRtt: number | null;
  /** Messages waiting in the outbox. */
  queued: number;
  /** Bytes waiting in the outbox. */
  queuedBytes: number;
  /** User messages handed to a socket. */
  sent: number;
  /** Messages delivered (heartbeat replies excluded). */
  received: number;
  /** Messages dropped (each reported in a `drop` event). */
  dropped: number;
  /** Messages the server confirmed (a pong to a later ping, or a clean close we initiated). */
  confirmed: number;
  /** Messages handed to the socket and not confirmed yet. */
  unconfirmed: number;
  /** Messages sent again on a new link because the old one died before confirming them. */
  resent: number;
}

/** `open`: the link is up. */
export interface HeartSocketOpenEvent { type: 'open'; /** 0 for a first connect, n for the n-th reconnect attempt. */ attempt: number; }
/** `close`: the link went down (or was closed). */
export interface HeartSocketCloseEvent { type: 'close'; code: number; reason: string; wasClean: boolean; /** Whether a reconnect follows. */ willReconnect: boolean; }
/** `reconnecting`: an attempt is scheduled. */
export interface HeartSocketReconnectingEvent { type: 'reconnecting'; /** 1 for the first retry. */ attempt: number; /** ms before it starts. */ delay: number; }
/** `giveup`: reconnecting stopped for good. */
export interface HeartSocketGiveUpEvent { type: 'giveup'; attempts: number; }
/** `heartbeat`: a ping was answered. */
export interface HeartSocketHeartbeatEvent { type: 'heartbeat'; /** Round-trip time, ms. */ rtt: number; }
/** `drop`: a message will never be sent (or, `"unconfirmed"`, was sent on a link that died
 *  before the server confirmed it: it may or may not have arrived). */
export interface HeartSocketDropEvent { type: 'drop'; data: HeartSocketData; reason: 'queue-full' | 'closed' | 'rejected' | 'unconfirmed'; }
/** `error`: the socket's own error event, or `{type, error, message}` for a failed attempt or a throwing callback. */
export interface HeartSocketErrorEvent { type: 'error'; error?: unknown; message?: string; }
/** `message` listeners receive the socket's own `MessageEvent` (its `data` per `binaryType`). */
export interface HeartSocketEventMap {
  open: HeartSocketOpenEvent;
  message: MessageEvent;
  close: HeartSocketCloseEvent;
  error: HeartSocketErrorEvent | Event;
  reconnecting: HeartSocketReconnectingEvent;
  giveup: HeartSocketGiveUpEvent;
  heartbeat: HeartSocketHeartbeatEvent;
  drop: HeartSocketDropEvent;
}

/** A WebSocket that stays alive: heartbeat, reconnect with backoff, an outbox for messages
 *  sent while the link is down. W3C-shaped: `send`, `close`, `readyState`, `on*`, events.
 *  (The class is JS, src/api/class.js.) */
export class WebSocketClass {
  /** `new WebSocketClass(url, onMessage?, nameOrOptions?)`. Does not connect unless
   *  `autoConnect` is set. Throws `SyntaxError` (URL), `TypeError` (types, unknown options)
   *  or `RangeError` (numbers). */
  constructor(url: string | (() => string | Promise<string>) | null, onMessage?: ((data: any, event: MessageEvent) => void) | null, nameOrOptions?: string | HeartSocketOptions | null);
  /** Closes, cancels every timer, detaches every handler and listener; no event afterwards;
   *  any later call on the instance throws a `TypeError` (a second `free()` does nothing). */
  free(): void;
  /** `free()`, for `using`. */
  [Symbol.dispose](): void;
  /** Drops the current socket and connects again now, backoff reset (connects if closed). */
  reconnect(): void;
  /** `WebSocketClass.CONNECTING` (0). */
  static readonly CONNECTING: number;
  /** `WebSocketClass.OPEN` (1). */
  static readonly OPEN: number;
  /** `WebSocketClass.CLOSING` (2). */
  static readonly CLOSING: number;
  /** `WebSocketClass.CLOSED` (3). */
  static readonly CLOSED: number;
  /** Opens the link (no-op while connecting or open). `data`, if given, is sent once right
   *  after the next open (after `openMessage`, before the queue). */
  connect(data?: HeartSocketData | null): void;
  /** Sends now if open (returns `true`), else queues (returns `false`). Throws `TypeError`
   *  for an unsupported type, `RangeError` when the queue is full with overflow `"error"`. */
  send(data: HeartSocketData): boolean;
  /** Alias of `send` (seed 002's name). */
  sendHandle(data: HeartSocketData): boolean;
  /** Closes for good: no reconnect until `connect()`. `code` 1000 or 3000–4999 (else
   *  `RangeError`), `reason` at most 123 UTF-8 bytes (else `SyntaxError`). */
  close(code?: number | null, reason?: string | null): void;
  /** Alias of `close` (seed 002's name). */
  closeMyself(code?: number | null, reason?: string | null): void;
  /** 0 CONNECTING (opening, or a reconnect pending), 1 OPEN, 2 CLOSING, 3 CLOSED. */
  readonly readyState: number;
  /** The URL of the current or last attempt (`""` before a URL function first ran). */
  readonly url: string;
  /** The subprotocol the server chose on the current socket (`""` if none). */
  readonly protocol: string;
  /** Bytes not yet on the wire: the socket's `bufferedAmount` plus the queued messages. */
  readonly bufferedAmount: number;
  /** `"blob"` or `"arraybuffer"`, set on every socket (anything else throws a `TypeError`). */
  binaryType: 'blob' | 'arraybuffer';
  /** Counters: `{reconnects, lastRtt, queued, queuedBytes, sent, received, dropped, confirmed,
   *  unconfirmed, resent}`. */
  readonly stats: HeartSocketStats;
  /** The instance name (option `name`, or the third argument as a string; default `"default"`). */
  readonly name: string;
  /** `open` handler (or `null`); anything but a function clears it. */
  onopen: ((event: HeartSocketOpenEvent) => void) | null;
  /** `message` handler (or `null`); anything but a function clears it. */
  onmessage: ((event: MessageEvent) => void) | null;
  /** `close` handler (or `null`); anything but a function clears it. */
  onclose: ((event: HeartSocketCloseEvent) => void) | null;
  /** `error` handler (or `null`); anything but a function clears it. */
  onerror: ((event: HeartSocketErrorEvent | Event) => void) | null;
  /** `reconnecting` handler (or `null`); anything but a function clears it. */
  onreconnecting: ((event: HeartSocketReconnectingEvent) => void) | null;
  /** `giveup` handler (or `null`); anything but a function clears it. */
  ongiveup: ((event: HeartSocketGiveUpEvent) => void) | null;
  /** `heartbeat` handler (or `null`); anything but a function clears it. */
  onheartbeat: ((event: HeartSocketHeartbeatEvent) => void) | null;
  /** `drop` handler (or `null`); anything but a function clears it. */
  ondrop: ((event: HeartSocketDropEvent) => void) | null;
  /** `ws.CONNECTING` (0). */
  readonly CONNECTING: number;
  /** `ws.OPEN` (1). */
  readonly OPEN: number;
  /** `ws.CLOSING` (2). */
  readonly CLOSING: number;
  /** `ws.CLOSED` (3). */
  readonly CLOSED: number;
  addEventListener<K extends keyof HeartSocketEventMap>(eventType: K, listener: ((event: HeartSocketEventMap[K]) => void) | { handleEvent(event: HeartSocketEventMap[K]): void }, options?: boolean | { once?: boolean }): void;
  removeEventListener<K extends keyof HeartSocketEventMap>(eventType: K, listener: ((event: HeartSocketEventMap[K]) => void) | { handleEvent(event: HeartSocketEventMap[K]): void }, options?: boolean | { once?: boolean }): void;
  /** `addEventListener(type, listener, options?)`: types `open`, `message`, `close`, `error`,
   *  `reconnecting`, `giveup`, `heartbeat`, `drop`; a listener is added once per type;
   *  `{once: true}` removes it after its first call. Arguments are converted as `EventTarget`
   *  converts them: `TypeError` for a type that is no string after DOMString conversion (a
   *  Symbol) or a primitive listener; `null` is ignored. */
  addEventListener(eventType: string, listener: ((event: any) => void) | { handleEvent(event: any): void } | null, options?: boolean | { once?: boolean } | null): void;
  /** `removeEventListener(type, listener)`. */
  removeEventListener(eventType: string, listener: ((event: any) => void) | { handleEvent(event: any): void } | null, options?: boolean | { once?: boolean } | null): void;
}
"#;
