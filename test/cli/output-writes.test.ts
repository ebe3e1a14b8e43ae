/**
 * Writes that never lie: a full disk, short writes, signals, modes, and links in shared folders.
 * @module
 */
import { execFileSync, spawn } from 'node:child_process';
import {
  chmodSync,
  closeSync,
  lchownSync,
  lstatSync,
  mkdirSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readlinkSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { OutputError } from '../../src/cli/errors.ts';
import { fileOutput, type OutputFs } from '../../src/cli/output.ts';
import { cli } from './run-cli.ts';

const scratch = () => mkdtempSync(join(tmpdir(), 'dsreg-doctor-writes-'));
const REPORT = `${'Device state: hybrid joined, healthy.\n'.repeat(200)}`;
const OLD = 'the report of yesterday\n';

/** A disk that takes `capacity` bytes, `piece` bytes per call at most, then no more. */
function smallDisk(capacity: number, piece: number): OutputFs & { taken: () => number } {
  let taken = 0;
  return {
    taken: () => taken,
    async write(handle, data, offset) {
      const n = Math.min(piece, data.length - offset, capacity - taken);
      if (n <= 0) return 0;
      const { bytesWritten } = await handle.write(data, offset, n);
      taken += bytesWritten;
      return bytesWritten;
    },
  };
}

describe('every write is checked', () => {
  it('completes a file through short writes', async () => {
    const dir = scratch();
    const target = join(dir, 'report.txt');
    const disk = smallDisk(1 << 30, 7);
    const out = fileOutput(target, disk);
    await out.write(REPORT);
    await out.close();
    expect(readFileSync(target, 'utf8')).toBe(REPORT);
    expect(disk.taken()).toBe(REPORT.length);
    expect(readdirSync(dir)).toEqual(['report.txt']);
  });

  it('fails a full disk with one line and keeps the old file', async () => {
    const dir = scratch();
    const target = join(dir, 'report.txt');
    writeFileSync(target, OLD);
    const out = fileOutput(target, smallDisk(1000, 300));
    const error = await out.write(REPORT).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toBe(
      `${target}: cannot write the results: the disk is full (ENOSPC); nothing was written there, and a file already there was left as it was`,
    );
    await out.abort();
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['report.txt']);
  });

  it('turns a write error of the file system into the same line', async () => {
    const dir = scratch();
    const target = join(dir, 'report.json');
    const failing: OutputFs = {
      write: async () => {
        throw Object.assign(new Error('EIO: i/o error, write'), { code: 'EIO' });
      },
    };
    const out = fileOutput(target, failing);
    await expect(out.write('{}')).rejects.toThrow(
      `${target}: cannot write the results: an input/output error on the device (EIO); nothing was written there, and a file already there was left as it was`,
    );
    expect(readdirSync(dir)).toEqual([]);
  });

  const mounted: string[] = [];
  afterAll(() => {
    for (const m of mounted) {
      try {
        execFileSync('umount', [m]);
      } catch {
        // Left for the system to clean.
      }
    }
  });

  /** A real 64 KiB tmpfs; null when this machine does not allow mounting. */
  function tinyDisk(): string | null {
    const dir = scratch();
    try {
      execFileSync('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', dir], { stdio: 'ignore' });
    } catch {
      return null;
    }
    mounted.push(dir);
    return dir;
  }

  it('on a real full disk (a 64 KiB tmpfs): exit line, old file kept, no temporary file', async (ctx) => {
    const dir = tinyDisk();
    if (dir === null) return ctx.skip();
    const target = join(dir, 'report.txt');
    writeFileSync(target, OLD);
    const out = fileOutput(target);
    const big = 'x'.repeat(32 * 1024);
    const error = await (async () => {
      for (let i = 0; i < 8; i++) await out.write(big);
      await out.close();
    })().catch((e: unknown) => e);
    expect((error as Error).message).toBe(
      `${target}: cannot write the results: the disk is full (ENOSPC); nothing was written there, and a file already there was left as it was`,
    );
    expect(readFileSync(target, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['report.txt']);
  });
});

