// The emulator's own endpoints, for test suites (as Firebase's emulators have theirs), under a prefix the server never
// uses, the control plane: `GET /__mock/state` exports the state as JSON, `PUT /__mock/state` replaces it with an
// exported one, and `DELETE /__mock/state` resets it to the start (issued tokens stop verifying). They take no API
// key; the HTTP door lets only the developer's own machine reach them (src/mock/control-plane.ts), and their answers
// carry no CORS headers. A dump withholds what would let its reader mint tokens or keys (each app's token-signing key,
// its secret keys' hashes) unless asked for them (`?secrets=include`, `exportState({ includeSecrets: true })`); a dump
// that withholds them loads back into the emulator that wrote it, which still knows what it withheld.
import type { ReceivedBody } from './binding/json-body.js';
import { clockControl, clockRoute } from './clock-control.js';
import { hashSecret } from './state/app-keys.js';
import type { AppSeed, EmulatorState } from './state/emulator-state.js';
import type { AppRecord, DeletedAppRecord } from './state/records.js';
import type { StateSnapshot } from './state/state-snapshot.js';
import { appIdIn, stateViewControl, viewRoute } from './state-view.js';
import { newTokenKey } from './tokens/token-codec.js';
import { jsonErrorWithoutText } from './values/json-error.js';
import { type EmulatorResponse, emptyResponse, emulatorUsageProblem, jsonResponse } from './wire/problems.js';

/** Every path under it belongs to the control plane, whatever comes after (state, clock, ui…). */
export const controlPlanePrefix = '/__mock/';

/** The state page, served by the HTTP door (src/mock/state-page.ts); the msw door has none. */
export const statePageRoute = '/__mock/ui';

export const isControlPlanePath = (pathname: string): boolean => pathname.toLowerCase().startsWith(controlPlanePrefix);

export interface ExportStateOptions {
  /** Include each app's token-signing key and its secret keys' hashes (what the state file on disk keeps). */
  includeSecrets?: boolean;
}

/** An app as a dump shows it: its token-signing key may lack its `secret`, its secret keys their `secretHash`. */
export type DumpedApp = Omit<AppRecord, 'tokenKey'> & { tokenKey: { id: number; secret?: string } };

/** The state as `GET /__mock/state` and `exportState()` give it: a StateSnapshot whose secrets may be withheld. */
export interface StateDump {
  version: 1;
  apps: DumpedApp[];
  /** What the server keeps of deleted apps (absent when there is none). */
  deletedApps?: DeletedAppRecord[];
}

/** What an emulator withheld from its dumps, so that a dump loads back into it: bounded, the oldest forgotten first. */
class Withheld {
  private static readonly kept = 10_000;
  readonly tokenKeys = new Map<number, string>();
  readonly secretHashes = new Map<string, string>();

  static keyOf(appId: string, key: { id: string; createdAt: string }): string {
    return `${appId.toLowerCase()}\u0000${key.id}\u0000${key.createdAt}`;
  }

  remember<K>(map: Map<K, string>, key: K, value: string): void {
    map.delete(key);
    map.set(key, value);
    const oldest = map.keys().next();
    if (map.size > Withheld.kept && !oldest.done) map.delete(oldest.value);
  }
}

const withheldBy = new WeakMap<EmulatorState, Withheld>();
const withheldOf = (state: EmulatorState): Withheld => {
  let withheld = withheldBy.get(state);
  if (!withheld) {
    withheld = new Withheld();
    withheldBy.set(state, withheld);
  }
  return withheld;
};

/** The state as `export()` gives it, without the copy: for a writer that serializes it in slices (the state file). */
export const stateView = (state: EmulatorState): StateSnapshot => state.view();

