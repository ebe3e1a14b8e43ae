/**
 * How a shell starts a worker thread from the module that owns it: in a checkout the TypeScript
 * source through tsx's loader, in a build the bundled worker file beside the calling chunk. One
 * answer for the fleet ingest's workers and the server's.
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** What `new Worker(source, { eval })` takes. */
export interface WorkerSource {
  source: string | URL;
  eval: boolean;
}

/**
 * The worker to start for the module at `self` (its `import.meta.url`): `source` (a `.ts` path
 * relative to it) when it runs from source, else the first of `built` that exists beside it; null
 * when none can start (the caller then does the work on its own thread).
 */
export function workerSource(self: string, source: string, built: readonly string[]): WorkerSource | null {
  if (self.endsWith('.ts')) {
    const url = new URL(source, self);
    if (!existsSync(fileURLToPath(url))) return null;
    try {
      const api = tsxApi(self);
      const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
      return { source: code, eval: true };
    } catch {
      return null;
    }
  }
  for (const name of built) {
    const url = new URL(name, self);
    if (existsSync(fileURLToPath(url))) return { source: url, eval: false };
  }
  return null;
}

/** Where tsx's ESM API lives (`import.meta.resolve` where the runtime has it, else `require.resolve`). */
function tsxApi(self: string): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  return pathToFileURL(createRequire(self).resolve('tsx/esm/api')).href;
}
