// The registration ceremony as the server's Fido2Service runs it (api-inventory §3.1–3.3): /register/token checks the
// app's user limit, the attestation and the aliases, and issues a token carrying the request; /register/begin builds
// creation options for the request's RP id, excluding the user's passkeys; /register/complete verifies the new
// credential against them, applies the app's authenticator allow/block lists, stores the aliases and the credential,
// and issues a `verify_` token.
import {
  checkOrigin,
  expiredProblem,
  freshChallenge,
  optionsTimeout,
  requestOrigin,
  serverAlgorithms,
  verifiedUser,
} from '../ceremony/ceremony-values.js';
import { serverError } from '../handling/answers.js';
import { apiErrors } from '../handling/api-errors.js';
import type { ApiError, Handlers, OperationContext } from '../handling/operation-types.js';
import type { AppState } from '../state/app-state.js';
import type { CredentialRecord, UserVerificationRequirement } from '../state/records.js';
import { issueToken, readToken } from '../tokens/app-tokens.js';
import type { AttestationConveyance, RegisterSessionContent, RegisterTokenContent } from '../tokens/token-contents.js';
import { base64UrlToBase64, fromBase64Url, hex, toBase64, toBase64Url, utf8 } from '../values/bytes.js';
import { nonDefaultDateTime } from '../values/dotnet-date-time.js';
import { databaseDateTime, utcDateTime } from '../values/dotnet-formats.js';
import { WebAuthnFailure } from '../webauthn/client-and-authenticator-data.js';
import { verifyRegistration } from '../webauthn/verify-registration.js';

/** fido2-net-lib's `ToEnum`: the EnumMember value in any case, else the C# name or a number (Enum.TryParse). */
const userVerifications = new Map<string, UserVerificationRequirement>([
  ['required', 'required'],
  ['preferred', 'preferred'],
  ['discouraged', 'discouraged'],
  ['0', 'required'],
  ['1', 'preferred'],
  ['2', 'discouraged'],
]);
type Attachment = 'platform' | 'cross-platform';

const attachments = new Map<string, Attachment>([
  ['platform', 'platform'],
  ['cross-platform', 'cross-platform'],
  ['crossplatform', 'cross-platform'],
  ['0', 'platform'],
  ['1', 'cross-platform'],
]);
/** The first hint decides the attachment. */
const hintAttachments = new Map<string, Attachment>([
  ['client-device', 'platform'],
  ['security-key', 'cross-platform'],
  ['hybrid', 'cross-platform'],
]);

/** The attestation a token asks for, once attestationProblem has let it through: "none" in any case, or as it is. */
const conveyance = (attestation: string): AttestationConveyance =>
  attestation.toLowerCase() === 'none' ? 'none' : attestation === 'direct' ? 'direct' : 'indirect';

/** TokenValidator.ValidateAttestation: "none" in any case, "direct"/"indirect" exactly, and only on plans that allow it. */
function attestationProblem(
  attestation: string,
  app: AppState,
): ApiError<400, 'invalid_attestation' | 'attestation_not_supported_on_plan'> | undefined {
  if (attestation.toLowerCase() === 'none') return undefined;
  if (attestation !== 'direct' && attestation !== 'indirect') return apiErrors.invalidAttestation();
  if (!app.features.allowAttestation) return apiErrors.attestationNotOnPlan(app.appId);
  return undefined;
}

