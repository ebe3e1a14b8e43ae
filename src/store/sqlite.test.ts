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
import { contractEntra, contractFleet, fleetStoreContract } from './contract.ts';
import { ABANDONED_AFTER_MS, staleCondition } from './sql.ts';
import { openSqliteStore } from './sqlite.ts';

const dir = mkdtempSync(join(tmpdir(), 'dsreg-fleet-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

fleetStoreContract('SQLite', () => openSqliteStore(join(dir, 'contract.db')));

describe('SQLite file store', () => {
  it('is created on first use in WAL mode, at the latest schema version, and keeps rows across reopening', async () => {
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
    expect(raw.prepare("SELECT value FROM meta WHERE key = 'schema_version'").pluck().get()).toBe('3');
    raw.close();
  });

  it('migrates a version 1 store: staleness no longer kept, "not captured" recounted, the capture before the latest found', async () => {
    const file = join(dir, 'v1.db');
    const store = await openSqliteStore(file);
    await store.ingest(contractFleet(), '2026-12-01T00:00:00.000Z');
    await store.importEntra(contractEntra(), '2026-12-01T00:00:00.000Z');
    await store.close();
    // Back to what version 1 kept: stale as a stored finding and counter, no capture marks.
    const raw = new Database(file);
    raw.exec(`
      UPDATE devices SET stale = 1, entra_issues = '["wrong-join-type","disabled","stale","duplicate-name"]',
        finding_ids = '["entra-wrong-join-type","entra-disabled","entra-stale","entra-duplicate-name"]'
        WHERE computer = 'PC-0003';
      INSERT INTO rollup (dim, key, devices) VALUES ('entra', 'stale', 1);
      UPDATE rollup SET devices = 7 WHERE dim = 'entra' AND key = 'not-captured';
      DROP INDEX devices_sign_in; DROP INDEX devices_vdi; DROP INDEX entra_captured; DROP TABLE ad_computers;
      DELETE FROM rollup WHERE dim = 'signin';
      ALTER TABLE devices DROP COLUMN entra_name_lc; ALTER TABLE devices DROP COLUMN ad_certificate;
      ALTER TABLE entra DROP COLUMN captured;
      ALTER TABLE devices DROP COLUMN previous_captured_at; ALTER TABLE devices DROP COLUMN previous_hash;
      ALTER TABLE devices DROP COLUMN previous_health;
      UPDATE meta SET value = '1' WHERE key = 'schema_version';`);
    raw.close();
    const migrated = await openSqliteStore(file);
    const now = '2026-12-01T00:00:00.000Z';
    expect((await migrated.device('PC-0003'))?.device.entraIssues).toEqual([
      'wrong-join-type',
      'disabled',
      'duplicate-name',
    ]);
    expect((await migrated.device('PC-0003', { now }))?.device.entraIssues).toEqual([
      'wrong-join-type',
      'disabled',
      'stale',
      'duplicate-name',
    ]);
    const sum = await migrated.summary({ now });
    expect([sum.entra.stale, sum.entra['not-captured']]).toEqual([1, 1]);
    expect((await migrated.summary({ now, staleness: { staleDays: 365 } })).entra.stale).toBe(0);
    expect((await migrated.notCaptured({})).objects.map((o) => o.displayName)).toEqual(['PC-0005']);
    await migrated.close();
    // Version 3: the capture before the latest, found among the stored captures.
    const after = new Database(file, { readonly: true });
    expect(
      after
        .prepare(
          'SELECT computer, previous_captured_at, previous_health FROM devices WHERE previous_captured_at IS NOT NULL',
        )
        .all(),
    ).toEqual([
      { computer: 'PC-0001', previous_captured_at: '2026-11-10T08:00:00.000Z', previous_health: 'failing' },
    ]);
    after.close();
  });

  it('leaves a live bulk run its indexes, rebuilds those of a dead one on opening, as they were', async () => {
    const file = join(dir, 'bulk.db');
    const indexes = () => {
      const raw = new Database(file, { readonly: true });
      try {
        return raw
          .prepare(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL ORDER BY name",
          )
          .all() as Array<{ name: string; sql: string }>;
      } finally {
        raw.close();
      }
    };
    const store = await openSqliteStore(file);
    const before = indexes();
    expect(before).toHaveLength(16);
    let dropped: string[] = [];
    let other: { deferred: number; failing: Array<string | null> } | null = null;
    await store.bulk(
      async () => {
        await store.ingest(contractFleet(), '2026-12-01T00:00:00.000Z');
        dropped = indexes().map((i) => i.name);
        // Another process opening the store meanwhile (a report, the server) leaves them to the
        // run and answers by scanning.
        const reader = await openSqliteStore(file);
        other = {
          deferred: (await reader.stats()).deferredIndexes,
          failing: (await reader.devices({ health: ['failing'] })).devices.map((d) => d.computer),
        };
        await reader.close();
      },
      { deferIndexesAfter: 0 },
    );
    expect(dropped).toEqual([
      'ad_computers_name',
      'device_codes_device',
      'entra_captured',
      'entra_device_id',
      'entra_name',
    ]);
    expect(other).toEqual({ deferred: 11, failing: ['PC-0003'] });
    expect((await store.stats()).deferredIndexes).toBe(0);
    expect(indexes()).toEqual(before);

    // What a run killed with its indexes dropped leaves behind, its last batch 11 minutes ago.
    const query = before.filter((i) => !dropped.includes(i.name));
    const raw = new Database(file);
    for (const { name } of query) raw.exec(`DROP INDEX ${name}`);
    raw
      .prepare("INSERT INTO meta (key, value) VALUES ('deferred_indexes', ?)")
      .run(JSON.stringify({ indexes: query, heartbeat: Date.now() - ABANDONED_AFTER_MS - 60_000 }));
    raw.close();
    expect(indexes().map((i) => i.name)).toEqual(dropped);
    const reopened = await openSqliteStore(file);
    expect((await reopened.stats()).deferredIndexes).toBe(0);
    await reopened.close();
    expect(indexes()).toEqual(before);
  });

  it('writes the stale test both ways (by the timestamp index, and walking device keys) with the same answer', async () => {
    const file = join(dir, 'stale.db');
    const store = await openSqliteStore(file);
    await store.ingest(contractFleet(), '2026-12-01T00:00:00.000Z');
    await store.importEntra(contractEntra(), '2026-12-01T00:00:00.000Z');
    await store.close();
    const raw = new Database(file, { readonly: true });
    const names = (
      now: string,
      options: Parameters<typeof staleCondition>[1],
      indexed: boolean,
      not = false,
    ) => {
      const c = staleCondition(now, options, indexed);
      if (!c) return null;
      return raw
        .prepare(`SELECT computer FROM devices d WHERE ${not ? `NOT ${c.sql}` : c.sql} ORDER BY device_key`)
        .pluck()
        .all(...c.params);
    };
    // PC-0003's object: last active 2026-05-14; PC-0001's: 2026-11-25; PC-0002's: blank.
    for (const indexed of [true, false]) {
      expect(names('2026-12-01T00:00:00Z', {}, indexed)).toEqual(['PC-0003']);
      expect(names('2026-08-22T00:00:00Z', { staleDays: 120 }, indexed)).toEqual([]);
      expect(names('2026-12-21T00:00:00Z', { staleDays: 21, vdiPrefixes: [] }, indexed)).toEqual([
        'PC-0001',
        'PC-0003',
      ]);
      expect(names('2026-12-01T00:00:00Z', { vdiPrefixes: ['pc-0001'], vdiStaleDays: 5 }, indexed)).toEqual([
        'PC-0001',
        'PC-0003',
      ]);
      expect(names('2026-12-01T00:00:00Z', {}, indexed, true)).toEqual(['PC-0001', 'LT-0004', 'PC-0002']);
    }
    expect(staleCondition('not a time', {})).toBeNull();
    raw.close();
  });
});
