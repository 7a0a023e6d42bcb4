// Decodes the CBOR (RFC 8949) of a WebAuthn attestation object and a COSE public key: authenticators write
// definite-length integers, byte and text strings, arrays, maps and a few simple values. Anything else, and input that
// ends early, is an error, so a malformed attestation gets the server's "Invalid AttestationObject CBOR data".
export type CborValue = number | bigint | string | Uint8Array | boolean | null | undefined | CborValue[] | Map<CborValue, CborValue>;

export class CborError extends Error {}

export function decodeCbor(bytes: Uint8Array): CborValue {
  const reader = new CborReader(bytes);
  const value = reader.item(0);
  if (reader.offset !== bytes.length) throw new CborError(`${bytes.length - reader.offset} bytes follow the CBOR item.`);
  return value;
}

/** Decodes the first CBOR item of `bytes` and says how many bytes it took (authenticator data puts the key mid-way). */
export function decodeCborPrefix(bytes: Uint8Array): { value: CborValue; length: number } {
  const reader = new CborReader(bytes);
  const value = reader.item(0);
  return { value, length: reader.offset };
}

class CborReader {
  offset = 0;
  private readonly view: DataView;

  constructor(private readonly bytes: Uint8Array) {
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }

  item(depth: number): CborValue {
    if (depth > 16) throw new CborError('CBOR nested too deeply.');
    const initial = this.take(1)[0]!;
    const major = initial >> 5;
    const info = initial & 0x1f;
    if (major === 7) return this.simple(info);
    const argument = this.argument(info);
    switch (major) {
      case 0:
        return argument;
      case 1:
        return typeof argument === 'bigint' ? -1n - argument : -1 - argument;
      case 2:
        return new Uint8Array(this.take(this.length(argument)));
      case 3:
        return new TextDecoder('utf-8', { fatal: true }).decode(this.take(this.length(argument)));
      case 4:
        return Array.from({ length: this.length(argument) }, () => this.item(depth + 1));
      case 5: {
        const map = new Map<CborValue, CborValue>();
        for (let i = this.length(argument); i > 0; i--) map.set(this.item(depth + 1), this.item(depth + 1));
        return map;
      }
      default:
        // A tag: its content stands for the value (WebAuthn does not use tags; tolerated, not interpreted).
        return this.item(depth + 1);
    }
  }

  private argument(info: number): number | bigint {
    if (info < 24) return info;
    if (info === 24) return this.take(1)[0]!;
    if (info === 25) return this.view.getUint16(this.advance(2));
    if (info === 26) return this.view.getUint32(this.advance(4));
    if (info === 27) {
      const value = this.view.getBigUint64(this.advance(8));
      return value <= BigInt(Number.MAX_SAFE_INTEGER) ? Number(value) : value;
    }
    throw new CborError(`Unsupported CBOR length encoding ${info} (indefinite lengths are not used by authenticators).`);
  }

  private simple(info: number): CborValue {
    if (info === 20) return false;
    if (info === 21) return true;
    if (info === 22) return null;
    if (info === 23) return undefined;
    if (info === 25) return this.half(this.view.getUint16(this.advance(2)));
    if (info === 26) return this.view.getFloat32(this.advance(4));
    if (info === 27) return this.view.getFloat64(this.advance(8));
    throw new CborError(`Unsupported CBOR simple value ${info}.`);
  }

  private half(bits: number): number {
    const exponent = (bits >> 10) & 0x1f;
    const fraction = bits & 0x3ff;
    const sign = bits & 0x8000 ? -1 : 1;
    if (exponent === 0) return sign * 2 ** -14 * (fraction / 1024);
    if (exponent === 31) return fraction ? Number.NaN : sign * Number.POSITIVE_INFINITY;
    return sign * 2 ** (exponent - 15) * (1 + fraction / 1024);
  }

  /** A count of bytes or items; each takes at least one byte, so a count past the input's end is malformed. */
  private length(argument: number | bigint): number {
    if (typeof argument === 'bigint' || argument > this.bytes.length - this.offset) {
      throw new CborError('A CBOR length runs past the end of the input.');
    }
    return argument;
  }

  private advance(count: number): number {
    const start = this.offset;
    this.take(count);
    return start;
  }

  private take(count: number): Uint8Array {
    if (this.offset + count > this.bytes.length) throw new CborError('The CBOR input ends early.');
    const slice = this.bytes.subarray(this.offset, this.offset + count);
    this.offset += count;
    return slice;
  }
}
