// The registration ceremony, answered per request as the server answers it (api-inventory §3.1–3.3):
// /register/token issues a token that carries the request, /register/begin builds creation options for the request's
// RP id with a fresh challenge, and /register/complete verifies the new credential against them, stores the passkey
// and issues a `verify_` token. A token or session the mock did not issue (the spec's examples) gets the spec's
// answer instead: the options of the example user, and the example token.
import type { CeremonyHandler } from './ceremony-answers.js';
import type { CeremonyProblems } from './ceremony-problems.js';
import {
  appOf,
  freshChallenge,
  jsonAnswer,
  optionsTimeout,
  registerTokenLifetime,
  serverAlgorithms,
  standardBase64,
  verifiedUser,
} from './ceremony-values.js';
import { apiProblem } from './mock-response.js';
import { issueToken, readToken, type RegisterTokenContent } from './mock-tokens.js';
import type { OperationEntry, SpecDocument } from './openapi-document.js';
import type { PasskeyStore } from './passkey-store.js';
import { WebAuthnFailure } from './webauthn-data.js';
import { verifyRegistration, type AttestationResponse } from './webauthn-registration.js';

type Body = Record<string, unknown>;

/** fido2-net-lib's enum names, each with the values its `ToEnum` accepts besides them (C# names, numbers). */
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

const text = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);
const strings = (value: unknown): string[] =>
  Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [];

