import { Worker } from 'node:worker_threads';
import { workerSource } from '../cli/worker-source.ts';
import { IN_PROCESS, type Job, type JobResult, runJob, type WorkPool } from './work.ts';

interface Slot {
  worker: Worker;
  pending: Map<number, { job: Job; resolve: (result: JobResult) => void }>;
}

export function createPool(size: number, onProblem: (line: string) => void = () => {}): WorkPool {
  // The bundled command line's `server-worker.js` beside this chunk, or the library build's `worker.js`.
  const where =
    size > 0 ? workerSource(import.meta.url, './worker.ts', ['./server-worker.js', './worker.js']) : null;
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
