// A small in-process door for the binding tests: the emulator without a socket, in either environment, with a clock
// the test moves, every answer checked against the spec, and requests written as the raw bytes a client would send.
import { createEmulator, type Emulator } from '../../src/emulator/emulator.js';
import type { EnvironmentName } from '../../src/emulator/environment.js';
import { loadSpecDocument } from '../../src/mock/load-spec-document.js';

export const seedSecret = 'test:secret:a679563b331846c79c20b114a4f56d02';
export const seedPublicKey = 'test:public:2e728aa5986f4ba8b073a5b28a939795';
export const managementKey = 'binding-tests-management-key';

export interface Answer {
  status: number;
  headers: Record<string, string>;
  /** The body as sent; '' when there is none. */
  text: string;
  /** The body parsed, when it is JSON. */
  json: Record<string, unknown> & { title?: string; errors?: Record<string, string[]> };
  reason: string;
}

export interface BindingEmulator {
  emulator: Emulator;
  /** Milliseconds since the epoch, as the emulator's clock reads. */
  now: number;
  /** Answers that broke the spec (an answer the spec does not declare for its operation). */
  violations: string[];
  send(method: string, path: string, body?: string, headers?: Record<string, string>): Promise<Answer>;
}

const spec = loadSpecDocument();

export async function bindingEmulator(environment: EnvironmentName): Promise<BindingEmulator> {
  const violations: string[] = [];
  const state = { now: Date.parse('2025-06-01T12:00:00Z') };
  const emulator = await createEmulator({
    spec,
    environment,
    clock: () => state.now,
    managementKey,
    onContractViolation: (violation) => violations.push(violation),
  });
  return {
    emulator,
    get now() {
      return state.now;
    },
    set now(value: number) {
      state.now = value;
    },
    violations,
    async send(method, path, body, headers = {}) {
      const bytes = new TextEncoder().encode(body ?? '');
      const response = await emulator.handle({
        method,
        path,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          ...Object.fromEntries(Object.entries(headers).map(([name, value]) => [name.toLowerCase(), value])),
        },
        body: { bytes, size: bytes.length },
      });
      const text = response.body ?? '';
      let json: Answer['json'] = {};
      try {
        json = text ? JSON.parse(text) : {};
      } catch {
        json = {};
      }
      return { status: response.status, headers: response.headers, text, json, reason: response.reason ?? '' };
    },
  };
}
