/**
 * EVTX reading speed on a small and a large sample of `../shared/evtx-samples`, measured two ways:
 *
 * - whole processes, each writing every event as XML to /dev/null: our reader (bundled once with
 *   esbuild, run by node), next to libevtx's `evtxexport -f xml`, python-evtx's `evtx_dump.py`
 *   and the Rust `evtx_dump` when they are installed; `node -e 0` is printed as the floor of a
 *   node process. This is the fair comparison: start-up, reading and writing, no output captured.
 * - our reader warm, in process (records only): the cost of reading itself.
 *
 * Medians of several runs. When no reference reader is installed, it says so.
 */
import { spawnSync } from 'node:child_process';
import {
  closeSync,
  existsSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  rmSync,
  statSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { readEvtx } from '../src/events/evtx/index.ts';

const root = join(import.meta.dirname, '..');
const samples = join(root, '..', 'shared', 'evtx-samples');

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** The smallest and the largest sample (the smallest with at least one record). */
function smallAndLarge(): { small: string; large: string } | null {
  if (!existsSync(samples)) return null;
  const files = readdirSync(samples)
    .filter((f) => f.endsWith('.evtx'))
    .map((f) => ({ path: join(samples, f), size: statSync(join(samples, f)).size }))
    .sort((a, b) => a.size - b.size || a.path.localeCompare(b.path));
  const small = files.find((f) => readEvtx(new Uint8Array(readFileSync(f.path))).records.length > 0);
  const large = files[files.length - 1];
  return small && large ? { small: small.path, large: large.path } : null;
}

function which(command: string): string | null {
  const found = spawnSync('which', [command], { encoding: 'utf8' });
  return found.status === 0 ? found.stdout.trim() : null;
}

/** A command's wall time with its output going to /dev/null, median of `runs`. */
function wholeProcess(command: string[], runs: number): number {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const out = openSync('/dev/null', 'w');
    const start = process.hrtime.bigint();
    spawnSync(command[0] as string, command.slice(1), { stdio: ['ignore', out, 'ignore'] });
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    closeSync(out);
  }
  return median(times);
}

/** How many events a command prints (one untimed run, output counted, not timed). */
function eventsPrinted(command: string[]): number {
  const run = spawnSync(command[0] as string, command.slice(1), { encoding: 'utf8', maxBuffer: 1 << 30 });
  return (run.stdout?.match(/<Event[\s>]/g) ?? []).length;
}

/** Our reader as a stand-alone dump tool: every record's XML to standard output. */
const DUMP_SOURCE = `
import { readFileSync, writeSync } from 'node:fs';
import { readEvtxXml } from './src/events/evtx/index.ts';
const { events } = readEvtxXml(new Uint8Array(readFileSync(process.argv[2])));
let chunk = '';
for (const e of events) {
  chunk += e.xml + '\\n';
  if (chunk.length > 1 << 16) { writeSync(1, chunk); chunk = ''; }
}
writeSync(1, chunk);
`;

function bundleDump(dir: string): string {
  const out = join(dir, 'evtx-dump.mjs');
  buildSync({
    stdin: { contents: DUMP_SOURCE, resolveDir: root, loader: 'ts', sourcefile: 'evtx-dump.ts' },
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    outfile: out,
    logLevel: 'silent',
  });
  return out;
}

function row(label: string, ms: number | null, megabytes: number, records: number | null, note = ''): void {
  if (ms === null) {
    console.log(`evtx:   ${label.padEnd(38)} not installed`);
    return;
  }
  const rate =
    records === null ? '' : `${Math.round(records / (ms / 1000)).toLocaleString('en-US')} records/s`;
  console.log(
    `evtx:   ${label.padEnd(38)} ${ms.toFixed(1).padStart(8)} ms  ${rate.padStart(18)}  ${(megabytes / (ms / 1000)).toFixed(1).padStart(7)} MB/s${records === null ? '' : `  (${records} records${note})`}`,
  );
}

export async function benchEvtx(): Promise<void> {
  const pair = smallAndLarge();
  if (!pair) {
    console.log(`evtx: no samples (${samples} is absent)`);
    return;
  }
  const dir = mkdtempSync(join(tmpdir(), 'dsreg-evtx-'));
  try {
    const dump = bundleDump(dir);
    const references = [
      { label: 'evtxexport -f xml (libevtx)', path: which('evtxexport'), args: ['-f', 'xml'] },
      { label: 'evtx_dump.py (python-evtx)', path: which('evtx_dump.py'), args: [] },
      { label: 'evtx_dump (Rust evtx)', path: which('evtx_dump'), args: ['-o', 'xml'] },
    ];
    const floor = wholeProcess([process.execPath, '-e', '0'], 5);
    console.log(`evtx: node -e 0 (the floor of any node process): ${floor.toFixed(1)} ms`);
    if (references.every((r) => r.path === null))
      console.log(
        'evtx: no reference reader is installed here (evtxexport, evtx_dump.py, evtx_dump): only our own figures are printed',
      );
    for (const [size, file] of [
      ['small', pair.small],
      ['large', pair.large],
    ] as const) {
      const bytes = new Uint8Array(readFileSync(file));
      const megabytes = bytes.length / 1e6;
      console.log(`evtx: ${size}: ${file.split('/').pop()} (${megabytes.toFixed(2)} MB)`);
      const ours = [process.execPath, dump, file];
      row(
        'dsreg-doctor, whole process > null',
        wholeProcess(ours, 7),
        megabytes,
        eventsPrinted(ours),
        ', median of 7',
      );
      for (const r of references) {
        const command = r.path ? [r.path, ...r.args, file] : null;
        row(
          `${r.label} > null`,
          command ? wholeProcess(command, 5) : null,
          megabytes,
          command ? eventsPrinted(command) : null,
          ', median of 5',
        );
      }
      for (let i = 0; i < 3; i++) readEvtx(bytes); // let the JIT settle
      const times: number[] = [];
      let records = 0;
      for (let i = 0; i < 11; i++) {
        const start = performance.now();
        records = readEvtx(bytes).records.length;
        times.push(performance.now() - start);
      }
      row(
        'dsreg-doctor, warm, in process',
        median(times),
        megabytes,
        records,
        ', median of 11, records only',
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchEvtx();
