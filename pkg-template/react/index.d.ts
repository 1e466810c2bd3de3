// Types of heartsocket/react.
import type {
  HeartsocketStatus, HeartsocketMessage, HeartsocketSource, HeartsocketHookOptions, HeartsocketControls, HeartSocketStats,
} from '../adapters/link';

export type {
  HeartsocketStatus, HeartsocketMessage, HeartsocketSource, HeartsocketHookOptions, HeartsocketControls, HeartSocketStats,
};

/** What `useHeartsocket` returns: state values to render, stable functions to call. */
export interface UseHeartsocketResult extends HeartsocketControls {
  status: HeartsocketStatus;
  /** The last delivered message, `null` before the first. */
  data: HeartsocketMessage | null;
  stats: HeartSocketStats;
  /** Why the class could not be loaded or constructed (bad option, failed `init()`), else `null`. */
  error: unknown;
}

/** A string (a new one replaces the instance), or a function read before every attempt. */
export type HeartsocketUrl = string | (() => string | Promise<string>);

export type UseHeartsocket = (url: HeartsocketUrl, options?: HeartsocketHookOptions) => UseHeartsocketResult;

/** Binds the hook to a class source once; components call the result. */
export function createHeartsocket(source: HeartsocketSource): UseHeartsocket;

/** The hook with the class given per call in `options.WebSocketClass`. */
export function useHeartsocket(
  url: HeartsocketUrl,
  options: HeartsocketHookOptions & { WebSocketClass: HeartsocketSource },
): UseHeartsocketResult;
