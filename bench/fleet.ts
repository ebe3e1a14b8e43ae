/**
 * The fleet at scale, printed (no assertions):
 *
 * 1. Full ingest: generated captures (3-5 KB, spread over states, errors, contexts and builds)
 *    read and diagnosed on worker threads, written by one writer into SQLite (and PostgreSQL when
 *    a server answers): captures a second, memory over the run.
 * 2. Store scale: the store filled to FLEET_BENCH_DEVICES devices with rows cloned from diagnosed
 *    captures (fresh device IDs, names, hashes and times), then every roll-up of `fleet report` and
 *    filtered `fleet devices` pages timed, and the store size per device.
 *
 * Knobs: FLEET_BENCH_N (full ingest, default 20000), FLEET_BENCH_DEVICES (default 100000; the
 * issue's figure is 1000000), FLEET_BENCH_THREADS (default: one per core), FLEET_BENCH_PG
 * (a postgres:// admin URL, default postgres://postgres@127.0.0.1:5432/postgres; `0` skips it),
 * FLEET_BENCH_ONLY (`sqlite` or `postgres`: one engine).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { build } from 'esbuild';
import pg from 'pg';
import { NODE_BUNDLE } from '../scripts/bundle-cli.ts';
import { contentHash } from '../src/fleet/capture.ts';
import { generateDevice } from '../src/fleet/generate.ts';
import { ingestUnit } from '../src/fleet/ingest.ts';
import { openPostgresStore } from '../src/store/postgres.ts';
import { openSqliteStore } from '../src/store/sqlite.ts';
import type { CaptureInput, DeviceFilter, FleetStore } from '../src/store/types.ts';
import type { StageTimes } from './fleet-worker.ts';

const NOW = '2026-12-01T00:00:00.000Z';

/**
 * The workers run the bench worker bundled as the bin's own workers are (minified ESM), not the
 * TypeScript source through a loader: the figures are those of the code users run.
 */
const workerFile = join(mkdtempSync(join(tmpdir(), 'dsreg-fleet-bench-worker-')), 'fleet-worker.mjs');
await build({
  ...NODE_BUNDLE,
  entryPoints: [join(import.meta.dirname, 'fleet-worker.ts')],
  outfile: workerFile,
});
process.on('exit', () => rmSync(dirname(workerFile), { recursive: true, force: true }));
const n = (name: string, fallback: number) => {
  const v = Number(process.env[name]);
  return Number.isFinite(v) && v > 0 ? Math.floor(v) : fallback;
};
const mb = (bytes: number) => `${(bytes / 1048576).toFixed(0)} MB`;

/**
 * Full pipeline: workers generate + read + diagnose, the main thread writes. Rows wait in a
 * bounded queue (at most three write batches dispatched and not yet written, so memory stays
 * flat) and are written FLEET_BENCH_BATCH at a time, one transaction each.
 */
