// Every app the emulator knows, with what each one stores (app-state.ts): the in-memory counterpart of the server's
// database, and what it keeps of deleted apps. It starts from the seed (the server's Development app `test`, plus any
// app given at start) and can be reset to it, exported as JSON and loaded again, so each test can start clean and a
// session can survive a restart. Apps are created and deleted only through its methods, which check the limits. A
// state is loaded (or reset) by checking and indexing it aside, in slices that let the event loop turn, then swapping
// it in at once: a request answered meanwhile sees the old state or the new, never half of one. The starting state
// kept for a reset shares its records with the live state, whose writes replace records and never change them.
import { newTokenKey } from '../tokens/token-codec.js';
import { databaseDateTime } from '../values/dotnet-formats.js';
import { keyRecord, publicKeyScopes, secretKeyScopes } from './app-keys.js';
import { AppState, type StateSettings } from './app-state.js';
import type { EmulatorClock } from './emulator-clock.js';
import { type EmulatorLimits, type LimitName, LimitReached, limitNames } from './limits.js';
import type { AppFeatures, AppOverrides, AppRecord, DeletedAppRecord } from './records.js';
import { runAtOnce, runInSlices, SliceCounter, type SlicedWork } from './sliced-work.js';
import { checkStateSnapshot, type StateSnapshot } from './state-snapshot.js';

/** An app to start with: its id, keys and features (those left out take the defaults of a newly created app). */
export interface AppSeed {
  appId: string;
  /** When the app was created, as the server writes it; now by default. */
  createdAt?: string;
  overrides?: Partial<AppOverrides>;
  /** `<appId>:public:<32 hex>` keys, with both public scopes. */
  publicKeys: string[];
  /** `<appId>:secret:<32 hex>` keys, with both secret scopes. */
  secretKeys: string[];
  adminEmails?: string[];
  features?: Partial<AppFeatures>;
}

/** The features of an app created through `POST /admin/apps/{appId}/create` with no options (CreateAppDto). */
export const newAppFeatures: AppFeatures = {
  eventLoggingIsEnabled: false,
  eventLoggingRetentionPeriod: 365,
  developerLoggingEndsAt: null,
  maxUsers: null,
  allowAttestation: false,
  isGenerateSignInTokenEndpointEnabled: true,
  isMagicLinksEnabled: true,
  magicLinkEmailMonthlyQuota: 0,
};

/** The server's Development seed (DbGlobalContext.SeedDefaultApplicationAsync): app `test` and its documented keys. */
export const developmentSeedApp: AppSeed = {
  appId: 'test',
  publicKeys: ['test:public:2e728aa5986f4ba8b073a5b28a939795'],
  secretKeys: ['test:secret:a679563b331846c79c20b114a4f56d02'],
  adminEmails: ['test@test.com'],
  // The seed never sets a creation time, so the app counts as old: no admin-only rule, the full magic-link quota.
  createdAt: '0001-01-01T00:00:00',
  // appsettings.Development.json bypasses the magic-link limits for `test`.
  overrides: { isMagicLinkQuotaBypassEnabled: true },
  features: {
    allowAttestation: false,
    eventLoggingIsEnabled: false,
    eventLoggingRetentionPeriod: 0,
    isGenerateSignInTokenEndpointEnabled: true,
    isMagicLinksEnabled: true,
    magicLinkEmailMonthlyQuota: 2000,
    maxUsers: null,
  },
};

export async function createAppRecord(seed: AppSeed, now: number): Promise<AppRecord> {
  return {
    appId: seed.appId,
    createdAt: seed.createdAt ?? databaseDateTime(now),
    overrides: { isMagicLinkQuotaBypassEnabled: false, ...seed.overrides },
    adminEmails: seed.adminEmails ?? [],
    keys: [
      ...(await Promise.all(seed.publicKeys.map((key) => keyRecord(key, 'public', publicKeyScopes, now)))),
      ...(await Promise.all(seed.secretKeys.map((key) => keyRecord(key, 'secret', secretKeyScopes, now)))),
    ],
    features: { ...newAppFeatures, ...seed.features },
    deletion: null,
    credentials: [],
    aliases: [],
    authConfigs: [],
    events: [],
    magicLinks: [],
    authenticators: [],
    tokenKey: newTokenKey(),
  };
}

const keyOf = (appId: string) => appId.toLowerCase();

/** How a snapshot is handed to a load. */
export interface LoadOptions {
  /**
   * The emulator may keep the snapshot's records as they are: nobody else holds them (a state file just read, a body
   * just parsed). Otherwise (a caller's object) it loads a copy, so that the caller's later changes do not reach it.
   */
  owned?: boolean;
}

