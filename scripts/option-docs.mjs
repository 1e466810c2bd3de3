// The doc sentence of each option ("Default 5000; a whole number from 1 to 2147483647."), made
// from the options table (`OPTIONS`, src/api/options.js), the one place defaults and ranges are
// written. Used by scripts/finish-glue.mjs for heartsocket.d.ts and by tests/node/errors/table.test.mjs.
import { OPTIONS } from '../src/api/options.js';

export { OPTIONS };

/** The doc sentence of `option` from its OPTIONS entry: its default and allowed values. */
export function optionDoc(option) {
  const entry = OPTIONS[option];
  if (!entry || entry.length === 0) return '';
  const [value, ...rest] = entry;
  const show = (v) => (v === Infinity ? '`Infinity` (no limit)' : '`' + JSON.stringify(v) + '`');
  let text = 'Default ' + show(value);
  if (typeof value === 'string' && rest.length) text += '; one of ' + entry.map(show).join(', ');
  else if (typeof rest[0] === 'number') {
    const kind = rest[2] === 'real' ? 'a number' : 'a whole number';
    text += (Array.isArray(value) ? '; each ' : '; ') + kind + ' from ' + rest[0] + ' to ' + rest[1];
  }
  return text + '.';
}
