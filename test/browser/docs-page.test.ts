// The docs page in a real browser (Debian's Chromium, driven by playwright-core), for what only a browser shows: Redoc
// renders the page from what it was given, with no console error and no request to any host but 127.0.0.1; a deep link
// opens its operation (Redoc addresses every operation by the same rule: test/docs/docs-page.test.ts); a sample tab
// switches; links between sections open their target; and the request samples fit their panel at 1024 and 1440 px. What the page carries,
// operation by operation, is checked from its HTML in test/docs/docs-page.test.ts. Every wait is for a condition.
import { mkdirSync } from 'node:fs';
import type { Browser, Locator, Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it, vi } from 'vitest';
import { operationAnchor, sectionAnchor } from '../../scripts/docs-anchors.js';
import { ensureFreshDocs } from '../../scripts/fresh-docs.js';
import { listOperations, loadBundledSpec, type OpenApiOperation } from '../helpers/bundled-spec.js';
import { launchChromium } from '../helpers/chromium.js';

interface CodeSample {
  label: string;
  source: string;
}

// A busy machine renders slowly: a condition gets this long to come true, and a test this long to finish.
const settles = 20_000;
vi.setConfig({ testTimeout: 90_000, hookTimeout: 90_000 });

const screenshots = new URL('../../test-results/docs/', import.meta.url).pathname;
const spec = loadBundledSpec();
const operations = listOperations(spec);
const docsUrl = `${inject('mockUrl')}/docs`;
const samplesOf = (operation: OpenApiOperation) => (operation['x-codeSamples'] as CodeSample[] | undefined) ?? [];

let browser: Browser;
const pages: Page[] = [];
const outsideRequests: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  // The mock reads dist/docs/index.html on each request, so building it now is soon enough.
  ensureFreshDocs();
  browser = await launchChromium();
  mkdirSync(screenshots, { recursive: true });
});

afterEach(() => {
  expect(outsideRequests.splice(0), 'requests that left 127.0.0.1').toEqual([]);
  expect(consoleErrors.splice(0), 'console errors').toEqual([]);
});

afterAll(async () => {
  for (const page of pages) await page.close();
  await browser?.close();
});

/** A page of the given width on the docs (at `hash`), once Redoc has taken over the prerendered HTML. */
async function openDocs(width = 1440, hash = ''): Promise<Page> {
  const page = await browser.newPage({ viewport: { width, height: 900 } });
  pages.push(page);
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
  await page.goto(`${docsUrl}${hash}`);
  // The sidebar logo mounts only once Redoc has hydrated the page.
  await page.locator('img[alt="redocly logo"]').waitFor({ state: 'attached' });
  return page;
}

const exactly = (text: string) => new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

/** The operation whose heading is exactly `summary`. */
const operationSection = (page: Page, summary: string) =>
  page.locator('[data-item-kind="httpItem"]').filter({ has: page.locator('h2', { hasText: exactly(summary) }) });

/** Waits until `heading` is in the viewport: the page scrolled to it, not merely rendered it somewhere. */
async function expectScrolledTo(heading: Locator, message: string) {
  await heading.waitFor();
  await expect
    .poll(
      async () => {
        const box = await heading.boundingBox();
        return box !== null && box.y >= 0 && box.y < 900;
      },
      { message, timeout: settles },
    )
    .toBe(true);
}

/** The request panel of an operation: the right panel with code that is not the response's. */
function requestPanel(page: Page, section: Locator): Locator {
  return section
    .locator('[data-testid="right-panel"]')
    .filter({
      hasNot: page.locator('[data-component-name="Panel/PanelHeaderTitle"]', { hasText: exactly('Response') }),
    })
    .filter({ has: page.locator('[data-testid="source-code"]') });
}

/** Shows `label` in a request panel through its picker (Redoc remembers the last one picked) and waits for its code. */
async function pickSample(page: Page, panel: Locator, sample: CodeSample) {
  const picker = panel.locator('button[aria-haspopup="menu"]').filter({ hasText: /^(curl|TypeScript|Payload)$/ });
  if (((await picker.textContent()) ?? '').trim() !== sample.label) {
    await picker.click();
    await page.locator('[role="menu"]:visible [role="menuitem"]', { hasText: exactly(sample.label) }).click();
  }
  const code = panel.locator('[data-testid="source-code"]');
  await expect
    .poll(async () => ((await code.textContent()) ?? '').trimEnd(), {
      message: `the ${sample.label} sample`,
      timeout: settles,
    })
    .toBe(sample.source.trimEnd());
}

