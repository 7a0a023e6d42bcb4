// The registration ceremony as the server's Fido2Service runs it (api-inventory §3.1–3.3): /register/token checks the
// app's user limit, the attestation and the aliases, and issues a token carrying the request; /register/begin builds
// creation options for the request's RP id, excluding the user's passkeys; /register/complete verifies the new
// credential against them, applies the app's authenticator allow/block lists, stores the aliases and the credential,
// and issues a `verify_` token.
import { logEvent } from '../state/event-log.js';
import { LimitReached } from '../state/limits.js';
import type { AppRecord, CredentialRecord } from '../state/records.js';
import {
  aliasesAvailable,
  countUsersWithCredentials,
  credentialsOf,
  ensureRoomForUser,
  hashAlias,
  replaceAliases,
} from '../state/users.js';
import { issueToken, readToken } from '../tokens/app-tokens.js';
import { base64UrlToBase64, fromBase64Url, hex, toBase64, toBase64Url, utf8 } from '../values/bytes.js';
import { databaseDateTime, humanizedAge, utcDateTime } from '../values/dotnet-formats.js';
import { WebAuthnFailure } from '../webauthn/client-and-authenticator-data.js';
import { type AttestationResponse, verifyRegistration } from '../webauthn/verify-registration.js';
import { apiProblem, type EmulatorResponse, jsonResponse, serverError } from '../wire/problems.js';
import {
  expiredProblem,
  freshChallenge,
  optionsTimeout,
  originProblem,
  requestOrigin,
  serverAlgorithms,
  verifiedUser,
} from './ceremony-values.js';
import { deviceName } from './device-name.js';
import { appOf, type OperationContext, type OperationHandler, strings, text } from './operation-context.js';

/** What /register/token puts in its token: the request's members as bound (RegisterToken), and Token's. */
interface RegisterTokenContent {
  kind: 'register';
  userId: string;
  displayName: string | null;
  username: string;
  attestation: string;
  authenticatorType: string | null;
  discoverable: boolean;
  userVerification: string;
  aliases: string[] | null;
  aliasHashing: boolean;
  hints: string[];
  expiresAt: string;
}

/** What /register/begin puts in its session (RegisterSession): the options, and the aliases to store. */
interface RegisterSessionContent {
  kind: 'register-session';
  challenge: string;
  rpId: string | null;
  userHandle: string;
  userVerification: string;
  attestation: string;
  aliases: string[] | null;
  aliasHashing: boolean;
}

/** fido2-net-lib's `ToEnum`: the EnumMember value in any case, else the C# name or a number (Enum.TryParse). */
const userVerifications = new Map([
  ['required', 'required'],
  ['preferred', 'preferred'],
  ['discouraged', 'discouraged'],
  ['0', 'required'],
  ['1', 'preferred'],
  ['2', 'discouraged'],
]);
const attachments = new Map([
  ['platform', 'platform'],
  ['cross-platform', 'cross-platform'],
  ['crossplatform', 'cross-platform'],
  ['0', 'platform'],
  ['1', 'cross-platform'],
]);
/** The first hint decides the attachment. */
const hintAttachments = new Map([
  ['client-device', 'platform'],
  ['security-key', 'cross-platform'],
  ['hybrid', 'cross-platform'],
]);

/** TokenValidator.ValidateAttestation: "none" in any case, "direct"/"indirect" exactly, and only on plans that allow it. */
function attestationProblem(attestation: string, app: AppRecord): EmulatorResponse | undefined {
  if (attestation.toLowerCase() === 'none') return undefined;
  if (attestation !== 'direct' && attestation !== 'indirect')
    return apiProblem(400, 'invalid_attestation', 'Attestation type not supported');
  if (!app.features.allowAttestation) {
    return {
      ...apiProblem(400, 'attestation_not_supported_on_plan', 'Attestation type not supported on your plan'),
      reason: `The app ${app.appId} does not allow attestation (features.allowAttestation).`,
    };
  }
  return undefined;
}

const invalidArgument = (value: string, enumName: string, valid: string) =>
  apiProblem(
    400,
    'invalid_argument',
    `Value '${value}' is not a valid enum name of 'Fido2NetLib.Objects.${enumName}'. Valid values are: ${valid}.`,
  );

