// A software authenticator for filling the emulator with hundreds of thousands of passkeys: one ES256 key pair for
// all of them (the emulator never compares public keys, and making a key pair per passkey would cost the bench more
// than the emulator), a distinct credential id for each, "none" attestation. It keeps nothing per passkey, so the
// bench's own memory stays flat; it signs assertions for the passkeys it is told the id of.
import { createHash, generateKeyPairSync, randomBytes, sign } from 'node:crypto';
import { type CborMap, encodeCbor } from '../../src/recording/cbor-encode.js';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest();
const flags = { userPresent: 0x01, userVerified: 0x04, attestedCredentialData: 0x40 };

export class BulkAuthenticator {
  private readonly keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  private readonly coseKey: Uint8Array;
  private readonly rpIdHash: Buffer;
  private readonly prefix = randomBytes(8);
  private counter = 0;

  constructor(
    private readonly origin: string,
    private readonly rpId: string,
  ) {
    const jwk = this.keys.publicKey.export({ format: 'jwk' });
    this.coseKey = encodeCbor(
      new Map<number, number | Uint8Array>([
        [1, 2],
        [3, -7],
        [-1, 1],
        [-2, Buffer.from(jwk.x ?? '', 'base64url')],
        [-3, Buffer.from(jwk.y ?? '', 'base64url')],
      ]),
    );
    this.rpIdHash = sha256(rpId);
  }

  /** What the official browser client sends to /register/complete for these creation options (`data`). */
  register(session: string, options: { challenge: string }) {
    const id = Buffer.alloc(16);
    this.prefix.copy(id);
    id.writeUInt32BE(this.counter++ >>> 0, 12);
    const authenticatorData = Buffer.concat([
      this.rpIdHash,
      Uint8Array.of(flags.userPresent | flags.userVerified | flags.attestedCredentialData),
      Buffer.alloc(4),
      Buffer.alloc(16),
      Buffer.from([0, id.length]),
      id,
      this.coseKey,
    ]);
    const attestationObject = encodeCbor(
      new Map<string, Uint8Array | CborMap | string>([
        ['fmt', 'none'],
        ['attStmt', new Map()],
        ['authData', authenticatorData],
      ]) as CborMap,
    );
    const credentialId = id.toString('base64url');
    return {
      credentialId,
      payload: {
        session,
        response: {
          id: credentialId,
          rawId: credentialId,
          type: 'public-key',
          clientExtensionResults: { credProps: { rk: true } },
          response: {
            AttestationObject: Buffer.from(attestationObject).toString('base64url'),
            clientDataJson: this.clientData('webauthn.create', options.challenge),
          },
        },
        RPID: this.rpId,
        Origin: this.origin,
      },
    };
  }

  /** What the client sends to /signin/complete with the passkey `credentialId` for these request options. */
  signIn(session: string, options: { challenge: string }, credentialId: string, signCount: number) {
    const authenticatorData = Buffer.concat([
      this.rpIdHash,
      Uint8Array.of(flags.userPresent | flags.userVerified),
      Buffer.from([signCount >>> 24, (signCount >> 16) & 0xff, (signCount >> 8) & 0xff, signCount & 0xff]),
    ]);
    const clientDataJson = this.clientData('webauthn.get', options.challenge);
    const signature = sign(
      'sha256',
      Buffer.concat([authenticatorData, sha256(Buffer.from(clientDataJson, 'base64url'))]),
      this.keys.privateKey,
    );
    return {
      session,
      response: {
        id: credentialId,
        rawId: credentialId,
        type: 'public-key',
        clientExtensionResults: {},
        response: {
          authenticatorData: authenticatorData.toString('base64url'),
          clientDataJson,
          signature: signature.toString('base64url'),
        },
      },
      RPID: this.rpId,
      Origin: this.origin,
    };
  }

  private clientData(type: string, challenge: string): string {
    return Buffer.from(JSON.stringify({ type, challenge, origin: this.origin, crossOrigin: false })).toString(
      'base64url',
    );
  }
}
