// The proxy mode: requests go on to a server unchanged, its answers come back unchanged, and an answer that breaks
// the contract is reported (log, `onContractViolation`, `x-mock-reason`). Upstream here is the emulator itself,
// whose answers keep the contract, and a stand-in that answers one operation wrongly.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/mock/index.js';

const apiSecret = 'test:secret:a679563b331846c79c20b114a4f56d02';
let upstream: RunningMock;
let wrongServer: Server;
let wrongUrl: string;

beforeAll(async () => {
  upstream = await startMock();
  // A server whose /users/count answers a string where the spec says a number.
  wrongServer = createServer((_request, response) => {
    response
      .writeHead(200, { 'content-type': 'application/json; charset=utf-8' })
      .end(JSON.stringify({ count: 'seven' }));
  });
  await new Promise<void>((resolve) => wrongServer.listen(0, '127.0.0.1', resolve));
  wrongUrl = `http://127.0.0.1:${(wrongServer.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await upstream.close();
  await new Promise((resolve) => wrongServer.close(resolve));
});

describe('--proxy <upstream>', () => {
  it('passes requests and answers through, keys and bodies included, and reports nothing for a conforming server', async () => {
    const violations: string[] = [];
    const log: string[] = [];
    const proxy = await startMock({
      proxy: upstream.url,
      onContractViolation: (v) => violations.push(v),
      log: (line) => log.push(line),
    });
    try {
      const response = await fetch(`${proxy.url}/register/token`, {
        method: 'POST',
        headers: { ApiSecret: apiSecret, 'content-type': 'application/json' },
        body: JSON.stringify({ userId: 'u1', username: 'fry@example.com' }),
      });
      expect(response.status).toBe(200);
      expect(((await response.json()) as { token: string }).token).toMatch(/^register_/);
      const unknown = await fetch(`${proxy.url}/no/such/route`);
      expect(unknown.status).toBe(404);
      expect(violations).toEqual([]);
      expect(log.join('\n')).not.toContain(apiSecret);
    } finally {
      await proxy.close();
    }
  });

  it('reports an answer that breaks the contract, and still passes it on', async () => {
    const violations: string[] = [];
    const log: string[] = [];
    const proxy = await startMock({
      proxy: wrongUrl,
      onContractViolation: (v) => violations.push(v),
      log: (line) => log.push(line),
    });
    try {
      const response = await fetch(`${proxy.url}/users/count`, { headers: { ApiSecret: apiSecret } });
      expect(await response.json()).toEqual({ count: 'seven' });
      expect(decodeURIComponent(response.headers.get('x-mock-reason') ?? '')).toMatch(
        /^contract violation: GET \/users\/count 200: \/count must be integer/,
      );
      expect(violations).toHaveLength(1);
      expect(log.some((line) => line.startsWith('contract violation: GET /users/count 200'))).toBe(true);
    } finally {
      await proxy.close();
    }
  });

  it('answers 502 when the upstream does not, and refuses an upstream that is no http(s) URL', async () => {
    const proxy = await startMock({ proxy: 'http://127.0.0.1:9' });
    try {
      const response = await fetch(`${proxy.url}/users/count`, { headers: { ApiSecret: apiSecret } });
      expect(response.status).toBe(502);
    } finally {
      await proxy.close();
    }
    await expect(startMock({ proxy: 'ftp://example.com' })).rejects.toThrow(
      /--proxy must be the absolute http\(s\) URL/,
    );
  });
});
