/**
 * What the browser tests share: Debian's Chromium driven by playwright-core with a fresh profile,
 * the page built when it is missing or older than its sources, a server on a loopback port, and
 * a watch on everything the page should never do (leave the machine, break its CSP, fail).
 * @module
 */
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type BrowserContext, chromium, type Page } from 'playwright-core';
import type { AppOptions } from '../../src/server/app.ts';
import { listen, type RunningServer } from '../../src/server/listen.ts';

export const CHROMIUM = '/usr/bin/chromium';
export const HAVE_CHROMIUM = existsSync(CHROMIUM);
export const ROOT = join(import.meta.dirname, '..', '..');
export const WEB_ROOT = join(ROOT, 'dist', 'web');
/** Screenshots and other artifacts of a run (gitignored). */
export const ARTIFACTS = join(ROOT, 'test-results', 'e2e');

const FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function newestIn(dir: string): number {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestIn(path) : statSync(path).mtimeMs);
  }
  return newest;
}

/** Builds the page unless `dist/web` is newer than everything under `web/`. */
export async function ensurePageBuilt(): Promise<void> {
  const index = join(WEB_ROOT, 'index.html');
  if (existsSync(index) && statSync(index).mtimeMs >= newestIn(join(ROOT, 'web'))) return;
  const { build } = await import('vite');
  await build({ configFile: join(ROOT, 'web', 'vite.config.ts'), logLevel: 'error' });
}

export interface Browser {
  context: BrowserContext;
  close(): Promise<void>;
}

export async function launchBrowser(): Promise<Browser> {
  const profile = mkdtempSync(join(tmpdir(), 'dsreg-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: FLAGS,
    viewport: { width: 1280, height: 900 },
    acceptDownloads: true,
  });
  return {
    context,
    close: async () => {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

export async function startServer(options: Partial<AppOptions>): Promise<RunningServer> {
  return listen(
    {
      store: null,
      token: null,
      maxBodyBytes: 64 * 1024 * 1024,
      ingestPerMinute: 100_000,
      redactSalt: null,
      webRoot: WEB_ROOT,
      // Files posted to the server are read on a worker thread, as `serve` does by default.
      workers: 1,
      ...options,
    },
    '127.0.0.1',
    0,
  );
}

/** What a page did that it never should. */
export interface Watch {
  /** Requests to anything but the server itself (and in-page data, blob and about: URLs). */
  external: string[];
  /** Content-Security-Policy violations the browser reported. */
  cspViolations: string[];
  /** Uncaught errors and console errors. */
  errors: string[];
  /** Dialogs opened (an injected `alert`). */
  dialogs: string[];
}

export function watch(page: Page, origin: string): Watch {
  const seen: Watch = { external: [], cspViolations: [], errors: [], dialogs: [] };
  page.on('request', (request) => {
    const url = request.url();
    if (!url.startsWith(`${origin}/`) && !/^(data|blob|about):/.test(url)) seen.external.push(url);
  });
  page.on('console', (message) => {
    const text = message.text();
    if (/Content Security Policy/i.test(text)) seen.cspViolations.push(text);
    else if (message.type() === 'error' && !/status of 40[14]/.test(text)) seen.errors.push(text);
  });
  page.on('pageerror', (error) => seen.errors.push(error.message));
  page.on('dialog', (dialog) => {
    seen.dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  return seen;
}

export function artifact(name: string): string {
  mkdirSync(ARTIFACTS, { recursive: true });
  return join(ARTIFACTS, name);
}
