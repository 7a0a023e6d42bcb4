// createPasswordlessClient(): the client of an app's operations, with its ApiSecret and ApiKey, typed by the spec.
// The ManagementKey operations are the management client's (src/management.ts), so that no app bundle carries them.
import { operationTable, securitySchemeHeaders } from '../../generated/operations.js';
import { appKeyOptions } from './app-key-options.js';
import { operationFinder } from './operation-rules.js';
import { type PasswordlessClientOptions, type PublicOptions, resolveOptions } from './options.js';
import { type ClientOf, createTypedClient } from './typed-client.js';
import type { PasswordlessPaths } from './typed-paths.js';

export { clientVersion } from './typed-client.js';

export type PasswordlessClient = ClientOf<PasswordlessPaths, PublicOptions>;

const findOperation = operationFinder(operationTable);

export function createPasswordlessClient(options?: PasswordlessClientOptions): PasswordlessClient {
  return createTypedClient(resolveOptions(options, appKeyOptions), findOperation, securitySchemeHeaders);
}
