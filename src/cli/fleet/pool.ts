import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ingestUnit, type UnitOptions, type UnitResult } from '../../fleet/ingest.ts';
import { workerSource } from '../worker-source.ts';
import type { Unit } from './walk.ts';

export interface UnitRunner {
  /** Worker threads in use (0: the calling thread does the work). */
  readonly threads: number;
  run(unit: Unit): Promise<UnitResult>;
  close(): Promise<void>;
}

/** Default worker count: one per core. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** A runner with `threads` workers (0 or unavailable workers: in-process). */
export function createRunner(threads: number, options: UnitOptions): UnitRunner {
  const where = threads > 0 ? workerSource(import.meta.url, './worker.ts', ['./fleet-worker.js']) : null;
  if (!where) {
    return {
      threads: 0,
      async run(unit) {
        return ingestUnit(unit.files, options);
      },
      async close() {},
    };
  }
  const workers: Worker[] = [];
  // Each job remembers its worker and unit: a worker that dies hands its jobs to this thread.
  const pending = new Map<number, { worker: Worker; unit: Unit; resolve: (r: UnitResult) => void }>();
  const load = new Map<Worker, number>();
  const inProcess = (unit: Unit): UnitResult => ingestUnit(unit.files, options);
  let next = 0;
  for (let i = 0; i < threads; i++) {
    const w = new Worker(where.source, { eval: where.eval });
    w.on('message', (msg: { id: number; result: UnitResult }) => {
      load.set(w, (load.get(w) ?? 1) - 1);
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      p?.resolve(msg.result);
    });
    const retire = () => {
      const at = workers.indexOf(w);
      if (at >= 0) workers.splice(at, 1);
      for (const [id, p] of pending) {
        if (p.worker !== w) continue;
        pending.delete(id);
        p.resolve(inProcess(p.unit));
      }
    };
    w.on('error', retire);
    w.on('exit', retire);
    load.set(w, 0);
    workers.push(w);
  }
  return {
    threads,
    async run(unit) {
      if (workers.length === 0) return inProcess(unit);
      const id = next++;
      let best = workers[0] as Worker;
      for (const w of workers) if ((load.get(w) ?? 0) < (load.get(best) ?? 0)) best = w;
      load.set(best, (load.get(best) ?? 0) + 1);
      return new Promise<UnitResult>((resolve) => {
        pending.set(id, { worker: best, unit, resolve });
        best.postMessage({ id, files: unit.files, options });
      });
    },
    async close() {
      const all = workers.splice(0);
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
