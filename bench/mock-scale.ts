// What the emulator's costs do as its state grows (one run, figures printed, nothing asserted), issue 20's bars:
//   - filling: one app with --small users, another with --users, each user through the emulator's request handling as
//     a browser and a backend make one (`POST /register/token` with an alias, `/register/begin`, `/register/complete`
//     with a passkey from a software authenticator), timed; target: --users take at most (--users / --small)× the time
//     of --small (linear). The time of --small is the mean of app small's and of fresh apps filled with --small users
//     each, one after each twentieth of the large app's fill, so that both are timed across the same minutes (this
//     machine's speed drifts by a third within a run, and a fill of --small alone lasts half a second). The rest of --total users (other apps, each user with an alias and a passkey) are written
//     through the state's own write methods (`AppUsers.setAliases`, `AppUsers.addCredential`, what the handlers call,
//     with the same limits and indexes), each record made of fresh strings as a request's would be: the request path
//     costs ~0.5 ms of CPU per user for its three requests' crypto and parsing, which is 8 minutes for a million users
//     on this machine; the state, which is what grows, is the same;
//   - memory: heap bytes per user and RSS at --total users; target: RSS within 2 GiB;
//   - latency at --small vs --users users per app, the two apps in turns within the same full emulator: p50 and p99 of
//     `POST /register/token` (a new user, an alias checked free), `POST /alias` (an existing user's alias replaced),
//     `GET /users/list` (as the server pages it: no paging, the first 1,000 users with passkeys and the first 1,000
//     with aliases, EfTenantStorage.GetUsers) and `POST /signin/verify` (a token from /signin/generate-token); target:
//     each within 1.2× at --users of the one at --small;
//   - the state file: saving it with the state-file writer (`--state`, src/mock/state-file.ts) while a client asks
//     `GET /health/http`, and loading it (startMock with the file, in a process of its own), then resetting to it after
//     a write to the app of --users users (a reset indexes that app again from its loaded records and keeps the apps
//     nobody used); targets: the event loop never held more than 100 ms at a time (perf_hooks'
//     event-loop delay, max, as bench/state-save.ts measures it; the collector's longest pause printed beside it), and
//     the loading process's peak RSS within 2 GiB.
// Calls go to the emulator in-process (`emulator.handle`, no socket), so the figures are the emulator's own.
//   tsx bench/mock-scale.ts [--users 100000] [--small 1000] [--total 1000000] [--samples 5000]
import { fork } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { constants, PerformanceObserver } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { stateView } from '../src/emulator/index.js';
import type { AppUsers } from '../src/emulator/state/app-users.js';
import type { CredentialRecord } from '../src/emulator/state/records.js';
import { type RunningMock, startMock } from '../src/mock/index.js';
import { writeStateAtomically } from '../src/mock/state-file.js';
import { BulkAuthenticator } from './support/bulk-authenticator.js';
import { LoopDelay } from './support/loop-delay.js';
import { root } from './support/servers.js';

const loaderFlag = '--load-state';
const { values } = parseArgs({
  options: {
    users: { type: 'string', default: '100000' },
    small: { type: 'string', default: '1000' },
    total: { type: 'string', default: '1000000' },
    samples: { type: 'string', default: '5000' },
    'load-state': { type: 'string' },
    help: { type: 'boolean', short: 'h' },
  },
});

