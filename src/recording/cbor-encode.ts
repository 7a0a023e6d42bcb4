// The few CBOR items (RFC 8949) a WebAuthn attestation needs (integers, byte strings, text and maps), written by cbor2.
// Maps keep the order they were built in (no key sorting), so the same value always gives the same bytes.
import { type EncodeOptions, encode, TypeEncoderMap } from 'cbor2';

export type CborValue = number | string | Uint8Array | CborMap;
export type CborMap = Map<number | string, CborValue>;

// cbor2 picks an encoder by constructor and knows Uint8Array only: a Buffer would otherwise be written via its toJSON.
const types = new TypeEncoderMap();
types.registerEncoder(Buffer, (buffer) => [
  Number.NaN,
  new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength),
]);

// Integers only: a number that is not a safe integer is refused rather than written as a float; -0 is written as 0.
const options: EncodeOptions = { types, rejectFloats: true, simplifyNegativeZero: true };

export function encodeCbor(value: CborValue): Uint8Array {
  try {
    return encode(value, options);
  } catch (error) {
    const float = error instanceof Error && /unwanted floating point number: (.*)$/.exec(error.message);
    if (float) throw new Error(`CBOR: only integers are supported, got ${float[1]}`, { cause: error });
    throw error;
  }
}