describe('what a replaced file keeps', () => {
  it.skipIf(process.platform === 'win32')(
    'keeps the mode of the file it replaces (600 stays 600)',
    async () => {
      const dir = scratch();
      const target = join(dir, 'private.json');
      writeFileSync(target, OLD);
      chmodSync(target, 0o600);
      const out = fileOutput(target);
      await out.write('{}\n');
      await out.close();
      expect(statSync(target).mode & 0o7777).toBe(0o600);
      expect(readFileSync(target, 'utf8')).toBe('{}\n');
    },
  );

  it('says a missing folder is missing, and a file in the way is in the way', async () => {
    const dir = scratch();
    writeFileSync(join(dir, 'file'), '');
    await expect(fileOutput(join(dir, 'out', 'r.html')).write('x')).rejects.toThrow(
      `${join(dir, 'out', 'r.html')}: the folder ${join(dir, 'out')} does not exist: create it first, or write elsewhere`,
    );
    await expect(fileOutput(join(dir, 'file', 'r.html')).write('x')).rejects.toThrow(
      `${join(dir, 'file', 'r.html')}: ${join(dir, 'file')} is not a folder: a file is in the way`,
    );
    await expect(fileOutput(dir).write('x')).rejects.toThrow(
      `${dir}: is a folder: give a file name for the report`,
    );
  });
});

describe('standard output that is a file', () => {
  it('holds the same bytes as a standard output stream gets, over many writes', async () => {
    const dir = scratch();
    const root = join(import.meta.dirname, '..', '..');
    // Enough captures for the JSON to go out in several writes.
    const examples = readdirSync(join(root, 'examples')).filter((name) => name.endsWith('.txt'));
    const texts = examples.map((name) => readFileSync(join(root, 'examples', name), 'utf8'));
    const captures = join(dir, 'captures.txt');
    writeFileSync(captures, Array.from({ length: 8 }, () => texts.join('\n')).join('\n'));
    const target = join(dir, 'out.json');
    const fd = openSync(target, 'w');
    try {
      execFileSync(process.execPath, ['--import', 'tsx', 'src/cli/main.ts', 'parse', captures], {
        cwd: root,
        stdio: ['ignore', fd, 'ignore'],
      });
    } finally {
      closeSync(fd);
    }
    const written = readFileSync(target, 'utf8');
    expect(written.length).toBeGreaterThan(4 * 65536);
    expect(written).toBe((await cli('parse', captures)).stdout);
  });
});

describe.skipIf(process.platform === 'win32')('descriptors named as files', () => {
  it('writes -o /dev/stdout after what the file standard output goes to already holds', () => {
    const dir = scratch();
    const target = join(dir, 'out.json');
    // As `{ echo "# collected on PC-0042"; dsreg-doctor parse … -o /dev/stdout; } >> out.json` leaves it.
    writeFileSync(target, '# collected on PC-0042\n');
    const fd = openSync(target, 'a');
    const root = join(import.meta.dirname, '..', '..');
    const capture = join(root, 'examples', 'hybrid-joined-healthy.txt');
    try {
      execFileSync(
        process.execPath,
        ['--import', 'tsx', 'src/cli/main.ts', 'parse', capture, '-o', '/dev/stdout'],
        {
          cwd: root,
          stdio: ['ignore', fd, 'ignore'],
        },
      );
    } finally {
      closeSync(fd);
    }
    expect(readFileSync(target, 'utf8').slice(0, 83)).toBe(
      '# collected on PC-0042\n{"schema":"dsreg-doctor.captures/1","documents":[\n{"source":',
    );
    expect(readdirSync(dir)).toEqual(['out.json']);
  });
});

const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
const NOBODY = 65534;

