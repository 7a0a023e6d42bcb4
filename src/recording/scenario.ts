// What a recording scenario is: a description and the calls it makes through the typed client. Each scenario lives in
// recordings/scenarios/<scenario-name>/scenario.ts and default-exports `defineScenario({...})`.
import type { PasswordlessClient } from '../client/create-client.js';
import type { PasswordlessManagementClient } from '../management/create-management-client.js';
import type { VirtualAuthenticator } from './virtual-authenticator.js';

export interface ScenarioContext {
  /** The typed client with the app's ApiSecret and ApiKey. Every call it makes is recorded. */
  client: PasswordlessClient;
  /** A recorded client with other keys, for the wrong-key failures. */
  clientWith(keys: { apiSecret?: string; apiKey?: string }): PasswordlessClient;
  /** A software passkey that answers the browser ceremonies. */
  authenticator: VirtualAuthenticator;
  /** The origin and RP id the browser ceremonies use. */
  origin: string;
  rpId: string;
  /** The app's id, for keys a scenario makes up (a well-formed secret of the same app that the server does not know). */
  appId: string;
  /** The app's admin e-mail address: the only one a young app may send magic links to. */
  adminEmail: string;
  /** Waits (for a token to expire). */
  wait(ms: number): Promise<void>;
  /**
   * A recorded client with the ManagementKey, for scenarios that declare `needsManagementKey`; reading it in any other
   * scenario throws.
   */
  management: PasswordlessManagementClient;
  /** A fresh app id for an app the scenario creates (and deletes); the recording calls it `recordedapp2`, then 3… */
  newAppId(): string;
}

export interface Scenario {
  /** What the scenario shows, in one sentence; it is written into the recording. */
  description: string;
  /** Runs only when the recorder has a ManagementKey (the management operations); skipped with a note otherwise. */
  needsManagementKey?: boolean;
  run(context: ScenarioContext): Promise<void>;
}

export function defineScenario(scenario: Scenario): Scenario {
  return scenario;
}

/** The data of a successful call; otherwise an error that names the call, its status and the problem's title. */
export function expectData<Data>(result: { data?: Data; error?: unknown; response: Response }, call: string): Data {
  if (result.data !== undefined && result.response.ok) return result.data;
  const title = (result.error as { title?: unknown } | undefined)?.title;
  const explained = typeof title === 'string' ? `: ${title}` : '';
  throw new Error(`${call} answered ${result.response.status}${explained}; the scenario cannot go on.`);
}
