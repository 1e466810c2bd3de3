// The echo chat (after seed 004): my messages on the right, the server's on the left.
// A message of mine is "sent" when the socket took it, "queued" when it waits in heartsocket's
// outbox, "delivered" when the server's echo of it came back, "dropped" if heartsocket gave it up,
// "not delivered" if it went out on a link that died before the server confirmed it.
import { describeData } from './format.js';

/** How long a notice stays up. Long enough to read, short enough not to go stale. */
const NOTICE_MS = 4000;

export class Chat {
  /**
   * @param {{list: HTMLOListElement, form: HTMLFormElement, input: HTMLInputElement, notice: HTMLElement}} els
   * @param {(text: string) => boolean} send  hands the text to the socket; true = sent now, false = queued
   */
  constructor(els, send) {
    this.els = els;
    this.send = send;
    /** My messages still waiting for their echo, oldest first. */
    /** @type {{text: string, item: HTMLLIElement}[]} */
    this.pending = [];
    this.noticeTimer = 0;
    els.form.addEventListener('submit', (e) => {
      e.preventDefault();
      this.submit();
    });
  }

  /** Sends the input's text, or explains why not. */
  submit() {
    const { input } = this.els;
    const text = input.value;
    if (text.trim() === '') {
      this.notice('Empty message not sent: type something first.');
      input.focus();
      return;
    }
    let sentNow;
    try {
      sentNow = this.send(text);
    } catch (err) {
      // The SDK throws on a full outbox (overflow "error") or on a closed instance: say so.
      this.notice(`Not sent: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    const item = this.add('me', text, sentNow ? 'sent' : 'queued');
    this.pending.push({ text, item });
    input.value = '';
    this.notice(sentNow ? '' : 'Link is down: message queued, it will go out on reconnect.', !sentNow);
    input.focus();
  }

  /**
   * A message from the server. An echo of a pending message marks that message delivered.
   * @param {any} data
   */
  received(data) {
    const text = describeData(data);
    if (typeof data === 'string') {
      const i = this.pending.findIndex((p) => p.text === data);
      if (i >= 0) {
        this.setStatus(this.pending[i].item, 'delivered');
        this.pending.splice(i, 1);
      }
    }
    this.add('server', text);
  }

  /**
   * heartsocket gave this message up: never sent (closed with it queued, the outbox overflowed),
   * or, reason "unconfirmed", sent on a link that died before the server confirmed it (with the
   * `queue.resend` option off): the server may or may not have it, so it is "not delivered".
   * @param {any} data
   * @param {string} reason
   */
  dropped(data, reason) {
    const i = this.pending.findIndex((p) => p.text === data);
    if (i < 0) return;
    if (reason === 'unconfirmed') this.setStatus(this.pending[i].item, 'not delivered');
    else this.setStatus(this.pending[i].item, 'dropped', reason);
    this.pending.splice(i, 1);
  }

  /**
   * @param {'me' | 'server'} role
   * @param {string} text
   * @param {string} [status]
   * @returns {HTMLLIElement}
   */
  add(role, text, status) {
    const item = document.createElement('li');
    item.className = 'msg';
    item.dataset.role = role;
    const body = document.createElement('div');
    body.className = 'msg-text';
    body.textContent = text;
    const meta = document.createElement('div');
    meta.className = 'msg-meta';
    const who = document.createElement('span');
    who.textContent = role === 'me' ? 'me' : 'server';
    meta.append(who);
    item.append(body, meta);
    if (status) this.setStatus(item, status);
    const { list } = this.els;
    const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 40;
    list.append(item);
    if (atBottom || role === 'me') list.scrollTop = list.scrollHeight;
    return item;
  }

  /**
   * @param {HTMLLIElement} item
   * @param {string} status
   * @param {string} [why]
   */
  setStatus(item, status, why) {
    item.dataset.status = status;
    const meta = item.querySelector('.msg-meta');
    let tag = meta?.querySelector('.tag');
    if (!tag) {
      tag = document.createElement('span');
      meta?.append(tag);
    }
    tag.className = `tag ${status.replace(/ /g, '-')}`;
    tag.textContent = why ? `${status} (${why})` : status;
  }

  /**
   * Shows a notice under the input, announced by screen readers (aria-live on the element).
   * @param {string} text  empty to clear
   * @param {boolean} [calm]  informative rather than an error
   */
  notice(text, calm = false) {
    const { notice } = this.els;
    clearTimeout(this.noticeTimer);
    notice.textContent = text;
    notice.classList.toggle('info', calm);
    if (text) this.noticeTimer = setTimeout(() => { notice.textContent = ''; }, NOTICE_MS);
  }
}
