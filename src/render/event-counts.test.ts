/**
 * A damaged event log (records skipped by the reader) is said in the one-line views too: the
 * brief row, the CSV row and every form of the run summary give how many records were read and
 * skipped. A timeline line outside the capture's attempts says so once.
 * @module
 */
import { createColors } from 'picocolors';
import { describe, expect, it } from 'vitest';
import { deviceReport, verdict } from '../../test/fixtures/render/build.ts';
import type { DeviceReport } from '../model/report.ts';
import { renderRunSummary } from './index.ts';
import { briefClosing, briefLine, csvRow, csvSummary } from './rows.ts';
import { SummaryTally } from './summary.ts';
import { eventRecordCounts, timelineSummary, timelineWhat } from './view.ts';

const PATH = 'logs/aad-operational.evtx';

/** An EVTX log with a bad chunk: 300 records read, 85 skipped (as the events room reports it). */
const damaged: DeviceReport = {
  ...deviceReport(
    PATH,
    null,
    verdict({
      joinState: 'unknown',
      health: 'unknown',
      summary: 'The events read show no registration attempt.',
    }),
    [],
  ),
  source: { path: PATH, kind: 'events', document: 0, records: 300, skipped: [] },
  device: {
    kind: 'name',
    value: 'DESKTOP-0001',
    tenantId: null,
    deviceId: null,
    computer: 'DESKTOP-0001',
    domain: null,
  },
  notices: [
    {
      code: 'records-skipped',
      severity: 'warning',
      message: `${PATH}: 300 event record(s) read; 85 part(s) could not be read and were skipped: 1 in chunk 0, 16 in chunk 6, 68 in chunk 10.`,
      count: 85,
    },
  ],
};

/** A capture on its own: no event evidence, nothing to say about records. */
const capture: DeviceReport = deviceReport(
  'status.txt',
  null,
  verdict({ joinState: 'hybrid-joined', health: 'healthy', summary: 'Hybrid joined and healthy.' }),
  [],
);

describe('records read and skipped in the one-line views', () => {
  it('counts what a report holds, and nothing for a capture without logs', () => {
    expect(eventRecordCounts(damaged)).toEqual({ read: 300, skipped: 85 });
    expect(eventRecordCounts(capture)).toBeNull();
  });

  it('brief: a line under the row of a damaged log, and the run’s totals at the end', () => {
    const c = createColors(false);
    expect(briefLine(damaged, c)).toBe(
      'State unknown                     unknown    -          -           DESKTOP-0001\n' +
        '  ▲ 300 event records read, 85 skipped as unreadable\n',
    );
    expect(briefLine(capture, c)).toBe(
      'Hybrid joined                     healthy    -          -           status.txt\n',
    );
    const tally = new SummaryTally();
    tally.add(damaged);
    tally.add(capture);
    expect(briefClosing(tally.summary(), c)).toBe(
      '2 device reports: 1 healthy, 1 unknown\n300 event records read, 85 skipped as unreadable\n',
    );
  });

  it('CSV: the row’s summary cell says it, and the summary has a row for each count', () => {
    expect(csvRow(damaged)).toBe(
      'DESKTOP-0001,State unknown,unknown,,,,,,0,0,high,,,logs/aad-operational.evtx,' +
        '"The events read show no registration attempt. (300 event records read, 85 skipped as unreadable)"\r\n',
    );
    const tally = new SummaryTally();
    tally.add(damaged);
    expect(csvSummary(tally.summary())).toBe(
      'state,healthy,attention,failing,unknown,total\r\n' +
        'State unknown,0,0,0,1,1\r\n' +
        'event records read,,,,,300\r\n' +
        'event records skipped,,,,,85\r\n',
    );
  });

  it('--summary: JSON carries the counts, text, markdown and HTML say them', () => {
    const tally = new SummaryTally();
    tally.add(damaged);
    const summary = tally.summary();
    expect(summary.events).toEqual({ read: 300, skipped: 85 });
    expect(JSON.parse(renderRunSummary(summary, 'json', {})).events).toEqual({ read: 300, skipped: 85 });
    for (const format of ['text', 'markdown', 'html'] as const)
      expect(renderRunSummary(summary, format, { color: false })).toContain(
        '300 event records read, 85 skipped as unreadable',
      );
  });

  it('a run of captures only says nothing of records', () => {
    const tally = new SummaryTally();
    tally.add(capture);
    expect(tally.summary().events).toBeUndefined();
    expect(csvSummary(tally.summary())).not.toContain('event records');
  });
});

describe('a timeline entry outside the capture’s attempts', () => {
  it('is marked once: in what it names, not again in what it says', () => {
    const entry = {
      time: '2025-01-31T09:16:43.000Z',
      what: 'event 304',
      summary:
        "Automatic registration failed at the join phase. (phase join) [outside the capture's attempts]",
      codes: ['0x801c03f2'],
      outsideAttempts: true,
    };
    expect(timelineWhat(entry)).toBe('event 304 (outside the capture’s attempts)');
    expect(timelineSummary(entry)).toBe('Automatic registration failed at the join phase. (phase join)');
    expect(timelineSummary({ ...entry, outsideAttempts: false })).toBe(entry.summary);
  });
});
