/**
 * The ingest worker: reads and diagnoses units on its own thread, the main thread only writes.
 * @module
 */
import { parentPort } from 'node:worker_threads';
import { compactInput } from '../../fleet/capture.ts';
import { ingestUnit, type UnitFile, type UnitOptions, type UnitResult } from '../../fleet/ingest.ts';

interface Job {
  id: number;
  files: UnitFile[];
  options: UnitOptions;
}

parentPort?.on('message', (job: Job) => {
  let result: UnitResult;
  try {
    const full = ingestUnit(job.files, job.options);
    result = { ...full, captures: full.captures.map(compactInput) };
  } catch (error) {
    result = {
      captures: [],
      problems: job.files.map((f) => ({
        path: f.path,
        reason: `could not be read (${(error as Error).message})`,
      })),
      notes: [],
      eventFiles: 0,
    };
  }
  const transfer = result.captures.map((c) => c.rawCompressed.buffer as ArrayBuffer);
  parentPort?.postMessage({ id: job.id, result }, transfer);
});
