/**
 * Which event logs `analyze` reads together with which captures, and the exit code of the run.
 */
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const root = join(import.meta.dirname, '..', '..');
const example = (name: string) => join(root, 'examples', name);
const fixture = (name: string) => join(root, 'test', 'fixtures', 'events', name);
const scratch = () => mkdtempSync(join(tmpdir(), 'dsreg-doctor-correlation-'));

interface Report {
  source: { path: string; kind: string };
  verdict: { health: string; errorCode: string | null };
  findings: { severity: string }[];
  events?: { eventId: number }[];
  notices?: { code: string }[];
}

async function analyze(...args: string[]): Promise<{ code: number; reports: Report[] }> {
  const r = await cli('analyze', ...args, '--format', 'json');
  return { code: r.code, reports: JSON.parse(r.stdout).reports };
}

const rows = (reports: Report[]) => reports.map((r) => [r.source.path, r.source.kind, r.verdict.health]);

/** An event 304 log of one computer, or of no named computer when `computer` is null. */
function log304(computer: string | null): string {
  const path = join(scratch(), 'udr.xml');
  const name = computer === null ? '' : `<Computer>${computer}</Computer>`;
  writeFileSync(
    path,
    `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration" Guid="{23B8D46B-67DD-40A3-B636-D43E50552C6D}"/><EventID>304</EventID><Level>2</Level><TimeCreated SystemTime="2024-05-06T09:16:43.1000000Z"/><EventRecordID>502</EventRecordID><Channel>Microsoft-Windows-User Device Registration/Admin</Channel>${name}</System><EventData><Data Name="ExitCode">-2145647630</Data><Data Name="TenantType">Managed</Data><Data Name="JoinType">sync</Data></EventData></Event>`,
  );
  return path;
}

/** A copy of an example under another file name. */
function copyOf(name: string): string {
  const path = join(scratch(), `copy-${name}`);
  writeFileSync(path, readFileSync(example(name)));
  return path;
}

describe('analyze: which capture an event log goes with', () => {
  const healthy = example('hybrid-joined-healthy.txt'); // PC-0142.contoso.com
  const registered = example('entra-registered.txt'); // HOME-PC
  const sync = example('sync-join-waiting-for-sync.txt'); // PC-0177.contoso.com
  const flat = example('pre-1803-flat.txt'); // no device name
  const csv = fixture('udr-admin.eventviewer.csv'); // no computer name

  it('gives a log without a computer name to no capture when the run has two, and reports it alone', async () => {
    const { code, reports } = await analyze(healthy, registered, csv);
    expect(rows(reports)).toEqual([
      [healthy, 'capture', 'healthy'],
      [registered, 'capture', 'healthy'],
      [csv, 'events', 'failing'],
    ]);
    expect(reports[0]!.events).toBeUndefined();
    expect(reports[1]!.events).toBeUndefined();
    expect(reports[2]!.verdict.errorCode).toBe('0x801c001d');
    expect(code).toBe(1);
  });

  it('gives a log without a computer name to the only capture of the run', async () => {
    const { reports } = await analyze(registered, csv);
    expect(reports).toHaveLength(1);
    expect(reports[0]!.source.path).toBe(`${registered} + ${csv}`);
    expect(reports[0]!.verdict).toMatchObject({ health: 'failing', errorCode: '0x801c001d' });
  });

  it('matches a short computer name with the FQDN of the device, in any case, among several captures', async () => {
    const log = log304('pc-0177');
    const { reports } = await analyze(healthy, sync, log);
    expect(rows(reports)).toEqual([
      [healthy, 'capture', 'healthy'],
      [`${sync} + ${log}`, 'capture', 'attention'],
    ]);
    expect(reports[1]!.events?.map((e) => e.eventId)).toEqual([304]);
  });

  it('does not match an FQDN of another domain', async () => {
    const log = log304('PC-0177.fabrikam.com');
    const { reports } = await analyze(sync, log);
    expect(reports.map((r) => [r.source.path, r.source.kind])).toEqual([
      [sync, 'capture'],
      [log, 'events'],
    ]);
  });

  it('gives a log to every capture of its device, each report saying the log is shared', async () => {
    const log = log304('PC-0177.contoso.com');
    const second = copyOf('sync-join-waiting-for-sync.txt');
    const { reports } = await analyze(sync, second, log);
    expect(reports.map((r) => r.source.path)).toEqual([`${sync} + ${log}`, `${second} + ${log}`]);
    expect(reports.map((r) => r.events?.map((e) => e.eventId))).toEqual([[304], [304]]);
    expect(reports.map((r) => r.notices?.filter((n) => n.code === 'log-shared').length)).toEqual([1, 1]);
  });

  it('gives a capture without a device name the log of one computer when it is the only capture', async () => {
    const log = log304('PC-0388.contoso.com');
    const { reports } = await analyze(flat, log);
    expect(reports.map((r) => r.source.path)).toEqual([`${flat} + ${log}`]);
  });

  it('gives a capture without a device name no log when the run has another capture', async () => {
    const log = log304('PC-0388.contoso.com');
    const { reports } = await analyze(flat, healthy, log);
    expect(reports.map((r) => [r.source.path, r.source.kind])).toEqual([
      [flat, 'capture'],
      [healthy, 'capture'],
      [log, 'events'],
    ]);
  });

  it('gives a capture without a device name no log when the logs name two computers', async () => {
    const a = log304('PC-0388.contoso.com');
    const b = log304('PC-0999.contoso.com');
    const { reports } = await analyze(flat, a, b);
    expect(reports.map((r) => [r.source.path, r.source.kind])).toEqual([
      [flat, 'capture'],
      [a, 'events'],
      [b, 'events'],
    ]);
  });

  it('attaches nothing across the bundled examples and event fixtures, which are of other computers', async () => {
    const { reports } = await analyze(join(root, 'examples'), join(root, 'test', 'fixtures', 'events'));
    expect(reports.filter((r) => r.source.path.includes(' + '))).toEqual([]);
    expect(reports.filter((r) => r.source.kind === 'capture')).toHaveLength(8);
    expect(reports.filter((r) => r.source.kind === 'events')).toHaveLength(37);
    expect(reports.filter((r) => r.source.kind === 'capture' && r.events !== undefined)).toEqual([]);
  });
});

describe('analyze: exit code', () => {
  it('exits 1 for a failing verdict whose findings are only warnings', async () => {
    const { code, reports } = await analyze(fixture('udr-304.rendered.xml'));
    expect(reports).toHaveLength(1);
    expect(reports[0]!.verdict).toMatchObject({ health: 'failing', errorCode: '0x801c03f2' });
    expect(reports[0]!.findings.map((f) => f.severity)).toEqual(['warning']);
    expect(code).toBe(1);
  });

  it('exits 0 for the same report with --exit-zero', async () => {
    const r = await cli('analyze', fixture('udr-304.rendered.xml'), '--format', 'json', '--exit-zero');
    expect(r.code).toBe(0);
  });

  it('exits 0 for a healthy capture', async () => {
    const { code, reports } = await analyze(example('hybrid-joined-healthy.txt'));
    expect(reports[0]!.verdict.health).toBe('healthy');
    expect(code).toBe(0);
  });
});
