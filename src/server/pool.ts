/**
 * Worker threads for the server's jobs: each job goes to the worker with the fewest in hand. A
 * worker that stops is retired and its jobs run on the event loop, as every job does when no
 * worker can start at all. Nothing is lost and nothing loops restarting a worker that cannot run.
 * @module
 */
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { IN_PROCESS, type Job, type JobResult, runJob, type WorkPool } from './work.ts';

interface Slot {
  worker: Worker;
  pending: Map<number, { job: Job; resolve: (result: JobResult) => void }>;
}

/**
 * How to start a worker: the bundled command line's `server-worker.js` beside this chunk, the
 * library build's `worker.js`, or in a checkout the TypeScript source through tsx.
 */
function workerSource(): { source: string | URL; eval: boolean } | null {
  const self = import.meta.url;
  if (self.endsWith('.ts')) {
    const url = new URL('./worker.ts', self);
    if (!existsSync(fileURLToPath(url))) return null;
    try {
      const api = tsxApi();
      const code = `import(${JSON.stringify(api)}).then((m) => { m.register(); return import(${JSON.stringify(url.href)}); })`;
      return { source: code, eval: true };
    } catch {
      return null;
    }
  }
  for (const name of ['./server-worker.js', './worker.js']) {
    const url = new URL(name, self);
    if (existsSync(fileURLToPath(url))) return { source: url, eval: false };
  }
  return null;
}

/** Where tsx's ESM API lives (`import.meta.resolve` where the runtime has it, else `require.resolve`). */
function tsxApi(): string {
  if (typeof import.meta.resolve === 'function') return import.meta.resolve('tsx/esm/api');
  return pathToFileURL(createRequire(import.meta.url).resolve('tsx/esm/api')).href;
}

export function createPool(size: number, onProblem: (line: string) => void = () => {}): WorkPool {
  const where = size > 0 ? workerSource() : null;
  if (!where) return IN_PROCESS;
  let nextId = 0;
  let closed = false;
  const slots: Slot[] = [];

  for (let i = 0; i < size; i++) {
    const slot: Slot = { worker: new Worker(where.source, { eval: where.eval }), pending: new Map() };
    slot.worker.on('message', (message: { id: number; result: JobResult }) => {
      const job = slot.pending.get(message.id);
      slot.pending.delete(message.id);
      job?.resolve(message.result);
    });
    const retire = (why: string) => {
      const at = slots.indexOf(slot);
      if (at < 0) return;
      slots.splice(at, 1);
      if (!closed) onProblem(`an analysis worker stopped (${why}): its work continues on the main thread`);
      for (const { job, resolve } of slot.pending.values()) resolve(runJob(job));
      slot.pending.clear();
    };
    slot.worker.on('error', (error) => retire(error.message));
    slot.worker.on('exit', (code) => retire(`exit ${code}`));
    slots.push(slot);
  }

  return {
    run(job: Job): Promise<JobResult> {
      if (slots.length === 0) return Promise.resolve(runJob(job));
      const slot = slots.reduce((a, b) => (b.pending.size < a.pending.size ? b : a));
      const id = nextId++;
      return new Promise((resolve) => {
        slot.pending.set(id, { job, resolve });
        slot.worker.postMessage({ id, job });
      });
    },
    async close() {
      closed = true;
      await Promise.all(slots.map((s) => s.worker.terminate()));
    },
  };
}
