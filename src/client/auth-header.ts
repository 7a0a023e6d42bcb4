// Sends the key the operation's security requirement names (read from the spec at generation time), and only that
// key: the secret never goes to a browser-ceremony or anonymous operation. A missing key fails before any request.
import { securitySchemeHeaders, type SecurityScheme } from '../../generated/operations.js';
import { PasswordlessOptionError } from './errors.js';
import type { Operation } from './operation-rules.js';

const optionOf = { ApiSecret: 'apiSecret', ApiKey: 'apiKey' } satisfies Record<SecurityScheme, string>;

export function setAuthHeader(request: Request, { security: schemes, method, path, operationId }: Operation, keys: Partial<Record<SecurityScheme, string>>): void {
  // The first alternative whose key the client has wins.
  const usable = schemes.find(([scheme]) => keys[scheme]);
  if (usable) request.headers.set(securitySchemeHeaders[usable[0]], keys[usable[0]]!);
  else if (schemes[0]) {
    const needed = schemes.map(([scheme, scopes]) => `\`${optionOf[scheme]}\`${scopes ? ` (scope ${scopes.replaceAll(',', ', ')})` : ''}`);
    throw new PasswordlessOptionError(
      optionOf[schemes[0][0]],
      `${operationId} (${method} ${path}) needs ${needed.join(' or ')}; no request was sent.`,
    );
  }
}
