// Types of heartsocket/vue.
import type { Ref, ShallowRef } from 'vue';
import type {
  HeartsocketStatus, HeartsocketMessage, HeartsocketSource, HeartsocketHookOptions, HeartsocketControls, HeartSocketStats,
} from '../adapters/link';

export type {
  HeartsocketStatus, HeartsocketMessage, HeartsocketSource, HeartsocketHookOptions, HeartsocketControls, HeartSocketStats,
};

/** What `useHeartsocket` returns: refs to render, stable functions to call. */
export interface UseHeartsocketReturn extends HeartsocketControls {
  status: Ref<HeartsocketStatus>;
  /** The last delivered message, `null` before the first. */
  data: ShallowRef<HeartsocketMessage | null>;
  stats: ShallowRef<HeartSocketStats>;
  /** Why the class could not be loaded or constructed (bad option, failed `init()`), else `null`. */
  error: ShallowRef<unknown>;
}

/** A plain string, or a ref/getter read before every attempt (a change reconnects an active link). */
export type HeartsocketUrl = string | Ref<string> | (() => string);

export type UseHeartsocket = (url: HeartsocketUrl, options?: HeartsocketHookOptions) => UseHeartsocketReturn;

/** Binds the composable to a class source once; pages call the result. */
export function createHeartsocket(source: HeartsocketSource): UseHeartsocket;

/** The composable with the class given per call in `options.WebSocketClass`. */
export function useHeartsocket(
  url: HeartsocketUrl,
  options: HeartsocketHookOptions & { WebSocketClass: HeartsocketSource },
): UseHeartsocketReturn;