/** A state built aside, to be swapped in at once. */
interface BuiltState {
  apps: Map<string, AppState>;
  deleted: Map<string, DeletedAppRecord>;
  settings: StateSettings;
}

/** A limit and how much of it is used: for a per-app limit, by the app that uses the most of it. */
export interface LimitUse {
  limit: number;
  used: number;
  /** The app that uses the most of a per-app limit (none while no app holds any). */
  fullestApp?: string;
}

const dayMs = 86_400_000;
/** DispatchedEmailCleanupService deletes the e-mails sent more than this long ago (the quota needs 30 days). */
const sentEmailsKeptMs = 50 * dayMs;

export class EmulatorState {
  private apps = new Map<string, AppState>();
  /** What the server keeps of deleted apps (their authentication configurations), by app id. */
  private deleted = new Map<string, DeletedAppRecord>();
  /** The state started from, for a reset: its records are shared with the live state (never changed in place). */
  private initial: StateSnapshot | undefined;
  private settings: StateSettings;
  /** Replacements of the whole state (loads, resets) begun, and the last one swapped in: a later one wins. */
  private replacementsBegun = 0;
  private replacementSwapped = 0;
  /** The day (since the epoch, UTC) whose midnight clean-ups ran last: the server's start day until a midnight passes. */
  private choresDay: number;
  private changes = 0;
  /**
   * The apps not handed to anyone since they were built (no request, handler or caller looked them up with `app()`),
   * each with the record it was built from: a reset keeps such an app as it is (a new token key aside) instead of
   * building it again, which for an app of 100,000 users means building its indexes and holding a second set of them.
   */
  private untouched = new WeakMap<AppState, AppRecord>();

  constructor(
    readonly limits: EmulatorLimits,
    private readonly seeds: readonly AppSeed[],
    readonly clock: EmulatorClock,
  ) {
    this.settings = {
      limits,
      clock: clock.now,
      noteTokenIssued: () => clock.noteTokenIssued(),
      totals: { users: 0, credentials: 0, aliases: 0 },
    };
    this.choresDay = Math.floor(clock.now() / dayMs);
  }

  /** Builds the starting state: a snapshot when given (a state file), else the seed apps. */
  async start(snapshot?: unknown, options: LoadOptions = {}): Promise<void> {
    if (snapshot === undefined) {
      await this.reset();
      return;
    }
    this.initial = await this.load(snapshot, options);
  }

  /**
   * A number that grows whenever the state may have changed (a request that may write, a reset, a load, a clean-up):
   * the state page asks for it to know when to read the state again, without reading it.
   */
  get revision(): number {
    return this.changes;
  }

  /** Notes that the state may have changed. */
  changed(): void {
    this.changes++;
  }

  /**
   * Back to the start: the starting state (or the seed apps with nothing stored), with new token keys (issued tokens
   * stop verifying). Apps untouched since they were built from the starting state are kept as they are; the others
   * are built again, in slices.
   */
  async reset(): Promise<void> {
    const replacement = ++this.replacementsBegun;
    const slices = new SliceCounter();
    const initial = this.initial;
    const built = initial
      ? this.keepUntouched(
          initial,
          await runInSlices(
            this.build(initial, slices, { newTokenKeys: true, skip: (record) => this.keepable(record) !== undefined }),
          ),
        )
      : runAtOnce(
          this.build(
            { version: 1, apps: await Promise.all(this.seeds.map((seed) => createAppRecord(seed, this.clock.now()))) },
            slices,
          ),
        );
    // The tokens issued so far stop verifying: the clock may go back past them.
    if (this.swapIn(replacement, built)) this.clock.forgetIssuedTokens();
  }

  /** The app, for a request or a caller that may change it: from now on, a reset builds it again. */
  app(appId: string): AppState | undefined {
    const app = this.apps.get(keyOf(appId));
    if (app) this.untouched.delete(app);
    return app;
  }

  /** The app, for a view that only reads it (a reset may keep it as it is). */
  viewApp(appId: string): AppState | undefined {
    return this.apps.get(keyOf(appId));
  }

  /** Every app, for reading (a writer looks its app up with `app()`). */
  allApps(): AppState[] {
    return [...this.apps.values()];
  }

  get appCount(): number {
    return this.apps.size;
  }

