// Shared helpers of the demo-page tests: launch Debian's Chromium through playwright-core, open
// the page from the real server with a client id of the test's own, and wait on what a person
// would look at (the badge, the timeline, the chat), never on fixed sleeps.
import { chromium } from 'playwright-core';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { repoRoot } from '../lib/server.mjs';

/** Where screenshots go (git-ignored). */
export const artifacts = path.join(repoRoot, 'tests', 'artifacts');

const ARGS = [
  '--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
  '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic',
];

/** Launches a fresh headless Chromium (its own temporary profile). */
export function launch() {
  return chromium.launch({ executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium', args: ARGS, headless: true });
}

/** A client id no other test (or parallel run) uses, so faults stay scoped to one page. */
export function uniqueClient(name) {
  return `www-${name}-${process.pid}-${Date.now().toString(36)}`;
}

/**
 * Opens the demo in a new context and waits until its first connection is OPEN.
 * Uncaught page exceptions are collected in `errors` for the test to assert on at the end.
 * @param {import('playwright-core').Browser} browser
 * @param {{http: string}} server
 * @param {string} client
 * @param {{width: number, height: number}} [viewport]
 */
export async function openDemo(browser, server, client, viewport = { width: 1280, height: 800 }) {
  const context = await browser.newContext({ viewport });
  const page = await context.newPage();
  /** @type {string[]} */
  const errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${server.http}/www/?client=${encodeURIComponent(client)}`);
  await page.waitForFunction(
    () => document.documentElement.dataset.ready === 'true' || !document.getElementById('load-error').hidden,
    null, { timeout: 20_000 },
  );
  const loadError = await page.locator('#load-error').textContent();
  assert.equal(await page.locator('#load-error').isHidden(), true, `the page could not load the package: ${loadError}`);
  await waitBadge(page, 'OPEN', 10_000);
  return { page, context, errors };
}

/**
 * Waits for the state badge to show `state` (or, with `not`, anything else).
 * @param {import('playwright-core').Page} page
 * @param {string} state
 * @param {number} timeout ms
 * @param {boolean} [not]
 */
export async function waitBadge(page, state, timeout, not = false) {
  try {
    await page.waitForFunction(
      ([s, n]) => (document.getElementById('badge').dataset.state === s) !== n,
      [state, not], { timeout, polling: 50 },
    );
  } catch (err) {
    const now = await page.locator('#badge').textContent();
    throw new Error(`badge never became ${not ? 'other than ' : ''}${state} within ${timeout} ms (shows ${now})\n` +
      `timeline:\n${await timelineText(page)}`, { cause: err });
  }
}

/**
 * Waits until the timeline has a row of `type` whose text matches `pattern`.
 * @param {import('playwright-core').Page} page
 * @param {string} type
 * @param {RegExp} pattern
 * @param {number} timeout
 */
export async function waitTimeline(page, type, pattern, timeout) {
  try {
    await page.waitForFunction(
      ([t, src, flags]) => [...document.querySelectorAll(`#timeline .ev[data-type="${t}"]`)]
        .some((row) => new RegExp(src, flags).test(row.textContent)),
      [type, pattern.source, pattern.flags], { timeout, polling: 100 },
    );
  } catch (err) {
    throw new Error(`no "${type}" row matching ${pattern} within ${timeout} ms\ntimeline:\n${await timelineText(page)}`, { cause: err });
  }
}

/** The timeline, oldest first, one row a line: for assertion messages and order checks. */
export async function timelineRows(page) {
  return page.$$eval('#timeline .ev', (rows) => rows.reverse().map((r) => ({
    type: r.dataset.type, flag: r.dataset.flag ?? '', text: r.textContent ?? '',
  })));
}

async function timelineText(page) {
  return (await timelineRows(page)).map((r) => `  ${r.text}`).join('\n');
}

/**
 * Types `text` into the chat and presses Send, as a person would.
 * @param {import('playwright-core').Page} page
 * @param {string} text
 */
export async function sendChat(page, text) {
  await page.locator('#chat-input').fill(text);
  await page.locator('#chat-send').click();
}

/**
 * Sets a number/text input of the page the way a person does (select all, type).
 * @param {import('playwright-core').Page} page
 * @param {string} selector
 * @param {string | number} value
 */
export async function setInput(page, selector, value) {
  await page.locator(selector).fill(String(value));
}

/**
 * Checks a file is a PNG of the given width with some content, and returns its size in bytes.
 * @param {string} file
 * @param {number} width  expected pixel width (device scale factor 1)
 */
export async function assertPng(file, width) {
  const bytes = await readFile(file);
  assert.ok(bytes.length > 10_000, `${file} is only ${bytes.length} bytes`);
  assert.deepEqual([...bytes.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], `${file} is not a PNG`);
  assert.equal(bytes.toString('ascii', 12, 16), 'IHDR');
  assert.equal(bytes.readUInt32BE(16), width, `${file} width`);
  return bytes.length;
}

/** Creates the artifacts folder. */
export async function ensureArtifacts() {
  await mkdir(artifacts, { recursive: true });
}
