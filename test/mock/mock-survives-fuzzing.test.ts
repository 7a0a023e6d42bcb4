// 1,200 generated malformed requests against the real mock process (bodies, types, headers, methods, paths, and some
// bytes that are not HTTP at all), 20 at a time, bounded at 30 s. Every answer must be a well-formed HTTP response;
// every error a problem+json whose `status` matches, or the empty answer ASP.NET gives; no 5xx but the server's own
// (explained in `x-mock-reason`) or one a `Prefer` header asked for; and the process
// must still be up and answering at the end. The generator is seeded, so a failure replays.
import { once } from 'node:events';
import { Agent, request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, afterEach, describe, expect, inject, it } from 'vitest';
import { type ServerLimits, startMock } from '../../src/mock/index.js';
import { startChildMock } from './child-mock.js';
import { keys, operationCases } from './spec-examples.js';

const baseUrl = new URL(inject('mockUrl'));
const mockPid = inject('mockPid');
const httpRequests = 1150;
const rawRequests = 50;
const concurrency = 20;
const budgetMs = 30_000;

/** mulberry32: a small seeded generator, so every run sends the same requests. */
function seeded(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const int = (below: number) => Math.floor(next() * below);
  const pick = <T>(items: readonly T[]): T => items[int(items.length)]!;
  const chance = (p: number) => next() < p;
  return { next, int, pick, chance };
}

const random = seeded(20240611);
const cases = operationCases();
const junkChars = 'aZ09_-~.%/?#&=+:;,"\'<>{}[]\\ \t\u00e9\u4e2d\u{1f600}';

function junk(length: number): string {
  return Array.from({ length }, () => random.pick([...junkChars])).join('');
}

function randomJson(depth = 0): unknown {
  switch (random.int(depth > 2 ? 5 : 8)) {
    case 0:
      return null;
    case 1:
      return random.chance(0.5);
    case 2:
      return random.pick([0, -1, 1.5, 1e308, 2 ** 53 + 1, 123]);
    case 3:
      return junk(random.int(20));
    case 4:
      return random.pick(['', 'register_abc', 'verify_abc', 'session_abc', '2024-13-01', 'x'.repeat(300)]);
    case 5:
      return Array.from({ length: random.int(12) }, () => randomJson(depth + 1));
    default:
      return Object.fromEntries(
        Array.from({ length: random.int(6) }, () => [
          random.pick(['userId', 'USERNAME', 'aliases', 'token', junk(5)]),
          randomJson(depth + 1),
        ]),
      );
  }
}

/** A valid example body with one thing broken: a member dropped, retyped, nulled, or an unknown one added. */
function mutatedBody(body: unknown): unknown {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return randomJson();
  const copy: Record<string, unknown> = structuredClone(body as Record<string, unknown>);
  const members = Object.keys(copy);
  const member = members.length ? random.pick(members) : 'userId';
  switch (random.int(5)) {
    case 0:
      delete copy[member];
      break;
    case 1:
      copy[member] = randomJson(1);
      break;
    case 2:
      copy[member] = null;
      break;
    case 3:
      copy[junk(6)] = randomJson(1);
      break;
    default:
      copy[member.toUpperCase()] = copy[member];
      delete copy[member];
  }
  return copy;
}