  /** The first few app ids and how many more, for a message: listing 10,000 apps in a 401 helps nobody. */
  appIdsInBrief(shown = 10): string {
    const ids: string[] = [];
    for (const app of this.apps.values()) {
      if (ids.length === shown) return `${ids.join(', ')} and ${this.apps.size - shown} more`;
      ids.push(app.appId);
    }
    return ids.length === 0 ? 'none' : ids.join(', ');
  }

  /**
   * Creates an app (its id is free); throws LimitReached past the emulator's bound on apps. An app created again under
   * the id of a deleted one gets what the server kept of it: its authentication configurations.
   */
  async createApp(seed: AppSeed): Promise<AppState> {
    if (this.apps.size >= this.limits.apps) {
      throw new LimitReached(
        'apps',
        `The emulator holds ${this.limits.apps} apps`,
        'delete some (DELETE /admin/apps/{appId}) or reset the state (DELETE /__mock/state)',
      );
    }
    const record = await createAppRecord(seed, this.clock.now());
    record.authConfigs = this.deleted.get(keyOf(seed.appId))?.authConfigs ?? [];
    this.deleted.delete(keyOf(seed.appId));
    const app = AppState.of(record, this.settings);
    this.apps.set(keyOf(seed.appId), app);
    return app;
  }

  /**
   * Deletes an app as the server's DeleteAccount does: everything goes but its authentication configurations, which no
   * foreign key ties to the app (the events, sent e-mails and reports go with it by cascade).
   */
  removeApp(appId: string): void {
    const app = this.apps.get(keyOf(appId));
    if (!app) return;
    this.apps.delete(keyOf(appId));
    app.users.releaseTotals();
    const authConfigs = app.authConfigs.records();
    if (authConfigs.length > 0) this.deleted.set(keyOf(appId), { appId: app.appId, authConfigs });
  }

  /**
   * Empties one app (the state page's reset of an app): its users, passkeys, aliases, authentication configurations,
   * events, sent magic links and issued tokens go; its keys, settings and authenticator list stay; its token-signing
   * key is new, so the tokens it issued before stop verifying. False when no app has that id.
   */
  emptyApp(appId: string): boolean {
    const app = this.apps.get(keyOf(appId));
    if (!app) return false;
    this.changed();
    app.users.releaseTotals();
    const record: AppRecord = {
      appId: app.appId,
      createdAt: app.createdAt,
      overrides: { ...app.overrides },
      adminEmails: [...app.adminEmails],
      keys: app.keys.records(),
      features: { ...app.features },
      deletion: app.deletion === null ? null : { ...app.deletion },
      credentials: [],
      aliases: [],
      authConfigs: [],
      events: [],
      magicLinks: [],
      authenticators: app.authenticators.records(),
      tokenKey: newTokenKey(),
    };
    this.apps.set(keyOf(appId), AppState.of(record, this.settings));
    return true;
  }

  /** Every limit with its use (`GET /__mock/state`, the state page). */
  limitUsage(): Record<LimitName, LimitUse> {
    const { totals } = this.settings;
    const inAll: Partial<Record<LimitName, number>> = {
      apps: this.apps.size,
      usersInAll: totals.users,
      credentialsInAll: totals.credentials,
      aliasesInAll: totals.aliases,
    };
    const usage = Object.fromEntries(
      limitNames.map((name) => [name, { limit: this.limits[name], used: inAll[name] ?? 0 }]),
    ) as Record<LimitName, LimitUse>;
    for (const app of this.apps.values()) {
      for (const [name, used] of Object.entries(app.usage()) as [LimitName, number][]) {
        const use = usage[name];
        if (used > use.used || (used > 0 && use.fullestApp === undefined))
          Object.assign(use, { used, fullestApp: app.appId });
      }
    }
    return usage;
  }

  /** The state as JSON, sharing the live records: for a writer that serializes it at once (the state file). */
  view(): StateSnapshot {
    const deletedApps = [...this.deleted.values()];
    return {
      version: 1,
      apps: this.allApps().map((app) => app.record()),
      ...(deletedApps.length > 0 ? { deletedApps } : {}),
    };
  }

  /** The state as JSON, a copy of its own. */
  export(): StateSnapshot {
    return structuredClone(this.view());
  }

  /**
   * Replaces everything with a snapshot at once, holding the event loop (a caller's synchronous import); throws an
   * Error that says what is wrong with it.
   */
  restore(snapshot: unknown, options: LoadOptions = {}): void {
    const replacement = ++this.replacementsBegun;
    const slices = new SliceCounter();
    const read = this.readable(runAtOnce(checkStateSnapshot(snapshot, slices)), options);
    this.swapIn(replacement, runAtOnce(this.build(read, slices)));
  }

