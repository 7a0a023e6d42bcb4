// docs/self-hosting.md shows the code of examples/self-hosting/ as it is (with the package's entry in place of the
// relative import), and that code runs here against the emulator behind msw, as a self-hoster's own tests would run it:
// an app created and used, a secret rotated, a key locked, an app frozen, and apps deleted at once or when due.
import { readdirSync, readFileSync } from 'node:fs';
import { setupServer } from 'msw/node';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { createPasswordlessClient } from '../../src/index.js';
import { passwordlessEmulator } from '../../src/msw/index.js';
import { VirtualAuthenticator } from '../../src/recording/virtual-authenticator.js';

const guide = readFileSync(new URL('../../docs/self-hosting.md', import.meta.url), 'utf8');
const codeBlocks = [...guide.matchAll(/```ts\n([\s\S]*?)```/g)].map((match) => match[1]);
const examplesFolder = new URL('../../examples/self-hosting/', import.meta.url);
const examples = readdirSync(examplesFolder).filter((name) => name.endsWith('.ts'));

it.each(examples)('the guide shows examples/self-hosting/%s as it is', (name) => {
  const asPublished = readFileSync(new URL(name, examplesFolder), 'utf8').replaceAll(
    "'../../src/management.js'",
    "'passwordless-contract/management'",
  );
  expect(codeBlocks).toContain(asPublished);
});

const managementKey = 'management-key-for-the-guide-test';
// The address the examples name: the emulator answers there.
const baseUrl = 'https://passwordless.example.com/api';
const dayMs = 86_400_000;
let now = Date.parse('2025-06-02T09:00:00Z');
const emulator = passwordlessEmulator({ managementKey, baseUrl, clock: () => now });
const server = setupServer(...emulator.handlers);
let guideCode: {
  createApp: typeof import('../../examples/self-hosting/create-app.js');
  rotate: typeof import('../../examples/self-hosting/rotate-secret.js');
  lock: typeof import('../../examples/self-hosting/lock-key.js');
  freeze: typeof import('../../examples/self-hosting/freeze-app.js');
  deletion: typeof import('../../examples/self-hosting/delete-app.js');
};

beforeAll(async () => {
  server.listen({ onUnhandledFrame: 'error' });
  // The examples read the key from the environment, as an admin tool would.
  process.env.PASSWORDLESS_MANAGEMENT_KEY = managementKey;
  guideCode = {
    createApp: await import('../../examples/self-hosting/create-app.js'),
    rotate: await import('../../examples/self-hosting/rotate-secret.js'),
    lock: await import('../../examples/self-hosting/lock-key.js'),
    freeze: await import('../../examples/self-hosting/freeze-app.js'),
    deletion: await import('../../examples/self-hosting/delete-app.js'),
  };
});
afterEach(() => emulator.reset());
afterAll(() => {
  server.close();
  // Test files share workers (vitest.config.ts): the next one starts without the variable.
  delete process.env.PASSWORDLESS_MANAGEMENT_KEY;
});

/** The status an ApiSecret operation answers the app's secret with: 200 while it works, 401 once refused. */
async function statusWith(apiSecret: string): Promise<number> {
  return (await createPasswordlessClient({ apiSecret, baseUrl, retry: { retries: 0 } }).GET('/users/count')).response
    .status;
}