function randomPath(): string {
  const operation = random.pick(cases);
  switch (random.int(6)) {
    case 0:
      return `/${junk(random.int(30))}`.replace(/#/g, '%23');
    case 1:
      return `${operation.path.toUpperCase()}/`;
    case 2:
      return `${operation.path}?${random.pick(['userId', 'pageNumber', 'isAllowed', 'from', junk(4)])}=${encodeURIComponent(junk(random.int(8)))}`;
    case 3:
      return random.pick([
        '//',
        '/..',
        '/%zz',
        '/%00',
        `/${'a'.repeat(5000)}`,
        '/register/token/extra',
        '/health/http?x',
      ]);
    default:
      return operation.path;
  }
}

interface FuzzRequest {
  /** The spec declares a 5xx as this request's normal answer (`GET /health/throw/exception`). */
  failsOnPurpose: boolean;
  method: string;
  path: string;
  headers: Record<string, string>;
  body?: Buffer;
}

function randomRequest(): FuzzRequest {
  const operation = random.pick(cases);
  const method = random.chance(0.7)
    ? operation.method.toUpperCase()
    : random.pick(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'OPTIONS', 'HEAD', 'PURGE', 'post']);
  // Node's client refuses spaces and non-ASCII in a path, so those are percent-encoded; everything else goes raw.
  const path = (random.chance(0.6) ? operation.path : randomPath()).replace(/[^\x21-\x7e]/gu, (c) =>
    encodeURIComponent(c),
  );
  const headers: Record<string, string> = {};
  const key = random.pick([
    keys.apiSecret,
    keys.apiKey,
    '',
    'verify_abc',
    'register_abc',
    'myapp:secret:short',
    junk(12).replace(/[^\x21-\x7e]/g, 'x'),
    undefined,
  ]);
  if (key !== undefined) headers[random.pick(['ApiSecret', 'ApiKey', 'apisecret'])] = key;
  if (random.chance(0.3)) headers.ApiSecret = keys.apiSecret;
  if (random.chance(0.8)) {
    headers['Content-Type'] = random.pick([
      'application/json',
      'application/json; charset=utf-8',
      'text/plain',
      'application/x-www-form-urlencoded',
      'application/problem+json',
      'multipart/form-data; boundary=x',
      ';;;',
    ]);
  }
  if (random.chance(0.2)) {
    headers.Prefer = random.pick([
      'code=500',
      'code=abc',
      'example=',
      'example=validation',
      'dynamic=maybe',
      'dynamic=true',
      'code=200, example=nope',
      junk(6).replace(/[^\x21-\x7e]/g, 'x'),
    ]);
  }
  if (random.chance(0.1)) headers.Accept = random.pick(['text/html', 'application/xml', '*/*']);
  if (random.chance(0.1)) headers.Origin = 'http://localhost:5173';
  let body: Buffer | undefined;
  switch (random.int(7)) {
    case 0:
      body = undefined;
      break;
    case 1:
      body = Buffer.from(JSON.stringify(randomJson()));
      break;
    case 2:
      body = Buffer.from(JSON.stringify(mutatedBody(operation.body)).slice(0, -1 - random.int(5)));
      break;
    case 3:
      body = Buffer.from(Array.from({ length: random.int(200) }, () => random.int(256)));
      break;
    case 4:
      body = random.chance(0.3) ? Buffer.alloc(1024 * 1024 + 10, 0x61) : Buffer.from(`{"userId": "${junk(10)}",}`);
      break;
    default:
      body = Buffer.from(JSON.stringify(mutatedBody(operation.body)));
  }
  // Node frames a GET/HEAD/DELETE body only when told its length; unframed, it would read as a second request.
  if (body) headers['Content-Length'] = String(body.length);
  const target = path
    .split('?')[0]!
    .replace(/(.)\/+$/, '$1')
    .toLowerCase();
  const failsOnPurpose = cases.some(
    (c) => c.path.toLowerCase() === target && c.method.toUpperCase() === method.toUpperCase() && c.defaultStatus >= 500,
  );
  return { failsOnPurpose, method, path, headers, ...(body ? { body } : {}) };
}

/** Byte streams that are not valid HTTP/1.1, sent on raw sockets. */
function rawGarbage(): string {
  return random.pick([
    'GARBAGE\r\n\r\n',
    'GET / HTTP/9.9\r\n\r\n',
    'POST /register/token HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\n',
    `GET /${'a'.repeat(20)} HTTP/1.1\r\nHost: x\r\nX-Big: ${'b'.repeat(20_000)}\r\n\r\n`,
    'GET / HTTP/1.1\r\nHost: x\r\nBad Header\r\n\r\n',
    '\x00\x01\x02\x03\r\n\r\n',
  ]);
}

interface Outcome {
  request: string;
  status?: number;
  contentType?: string;
  body: string;
  /** A Prefer header chose the answer, or the spec declares a 5xx as the normal one. */
  preferred: boolean;
  head: boolean;
  /** The emulator's explanation (`x-mock-reason`), for telling the server's own 500s from a crash. */
  reason?: string;
  failure?: string;
}

const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
afterAll(() => agent.destroy());

