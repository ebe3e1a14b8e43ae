/** `dsreg-doctor serve`: its usage errors, and a real server on a loopback port until it is stopped. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterAll, describe, expect, it } from 'vitest';
import type { Io } from '../../src/cli/commands/analyze.ts';
import { type ServeOptions, serveCommand } from '../../src/cli/commands/serve-run.ts';
import { stdoutOutput } from '../../src/cli/output.ts';
import { cli } from './run-cli.ts';

const dir = mkdtempSync(join(tmpdir(), 'dsreg-serve-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('serve: usage errors, one line each, exit 2', () => {
  it.each([
    [['--port', 'http'], 'dsreg-doctor: --port must be a number from 0 to 65535, not "http" (see --help)'],
    [['--port', '70000'], 'dsreg-doctor: --port must be a number from 0 to 65535, not "70000" (see --help)'],
    [
      ['--max-body', 'huge'],
      'dsreg-doctor: --max-body must be a size such as 64MB or 512KB, not "huge" (see --help)',
    ],
    [
      ['--ingest-rate', '0'],
      'dsreg-doctor: --ingest-rate must be a whole number of captures per minute, 1 or more (see --help)',
    ],
    [
      ['--token', 'short'],
      'dsreg-doctor: the token must be at least 16 characters (or leave it out and one is generated) (see --help)',
    ],
    [
      ['--redact-at-rest'],
      'dsreg-doctor: --redact-at-rest needs --redact-salt (or DSREG_DOCTOR_REDACT_KEY), so that a device keeps its pseudonym across restarts (see --help)',
    ],
  ])('serve %j', async (args, line) => {
    const saved = process.env.DSREG_DOCTOR_REDACT_KEY;
    delete process.env.DSREG_DOCTOR_REDACT_KEY;
    try {
      const result = await cli('serve', ...args);
      expect(result.code).toBe(2);
      expect(result.stderr).toEqual([line]);
    } finally {
      if (saved !== undefined) process.env.DSREG_DOCTOR_REDACT_KEY = saved;
    }
  });
});

/** Runs `serve` until the returned `stop` is called; `printed` holds what it wrote. */
function start(options: Partial<ServeOptions>) {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  let printed = '';
  stream.on('data', (chunk: Buffer) => {
    printed += chunk.toString('utf8');
  });
  const warnings: string[] = [];
  const io: Io = { out: stdoutOutput(stream), warn: (line) => warnings.push(line) };
  let stop!: () => void;
  const stopped = new Promise<void>((resolve) => {
    stop = resolve;
  });
  const done = serveCommand(
    { host: '127.0.0.1', port: '0', maxBody: '1MB', ingestRate: '600', web: false, ...options },
    io,
    () => stopped,
  );
  const url = async (): Promise<string> => {
    for (let i = 0; i < 200 && !/http:\/\/\S+/.test(printed); i++)
      await new Promise((r) => setTimeout(r, 25));
    return /(http:\/\/\S+)/.exec(printed)![1]!;
  };
  return { url, stop, done, printed: () => printed, warnings };
}

describe('serve: a running server', () => {
  it('serves the API on loopback without a token, with the fleet store of --db', async () => {
    const server = start({ db: join(dir, 'fleet.db') });
    const url = await server.url();
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const status = await (await fetch(`${url}/api/status`)).json();
    expect(status).toEqual({
      name: 'dsreg-doctor',
      version: '0.1.0',
      store: 'sqlite',
      redactAtRest: false,
      maxBodyBytes: 1024 * 1024,
    });
    server.stop();
    await server.done;
    expect(server.printed()).toBe(
      `dsreg-doctor is serving the API on ${url}\nfleet store: sqlite\nstop with Ctrl+C\n`,
    );
    // Stopped means the port is closed.
    await expect(fetch(`${url}/api/status`)).rejects.toThrow();
  });

  it('generates a token for a non-loopback address, prints it once, and requires it', async () => {
    const saved = process.env.DSREG_DOCTOR_TOKEN;
    delete process.env.DSREG_DOCTOR_TOKEN;
    const server = start({ host: '0.0.0.0' });
    try {
      const url = (await server.url()).replace('0.0.0.0', '127.0.0.1');
      const token = /access token \(shown once[^)]*\): (\S+)/.exec(server.printed())?.[1];
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(server.printed().split(token!).length - 1).toBe(1);
      expect((await fetch(`${url}/api/explain/0x801c03f2`)).status).toBe(401);
      const ok = await fetch(`${url}/api/explain/0x801c03f2`, {
        headers: { authorization: `Bearer ${token}` },
      });
      expect(ok.status).toBe(200);
      expect(server.warnings.join('\n')).not.toContain(token!);
    } finally {
      server.stop();
      await server.done;
      if (saved !== undefined) process.env.DSREG_DOCTOR_TOKEN = saved;
    }
  });

  it('says in one line when the port is taken', async () => {
    const first = start({});
    const port = new URL(await first.url()).port;
    try {
      const result = await cli('serve', '--port', port, '--no-web');
      expect(result.code).toBe(2);
      expect(result.stderr).toEqual([
        `dsreg-doctor: 127.0.0.1:${port} is already in use: stop what listens there, or choose another --port (see --help)`,
      ]);
    } finally {
      first.stop();
      await first.done;
    }
  });
});
