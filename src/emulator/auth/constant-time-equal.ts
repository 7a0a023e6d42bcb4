// Comparisons of secrets whose time does not depend on where two values first differ, so an attacker who times the
// answers cannot learn a MAC or a key byte by byte. Written without node:crypto (its timingSafeEqual), because the
// emulator also runs in a browser's service worker.
import { sha256 } from '../values/bytes.js';

/**
 * Whether two byte strings are equal, reading every byte of the longer one whatever they hold. Only a difference in
 * length shows in the time; compare fixed-length values (MACs, digests) with it.
 */
export function constantTimeEqual(a: Uint8Array, b: Uint8Array): boolean {
  const length = Math.max(a.length, b.length);
  let difference = a.length ^ b.length;
  for (let i = 0; i < length; i++) difference |= (a[i] ?? 0) ^ (b[i] ?? 0);
  return difference === 0;
}

/** Whether two texts (keys, tokens) are equal, compared as SHA-256 digests, so not even their lengths show. */
export async function secretsEqual(given: string, expected: string): Promise<boolean> {
  const [a, b] = await Promise.all([sha256(given), sha256(expected)]);
  return constantTimeEqual(a, b);
}