describe('examples/self-hosting/', () => {
  it('creates an app whose keys work at once, and refuses an id that is taken', async () => {
    const { apiSecret, apiKey } = await guideCode.createApp.createApp('tenantone', 'admin@example.com');
    expect(apiSecret).toMatch(/^tenantone:secret:[0-9a-f]{32}$/);
    expect(apiKey).toMatch(/^tenantone:public:[0-9a-f]{32}$/);
    expect(await statusWith(apiSecret)).toBe(200);
    await expect(guideCode.createApp.createApp('tenantone', 'admin@example.com')).rejects.toThrow(
      "Choose another app id: accountName 'tenantone' is not available",
    );
    await expect(guideCode.createApp.createApp('x', 'admin@example.com')).rejects.toThrow('Could not create x (400)');
  });

  it('rotates a secret: the replacement has its scopes; the old one is refused once locked, and gone once deleted', async () => {
    const { apiSecret: old } = await guideCode.createApp.createApp('tenanttwo', 'admin@example.com');
    const replacement = await guideCode.rotate.createReplacementSecret('tenanttwo', old);
    expect(replacement).toMatch(/^tenanttwo:secret:[0-9a-f]{32}$/);
    const client = createPasswordlessClient({ apiSecret: replacement, baseUrl, retry: { retries: 0 } });
    // Both scopes came over: it creates register tokens and sign-in tokens.
    expect((await client.POST('/register/token', { body: { userId: 'u1', username: 'u1' } })).response.status).toBe(
      200,
    );
    expect((await client.POST('/signin/generate-token', { body: { userId: 'u1' } })).response.status).toBe(200);
    await guideCode.rotate.lockOldSecret('tenanttwo', old);
    expect(await statusWith(old)).toBe(401);
    await guideCode.rotate.deleteOldSecret('tenanttwo', old);
    expect(await statusWith(old)).toBe(401);
    expect(await statusWith(replacement)).toBe(200);
    await expect(guideCode.rotate.createReplacementSecret('tenanttwo', old)).rejects.toThrow(
      `tenanttwo has no key ${old.slice(-4)}: was it deleted already?`,
    );
    await expect(guideCode.rotate.deleteOldSecret('tenanttwo', old)).rejects.toThrow(
      /deleteApiKey .* failed with 404 api_key_not_found/,
    );
  });

  it('locks and unlocks one key', async () => {
    const { apiSecret } = await guideCode.createApp.createApp('tenantthree', 'admin@example.com');
    await guideCode.lock.lockKey('tenantthree', apiSecret.slice(-4));
    expect(await statusWith(apiSecret)).toBe(401);
    await guideCode.lock.unlockKey('tenantthree', apiSecret.slice(-4));
    expect(await statusWith(apiSecret)).toBe(200);
  });

  it('freezes and unfreezes an app', async () => {
    const { apiSecret } = await guideCode.createApp.createApp('tenantfour', 'admin@example.com');
    await guideCode.freeze.freezeApp('tenantfour');
    expect(await statusWith(apiSecret)).toBe(401);
    await guideCode.freeze.unfreezeApp('tenantfour');
    expect(await statusWith(apiSecret)).toBe(200);
  });

  it('deletes a new app at once', async () => {
    const { apiSecret } = await guideCode.createApp.createApp('tenantfive', 'admin@example.com');
    expect(await guideCode.deletion.deleteApp('tenantfive', 'admin@example.com')).toEqual({ deleted: true });
    expect(await statusWith(apiSecret)).toBe(401);
  });

  it('schedules an app in use a month ahead, cancels that, and deletes it when due', async () => {
    const { apiSecret, apiKey } = await guideCode.createApp.createApp('tenantsix', 'admin@example.com');
    // A passkey, and 4 days: the server no longer deletes the app at once.
    const client = createPasswordlessClient({ apiSecret, apiKey, baseUrl, retry: { retries: 0 } });
    const origin = 'https://tenantsix.example.com';
    const rpid = 'tenantsix.example.com';
    const { token } = await client.unwrap(client.POST('/register/token', { body: { userId: 'u1', username: 'u1' } }));
    const begin = await client.unwrap(client.POST('/register/begin', { body: { token, origin, rpid } }));
    const response = new VirtualAuthenticator(origin).createCredential(begin.data, rpid);
    await client.unwrap(
      client.POST('/register/complete', { body: { session: begin.session, response, origin, rpid } }),
    );
    now += 4 * dayMs;

    const scheduled = await guideCode.deletion.deleteApp('tenantsix', 'admin@example.com');
    expect(scheduled).toEqual({ deleted: false, deleteAt: expect.stringMatching(/^2025-07-06T09:00:00(\.\d+)?Z$/) });
    expect(await statusWith(apiSecret)).toBe(401);
    await guideCode.deletion.cancelDeletion('tenantsix');
    expect(await statusWith(apiSecret)).toBe(200);

    await guideCode.deletion.deleteApp('tenantsix', 'admin@example.com');
    expect(await guideCode.deletion.deleteDueApps()).toEqual([]);
    now += 31 * dayMs;
    expect(await guideCode.deletion.deleteDueApps()).toEqual(['tenantsix']);
    expect(await statusWith(apiSecret)).toBe(401);
    expect(await guideCode.deletion.deleteDueApps()).toEqual([]);
  });
});
