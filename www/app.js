// Entry point of the demo page: loads the package, creates the instance and wires the panels.
// The package is imported dynamically so a missing build shows a message instead of a blank page.
import { Chat } from './chat.js';
import { Faults } from './faults.js';
import { clip, describeData, duration, field } from './format.js';
import { constructorSource, DEMO_DEFAULTS, fillOptions, readOptions } from './options.js';
import { RttChart } from './rtt-chart.js';
import { Session } from './session.js';
import { StatusPanel } from './status.js';
import { Timeline } from './timeline.js';

const $ = (id) => /** @type {any} */ (document.getElementById(id));

/** Redraw period of the badge, countdown, counters and chart. */
const TICK_MS = 200;

/**
 * The client id scopes the server's faults to this page. `?client=ID` in the page URL picks it
 * (tests use that to query the server about this very page); otherwise a random one per load.
 */
function clientId() {
  const given = new URLSearchParams(location.search).get('client');
  if (given && /^[\w.-]{1,64}$/.test(given)) return given;
  return `demo-${Math.random().toString(36).slice(2, 8)}`;
}

/** Closes heartsocket decided itself (it says why in the reason): flagged in the timeline. */
const VERDICTS = /heartbeat timeout|connect timeout/i;

/**
 * The control API answers JSON; `matched` (how many live connections the fault hit) is the
 * part worth reading in the timeline.
 * @param {string} answer
 */
function describeAnswer(answer) {
  try {
    const { matched } = JSON.parse(answer);
    return typeof matched === 'number' ? ` (hit ${matched} open connection${matched === 1 ? '' : 's'})` : '';
  } catch {
    return ` → ${clip(answer, 60)}`;
  }
}

