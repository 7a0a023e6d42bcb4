// The sign-in ceremony as the server's Fido2Service runs it (api-inventory §3.4–3.7): /signin/begin lists the
// user's (or the alias owner's) passkeys and takes user verification, hints and the session's purpose from the
// purpose's authentication configuration; /signin/complete looks the passkey up, verifies the assertion and its
// signature, updates the counter, `lastUsedAt`, device and country, marks the configuration used, and issues a
// `verify_` token that lives as long as the configuration says; /signin/verify reads any `verify_` token back, as
// often as asked until it expires; /signin/generate-token issues one without a ceremony.
import {
  checkOrigin,
  expiredProblem,
  freshChallenge,
  optionsTimeout,
  requestOrigin,
  verifiedUser,
} from '../ceremony/ceremony-values.js';
import { serverError } from '../handling/answers.js';
import { apiErrors } from '../handling/api-errors.js';
import type { Handlers } from '../handling/operation-types.js';
import { issueToken, readToken } from '../tokens/app-tokens.js';
import type { SigninSessionContent, VerifyTokenContent } from '../tokens/token-contents.js';
import { fromBase64, fromBase64Url, toBase64, toBase64Url } from '../values/bytes.js';
import { databaseDateTime } from '../values/dotnet-formats.js';
import { WebAuthnFailure } from '../webauthn/client-and-authenticator-data.js';
import { verifyAssertion } from '../webauthn/verify-assertion.js';

export const signinHandlers: Handlers<'beginSignin' | 'completeSignin' | 'verifySignin' | 'generateSigninToken'> = {
  async beginSignin({ app, body, ok }) {
    const page = checkOrigin(body.origin);
    if (!page.ok) return page.answer;
    // userId first, then alias; neither is a discoverable sign-in. An unknown user is no error, just no passkey.
    const owner = body.userId || (body.alias ? await app.users.ownerOfAlias(body.alias) : undefined);
    const credentials = owner ? app.users.credentialsOf(owner).map((credential) => credential.credentialId) : [];
    // SignInPurposeConverter reads a blank purpose as null, and a JSON null stays null: the server then dereferences
    // the null SignInPurpose, its 500. Absent, the purpose is `sign-in`.
    const purpose: string | null | undefined = body.purpose;
    if (purpose === null || (typeof purpose === 'string' && purpose.trim() === ''))
      return serverError('The purpose is null or blank; the server throws a NullReferenceException.');
    const config = app.authConfigs.configOrDefault(purpose ?? 'sign-in');
    const challenge = freshChallenge();
    const rpId = body.rpid ?? null;
    const session: SigninSessionContent = {
      kind: 'signin-session',
      challenge,
      rpId,
      userVerification: config.userVerificationRequirement,
      allowCredentials: credentials,
      purpose: config.purpose,
    };
    return ok({
      data: {
        challenge,
        timeout: optionsTimeout,
        rpId,
        allowCredentials: credentials.map((id) => ({ type: 'public-key', id })),
        userVerification: config.userVerificationRequirement,
        hints: config.hints,
      },
      session: await issueToken(app, 'session_', session),
    });
  },

  async completeSignin({ app, key, body, now, headers, ok }) {
    const page = checkOrigin(body.origin);
    if (!page.ok) return page.answer;
    const { origin } = page;
    const read = await readToken<SigninSessionContent>(app, body.session, 'session_');
    if (!read.ok) return read.answer;
    const session = read.content;
    if (session.kind !== 'signin-session')
      return serverError('The session is a registration session; the server cannot deserialize it as a sign-in one.');
    // Validation leaves `response` to the handler: SignInCompleteAsync reads `response.RawId` without a check.
    const credential = body.response as typeof body.response | null | undefined;
    if (!credential) return serverError('The request has no response; the server throws a NullReferenceException.');
    const rawId = fromBase64Url(credential.rawId) ?? new Uint8Array();
    const stored = app.users.credential(toBase64Url(rawId));
    if (!stored) return apiErrors.unknownCredential(credential.id);
    const publicKey = fromBase64(stored.publicKey);
    const userHandle = fromBase64(stored.userHandle);
    if (!publicKey || !userHandle)
      return serverError(
        `The stored credential ${stored.credentialId} has a public key or user handle that is not base64.`,
      );
    let verified: Awaited<ReturnType<typeof verifyAssertion>>;
    try {
      verified = await verifyAssertion(credential, {
        challenge: session.challenge,
        origin,
        rpId: session.rpId,
        userVerification: session.userVerification,
        allowCredentials: session.allowCredentials,
        stored: { publicKey, userHandle, signCount: stored.signatureCounter },
      });
    } catch (error) {
      if (error instanceof WebAuthnFailure) return apiErrors.invalidAssertion(error.message);
      throw error;
    }
    const { device, country } = requestOrigin(headers);
    app.users.recordSignIn(stored.credentialId, {
      signatureCounter: verified.signCount,
      country,
      device,
      lastUsedAt: databaseDateTime(now),
    });
    const config = app.authConfigs.configOrDefault(session.purpose);
    const userId = new TextDecoder().decode(userHandle);
    app.events.log(
      { eventType: 'ApiUserSignInCompleted', message: `User ${userId} completed sign in.`, performedBy: userId },
      key.id,
    );
    app.authConfigs.markUsed(config.purpose);
    const user = verifiedUser(now, config.timeToLiveSeconds * 1000, {
      userId,
      rpId: body.rpid ?? null,
      origin,
      device,
      country,
      nickname: stored.nickname,
      credentialId: toBase64(rawId),
      purpose: config.purpose,
      type: 'passkey_signin',
    });
    return ok({ token: await issueToken(app, 'verify_', { kind: 'verify', ...user }) });
  },

  async verifySignin({ app, key, body, now, ok }) {
    const read = await readToken<VerifyTokenContent>(app, body.token, 'verify_');
    if (!read.ok) return read.answer;
    const { kind, ...user } = read.content;
    if (kind !== 'verify')
      return serverError('The token is not a sign-in token; the server cannot deserialize it as one.');
    const expired = expiredProblem(user.expiresAt, now);
    if (expired) return expired;
    app.events.log(
      {
        eventType: 'ApiUserSignInVerified',
        message: `User ${user.userId} verified sign in token.`,
        performedBy: user.userId,
      },
      key.id,
    );
    return ok(user);
  },

  async generateSigninToken({ app, body, now, ok }) {
    if (!app.features.isGenerateSignInTokenEndpointEnabled) return apiErrors.generateTokenDisabled(app.appId);
    const lifetime = typeof body.timeToLive === 'number' ? body.timeToLive * 1000 : 120_000;
    const user = verifiedUser(now, lifetime, {
      userId: body.userId,
      rpId: body.rpid ?? null,
      origin: body.origin ?? null,
      device: null,
      country: null,
      nickname: null,
      credentialId: null,
      purpose: body.purpose ?? 'sign-in',
      type: 'generated_signin',
    });
    return ok({ token: await issueToken(app, 'verify_', { kind: 'verify', ...user }) });
  },
};
