// The options form: turns the inputs into a WebSocketClass options object, and shows the
// equivalent constructor call so a reader can copy it into their own code.

/** The demo's defaults: short enough that every fault resolves within seconds. */
export const DEMO_DEFAULTS = Object.freeze({
  hbInterval: 2000,
  hbTimeout: 1500,
  minDelay: 500,
  maxDelay: 5000,
  maxRetries: '',
  resend: false,
});

/**
 * Reads the form. Numbers are passed through as typed (not clamped): heartsocket validates them
 * and throws a RangeError naming the option, which the page shows as is.
 * @param {HTMLFormElement} form
 * @returns {object} options for `new WebSocketClass(url, onMessage, options)`
 */
export function readOptions(form) {
  const data = new FormData(form);
  const num = (name) => {
    const raw = String(data.get(name) ?? '').trim();
    return raw === '' ? undefined : Number(raw);
  };
  const reconnect = { minDelay: num('minDelay'), maxDelay: num('maxDelay') };
  const maxRetries = num('maxRetries');
  if (maxRetries !== undefined) reconnect.maxRetries = maxRetries;
  return {
    name: 'demo',
    heartbeat: { interval: num('hbInterval'), timeout: num('hbTimeout') },
    reconnect,
    queue: { resend: data.get('resend') === 'on' },
  };
}

/**
 * Fills the form with values (used once, from {@link DEMO_DEFAULTS}).
 * @param {HTMLFormElement} form
 * @param {Record<string, string | number | boolean>} values
 */
export function fillOptions(form, values) {
  for (const [name, v] of Object.entries(values)) {
    const input = form.elements.namedItem(name);
    if (input instanceof HTMLInputElement && input.type === 'checkbox') input.checked = v === true;
    else if (input instanceof HTMLInputElement) input.value = String(v);
  }
}

/**
 * The constructor call this page makes, as source text.
 * @param {string} url
 * @param {object} options
 * @returns {string}
 */
export function constructorSource(url, options) {
  const body = JSON.stringify(options, null, 2).replace(/"(\w+)":/g, '$1:').replace(/"/g, "'");
  return [
    "import init, { WebSocketClass } from 'heartsocket';",
    'await init();',
    `const ws = new WebSocketClass('${url}',`,
    '  (data) => show(data),',
    `  ${body.replace(/\n/g, '\n  ')});`,
    'ws.connect();',
  ].join('\n');
}
