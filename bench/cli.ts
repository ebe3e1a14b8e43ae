/**
 * Wall time of `dsreg-doctor analyze FILE` on one capture, node start included, next to a bare
 * `node -e 0` on the same machine. Uses the built CLI (`npm run build` first, done here if needed).
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

const root = join(import.meta.dirname, '..');

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
  if (!existsSync(join(root, 'dist', 'cli', 'main.js'))) {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  }
  const capture = join('examples', 'sync-join-waiting-for-sync.txt');
  const runs = 15;
  const bare = time(['-e', '0'], runs);
  const analyze = time([join('dist', 'cli', 'main.js'), 'analyze', capture, '--format', 'text'], runs);
  console.log(`cli: node -e 0                 ${bare.toFixed(1)} ms (median of ${runs})`);
  console.log(
    `cli: analyze one capture       ${analyze.toFixed(1)} ms (median of ${runs}; target <= 150 ms)`,
  );
  console.log(`cli: cost above a bare node    ${(analyze - bare).toFixed(1)} ms`);
}

if (import.meta.url === `file://${process.argv[1]}`) await benchCli();