const mib = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MiB`;

if (values['load-state'] !== undefined) {
  // The loading half, in a process of its own: how long the event loop is held while startMock loads the file, and,
  // for comparison, while it starts without one (reading the spec, compiling its validators: what any start costs).
  const delay = new LoopDelay();
  // The collector's longest pause meanwhile: on a heap of a million users, and on a busy machine, it makes pauses of its
  // own, whatever the load does in slices. Incremental marking is left out: its entry spans the marking, which runs
  // in steps between turns of the loop, not in one pause.
  let gcMaxMs = 0;
  const collector = new PerformanceObserver((entries) => {
    for (const entry of entries.getEntries())
      if (
        (entry as PerformanceEntry & { detail?: { kind?: number } }).detail?.kind !==
        constants.NODE_PERFORMANCE_GC_INCREMENTAL
      )
        gcMaxMs = Math.max(gcMaxMs, entry.duration);
  });
  collector.observe({ entryTypes: ['gc'] });
  await delay.start();
  await (await startMock()).close();
  const emptyStartPauseMs = await delay.stop();
  await delay.start();
  gcMaxMs = 0;
  const started = performance.now();
  const mock = await startMock({
    stateFile: values['load-state'],
    limits: JSON.parse(process.env.SCALE_LIMITS ?? '{}'),
  });
  const ms = performance.now() - started;
  const pauseMs = await delay.stop();
  const users = mock.emulator.state.limitUsage().usersInAll.used;
  const rss = process.memoryUsage().rss;
  const gcPauseMs = gcMaxMs;
  gcMaxMs = 0;
  // A reset goes back to the loaded state (`DELETE /__mock/state`) after a test used one app, the biggest: that app is
  // indexed again, in slices, from the same records; the apps nobody used are kept as they are.
  const used = mock.emulator.state.app('large');
  // The first user's alias replaced: the state holds as many aliases as the limits allow.
  if (used) await used.users.setAliases('user-0000000', ['used@example.com'], { hashing: true, conflicts: 'refused' });
  await delay.start();
  const resetStarted = performance.now();
  await mock.reset();
  const resetMs = performance.now() - resetStarted;
  const resetPauseMs = await delay.stop();
  // The most this process held at once: loading, the state kept for a reset, and a reset.
  const peakRss = process.resourceUsage().maxRSS * 1024;
  process.send?.({
    ms,
    pauseMs,
    gcPauseMs,
    emptyStartPauseMs,
    users,
    rss,
    resetMs,
    resetPauseMs,
    resetGcPauseMs: gcMaxMs,
    peakRss,
  });
  // The file is the parent's: nothing is written back on this close.
  process.exit(0);
}

// The heap is read after a full collection, and a million users need more than V8's default old space on small hosts.
if (typeof globalThis.gc !== 'function') {
  const child = fork(fileURLToPath(import.meta.url), process.argv.slice(2), {
    cwd: root,
    execArgv: ['--expose-gc', '--max-old-space-size=6144', '--import', 'tsx'],
    stdio: 'inherit',
  });
  const [code] = await once(child, 'exit');
  process.exit(code ?? 1);
}
const gc = globalThis.gc as () => void;

if (values.help) {
  console.log(
    'Usage: tsx bench/mock-scale.ts [--users <n>] [--small <n>] [--total <n>] [--samples <n per call and size>]',
  );
  process.exit(0);
}
const large = Number(values.users);
const small = Number(values.small);
const total = Number(values.total);
const samples = Number(values.samples);
for (const [name, value] of [
  ['users', large],
  ['small', small],
  ['total', total],
  ['samples', samples],
] as const) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer`);
    process.exit(2);
  }
}
/**
 * The large app is filled in twentieths (of at least --small users each), with a fresh app of --small users after each:
 * the more turns, the more alike the machine's drift falls on both.
 */
const largeStep = Math.max(small, Math.floor(large / 20));
const smallApps = Array.from({ length: Math.ceil(large / largeStep) }, (_, i) => `small${i + 1}`);
if (small > large || small * (1 + smallApps.length) + large > total) {
  console.error(
    `--small must be at most --users, and --users plus ${1 + smallApps.length} times --small at most --total`,
  );
  process.exit(2);
}
const targets = { latencyRatio: 1.2, rssBytes: 2 * 1024 ** 3, pauseMs: 100 };

const origin = 'http://localhost:5173';
const rpId = 'localhost';
const userAgent =
  'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';
const keysOf = (appId: string) => ({
  secret: `${appId}:secret:${'0123456789abcdef'.repeat(2)}`,
  public: `${appId}:public:${'fedcba9876543210'.repeat(2)}`,
});
/** Users filled through requests: app small, the fresh apps beside the large one, and the large one. */
const filled = small * (1 + smallApps.length) + large;
const bulkApps = Math.ceil((total - filled) / large);
const appIds = ['small', 'large', ...Array.from({ length: bulkApps }, (_, i) => `bulk${i}`), ...smallApps];
const limits = {
  apps: appIds.length + 1,
  usersPerApp: large,
  usersInAll: total,
  credentialsInAll: total,
  aliasesInAll: total,
};

const folder = mkdtempSync(join(tmpdir(), 'mock-scale-bench-'));
const stateFile = join(folder, 'state.json');
console.log(
  `mock-scale: ${small.toLocaleString('en')} vs ${large.toLocaleString('en')} users per app, ` +
    `${total.toLocaleString('en')} users in all (${appIds.length} apps and the seed app), each with an alias and a ` +
    `passkey; ${samples} calls per operation and size; Node ${process.version}`,
);