function send(fuzz: FuzzRequest): Promise<Outcome> {
  const label = `${fuzz.method} ${fuzz.path.slice(0, 80)} ${JSON.stringify(fuzz.headers)}`;
  const base = {
    request: label,
    preferred: 'Prefer' in fuzz.headers || fuzz.failsOnPurpose,
    head: fuzz.method === 'HEAD',
  };
  return new Promise((resolve) => {
    const request = httpRequest(
      {
        host: baseUrl.hostname,
        port: baseUrl.port,
        method: fuzz.method,
        path: fuzz.path,
        headers: fuzz.headers,
        agent,
        timeout: 10_000,
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({
            ...base,
            status: response.statusCode!,
            contentType: response.headers['content-type'] ?? '',
            body: Buffer.concat(chunks).toString('utf8'),
            reason: decodeURIComponent(String(response.headers['x-mock-reason'] ?? '')),
          }),
        );
        response.on('error', (error) => resolve({ ...base, body: '', failure: error.message }));
      },
    );
    request.on('timeout', () => request.destroy(new Error('no answer within 10 s')));
    request.on('error', (error) => resolve({ ...base, body: '', failure: error.message }));
    request.end(fuzz.body);
  });
}

function sendRaw(bytes: string): Promise<Outcome> {
  const base = { request: `raw ${JSON.stringify(bytes.slice(0, 60))}`, preferred: false, head: false };
  return new Promise((resolve) => {
    const socket = connect(Number(baseUrl.port), baseUrl.hostname);
    let received = '';
    socket.setTimeout(10_000, () => socket.destroy(new Error('no answer within 10 s')));
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', (error) => resolve({ ...base, body: '', failure: error.message }));
    socket.on('close', () => {
      const [head = '', body = ''] = received.split('\r\n\r\n');
      const status = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1]);
      const contentType = /content-type: ([^\r\n]+)/i.exec(head)?.[1] ?? '';
      if (Number.isNaN(status))
        resolve({ ...base, body, failure: `not an HTTP answer: ${JSON.stringify(received.slice(0, 80))}` });
      else resolve({ ...base, status, contentType, body });
    });
    socket.end(bytes, 'latin1');
  });
}

/** What is wrong with one answer, or undefined when it is acceptable. */
function problemWith(outcome: Outcome): string | undefined {
  if (outcome.failure) return outcome.failure;
  const status = outcome.status!;
  if (status < 100 || status > 599) return `status ${status}`;
  if (status === 422) return 'a 422, which the server never sends';
  if (/stoplight|prism/i.test(outcome.body)) return 'a Prism-specific body';
  // The server's own 500s (a null purpose, an origin that is no URI, an unknown credential to delete…) are answered
  // as the server answers them; a crash of the emulator itself never is.
  if (
    status >= 500 &&
    (outcome.reason?.startsWith('The emulator failed') || outcome.reason?.startsWith('The mock failed'))
  ) {
    return `the emulator failed: ${outcome.reason}`;
  }
  if (status >= 500 && !outcome.preferred && !outcome.reason)
    return `a ${status} nobody explained: ${outcome.body.slice(0, 200)}`;
  if (/json/.test(outcome.contentType ?? '') && outcome.body !== '') {
    try {
      JSON.parse(outcome.body);
    } catch {
      return `a JSON content type with a body that is not JSON: ${outcome.body.slice(0, 100)}`;
    }
  }
  // A Prefer header may select an error the spec declares without a problem body (a health check's 503).
  if (status >= 400 && !outcome.preferred) {
    // ASP.NET answers these with no body at all (404, 405, 415, 413, and a Production binding 400).
    if (outcome.contentType === '' && outcome.body === '' && [400, 404, 405, 413, 415, 431].includes(status))
      return undefined;
    if (outcome.contentType !== 'application/problem+json')
      return `an error with content type "${outcome.contentType}"`;
    if (outcome.head) return undefined;
    const problem = JSON.parse(outcome.body) as { type?: unknown; title?: unknown; status?: unknown };
    if (typeof problem.type !== 'string' || typeof problem.title !== 'string')
      return 'a problem without type and title';
    if (problem.status !== status)
      return `a problem whose status ${String(problem.status)} is not the HTTP status ${status}`;
  }
  return undefined;
}