export function registrationAnswers(
  spec: SpecDocument,
  store: PasskeyStore,
  problems: CeremonyProblems,
): Record<string, CeremonyHandler> {
  /** The spec's example options: what an unreadable token gets, and the members the server does not vary. */
  function exampleOptions(entry: OperationEntry) {
    const example = spec.responseExamples(entry, '200').get('default')?.value as { data?: Record<string, unknown> } | undefined;
    const data = example?.data ?? {};
    const user = (data.user ?? {}) as { name?: string; id?: string; displayName?: string };
    return { user, excludeCredentials: data.excludeCredentials ?? [] };
  }

  return {
    createRegisterToken({ entry, body, headers }) {
      const attestation = text(body.attestation) || 'none';
      // TokenValidator: "none" in any case; "direct" and "indirect" exactly. The mock has no plan, so it allows both.
      if (attestation.toLowerCase() !== 'none' && attestation !== 'direct' && attestation !== 'indirect') {
        return problems.example(entry, 'invalid_attestation');
      }
      const expiresAt = Date.parse(text(body.expiresAt) ?? '');
      const content: RegisterTokenContent = {
        kind: 'register',
        app: appOf(headers, 'ApiSecret'),
        userId: String(body.userId),
        username: String(body.username),
        displayName: text(body.displayName) ?? null,
        attestation: attestation.toLowerCase(),
        authenticatorType: text(body.authenticatorType) ?? null,
        discoverable: body.discoverable !== false,
        userVerification: text(body.userVerification) || 'preferred',
        aliases: [...new Set(strings(body.aliases))],
        hints: strings(body.hints),
        expiresAt: Number.isNaN(expiresAt) ? Date.now() + registerTokenLifetime : expiresAt,
      };
      return jsonAnswer({ token: issueToken(content) });
    },

    beginRegistration({ entry, body, headers }) {
      const app = appOf(headers, 'ApiKey');
      const token = readToken(body.token);
      if (token) {
        const wrong = problems.token(entry, token, ['register'], app);
        if (wrong) return wrong;
      }
      const wrongOrigin = problems.origin(entry, body.origin);
      if (wrongOrigin) return wrongOrigin;
      const example = exampleOptions(entry);
      const settings = token?.kind === 'register' ? token : undefined;
      const userId = settings?.userId ?? Buffer.from(example.user.id ?? '', 'base64url').toString('utf8');
      if (!userId) return problems.example(entry, 'missing_userid');

      const requestedVerification = settings?.userVerification ?? 'preferred';
      const userVerification = userVerifications.get(requestedVerification.toLowerCase());
      if (!userVerification) {
        return apiProblem(
          400,
          'invalid_argument',
          `Value '${requestedVerification}' is not a valid enum name of 'Fido2NetLib.Objects.UserVerificationRequirement'. ` +
            'Valid values are: required, preferred, discouraged.',
        );
      }
      const requestedType = settings?.authenticatorType;
      const typed = requestedType && requestedType.toLowerCase() !== 'any' ? attachments.get(requestedType.toLowerCase()) : undefined;
      if (requestedType && requestedType.toLowerCase() !== 'any' && !typed) {
        return apiProblem(
          400,
          'invalid_argument',
          `Value '${requestedType}' is not a valid enum name of 'Fido2NetLib.Objects.AuthenticatorAttachment'. ` +
            'Valid values are: platform, cross-platform.',
        );
      }
      const hints = settings?.hints ?? [];
      const authenticatorAttachment = hintAttachments.get(hints[0] ?? '') ?? typed;
      const residentKey = (settings?.discoverable ?? true) ? 'required' : 'discouraged';
      const rpId = text(body.rpid) ?? null;
      const user = settings
        ? {
            name: settings.username,
            id: Buffer.from(settings.userId).toString('base64url'),
            displayName: settings.displayName ?? settings.username,
          }
        : { name: example.user.name ?? '', id: example.user.id ?? '', displayName: example.user.displayName ?? '' };
      const challenge = freshChallenge();
      const data = {
        rp: { id: rpId, name: rpId },
        user,
        challenge,
        pubKeyCredParams: serverAlgorithms.map((alg) => ({ type: 'public-key', alg })),
        timeout: optionsTimeout,
        attestation: settings?.attestation ?? 'none',
        attestationFormats: [],
        authenticatorSelection: {
          ...(authenticatorAttachment ? { authenticatorAttachment } : {}),
          residentKey,
          requireResidentKey: residentKey === 'required',
          userVerification,
        },
        hints,
        excludeCredentials: example.excludeCredentials,
        extensions: { credProps: true },
      };
      const session = issueToken({
        kind: 'register-session',
        app: settings?.app ?? app,
        challenge,
        rpId,
        userHandle: user.id,
        userId,
        userVerification,
        algorithms: [...serverAlgorithms],
        aliases: settings?.aliases ?? [],
      });
      return jsonAnswer({ data, session });
    },

    completeRegistration({ entry, body, headers }) {
      const credential = body.response as AttestationResponse;
      // AuthenticatorAttestationRawResponse requires both members: without one, the body does not bind.
      for (const member of ['attestationObject', 'clientDataJSON'] as const) {
        if (typeof credential.response?.[member] !== 'string') return problems.missingMember(entry, '$.response.response', member);
      }
      const app = appOf(headers, 'ApiKey');
      const session = readToken(body.session);
      if (session) {
        const wrong = problems.token(entry, session, ['register-session'], app);
        if (wrong) return wrong;
      }
      const wrongOrigin = problems.origin(entry, body.origin);
      if (wrongOrigin) return wrongOrigin;
      if (session?.kind !== 'register-session') return undefined;

      const origin = String(body.origin);
      let verified;
      try {
        verified = verifyRegistration(credential, { ...session, origin });
      } catch (error) {
        if (error instanceof WebAuthnFailure) return apiProblem(400, 'fido2_invalid_registration', error.message);
        throw error;
      }
      const credentialId = verified.credentialId.toString('base64url');
      if (store.find(app, credentialId)) {
        return apiProblem(400, 'fido2_invalid_registration', 'CredentialId is not unique to this user');
      }
      const nickname = text(body.nickname) ?? null;
      const { userId, userHandle } = session;
      store.register(
        { app, credentialId, publicKey: verified.publicKey, userId, userHandle, signCount: verified.signCount, nickname },
        session.aliases,
      );
      const user = verifiedUser(headers, {
        userId: session.userId,
        rpId: session.rpId,
        origin,
        nickname,
        credentialId: standardBase64(credentialId),
        purpose: null,
        type: 'passkey_register',
      });
      return jsonAnswer({ token: issueToken({ kind: 'verify', app, verified: user }) });
    },
  };
}
