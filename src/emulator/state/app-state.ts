// One app as the emulator holds it: the in-memory counterpart of the server's tables for a tenant. Each part owns its
// records and is their only writer (keys, users, authentication configurations, events, sent magic links, the
// authenticator lists); the app's own settings change through the methods below. Handlers read through the parts and
// write through their methods, so an index or a limit lives in one place. `record()` is the app as plain JSON, for
// the state file and the export. No part changes a record in place: the starting state kept for a reset shares the
// records it was loaded from with the live state (one copy of a million users, not two).
import type { TokenKey } from '../tokens/token-codec.js';
import { newTokenKey } from '../tokens/token-codec.js';
import { AppKeys } from './app-keys.js';
import { AppUsers, type StateTotals } from './app-users.js';
import { AuthConfigs } from './auth-configs.js';
import { AuthenticatorList } from './authenticator-list.js';
import { EventLog } from './event-log.js';
import { IssuedTokens } from './issued-tokens.js';
import type { EmulatorLimits, LimitName } from './limits.js';
import { MagicLinkOutbox } from './magic-link-outbox.js';
import type { AppDeletion, AppFeatures, AppOverrides, AppRecord } from './records.js';
import { runAtOnce, SliceCounter, type SlicedWork } from './sliced-work.js';

/** What every app of an emulator shares: its limits and its clock. */
export interface StateSettings {
  limits: EmulatorLimits;
  clock: () => number;
  /** Notes that a token was issued now (the clock keeps from going back past it). */
  noteTokenIssued: () => void;
  /** What all apps hold together, kept up to date by each app's users. */
  totals: StateTotals;
}

export class AppState {
  readonly appId: string;
  /** When the app was created, as the server writes it. */
  readonly createdAt: string;
  readonly overrides: Readonly<AppOverrides>;
  readonly adminEmails: readonly string[];
  readonly keys: AppKeys;
  readonly users: AppUsers;
  readonly authConfigs: AuthConfigs;
  readonly events: EventLog;
  readonly magicLinks: MagicLinkOutbox;
  readonly authenticators: AuthenticatorList;
  /** The newest tokens handed out, for the state page (kept in memory only, not in the state file). */
  readonly issuedTokens: IssuedTokens;
  private currentFeatures: AppFeatures;
  private currentDeletion: AppDeletion | null;
  private currentTokenKey: TokenKey;
  private readonly noteTokenIssued: () => void;

  /** The app holding these records (shared, never changed), its users indexed in slices (sliced-work.ts). */
  static *load(record: AppRecord, settings: StateSettings, slices: SliceCounter): SlicedWork<AppState> {
    const app = new AppState(record, settings);
    yield* app.users.load(record, slices);
    return app;
  }

  /** The app holding these records, at once: for an app of few users (a new one, an emptied one). */
  static of(record: AppRecord, settings: StateSettings): AppState {
    return runAtOnce(AppState.load(record, settings, new SliceCounter()));
  }

  private constructor(record: AppRecord, settings: StateSettings) {
    this.noteTokenIssued = settings.noteTokenIssued;
    const { limits, clock } = settings;
    this.appId = record.appId;
    this.createdAt = record.createdAt;
    this.overrides = { ...record.overrides };
    this.adminEmails = [...record.adminEmails];
    this.currentFeatures = { ...record.features };
    this.currentDeletion = record.deletion;
    this.currentTokenKey = record.tokenKey;
    this.keys = new AppKeys(record.appId, clock, record.keys);
    this.users = new AppUsers(record.appId, limits, settings.totals);
    this.authConfigs = new AuthConfigs(record.appId, settings, record.authConfigs);
    const isOn = () => this.currentFeatures.eventLoggingIsEnabled;
    this.events = new EventLog(record.appId, { isOn, kept: limits.eventsPerApp, clock }, record.events);
    this.magicLinks = new MagicLinkOutbox({ kept: limits.magicLinksPerApp, clock }, record.magicLinks);
    this.authenticators = new AuthenticatorList(clock, record.authenticators);
    this.issuedTokens = new IssuedTokens(clock);
  }

  get features(): Readonly<AppFeatures> {
    return this.currentFeatures;
  }

  /** Changes some features (`/apps/features`, the management API). */
  setFeatures(changes: Partial<AppFeatures>): void {
    this.currentFeatures = { ...this.currentFeatures, ...changes };
  }

  /** When and by whom the app is to be deleted, while it is scheduled. */
  get deletion(): Readonly<AppDeletion> | null {
    return this.currentDeletion;
  }

  /** Schedules the app's deletion and locks its keys (`MarkDeleteApplicationAsync`). */
  scheduleDeletion(deletion: AppDeletion): void {
    this.keys.setAllLocked(true);
    this.currentDeletion = { ...deletion };
  }

  /** Unlocks the app's keys and forgets a scheduled deletion (cancelling it, or unfreezing). */
  unlock(): void {
    this.keys.setAllLocked(false);
    this.currentDeletion = null;
  }

  /** Signs the tokens this app's operations issue. */
  get tokenKey(): TokenKey {
    return this.currentTokenKey;
  }

  /** Called by the token issuer once it issued a token signed with `tokenKey`, with what the token holds. */
  tokenIssued(content: unknown): void {
    this.noteTokenIssued();
    this.issuedTokens.note(content);
  }

  /** A new signing key: the tokens issued before stop verifying (a reset). */
  renewTokenKey(): void {
    this.currentTokenKey = newTokenKey();
  }

  /** What the app holds, by the per-app limit that bounds it. */
  usage(): Record<Extract<LimitName, `${string}PerApp`>, number> {
    const { users, credentials, aliases } = this.users.counts;
    return {
      usersPerApp: users,
      credentialsPerApp: credentials,
      aliasesPerApp: aliases,
      authConfigsPerApp: this.authConfigs.count,
      eventsPerApp: this.events.count,
      magicLinksPerApp: this.magicLinks.count,
    };
  }

  /** The app as plain JSON, for the state file and the export. */
  record(): AppRecord {
    const { credentials, aliases } = this.users.records();
    return {
      appId: this.appId,
      createdAt: this.createdAt,
      overrides: { ...this.overrides },
      adminEmails: [...this.adminEmails],
      keys: this.keys.records(),
      features: { ...this.currentFeatures },
      deletion: this.currentDeletion,
      credentials,
      aliases,
      authConfigs: this.authConfigs.records(),
      events: this.events.records(),
      magicLinks: this.magicLinks.records(),
      authenticators: this.authenticators.records(),
      tokenKey: this.currentTokenKey,
    };
  }
}
