/// <reference lib="dom" />
/// <reference lib="dom.iterable" />
/**
 * The page in a real browser (Debian's Chromium): analysis of a paste and of dropped files, in
 * the browser, under the server's CSP; the fleet dashboard over a seeded store, its numbers
 * checked against the store's own summary; the device page; a hostile capture whose markup never
 * runs. Screenshots go to test-results/e2e (and the README's to docs/).
 */
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { writeZip } from '../../src/input/zip.ts';
import type { RunningServer } from '../../src/server/listen.ts';
import { openStore } from '../../src/store/open.ts';
import type { FleetStore, FleetSummary } from '../../src/store/types.ts';
import {
  artifact,
  type Browser,
  ensurePageBuilt,
  HAVE_CHROMIUM,
  launchBrowser,
  ROOT,
  startServer,
  type Watch,
  watch,
} from './harness.ts';

const example = (name: string) => readFileSync(join(ROOT, 'examples', name), 'utf8');
const SCP_MISSING = example('scp-missing.txt');
const HELLO_EVTX = join(
  ROOT,
  '..',
  'shared',
  'evtx-samples',
  'Microsoft-Windows-HelloForBusiness-Operational.evtx',
);
const DOCS = join(ROOT, 'docs');

/** The same device a week later: the AD configuration fixed, now failing in the join phase. */
const SCP_LATER = SCP_MISSING.replace(
  'Client Time : 2024-05-13 14:02:11.000 UTC',
  'Client Time : 2024-05-20 09:00:00.000 UTC',
)
  .replace('AD Configuration Test : FAIL [0x80070002]', 'AD Configuration Test : PASS')
  .replace('Error Phase : discover', 'Error Phase : join')
  .replace('Client ErrorCode : 0x801c001d', 'Client ErrorCode : 0x801c03f2');

/** Waits for what the page shows; generous, because CI machines are shared and slow at times. */
const poll = <T>(read: () => T | Promise<T>) => expect.poll(read, { timeout: 20_000, interval: 100 });

const HOSTILE_NAME = `<img src=x onerror="alert('x')"><script>alert('s')</script>status.txt`;

if (!HAVE_CHROMIUM)
  console.warn('browser tests skipped: /usr/bin/chromium is not installed (apt-get install -y chromium)');

