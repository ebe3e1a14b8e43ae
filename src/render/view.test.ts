import { describe, expect, it } from 'vitest';
import type { Verdict } from '../model/diagnosis.ts';
import type { TimelineEntry } from '../model/events.ts';
import { confidenceLine, referenceList, timelineTimes } from './view.ts';

const entry = (time: string | null): TimelineEntry => ({ time, what: 'event 304', summary: 's', codes: [] });

describe('timelineTimes', () => {
  it('gives every entry of a timeline the same form and precision', () => {
    // An event log's 100 ns ticks beside a capture's milliseconds and an offset time.
    const times = timelineTimes([
      entry('2025-03-10T08:00:05.0000000Z'),
      entry('2025-03-10 08:00:05.200 UTC'),
      entry('2025-03-10T10:00:06+02:00'),
      entry(null),
      entry('yesterday'),
    ]);
    expect(times).toEqual([
      '2025-03-10 08:00:05.000 UTC',
      '2025-03-10 08:00:05.200 UTC',
      '2025-03-10 08:00:06.000 UTC',
      null,
      'yesterday',
    ]);
  });

  it('leaves milliseconds out when no entry has any', () => {
    expect(
      timelineTimes([entry('2024-05-13 13:58:40.000 UTC'), entry('2024-05-13T13:58:41.0000000Z')]),
    ).toEqual(['2024-05-13 13:58:40 UTC', '2024-05-13 13:58:41 UTC']);
  });
});

describe('confidenceLine', () => {
  const verdict = (level: 'high' | 'medium' | 'low', reasons: string[]) =>
    ({ confidence: { level, score: 0.9, reasons } }) as unknown as Verdict;

  it('reads high with reasons as reservations, never as lowered', () => {
    expect(confidenceLine(verdict('high', []))).toBe('Confidence high');
    expect(confidenceLine(verdict('high', ['missing sections: ngc-prerequisite-check']))).toBe(
      'Confidence high, with reservations: missing sections: ngc-prerequisite-check',
    );
    expect(confidenceLine(verdict('medium', ['fragment: no section headers']))).toBe(
      'Confidence medium because: fragment: no section headers',
    );
  });
});

describe('referenceList', () => {
  it('keeps one reference per address, under its most specific title', () => {
    const url = 'https://learn.microsoft.com/entra/identity/devices/troubleshoot-hybrid-join-windows-current';
    expect(
      referenceList([
        { title: 'Troubleshoot Microsoft Entra hybrid joined devices', url },
        { title: 'Troubleshoot Microsoft Entra hybrid joined devices, Step 4, Join phase', url },
        { title: 'A note without an address', url: null },
      ]),
    ).toEqual([
      { title: 'Troubleshoot Microsoft Entra hybrid joined devices, Step 4, Join phase', url },
      { title: 'A note without an address', url: null },
    ]);
  });
});