/** For each sample label, the operation whose sample of that label has the longest line: the hardest to fit. */
function widestSamples(): { operation: OpenApiOperation; path: string; sample: CodeSample }[] {
  const width = (sample: CodeSample) => Math.max(...sample.source.split('\n').map((line) => line.length));
  const labels = [...new Set(operations.flatMap(({ operation }) => samplesOf(operation).map((s) => s.label)))];
  return labels.map((label) => {
    const candidates = operations.flatMap(({ path, operation }) =>
      samplesOf(operation)
        .filter((sample) => sample.label === label)
        .map((sample) => ({ operation, path, sample })),
    );
    return candidates.reduce((widest, next) => (width(next.sample) > width(widest.sample) ? next : widest));
  });
}

/**
 * Fitting, measured: the code block does not scroll sideways (its content is no wider than its box), every piece of
 * text lies inside the box, and the copy button's box overlaps no piece of text.
 */
function measureFit(pre: HTMLElement) {
  const box = pre.getBoundingClientRect();
  const copy = [...(pre.parentElement?.querySelectorAll('button[aria-label="Copy"]') ?? [])]
    .map((button) => button.getBoundingClientRect())
    .find((rect) => rect.width > 0);
  const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
  const pieces: DOMRect[] = [];
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    if (!node.textContent?.trim()) continue;
    const range = document.createRange();
    range.selectNodeContents(node);
    pieces.push(...[...range.getClientRects()].filter((rect) => rect.width > 0));
  }
  const overlaps = (a: DOMRect, b: DOMRect) =>
    a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
  return {
    scrollsSideways: pre.scrollWidth > pre.clientWidth,
    piecesOutside: pieces.filter((rect) => rect.left < box.left - 0.5 || rect.right > box.right + 0.5).length,
    piecesUnderCopy: copy ? pieces.filter((rect) => overlaps(rect, copy)).length : 0,
    hasCopy: copy !== undefined,
  };
}

describe('opened at a deep link to an operation', () => {
  const { path, operation } = operations.find(({ operation }) => operation.operationId === 'createRegisterToken')!;
  let page: Page;
  beforeAll(async () => {
    page = await openDocs(1440, operationAnchor(operation, path));
  });

  it('shows the page scrolled to that operation', async () => {
    await expectScrolledTo(operationSection(page, operation.summary).locator('h2').first(), operation.operationId);
  });

  it("switches sample tabs: the operation's curl sample, then its TypeScript sample", async () => {
    const panel = requestPanel(page, operationSection(page, operation.summary));
    for (const sample of samplesOf(operation)) await pickSample(page, panel, sample);
    await panel.screenshot({ path: `${screenshots}typescript-sample.png` });
  });

  it('leads from an error response\'s code to its entry, and from the entry\'s "Raised by" link back', async () => {
    const section = operationSection(page, operation.summary);
    await section.locator('[id$="/responses"] [role="tab"]', { hasText: exactly('409') }).click();
    await section
      .locator(`a[href="${sectionAnchor('Error codes', 'alias_conflict')}"]`)
      .first()
      .click();
    const entry = page
      .locator('[data-testid="middle-panel"]')
      .filter({ has: page.locator('h3', { hasText: exactly('alias_conflict') }) });
    await expectScrolledTo(entry.locator('h3'), 'the entry of alias_conflict');
    await entry.locator(`a[href="${operationAnchor(operation, path)}"]`).click();
    await expectScrolledTo(section.locator('h2').first(), 'back to the operation');
  });

  it('renders the introduction at its address, with no console error and nothing asked of another host', async () => {
    await page.evaluate(() => {
      window.location.hash = '#/';
    });
    const title = (spec.info as { title: string }).title;
    await expect.poll(() => page.locator('h1').first().textContent(), { timeout: settles }).toContain(title);
    await page.screenshot({ path: `${screenshots}docs-page.png` });
  });

  describe.each([1024, 1440])('at %i px', (width) => {
    beforeAll(async () => {
      await page.setViewportSize({ width, height: 900 });
    });

    it.each(widestSamples().map((widest) => [widest.sample.label, widest] as const))(
      'the widest %s sample fits its panel: no line cut, no text under the copy button',
      async (label, widest) => {
        await page.evaluate(
          (hash) => {
            window.location.hash = hash;
          },
          operationAnchor(widest.operation, widest.path),
        );
        const section = operationSection(page, widest.operation.summary);
        const panel = requestPanel(page, section);
        // The page may be there already, at another width: bring the panel itself into view.
        await panel.scrollIntoViewIfNeeded();
        await pickSample(page, panel, widest.sample);
        const pre = panel.locator('[data-testid="source-code"]');
        await panel.screenshot({ path: `${screenshots}sample-${label}-${width}px.png` });
        expect(
          await pre.evaluate(measureFit),
          `${widest.operation.operationId}'s ${label} sample at ${width} px`,
        ).toEqual({
          scrollsSideways: false,
          piecesOutside: 0,
          piecesUnderCopy: 0,
          hasCopy: true,
        });
      },
    );
  });
});
