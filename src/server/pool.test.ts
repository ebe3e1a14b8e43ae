import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createPool } from './pool.ts';
import { IN_PROCESS, type Job, runJob } from './work.ts';

const root = join(import.meta.dirname, '..', '..');
const capture = readFileSync(join(root, 'examples', 'scp-missing.txt'));

const jobs: Job[] = [
  { kind: 'analyze', name: 'PC-0203.txt', bytes: capture, maxZipBytes: 1 << 20 },
  { kind: 'analyze', name: 'empty.txt', bytes: new Uint8Array(0), maxZipBytes: 1 << 20 },
  {
    kind: 'ingest',
    bytes: capture,
    meta: { deviceName: null, context: 'system', capturedAt: null, fileName: 'PC-0203/status.txt' },
    ingestedAt: '2024-05-21T00:00:00.000Z',
    redactSalt: null,
  },
  {
    kind: 'ingest',
    bytes: new TextEncoder().encode('no capture here'),
    meta: { deviceName: null, context: 'unknown', capturedAt: null, fileName: 'x' },
    ingestedAt: '2024-05-21T00:00:00.000Z',
    redactSalt: null,
  },
];

describe('worker threads for the server', () => {
  it('answer every job as the event loop does, refusals included', async () => {
    const pool = createPool(2);
    try {
      expect(pool).not.toBe(IN_PROCESS);
      const results = await Promise.all(jobs.map((job) => pool.run(job)));
      expect(results).toEqual(jobs.map(runJob));
      expect(results.map((r) => (r.ok ? r.kind : r.reason))).toEqual([
        'analyze',
        'analyze',
        'ingest',
        'not-recognized',
      ]);
    } finally {
      await pool.close();
    }
  });

  it('run on the event loop when asked for none', async () => {
    expect(createPool(0)).toBe(IN_PROCESS);
    const result = await IN_PROCESS.run(jobs[0]!);
    expect(result.ok && result.kind === 'analyze' && result.upload.report.reports[0]!.verdict.errorCode).toBe(
      '0x801c001d',
    );
  });
});
