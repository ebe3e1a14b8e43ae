/** Edge cases of the command line: odd output targets, empty and malformed arguments, help. */
import { execFileSync } from 'node:child_process';
import {
  createReadStream,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cli } from './run-cli.ts';

const capture = join(import.meta.dirname, '..', '..', 'examples', 'hybrid-joined-healthy.txt');
const scratch = () => mkdtempSync(join(tmpdir(), 'dsreg-doctor-edges-'));
const parsed = async () => (await cli('parse', capture, '--format', 'json')).stdout;

describe('-o FILE', () => {
  it('replaces a regular file whole, leaving no temporary file', async () => {
    const dir = scratch();
    const target = join(dir, 'out.json');
    writeFileSync(target, 'old');
    const r = await cli('parse', capture, '--format', 'json', '-o', target);
    expect(r).toEqual({ code: 0, stdout: '', stderr: [] });
    expect(readFileSync(target, 'utf8')).toBe(await parsed());
    expect(readdirSync(dir)).toEqual(['out.json']);
  });

  it('writes through a symbolic link to the file it points to, keeping the link', async () => {
    const dir = scratch();
    mkdirSync(join(dir, 'real'));
    const real = join(dir, 'real', 'report.json');
    writeFileSync(real, 'old');
    const link = join(dir, 'link.json');
    symlinkSync(join('real', 'report.json'), link);
    const r = await cli('parse', capture, '--format', 'json', '-o', link);
    expect(r.code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readlinkSync(link)).toBe(join('real', 'report.json'));
    expect(readFileSync(real, 'utf8')).toBe(await parsed());
    expect(readdirSync(dir).sort()).toEqual(['link.json', 'real']);
    expect(readdirSync(join(dir, 'real'))).toEqual(['report.json']);
  });

  it('creates the file a dangling symbolic link points to', async () => {
    const dir = scratch();
    const link = join(dir, 'link.json');
    symlinkSync('new.json', link);
    expect((await cli('parse', capture, '--format', 'json', '-o', link)).code).toBe(0);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
    expect(readFileSync(join(dir, 'new.json'), 'utf8')).toBe(await parsed());
  });

  it.skipIf(process.platform === 'win32')('writes into a FIFO instead of replacing it', async () => {
    const dir = scratch();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const received = new Promise<string>((resolve, reject) => {
      let text = '';
      createReadStream(fifo, 'utf8')
        .on('data', (chunk) => {
          text += chunk;
        })
        .on('end', () => resolve(text))
        .on('error', reject);
    });
    const r = await cli('parse', capture, '--format', 'json', '-o', fifo);
    expect(r).toEqual({ code: 0, stdout: '', stderr: [] });
    expect(await received).toBe(await parsed());
    expect(lstatSync(fifo).isFIFO()).toBe(true);
    expect(readdirSync(dir)).toEqual(['pipe']);
  });

  it('refuses an empty file name, for -o and redact --out-dir', async () => {
    expect(await cli('parse', capture, '-o', '')).toEqual({
      code: 2,
      stdout: '',
      stderr: ['dsreg-doctor: --output needs a file name, or - for standard output (see --help)'],
    });
    expect(await cli('analyze', capture, '--output', '')).toEqual({
      code: 2,
      stdout: '',
      stderr: ['dsreg-doctor: --output needs a file name, or - for standard output (see --help)'],
    });
    const dir = scratch();
    const copy = join(dir, 'status.txt');
    writeFileSync(copy, readFileSync(capture));
    expect(await cli('redact', copy, '--out-dir', '')).toEqual({
      code: 2,
      stdout: '',
      stderr: ['dsreg-doctor: --out-dir needs a folder name, e.g. `--out-dir redacted` (see --help)'],
    });
    expect(readdirSync(dir)).toEqual(['status.txt']);
  });
});

describe('argument values', () => {
  it.each(['2024-02-30T00:00:00Z', '2023-02-29T10:00:00Z', '2024-04-31', 'Feb 30 2024'])(
    'refuses --now %s, a day that does not exist',
    async (now) => {
      expect(await cli('analyze', capture, '--format', 'json', '--now', now)).toEqual({
        code: 2,
        stdout: '',
        stderr: [
          `dsreg-doctor: --now ${now}: there is no such day; give a date and time such as 2024-05-01T10:00:00Z (see --help)`,
        ],
      });
    },
  );

  it('takes --now on a leap day', async () => {
    expect((await cli('analyze', capture, '--format', 'json', '--now', '2024-02-29T00:00:00Z')).code).toBe(0);
  });

  it.each(['0x50', '1e2', '80.0', ' 80', '+80'])('refuses --width %j: decimal digits only', async (width) => {
    expect(await cli('analyze', capture, '--format', 'text', '--width', width)).toEqual({
      code: 2,
      stdout: '',
      stderr: [`dsreg-doctor: --width ${width}: give a whole number from 40 to 400 (see --help)`],
    });
  });
});

