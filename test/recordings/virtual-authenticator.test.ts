// The software passkey the scenarios register and sign in with: its CBOR is RFC 8949's, its attestation carries the
// credential and key a WebAuthn server reads, and its assertions verify with that key.
import { createHash, createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { encodeCbor } from '../../src/recording/cbor-encode.js';
import { VirtualAuthenticator } from '../../src/recording/virtual-authenticator.js';

const hex = (bytes: Uint8Array) => Buffer.from(bytes).toString('hex');
const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest();

describe('CBOR encoding', () => {
  // Test vectors from RFC 8949, Appendix A.
  it.each([
    [0, '00'],
    [23, '17'],
    [24, '1818'],
    [100, '1864'],
    [1000, '1903e8'],
    [1000000, '1a000f4240'],
    [-1, '20'],
    [-100, '3863'],
    ['a', '6161'],
    ['IETF', '6449455446'],
  ] as const)('encodes %j as %s', (value, expected) => {
    expect(hex(encodeCbor(value))).toBe(expected);
  });

  it('encodes byte strings and maps', () => {
    expect(hex(encodeCbor(Uint8Array.of(1, 2, 3, 4)))).toBe('4401020304');
    expect(hex(encodeCbor(Buffer.from([1, 2, 3, 4])))).toBe('4401020304');
    expect(
      hex(
        encodeCbor(
          new Map([
            [1, 2],
            [3, 4],
          ]),
        ),
      ),
    ).toBe('a201020304');
    expect(hex(encodeCbor(new Map<string, string>([['a', 'A']])))).toBe('a161616141');
  });

  it('refuses what it cannot encode', () => {
    expect(() => encodeCbor(1.5)).toThrow('CBOR: only integers are supported, got 1.5');
  });
});

describe('the virtual authenticator', () => {
  const origin = 'https://recorder.example.com';
  const rpId = 'recorder.example.com';
  const challenge = Buffer.from('a sixteen-byte c').toString('base64url');
  const authenticator = new VirtualAuthenticator(origin);
  const credential = authenticator.createCredential(
    { rp: { id: rpId }, user: { id: 'dXNlci0x' }, challenge },
    'unused.example',
  );
  const authData = (() => {
    const attestation = Buffer.from(credential.response.attestationObject, 'base64url');
    // The map's last member is "authData" (text of 8), then a byte string of 24 to 255 bytes (0x58, a 1-byte length).
    const marker = Buffer.concat([Buffer.from([0x68]), Buffer.from('authData'), Buffer.from([0x58])]);
    const at = attestation.indexOf(marker) + marker.length;
    expect(at).toBeGreaterThan(marker.length);
    return attestation.subarray(at + 1, at + 1 + attestation[at]!);
  })();

  it('writes client data of type webauthn.create for the challenge and origin', () => {
    expect(JSON.parse(Buffer.from(credential.response.clientDataJSON, 'base64url').toString())).toEqual({
      type: 'webauthn.create',
      challenge,
      origin,
      crossOrigin: false,
    });
  });

  it('attests a "none" credential whose authenticator data names the RP, the flags and the credential id', () => {
    const attestation = Buffer.from(credential.response.attestationObject, 'base64url');
    expect(hex(attestation.subarray(0, 1))).toBe('a3');
    expect(attestation.includes(Buffer.from('646e6f6e65', 'hex'))).toBe(true); // "none"
    expect(authData.subarray(0, 32)).toEqual(sha256(rpId));
    expect(authData[32]).toBe(0x45); // user present, user verified, attested credential data
    expect(authData.readUInt32BE(33)).toBe(0);
    expect(authData.subarray(37, 53)).toEqual(Buffer.alloc(16));
    const idLength = authData.readUInt16BE(53);
    expect(authData.subarray(55, 55 + idLength).toString('base64url')).toBe(credential.rawId);
    expect(credential.id).toBe(credential.rawId);
  });

  it('signs assertions that verify with the attested key, counting up', () => {
    const coseKey = authData.subarray(55 + authData.readUInt16BE(53));
    // -2 (x) and -3 (y) are 32-byte strings: 0x21 0x58 0x20 <x>, 0x22 0x58 0x20 <y>.
    const x = coseKey.subarray(coseKey.indexOf(Buffer.from([0x21, 0x58, 0x20])) + 3).subarray(0, 32);
    const y = coseKey.subarray(coseKey.indexOf(Buffer.from([0x22, 0x58, 0x20])) + 3).subarray(0, 32);
    const publicKey = createPublicKey({
      key: { kty: 'EC', crv: 'P-256', x: x.toString('base64url'), y: y.toString('base64url') },
      format: 'jwk',
    });
    for (const expectedCount of [1, 2]) {
      const assertion = authenticator.getAssertion({ rpId, challenge }, 'unused.example');
      const assertionData = Buffer.from(assertion.response.authenticatorData, 'base64url');
      const clientData = Buffer.from(assertion.response.clientDataJSON, 'base64url');
      expect(JSON.parse(clientData.toString())).toMatchObject({ type: 'webauthn.get', challenge, origin });
      expect(assertionData.subarray(0, 32)).toEqual(sha256(rpId));
      expect(assertionData.readUInt32BE(33)).toBe(expectedCount);
      expect(assertion.response.userHandle).toBe('dXNlci0x');
      const signed = Buffer.concat([assertionData, sha256(clientData)]);
      expect(verify('sha256', signed, publicKey, Buffer.from(assertion.response.signature, 'base64url'))).toBe(true);
    }
  });

  it('refuses to sign for an RP it has no passkey for', () => {
    expect(() => authenticator.getAssertion({ rpId: 'other.example', challenge }, 'unused.example')).toThrow(
      'The virtual authenticator has no passkey for other.example; register one first.',
    );
  });
});