  /**
   * Replaces everything with a snapshot, checked and indexed aside in slices that let the event loop turn, then
   * swapped in at once (unless a later load or reset was swapped in meanwhile); the snapshot as loaded. Throws an
   * Error that says what is wrong with it, leaving the state as it was.
   */
  async load(snapshot: unknown, options: LoadOptions = {}): Promise<StateSnapshot> {
    const replacement = ++this.replacementsBegun;
    const slices = new SliceCounter();
    const read = this.readable(await runInSlices(checkStateSnapshot(snapshot, slices)), options);
    this.swapIn(replacement, await runInSlices(this.build(read, slices)));
    return read;
  }

  /** A checked snapshot within the limit on apps, copied unless the emulator may keep its records. */
  private readable(read: StateSnapshot, options: LoadOptions): StateSnapshot {
    if (read.apps.length > this.limits.apps)
      throw new Error(`The state has ${read.apps.length} apps; the limit apps is ${this.limits.apps}.`);
    return options.owned ? read : structuredClone(read);
  }

  /**
   * The apps of a snapshot, sharing its records, with the totals in all apps counted again from them; the apps of the
   * records `skip` picks are left out (a reset keeps them).
   */
  private *build(
    snapshot: StateSnapshot,
    slices: SliceCounter,
    options: { newTokenKeys?: boolean; skip?: (record: AppRecord) => boolean } = {},
  ): SlicedWork<BuiltState> {
    const settings: StateSettings = { ...this.settings, totals: { users: 0, credentials: 0, aliases: 0 } };
    const apps = new Map<string, AppState>();
    for (const record of snapshot.apps) {
      if (options.skip?.(record)) continue;
      const app = yield* AppState.load(record, settings, slices);
      if (options.newTokenKeys) app.renewTokenKey();
      this.untouched.set(app, record);
      apps.set(keyOf(record.appId), app);
    }
    const deleted = new Map((snapshot.deletedApps ?? []).map((app) => [keyOf(app.appId), app]));
    return { apps, deleted, settings };
  }

  /** The live app built from this record and untouched since, if there is one. */
  private keepable(record: AppRecord): AppState | undefined {
    const live = this.apps.get(keyOf(record.appId));
    return live && this.untouched.get(live) === record ? live : undefined;
  }

  /**
   * The reset's state whole, at once: the apps left out of the build, kept as they are if still untouched (a request
   * may have used one while the others were built), else built now; in the starting state's order.
   */
  private keepUntouched(initial: StateSnapshot, built: BuiltState): BuiltState {
    const apps = new Map<string, AppState>();
    for (const record of initial.apps) {
      const key = keyOf(record.appId);
      let app = built.apps.get(key) ?? this.keepable(record);
      if (app && !built.apps.has(key)) {
        // Untouched: nothing was stored in it and no token issued with its key since it was built.
        app.renewTokenKey();
        app.users.countIn(built.settings.totals);
      } else if (!app) {
        app = runAtOnce(AppState.load(record, built.settings, new SliceCounter()));
        app.renewTokenKey();
        this.untouched.set(app, record);
      }
      apps.set(key, app);
    }
    return { ...built, apps };
  }

  /** Swaps a built state in at once, unless a replacement begun later was swapped in already; whether it was. */
  private swapIn(replacement: number, built: BuiltState): boolean {
    if (replacement < this.replacementSwapped) return false;
    this.replacementSwapped = replacement;
    this.apps = built.apps;
    this.deleted = built.deleted;
    this.settings = built.settings;
    this.changed();
    return true;
  }

  now(): number {
    return this.clock.now();
  }

  /**
   * Runs the server's daily clean-ups (its background services run them at 00:00 UTC) once the clock has passed a
   * midnight since they last ran, as of that midnight: EventDeletionBackgroundWorker deletes each app's events older
   * than its retention period, DispatchedEmailCleanupService the e-mails sent more than 50 days before. Called before
   * each request and after each move of the clock; it costs one division until a midnight passes.
   */
  runDueChores(): void {
    const day = Math.floor(this.clock.now() / dayMs);
    if (day <= this.choresDay) return;
    this.choresDay = day;
    this.changed();
    // The clean-ups write to every app: a reset builds them all again.
    this.untouched = new WeakMap();
    const midnight = day * dayMs;
    for (const app of this.apps.values()) {
      app.events.deletePerformedUntil(midnight - app.features.eventLoggingRetentionPeriod * dayMs);
      app.magicLinks.deleteSentBefore(midnight - sentEmailsKeptMs);
    }
  }
}
