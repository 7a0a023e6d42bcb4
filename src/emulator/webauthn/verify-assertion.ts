// Verifies an assertion from navigator.credentials.get() against the options /signin/begin gave and the stored
// passkey, in the order and with the messages of fido2-net-lib 4.0's MakeAssertionAsync (the server answers each
// failure as `signin_complete_error` with that message), signature included.
import { bytesEqual, concatBytes, fromBase64Url, sha256 } from '../values/bytes.js';
import {
  base64UrlMember,
  checkClientData,
  parseAuthenticatorData,
  parseClientData,
  WebAuthnFailure,
} from './client-and-authenticator-data.js';
import { parseCoseKey, verifyCoseSignature } from './cose-key.js';

export interface AssertionResponse {
  id: string;
  rawId: string;
  type?: string;
  response: { authenticatorData: string; signature: string; clientDataJSON: string; userHandle?: string | null };
}

export interface AssertionExpectation {
  challenge: string;
  /** The `origin` of the /signin/complete request. */
  origin: string;
  rpId: string | null;
  userVerification: string;
  /** base64url ids of `allowCredentials`; empty for a discoverable sign-in. */
  allowCredentials: readonly string[];
  stored: { publicKey: Uint8Array; userHandle: Uint8Array; signCount: number };
}

export interface VerifiedAssertion {
  signCount: number;
  backedUp: boolean;
}

export async function verifyAssertion(
  credential: AssertionResponse,
  expected: AssertionExpectation,
): Promise<VerifiedAssertion> {
  const clientDataBytes = base64UrlMember(credential.response.clientDataJSON);
  const clientData = parseClientData(clientDataBytes);
  const authenticatorData = base64UrlMember(credential.response.authenticatorData);
  const authData = parseAuthenticatorData(authenticatorData);

  checkClientData(clientData, expected);
  if ((credential.type ?? 'public-key') !== 'public-key')
    throw new WebAuthnFailure("AssertionResponse type must be 'public-key'");
  const rawId = base64UrlMember(credential.rawId);
  if (
    expected.allowCredentials.length > 0 &&
    !expected.allowCredentials.some((id) => bytesEqual(fromBase64Url(id) ?? new Uint8Array(), rawId))
  ) {
    throw new WebAuthnFailure('Credential ID not in allowed credentials');
  }
  const userHandle = credential.response.userHandle;
  if (userHandle !== undefined && userHandle !== null) {
    if (userHandle === '')
      throw new WebAuthnFailure('UserHandle was empty DOMString. It should either be null or have a value.');
    if (!bytesEqual(base64UrlMember(userHandle), expected.stored.userHandle)) {
      throw new WebAuthnFailure('User is not owner of the public key identified by the credential id');
    }
  }
  if (clientData.type !== 'webauthn.get') throw new WebAuthnFailure("AssertionResponse type must be 'webauthn.get'");
  if (!bytesEqual(authData.rpIdHash, await sha256(expected.rpId ?? '')))
    throw new WebAuthnFailure('RPID hash does not match');
  if (!authData.userPresent) throw new WebAuthnFailure('User Present flag not set in authenticator data');
  if (expected.userVerification === 'required' && !authData.userVerified) {
    throw new WebAuthnFailure('User Verified flag not set in authenticator data and user verification was required');
  }
  const signed = concatBytes(authenticatorData, await sha256(clientDataBytes));
  const signature = base64UrlMember(credential.response.signature);
  if (!(await verifyCoseSignature(await parseCoseKey(expected.stored.publicKey), signed, signature))) {
    throw new WebAuthnFailure('Signature does not match');
  }
  if (authData.signCount > 0 && authData.signCount <= expected.stored.signCount) {
    throw new WebAuthnFailure('SignCount must be greater than the current SignatureCounter');
  }
  return { signCount: authData.signCount, backedUp: authData.backedUp };
}
