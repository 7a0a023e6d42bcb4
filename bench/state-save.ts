// How long saving a 100 MB state stops the emulator from answering (one run, figures printed, nothing asserted):
// startMock() with a state file, loaded with a synthetic state of about 100 MB of JSON (apps full of passkeys,
// aliases and events), saved with `saveState()` (what `POST /__mock/state/save` and every stop do) while a client keeps
// asking `GET /health/http`. The pause is the longest the event loop was held (perf_hooks' event-loop delay, max), and
// the slowest answer to the client meanwhile. The baseline, measured in the same run on the same state, is the write
// this replaced: one structuredClone, one JSON.stringify and one writeFileSync, during which nothing is answered. The
// same client for as long without a save shows the pauses the machine itself causes (other processes, the GC).
// Target: the longest pause ≤ 100 ms (issue 20's bar for saving and loading).
//   tsx bench/state-save.ts [--megabytes 100] [--runs 3]
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { startMock } from '../src/mock/index.js';
import { LoopDelay } from './support/loop-delay.js';

const { values } = parseArgs({
  options: {
    megabytes: { type: 'string', default: '100' },
    runs: { type: 'string', default: '3' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('Usage: tsx bench/state-save.ts [--megabytes <size of the state>] [--runs <saves measured>]');
  process.exit(0);
}
const megabytes = Number(values.megabytes);
const runs = Number(values.runs);
if (!(megabytes > 0) || !Number.isInteger(runs) || runs < 1) {
  console.error('--megabytes must be a positive number and --runs a positive integer');
  process.exit(2);
}
const targetMs = 100;

const folder = mkdtempSync(join(tmpdir(), 'state-save-bench-'));
const stateFile = join(folder, 'state.json');
const perApp = { credentials: 20_000, aliases: 20_000, events: 10_000 };
const mock = await startMock({
  stateFile,
  limits: {
    apps: 1000,
    usersPerApp: perApp.credentials,
    credentialsPerApp: perApp.credentials,
    aliasesPerApp: perApp.aliases,
    eventsPerApp: perApp.events,
  },
});

try {
  // Apps like the seed app, each with as many passkeys, aliases and events as the bench's limits allow, until the
  // state's JSON reaches the size asked for.
  const seed = mock.exportState({ includeSecrets: true }).apps[0]!;
  const at = '2024-06-01T12:00:00.0000000Z';
  const app = (n: number) => ({
    ...structuredClone(seed),
    appId: `bench${n}`,
    keys: seed.keys.map((key) => ({
      ...key,
      ...(key.publicKey ? { publicKey: key.publicKey.replace('test', `bench${n}`) } : {}),
    })),
    credentials: Array.from({ length: perApp.credentials }, (_, i) => ({
      credentialId: `Y3JlZGVudGlhbC0${n}-${i}-${'x'.repeat(22)}`,
      transports: ['internal', 'hybrid'],
      publicKey: `pQECAyYgASFYI${'A'.repeat(64)}${i}`,
      userHandle: Buffer.from(`user-${i}`).toString('base64'),
      signatureCounter: i,
      attestationFmt: 'none',
      createdAt: at,
      aaGuid: '08987058-cadc-4b81-b6e1-30de50dcbe96',
      lastUsedAt: at,
      rpid: 'localhost',
      origin: 'http://localhost:5173',
      country: '',
      device: 'Chrome, Linux',
      nickname: `laptop ${i}`,
      userId: `user-${i}`,
      backupState: false,
      isBackupEligible: false,
      isDiscoverable: true,
    })),
    aliases: Array.from({ length: perApp.aliases }, (_, i) => ({
      userId: `user-${i}`,
      hash: Buffer.from(`${n}-${i}`.padEnd(32, '#')).toString('base64'),
      plaintext: `user-${i}@example.com`,
    })),
    events: Array.from({ length: perApp.events }, (_, i) => ({
      performedAt: at,
      message: `Created token for user-${i}`,
      performedBy: 'System',
      eventType: 'RegisterTokenCreated',
      severity: 'Informational',
      subject: `bench${n}`,
      apiKeyId: '6d02',
    })),
  });
  // One app's share of the file, as the file writes it (indented within the state).
  const sample = JSON.stringify({ version: 1, apps: [app(0)] }, null, 2).length;
  const appCount = Math.max(1, Math.round((megabytes * 1e6) / sample));
  mock.importState({ version: 1, apps: Array.from({ length: appCount }, (_, n) => app(n)) });

  const delay = new LoopDelay();
  /** Asks /health/http one request after another while `during` runs; the slowest answer, in ms. */
  async function probing<T>(during: () => Promise<T>): Promise<{ result: T; slowestMs: number; answers: number }> {
    let done = false;
    let slowestMs = 0;
    let answers = 0;
    const client = (async () => {
      while (!done) {
        const started = performance.now();
        await (await fetch(`${mock.url}/health/http`)).text();
        slowestMs = Math.max(slowestMs, performance.now() - started);
        answers++;
      }
    })();
    const result = await during();
    done = true;
    await client;
    return { result, slowestMs, answers };
  }

  console.log(
    `state-save: saving a ${megabytes} MB state (${appCount} apps × ${perApp.credentials} passkeys, ${perApp.aliases} aliases, ` +
      `${perApp.events} events) while a client asks GET /health/http, ${runs} runs, Node ${process.version}`,
  );
  const sliced: { ms: number; pauseMs: number; slowestMs: number; answers: number }[] = [];
  for (let run = 0; run < runs; run++) {
    await delay.start();
    const started = performance.now();
    const { slowestMs, answers } = await probing(() => mock.saveState());
    const ms = performance.now() - started;
    sliced.push({ ms, pauseMs: await delay.stop(), slowestMs, answers });
  }
  const size = statSync(stateFile).size;

  // The same client for as long, with no save: the pauses the machine itself causes (other processes, the GC).
  const quiet: { pauseMs: number; slowestMs: number; answers: number }[] = [];
  for (const run of sliced) {
    await delay.start();
    const { slowestMs, answers } = await probing(() => new Promise((resolve) => setTimeout(resolve, run.ms)));
    quiet.push({ pauseMs: await delay.stop(), slowestMs, answers });
  }

  // The write this replaced, on the same state: the whole of it blocks the event loop.
  const old: number[] = [];
  for (let run = 0; run < runs; run++) {
    const started = performance.now();
    writeFileSync(
      join(folder, 'old.json'),
      `${JSON.stringify(structuredClone(mock.exportState({ includeSecrets: true })), null, 2)}\n`,
    );
    old.push(performance.now() - started);
  }

  const median = (numbers: number[]) => [...numbers].sort((a, b) => a - b)[Math.floor(numbers.length / 2)]!;
  const pause = median(sliced.map((run) => run.pauseMs));
  const oldPause = median(old);
  console.log(
    `\nwrite                                  file MB   save ms   longest pause ms   slowest answer ms   answers`,
  );
  console.log(
    `sliced, fsynced (saveState)            ${(size / 1e6).toFixed(1).padStart(7)} ${median(sliced.map((run) => run.ms))
      .toFixed(0)
      .padStart(9)} ${pause.toFixed(0).padStart(18)} ${median(sliced.map((run) => run.slowestMs))
      .toFixed(0)
      .padStart(19)} ${median(sliced.map((run) => run.answers))
      .toFixed(0)
      .padStart(9)}`,
  );
  console.log(
    `no save, as long (the machine's noise)       - ${median(sliced.map((run) => run.ms))
      .toFixed(0)
      .padStart(9)} ${median(quiet.map((run) => run.pauseMs))
      .toFixed(0)
      .padStart(18)} ${median(quiet.map((run) => run.slowestMs))
      .toFixed(0)
      .padStart(19)} ${median(quiet.map((run) => run.answers))
      .toFixed(0)
      .padStart(9)}`,
  );
  console.log(
    `baseline: clone, stringify, writeFileSync ${(size / 1e6).toFixed(1).padStart(4)} ${oldPause.toFixed(0).padStart(9)} ${oldPause
      .toFixed(0)
      .padStart(18)}                   -         0`,
  );
  console.log(
    `\nlongest pause while saving ${(size / 1e6).toFixed(0)} MB: ${pause.toFixed(0)} ms (target ≤ ${targetMs} ms: ${
      pause <= targetMs ? 'met' : 'MISSED'
    }); ${(oldPause / pause).toFixed(1)}× shorter than the baseline's ${oldPause.toFixed(0)} ms (medians of ${runs} runs)`,
  );
} finally {
  await mock.close();
  rmSync(folder, { recursive: true, force: true });
}
