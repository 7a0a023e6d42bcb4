// The Node entry of passwordless-contract/management (the `node` export condition): the same management client, but
// sending through node:http(s) unless the options name another `fetch`, as the app client's Node entry does.
import {
  createPasswordlessManagementClient as createClientWithGlobalFetch,
  type PasswordlessManagementClient,
  type PasswordlessManagementClientOptions,
} from '../management.js';
import { nodeFetch } from './node-fetch.js';

export * from '../management.js';

export function createPasswordlessManagementClient(
  options: PasswordlessManagementClientOptions,
): PasswordlessManagementClient {
  return createClientWithGlobalFetch({ ...options, fetch: options?.fetch ?? nodeFetch });
}
