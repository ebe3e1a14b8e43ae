/**
 * The CPU-heavy part of a request (reading and diagnosing the body) as a job: run on the event
 * loop, or in worker threads so a large EVTX file does not hold up every other request. A job
 * never throws: a refusal comes back as a reason of the problem table.
 * @module
 */
import { analyzeBytes } from '../analyze.ts';
import type { DeviceReport } from '../model/report.ts';
import { analyzeUpload, type UploadResult } from './analysis.ts';
import { type CaptureMeta, type Prepared, prepareCaptures } from './ingest.ts';
import { Problem, type ProblemReason } from './problems.ts';

export type Job =
  | { kind: 'analyze'; name: string; bytes: Uint8Array; now?: string; maxZipBytes: number }
  | { kind: 'ingest'; bytes: Uint8Array; meta: CaptureMeta; ingestedAt: string; redactSalt: string | null }
  /** Stored captures read again for a device page: one report each (null where the text is gone). */
  | { kind: 'reread'; texts: Array<{ name: string; text: string | null }> };

export type JobResult =
  | { ok: true; kind: 'analyze'; upload: UploadResult }
  | { ok: true; kind: 'ingest'; prepared: Prepared }
  | { ok: true; kind: 'reread'; reports: Array<DeviceReport | null> }
  | { ok: false; reason: ProblemReason; message: string };

export function runJob(job: Job): JobResult {
  try {
    if (job.kind === 'analyze') {
      const upload = analyzeUpload([{ name: job.name, bytes: job.bytes }], {
        ...(job.now ? { now: job.now } : {}),
        maxZipBytes: job.maxZipBytes,
      });
      return { ok: true, kind: 'analyze', upload };
    }
    if (job.kind === 'reread') {
      const reports = job.texts.map(({ name, text }) =>
        text === null
          ? null
          : (analyzeBytes(new TextEncoder().encode(text), { path: name }).reports[0] ?? null),
      );
      return { ok: true, kind: 'reread', reports };
    }
    return {
      ok: true,
      kind: 'ingest',
      prepared: prepareCaptures(job.bytes, job.meta, job.ingestedAt, job.redactSalt),
    };
  } catch (error) {
    if (error instanceof Problem) return { ok: false, reason: error.reason, message: error.message };
    return { ok: false, reason: 'internal', message: error instanceof Error ? error.message : String(error) };
  }
}

/** Where jobs run. */
export interface WorkPool {
  run(job: Job): Promise<JobResult>;
  close(): Promise<void>;
}

/** Jobs on the event loop: for tests, and where worker threads cannot start. */
export const IN_PROCESS: WorkPool = {
  run: async (job) => runJob(job),
  close: async () => {},
};
