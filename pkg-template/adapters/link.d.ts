// Types shared by heartsocket/vue and heartsocket/react.
import type { WebSocketClass, HeartSocketOptions, HeartSocketStats, HeartSocketData, HeartSocketDropEvent } from '../heartsocket';

/** `readyState` as a string: `CONNECTING` also while the class loads or a reconnect is pending. */
export type HeartsocketStatus = 'CONNECTING' | 'OPEN' | 'CLOSING' | 'CLOSED';

/** A delivered message, per `binaryType`. */
export type HeartsocketMessage = string | ArrayBuffer | Blob;

/** The class itself: the bundler build's export, or `load()`'s in a mini-program. */
export type HeartsocketClass = typeof WebSocketClass;

/**
 * Where the adapter gets the class. A function is called once, on the client, when the first
 * component mounts (`() => init().then(() => WebSocketClass)`, `() => load({host: 'uni'})`);
 * its result is shared by every hook given the same function. A rejected load is retried by `open()`.
 */
export type HeartsocketSource =
  | HeartsocketClass
  | { WebSocketClass: HeartsocketClass }
  | PromiseLike<HeartsocketClass | { WebSocketClass: HeartsocketClass }>
  | (() => HeartsocketClass | { WebSocketClass: HeartsocketClass } | PromiseLike<HeartsocketClass | { WebSocketClass: HeartsocketClass }>);

/** heartsocket's options (read once, when the instance is created) plus the adapter's own. */
export interface HeartsocketHookOptions extends Omit<HeartSocketOptions, 'url'> {
  /** Connect when the component mounts. Default `true`; otherwise call `open()`. */
  immediate?: boolean;
  /** Called for every delivered message (the newest callback is used). */
  onMessage?: (data: HeartsocketMessage, event: MessageEvent) => void;
  /** Called for every message that will never be sent (queue full, closed, refused, unmounted). */
  onDrop?: (event: HeartSocketDropEvent) => void;
  /** The class source, when not bound with `createHeartsocket(source)`. */
  WebSocketClass?: HeartsocketSource;
}

/** The functions both adapters return; the same function objects for the component's lifetime. */
export interface HeartsocketControls {
  /** Sends now (`true`) or queues (`false`): before the class is ready, until open, while reconnecting. */
  send(data: HeartSocketData): boolean;
  /** Connects (`data` is sent once right after open, before queued messages); a no-op while connecting/open. */
  open(data?: HeartSocketData): void;
  /** Manual close: no reconnect until `open()`; queued messages are reported to `onDrop`. */
  close(code?: number, reason?: string): void;
  /** Closes the current socket and connects again now. */
  reconnect(): void;
}

export type { HeartSocketStats, HeartSocketData, HeartSocketDropEvent };
