import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cli } from './run-cli.ts';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const example = (name: string) => join(examples, name);
const scratch = () => mkdtempSync(join(tmpdir(), 'dsreg-doctor-cli-'));

describe('analyze', () => {
  it('reads the sync-join capture to join phase, 0x801c03f2, waiting for Entra Connect', async () => {
    const r = await cli('analyze', example('sync-join-waiting-for-sync.txt'), '--format', 'json');
    const report = JSON.parse(r.stdout);
    expect(report.schema).toBe('dsreg-doctor.report/1');
    expect(report.reports).toHaveLength(1);
    const { verdict, findings } = report.reports[0];
    expect(verdict.joinState).toBe('domain-joined');
    expect(verdict.failedPhase).toBe('join');
    expect(verdict.errorCode).toBe('0x801c03f2');
    expect(findings.flatMap((f: { codes: string[] }) => f.codes)).toContain('0x801c03f2');
    expect(r.stderr).toEqual([]);
  });

  it('exits 0 on a healthy device and 1 when there are error findings', async () => {
    expect((await cli('analyze', example('hybrid-joined-healthy.txt'), '--format', 'json')).code).toBe(0);
    expect((await cli('analyze', example('scp-missing.txt'), '--format', 'json')).code).toBe(1);
    expect((await cli('analyze', example('scp-missing.txt'), '--format', 'json', '--exit-zero')).code).toBe(
      0,
    );
  });

  it('analyses every capture in a folder and closes the text run with a summary', async () => {
    const r = await cli('analyze', examples, '--format', 'text', '--no-color', '--width', '100');
    const captures = readdirSync(examples).filter((f) => f.endsWith('.txt'));
    expect(r.stdout.match(/^─{20,}$/gm)?.length).toBe(captures.length);
    expect(r.stdout).toMatch(/hybrid/i);
    expect(r.code).toBe(1);
  });

  it('keeps every line of a folder run within the narrowest width it accepts', async () => {
    const fixtures = join(import.meta.dirname, '..', 'fixtures');
    for (const folder of [examples, join(fixtures, 'captures'), join(fixtures, 'events')]) {
      for (const width of ['40', '60']) {
        const r = await cli('analyze', folder, '--format', 'text', '--no-color', '--width', width);
        // Only one word longer than the line (a URL, a GUID, a path) may pass the width, whole.
        const over = r.stdout.split('\n').filter((line) => [...line].length > Number(width));
        expect(
          over.filter((line) =>
            /\S\s\S/.test(line.trim().replace(/^(?:[-›ℹ▲]|\d+\.|See:|[\w ]+?(?: :|\s{2,}))\s*/, '')),
          ),
        ).toEqual([]);
      }
    }
  });

  it('streams JSON that is exactly one valid document, one report per capture', async () => {
    const r = await cli('analyze', examples, '--format', 'json');
    const parsed = JSON.parse(r.stdout);
    const captures = readdirSync(examples).filter((f) => f.endsWith('.txt'));
    expect(parsed.reports.length).toBe(captures.length);
    expect(r.stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  });

  it('names an unreadable input in one line, exits 2, and still analyses the others', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'empty.txt'), '');
    writeFileSync(
      join(dir, 'photo.txt'),
      new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 1, 2, 3, 0, 0, 0, 4, 5, 0, 7]),
    );
    writeFileSync(join(dir, 'notes.txt'), 'Meeting notes: call the vendor on Tuesday.\n');
    const missing = join(dir, 'missing.txt');
    const r = await cli(
      'analyze',
      missing,
      join(dir, 'empty.txt'),
      join(dir, 'photo.txt'),
      join(dir, 'notes.txt'),
      example('scp-missing.txt'),
      '--format',
      'json',
    );
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([
      `dsreg-doctor: ${missing}: no such file or folder: check the path`,
      `dsreg-doctor: ${join(dir, 'empty.txt')}: the file is empty: save the output of \`dsregcmd /status\` (or an event log export) into the file and pass that`,
      `dsreg-doctor: ${join(dir, 'photo.txt')}: this is a binary file, not dsregcmd output or an event log: save the output of \`dsregcmd /status\` (or an event log export) into the file and pass that`,
      `dsreg-doctor: ${join(dir, 'notes.txt')}: no dsregcmd output or event records found in it: save the output of \`dsregcmd /status\` (or an event log export) into the file and pass that`,
    ]);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.reports).toHaveLength(1);
    // Scripts see the failed inputs too, after the reports, with the reasons the error lines gave.
    expect(parsed.failures).toEqual(
      r.stderr.map((line) => {
        const [, path, reason] = /^dsreg-doctor: (.+?\.txt): (.*)$/.exec(line) ?? [];
        return { path, reason };
      }),
    );
    expect(r.stdout).toBe(`${JSON.stringify(parsed, null, 2)}\n`);
  });

  it('quotes a file name with terminal escapes inert in its error line', async () => {
    const missing = join(scratch(), 'status\u001b]0;pwned\u0007.txt');
    const r = await cli('analyze', missing, '--format', 'json');
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([
      `dsreg-doctor: ${missing.replace('\u001b', '\\x1b').replace('\u0007', '\\x07')}: no such file or folder: check the path`,
    ]);
  });

  it('writes -o output whole, and leaves nothing behind when it cannot', async () => {
    const dir = scratch();
    const target = join(dir, 'report.md');
    const ok = await cli('analyze', example('scp-missing.txt'), '--format', 'markdown', '-o', target);
    expect(ok.code).toBe(1);
    expect(readFileSync(target, 'utf8')).toMatch(/^#/);
    expect(readdirSync(dir)).toEqual(['report.md']);
    const bad = await cli('analyze', example('scp-missing.txt'), '-o', join(dir, 'no-such-dir', 'r.json'));
    expect(bad.code).toBe(2);
    expect(bad.stderr.at(-1)).toBe(
      `dsreg-doctor: ${join(dir, 'no-such-dir', 'r.json')}: the folder ${join(dir, 'no-such-dir')} does not exist: create it first, or write elsewhere`,
    );
  });

  it('refuses a bad option value with a usage line and exit 2', async () => {
    const r = await cli('analyze', example('scp-missing.txt'), '--format', 'pdf');
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([
      'dsreg-doctor: --format pdf: choose one of text, json, markdown, html, csv, brief (see --help)',
    ]);
  });

  it('counts an empty folder among several inputs as a failed input', async () => {
    const empty = scratch();
    const json = await cli('analyze', empty, example('hybrid-joined-healthy.txt'), '--format', 'json');
    expect(json.code).toBe(2);
    expect(json.stderr).toEqual([`dsreg-doctor: ${empty}: no capture or event files found in this folder`]);
    expect(JSON.parse(json.stdout).reports).toHaveLength(1);
    const text = await cli(
      'analyze',
      empty,
      example('hybrid-joined-healthy.txt'),
      '--format',
      'text',
      '--no-color',
    );
    expect(text.code).toBe(2);
    expect(text.stdout).toContain(
      `Not analysed (1)\n  ${empty}: no capture or event files found in this folder\n`,
    );
  });

  it('counts an empty folder as a failed input of parse too', async () => {
    const empty = scratch();
    const r = await cli('parse', empty, example('hybrid-joined-healthy.txt'), '--format', 'json');
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([`dsreg-doctor: ${empty}: no capture or event files found in this folder`]);
    const parsed = JSON.parse(r.stdout);
    expect(parsed.documents).toHaveLength(1);
    expect(parsed.failures).toEqual([
      { path: empty, reason: 'no capture or event files found in this folder' },
    ]);
  });

  it('keeps one usage line when the only inputs are empty folders', async () => {
    const [a, b] = [scratch(), scratch()];
    const r = await cli('analyze', a, b, '--format', 'json');
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([`dsreg-doctor: no capture or event files found in ${a}, ${b} (see --help)`]);
  });

  it.skipIf(process.platform === 'win32')(
    'explains what to pass when run with no input off Windows',
    async () => {
      const r = await cli('analyze');
      expect(r.code).toBe(2);
      expect(r.stderr[0]).toMatch(
        /^dsreg-doctor: nothing to analyze: pass a file with the output of `dsregcmd \/status`/,
      );
    },
  );
});

