// Mocks started for one test and closed after it, and requests to them through node:http, so that the Host header is
// whatever the test says (fetch sets its own): what the control plane's tests need.
import { request as httpRequest } from 'node:http';
import { afterEach } from 'vitest';
import { type RunningMock, startMock } from '../../src/mock/index.js';

/** A `start` whose mocks are closed after each test of the file that calls this at its top level. */
export function mocksClosedAfterEachTest(): (options?: Parameters<typeof startMock>[0]) => Promise<RunningMock> {
  const running: RunningMock[] = [];
  afterEach(async () => {
    await Promise.all(running.splice(0).map((mock) => mock.close()));
  });
  return async (options = {}) => {
    const mock = await startMock(options);
    running.push(mock);
    return mock;
  };
}

export interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  text: string;
  json: () => any;
  /** `x-mock-reason`, decoded. */
  reason: string;
}

/** A request with exactly these headers (a JSON body adds its content type and length). */
export function rawRequest(
  mock: RunningMock,
  method: string,
  path: string,
  headers: Record<string, string> = {},
  body?: unknown,
): Promise<RawAnswer> {
  const { hostname, port } = new URL(mock.url);
  const payload = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const request = httpRequest(
      {
        host: hostname,
        port,
        method,
        path,
        agent: false,
        headers: {
          ...(payload === undefined
            ? {}
            : { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) }),
          ...headers,
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({
            status: response.statusCode ?? 0,
            headers: response.headers,
            text,
            json: () => JSON.parse(text),
            reason: decodeURIComponent(String(response.headers['x-mock-reason'] ?? '')),
          });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}