gc();
const heapBefore = process.memoryUsage().heapUsed;
const mock: RunningMock = await startMock({
  limits,
  apps: appIds.map((appId) => ({
    appId,
    secretKeys: [keysOf(appId).secret],
    publicKeys: [keysOf(appId).public],
    // An old app with the quota bypass, as the seed app `test`: no admin-only rule nor quota.
    createdAt: '0001-01-01T00:00:00',
    overrides: { isMagicLinkQuotaBypassEnabled: true },
  })),
});
const { emulator } = mock;

interface Reply {
  status: number;
  body: any;
}
const encoder = new TextEncoder();
/** One request through the emulator's request handling, as its doors hand it over. */
async function call(method: string, path: string, key: Record<string, string>, json?: unknown): Promise<Reply> {
  const bytes = json === undefined ? new Uint8Array() : encoder.encode(JSON.stringify(json));
  const headers: Record<string, string> = { 'user-agent': userAgent, ...key };
  if (json !== undefined) headers['content-type'] = 'application/json';
  const response = await emulator.handle({ method, path, headers, body: { bytes, size: bytes.length } });
  const text = response.body ?? '';
  return { status: response.status, body: text.startsWith('{') ? JSON.parse(text) : text };
}
function expectStatus(reply: Reply, status: number, what: string): Reply {
  if (reply.status !== status) throw new Error(`${what} answered ${reply.status}: ${JSON.stringify(reply.body)}`);
  return reply;
}

const secretOf = (appId: string) => ({ apisecret: keysOf(appId).secret });
const publicOf = (appId: string) => ({ apikey: keysOf(appId).public });
const userId = (n: number) => `user-${String(n).padStart(7, '0')}`;
const alias = (n: number) => `${userId(n)}@example.com`;
const authenticator = new BulkAuthenticator(origin, rpId);

/** Registers users [from, to) of the app as the official clients do: a register token, then a passkey ceremony. */
async function registerUsers(appId: string, from: number, to: number): Promise<void> {
  for (let n = from; n < to; n++) {
    const { token } = expectStatus(
      await call('POST', '/register/token', secretOf(appId), {
        userId: userId(n),
        username: alias(n),
        aliases: [alias(n)],
      }),
      200,
      'register/token',
    ).body;
    const begin = expectStatus(
      await call('POST', '/register/begin', publicOf(appId), { token, RPID: rpId, Origin: origin }),
      200,
      'register/begin',
    ).body;
    const { payload } = authenticator.register(begin.session, begin.data);
    expectStatus(await call('POST', '/register/complete', publicOf(appId), payload), 200, 'register/complete');
  }
}

/** Text as a request leaves it: a string of its own, not one shared with other records. */
const fresh = (text: string) => Buffer.from(text, 'latin1').toString('latin1');

/** Users [from, to) of the app through the state's own write methods, each record as a passkey ceremony makes it. */
async function writeUsers(users: AppUsers, template: CredentialRecord, from: number, to: number): Promise<void> {
  const credentialId = Buffer.alloc(16);
  credentialId.write('bulk-credential', 'latin1');
  for (let n = from; n < to; n++) {
    credentialId.writeUInt32BE(n, 12);
    const id = userId(n);
    const stored = await users.setAliases(id, [alias(n)], { hashing: true, conflicts: 'refused' });
    if (stored !== 'stored') throw new Error(`The alias of ${id} was ${stored}.`);
    users.addCredential({
      ...template,
      credentialId: credentialId.toString('base64url'),
      publicKey: fresh(template.publicKey),
      userHandle: Buffer.from(id).toString('base64'),
      createdAt: fresh(template.createdAt),
      lastUsedAt: fresh(template.lastUsedAt),
      aaGuid: fresh(template.aaGuid),
      origin: fresh(template.origin),
      device: fresh(template.device),
      userId: id,
    });
  }
}

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const hundredths = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
const verdict = (met: boolean) => (met ? 'PASS' : 'MISS');
const results: { target: string; met: boolean }[] = [];
function report(target: string, figure: string, met: boolean): void {
  results.push({ target, met });
  console.log(`${verdict(met)}  ${target}: ${figure}`);
}

