// Makes the screenshots of the state page (`/__mock/ui`) that docs/emulator.md shows, so they follow the page as it
// changes: an emulator of its own on a clock that stands still, filled through the API as an app would fill it (users
// with aliases, passkeys made by the software authenticator, sign-ins, a magic link, an authentication configuration,
// events), then Debian's Chromium photographs each part of the page. `npm run docs:screenshots`.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { startMock } from '../src/mock/index.js';
import { VirtualAuthenticator } from '../src/recording/virtual-authenticator.js';
import { launchChromium } from '../test/helpers/chromium.js';

const root = new URL('..', import.meta.url).pathname;
const out = join(root, 'docs', 'images');
const shop = {
  appId: 'shop',
  secret: `shop:secret:${'5a'.repeat(16)}`,
  key: `shop:public:${'c3'.repeat(16)}`,
};
const origin = 'https://shop.example';
const rpId = 'shop.example';
const userAgent =
  'Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36';

// A clock that stands still (moved only below): the same times in every run.
const start = Date.parse('2026-03-02T09:30:00Z');
const mock = await startMock({
  clock: () => start,
  apps: [
    {
      appId: shop.appId,
      publicKeys: [shop.key],
      secretKeys: [shop.secret],
      adminEmails: ['owner@shop.example'],
      createdAt: '2026-01-15T08:00:00',
      features: { eventLoggingIsEnabled: true, eventLoggingRetentionPeriod: 30, magicLinkEmailMonthlyQuota: 2000 },
    },
  ],
});

async function call(path: string, body: unknown, headers: Record<string, string>) {
  const response = await fetch(`${mock.url}${path}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'user-agent': userAgent, ...headers },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) throw new Error(`${path} answered ${response.status}: ${text}`);
  return text === '' ? undefined : JSON.parse(text);
}
const secret = { ApiSecret: shop.secret };
const publicKey = { ApiKey: shop.key };

/** A registration as the official browser client makes it, with a software authenticator. */
async function register(userId: string, aliases: string[], nickname: string, aliasHashing = true) {
  const { token } = await call('/register/token', { userId, username: aliases[0], aliases, aliasHashing }, secret);
  const begin = await call('/register/begin', { token, RPID: rpId, Origin: origin }, publicKey);
  const authenticator = new VirtualAuthenticator(origin);
  const credential = authenticator.createCredential(begin.data, rpId);
  await call(
    '/register/complete',
    {
      session: begin.session,
      response: {
        id: credential.id,
        rawId: credential.rawId,
        type: credential.type,
        clientExtensionResults: credential.clientExtensionResults,
        response: {
          AttestationObject: credential.response.attestationObject,
          clientDataJson: credential.response.clientDataJSON,
        },
      },
      nickname,
      RPID: rpId,
      Origin: origin,
    },
    publicKey,
  );
  return authenticator;
}

async function signIn(authenticator: VirtualAuthenticator, alias: string) {
  const begin = await call('/signin/begin', { alias, RPID: rpId, Origin: origin }, publicKey);
  const assertion = authenticator.getAssertion(begin.data, rpId);
  const { token } = await call(
    '/signin/complete',
    {
      session: begin.session,
      response: {
        id: assertion.id,
        rawId: assertion.rawId,
        type: assertion.type,
        clientExtensionResults: assertion.clientExtensionResults,
        response: {
          authenticatorData: assertion.response.authenticatorData,
          clientDataJson: assertion.response.clientDataJSON,
          signature: assertion.response.signature,
        },
      },
      RPID: rpId,
      Origin: origin,
    },
    publicKey,
  );
  await call('/signin/verify', { token }, secret);
}

const ann = await register('user-0001', ['ann@shop.example'], 'MacBook Touch ID');
await register('user-0002', ['bob@shop.example', 'bob'], 'YubiKey 5', false);
await register('user-0003', ['cy@shop.example'], 'Pixel 8');
await call(
  '/auth-configs/add',
  { purpose: 'checkout', userVerificationRequirement: 'required', timeToLive: '00:05:00', performedBy: 'owner' },
  secret,
);
await call('/register/token', { userId: 'user-0004', username: 'dee@shop.example' }, secret);
// Ten minutes later: the registration tokens above have expired; a sign-in and a magic link are fresh.
mock.clock.advance(600);
await signIn(ann, 'ann@shop.example');
await call(
  '/magic-links/send',
  { emailAddress: 'cy@shop.example', urlTemplate: `${origin}/sign-in?token=$TOKEN`, userId: 'user-0003' },
  secret,
);

const browser = await launchChromium();
try {
  const page = await browser.newPage({ viewport: { width: 1100, height: 800 }, deviceScaleFactor: 1 });
  page.setDefaultTimeout(30_000);
  const { port } = new URL(mock.url);
  await page.goto(`http://localhost:${port}/__mock/ui`);
  await page.getByRole('status').filter({ hasText: 'Up to date' }).waitFor();
  await page.getByRole('button', { name: 'Show shop' }).click();
  await page.getByRole('heading', { name: 'App shop' }).waitFor();
  await page
    .getByRole('table', { name: /^Users of shop/ })
    .getByText('user-0003')
    .waitFor();
  mkdirSync(out, { recursive: true });
  const shots: [string, string][] = [
    [
      'emulator-ui-clock-and-apps.png',
      'header, section[aria-labelledby="clock-heading"], section[aria-labelledby="apps-heading"]',
    ],
    ['emulator-ui-users.png', '#app-heading, #app-summary, #app-users'],
    ['emulator-ui-activity.png', '#app-activity'],
    ['emulator-ui-limits.png', '#limits-section'],
  ];
  for (const [file, selector] of shots) {
    const boxes = await page.locator(selector).evaluateAll((elements) =>
      elements.map((element) => {
        const box = element.getBoundingClientRect();
        return { top: box.top + window.scrollY, bottom: box.bottom + window.scrollY };
      }),
    );
    const top = Math.min(...boxes.map((box) => box.top)) - 8;
    const bottom = Math.max(...boxes.map((box) => box.bottom)) + 8;
    await page.screenshot({
      path: join(out, file),
      fullPage: true,
      clip: { x: 0, y: Math.max(0, top), width: 1100, height: bottom - Math.max(0, top) },
    });
    console.log(`docs/images/${file}`);
  }
} finally {
  await browser.close();
  await mock.close();
}
