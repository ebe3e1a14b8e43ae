/**
 * Bench worker: generates captures of a fleet and reads and diagnoses them, as `fleet ingest`'s
 * workers do (the same native codec), returning the rows for the one writer with the time each
 * stage took on this thread.
 */
import { parentPort } from 'node:worker_threads';
import { NATIVE_CODEC } from '../src/cli/fleet/codec.ts';
import { type CaptureCodec, compactInput } from '../src/fleet/capture.ts';
import { generateDevice } from '../src/fleet/generate.ts';
import { ingestUnit } from '../src/fleet/ingest.ts';

/** Milliseconds per stage on this thread, sent back with each job. */
export interface StageTimes {
  generate: number;
  /** ingestUnit, the codec's share excluded: read, diagnose and row building. */
  readDiagnose: number;
  hash: number;
  compress: number;
  /** Compacting the findings and posting the rows (the structured clone of the message). */
  post: number;
}

const encoder = new TextEncoder();
const times: StageTimes = { generate: 0, readDiagnose: 0, hash: 0, compress: 0, post: 0 };
const codec: CaptureCodec = {
  contentHash(text) {
    const t = performance.now();
    const out = NATIVE_CODEC.contentHash(text);
    times.hash += performance.now() - t;
    return out;
  },
  compress(text) {
    const t = performance.now();
    const out = NATIVE_CODEC.compress(text);
    times.compress += performance.now() - t;
    return out;
  },
};

parentPort?.on(
  'message',
  (job: { id: number; seed: number; from: number; to: number; ingestedAt: string }) => {
    const rows = [];
    let problems = 0;
    let bytes = 0;
    for (let i = job.from; i < job.to; i++) {
      let t = performance.now();
      const d = generateDevice(job.seed, i);
      const data = encoder.encode(d.text);
      times.generate += performance.now() - t;
      bytes += data.length;
      const codecBefore = times.hash + times.compress;
      t = performance.now();
      const r = ingestUnit([{ path: `fleet/${d.computer}.txt`, bytes: data, mtime: null }], {
        ingestedAt: job.ingestedAt,
        codec,
      });
      times.readDiagnose += performance.now() - t - (times.hash + times.compress - codecBefore);
      problems += r.problems.length;
      for (const c of r.captures) rows.push(c);
    }
    const t = performance.now();
    const compact = rows.map(compactInput);
    const sent = { ...times };
    parentPort?.postMessage(
      { id: job.id, rows: compact, problems, bytes, times: sent },
      compact.map((r) => r.rawCompressed.buffer as ArrayBuffer),
    );
    times.post += performance.now() - t;
  },
);