describe('usage errors', () => {
  it.each([
    [['diff', 'before.txt'], "missing required argument 'after'"],
    [['diff', 'a', 'b', 'c'], "too many arguments for 'diff'. Expected 2 arguments but got 3"],
    [['analyze', '--bogus'], "unknown option '--bogus'"],
    [['explain'], "missing required argument 'codes'"],
    [['redact'], "missing required argument 'files'"],
    [['bogus'], "unknown command 'bogus'"],
    [['--format', 'xml'], "unknown option '--format'"],
    [['analyze', '--width'], "option '--width <columns>' argument missing"],
  ])('%j exits 2 with one line', async (argv, message) => {
    const r = await cli(...argv);
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([`dsreg-doctor: ${message} (see --help)`]);
    expect(r.stdout).toBe('');
  });

  it('keeps a suggestion on the same line', async () => {
    const r = await cli('anlyze', 'status.txt');
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual(["dsreg-doctor: unknown command 'anlyze' (Did you mean analyze?) (see --help)"]);
  });
});

describe('explain', () => {
  it('names what it cannot read as a code in one line, exits 2, and explains the rest', async () => {
    const unreadable =
      'dsreg-doctor: "0xZZZ" is not a code dsreg-doctor can read (hex, signed or unsigned decimal, a symbolic name, AADSTS or MSIS number, HTTP status)';
    const alone = await cli('explain', '0xZZZ', '--format', 'text');
    expect(alone.code).toBe(2);
    expect(alone.stderr).toEqual([unreadable]);
    expect(alone.stdout).toBe('');
    const mixed = await cli('explain', '0xZZZ', '0x801c03f2', '--format', 'json');
    expect(mixed.code).toBe(2);
    expect(mixed.stderr).toEqual([unreadable]);
    expect(JSON.parse(mixed.stdout).map((l: { normalized: string }) => l.normalized)).toEqual(['0x801c03f2']);
  });

  it('looks up the same code from hex, signed decimal and symbolic name', async () => {
    const r = await cli(
      'explain',
      '0x801C03F2',
      '-2145647630',
      'dsreg_e_directory_failure',
      '--format',
      'json',
    );
    const lookups = JSON.parse(r.stdout);
    expect(lookups.map((l: { normalized: string }) => l.normalized)).toEqual([
      '0x801c03f2',
      '0x801c03f2',
      '0x801c03f2',
    ]);
    expect(lookups.map((l: { form: string }) => l.form)).toEqual(['hex', 'signed-decimal', 'name']);
    expect(r.code).toBe(0);
  });

  it('decodes an uncatalogued code by structure and says it is not catalogued', async () => {
    const r = await cli('explain', '0x80070057', '--format', 'text');
    expect(r.stdout).toMatch(/Win32 error 87/);
  });
});

