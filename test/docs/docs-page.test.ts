// The published docs in a real browser: Debian's Chromium, driven by playwright-core, loads /docs from the mock server.
// Every operation and every errorCode must show, the page must ask nothing of any host but 127.0.0.1, and the console
// must stay free of errors. Expectations are read from generated/openapi.json, never copied here.
import { existsSync, mkdirSync } from 'node:fs';
import { chromium, type Browser, type Locator, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect, inject, it } from 'vitest';
import { listOperations, loadBundledSpec } from '../helpers/bundled-spec.js';
import { ensureFreshDocs } from '../../scripts/fresh-docs.js';

interface CatalogEntry {
  status: number[];
  meaning: string;
  remedy: string;
}

const chromiumPath = '/usr/bin/chromium';
const screenshots = new URL('../../test-results/docs/', import.meta.url).pathname;
const errorsSection = 'Error codes';
const spec = loadBundledSpec();
const operations = listOperations(spec);
const errorCodeSchema = spec.components.schemas.ErrorCode as { enum: string[]; 'x-passwordless-error-catalog': Record<string, CatalogEntry> };

const docsUrl = `${inject('mockUrl')}/docs`;
let browser: Browser;
let page: Page;
const outsideRequests: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  if (!existsSync(chromiumPath)) throw new Error(`${chromiumPath} is missing: install Debian's chromium (apt-get install chromium), as .ci/run does.`);
  // The mock reads dist/docs/index.html on each request, so building it now is soon enough.
  ensureFreshDocs();

  browser = await chromium.launch({
    executablePath: chromiumPath,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
  page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
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
function resolve<T>(node: unknown): T {
  const ref = (node as { $ref?: string }).$ref;
  if (!ref) return node as T;
  const target = ref
    .slice(2)
    .split('/')
    .reduce<unknown>((parent, segment) => (parent as Record<string, unknown>)[segment.replaceAll('~1', '/').replaceAll('~0', '~')], spec);
  return resolve<T>(target);
}

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
  for (const { method, path, operation } of operations) {
    const tag = (operation.tags as string[] | undefined)?.[0];
    expect(tag, `${method.toUpperCase()} ${path} has no tag, so it has no place in the menu`).toBeDefined();
    const entry = menuEntry(operation.summary);
    if (!(await entry.isVisible())) await menuEntry(tag!).click();
    await entry.click();
    const section = operationSection(operation.summary);
    await section.waitFor();
    const text = await section.innerText();
    expect(text, operation.summary).toContain(path);
    const responsePanel = section
      .locator('[data-testid="right-panel"]')
      .filter({ has: page.locator('[data-component-name="Panel/PanelHeaderTitle"]', { hasText: exactly('Response') }) });
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
        expect((await items.allInnerTexts()).map((t) => t.trim()).sort(), `${operation.summary}: ${status} examples`).toEqual(labels.sort());
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

it('lists every errorCode with its status, meaning, remedy, operations and docs address', { timeout: 120_000 }, async () => {
  await openDocs();
  await menuEntry(errorsSection).click();
  await sectionPanel('h2', errorsSection).waitFor();
  // Redoc renders long pages lazily, so a full-page shot here would be mostly blank: keep the viewport.
  await page.screenshot({ path: `${screenshots}error-codes.png` });
  const catalog = errorCodeSchema['x-passwordless-error-catalog'];
  expect(errorCodeSchema.enum.length).toBeGreaterThan(0);
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
    for (const { method, path } of raisedBy) expect(text, `${code}: raised by`).toContain(`${method.toUpperCase()} ${path}`);
    const address = `https://docs.passwordless.dev/guide/errors.html#${code}`;
    await expect(panel.locator(`a[href="${address}"]`).count(), `${code}: link to ${address}`).resolves.toBe(1);
  }
});
