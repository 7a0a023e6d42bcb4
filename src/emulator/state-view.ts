// What the state page (`/__mock/ui`) reads, as JSON under `/__mock/view`: the state's revision and the clock (read every
// second: two numbers), an overview (the clock, the limits and their use, a page of apps with their counts) and one
// app (a page of its users with their aliases and passkeys, its newest issued tokens, authentication configurations,
// events and sent magic links). Every answer is bounded, however big the state: pages, never the whole of it. Nothing
// here lets its reader sign in or mint anything: no key (public keys are API keys too), no secret hash, no
// token-signing key, no passkey's public key.

import type { AppState } from './state/app-state.js';
import { presetConfig, presetPurposes } from './state/auth-configs.js';
import type { EmulatorState } from './state/emulator-state.js';
import { limitDescriptions, limitNames } from './state/limits.js';
import type { AliasRecord, AuthConfigRecord, CredentialRecord, EventRecord } from './state/records.js';
import { type EmulatorResponse, emulatorUsageProblem, jsonResponse } from './wire/problems.js';

export const viewRoute = '/__mock/view';

/** Apps in one page of the overview. */
export const appsPerPage = 100;
/** Users in one page of an app. */
export const usersPerPage = 25;
/** The newest issued tokens, events and sent magic links shown of an app; its first authentication configurations. */
export const newestShown = 50;
/** Aliases and passkeys shown of one user. */
const perUserShown = 20;

/** A time as ISO 8601 in UTC (the state keeps the server's forms: no offset, up to seven decimals). */
function iso(time: string | number | null): string | null {
  if (time === null) return null;
  if (typeof time === 'number') return new Date(time).toISOString();
  const instant = Date.parse(`${time.replace(/(\.\d{3})\d+/, '$1').replace(/(Z|[+-]\d{2}:\d{2})$/i, '')}Z`);
  return Number.isNaN(instant) ? time : new Date(instant).toISOString();
}

const revisionOf = (state: EmulatorState) => ({
  revision: state.revision,
  now: state.clock.iso(),
  clockMoved: state.clock.isMoved,
});

function overview(state: EmulatorState, url: URL) {
  const from = Math.max(0, Math.trunc(Number(url.searchParams.get('apps') ?? 0)) || 0);
  const usage = state.limitUsage();
  const shown: AppState[] = [];
  let index = 0;
  for (const app of state.allApps()) {
    if (index++ < from) continue;
    if (shown.length === appsPerPage) break;
    shown.push(app);
  }
  const latest = state.clock.latestTokenIssuedAt;
  return {
    ...revisionOf(state),
    latestTokenIssuedAt: latest === undefined ? null : iso(latest),
    limits: limitNames.map((name) => ({ name, description: limitDescriptions[name], ...usage[name] })),
    apps: {
      total: state.appCount,
      from,
      shown: shown.map((app) => {
        const { users, credentials, aliases } = app.users.counts;
        return {
          appId: app.appId,
          users,
          passkeys: credentials,
          aliases,
          authConfigs: app.authConfigs.count,
          events: app.events.count,
          magicLinks: app.magicLinks.count,
          issuedTokens: app.issuedTokens.count,
        };
      }),
    },
  };
}

const aliasView = ({ hash, plaintext }: Readonly<AliasRecord>) => ({ hash, plaintext });

const passkeyView = (credential: Readonly<CredentialRecord>) => ({
  credentialId: credential.credentialId,
  device: credential.device,
  nickname: credential.nickname,
  country: credential.country,
  createdAt: iso(credential.createdAt),
  lastUsedAt: iso(credential.lastUsedAt),
  signatureCounter: credential.signatureCounter,
  rpId: credential.rpid,
  origin: credential.origin,
  aaGuid: credential.aaGuid,
  isDiscoverable: credential.isDiscoverable,
  backupState: credential.backupState,
});

const authConfigView = (config: Readonly<AuthConfigRecord>, stored: boolean) => ({
  purpose: config.purpose,
  userVerificationRequirement: config.userVerificationRequirement,
  timeToLiveSeconds: config.timeToLiveSeconds,
  hints: config.hints,
  createdBy: config.createdBy,
  createdOn: iso(config.createdOn),
  editedOn: iso(config.editedOn),
  lastUsedOn: iso(config.lastUsedOn),
  stored,
});

const eventView = (event: Readonly<EventRecord>) => ({ ...event, performedAt: iso(event.performedAt) });