describe.skipIf(!HAVE_CHROMIUM)('the page in Chromium', { timeout: 90_000 }, () => {
  let browser: Browser;
  let store: FleetStore;
  let server: RunningServer;
  let dir: string;
  const watches: Watch[] = [];

  async function open(path: string): Promise<Page> {
    const page = await browser.context.newPage();
    watches.push(watch(page, server.url));
    await page.goto(`${server.url}/${path}`);
    return page;
  }

  async function post(body: string, headers: Record<string, string> = {}): Promise<number> {
    const response = await fetch(`${server.url}/api/captures`, { method: 'POST', body, headers });
    return response.status;
  }

  beforeAll(async () => {
    await ensurePageBuilt();
    dir = mkdtempSync(join(tmpdir(), 'dsreg-e2e-'));
    store = await openStore(join(dir, 'fleet.db'));
    server = await startServer({ store });
    browser = await launchBrowser();
    // The seeded fleet: captures posted the way devices post them.
    expect(
      await post(SCP_MISSING, { 'X-Capture-Context': 'system', 'X-File-Name': 'PC-0203/status.txt' }),
    ).toBe(201);
    expect(await post(SCP_LATER, { 'X-File-Name': HOSTILE_NAME })).toBe(201);
    expect(await post(example('sync-join-waiting-for-sync.txt'))).toBe(201);
    expect(await post(example('entra-registered.txt'))).toBe(201);
    expect(await post(example('prt-failing.txt'))).toBe(201);
    const healthy = example('hybrid-joined-healthy.txt');
    for (let i = 0; i < 5; i++) {
      const id = `00aa00aa-bb11-cc22-dd33-44ee44ee44e${i}`;
      const text = healthy
        .replace('00aa00aa-bb11-cc22-dd33-44ee44ee44ee', id)
        .replace('PC-0142', `PC-015${i}`);
      expect(await post(text, { 'X-Capture-Context': 'system' })).toBe(201);
    }
    for (let i = 0; i < 4; i++) {
      const text = SCP_MISSING.replace('PC-0203', `PC-030${i}`).replace(
        'Client ErrorCode : 0x801c001d',
        `Client ErrorCode : ${i % 2 === 0 ? '0x801c001d' : '0x801c0021'}`,
      );
      expect(await post(text)).toBe(201);
    }
  }, 180_000);

  afterAll(async () => {
    await browser?.close();
    await server?.close();
    await store?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('analyses a pasted capture in the browser and shows the verdict and the report', async () => {
    const page = await open('#/analyse');
    await page.getByLabel('Paste the output of').fill(SCP_MISSING);
    const requestsBefore: string[] = [];
    page.on('request', (r) => requestsBefore.push(r.url()));
    await page.getByRole('button', { name: 'Analyse', exact: true }).click();
    const verdict = page.locator('.verdict').first();
    await poll(() => verdict.locator('.headline').textContent()).toBe(
      'Domain joined · Failing · failed in the Discover phase · 0x801c001d',
    );
    expect(await verdict.locator('.source').textContent()).toBe('pasted text');
    // The analysis ran in the page's worker, off the main thread.
    expect(page.workers().map((w) => new URL(w.url()).pathname)).toEqual([
      expect.stringMatching(/^\/assets\/worker-[\w-]+\.js$/),
    ]);
    // Nothing was sent anywhere: the only requests were the page's own scripts.
    expect(requestsBefore.filter((u) => u.includes('/api/'))).toEqual([]);
    const report = page.frameLocator('iframe.report-frame');
    // The report is headed by the device name; where the capture came from is the line under it.
    await poll(() => report.locator('h2').first().textContent()).toBe('PC-0203.contoso.com');
    expect(await report.locator('body').textContent()).toContain('DSREG_AUTOJOIN_ADCONFIG_READ_FAILED');
    await page.screenshot({ path: artifact('analyse-paste.png'), fullPage: false });
    // The README's picture: the verdict and the top of the report.
    await page.evaluate(() => document.getElementById('analyse-title')?.scrollIntoView());
    await page.evaluate(() => window.scrollBy(0, 420));
    await page.waitForTimeout(200);
    await page.screenshot({ path: artifact('analyse-report.png'), fullPage: false });
    mkdirSync(DOCS, { recursive: true });
    copyFileSync(artifact('analyse-report.png'), join(DOCS, 'serve-analyse.png'));
    await page.close();
  });

  it('hides identifiers when redaction is switched on, and copies the report as Markdown', async () => {
    const page = await open('#/analyse');
    await browser.context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: server.url });
    await page.getByLabel('Paste the output of').fill(SCP_MISSING);
    await page.getByRole('button', { name: 'Analyse', exact: true }).click();
    const report = page.frameLocator('iframe.report-frame');
    await poll(() => report.locator('body').textContent()).toContain('PC-0203');
    await page.getByLabel('Redact identifiers').check();
    await poll(async () => (await report.locator('body').textContent())?.includes('PC-0203')).toBe(false);
    await page.getByRole('button', { name: 'Copy as Markdown' }).click();
    await poll(() => page.getByRole('status').last().textContent()).toBe(
      'The report is on the clipboard as Markdown.',
    );
    const markdown = await page.evaluate(() => navigator.clipboard.readText());
    expect(markdown).toContain('0x801c001d');
    expect(markdown).not.toContain('PC-0203');
    expect(markdown).not.toContain('contoso');
    await page.close();
  });

  it.skipIf(!existsSync(HELLO_EVTX))(
    'reads a dropped EVTX file (skipped without ../shared/evtx-samples)',
    async () => {
      const page = await open('#/analyse');
      const bytes = [...readFileSync(HELLO_EVTX)];
      // A real drop: a DataTransfer holding the file, dispatched on the drop zone.
      const transfer = await page.evaluateHandle((data) => {
        const dt = new DataTransfer();
        dt.items.add(new File([new Uint8Array(data)], 'HelloForBusiness.evtx'));
        return dt;
      }, bytes);
      await page.dispatchEvent('.drop', 'drop', { dataTransfer: transfer });
      const verdict = page.locator('.verdict').first();
      await poll(() => verdict.locator('.source').textContent()).toBe('HelloForBusiness.evtx');
      expect(await verdict.locator('.headline').textContent()).toBe('State unknown · Failing · 0x00000001');
      expect(await page.locator('.chosen').textContent()).toContain('1 file: HelloForBusiness.evtx');
      await page.close();
    },
  );

  it('opens a chosen zip and pairs its entries; unreadable entries are listed', async () => {
    const zip = join(dir, 'bundle.zip');
    const { writeFileSync } = await import('node:fs');
    writeFileSync(
      zip,
      writeZip([
        { name: 'status.txt', bytes: new TextEncoder().encode(SCP_MISSING) },
        { name: 'readme.txt', bytes: new TextEncoder().encode('collected by the help desk') },
      ]),
    );
    const page = await open('#/analyse');
    await page.setInputFiles('#files', zip);
    const sources = page.locator('.verdict .source');
    await poll(() => sources.allTextContents()).toEqual(['bundle.zip!status.txt']);
    expect(await page.locator('.failures li').allTextContents()).toEqual([
      'bundle.zip!readme.txt: no dsregcmd output or event records found in it: save the output of `dsregcmd /status` (or an event log export) into the file and pass that',
    ]);
    await page.close();
  });

  it('reads a UTF-16 capture as PowerShell writes it, chosen from disk', async () => {
    const page = await open('#/analyse');
    await page.setInputFiles('#files', join(ROOT, 'examples', 'powershell-utf16.txt'));
    const verdict = page.locator('.verdict').first();
    await poll(() => verdict.locator('.source').textContent()).toBe('powershell-utf16.txt');
    expect(await verdict.locator('.headline').textContent()).toBe('Hybrid joined · Healthy');
    await page.close();
  });

  it('labels every control and gives every chart a text alternative', async () => {
    for (const path of ['#/analyse', '#/explain', '#/fleet']) {
      const page = await open(path);
      if (path === '#/fleet') await page.locator('figure[data-chart] canvas').first().waitFor();
      const unlabelled = await page.evaluate(() =>
        [...document.querySelectorAll('input, select, textarea, button, canvas')]
          .filter((el) => {
            const labels = (el as HTMLInputElement).labels;
            const text = el.tagName === 'BUTTON' ? (el.textContent ?? '').trim() : '';
            return (
              !(labels && labels.length > 0) &&
              !el.getAttribute('aria-label') &&
              !el.getAttribute('aria-labelledby') &&
              text === ''
            );
          })
          .map((el) => el.outerHTML.slice(0, 80)),
      );
      expect(unlabelled, path).toEqual([]);
      await page.close();
    }
  });

  it('explains a code typed in any form, with the keyboard only', async () => {
    const page = await open('#/analyse');
    // Tab from the top of the page: skip link, brand-less nav (Analyse, Explain a code).
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await poll(() => page.evaluate(() => document.activeElement?.textContent)).toBe('Explain a code');
    await page.keyboard.press('Enter');
    await poll(() => page.evaluate(() => location.hash)).toBe('#/explain');
    await page.getByLabel(/^Codes:/).fill('-2145648611');
    await page.keyboard.press('Enter');
    await poll(() => page.locator('article.code h2').first().textContent()).toBe(
      '0x801c001d DSREG_AUTOJOIN_ADCONFIG_READ_FAILED (dsreg)',
    );
    await page.close();
  });

  it('shows the fleet roll-ups with the numbers the store gives', async () => {
    const page = await open('#/fleet');
    await page.locator('figure[data-chart="state-health"] canvas').waitFor();
    const summary: FleetSummary = await store.summary({ now: new Date().toISOString() });
    expect(await page.locator('[data-tile="devices"]').textContent()).toBe(String(summary.devices));
    expect(await page.locator('[data-tile="captures"]').textContent()).toBe(String(summary.captures));
    expect(summary.devices).toBe(13);

    // Join state × health: every cell of the store's roll-up is in the table, and nothing else.
    const healths = ['healthy', 'attention', 'failing', 'unknown'];
    const labels: Record<string, string> = {
      'hybrid-joined': 'Hybrid joined',
      'domain-joined': 'Domain joined',
      'entra-joined': 'Entra joined',
      'entra-registered': 'Entra registered',
    };
    const rows = await page
      .locator('figure[data-chart="state-health"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    const expected = [...new Set(summary.stateHealth.map((r) => r.joinState))].map((state) => [
      labels[state] ?? state,
      ...healths.map((h) =>
        String(summary.stateHealth.find((r) => r.joinState === state && r.health === h)?.devices ?? 0),
      ),
    ]);
    expect(rows).toEqual(expected);

    // Top errors with their meaning.
    const codes = await page
      .locator('figure[data-chart="top-codes"] tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((c) => c.textContent ?? '')));
    expect(codes.map(([code, devices]) => [code, devices])).toEqual(
      summary.topCodes.map((c) => [c.key, String(c.devices)]),
    );
    await poll(() =>
      page.locator('figure[data-chart="top-codes"] tbody tr[data-key="0x801c001d"] td').last().textContent(),
    ).toContain('DSREG_AUTOJOIN_ADCONFIG_READ_FAILED');

    const column = (chart: string) =>
      page.locator(`figure[data-chart="${chart}"] tbody td.num`).allTextContents();
    expect(await column('phases')).toEqual(summary.topPhases.map((p) => String(p.devices)));
    expect(await column('os')).toEqual(summary.osVersions.map((p) => String(p.devices)));
    // The hybrid join funnel: the steps the data can show, in order, with the store's counts.
    const h = summary.hybridFunnel;
    const steps = [h.inScope, h.certificate, h.synced, h.registered, h.prt].filter((n) => n !== null);
    expect(await column('funnel')).toEqual(steps.map(String));
    const f = summary.freshness;
    expect(await column('freshness')).toEqual([f.day, f.week, f.month, f.quarter, f.older].map(String));
    expect(await column('entra')).toEqual([String(summary.entra.pending), String(summary.entra.stale)]);

    // The charts were drawn: the canvas holds pixels.
    const drawn = await page
      .locator('figure[data-chart="state-health"] canvas')
      .evaluate((c: HTMLCanvasElement) => c.width > 0 && c.toDataURL().length > 2000);
    expect(drawn).toBe(true);
    await page.screenshot({ path: artifact('fleet.png'), fullPage: true });
    copyFileSync(artifact('fleet.png'), join(DOCS, 'serve-fleet.png'));
    await page.close();
  });

  it('filters the device table and opens a device with its history and what changed', async () => {
    const page = await open('#/fleet');
    await page.getByLabel('Health', { exact: true }).selectOption('failing');
    await page.getByLabel('Failing phase', { exact: true }).selectOption('discover');
    await page.getByRole('button', { name: 'Filter' }).click();
    const expected = await store.devices({ health: ['failing'], phase: 'discover', limit: 50 });
    const names = page.locator('table.devices tbody th a');
    await poll(() => names.allTextContents()).toEqual(expected.devices.map((d) => d.computer ?? d.deviceKey));
    expect(expected.devices.map((d) => d.computer)).toEqual(['PC-0300', 'PC-0301', 'PC-0302', 'PC-0303']);

    await page.getByLabel('Failing phase', { exact: true }).selectOption('');
    await page.getByLabel('Health', { exact: true }).selectOption('');
    await page.getByLabel('Error code').fill('0x801C03F2');
    await page.getByRole('button', { name: 'Filter' }).click();
    await poll(() => names.allTextContents()).toEqual(['PC-0177', 'PC-0203']);
    await page.getByRole('link', { name: 'PC-0203' }).click();

    await poll(() => page.locator('h1').textContent()).toBe('PC-0203');
    const history = page.locator('table.history tbody tr');
    expect(await history.count()).toBe(2);
    expect(await history.first().locator('th').textContent()).toBe('2024-05-20 09:00 UTC');
    expect(await history.first().locator('td').last().textContent()).toBe(HOSTILE_NAME);
    const change = page.locator('section.change').first();
    expect(await change.locator('> ul li').allTextContents()).toEqual([
      'failedPhase: discover → join',
      'errorCode: 0x801c001d → 0x801c03f2',
      'subErrorCode: 0x80070002 → —',
    ]);
    const latest = page.frameLocator('iframe.report-frame');
    await poll(() => latest.locator('body').textContent()).toContain('0x801c03f2');
    await page.screenshot({ path: artifact('device.png'), fullPage: true });
    await page.locator('iframe.report-frame').scrollIntoViewIfNeeded();
    await page.screenshot({ path: artifact('device-latest-report.png') });
    await page.close();
  });

  it("keeps a hostile capture's markup inert: nothing runs, it shows as text", async () => {
    const hostile = SCP_MISSING.replace(
      'Device Name : PC-0203.contoso.com',
      `Device Name : <img src=x onerror="alert('name')"><script>alert('name')</script>`,
    ).replace('DomainName : CONTOSO', `DomainName : <svg onload="alert('domain')">`);
    const page = await open('#/analyse');
    await page.getByLabel('Paste the output of').fill(hostile);
    await page.getByRole('button', { name: 'Analyse', exact: true }).click();
    const report = page.frameLocator('iframe.report-frame');
    await poll(() => report.locator('body').textContent()).toContain(`<script>alert('name')</script>`);
    expect(await report.locator('script, img, svg').count()).toBe(0);
    // The hostile source name posted with a capture is text in the device page too.
    const device = await open(`#/device/${encodeURIComponent('name:pc-0203.contoso.com')}`);
    await poll(() => device.locator('table.history tbody tr').count()).toBe(2);
    expect(await device.locator('table.history img, table.history script').count()).toBe(0);
    const w = watches.at(-1)!;
    await page.waitForTimeout(300);
    expect(watches.flatMap((x) => x.dialogs)).toEqual([]);
    expect(w.dialogs).toEqual([]);
    await page.close();
    await device.close();
  });

  it('enforces its CSP: an inline script put into the page does not run', async () => {
    const page = await open('#/analyse');
    const violations: string[] = [];
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
    });
    const ran = await page.evaluate(async () => {
      const s = document.createElement('script');
      s.textContent = 'window.__inlineRan = true';
      document.body.append(s);
      await new Promise((r) => setTimeout(r, 100));
      return (window as { __inlineRan?: boolean }).__inlineRan ?? false;
    });
    expect(ran).toBe(false);
    await poll(() => violations.length).toBeGreaterThan(0);
    await page.close();
    // This page's deliberate violation is not counted with the others.
    watches.pop();
  });

  it('keeps working offline once loaded', async () => {
    const page = await open('#/analyse');
    // Wait for the idle preload of the analysis core.
    await page.waitForLoadState('networkidle');
    await browser.context.setOffline(true);
    try {
      await page.getByLabel('Paste the output of').fill(SCP_MISSING);
      await page.getByRole('button', { name: 'Analyse', exact: true }).click();
      await poll(() => page.locator('.verdict .headline').first().textContent()).toContain('Failing');
    } finally {
      await browser.context.setOffline(false);
      await page.close();
    }
  });

  it('made no request off the machine, broke no CSP rule and threw nothing along the way', () => {
    expect(watches.flatMap((w) => w.external)).toEqual([]);
    expect(watches.flatMap((w) => w.cspViolations)).toEqual([]);
    expect(watches.flatMap((w) => w.errors)).toEqual([]);
  });
});

describe.skipIf(!HAVE_CHROMIUM)('a server that needs a token, in Chromium', { timeout: 90_000 }, () => {
  it('asks for the token on the fleet view, then shows the fleet', async () => {
    await ensurePageBuilt();
    const dir = mkdtempSync(join(tmpdir(), 'dsreg-e2e-token-'));
    const store = await openStore(join(dir, 'fleet.db'));
    const token = 'e2e-token-0123456789abcdef';
    const server = await startServer({ store, token });
    const browser = await launchBrowser();
    try {
      const page = await browser.context.newPage();
      const seen = watch(page, server.url);
      await page.goto(`${server.url}/#/fleet`);
      await page.getByLabel('Access token').fill(token);
      await page.getByRole('button', { name: 'Use token' }).click();
      await poll(() => page.locator('[data-tile="devices"]').textContent()).toBe('0');
      // The token never went into a URL.
      const urls: string[] = [];
      page.on('request', (r) => urls.push(r.url()));
      await page.reload();
      await page.locator('[data-tile="devices"]').waitFor();
      expect(urls.filter((u) => u.includes(token))).toEqual([]);
      expect(seen.external).toEqual([]);
    } finally {
      await browser.close();
      await server.close();
      await store.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
