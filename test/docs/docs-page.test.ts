// The published docs in a real browser: Debian's Chromium, driven by playwright-core, loads /docs from the mock server.
// Every operation with its request samples and its own error codes, every errorCode with links to the operations that
// raise it, and every difference from the official docs must show; the page must ask nothing of any host but
// 127.0.0.1, and the console must stay free of errors. Expectations are read from generated/openapi.json, never copied
// here.
import { existsSync, mkdirSync } from 'node:fs';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject, it } from 'vitest';
import type { CodeSample } from '../../scripts/code-samples.js';
import { ensureFreshDocs } from '../../scripts/fresh-docs.js';
import { resolveLocalRefs } from '../../src/emulator/spec/local-refs.js';
import { listOperations, loadBundledSpec, type OpenApiOperation } from '../helpers/bundled-spec.js';

interface CatalogEntry {
  status: number[];
  meaning: string;
  remedy: string;
}

const chromiumPath = '/usr/bin/chromium';
const screenshots = new URL('../../test-results/docs/', import.meta.url).pathname;
const errorsSection = 'Error codes';
const differencesSection = 'Differences from the official docs';
const spec = loadBundledSpec();
const operations = listOperations(spec);
const errorCodeSchema = spec.components.schemas.ErrorCode as {
  enum: string[];
  'x-passwordless-error-catalog': Record<string, CatalogEntry>;
};

const docsUrl = `${inject('mockUrl')}/docs`;
const viewport = { width: 1400, height: 1000 };
let browser: Browser;
let page: Page;
const outsideRequests: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(chromiumPath))
    throw new Error(
      `${chromiumPath} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does.`,
    );
  // The mock reads dist/docs/index.html on each request, so building it now is soon enough.
  ensureFreshDocs();

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  page = await browser.newPage({ viewport });
  // A missing element fails in seconds with its locator named, not at the test's timeout.
  page.setDefaultTimeout(10_000);
  // Anything not for 127.0.0.1 is recorded and refused, so an offline machine fails the same way a connected one does.
  await page.route('**/*', (route) => {
    const url = new URL(route.request().url());
    if (url.hostname === '127.0.0.1') return route.continue();
    outsideRequests.push(url.href);
    return route.abort();
  });
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  page.on('pageerror', (error) => consoleErrors.push(error.message));
  mkdirSync(screenshots, { recursive: true });
});

afterEach(() => {
  const requests = outsideRequests.splice(0);
  const errors = consoleErrors.splice(0);
  expect(requests, 'requests that left 127.0.0.1').toEqual([]);
  expect(errors, 'console errors').toEqual([]);
});

afterAll(async () => {
  await browser?.close();
});

