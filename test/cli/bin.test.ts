import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

beforeAll(() => bundleCli(outdir), 60_000);

describe('the bundled bin', () => {
  it('prints the same JSON report as the command run in process, with the same exit code', async () => {
    const inProcess = await cli('analyze', example, '--format', 'json');
    const run = bin('analyze', example, '--format', 'json');
    expect(run.stderr).toBe('');
    expect(run.stdout).toBe(inProcess.stdout);
    expect(run.status).toBe(1);
  });

  it('loads the JSON Schemas, kept out of the entry file, only for `schema`', () => {
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
});
