/**
 * Several captures of one device: a log of that computer is read with each capture, against the
 * capture's own attempts, and each report names the captures that share it; several runs of one
 * device pasted in one input name each other, so a failure a later run got past reads as history.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceReport } from '../model/report.ts';
import { render } from '../render/index.ts';
import { analyzeInput, analyzeInputs, buildReport, type FlowOutput, FlowRun } from './index.ts';

const root = join(import.meta.dirname, '..', '..');
const fixture = (name: string) => new Uint8Array(readFileSync(join(root, 'test', 'fixtures', 'flow', name)));
const encode = (text: string) => new TextEncoder().encode(text);
const NOW = '2024-05-14T12:00:00.000Z';

const reportsOf = (outputs: Iterable<FlowOutput>): DeviceReport[] =>
  [...outputs].flatMap((o) => (o.type === 'report' ? [o.report] : []));

/** What a report took from the log: its verdict, and each timeline entry with whether it counted. */
const digest = (r: DeviceReport | undefined) => ({
  path: r?.source.path,
  verdict: [r?.verdict.failedPhase, r?.verdict.errorCode],
  timeline: r?.timeline?.map((t) => [t.time, t.what, t.outsideAttempts === true]),
  notices: r?.notices?.map((n) => [n.code, n.severity]),
});