describe('the mock under malformed requests', () => {
  it(`answers ${httpRequests + rawRequests} malformed requests well and stays up`, async () => {
    const work: (() => Promise<Outcome>)[] = [
      ...Array.from({ length: httpRequests }, () => {
        const fuzz = randomRequest();
        return () => send(fuzz);
      }),
      ...Array.from({ length: rawRequests }, () => {
        const bytes = rawGarbage();
        return () => sendRaw(bytes);
      }),
    ];
    const outcomes: Outcome[] = [];
    const deadline = Date.now() + budgetMs;
    let next = 0;
    await Promise.all(
      Array.from({ length: concurrency }, async () => {
        while (next < work.length && Date.now() < deadline) outcomes.push(await work[next++]!());
      }),
    );

    expect(outcomes.length, 'requests answered within the time budget').toBe(work.length);
    const failures = outcomes.flatMap((outcome) => {
      const problem = problemWith(outcome);
      return problem ? [`${outcome.request} → ${outcome.status ?? '-'}: ${problem}`] : [];
    });
    expect(failures.slice(0, 10)).toEqual([]);
    // The sample really was malformed: most answers are errors, of several kinds.
    const statuses = new Set(outcomes.map((outcome) => outcome.status));
    for (const status of [400, 401, 404, 405, 415]) expect(statuses, `some answer was ${status}`).toContain(status);

    process.kill(mockPid, 0);
    const health = await fetch(new URL('/health/http', baseUrl));
    expect(await health.text()).toBe('Healthy');
  });
});

// Hostile JSON (issue 19), answered as the server answers it: `__proto__`, `constructor` and `prototype` are ordinary
// members the server does not know (so a body holding only them is answered as `{}` is, and nothing they hold is
// bound), and JSON nested past System.Text.Json's 64 levels is an unreadable body (an empty 400 in Production, which
// this mock runs), wherever the nesting is. Every operation with a body gets both; the mock must stay up and unchanged.
describe('the mock under hostile JSON', () => {
  const withBody = cases.filter((operation) => operation.body !== undefined && operation.body !== null);
  const keyFor = (scheme: string | undefined): Record<string, string> =>
    scheme === 'ApiKey'
      ? { ApiKey: keys.apiKey }
      : scheme === 'ManagementKey'
        ? { ManagementKey: keys.managementKey }
        : { ApiSecret: keys.apiSecret };
  const post = async (operation: (typeof cases)[number], body: string) => {
    const url = new URL(operation.path, baseUrl);
    for (const [name, value] of Object.entries(operation.query)) url.searchParams.set(name, String(value));
    const response = await fetch(url, {
      method: operation.method.toUpperCase(),
      headers: { 'Content-Type': 'application/json', ...keyFor(operation.scheme) },
      body,
    });
    const text = await response.text();
    const problem = text ? (JSON.parse(text) as { title?: unknown; errors?: unknown; errorCode?: unknown }) : {};
    return {
      status: response.status,
      text,
      same: { title: problem.title, errors: problem.errors, code: problem.errorCode },
    };
  };

  it('answers a body holding only __proto__, constructor or prototype as {}, for every operation', async () => {
    for (const operation of withBody) {
      const empty = await post(operation, '{}');
      // Only where {} is refused: an operation that takes {} would change the state between the two calls.
      if (empty.status < 400 || empty.status >= 500) continue;
      const example = JSON.stringify(operation.body);
      for (const name of ['__proto__', 'constructor', 'prototype']) {
        const answer = await post(operation, `{"${name}":${example}}`);
        expect({ operation: operation.path, name, status: answer.status, ...answer.same }).toEqual({
          operation: operation.path,
          name,
          status: empty.status,
          ...empty.same,
        });
      }
    }
  });

  it('answers JSON nested 10,000 levels deep with an empty 400, at the root or in a member, and stays up', async () => {
    const arrays = `${'['.repeat(10_000)}${']'.repeat(10_000)}`;
    const objects = `${'{"a":'.repeat(10_000)}null${'}'.repeat(10_000)}`;
    for (const operation of withBody) {
      for (const body of [arrays, objects, `{"userId":${arrays}}`, `{"unknown":${objects}}`]) {
        const answer = await post(operation, body);
        // The key is checked before the body, so a management operation without this mock's key answers 401 first.
        if (answer.status === 401) continue;
        expect({ operation: operation.path, status: answer.status, text: answer.text }).toEqual({
          operation: operation.path,
          status: 400,
          text: '',
        });
      }
    }
    // Nothing the hostile bodies held was bound anywhere: {} still lacks its userId.
    const alias = cases.find((operation) => operation.path === '/alias');
    if (alias)
      expect((await post(alias, '{}')).same.errors).toMatchObject({ userId: ['The UserId field is required.'] });
    process.kill(mockPid, 0);
    const health = await fetch(new URL('/health/http', baseUrl));
    expect(await health.text()).toBe('Healthy');
  });
});

