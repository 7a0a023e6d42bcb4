// The sign-in ceremony as the server's Fido2Service runs it (api-inventory §3.4–3.7): /signin/begin lists the
// user's (or the alias owner's) passkeys and takes user verification, hints and the session's purpose from the
// purpose's authentication configuration; /signin/complete looks the passkey up, verifies the assertion and its
// signature, updates the counter, `lastUsedAt`, device and country, marks the configuration used, and issues a
// `verify_` token that lives as long as the configuration says; /signin/verify reads any `verify_` token back, as
// often as asked until it expires; /signin/generate-token issues one without a ceremony.
import { configOrDefault, storeIfPreset } from '../state/auth-configs.js';
import { logEvent } from '../state/event-log.js';
import { credentialsOf, hashAlias } from '../state/users.js';
import { issueToken, readToken } from '../tokens/app-tokens.js';
import { fromBase64, fromBase64Url, toBase64, toBase64Url } from '../values/bytes.js';
import { databaseDateTime, humanizedAge, offsetDateTime } from '../values/dotnet-formats.js';
import { WebAuthnFailure } from '../webauthn/client-and-authenticator-data.js';
import { type AssertionResponse, verifyAssertion } from '../webauthn/verify-assertion.js';
import { apiProblem, jsonResponse, serverError } from '../wire/problems.js';
import {
  expiredProblem,
  freshChallenge,
  optionsTimeout,
  originProblem,
  requestOrigin,
  type VerifiedUser,
  verifiedUser,
} from './ceremony-values.js';
import { deviceName } from './device-name.js';
import { appOf, type OperationHandler, text } from './operation-context.js';

/** What /signin/begin puts in its session (AuthenticationSessionConfiguration): the options and the purpose. */
interface SigninSessionContent {
  kind: 'signin-session';
  challenge: string;
  rpId: string | null;
  userVerification: string;
  allowCredentials: string[];
  purpose: string;
}

type VerifyTokenContent = { kind: 'verify' } & VerifiedUser;