describe('two captures of one computer and one log of it', () => {
  // device-01-before.txt: discovery fails (SCP not found, 0x801c001d), Previous Registration
  // 2024-05-13 13:58:40. device-01-after.txt, the next day once the SCP was fixed: the sync join
  // waits for Entra Connect (0x801c03f2), Previous Registration 2024-05-14 09:12:30. The log holds
  // the 204 and 304 DEVICE-01 logged a second after that second attempt.
  const log = { name: 'events.xml', bytes: fixture('device-01-events.xml') };
  const before = { name: 'before.txt', bytes: fixture('device-01-before.txt') };
  const after = { name: 'after.txt', bytes: fixture('device-01-after.txt') };
  const shared = (reads: string) => ({
    code: 'log-shared',
    severity: 'info',
    message: `events.xml is read with each of the 2 captures of device-01.contoso.com in the run (before.txt, after.txt): ${reads}`,
  });
  const nearOwn =
    'this report counts only its events logged near this capture’s own attempts, and keeps the others as context';

  it('reads the log with both: its events count for the second capture only', () => {
    const reports = reportsOf(analyzeInputs([log, before, after], { now: NOW }));
    expect(reports.map(digest)).toEqual([
      {
        path: 'before.txt + events.xml',
        verdict: ['discover', '0x801c001d'],
        timeline: [
          ['2024-05-13T13:58:40.000Z', 'Previous Registration', false],
          ['2024-05-14T09:12:31.2000000Z', 'event 204', true],
          ['2024-05-14T09:12:31.3000000Z', 'event 304', true],
        ],
        notices: [
          ['events-outside-attempts', 'info'],
          ['log-shared', 'info'],
        ],
      },
      {
        path: 'after.txt + events.xml',
        verdict: ['join', '0x801c03f2'],
        timeline: [
          ['2024-05-14T09:12:30.000Z', 'Previous Registration', false],
          ['2024-05-14T09:12:31.2000000Z', 'event 204', false],
          ['2024-05-14T09:12:31.3000000Z', 'event 304', false],
        ],
        notices: [['log-shared', 'info']],
      },
    ]);
    expect(reports[0]?.notices?.[1]).toEqual(shared(nearOwn));
    expect(reports[1]?.notices).toEqual([shared(nearOwn)]);
    // The second capture's failure is confirmed by the events; the first one's findings are its own.
    expect(reports[1]?.findings.filter((f) => f.id.endsWith('-confirms')).map((f) => f.id)).toEqual([
      'event-join-response-failed-confirms',
      'event-join-failed-confirms',
    ]);
    expect(reports[0]?.findings.some((f) => f.id.endsWith('-confirms'))).toBe(false);
  });

  it('after previews, keeps the log until the last capture of its computer has read it', () => {
    const run = new FlowRun({ now: NOW });
    run.preview(before);
    run.preview(after);
    expect(run.add(log)).toEqual([]);
    expect(run.waiting()).toBe(1);
    expect(run.add(before)).toEqual([]);
    const reports = reportsOf(run.add(after));
    expect(reports.map((r) => r.source.path)).toEqual(['before.txt + events.xml', 'after.txt + events.xml']);
    expect(reports[1]?.notices).toEqual([shared(nearOwn)]);
    expect(run.waiting()).toBe(0);
    expect(run.finish()).toEqual([]);
  });

  it('names the captures of the run it shares the log with, also to a capture given after the first report left', () => {
    const other = {
      name: 'other.txt',
      bytes: encode(
        new TextDecoder().decode(fixture('device-01-after.txt')).replace('DEVICE-01', 'DEVICE-02'),
      ),
    };
    const reports = reportsOf(analyzeInputs([log, before, other, after], { now: NOW }));
    expect(
      reports.map((r) => [r.source.path, r.notices?.find((n) => n.code === 'log-shared')?.message]),
    ).toEqual([
      ['before.txt + events.xml', undefined],
      ['other.txt', undefined],
      [
        'after.txt + events.xml',
        `events.xml is read with each of the 2 captures of device-01.contoso.com in the run (before.txt, after.txt): ${nearOwn}`,
      ],
    ]);
  });

  it('says so when a capture shows no attempt time: every event of the log counts there', () => {
    const text = new TextDecoder().decode(fixture('device-01-before.txt'));
    const undated = {
      name: 'undated.txt',
      bytes: encode(text.replace(/^ +Previous Registration : .*\n/m, '')),
    };
    const reports = reportsOf(analyzeInputs([log, undated, after], { now: NOW }));
    expect(reports[0]?.notices).toEqual([
      {
        code: 'log-shared',
        severity: 'info',
        message:
          'events.xml is read with each of the 2 captures of device-01.contoso.com in the run (undated.txt, after.txt): this capture shows no attempt time (Previous Registration, Previous Prt Attempt), so every event of the log counts here, also those of the other captures’ attempts',
      },
    ]);
  });

  it('says why when the log came after both captures had been reported (a run without previews)', () => {
    const reports = reportsOf(analyzeInputs([before, after, log], { now: NOW }));
    expect(reports.map((r) => r.source.path)).toEqual(['before.txt', 'after.txt', 'events.xml']);
    expect(reports[2]?.notices).toEqual([
      {
        code: 'log-not-paired',
        severity: 'warning',
        message:
          'not read with a capture: the log is from device-01.contoso.com, and every capture of that computer in the run was reported before the log came; give event logs before the captures to read them together',
      },
    ]);
  });

  it('still reports a log of another computer on its own, with why', () => {
    const stranger = {
      name: 'device-09.xml',
      bytes: encode(
        new TextDecoder().decode(fixture('device-01-events.xml')).replaceAll('DEVICE-01', 'DEVICE-09'),
      ),
    };
    const reports = reportsOf(analyzeInputs([log, stranger, before, after], { now: NOW }));
    expect(reports.map((r) => r.source.path)).toEqual([
      'before.txt + events.xml',
      'after.txt + events.xml',
      'device-09.xml',
    ]);
    expect(reports[2]?.notices).toEqual([
      {
        code: 'log-not-paired',
        severity: 'warning',
        message:
          'not read with a capture: the log is from device-09.contoso.com, and no capture in the run is from that computer (the captures are from device-01.contoso.com)',
      },
    ]);
  });
});

