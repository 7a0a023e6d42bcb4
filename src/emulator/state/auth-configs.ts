// The app's authentication configurations (AuthenticationConfigurationService): the stored ones, and the two presets
// `sign-in` and `step-up` (`preferred` user verification, 120 s, no hints, created by "System") that count as
// existing without being stored. A preset is stored the first time it is edited or used for a sign-in.
import type { AppRecord, AuthConfigRecord } from './records.js';

export const presetPurposes = ['sign-in', 'step-up'] as const;

export const isPreset = (purpose: string): boolean => (presetPurposes as readonly string[]).includes(purpose);

export function presetConfig(purpose: string): AuthConfigRecord {
  return {
    purpose,
    userVerificationRequirement: 'preferred',
    timeToLiveSeconds: 120,
    hints: [],
    createdBy: 'System',
    createdOn: null,
    editedBy: null,
    editedOn: null,
    lastUsedOn: null,
  };
}

export const storedConfig = (app: AppRecord, purpose: string): AuthConfigRecord | undefined =>
  app.authConfigs.find((config) => config.purpose === purpose);

/** `GetAuthenticationConfigurationAsync`: the stored one, else the preset of that name, else none. */
export const configOrPreset = (app: AppRecord, purpose: string): AuthConfigRecord | undefined =>
  storedConfig(app, purpose) ?? (isPreset(purpose) ? presetConfig(purpose) : undefined);

/** `GetAuthenticationConfigurationOrDefaultAsync`: as above, and any other purpose gets the `sign-in` preset. */
export const configOrDefault = (app: AppRecord, purpose: string): AuthConfigRecord =>
  storedConfig(app, purpose) ?? presetConfig(isPreset(purpose) ? purpose : 'sign-in');

/** Stores a preset the first time it changes (`IsUnsavedPresetConfiguration`), and returns the stored record. */
export function storeIfPreset(app: AppRecord, config: AuthConfigRecord): AuthConfigRecord {
  const stored = storedConfig(app, config.purpose);
  if (stored) return stored;
  app.authConfigs.push(config);
  return config;
}

/** How the list writes hints: the C# enum names joined by ", " (`string.Join(", ", Hints)`). */
export function hintNames(hints: readonly string[]): string {
  const names: Record<string, string> = {
    'security-key': 'SecurityKey',
    'client-device': 'ClientDevice',
    hybrid: 'Hybrid',
  };
  return hints.map((hint) => names[hint] ?? hint).join(', ');
}