describe('explain', () => {
  it.each([
    [
      'AADSTS50058',
      "  AADSTS50058 is not in the catalog: an AADSTS code is a Microsoft Entra ID sign-in or token error returned by the service. Search for it in Microsoft's AADSTS error reference (https://learn.microsoft.com/entra/identity-platform/reference-error-codes), and read the message text that came with it.",
    ],
    [
      'AADSTS700016',
      "  AADSTS700016 is not in the catalog: an AADSTS code is a Microsoft Entra ID sign-in or token error returned by the service. Search for it in Microsoft's AADSTS error reference (https://learn.microsoft.com/entra/identity-platform/reference-error-codes), and read the message text that came with it.",
    ],
    [
      'MSIS7000',
      "  MSIS7000 is not in the catalog: an MSIS code is an AD FS (federation server) error. Read the AD FS Admin event log on the federation servers at the time of the attempt (event 364 holds the exception), and search for the code in Microsoft's AD FS troubleshooting documentation (https://learn.microsoft.com/windows-server/identity/ad-fs/troubleshooting/ad-fs-tshoot-overview).",
    ],
  ])(
    'says %s is a readable code that is not catalogued, and exits 0 like an uncatalogued HRESULT',
    async (code, line) => {
      const r = await cli('explain', code, '--format', 'text', '--width', '400');
      expect(r).toEqual({ code: 0, stdout: `${code}: not catalogued\n${line}\n`, stderr: [] });
      expect(r.stdout).not.toContain('not a code form');
      expect((await cli('explain', '0x8007ffff', '--format', 'text')).code).toBe(0);
    },
  );

  it('reports the form in JSON, as before', async () => {
    const r = await cli('explain', 'AADSTS50058', 'MSIS7000', '--format', 'json');
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([
      { input: 'AADSTS50058', form: 'aadsts', normalized: 'AADSTS50058', entry: null, structure: null },
      { input: 'MSIS7000', form: 'msis', normalized: 'MSIS7000', entry: null, structure: null },
    ]);
  });

  it('still refuses what is no code form at all, with exit 2', async () => {
    const r = await cli('explain', 'frob', '--format', 'text');
    expect(r.code).toBe(2);
    expect(r.stderr).toEqual([
      'dsreg-doctor: "frob" is not a code dsreg-doctor can read (hex, signed or unsigned decimal, a symbolic name, AADSTS or MSIS number, HTTP status)',
    ]);
  });
});

describe('folders where files are expected', () => {
  it('redact DIR says it takes files, not folders', async () => {
    const dir = scratch();
    expect(await cli('redact', dir)).toEqual({
      code: 2,
      stdout: '',
      stderr: [`dsreg-doctor: ${dir}: is a folder; this command takes files, not folders`],
    });
  });

  it('diff DIR FILE says it takes files, not folders', async () => {
    const dir = scratch();
    expect(await cli('diff', dir, capture, '--format', 'json')).toEqual({
      code: 2,
      stdout: '',
      stderr: [`dsreg-doctor: ${dir}: is a folder; this command takes files, not folders`],
    });
  });
});

describe('help', () => {
  it('help with an unknown command is one line and exit 2', async () => {
    expect(await cli('help', 'frob')).toEqual({
      code: 2,
      stdout: '',
      stderr: ["dsreg-doctor: unknown command 'frob' (see --help)"],
    });
  });

  it('help help and help COMMAND exit 0 with the help on standard output', async () => {
    const helpHelp = await cli('help', 'help');
    expect(helpHelp.code).toBe(0);
    expect(helpHelp.stderr).toEqual([]);
    expect(helpHelp.stdout).toContain('Usage: dsreg-doctor');
    const analyze = await cli('help', 'analyze');
    expect(analyze.code).toBe(0);
    expect(analyze.stdout).toContain('Usage: dsreg-doctor analyze');
  });
});
