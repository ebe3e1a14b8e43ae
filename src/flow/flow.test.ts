/**
 * The composition root on realistic inputs: what each input is read as (by content, never by
 * name), logs paired with their device's capture in any order, a capture and an event export
 * in one stream, notices for what was not paired, and logs released once reported.
 * @module
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { DeviceReport } from '../model/report.ts';
import { classifyLazily } from './classify.ts';
import {
  analyzeInput,
  analyzeInputs,
  buildReport,
  captureReport,
  classify,
  type FlowOutput,
  FlowRun,
  splitMixed,
} from './index.ts';

const root = join(import.meta.dirname, '..', '..');
const example = (name: string) => new Uint8Array(readFileSync(join(root, 'examples', name)));
const encode = (text: string) => new TextEncoder().encode(text);
const NOW = '2024-06-04T12:00:00.000Z';

/** A User Device Registration admin event, as `wevtutil qe … /f:xml` prints it. */
function event(id: number, time: string, record: number, computer: string, data: string): string {
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration" Guid="{23B8D46B-67DD-40A3-B636-D43E50552C6D}"/><EventID>${id}</EventID><Level>2</Level><TimeCreated SystemTime="${time}"/><EventRecordID>${record}</EventRecordID><Channel>Microsoft-Windows-User Device Registration/Admin</Channel><Computer>${computer}</Computer></System><EventData>${data}</EventData></Event>`;
}

/** The join failure `examples/sync-join-waiting-for-sync.txt` shows, logged by its computer. */
function joinLog(computer: string): string {
  return [
    event(
      204,
      '2024-05-06T09:16:43.0000000Z',
      501,
      computer,
      '<Data Name="ExitCode">-2145647630</Data><Data Name="HttpStatus">400</Data>',
    ),
    event(
      304,
      '2024-05-06T09:16:43.1000000Z',
      502,
      computer,
      '<Data Name="ExitCode">-2145647630</Data><Data Name="TenantType">Managed</Data><Data Name="JoinType">sync</Data>',
    ),
  ].join('\n');
}

const reportsOf = (outputs: Iterable<FlowOutput>): DeviceReport[] =>
  [...outputs].flatMap((o) => (o.type === 'report' ? [o.report] : []));

describe('classify: one reader, chosen by content', () => {
  it('reads event XML named .txt as events, and a capture named .xml as a capture', () => {
    expect(classify(encode(joinLog('PC-0177.contoso.com')), 'aad.txt')).toMatchObject({
      kind: 'events',
      eventKind: 'xml',
    });
    const capture = classify(example('sync-join-waiting-for-sync.txt'), 'status.xml');
    expect(capture.kind).toBe('capture');
  });

  it('rejects with a typed reason and one sentence', () => {
    expect(classify(new Uint8Array(), 'a.txt')).toEqual({
      kind: 'rejected',
      reason: 'empty',
      message:
        'the file is empty: save the output of `dsregcmd /status` (or an event log export) into the file and pass that',
    });
    expect(classify(encode('  \r\n\t\n'), 'blank.txt')).toMatchObject({ kind: 'rejected', reason: 'empty' });
    expect(
      classify(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0, 1, 2, 3]), 'shot.png'),
    ).toMatchObject({
      kind: 'rejected',
      reason: 'binary',
    });
    expect(
      classify(encode('Dear team, the laptop cannot sign in since Monday.\n'), 'mail.txt'),
    ).toMatchObject({
      kind: 'rejected',
      reason: 'not-recognized',
    });
    expect(classify(example('prt-failing.txt'), 'big.txt', { maxBytes: 1024 })).toEqual({
      kind: 'rejected',
      reason: 'too-large',
      message:
        "the input is larger than the 1024-byte limit: pass a smaller file (one device's capture or log)",
    });
  });

  it('passes over reports this tool wrote, in every format', () => {
    const text = `ENTRA JOINED · FAILING\nMicrosoft Entra joined: the user has no Microsoft Entra PRT.\n`;
    expect(classify(encode(text), 'report.txt')).toMatchObject({ kind: 'rejected', reason: 'own-output' });
    const json = JSON.stringify(buildReport([]), null, 2);
    expect(classify(encode(json), 'fleet.json')).toEqual({
      kind: 'rejected',
      reason: 'own-output',
      message: 'this is a JSON report written by dsreg-doctor, not evidence: it was passed over',
    });
    const md =
      '## status.txt\n\n| State | Health | Failed phase | Error | Confidence |\n|---|---|---|---|---|\n';
    expect(classify(encode(md), 'ticket.md')).toMatchObject({ kind: 'rejected', reason: 'own-output' });
  });
});

