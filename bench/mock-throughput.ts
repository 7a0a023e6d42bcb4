// Throughput of the mock (autocannon on loopback, one run, figures printed, nothing asserted):
//   (a) a bare node:http server returning a fixed body: the ceiling;
//   (b) plain `prism mock` on the same bundled spec (and, for reference, with its per-request logging off);
//   (c) this mock (`scripts/start.ts`, what `npm start` runs).
// Each gets `POST /register/token` with a valid body. Targets: (c) ≥ 1.0× (b) in requests per second; start to first
// answered request ≤ 3 s; resident memory after a soak of load within 20% of before it (measured once warm).
//   tsx bench/mock-throughput.ts [--duration 10] [--soak 60] [--connections 10]
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
}
type Autocannon = (options: {
  url: string;
  method: string;
  headers: Record<string, string>;
  body: string;
  connections: number;
  duration: number;
}) => Promise<AutocannonResult>;
// autocannon ships no types; this is the part of its API the bench uses.
const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

const { values } = parseArgs({
  options: {
    duration: { type: 'string', default: '10' },
    soak: { type: 'string', default: '60' },
    connections: { type: 'string', default: '10' },
    help: { type: 'boolean', short: 'h' },
  },
});
if (values.help) {
  console.log('Usage: tsx bench/mock-throughput.ts [--duration <s per target>] [--soak <s of load for memory>] [--connections <n>]');
  process.exit(0);
}
const duration = Number(values.duration);
const soak = Number(values.soak);
const connections = Number(values.connections);

const root = fileURLToPath(new URL('..', import.meta.url));
const specFile = `${root}generated/openapi.yaml`;
const bin = (name: string) => `${root}node_modules/.bin/${name}`;
const body = JSON.stringify({ userId: '107fb578-9559-4540-a0e2-f82ad78852f7', username: 'pjfry@passwordless.dev', aliases: ['pjfry'] });
const headers = { 'content-type': 'application/json', ApiSecret: 'myapp:secret:0123456789abcdef0123456789abcdef' };

async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

interface Target {
  label: string;
  child: ChildProcess;
  url: string;
  /** Milliseconds from spawn to the first answered `POST /register/token`. */
  startMs: number;
}

async function launch(label: string, command: string, args: (port: number) => string[]): Promise<Target> {
  const port = await freePort();
  const started = performance.now();
  // Output goes nowhere, so neither server is slowed by a full pipe; both still do their own logging work.
  const child = spawn(command, args(port), { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}/register/token`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}`);
    if (performance.now() - started > 30_000) throw new Error(`${label} did not answer within 30 s`);
    try {
      const answer = await fetch(url, { method: 'POST', headers, body });
      if (answer.status !== 200) throw new Error(`${label} answered ${answer.status}: ${await answer.text()}`);
      await answer.arrayBuffer();
      return { label, child, url, startMs: performance.now() - started };
    } catch (error) {
      if ((error as Error).message.startsWith(label)) throw error;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}

async function stop(target: Target) {
  if (target.child.exitCode !== null) return;
  const exited = once(target.child, 'exit');
  target.child.kill('SIGTERM');
  await exited;
}

function residentKiB(pid: number): number {
  return Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1]);
}

async function load(target: Target, seconds: number): Promise<AutocannonResult> {
  const result = await autocannon({ url: target.url, method: 'POST', headers, body, connections, duration: seconds });
  if (result.non2xx + result.errors + result.timeouts > 0) {
    console.warn(`  ${target.label}: ${result.non2xx} non-2xx, ${result.errors} errors, ${result.timeouts} timeouts`);
  }
  return result;
}

const ceilingScript = `require('node:http').createServer((req, res) => { req.resume(); req.on('end', () => {
  res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
  res.end('{"token":"register_k8Qg4-Hre0_a6XBtAtBTH0rE1Qx8NnJ3u7RT7D4mWdQ"}'); }); }).listen(Number(process.argv[1]), '127.0.0.1');`;

const rows: { label: string; rps: number; p99: number; startMs: number }[] = [];
async function measure(label: string, command: string, args: (port: number) => string[]) {
  const target = await launch(label, command, args);
  try {
    await load(target, 2); // warm-up: JIT, Prism's lazy schema compilation
    const result = await load(target, duration);
    rows.push({ label, rps: result.requests.average, p99: result.latency.p99, startMs: target.startMs });
  } finally {
    await stop(target);
  }
}

console.log(`POST /register/token, ${connections} connections, ${duration} s per target, loopback, Node ${process.version}\n`);
await measure('(a) bare node:http', process.execPath, (port) => ['-e', ceilingScript, String(port)]);
await measure('(b) prism mock', bin('prism'), (port) => ['mock', specFile, '-p', String(port), '-h', '127.0.0.1']);
await measure('(b) prism mock -v error', bin('prism'), (port) => ['mock', specFile, '-p', String(port), '-h', '127.0.0.1', '-v', 'error']);
await measure('(c) this mock', process.execPath, (port) => ['--import', 'tsx', 'scripts/start.ts', '--port', String(port)]);

const find = (prefix: string) => rows.find((row) => row.label.startsWith(prefix))!;
const [ceiling, prism, mock] = [find('(a)'), find('(b) prism mock'), find('(c)')];
console.log('target                      req/s    p99 ms   start ms');
for (const row of rows) {
  console.log(`${row.label.padEnd(26)} ${row.rps.toFixed(0).padStart(7)} ${String(row.p99).padStart(9)} ${row.startMs.toFixed(0).padStart(10)}`);
}
console.log(`\n(c) / (b) prism mock:    ${(mock.rps / prism.rps).toFixed(2)}x req/s (target >= 1.00x), p99 ${(mock.p99 / prism.p99).toFixed(2)}x`);
console.log(`(c) / (a) ceiling:        ${(mock.rps / ceiling.rps).toFixed(2)}x req/s`);
console.log(`(c) start to first answer: ${mock.startMs.toFixed(0)} ms (target <= 3000 ms)`);

if (soak > 0) {
  const target = await launch('(c) this mock', process.execPath, (port) => ['--import', 'tsx', 'scripts/start.ts', '--port', String(port)]);
  try {
    const cold = residentKiB(target.child.pid!);
    // The heap grows once while the JIT warms up; growth after that would be a leak, which is what the target is about.
    await load(target, 5);
    const before = residentKiB(target.child.pid!);
    const result = await load(target, soak);
    const after = residentKiB(target.child.pid!);
    const mib = (kib: number) => `${(kib / 1024).toFixed(1)} MiB`;
    console.log(
      `(c) resident memory:      ${mib(cold)} cold, ${mib(before)} after a 5 s warm-up, ${mib(after)} after ${soak} s more ` +
        `(${result.requests.total} requests): ${(after / before).toFixed(2)}x (target <= 1.20x)`,
    );
  } finally {
    await stop(target);
  }
}