/** Opens the docs and waits until Redoc has taken over the prerendered HTML (its sidebar logo mounts only then). */
async function openDocs() {
  await page.goto(docsUrl);
  await page.locator('img[alt="redocly logo"]').waitFor({ state: 'attached', timeout: 10_000 });
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** A label in the side menu. */
function menuEntry(label: string): Locator {
  return page.locator(`[data-component-name="Menu/MenuItem"] span[data-text="${label.replace(/["\\]/g, '\\$&')}"]`);
}

/** The operation whose heading is exactly `summary`, with its request and response panels. */
function operationSection(summary: string): Locator {
  return page.locator('[data-item-kind="httpItem"]').filter({ has: page.locator('h2', { hasText: exactly(summary) }) });
}

/** An operation's label in the side menu: the one with a method badge (a heading may have the same text). */
function operationMenuEntry(summary: string): Locator {
  return page
    .locator('[data-testid="menu-item-label"]')
    .filter({ has: page.locator('[data-component-name="Tags/HttpTag"]') })
    .locator(`span[data-text="${summary.replace(/["\\]/g, '\\$&')}"]`);
}

/** Shows an operation through the side menu (opening its tag first) and returns its section. */
async function showOperation(operation: OpenApiOperation): Promise<Locator> {
  const tag = (operation.tags as string[] | undefined)?.[0];
  expect(tag, `${operation.operationId} has no tag, so it has no place in the menu`).toBeDefined();
  const entry = operationMenuEntry(operation.summary);
  if (!(await entry.isVisible())) await menuEntry(tag!).click();
  await entry.click();
  const section = operationSection(operation.summary);
  await section.waitFor();
  return section;
}

/** Waits until `heading` is in the viewport: the page scrolled to it, not merely rendered it somewhere. */
async function expectScrolledTo(heading: Locator, message: string) {
  await heading.waitFor();
  await expect
    .poll(
      async () => {
        const box = await heading.boundingBox();
        return box !== null && box.y >= 0 && box.y < viewport.height;
      },
      { message, timeout: 10_000 },
    )
    .toBe(true);
}

/** The middle panel under the markdown heading that is exactly `heading`. */
function sectionPanel(tag: 'h2' | 'h3', heading: string): Locator {
  return page.locator('[data-testid="middle-panel"]').filter({ has: page.locator(tag, { hasText: exactly(heading) }) });
}

interface ExampleObject {
  summary?: string;
  value?: unknown;
}
interface ResponseObject {
  content?: Record<string, { examples?: Record<string, unknown> }>;
}

/** Follows a local $ref (the bundle keeps shared responses and examples under components). */
const resolve = <T>(node: unknown): T => resolveLocalRefs<T>(spec, node);

/** Markdown shows `code` without its backticks. */
const rendered = (markdown: string) => markdown.replaceAll('`', '');

it('opens on the introduction, and saves a full-page screenshot', async () => {
  await openDocs();
  const title = (spec.info as { title: string }).title;
  await expect(page.locator('h1').first().innerText()).resolves.toContain(title);
  await page.screenshot({ path: `${screenshots}docs-page.png`, fullPage: true });
});

it("shows every operation's summary, path, responses and each response's examples", { timeout: 180_000 }, async () => {
  await openDocs();
  expect(operations.length).toBeGreaterThan(0);
  const checkedSharedResponses = new Set<string>();
  for (const { path, operation } of operations) {
    const section = await showOperation(operation);
    const text = await section.innerText();
    expect(text, operation.summary).toContain(path);
    const responsePanel = section.locator('[data-testid="right-panel"]').filter({
      has: page.locator('[data-component-name="Panel/PanelHeaderTitle"]', { hasText: exactly('Response') }),
    });
    for (const [status, response] of Object.entries(operation.responses)) {
      await responsePanel.locator('button', { hasText: exactly(status) }).click();
      // A shared response (the 401s, the 500) renders the same everywhere: check its examples once.
      const shared = (response as { $ref?: string }).$ref;
      if (shared && checkedSharedResponses.has(shared)) continue;
      if (shared) checkedSharedResponses.add(shared);
      const examples = Object.entries(resolve<ResponseObject>(response).content ?? {})[0]?.[1].examples ?? {};
      const labels = Object.entries(examples).map(([name, example]) => resolve<ExampleObject>(example).summary ?? name);
      if (labels.length > 1) {
        // Several examples: the picker must offer each of them.
        await responsePanel.locator('button[aria-label="Example"]').click();
        // The picker opens its menu in a portal, outside the panel.
        const items = page.locator('[role="menu"]:visible [role="menuitem"]');
        await items.first().waitFor();
        expect(
          (await items.allInnerTexts()).map((t) => t.trim()).sort(),
          `${operation.summary}: ${status} examples`,
        ).toEqual(labels.sort());
        await page.keyboard.press('Escape');
      } else if (labels.length === 1) {
        // One example: it is the body shown.
        const [only] = Object.values(examples);
        const value = resolve<ExampleObject>(only!).value;
        const shown = await responsePanel.locator('[data-testid="source-code"]').innerText();
        if (typeof value === 'string') expect(shown, `${operation.summary}: ${status} example`).toContain(value);
        else expect(JSON.parse(shown), `${operation.summary}: ${status} example`).toEqual(value);
      }
    }
  }
});

it('lists every errorCode with its status, meaning, remedy, operations and docs address', {
  timeout: 120_000,
}, async () => {
  await openDocs();
  await menuEntry(errorsSection).click();
  await sectionPanel('h2', errorsSection).waitFor();
  // Redoc renders long pages lazily, so a full-page shot here would be mostly blank: keep the viewport.
  await page.screenshot({ path: `${screenshots}error-codes.png` });
  const catalog = errorCodeSchema['x-passwordless-error-catalog'];
  expect(errorCodeSchema.enum.length).toBeGreaterThan(0);
  /** Where each "Raised by" link points, with the operation it names. */
  const raisedByLinks = new Map<string, OpenApiOperation>();
  for (const code of errorCodeSchema.enum) {
    await menuEntry(code).click();
    const panel = sectionPanel('h3', code);
    await panel.waitFor();
    const text = await panel.innerText();
    const entry = catalog[code]!;
    for (const status of entry.status) expect(text, `${code}: status`).toContain(String(status));
    expect(text, `${code}: meaning`).toContain(rendered(entry.meaning));
    expect(text, `${code}: remedy`).toContain(rendered(entry.remedy));
    const raisedBy = operations.filter(({ operation }) => operation['x-passwordless-error-codes']?.includes(code));
    for (const { method, path, operation } of raisedBy) {
      const label = `${method.toUpperCase()} ${path} (${operation.summary})`;
      const link = panel.locator('a[href^="#/"]', { hasText: exactly(label) });
      await expect(link.count(), `${code}: "Raised by" links ${label}`).resolves.toBe(1);
      raisedByLinks.set((await link.getAttribute('href'))!, operation);
    }
    const address = `https://docs.passwordless.dev/guide/errors.html#${code}`;
    await expect(panel.locator(`a[href="${address}"]`).count(), `${code}: link to ${address}`).resolves.toBe(1);
  }
  // Every "Raised by" link lands on the operation it names: the last one followed by a click, all by their address.
  const [lastHref, lastOperation] = [...raisedByLinks].at(-1)!;
  await page.locator(`a[href="${lastHref}"]`).first().click();
  await expectScrolledTo(
    operationSection(lastOperation.summary).locator('h2').first(),
    `the link to ${lastOperation.operationId}`,
  );
  for (const [href, operation] of raisedByLinks) {
    await page.evaluate((hash) => (window.location.hash = hash), href);
    await expectScrolledTo(
      operationSection(operation.summary).locator('h2').first(),
      `${href} shows ${operation.operationId}`,
    );
  }
});

/** The errorCodes an error response's examples carry, `null` as 'null': what the page should list for it. */
function responseCodes(response: unknown): string[] {
  const codes = new Set<string>();
  for (const media of Object.values(resolve<ResponseObject>(response).content ?? {})) {
    for (const example of Object.values(media.examples ?? {})) {
      const value = resolve<ExampleObject>(example).value;
      if (value && typeof value === 'object' && 'errorCode' in value)
        codes.add(String((value as { errorCode: unknown }).errorCode));
    }
  }
  return [...codes].sort();
}

it("shows each operation's curl and TypeScript samples as the spec publishes them", { timeout: 180_000 }, async () => {
  await openDocs();
  for (const { operation } of operations) {
    const samples = (operation['x-codeSamples'] as CodeSample[] | undefined) ?? [];
    expect(
      samples.map((sample) => sample.label),
      `${operation.operationId}: samples`,
    ).toEqual(['curl', 'TypeScript']);
    const section = await showOperation(operation);
    const requestPanel = section
      .locator('[data-testid="right-panel"]')
      .filter({
        hasNot: page.locator('[data-component-name="Panel/PanelHeaderTitle"]', { hasText: exactly('Response') }),
      })
      .filter({ has: page.locator('[data-testid="source-code"]') });
    // Redoc remembers the language last picked, so the picker may start on either sample.
    const picker = requestPanel
      .locator('button[aria-haspopup="menu"]')
      .filter({ hasText: /^(curl|TypeScript|Payload)$/ });
    for (const sample of samples) {
      if ((await picker.innerText()).trim() !== sample.label) {
        await picker.click();
        await page.locator('[role="menu"]:visible [role="menuitem"]', { hasText: exactly(sample.label) }).click();
      }
      // Polled: the code follows the picker a render later.
      const code = requestPanel.locator('[data-testid="source-code"]');
      await expect
        .poll(async () => (await code.innerText()).trimEnd(), {
          message: `${operation.operationId}: the ${sample.label} sample`,
          timeout: 5_000,
        })
        .toBe(sample.source.trimEnd());
    }
    if (operation.operationId === 'createRegisterToken')
      await requestPanel.screenshot({ path: `${screenshots}typescript-sample.png` });
  }
});

it('shows, for each error response, only the errorCodes its operation answers with that status', {
  timeout: 180_000,
}, async () => {
  await openDocs();
  let listed = 0;
  for (const { operation } of operations) {
    const section = await showOperation(operation);
    for (const [status, response] of Object.entries(operation.responses)) {
      if (!/^[45]/.test(status)) continue;
      const expected = responseCodes(response);
      await section.locator('[id$="/responses"] [role="tab"]', { hasText: exactly(status) }).click();
      // The errorCode row of the schema shown (the first of several alternatives, `&oneof=0`).
      const row = section.locator(`[id*="t=response&c=${status}&path="][id$="errorcode"]`).first();
      const where = `${operation.operationId} ${status}`;
      if (expected.length === 0) {
        // No errorCode at all in these answers (401s, 500s, validation): the schema shows none.
        await expect(row.count(), `${where}: no errorCode`).resolves.toBe(0);
        continue;
      }
      const text = await row.innerText();
      const values = text.slice(text.search(/(Enum|Value):/));
      const shown = [...values.matchAll(/"([^"]+)"|\bnull\b/g)].map((match) => match[1] ?? 'null');
      expect(shown.sort(), `${where}: the errorCodes shown`).toEqual(expected);
      for (const code of expected.filter((code) => code !== 'null')) {
        await expect(
          row.locator(`a[href="#/error-codes/${code}"]`).count(),
          `${where}: ${code} links to its entry`,
        ).resolves.toBe(1);
      }
      if (listed++ === 0) await row.screenshot({ path: `${screenshots}error-list.png` });
    }
  }
  expect(listed).toBeGreaterThan(0);
  // A code's link lands on its entry in the Error codes section.
  const { operation } = operations.find(({ operation }) => operation.operationId === 'createRegisterToken')!;
  const section = await showOperation(operation);
  await section.locator('[id$="/responses"] [role="tab"]', { hasText: exactly('409') }).click();
  await section.locator('a[href="#/error-codes/alias_conflict"]').first().click();
  await expectScrolledTo(page.locator('h3', { hasText: exactly('alias_conflict') }), 'the link to alias_conflict');
});

interface OfficialDocs {
  documented?: boolean;
  differences?: string[];
}

it('gathers the differences from the official docs, each linked to and from its operation', {
  timeout: 120_000,
}, async () => {
  await openDocs();
  await menuEntry(differencesSection).click();
  await sectionPanel('h2', differencesSection).waitFor();
  const general = (spec['x-passwordless-official-docs'] as OfficialDocs | undefined)?.differences ?? [];
  const across = await sectionPanel('h3', 'Across the API').innerText();
  for (const sentence of general) expect(across, 'across the API').toContain(rendered(sentence));
  const leftOut = sectionPanel('h3', 'Operations the official docs leave out');
  await leftOut.waitFor();
  const undocumented = operations.filter(
    ({ operation }) => (operation['x-passwordless-official-docs'] as OfficialDocs | undefined)?.documented === false,
  );
  expect(undocumented.length).toBeGreaterThan(0);
  for (const { method, path } of undocumented) {
    await expect(
      leftOut.locator('a[href^="#/"]', { hasText: exactly(`${method.toUpperCase()} ${path}`) }).count(),
      `${path} is left out`,
    ).resolves.toBe(1);
  }

  const differing = operations.filter(
    ({ operation }) => (operation['x-passwordless-official-docs'] as OfficialDocs | undefined)?.differences?.length,
  );
  expect(differing.length).toBeGreaterThan(0);
  for (const { method, path, operation } of differing) {
    // From the operation to its entry, and back.
    const section = await showOperation(operation);
    await section.locator('a', { hasText: exactly('they differ') }).click();
    const entry = sectionPanel('h3', operation.summary);
    await expectScrolledTo(entry.locator('h3'), `${operation.operationId}: its differences`);
    const text = await entry.innerText();
    for (const sentence of (operation['x-passwordless-official-docs'] as OfficialDocs).differences!) {
      expect(text, `${operation.operationId}: difference`).toContain(rendered(sentence));
    }
    await entry.locator('a[href^="#/"]', { hasText: exactly(`${method.toUpperCase()} ${path}`) }).click();
    await expectScrolledTo(operationSection(operation.summary).locator('h2').first(), `${operation.operationId}: back`);
  }
  // The operations' own descriptions no longer speak of the official docs.
  for (const { operation } of operations)
    expect(String(operation.description ?? ''), operation.operationId).not.toMatch(/\bdocs\b/i);
});
