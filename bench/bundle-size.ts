// Size of small apps on this client (one run, figures printed, nothing asserted), bundled with esbuild (minified, then
// gzipped) for Node and for the browser: one that creates the client and a registration token, beside the same app on
// bare openapi-fetch and on the official @passwordlessdev/passwordless-nodejs SDK (with axios); and a self-hoster's
// tool that creates an app with the management client. The client is bundled from its source, through the entry each
// platform's `exports` condition would pick (Node: src/node/; browsers: src/index.ts, src/management.ts).
// Target (issue 13): what the client adds to openapi-fetch's own bundle in the register-token app, at most 3.8 KB
// gzipped in the browser and 4.2 KB on Node (with its faster transport). Where a target is missed, it prints what each
// file adds to the gzipped bundle, measured in the same run.
//   tsx bench/bundle-size.ts

import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { gzipSync } from 'node:zlib';
import { build, type Plugin } from 'esbuild';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('Usage: tsx bench/bundle-size.ts');
  process.exit(0);
}

const root = fileURLToPath(new URL('..', import.meta.url));

/** The apps measured: each on this client, and the same calls on bare openapi-fetch, the floor it adds to. */
const apps = {
  'register token': {
    'this client': `
      import { createPasswordlessClient } from 'passwordless-contract';
      const client = createPasswordlessClient({ apiSecret: globalThis.PASSWORDLESS_API_SECRET });
      const { data, error } = await client.POST('/register/token', { body: { userId: 'u1', username: 'fry@example.com' } });
      console.log(data?.token ?? error?.title);
    `,
    // The floor: openapi-fetch with no middleware and no checks.
    'bare openapi-fetch': `
      import createClient from 'openapi-fetch';
      const client = createClient({ baseUrl: 'https://v4.passwordless.dev', headers: { ApiSecret: globalThis.PASSWORDLESS_API_SECRET } });
      const { data, error } = await client.POST('/register/token', { body: { userId: 'u1', username: 'fry@example.com' } });
      console.log(data?.token ?? error?.title);
    `,
    'official SDK': `
      import { PasswordlessClient, RegisterOptions } from '@passwordlessdev/passwordless-nodejs';
      const client = new PasswordlessClient(globalThis.PASSWORDLESS_API_SECRET, {});
      const options = Object.assign(new RegisterOptions(), { userId: 'u1', username: 'fry@example.com' });
      const { token } = await client.createRegisterToken(options);
      console.log(token);
    `,
  },
  // A self-hoster's admin tool: the management client, which an app of register tokens does not carry. The official
  // SDK has no management API.
  'create an app': {
    'this client': `
      import { createPasswordlessManagementClient } from 'passwordless-contract/management';
      const admin = createPasswordlessManagementClient({ managementKey: globalThis.PASSWORDLESS_MANAGEMENT_KEY, baseUrl: 'https://passwordless.example.com/api' });
      const { data, error } = await admin.POST('/admin/apps/{appId}/create', { params: { path: { appId: 'myapp' } }, body: { adminEmail: 'admin@example.com' } });
      console.log(data?.apiSecret1 ?? error?.title);
    `,
    'bare openapi-fetch': `
      import createClient from 'openapi-fetch';
      const admin = createClient({ baseUrl: 'https://passwordless.example.com/api', headers: { ManagementKey: globalThis.PASSWORDLESS_MANAGEMENT_KEY } });
      const { data, error } = await admin.POST('/admin/apps/{appId}/create', { params: { path: { appId: 'myapp' } }, body: { adminEmail: 'admin@example.com' } });
      console.log(data?.apiSecret1 ?? error?.title);
    `,
  },
} as const satisfies Record<string, Record<string, string>>;

/** What the app client may add to bare openapi-fetch's bundle, gzipped, per platform (issue 13). */
const targets = { node: 4.2 * 1024, browser: 3.8 * 1024 };

/** The entries each platform's `exports` condition picks. */
const entriesOf: Record<'node' | 'browser', Record<string, string>> = {
  node: {
    'passwordless-contract': './src/node/index.ts',
    'passwordless-contract/management': './src/node/management.ts',
  },
  browser: { 'passwordless-contract': './src/index.ts', 'passwordless-contract/management': './src/management.ts' },
};

const gzipped = (code: string | Uint8Array) => gzipSync(code, { level: 9 }).byteLength;

/**
 * The app bundled as a user's build would: esbuild, minified, through the entry the platform's `exports` condition
 * picks. With `markFiles`, a marker comment stays at the top of every file's code (esbuild keeps `/*!` comments in
 * place), for costPerFile.
 */
