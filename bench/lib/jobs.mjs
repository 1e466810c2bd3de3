// Runs page jobs: opens bench/page/run.html for one suite with its arguments in a fresh,
// uninstrumented browser context, and waits for the page's report.

/**
 * @param {{browser: any, collector: import('./collector.mjs').Collector, http: string}} env
 *   `http` is the heartsocket server's base URL, which serves /bench/ from the repo.
 */
export function jobRunner({ browser, collector, http }) {
  let seq = 0;
  const url = (job, suite, args, extra) => {
    const q = new URLSearchParams({ job, suite, report: collector.base, args: JSON.stringify(args), ...extra });
    return `${http}/bench/page/run.html?${q}`;
  };
  return {
    url,
    /**
     * Opens a job page and waits for its result; the page stays open until `close()`.
     * `extra` adds query parameters (e.g. `hs`: another heartsocket build).
     * @returns {Promise<{job: string, result: any, page: import('./browser.mjs').Target}>}
     */
    async start(suite, args, timeoutMs, extra = {}) {
      const job = `${suite}${++seq}`;
      const page = await browser.openPage(url(job, suite, args, extra));
      try {
        return { job, result: await collector.wait(job, timeoutMs), page };
      } catch (e) {
        await page.close();
        throw e;
      }
    },
    /** Runs a job to completion and closes its page. */
    async run(suite, args, timeoutMs) {
      const { result, page } = await this.start(suite, args, timeoutMs);
      await page.close();
      return result;
    },
  };
}
