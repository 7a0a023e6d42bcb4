// Issuing and reading an app's tokens with the server's TokenService semantics: a null token is `missing_token`, a
// token without the prefix (compared without regard to case) is `invalid_token` quoting its first ten characters, one
// that is not base64url or holds no envelope is `invalid_token_format`, one signed with a key the app does not have
// (a real server's token among them) is `invalid_token` ("not issued for this tenant"), and one whose MAC fails or
// that holds nil throws: the server's 500.
import { serverError } from '../handling/answers.js';
import { apiErrors } from '../handling/api-errors.js';
import type { ApiError, ServerError } from '../handling/operation-types.js';
import { decodeToken, encodeToken, type TokenKey, type TokenPrefix } from './token-codec.js';

/** The app a token belongs to: its id, the key that signs its tokens, and what notes that one was issued. */
export interface TokenIssuer {
  readonly appId: string;
  readonly tokenKey: TokenKey;
  /** Called once a token is issued, with its content (the clock then will not go back past now unless asked). */
  tokenIssued(content: unknown): void;
}

/** Why a token cannot be read, as the server answers it. */
export type TokenRefusal = ApiError<400, 'missing_token' | 'invalid_token' | 'invalid_token_format'> | ServerError;

export type ReadToken<T> = { ok: true; content: T } | { ok: false; answer: TokenRefusal };

/** The token, at once where node:crypto signs it (no promise to wait for), else the promise of it (WebCrypto). */
export function issueToken(app: TokenIssuer, prefix: TokenPrefix, content: unknown): string | Promise<string> {
  const token = encodeToken(prefix, app.tokenKey, content);
  // Not an async function: issuing a token with node:crypto waits for nothing, and every token costs its frame.
  if (typeof token === 'string') {
    app.tokenIssued(content);
    return token;
  }
  return token.then((made) => {
    app.tokenIssued(content);
    return made;
  });
}

export async function readToken<T>(
  app: TokenIssuer,
  token: string | null | undefined,
  prefix: TokenPrefix,
): Promise<ReadToken<T>> {
  if (token === undefined || token === null) return { ok: false, answer: apiErrors.missingToken(prefix) };
  if (!token.toLowerCase().startsWith(prefix)) return { ok: false, answer: apiErrors.wrongTokenPrefix(prefix, token) };
  const decoded = await decodeToken<T>(token.slice(prefix.length), app.tokenKey);
  if (decoded.ok) return decoded;
  switch (decoded.reason) {
    case 'format':
      return { ok: false, answer: apiErrors.unreadableToken() };
    case 'tenant':
      return { ok: false, answer: apiErrors.tokenOfAnotherApp(app.appId) };
    case 'mac':
      return {
        ok: false,
        answer: serverError('The token was altered: its MAC does not match ("Bad mac" on the server).'),
      };
    case 'nil':
      return {
        ok: false,
        answer: serverError('The token holds MessagePack nil, not an envelope: the server dereferences null.'),
      };
  }
}
