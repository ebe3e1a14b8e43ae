/**
 * Inputs as an admin's disk holds them: denied folders, links and loops, zip archives, the tool's
 * own reports beside the captures, devices and endless streams, and the size caps.
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import type { Dirent } from 'node:fs';
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { InputError, UsageError } from '../../src/cli/errors.ts';
import {
  DEFAULT_INPUT_LIMITS,
  type ExpandResult,
  expandInputs,
  type InputRef,
  inputLimits,
  parseSize,
  readInput,
  readInputs,
  STDIN_PROMPT,
} from '../../src/cli/inputs.ts';
import type { WalkFs } from '../../src/cli/walk.ts';
import { writeZip } from '../../src/input/zip.ts';
import { cli } from './run-cli.ts';

const examples = join(import.meta.dirname, '..', '..', 'examples');
const scratch = () => mkdtempSync(join(tmpdir(), 'dsreg-doctor-inputs-'));
const MIB = 1024 * 1024;

async function expand(args: string[], options: Parameters<typeof expandInputs>[2] = {}) {
  const result: ExpandResult = { passedOver: 0 };
  const refs: InputRef[] = [];
  for await (const ref of expandInputs(args, result, options)) refs.push(ref);
  return { refs, result };
}

/** A drive root as admins meet it: captures, and one folder the account may not list. */
function driveWithDeniedFolder(): { root: string; fs: WalkFs } {
  const root = scratch();
  mkdirSync(join(root, 'System Volume Information'));
  mkdirSync(join(root, 'captures'));
  copyFileSync(join(examples, 'scp-missing.txt'), join(root, 'captures', 'pc-0042.txt'));
  copyFileSync(join(examples, 'prt-failing.txt'), join(root, 'pc-0043.txt'));
  const fs: WalkFs = {
    readdir: async (path): Promise<Dirent[]> => {
      if (path.endsWith('System Volume Information')) {
        throw Object.assign(new Error(`EACCES: permission denied, scandir '${path}'`), { code: 'EACCES' });
      }
      return readdir(path, { withFileTypes: true });
    },
    stat: (path) => stat(path),
  };
  return { root, fs };
}

describe('folders', () => {
  it('reports a folder it cannot list as not read and reads the rest', async () => {
    const { root, fs } = driveWithDeniedFolder();
    const { refs } = await expand([root], { fs });
    expect(refs).toEqual([
      {
        path: join(root, 'System Volume Information'),
        problem:
          'this folder could not be listed (permission denied), so nothing in it was read; run as a user who can read it, or copy its files elsewhere',
      },
      { path: join(root, 'captures', 'pc-0042.txt') },
      { path: join(root, 'pc-0043.txt') },
    ]);
    const failures: string[] = [];
    const names: string[] = [];
    for await (const input of readInputs(
      [root],
      { onFailure: (p, r) => failures.push(`${p}: ${r}`) },
      { fs },
    )) {
      names.push(input.name);
    }
    expect(names).toEqual([join(root, 'captures', 'pc-0042.txt'), join(root, 'pc-0043.txt')]);
    expect(failures).toEqual([
      `${join(root, 'System Volume Information')}: this folder could not be listed (permission denied), so nothing in it was read; run as a user who can read it, or copy its files elsewhere`,
    ]);
  });

  it.skipIf(process.platform === 'win32')(
    'follows links to files and folders once, and ends a link loop',
    async () => {
      const root = scratch();
      const elsewhere = scratch();
      copyFileSync(join(examples, 'scp-missing.txt'), join(elsewhere, 'pc-0042.txt'));
      mkdirSync(join(root, 'site'));
      copyFileSync(join(examples, 'prt-failing.txt'), join(root, 'site', 'pc-0043.txt'));
      symlinkSync(elsewhere, join(root, 'linked-folder'));
      symlinkSync(join(root, 'site', 'pc-0043.txt'), join(root, 'same-as-0043.txt'));
      symlinkSync('..', join(root, 'site', 'up'));
      symlinkSync(join(root, 'missing.txt'), join(root, 'dangling.txt'));
      const { refs, result } = await expand([root]);
      // Sorted by name, the link to pc-0043.txt comes first; the file itself is then the second visit.
      expect(refs).toEqual([
        { path: join(root, 'linked-folder', 'pc-0042.txt') },
        { path: join(root, 'same-as-0043.txt') },
      ]);
      expect(result.notices).toEqual([
        `${join(root, 'dangling.txt')}: passed over: a symbolic link to nothing (its target is missing)`,
        `${join(root, 'site', 'pc-0043.txt')}: passed over: the same file as one already read (reached again through a link)`,
      ]);
    },
  );

  it.skipIf(process.platform === 'win32')(
    'passes over a FIFO in a folder instead of waiting on it',
    async () => {
      const dir = scratch();
      copyFileSync(join(examples, 'scp-missing.txt'), join(dir, 'pc-0042.txt'));
      execFileSync('mkfifo', [join(dir, 'pipe.txt')]);
      const { refs, result } = await expand([dir]);
      expect(refs).toEqual([{ path: join(dir, 'pc-0042.txt') }]);
      expect(result.notices).toEqual([
        `${join(dir, 'pipe.txt')}: passed over: not a regular file (a device, pipe or socket)`,
      ]);
    },
  );

  it('reads a folder named twice once, and says so', async () => {
    const dir = scratch();
    copyFileSync(join(examples, 'scp-missing.txt'), join(dir, 'pc-0042.txt'));
    const { refs, result } = await expand([dir, dir]);
    expect(refs).toEqual([{ path: join(dir, 'pc-0042.txt') }]);
    expect(result.notices).toEqual([
      `${dir}: passed over: this folder was already read (named twice, or reached through a link)`,
    ]);
  });

  it("passes over the tool's own reports in the folder, with a notice, by their content", async () => {
    const dir = scratch();
    const capture = join(dir, 'pc-0042.txt');
    copyFileSync(join(examples, 'scp-missing.txt'), capture);
    for (const [file, format] of [
      ['fleet.json', 'json'],
      ['report.txt', 'text'],
      ['ticket.md', 'markdown'],
      ['report.html', 'html'],
    ] as const) {
      const r = await cli(
        'analyze',
        capture,
        '--format',
        format,
        '--no-color',
        '--exit-zero',
        '-o',
        join(dir, file),
      );
      expect(r.code).toBe(0);
    }
    // A report saved by PowerShell's `>` is UTF-16: recognised all the same.
    const text = readFileSync(join(dir, 'report.txt'), 'utf8');
    writeFileSync(
      join(dir, 'report-ps.txt'),
      Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]),
    );
    const { refs, result } = await expand([dir]);
    expect(refs).toEqual([{ path: capture }]);
    expect(result.notices).toEqual([
      `${join(dir, 'fleet.json')}: passed over: a JSON report written by dsreg-doctor, not evidence`,
      `${join(dir, 'report-ps.txt')}: passed over: a text report written by dsreg-doctor, not evidence`,
      `${join(dir, 'report.txt')}: passed over: a text report written by dsreg-doctor, not evidence`,
    ]);
    // .md and .html are not read from folders at all (notes and pages, not evidence).
    expect(result.passedOver).toBe(1);
  });
});

