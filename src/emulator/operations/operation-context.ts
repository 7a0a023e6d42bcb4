// What an operation's handler gets: the request as the server bound it, the app the key belongs to (or the
// management key's access), the emulator's state and clock, and the helpers every handler shares.
import type { Authentication } from '../auth/authenticate.js';
import type { EnvironmentSettings } from '../environment.js';
import type { OperationEntry, SpecDocument } from '../spec/openapi-document.js';
import type { EmulatorState } from '../state/emulator-state.js';
import type { ApiKeyRecord, AppRecord } from '../state/records.js';
import type { EmulatorResponse } from '../wire/problems.js';

export interface OperationContext {
  entry: OperationEntry;
  spec: SpecDocument;
  auth: Extract<Authentication, { ok: true }>;
  /** The JSON body as the server bound it; `{}` when none was sent. */
  body: Record<string, unknown>;
  /** Whether a body was sent at all (some handlers treat a missing body like the server's null parameter). */
  hasBody: boolean;
  query: Record<string, unknown>;
  path: Record<string, unknown>;
  /** Header names in lower case. */
  headers: Record<string, string>;
  state: EmulatorState;
  environment: EnvironmentSettings;
  /** Milliseconds since the epoch, from the emulator's clock. */
  now: number;
}

export type OperationHandler = (context: OperationContext) => Promise<EmulatorResponse> | EmulatorResponse;

/** The app and key of an operation secured by an app key (ApiSecret or ApiKey). */
export function appOf(context: OperationContext): { app: AppRecord; key: ApiKeyRecord } {
  if (context.auth.kind !== 'app')
    throw new Error(`${context.entry.operation.operationId} needs an app key, but the spec secures it otherwise.`);
  return { app: context.auth.app, key: context.auth.key };
}

export const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
export const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];
