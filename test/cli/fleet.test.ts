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
// The hybrid funnel of the collection once Entra and the certificate report are imported.
const FUNNEL = { inScope: 14, certificate: 1, synced: 2, registered: 8, prt: 3 };
const FUNNEL_TEXT = [
  '  in AD scope (domain joined)              14       100%',
  '  valid hybrid join certificate in AD      1        7.1%',
  '  synced to Entra (ServerAd object)        2        14.3%',
].join('\n');
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

/** `fleet ingest PATH --db DB` on the calling thread, with the summary as JSON. */
function ingestHere(path: string, store: string) {
  return cli('fleet', 'ingest', path, '--db', store, '--now', NOW, '--format', 'json', '--threads', '0');
}

/** One page (`--limit 1`) of `fleet devices` with these flags, as JSON. */
async function devicesPage(...flags: string[]) {
  return JSON.parse(
    (await cli('fleet', 'devices', '--db', db, '--format', 'json', '--limit', '1', ...flags)).stdout,
  );
}

describe('fleet commands', () => {
  it('ingests every shape of a collection, names what it could not read, and exits 2 for those', async () => {
    const r = await ingestHere(collection, db);
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
    const r = await ingestHere(join(collection, 'site-b.zip'), join(dir, 'zip.db'));
    const summary = JSON.parse(r.stdout);
    expect(summary.stored).toBe(2);
    expect(summary.failures[0]).toEqual({
      path: `${join(collection, 'site-b.zip')}!../outside.txt`,
      reason: 'a path with `..`: entries must stay inside the archive',
    });
  });

  it('a second run of the same collection stores nothing twice', async () => {
    const r = await ingestHere(collection, db);
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
      'ad-no-certificate': 0,
      'ad-no-valid-certificate': 0,
      'ad-cloud-filtered': 0,
    });
    expect(s.topCodes.find((c: { key: string }) => c.key === '0x801c001d')).toEqual({
      key: '0x801c001d',
      devices: 2,
      meaning:
        'DSREG_AUTOJOIN_ADCONFIG_READ_FAILED: The device could not read the service connection point (SCP) to learn its Entra tenant.',
    });
  });

  it('imports Entra Connect’s certificate report, told by its header, as the AD side of the funnel', async () => {
    const report = join(fixtures, 'ad/certificate-report.csv');
    const imp = await cli('fleet', 'import-entra', report, '--db', db, '--now', NOW);
    expect(imp.code).toBe(0);
    expect(imp.stdout.trim().split('\n')).toEqual([
      `${report}: Entra Connect certificate report, 4 computers`,
      'Imported 4 AD computers from the certificate report; 15 devices joined.',
    ]);
    const s = JSON.parse((await cli('fleet', 'report', '--db', db, '--now', NOW, '--format', 'json')).stdout);
    expect(s.adComputers).toBe(4);
    expect(s.hybridFunnel).toEqual(FUNNEL);
    expect([
      s.entra['ad-no-certificate'],
      s.entra['ad-no-valid-certificate'],
      s.entra['ad-cloud-filtered'],
    ]).toEqual([0, 2, 2]);
    const filtered = JSON.parse(
      (await cli('fleet', 'devices', '--db', db, '--issue', 'ad-cloud-filtered', '--format', 'json')).stdout,
    );
    expect(
      filtered.devices.map((d: { computer: string; entraIssues: string[] }) => [d.computer, d.entraIssues]),
    ).toEqual([
      ['PC-0150', ['pending', 'ad-no-valid-certificate', 'ad-cloud-filtered']],
      ['PC-0177', ['ad-no-valid-certificate', 'ad-cloud-filtered']],
    ]);
    const text = (await cli('fleet', 'report', '--db', db, '--now', NOW, '--format', 'text')).stdout;
    expect(text).toContain(FUNNEL_TEXT);
    const device = (await cli('fleet', 'device', 'PC-0177', '--db', db, '--format', 'text')).stdout;
    expect(device).toContain(
      `  AD CN=PC-0177,OU=Workstations,DC=contoso,DC=com objectGUID 7a0d3c55-1e2f-4a6b-8c9d-0e1f2a3b4c77: userCertificate 1 value(s), 1 certificate(s), 1 valid, 0 hybrid join; CloudFiltered TRUE (${report})`,
    );
  });

  it('judges staleness when asked, with the thresholds given, and refuses one Entra cannot tell', async () => {
    // PC-0152's object was last active on 2026-11-20T09:12:44Z, 100 days before 2027-03-01.
    const stale = async (...flags: string[]) =>
      JSON.parse(
        (
          await cli(
            'fleet',
            'devices',
            '--db',
            db,
            '--stale',
            '--now',
            '2027-03-01T00:00:00Z',
            '--format',
            'json',
            ...flags,
          )
        ).stdout,
      ).devices.map((d: { computer: string }) => d.computer);
    expect(await stale()).toEqual(['PC-0152']);
    expect(await stale('--stale-days', '120')).toEqual([]);
    expect(
      await stale('--stale-days', '120', '--vdi-prefix', 'PC-015,NPVDI-', '--vdi-stale-days', '30'),
    ).toEqual(['PC-0152']);
    // The flag repeated reads as the comma list; 100 days is not past a VDI threshold of 101.
    expect(
      await stale(
        '--stale-days',
        '120',
        '--vdi-prefix',
        'PC-015',
        '--vdi-prefix',
        'NPVDI-',
        '--vdi-stale-days',
        '101',
      ),
    ).toEqual([]);
    const report = async (...flags: string[]) =>
      JSON.parse(
        (
          await cli(
            'fleet',
            'report',
            '--db',
            db,
            '--now',
            '2027-03-01T00:00:00Z',
            '--format',
            'json',
            ...flags,
          )
        ).stdout,
      );
    expect((await report()).entra.stale).toBe(1);
    const at120 = await report('--stale-days', '120');
    expect([at120.entra.stale, at120.staleness]).toEqual([
      0,
      { staleDays: 120, vdiStaleDays: 15, vdiPrefixes: ['NPVDI-'] },
    ]);
    const device = JSON.parse(
      (
        await cli(
          'fleet',
          'device',
          'PC-0152',
          '--db',
          db,
          '--now',
          '2027-03-01T00:00:00Z',
          '--format',
          'json',
        )
      ).stdout,
    );
    expect(device.device.entraIssues).toEqual(['stale']);
    const refused = await cli('fleet', 'report', '--db', db, '--stale-days', '14');
    expect(refused.code).toBe(2);
    expect(refused.stderr).toEqual([
      "dsreg-doctor: --stale-days must be 21 or more: Entra refreshes the activity timestamp only every 14 days (±5), so a younger one says nothing, not '14' (see --help)",
    ]);
    const empty = await cli('fleet', 'devices', '--db', db, '--stale', '--vdi-prefix', ' ');
    expect(empty.code).toBe(2);
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
    // The same two a page at a time, with the filter kept from one page to the next.
    const page = (...flags: string[]) => devicesPage('--phase', 'discover', ...flags);
    const first = await page();
    expect([first.count, first.devices[0].computer, first.next]).toEqual([
      1,
      'PC-0203',
      first.devices[0].deviceKey,
    ]);
    const second = await page('--after', first.next);
    expect([second.count, second.devices[0].computer, second.next]).toEqual([1, 'PC01', null]);
    const text = await cli(
      'fleet',
      'devices',
      '--db',
      db,
      '--phase',
      'discover',
      '--after',
      json.devices[1].deviceKey,
      '--format',
      'text',
    );
    expect(text.stdout.split('\n').slice(1)).toEqual(['No devices match.', '']);
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
    const defer = await cli('fleet', 'ingest', fixtures, '--db', db, '--defer-indexes', 'later');
    expect(defer.code).toBe(2);
    expect(defer.stderr).toEqual([
      "dsreg-doctor: --defer-indexes must be one of auto, always, never, not 'later' (see --help)",
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

  it('lists the Entra objects no capture matches, and drops one once its device is captured', async () => {
    const list = async () =>
      JSON.parse((await cli('fleet', 'devices', '--db', db, '--not-captured', '--format', 'json')).stdout);
    const before = await list();
    expect([before.schema, before.count]).toEqual(['dsreg-doctor.fleet-not-captured/1', 2]);
    expect(before.objects.map((o: { displayName: string }) => o.displayName)).toEqual([
      'LT-0300',
      'MAC-01, design',
    ]);
    // A page at a time: --limit gives one page and the key to go on from, --after goes on.
    const page = (...flags: string[]) => devicesPage('--not-captured', ...flags);
    const first = await page();
    expect([first.count, first.objects[0].displayName, first.next]).toEqual([
      1,
      'LT-0300',
      first.objects[0].objectKey,
    ]);
    const second = await page('--after', first.next);
    expect([second.count, second.objects[0].displayName, second.next]).toEqual([1, 'MAC-01, design', null]);
    const csv = (await cli('fleet', 'devices', '--db', db, '--not-captured', '--format', 'csv')).stdout;
    expect(csv.split('\r\n')[0]).toBe(
      'objectKey,displayName,deviceId,objectId,trustType,accountEnabled,lastSignIn,operatingSystem,operatingSystemVersion,source',
    );
    // LT-0300's capture arrives after the Entra import.
    const later = join(dir, 'later');
    mkdirSync(later);
    writeFileSync(
      join(later, 'LT-0300.txt'),
      readFileSync(join(root, 'examples/prt-failing.txt'), 'utf8')
        .replace('LT-0318', 'LT-0300')
        .replace('33dd33dd-ee44-4f55-8a66-77bb77bb88cc', '9e8d7c6b-5a49-4838-a726-150493827161'),
    );
    const ingest = await ingestHere(later, db);
    expect(JSON.parse(ingest.stdout).stored).toBe(1);
    const after = await list();
    expect(after.objects.map((o: { displayName: string }) => o.displayName)).toEqual(['MAC-01, design']);
    const s = JSON.parse((await cli('fleet', 'report', '--db', db, '--now', NOW, '--format', 'json')).stdout);
    expect(s.entra['not-captured']).toBe(1);
    const mixed = await cli('fleet', 'devices', '--db', db, '--not-captured', '--pending');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toEqual([
      'dsreg-doctor: --not-captured lists Entra objects, not devices: it takes no other filter (got --pending) (see --help)',
    ]);
  });
});