/** A 16-byte AAGUID as .NET writes a Guid read big-endian from the authenticator data. */
function guidText(bytes: Uint8Array): string {
  const digits = hex(bytes);
  return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20)}`;
}

/** /register/token's token, once its checks passed: it carries the request. */
function registerToken(
  { app, key, body, now, ok }: OperationContext<'createRegisterToken'>,
  attestation: string,
  aliases: string[] | null,
) {
  const { userId } = body;
  const requestedExpiry = nonDefaultDateTime(body.expiresAt ?? undefined);
  const content: RegisterTokenContent = {
    kind: 'register',
    userId,
    displayName: body.displayName ?? null,
    username: body.username,
    attestation,
    authenticatorType: body.authenticatorType ?? null,
    discoverable: body.discoverable !== false,
    userVerification: body.userVerification ?? 'Preferred',
    aliases,
    aliasHashing: body.aliasHashing !== false,
    hints: body.hints ?? [],
    expiresAt: requestedExpiry ?? utcDateTime(now + 120_000),
  };
  app.events.log(
    { eventType: 'ApiAuthUserRegistered', message: `Created registration token for ${userId}`, performedBy: userId },
    key.id,
  );
  const token = issueToken(app, 'register_', content);
  return typeof token === 'string' ? ok({ token }) : token.then((made) => ok({ token: made }));
}

export const registrationHandlers: Handlers<'createRegisterToken' | 'beginRegistration' | 'completeRegistration'> = {
  // Not an async function: a client registering the same aliases again (their hashes remembered) gets its token at
  // once, without a promise to wait for.
  createRegisterToken(context) {
    const { app, body } = context;
    const { userId } = body;
    const maxUsers = app.features.maxUsers;
    if (
      maxUsers !== null &&
      app.users.credentialsOf(userId).length === 0 &&
      app.users.countUsersWithCredentials() >= maxUsers
    ) {
      return apiErrors.maxUsersReached(maxUsers);
    }
    const attestation = body.attestation || 'none';
    const wrongAttestation = attestationProblem(attestation, app);
    if (wrongAttestation) return wrongAttestation;
    // RegisterToken's aliases are a set: repeats collapse. /register/token checks them itself, in both environments.
    const aliases = body.aliases ? [...new Set(body.aliases)] : null;
    const available = aliases ? app.users.aliasesAvailable(aliases, userId) : true;
    if (available instanceof Promise) {
      return available.then((free) =>
        free ? registerToken(context, attestation, aliases) : apiErrors.aliasConflict(),
      );
    }
    return available ? registerToken(context, attestation, aliases) : apiErrors.aliasConflict();
  },

  async beginRegistration({ app, key, body, now, ok }) {
    const read = await readToken<RegisterTokenContent>(app, body.token, 'register_');
    if (!read.ok) return read.answer;
    const token = read.content;
    if (token.kind !== 'register')
      return serverError('The token is not a register token; the server cannot deserialize it as one.');
    const expired = expiredProblem(token.expiresAt, now);
    if (expired) return expired;
    const page = checkOrigin(body.origin);
    if (!page.ok) return page.answer;
    if (!token.userId) return apiErrors.tokenWithoutUserId();

    const requestedVerification = token.userVerification || 'preferred';
    const userVerification = userVerifications.get(requestedVerification.toLowerCase());
    if (!userVerification) {
      return apiErrors.notAnEnumValue(
        requestedVerification,
        'UserVerificationRequirement',
        'required, preferred, discouraged',
      );
    }
    const requestedType = token.authenticatorType?.toLowerCase() === 'any' ? null : token.authenticatorType;
    const typed = requestedType ? attachments.get(requestedType.toLowerCase()) : undefined;
    if (requestedType && !typed)
      return apiErrors.notAnEnumValue(requestedType, 'AuthenticatorAttachment', 'platform, cross-platform');
    const wrongAttestation = attestationProblem(token.attestation || 'none', app);
    if (wrongAttestation) return wrongAttestation;

    const authenticatorAttachment = hintAttachments.get(token.hints[0] ?? '') ?? typed;
    const residentKey = token.discoverable ? 'required' : 'discouraged';
    const rpId = body.rpid ?? null;
    const userHandle = toBase64Url(utf8(token.userId));
    const challenge = freshChallenge();
    const attestation = conveyance(token.attestation || 'none');
    const session: RegisterSessionContent = {
      kind: 'register-session',
      challenge,
      rpId,
      userHandle,
      userVerification,
      attestation,
      aliases: token.aliases,
      aliasHashing: token.aliasHashing,
    };
    app.events.log(
      {
        eventType: 'ApiAuthPasskeyRegistrationBegan',
        message: `Beginning passkey registration for ${token.userId}`,
        performedBy: token.userId,
      },
      key.id,
    );
    return ok({
      data: {
        rp: { id: rpId, name: rpId },
        user: { name: token.username, id: userHandle, displayName: token.displayName ?? token.username },
        challenge,
        pubKeyCredParams: serverAlgorithms.map((alg) => ({ type: 'public-key', alg })),
        timeout: optionsTimeout,
        attestation,
        attestationFormats: [],
        authenticatorSelection: {
          ...(authenticatorAttachment ? { authenticatorAttachment } : {}),
          residentKey,
          requireResidentKey: residentKey === 'required',
          userVerification,
        },
        hints: token.hints,
        excludeCredentials: app.users
          .credentialsOf(token.userId)
          .map((credential) => ({ type: 'public-key', id: credential.credentialId })),
        extensions: { credProps: true },
      },
      session: await issueToken(app, 'session_', session),
    });
  },

  async completeRegistration({ app, key, body, now, headers, environment, ok }) {
    const read = await readToken<RegisterSessionContent>(app, body.session, 'session_');
    if (!read.ok) return read.answer;
    const session = read.content;
    if (session.kind !== 'register-session')
      return serverError('The session is a sign-in session; the server cannot deserialize it as a registration one.');
    const page = checkOrigin(body.origin);
    if (!page.ok) return page.answer;
    const { origin } = page;
    // Validation leaves `response` to the handler: Fido2MappingExtensions.ToRawResponse throws ArgumentException
    // outside the Fido2VerificationException catch.
    const credential = body.response as typeof body.response | undefined;
    if (!credential?.id || !credential.rawId || !credential.response)
      return serverError('The credential has no id, rawId or response; the server throws an ArgumentException.');
    let verified: Awaited<ReturnType<typeof verifyRegistration>>;
    try {
      verified = await verifyRegistration(credential, {
        challenge: session.challenge,
        origin,
        rpId: session.rpId,
        userVerification: session.userVerification,
        algorithms: serverAlgorithms,
      });
    } catch (error) {
      if (error instanceof WebAuthnFailure) return apiErrors.invalidRegistration(error.message);
      throw error;
    }
    const credentialId = toBase64Url(verified.credentialId);
    if (app.users.credential(credentialId)) return apiErrors.credentialNotUnique();
    const aaGuid = guidText(verified.aaguid);
    if (app.features.allowAttestation) {
      const verdict = app.authenticators.verdict(aaGuid);
      if (verdict === 'blocked') return apiErrors.authenticatorBlocked();
      if (verdict === 'not-on-allowlist') {
        return session.attestation === 'none'
          ? apiErrors.attestationRequired()
          : apiErrors.authenticatorNotOnAllowlist();
      }
    }
    const userId = new TextDecoder().decode(fromBase64Url(session.userHandle) ?? new Uint8Array());
    app.users.ensureRoomForCredential(userId);
    if (session.aliases && session.aliases.length > 0) {
      const stored = await app.users.setAliases(userId, session.aliases, {
        hashing: session.aliasHashing,
        conflicts: environment.aliasConflict,
      });
      if (stored === 'refused') return apiErrors.aliasConflict();
    }
    const { device, country } = requestOrigin(headers);
    const nickname = body.nickname ?? null;
    const storedAt = databaseDateTime(now);
    const record: CredentialRecord = {
      credentialId,
      transports: null,
      publicKey: toBase64(verified.publicKey),
      userHandle: base64UrlToBase64(session.userHandle),
      signatureCounter: verified.signCount,
      attestationFmt: verified.attestationFormat,
      createdAt: storedAt,
      aaGuid,
      lastUsedAt: storedAt,
      rpid: body.rpid ?? null,
      origin,
      country,
      device,
      nickname,
      userId,
      backupState: verified.backedUp,
      isBackupEligible: verified.backupEligible,
      isDiscoverable:
        typeof credential.clientExtensionResults?.credProps?.rk === 'boolean'
          ? credential.clientExtensionResults.credProps.rk
          : null,
    };
    app.users.addCredential(record);
    app.events.log(
      {
        eventType: 'ApiAuthPasskeyRegistrationCompleted',
        message: `Completed passkey registration for user ${userId}`,
        performedBy: userId,
      },
      key.id,
    );
    const user = verifiedUser(now, 120_000, {
      userId,
      rpId: session.rpId,
      origin,
      device,
      country,
      nickname,
      credentialId: toBase64(verified.credentialId),
      purpose: null,
      type: 'passkey_register',
    });
    return ok({ token: await issueToken(app, 'verify_', { kind: 'verify', ...user }) });
  },
};
