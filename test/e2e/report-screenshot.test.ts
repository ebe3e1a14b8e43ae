/**
 * The HTML report as an admin sees it in a browser and on paper: each bundled example opened in
 * Debian's Chromium (headless, fresh profile). The verdict must be in the first screen, one
 * device must print on a few pages with the verdict on page 1, printed links show their
 * addresses, and codes never wrap mid-code. Screenshots and PDFs are left in
 * `test-results/e2e/` (gitignored) for a look by eye.
 * @module
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyzeInputs, buildReport, render } from '../../src/index.ts';
import type { DeviceReport } from '../../src/model/report.ts';
import { ARTIFACTS, type Browser, HAVE_CHROMIUM, launchBrowser, ROOT } from './harness.ts';

const EXAMPLES = join(ROOT, 'examples');
const NOW = '2024-06-04T12:00:00.000Z';
/** A laptop screen, less the browser's own bars. */
const SCREEN = { width: 1280, height: 720 };
/** What "a few pages" means for one device. */
const MAX_PAGES = 4;

function exampleReport(name: string): string {
  const bytes = readFileSync(join(EXAMPLES, name));
  const reports: DeviceReport[] = [];
  for (const out of analyzeInputs([{ name: `examples/${name}`, bytes }], { now: NOW })) {
    if (out.type === 'report') reports.push(out.report);
  }
  expect(reports).toHaveLength(1);
  return render(buildReport(reports), 'html', { title: 'dsreg-doctor report' });
}

/** Pages in a PDF as Chromium writes it: the page tree's `/Count`, checked against the page objects. */
function pdfPages(pdf: Buffer): number {
  const text = pdf.toString('latin1');
  const objects = text.match(/\/Type\s*\/Page(?![a-zA-Z])/g)?.length ?? 0;
  const counts = [...text.matchAll(/\/Type\s*\/Pages\b[^>]*?\/Count\s+(\d+)/g)].map((m) => Number(m[1]));
  return Math.max(objects, ...counts);
}

const examples = readdirSync(EXAMPLES).filter((n) => n.endsWith('.txt'));

describe.skipIf(!HAVE_CHROMIUM)('the HTML report in Chromium', () => {
  let browser: Browser;
  const out = join(ARTIFACTS, 'report');

  beforeAll(async () => {
    mkdirSync(out, { recursive: true });
    browser = await launchBrowser();
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('finds the bundled examples', () => {
    expect(examples.length).toBeGreaterThanOrEqual(5);
  });

  for (const name of examples) {
    it(`${name}: verdict in the first screen, at most ${MAX_PAGES} printed pages, verdict on page 1`, async () => {
      const file = join(out, `${basename(name, '.txt')}.html`);
      writeFileSync(file, exampleReport(name));
      const page = await browser.context.newPage();
      try {
        await page.setViewportSize(SCREEN);
        await page.goto(pathToFileURL(file).href);

        // Headed by the device name, the path under it; then the verdict, inside the first screen.
        const heading = await page.locator('section.report h2').first().textContent();
        expect(heading).not.toContain('/');
        for (const selector of ['section.report .headline', 'section.report .verdict']) {
          const box = await page.locator(selector).first().boundingBox();
          expect(box, selector).not.toBeNull();
          expect(box!.y).toBeGreaterThanOrEqual(0);
          expect(box!.y + box!.height).toBeLessThanOrEqual(SCREEN.height);
        }
        await page.screenshot({ path: join(out, `${basename(name, '.txt')}.png`) });

        // On paper: A4, a few pages, and the verdict on the first (the title never alone on it).
        await page.emulateMedia({ media: 'print' });
        const pdf = await page.pdf({ format: 'A4', printBackground: false });
        writeFileSync(join(out, `${basename(name, '.txt')}.pdf`), pdf);
        const pages = pdfPages(pdf);
        expect(pages).toBeGreaterThanOrEqual(1);
        expect(pages).toBeLessThanOrEqual(MAX_PAGES);
        // A4 is 297 mm; less the 14 mm margins top and bottom, 269 mm of content: 1016 CSS pixels.
        const headlineBottom = await page
          .locator('section.report .verdict')
          .first()
          .evaluate((el) => el.getBoundingClientRect().bottom + window.scrollY);
        expect(headlineBottom).toBeLessThan(1016);

        // Printed links carry their address after the title.
        const after = await page
          .locator('section.report a[href]')
          .first()
          .evaluate((a) => getComputedStyle(a, '::after').content);
        expect(after).toMatch(/attr\(href\)|https:\/\//);
      } finally {
        await page.close();
      }
    });
  }

  it('never wraps a code in the middle, even on a phone-wide window', async () => {
    const file = join(out, 'scp-missing.html');
    writeFileSync(file, exampleReport('scp-missing.txt'));
    const page = await browser.context.newPage();
    try {
      await page.setViewportSize({ width: 360, height: 740 });
      await page.goto(pathToFileURL(file).href);
      const codes = await page
        .locator('code.code')
        .evaluateAll((els) => els.map((el) => ({ text: el.textContent, lines: el.getClientRects().length })));
      expect(codes.length).toBeGreaterThan(3);
      expect(codes.filter((c) => c.lines !== 1)).toEqual([]);
      // Headings break between words only.
      const h2 = await page
        .locator('section.report h2')
        .first()
        .evaluate((el) => getComputedStyle(el).wordBreak);
      expect(h2).not.toBe('break-all');
      await page.screenshot({ path: join(out, 'scp-missing-phone.png'), fullPage: false });
    } finally {
      await page.close();
    }
  });
});

describe.runIf(!HAVE_CHROMIUM)('the HTML report in Chromium (skipped)', () => {
  it.skip('needs /usr/bin/chromium (Debian package chromium)', () => {});
});