describe('several runs of one device in one input', () => {
  // A failed `dsregcmd /join /debug` (0x801c03f2: the device object is not in Entra ID yet; the
  // trace names only its tenant), then `dsregcmd /status` of DEVICE-01 in that tenant, joined.
  const paste = { name: 'paste.txt', bytes: fixture('join-debug-failed-then-status.txt') };
  // The status was taken the day of the trace: its PRT is fresh then.
  const NOW = '2024-03-01T12:00:00.000Z';
  const HISTORY =
    "a later run of this device in this input (capture 2) shows the device Microsoft Entra hybrid joined (healthy): this failure is history; read capture 2 for the device's state; this run names no computer and no device ID, only its tenant: it is taken as the device of capture 2, the only device of that tenant in this input";
  const EARLIER =
    'an earlier run of DEVICE-01 in this input (capture 1, matched by its tenant) failed in the join phase (0x801c03f2 DSREG_E_DIRECTORY_FAILURE): the device got past that failure';

  it('links the failed trace and the later status: the failure reads as history', () => {
    const analyzed = analyzeInput(paste, { now: NOW });
    expect(
      analyzed.reports.map((r) => [r.source.document, r.verdict.joinState, r.verdict.errorCode, r.notices]),
    ).toEqual([
      [0, 'unknown', '0x801c03f2', [{ code: 'same-device-runs', severity: 'warning', message: HISTORY }]],
      [1, 'hybrid-joined', null, [{ code: 'same-device-runs', severity: 'info', message: EARLIER }]],
    ]);
  });

  it('says the same in a run, and in every report format', () => {
    const reports = reportsOf(analyzeInputs([paste], { now: NOW }));
    expect(reports.map((r) => r.notices?.map((n) => n.message))).toEqual([[HISTORY], [EARLIER]]);
    const envelope = buildReport(reports);
    const flat = (s: string) => s.replace(/\s+/g, ' ');
    for (const format of ['text', 'markdown', 'html'] as const) {
      const out = flat(render(envelope, format, { width: 100 }));
      expect(out, format).toContain('this failure is history; read capture 2 for the device');
      expect(out, format).toContain(
        'an earlier run of DEVICE-01 in this input (capture 1, matched by its tenant) failed in the join phase',
      );
      expect(out, format).toContain('the device got past that failure');
    }
    expect(JSON.parse(render(envelope, 'json')).reports[1].notices).toEqual([
      { code: 'same-device-runs', severity: 'info', message: EARLIER },
    ]);
  });

  it('does not link runs of two devices, nor a trace when its tenant holds two devices in the input', () => {
    const text = new TextDecoder().decode(fixture('join-debug-failed-then-status.txt'));
    const status = text.slice(text.indexOf('C:\\Windows\\system32>dsregcmd /status'));
    const second = status
      .replaceAll('DEVICE-01', 'DEVICE-02')
      .replaceAll('00000000-0000-0000-0000-000000000002', '00000000-0000-0000-0000-000000000007');
    const analyzed = analyzeInput({ name: 'three.txt', bytes: encode(`${text}\n${second}`) }, { now: NOW });
    expect(analyzed.reports.map((r) => [r.source.document, r.device?.computer ?? null, r.notices])).toEqual([
      [0, null, undefined],
      [1, 'DEVICE-01', undefined],
      [2, 'DEVICE-02', undefined],
    ]);
  });

  it('links two status runs of one device by their device ID, in order', () => {
    const text = new TextDecoder().decode(fixture('join-debug-failed-then-status.txt'));
    const status = text.slice(text.indexOf('C:\\Windows\\system32>dsregcmd /status'));
    const analyzed = analyzeInput({ name: 'twice.txt', bytes: encode(`${status}\n${status}`) }, { now: NOW });
    expect(analyzed.reports.map((r) => r.notices)).toEqual([
      [
        {
          code: 'same-device-runs',
          severity: 'info',
          message:
            'a later run of DEVICE-01 in this input (capture 2) shows the device Microsoft Entra hybrid joined (healthy)',
        },
      ],
      [
        {
          code: 'same-device-runs',
          severity: 'info',
          message:
            'an earlier run of DEVICE-01 in this input (capture 1) shows the device Microsoft Entra hybrid joined (healthy)',
        },
      ],
    ]);
  });
});
