// What the mock benches share: autocannon's typed entry point, starting a server process and waiting until it answers,
// stopping it, and the summary of a CPU profile. Lives below bench/ so that `npm run bench` does not run it as a bench.
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
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
      answer = await fetch(`${url}${probe.path}`, { method: probe.method, headers: probe.headers, ...(probe.body ? { body: probe.body } : {}) });
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

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  hitCount?: number;
}

/** Where a V8 .cpuprofile spent its samples: the top files (node_modules by package) and functions, by self time. */
export function summarizeProfile(file: string, top = 10): string {
  const { nodes } = JSON.parse(readFileSync(file, 'utf8')) as { nodes: ProfileNode[] };
  const where = (url: string, name: string) => {
    if (!url) return name; // (garbage collector), (program), (idle)
    const path = url.replace(/^file:\/\//, '');
    const inPackage = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(path);
    if (inPackage) return `${inPackage[1]} (package)`;
    return path.startsWith(root) ? path.slice(root.length) : path;
  };
  const byFile = new Map<string, number>();
  const byFunction = new Map<string, number>();
  let busy = 0;
  for (const { callFrame, hitCount = 0 } of nodes) {
    if (callFrame.functionName === '(idle)' || hitCount === 0) continue;
    busy += hitCount;
    const file = where(callFrame.url, callFrame.functionName);
    byFile.set(file, (byFile.get(file) ?? 0) + hitCount);
    // tsx compiles each module to one line: a line number there says nothing.
    const line = callFrame.lineNumber > 0 ? `:${callFrame.lineNumber + 1}` : '';
    const name = `${callFrame.functionName || '(anonymous)'} ${callFrame.url ? `${file}${line}` : ''}`.trim();
    byFunction.set(name, (byFunction.get(name) ?? 0) + hitCount);
  }
  const list = (map: Map<string, number>) =>
    [...map]
      .sort((x, y) => y[1] - x[1])
      .slice(0, top)
      .map(([name, hits]) => `    ${((100 * hits) / busy).toFixed(1).padStart(5)}%  ${name}`)
      .join('\n');
  return `  self time by file (of the busy samples):\n${list(byFile)}\n  self time by function:\n${list(byFunction)}`;
}
