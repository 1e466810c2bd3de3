// Sizes and round counts of every benchmark, from the environment.
//
// The full run is what bench/RESULTS.md records; BENCH_QUICK=1 shrinks everything so a smoke
// run finishes in about two minutes on the shared 2-core machine. Any single figure can be
// overridden with its own variable (listed in docs/BENCH.md), e.g. BENCH_ROUNDS=5.

const FULL = {
  rounds: 11, // measured end-to-end rounds, after `warmup` unrecorded ones
  warmup: 1,
  // On a loaded machine 11 rounds of the sizes take far longer than the ~15 minutes a
  // run may last: end-to-end rounds stop once the next would pass this many seconds, but never
  // before `minRounds` (the minimum). RESULTS.md states how many rounds ran.
  e2eBudgetS: 480,
  minRounds: 5,
  recvTextN: 100_000,
  recvTextSize: 64,
  recvBinN: 2_000,
  recvBinSize: 65_536,
  sendN: 100_000,
  sendSize: 64,
  rttN: 10_000,
  synthEvents: 1_000_000,
  synthReps: 11,
  deadLinks: 100,
  deadInterval: 1000,
  deadTimeout: 500,
  falseLinks: 100,
  falseSeconds: 20,
  memCycles: 10_000,
  memWarmup: 500,
  memRawCycles: 2_000, // the raw-socket baseline: fewer cycles, same per-cycle reading
  scaleInstances: 1000,
  scaleSeconds: 30,
  scaleInterval: 1000,
  startupRounds: 11,
};

const QUICK = {
  rounds: 3,
  warmup: 1,
  e2eBudgetS: 0, // 0: no budget
  minRounds: 3,
  recvTextN: 10_000,
  recvTextSize: 64,
  recvBinN: 200,
  recvBinSize: 65_536,
  sendN: 10_000,
  sendSize: 64,
  rttN: 1_000,
  synthEvents: 200_000,
  synthReps: 3,
  deadLinks: 20,
  deadInterval: 1000,
  deadTimeout: 500,
  falseLinks: 20,
  falseSeconds: 4,
  memCycles: 500,
  memWarmup: 100,
  memRawCycles: 300,
  scaleInstances: 100,
  scaleSeconds: 5,
  scaleInterval: 1000,
  startupRounds: 3,
};

/** Every suite, in the order a run executes them (cheap and sensitive ones first). */
export const ALL_SUITES = ['size', 'synthetic', 'startup', 'e2e', 'deadlink', 'memory', 'scale'];

/** Env variable name for a config key: recvTextN -> BENCH_RECV_TEXT_N. */
export function envName(key) {
  return 'BENCH_' + key.replace(/[A-Z]/g, (c) => '_' + c).toUpperCase();
}

/**
 * The effective configuration.
 * @param {NodeJS.ProcessEnv} env
 * @returns {{quick: boolean, suites: string[]} & typeof FULL}
 */
export function loadConfig(env = process.env) {
  const quick = env.BENCH_QUICK === '1';
  const cfg = { ...(quick ? QUICK : FULL) };
  for (const key of Object.keys(cfg)) {
    const v = env[envName(key)];
    if (v === undefined || v === '') continue;
    const n = Number(v);
    if (!Number.isFinite(n) || n < 0) throw new Error(`${envName(key)}=${v}: not a number >= 0`);
    cfg[key] = n;
  }
  const suites = env.BENCH_SUITES ? env.BENCH_SUITES.split(',').map((s) => s.trim()) : ALL_SUITES;
  for (const s of suites) {
    if (!ALL_SUITES.includes(s)) throw new Error(`BENCH_SUITES: unknown suite ${s} (${ALL_SUITES})`);
  }
  return { quick, suites, ...cfg };
}
