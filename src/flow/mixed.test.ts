/**
 * A capture and an event export in one file, in every export shape the event readers take on
 * their own: both documents are read, each from its own lines, and a part that gives nothing is
 * named in a notice. Also what the capture's report says about a log of the run it was not read
 * with, and the two reasons an event is left out of a capture's diagnosis.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceReport } from '../model/report.ts';
import { analyzeInput, analyzeInputs, FlowRun, splitMixed } from './index.ts';

const root = join(import.meta.dirname, '..', '..');
const fixture = (name: string) => readFileSync(join(root, 'test', 'fixtures', 'flow', name), 'utf8');
const example = (name: string) => readFileSync(join(root, 'examples', name), 'utf8');
const encode = (text: string) => new TextEncoder().encode(text);
const NOW = '2024-06-04T12:00:00.000Z';

function only(name: string): DeviceReport {
  const analyzed = analyzeInput({ name, bytes: encode(fixture(name)) }, { now: NOW });
  expect(analyzed.kind).toBe('capture');
  expect(analyzed.reports).toHaveLength(1);
  return analyzed.reports[0]!;
}

const fieldNames = (report: DeviceReport) =>
  (report.capture?.sections ?? []).flatMap((s) => s.fields.map((f) => f.name));

describe('a capture and an event export in one stream', () => {
  // The capture is examples/scp-missing.txt: PC-0203 fails discovery with 0x801c001d; the events
  // are the 307 and 201 it logged a second after its Previous Registration.
  it.each([
    ['capture-then-export-csv.txt', 'csv'],
    ['capture-then-eventviewer-tab.txt', 'text'],
    ['capture-then-json.txt', 'json'],
    ['capture-then-label-list.md', 'text'],
    // `Get-WinEvent`'s default table, and a Markdown table of the same events in a ticket.
    ['capture-then-get-winevent-table.txt', 'text'],
    ['capture-then-markdown-table.md', 'text'],
    ['eventviewer-csv-then-capture.txt', 'csv'],
    ['json-then-capture.txt', 'json'],
    // The capture's prompt after another command's output, or after a separator line.
    ['json-then-whoami-then-capture.txt', 'json'],
    ['json-separator-then-capture.txt', 'json'],
  ])('%s: reads the capture and both events (%s), and pairs them', (name, kind) => {
    const report = only(name);
    expect(report.source.path).toBe(name);
    expect(report.device?.value).toBe('PC-0203.contoso.com');
    expect(report.verdict.errorCode).toBe('0x801c001d');
    expect(report.events?.map((e) => e.eventId)).toEqual([307, 201]);
    // A CSV or text export's times carry no zone: a notice says at which offset they were read.
    const said = /csv|tab/.test(name) ? ['event-times-local'] : [];
    expect((report.notices ?? []).map((n) => n.code).filter((c) => c !== 'reader-notes')).toEqual(said);
    // The export's lines are no capture evidence: the capture holds exactly the example's fields.
    const alone = analyzeInput(
      { name: 'alone.txt', bytes: encode(example('scp-missing.txt')) },
      { now: NOW },
    );
    expect(fieldNames(report)).toEqual(fieldNames(alone.reports[0]!));
    expect(splitMixed(fixture(name))?.eventKind).toBe(kind);
  });

  it('keeps every line where it was: the capture up to its prompt, the export from its #TYPE line', () => {
    const parts = splitMixed(fixture('capture-then-export-csv.txt'));
    expect(parts?.order).toBe('capture-first');
    expect(parts?.captureLines).toEqual([1, 80]);
    expect(parts?.eventLines).toEqual([81, 86]);
    expect(parts?.capture.split('\n')).toHaveLength(87);
    expect(parts?.events.split('\n')).toHaveLength(87);
  });

  it('cuts an export that comes first at the prompt that printed the capture', () => {
    const parts = splitMixed(fixture('eventviewer-csv-then-capture.txt'));
    expect(parts?.order).toBe('events-first');
    expect(parts?.eventLines).toEqual([1, 5]);
    expect(parts?.captureLines).toEqual([6, 83]);
    expect(parts?.capture.split('\n')[5]).toBe('PS C:\\Users\\user> dsregcmd /status');
  });

  it('reads a General-tab paste as event 304, and its message lines are no capture fields', () => {
    const report = only('capture-then-general-tab.txt');
    expect(report.events?.map((e) => e.eventId)).toEqual([304]);
    expect(fieldNames(report)).not.toContain('Registration type');
    expect(fieldNames(report)).not.toContain('Tenant type');
    expect(report.notices?.find((n) => n.code === 'events-outside-attempts')?.message).toBe(
      '1 of 1 event(s) have no time, so they cannot be placed near the attempts the capture shows (Previous Registration 2024-05-13T13:58:40.000Z); they stay in the timeline, marked as outside the capture’s attempts, but do not drive the verdict or the findings, because they may describe other attempts than the one the capture reports.',
    );
  });

  it('names a table after the capture from which no event could be read', () => {
    const report = only('capture-then-table-without-ids.txt');
    expect(report.events).toBeUndefined();
    expect(report.notices).toEqual([
      {
        code: 'mixed-events-unread',
        severity: 'warning',
        message:
          'lines 80–81 of this input look like an event export (CSV) after the capture, but no event record could be read from them (no event ID in this row); they are not in this report',
      },
    ]);
  });

  it('does not take a prompt that names event columns for a CSV header', () => {
    const parts = splitMixed(fixture('capture-then-json.txt'));
    expect(parts?.eventKind).toBe('json');
    expect(fixture('capture-then-json.txt').split('\n')[(parts?.eventLines[0] ?? 0) - 1]).toBe('[');
    // Before the capture too: the export starts under the command that printed it.
    const first = splitMixed(fixture('json-then-capture.txt'));
    expect(first?.order).toBe('events-first');
    expect(first?.eventLines).toEqual([2, 26]);
    expect(first?.captureLines).toEqual([27, 104]);
  });

  it('does not split a /debug trace that quotes a message in the middle of its lines', () => {
    const trace = readFileSync(join(root, 'test', 'fixtures', 'captures', 'debug-join-trace.txt'), 'utf8');
    expect(splitMixed(trace)).toBeNull();
    const quoted = `${example('scp-missing.txt')}\nDsrCmdJoinHelper::Join: starting\nAutomatic registration failed at join phase.\n`;
    expect(splitMixed(quoted)).toBeNull();
  });

  it('leaves a note that quotes a message above the capture with the capture', () => {
    const note = `Hi team, every morning we get "Automatic registration failed at join phase." in the log.\n\n${example('scp-missing.txt')}`;
    expect(splitMixed(note)).toBeNull();
    expect(analyzeInput({ name: 'ticket.txt', bytes: encode(note) }, { now: NOW }).kind).toBe('capture');
  });

  it('looks at a long capture once: the cost grows with its length, not its square', () => {
    const capture = example('scp-missing.txt');
    const time = (n: number) => {
      const text = capture.repeat(n);
      const start = performance.now();
      splitMixed(text);
      return performance.now() - start;
    };
    time(50);
    const small = Math.max(time(200), 1);
    const large = time(1600);
    expect(large / small).toBeLessThan(8 * 4);
  });
});

describe('a log the run’s only capture was not read with', () => {
  const log = `<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration"/><EventID>304</EventID><Level>2</Level><TimeCreated SystemTime="2024-05-13T13:58:41.000Z"/><EventRecordID>12</EventRecordID><Channel>Microsoft-Windows-User Device Registration/Admin</Channel><Computer>PC-0207.contoso.com</Computer></System><EventData/></Event></Events>`;

  it('is named on the capture’s report too, with why', () => {
    const outputs = [
      ...analyzeInputs(
        [
          { name: 'pc-0207.xml', bytes: encode(log) },
          { name: 'status.txt', bytes: encode(example('scp-missing.txt')) },
        ],
        { now: NOW },
      ),
    ];
    const reports = outputs.flatMap((o) => (o.type === 'report' ? [o.report] : []));
    expect(reports.map((r) => r.source.path)).toEqual(['status.txt', 'pc-0207.xml']);
    expect(reports[0]?.notices).toEqual([
      {
        code: 'log-not-paired',
        severity: 'warning',
        message:
          '1 event log in the run was not read with this capture: pc-0207.xml (it is from pc-0207.contoso.com, and this capture is from pc-0203.contoso.com); it is reported on its own',
      },
    ]);
    expect(reports[1]?.notices?.map((n) => n.code)).toEqual(['log-not-paired']);
  });

  it('is named when the run let the log go at once (captures previewed first)', () => {
    const run = new FlowRun({ now: NOW });
    const status = { name: 'status.txt', bytes: encode(example('scp-missing.txt')) };
    run.preview(status);
    expect(run.add({ name: 'pc-0207.xml', bytes: encode(log) })).toEqual([
      { type: 'later', name: 'pc-0207.xml' },
    ]);
    expect(run.add(status)).toEqual([]);
    const [out] = run.finish();
    expect(out?.type === 'report' ? out.report.notices?.[0]?.message : null).toBe(
      '1 event log in the run was not read with this capture: pc-0207.xml (it is from pc-0207.contoso.com, and this capture is from pc-0203.contoso.com); it is reported on its own',
    );
  });
});

describe('events left out of a capture’s diagnosis', () => {
  const event = (id: number, time: string | null, record: number) =>
    `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration"/><EventID>${id}</EventID><Level>2</Level>${time ? `<TimeCreated SystemTime="${time}"/>` : ''}<EventRecordID>${record}</EventRecordID><Channel>Microsoft-Windows-User Device Registration/Admin</Channel><Computer>PC-0203.contoso.com</Computer></System><EventData/></Event>`;

  it('says apart those logged far from the attempt and those without a time', () => {
    const stream = `${example('scp-missing.txt')}\n<Events>${event(307, '2024-05-13T13:58:41.000Z', 1)}${event(307, '2024-05-10T08:00:00.000Z', 2)}${event(201, null, 3)}</Events>\n`;
    const analyzed = analyzeInput({ name: 'status.txt', bytes: encode(stream) }, { now: NOW });
    const notice = analyzed.reports[0]?.notices?.find((n) => n.code === 'events-outside-attempts');
    expect(notice).toEqual({
      code: 'events-outside-attempts',
      severity: 'info',
      count: 2,
      message:
        '2 of 3 event(s) are outside the attempts the capture shows (Previous Registration 2024-05-13T13:58:40.000Z): 1 was logged more than ten minutes from them, and 1 has no time to place it by; they stay in the timeline, marked as outside the capture’s attempts, but do not drive the verdict or the findings, because they may describe other attempts than the one the capture reports.',
    });
  });
});
