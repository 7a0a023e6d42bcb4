// The Node entry of the package (the `node` export condition): the same client, but sending through node:http(s)
// unless the options name another `fetch`.
import {
  createPasswordlessClient as createClientWithGlobalFetch,
  type PasswordlessClient,
  type PasswordlessClientOptions,
} from '../index.js';
import { nodeFetch } from './node-fetch.js';

export * from '../index.js';
export { nodeFetch };

export function createPasswordlessClient(options?: PasswordlessClientOptions): PasswordlessClient {
  return createClientWithGlobalFetch({ ...options, fetch: options?.fetch ?? nodeFetch });
}