describe('classifyLazily: captures handed out as they are read', () => {
  it('finds what classify finds, with the captures as a sequence', () => {
    const capture = classifyLazily(example('sync-join-waiting-for-sync.txt'), 'status.txt');
    expect(capture).toMatchObject({ kind: 'capture', events: null, failures: [] });
    if (capture.kind !== 'capture') throw new Error('not a capture');
    expect([...capture.captures].map((c) => [c.index, c.read.lines.first])).toEqual([[0, 1]]);
    expect(classifyLazily(encode(joinLog('PC-0177.contoso.com')), 'aad.txt')).toMatchObject({
      kind: 'events',
      eventKind: 'xml',
    });
    expect(classifyLazily(new Uint8Array(), 'a.txt')).toMatchObject({ kind: 'rejected', reason: 'empty' });
    expect(
      classifyLazily(encode('Dear team, the laptop cannot sign in since Monday.\n'), 'mail.txt'),
    ).toMatchObject({ kind: 'rejected', reason: 'not-recognized' });
  });

  it('numbers the captures of one input in order', () => {
    const one = new TextDecoder().decode(example('sync-join-waiting-for-sync.txt'));
    const found = classifyLazily(encode(`${one}\n${one}`), 'two.txt');
    if (found.kind !== 'capture') throw new Error('not a capture');
    expect([...found.captures].map((c) => c.index)).toEqual([0, 1]);
  });
});

describe('one stream holding a capture and an event export', () => {
  it('reads both, and the report holds the capture with its events', () => {
    const stream = `${new TextDecoder().decode(example('sync-join-waiting-for-sync.txt'))}\n${joinLog('PC-0177.contoso.com')}\n`;
    const input = analyzeInput({ name: '-', bytes: encode(stream) }, { now: NOW });
    expect(input.kind).toBe('capture');
    expect(input.reports).toHaveLength(1);
    const [report] = input.reports;
    expect(report?.capture).not.toBeNull();
    expect(report?.events?.map((e) => e.eventId)).toEqual([204, 304]);
    expect(report?.verdict).toMatchObject({
      joinState: 'domain-joined',
      failedPhase: 'join',
      errorCode: '0x801c03f2',
    });
    // The capture keeps its own line numbers: Device Name is on line 14 of the example.
    const deviceName = report?.capture?.sections
      .flatMap((s) => s.fields)
      .find((f) => f.name === 'Device Name');
    expect(deviceName?.line).toBe(14);
  });

  it('reads the export first and the capture after it just as well', () => {
    const stream = `${joinLog('PC-0177.contoso.com')}\n${new TextDecoder().decode(example('sync-join-waiting-for-sync.txt'))}`;
    const input = analyzeInput({ name: '-', bytes: encode(stream) }, { now: NOW });
    expect(input.kind).toBe('capture');
    expect(input.reports.map((r) => [r.source.kind, r.events?.length ?? 0])).toEqual([['capture', 2]]);
  });
});

