/**
 * EVTX reading speed on the largest sample in `../shared/evtx-samples`: records/s and MB/s,
 * median of several runs, next to libevtx's `evtxexport` and python-evtx's `evtx_dump.py` run on
 * the same file when they are installed (their figures include starting their process, a few
 * milliseconds for the C tool, against hundreds of milliseconds of reading).
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { readEvtx } from '../src/events/evtx/index.ts';

const root = join(import.meta.dirname, '..');
const samples = join(root, '..', 'shared', 'evtx-samples');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

function largestSample(): string | null {
  if (!existsSync(samples)) return null;
  const files = readdirSync(samples)
    .filter((f) => f.endsWith('.evtx'))
    .map((f) => ({ path: join(samples, f), size: statSync(join(samples, f)).size }))
    .sort((a, b) => b.size - a.size || a.path.localeCompare(b.path));
  return files[0]?.path ?? null;
}

function which(command: string): string | null {
  const found = spawnSync('which', [command], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

interface Figures {
  ms: number;
  records: number;
}

function line(label: string, figures: Figures | null, megabytes: number, note = ''): void {
  if (!figures) {
    console.log(`evtx: ${label.padEnd(26)} not installed`);
    return;
  }
  const seconds = figures.ms / 1000;
  const rate = `${Math.round(figures.records / seconds).toLocaleString('en-US')} records/s`;
  console.log(
    `evtx: ${label.padEnd(26)} ${figures.ms.toFixed(1).padStart(8)} ms  ${rate.padStart(18)}  ${(megabytes / seconds).toFixed(1).padStart(7)} MB/s  (${figures.records} records${note})`,
  );
}

/** A command's wall time, median of `runs`; records counted from the events it printed. */
function external(command: string[], runs: number): Figures {
  const times: number[] = [];
  let records = 0;
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const run = spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30 });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    records = (run.stdout.match(/<Event[\s>]/g) ?? []).length;
  }
  return { ms: median(times), records };
}

export async function benchEvtx(): Promise<void> {
  const file = largestSample();
  if (!file) {
    console.log(`evtx: no samples (${samples} is absent)`);
    return;
  }
  const bytes = new Uint8Array(readFileSync(file));
  const megabytes = bytes.length / 1e6;
  console.log(`evtx: ${file.split('/').pop()} (${megabytes.toFixed(2)} MB)`);

  for (let i = 0; i < 3; i++) readEvtx(bytes); // let the JIT settle
  const times: number[] = [];
  let records = 0;
  for (let i = 0; i < 11; i++) {
    const start = performance.now();
    records = readEvtx(bytes).records.length;
    times.push(performance.now() - start);
  }
  line('dsreg-doctor (in process)', { ms: median(times), records }, megabytes, ', median of 11');

  const evtxexport = which('evtxexport');
  line(
    'evtxexport (libevtx)',
    evtxexport ? external([evtxexport, '-f', 'xml', file], 5) : null,
    megabytes,
    ', median of 5',
  );
  const evtxDump = which('evtx_dump.py');
  line(
    'evtx_dump.py (python-evtx)',
    evtxDump ? external([evtxDump, file], 3) : null,
    megabytes,
    ', median of 3',
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchEvtx();
