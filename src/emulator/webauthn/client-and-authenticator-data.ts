// Reads what a browser sends back from a WebAuthn ceremony (the client data JSON and the authenticator data) and runs
// the checks both ceremonies share, with the messages fido2-net-lib 4.0 (the server's WebAuthn library) gives, since the
// server passes them on as the problem's title (`fido2_invalid_registration`, `signin_complete_error`).
import { bytesEqual, fromBase64Url } from '../values/bytes.js';
import { CborError, cborPrefixLength } from './cbor.js';

/** A verification failure, with fido2-net-lib's message. */
export class WebAuthnFailure extends Error {}

export interface ClientData {
  type: unknown;
  challenge: unknown;
  origin: unknown;
}

export interface AuthenticatorData {
  rpIdHash: Uint8Array;
  userPresent: boolean;
  userVerified: boolean;
  backupEligible: boolean;
  backedUp: boolean;
  signCount: number;
  /** Present when the AT flag is set (registration). */
  attestedCredential?: { aaguid: Uint8Array; credentialId: Uint8Array; publicKey: Uint8Array };
}

const flags = {
  userPresent: 0x01,
  userVerified: 0x04,
  backupEligible: 0x08,
  backedUp: 0x10,
  attestedCredentialData: 0x40,
  extensionData: 0x80,
};
const minimumLength = 37;

export function parseClientData(clientDataJSON: Uint8Array): ClientData {
  if (clientDataJSON.length === 0) throw new WebAuthnFailure('utf8EncodedJson may not be empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(clientDataJSON));
  } catch {
    throw new WebAuthnFailure('Malformed clientDataJson');
  }
  if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
    throw new WebAuthnFailure('Deserialized authenticator response cannot be null');
  }
  const { type, challenge, origin } = parsed as Record<string, unknown>;
  return { type, challenge, origin };
}

/** Type, challenge and origin, in fido2-net-lib's order (`AuthenticatorResponse.BaseVerify`). */
export function checkClientData(clientData: ClientData, expected: { challenge: string; origin: string }): void {
  if (clientData.type !== 'webauthn.create' && clientData.type !== 'webauthn.get') {
    throw new WebAuthnFailure(
      `Type must be 'webauthn.create' or 'webauthn.get'. Was '${String(clientData.type ?? '')}'`,
    );
  }
  if (typeof clientData.challenge !== 'string')
    throw new WebAuthnFailure('Authenticator response challenge may not be null');
  const challenge = fromBase64Url(clientData.challenge);
  if (!challenge || !bytesEqual(challenge, fromBase64Url(expected.challenge) ?? new Uint8Array())) {
    throw new WebAuthnFailure('Authenticator response challenge does not match original challenge');
  }
  const origin = typeof clientData.origin === 'string' ? clientData.origin : '';
  const expectedOrigin = fullyQualifiedOrigin(expected.origin);
  if (fullyQualifiedOrigin(origin) !== expectedOrigin) {
    throw new WebAuthnFailure(
      `Fully qualified origin ${fullyQualifiedOrigin(origin)} of ${origin} not equal to fully qualified original origin ` +
        `${expectedOrigin} (1)`,
    );
  }
}

/** `scheme://host[:port]`, the port only when it is not the scheme's default (fido2-net-lib's ToFullyQualifiedOrigin). */
export function fullyQualifiedOrigin(origin: string): string {
  try {
    const url = new URL(origin);
    return url.host ? `${url.protocol}//${url.host}` : origin;
  } catch {
    return origin;
  }
}

export function parseAuthenticatorData(bytes: Uint8Array): AuthenticatorData {
  if (bytes.length < minimumLength) {
    throw new WebAuthnFailure(`Authenticator data is less than the minimum structure length of ${minimumLength}`);
  }
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  // The length was checked: the flags byte follows the 32 bytes of the RP id hash.
  const flagByte = bytes[32] ?? 0;
  const data: AuthenticatorData = {
    rpIdHash: bytes.subarray(0, 32),
    userPresent: (flagByte & flags.userPresent) !== 0,
    userVerified: (flagByte & flags.userVerified) !== 0,
    backupEligible: (flagByte & flags.backupEligible) !== 0,
    backedUp: (flagByte & flags.backedUp) !== 0,
    signCount: view.getUint32(33),
  };
  if ((flagByte & flags.attestedCredentialData) === 0) return data;
  // AAGUID (16) + credential id length (2) + credential id + COSE key.
  const rest = bytes.subarray(minimumLength);
  const tooShort = () => new WebAuthnFailure('Not enough bytes to be a valid AttestedCredentialData');
  if (rest.length < 18) throw tooShort();
  const idLength = view.getUint16(minimumLength + 16);
  if (rest.length < 18 + idLength + 1) throw tooShort();
  const keyBytes = rest.subarray(18 + idLength);
  let keyLength: number;
  try {
    keyLength = cborPrefixLength(keyBytes);
  } catch (error) {
    if (error instanceof CborError) throw new WebAuthnFailure('Malformed AttestationObject');
    throw error;
  }
  return {
    ...data,
    attestedCredential: {
      aaguid: rest.slice(0, 16),
      credentialId: rest.slice(18, 18 + idLength),
      publicKey: keyBytes.slice(0, keyLength),
    },
  };
}

/** The bytes of a base64url member of the credential; a member that is not base64url reads as no bytes. */
export const base64UrlMember = (value: unknown): Uint8Array =>
  (typeof value === 'string' ? fromBase64Url(value) : undefined) ?? new Uint8Array();