async function fullIngest(store: FleetStore, count: number, threads: number): Promise<void> {
  const workers = Array.from({ length: threads }, () => new Worker(workerFile));
  const chunk = 250;
  const batch = n('FLEET_BENCH_BATCH', 2000);
  // Rows dispatched to workers and not yet written: the bound that keeps memory flat.
  const limit = batch * 3;
  // The writer blocks this thread while it writes a batch, so nothing is dispatched meanwhile: each
  // worker holds jobs for half a batch, enough to keep it busy until the write is done.
  const depth = Math.max(4, Math.ceil(batch / 2 / chunk));
  let next = 0;
  let outstanding = 0;
  let stored = 0;
  let problems = 0;
  let bytes = 0;
  const rss: number[] = [];
  const started = performance.now();
  const cpuBefore = process.cpuUsage();
  let writeMs = 0;
  let writes = 0;
  const queue: CaptureInput[][] = [];
  let queued = 0;
  let written = 0;
  let sampleAt = batch;
  const stages = new Map<Worker, StageTimes>();
  const jobs = new Map<Worker, number>();
  // One bulk run, as `fleet ingest` makes: its end (the query indexes rebuilt) is in the time.
  await store.bulk(
    () =>
      new Promise<void>((resolve, reject) => {
        let writing = false;
        const finished = () => next >= count && outstanding === 0;
        const feed = () => {
          // Each worker holds up to `depth` jobs, so it keeps working while this thread writes.
          for (let more = true; more; ) {
            more = false;
            for (const w of workers) {
              if (next >= count || outstanding + chunk > limit) return;
              if ((jobs.get(w) ?? 0) >= depth) continue;
              const from = next;
              next = Math.min(count, next + chunk);
              outstanding += next - from;
              jobs.set(w, (jobs.get(w) ?? 0) + 1);
              w.postMessage({ id: from, seed: 1, from, to: next, ingestedAt: NOW });
              more = true;
            }
          }
        };
        // One writer: a batch per transaction, never two at once.
        const write = async () => {
          if (writing) return;
          writing = true;
          while (queued >= batch || (queued > 0 && next >= count && outstanding === queued)) {
            const rows: CaptureInput[] = [];
            while (rows.length < batch && queue.length > 0) {
              const part = queue.shift() as CaptureInput[];
              for (const r of part) rows.push(r);
            }
            queued -= rows.length;
            const t = performance.now();
            const out = await store.ingest(rows, NOW);
            writeMs += performance.now() - t;
            writes++;
            for (const o of out) if (o === 'stored') stored++;
            outstanding -= rows.length;
            written += rows.length;
            if (written >= sampleAt) {
              rss.push(process.memoryUsage().rss);
              sampleAt += Math.max(batch, Math.floor(count / 20));
            }
            feed();
          }
          writing = false;
          if (finished()) resolve();
        };
        for (const w of workers) {
          w.on(
            'message',
            (msg: {
              id: number;
              rows: CaptureInput[];
              problems: number;
              bytes: number;
              times: StageTimes;
            }) => {
              jobs.set(w, (jobs.get(w) ?? 1) - 1);
              stages.set(w, msg.times);
              problems += msg.problems;
              bytes += msg.bytes;
              // A capture that gave no row is done: it leaves the count of rows still to write.
              outstanding -= Math.min(count, msg.id + chunk) - msg.id - msg.rows.length;
              queue.push(msg.rows);
              queued += msg.rows.length;
              feed();
              write().catch(reject);
            },
          );
          w.on('error', reject);
        }
        feed();
      }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  await Promise.all(workers.map((w) => w.terminate()));
  const secs = (performance.now() - started) / 1000;
  const rate = count / secs;
  console.log(
    `  ${store.engine}: ${count} captures (${(bytes / count / 1024).toFixed(1)} KB each) in ${secs.toFixed(1)} s = ${Math.round(rate)} captures/s with ${threads} worker thread(s), batches of ${batch}; ${stored} stored, ${problems} unreadable`,
  );
  const sum = (k: keyof StageTimes) => [...stages.values()].reduce((a, t) => a + t[k], 0);
  const per = (ms: number) => `${Math.round((ms * 1000) / count)} µs`;
  console.log(
    `  per capture, CPU time on the workers: generate ${per(sum('generate'))}, read + diagnose + row ${per(sum('readDiagnose'))}, hash ${per(sum('hash'))}, compress ${per(sum('compress'))}, compact + post ${per(sum('post'))}`,
  );
  console.log(
    `  per capture on the writer thread: store.ingest ${per(writeMs)} (${writes} transactions, busy ${(writeMs / 1000).toFixed(1)} s of ${secs.toFixed(1)} s); process CPU ${((cpu.user + cpu.system) / 1e6 / secs).toFixed(2)} cores on average, ${Math.round((cpu.user + cpu.system) / count)} µs a capture (with ${availableParallelism()} cores to itself at most ${Math.round((availableParallelism() * 1e6 * count) / (cpu.user + cpu.system))} captures/s)`,
  );
  const peak = process.resourceUsage().maxRSS * 1024;
  if (rss.length > 1) {
    console.log(
      `  memory (RSS) over the run: first ${mb(rss[0] as number)}, max ${mb(Math.max(...rss))}, last ${mb(rss[rss.length - 1] as number)}; peak RSS of the process ${mb(peak)}`,
    );
  }
  const stats = await store.stats();
  if (stats.totalBytes !== null && stats.devices > 0) {
    console.log(
      `  store: ${mb(stats.totalBytes)} for ${stats.devices} devices = ${Math.round(stats.totalBytes / stats.devices)} bytes per device (raw text ${(stats.rawBytes / Math.max(1, stats.captures) / 1024).toFixed(1)} KB → ${(stats.rawCompressedBytes / Math.max(1, stats.captures) / 1024).toFixed(1)} KB compressed per capture)`,
    );
  }
  console.log(
    `  at 1,000,000 captures this rate takes ${(1_000_000 / rate / 60).toFixed(1)} min (target 5 min)\n`,
  );
}

/** Diagnosed templates, cloned into as many devices as wanted. */
function templates(count: number): CaptureInput[] {
  const out: CaptureInput[] = [];
  for (let i = 0; out.length < count; i++) {
    const d = generateDevice(3, i);
    const r = ingestUnit(
      [{ path: `t/${d.computer}.txt`, bytes: new TextEncoder().encode(d.text), mtime: null }],
      { ingestedAt: NOW },
    );
    out.push(...r.captures);
  }
  return out;
}

function clone(t: CaptureInput, i: number): CaptureInput {
  const hex = i.toString(16).padStart(12, '0');
  const deviceId = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4000-8000-${hex.padStart(12, '0')}`;
  const computer = `PC-${String(i).padStart(7, '0')}`;
  const at = new Date(Date.parse(NOW) - ((i * 7919) % (120 * 86400)) * 1000).toISOString();
  return {
    ...t,
    deviceKey:
      t.keyKind === 'entra'
        ? `entra:${t.tenantId}/${deviceId}`
        : `name:${computer.toLowerCase()}.contoso.com`,
    deviceId: t.keyKind === 'entra' ? deviceId : null,
    computer,
    contentHash: contentHash(`${t.contentHash}/${i}`),
    capturedAt: at,
  };
}

async function storeScale(store: FleetStore, devices: number): Promise<void> {
  const base = templates(500);
  const batch = 2000;
  const started = performance.now();
  for (let i = 0; i < devices; i += batch) {
    const rows: CaptureInput[] = [];
    for (let j = i; j < Math.min(devices, i + batch); j++)
      rows.push(clone(base[j % base.length] as CaptureInput, j));
    await store.ingest(rows, NOW);
  }
  const secs = (performance.now() - started) / 1000;
  console.log(
    `  ${store.engine}: filled to ${devices} devices in ${secs.toFixed(1)} s (${Math.round(devices / secs)} rows/s on the write path alone)`,
  );
  const time = async (label: string, fn: () => Promise<unknown>) => {
    await fn();
    const samples: number[] = [];
    for (let k = 0; k < 5; k++) {
      const t = performance.now();
      await fn();
      samples.push(performance.now() - t);
    }
    samples.sort((a, b) => a - b);
    console.log(
      `    ${label.padEnd(52)} median ${(samples[2] as number).toFixed(1)} ms, max ${(samples[4] as number).toFixed(1)} ms`,
    );
  };
  await time('fleet report (every roll-up)', () =>
    store.summary({ now: NOW, since: '2026-11-24T00:00:00Z' }),
  );
  const pages: Array<[string, DeviceFilter]> = [
    ['devices page: --health failing', { health: ['failing'], limit: 100 }],
    [
      'devices page: --state hybrid-joined --health attention',
      { state: ['hybrid-joined'], health: ['attention'], limit: 100 },
    ],
    ['devices page: --code 0x801c03f2', { code: '0x801c03f2', limit: 100 }],
    ['devices page: --phase discover', { phase: 'discover', limit: 100 }],
    ['devices page: --pending', { pending: true, limit: 100 }],
    ['devices page: --since 2026-11-30', { since: '2026-11-30T00:00:00Z', limit: 100 }],
    ['devices page: no filter, after the middle key', { after: 'entra:m', limit: 100 }],
  ];
  for (const [label, filter] of pages) await time(label, () => store.devices(filter));
  await time('fleet device (by computer name)', () =>
    store.device(`PC-${String(Math.floor(devices / 2)).padStart(7, '0')}`),
  );
  const stats = await store.stats();
  console.log(
    `    store size: ${stats.totalBytes === null ? '?' : `${mb(stats.totalBytes)} total, ${Math.round(stats.totalBytes / Math.max(1, stats.devices))} bytes per device`}; raw text ${(stats.rawBytes / Math.max(1, stats.captures) / 1024).toFixed(1)} KB → ${(stats.rawCompressedBytes / Math.max(1, stats.captures) / 1024).toFixed(1)} KB compressed per capture`,
  );
}

async function withPostgres(fn: (store: FleetStore) => Promise<void>): Promise<void> {
  const admin = process.env.FLEET_BENCH_PG ?? 'postgres://postgres@127.0.0.1:5432/postgres';
  if (admin === '0') return;
  const name = `dsreg_fleet_bench_${randomBytes(4).toString('hex')}`;
  const client = new pg.Client({ connectionString: admin, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    console.log(`  PostgreSQL: skipped, no server at ${admin} (${(error as Error).message})`);
    await client.end().catch(() => {});
    return;
  }
  const url = new URL(admin);
  url.pathname = `/${name}`;
  const store = await openPostgresStore(url.toString());
  try {
    await fn(store);
  } finally {
    await store.close();
    await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
    await client.end();
  }
}

export async function benchFleet(): Promise<void> {
  const full = n('FLEET_BENCH_N', 20_000);
  const devices = n('FLEET_BENCH_DEVICES', 100_000);
  const threads = n('FLEET_BENCH_THREADS', availableParallelism());
  const dir = mkdtempSync(join(tmpdir(), 'dsreg-fleet-bench-'));
  try {
    // FLEET_BENCH_ONLY=sqlite or postgres runs one engine.
    const only = process.env.FLEET_BENCH_ONLY;
    const sqlite = only !== 'postgres';
    const postgres = only !== 'sqlite';
    console.log(`\nFleet ingest: ${full} generated captures, read and diagnosed on workers (FLEET_BENCH_N)`);
    if (sqlite) {
      const a = await openSqliteStore(join(dir, 'ingest.db'));
      await fullIngest(a, full, threads);
      await a.close();
    }
    if (postgres) await withPostgres((s) => fullIngest(s, full, threads));
    console.log(`\nFleet store at ${devices} devices (FLEET_BENCH_DEVICES)`);
    if (sqlite) {
      const b = await openSqliteStore(join(dir, 'scale.db'));
      await storeScale(b, devices);
      await b.close();
      console.log(`    SQLite file with WAL: ${mb(statSync(join(dir, 'scale.db')).size)}`);
    }
    if (postgres) await withPostgres((s) => storeScale(s, devices));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await benchFleet();
