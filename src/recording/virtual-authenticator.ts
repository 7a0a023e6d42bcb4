// A software passkey (ES256, "none" attestation) so that recording scenarios can register credentials and sign in
// without a browser: it answers the options of /register/begin and /signin/begin as a platform authenticator would.
import { createHash, generateKeyPairSync, type KeyObject, randomBytes, sign } from 'node:crypto';
import { type CborMap, encodeCbor } from './cbor-encode.js';

/** The members of /register/begin's `data` the authenticator reads. */
export interface CreationOptions {
  rp: { id?: string | null };
  user: { id: string };
  challenge: string;
}

/** The members of /signin/begin's `data` the authenticator reads. */
export interface RequestOptions {
  rpId?: string | null;
  challenge: string;
}

interface StoredPasskey {
  id: Buffer;
  privateKey: KeyObject;
  rpId: string;
  userHandle: string;
  signCount: number;
}

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest();
const uint32 = (n: number) => Buffer.from([n >>> 24, (n >> 16) & 0xff, (n >> 8) & 0xff, n & 0xff]);
const flags = { userPresent: 0x01, userVerified: 0x04, attestedCredentialData: 0x40 };

export class VirtualAuthenticator {
  private readonly passkeys: StoredPasskey[] = [];

  constructor(private readonly origin: string) {}

  /** The `response` member of /register/complete for these creation options. */
  createCredential(options: CreationOptions, rpIdFallback: string) {
    const rpId = options.rp.id || rpIdFallback;
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const { x, y } = publicKey.export({ format: 'jwk' });
    if (!x || !y) throw new Error('node:crypto exported a P-256 public key without its coordinates');
    const passkey: StoredPasskey = { id: randomBytes(32), privateKey, rpId, userHandle: options.user.id, signCount: 0 };
    this.passkeys.push(passkey);
    // COSE_Key for ES256: kty EC2, alg -7, crv P-256, x, y (RFC 9053), in CTAP2 canonical order.
    const coseKey: CborMap = new Map<number, number | Uint8Array>([
      [1, 2],
      [3, -7],
      [-1, 1],
      [-2, Buffer.from(x, 'base64url')],
      [-3, Buffer.from(y, 'base64url')],
    ]);
    const authenticatorData = Buffer.concat([
      sha256(rpId),
      Uint8Array.of(flags.userPresent | flags.userVerified | flags.attestedCredentialData),
      uint32(passkey.signCount),
      Buffer.alloc(16), // AAGUID: all zeros, as "none" attestation reports it
      Buffer.from([passkey.id.length >> 8, passkey.id.length & 0xff]),
      passkey.id,
      encodeCbor(coseKey),
    ]);
    const clientDataJSON = this.clientData('webauthn.create', options.challenge);
    const attestationObject = encodeCbor(
      new Map<string, Uint8Array | CborMap | string>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authenticatorData],
      ]) as CborMap,
    );
    return {
      id: passkey.id.toString('base64url'),
      rawId: passkey.id.toString('base64url'),
      type: 'public-key' as const,
      response: {
        clientDataJSON: clientDataJSON.toString('base64url'),
        attestationObject: Buffer.from(attestationObject).toString('base64url'),
        transports: ['internal' as const],
      },
      authenticatorAttachment: 'platform' as const,
      clientExtensionResults: { credProps: { rk: true } },
    };
  }

  /** The `response` member of /signin/complete, signed by the passkey registered for this RP (the latest one). */
  getAssertion(options: RequestOptions, rpIdFallback: string) {
    const rpId = options.rpId || rpIdFallback;
    const passkey = this.passkeys.findLast((candidate) => candidate.rpId === rpId);
    if (!passkey) throw new Error(`The virtual authenticator has no passkey for ${rpId}; register one first.`);
    passkey.signCount += 1;
    const authenticatorData = Buffer.concat([
      sha256(rpId),
      Uint8Array.of(flags.userPresent | flags.userVerified),
      uint32(passkey.signCount),
    ]);
    const clientDataJSON = this.clientData('webauthn.get', options.challenge);
    // ES256 signatures are DER-encoded, which is what node:crypto produces for EC keys.
    const signature = sign('sha256', Buffer.concat([authenticatorData, sha256(clientDataJSON)]), passkey.privateKey);
    return {
      id: passkey.id.toString('base64url'),
      rawId: passkey.id.toString('base64url'),
      type: 'public-key' as const,
      response: {
        authenticatorData: authenticatorData.toString('base64url'),
        signature: signature.toString('base64url'),
        clientDataJSON: clientDataJSON.toString('base64url'),
        userHandle: passkey.userHandle,
      },
      clientExtensionResults: {},
    };
  }

  private clientData(type: string, challenge: string): Buffer {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false }));
  }
}
