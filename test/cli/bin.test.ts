import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Metafile } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { BIN_ENTRY, bundleCli } from '../../scripts/bundle-cli.ts';
import { cli } from './run-cli.ts';

const root = join(import.meta.dirname, '..', '..');
const example = join(root, 'examples', 'scp-missing.txt');
const outdir = mkdtempSync(join(tmpdir(), 'dsreg-doctor-bin-'));

/** Runs the bundled bin as a shell would, in a fresh Node process. */
function bin(...args: string[]) {
  return spawnSync(process.execPath, [join(outdir, BIN_ENTRY), ...args], { encoding: 'utf8', cwd: root });
}

let metafile: Metafile;
beforeAll(async () => {
  metafile = await bundleCli(outdir);
}, 60_000);

/** The modules of node_modules packages that the bin's entry file holds (or imports at once). */
function packagesLoadedAtStart(): Set<string> {
  const outputs = metafile.outputs;
  const entry = Object.keys(outputs).find((path) => path.endsWith(`/${BIN_ENTRY}`))!;
  const files = [
    entry,
    ...outputs[entry]!.imports.filter((i) => i.kind === 'import-statement').map((i) => i.path),
  ];
  const inputs = files.flatMap((file) => Object.keys(outputs[file]?.inputs ?? {}));
  return new Set(
    inputs.filter((i) => i.includes('node_modules/')).map((i) => i.split('node_modules/')[1]!.split('/')[0]!),
  );
}

describe('the bundled bin', () => {
  it('prints the same JSON report as the command run in process, with the same exit code', async () => {
    const inProcess = await cli('analyze', example, '--format', 'json');
    const run = bin('analyze', example, '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(inProcess.stdout);
    expect(run.status).toBe(1);
  });

  it('starts without zod: the JSON Schemas, kept out of the entry file, load only for `schema`', () => {
    // @noble's HMAC is the pseudonym key of `--redact`; the fleet, server, probe and collect
    // libraries (SQLite, hono, undici, ldapts, fflate) load only when their command runs.
    expect([...packagesLoadedAtStart()].sort()).toEqual([
      '@noble',
      'commander',
      'picocolors',
      'saxes',
      'xmlchars',
    ]);
    expect(readdirSync(outdir).filter((f) => f.startsWith('json-schema-') && f.endsWith('.js'))).toHaveLength(
      1,
    );
    const run = bin('schema', 'report');
    expect(run.status).toBe(0);
    expect(JSON.parse(run.stdout).title).toBe('dsreg-doctor report');
  });

  it('answers a usage error with exit code 2', () => {
    const run = bin('analyze', '--format', 'pdf', example);
    expect(run.status).toBe(2);
    expect(run.stderr).toMatch(/pdf/);
  });

  it('answers a subcommand parse error with exit code 2 and one line', () => {
    const run = bin('diff', example);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe("dsreg-doctor: missing required argument 'after' (see --help)\n");
    expect(run.stdout).toBe('');
  });
});
