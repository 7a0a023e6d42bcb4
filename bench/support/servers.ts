// What the mock benches share: autocannon's typed entry point, starting a server process and waiting until it answers,
// stopping it, and the summary of a CPU profile. Lives below bench/ so that `npm run bench` does not run it as a bench.
import { type ChildProcess, type SpawnOptions, spawn } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const bin = (name: string) => `${root}node_modules/.bin/${name}`;
export const specFile = `${root}generated/openapi.yaml`;

/** The seed app `test` of the emulator (the server's Development seed). */
export const seedSecret = 'test:secret:a679563b331846c79c20b114a4f56d02';

export interface AutocannonRequest {
  method?: string;
  path?: string;
  headers?: Record<string, string>;
  body?: string;
  setupRequest?: (request: AutocannonRequest, context: Record<string, unknown>) => AutocannonRequest;
  onResponse?: (status: number, body: string, context: Record<string, unknown>) => void;
}
export interface AutocannonResult {
  requests: { average: number; total: number };
  latency: { p99: number; average: number };
  non2xx: number;
  errors: number;
  timeouts: number;
  statusCodeStats: Record<string, { count: number }>;
}
export type Autocannon = (options: {
  url: string;
  method?: string;
  headers?: Record<string, string>;
  body?: string;
  requests?: AutocannonRequest[];
  connections: number;
  duration: number;
}) => Promise<AutocannonResult>;
// autocannon ships no types; this is the part of its API the benches use.
export const autocannon = createRequire(import.meta.url)('autocannon') as Autocannon;

export async function freePort(): Promise<number> {
  const server = createServer().listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  return port;
}

export interface Probe {
  path: string;
  method: string;
  headers: Record<string, string>;
  body?: string;
  /** Throws when the answer is not the one expected. */
  check: (status: number, body: string) => void;
}

export interface Server {
  label: string;
  child: ChildProcess;
  /** Base URL, without a trailing slash. */
  url: string;
  /** Milliseconds from spawn to the first answer to the probe. */
  startMs: number;
}

/** Spawns a server on a free port and polls the probe until it answers as expected (30 s at most). */
export async function launch(
  label: string,
  command: string,
  args: (port: number) => string[],
  probe: Probe,
  options: SpawnOptions = {},
): Promise<Server> {
  const port = await freePort();
  const started = performance.now();
  // Output goes nowhere, so no server is slowed by a full pipe; each still does its own logging work.
  const child = spawn(command, args(port), { cwd: root, stdio: ['ignore', 'ignore', 'inherit'], ...options });
  const url = `http://127.0.0.1:${port}`;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`${label} exited with ${child.exitCode}`);
    if (performance.now() - started > 30_000) {
      child.kill();
      throw new Error(`${label} did not answer within 30 s`);
    }
    let answer: Response;
    try {
      answer = await fetch(`${url}${probe.path}`, {
        method: probe.method,
        headers: probe.headers,
        ...(probe.body ? { body: probe.body } : {}),
      });
    } catch {
      await new Promise((resolve) => setTimeout(resolve, 20));
      continue;
    }
    const text = await answer.text();
    try {
      probe.check(answer.status, text);
    } catch (error) {
      child.kill();
      throw new Error(`${label}: ${(error as Error).message}`);
    }
    return { label, child, url, startMs: performance.now() - started };
  }
}

export async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  await exited;
}

/** CPU seconds a process has used (all its threads, user and system), from /proc; undefined where there is none. */
export function cpuSeconds(pid: number): number | undefined {
  try {
    const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
    // utime and stime, in clock ticks of 1/100 s (USER_HZ on Linux).
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return undefined;
  }
}

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
}

/** What a frame belongs to: this repository's folders, a package, Node's internals, or V8 and native code. */
function layerOf(url: string, functionName: string): string {
  if (!url)
    return functionName === '(garbage collector)'
      ? 'garbage collector'
      : 'V8 and native code ((program), socket writes…)';
  const path = url.replace(/^file:\/\//, '');
  const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
  if (inPackage) return `${inPackage[1]} (package)`;
  if (path.startsWith(`${root}src/emulator/`)) return 'the emulator (src/emulator)';
  if (path.startsWith(`${root}src/mock/`)) return 'its node:http front door (src/mock)';
  if (/^node:(internal\/)?crypto/.test(path)) return 'node:crypto';
  if (path.startsWith('node:')) return "Node's own code (http, streams, modules…)";
  return path.startsWith(root) ? path.slice(root.length) : path;
}

/**
 * Where a V8 .cpuprofile spent its samples, by self time: by layer, and the top functions. With `lastSeconds`, only
 * the samples of the profile's last seconds count (the load, not the start before it).
 */
export function summarizeProfile(file: string, options: { lastSeconds?: number; top?: number } = {}): string {
  const { nodes, samples, timeDeltas } = JSON.parse(readFileSync(file, 'utf8')) as {
    nodes: ProfileNode[];
    samples: number[];
    timeDeltas: number[];
  };
  const times: number[] = [];
  let time = 0;
  for (const delta of timeDeltas) {
    time += delta;
    times.push(time);
  }
  const from = options.lastSeconds === undefined ? -Infinity : (times.at(-1) ?? 0) - options.lastSeconds * 1e6;
  const hits = new Map<number, number>();
  samples.forEach((id, i) => {
    if (times[i]! >= from) hits.set(id, (hits.get(id) ?? 0) + 1);
  });
  const byLayer = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const { id, callFrame } of nodes) {
    const count = hits.get(id) ?? 0;
    if (callFrame.functionName === '(idle)' || count === 0) continue;
    busy += count;
    const layer = layerOf(callFrame.url, callFrame.functionName);
    byLayer.set(layer, (byLayer.get(layer) ?? 0) + count);
    const file = callFrame.url
      .replace(/^file:\/\//, '')
      .replace(root, '')
      .replace(/^.*node_modules\//, '');
    // tsx compiles each module to one line: a line number there says nothing.
    const line = callFrame.lineNumber > 0 ? `:${callFrame.lineNumber + 1}` : '';
    const name = `${callFrame.functionName || '(anonymous)'} ${file}${file ? line : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + count);
  }
  const list = (map: Map<string, number>, top: number) =>
    [...map]
      .sort((x, y) => y[1] - x[1])
      .slice(0, top)
      .map(([name, count]) => `    ${((100 * count) / busy).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return `  self time by layer (of the busy samples):\n${list(byLayer, 12)}\n  self time by function:\n${list(byFunction, options.top ?? 12)}`;
}