describe('text width', () => {
  afterEach(() => {
    vi.unstubAllEnvs();
  });
  const ruleWidth = async (...extra: string[]) => {
    const r = await cli(
      'analyze',
      example('scp-missing.txt'),
      example('prt-failing.txt'),
      '-f',
      'text',
      ...extra,
    );
    return r.stdout.match(/^─+$/m)?.[0].length;
  };

  it('follows COLUMNS when piped, with --width winning and a floor of 60', async () => {
    vi.stubEnv('COLUMNS', '');
    expect(await ruleWidth()).toBe(100);
    vi.stubEnv('COLUMNS', '72');
    expect(await ruleWidth()).toBe(72);
    expect(await ruleWidth('--width', '90')).toBe(90);
    vi.stubEnv('COLUMNS', '20');
    expect(await ruleWidth()).toBe(60);
    vi.stubEnv('COLUMNS', 'wide');
    expect(await ruleWidth()).toBe(100);
  });
});

describe('schema and checklist', () => {
  it('prints the report schema', async () => {
    const r = await cli('schema', 'report');
    expect(JSON.parse(r.stdout).title).toBe('dsreg-doctor report');
  });

  it('lists every checklist ID from A1 to M4 with what implements it', async () => {
    const r = await cli('checklist', '--format', 'json');
    const rows: { id: string; implementedBy: string[] }[] = JSON.parse(r.stdout);
    expect(rows.map((row) => row.id)).toContain('J5');
    expect(rows.filter((row) => row.implementedBy.length === 0)).toEqual([]);
  });
});

