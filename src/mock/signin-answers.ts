// The sign-in ceremony, answered per request as the server answers it (api-inventory §3.4–3.6): /signin/begin builds
// request options for the request's RP id with a fresh challenge, listing the passkey registered with this mock for
// the user or alias; /signin/complete looks the passkey up, verifies the assertion and its signature, and issues a
// `verify_` token; /signin/verify reads that token back. A session or token the mock did not issue (the spec's
// examples) gets the spec's answer instead.
import type { CeremonyHandler } from './ceremony-answers.js';
import type { CeremonyProblems } from './ceremony-problems.js';
import { appOf, freshChallenge, jsonAnswer, optionsTimeout, presetPurposes, standardBase64, verifiedUser } from './ceremony-values.js';
import { apiProblem } from './mock-response.js';
import { issueToken, readToken } from './mock-tokens.js';
import type { PasskeyStore } from './passkey-store.js';
import { verifyAssertion, type AssertionResponse } from './webauthn-assertion.js';
import { WebAuthnFailure } from './webauthn-data.js';

const text = (value: unknown): string | undefined => (typeof value === 'string' && value !== '' ? value : undefined);

export function signinAnswers(store: PasskeyStore, problems: CeremonyProblems): Record<string, CeremonyHandler> {
  return {
    beginSignin({ entry, body, headers }) {
      const wrongOrigin = problems.origin(entry, body.origin);
      if (wrongOrigin) return wrongOrigin;
      const app = appOf(headers, 'ApiKey');
      // userId first, then alias; neither is a discoverable sign-in. An unknown user is no error, just no passkey.
      const userId = text(body.userId);
      const alias = text(body.alias);
      const passkey = userId ? store.ofUser(app, userId) : alias ? store.ofAlias(app, alias) : undefined;
      const requested = text(body.purpose) ?? 'sign-in';
      const purpose = presetPurposes.includes(requested) ? requested : 'sign-in';
      const challenge = freshChallenge();
      const rpId = typeof body.rpid === 'string' ? body.rpid : null;
      // Both preset configurations ask for `preferred` user verification and no hints.
      const userVerification = 'preferred';
      const allowCredentials = passkey ? [{ type: 'public-key', id: passkey.credentialId }] : [];
      const data = { challenge, timeout: optionsTimeout, rpId, allowCredentials, userVerification, hints: [] };
      const session = issueToken({
        kind: 'signin-session',
        app,
        challenge,
        rpId,
        userVerification,
        allowCredentials: allowCredentials.map((descriptor) => descriptor.id),
        purpose,
      });
      return jsonAnswer({ data, session });
    },

    completeSignin({ entry, body, headers }) {
      const credential = body.response as AssertionResponse;
      if (typeof credential.response?.clientDataJSON !== 'string') {
        return problems.missingMember(entry, '$.response.response', 'clientDataJSON');
      }
      const wrongOrigin = problems.origin(entry, body.origin);
      if (wrongOrigin) return wrongOrigin;
      const app = appOf(headers, 'ApiKey');
      const session = readToken(body.session);
      if (!session) return undefined;
      const wrong = problems.token(entry, session, ['signin-session'], app);
      if (wrong || session.kind !== 'signin-session') return wrong;

      const passkey = store.find(app, Buffer.from(credential.rawId, 'base64url').toString('base64url'));
      if (!passkey) {
        return apiProblem(400, 'unknown_credential', "We don't recognize the passkey you sent us.", { credentialId: credential.id });
      }
      const origin = String(body.origin);
      let signCount: number;
      try {
        ({ signCount } = verifyAssertion(credential, { ...session, origin, stored: passkey }));
      } catch (error) {
        if (error instanceof WebAuthnFailure) return apiProblem(400, 'signin_complete_error', error.message);
        throw error;
      }
      store.recordSignIn(passkey, signCount);
      const user = verifiedUser(headers, {
        userId: passkey.userId,
        rpId: typeof body.rpid === 'string' ? body.rpid : null,
        origin,
        nickname: passkey.nickname,
        credentialId: standardBase64(passkey.credentialId),
        purpose: session.purpose,
        type: 'passkey_signin',
      });
      return jsonAnswer({ token: issueToken({ kind: 'verify', app, verified: user }) });
    },

    verifySignin({ entry, body, headers }) {
      const token = readToken(body.token);
      if (!token) return undefined;
      const wrong = problems.token(entry, token, ['verify'], appOf(headers, 'ApiSecret'));
      if (wrong || token.kind !== 'verify') return wrong;
      return jsonAnswer(token.verified);
    },
  };
}