function appView(state: EmulatorState, app: AppState, url: URL) {
  const from = url.searchParams.get('usersFrom') ?? '';
  const ids = app.users.userIdsFrom(from, usersPerPage + 1);
  const users = ids.slice(0, usersPerPage).map((userId) => {
    const aliases = app.users.aliasesOf(userId);
    const passkeys = app.users.credentialsOf(userId);
    return {
      userId,
      aliasCount: aliases.length,
      aliases: aliases.slice(0, perUserShown).map(aliasView),
      passkeyCount: passkeys.length,
      passkeys: passkeys.slice(0, perUserShown).map(passkeyView),
    };
  });
  const stored = app.authConfigs.storedInKeyOrder();
  const presets = presetPurposes.filter((purpose) => !stored.some((config) => config.purpose === purpose));
  const { users: userCount, credentials, aliases } = app.users.counts;
  return {
    ...revisionOf(state),
    app: {
      appId: app.appId,
      createdAt: iso(app.createdAt),
      features: { ...app.features },
      deletion: app.deletion,
      // Which keys the app has, never the keys: a public key is the ApiKey itself.
      keys: app.keys.records().map(({ id, kind, scopes, createdAt, isLocked }) => ({
        id,
        kind,
        scopes,
        createdAt: iso(createdAt),
        isLocked,
      })),
      counts: { users: userCount, passkeys: credentials, aliases },
    },
    users: { total: userCount, from, shown: users, next: ids[usersPerPage] ?? null },
    issuedTokens: {
      total: app.issuedTokens.count,
      shown: app.issuedTokens
        .newest(newestShown)
        .map((token) => ({ ...token, issuedAt: iso(token.issuedAt), expiresAt: iso(token.expiresAt) })),
    },
    authConfigs: {
      total: stored.length + presets.length,
      shown: [
        ...stored.slice(0, newestShown).map((config) => authConfigView(config, true)),
        ...presets.map((purpose) => authConfigView(presetConfig(purpose), false)),
      ],
    },
    events: {
      total: app.events.count,
      loggingOn: app.features.eventLoggingIsEnabled,
      shown: app.events.page(1, newestShown).map(eventView),
    },
    magicLinks: {
      total: app.magicLinks.count,
      shown: app.magicLinks.newest(newestShown).map((link) => ({
        sentAt: iso(link.sentAt),
        emailAddress: link.emailAddress,
        userId: link.userId,
        link: link.link,
        expiresAt: iso(link.expiresAt ?? null),
      })),
    },
  };
}

/** A view answer: never kept by a cache, since the state moves on. */
const fresh = (body: unknown, reason: string): EmulatorResponse => {
  const response = jsonResponse(body);
  return { ...response, headers: { ...response.headers, 'cache-control': 'no-store' }, reason };
};

/** The app id in a path `<prefix><appId>` (percent-decoded), or undefined when the path is not one. */
export function appIdIn(path: string, prefix: string): string | undefined {
  if (!path.toLowerCase().startsWith(prefix)) return undefined;
  const encoded = path.slice(prefix.length);
  if (encoded === '' || encoded.includes('/')) return undefined;
  try {
    return decodeURIComponent(encoded);
  } catch {
    return undefined;
  }
}

/** `GET /__mock/view`, `/__mock/view/revision` and `/__mock/view/apps/{appId}`; undefined for another route. */
export function stateViewControl(state: EmulatorState) {
  return (method: string, route: string, url: URL): EmulatorResponse | undefined => {
    if (route !== viewRoute && !route.startsWith(`${viewRoute}/`)) return undefined;
    if (method !== 'GET' && method !== 'HEAD') {
      return {
        ...emulatorUsageProblem(405, 'Method not allowed', `${url.pathname} takes GET.`),
        headers: { 'content-type': 'application/problem+json', allow: 'GET' },
      };
    }
    const rest = route.slice(viewRoute.length);
    if (rest === '') return fresh(overview(state, url), 'The state overview.');
    if (rest === '/revision') return fresh(revisionOf(state), "The state's revision.");
    const appId = appIdIn(url.pathname.replace(/\/+$/, '').slice(viewRoute.length), '/apps/');
    if (appId === undefined) return undefined;
    const app = state.viewApp(appId);
    if (!app) {
      return emulatorUsageProblem(
        404,
        'No such app',
        `The emulator holds no app ${appId}; GET ${viewRoute} lists them.`,
      );
    }
    return fresh(appView(state, app, url), `The state of the app ${app.appId}.`);
  };
}
