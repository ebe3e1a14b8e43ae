import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN_ENTRY, bundleCli } from '../../scripts/bundle-cli.ts';
import { runCli } from '../../src/cli/program.ts';

const root = join(import.meta.dirname, '..', '..');
const examples = join(root, 'examples');

/** A stdout whose reader has gone away after taking `accepted` writes, as `| head -1` leaves it. */
function closedAfter(accepted: number) {
  let writes = 0;
  const stream = new Writable({
    write(_chunk, _encoding, callback) {
      writes++;
      if (writes <= accepted) return callback();
      callback(Object.assign(new Error('write EPIPE'), { code: 'EPIPE', syscall: 'write' }));
    },
  });
  return { stream: stream as unknown as NodeJS.WriteStream, writes: () => writes };
}

describe('a reader that closes standard output early', () => {
  // A short timeout: without the guard the run never settles, and waiting for it proves nothing.
  it('ends an analyze run quietly with exit 2 and stops at the first write that fails', {
    timeout: 5000,
  }, async () => {
    const stdout = closedAfter(1);
    const stderr: string[] = [];
    const code = await runCli(['analyze', examples, '--format', 'text', '--no-color'], {
      stdout: stdout.stream,
      warn: (line) => stderr.push(line),
    });
    expect(code).toBe(2);
    expect(stderr).toEqual([]);
    expect(stdout.writes()).toBe(2);
  });

  it('ends schema, explain and --help quietly too', { timeout: 5000 }, async () => {
    for (const argv of [['schema'], ['explain', '0x801c03f2', '--format', 'text'], ['--help']]) {
      const stdout = closedAfter(0);
      const stderr: string[] = [];
      const code = await runCli(argv, { stdout: stdout.stream, warn: (line) => stderr.push(line) });
      // Help is written before the failure can be seen, so it keeps its own exit code.
      expect(code).toBe(argv[0] === '--help' ? 0 : 2);
      expect(stderr).toEqual([]);
    }
  });
});

describe.skipIf(process.platform === 'win32')('the bundled bin piped into a reader that stops early', () => {
  const outdir = mkdtempSync(join(tmpdir(), 'dsreg-doctor-pipe-'));
  beforeAll(async () => {
    await bundleCli(outdir);
  }, 60_000);

  /** Runs `dsreg-doctor ARGS | READER` in bash, as a user would, and gives the bin's own status. */
  function piped(reader: string, ...args: string[]) {
    const script = `"$@" | ${reader} >/dev/null; exit "\${PIPESTATUS[0]}"`;
    return spawnSync('bash', ['-c', script, 'bash', process.execPath, join(outdir, BIN_ENTRY), ...args], {
      cwd: root,
      encoding: 'utf8',
    });
  }

  it('prints no stack and exits 2 for `analyze | head -1`', () => {
    // Four times the examples is over three pipe buffers (64 KiB): far more than can be written
    // before head goes, so the closed pipe is always met.
    const run = piped('head -1', 'analyze', examples, examples, examples, examples, '-f', 'text');
    expect(run.stderr).toBe('');
    expect(run.status).toBe(2);
  });

  it('prints no stack for `schema | head -c 10`', () => {
    const run = piped('head -c 10', 'schema');
    expect(run.stderr).toBe('');
  });
});
