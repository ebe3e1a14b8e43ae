import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const root = join(import.meta.dirname, '..', '..');
const eventFixture = (name: string) => join(root, 'test', 'fixtures', 'events', name);
const scratch = () => mkdtempSync(join(tmpdir(), 'dsreg-doctor-redact-events-'));
const CAPTURE = [
  '+----------------------------------------------------------------------+',
  '| Device State                                                         |',
  '+----------------------------------------------------------------------+',
  '',
  '             AzureAdJoined : NO',
  '              DomainJoined : YES',
  '               Device Name : PC01.contoso.com',
  '',
].join('\n');

describe('redact on event exports', () => {
  it('writes an XML export back as XML, with the same events and the pseudonyms of the capture', async () => {
    const dir = scratch();
    copyFileSync(eventFixture('udr-admin.wevtutil.xml'), join(dir, 'udr.xml'));
    writeFileSync(join(dir, 'status.txt'), CAPTURE);
    const r = await cli('redact', join(dir, 'status.txt'), join(dir, 'udr.xml'));
    expect(r.code).toBe(0);
    expect(r.stderr).toEqual([
      `wrote ${join(dir, 'status.redacted.txt')}`,
      `wrote ${join(dir, 'udr.redacted.xml')}`,
    ]);
    const xml = readFileSync(join(dir, 'udr.redacted.xml'), 'utf8');
    expect(xml.startsWith('<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">')).toBe(
      true,
    );
    expect(xml).toContain('<Computer>DEVICE1.domain1.example</Computer>');
    expect(readFileSync(join(dir, 'status.redacted.txt'), 'utf8')).toContain(
      'Device Name : DEVICE1.domain1.example',
    );
    expect(xml).not.toContain('contoso');
    const ids = async (path: string) =>
      JSON.parse(
        (await cli('analyze', path, '--format', 'json', '--exit-zero')).stdout,
      ).reports[0].events.map((e: { eventId: number }) => e.eventId);
    expect(await ids(join(dir, 'udr.redacted.xml'))).toEqual(await ids(join(dir, 'udr.xml')));
  });

  it('writes JSON, CSV and pasted text back in their own formats', async () => {
    const dir = scratch();
    for (const name of ['udr-admin.ps51.json', 'udr-admin.export.csv', 'udr-admin.eventviewer.txt']) {
      copyFileSync(eventFixture(name), join(dir, name));
    }
    const r = await cli(
      'redact',
      join(dir, 'udr-admin.ps51.json'),
      join(dir, 'udr-admin.export.csv'),
      join(dir, 'udr-admin.eventviewer.txt'),
    );
    expect(r.code).toBe(0);
    const json = readFileSync(join(dir, 'udr-admin.ps51.redacted.json'), 'utf8');
    expect(JSON.parse(json)[0].MachineName).toBe('DEVICE1.domain1.example');
    const csv = readFileSync(join(dir, 'udr-admin.export.redacted.csv'), 'utf8');
    expect(csv.split(/\r?\n/)[0]).toBe('#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord');
    expect(csv).not.toContain('contoso');
    const text = readFileSync(join(dir, 'udr-admin.eventviewer.redacted.txt'), 'utf8');
    expect(text).toContain('tenantId: 00000000-0000-4000-8000-');
    expect(text).not.toContain('aaaabbbb-0000-cccc-1111-dddd2222eeee');
  });

  it('refuses an EVTX file in one line that says how to export it as XML', async () => {
    const dir = scratch();
    // The smallest real EVTX header is enough: the file is recognised as EVTX, not read further.
    const evtx = new Uint8Array(4096);
    evtx.set(new TextEncoder().encode('ElfFile\0'));
    writeFileSync(join(dir, 'admin.evtx'), evtx);
    const r = await cli('redact', join(dir, 'admin.evtx'));
    expect(r.code).toBe(2);
    expect(r.stderr).toHaveLength(1);
    expect(r.stderr[0]).toMatch(
      /admin\.evtx: .*cannot be rewritten.*wevtutil qe "admin\.evtx" \/lf:true \/f:xml/,
    );
  });
});

