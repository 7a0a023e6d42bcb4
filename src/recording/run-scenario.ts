// Runs one scenario against a server with a recording client, and turns what it recorded into a normalized recording.
import { createPasswordlessClient, type PasswordlessClient } from '../client/create-client.js';
import {
  createPasswordlessManagementClient,
  type PasswordlessManagementClient,
} from '../management/create-management-client.js';
import type { Exchange, RecordingFile } from './exchange.js';
import { normalizeExchanges } from './normalize.js';
import { createRecordingMiddleware } from './recording-middleware.js';
import type { NamedSecret } from './redact.js';
import type { Scenario } from './scenario.js';
import { newRecorderAppId } from './throwaway-app.js';
import { VirtualAuthenticator } from './virtual-authenticator.js';

/** The app a scenario runs against. */
export interface RecordingTarget {
  baseUrl: string;
  apiSecret: string;
  apiKey: string;
  /** Every key value in play, to be removed from the recording (the ones above, the ManagementKey, spare keys). */
  secrets: readonly NamedSecret[];
  /** Describes the server in the recording's `source`. */
  source: string;
  /** The app's admin e-mail, when the recorder created the app. */
  adminEmail: string;
  /** The ManagementKey, for the scenarios that need one (it must also be among `secrets`). */
  managementKey?: string;
  /** Replaces the global fetch (tests). */
  fetch?: (request: Request) => Promise<Response>;
  /** Replaces waiting in real time (tests against an emulator with a fake clock move the clock instead). */
  wait?: (ms: number) => Promise<void>;
}

export const recordingOrigin = 'https://recorder.passwordless-contract.test';
export const recordingRpId = 'recorder.passwordless-contract.test';

export const appIdOf = (key: string) => key.slice(0, key.indexOf(':'));

export interface ScenarioRun {
  recording: RecordingFile;
  /** The exchanges as recorded, before normalization; they may hold tokens, so they are never written. */
  rawExchanges: readonly Exchange[];
  /** The apps the scenario made ids for (it deletes them itself; one may remain when it stopped early). */
  createdAppIds: string[];
  /** Set when the scenario stopped early; the recording then holds what happened until then. */
  failure?: Error;
}

export async function runScenario(name: string, scenario: Scenario, target: RecordingTarget): Promise<ScenarioRun> {
  const recorder = createRecordingMiddleware();
  const common = {
    baseUrl: target.baseUrl,
    // A recording shows each answer the server gave: no retries hide one.
    retry: { retries: 0 },
    ...(target.fetch ? { fetch: target.fetch } : {}),
  };
  const makeClient = (keys: { apiSecret?: string; apiKey?: string }): PasswordlessClient => {
    const client = createPasswordlessClient({ ...keys, ...common });
    // Registered last: sees the request as sent, and the response before the client's own middleware.
    client.use(recorder);
    return client;
  };
  let management: PasswordlessManagementClient | undefined;
  const managementClient = (): PasswordlessManagementClient => {
    if (!scenario.needsManagementKey || !target.managementKey) {
      throw new Error(
        `The scenario ${name} uses the management client: it needs needsManagementKey: true and a recorder with --management-key.`,
      );
    }
    if (!management) {
      management = createPasswordlessManagementClient({ managementKey: target.managementKey, ...common });
      management.use(recorder);
    }
    return management;
  };
  const appId = appIdOf(target.apiSecret);
  const appIds = [appId];
  let failure: Error | undefined;
  try {
    await scenario.run({
      client: makeClient({ apiSecret: target.apiSecret, apiKey: target.apiKey }),
      clientWith: makeClient,
      authenticator: new VirtualAuthenticator(recordingOrigin),
      origin: recordingOrigin,
      rpId: recordingRpId,
      appId,
      adminEmail: target.adminEmail,
      wait: target.wait ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms))),
      get management() {
        return managementClient();
      },
      newAppId() {
        const created = newRecorderAppId();
        appIds.push(created);
        return created;
      },
    });
  } catch (error) {
    failure = error instanceof Error ? error : new Error(String(error));
  }
  const exchanges = normalizeExchanges(recorder.exchanges, { secrets: target.secrets, appIds });
  return {
    recording: { source: target.source, scenario: name, description: scenario.description, exchanges },
    rawExchanges: recorder.exchanges,
    createdAppIds: appIds.slice(1),
    ...(failure ? { failure } : {}),
  };
}
