// What a request sample needs from the server before it can run, prepared through the API as an app (or a self-hoster's
// admin tool) would: a token or session the server issued (a stateful server refuses made-up ones), a passkey to delete,
// a configuration that exists (or does not), the example app (or its absence, to create it), a key of it to lock.
// Each preparation returns the example values of the sample to swap for the prepared ones; everything else of the
// sample runs as published.

import { sampleKeys } from '../../scripts/code-samples.js';
import { resolveLocalRefs } from '../../src/emulator/spec/local-refs.js';
import { createPasswordlessClient, type PasswordlessClient } from '../../src/index.js';
import { createPasswordlessManagementClient, type PasswordlessManagementClient } from '../../src/management.js';
import { VirtualAuthenticator } from '../../src/recording/virtual-authenticator.js';
import { listOperations, type OpenApiDocument } from '../helpers/bundled-spec.js';

/** Example value → prepared value, to replace in the sample's text. */
export type Substitutions = Map<string, string>;

type Body = Record<string, unknown>;
type Preparation = (api: PreparationApi) => Promise<Substitutions>;

interface PreparationApi {
  client: PasswordlessClient;
  management: PasswordlessManagementClient;
  /** The mock's root, for its own state endpoint. */
  baseUrl: string;
  /** The request-body example of an operation (its `default`, else the first), by operationId. */
  example(operationId: string): Body;
  /** The example of an operation's path parameter, which its samples send. */
  pathExample(operationId: string, name: string): string;
}

/** Calls an operation and returns its data, or throws with the answer: a preparation that fails is a broken test. */
async function expectData<T>(
  call: Promise<{ data?: T; error?: unknown; response: Response }>,
  what: string,
): Promise<T> {
  const { data, error, response } = await call;
  if (error !== undefined)
    throw new Error(`Preparing a sample: ${what} answered ${response.status}: ${JSON.stringify(error)}`);
  return data as T;
}

async function registerToken({ client, example }: PreparationApi): Promise<string> {
  const body = example('createRegisterToken') as never;
  return (await expectData(client.POST('/register/token', { body }), 'POST /register/token')).token;
}

const preparations: Record<string, Preparation> = {
  async beginRegistration(api) {
    return new Map([[api.example('beginRegistration').token as string, await registerToken(api)]]);
  },

  async completeRegistration(api) {
    const begin = api.example('beginRegistration');
    const { session } = await expectData(
      api.client.POST('/register/begin', { body: { ...begin, token: await registerToken(api) } as never }),
      'POST /register/begin',
    );
    return new Map([[api.example('completeRegistration').session as string, session]]);
  },

  async completeSignin(api) {
    const { session } = await expectData(
      api.client.POST('/signin/begin', { body: api.example('beginSignin') as never }),
      'POST /signin/begin',
    );
    return new Map([[api.example('completeSignin').session as string, session]]);
  },

  async verifySignin(api) {
    const { token } = await expectData(
      api.client.POST('/signin/generate-token', { body: api.example('generateSigninToken') as never }),
      'POST /signin/generate-token',
    );
    return new Map([[api.example('verifySignin').token as string, token]]);
  },

  // A passkey of the example user, registered by a software authenticator for the example page's origin.
  async deleteCredential(api) {
    const { origin, rpid } = api.example('beginRegistration') as { origin: string; rpid: string };
    const begin = await expectData(
      api.client.POST('/register/begin', { body: { token: await registerToken(api), origin, rpid } }),
      'POST /register/begin',
    );
    const response = new VirtualAuthenticator(origin).createCredential(begin.data, rpid);
    await expectData(
      api.client.POST('/register/complete', {
        body: { session: begin.session, response, nickname: 'Sample passkey', origin, rpid },
      }),
      'POST /register/complete',
    );
    return new Map([[api.example('deleteCredential').credentialId as string, response.id]]);
  },

  // The configuration the sample creates must not exist yet: an existing purpose is a 400.
  async addAuthConfig(api) {
    const { purpose, performedBy } = api.example('addAuthConfig') as { purpose: string; performedBy: string };
    const { response } = await api.client.POST('/auth-configs/delete', { body: { purpose, performedBy } });
    if (response.status !== 204 && response.status !== 404)
      throw new Error(`Preparing addAuthConfig: delete answered ${response.status}`);
    return new Map();
  },

  async updateAuthConfig(api) {
    return ensureAuthConfig(api);
  },

  async deleteAuthConfig(api) {
    return ensureAuthConfig(api);
  },

  async createApp(api) {
    await removeApp(api);
    return new Map();
  },

  getAppFeatures: ensureApp,
  replaceAppFeatures: ensureApp,
  freezeApp: ensureApp,
  unfreezeApp: ensureApp,
  createPublicKey: ensureApp,
  createSecretKey: ensureApp,
  listApiKeys: ensureApp,
  checkAppImmediateDeletion: ensureApp,
  markAppForDeletion: ensureApp,
  cancelAppDeletion: ensureApp,

  lockApiKey: (api) => newKeyOf(api, 'lockApiKey'),

  async unlockApiKey(api) {
    const substitutions = await newKeyOf(api, 'unlockApiKey');
    const [apiKeyId] = substitutions.values();
    await expectData(
      api.management.POST('/admin/apps/{appId}/api-keys/{apiKeyId}/lock', {
        params: { path: { appId: exampleAppId, apiKeyId: apiKeyId! } },
      }),
      'lock',
    );
    return substitutions;
  },

  deleteApiKey: (api) => newKeyOf(api, 'deleteApiKey'),

  // Only an app whose deletion date has passed can be deleted: a month after mark-delete on a server. The emulator's
  // clock cannot be moved through the API, so its own state endpoint (`/__mock/state`) gives the app a past date.
  async deleteApp(api) {
    await ensureApp(api);
    const state = (await (await fetch(`${api.baseUrl}/__mock/state`)).json()) as {
      apps: { appId: string; deletion: unknown }[];
    };
    const app = state.apps.find((candidate) => candidate.appId === exampleAppId)!;
    app.deletion = { deletedBy: 'admin@example.com', deleteAt: '2025-01-01T00:00:00' };
    const { status } = await fetch(`${api.baseUrl}/__mock/state`, { method: 'PUT', body: JSON.stringify(state) });
    if (status !== 204) throw new Error(`Preparing deleteApp: PUT /__mock/state answered ${status}`);
    return new Map();
  },

  async sendMagicLink(api) {
    const { performedBy } = api.example('setAppFeatures') as { performedBy: string };
    await expectData(
      api.client.POST('/apps/features', { body: { performedBy, enableMagicLinks: true } }),
      'POST /apps/features',
    );
    return new Map();
  },
};

