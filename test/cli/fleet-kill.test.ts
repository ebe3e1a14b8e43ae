/**
 * Crash safety of `fleet ingest`: a real child process is killed with SIGKILL at random points of
 * an ingest, the same ingest is run again to the end, and the store holds exactly the rows a clean
 * run gives: nothing lost, nothing doubled, every index there.
 * @module
 */
import { spawn } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDevice } from '../../src/fleet/generate.ts';
import { storedRows } from './fleet-rows.ts';

const root = join(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'dsreg-fleet-kill-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const COUNT = 300;
const captures = join(dir, 'captures');
mkdirSync(captures);
for (let i = 0; i < COUNT; i++) {
  const d = generateDevice(7, i);
  // Every tenth device is captured twice (a second, later capture), so history and latest matter.
  writeFileSync(join(captures, `${d.computer}.txt`), d.text);
  if (i % 10 === 0) {
    const other = generateDevice(8, i);
    const again = other.text.replaceAll(other.deviceId, d.deviceId).replaceAll(other.computer, d.computer);
    writeFileSync(join(captures, `${d.computer}-again.txt`), again);
  }
}

/** When to kill the child: after a time, or once the store holds at least that many captures. */
type KillPoint = { afterMs: number } | { afterRows: number } | null;

function ingest(
  db: string,
  kill: KillPoint,
  extra: string[] = [],
): Promise<{ code: number | null; signal: string | null; ms: number }> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        'src/cli/main.ts',
        'fleet',
        'ingest',
        captures,
        '--db',
        db,
        '--batch',
        '20',
        '--threads',
        '0',
        '--now',
        '2026-12-01T00:00:00Z',
        '--format',
        'json',
        ...extra,
      ],
      { cwd: root, stdio: 'ignore' },
    );
    let timer: NodeJS.Timeout | null = null;
    if (kill !== null && 'afterMs' in kill) timer = setTimeout(() => child.kill('SIGKILL'), kill.afterMs);
    // Watching the store from outside, as another reader would, and killing once the writes reached
    // the point: a kill in the middle of the writes whatever the machine's speed.
    if (kill !== null && 'afterRows' in kill)
      timer = setInterval(() => {
        if (count(db) >= kill.afterRows) child.kill('SIGKILL');
      }, 5);
    child.on('exit', (code, signal) => {
      if (timer) clearInterval(timer);
      resolve({ code, signal, ms: Date.now() - started });
    });
  });
}

/** The store's indexes as SQLite keeps them (name and definition). */
function indexes(db: string): unknown[] {
  const d = new Database(db, { readonly: true });
  try {
    return d.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'index' ORDER BY name").all();
  } finally {
    d.close();
  }
}

function count(db: string): number {
  try {
    const d = new Database(db, { readonly: true });
    try {
      return Number(d.prepare('SELECT COUNT(*) FROM captures').pluck().get());
    } finally {
      d.close();
    }
  } catch {
    return 0;
  }
}

describe('fleet ingest killed with SIGKILL', () => {
  it('ends, after re-running, with exactly the rows of a clean run', async () => {
    const clean = join(dir, 'clean.db');
    const full = await ingest(clean, null);
    expect(full.code).toBe(0);
    const expected = storedRows(clean);
    expect(expected.captures).toHaveLength(COUNT + COUNT / 10);
    // Some devices hold two captures: history and the choice of the latest are part of the check.
    expect(expected.histories).toEqual([{ n: expect.any(Number) }]);
    expect((expected.histories as Array<{ n: number }>)[0]?.n).toBeGreaterThan(0);

    const killed = join(dir, 'killed.db');
    const seen: number[] = [];
    // Kill points: one at a random moment of start-up or reading, then at random points of the
    // writes (a quarter, half and three quarters of the rows, give or take a batch).
    const total = COUNT + COUNT / 10;
    const points: KillPoint[] = [
      { afterMs: Math.round(full.ms * (0.2 + Math.random() * 0.2)) },
      ...[0.25, 0.5, 0.75].map((share) => ({
        afterRows: Math.round(total * share + (Math.random() - 0.5) * 20),
      })),
    ];
    // The killed runs drop the query indexes from their first batch (a bulk load), so kills land
    // while they are gone too; the clean run keeps them throughout.
    const bulk = ['--defer-indexes', 'always'];
    for (const point of points) {
      const run = await ingest(killed, point, bulk);
      seen.push(count(killed));
      if (run.signal !== 'SIGKILL') break;
    }
    // At least one kill landed in the middle of the writes: some batches stored, not all.
    expect(seen.some((n) => n > 0 && n < COUNT + COUNT / 10)).toBe(true);
    const last = await ingest(killed, null, bulk);
    expect(last.code).toBe(0);
    expect(storedRows(killed)).toEqual(expected);
    expect(indexes(killed)).toEqual(indexes(clean));
  }, 240_000);
});
