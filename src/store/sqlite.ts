/**
 * The SQLite fleet store (better-sqlite3): one file, WAL, created on first use. The default.
 * @module
 */
import Database from 'better-sqlite3';
import { openSqlStore, type SqlDriver, type SqlRow, type SqlValue } from './sql.ts';
import type { FleetStore } from './types.ts';

/** Opens (creating when absent) the SQLite store at `file` (`:memory:` for a throwaway one). */
export async function openSqliteStore(file: string): Promise<FleetStore> {
  const db = new Database(file);
  // Capture rows are a few KB: 16 KB pages hold several each (4 KB pages waste a third). Only a
  // new file takes it; an existing store keeps its page size.
  db.pragma('page_size = 16384');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  // Another writer holds the store for a batch (a fraction of a second), or for the index rebuild
  // at the end of a bulk ingest (about 8 s at a million devices): wait for it rather than fail.
  db.pragma('busy_timeout = 30000');
  // An ingest batch inserts into indexes at random places: a page cache of 128 MB keeps many of
  // their pages between batches, and checkpointing the WAL every 32,768 pages (512 MB with 16 KB
  // pages) rather than every 1,000 copies a page touched by several batches back once (a quarter
  // less writer CPU per row at 200,000 devices). The cache is a ceiling, filled only as a store
  // grows. With the query indexes deferred (a bulk ingest), 512 MB of it saved only 5% of a
  // million-capture ingest (216 s against 227 s) for 400 MB more memory.
  db.pragma('cache_size = -131072');
  db.pragma('wal_autocheckpoint = 32768');
  return openSqlStore(sqliteDriver(db));
}

function sqliteDriver(db: Database.Database): SqlDriver {
  const cache = new Map<string, Database.Statement>();
  const prepare = (sql: string): Database.Statement => {
    let stmt = cache.get(sql);
    if (!stmt) {
      stmt = db.prepare(sql);
      if (cache.size > 500) cache.clear();
      cache.set(sql, stmt);
    }
    return stmt;
  };
  const bind = (params: SqlValue[]) =>
    params.map((p) => (p instanceof Uint8Array && !Buffer.isBuffer(p) ? Buffer.from(p) : p));
  return {
    dialect: 'sqlite',
    engine: 'sqlite',
    async all(sql, params = []) {
      return prepare(sql).all(...bind(params)) as SqlRow[];
    },
    async run(sql, params = []) {
      prepare(sql).run(...bind(params));
    },
    async runEach(sql, rows) {
      const stmt = prepare(sql);
      for (const row of rows) stmt.run(...bind(row));
    },
    async exec(sql) {
      db.exec(sql);
    },
    async begin() {
      db.exec('BEGIN IMMEDIATE');
    },
    async commit() {
      db.exec('COMMIT');
    },
    async rollback() {
      if (db.inTransaction) db.exec('ROLLBACK');
    },
    async size() {
      const pages = Number(db.pragma('page_count', { simple: true }));
      const size = Number(db.pragma('page_size', { simple: true }));
      return pages * size;
    },
    async close() {
      cache.clear();
      db.close();
    },
  };
}