export const registrationHandlers: Record<string, OperationHandler> = {
  async createRegisterToken(context) {
    const { app, key } = appOf(context);
    const { body, now, state } = context;
    const userId = String(body.userId);
    if (
      app.features.maxUsers !== null &&
      credentialsOf(app, userId).length === 0 &&
      countUsersWithCredentials(app) >= app.features.maxUsers
    ) {
      return {
        ...apiProblem(400, 'max_users_reached', 'Maximum number of users reached'),
        reason: `The app allows ${app.features.maxUsers} users (features.maxUsers).`,
      };
    }
    const attestation = text(body.attestation) || 'none';
    const wrongAttestation = attestationProblem(attestation, app);
    if (wrongAttestation) return wrongAttestation;
    const aliases = Array.isArray(body.aliases) ? [...new Set(strings(body.aliases))] : null;
    if (aliases) {
      const hashes = await Promise.all(aliases.map((alias) => hashAlias(app, alias)));
      if (!aliasesAvailable(app, hashes, userId))
        return apiProblem(409, 'alias_conflict', 'Alias is already in use by another userid');
    }
    const requestedExpiry = Date.parse(text(body.expiresAt) ?? '');
    const content: RegisterTokenContent = {
      kind: 'register',
      userId,
      displayName: text(body.displayName) ?? null,
      username: String(body.username),
      attestation,
      authenticatorType: text(body.authenticatorType) ?? null,
      discoverable: body.discoverable !== false,
      userVerification: text(body.userVerification) ?? 'Preferred',
      aliases,
      aliasHashing: body.aliasHashing !== false,
      hints: strings(body.hints),
      expiresAt: utcDateTime(Number.isNaN(requestedExpiry) ? now + 120_000 : requestedExpiry),
    };
    logEvent(app, key, now, state.limits.eventsPerApp, {
      eventType: 'ApiAuthUserRegistered',
      message: `Created registration token for ${userId}`,
      performedBy: userId,
    });
    return jsonResponse({ token: await issueToken(app, 'register_', content) });
  },

  async beginRegistration(context) {
    const { app, key } = appOf(context);
    const { body, now, state } = context;
    const read = await readToken<RegisterTokenContent>(app, body.token, 'register_');
    if (!read.ok) return read.response;
    const token = read.content;
    if (token.kind !== 'register')
      return serverError('The token is not a register token; the server cannot deserialize it as one.');
    const expired = expiredProblem(token.expiresAt, now, humanizedAge);
    if (expired) return expired;
    const wrongOrigin = originProblem(body.origin);
    if (wrongOrigin) return wrongOrigin;
    if (!token.userId) return apiProblem(400, 'missing_userid', 'The token does not contain a valid userId');

    const requestedVerification = token.userVerification || 'preferred';
    const userVerification = userVerifications.get(requestedVerification.toLowerCase());
    if (!userVerification)
      return invalidArgument(requestedVerification, 'UserVerificationRequirement', 'required, preferred, discouraged');
    const requestedType = token.authenticatorType?.toLowerCase() === 'any' ? null : token.authenticatorType;
    const typed = requestedType ? attachments.get(requestedType.toLowerCase()) : undefined;
    if (requestedType && !typed)
      return invalidArgument(requestedType, 'AuthenticatorAttachment', 'platform, cross-platform');
    const wrongAttestation = attestationProblem(token.attestation || 'none', app);
    if (wrongAttestation) return wrongAttestation;

    const authenticatorAttachment = hintAttachments.get(token.hints[0] ?? '') ?? typed;
    const residentKey = token.discoverable ? 'required' : 'discouraged';
    const rpId = text(body.rpid) ?? null;
    const userHandle = toBase64Url(utf8(token.userId));
    const challenge = freshChallenge();
    const attestation = token.attestation.toLowerCase();
    const data = {
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
      excludeCredentials: credentialsOf(app, token.userId).map((credential) => ({
        type: 'public-key',
        id: credential.credentialId,
      })),
      extensions: { credProps: true },
    };
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
    logEvent(app, key, now, state.limits.eventsPerApp, {
      eventType: 'ApiAuthPasskeyRegistrationBegan',
      message: `Beginning passkey registration for ${token.userId}`,
      performedBy: token.userId,
    });
    return jsonResponse({ data, session: await issueToken(app, 'session_', session) });
  },

  async completeRegistration(context) {
    const { app, key } = appOf(context);
    const { body, now, state, headers } = context;
    const read = await readToken<RegisterSessionContent>(app, body.session, 'session_');
    if (!read.ok) return read.response;
    const session = read.content;
    if (session.kind !== 'register-session')
      return serverError('The session is a sign-in session; the server cannot deserialize it as a registration one.');
    const wrongOrigin = originProblem(body.origin);
    if (wrongOrigin) return wrongOrigin;
    const credential = body.response as AttestationResponse;
    // Fido2MappingExtensions.ToRawResponse throws ArgumentException outside the Fido2VerificationException catch.
    if (!credential?.id || !credential.rawId || !credential.response)
      return serverError('The credential has no id, rawId or response; the server throws an ArgumentException.');
    const origin = String(body.origin);
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
      if (error instanceof WebAuthnFailure) return apiProblem(400, 'fido2_invalid_registration', error.message);
      throw error;
    }
    const credentialId = toBase64Url(verified.credentialId);
    if (app.credentials.some((stored) => stored.credentialId === credentialId)) {
      return apiProblem(400, 'fido2_invalid_registration', 'CredentialId is not unique to this user');
    }
    const aaGuid = guidText(verified.aaguid);
    if (app.features.allowAttestation) {
      const blocked = app.authenticators.filter((authenticator) => !authenticator.isAllowed);
      if (blocked.some((authenticator) => authenticator.aaGuid === aaGuid)) {
        return apiProblem(
          400,
          'authenticator_not_allowed',
          'The authenticator is on the blocklist and is not allowed to be used for registration.',
        );
      }
      const allowed = app.authenticators.filter((authenticator) => authenticator.isAllowed);
      if (allowed.length > 0 && allowed.every((authenticator) => authenticator.aaGuid !== aaGuid)) {
        if (session.attestation === 'none') {
          return apiProblem(
            400,
            'attestation_required',
            "Attestation 'none' was used for registration, but an allowlist was configured. Please use a supported attestation method.",
          );
        }
        return apiProblem(
          400,
          'authenticator_not_allowed',
          'An allowlist was configured. The authenticator is not found on the allowlist and is not allowed to be used for registration.',
        );
      }
    }
    const userId = new TextDecoder().decode(fromBase64Url(session.userHandle) ?? new Uint8Array());
    ensureRoomForUser(app, userId, state.limits);
    if (app.credentials.length >= state.limits.credentialsPerApp) {
      throw new LimitReached(
        `The app ${app.appId} holds ${state.limits.credentialsPerApp} credentials, the emulator's limit; delete some or reset the state (DELETE /__mock/state).`,
      );
    }
    if (session.aliases && session.aliases.length > 0) {
      const stored = await storeAliases(context, app, userId, session.aliases, session.aliasHashing);
      if (stored) return stored;
    }
    const { device, country } = requestOrigin(headers, deviceName);
    const nickname = text(body.nickname) ?? null;
    const storedAt = databaseDateTime(now);
    const extensionResults = (credential.clientExtensionResults ?? null) as { credProps?: { rk?: unknown } } | null;
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
      rpid: text(body.rpid) ?? null,
      origin,
      country,
      device,
      nickname,
      userId,
      backupState: verified.backedUp,
      isBackupEligible: verified.backupEligible,
      isDiscoverable: typeof extensionResults?.credProps?.rk === 'boolean' ? extensionResults.credProps.rk : null,
    };
    app.credentials.push(record);
    logEvent(app, key, now, state.limits.eventsPerApp, {
      eventType: 'ApiAuthPasskeyRegistrationCompleted',
      message: `Completed passkey registration for user ${userId}`,
      performedBy: userId,
    });
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
    return jsonResponse({ token: await issueToken(app, 'verify_', { kind: 'verify', ...user }) });
  },
};