async function bundleApp(source: string, platform: 'node' | 'browser', markFiles = false) {
  const marker = (file: string) => (markFiles ? `/*! @file ${file} */\n` : '');
  const loadFiles: Plugin = {
    name: 'app-and-file-markers',
    setup(build) {
      build.onResolve({ filter: /^app\.js$/ }, () => ({ path: 'app.js', namespace: 'app' }));
      build.onLoad({ filter: /.*/, namespace: 'app' }, () => ({
        contents: marker('app.js') + source,
        resolveDir: root,
      }));
      if (!markFiles) return;
      build.onLoad({ filter: /\.(ts|mjs|js)$/ }, async ({ path }) => ({
        contents: marker(relative(root, path)) + (await readFile(path, 'utf8')),
        loader: path.endsWith('.ts') ? 'ts' : 'js',
      }));
    },
  };
  const result = await build({
    entryPoints: ['app.js'],
    bundle: true,
    minify: true,
    // esbuild's default keeps license comments at the end, as a user's build would; markers must stay in place.
    legalComments: markFiles ? 'inline' : 'eof',
    write: false,
    format: 'esm',
    platform,
    target: 'es2022',
    alias: entriesOf[platform],
    logLevel: 'error',
    plugins: [loadFiles],
  });
  return result.outputFiles[0]!;
}

async function measure(source: string, platform: 'node' | 'browser') {
  const { contents } = await bundleApp(source, platform);
  return { minified: contents.byteLength, gzipped: gzipped(contents) };
}

/**
 * What each source file costs the gzipped bundle: how much smaller the gzipped bundle gets without the code between its
 * marker and the next one. Gzip compresses files together, so the costs do not add up exactly.
 */
async function costPerFile(source: string, platform: 'node' | 'browser') {
  const { text } = await bundleApp(source, platform, true);
  // [code before the first marker, file, its code, file, its code, …]
  const [head = '', ...rest] = text.split(/\/\*! @file (\S+) \*\/\n?/);
  const parts = [head, ...rest.filter((_, index) => index % 2 === 1)];
  const whole = gzipped(parts.join(''));
  return rest
    .filter((_, index) => index % 2 === 0)
    .map((file, index) => ({ file, cost: whole - gzipped(parts.filter((_, part) => part !== index + 1).join('')) }));
}

const kb = (bytes: number, digits = 1) => `${(bytes / 1024).toFixed(digits)} KB`;
const platforms = ['node', 'browser'] as const;
const sizes = new Map<string, { minified: number; gzipped: number }>();
const size = (app: string, client: string, platform: string) => sizes.get(`${app}/${client}/${platform}`)!;
/** What this client adds, gzipped, to the same app on bare openapi-fetch. */
const adds = (app: keyof typeof apps, platform: string) =>
  size(app, 'this client', platform).gzipped - size(app, 'bare openapi-fetch', platform).gzipped;

for (const [app, clients] of Object.entries(apps)) {
  for (const [client, source] of Object.entries(clients)) {
    for (const platform of platforms) sizes.set(`${app}/${client}/${platform}`, await measure(source, platform));
  }
}

console.log(
  'bundle-size: esbuild --minify, gzip -9; "adds" = the gzipped bundle minus the same app\'s on bare openapi-fetch',
);
for (const [app, clients] of Object.entries(apps) as [keyof typeof apps, Record<string, string>][]) {
  console.log('');
  console.log(`${`app: ${app}`.padEnd(22)} platform   minified    gzipped       adds`);
  for (const client of Object.keys(clients)) {
    for (const platform of platforms) {
      const { minified, gzipped } = size(app, client, platform);
      const added = client === 'this client' ? kb(adds(app, platform), 2) : '';
      console.log(
        `${client.padEnd(22)} ${platform.padEnd(8)} ${kb(minified).padStart(10)} ${kb(gzipped).padStart(10)} ${added.padStart(10)}`,
      );
    }
  }
}
console.log('');
const missed: ('node' | 'browser')[] = [];
for (const platform of platforms) {
  const added = adds('register token', platform);
  const met = added <= targets[platform];
  if (!met) missed.push(platform);
  console.log(
    `register token, ${platform}: this client adds ${kb(added, 2)} (${added} B) to openapi-fetch's ${kb(size('register token', 'bare openapi-fetch', platform).gzipped, 2)} ` +
      `(target ≤ ${kb(targets[platform])}: ${met ? 'met' : 'MISSED'}); the whole bundle is ${kb(size('register token', 'this client', platform).gzipped, 2)}, ` +
      `the official SDK's ${kb(size('register token', 'official SDK', platform).gzipped, 2)}`,
  );
}
for (const platform of platforms) {
  console.log(
    `create an app, ${platform}: the management client adds ${kb(adds('create an app', platform), 2)} (${adds('create an app', platform)} B) to openapi-fetch (no target)`,
  );
}
for (const platform of missed) {
  console.log('');
  console.log(
    `What limits it (${platform}): this client's code adds ${kb(adds('register token', platform), 2)}, so it would have to lose ` +
      `${Math.ceil(((adds('register token', platform) - targets[platform]) / adds('register token', platform)) * 100)}% of it. What each file adds to the gzipped bundle:`,
  );
  const costs = await costPerFile(apps['register token']['this client'], platform);
  for (const { file, cost } of costs.filter(({ cost }) => cost > 20).sort((a, b) => b.cost - a.cost)) {
    console.log(`  ${file.padEnd(44)} ${String(cost).padStart(5)} B`);
  }
}
