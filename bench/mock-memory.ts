// Memory of the mock under load that keeps creating (one run, figures printed, nothing asserted): startMock() in a
// process of its own, with small limits, loaded by autocannon with a sequence per connection that creates a user and
// an alias (`POST /alias` with a fresh user id), a register token for that user, a generated sign-in token, verifies
// it, and sends a magic link, on an app with event logging on. The warm-up fills the state up to its limits (users;
// events and sent magic links, which keep the newest), in steps of --warmup s until one leaves V8's young generation
// as it found it; then the heap and RSS are read (after a full GC) once warm, every 10 s, and after --duration s more.
// Targets: the end within 1.2× of the warm reading, and the limits held: every `POST /alias` past the users limit
// answered 507, and the exported state holds exactly the limits.
//   tsx bench/mock-memory.ts [--duration 60] [--warmup 10] [--connections 10] [--users 500]
import { type ChildProcess, fork } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import type { StateSnapshot } from '../src/mock/index.js';
import type { MemoryMockStart, MemoryReading } from './support/memory-mock.js';
import { type AutocannonRequest, autocannon, root, stop } from './support/servers.js';

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '60' },
    warmup: { type: 'string', default: '10' },
    connections: { type: 'string', default: '10' },
    users: { type: 'string', default: '500' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(
    'Usage: tsx bench/mock-memory.ts [--duration <s of load measured>] [--warmup <s per warm-up step>] [--connections <n>] [--users <limit>]',
  );
  process.exit(0);
}
const duration = Number(values.duration);
const warmup = Number(values.warmup);
const connections = Number(values.connections);
const usersLimit = Number(values.users);
for (const [name, value] of [
  ['duration', duration],
  ['warmup', warmup],
  ['connections', connections],
  ['users', usersLimit],
] as const) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer`);
    process.exit(2);
  }
}
const targetRatio = 1.2;
const limits = { usersPerApp: usersLimit, eventsPerApp: 1000, magicLinksPerApp: 200 };
const secret = 'bench:secret:0123456789abcdef0123456789abcdef';
const start: MemoryMockStart = {
  limits,
  apps: [
    {
      appId: 'bench',
      secretKeys: [secret],
      publicKeys: ['bench:public:0123456789abcdef0123456789abcdef'],
      // An old app with the quota bypass, as the seed app `test`: no admin-only rule nor quota on magic links.
      createdAt: '0001-01-01T00:00:00',
      overrides: { isMagicLinkQuotaBypassEnabled: true },
      features: { eventLoggingIsEnabled: true },
    },
  ],
};

const child: ChildProcess = fork(fileURLToPath(new URL('support/memory-mock.ts', import.meta.url)), {
  cwd: root,
  // Under this load V8 doubles its young generation from 32 to 128 MiB within the first minute or two, which reads as
  // RSS growth (1.3× from a 20 s warm-up); started at that size, the warm reading is of the steady state.
  execArgv: ['--expose-gc', '--min-semi-space-size=64', '--import', 'tsx'],
  stdio: ['ignore', 'ignore', 'inherit', 'ipc'],
});
child.send(start);
const [{ url }] = (await once(child, 'message')) as [{ url: string }];

async function measure(): Promise<MemoryReading> {
  child.send('measure');
  const [reading] = (await once(child, 'message')) as [MemoryReading];
  return reading;
}

// Answers per step and status, over the whole run.
const answers = new Map<string, Map<number, number>>();
const count = (step: string) => (status: number) => {
  const byStatus = answers.get(step) ?? new Map<number, number>();
  byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
  answers.set(step, byStatus);
};
let nextUser = 0;
const headers = { 'content-type': 'application/json', ApiSecret: secret };
const post = (
  path: string,
  step: string,
  body: (context: Record<string, unknown>) => unknown,
  onResponse: AutocannonRequest['onResponse'] = count(step),
): AutocannonRequest => ({
  method: 'POST',
  path,
  headers,
  setupRequest: (request, context) => ({ ...request, body: JSON.stringify(body(context)) }),
  onResponse,
});
const requests: AutocannonRequest[] = [
  post('/alias', 'alias', (context) => {
    context.n = nextUser++;
    return { userId: `user-${context.n}`, aliases: [`alias-${context.n}`] };
  }),
  post('/register/token', 'register token', (context) => ({
    userId: `user-${context.n}`,
    username: `user${context.n}@example.com`,
    aliases: [`alias-${context.n}`],
  })),
  post(
    '/signin/generate-token',
    'generate token',
    (context) => ({ userId: `user-${context.n}` }),
    (status, body, context) => {
      count('generate token')(status);
      context.token = status === 200 ? (JSON.parse(body) as { token: string }).token : 'verify_none';
    },
  ),
  post('/signin/verify', 'verify', (context) => ({ token: context.token })),
  post('/magic-links/send', 'magic link', (context) => ({
    emailAddress: `user${context.n}@example.com`,
    urlTemplate: 'https://app.example.com/signin?token=$TOKEN',
    userId: `user-${context.n}`,
  })),
];
const load = (seconds: number) => autocannon({ url, requests, connections, duration: seconds });
const mib = (bytes: number) => `${(bytes / 1048576).toFixed(1)} MiB`;

try {
  console.log(
    `mock-memory: ${connections} connections, a warm-up in steps of ${warmup} s, then ${duration} s of load, limits ${JSON.stringify(limits)}, the mock on Node ${process.version} with --min-semi-space-size=64`,
  );
  const cold = await measure();
  // Warm-up steps of --warmup s until one leaves the young generation as it found it (6 at most).
  let warm = cold;
  let warmupRequests = 0;
  let warmupSteps = 0;
  for (let previous = -1; warm.youngGeneration !== previous && warmupSteps < 6; warmupSteps++) {
    previous = warm.youngGeneration;
    warmupRequests += (await load(warmup)).requests.total;
    warm = await measure();
  }
  const filledDuringWarmup = answers.get('alias')?.get(507) !== undefined;
  const reading = (at: number, memory: MemoryReading) =>
    `${String(at).padStart(4)} s  heap ${mib(memory.heapUsed).padStart(9)}  RSS ${mib(memory.rss).padStart(9)}  young generation ${mib(memory.youngGeneration).padStart(9)}`;
  console.log(
    `\ncold    heap ${mib(cold.heapUsed).padStart(9)}  RSS ${mib(cold.rss).padStart(9)}  young generation ${mib(cold.youngGeneration).padStart(9)}`,
  );
  console.log(`${reading(0, warm)}  (warm: ${warmupSteps * warmup} s, ${warmupRequests} requests)`);
  const startedAt = performance.now();
  let sampling = Promise.resolve();
  const sampler = setInterval(() => {
    if (performance.now() - startedAt > (duration - 2) * 1000) return; // the end reading follows
    sampling = sampling.then(async () => {
      const memory = await measure();
      console.log(reading(Math.round((performance.now() - startedAt) / 1000), memory));
    });
  }, 10_000);
  const result = await load(duration);
  clearInterval(sampler);
  await sampling;
  const end = await measure();
  console.log(
    `${reading(duration, end)}  (end: ${result.requests.total} requests, ${result.requests.average.toFixed(0)} req/s)`,
  );

  const heapRatio = end.heapUsed / warm.heapUsed;
  const rssRatio = end.rss / warm.rss;
  const verdict = (ratio: number) =>
    `${ratio.toFixed(2)}× (target ≤ ${targetRatio.toFixed(1)}×: ${ratio <= targetRatio ? 'met' : 'MISSED'})`;
  console.log(`\nheap end / warm: ${verdict(heapRatio)}`);
  console.log(`RSS  end / warm: ${verdict(rssRatio)}`);

  console.log('\nanswers over the whole run:');
  for (const [step, byStatus] of answers) {
    console.log(
      `  ${step.padEnd(15)} ${[...byStatus]
        .sort((x, y) => x[0] - y[0])
        .map(([status, n]) => `${n} × ${status}`)
        .join(', ')}`,
    );
  }
  const exported = (await (await fetch(`${url}/__mock/state`)).json()) as StateSnapshot;
  const app = exported.apps.find((candidate) => candidate.appId === 'bench')!;
  const users = new Set([...app.credentials.map((c) => c.userId), ...app.aliases.map((a) => a.userId)]).size;
  const created = answers.get('alias')?.get(204) ?? 0;
  const refused = answers.get('alias')?.get(507) ?? 0;
  const unexpected = [...answers].flatMap(([step, byStatus]) =>
    [...byStatus.keys()]
      .filter((status) => !(status === 200 || status === 204 || (step === 'alias' && status === 507)))
      .map((status) => `${step} ${status}`),
  );
  const held =
    users === limits.usersPerApp &&
    created === limits.usersPerApp &&
    app.events.length === limits.eventsPerApp &&
    app.magicLinks.length === limits.magicLinksPerApp;
  console.log(
    `\nlimits: ${held ? 'held' : 'NOT HELD'}: the state holds ${users} users (limit ${limits.usersPerApp}), ${app.aliases.length} aliases, ` +
      `${app.events.length} events (newest kept, limit ${limits.eventsPerApp}), ${app.magicLinks.length} sent magic links (limit ${limits.magicLinksPerApp}); ` +
      `POST /alias created ${created} users, then answered 507 ${refused} times`,
  );
  if (!filledDuringWarmup)
    console.log('The warm-up did not fill the users limit: the warm reading is not of a full state; raise --warmup.');
  if (end.youngGeneration !== warm.youngGeneration)
    console.log('The young generation changed size during the measured load: part of the change is V8 sizing it.');
  if (unexpected.length > 0) console.log(`Unexpected answers: ${unexpected.join(', ')}`);
} finally {
  child.disconnect();
  await stop(child);
}