export const signinHandlers: Record<string, OperationHandler> = {
  async beginSignin(context) {
    const { app } = appOf(context);
    const { body } = context;
    const wrongOrigin = originProblem(body.origin);
    if (wrongOrigin) return wrongOrigin;
    // userId first, then alias; neither is a discoverable sign-in. An unknown user is no error, just no passkey.
    const userId = text(body.userId);
    const alias = text(body.alias);
    let credentials: string[] = [];
    if (userId) credentials = credentialsOf(app, userId).map((credential) => credential.credentialId);
    else if (alias) {
      const hash = await hashAlias(app, alias);
      const owner = app.aliases.find((stored) => stored.hash === hash)?.userId;
      credentials = owner === undefined ? [] : credentialsOf(app, owner).map((credential) => credential.credentialId);
    }
    // A null or blank purpose becomes a null SignInPurpose, which the server dereferences: its 500.
    if (body.purpose === null || (typeof body.purpose === 'string' && body.purpose.trim() === ''))
      return serverError('The purpose is null or empty; the server throws a NullReferenceException.');
    const config = configOrDefault(app, text(body.purpose) ?? 'sign-in');
    const challenge = freshChallenge();
    const rpId = text(body.rpid) ?? null;
    const data = {
      challenge,
      timeout: optionsTimeout,
      rpId,
      allowCredentials: credentials.map((id) => ({ type: 'public-key', id })),
      userVerification: config.userVerificationRequirement,
      hints: config.hints,
    };
    const session: SigninSessionContent = {
      kind: 'signin-session',
      challenge,
      rpId,
      userVerification: config.userVerificationRequirement,
      allowCredentials: credentials,
      purpose: config.purpose,
    };
    return jsonResponse({ data, session: await issueToken(app, 'session_', session) });
  },

  async completeSignin(context) {
    const { app, key } = appOf(context);
    const { body, now, state, headers } = context;
    const wrongOrigin = originProblem(body.origin);
    if (wrongOrigin) return wrongOrigin;
    const read = await readToken<SigninSessionContent>(app, body.session, 'session_');
    if (!read.ok) return read.response;
    const session = read.content;
    if (session.kind !== 'signin-session')
      return serverError('The session is a registration session; the server cannot deserialize it as a sign-in one.');
    const credential = body.response as AssertionResponse | null | undefined;
    // SignInCompleteAsync reads `response.RawId` without a check: no response is a NullReferenceException.
    if (!credential) return serverError('The request has no response; the server throws a NullReferenceException.');
    const rawId = fromBase64Url(String(credential.rawId)) ?? new Uint8Array();
    const stored = app.credentials.find((candidate) => candidate.credentialId === toBase64Url(rawId));
    if (!stored) {
      return {
        ...apiProblem(400, 'unknown_credential', "We don't recognize the passkey you sent us.", {
          credentialId: credential.id,
        }),
        reason: 'No credential of this app has that id (deleted, or registered before a reset).',
      };
    }
    const origin = String(body.origin);
    let verified: Awaited<ReturnType<typeof verifyAssertion>>;
    try {
      verified = await verifyAssertion(credential, {
        challenge: session.challenge,
        origin,
        rpId: session.rpId,
        userVerification: session.userVerification,
        allowCredentials: session.allowCredentials,
        stored: {
          publicKey: fromBase64(stored.publicKey)!,
          userHandle: fromBase64(stored.userHandle)!,
          signCount: stored.signatureCounter,
        },
      });
    } catch (error) {
      if (error instanceof WebAuthnFailure) return apiProblem(400, 'signin_complete_error', error.message);
      throw error;
    }
    const { device, country } = requestOrigin(headers, deviceName);
    stored.signatureCounter = verified.signCount;
    stored.country = country;
    stored.device = device;
    stored.lastUsedAt = databaseDateTime(now);
    const config = configOrDefault(app, session.purpose);
    const userId = new TextDecoder().decode(fromBase64(stored.userHandle));
    logEvent(app, key, now, state.limits.eventsPerApp, {
      eventType: 'ApiUserSignInCompleted',
      message: `User ${userId} completed sign in.`,
      performedBy: userId,
    });
    storeIfPreset(app, config).lastUsedOn = offsetDateTime(now);
    const user = verifiedUser(now, config.timeToLiveSeconds * 1000, {
      userId,
      rpId: text(body.rpid) ?? null,
      origin,
      device,
      country,
      nickname: stored.nickname,
      credentialId: toBase64(fromBase64Url(stored.credentialId)!),
      purpose: config.purpose,
      type: 'passkey_signin',
    });
    return jsonResponse({ token: await issueToken(app, 'verify_', { kind: 'verify', ...user }) });
  },

  async verifySignin(context) {
    const { app, key } = appOf(context);
    const { body, now, state } = context;
    const read = await readToken<VerifyTokenContent>(app, body.token, 'verify_');
    if (!read.ok) return read.response;
    const { kind, ...user } = read.content;
    if (kind !== 'verify')
      return serverError('The token is not a sign-in token; the server cannot deserialize it as one.');
    const expired = expiredProblem(user.expiresAt, now, humanizedAge);
    if (expired) return expired;
    logEvent(app, key, now, state.limits.eventsPerApp, {
      eventType: 'ApiUserSignInVerified',
      message: `User ${user.userId} verified sign in token.`,
      performedBy: user.userId,
    });
    return jsonResponse(user);
  },

  async generateSigninToken(context) {
    const { app } = appOf(context);
    const { body, now } = context;
    if (!app.features.isGenerateSignInTokenEndpointEnabled) {
      return {
        ...apiProblem(403, null, "The 'POST /signin/generate-token' endpoint is disabled"),
        reason: `The app ${app.appId} has the generate-token feature off.`,
      };
    }
    const lifetime = typeof body.timeToLive === 'number' ? body.timeToLive * 1000 : 120_000;
    const user = verifiedUser(now, lifetime, {
      userId: String(body.userId),
      rpId: text(body.rpid) ?? null,
      origin: text(body.origin) ?? null,
      device: null,
      country: null,
      nickname: null,
      credentialId: null,
      purpose: text(body.purpose) ?? 'sign-in',
      type: 'generated_signin',
    });
    return jsonResponse({ token: await issueToken(app, 'verify_', { kind: 'verify', ...user }) });
  },
};