describe('zip archives', () => {
  const capture = readFileSync(join(examples, 'scp-missing.txt'));
  const events = new TextEncoder().encode(
    '<Events><Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-User Device Registration"/><EventID>304</EventID><TimeCreated SystemTime="2026-11-02T08:15:00.000Z"/><Computer>PC-0042.contoso.com</Computer></System></Event></Events>',
  );

  it('reads entries as inputs named archive.zip!/path, bad entries as failed inputs', async () => {
    const dir = scratch();
    const zip = join(dir, 'pc-0042-logs.zip');
    writeFileSync(
      zip,
      writeZip([
        { name: 'pc-0042/status.txt', bytes: capture },
        { name: 'pc-0042/aad.xml', bytes: events },
        { name: 'pc-0042/screenshot.png', bytes: new Uint8Array([0x89, 0x50, 0x4e, 0x47]) },
        { name: 'pc-0042/readme.md', bytes: new TextEncoder().encode('# notes') },
      ]),
    );
    const { refs, result } = await expand([dir]);
    expect(refs.map((r) => [r.path, r.bytes?.length, r.problem])).toEqual([
      [`${zip}!/pc-0042/status.txt`, capture.length, undefined],
      [`${zip}!/pc-0042/aad.xml`, events.length, undefined],
    ]);
    expect(result.passedOver).toBe(1);
    // Named directly, an archive is opened by its content, whatever its name.
    const renamed = join(dir, 'collected.bin');
    copyFileSync(zip, renamed);
    expect((await expand([renamed])).refs.map((r) => r.path)).toEqual([
      `${renamed}!/pc-0042/status.txt`,
      `${renamed}!/pc-0042/aad.xml`,
    ]);
  });

  it('analyses a zip of captures and says which entries it could not read (exit 2)', async () => {
    const dir = scratch();
    const zip = join(dir, 'site.zip');
    const archive = writeZip([
      { name: 'pc-0042.txt', bytes: capture },
      { name: 'evil.txt', bytes: capture },
    ]);
    // Turn the second entry's name into a traversal in both headers (same length: `../x.txt`).
    const bytes = Buffer.from(archive);
    let at = bytes.indexOf('evil.txt');
    while (at >= 0) {
      bytes.write('../x.txt', at);
      at = bytes.indexOf('evil.txt', at + 1);
    }
    writeFileSync(zip, bytes);
    const r = await cli('analyze', zip, '--format', 'json');
    expect(r.code).toBe(2);
    const json = JSON.parse(r.stdout) as { reports: { source: { path: string } }[]; failures: unknown[] };
    expect(json.reports.map((x) => x.source.path)).toEqual([`${zip}!/pc-0042.txt`]);
    expect(json.failures).toEqual([
      { path: `${zip}!/../x.txt`, reason: 'a path with `..`: entries must stay inside the archive' },
    ]);
  });
});

