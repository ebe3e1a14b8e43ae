import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { ingestUnit, type UnitOptions, type UnitResult } from '../../fleet/ingest.ts';
import { workerSource } from '../worker-source.ts';
import { NATIVE_CODEC } from './codec.ts';
import type { Unit } from './walk.ts';

export interface UnitRunner {
  /** Worker threads in use (0: the calling thread does the work). */
  readonly threads: number;
  run(unit: Unit): Promise<UnitResult>;
  /** Several units in one message to one worker (less messaging per capture), results in order. */
  runMany(units: Unit[]): Promise<UnitResult[]>;
  close(): Promise<void>;
}

/** Default worker count: one per core. */
export function defaultThreads(): number {
  return Math.max(1, availableParallelism());
}

/** A runner with `threads` workers (0 or unavailable workers: in-process). */
export function createRunner(threads: number, given: UnitOptions): UnitRunner {
  // The codec is a function: this thread uses it, each worker sets its own.
  const { codec: _codec, ...options } = given;
  const local: UnitOptions = { ...options, codec: NATIVE_CODEC };
  const inProcess = (units: Unit[]): UnitResult[] => units.map((u) => ingestUnit(u.files, local));
  const where = threads > 0 ? workerSource(import.meta.url, './worker.ts', ['./fleet-worker.js']) : null;
  if (!where) {
    return {
      threads: 0,
      async run(unit) {
        return ingestUnit(unit.files, local);
      },
      async runMany(units) {
        return inProcess(units);
      },
      async close() {},
    };
  }
  const workers: Worker[] = [];
  // Each job remembers its worker and units: a worker that dies hands its jobs to this thread.
  const pending = new Map<number, { worker: Worker; units: Unit[]; resolve: (r: UnitResult[]) => void }>();
  const load = new Map<Worker, number>();
  let next = 0;
  for (let i = 0; i < threads; i++) {
    const w = new Worker(where.source, { eval: where.eval });
    w.on('message', (msg: { id: number; results: UnitResult[] }) => {
      const p = pending.get(msg.id);
      pending.delete(msg.id);
      if (p) load.set(w, (load.get(w) ?? p.units.length) - p.units.length);
      p?.resolve(msg.results);
    });
    const retire = () => {
      const at = workers.indexOf(w);
      if (at >= 0) workers.splice(at, 1);
      for (const [id, p] of pending) {
        if (p.worker !== w) continue;
        pending.delete(id);
        p.resolve(inProcess(p.units));
      }
    };
    w.on('error', retire);
    w.on('exit', retire);
    load.set(w, 0);
    workers.push(w);
  }
  const runMany = (units: Unit[]): Promise<UnitResult[]> => {
    if (workers.length === 0) return Promise.resolve(inProcess(units));
    const id = next++;
    // The worker with the fewest units waiting.
    let best = workers[0] as Worker;
    for (const w of workers) if ((load.get(w) ?? 0) < (load.get(best) ?? 0)) best = w;
    load.set(best, (load.get(best) ?? 0) + units.length);
    return new Promise<UnitResult[]>((resolve) => {
      pending.set(id, { worker: best, units, resolve });
      best.postMessage({ id, units: units.map((u) => u.files), options });
    });
  };
  return {
    threads,
    async run(unit) {
      const [result] = await runMany([unit]);
      return result as UnitResult;
    },
    runMany,
    async close() {
      const all = workers.splice(0);
      await Promise.all(all.map((w) => w.terminate()));
    },
  };
}
