/**
 * `fleet` from the command line: ingest a collection folder (raw captures, a zip archive, script
 * shapes, events beside a capture), run it again (nothing doubled), import Entra, and ask the
 * report, device lists and one device's history; plus the one-line errors a user can act on.
 * @module
 */
import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { writeZip } from '../../src/input/zip.ts';
import { cli } from './run-cli.ts';

const root = join(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures/fleet');
const dir = mkdtempSync(join(tmpdir(), 'dsreg-fleet-cli-'));
const db = join(dir, 'fleet.db');
const NOW = '2026-12-01T00:00:00Z';
afterAll(() => rmSync(dir, { recursive: true, force: true }));

// The collection: script shapes, a device folder with its event export, and a zip of captures.
const collection = join(dir, 'collection');
mkdirSync(collection);
cpSync(join(fixtures, 'shapes'), join(collection, 'shapes'), { recursive: true });
cpSync(join(fixtures, 'folder'), join(collection, 'folder'), { recursive: true });
writeFileSync(
  join(collection, 'site-b.zip'),
  writeZip([
    {
      name: 'site-b/PC-0177.txt',
      bytes: readFileSync(join(root, 'examples/sync-join-waiting-for-sync.txt')),
    },
    { name: 'site-b/LT-0318.txt', bytes: readFileSync(join(root, 'examples/prt-failing.txt')) },
    { name: 'site-b/readme.txt', bytes: new TextEncoder().encode('collected by the night job') },
    { name: '../outside.txt', bytes: readFileSync(join(root, 'examples/scp-missing.txt')) },
  ]),
);

// File times are capture times for captures without Client Time: fixed, so the run is repeatable.
function touch(path: string, time: Date): void {
  if (statSync(path).isDirectory()) for (const name of readdirSync(path)) touch(join(path, name), time);
  else utimesSync(path, time, time);
}
touch(collection, new Date('2026-11-30T10:00:00Z'));
utimesSync(
  join(collection, 'site-b.zip'),
  new Date('2026-11-30T11:00:00Z'),
  new Date('2026-11-30T11:00:00Z'),
);

describe('fleet commands', () => {
  it('ingests every shape of a collection, names what it could not read, and exits 2 for those', async () => {
    const r = await cli(
      'fleet',
      'ingest',
      collection,
      '--db',
      db,
      '--now',
      NOW,
      '--format',
      'json',
      '--threads',
      '0',
    );
    expect(r.code).toBe(2);
    const summary = JSON.parse(r.stdout);
    expect(summary.stored).toBe(15);
    expect(summary.duplicates).toBe(0);
    expect(summary.eventFiles).toBe(1);
    expect(summary.failures.map((f: { path: string }) => f.path.slice(collection.length + 1))).toEqual([
      'site-b.zip!../outside.txt',
      'site-b.zip!site-b/readme.txt',
      'shapes/graph-devices.json',
      'shapes/remediation-export.csv',
    ]);
  });

  it('an archive entry that would leave the archive is skipped, counted, and not fatal', async () => {
    const r = await cli(
      'fleet',
      'ingest',
      join(collection, 'site-b.zip'),
      '--db',
      join(dir, 'zip.db'),
      '--now',
      NOW,
      '--format',
      'json',
      '--threads',
      '0',
    );
    const summary = JSON.parse(r.stdout);
    expect(summary.stored).toBe(2);
    expect(summary.failures[0]).toEqual({
      path: `${join(collection, 'site-b.zip')}!../outside.txt`,
      reason: 'a path with `..`: entries must stay inside the archive',
    });
  });

  it('a second run of the same collection stores nothing twice', async () => {
    const r = await cli(
      'fleet',
      'ingest',
      collection,
      '--db',
      db,
      '--now',
      NOW,
      '--format',
      'json',
      '--threads',
      '0',
    );
    const summary = JSON.parse(r.stdout);
    expect([summary.stored, summary.duplicates]).toEqual([0, 15]);
  });

  it('imports the portal CSV and a Graph page, and the report counts what the join shows', async () => {
    const imp = await cli(
      'fleet',
      'import-entra',
      join(fixtures, 'entra/portal-current.csv'),
      join(fixtures, 'entra/graph-devices-page.json'),
      '--db',
      db,
      '--now',
      NOW,
    );
    expect(imp.code).toBe(0);
    expect(imp.stdout).toContain('Imported 4 Entra objects; 15 devices joined.');
    const r = await cli('fleet', 'report', '--db', db, '--now', NOW, '--format', 'json');
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect([s.schema, s.devices, s.captures, s.entraObjects]).toEqual([
      'dsreg-doctor.fleet-summary/1',
      15,
      15,
      4,
    ]);
    expect(s.entra).toEqual({
      'unknown-to-entra': 4,
      pending: 1,
      'wrong-join-type': 0,
      'registered-twice': 0,
      disabled: 0,
      'thumbprint-mismatch': 0,
      stale: 0,
      'duplicate-name': 0,
      'not-captured': 2,
    });
    expect(s.topCodes.find((c: { key: string }) => c.key === '0x801c001d')).toEqual({
      key: '0x801c001d',
      devices: 2,
      meaning:
        'DSREG_AUTOJOIN_ADCONFIG_READ_FAILED: The device could not read the service connection point (SCP) to learn its Entra tenant.',
    });
  });

  it('lists devices with filters as CSV and JSON', async () => {
    const pending = await cli('fleet', 'devices', '--db', db, '--pending', '--format', 'csv');
    expect(pending.code).toBe(0);
    const lines = pending.stdout.trim().split('\r\n');
    expect(lines[0]).toBe(
      'deviceKey,computer,domain,deviceId,tenantId,joinState,health,failedPhase,errorCode,subErrorCode,prt,whfbReady,osVersion,context,lastCapturedAt,captures,entraIssues,summary',
    );
    expect(lines.slice(1).map((l) => l.split(',').slice(0, 2).join(','))).toEqual([
      'name:pc-0150.contoso.com,PC-0150',
    ]);
    const json = JSON.parse(
      (await cli('fleet', 'devices', '--db', db, '--phase', 'discover', '--format', 'json')).stdout,
    );
    expect(json.devices.map((d: { computer: string }) => d.computer)).toEqual(['PC-0203', 'PC01']);
    expect(json.count).toBe(2);
    const code = JSON.parse(
      (await cli('fleet', 'devices', '--db', db, '--code', '-2145647630', '--format', 'json')).stdout,
    );
    expect(code.devices.map((d: { computer: string }) => d.computer)).toEqual(['PC-0177']);
  });

  it('shows one device with its Entra object, history and attached events', async () => {
    const r = await cli('fleet', 'device', 'PC01', '--db', db, '--format', 'json');
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d.device.failedPhase).toBe('discover');
    expect(d.history).toHaveLength(1);
    expect(d.history[0].events.count).toBe(2);
    const e = JSON.parse(
      (await cli('fleet', 'device', '3f2c1a9e-4b7d-4e8a-9c61-0d5e2b7a1f43', '--db', db, '--format', 'json'))
        .stdout,
    );
    expect(e.device.computer).toBe('PC-0152');
    // The Graph page was imported after the portal CSV: the object's newer record replaced it.
    expect(e.entra.map((x: { source: string }) => x.source)).toEqual([
      `${fixtures}/entra/graph-devices-page.json (Graph JSON)`,
    ]);
    expect(e.device.entraIssues).toEqual([]);
  });

  it('redacts identifiers in one device’s view with --redact', async () => {
    const r = await cli('fleet', 'device', 'PC-0152', '--db', db, '--format', 'json', '--redact');
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('PC-0152');
    expect(r.stdout).not.toContain('3f2c1a9e-4b7d-4e8a-9c61-0d5e2b7a1f43');
    expect(JSON.parse(r.stdout).device.joinState).toBe('hybrid-joined');
  });

  it('writes the report as one HTML page: inline SVG, no script, no external request, values escaped', async () => {
    const out = join(dir, 'report.html');
    const r = await cli('fleet', 'report', '--db', db, '--now', NOW, '-o', out);
    expect(r.code).toBe(0);
    const html = readFileSync(out, 'utf8');
    expect(html.startsWith('<!doctype html>')).toBe(true);
    expect(html).toContain('<svg');
    expect(html).not.toMatch(/<script|src=|href=|@import|url\(/i);
    expect(html).toContain('@media print');
  });

  it('says what is wrong in one line, with exit code 2', async () => {
    const state = await cli('fleet', 'devices', '--db', db, '--state', 'joined');
    expect(state.code).toBe(2);
    expect(state.stderr).toEqual([
      "dsreg-doctor: --state must be one of entra-joined, hybrid-joined, domain-joined, drs-joined, entra-registered, not-joined, inconsistent, unknown, not 'joined' (see --help)",
    ]);
    const none = await cli('fleet', 'device', 'NO-SUCH-PC', '--db', db);
    expect(none.code).toBe(2);
    expect(none.stderr).toEqual([
      'dsreg-doctor: NO-SUCH-PC: no such device in the store: give a device key, an Entra device ID or a computer name (see `fleet devices`)',
    ]);
    const pg = await cli('fleet', 'report', '--db', 'postgres://fleet:secret@127.0.0.1:1/fleet');
    expect(pg.code).toBe(2);
    expect(pg.stderr).toHaveLength(1);
    expect(pg.stderr[0]).toMatch(
      /^dsreg-doctor: postgres:\/\/fleet:\*\*\*@127\.0\.0\.1:1\/fleet: the fleet store cannot be opened \(.*\): check --db or DSREG_DOCTOR_DB$/,
    );
    expect(pg.stderr[0]).not.toContain('secret');
  });
});
