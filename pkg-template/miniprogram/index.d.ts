// Types of `heartsocket/miniprogram` (the CommonJS module for WeChat, Taro, uni-app and Alipay).
import type { WebSocketClass as WebSocketClassBase, HeartSocketOptions } from '../heartsocket';

/** The mini-program hosts the module knows. */
export type Host = 'wechat' | 'taro' | 'uni' | 'alipay';

/** What the lifecycle hook tells the driver. */
export type LifecycleKind = 'hidden' | 'visible' | 'online' | 'offline';

/** `(notify) => unsubscribe`, over onAppHide/onAppShow/onNetworkStatusChange. */
export type Lifecycle = (notify: (kind: LifecycleKind) => void) => () => void;

export interface LoadOptions {
  /** Which host API to drive. Guessed from the `wx`/`uni`/`my` globals when omitted (not Taro). */
  host?: Host;
  /** The host API object: `wx`, `Taro`, `uni` or `my`. Default: the host's global (Taro: required). */
  api?: unknown;
  /**
   * Code-package path of the `.wasm` (or `.wasm.br`, WeChat base library ≥ 2.14.0).
   * Default for WeChat: `/miniprogram_npm/heartsocket/heartsocket_bg.wasm.br`.
   */
  wasmPath?: string;
  /** The module's bytes, on hosts with a plain `WebAssembly` (skips the file read). */
  wasmBytes?: ArrayBuffer | ArrayBufferView;
  /** Custom instantiation for other hosts: gets the imports, returns `{instance, module}` or the instance. */
  instantiate?: (imports: object) => unknown;
  /** Socket facade timings (ms): how long to wait for a close the host owes. Defaults 3000 and 3000. */
  socket?: { errorCloseGraceMs?: number; closeGraceMs?: number };
}

/** The W3C-shaped socket over the host's SocketTask (what `WebSocketClass` drives by default). */
export interface MiniProgramSocket {
  readonly url: string;
  readonly readyState: 0 | 1 | 2 | 3;
  readonly protocol: string;
  readonly bufferedAmount: number;
  binaryType: 'arraybuffer' | 'blob';
  onopen: ((event: { type: 'open' }) => void) | null;
  onmessage: ((event: { type: 'message'; data: string | ArrayBuffer }) => void) | null;
  onerror: ((event: { type: 'error'; message: string }) => void) | null;
  onclose: ((event: { type: 'close'; code: number; reason: string; wasClean: boolean }) => void) | null;
  /** Always true: every send's outcome arrives through `onsendresult`, once, in order. */
  readonly reportsSendResults: true;
  onsendresult: ((ok: boolean, errMsg: string) => void) | null;
  send(data: string | ArrayBuffer | ArrayBufferView): void;
  close(code?: number, reason?: string): void;
  addEventListener(type: string, listener: (event: any) => void): void;
  removeEventListener(type: string, listener: (event: any) => void): void;
}

export interface MiniProgramSocketConstructor {
  new (url: string, protocols?: string | string[]): MiniProgramSocket;
  readonly CONNECTING: 0;
  readonly OPEN: 1;
  readonly CLOSING: 2;
  readonly CLOSED: 3;
}

export interface Loaded {
  /** The web `WebSocketClass`, with `WebSocket`, `lifecycle` and `secureOnly: true` defaulted for this host. */
  WebSocketClass: typeof WebSocketClassBase;
  /** The host's socket facade (also usable on its own, as a W3C-like WebSocket). */
  Socket: MiniProgramSocketConstructor;
  /** The host's lifecycle hook. */
  lifecycle: Lifecycle;
  host: Host;
  /** Everything the wasm module exports. */
  exports: typeof import('../heartsocket');
}

/** Loads the wasm with the host's API and returns the host-ready `WebSocketClass`. */
export function load(options?: LoadOptions): Promise<Loaded>;

/** Builds a facade class over a host adapter (advanced). */
export function createSocketClass(adapter: object, settings?: LoadOptions['socket']): MiniProgramSocketConstructor;
/** The adapter for a host API (advanced). */
export function adapterFor(host: Host, api: unknown): object;
/** The lifecycle hook over a host API. */
export function createLifecycle(api: unknown): Lifecycle;
/** Puts TextEncoder/TextDecoder polyfills on the global object where missing; returns what it added. */
export function installPolyfills(): { installed: string[] };
/** The default code-package path of the `.wasm` per host. */
export const DEFAULT_WASM_PATH: Record<Host, string>;

export type { HeartSocketOptions };
