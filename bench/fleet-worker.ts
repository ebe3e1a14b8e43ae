/**
 * Bench worker: generates captures of a fleet and reads and diagnoses them, as `fleet ingest`'s
 * workers do, returning the rows for the one writer.
 */
import { parentPort } from 'node:worker_threads';
import { compactInput } from '../src/fleet/capture.ts';
import { generateDevice } from '../src/fleet/generate.ts';
import { ingestUnit } from '../src/fleet/ingest.ts';

const encoder = new TextEncoder();
parentPort?.on(
  'message',
  (job: { id: number; seed: number; from: number; to: number; ingestedAt: string }) => {
    const rows = [];
    let problems = 0;
    let bytes = 0;
    for (let i = job.from; i < job.to; i++) {
      const d = generateDevice(job.seed, i);
      const data = encoder.encode(d.text);
      bytes += data.length;
      const r = ingestUnit([{ path: `fleet/${d.computer}.txt`, bytes: data, mtime: null }], {
        ingestedAt: job.ingestedAt,
      });
      problems += r.problems.length;
      rows.push(...r.captures.map(compactInput));
    }
    parentPort?.postMessage(
      { id: job.id, rows, problems, bytes },
      rows.map((r) => r.rawCompressed.buffer as ArrayBuffer),
    );
  },
);