describe('FlowRun: logs paired with their device by key, in any order', () => {
  it('pairs a log given after its capture, named .txt, with that capture', () => {
    const reports = reportsOf(
      analyzeInputs(
        [
          { name: 'status.txt', bytes: example('sync-join-waiting-for-sync.txt') },
          { name: 'aad.txt', bytes: encode(joinLog('PC-0177.contoso.com')) },
        ],
        { now: NOW },
      ),
    );
    expect(reports.map((r) => r.source.path)).toEqual(['status.txt + aad.txt']);
    // A domain-joined device waiting for sync has no device ID yet: it is known by its name.
    expect(reports[0]?.device).toEqual({
      kind: 'name',
      value: 'PC-0177.contoso.com',
      tenantId: null,
      deviceId: null,
      computer: 'PC-0177',
      domain: 'contoso.com',
    });
  });

  it('reports a log of another computer on its own, and says why it was not paired', () => {
    const outputs = [
      ...analyzeInputs(
        [
          { name: 'a.txt', bytes: example('sync-join-waiting-for-sync.txt') },
          { name: 'b.txt', bytes: example('hybrid-joined-healthy.txt') },
          { name: 'other.xml', bytes: encode(joinLog('PC-0999.contoso.com')) },
        ],
        { now: NOW },
      ),
    ];
    const reports = reportsOf(outputs);
    expect(reports.map((r) => [r.source.path, r.source.kind])).toEqual([
      ['a.txt', 'capture'],
      ['b.txt', 'capture'],
      ['other.xml', 'events'],
    ]);
    expect(reports[2]?.notices).toEqual([
      {
        code: 'log-not-paired',
        severity: 'warning',
        message:
          'not read with a capture: the log is from pc-0999.contoso.com, and no capture in the run is from that computer (the captures are from pc-0177.contoso.com, pc-0142.contoso.com)',
      },
    ]);
  });

  it('keeps a log read with a capture to the end when the run was not previewed (another capture of its computer may come)', () => {
    const run = new FlowRun({ now: NOW });
    for (const name of ['PC-0177', 'PC-0142', 'PC-0500']) {
      expect(run.add({ name: `${name}.xml`, bytes: encode(joinLog(`${name}.contoso.com`)) })).toEqual([]);
    }
    expect(run.waiting()).toBe(3);
    const first = reportsOf(run.add({ name: 'a.txt', bytes: example('sync-join-waiting-for-sync.txt') }));
    // The single-capture rule holds the first capture until a second one shows up.
    expect(first).toEqual([]);
    const next = reportsOf(run.add({ name: 'b.txt', bytes: example('hybrid-joined-healthy.txt') }));
    expect(next.map((r) => r.source.path)).toEqual(['a.txt + PC-0177.xml', 'b.txt + PC-0142.xml']);
    expect(run.waiting()).toBe(3);
    expect(reportsOf(run.finish()).map((r) => r.source.path)).toEqual(['PC-0500.xml']);
    expect(run.waiting()).toBe(0);
    expect(run.counts()).toMatchObject({ total: 3, failures: [] });
  });

  it('counts the summary from enum values, with failures and without own outputs', () => {
    const run = new FlowRun({ now: NOW });
    const outputs = [
      ...run.add({ name: 'a.txt', bytes: example('sync-join-waiting-for-sync.txt') }),
      ...run.add({ name: 'empty.txt', bytes: new Uint8Array() }),
      ...run.add({ name: 'report.json', bytes: encode(JSON.stringify(buildReport([]))) }),
      ...run.finish(),
    ];
    expect(outputs.filter((o) => o.type === 'failure').map((o) => o.type === 'failure' && o.reason)).toEqual([
      'empty',
      'own-output',
    ]);
    const counts = run.counts();
    expect(counts.byState).toEqual([
      { joinState: 'domain-joined', counts: { healthy: 0, attention: 1, failing: 0, unknown: 0 }, total: 1 },
    ]);
    expect(counts.topErrors[0]).toEqual({
      code: '0x801c03f2',
      name: 'DSREG_E_DIRECTORY_FAILURE',
      devices: 1,
      example: 'a.txt',
    });
    expect(counts.failures.map((f) => f.path)).toEqual(['empty.txt']);
  });
});

describe('buildReport', () => {
  it('fills in the schema and the generator, and names failures only when there are some', () => {
    expect(buildReport([])).toEqual({
      schema: 'dsreg-doctor.report/1',
      generator: { name: 'dsreg-doctor', version: '0.1.0' },
      reports: [],
    });
    expect(buildReport([], [{ path: 'a.txt', reason: 'empty' }]).failures).toEqual([
      { path: 'a.txt', reason: 'empty' },
    ]);
  });
});

