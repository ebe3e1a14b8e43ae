/**
 * CPU of `dsreg-doctor parse --format json FILE > /dev/null` on a large captures file (60 MB by
 * default), as a whole process on the bundled bin, against a baseline process that only reads the
 * same file and splits it into lines, writing nothing. Prints both (user + system CPU seconds of
 * the process, all its threads, node start included), the wall time, and the ratio (target: at
 * most 8). Uses the bundled bin (`npm run build` first, done here if needed). Then, in this process,
 * where that CPU goes: the reader alone, and the JSON text alone.
 *
 * Knobs: PARSE_BENCH_MB (size of the generated file, default 60), PARSE_BENCH_RUNS (runs of each
 * process, median taken, default 3). `BENCH_ONLY=parse npm run bench` runs only this part.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BIN_ENTRY } from '../scripts/bundle-cli.ts';
import { readCapturesLazily } from '../src/read/index.ts';
import { buildCorpus } from './corpus.ts';

const root = join(import.meta.dirname, '..');
const bin = join(root, 'dist', 'bin', BIN_ENTRY);

function knob(name: string, fallback: number): number {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? v : fallback;
}

/**
 * Loaded before the measured program: at exit it writes the process's CPU seconds (user + system,
 * every thread) to the file BENCH_CPU_FILE names.
 */
const CPU_PRELOAD = `data:text/javascript,${encodeURIComponent(
  "import{writeFileSync}from'node:fs';process.on('exit',()=>{const u=process.cpuUsage();writeFileSync(process.env.BENCH_CPU_FILE,String((u.user+u.system)/1e6))});",
)}`;

/** The baseline: read the file as text and split it into lines; nothing is written. */
const BASELINE = [
  "const text = require('node:fs').readFileSync(process.argv[1], 'utf8');",
  "const lines = text.split('\\n');",
  'if (lines.length < 0) console.log(lines.length);',
].join(' ');

interface Run {
  cpu: number;
  wall: number;
  status: number | null;
}

function run(args: string[], dir: string): Run {
  const cpuFile = join(dir, 'cpu.txt');
  rmSync(cpuFile, { force: true });
  const start = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', CPU_PRELOAD, ...args], {
    cwd: root,
    // Standard output goes to /dev/null, as `> /dev/null` would send it.
    stdio: ['ignore', 'ignore', 'ignore'],
    env: { ...process.env, BENCH_CPU_FILE: cpuFile },
  });
  const wall = Number(process.hrtime.bigint() - start) / 1e9;
  const cpu = existsSync(cpuFile) ? Number(readFileSync(cpuFile, 'utf8')) : Number.NaN;
  return { cpu, wall, status: child.status };
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

/** CPU seconds this process has used so far (user + system, every thread). */
function cpuNow(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1e6;
}

/**
 * Where the command's CPU goes, measured in this process on the same file: the reader handing
 * out the captures, and the JSON text of each (one line per document, as the command prints it
 * to a pipe or a file, and indented, as `--pretty` prints it). Shows what the printed JSON alone
 * costs against the baseline.
 */
function breakdown(file: string): { read: number; pretty: number; compact: number } {
  const text = readFileSync(file, 'utf8');
  let pretty = 0;
  let compact = 0;
  const start = cpuNow();
  for (const capture of readCapturesLazily(text)) {
    const a = cpuNow();
    JSON.stringify(capture, null, 2);
    const b = cpuNow();
    JSON.stringify(capture);
    compact += cpuNow() - b;
    pretty += b - a;
  }
  return { read: cpuNow() - start - pretty - compact, pretty, compact };
}

/** A captures file of about `mb` MB: the benchmark corpus, one capture after another. */
function writeCapturesFile(path: string, mb: number): { bytes: number; captures: number } {
  const { texts } = buildCorpus();
  const parts: string[] = [];
  let bytes = 0;
  for (let i = 0; bytes < mb * 1e6; i++) {
    const text = texts[i % texts.length] as string;
    parts.push(text);
    bytes += Buffer.byteLength(text) + 1;
  }
  writeFileSync(path, parts.join('\n'));
  return { bytes, captures: parts.length };
}

export async function benchParse(): Promise<void> {
  if (!existsSync(bin)) {
    execFileSync('npm', ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  }
  const mb = knob('PARSE_BENCH_MB', 60);
  const runs = knob('PARSE_BENCH_RUNS', 3);
  const dir = mkdtempSync(join(tmpdir(), 'dsreg-doctor-parse-bench-'));
  try {
    const file = join(dir, 'captures.txt');
    const { bytes, captures } = writeCapturesFile(file, mb);
    const baseline: Run[] = [];
    const parse: Run[] = [];
    for (let i = 0; i < runs; i++) {
      baseline.push(run(['-e', BASELINE, file], dir));
      parse.push(run([bin, 'parse', '--format', 'json', file], dir));
    }
    const failed = parse.find((r) => r.status !== 0);
    if (failed) console.log(`parse: dsreg-doctor parse exited with ${failed.status}`);
    const base = median(baseline.map((r) => r.cpu));
    const cpu = median(parse.map((r) => r.cpu));
    const fmt = (n: number, digits = 2) => n.toFixed(digits);
    console.log(
      `parse: file of ${fmt(bytes / 1e6, 1)} MB, ${captures.toLocaleString('en-US')} captures (median of ${runs} runs of each process)`,
    );
    console.log(
      `parse: baseline (node reads the file and splits it into lines)   ${fmt(base)} CPU-s  ${fmt(median(baseline.map((r) => r.wall)))} s wall`,
    );
    console.log(
      `parse: dsreg-doctor parse --format json FILE > /dev/null         ${fmt(cpu)} CPU-s  ${fmt(median(parse.map((r) => r.wall)))} s wall`,
    );
    console.log(`parse: ratio ${fmt(cpu / base, 1)}x the baseline's CPU (target: at most 8x)`);
    const parts = breakdown(file);
    const times = (n: number) => `${fmt(n)} CPU-s (${fmt(n / base, 1)}x)`;
    console.log(
      `parse: in this process, the reader alone ${times(parts.read)}; the JSON text alone ${times(parts.compact)} as printed (a line per document), ${times(parts.pretty)} indented (--pretty)`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchParse();