/**
 * SetAliasAsync as /register/complete and /alias call it: replaces the user's aliases. An alias another user holds
 * breaks the database's unique index: SQL Server (the cloud, Production here) answers 409 `alias_conflict`; SQLite (a
 * self-hosted server, Development here) swallows the error and stores nothing. Returns the answer to give instead, if any.
 */
export async function storeAliases(
  context: OperationContext,
  app: AppRecord,
  userId: string,
  aliases: readonly string[],
  hashing: boolean,
): Promise<EmulatorResponse | undefined> {
  const records = await Promise.all(
    aliases.map(async (alias) => ({ userId, hash: await hashAlias(app, alias), plaintext: hashing ? null : alias })),
  );
  if (
    !aliasesAvailable(
      app,
      records.map((record) => record.hash),
      userId,
    )
  ) {
    if (context.environment.aliasConflict === 'refused')
      return apiProblem(409, 'alias_conflict', 'Alias is already in use by another userid');
    return undefined;
  }
  replaceAliases(app, userId, records, context.state.limits);
  return undefined;
}

/** A 16-byte AAGUID as .NET writes a Guid read big-endian from the authenticator data. */
function guidText(bytes: Uint8Array): string {
  const digits = hex(bytes);
  return `${digits.slice(0, 8)}-${digits.slice(8, 12)}-${digits.slice(12, 16)}-${digits.slice(16, 20)}-${digits.slice(20)}`;
}