describe('internal failures are said, and strict mode throws them', () => {
  /** A capture model no reader produced: a library user's hand-built object with values missing. */
  const broken = () => {
    const input = analyzeInput({ name: 'prt.txt', bytes: example('prt-failing.txt') }, { now: NOW });
    const capture = input.kind === 'capture' ? structuredClone(input.captures[0]) : undefined;
    if (!capture) throw new Error('fixture is not a capture');
    for (const section of capture.sections)
      for (const field of section.fields) delete (field as { raw?: string }).raw;
    return capture;
  };

  it('turns a throwing rule into a warning notice naming the checks that could not judge', () => {
    const report = captureReport(broken(), 'prt.txt', { now: NOW, strict: false });
    const notice = report.notices?.find((n) => n.code === 'rule-failure');
    expect(notice?.severity).toBe('warning');
    // Which checks read the missing values is the rules' business; the PRT check always does.
    expect(notice?.message).toMatch(
      /^checks that failed internally and could not judge this capture: (?:[a-z-]+, )*prt-missing(?:, [a-z-]+)* \(TypeError: /,
    );
    expect(report.verdict.confidence.reasons.at(-1)).toMatch(/^checks that could not judge this capture: /);
  });

  it('throws in strict mode', () => {
    expect(() => captureReport(broken(), 'prt.txt', { now: NOW, strict: true })).toThrow(TypeError);
  });
});

describe('FlowRun.preview: a run of many logs keeps only the logs its captures take', () => {
  it('answers `later` for a log no announced capture takes, and keeps none of them', () => {
    const run = new FlowRun({ now: NOW });
    run.preview({ name: 'status.txt', bytes: example('sync-join-waiting-for-sync.txt') });
    for (let i = 0; i < 50; i++) {
      const name = `PC-${1000 + i}.xml`;
      expect(run.add({ name, bytes: encode(joinLog(`PC-${1000 + i}.contoso.com`)) })).toEqual([
        { type: 'later', name },
      ]);
    }
    expect(run.waiting()).toBe(0);
    expect(run.add({ name: 'PC-0177.xml', bytes: encode(joinLog('PC-0177.contoso.com')) })).toEqual([]);
    expect(run.waiting()).toBe(1);
    run.add({ name: 'status.txt', bytes: example('sync-join-waiting-for-sync.txt') });
    expect(reportsOf(run.finish()).map((r) => r.source.path)).toEqual(['status.txt + PC-0177.xml']);
    expect(run.waiting()).toBe(0);
    // Handed again after the captures, a released log gets its own report, saying why.
    const late = reportsOf(
      run.addLate({ name: 'PC-1000.xml', bytes: encode(joinLog('PC-1000.contoso.com')) }),
    );
    expect(late.map((r) => [r.source.path, r.source.kind, r.notices?.[0]?.message])).toEqual([
      [
        'PC-1000.xml',
        'events',
        'not read with a capture: the log is from pc-1000.contoso.com, and no capture in the run is from that computer (the captures are from pc-0177.contoso.com)',
      ],
    ]);
    expect(run.counts().total).toBe(2);
  });

  it('keeps a log without a computer name when the run has a single capture', () => {
    const run = new FlowRun({ now: NOW });
    run.preview({ name: 'status.txt', bytes: example('sync-join-waiting-for-sync.txt') });
    const unnamed = joinLog('').replaceAll('<Computer></Computer>', '');
    expect(run.add({ name: 'no-name.xml', bytes: encode(unnamed) })).toEqual([]);
    expect(run.waiting()).toBe(1);
  });
});

describe('splitMixed: only a real second document splits a stream', () => {
  it('does not split event XML whose message quotes dsregcmd output', () => {
    const quoted = event(
      1104,
      '2024-05-06T09:16:43.0000000Z',
      7,
      'PC-0177.contoso.com',
      '<Data Name="Message">Device state:\n AzureAdJoined : YES\n DomainJoined : YES</Data>',
    );
    expect(splitMixed(quoted)).toBeNull();
  });

  it('splits a capture written after an export, keeping every line where it was', () => {
    const capture = new TextDecoder().decode(example('hybrid-joined-healthy.txt'));
    const stream = `${joinLog('PC-0142.contoso.com')}\n${capture}`;
    const parts = splitMixed(stream);
    expect(parts?.events.split('\n').length).toBe(stream.split('\n').length);
    expect(parts?.capture.split('\n').length).toBe(stream.split('\n').length);
    expect(parts?.events.trim()).toBe(joinLog('PC-0142.contoso.com'));
    expect(parts?.capture.trim()).toBe(capture.trim());
  });
});

describe('FlowRun.startPreview: a run of logs and no captures', () => {
  it('reports each log as it comes and keeps none', () => {
    const run = new FlowRun({ now: NOW });
    run.startPreview();
    for (const name of ['PC-0001', 'PC-0002', 'PC-0003']) {
      const out = run.add({ name: `${name}.xml`, bytes: encode(joinLog(`${name}.contoso.com`)) });
      expect(reportsOf(out).map((r) => [r.source.path, r.notices])).toEqual([[`${name}.xml`, undefined]]);
      expect(run.waiting()).toBe(0);
    }
    expect(run.finish()).toEqual([]);
  });
});
