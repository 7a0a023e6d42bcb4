// Size of a small app that creates the client and a registration token (one run, figures printed, nothing asserted),
// bundled with esbuild (minified, then gzipped) for Node and for the browser, against the same app on the official
// @passwordlessdev/passwordless-nodejs SDK (with axios). The client is bundled from its source, through the entry each
// platform's `exports` condition would pick (Node: src/node/index.ts; browsers: src/index.ts).
// Targets: at most 5 KB gzipped, and under one tenth of the official SDK's Node bundle.
// Where a target is missed, it prints what each file adds to the gzipped bundle, measured in the same run.
//   tsx bench/bundle-size.ts
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { readFile } from 'node:fs/promises';
import { relative } from 'node:path';
import { build, type Platform, type Plugin } from 'esbuild';

const { values } = parseArgs({ options: { help: { type: 'boolean', short: 'h' } } });
if (values.help) {
  console.log('Usage: tsx bench/bundle-size.ts');
  process.exit(0);
}

const root = fileURLToPath(new URL('..', import.meta.url));

const apps = {
  'this client': `
    import { createPasswordlessClient } from 'passwordless-contract';
    const client = createPasswordlessClient({ apiSecret: globalThis.PASSWORDLESS_API_SECRET });
    const { data, error } = await client.POST('/register/token', { body: { userId: 'u1', username: 'fry@example.com' } });
    console.log(data?.token ?? error?.title);
  `,
  // For reference: the floor, openapi-fetch with no middleware and no checks.
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
};

const entryOf: Record<Platform, string> = { node: 'src/node/index.ts', browser: 'src/index.ts', neutral: 'src/index.ts' };

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
      build.onLoad({ filter: /.*/, namespace: 'app' }, () => ({ contents: marker('app.js') + source, resolveDir: root }));
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
    alias: { 'passwordless-contract': `./${entryOf[platform]}` },
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

const kb = (bytes: number) => `${(bytes / 1024).toFixed(1)} KB`;
const sizes = new Map<string, { minified: number; gzipped: number }>();
console.log('bundle-size: app = create the client + create a registration token; esbuild --minify, gzip -9');
console.log('');
console.log('app                  platform   minified    gzipped');
for (const [name, source] of Object.entries(apps)) {
  for (const platform of ['node', 'browser'] as const) {
    const size = await measure(source, platform);
    sizes.set(`${name}/${platform}`, size);
    console.log(`${name.padEnd(20)} ${platform.padEnd(8)} ${kb(size.minified).padStart(10)} ${kb(size.gzipped).padStart(10)}`);
  }
}
console.log('');
const ours = (platform: string) => sizes.get(`this client/${platform}`)!.gzipped;
const official = (platform: string) => sizes.get(`official SDK/${platform}`)!.gzipped;
for (const platform of ['node', 'browser']) {
  const size = ours(platform);
  console.log(`this client, ${platform}: ${kb(size)} gzipped (target ≤ 5.0 KB: ${size <= 5 * 1024 ? 'met' : 'MISSED'})`);
}
for (const platform of ['node', 'browser']) {
  const ratio = ours(platform) / official('node');
  console.log(`this client, ${platform} / official SDK, node: ${ratio.toFixed(3)}× (target < 0.1×: ${ratio < 0.1 ? 'met' : 'MISSED'})`);
}
console.log(`this client, browser / official SDK, browser: ${(ours('browser') / official('browser')).toFixed(3)}×`);
const budget = 5 * 1024;
for (const platform of ['node', 'browser'] as const) {
  if (ours(platform) <= budget) continue;
  const floor = sizes.get(`bare openapi-fetch/${platform}`)!.gzipped;
  const own = ours(platform) - floor;
  console.log('');
  console.log(
    `What limits it (${platform}): openapi-fetch alone (the bare app) is ${kb(floor)}, which leaves ${kb(budget - floor)} ` +
      `of the budget for this client's own code; that code adds ${kb(own)}, so it would have to lose ` +
      `${Math.ceil(((ours(platform) - budget) / own) * 100)}% of its size. What each file adds to the gzipped bundle:`,
  );
  const costs = await costPerFile(apps['this client'], platform);
  for (const { file, cost } of costs.filter(({ cost }) => cost > 20).sort((a, b) => b.cost - a.cost)) {
    console.log(`  ${file.padEnd(44)} ${String(cost).padStart(5)} B`);
  }
}
