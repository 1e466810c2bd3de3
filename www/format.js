// Small formatting helpers shared by the panels, kept apart so each panel reads as UI only.

/**
 * Reads a field of an event the SDK dispatched. The driver may hand plain objects, `Event`
 * subclasses with own fields, or `CustomEvent`s carrying a `detail`: the page accepts all three
 * so a change of dispatch style does not blank the demo.
 * @param {any} ev
 * @param {string} name  camelCase field name
 * @returns {any}
 */
export function field(ev, name) {
  if (ev == null) return undefined;
  if (ev[name] !== undefined) return ev[name];
  if (ev.detail && ev.detail[name] !== undefined) return ev.detail[name];
  const snake = name.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`);
  if (ev[snake] !== undefined) return ev[snake];
  return ev.detail ? ev.detail[snake] : undefined;
}

/**
 * Wall-clock time of day with milliseconds, for timestamps a person compares with server logs.
 * @param {Date} [d]
 * @returns {string} e.g. "14:03:27.518"
 */
export function clock(d = new Date()) {
  const p = (n, w = 2) => String(n).padStart(w, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}.${p(d.getMilliseconds(), 3)}`;
}

/**
 * Milliseconds as a short human duration: "850 ms", "1.5 s", "12 s".
 * @param {number} ms
 * @returns {string}
 */
export function duration(ms) {
  if (!Number.isFinite(ms)) return '—';
  if (Math.abs(ms) < 1000) return `${Math.round(ms)} ms`;
  const s = ms / 1000;
  return `${s < 10 ? s.toFixed(1) : Math.round(s)} s`;
}

/**
 * Describes a message payload for display without assuming it is text.
 * @param {any} data  string, ArrayBuffer, ArrayBufferView or Blob
 * @returns {string}
 */
export function describeData(data) {
  if (typeof data === 'string') return data;
  if (data instanceof ArrayBuffer) return `[binary, ${data.byteLength} bytes]`;
  if (ArrayBuffer.isView(data)) return `[binary, ${data.byteLength} bytes]`;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return `[Blob, ${data.size} bytes]`;
  return String(data);
}

/**
 * Shortens text for one-line displays (timeline rows).
 * @param {string} text
 * @param {number} [max]
 * @returns {string}
 */
export function clip(text, max = 60) {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
