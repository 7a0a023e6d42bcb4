// Keys are shown only masked: enough to tell two keys apart (app id, kind, last four digits, the same four the server
// looks keys up by), never enough to use one.

const keyShape = /^([^:\s]+:(?:secret|public):)[0-9a-f]{28}([0-9a-f]{4})$/;

/** `myapp:secret:0123…abcd` → `myapp:secret:****abcd`; anything that is not a key → `****`. */
export function maskKey(value: string): string {
  const match = keyShape.exec(value);
  return match ? `${match[1]}****${match[2]}` : '****';
}

/**
 * Replaces every occurrence of the given keys (whole, or their 32 secret digits alone) in `text` with their masked
 * form. For text the client did not write, such as an error page that echoes request headers back.
 */
export function redactKeys(text: string, keys: readonly string[]): string {
  for (const key of keys) {
    // Keys reach here checked, so each is `<appId>:<kind>:<32 digits>`.
    const masked = maskKey(key);
    text = text.replaceAll(key, masked).replaceAll(key.slice(-32), masked.slice(-8));
  }
  return text;
}
