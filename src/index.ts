// The public surface of passwordless-contract: the typed client, its errors, and the types generated from the spec.

export type { components, operations, paths } from '../generated/openapi.js';
export { clientVersion, createPasswordlessClient, type PasswordlessClient } from './client/create-client.js';
export type { PasswordlessClientOptions, PublicOptions, RetryOptions } from './client/options.js';
export * from './client/public-errors.js';
export { maskKey } from './client/redact-secret.js';
// Named by PasswordlessClient's type, so a consumer's declarations can name it too.
export type { ClientOf } from './client/typed-client.js';
export type { PasswordlessPaths, TypedPaths } from './client/typed-paths.js';

import type { components } from '../generated/openapi.js';
/** The spec's schemas by name: `Schemas['RegisterTokenRequest']`. */
export type Schemas = components['schemas'];
