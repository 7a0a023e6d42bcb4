// The app's authentication configurations (AuthenticationConfigurationService): the stored ones, and the two presets
// `sign-in` and `step-up` (`preferred` user verification, 120 s, no hints, created by "System") that count as
// existing without being stored. A preset is stored the first time it is edited or used for a sign-in. These methods are
// the only writers; adding one checks the emulator's limit. A write stores a new record, never changes one in place (the
// starting state kept for a reset shares them).
import { offsetDateTime } from '../values/dotnet-formats.js';
import { type EmulatorLimits, LimitReached } from './limits.js';
import type { AuthConfigRecord } from './records.js';
import { textOrder } from './text-order.js';

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

/** What editing a configuration sets (SetAuthenticationConfigurationRequest). */
export interface AuthConfigChange {
  userVerificationRequirement: string;
  timeToLiveSeconds: number;
  hints: string[];
  editedBy: string;
}

export class AuthConfigs {
  /** The stored configurations by purpose. */
  private readonly stored = new Map<string, AuthConfigRecord>();

  constructor(
    private readonly appId: string,
    private readonly settings: { limits: EmulatorLimits; clock: () => number },
    records: readonly AuthConfigRecord[],
  ) {
    for (const record of records) this.stored.set(record.purpose, record);
  }

  records(): AuthConfigRecord[] {
    return [...this.stored.values()];
  }

  /** How many are stored (the presets count once edited or used). */
  get count(): number {
    return this.stored.size;
  }

  /** The stored configurations in primary-key order (ascending purpose), as the server's query returns them. */
  storedInKeyOrder(): readonly Readonly<AuthConfigRecord>[] {
    return [...this.stored.values()].sort((a, b) => textOrder(a.purpose, b.purpose));
  }

  /** `GetAuthenticationConfigurationAsync`: the stored one, else the preset of that name, else none. */
  configOrPreset(purpose: string): Readonly<AuthConfigRecord> | undefined {
    return this.stored.get(purpose) ?? (isPreset(purpose) ? presetConfig(purpose) : undefined);
  }

  /** `GetAuthenticationConfigurationOrDefaultAsync`: as above, and any other purpose gets the `sign-in` preset. */
  configOrDefault(purpose: string): Readonly<AuthConfigRecord> {
    return this.stored.get(purpose) ?? presetConfig(isPreset(purpose) ? purpose : 'sign-in');
  }

  /** Stores a new configuration, created now; the caller has checked that none has its purpose. */
  add(
    config: Omit<AuthConfigRecord, 'createdOn' | 'editedBy' | 'editedOn' | 'lastUsedOn'>,
  ): Readonly<AuthConfigRecord> {
    if (this.stored.size >= this.settings.limits.authConfigsPerApp) {
      throw new LimitReached(
        'authConfigsPerApp',
        `The app ${this.appId} holds ${this.settings.limits.authConfigsPerApp} authentication configurations`,
        'delete some (POST /auth-configs/delete) or reset the state (DELETE /__mock/state)',
      );
    }
    const record: AuthConfigRecord = {
      ...config,
      createdOn: offsetDateTime(this.settings.clock()),
      editedBy: null,
      editedOn: null,
      lastUsedOn: null,
    };
    this.stored.set(record.purpose, record);
    return record;
  }

  /** Edits a configuration (storing a preset first); the edited record, or undefined when none has the purpose. */
  update(purpose: string, change: AuthConfigChange): Readonly<AuthConfigRecord> | undefined {
    const config = this.storedOrPreset(purpose);
    if (!config) return undefined;
    return this.store({ ...config, ...change, editedOn: offsetDateTime(this.settings.clock()) } as AuthConfigRecord);
  }

  /** Deletes a stored configuration; presets cannot be deleted (the caller answers that). */
  delete(purpose: string): void {
    this.stored.delete(purpose);
  }

  /** Marks the configuration used by a sign-in now, storing a preset the first time (`IsUnsavedPresetConfiguration`). */
  markUsed(purpose: string): void {
    const config = this.storedOrPreset(purpose);
    if (config) this.store({ ...config, lastUsedOn: offsetDateTime(this.settings.clock()) });
  }

  /** The stored configuration, else the preset of that name (to be stored by the caller), else none. */
  private storedOrPreset(purpose: string): AuthConfigRecord | undefined {
    return this.stored.get(purpose) ?? (isPreset(purpose) ? presetConfig(purpose) : undefined);
  }

  private store(config: AuthConfigRecord): AuthConfigRecord {
    this.stored.set(config.purpose, config);
    return config;
  }
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
