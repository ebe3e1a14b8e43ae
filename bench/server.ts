/**
 * The server under load: `dsreg-doctor serve` in its own process on a loopback port, N clients
 * posting distinct captures concurrently (bounded in count and in time). Prints captures per
 * second ingested, latency percentiles, and whether the store holds exactly what was sent.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openStore } from '../src/store/open.ts';

const root = join(import.meta.dirname, '..');

export interface ServerBenchOptions {
  clients?: number;
  captures?: number;
  /** Stop sending after this long, whatever is left. */
  seconds?: number;
}

/** Distinct captures of distinct devices, from the bundled examples. */
function captures(count: number): string[] {
  const scp = readFileSync(join(root, 'examples', 'scp-missing.txt'), 'utf8');
  const sync = readFileSync(join(root, 'examples', 'sync-join-waiting-for-sync.txt'), 'utf8');
  const hybrid = readFileSync(join(root, 'examples', 'hybrid-joined-healthy.txt'), 'utf8');
  const out: string[] = [];
  for (let i = 0; i < count; i++) {
    const n = String(i).padStart(6, '0');
    const minute = String(i % 60).padStart(2, '0');
    switch (i % 3) {
      case 0:
        out.push(scp.replace('PC-0203', `PC-S${n}`).replace('14:02:11', `14:${minute}:11`));
        break;
      case 1:
        out.push(sync.replace('PC-0177', `PC-W${n}`).replace('09:16:50', `09:${minute}:50`));
        break;
      default:
        out.push(
          hybrid
            .replace('00aa00aa-bb11-cc22-dd33-44ee44ee44ee', `00aa00aa-bb11-cc22-dd33-${n}${n}`)
            .replace('PC-0142', `PC-H${n}`),
        );
    }
  }
  return out;
}

function startServer(db: string): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'src/cli/main.ts',
      'serve',
      '--port',
      '0',
      '--db',
      db,
      '--no-web',
      '--ingest-rate',
      '10000000',
    ],
    { cwd: root, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  return new Promise((resolve, reject) => {
    let out = '';
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString('utf8');
      const url = /(http:\/\/127\.0\.0\.1:\d+)/.exec(out)?.[1];
      if (url) resolve({ url, child });
    });
    child.once('exit', (code) => reject(new Error(`serve exited with ${code} before listening`)));
  });
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? 0;
}

export async function benchServer(options: ServerBenchOptions = {}): Promise<void> {
  const clients = options.clients ?? 8;
  const total = options.captures ?? 1000;
  const deadline = Date.now() + (options.seconds ?? 30) * 1000;
  const dir = mkdtempSync(join(tmpdir(), 'dsreg-bench-server-'));
  const db = join(dir, 'fleet.db');
  const bodies = captures(total);
  const { url, child } = await startServer(db);
  const latencies: number[] = [];
  let next = 0;
  let sent = 0;
  let refused = 0;
  const started = performance.now();
  const client = async () => {
    while (next < bodies.length && Date.now() < deadline) {
      const body = bodies[next++]!;
      const t = performance.now();
      const response = await fetch(`${url}/api/captures`, {
        method: 'POST',
        body,
        headers: { 'content-type': 'text/plain; charset=utf-8', 'x-capture-context': 'system' },
      });
      await response.arrayBuffer();
      latencies.push(performance.now() - t);
      if (response.status === 201) sent++;
      else refused++;
    }
  };
  await Promise.all(Array.from({ length: clients }, client));
  const seconds = (performance.now() - started) / 1000;
  child.kill('SIGTERM');
  await new Promise((r) => child.once('exit', r));
  const store = await openStore(db);
  const stored = (await store.stats()).captures;
  await store.close();
  rmSync(dir, { recursive: true, force: true });
  latencies.sort((a, b) => a - b);
  const bounded = sent + refused < total ? ` (stopped at the ${options.seconds ?? 30} s bound)` : '';
  console.log(
    `server: ${clients} clients posted ${sent + refused} captures in ${seconds.toFixed(1)} s${bounded}: ${(sent / seconds).toFixed(0)} captures/s ingested`,
  );
  console.log(
    `server: latency p50 ${percentile(latencies, 50).toFixed(1)} ms, p99 ${percentile(latencies, 99).toFixed(1)} ms, max ${(latencies.at(-1) ?? 0).toFixed(1)} ms`,
  );
  console.log(
    `server: stored ${stored} of ${sent} accepted (${refused} refused): ${stored === sent && refused === 0 ? 'nothing lost, nothing doubled' : 'MISMATCH'}`,
  );
}

if (import.meta.url === `file://${process.argv[1]}`) await benchServer();
