// The proxy mode: requests go on to a server unchanged, its answers come back unchanged, and an answer that breaks
// the contract is reported (log, `onContractViolation`, `x-mock-reason`). Upstream here is the emulator itself,
// whose answers keep the contract, and a stand-in that answers one operation wrongly.
import {
  type ClientRequest,
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import { type AddressInfo, createServer as createNetServer } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type RunningMock, startMock } from '../../src/mock/index.js';
import { freePort } from '../helpers/ports.js';

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

  it('refuses an upstream that is no http(s) URL', async () => {
    await expect(startMock({ proxy: 'ftp://example.com' })).rejects.toThrow(
      /--proxy must be the absolute http\(s\) URL/,
    );
  });
});

/** A stand-in upstream, answering as the test says. */
async function standIn(
  handler: (request: IncomingMessage, response: ServerResponse) => void,
  setup?: (server: Server) => void,
) {
  const server = createServer(handler);
  setup?.(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  stopAfter.push(() => {
    server.closeAllConnections();
    return new Promise((resolve) => server.close(() => resolve(undefined)));
  });
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

const stopAfter: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  await Promise.all(stopAfter.splice(0).map((stop) => stop()));
});

async function proxyTo(upstreamUrl: string, options: Parameters<typeof startMock>[0] = {}) {
  const log: string[] = [];
  const proxy = await startMock({ proxy: upstreamUrl, log: (line) => log.push(line), ...options });
  stopAfter.push(() => proxy.close());
  return { proxy, log };
}

interface Sent {
  status: number;
  headers: IncomingMessage['headers'];
  body: Buffer;
  continued: boolean;
}

