// Sends the key the operation's security requirement names (read from the spec at generation time), and only that
// key: the secret never goes to a browser-ceremony or anonymous operation. A missing key fails before any request.
import type { Middleware } from 'openapi-fetch';
import { securitySchemeHeaders } from '../../../generated/operations.js';
import { PasswordlessOptionError } from '../errors.js';
import { findOperation, operationRef } from '../operation-rules.js';

type Scheme = keyof typeof securitySchemeHeaders;

const optionOf: Record<Scheme, string> = { ApiSecret: 'apiSecret', ApiKey: 'apiKey' };

export function authHeaders(keys: Partial<Record<Scheme, string>>): Middleware {
  return {
    onRequest({ request, schemaPath }) {
      const security = findOperation(schemaPath, request.method)?.security ?? [];
      if (security.length === 0) return undefined;
      // The spec lists alternatives; the first whose every scheme has a key wins.
      const usable = security.find((requirement) => Object.keys(requirement).every((scheme) => keys[scheme as Scheme]));
      if (!usable) {
        const needed = security
          .map((requirement) =>
            Object.entries(requirement)
              .map(([scheme, scopes]) => `\`${optionOf[scheme as Scheme]}\`${scopes?.length ? ` (scope ${scopes.join(', ')})` : ''}`)
              .join(' and '),
          )
          .join(' or ');
        const option = optionOf[Object.keys(security[0]!)[0] as Scheme];
        const { method, path, operationId } = operationRef(schemaPath, request.method);
        throw new PasswordlessOptionError(
          option,
          `${operationId} (${method} ${path}) needs ${needed}: pass it to createPasswordlessClient(). No request was sent.`,
        );
      }
      for (const scheme of Object.keys(usable) as Scheme[]) request.headers.set(securitySchemeHeaders[scheme], keys[scheme]!);
      return undefined;
    },
  };
}
