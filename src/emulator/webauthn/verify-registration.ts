// Verifies a new credential from navigator.credentials.create() against the options /register/begin gave, in the order
// and with the messages of fido2-net-lib 4.0's MakeNewCredentialAsync (the server answers each failure as
// `fido2_invalid_registration` with that message). Attestation statements other than `none` are read but not checked
// against certificates: the emulator has no metadata service, and the server accepts `none` by default.
import { bytesEqual, sha256 } from '../values/bytes.js';
import { decodeCbor } from './cbor.js';
import {
  base64UrlMember,
  checkClientData,
  parseAuthenticatorData,
  parseClientData,
  WebAuthnFailure,
} from './client-and-authenticator-data.js';
import { parseCoseKey } from './cose-key.js';

export interface AttestationResponse {
  id: string;
  rawId: string;
  type?: string;
  response: { clientDataJSON: string; attestationObject: string; transports?: string[] | null };
  clientExtensionResults?: { credProps?: { rk?: boolean } } | null;
}

export interface RegistrationExpectation {
  /** base64url challenge of the options. */
  challenge: string;
  /** The `origin` of the /register/complete request: fido2-net-lib is configured with it. */
  origin: string;
  /** `rp.id` of the options. */
  rpId: string | null;
  userVerification: string;
  /** The `alg`s offered in `pubKeyCredParams`. */
  algorithms: readonly number[];
}

export interface VerifiedRegistration {
  credentialId: Uint8Array;
  /** The COSE public key, stored as the server stores it. */
  publicKey: Uint8Array;
  signCount: number;
  aaguid: Uint8Array;
  attestationFormat: string;
  backupEligible: boolean;
  backedUp: boolean;
}

export async function verifyRegistration(
  credential: AttestationResponse,
  expected: RegistrationExpectation,
): Promise<VerifiedRegistration> {
  const attestationBytes = base64UrlMember(credential.response.attestationObject);
  if (attestationBytes.length === 0) throw new WebAuthnFailure('Missing AttestationObject');
  let attestation: unknown;
  try {
    attestation = decodeCbor(attestationBytes);
  } catch {
    throw new WebAuthnFailure('Invalid AttestationObject CBOR data');
  }
  const fmt = attestation instanceof Map ? attestation.get('fmt') : undefined;
  const attStmt = attestation instanceof Map ? attestation.get('attStmt') : undefined;
  const authDataBytes = attestation instanceof Map ? attestation.get('authData') : undefined;
  if (typeof fmt !== 'string' || !(attStmt instanceof Map) || !(authDataBytes instanceof Uint8Array)) {
    throw new WebAuthnFailure('Malformed AttestationObject');
  }
  const authData = parseAuthenticatorData(authDataBytes);
  const clientData = parseClientData(base64UrlMember(credential.response.clientDataJSON));

  if (clientData.type !== 'webauthn.create')
    throw new WebAuthnFailure("AttestationResponse type must be 'webauthn.create'");
  checkClientData(clientData, expected);
  if (!credential.id) throw new WebAuthnFailure('AttestationResponse Id is missing');
  if ((credential.type ?? 'public-key') !== 'public-key')
    throw new WebAuthnFailure("AttestationResponse type must be 'public-key'");
  if (!bytesEqual(authData.rpIdHash, await sha256(expected.rpId ?? '')))
    throw new WebAuthnFailure('RPID hash does not match');
  if (!authData.userPresent) throw new WebAuthnFailure('User Present flag not set in authenticator data');
  if (expected.userVerification === 'required' && !authData.userVerified) {
    throw new WebAuthnFailure('User Verified flag not set in authenticator data and user verification was required');
  }
  const attested = authData.attestedCredential;
  if (!attested) throw new WebAuthnFailure('Attestation flag not set on attestation data');
  const key = await parseCoseKey(attested.publicKey);
  if (!expected.algorithms.includes(key.alg))
    throw new WebAuthnFailure('Credential algorithm does not match policy requirement');
  if (fmt === 'none' && attStmt.size > 0)
    throw new WebAuthnFailure('Attestation format none should have no attestation statement');
  return {
    credentialId: attested.credentialId,
    publicKey: attested.publicKey,
    signCount: authData.signCount,
    aaguid: attested.aaguid,
    attestationFormat: fmt,
    backupEligible: authData.backupEligible,
    backedUp: authData.backedUp,
  };
}
