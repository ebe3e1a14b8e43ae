import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { diagnoseEvents } from './diagnose.ts';
import { readEvtx } from './evtx/index.ts';
import { factsOf } from './facts.ts';

const samples = join(import.meta.dirname, '../../../shared/evtx-samples');
const hello = join(samples, 'Microsoft-Windows-HelloForBusiness-Operational.evtx');

describe.runIf(existsSync(hello))('the providers around registration, on a real log', () => {
  it('HelloForBusiness/Operational: the failed prerequisites check (7054) is a finding with its Error code', () => {
    const { records } = readEvtx(new Uint8Array(readFileSync(hello)));
    // python-evtx lists 3054, 5520, 7054, 7210 and 8025 (and one record it prints with event ID 0).
    expect(records.map((r) => r.eventId)).toEqual(expect.arrayContaining([3054, 5520, 7054, 7210, 8025]));
    const failed = records.find((r) => r.eventId === 7054);
    expect(failed?.data).toEqual({ Error: '0x00000001' });
    expect(failed && factsOf(failed).exitCode).toBe('0x00000001');
    const d = diagnoseEvents(records);
    expect(d.findings.map((f) => [f.id, f.severity, f.codes])).toEqual([
      ['event-whfb-prerequisites-check-failed', 'error', ['0x00000001']],
    ]);
    // 3054 (known) and 7054 are in the timeline; the others carry no code and no knowledge.
    expect(d.timeline.map((t) => t.what)).toEqual(['event 3054', 'event 7054']);
  });
});