async function main() {
  const client = clientId();
  const scheme = location.protocol === 'https:' ? 'wss' : 'ws';
  const url = `${scheme}://${location.host}/ws?client=${encodeURIComponent(client)}`;
  $('url').textContent = url;
  $('client-id').textContent = client;

  const timeline = new Timeline($('timeline'));
  $('timeline-clear').addEventListener('click', () => timeline.clear());
  const status = new StatusPanel({ badge: $('badge'), countdown: $('countdown'), stats: $('stats') });
  const chart = new RttChart($('rtt-chart'), $('chart-max'));
  const form = $('options-form');
  fillOptions(form, DEMO_DEFAULTS);

  let mod;
  try {
    mod = await import('../pkg/heartsocket.js');
    await mod.default();
    if (typeof mod.WebSocketClass !== 'function') throw new Error('the module exports no WebSocketClass');
  } catch (err) {
    const box = $('load-error');
    box.hidden = false;
    box.textContent = `Could not load the heartsocket package from ../pkg/ (${err instanceof Error ? err.message : err}). ` +
      'Build it first: bash scripts/build.sh, then reload.';
    return;
  }

  /** Prefix for events of a replaced instance, so its last words are not mistaken for the new one's. */
  const who = (n, current) => (current ? '' : `#${n} (replaced) · `);

  const session = new Session(mod.WebSocketClass, url, {
    message(data, n, current) {
      if (!current) return;
      chat.received(data);
      timeline.add('message', clip(describeData(data), 40));
    },
    event(type, ev, n, current) {
      const p = who(n, current);
      switch (type) {
        case 'open': {
          const attempt = field(ev, 'attempt');
          timeline.add('open', `${p}link open${attempt ? ` after ${attempt} attempt${attempt > 1 ? 's' : ''}` : ''}`);
          if (current) { status.settled(); chart.markUp(); }
          break;
        }
        case 'close': {
          const code = field(ev, 'code');
          const reason = field(ev, 'reason') || '';
          const again = field(ev, 'willReconnect');
          const clean = field(ev, 'wasClean');
          const flag = VERDICTS.exec(reason)?.[0].toLowerCase();
          timeline.add('close', `${p}code ${code}${reason && !flag ? ` "${reason}"` : ''} · ${clean ? 'clean' : 'unclean'} · ${again ? 'will reconnect' : 'no reconnect'}`, { flag });
          if (current) { chart.markDown(); if (!again) status.settled(); }
          break;
        }
        case 'reconnecting': {
          const attempt = field(ev, 'attempt');
          const delay = field(ev, 'delay') ?? field(ev, 'delayMs');
          timeline.add('reconnecting', `${p}attempt ${attempt} in ${duration(delay)}`);
          if (current) status.reconnecting(attempt, delay);
          break;
        }
        case 'heartbeat': {
          const rtt = field(ev, 'rtt') ?? field(ev, 'rttMs');
          timeline.add('heartbeat', `${p}pong after ${duration(rtt)}`);
          if (current) {
            chart.addSample(rtt);
            $('rtt').textContent = duration(rtt);
            $('rtt-caption').textContent = `last pong, ${new Date().toLocaleTimeString()}`;
          }
          break;
        }
        case 'drop': {
          const data = field(ev, 'data');
          const reason = field(ev, 'reason');
          timeline.add('drop', `${p}"${clip(describeData(data), 40)}" (${reason})`);
          chat.dropped(data, reason);
          break;
        }
        case 'giveup':
          timeline.add('giveup', `${p}stopped reconnecting after ${field(ev, 'attempts')} attempts: press connect() to start again`);
          if (current) { status.settled(); chart.markDown(); }
          break;
        case 'error':
          timeline.add('error', `${p}socket error (a close follows)`);
          break;
        default:
          timeline.add(type, p);
      }
      status.render(session.ws);
    },
  });

  const chat = new Chat(
    { list: $('messages'), form: $('chat-form'), input: $('chat-input'), notice: $('chat-notice') },
    (text) => session.ws.send(text),
  );

  const faults = new Faults({ root: document.querySelector('.fault-list'), notice: $('fault-notice'), active: $('fault-active') }, client,
    (label, answer) => timeline.add('fault', `${label}${describeAnswer(answer)}`));

  /** Client-side calls: each is logged, and an exception (e.g. a bad state) is shown, not swallowed. */
  const call = (label, fn) => () => {
    timeline.add('call', label);
    try {
      fn(session.ws);
    } catch (err) {
      timeline.add('error', `${label} threw ${err instanceof Error ? `${err.name}: ${err.message}` : err}`);
    }
    status.render(session.ws);
  };
  $('btn-close').addEventListener('click', call('ws.close()', (ws) => ws.close()));
  $('btn-connect').addEventListener('click', call('ws.connect()', (ws) => ws.connect()));
  $('btn-reconnect').addEventListener('click', call('ws.reconnect()', (ws) => ws.reconnect()));

  const apply = async () => {
    const options = readOptions(form);
    let next;
    try {
      next = session.prepare(options);
    } catch (err) {
      // heartsocket validates options and names the culprit: show its message unchanged.
      $('options-notice').textContent = err instanceof Error ? `${err.name}: ${err.message}` : String(err);
      return;
    }
    timeline.add('call', `new WebSocketClass(…) #${next.n}; connect() once the old one has closed`);
    $('instance').textContent = `#${next.n}`;
    $('options-code').textContent = constructorSource(url, options);
    $('options-notice').textContent = '';
    chart.setTimeout(options.heartbeat.timeout ?? null);
    status.settled();
    await session.swap(next);
  };
  form.addEventListener('submit', (e) => {
    e.preventDefault();
    apply();
  });
  apply();

  setInterval(() => {
    status.render(session.ws);
    chart.render();
    faults.render();
  }, TICK_MS);

  // For the browser console (and the page tests): the live instance and this page's client id.
  Object.defineProperty(window, 'heartsocketDemo', {
    value: Object.freeze({ client, url, get ws() { return session.ws; } }),
  });
  document.documentElement.dataset.ready = 'true';
}

main();
