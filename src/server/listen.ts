/**
 * The app on a socket (`@hono/node-server`), and where the built page lives: `dist/web` of the
 * package, built on demand from `web/` when a checkout has not built it yet.
 * @module
 */
import { existsSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serve } from '@hono/node-server';
import { type AppOptions, createApp } from './app.ts';
import { createPool } from './pool.ts';

export interface RunningServer {
  /** `http://127.0.0.1:8787` (IPv6 hosts in brackets). */
  url: string;
  port: number;
  close(): Promise<void>;
}

/**
 * Starts listening; rejects with a one-line reason when the address cannot be bound. With
 * `workers` above 0, bodies are read and diagnosed in that many worker threads.
 */
export function listen(
  options: AppOptions & { workers?: number },
  host: string,
  port: number,
): Promise<RunningServer> {
  const pool = options.pool ?? createPool(options.workers ?? 0, options.log);
  const app = createApp({ ...options, pool });
  return new Promise((resolvePromise, reject) => {
    const server = serve({ fetch: app.fetch, hostname: host, port }, (info: AddressInfo) => {
      const shown = info.address.includes(':') ? `[${info.address}]` : info.address;
      resolvePromise({
        url: `http://${shown}:${info.port}`,
        port: info.port,
        close: async () => {
          await new Promise<void>((done) => {
            server.close(() => done());
            if ('closeAllConnections' in server) server.closeAllConnections();
          });
          await pool.close();
        },
      });
    });
    server.once('error', (error: NodeJS.ErrnoException) => {
      void pool.close();
      const where = `${host}:${port}`;
      if (error.code === 'EADDRINUSE')
        reject(new Error(`${where} is already in use: stop what listens there, or choose another --port`));
      else if (error.code === 'EACCES')
        reject(new Error(`not allowed to listen on ${where}: choose a --port above 1023`));
      else if (error.code === 'EADDRNOTAVAIL' || error.code === 'ENOTFOUND')
        reject(
          new Error(
            `${host} is not an address of this machine: give --host 127.0.0.1, 0.0.0.0 or one of its addresses`,
          ),
        );
      else reject(new Error(`cannot listen on ${where}: ${error.message}`));
    });
  });
}

/** The package's root folder (the one with its package.json), from this module's place in it. */
export function packageRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    dir = dirname(dir);
  }
  return process.cwd();
}

/** Where the built page is expected. */
export function webRootOf(root = packageRoot()): string {
  return join(root, 'dist', 'web');
}

/**
 * The built page's folder, building it first when a checkout has the sources but no build.
 * Null (the API still serves) when it is neither built nor buildable here.
 */
export async function ensureWeb(warn: (line: string) => void, root = packageRoot()): Promise<string | null> {
  const out = webRootOf(root);
  if (existsSync(join(out, 'index.html'))) return out;
  const config = join(root, 'web', 'vite.config.ts');
  if (!existsSync(config)) {
    warn('dsreg-doctor: the page is not built and its sources are not here: serving the API only');
    return null;
  }
  warn('dsreg-doctor: building the page (first run in this checkout; `npm run build:web` does it ahead)...');
  try {
    // A development dependency, present in a checkout: named through a variable so the bundled
    // command line does not try to include it.
    const name = 'vite';
    const vite = (await import(name)) as typeof import('vite');
    await vite.build({ configFile: config, logLevel: 'warn' });
  } catch (error) {
    warn(
      `dsreg-doctor: the page could not be built (${error instanceof Error ? error.message.split('\n')[0] : String(error)}): serving the API only; run \`npm run build:web\` to see why`,
    );
    return null;
  }
  return existsSync(join(out, 'index.html')) ? out : null;
}