describe('the pseudonym key', () => {
  const saved = process.env.DSREG_DOCTOR_REDACT_KEY;
  afterEach(() => {
    if (saved === undefined) delete process.env.DSREG_DOCTOR_REDACT_KEY;
    else process.env.DSREG_DOCTOR_REDACT_KEY = saved;
  });

  it('gives the same keyed pseudonyms from a key file, the environment and --redact-salt', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'status.txt'), CAPTURE);
    writeFileSync(join(dir, 'key'), 'correct horse battery staple\n');
    const fromFile = await cli(
      'redact',
      join(dir, 'status.txt'),
      '--stdout',
      '--redact-key-file',
      join(dir, 'key'),
    );
    process.env.DSREG_DOCTOR_REDACT_KEY = 'correct horse battery staple';
    const fromEnv = await cli('redact', join(dir, 'status.txt'), '--stdout');
    delete process.env.DSREG_DOCTOR_REDACT_KEY;
    const fromSalt = await cli(
      'redact',
      join(dir, 'status.txt'),
      '--stdout',
      '--redact-salt',
      'correct horse battery staple',
    );
    // A device name in capitals keeps its capitals; 64 bits of the keyed hash are shown.
    expect(fromFile.stdout).toMatch(/Device Name : DEVICE-[0-9A-F]{16}\.domain-[0-9a-f]{16}\.example\n/);
    expect(fromEnv.stdout).toBe(fromFile.stdout);
    expect(fromSalt.stdout).toBe(fromFile.stdout);
  });

  it('redacts when a key is given without --redact: a forgotten flag must not publish the names', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'status.txt'), CAPTURE);
    const r = await cli(
      'analyze',
      join(dir, 'status.txt'),
      '--redact-salt',
      'k',
      '--format',
      'json',
      '--exit-zero',
    );
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain('PC01');
    expect(r.stdout).not.toContain('contoso');
  });

  it('says in one line when the key file cannot be read', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'status.txt'), CAPTURE);
    const r = await cli(
      'analyze',
      join(dir, 'status.txt'),
      '--redact',
      '--redact-key-file',
      join(dir, 'missing.key'),
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([
      `dsreg-doctor: --redact-key-file ${join(dir, 'missing.key')}: cannot read the key (ENOENT) (see --help)`,
    ]);
  });
});

describe('analyze --redact beyond the reports', () => {
  it('--redact=strict masks the free text the catalog does not know to be safe, keeping its codes', async () => {
    const dir = scratch();
    writeFileSync(
      join(dir, 'status.txt'),
      `${CAPTURE}\n+----------------------------------------------------------------------+\n| Diagnostic Data                                                      |\n+----------------------------------------------------------------------+\n\n            Server Message : AADSTS50126: wrong password for Megan at Fabrikam\n`,
    );
    const r = await cli(
      'analyze',
      join(dir, 'status.txt'),
      '--redact=strict',
      '--format',
      'json',
      '--exit-zero',
    );
    const fields = JSON.parse(r.stdout).reports[0].capture.sections.flatMap(
      (s: { fields: unknown[] }) => s.fields,
    );
    expect(fields.find((f: { name: string }) => f.name === 'Server Message').raw).toBe(
      '[redacted] AADSTS50126',
    );
  });

  it('redacts the paths of the run summary and of the inputs that failed', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'WS-FIN-0042'));
    writeFileSync(join(dir, 'WS-FIN-0042', 'status.txt'), CAPTURE);
    writeFileSync(join(dir, 'WS-FIN-0042', 'LT-0318.txt'), '');
    const json = await cli(
      'analyze',
      join(dir, 'WS-FIN-0042'),
      '--redact',
      '--format',
      'json',
      '--exit-zero',
    );
    expect(json.stdout).not.toContain('WS-FIN-0042');
    expect(json.stdout).not.toContain('LT-0318');
    const failures = JSON.parse(json.stdout).failures as { path: string }[];
    // Every folder and file name that is not a generic word is replaced (the temporary folder too).
    expect(failures.map((f) => f.path.split(/[\\/]/).at(-1))).toEqual([
      expect.stringMatching(/^file\d+\.txt$/),
    ]);
    const text = await cli(
      'analyze',
      join(dir, 'WS-FIN-0042'),
      '--redact',
      '--format',
      'markdown',
      '--exit-zero',
    );
    expect(text.stdout).toContain('Not analysed');
    expect(text.stdout).not.toContain('WS-FIN-0042');
    expect(text.stdout).not.toContain('LT-0318');
  });
});
