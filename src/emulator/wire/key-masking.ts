// Masks whatever could be a key in a text the emulator writes for a human (the `x-mock-reason` header, a log line, the
// detail of its own problems), so a key a user put in the wrong place (`Prefer: example=<secret>`, `Content-Type:
// text/<secret>`, the part of a malformed key before its first `:`) is never echoed. Every such text passes through
// maskKeys(); messages are written freely and masked once, on the way out.

/** `<appId>:secret:<material>` and `<appId>:public:<material>`, as ApiSecrets and ApiKeys are written. */
const appKeyShape = /:(secret|public):([A-Za-z0-9_-]+)/gi;
/** 32 hex digits on their own: the material of a key without its `<appId>:secret:` prefix (or of a GUID "N"). */
const keyMaterialShape = /(?<![A-Za-z0-9])[0-9a-fA-F]{32}(?![A-Za-z0-9])/g;

/** Values known to be secrets (ManagementKeys, control tokens), masked wherever they appear. */
const knownSecrets = new Set<string>();
/** The same, longest first, so a secret that contains another is masked whole. */
let longestFirst: string[] = [];
/** At most this many; the oldest is forgotten first (tests start many emulators in one process). */
const knownSecretsLimit = 1000;
/** Shorter values are too likely to be ordinary words to be masked everywhere they appear. */
const shortestMaskedSecret = 6;

/** Masks this value from now on wherever it appears in a reason or a log line (a ManagementKey, a control token). */
export function maskFromNowOn(secret: string | undefined): void {
  if (secret === undefined || secret.length < shortestMaskedSecret) return;
  knownSecrets.delete(secret);
  knownSecrets.add(secret);
  const oldest = knownSecrets.values().next().value;
  if (knownSecrets.size > knownSecretsLimit && oldest !== undefined) knownSecrets.delete(oldest);
  longestFirst = [...knownSecrets].sort((a, b) => b.length - a.length);
}

/** The server's way of showing a secret it holds: stars, then its last four characters when it is long enough. */
function masked(material: string): string {
  return material.length >= 16 ? `${'*'.repeat(material.length - 4)}${material.slice(-4)}` : '****';
}

/** Whether a text may hold a key shape at all: most log lines and reasons hold none, and a test costs less. */
const anyKeyShape = new RegExp(`${appKeyShape.source}|${keyMaterialShape.source}`, 'i');

/** The text with every key-shaped value masked. */
export function maskKeys(text: string): string {
  let result = text;
  for (const secret of longestFirst) {
    if (result.includes(secret)) result = result.replaceAll(secret, '****');
  }
  if (!anyKeyShape.test(result)) return result;
  return result
    .replace(appKeyShape, (_match, word: string, material: string) => `:${word}:${masked(material)}`)
    .replace(keyMaterialShape, (material) => masked(material));
}
