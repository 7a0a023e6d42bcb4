// createPasswordlessManagementClient(): the client of a self-hosted server's ManagementKey operations (apps, their keys,
// their deletion, the FIDO metadata), typed by the spec and built by the app client's own machinery (typed-client.ts):
// the same option checks, masked keys, errors, deadlines, and retries of idempotent operations only, so creating an app
// or a key is sent once. It has an entry of its own (passwordless-contract/management), so that no app bundle carries
// its operation table.
import { managementOperationTable, managementSecuritySchemeHeaders } from '../../generated/management-operations.js';
import { operationFinder } from '../client/operation-rules.js';
import { fail, resolveOptions, type SharedClientOptions, type SharedPublicOptions } from '../client/options.js';
import { type ClientOf, createTypedClient } from '../client/typed-client.js';
import { checkManagementKey } from './management-key-option.js';
import type { PasswordlessManagementPaths } from './management-paths.js';

export interface PasswordlessManagementClientOptions extends Omit<SharedClientOptions, 'baseUrl'> {
  /** The server's `PasswordlessManagement:ManagementKey` setting, from your secrets (an environment variable). */
  managementKey: string | undefined;
  /**
   * Your self-hosted server's API root, such as `https://passwordless.example.com/api`. Required: the management key is
   * never sent to a default address.
   */
  baseUrl: string;
}

/** The options a management client was created with, safe to log: the key is `****`, header values hidden. */
export interface ManagementPublicOptions extends SharedPublicOptions {
  readonly managementKey: string;
}

export type PasswordlessManagementClient = ClientOf<PasswordlessManagementPaths, ManagementPublicOptions>;

const findOperation = operationFinder(managementOperationTable);

export function createPasswordlessManagementClient(
  options: PasswordlessManagementClientOptions,
): PasswordlessManagementClient {
  const resolved = resolveOptions(options, { managementKey: checkManagementKey });
  // Once resolveOptions has passed, `options` is an object.
  if (options.baseUrl === undefined) {
    fail(
      'baseUrl',
      "is missing; pass your self-hosted server's API root, such as https://passwordless.example.com/api",
    );
  }
  return createTypedClient(resolved, findOperation, managementSecuritySchemeHeaders) as PasswordlessManagementClient;
}
