// Sends the key the operation's security requirement names (read from the spec at generation time), and only that
// key: the secret never goes to a browser-ceremony or anonymous operation. A missing key fails before any request.
import { PasswordlessOptionError } from './errors.js';
import type { Operation } from './operation-rules.js';

/** The client option that holds a scheme's key: its name in camelCase (ApiSecret → apiSecret). */
const optionOf = (scheme: string) => scheme.charAt(0).toLowerCase() + scheme.slice(1);

/** `headers`: the header each scheme is sent in (generated from the spec); `keys`: the client's keys by option name. */
export function setAuthHeader(
  request: Request,
  { security: schemes, method, path, operationId }: Operation,
  headers: Readonly<Record<string, string>>,
  keys: Readonly<Record<string, string | undefined>>,
): void {
  // The first alternative whose key the client has wins.
  for (const [scheme] of schemes) {
    const key = keys[optionOf(scheme)];
    const header = headers[scheme];
    if (key && header) {
      request.headers.set(header, key);
      return;
    }
  }
  if (schemes[0]) {
    const needed = schemes.map(
      ([scheme, scopes]) => `\`${optionOf(scheme)}\`${scopes ? ` (scope ${scopes.replaceAll(',', ', ')})` : ''}`,
    );
    throw new PasswordlessOptionError(
      optionOf(schemes[0][0]),
      `${operationId} (${method} ${path}) needs ${needed.join(' or ')}; no request was sent.`,
    );
  }
}