/** The configuration the sample edits or deletes must exist: created unless it is there already (a 400). */
async function ensureAuthConfig(api: PreparationApi): Promise<Substitutions> {
  const { response } = await api.client.POST('/auth-configs/add', { body: api.example('addAuthConfig') as never });
  if (response.status !== 201 && response.status !== 400)
    throw new Error(`Preparing an auth config: add answered ${response.status}`);
  return new Map();
}

/** The app id the management samples name (their `appId` parameter's example). */
const exampleAppId = 'myapp';

/** The example app exists: created unless it is there already. */
async function ensureApp(api: PreparationApi): Promise<Substitutions> {
  const { available } = await expectData(
    api.management.GET('/admin/apps/{appId}/available', { params: { path: { appId: exampleAppId } } }),
    'available',
  );
  if (available) {
    const body = api.example('createApp') as never;
    await expectData(
      api.management.POST('/admin/apps/{appId}/create', { params: { path: { appId: exampleAppId } }, body }),
      'create',
    );
  }
  return new Map();
}

/** The example app does not exist: mark-delete deletes it at once, since it is new. */
async function removeApp(api: PreparationApi): Promise<void> {
  const { data, response } = await api.management.POST('/admin/apps/{appId}/mark-delete', {
    params: { path: { appId: exampleAppId } },
    body: { appId: exampleAppId, deletedBy: 'admin@example.com' },
  });
  if (response.status !== 400 && !data?.isDeleted)
    throw new Error(`Preparing createApp: mark-delete answered ${response.status}: ${JSON.stringify(data)}`);
}

/** A new secret key of the example app, whose id replaces the sample's example `apiKeyId`. */
async function newKeyOf(api: PreparationApi, operationId: string): Promise<Substitutions> {
  await ensureApp(api);
  const { apiKey } = await expectData(
    api.management.POST('/admin/apps/{appId}/secret-keys', {
      params: { path: { appId: exampleAppId } },
      body: { scopes: [0] },
    }),
    'secret-keys',
  );
  return new Map([[api.pathExample(operationId, 'apiKeyId'), apiKey.slice(-4)]]);
}

/**
 * Prepares what the sample of `operationId` needs on the server at `baseUrl` (whose management key is `managementKey`),
 * and returns the values to swap.
 */
export function samplePreparer(spec: OpenApiDocument, baseUrl: string, managementKey: string) {
  const resolve = (node: unknown): unknown => resolveLocalRefs(spec, node);
  const bodies = new Map(
    listOperations(spec).map(({ operation }) => {
      const requestBody = resolve(operation.requestBody) as
        | { content?: Record<string, { examples?: Record<string, unknown> }> }
        | undefined;
      const examples = requestBody?.content?.['application/json']?.examples ?? {};
      const chosen = resolve(examples.default ?? Object.values(examples)[0]) as { value?: Body } | undefined;
      return [operation.operationId, chosen?.value];
    }),
  );
  const pathExamples = new Map(
    listOperations(spec).map(({ operation }) => [
      operation.operationId,
      new Map(
        ((operation.parameters ?? []) as unknown[])
          .map((parameter) => resolve(parameter) as { name: string; in: string; example?: unknown })
          .filter((parameter) => parameter.in === 'path')
          .map((parameter) => [parameter.name, parameter.example]),
      ),
    ]),
  );
  const api: PreparationApi = {
    client: createPasswordlessClient({
      apiSecret: sampleKeys.ApiSecret,
      apiKey: sampleKeys.ApiKey,
      baseUrl,
      retry: { retries: 0 },
    }),
    management: createPasswordlessManagementClient({ managementKey, baseUrl, retry: { retries: 0 } }),
    baseUrl,
    example(operationId) {
      const body = bodies.get(operationId);
      if (!body) throw new Error(`${operationId} has no request-body example to prepare its sample from.`);
      return body;
    },
    pathExample(operationId, name) {
      const example = pathExamples.get(operationId)?.get(name);
      if (typeof example !== 'string') throw new Error(`${operationId} has no example for its path parameter ${name}.`);
      return example;
    },
  };
  return async (operationId: string): Promise<Substitutions> => (await preparations[operationId]?.(api)) ?? new Map();
}

/** Every operationId with a preparation, so the test can fail on preparations for operations the spec no longer has. */
export const preparedOperationIds = Object.keys(preparations);
