/**
 * `fleet ingest` on worker threads stores exactly what the same ingest stores on the calling
 * thread: units go to the workers in groups, the rows come back with their compressed text
 * transferred, and one writer writes them in batches. Script shapes, a device folder with its
 * event export, a zip archive with a bad entry, and enough generated captures for several groups.
 * @module
 */
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { generateDevice } from '../../src/fleet/generate.ts';
import { writeZip } from '../../src/input/zip.ts';
import { storedRows } from './fleet-rows.ts';
import { cli } from './run-cli.ts';

const root = join(import.meta.dirname, '../..');
const fixtures = join(root, 'test/fixtures/fleet');
const dir = mkdtempSync(join(tmpdir(), 'dsreg-fleet-threads-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const NOW = '2026-12-01T00:00:00Z';

const collection = join(dir, 'collection');
mkdirSync(join(collection, 'generated'), { recursive: true });
cpSync(join(fixtures, 'shapes'), join(collection, 'shapes'), { recursive: true });
cpSync(join(fixtures, 'folder'), join(collection, 'folder'), { recursive: true });
writeFileSync(
  join(collection, 'site-b.zip'),
  writeZip([
    { name: 'site-b/LT-0318.txt', bytes: readFileSync(join(root, 'examples/prt-failing.txt')) },
    { name: '../outside.txt', bytes: readFileSync(join(root, 'examples/scp-missing.txt')) },
  ]),
);
// 200 generated devices, every tenth captured twice: more files than one group holds.
const GENERATED = 200;
for (let i = 0; i < GENERATED; i++) {
  const d = generateDevice(11, i);
  writeFileSync(join(collection, 'generated', `${d.computer}.txt`), d.text);
  if (i % 10 === 0) {
    const other = generateDevice(12, i);
    const again = other.text.replaceAll(other.deviceId, d.deviceId).replaceAll(other.computer, d.computer);
    writeFileSync(join(collection, 'generated', `${d.computer}-again.txt`), again);
  }
}

async function ingest(db: string, threads: string, batch: string) {
  const r = await cli(
    'fleet',
    'ingest',
    collection,
    '--db',
    db,
    '--now',
    NOW,
    '--format',
    'json',
    '--threads',
    threads,
    '--batch',
    batch,
  );
  return { code: r.code, summary: JSON.parse(r.stdout) };
}

describe('fleet ingest on worker threads', () => {
  it('stores the same rows, counts and failures as on the calling thread', async () => {
    // The same batches both ways (a device's health movement is judged per batch).
    const here = await ingest(join(dir, 'here.db'), '0', '37');
    const threaded = await ingest(join(dir, 'threaded.db'), '2', '37');
    // 200 generated captures and 20 second ones, 13 from the shapes and the device folder, 1 zipped.
    expect(here.summary.stored).toBe(GENERATED + GENERATED / 10 + 14);
    expect(here.summary.failures.map((f: { path: string }) => f.path.slice(collection.length + 1))).toEqual([
      'site-b.zip!../outside.txt',
      'shapes/graph-devices.json',
      'shapes/remediation-export.csv',
    ]);
    for (const key of ['files', 'eventFiles', 'stored', 'duplicates', 'unreadable', 'failures', 'notes'])
      expect(threaded.summary[key]).toEqual(here.summary[key]);
    expect(threaded.code).toBe(here.code);
    expect(storedRows(join(dir, 'threaded.db'))).toEqual(storedRows(join(dir, 'here.db')));
  }, 120_000);
});