/** node:http, for what fetch cannot do: Expect: 100-continue, a body sent in parts, an answer read in parts. */
function send(
  url: string,
  options: {
    method?: string;
    path: string;
    headers?: Record<string, string | number>;
    /** Writes the body; with Expect: 100-continue, once the 100 came. */
    body?: (request: ClientRequest) => void;
    onFirstBytes?: () => void;
  },
): Promise<Sent> {
  const { hostname, port } = new URL(url);
  return new Promise((resolve, reject) => {
    let continued = false;
    const request = httpRequest(
      {
        host: hostname,
        port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers,
        agent: false,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => {
          if (chunks.length === 0) options.onFirstBytes?.();
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({ status: response.statusCode!, headers: response.headers, body: Buffer.concat(chunks), continued }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
    if (options.headers?.Expect === '100-continue') {
      request.on('continue', () => {
        continued = true;
        options.body?.(request);
      });
      request.flushHeaders();
    } else if (options.body) options.body(request);
    else request.end();
  });
}

const tokenRequest = JSON.stringify({ userId: 'u1', username: 'fry@example.com' });

describe('--proxy, a faithful pipe', () => {
  it('passes Expect: 100-continue on, and the upstream early answer with it', async () => {
    const { proxy } = await proxyTo(upstream.url);
    const created = await send(proxy.url, {
      method: 'POST',
      path: '/register/token',
      headers: {
        ApiSecret: apiSecret,
        'Content-Type': 'application/json',
        'Content-Length': Buffer.byteLength(tokenRequest),
        Expect: '100-continue',
      },
      body: (request) => request.end(tokenRequest),
    });
    expect(created.continued).toBe(true);
    expect(created.status).toBe(200);
    expect(JSON.parse(created.body.toString()).token).toMatch(/^register_/);

    // An upstream that refuses before the body: its answer comes back, and the body is never asked for.
    let bodyBytes = 0;
    const refusing = await standIn(
      (_request, response) => response.writeHead(500).end(),
      (server) =>
        server.on('checkContinue', (request, response) => {
          request.on('data', (chunk: Buffer) => (bodyBytes += chunk.length));
          response.writeHead(401, { 'www-authenticate': 'ApiSecret', 'content-length': 0 }).end();
        }),
    );
    const { proxy: refusingProxy } = await proxyTo(refusing);
    const refused = await send(refusingProxy.url, {
      method: 'POST',
      path: '/register/token',
      headers: { 'Content-Type': 'application/json', 'Content-Length': 5, Expect: '100-continue' },
      body: (request) => request.end('{"a":'),
    });
    expect(refused).toMatchObject({ status: 401, continued: false });
    expect(refused.headers['www-authenticate']).toBe('ApiSecret');
    expect(bodyBytes).toBe(0);
  });

  it('streams a request body: the upstream reads its start before the client has sent the rest', async () => {
    let firstBytes!: () => void;
    const upstreamGotFirstBytes = new Promise<void>((resolve) => (firstBytes = resolve));
    const url = await standIn((request, response) => {
      let received = 0;
      request.on('data', (chunk: Buffer) => {
        received += chunk.length;
        firstBytes();
      });
      request.on('end', () => response.writeHead(200, { 'content-type': 'text/plain' }).end(String(received)));
    });
    const { proxy } = await proxyTo(url);
    const half = Buffer.alloc(1_000_000, 0x61);
    const answer = await send(proxy.url, {
      method: 'POST',
      path: '/echo',
      headers: { 'Content-Length': 2 * half.length },
      body: (request) => {
        request.write(half);
        // The rest only once the upstream has the first half: a proxy that holds bodies whole never gets here.
        void upstreamGotFirstBytes.then(() => request.end(half));
      },
    });
    expect(answer.body.toString()).toBe(String(2 * half.length));
  });

  it('streams an answer: the client reads its start before the upstream has sent the rest, unchecked past 1 MiB', async () => {
    let clientGotFirstBytes!: () => void;
    const clientHasStart = new Promise<void>((resolve) => (clientGotFirstBytes = resolve));
    const part = Buffer.alloc(1_500_000, 0x20);
    const url = await standIn((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': 2 * part.length + 2 });
      response.write('{');
      response.write(part);
      // The rest only once the client has the start: a proxy that holds answers whole never gets here.
      void clientHasStart.then(() => response.end(Buffer.concat([part, Buffer.from('}')])));
    });
    const { proxy, log } = await proxyTo(url);
    const answer = await send(proxy.url, {
      path: '/users/count',
      headers: { ApiSecret: apiSecret },
      onFirstBytes: clientGotFirstBytes,
    });
    expect(answer.body.length).toBe(2 * part.length + 2);
    expect(decodeURIComponent(String(answer.headers['x-mock-reason']))).toBe(
      'passed on unchecked: the answer is over 1048576 bytes',
    );
    await expect.poll(() => log.join('\n')).toContain('GET /users/count 200');
  });

  it('answers a body over the limit as without --proxy (413), and never sends the upstream a body cut short', async () => {
    let started = 0;
    let completed = 0;
    const url = await standIn((request, response) => {
      started++;
      request.on('error', () => undefined);
      request.resume();
      request.on('end', () => {
        completed++;
        response.writeHead(200).end();
      });
    });
    const { proxy } = await proxyTo(url);
    const oversized = Buffer.alloc(30_000_001, 0x61);
    const post = (target: string, chunked: boolean) =>
      send(target, {
        method: 'POST',
        path: '/register/token',
        headers: {
          ApiSecret: apiSecret,
          'Content-Type': 'application/json',
          ...(chunked ? {} : { 'Content-Length': oversized.length }),
        },
        body: (request) => {
          // Without a Content-Length, in parts: the proxy learns the size only as it reads.
          for (let offset = 0; offset < oversized.length; offset += 4_000_000)
            request.write(oversized.subarray(offset, offset + 4_000_000));
          request.end();
        },
      });
    const direct = await post(upstream.url, false);
    expect(direct.status).toBe(413);
    const withLength = await post(proxy.url, false);
    expect(withLength.status).toBe(413);
    expect(withLength.body.length).toBe(0);
    // Known too large by its Content-Length, it never went to the upstream.
    expect(started).toBe(0);
    const chunked = await post(proxy.url, true);
    expect(chunked.status).toBe(413);
    expect(chunked.body.length).toBe(0);
    // Found too large on the way, it was dropped before its end: the upstream never got a body cut short as if whole.
    expect(completed).toBe(0);
  });
});

describe('--proxy when the upstream fails', () => {
  /** The answer, and the log line for it once written. */
  async function failing(url: string, options: Parameters<typeof startMock>[0] = {}) {
    const { proxy, log } = await proxyTo(url, options);
    const response = await fetch(`${proxy.url}/users/count`, { headers: { ApiSecret: apiSecret } });
    const body = (await response.json()) as { title: string; detail: string; status: number };
    const reason = decodeURIComponent(response.headers.get('x-mock-reason') ?? '');
    await expect.poll(() => log.find((line) => line.startsWith('GET /users/count'))).toBeDefined();
    return { status: response.status, body, reason, line: log.find((line) => line.startsWith('GET /users/count'))! };
  }

  it('says which: refused, reset, timed out, stopped mid-answer, or not HTTP, in the body, the reason and the log', async () => {
    const closedPort = await freePort();
    const refused = await failing(`http://127.0.0.1:${closedPort}`);
    const reset = await failing(await standIn((request) => request.socket.destroy()));
    const silent = await failing(await standIn(() => undefined), { proxyTimeoutMs: 300 });
    const stalled = await failing(
      await standIn((_request, response) => {
        response.writeHead(200, { 'content-type': 'application/json', 'content-length': 100 });
        response.write('{"count": ');
      }),
      { proxyTimeoutMs: 300 },
    );
    const notHttpServer = createNetServer((socket) => socket.resume().end('NOT HTTP AT ALL\r\n\r\n'));
    await new Promise<void>((resolve) => notHttpServer.listen(0, '127.0.0.1', resolve));
    stopAfter.push(() => new Promise((resolve) => notHttpServer.close(resolve)));
    const notHttp = await failing(`http://127.0.0.1:${(notHttpServer.address() as AddressInfo).port}`);

    const expected = [
      [refused, 502, 'The upstream server refused the connection', /refused the connection \(ECONNREFUSED\)/],
      [reset, 502, 'The upstream server reset the connection', /closed the connection before answering \(ECONNRESET\)/],
      [silent, 504, 'The upstream server did not answer in time', /did not answer within 0\.3 s/],
      [stalled, 504, 'The upstream server stopped answering', /began its answer, then sent nothing for 0\.3 s/],
      [notHttp, 502, 'The upstream server answered with something that is not HTTP', /not valid HTTP \(HPE_/],
    ] as const;
    for (const [outcome, status, title, detail] of expected) {
      expect(outcome.status, title).toBe(status);
      expect(outcome.body).toMatchObject({ title, status, detail: expect.stringMatching(detail) });
      expect(outcome.reason).toBe(outcome.body.detail);
      expect(outcome.line).toContain(outcome.body.detail);
    }
  });

  it('cuts the answer when the upstream stops in the middle of one it was already streaming, and logs it', async () => {
    const part = Buffer.alloc(1_500_000, 0x20);
    const url = await standIn((_request, response) => {
      response.writeHead(200, { 'content-type': 'application/json', 'content-length': 3 * part.length });
      response.write(part);
    });
    const { proxy, log } = await proxyTo(url, { proxyTimeoutMs: 300 });
    await expect(send(proxy.url, { path: '/users/count', headers: { ApiSecret: apiSecret } })).rejects.toThrow();
    await expect
      .poll(() => log.join('\n'))
      .toMatch(/GET \/users\/count 200 \(aborted\).*sent nothing for 0\.3 s.*The answer was cut\./);
  });
});
