// Secret removal. The ApiSecret, ApiKey and ManagementKey values a recording run uses must never reach a file, a log
// line or an error message: normalize.ts replaces them, and `assertNoSecrets` checks every text before it is written.

export type SecretName = 'ApiSecret' | 'ApiKey' | 'ManagementKey';

export interface NamedSecret {
  name: SecretName;
  value: string;
}

/** Shorter values would match ordinary text; the record script refuses keys this short. */
export const minimumSecretLength = 6;

/** `<appId>:secret:<32 hex>` or `<appId>:public:<32 hex>`, the format of every key the server issues. */
export const keyPattern = /\b([a-z][a-z0-9]*):(secret|public):([0-9a-f]{32})\b/gi;

/** The parts of a secret that identify it on their own: the whole value and, for a key, its 32 random hex digits. */
export function identifyingParts(secret: NamedSecret): string[] {
  const parts = [secret.value];
  for (const [, , , digits] of secret.value.matchAll(keyPattern)) if (digits) parts.push(digits);
  return parts.filter((part) => part.length >= minimumSecretLength);
}

/** Names (never values) of the secrets found in `text`. */
export function findSecrets(text: string, secrets: readonly NamedSecret[]): SecretName[] {
  return secrets
    .filter((secret) => identifyingParts(secret).some((part) => text.toLowerCase().includes(part.toLowerCase())))
    .map((secret) => secret.name);
}

/** Throws, naming the secret but never showing it, when `text` still holds one of `secrets`. */
export function assertNoSecrets(text: string, secrets: readonly NamedSecret[], where: string): void {
  const found = findSecrets(text, secrets);
  if (found.length > 0) {
    throw new Error(`${where} still contains the ${[...new Set(found)].join(' and ')} value; nothing was written.`);
  }
}