export function exportState(state: EmulatorState, options: { includeSecrets: true }): StateSnapshot;
export function exportState(state: EmulatorState, options?: ExportStateOptions): StateDump;
export function exportState(state: EmulatorState, options: ExportStateOptions = {}): StateDump {
  const snapshot = state.export();
  if (options.includeSecrets) return snapshot;
  const withheld = withheldOf(state);
  return {
    ...snapshot,
    apps: snapshot.apps.map(({ tokenKey, ...app }) => {
      withheld.remember(withheld.tokenKeys, tokenKey.id, tokenKey.secret);
      for (const key of app.keys) {
        if (key.secretHash === undefined) continue;
        withheld.remember(withheld.secretHashes, Withheld.keyOf(app.appId, key), key.secretHash);
        delete key.secretHash;
      }
      return { ...app, tokenKey: { id: tokenKey.id } };
    }),
  };
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Where the secrets a dump withheld are found again: by app id, by token key id, by secret key. */
interface WithheldLookup {
  tokenSecret(appId: string, id: number): string | undefined;
  secretHash(appId: string, key: { id: string; createdAt: string }): string | undefined;
}

/**
 * The snapshot with what a dump withheld put back. A token-signing key that cannot be found is replaced by a new one
 * (tokens signed before stop verifying, as after a reset); a secret key without its hash is an error, since no key
 * could ever match it.
 */
function restoreWithheld(snapshot: unknown, lookup: WithheldLookup): unknown {
  if (!isRecord(snapshot) || !Array.isArray(snapshot.apps)) return snapshot;
  const apps = snapshot.apps.map((app: unknown, appIndex) => {
    if (!isRecord(app) || typeof app.appId !== 'string') return app;
    const appId = app.appId;
    const restored: Record<string, unknown> = { ...app };
    const tokenKey = app.tokenKey;
    if (isRecord(tokenKey) && tokenKey.secret === undefined && Number.isInteger(tokenKey.id)) {
      const id = tokenKey.id as number;
      const secret = lookup.tokenSecret(appId, id);
      restored.tokenKey = secret === undefined ? newTokenKey() : { id, secret };
    }
    if (Array.isArray(app.keys)) {
      restored.keys = app.keys.map((key: unknown, keyIndex) => {
        if (!isRecord(key) || key.kind !== 'secret' || key.secretHash !== undefined) return key;
        if (typeof key.id !== 'string' || typeof key.createdAt !== 'string') return key;
        const secretHash = lookup.secretHash(appId, { id: key.id, createdAt: key.createdAt });
        if (secretHash === undefined) {
          throw new Error(
            `Not an emulator state: apps.${appIndex}.keys.${keyIndex} (the secret key …${key.id} of ${appId}) has no ` +
              'secretHash, and this emulator never held that key. To move keys to another emulator, export them with ' +
              'the secrets (GET /__mock/state?secrets=include, exportState({ includeSecrets: true })).',
          );
        }
        return { ...key, secretHash };
      });
    }
    return restored;
  });
  return { ...snapshot, apps };
}

/** What the emulator holds now, else what it withheld from its dumps before. */
function heldOrWithheld(state: EmulatorState): WithheldLookup {
  const withheld = withheldOf(state);
  return {
    tokenSecret: (appId, id) => {
      const current = state.viewApp(appId)?.tokenKey;
      return (current?.id === id ? current.secret : undefined) ?? withheld.tokenKeys.get(id);
    },
    secretHash: (appId, key) =>
      state
        .viewApp(appId)
        ?.keys.records()
        .find((held) => held.kind === 'secret' && held.id === key.id && held.createdAt === key.createdAt)?.secretHash ??
      withheld.secretHashes.get(Withheld.keyOf(appId, key)),
  };
}

/**
 * A starting state given as a dump (`createEmulator({ state })`, msw's `passwordlessEmulator({ state })` with what an
 * earlier page saved): the secret keys of the apps it started with (the seed app `test`, `apps`) are hashed again from
 * those keys, and the token-signing keys are new.
 */
export async function startingState(snapshot: unknown, seeds: readonly AppSeed[]): Promise<unknown> {
  const hashes = new Map<string, string>();
  for (const seed of seeds) {
    for (const secret of seed.secretKeys)
      hashes.set(`${seed.appId.toLowerCase()}\u0000${secret.slice(-4)}`, await hashSecret(secret));
  }
  return restoreWithheld(snapshot, {
    tokenSecret: () => undefined,
    secretHash: (appId, key) => hashes.get(`${appId.toLowerCase()}\u0000${key.id}`),
  });
}

/**
 * Replaces the whole state with a dump or a snapshot at once (a caller's synchronous import: the snapshot is copied, the
 * caller keeps it); throws an Error that says what is wrong with it.
 */
export function importState(state: EmulatorState, snapshot: unknown): void {
  state.restore(restoreWithheld(snapshot, heldOrWithheld(state)));
}

/**
 * Replaces the whole state with a dump or a snapshot that nobody else holds (a request's body just parsed), in slices
 * that let the event loop turn, swapped in at once; rejects with an Error that says what is wrong with it.
 */
export async function loadOwnedState(state: EmulatorState, snapshot: unknown): Promise<void> {
  await state.load(restoreWithheld(snapshot, heldOrWithheld(state)), { owned: true });
}

const stateRoute = '/__mock/state';

const appsRoute = `${stateRoute}/apps/`;

/** The control plane's routes, as its 404 lists them. */
const controlRoutes =
  `${stateRoute} (GET, PUT, DELETE), ${appsRoute}{appId} (DELETE), ${clockRoute} (GET, POST, DELETE), ` +
  `${viewRoute} and ${viewRoute}/apps/{appId} (GET), ${statePageRoute} (the state page, in the HTTP door)`;

/** `DELETE /__mock/state/apps/{appId}`: empties one app (EmulatorState.emptyApp). */
function resetApp(state: EmulatorState, method: string, appId: string): EmulatorResponse {
  if (method !== 'DELETE') {
    return {
      ...emulatorUsageProblem(405, 'Method not allowed', `${appsRoute}{appId} takes DELETE, which empties the app.`),
      headers: { 'content-type': 'application/problem+json', allow: 'DELETE' },
    };
  }
  if (!state.emptyApp(appId))
    return emulatorUsageProblem(404, 'No such app', `The emulator holds no app ${appId}; GET ${viewRoute} lists them.`);
  return emptyResponse(204, `The app ${appId} was emptied; tokens it issued before stop verifying.`);
}

/**
 * The control plane: `/__mock/state` (and one app's reset), `/__mock/clock` (clock-control.ts) and the state page's
 * views (state-view.ts).
 */
export function stateControl(state: EmulatorState) {
  const clock = clockControl(state);
  const view = stateViewControl(state);
  return async (method: string, url: URL, body: ReceivedBody): Promise<EmulatorResponse> => {
    const route = url.pathname.replace(/\/+$/, '').toLowerCase();
    if (route === clockRoute) return clock(method, body);
    const viewed = view(method, route, url);
    if (viewed) return viewed;
    const appId = appIdIn(url.pathname.replace(/\/+$/, ''), appsRoute);
    if (appId !== undefined) return resetApp(state, method, appId);
    if (route !== stateRoute) {
      return emulatorUsageProblem(
        404,
        'Unknown emulator endpoint',
        `${url.pathname} is not an emulator endpoint; the emulator's are ${controlRoutes}.`,
      );
    }
    switch (method) {
      case 'GET': {
        const secrets = url.searchParams.get('secrets');
        if (secrets !== null && secrets !== 'include') {
          return emulatorUsageProblem(
            400,
            'Unknown secrets option',
            `secrets=${secrets} is not an option of ${stateRoute}; secrets=include exports the token-signing keys ` +
              'and secret hashes with the state, and without it they are withheld.',
          );
        }
        // The limits and their use come with the state (PUT ignores them: a dump loads back as it is).
        const limits = state.limitUsage();
        return secrets === 'include'
          ? {
              ...jsonResponse({ ...exportState(state, { includeSecrets: true }), limits }),
              reason: 'The emulator state, exported.',
            }
          : {
              ...jsonResponse({ ...exportState(state), limits }),
              reason:
                'The emulator state, exported without the token-signing keys and secret hashes ' +
                '(?secrets=include to include them).',
            };
      }
      case 'DELETE':
        await state.reset();
        return emptyResponse(204, 'The emulator state was reset.');
      case 'PUT': {
        let snapshot: unknown;
        try {
          snapshot = JSON.parse(new TextDecoder().decode(body.bytes));
        } catch (error) {
          return emulatorUsageProblem(
            400,
            'Not an emulator state',
            `The body is not JSON: ${jsonErrorWithoutText(error)}.`,
          );
        }
        try {
          // Checked and indexed in slices: the emulator keeps answering, from the old state until the new one is in.
          await loadOwnedState(state, snapshot);
        } catch (error) {
          return emulatorUsageProblem(400, 'Not an emulator state', (error as Error).message);
        }
        return emptyResponse(204, 'The emulator state was replaced.');
      }
      default:
        return {
          ...emulatorUsageProblem(405, 'Method not allowed', `${stateRoute} takes GET, PUT and DELETE.`),
          headers: { 'content-type': 'application/problem+json', allow: 'GET, PUT, DELETE' },
        };
    }
  };
}
