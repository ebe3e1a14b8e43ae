/**
 * Wall time of `dsreg-doctor analyze FILE` on one capture, node start included, next to a bare
 * `node -e 0` on the same machine. Uses the bundled bin (`npm run build` first, done here if needed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN_ENTRY } from '../scripts/bundle-cli.ts';
import { buildCorpus } from './corpus.ts';

const root = join(import.meta.dirname, '..');
/** The bundled bin that `npm run build` writes and the package's `bin` names. */
const bin = join(root, 'dist', 'bin', BIN_ENTRY);

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

function time(args: string[], runs: number): number {
  const samples: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    spawnSync(process.execPath, args, { cwd: root, stdio: 'ignore' });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(samples);
}

export async function benchCli(): Promise<void> {
  if (!existsSync(bin)) {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  }
  const capture = join('examples', 'sync-join-waiting-for-sync.txt');
  const runs = 15;
  const bare = time(['-e', '0'], runs);
  const analyze = time([bin, 'analyze', capture, '--format', 'text'], runs);
  console.log(`cli: node -e 0                 ${bare.toFixed(1)} ms (median of ${runs})`);
  console.log(
    `cli: analyze one capture       ${analyze.toFixed(1)} ms (median of ${runs}; target <= 150 ms)`,
  );
  console.log(`cli: cost above a bare node    ${(analyze - bare).toFixed(1)} ms`);
  folderRun();
}

/**
 * A folder of captures streams: peak memory (max RSS) for 1,000 and for 10,000 captures should be
 * about the same. Needs /usr/bin/time (Debian's `time` package) to read the peak.
 */
function folderRun(): void {
  if (!existsSync('/usr/bin/time')) {
    console.log('cli: folder run skipped (/usr/bin/time not installed)');
    return;
  }
  const { texts } = buildCorpus(10_000);
  for (const count of [1_000, 10_000]) {
    const dir = mkdtempSync(join(tmpdir(), 'dsreg-doctor-bench-'));
    mkdirSync(join(dir, 'captures'));
    for (const [i, text] of texts.slice(0, count).entries()) {
      writeFileSync(join(dir, 'captures', `device-${i}.txt`), text);
    }
    const start = process.hrtime.bigint();
    const run = spawnSync(
      '/usr/bin/time',
      ['-f', '%M', process.execPath, bin, 'analyze', join(dir, 'captures'), '--format', 'json'],
      {
        encoding: 'utf8',
        stdio: ['ignore', 'ignore', 'pipe'],
        maxBuffer: 64 << 20,
      },
    );
    const seconds = Number(process.hrtime.bigint() - start) / 1e9;
    const peakKb = Number(run.stderr.trim().split('\n').at(-1));
    console.log(
      `cli: analyze a folder of ${count.toLocaleString('en-US')} captures: ${seconds.toFixed(1)} s, ${(count / seconds).toFixed(0)} captures/s, peak RSS ${(peakKb / 1024).toFixed(0)} MB`,
    );
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCli();
