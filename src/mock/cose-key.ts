// A credential's COSE public key (RFC 9053), as an authenticator writes it into the attestation, turned into a
// node:crypto key so the mock can check sign-in signatures. Covers the ten algorithms the server offers in
// `pubKeyCredParams`: EdDSA, ECDSA on P-256/384/521, RSASSA-PKCS1-v1_5 and RSASSA-PSS with SHA-256/384/512.
import { constants, createPublicKey, verify, type JsonWebKey, type KeyObject } from 'node:crypto';
import { decodeCbor } from './cbor-decode.js';
import { WebAuthnFailure } from './webauthn-data.js';

interface Algorithm {
  /** The COSE `kty`. */
  keyType: number;
  hash: 'sha256' | 'sha384' | 'sha512' | null;
  pss?: boolean;
}

const algorithms: Record<number, Algorithm> = {
  [-8]: { keyType: 1, hash: null },
  [-7]: { keyType: 2, hash: 'sha256' },
  [-35]: { keyType: 2, hash: 'sha384' },
  [-36]: { keyType: 2, hash: 'sha512' },
  [-257]: { keyType: 3, hash: 'sha256' },
  [-258]: { keyType: 3, hash: 'sha384' },
  [-259]: { keyType: 3, hash: 'sha512' },
  [-37]: { keyType: 3, hash: 'sha256', pss: true },
  [-38]: { keyType: 3, hash: 'sha384', pss: true },
  [-39]: { keyType: 3, hash: 'sha512', pss: true },
};

const ecCurves: Record<number, string> = { 1: 'P-256', 2: 'P-384', 3: 'P-521' };
const saltLengths = { sha256: 32, sha384: 48, sha512: 64 };

export interface CoseKey {
  alg: number;
  key: KeyObject;
}

/** The COSE key's algorithm and public key; an unknown algorithm or a key that does not fit it is a failure. */
export function parseCoseKey(bytes: Uint8Array): CoseKey {
  let map: unknown;
  try {
    map = decodeCbor(bytes);
  } catch {
    throw new WebAuthnFailure('Malformed AttestationObject');
  }
  if (!(map instanceof Map)) throw new WebAuthnFailure('Malformed AttestationObject');
  const alg = map.get(3);
  const algorithm = typeof alg === 'number' ? algorithms[alg] : undefined;
  if (typeof alg !== 'number' || !algorithm || map.get(1) !== algorithm.keyType) {
    throw new WebAuthnFailure('Unrecognized COSE algorithm value');
  }
  const bytesOf = (label: number) => {
    const value = map.get(label);
    return value instanceof Uint8Array ? Buffer.from(value).toString('base64url') : undefined;
  };
  let jwk: JsonWebKey;
  if (algorithm.keyType === 1) {
    jwk = { kty: 'OKP', crv: map.get(-1) === 6 ? 'Ed25519' : 'unsupported', x: bytesOf(-2) };
  } else if (algorithm.keyType === 2) {
    const curve = map.get(-1);
    jwk = { kty: 'EC', crv: (typeof curve === 'number' && ecCurves[curve]) || 'unsupported', x: bytesOf(-2), y: bytesOf(-3) };
  } else {
    jwk = { kty: 'RSA', n: bytesOf(-1), e: bytesOf(-2) };
  }
  try {
    return { alg, key: createPublicKey({ key: jwk, format: 'jwk' }) };
  } catch {
    throw new WebAuthnFailure('Malformed AttestationObject');
  }
}

/** Whether `signature` is the credential's signature over `data`. */
export function verifyCoseSignature({ alg, key }: CoseKey, data: Buffer, signature: Buffer): boolean {
  const algorithm = algorithms[alg]!;
  try {
    if (algorithm.keyType === 2) return verify(algorithm.hash, data, { key, dsaEncoding: 'der' }, signature);
    if (algorithm.pss) {
      const saltLength = saltLengths[algorithm.hash!];
      return verify(algorithm.hash, data, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength }, signature);
    }
    return verify(algorithm.hash, data, key, signature);
  } catch {
    // A signature that is not even well-formed DER does not match either.
    return false;
  }
}
