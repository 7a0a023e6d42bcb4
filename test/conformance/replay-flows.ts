// Replays the recorded management flows (recordings/flows/, one exchange per file) in order against a fresh
// emulator (in-process) in Development, as they were recorded: the app-lifecycle flow, then the features flow on the
// app it made.
// Keys come from the emulator's own answers: a request that sent an app's ApiSecret or ApiKey sends the first one
// its creation returned, and a request whose recorded answer was the ManagementKey 401 sends a wrong key.
import { readdirSync, readFileSync } from 'node:fs';
import { compareRecordings, type ExchangeDifference } from '../../src/recording/compare-recordings.js';
import type { Exchange } from '../../src/recording/exchange.js';
import { inProcessUrl, startEmulator } from '../emulator/harness.js';

interface FlowExchange {
  method: string;
  path: string;
  status: number;
  contentType: string | null;
  wwwAuthenticate?: string | null;
  flow: string;
  step: number;
  request: { headers: string[]; body?: unknown };
  body: unknown;
}

const folder = new URL('../../recordings/flows/', import.meta.url);
const flowOrder = ['app-lifecycle', 'features'];

export function readFlows(): FlowExchange[] {
  return readdirSync(folder)
    .filter((name) => name.endsWith('.json'))
    .map((name) => JSON.parse(readFileSync(new URL(name, folder), 'utf8')) as FlowExchange)
    .sort((a, b) => flowOrder.indexOf(a.flow) - flowOrder.indexOf(b.flow) || a.step - b.step);
}

/** What varies per run in a management answer: key values, key ids, tokens, times and the order of the key list. */
function stable(value: unknown): unknown {
  if (typeof value === 'string') {
    return value
      .replace(/^([a-z0-9]+):(public|secret):\S+$/i, '$1:$2:<key>')
      .replace(/^(register|verify|session)_[A-Za-z0-9_-]+$/, '$1_<token>')
      .replace(/^\d{4}-\d{2}-\d{2}T[\d:.]+(Z|[+-]\d{2}:\d{2})?$/, '<time>')
      .replace(/^[0-9a-f]{4}$/, '<id>');
  }
  if (Array.isArray(value)) return value.map(stable).sort((a, b) => JSON.stringify(a).localeCompare(JSON.stringify(b)));
  if (value && typeof value === 'object')
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, stable(v)]));
  return value;
}

const asExchange = (exchange: {
  method: string;
  path: string;
  status: number;
  contentType?: string | null;
  body?: unknown;
  wwwAuthenticate?: string | null;
}): Exchange => ({
  method: exchange.method,
  path: `${exchange.path}${exchange.wwwAuthenticate ? ` (WWW-Authenticate: ${exchange.wwwAuthenticate})` : ''}`,
  status: exchange.status,
  ...(exchange.contentType ? { contentType: exchange.contentType } : {}),
  ...(exchange.body === undefined || exchange.body === null ? {} : { body: stable(exchange.body) }),
});

export interface FlowRun {
  total: number;
  matching: number;
  differences: (ExchangeDifference & { flow: string; step: number })[];
  contractViolations: string[];
}

export async function replayFlows(): Promise<FlowRun> {
  const managementKey = 'conformance-management-key-0123456789';
  const emulator = await startEmulator({ environment: 'Development', managementKey });
  const keys = new Map<string, { apiSecret: string; apiKey: string }>();
  const run: FlowRun = { total: 0, matching: 0, differences: [], contractViolations: emulator.violations };
  for (const recorded of readFlows()) {
    const appId = /^\/admin\/apps\/([^/]+)/.exec(recorded.path)?.[1] ?? 'flowappa';
    const headers: Record<string, string> = {};
    for (const name of recorded.request.headers) {
      if (name === 'Content-Type') headers['content-type'] = 'application/json';
      if (name === 'ManagementKey')
        headers.managementkey = recorded.status === 401 ? 'not-the-management-key' : managementKey;
      if (name === 'ApiSecret') headers.apisecret = keys.get(appId)?.apiSecret ?? '';
      if (name === 'ApiKey') headers.apikey = keys.get(appId)?.apiKey ?? '';
    }
    const response = await emulator.fetch(`${inProcessUrl}${recorded.path}`, {
      method: recorded.method,
      headers,
      ...(recorded.request.body === undefined ? {} : { body: JSON.stringify(recorded.request.body) }),
    });
    const text = await response.text();
    const body = text === '' ? undefined : (JSON.parse(text) as unknown);
    if (recorded.path.endsWith('/create') && response.ok) {
      const created = body as { apiSecret1: string; apiKey1: string };
      keys.set(appId, { apiSecret: created.apiSecret1, apiKey: created.apiKey1 });
    }
    const comparison = compareRecordings(
      { source: 'recorded', exchanges: [asExchange(recorded)] },
      {
        source: 'emulator',
        exchanges: [
          asExchange({
            method: recorded.method,
            path: recorded.path,
            status: response.status,
            contentType: response.headers.get('content-type'),
            body,
            wwwAuthenticate: response.headers.get('www-authenticate'),
          }),
        ],
      },
    );
    run.total += comparison.total;
    run.matching += comparison.matching;
    run.differences.push(
      ...comparison.differences.map((difference) => ({ ...difference, flow: recorded.flow, step: recorded.step })),
    );
  }
  return run;
}