describe('limits', () => {
  it('reads sizes with units, from the flag or the environment, and refuses nonsense', () => {
    expect(parseSize('200M')).toBe(200 * MIB);
    expect(parseSize('1.5G')).toBe(1.5 * 1024 * MIB);
    expect(parseSize('512KiB')).toBe(512 * 1024);
    expect(parseSize('4096')).toBe(4096);
    expect(parseSize('lots')).toBeNull();
    expect(inputLimits(undefined, {})).toEqual(DEFAULT_INPUT_LIMITS);
    expect(DEFAULT_INPUT_LIMITS).toEqual({ text: 64 * MIB, binary: 1024 * MIB });
    expect(inputLimits(undefined, { DSREG_DOCTOR_MAX_INPUT_SIZE: '2G' })).toEqual({
      text: 2048 * MIB,
      binary: 2048 * MIB,
    });
    expect(inputLimits('8M', { DSREG_DOCTOR_MAX_INPUT_SIZE: '2G' })).toEqual({
      text: 8 * MIB,
      binary: 8 * MIB,
    });
    expect(() => inputLimits('big')).toThrow(
      new UsageError('--max-input-size big: give a size of at least 1K, such as 200M or 2G'),
    );
  });

  it('refuses a file above the cap before reading it, in one line', async () => {
    const dir = scratch();
    const big = join(dir, 'huge.txt');
    writeFileSync(big, Buffer.alloc(3 * MIB, 0x41));
    await expect(
      readInput({ path: big }, undefined, { limits: { text: 2 * MIB, binary: 8 * MIB } }),
    ).rejects.toThrow(
      new InputError(
        big,
        '3 MiB, more than the 2 MiB read from a capture or text export; not read: if it is what you meant to pass, raise the limit with --max-input-size (or DSREG_DOCTOR_MAX_INPUT_SIZE), e.g. --max-input-size 2G',
      ),
    );
  });

  it.skipIf(process.platform === 'win32')('stops reading a device at the cap (/dev/zero)', async () => {
    await expect(
      readInput({ path: '/dev/zero' }, undefined, { limits: { text: 1 * MIB, binary: 4 * MIB } }),
    ).rejects.toThrow(
      new InputError(
        '/dev/zero',
        'more than the 1 MiB read from a capture or text export came from it (an endless stream or a device?), so reading stopped and nothing was analysed: if it is what you meant to pass, raise the limit with --max-input-size (or DSREG_DOCTOR_MAX_INPUT_SIZE), e.g. --max-input-size 2G',
      ),
    );
  });

  it.skipIf(process.platform === 'win32')('stops reading a FIFO fed without end at the cap', async () => {
    const dir = scratch();
    const fifo = join(dir, 'pipe');
    execFileSync('mkfifo', [fifo]);
    const writer = spawn('sh', ['-c', `yes "AzureAdJoined : YES" > '${fifo}'`], { stdio: 'ignore' });
    try {
      await expect(
        readInput({ path: fifo }, undefined, { limits: { text: MIB, binary: 4 * MIB } }),
      ).rejects.toThrow(
        new InputError(
          fifo,
          'more than the 1 MiB read from a capture or text export came from it (an endless stream or a device?), so reading stopped and nothing was analysed: if it is what you meant to pass, raise the limit with --max-input-size (or DSREG_DOCTOR_MAX_INPUT_SIZE), e.g. --max-input-size 2G',
        ),
      );
    } finally {
      writer.kill();
    }
  });

  it('stops reading an endless standard input at the cap', async () => {
    let produced = 0;
    const endless = new Readable({
      read() {
        produced += 64 * 1024;
        this.push(Buffer.alloc(64 * 1024, 0x20));
      },
    });
    await expect(readInput({ path: '-' }, endless, { limits: { text: MIB, binary: MIB } })).rejects.toThrow(
      /^-: more than the 1 MiB read from a capture or text export came from it/,
    );
    expect(produced).toBeLessThan(2 * MIB);
  });

  it('says on a terminal that it waits for standard input, and nothing on a pipe', async () => {
    const said: string[] = [];
    const terminal = Object.assign(new PassThrough(), { isTTY: true });
    terminal.end('AzureAdJoined : YES\n');
    await readInput({ path: '-' }, terminal, { warn: (l) => said.push(l) });
    const pipe = new PassThrough();
    pipe.end('AzureAdJoined : YES\n');
    await readInput({ path: '-' }, pipe, { warn: (l) => said.push(l) });
    expect(said).toEqual([STDIN_PROMPT]);
    expect(STDIN_PROMPT).toBe('reading standard input… (Ctrl-D to end; on Windows Ctrl-Z then Enter)');
  });
});
