/**
 * The fleet store contract on SQLite, plus what only a file store shows: it persists, reopens
 * without re-running migrations, and runs in WAL mode.
 * @module
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { contractFleet, fleetStoreContract } from './contract.ts';
import { openSqliteStore } from './sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'dsreg-fleet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

fleetStoreContract('SQLite', () => openSqliteStore(join(dir, 'contract.db')));

describe('SQLite file store', () => {
  it('is created on first use in WAL mode, at schema version 1, and keeps rows across reopening', async () => {
    const file = join(dir, 'persist.db');
    const first = await openSqliteStore(file);
    expect(await first.ingest(contractFleet().slice(0, 2), '2026-12-01T00:00:00.000Z')).toEqual([
      'stored',
      'stored',
    ]);
    await first.close();
    const second = await openSqliteStore(file);
    expect(await second.ingest(contractFleet().slice(0, 3), '2026-12-01T00:00:00.000Z')).toEqual([
      'duplicate',
      'duplicate',
      'stored',
    ]);
    expect((await second.stats()).devices).toBe(2);
    await second.close();
    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('journal_mode', { simple: true })).toBe('wal');
    expect(raw.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe('1');
    raw.close();
  });
});