describe('diff', () => {
  it('warns when the two captures name different devices, without the names under --redact', async () => {
    const before = example('hybrid-joined-healthy.txt');
    const after = example('scp-missing.txt');
    const plain = await cli('diff', before, after, '--format', 'json');
    expect(plain.code).toBe(0);
    expect(plain.stderr).toEqual([
      `dsreg-doctor: ${before} and ${after} are captures of two different devices (PC-0142.contoso.com, PC-0203.contoso.com): what differs is the device, not a change over time`,
    ]);
    const hidden = await cli('diff', before, after, '--format', 'json', '--redact');
    expect(hidden.stderr).toEqual([
      `dsreg-doctor: ${before} and ${after} are captures of two different devices: what differs is the device, not a change over time`,
    ]);
    expect((await cli('diff', after, after, '--format', 'json')).stderr).toEqual([]);
  });

  it('shows the verdict change and resolved findings between a failing and a healthy capture', async () => {
    const r = await cli(
      'diff',
      example('sync-join-waiting-for-sync.txt'),
      example('hybrid-joined-healthy.txt'),
      '--format',
      'json',
    );
    const diff = JSON.parse(r.stdout);
    expect(diff.schema).toBe('dsreg-doctor.diff/1');
    expect(diff.verdict).toContainEqual({
      what: 'joinState',
      before: 'domain-joined',
      after: 'hybrid-joined',
    });
    expect(diff.findings.resolved.length).toBeGreaterThan(0);
    expect(diff.fields.find((f: { what: string }) => f.what.endsWith('AzureAdJoined'))).toEqual({
      what: 'Device State › AzureAdJoined',
      before: 'NO',
      after: 'YES',
    });
  });
});

describe('redact', () => {
  it('writes a copy in which no identifier survives and which reads to the same verdict', async () => {
    const dir = scratch();
    const source = join(dir, 'status.txt');
    const original = readFileSync(example('hybrid-joined-healthy.txt'), 'utf8');
    writeFileSync(source, original);
    const r = await cli('redact', source);
    expect(r.code).toBe(0);
    const redacted = readFileSync(join(dir, 'status.redacted.txt'), 'utf8');
    for (const id of [
      'aaaabbbb-0000-cccc-1111-dddd2222eeee',
      '00aa00aa-bb11-cc22-dd33-44ee44ee44ee',
      'contoso.com',
    ]) {
      expect(original).toContain(id);
      expect(redacted).not.toContain(id);
    }
    expect(redacted.split('\n').length).toBe(original.split('\n').length);
    const before = JSON.parse((await cli('analyze', source, '--format', 'json')).stdout).reports[0].verdict;
    const after = JSON.parse(
      (await cli('analyze', join(dir, 'status.redacted.txt'), '--format', 'json')).stdout,
    ).reports[0].verdict;
    expect(after.joinState).toBe(before.joinState);
    expect(after.health).toBe(before.health);
    expect(after.errorCode).toBe(before.errorCode);
  });
});

