// Byte strings as the server writes them, without Node's Buffer, so the emulator also runs in a browser's service
// worker: standard base64 (a `byte[]` without a converter), base64url (fido2-net-lib's converter), UTF-8.
const encoder = new TextEncoder();

export const utf8 = (text: string): Uint8Array => encoder.encode(text);

const NodeBuffer = (globalThis as { Buffer?: typeof import('node:buffer').Buffer }).Buffer;

export function toBase64(bytes: Uint8Array): string {
  // Buffer, where there is one, encodes the bytes directly: a tenth of the work of a binary string and btoa.
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let binary = '';
  // In chunks: String.fromCharCode takes its bytes as arguments, and a large spread overflows the stack.
  for (let offset = 0; offset < bytes.length; offset += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(offset, offset + 0x8000));
  }
  return btoa(binary);
}

export const toBase64Url = (bytes: Uint8Array): string =>
  NodeBuffer
    ? NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64url')
    : toBase64(bytes).replaceAll('+', '-').replaceAll('/', '_').replace(/=+$/, '');

const base64UrlText = /^[A-Za-z0-9_-]*$/;
const base64Text = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** The bytes of a base64url text (padding allowed), or undefined when it is not base64url. */
export function fromBase64Url(text: string): Uint8Array | undefined {
  const unpadded = text.replace(/={1,2}$/, '');
  if (!base64UrlText.test(unpadded) || unpadded.length % 4 === 1) return undefined;
  return fromBase64(
    unpadded
      .replaceAll('-', '+')
      .replaceAll('_', '/')
      .padEnd(Math.ceil(unpadded.length / 4) * 4, '='),
  );
}

/** The bytes of a standard base64 text, or undefined when it is not base64. */
export function fromBase64(text: string): Uint8Array | undefined {
  if (!base64Text.test(text)) return undefined;
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/**
 * The bytes of a base64url text as .NET's Base64Url decoder reads them (fido2-net-lib's Base64UrlConverter): spaces,
 * tabs and line breaks are skipped and up to two `=` may pad the end. Undefined when it is not base64url.
 */
export function fromBase64UrlLikeDotnet(text: string): Uint8Array | undefined {
  const compact = text.replace(/[ \t\r\n]/g, '');
  return /^[^=]*={0,2}$/.test(compact) ? fromBase64Url(compact.replace(/=+$/, '')) : undefined;
}

export const base64UrlToBase64 = (text: string): string => toBase64(fromBase64Url(text) ?? new Uint8Array());

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

export function concatBytes(...parts: Uint8Array[]): Uint8Array {
  const joined = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let offset = 0;
  for (const part of parts) {
    joined.set(part, offset);
    offset += part.length;
  }
  return joined;
}

export const randomBytes = (length: number): Uint8Array => crypto.getRandomValues(new Uint8Array(length));

export const hex = (bytes: Uint8Array): string => [...bytes].map((byte) => byte.toString(16).padStart(2, '0')).join('');

/**
 * node:crypto where there is one (Node, Deno, Bun): it hashes a few bytes about ten times faster than crypto.subtle,
 * which queues a job and a promise per call. Browsers (msw's service worker) have only crypto.subtle; the bytes are
 * the same.
 */
export const nodeCrypto = (
  globalThis as { process?: { getBuiltinModule?: (id: string) => unknown } }
).process?.getBuiltinModule?.('node:crypto') as typeof import('node:crypto') | undefined;

export async function sha256(data: Uint8Array | string): Promise<Uint8Array> {
  const bytes = typeof data === 'string' ? utf8(data) : data;
  if (nodeCrypto) return new Uint8Array(nodeCrypto.createHash('sha256').update(bytes).digest());
  return new Uint8Array(await crypto.subtle.digest('SHA-256', bytes as BufferSource));
}
