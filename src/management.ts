// The public surface of passwordless-contract/management: the client of a self-hosted server's ManagementKey
// operations, apart from the app client's entry so that an app's bundle does not carry it. Its errors are the app
// client's own classes: `instanceof` works with either entry's.

export type { RetryOptions, SharedClientOptions, SharedPublicOptions } from './client/options.js';
export * from './client/public-errors.js';
// Named by the management client's types, so a consumer's declarations can name them too.
export type { ClientOf } from './client/typed-client.js';
export type { TypedPaths } from './client/typed-paths.js';
export {
  createPasswordlessManagementClient,
  type ManagementPublicOptions,
  type PasswordlessManagementClient,
  type PasswordlessManagementClientOptions,
} from './management/create-management-client.js';
export type { PasswordlessManagementPaths } from './management/management-paths.js';
