// The emulator in-process, for the tests of its operations: no socket, no door, a clock that stands still until the
// test moves it, and every answer checked against the spec (the violations are collected for the test to assert).
import bundledSpec from '../../generated/openapi.json' with { type: 'json' };
import {
  createEmulator,
  type Emulator,
  type EmulatorOptions,
  type OpenApiDocument,
  reasonHeader,
  reasonHeaderValue,
  SpecDocument,
} from '../../src/emulator/index.js';

import type { CredentialRecord } from '../../src/emulator/state/records.js';

let sharedSpec: SpecDocument | undefined;
/** The bundled spec, read once per test file. */
export const bundledSpecDocument = (): SpecDocument =>
  (sharedSpec ??= new SpecDocument(bundledSpec as unknown as OpenApiDocument, 'generated/openapi.json'));

/** The keys of the server's Development seed app `test`, which every emulator starts with. */
export const seed = {
  appId: 'test',
  apiSecret: 'test:secret:a679563b331846c79c20b114a4f56d02',
  apiKey: 'test:public:2e728aa5986f4ba8b073a5b28a939795',
} as const;

/** A clock that stands still until the test moves it: what time-dependent answers read, so none needs a sleep. */
export class FakeClock {
  private instant: number;

  constructor(start = '2026-03-01T12:00:00.000Z') {
    this.instant = Date.parse(start);
  }

  readonly now = (): number => this.instant;

  advance(milliseconds: number): void {
    this.instant += milliseconds;
  }
}

export interface Answer {
  status: number;
  /** Header names in lower case. */
  headers: Record<string, string>;
  /** The body as sent; '' when there is none. */
  text: string;
  /** The body parsed when it is JSON, else undefined; tests read it member by member. */
  body: any;
  /** What the emulator says about its answer, for a human (the doors' `x-mock-reason`). */
  reason: string | undefined;
}

export interface CallInit {
  /** Header names in any case, as a client sends them. */
  headers?: Record<string, string>;
  /** Sent as JSON with `Content-Type: application/json` (unless `headers` names another). */
  json?: unknown;
  /** Sent as it is. */
  body?: string;
  /** The body's size as the door counted it, when it differs from what is passed (a body over the limit). */
  size?: number;
}

export interface Harness {
  emulator: Emulator;
  clock: FakeClock;
  /** Every answer that broke the spec, one sentence each. */
  violations: string[];
  call(method: string, path: string, init?: CallInit): Promise<Answer>;
  /** `POST` with a JSON body and these headers. */
  post(path: string, json: unknown, headers?: Record<string, string>): Promise<Answer>;
  get(path: string, headers?: Record<string, string>): Promise<Answer>;
  /**
   * A `fetch` that hands each request to the emulator, for clients that take one (the typed client, the recorder):
   * any origin, the path and query as the API's. The reason goes in `x-mock-reason`, as the doors write it.
   */
  fetch: (input: Request | string | URL, init?: RequestInit) => Promise<Response>;
}

/** The base URL to give a client whose `fetch` is the harness's: the host is never looked at. */
export const inProcessUrl = 'http://emulator.in-process';

/** An emulator of the bundled spec with a fake clock; `options` as `createEmulator` takes them. */
export async function startEmulator(options: Partial<EmulatorOptions> = {}): Promise<Harness> {
  const clock = new FakeClock();
  const violations: string[] = [];
  const emulator = await createEmulator({
    spec: bundledSpecDocument(),
    clock: clock.now,
    onContractViolation: (violation) => violations.push(violation),
    ...options,
  });
  const call = async (method: string, path: string, init: CallInit = {}): Promise<Answer> => {
    const headers: Record<string, string> = {};
    if (init.json !== undefined) headers['content-type'] = 'application/json';
    for (const [name, value] of Object.entries(init.headers ?? {})) headers[name.toLowerCase()] = value;
    const text = init.json !== undefined ? JSON.stringify(init.json) : (init.body ?? '');
    const bytes = new TextEncoder().encode(text);
    const response = await emulator.handle({ method, path, headers, body: { bytes, size: init.size ?? bytes.length } });
    const sent = response.body ?? '';
    return {
      status: response.status,
      headers: response.headers,
      text: sent,
      body: /json/.test(response.headers['content-type'] ?? '') && sent !== '' ? JSON.parse(sent) : undefined,
      reason: response.reason,
    };
  };
  const fetch = async (input: Request | string | URL, init?: RequestInit): Promise<Response> => {
    const request = input instanceof Request && init === undefined ? input : new Request(input, init);
    const url = new URL(request.url);
    const bytes = new Uint8Array(await request.arrayBuffer());
    const response = await emulator.handle({
      method: request.method,
      path: `${url.pathname}${url.search}`,
      headers: Object.fromEntries(request.headers),
      body: { bytes, size: bytes.length },
    });
    const headers = new Headers(response.headers);
    if (response.reason) headers.set(reasonHeader, reasonHeaderValue(response.reason));
    return new Response(response.body ?? null, { status: response.status, headers });
  };
  return {
    emulator,
    clock,
    violations,
    fetch,
    call,
    post: (path, json, headers = {}) => call('POST', path, { json, headers }),
    get: (path, headers = {}) => call('GET', path, { headers }),
  };
}

/** The headers of a request made with the seed app's secret (or another). */
export const withSecret = (apiSecret: string = seed.apiSecret): Record<string, string> => ({ ApiSecret: apiSecret });
/** The headers of a request made with the seed app's public key (or another). */
export const withKey = (apiKey: string = seed.apiKey): Record<string, string> => ({ ApiKey: apiKey });

/** A passkey record as a state holds it, for loading states of many users without their ceremonies. */
export const storedCredential = (userId: string, n: number): CredentialRecord => ({
  credentialId: `credential-${n}`,
  transports: null,
  publicKey: 'AA==',
  userHandle: 'AA==',
  signatureCounter: 0,
  attestationFmt: 'none',
  createdAt: '2026-03-01T12:00:00',
  aaGuid: '00000000-0000-0000-0000-000000000000',
  lastUsedAt: '2026-03-01T12:00:00',
  rpid: 'localhost',
  origin: 'http://localhost:5173',
  country: '',
  device: 'Chrome, Linux',
  nickname: null,
  userId,
  backupState: null,
  isBackupEligible: null,
  isDiscoverable: true,
});
