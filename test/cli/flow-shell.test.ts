/**
 * `analyze` as a thin shell over the flow: inputs classified by content whatever their names, a
 * capture and an event export in one file both read, unpaired logs explained, and each rejected
 * input mapped to its exit code by the one table.
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { REJECT_EXIT } from '../../src/cli/errors.ts';
import { REJECT_REASONS } from '../../src/flow/index.ts';
import { cli } from './run-cli.ts';

const root = join(import.meta.dirname, '..', '..');
const example = (name: string) => join(root, 'examples', name);
const scratch = () => mkdtempSync(join(tmpdir(), 'dsreg-doctor-flow-shell-'));

function event(id: number, time: string, record: number, computer: string, data: string): string {
  return `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration" Guid="{23B8D46B-67DD-40A3-B636-D43E50552C6D}"/><EventID>${id}</EventID><Level>2</Level><TimeCreated SystemTime="${time}"/><EventRecordID>${record}</EventRecordID><Channel>Microsoft-Windows-User Device Registration/Admin</Channel><Computer>${computer}</Computer></System><EventData>${data}</EventData></Event>`;
}
const log304 = (computer: string) =>
  event(
    304,
    '2024-05-06T09:16:43.1000000Z',
    502,
    computer,
    '<Data Name="ExitCode">-2145647630</Data><Data Name="TenantType">Managed</Data><Data Name="JoinType">sync</Data>',
  );

interface Report {
  source: { path: string; kind: string };
  events?: { eventId: number }[];
  notices?: { code: string; severity: string; message: string }[];
}
const reportsOf = (stdout: string): Report[] => JSON.parse(stdout).reports;

describe('analyze over the flow', () => {
  it('reads event XML saved as .txt with its capture, even after two captures', async () => {
    const dir = scratch();
    const log = join(dir, 'pc-0177-events.txt');
    writeFileSync(log, log304('PC-0177.contoso.com'));
    const r = await cli(
      'analyze',
      example('hybrid-joined-healthy.txt'),
      example('sync-join-waiting-for-sync.txt'),
      log,
      '--format',
      'json',
      '--exit-zero',
    );
    expect(r.code).toBe(0);
    expect(reportsOf(r.stdout).map((x) => [x.source.path, x.events?.length ?? 0])).toEqual([
      [example('hybrid-joined-healthy.txt'), 0],
      [`${example('sync-join-waiting-for-sync.txt')} + ${log}`, 1],
    ]);
  });

  it('reads both a capture and the event export appended to it in one file', async () => {
    const dir = scratch();
    const both = join(dir, 'status-and-events.txt');
    writeFileSync(
      both,
      `${readFileSync(example('sync-join-waiting-for-sync.txt'), 'utf8')}\n${log304('PC-0177.contoso.com')}\n`,
    );
    const r = await cli('analyze', both, '--format', 'json', '--exit-zero');
    expect(
      reportsOf(r.stdout).map((x) => [x.source.path, x.source.kind, x.events?.map((e) => e.eventId)]),
    ).toEqual([[both, 'capture', [304]]]);
  });

  it('reads a capture and an event export piped together on standard input', () => {
    const input = `${readFileSync(example('sync-join-waiting-for-sync.txt'), 'utf8')}\n${log304('PC-0177.contoso.com')}\n`;
    const run = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        join(root, 'src', 'cli', 'main.ts'),
        'analyze',
        '-',
        '--format',
        'json',
        '--exit-zero',
      ],
      { input, encoding: 'utf8', cwd: root },
    );
    expect(run.status).toBe(0);
    expect(
      reportsOf(run.stdout).map((x) => [x.source.path, x.source.kind, x.events?.map((e) => e.eventId)]),
    ).toEqual([['-', 'capture', [304]]]);
  }, 60_000);

  it('says in the report why a log was not read with the capture', async () => {
    const dir = scratch();
    const log = join(dir, 'other.xml');
    writeFileSync(log, log304('PC-0999.contoso.com'));
    const r = await cli(
      'analyze',
      example('sync-join-waiting-for-sync.txt'),
      log,
      '--format',
      'text',
      '--width',
      '100',
    );
    expect(r.stdout).toContain(
      [
        'Notices',
        '  ▲ not read with a capture: the log is from pc-0999.contoso.com, and no capture in the run is from',
        '    that computer (the captures are from pc-0177.contoso.com)',
      ].join('\n'),
    );
  });

  it('passes over a report it wrote itself with a note, without failing the run', async () => {
    const dir = scratch();
    const report = join(dir, 'report.json');
    writeFileSync(
      report,
      (await cli('analyze', example('hybrid-joined-healthy.txt'), '--format', 'json')).stdout,
    );
    const r = await cli('analyze', example('hybrid-joined-healthy.txt'), report, '--format', 'json');
    expect(r.code).toBe(0);
    expect(r.stderr).toEqual([
      `note: ${report}: this is a JSON report written by dsreg-doctor, not evidence: it was passed over`,
    ]);
    expect(reportsOf(r.stdout)).toHaveLength(1);
  });

  it('maps every reason an input is rejected for to an exit code in one table', () => {
    expect(Object.keys(REJECT_EXIT).sort()).toEqual([...REJECT_REASONS].sort());
    expect(REJECT_EXIT).toEqual({
      empty: 2,
      binary: 2,
      'not-recognized': 2,
      'too-large': 2,
      unreadable: 2,
      'own-output': null,
    });
  });
});

describe('parse over the flow', () => {
  it('prints the model of each capture without diagnosing, as one JSON document', async () => {
    const r = await cli(
      'parse',
      example('hybrid-joined-healthy.txt'),
      example('prt-failing.txt'),
      '--format',
      'json',
    );
    const parsed = JSON.parse(r.stdout);
    // To a pipe: one line per document, so `grep` or a line reader takes a document whole.
    const lines = r.stdout.split('\n');
    expect(lines.length).toBe(5);
    expect(lines[0]).toBe('{"schema":"dsreg-doctor.captures/1","documents":[');
    expect(JSON.parse((lines[1] as string).replace(/,$/, ''))).toEqual(parsed.documents[0]);
    expect(JSON.parse(lines[2] as string)).toEqual(parsed.documents[1]);
    expect(lines.slice(3)).toEqual([']}', '']);
    expect(parsed.schema).toBe('dsreg-doctor.captures/1');
    expect(parsed.documents.map((d: { source: { path: string } }) => d.source.path)).toEqual([
      example('hybrid-joined-healthy.txt'),
      example('prt-failing.txt'),
    ]);
    expect(Object.keys(parsed.documents[0])).toEqual(['source', 'capture']);
    expect(r.stdout).not.toContain('"verdict"');
  });

  it('indents the same JSON under --pretty, byte for byte as JSON.stringify(…, null, 2)', async () => {
    const piped = await cli('parse', example('prt-failing.txt'), '--format', 'json');
    const pretty = await cli('parse', example('prt-failing.txt'), '--format', 'json', '--pretty');
    expect(pretty.code).toBe(0);
    expect(pretty.stdout).toBe(`${JSON.stringify(JSON.parse(piped.stdout), null, 2)}\n`);
    expect(
      pretty.stdout.startsWith('{\n  "schema": "dsreg-doctor.captures/1",\n  "documents": [\n    {\n'),
    ).toBe(true);
  });

  it('prints an empty list of documents as valid JSON, with the failures', async () => {
    const dir = scratch();
    const empty = join(dir, 'empty.txt');
    writeFileSync(empty, '');
    const r = await cli('parse', empty, '--format', 'json');
    expect(r.code).toBe(2);
    expect(JSON.parse(r.stdout)).toEqual({
      schema: 'dsreg-doctor.captures/1',
      documents: [],
      failures: [
        {
          path: empty,
          reason:
            'the file is empty: save the output of `dsregcmd /status` (or an event log export) into the file and pass that',
        },
      ],
    });
  });
});
