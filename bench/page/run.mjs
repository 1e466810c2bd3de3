// Runs one benchmark job in the page and posts its result to the harness's collector.
// The suite module is bench/page/suite-<name>.mjs and exports `run(args)`.
import { args, report, suite } from './common.mjs';

addEventListener('unhandledrejection', (e) => report('done', { error: `unhandled: ${e.reason?.stack ?? e.reason}` }));
addEventListener('error', (e) => report('done', { error: `uncaught: ${e.error?.stack ?? e.message}` }));

try {
  const mod = await import(`./suite-${suite}.mjs`);
  const result = await mod.run(args);
  await report('done', { result });
} catch (e) {
  await report('done', { error: String(e?.stack ?? e) });
}