describe('analyze: a capture together with its device event log', () => {
  const event = (id: number, time: string, record: number, data: string) =>
    `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration" Guid="{23B8D46B-67DD-40A3-B636-D43E50552C6D}"/><EventID>${id}</EventID><Level>2</Level><TimeCreated SystemTime="${time}"/><EventRecordID>${record}</EventRecordID><Channel>Microsoft-Windows-User Device Registration/Admin</Channel><Computer>PC-0177.contoso.com</Computer></System><EventData>${data}</EventData></Event>`;

  it('gives one diagnosis, with the events of the same computer and a timeline', async () => {
    const dir = scratch();
    const log = join(dir, 'udr-admin.xml');
    writeFileSync(
      log,
      [
        event(
          204,
          '2024-05-06T09:16:43.0000000Z',
          501,
          '<Data Name="ExitCode">-2145647630</Data><Data Name="HttpStatus">400</Data><Data Name="ServerResponse">{"ErrorType":"DirectoryError","Message":"The device object by the given id (00aa00aa-bb11-cc22-dd33-44ee44ee44ee) is not found."}</Data>',
        ),
        event(
          304,
          '2024-05-06T09:16:43.1000000Z',
          502,
          '<Data Name="ExitCode">-2145647630</Data><Data Name="TenantType">Managed</Data><Data Name="JoinType">sync</Data>',
        ),
      ].join('\n'),
    );
    const r = await cli('analyze', example('sync-join-waiting-for-sync.txt'), log, '--format', 'json');
    const { reports } = JSON.parse(r.stdout);
    expect(reports).toHaveLength(1);
    const [report] = reports;
    expect(report.source.path).toBe(`${example('sync-join-waiting-for-sync.txt')} + ${log}`);
    expect(report.verdict).toMatchObject({
      joinState: 'domain-joined',
      failedPhase: 'join',
      errorCode: '0x801c03f2',
    });
    expect(report.events.map((e: { eventId: number }) => e.eventId)).toEqual([204, 304]);
    expect(report.timeline.length).toBeGreaterThanOrEqual(2);
    expect(
      report.findings.flatMap((f: { evidence: { field: string }[] }) => f.evidence.map((e) => e.field)),
    ).toContain('event 304');
  });

  it('reports the log of another computer on its own', async () => {
    const r = await cli(
      'analyze',
      example('sync-join-waiting-for-sync.txt'),
      join(import.meta.dirname, '..', 'fixtures', 'events', 'udr-admin.wevtutil.xml'),
      '--format',
      'json',
    );
    expect(JSON.parse(r.stdout).reports.map((x: { source: { kind: string } }) => x.source.kind)).toEqual([
      'capture',
      'events',
    ]);
  });
});

describe('--redact on analyze, parse and diff', () => {
  const ids = ['aaaabbbb-0000-cccc-1111-dddd2222eeee', '00aa00aa-bb11-cc22-dd33-44ee44ee44ee', 'contoso.com'];
  it('leaves no tenant, device or domain identifier in any command output, and keeps the verdict', async () => {
    const capture = example('hybrid-joined-healthy.txt');
    const outputs = [
      await cli('analyze', capture, '--redact', '--format', 'markdown'),
      await cli('analyze', capture, '--redact', '--format', 'html'),
      await cli('parse', capture, '--redact', '--format', 'json'),
      await cli('diff', example('sync-join-waiting-for-sync.txt'), capture, '--redact', '--format', 'text'),
    ];
    for (const { stdout } of outputs) {
      expect(stdout.length).toBeGreaterThan(200);
      for (const id of ids) expect(stdout).not.toContain(id);
    }
    const plain = JSON.parse((await cli('analyze', capture, '--format', 'json')).stdout).reports[0].verdict;
    const masked = JSON.parse((await cli('analyze', capture, '--redact', '--format', 'json')).stdout)
      .reports[0].verdict;
    expect(masked.joinState).toBe(plain.joinState);
    expect(masked.health).toBe(plain.health);
  });
});
