// Issuing and reading an app's tokens with the server's TokenService semantics: a null token is `missing_token`, a
// token without the prefix (compared without regard to case) is `invalid_token` quoting its first ten characters, one
// that is not base64url or holds no envelope is `invalid_token_format`, one signed with a key the app does not have
// (a real server's token among them) is `invalid_token` ("not issued for this tenant"), and one whose MAC fails or
// that holds nil throws: the server's 500.
import type { AppRecord } from '../state/records.js';
import { apiProblem, type EmulatorResponse, serverError } from '../wire/problems.js';
import { decodeToken, encodeToken, type TokenPrefix } from './token-codec.js';

export type ReadToken<T> = { ok: true; content: T } | { ok: false; response: EmulatorResponse };

export const issueToken = (app: AppRecord, prefix: TokenPrefix, content: unknown): Promise<string> =>
  encodeToken(prefix, app.tokenKey, content);

export async function readToken<T>(app: AppRecord, token: unknown, prefix: TokenPrefix): Promise<ReadToken<T>> {
  if (token === undefined || token === null) {
    return {
      ok: false,
      response: apiProblem(
        400,
        'missing_token',
        `This operation requires a token that starts with '${prefix}' to be passed.`,
      ),
    };
  }
  const value = String(token);
  if (!value.toLowerCase().startsWith(prefix)) {
    return {
      ok: false,
      response: apiProblem(
        400,
        'invalid_token',
        `The token you sent was not correct. The token used for this endpoint should start with '${prefix}'. ` +
          `Make sure you are not sending the wrong value. The value you sent started with '${value.slice(0, 10)}'`,
      ),
    };
  }
  const decoded = await decodeToken<T>(value.slice(prefix.length), app.tokenKey);
  if (decoded.ok) return decoded;
  switch (decoded.reason) {
    case 'format':
      return {
        ok: false,
        response: apiProblem(
          400,
          'invalid_token_format',
          'The token you supplied was not formatted correctly. It should be valid base64url.',
        ),
      };
    case 'tenant':
      return {
        ok: false,
        response: {
          ...apiProblem(
            400,
            'invalid_token',
            'The token you supplied was not valid. It could be that the token has expired or that it was not issued for this tenant.',
          ),
          reason: `The token was not issued by this app (${app.appId}), or was issued before the emulator's state was reset.`,
        },
      };
    case 'mac':
      return {
        ok: false,
        response: serverError('The token was altered: its MAC does not match ("Bad mac" on the server).'),
      };
    case 'nil':
      return {
        ok: false,
        response: serverError('The token holds MessagePack nil, not an envelope: the server dereferences null.'),
      };
  }
}
