import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { CaptureField, DsregCapture } from '../model/capture.ts';
import type { Diagnosis } from '../model/diagnosis.ts';
import { correlate, fullTimeline } from './diagnose.ts';
import { readEvtx } from './evtx/index.ts';
import { readerNotices } from './notices.ts';
import { readEventXml } from './parse/xml.ts';

const fixtures = join(import.meta.dirname, '../../test/fixtures/events');
const udr = readEventXml(readFileSync(join(fixtures, 'udr-admin.wevtutil.xml'), 'utf8')).records;

function captureWith(fields: [string, string][]): DsregCapture {
  const made: CaptureField[] = fields.map(([name, iso], i) => ({
    name,
    label: null,
    raw: iso,
    value: { kind: 'time', iso },
    line: i + 3,
    scope: name,
    known: true,
    truncated: false,
    annotation: null,
  }));
  return {
    index: 0,
    windowsVersion: null,
    sections: [{ id: 'diagnostic-data', title: 'Diagnostic Data', ordinal: null, line: 1, fields: made }],
    accounts: [],
    trace: null,
    read: {
      encoding: 'utf-8',
      newline: 'crlf',
      layout: 'sectioned',
      noise: [],
      warnings: [],
      lines: { first: 1, last: 20 },
      completeness: { missingSections: [], truncated: false, unreadableLines: 0, score: 1 },
    },
  };
}

const failing: Diagnosis = {
  verdict: {
    joinState: 'domain-joined',
    workplaceJoined: false,
    health: 'failing',
    failedPhase: 'join',
    errorCode: '0x801c03f2',
    subErrorCode: null,
    summary: 'Hybrid join fails.',
    confidence: { level: 'high', score: 0.9, reasons: [] },
  },
  findings: [],
};

describe('events away from the capture’s attempts are kept, marked, and said', () => {
  const capture = captureWith([['Previous Registration', '2025-01-31T09:16:43.000Z']]);
  const merged = correlate(capture, failing, udr);

  it('diagnoses only the attempt the capture shows', () => {
    expect(merged.timeline.map((t) => t.what)).toEqual([
      'event 331',
      'event 201',
      'Previous Registration',
      'event 204',
      'event 304',
    ]);
    expect(merged.findings.map((f) => f.id)).toEqual([
      'event-discover-failed',
      'event-join-response-failed-confirms',
      'event-join-failed-confirms',
    ]);
  });

  it('keeps the twelve other events, each marked as outside the capture’s attempts', () => {
    expect(merged.context.map((t) => [t.what, t.time, t.outsideAttempts])).toEqual([
      ['event 305', '2025-01-31T10:16:44.0000000Z', true],
      ['event 307', '2025-01-31T11:16:45.0000000Z', true],
      ['event 220', '2025-01-31T11:16:45.2000000Z', true],
      ['event 334', '2025-01-31T12:16:46.0000000Z', true],
      ['event 344', '2025-01-31T13:16:47.0000000Z', true],
      ['event 345', '2025-01-31T13:16:48.0000000Z', true],
      ['event 360', '2025-01-31T13:20:00.0000000Z', true],
      ['event 362', '2025-01-31T13:20:01.0000000Z', true],
      ['event 500', '2025-01-31T14:00:00.0000000Z', true],
      ['event 502', '2025-01-31T14:00:01.0000000Z', true],
      ['event 335', '2025-01-31T15:00:00.0000000Z', true],
      ['event 306', '2025-01-31T15:00:01.0000000Z', true],
    ]);
    expect(merged.context[0]?.summary).toBe(
      "Automatic registration failed at the authentication phase: no access token for the registration service. (phase auth; code 0xcaa82ee2) [outside the capture's attempts]",
    );
    const all = fullTimeline(merged);
    expect(all).toHaveLength(17);
    expect(all.map((t) => t.what).slice(0, 6)).toEqual([
      'event 331',
      'event 201',
      'Previous Registration',
      'event 204',
      'event 304',
      'event 305',
    ]);
  });

  it('says how many were left out of the verdict, and why', () => {
    expect(merged.notices).toEqual([
      {
        code: 'events-outside-attempts',
        severity: 'info',
        message:
          '12 of 16 event(s) were logged more than ten minutes from the attempts the capture shows (Previous Registration 2025-01-31T09:16:43.000Z); they stay in the timeline, marked as outside the capture’s attempts, but do not drive the verdict or the findings, because they describe other attempts than the one the capture reports.',
        count: 12,
      },
    ]);
  });

  it('gives no notice when every event is near an attempt, or when the capture names none', () => {
    const near = correlate(capture, failing, udr.slice(0, 4));
    expect(near.notices).toEqual([]);
    expect(near.context).toEqual([]);
    const none = correlate(captureWith([]), failing, udr);
    expect(none.notices).toEqual([]);
    expect(none.context).toEqual([]);
  });
});

describe('what the event reader skipped or noted, as notices every format shows', () => {
  it('says nothing when everything was read', () => {
    expect(readerNotices({ kind: 'xml', records: [], skipped: [], warnings: [] }, 'a.xml')).toEqual([]);
  });

  it('names the count read and skipped, and the first reason, for broken XML', () => {
    const notices = readerNotices(
      {
        kind: 'xml',
        records: udr.slice(0, 15),
        skipped: [{ where: 'line 12', why: 'malformed event XML: unexpected close tag' }],
        warnings: ['the XML is not well formed (unexpected close tag); events were read one by one'],
      },
      'udr.xml',
    );
    expect(notices).toEqual([
      {
        code: 'records-skipped',
        severity: 'warning',
        message:
          'udr.xml: 15 event record(s) read; 1 part(s) could not be read and were skipped (line 12: malformed event XML: unexpected close tag). What they held is not in this report.',
        count: 1,
      },
      {
        code: 'reader-notes',
        severity: 'info',
        message:
          'udr.xml: the event reader noted: the XML is not well formed (unexpected close tag); events were read one by one.',
        count: 1,
      },
    ]);
  });

  const sample = join(import.meta.dirname, '../../../shared/evtx-samples/sample_with_a_bad_chunk_magic.evtx');
  it.runIf(existsSync(sample))(
    'on a damaged EVTX file: records read, records skipped by chunk, and why',
    () => {
      const result = readEvtx(new Uint8Array(readFileSync(sample)));
      const [skipped, notes] = readerNotices(result, 'damaged.evtx');
      expect(skipped).toEqual({
        code: 'records-skipped',
        severity: 'warning',
        message:
          'damaged.evtx: 300 event record(s) read; 85 part(s) could not be read and were skipped: 1 in chunk 0, 16 in chunk 6, 68 in chunk 10 (record 46741 in chunk 0: the record was cut short when written (size copy 0, not 472): its binary XML holds no event element; see the source for each). What they held is not in this report.',
        count: 85,
      });
      expect(notes?.code).toBe('reader-notes');
      expect(notes?.count).toBe(7);
      expect(notes?.message).toContain(
        'chunk 6: chunk header is damaged; the records found in it were read and checked one by one',
      );
    },
  );
});
