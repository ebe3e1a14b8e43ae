/**
 * The ingest worker: reads and diagnoses units on its own thread, the main thread only writes.
 * A job holds several units; the rows come back with their compressed text transferred, not copied.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { compactInput } from '../../fleet/capture.ts';
import { ingestUnit, type UnitFile, type UnitOptions, type UnitResult } from '../../fleet/ingest.ts';
import { NATIVE_CODEC } from './codec.ts';

interface Job {
  id: number;
  units: UnitFile[][];
  options: UnitOptions;
}

function runUnit(files: UnitFile[], options: UnitOptions): UnitResult {
  try {
    const full = ingestUnit(files, options);
    return { ...full, captures: full.captures.map(compactInput) };
  } catch (error) {
    return {
      captures: [],
      problems: files.map((f) => ({
        path: f.path,
        reason: `could not be read (${(error as Error).message})`,
      })),
      notes: [],
      eventFiles: 0,
    };
  }
}

parentPort?.on('message', (job: Job) => {
  const options: UnitOptions = { ...job.options, codec: NATIVE_CODEC };
  const results = job.units.map((files) => runUnit(files, options));
  const transfer = new Set<ArrayBuffer>();
  for (const r of results) for (const c of r.captures) transfer.add(c.rawCompressed.buffer as ArrayBuffer);
  parentPort?.postMessage({ id: job.id, results }, [...transfer]);
});