// Hostile traffic against the HTTP door's bounds (Kestrel's: a headers timeout, a minimum body data rate, and bounds on
// connections and on request bodies held in memory), each on an emulator of its own, in a process of its own, with
// short limits: the outcomes asserted are conditions (other clients answered, connections cut, memory bounded), never
// how long something took.
describe('the mock under slow and greedy clients', () => {
  const mocks: { close(): Promise<unknown> }[] = [];
  const sockets: Socket[] = [];
  afterEach(async () => {
    for (const socket of sockets.splice(0)) socket.destroy();
    await Promise.all(mocks.splice(0).map((mock) => mock.close()));
  });
  const start = async (serverLimits: Partial<ServerLimits>) => {
    const mock = await startMock({ serverLimits });
    mocks.push(mock);
    return mock;
  };

  /** A raw connection; `received` holds what came back, `closed` resolves when the emulator ends it. */
  async function open(url: string, bytes = '') {
    const { hostname, port } = new URL(url);
    const socket = connect(Number(port), hostname);
    sockets.push(socket);
    await once(socket, 'connect');
    let received = '';
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => undefined);
    const closed = once(socket, 'close').then(() => received);
    if (bytes) socket.write(bytes);
    return { socket, closed, received: () => received };
  }

  /** A request on a connection of its own, as a new client would send it. */
  async function probe(url: string, path = '/health/http') {
    const response = await fetch(`${url}${path}`, { headers: { connection: 'close' } });
    return { status: response.status, body: await response.text() };
  }

  it("cuts off a request whose headers do not arrive in time with Kestrel's 408, and one that sent nothing silently", async () => {
    const mock = await start({ requestHeadersTimeoutMs: 300 });
    const halfSent = await open(mock.url, 'GET /health/http HTTP/1.1\r\nHost: localhost\r\nX-Slow: ');
    const silent = await open(mock.url);
    expect(await halfSent.closed).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);
    expect(await halfSent.closed).toMatch(/\r\nConnection: close\r\n/i);
    expect(await silent.closed).toBe('');
    expect(await probe(mock.url)).toEqual({ status: 200, body: 'Healthy' });
  });

  it("cuts off a body that arrives slower than the minimum data rate with Kestrel's 408, and not one that keeps up", async () => {
    const mock = await start({ minRequestBodyDataRate: { bytesPerSecond: 50, gracePeriodMs: 300 } });
    const head = (length: number) =>
      `POST /register/token HTTP/1.1\r\nHost: localhost\r\nApiSecret: ${keys.apiSecret}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${length}\r\n\r\n`;
    const stalled = await open(mock.url, `${head(10_000)}{"userId":`);
    expect(await stalled.closed).toMatch(/^HTTP\/1\.1 408 Request Timeout\r\n/);

    // About 1,000 bytes/s, twenty times the minimum: however busy the machine, this body keeps up. (The pauses pace
    // the sender; nothing waits on them.)
    const body = JSON.stringify({ userId: 'u1', username: 'fry@example.com', displayName: 'x'.repeat(1400) });
    const steady = await open(mock.url, head(body.length));
    for (let offset = 0; offset < body.length; offset += 100) {
      steady.socket.write(body.slice(offset, offset + 100));
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    await expect.poll(steady.received, { timeout: 20_000 }).toMatch(/^HTTP\/1\.1 200 OK\r\n/);
  });

  it('answers Expect: 100-continue with a 100 for a body it takes, and at once with the 413 for one over the limit', async () => {
    const mock = await start({});
    const head = (length: number) =>
      `POST /register/token HTTP/1.1\r\nHost: localhost\r\nApiSecret: ${keys.apiSecret}\r\n` +
      `Content-Type: application/json\r\nContent-Length: ${length}\r\nExpect: 100-continue\r\n\r\n`;
    const body = JSON.stringify({ userId: 'u1', username: 'fry@example.com' });
    const taken = await open(mock.url, head(body.length));
    await expect.poll(taken.received).toBe('HTTP/1.1 100 Continue\r\n\r\n');
    taken.socket.write(body);
    await expect.poll(taken.received).toMatch(/^HTTP\/1\.1 100 Continue\r\n\r\nHTTP\/1\.1 200 OK\r\n/);
    // As Kestrel: the body is never asked for, the 413 comes before it, and the connection ends.
    const tooLarge = await open(mock.url, head(30_000_001));
    expect(await tooLarge.closed).toMatch(/^HTTP\/1\.1 413 Payload Too Large\r\n/);
  });

  it('keeps answering others while slowloris holds connections open, holding at most its connection bound', async () => {
    const maxConnections = 40;
    const mock = await start({ maxConnections, requestHeadersTimeoutMs: 120_000 });
    const slow = [];
    for (let i = 0; i < 150; i++)
      slow.push(await open(mock.url, `GET /health/http HTTP/1.1\r\nHost: localhost\r\nX-${i}: `));
    // Each new connection past the bound made room by closing the oldest half-sent one.
    let closedCount = 0;
    for (const connection of slow) void connection.closed.then(() => closedCount++);
    await expect.poll(() => closedCount, { timeout: 20_000 }).toBeGreaterThanOrEqual(150 - maxConnections);
    for (let i = 0; i < 10; i++) expect(await probe(mock.url)).toEqual({ status: 200, body: 'Healthy' });
    // The newest slow connections are still held; the emulator did not close everything to make room.
    expect(slow.at(-1)!.socket.destroyed).toBe(false);
  });

  it('holds parallel large bodies within its memory bound, answers them all, and answers others meanwhile', async () => {
    // In a process of its own, so that its memory is its own.
    const mock = await startChildMock({ serverLimits: { maxBufferedBodyBytes: 24_000_000 } });
    mocks.push(mock);
    const size = 20_000_000;
    const body = Buffer.alloc(size, 0x61);
    const before = await mock.memory(true);
    const { hostname, port } = new URL(mock.url);
    // Twelve uploads of 20 MB each (240 MB): each sends half its body, then waits until the others are answered.
    let releaseUploads!: () => void;
    const uploadsMayFinish = new Promise<void>((resolve) => (releaseUploads = resolve));
    const halvesSent: Promise<void>[] = [];
    const uploads = Array.from({ length: 12 }, () => {
      let halfSent!: () => void;
      halvesSent.push(new Promise<void>((resolve) => (halfSent = resolve)));
      return new Promise<number>((resolve, reject) => {
        const request = httpRequest(
          {
            host: hostname,
            port,
            method: 'POST',
            path: '/register/token',
            agent: false,
            headers: { ApiSecret: keys.apiSecret, 'Content-Type': 'application/json', 'Content-Length': size },
          },
          (response) => {
            response.resume();
            response.on('end', () => resolve(response.statusCode!));
          },
        );
        request.on('error', reject);
        // Handed to the socket, not necessarily read by the emulator: it may hold the rest back, as it should.
        request.write(body.subarray(0, size / 2), () => halfSent());
        void uploadsMayFinish.then(() => request.end(body.subarray(size / 2)));
      });
    });
    // Others are answered while the uploads are under way: none of them can end before they are let go below.
    await Promise.any(halvesSent);
    for (let i = 0; i < 5; i++) expect(await probe(mock.url)).toEqual({ status: 200, body: 'Healthy' });
    releaseUploads();
    // Each body is read whole and answered as the server answers it (not JSON: an empty 400 in Production).
    expect(await Promise.all(uploads)).toEqual(Array.from({ length: 12 }, () => 400));
    const after = await mock.memory();
    // The bound (24 MB), the one body always let through (20 MB), the one being answered and its text (40 MB), and
    // what the GC has yet to free: about 150 MB. Without the bound all twelve bodies are held at once: 300 MB and more.
    expect((after.maxRss - before.rss) / 1e6).toBeLessThan(230);
  });
});