try {
  // Warm-up: the JIT, the emulator's validators and V8's young generation, which reach their pace only after some
  // 15,000 users (the first 10,000 of a fill after 3,000 cost 20% more CPU per user, whatever the app; after 15,000,
  // none more), on users of the first bulk app (which are counted in all).
  const warmup = Math.max(0, Math.min(20 * small, total - filled));
  if (bulkApps > 0 && warmup > 0) await registerUsers('bulk0', 0, warmup);

  console.log('\nfilling (through /register/token, /register/begin and /register/complete):');
  const timed = async (work: () => Promise<void>) => {
    const before = performance.now();
    await work();
    return performance.now() - before;
  };
  const smallFills = [await timed(() => registerUsers('small', 0, small))];
  console.log(`  ${small.toLocaleString('en').padStart(9)} users in app small: ${hundredths(smallFills[0]!)}`);
  let largeMs = 0;
  for (const [i, appId] of smallApps.entries()) {
    const from = i * largeStep;
    const to = Math.min(large, from + largeStep);
    const chunkMs = await timed(() => registerUsers('large', from, to));
    largeMs += chunkMs;
    const smallFill = await timed(() => registerUsers(appId, 0, small));
    smallFills.push(smallFill);
    console.log(
      `  ${to.toLocaleString('en').padStart(9)} users in app large: ${seconds(largeMs)} (the last ` +
        `${(to - from).toLocaleString('en')}: ${seconds(chunkMs)}); then ${small.toLocaleString('en')} in app ` +
        `${appId}: ${hundredths(smallFill)}`,
    );
  }
  // Their mean, not their median: a collection of the old generation lands in one fill of --small in several (and is
  // left out of a median), and in most twentieths of the large fill; the mean counts it in both as often as it comes.
  const smallMs = smallFills.reduce((sum, ms) => sum + ms, 0) / smallFills.length;
  console.log(
    `  the time to fill ${small.toLocaleString('en')}: ${hundredths(smallMs)}, the mean of ` +
      `${smallFills.length} (${hundredths(Math.min(...smallFills))} to ${hundredths(Math.max(...smallFills))})`,
  );

  const large0 = emulator.state.app('large')!;
  const template = large0.users.credentialsOf(userId(0))[0] as CredentialRecord;
  const started = performance.now();
  let written = 0;
  for (const [i, appId] of appIds.slice(2, 2 + bulkApps).entries()) {
    const count = Math.min(large, total - filled - i * large);
    const from = i === 0 ? warmup : 0;
    await writeUsers(emulator.state.app(appId)!.users, template, from, count);
    written += count - from;
  }
  const writtenMs = performance.now() - started;
  const inAll = emulator.state.limitUsage().usersInAll.used;
  console.log(
    `  ${written.toLocaleString('en').padStart(9)} users in ${bulkApps} more apps through the state's write methods: ` +
      `${seconds(writtenMs)}; ${inAll.toLocaleString('en')} users in all`,
  );

  gc();
  const memory = process.memoryUsage();
  const perUser = (memory.heapUsed - heapBefore) / inAll;
  console.log(
    `\nmemory at ${inAll.toLocaleString('en')} users: heap ${mib(memory.heapUsed)} (${perUser.toFixed(0)} bytes per ` +
      `user with its alias and passkey), RSS ${mib(memory.rss)}`,
  );

  // Latencies: the two apps in turns, call by call, so that both see the same machine.
  const operations: {
    name: string;
    prepare?: (appId: string, i: number) => Promise<unknown>;
    run: (appId: string, i: number, prepared: unknown) => Promise<Reply>;
    status: number;
  }[] = [
    {
      name: 'POST /register/token',
      status: 200,
      run: (appId, i) =>
        call('POST', '/register/token', secretOf(appId), {
          userId: `new-${i}`,
          username: `new-${i}@example.com`,
          aliases: [`new-${i}@example.com`],
        }),
    },
    {
      name: 'POST /alias',
      status: 204,
      run: (appId, i) => {
        const n = (i * 7919) % small;
        return call('POST', '/alias', secretOf(appId), {
          userId: userId(n),
          aliases: [`${userId(n)}.${i}@example.com`],
          hashing: true,
        });
      },
    },
    { name: 'GET /users/list', status: 200, run: (appId) => call('GET', '/users/list', secretOf(appId)) },
    {
      name: 'POST /signin/verify',
      status: 200,
      prepare: async (appId, i) =>
        expectStatus(
          await call('POST', '/signin/generate-token', secretOf(appId), { userId: userId((i * 7919) % small) }),
          200,
          'signin/generate-token',
        ).body.token,
      run: (appId, _i, token) => call('POST', '/signin/verify', secretOf(appId), { token }),
    },
  ];
  const percentile = (sorted: number[], p: number) =>
    sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))]!;
  const rows: string[] = [];
  const verdicts: [string, string, boolean][] = [];
  for (const operation of operations) {
    const times = { small: [] as number[], large: [] as number[] };
    const prepared = new Map<string, unknown[]>();
    for (const appId of ['small', 'large'] as const) {
      const list: unknown[] = [];
      for (let i = 0; i < samples + 100; i++) list.push(await operation.prepare?.(appId, i));
      prepared.set(appId, list);
    }
    // No collection left over from the fill or the operation before runs into this one's calls.
    gc();
    for (let i = 0; i < samples + 100; i++) {
      for (const appId of i % 2 === 0 ? (['small', 'large'] as const) : (['large', 'small'] as const)) {
        const before = performance.now();
        const reply = await operation.run(appId, i, prepared.get(appId)![i]);
        const ms = performance.now() - before;
        expectStatus(reply, operation.status, operation.name);
        // The first 100 of each warm the path up.
        if (i >= 100) times[appId].push(ms);
      }
    }
    const sortedSmall = times.small.sort((a, b) => a - b);
    const sortedLarge = times.large.sort((a, b) => a - b);
    const cells = [0.5, 0.99].map((p) => {
      const atSmall = percentile(sortedSmall, p);
      const atLarge = percentile(sortedLarge, p);
      return { p, atSmall, atLarge, ratio: atLarge / atSmall };
    });
    rows.push(
      `  ${operation.name.padEnd(22)} ${cells
        .map(
          ({ atSmall, atLarge, ratio }) =>
            `${atSmall.toFixed(3).padStart(8)} ${atLarge.toFixed(3).padStart(8)} ${ratio.toFixed(2).padStart(6)}×`,
        )
        .join('   ')}`,
    );
    for (const { p, atSmall, atLarge, ratio } of cells) {
      verdicts.push([
        `${operation.name} p${p * 100} at ${large.toLocaleString('en')} within ${targets.latencyRatio}× of ${small.toLocaleString('en')}`,
        `${atLarge.toFixed(3)} ms vs ${atSmall.toFixed(3)} ms, ${ratio.toFixed(2)}×`,
        ratio <= targets.latencyRatio,
      ]);
    }
  }
  console.log(
    `\nlatency in ms (in-process, ${samples} calls each, at ${inAll.toLocaleString('en')} users in all):\n` +
      `  ${''.padEnd(22)} ${'p50'.padStart(8)} ${''.padStart(8)} ${''.padStart(7)}   ${'p99'.padStart(8)}\n` +
      `  ${'users in the app'.padEnd(22)} ${[0, 1].map(() => `${small.toLocaleString('en').padStart(8)} ${large.toLocaleString('en').padStart(8)}  ratio`).join('   ')}`,
  );
  for (const row of rows) console.log(row);

  // Saving, as `POST /__mock/state/save` and every stop do, while a client keeps asking; then the same client for as
  // long without a save: the pauses the machine and the collector cause anyway (a heap of this size has some).
  const delay = new LoopDelay();
  async function probing(during: () => Promise<unknown>) {
    let probing = true;
    let slowestMs = 0;
    let answers = 0;
    const client = (async () => {
      while (probing) {
        const before = performance.now();
        await (await fetch(`${mock.url}/health/http`)).text();
        slowestMs = Math.max(slowestMs, performance.now() - before);
        answers++;
      }
    })();
    await delay.start();
    const before = performance.now();
    await during();
    const ms = performance.now() - before;
    const pauseMs = await delay.stop();
    probing = false;
    await client;
    return { ms, pauseMs, slowestMs, answers };
  }
  const save = await probing(() => writeStateAtomically(stateFile, () => stateView(emulator.state)));
  const quiet = await probing(() => new Promise((resolve) => setTimeout(resolve, save.ms)));
  const savePauseMs = save.pauseMs;
  const bytes = statSync(stateFile).size;
  console.log(
    `\nstate file: ${(bytes / 1e6).toFixed(0)} MB saved in ${seconds(save.ms)}; longest pause ${save.pauseMs.toFixed(0)} ms, ` +
      `slowest of ${save.answers} answers meanwhile ${save.slowestMs.toFixed(0)} ms (for as long without a save: ` +
      `longest pause ${quiet.pauseMs.toFixed(0)} ms, slowest answer ${quiet.slowestMs.toFixed(0)} ms)`,
  );

  // Loading, in a process of its own. This one lets its million users go first: a heap of 1.4 GB that has just
  // stopped allocating gets a collection from V8's memory reducer, whose marking threads would share the two cores
  // with the load it measures.
  await mock.reset();
  gc();
  const loader = fork(fileURLToPath(import.meta.url), [loaderFlag, stateFile], {
    cwd: root,
    execArgv: ['--max-old-space-size=6144', '--import', 'tsx'],
    env: { ...process.env, SCALE_LIMITS: JSON.stringify(limits) },
    stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
  });
  const loaded = (await Promise.race([
    once(loader, 'message').then(([message]) => message),
    once(loader, 'exit').then(([code]) => ({ failed: code })),
  ])) as
    | {
        ms: number;
        pauseMs: number;
        gcPauseMs: number;
        emptyStartPauseMs: number;
        users: number;
        rss: number;
        resetMs: number;
        resetPauseMs: number;
        resetGcPauseMs: number;
        peakRss: number;
      }
    | { failed: number };
  if ('failed' in loaded) console.log(`state file: loading failed (the loader exited with ${loaded.failed})`);
  else {
    console.log(
      `state file: loaded in ${seconds(loaded.ms)} (${loaded.users.toLocaleString('en')} users, RSS ${mib(loaded.rss)}); ` +
        `longest pause ${loaded.pauseMs.toFixed(0)} ms, the collector's longest ${loaded.gcPauseMs.toFixed(0)} ms ` +
        `(the process's first start, without a state file: ${loaded.emptyStartPauseMs.toFixed(0)} ms)\n` +
        `state file: reset to it (after a write to app large) in ${seconds(loaded.resetMs)}, longest pause ${loaded.resetPauseMs.toFixed(0)} ms, ` +
        `the collector's longest ${loaded.resetGcPauseMs.toFixed(0)} ms; ` +
        `the loading process's peak RSS ${mib(loaded.peakRss)}`,
    );
  }

  console.log('\ntargets:');
  report(
    `fill ${large.toLocaleString('en')} users ≤ ${large / small}× fill ${small.toLocaleString('en')}`,
    `${seconds(largeMs)} vs ${hundredths(smallMs)}, ${(largeMs / smallMs).toFixed(1)}×`,
    largeMs <= (large / small) * smallMs,
  );
  for (const [target, figure, met] of verdicts) report(target, figure, met);
  report(
    `${inAll.toLocaleString('en')} users within 2 GiB RSS`,
    `${mib(memory.rss)} (${perUser.toFixed(0)} bytes of heap per user)`,
    memory.rss <= targets.rssBytes,
  );
  report(
    `saving the state never blocks > ${targets.pauseMs} ms`,
    `${savePauseMs.toFixed(0)} ms`,
    savePauseMs <= targets.pauseMs,
  );
  report(
    `loading the state never blocks > ${targets.pauseMs} ms`,
    'failed' in loaded ? 'the load failed' : `${loaded.pauseMs.toFixed(0)} ms`,
    !('failed' in loaded) && loaded.pauseMs <= targets.pauseMs,
  );
  report(
    `resetting to the loaded state never blocks > ${targets.pauseMs} ms`,
    'failed' in loaded ? 'the load failed' : `${loaded.resetPauseMs.toFixed(0)} ms`,
    !('failed' in loaded) && loaded.resetPauseMs <= targets.pauseMs,
  );
  report(
    `loading ${inAll.toLocaleString('en')} users within 2 GiB RSS (peak, with the reset)`,
    'failed' in loaded ? 'the load failed' : mib(loaded.peakRss),
    !('failed' in loaded) && loaded.peakRss <= targets.rssBytes,
  );
  const missed = results.filter((result) => !result.met).length;
  console.log(missed === 0 ? '\nall targets met' : `\n${missed} of ${results.length} targets MISSED`);
} finally {
  await mock.close();
  rmSync(folder, { recursive: true, force: true });
}
