// Cost of the client per call (one run, figures printed, nothing asserted): the same `POST /register/token` against
// one local node:http server (a separate process, so client and server do not share a core) through
//   (a) raw global fetch;
//   (b) bare openapi-fetch on the global fetch;
//   (c) this client with its default middleware: (c1) on the global fetch, as in browsers, Deno and Workers, and
//       (c2) with its Node default transport (node:http), what `import 'passwordless-contract'` gives on Node;
//   (d) the official @passwordlessdev/passwordless-nodejs SDK (axios over node:http).
// Targets: (c1) ≥ 0.9× (b), the middleware's overhead on the same transport; (c2) ≥ 1.0× (d).
// Each measured run starts from a collected heap after a short unmeasured run of the same client (otherwise a client
// pays for re-optimizing the code it shares with the one before it: two identical clients measured 0.94×); rounds
// alternate the clients' order, and each ratio is the geometric mean of the rounds' own ratios, since other work on
// the machine moves single rounds by ±20%. Many short rounds give a steadier mean than a few long ones.
//   tsx bench/client-overhead.ts [--rounds 24] [--requests 2000] [--concurrency 8]
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { PasswordlessClient, RegisterOptions } from '@passwordlessdev/passwordless-nodejs';
import createClient from 'openapi-fetch';
import type { paths } from '../generated/openapi.js';
import { createPasswordlessClient as createUniversalClient } from '../src/index.js';
import { createPasswordlessClient as createNodeClient } from '../src/node/index.js';

const { values } = parseArgs({
  options: {
    rounds: { type: 'string', default: '24' },
    requests: { type: 'string', default: '2000' },
    concurrency: { type: 'string', default: '8' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log(
    'Usage: tsx bench/client-overhead.ts [--rounds <n>] [--requests <per round and client>] [--concurrency <n>]',
  );
  process.exit(0);
}
const rounds = Number(values.rounds);
const requestsPerRound = Number(values.requests);
const concurrency = Number(values.concurrency);
for (const [name, value] of [
  ['rounds', rounds],
  ['requests', requestsPerRound],
  ['concurrency', concurrency],
] as const) {
  if (!Number.isInteger(value) || value < 1) {
    console.error(`--${name} must be a positive integer`);
    process.exit(2);
  }
}

// The server: answers every request with a fixed token after reading the body, like the real endpoint's shape.
const serverSource = `
const http = require('node:http');
const body = JSON.stringify({ token: 'register_k8Qg4-Hre0_a6XBtAtBTH0rE1Qx8NnJ3u7RT7D4mWdQ' });
const server = http.createServer((req, res) => {
  req.resume();
  req.on('end', () => { res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) }); res.end(body); });
});
server.keepAliveTimeout = 60000;
server.listen(0, '127.0.0.1', () => process.stdout.write(String(server.address().port) + '\\n'));
`;
const server = spawn(process.execPath, ['-e', serverSource], { stdio: ['ignore', 'pipe', 'inherit'] });
const [portLine] = (await once(server.stdout!, 'data')) as [Buffer];
const baseUrl = `http://127.0.0.1:${portLine.toString().trim()}`;

const apiSecret = 'myapp:secret:0123456789abcdef0123456789abcdef';
const body = {
  userId: '107fb578-9559-4540-a0e2-f82ad78852f7',
  username: 'pjfry@passwordless.dev',
  displayName: 'Philip J Fry',
};

const bare = createClient<paths>({ baseUrl, headers: { ApiSecret: apiSecret } });
const universal = createUniversalClient({ apiSecret, baseUrl });
const onNode = createNodeClient({ apiSecret, baseUrl });
const official = new PasswordlessClient(apiSecret, { baseUrl });
const officialOptions = Object.assign(new RegisterOptions(), body);

function expectToken(token: string | undefined): void {
  if (!token?.startsWith('register_')) throw new Error(`unexpected answer: ${String(token)}`);
}

const clients: { key: string; label: string; call: () => Promise<void> }[] = [
  {
    key: 'a',
    label: '(a) raw fetch',
    call: async () => {
      const response = await fetch(`${baseUrl}/register/token`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ApiSecret: apiSecret },
        body: JSON.stringify(body),
      });
      expectToken(((await response.json()) as { token: string }).token);
    },
  },
  {
    key: 'b',
    label: '(b) bare openapi-fetch',
    call: async () => expectToken((await bare.POST('/register/token', { body })).data?.token),
  },
  {
    key: 'c1',
    label: '(c1) this client, global fetch',
    call: async () => expectToken((await universal.POST('/register/token', { body })).data?.token),
  },
  {
    key: 'c2',
    label: '(c2) this client, Node default',
    call: async () => expectToken((await onNode.POST('/register/token', { body })).data?.token),
  },
  {
    key: 'd',
    label: '(d) official Node SDK (axios)',
    call: async () => expectToken((await official.createRegisterToken(officialOptions)).token),
  },
];

interface Figures {
  rps: number;
  p50: number;
  p99: number;
}

// Garbage left by the previous client would be collected during the next one's run, and charged to it.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

async function measure(call: () => Promise<void>, requests: number): Promise<Figures> {
  collectGarbage();
  const latencies: number[] = [];
  let started = 0;
  const begin = performance.now();
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (started++ < requests) {
        const t0 = performance.now();
        await call();
        latencies.push(performance.now() - t0);
      }
    }),
  );
  const elapsed = performance.now() - begin;
  latencies.sort((x, y) => x - y);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))]!;
  return { rps: (latencies.length / elapsed) * 1000, p50: at(0.5), p99: at(0.99) };
}

