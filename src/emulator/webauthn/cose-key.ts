// A credential's COSE public key (RFC 9053), as an authenticator writes it into the attestation, imported into
// WebCrypto so the emulator can check sign-in signatures in Node and in a browser alike. Covers the ten algorithms the
// server offers in `pubKeyCredParams`: EdDSA, ECDSA on P-256/384/521, RSASSA-PKCS1-v1_5 and RSASSA-PSS with SHA-2.
import { toBase64Url } from '../values/bytes.js';
import { decodeCbor } from './cbor.js';
import { WebAuthnFailure } from './client-and-authenticator-data.js';

type Hash = 'SHA-256' | 'SHA-384' | 'SHA-512';

/** By the COSE `kty`: OKP (EdDSA), EC2 (ECDSA) or RSA, with the hash the signature uses. */
type Algorithm = { keyType: 1 } | { keyType: 2; hash: Hash } | { keyType: 3; hash: Hash; pss?: boolean };

const algorithms: Record<number, Algorithm> = {
  [-8]: { keyType: 1 },
  [-7]: { keyType: 2, hash: 'SHA-256' },
  [-35]: { keyType: 2, hash: 'SHA-384' },
  [-36]: { keyType: 2, hash: 'SHA-512' },
  [-257]: { keyType: 3, hash: 'SHA-256' },
  [-258]: { keyType: 3, hash: 'SHA-384' },
  [-259]: { keyType: 3, hash: 'SHA-512' },
  [-37]: { keyType: 3, hash: 'SHA-256', pss: true },
  [-38]: { keyType: 3, hash: 'SHA-384', pss: true },
  [-39]: { keyType: 3, hash: 'SHA-512', pss: true },
};

const ecCurves: Record<number, { name: string; size: number }> = {
  1: { name: 'P-256', size: 32 },
  2: { name: 'P-384', size: 48 },
  3: { name: 'P-521', size: 66 },
};
const saltLengths: Record<Hash, number> = { 'SHA-256': 32, 'SHA-384': 48, 'SHA-512': 64 };

export type CoseKey = { alg: number; key: CryptoKey } & (
  | { algorithm: { keyType: 1 } | { keyType: 3; hash: Hash; pss?: boolean } }
  /** `coordinateSize`: bytes of one ECDSA signature coordinate, to turn a DER signature into WebCrypto's r‖s form. */
  | { algorithm: { keyType: 2; hash: Hash }; coordinateSize: number }
);

const malformed = () => new WebAuthnFailure('Malformed AttestationObject');

/** The COSE key's algorithm and public key; an unknown algorithm or a key that does not fit it is a failure. */
export async function parseCoseKey(bytes: Uint8Array): Promise<CoseKey> {
  let map: unknown;
  try {
    map = decodeCbor(bytes);
  } catch {
    throw malformed();
  }
  if (!(map instanceof Map)) throw malformed();
  const alg = map.get(3);
  const algorithm = typeof alg === 'number' ? algorithms[alg] : undefined;
  if (typeof alg !== 'number' || !algorithm || map.get(1) !== algorithm.keyType) {
    throw new WebAuthnFailure('Unrecognized COSE algorithm value');
  }
  const member = (label: number) => {
    const value = map.get(label);
    return value instanceof Uint8Array ? toBase64Url(value) : undefined;
  };
  const imported = async (
    jwk: JsonWebKey,
    importAlgorithm: AlgorithmIdentifier | RsaHashedImportParams | EcKeyImportParams,
  ) => {
    try {
      return await crypto.subtle.importKey('jwk', jwk, importAlgorithm, false, ['verify']);
    } catch {
      throw malformed();
    }
  };
  if (algorithm.keyType === 1) {
    if (map.get(-1) !== 6) throw malformed();
    const key = await imported({ kty: 'OKP', crv: 'Ed25519', x: member(-2) }, { name: 'Ed25519' });
    return { alg, key, algorithm };
  }
  if (algorithm.keyType === 2) {
    const curve = ecCurves[map.get(-1) as number];
    if (!curve) throw malformed();
    const jwk = { kty: 'EC', crv: curve.name, x: member(-2), y: member(-3) };
    const key = await imported(jwk, { name: 'ECDSA', namedCurve: curve.name });
    return { alg, key, algorithm, coordinateSize: curve.size };
  }
  const rsa = { name: algorithm.pss ? 'RSA-PSS' : 'RSASSA-PKCS1-v1_5', hash: algorithm.hash };
  const key = await imported({ kty: 'RSA', n: member(-1), e: member(-2) }, rsa);
  return { alg, key, algorithm };
}

/** Whether `signature` is the credential's signature over `data`. */
export async function verifyCoseSignature(coseKey: CoseKey, data: Uint8Array, signature: Uint8Array): Promise<boolean> {
  const { key } = coseKey;
  try {
    if (coseKey.algorithm.keyType === 2 && 'coordinateSize' in coseKey) {
      const raw = derToRaw(signature, coseKey.coordinateSize);
      if (!raw) return false;
      return await crypto.subtle.verify(
        { name: 'ECDSA', hash: coseKey.algorithm.hash },
        key,
        raw as BufferSource,
        data as BufferSource,
      );
    }
    if (coseKey.algorithm.keyType === 3 && coseKey.algorithm.pss) {
      return await crypto.subtle.verify(
        { name: 'RSA-PSS', saltLength: saltLengths[coseKey.algorithm.hash] },
        key,
        signature as BufferSource,
        data as BufferSource,
      );
    }
    return await crypto.subtle.verify(key.algorithm, key, signature as BufferSource, data as BufferSource);
  } catch {
    // A signature that is not even well-formed does not match either.
    return false;
  }
}

/**
 * An ECDSA signature as WebAuthn writes it (DER: SEQUENCE of two INTEGERs) in the r‖s form WebCrypto verifies, each
 * integer left-padded to the curve's size; undefined when it is not such a DER sequence.
 */
function derToRaw(der: Uint8Array, size: number): Uint8Array | undefined {
  let offset = 0;
  const readLength = (): number | undefined => {
    const first = der[offset++];
    if (first === undefined) return undefined;
    if (first < 0x80) return first;
    const count = first & 0x7f;
    if (count === 0 || count > 2) return undefined;
    let length = 0;
    for (let i = 0; i < count; i++) {
      const byte = der[offset++];
      if (byte === undefined) return undefined;
      length = (length << 8) | byte;
    }
    return length;
  };
  if (der[offset++] !== 0x30) return undefined;
  const sequenceLength = readLength();
  if (sequenceLength === undefined || offset + sequenceLength !== der.length) return undefined;
  const raw = new Uint8Array(size * 2);
  for (let part = 0; part < 2; part++) {
    if (der[offset++] !== 0x02) return undefined;
    const length = readLength();
    if (length === undefined || length === 0 || offset + length > der.length) return undefined;
    let integer = der.subarray(offset, offset + length);
    offset += length;
    while (integer.length > 1 && integer[0] === 0) integer = integer.subarray(1);
    if (integer.length > size) return undefined;
    raw.set(integer, size * (part + 1) - integer.length);
  }
  return offset === der.length ? raw : undefined;
}
