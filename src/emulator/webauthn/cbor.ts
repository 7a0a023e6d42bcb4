// How the mock reads the CBOR (RFC 8949) of a WebAuthn attestation object and a COSE public key, with cbor2. Every map
// comes back as a Map (COSE labels are integers, attestation keys text); indefinite lengths, unassigned simple values
// and deep nesting are refused, as authenticators write none of them. Every failure is a CborError, so a malformed
// attestation gets the server's "Invalid AttestationObject CBOR data".
import { type DecodeOptions, decode, decodeSequence, getEncoded, type TagDecoder, type TagNumber } from 'cbor2';

export class CborError extends Error {}

/** Gives every tag, whatever its number, the same decoder (cbor2 looks tags up with `get`). */
class EveryTag extends Map<TagNumber, TagDecoder> {
  constructor(private readonly decoder: TagDecoder) {
    super();
  }

  override get(): TagDecoder {
    return this.decoder;
  }
}

const options: DecodeOptions = {
  preferMap: true,
  rejectStreaming: true,
  rejectSimple: true,
  // 16 levels of arrays, as before cbor2 (which counts an array level twice, a map or tag level once).
  maxDepth: 32,
  // A tag stands for its content: WebAuthn uses none, so they are tolerated rather than interpreted (no Dates, URLs…).
  tags: new EveryTag((tag) => tag.contents),
};

// Boxed, every number, string and byte string keeps the bytes it was read from; a tag becomes an object that does.
const prefixOptions: DecodeOptions = { ...options, boxed: true, tags: new EveryTag(() => ({})) };

/** The one CBOR item `bytes` holds; anything after it is an error. */
export function decodeCbor(bytes: Uint8Array): unknown {
  return asCborError(() => decode(bytes, options));
}

/** How many bytes the first CBOR item of `bytes` takes (authenticator data puts the COSE key mid-way). */
export function cborPrefixLength(bytes: Uint8Array): number {
  return asCborError(() => {
    const first = decodeSequence(bytes, prefixOptions).next();
    if (first.done) throw new CborError('The CBOR input is empty.');
    // Only null, true, false and undefined carry no bytes: each is one.
    const length = getEncoded(first.value)?.length ?? 1;
    // CBOR items delimit themselves, so this holds only for the item's exact length; it also catches what a sequence
    // read lets through (a half float cut off by the end of the input).
    decode(bytes.subarray(0, length), options);
    return length;
  });
}

function asCborError<T>(read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof CborError) throw error;
    // cbor2 throws Error, TypeError or RangeError (reading past the end) on malformed input.
    throw new CborError(error instanceof Error ? error.message : String(error), { cause: error });
  }
}