describe.skipIf(process.platform === 'win32')('links in a shared sticky folder', () => {
  const shared = () => {
    const dir = scratch();
    chmodSync(dir, 0o1777);
    return dir;
  };

  it('writes through its own link to its own file, keeping the link', async () => {
    const dir = shared();
    mkdirSync(join(dir, 'mine'));
    writeFileSync(join(dir, 'mine', 'r.txt'), OLD);
    symlinkSync(join(dir, 'mine', 'r.txt'), join(dir, 'r.txt'));
    const out = fileOutput(join(dir, 'r.txt'));
    await out.write('new\n');
    await out.close();
    expect(readlinkSync(join(dir, 'r.txt'))).toBe(join(dir, 'mine', 'r.txt'));
    expect(readFileSync(join(dir, 'mine', 'r.txt'), 'utf8')).toBe('new\n');
    expect(readdirSync(join(dir, 'mine'))).toEqual(['r.txt']);
  });

  it.skipIf(!isRoot)('does not follow a link planted by another user', async () => {
    const dir = shared();
    const victim = join(scratch(), 'passwd');
    writeFileSync(victim, OLD);
    const link = join(dir, 'report.txt');
    symlinkSync(victim, link);
    lchownSync(link, NOBODY, NOBODY);
    const out = fileOutput(link);
    await expect(out.write('owned\n')).rejects.toThrow(
      `${link}: a link owned by another user in the shared folder ${dir}: not followed; write elsewhere`,
    );
    expect(readFileSync(victim, 'utf8')).toBe(OLD);
    expect(lstatSync(link).isSymbolicLink()).toBe(true);
  });

  it.skipIf(!isRoot)("does not replace another user's file in a shared folder", async () => {
    const dir = shared();
    const theirs = join(dir, 'report.txt');
    writeFileSync(theirs, OLD);
    execFileSync('chown', [`${NOBODY}:${NOBODY}`, theirs]);
    await expect(fileOutput(theirs).write('x')).rejects.toThrow(
      `${theirs}: belongs to another user in the shared folder ${dir}: not replaced; write elsewhere`,
    );
    expect(readFileSync(theirs, 'utf8')).toBe(OLD);
    expect(readdirSync(dir)).toEqual(['report.txt']);
  });

  it.skipIf(!isRoot)("does not follow its own link into another user's file", async () => {
    const dir = shared();
    const theirs = join(dir, 'theirs.txt');
    writeFileSync(theirs, OLD);
    execFileSync('chown', [`${NOBODY}:${NOBODY}`, theirs]);
    const link = join(dir, 'report.txt');
    symlinkSync(theirs, link);
    await expect(fileOutput(link).write('x')).rejects.toThrow(
      `${link}: links to a file of another user from the shared folder ${dir}: not written; write elsewhere`,
    );
    expect(readFileSync(theirs, 'utf8')).toBe(OLD);
    expect(readdirSync(dir).sort()).toEqual(['report.txt', 'theirs.txt']);
  });
});

describe.skipIf(process.platform === 'win32')('signals remove the temporary file', () => {
  const outputModule = join(import.meta.dirname, '..', '..', 'src', 'cli', 'output.ts');

  /** A real process half-way through writing `target`, stopped by `signal`. */
  async function interrupted(
    signal: NodeJS.Signals,
    target: string,
  ): Promise<{ signal: string | null; during: string[] }> {
    const script = `
      import { fileOutput } from ${JSON.stringify(outputModule)};
      const out = fileOutput(${JSON.stringify(target)});
      await out.write('half of a report\\n');
      process.stdout.write('ready\\n');
      setInterval(() => {}, 1000);
    `;
    const child = spawn(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], {
      cwd: join(import.meta.dirname, '..', '..'),
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const dir = join(target, '..');
    const during = await new Promise<string[]>((resolve, reject) => {
      child.stdout.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('ready')) resolve(readdirSync(dir).sort());
      });
      child.on('exit', () => reject(new Error('the child ended before it was ready')));
    });
    const ended = new Promise<string | null>((resolve) => child.on('exit', (_code, sig) => resolve(sig)));
    child.kill(signal);
    return { signal: await ended, during };
  }

  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
    it(`${signal}: the temporary file is gone, the old report stays, the process dies of ${signal}`, async () => {
      const dir = scratch();
      const target = join(dir, 'report.txt');
      writeFileSync(target, OLD);
      const result = await interrupted(signal, target);
      expect(result.during).toHaveLength(2);
      expect(result.during[0]).toMatch(/^\.report\.txt\.\d+\.tmp$/);
      expect(result.signal).toBe(signal);
      expect(readdirSync(dir)).toEqual(['report.txt']);
      expect(readFileSync(target, 'utf8')).toBe(OLD);
    });
  }
});