const median = (numbers: number[]) => [...numbers].sort((x, y) => x - y)[Math.floor(numbers.length / 2)]!;

try {
  console.log(
    `client-overhead: POST /register/token, ${rounds} rounds × ${requestsPerRound} requests, concurrency ${concurrency}, Node ${process.version}`,
  );
  for (const client of clients) await measure(client.call, 500); // warm-up: JIT, keep-alive connections
  const results = new Map<string, Figures[]>(clients.map((client) => [client.key, []]));
  for (let round = 0; round < rounds; round++) {
    // Forward, then backward: no client always runs right after the same one, or always first.
    for (const client of round % 2 === 0 ? clients : [...clients].reverse()) {
      await measure(client.call, Math.ceil(requestsPerRound / 5)); // unmeasured: see the header
      results.get(client.key)!.push(await measure(client.call, requestsPerRound));
    }
  }
  const summary = new Map<string, Figures>();
  for (const client of clients) {
    const runs = results.get(client.key)!;
    summary.set(client.key, {
      rps: median(runs.map((run) => run.rps)),
      p50: median(runs.map((run) => run.p50)),
      p99: median(runs.map((run) => run.p99)),
    });
  }
  console.log('');
  console.log('client                              req/s    p50 ms   p99 ms');
  for (const client of clients) {
    const { rps, p50, p99 } = summary.get(client.key)!;
    console.log(
      `${client.label.padEnd(34)} ${rps.toFixed(0).padStart(6)} ${p50.toFixed(3).padStart(9)} ${p99.toFixed(3).padStart(8)}`,
    );
  }
  // Each ratio is the geometric mean of the rounds' own ratios: the two clients of a round ran seconds apart, under the
  // same load from the rest of the machine, and as many rounds ran them in one order as in the other.
  const roundRatios = (x: string, y: string) =>
    results.get(x)!.map((run, round) => run.rps / results.get(y)![round]!.rps);
  const ratio = (x: string, y: string) =>
    Math.exp(roundRatios(x, y).reduce((sum, value) => sum + Math.log(value), 0) / rounds);
  const spread = (x: string, y: string) =>
    `rounds ${Math.min(...roundRatios(x, y)).toFixed(2)}–${Math.max(...roundRatios(x, y)).toFixed(2)}`;
  console.log('');
  const verdict = (value: number, target: number) =>
    `${value.toFixed(3)}× (target ≥ ${target.toFixed(1)}×: ${value >= target ? 'met' : 'MISSED'})`;
  console.log(
    `(c1) / (b): ${verdict(ratio('c1', 'b'), 0.9)}  ${spread('c1', 'b')}; middleware overhead on the same transport`,
  );
  console.log(
    `(c2) / (d): ${verdict(ratio('c2', 'd'), 1.0)}  ${spread('c2', 'd')}; this client on Node vs the official SDK`,
  );
  console.log(
    `(c2) / (b): ${ratio('c2', 'b').toFixed(2)}×   (b) / (a): ${ratio('b', 'a').toFixed(2)}×   (d) / (a): ${ratio('d', 'a').toFixed(2)}×`,
  );
  if (ratio('c1', 'b') < 0.9) {
    console.log(
      'What limits (c1): per call, openapi-fetch builds the Request through the client’s Request class, which adds the ' +
        'deadline signal (AbortSignal.timeout, linked once by that Request and again by the copy undici’s fetch makes of ' +
        'every Request), runs its middleware machinery (an id, frozen options, two awaited hooks), and sends through the ' +
        'retrying fetch; the request also carries one more header (Client-Version). Together they are what separates (c1) from (b).',
    );
  }
  if (ratio('c2', 'd') < 1.0) {
    console.log(
      'What limits (c2): openapi-fetch builds a WHATWG Request and the transport a Response for every call (axios uses ' +
        'plain objects), and the Request carries the deadline signal; the socket work is the same node:http as axios.',
    );
  }
} finally {
  server.kill();
}
